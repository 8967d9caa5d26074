"""The project the language server holds between edits (layerlint/server/session.py): an
edit that gives the analysis what it took before is answered from what is held, any other
is analysed again; either way, what is shown is what a fresh analysis with the same
buffers shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsp_client import copied

from layerlint import diagnostics
from layerlint.config import load_config
from layerlint.engine import analyse
from layerlint.options import RunOptions
from layerlint.outcome import shown
from layerlint.server.session import Session

FIXTURE = Path(__file__).parent.parent / "testdata" / "lsp"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copied(FIXTURE, tmp_path)


def _fresh(root: Path, buffers: dict[Path, bytes], path: Path) -> list:
    """What an analysis from scratch (no cache) shows on `path` with these buffers."""
    config = load_config(root)
    options = RunOptions(paths=[root], use_cache=False, overrides=buffers)
    analysis = analyse(options, config=config)
    found = diagnostics.collect(analysis.project, analysis.violations, apply_noqa=False)
    return shown([d for d in found if d.file == path], config, only=path)


def _codes(found: list) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in found]


def test_edits_held_or_analysed(project: Path):
    session = Session(load_config(project), RunOptions(paths=[project]))
    low = project / "src/app/low.py"
    text = low.read_bytes()
    steps = [
        ({}, True, [("LL101", 3, 1)]),
        ({low: text + b"# a comment\n"}, False, [("LL101", 3, 1)]),  # imports kept
        ({low: text.replace(b"return util.g()", b"return 2")}, False, [("LL101", 3, 1)]),
        ({low: b"\n" + text}, True, [("LL101", 4, 1)]),  # the import's line moved
        ({low: text.replace(b"from app import util\n", b"")}, True, []),
        ({low: text.replace(b"import util\n", b"import util  # noqa: LL101\n")}, True, []),
        ({low: text.replace(b"import util\n", b"import util  # noqa: LL101\n") + b"#\n"},
         False, []),
        ({}, True, [("LL101", 3, 1)]),  # closed: the file on disk again
        ({}, False, [("LL101", 3, 1)]),
    ]
    for buffers, analysed, expected in steps:
        assert session.update(buffers) is analysed, buffers
        assert _codes(session.shown(low)) == expected
        assert session.shown(low) == _fresh(project, buffers, low)


def test_a_buffer_python_cannot_parse_is_analysed_at_each_edit(project: Path):
    session = Session(load_config(project), RunOptions(paths=[project]))
    low = project / "src/app/low.py"
    broken = low.read_bytes() + b"def (:\n"
    assert session.update({low: broken}) is True
    assert _codes(session.shown(low)) == [("LL901", 8, 5)]
    assert session.update({low: broken + b"# more\n"}) is True
    assert session.shown(low) == _fresh(project, {low: broken + b"# more\n"}, low)


def test_files_changed_on_disk(project: Path):
    session = Session(load_config(project), RunOptions(paths=[project]))
    low, util = project / "src/app/low.py", project / "src/app/util.py"
    session.update({})
    util.write_text(util.read_text() + "# a comment\n")  # what the analysis took: the same
    session.files_changed(False)
    assert session.update({}) is False
    util.write_text("def g():\n    return 1\n")  # the import that made the chain: gone
    session.files_changed(False)
    assert session.update({}) is True
    assert session.shown(low) == []
    (project / "src/app/new.py").write_text("from app import high\n")
    session.files_changed(True)  # created: the project is surveyed again
    assert session.update({}) is True
    assert sorted(session.project.modules) == [
        "app", "app.high", "app.low", "app.new", "app.newer", "app.users_a", "app.users_b",
        "app.util",
    ]
