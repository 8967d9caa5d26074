"""What the language server keeps between edits of its buffers: an import edit in a module
with no class bases leaves the SQLAlchemy rules' results standing (orm/memo.py, with the
buffer's sketch in the key), and an edit of a model's table, or of what a model imports, is checked again; either way,
what is shown is what a fresh analysis with the same buffers shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsp_client import copied
from test_server_session import _codes, _fresh

from layerlint.config import load_config
from layerlint.options import RunOptions
from layerlint.orm import checks
from layerlint.server.session import Session

FIXTURE = Path(__file__).parent.parent / "testdata" / "orm_seed000"
MODEL = "src/app/infrastructure/persistence/models/user_model.py"
PLAIN = "src/app/infrastructure/security/__init__.py"  # no classes


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copied(FIXTURE, tmp_path)


def test_an_import_edit_keeps_the_sqlalchemy_results(project: Path, monkeypatch):
    calls = []
    original = checks.check
    monkeypatch.setattr(checks, "check", lambda p: calls.append(1) or original(p))
    session = Session(load_config(project), RunOptions(paths=[project]))
    model, plain = project / MODEL, project / PLAIN
    model_text, plain_text = model.read_bytes(), plain.read_bytes()
    steps = [
        ({}, 1, [("LL302", 11, 1)]),
        ({plain: b"import app.domain\n" + plain_text}, 0, [("LL302", 11, 1)]),
        ({plain: b"import app.domain.models\n" + plain_text}, 0, [("LL302", 11, 1)]),
        ({model: model_text.replace(b'"users"', b'"accounts"')}, 1, []),
        # a module with class bases: what it imports is part of the key
        ({model: b"import app.domain\n" + model_text}, 1, [("LL302", 12, 1)]),
        ({plain: b"import app.domain\n" + plain_text}, 0, [("LL302", 11, 1)]),
    ]
    for buffers, orm_runs, expected in steps:
        calls.clear()
        assert session.update(buffers) is True, buffers
        assert len(calls) == orm_runs, buffers
        session.save()
        shown = session.shown(model)
        assert [c for c in _codes(shown) if c[0] == "LL302"] == expected, buffers
        assert _codes(shown) == _codes(_fresh(project, buffers, model)), buffers
        assert [d.message for d in shown] == [d.message for d in _fresh(project, buffers, model)]
