"""`--write-baseline` takes the path right after it as its FILE: a directory, or a file that
is not a layerlint baseline (a source file it would replace), is refused with one line and
exit status 2, nothing written; the paths to check go before the option."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent.parent / "testdata" / "lsp"
HINT = "the path right after --write-baseline is the file it writes: put paths to check first"


@pytest.fixture
def inside(tmp_path: Path) -> Path:
    """src/app of a copy of the fixture: the project is two levels up."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    return root / "src" / "app"


def test_a_directory_after_the_option_is_refused(inside: Path, cli):
    kept = (inside / "../../layerlint-baseline.json").read_bytes()
    code, out, err = cli("check", "--no-cache", "--write-baseline", "../..", cwd=inside)
    assert (code, out, err) == (
        2, "", f"layerlint: error: --write-baseline: ../.. is a directory, not a baseline file "
        f"({HINT})\n"
    )
    assert (inside / "../../layerlint-baseline.json").read_bytes() == kept


def test_a_source_file_after_the_option_is_not_overwritten(inside: Path, cli):
    source = (inside / "low.py").read_bytes()
    code, out, err = cli("check", "--no-cache", "--write-baseline", "low.py", cwd=inside)
    assert (code, out, err) == (
        2, "", "layerlint: error: --write-baseline: low.py exists and is not a layerlint "
        f"baseline: not overwritten ({HINT})\n"
    )
    assert (inside / "low.py").read_bytes() == source


def test_the_paths_before_the_option(inside: Path, cli):
    code, out, err = cli("check", "--no-cache", "../..", "--write-baseline", cwd=inside)
    assert (code, out, err) == (0, "Wrote 4 baseline entries to ../../layerlint-baseline.json.\n",
                                "")


def test_a_baseline_or_an_empty_file_is_written(inside: Path, cli):
    code, out, _ = cli(
        "check", "--no-cache", "--write-baseline", "../../layerlint-baseline.json", "../..",
        cwd=inside,
    )
    assert (code, out) == (0, "Wrote 4 baseline entries to ../../layerlint-baseline.json.\n")
    (inside / "../../other.json").write_text("")
    code, out, err = cli(
        "check", "--no-cache", "--write-baseline", "../../other.json", "../..", cwd=inside
    )
    assert (code, out) == (0, "Wrote 4 baseline entries to ../../other.json.\n")
    assert (inside / "../../other.json").read_text().startswith('{\n  "layerlint_baseline": 1,')
