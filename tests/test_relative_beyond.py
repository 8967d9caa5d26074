"""LL907: a relative import beyond the top-level package (testdata/relative_beyond), where
Python raises "attempted relative import beyond top-level package"; grimp names its target
'' and the graph leaves it out, so it was dropped without a word. Relative imports that
stay inside the package, and "from ..." in a string or a comment, are not reported."""

from __future__ import annotations

import shutil
from pathlib import Path

from layerlint.project.python_syntax import most_leading_dots

FIXTURE = Path(__file__).parent.parent / "testdata" / "relative_beyond"
PYTHON_SAYS = (
    'Python raises "attempted relative import beyond top-level package" here, and the '
    "import graph leaves it out"
)
EXPECTED = [
    "src/app/sub/deep.py:5:5: LL907 'from ... import y' goes beyond the top-level package: "
    f"app.sub.deep can take at most 2 leading dots; {PYTHON_SAYS}",
    "src/app/views.py:1:1: LL907 'from .. import settings' goes beyond the top-level package: "
    f"app.views can take at most 1 leading dot; {PYTHON_SAYS}",
    "Contract 'No cycles': kept",
    "Found 2 problems in 2 files (1 contract checked).",
]


def test_reported_at_the_import(tmp_path: Path, cli):
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    code, out, err = cli("check", "--no-cache", cwd=root)
    assert (code, out.splitlines(), err) == (1, EXPECTED, "")
    # cached: the same; then from the stored results: the same
    for _ in range(2):
        assert cli("check", cwd=root) == (code, out, err)


def test_the_span_is_the_statement(tmp_path: Path, cli):
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    code, out, _ = cli("check", "--no-cache", "--output-format", "full", "src/app/views.py",
                       cwd=root)
    assert out.splitlines()[1:4] == [
        "    |",
        "  1 | from .. import settings",
        "    | ^^^^^^^^^^^^^^^^^^^^^^^",
    ]


def test_fixed_nothing_is_reported(tmp_path: Path, cli):
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    views, deep = root / "src/app/views.py", root / "src/app/sub/deep.py"
    views.write_text(views.read_text().replace("from .. import settings", "from . import sub"))
    deep.write_text(deep.read_text().replace("from ... import y", "from .. import y"))
    code, out, _ = cli("check", "--no-cache", cwd=root)
    assert (code, out) == (0, "Contract 'No cycles': kept\nAll checks passed (6 files, 1 contract "
                                "checked).\n")


def test_an_edit_that_adds_one_is_seen_from_the_stored_results(tmp_path: Path, cli):
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    cli("check", cwd=root)
    fine = root / "src/app/sub/fine.py"
    fine.write_text(fine.read_text() + "from .... import far\n")
    code, out, _ = cli("check", cwd=root)
    assert out.splitlines()[1] == (
        "src/app/sub/fine.py:3:1: LL907 'from .... import far' goes beyond the top-level "
        f"package: app.sub.fine can take at most 2 leading dots; {PYTHON_SAYS}"
    )
    assert cli("check", "--no-cache", cwd=root) == (code, out, "")


def test_leading_dots_counted_without_a_parse():
    assert most_leading_dots(b"from ... import y\nfrom .. import x\n") == 3
    assert most_leading_dots(b"from \\\n . . import x\n") == 2  # spaces, a continuation
    assert most_leading_dots(b"import os\nfrom a import b\n") == 0
    assert most_leading_dots(b'X = "from .... in a string"\n') == 4  # at least the truth
