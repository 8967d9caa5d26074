"""LL105 on a real package stays put: removing an import it nominated never nominates an
import it did not name before (issue: cycle reports moved when an unrelated import was
removed). The package is click, installed in every test environment (import-linter needs
it); a copy is checked, never imported."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest
from helpers import message_chain, run_module

CONFIG = (
    '[tool.layerlint]\nroot_packages = ["click"]\nsource_roots = ["."]\n'
    '[[tool.layerlint.contracts]]\nname = "c"\ntype = "acyclic"\npackages = ["click"]\n'
)


def _nominated(root: Path) -> dict[tuple[str, str], tuple[str, int]]:
    """The dependencies LL105 nominates, (importer, imported), each with the statement its
    diagnostic sits on (the first of the dependency's statements)."""
    result = run_module("layerlint", "check", "--no-cache", "--output-format", "json", ".",
                        cwd=root, text=True)
    assert result.returncode in (0, 1), result.stderr
    found = {}
    for d in json.loads(result.stdout):
        if d["code"] == "LL105":
            importer, imported = message_chain(d["message"])[:2]
            found[(importer, imported)] = (d["filename"], d["location"]["row"])
    return found


def _remove_statement(root: Path, filename: str, row: int) -> None:
    """The import statement at `row` becomes `pass` (same indentation, same lines)."""
    path = root / filename
    lines = path.read_text().splitlines(keepends=True)
    line = lines[row - 1]
    indent = line[: len(line) - len(line.lstrip())]
    assert line.lstrip().startswith(("import ", "from ")), line
    assert line.rstrip().endswith(("\\", ",", "(")) is False, line  # a one-line statement
    lines[row - 1] = f"{indent}pass\n"
    path.write_text("".join(lines))


@pytest.fixture
def click_copy(tmp_path) -> Path:
    spec = importlib.util.find_spec("click")
    assert spec is not None and spec.origin is not None
    shutil.copytree(Path(spec.origin).parent, tmp_path / "click",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    return tmp_path


def test_removing_a_nominated_import_of_click_nominates_no_other_dependency(click_copy):
    before = _nominated(click_copy)
    assert len(before) >= 4, "click has import cycles"
    for dependency, (filename, row) in sorted(before.items())[:4]:  # a check of click each
        root = click_copy.parent / f"edit-{Path(filename).stem}-{row}"
        shutil.copytree(click_copy, root)
        _remove_statement(root, filename, row)
        after = _nominated(root)
        # The others stay nominated, nothing new is; the edited dependency stays only if it
        # has another statement to remove.
        assert set(after) - {dependency} == set(before) - {dependency}, (dependency, after)
