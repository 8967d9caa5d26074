"""A configuration error the analysis stops on (not one found when the configuration is
loaded) is held by the language server: edits of the open files are answered with it, not
with a new analysis that would stop on it again, until the configuration file changes or
files are created or deleted; an error the files' contents can settle (a declarative base
the configuration names) is analysed again at each edit. The analyses are counted in the
client's trace ($/logTrace)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsp_client import LspClient, copied

from layerlint.config import load_config
from layerlint.options import RunOptions
from layerlint.server.session import Session

FIXTURE = Path(__file__).parent.parent / "testdata" / "lsp"
GHOST = (
    "pyproject.toml: contract 'Layers' (#1): key 'layers': module 'app.ghost' does not exist "
    "(did you mean 'app.high'?)"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copied(FIXTURE, tmp_path)


def _break(project: Path) -> str:
    """A layer named that no file defines: the configuration loads, the check stops."""
    config = project / "pyproject.toml"
    good = config.read_text()
    config.write_text(good.replace('["app.high", "app.low"]', '["app.high", "app.ghost"]'))
    return good


def _analyses(client: LspClient, root: Path) -> int:
    """The analyses traced so far (each one's trace comes before its diagnostics)."""
    said = f"layerlint: {root}: analysed in "
    return sum(
        1
        for message in client.passed_over
        if message.get("method") == "$/logTrace" and message["params"]["message"].startswith(said)
    )


def _until(client: LspClient, uri: str, codes: list[str]) -> None:
    """Waits for the diagnostics of `uri` to have these codes."""
    client.wait_for(
        "textDocument/publishDiagnostics",
        lambda p: p["uri"] == uri and [d["code"] for d in p["diagnostics"]] == codes,
    )


def test_edits_are_answered_with_the_error_until_the_configuration_changes(project: Path):
    good = _break(project)
    with LspClient(project) as client:
        client.initialize(project, trace="messages")
        low = project / "src/app/low.py"
        uri = client.open(low)
        expected = [("LL906", f"layerlint cannot check this file: {GHOST}")]
        assert [(d["code"], d["message"]) for d in client.diagnostics(uri)] == expected
        assert _analyses(client, project) == 1
        text = low.read_text()
        for version in range(2, 5):  # typing: answered, not analysed again
            client.change(uri, text + "#" * version + "\n", version)
            assert [(d["code"], d["message"]) for d in client.diagnostics(uri)] == expected
        low.write_text(text + "####\n")  # saved: a file changed on disk, none created
        client.files_changed((low, 2))
        assert [d["code"] for d in client.diagnostics(uri)] == ["LL906"]
        assert _analyses(client, project) == 1
        # a file created may be the module the configuration names: analysed again
        (project / "src/app/ghost.py").write_text("")
        client.files_changed((project / "src/app/ghost.py", 1))
        _until(client, uri, [])  # app.low is no layer now
        assert _analyses(client, project) == 2
        (project / "src/app/ghost.py").unlink()
        client.files_changed((project / "src/app/ghost.py", 3))
        assert [d["code"] for d in client.diagnostics(uri)] == ["LL906"]
        assert _analyses(client, project) == 3
        client.change(uri, text, 5)
        assert [d["code"] for d in client.diagnostics(uri)] == ["LL906"]
        # the configuration fixed: analysed once, the violation shown
        (project / "pyproject.toml").write_text(good)
        client.files_changed((project / "pyproject.toml", 2))
        assert [d["code"] for d in client.diagnostics(uri)] == ["LL101"]
        assert _analyses(client, project) == 4
        assert client.close() == 0


def test_a_configuration_fixed_by_a_tool_the_client_does_not_tell_of(project: Path):
    good = _break(project)
    with LspClient(project) as client:
        client.initialize(project, watch=False, trace="messages")
        low = project / "src/app/low.py"
        uri = client.open(low)
        assert [d["code"] for d in client.diagnostics(uri)] == ["LL906"]
        (project / "pyproject.toml").write_text(good)  # no word of it: seen at the next edit
        client.change(uri, low.read_text() + "# more\n", 2)
        assert [d["code"] for d in client.diagnostics(uri)] == ["LL101"]
        assert _analyses(client, project) == 2
        assert client.close() == 0


def test_no_trace_unless_the_client_asks(project: Path):
    with LspClient(project) as client:
        client.initialize(project)
        uri = client.open(project / "src/app/low.py")
        assert [d["code"] for d in client.diagnostics(uri)] == ["LL101"]
        client.request("shutdown", None)
        while not client.notifications.empty():  # what came before the answer to shutdown
            client.passed_over.append(client.notifications.get())
        assert [m for m in client.passed_over if m.get("method") == "$/logTrace"] == []


def test_an_error_the_files_can_settle_is_analysed_at_each_edit(project: Path, monkeypatch):
    monkeypatch.chdir(project)  # where messages' paths are relative to
    config = project / "pyproject.toml"
    config.write_text(config.read_text() + '[tool.layerlint.orm]\nbases = ["app.users_a.Base"]\n')
    session = Session(load_config(project), RunOptions(paths=[project]))
    assert session.update({}) is True
    error = (
        "pyproject.toml: [tool.layerlint.orm]: key 'bases': 'app.users_a.Base' is not a "
        "declarative base"
    )
    assert str(session.error) == error
    assert session.update({}) is False  # nothing changed
    users = project / "src/app/users_a.py"
    declared = (
        b"from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n"
        b"    pass\n\n\n" + users.read_bytes()
    )
    assert session.update({users: declared}) is True
    assert session.error is None
    assert [d.code for d in session.shown(users)] == ["LL201"]
    users.write_bytes(declared)
    session.files_changed(False)
    assert session.update({}) is False  # the buffer closed, the file saved as it was
    assert [d.code for d in session.shown(users)] == ["LL201"]
    assert session.update({users: users.read_bytes().replace(b"class Base", b"class Bas")})
    assert str(session.error) == f"{error} (did you mean 'app.users_a.Bas'?)"


def test_an_error_of_which_modules_exist_waits_for_files_created(project: Path, monkeypatch):
    monkeypatch.chdir(project)
    _break(project)
    session = Session(load_config(project), RunOptions(paths=[project]))
    low = project / "src/app/low.py"
    assert session.update({}) is True
    assert str(session.error) == GHOST
    assert session.update({low: low.read_bytes() + b"import os\n"}) is False
    session.files_changed(False)
    assert session.update({}) is False
    (project / "src/app/ghost.py").write_text("")
    session.files_changed(True)
    assert session.update({}) is True
    assert (session.error, session.shown(low)) == (None, [])
