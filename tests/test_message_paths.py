"""Paths inside messages are relative to the current directory, as the locations are
(issue 22); results stored and baselines written from one directory give the same answer
from another."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from helpers import run_module, write

from layerlint.diagnostics import Diagnostic, with_paths_from_cwd

FILES = {
    "pyproject.toml": (
        '[tool.layerlint]\nroot_packages = ["app"]\nbaseline = "baseline.json"\n\n'
        '[[tool.layerlint.contracts]]\nname = "No cycles"\ntype = "acyclic"\npackages = ["app"]\n'
    ),
    "baseline.json": '{"layerlint_baseline": 1, "entries": []}\n',
    "src/app/__init__.py": "from app.routes import view\n\ndb = 1\n",
    "src/app/routes.py": "from app import db\n\nview = db\n",
    "src/app/broken.py": "def broken(:\n",
}


def messages(where: str) -> list[str]:
    """The two diagnostics, with `where` the way from the current directory to src/app/."""
    return [
        f"{where}broken.py:1:12: LL901 Cannot parse {where}broken.py: invalid syntax; its "
        "imports are not checked",
        f"{where}routes.py:1:1: LL401 Import fails at start-up: `from app import db` runs while "
        f"app is still being imported, before it binds 'db' ({where}__init__.py:3): importing "
        "app first runs app (line 1) -> app.routes (line 1) and raises ImportError: cannot "
        "import name 'db' from partially initialized module 'app' (most likely due to a "
        "circular import); so does importing app.routes first",
        "Contract 'No cycles': kept",
        "Found 2 problems in 2 files (1 contract checked).",
    ]


# (the current directory, the path checked, the way from there to src/app/)
PLACES = [("proj", ".", "src/app/"), (".", "proj", "proj/src/app/"), ("proj/src", "..", "app/")]


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    return write(tmp_path / "proj", FILES)


@pytest.mark.parametrize("cache", [False, True], ids=["uncached", "stored"])
def test_paths_in_messages_follow_the_current_directory(proj, cache):
    # stored: each run but the first reads the results the first one stored, from elsewhere
    for cwd, path, where in PLACES:
        args = ["check", path] if cache else ["check", "--no-cache", path]
        result = run_module("layerlint", *args, cwd=proj.parent / cwd, text=True)
        assert (result.returncode, result.stderr) == (1, "")
        assert result.stdout.splitlines() == messages(where), cwd
    assert (proj / ".layerlint_cache").is_dir() == cache


def test_json_messages_follow_the_current_directory(proj):
    result = run_module(
        "layerlint", "check", "--output-format", "json", "proj", cwd=proj.parent, text=True
    )
    [broken, _] = json.loads(result.stdout)
    assert (broken["filename"], broken["message"]) == (
        "proj/src/app/broken.py",
        "Cannot parse proj/src/app/broken.py: invalid syntax; its imports are not checked",
    )


def test_flake8_messages_follow_the_current_directory(proj):
    result = run_module(
        "flake8", "--select", "LL", "proj/src/app/routes.py", cwd=proj.parent, text=True
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [messages("proj/src/app/")[1]]


def test_a_baseline_written_from_a_subdirectory_is_the_one_written_from_the_root(proj):
    written = run_module(
        "layerlint", "check", "..", "--write-baseline", cwd=proj / "src", text=True
    )
    assert (written.returncode, written.stdout, written.stderr) == (
        0, "Wrote 2 baseline entries to ../baseline.json.\n", ""
    )
    from_src = (proj / "baseline.json").read_text()
    run_module("layerlint", "check", "--write-baseline", cwd=proj, text=True)
    assert (proj / "baseline.json").read_text() == from_src
    for cwd, path, _ in PLACES:
        result = run_module("layerlint", "check", path, cwd=proj.parent / cwd, text=True)
        assert (result.returncode, result.stdout) == (
            0, "Contract 'No cycles': kept\nAll checks passed (3 files, 1 contract checked).\n"
        ), cwd


def diagnostic(message: str, details: tuple[str, ...] = ()) -> Diagnostic:
    return Diagnostic("x.py", 1, 1, "LL401", message, details=details)


def test_only_paths_of_the_project_are_rewritten(proj):
    found = [
        diagnostic(
            "see src/app/routes.py and (src/app/__init__.py:3), not (src/app/gone.py:3)",
            ("src/app/routes.py:1: from app import db",),
        ),
        diagnostic("the package src/app/ has it, not src/other/ nor `docs/rules/LL401.md`"),
    ]
    with contextlib.chdir(proj.parent):
        shown = with_paths_from_cwd(found, proj)
    assert [(d.message, d.details) for d in shown] == [
        (
            "see proj/src/app/routes.py and (proj/src/app/__init__.py:3), not (src/app/gone.py:3)",
            ("proj/src/app/routes.py:1: from app import db",),
        ),
        ("the package proj/src/app/ has it, not src/other/ nor `docs/rules/LL401.md`", ()),
    ]
    with contextlib.chdir(proj):  # from the project root: as they are made
        assert with_paths_from_cwd(found, proj) == found
