"""`layerlint server` end to end: a real LSP client over stdio (tests/lsp_client.py) on the
fixture testdata/lsp (an indirect layer violation, a class defined twice, a baseline)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lsp_client import LspClient

FIXTURE = Path(__file__).parent.parent / "testdata" / "lsp"
DOCS = "https://github.com/layerlint/layerlint/blob/main/docs/rules/"
LL101 = (
    "Indirect layer violation: app.low -> app.util -> app.high: layer 'app.low' must not "
    "import higher layer 'app.high' (contract 'Layers')"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    return root


@pytest.fixture
def client(project: Path):
    with LspClient(project) as client:
        client.initialize(project)
        yield client


def _range(line: int, start: int, end_line: int, end: int) -> dict:
    return {
        "start": {"line": line, "character": start},
        "end": {"line": end_line, "character": end},
    }


def _at(path: Path, line: int) -> dict:
    return {"uri": path.as_uri(), "range": _range(line, 0, line, 0)}


def _hover(client: LspClient, uri: str, line: int, character: int):
    position = {"line": line, "character": character}
    return client.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": position}
    )


def _ll101(project: Path) -> dict:
    return {
        "range": _range(2, 0, 2, 20),
        "message": LL101,
        "severity": 1,
        "code": "LL101",
        "codeDescription": {"href": DOCS + "LL101.md"},
        "source": "layerlint",
        "relatedInformation": [
            {
                "location": _at(project / "src/app/low.py", 2),
                "message": "app.low -> app.util (l.3)",
            },
            {
                "location": _at(project / "src/app/util.py", 0),
                "message": "app.util -> app.high (l.1)",
            },
        ],
        "data": {"line": 3, "end_line": 3, "contract": "Layers", "key": "app.low -> app.util"},
    }


def test_open_change_save_and_exit(client: LspClient, project: Path):
    low = project / "src/app/low.py"
    uri = client.open(low)
    assert client.diagnostics(uri) == [_ll101(project)]
    text = low.read_text()
    # the unsaved buffer, a comment added: the same diagnostic
    client.change(uri, text + "# more\n", 2)
    assert client.diagnostics(uri) == [_ll101(project)]
    # a line added above the import: the diagnostic moves with it
    client.change(uri, "X = 1\n" + text, 3)
    moved = client.diagnostics(uri)
    assert [(d["code"], d["range"]) for d in moved] == [("LL101", _range(3, 0, 3, 20))]
    # the import removed from the buffer: nothing, though the file on disk still has it
    client.change(uri, text.replace("from app import util\n", ""), 4)
    assert client.diagnostics(uri) == []
    # saved as it was: the violation again
    client.change(uri, text, 5)
    client.diagnostics(uri)
    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    assert client.diagnostics(uri) == [_ll101(project)]
    assert client.close() == 0


def test_a_file_changed_on_disk(client: LspClient, project: Path):
    uri = client.open(project / "src/app/low.py")
    assert [d["code"] for d in client.diagnostics(uri)] == ["LL101"]
    registered = client.server_requests[0]["params"]["registrations"][0]
    assert registered["method"] == "workspace/didChangeWatchedFiles"
    util = project / "src/app/util.py"
    util.write_text("def g():\n    return 1\n")  # another tool: app.util no longer imports high
    client.notify(
        "workspace/didChangeWatchedFiles", {"changes": [{"uri": util.as_uri(), "type": 2}]}
    )
    assert client.diagnostics(uri) == []
    util.write_text("import os\nfrom app.high import VALUE\n\n\ndef g():\n    return VALUE\n")
    client.notify(
        "workspace/didChangeWatchedFiles", {"changes": [{"uri": util.as_uri(), "type": 2}]}
    )
    found = client.diagnostics(uri)
    assert [d["relatedInformation"][1]["message"] for d in found] == ["app.util -> app.high (l.2)"]


def _drain(client: LspClient) -> list[dict]:
    """The notifications received and not waited for."""
    found = []
    while not client.notifications.empty():
        found.append(client.notifications.get())
    return found


def _actions(client: LspClient, uri: str, diagnostic: dict) -> list[dict]:
    return client.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": diagnostic["range"],
         "context": {"diagnostics": [diagnostic]}},
    )


def test_noqa_quick_fix(client: LspClient, project: Path):
    uri = client.open(project / "src/app/low.py")
    [diagnostic] = client.diagnostics(uri)
    noqa = _actions(client, uri, diagnostic)[0]
    assert noqa["title"] == "Add '# noqa: LL101' to this line"
    assert noqa["kind"] == "quickfix"
    assert noqa["edit"] == {
        "changes": {uri: [{"range": _range(2, 20, 2, 20), "newText": "  # noqa: LL101"}]}
    }
    # applied by the editor: the diagnostic goes; a line with codes already gets one more
    text = (project / "src/app/low.py").read_text()
    client.change(uri, text.replace("import util\n", "import util  # noqa: LL101\n"), 2)
    assert client.diagnostics(uri) == []
    client.change(uri, text.replace("import util\n", "import util  # noqa: F401\n"), 3)
    [again] = client.diagnostics(uri)
    assert _actions(client, uri, again)[0]["edit"] == {
        "changes": {uri: [{"range": _range(2, 34, 2, 34), "newText": ",LL101"}]}
    }


def test_add_to_baseline(client: LspClient, project: Path):
    uri = client.open(project / "src/app/low.py")
    [diagnostic] = client.diagnostics(uri)
    baseline = _actions(client, uri, diagnostic)[1]
    assert baseline["title"] == "Add this LL101 to the baseline (layerlint-baseline.json)"
    command = baseline["command"]
    assert command["command"] == "layerlint.addToBaseline"
    client.request("workspace/executeCommand",
                   {"command": command["command"], "arguments": command["arguments"]})
    assert client.diagnostics(uri) == []
    entries = json.loads((project / "layerlint-baseline.json").read_text())["entries"]
    assert entries == [{"code": "LL101", "contract": "Layers", "count": 1,
                        "file": "src/app/low.py", "key": "app.low -> app.util"}]
    assert subprocess.run([sys.executable, "-m", "layerlint", "check", "src/app/low.py"],
                          cwd=project, capture_output=True).returncode == 0


def test_go_to_the_other_definition(client: LspClient, project: Path):
    uri = client.open(project / "src/app/users_a.py")
    [diagnostic] = client.diagnostics(uri)
    assert (diagnostic["code"], diagnostic["range"]) == ("LL201", _range(0, 0, 0, 11))
    other = (project / "src/app/users_b.py").as_uri()
    assert diagnostic["relatedInformation"] == [
        {"location": {"uri": other, "range": _range(0, 0, 0, 0)},
         "message": "also defined in src/app/users_b.py:1"}
    ]
    actions = _actions(client, uri, diagnostic)
    assert actions[0]["edit"] == {
        "changes": {uri: [{"range": _range(0, 11, 0, 11), "newText": "  # noqa: LL201"}]}
    }
    titles = [a["title"] for a in actions]
    assert titles == [
        "Add '# noqa: LL201' to this line",
        "Add this LL201 to the baseline (layerlint-baseline.json)",
        "Go to the other definition: src/app/users_b.py:1",
    ]
    command = _actions(client, uri, diagnostic)[2]["command"]
    client.request("workspace/executeCommand",
                   {"command": command["command"], "arguments": command["arguments"]})
    shown = [r for r in client.server_requests if r["method"] == "window/showDocument"]
    assert shown[0]["params"] == {"uri": other, "takeFocus": True, "selection": _range(0, 0, 0, 0)}


def test_hover_shows_the_chain(client: LspClient, project: Path):
    uri = client.open(project / "src/app/low.py")
    client.diagnostics(uri)
    hover = _hover(client, uri, 2, 5)
    assert hover["contents"] == {
        "kind": "markdown",
        "value": f"**LL101** {LL101}\n\n"
        "- `app.low -> app.util (l.3)` at src/app/low.py:3\n"
        "- `app.util -> app.high (l.1)` at src/app/util.py:1",
    }
    nothing = _hover(client, uri, 0, 1)
    assert nothing is None


def test_a_broken_configuration_is_shown_and_the_server_stays_up(client: LspClient, project: Path):
    config = project / "pyproject.toml"
    good = config.read_text()
    config.write_text(good.replace('type = "unique"', 'type = "uniqe"'))
    uri = client.open(project / "src/app/low.py")
    [on_file] = client.diagnostics(uri)
    error = (
        "pyproject.toml: contract 'One User' (#2): key 'type': unknown contract type 'uniqe' "
        "(did you mean 'unique'?)"
    )
    assert (on_file["code"], on_file["range"], on_file["message"]) == (
        "LL906", _range(0, 0, 0, 0), f"layerlint cannot check this file: {error}"
    )
    [on_config] = client.diagnostics(config.as_uri())
    line = good.splitlines().index('type = "unique"')
    assert (on_config["code"], on_config["range"], on_config["message"]) == (
        "LL906", _range(line, 0, line, len('type = "uniqe"')), error
    )
    config.write_text(good)
    client.notify(
        "workspace/didChangeWatchedFiles", {"changes": [{"uri": config.as_uri(), "type": 2}]}
    )
    assert [d["code"] for d in client.diagnostics(uri)] == ["LL101"]
    assert client.diagnostics(config.as_uri()) == []
    assert client.close() == 0


def test_without_pygls_one_line_and_exit_2():
    code = (
        "import sys; sys.modules['pygls'] = None\n"
        "from layerlint.cli import main; raise SystemExit(main(['server']))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (
        2, "", "layerlint: the language server needs pygls: pip install 'layerlint[lsp]'\n"
    )


def test_positions_count_utf16_code_units(client: LspClient, project: Path):
    low = project / "src/app/low.py"
    uri = client.open(low)
    client.diagnostics(uri)
    # one character before the import, two UTF-16 code units (outside the BMP)
    statement = "from app import util\n"
    text = low.read_text().replace(statement, 'X = "\U0001f600"; ' + statement)
    client.change(uri, text, 2)
    [found] = client.diagnostics(uri)
    # the statement starts after 9 characters (layerlint's column 10), 10 UTF-16 code units
    assert found["range"] == _range(2, 10, 2, 30)


def test_close_clears_and_two_projects_at_once(client: LspClient, project: Path, tmp_path: Path):
    other = tmp_path / "other"
    shutil.copytree(FIXTURE, other)
    (other / "src/app/util.py").write_text("def g():\n    return 1\n")
    uri = client.open(project / "src/app/low.py")
    assert [d["code"] for d in client.diagnostics(uri)] == ["LL101"]
    other_uri = client.open(other / "src/app/low.py")
    assert client.diagnostics(other_uri) == []
    users = client.open(other / "src/app/users_b.py")
    assert [d["code"] for d in client.diagnostics(users)] == ["LL201"]
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert client.diagnostics(uri) == []


def test_a_file_created_on_disk(client: LspClient, project: Path):
    uri = client.open(project / "src/app/users_a.py")
    assert [d["code"] for d in client.diagnostics(uri)] == ["LL201"]
    created = project / "src/app/users_c.py"
    created.write_text("class User:\n    pass\n")
    client.notify(
        "workspace/didChangeWatchedFiles", {"changes": [{"uri": created.as_uri(), "type": 1}]}
    )
    [found] = client.diagnostics(uri)
    assert [r["message"] for r in found["relatedInformation"]] == [
        "also defined in src/app/users_b.py:1",
        "also defined in src/app/users_c.py:1",
    ]


def test_without_watched_files_a_save_looks_at_the_disk(project: Path):
    with LspClient(project) as client:
        client.initialize(project, watch=False)
        low = project / "src/app/low.py"
        uri = client.open(low)
        assert [d["code"] for d in client.diagnostics(uri)] == ["LL101"]
        (project / "src/app/util.py").write_text("def g():\n    return 1\n")
        client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
        assert client.diagnostics(uri) == []
        assert client.server_requests == []  # nothing registered
        assert client.close() == 0


def test_an_internal_error_is_logged_and_the_project_analysed_again(project: Path, monkeypatch):
    from layerlint.server.protocol import make_server
    from layerlint.server.session import Session

    server = make_server()
    low = (project / "src/app/low.py").resolve()
    documents = {low.as_uri(): (low, low.read_text())}
    update = Session.update

    def failing(self, buffers):
        raise RuntimeError("a bug")

    monkeypatch.setattr(Session, "update", failing)
    published, failures = server._diagnose(documents)
    assert published == {}  # what the editor shows is left as it was
    said = f"internal error in {project.resolve()}: RuntimeError('a bug') (please report it)"
    assert failures[0][0] == 1  # an error
    assert failures[0][1].startswith(f"layerlint: {said}\n")
    monkeypatch.setattr(Session, "update", update)
    published, failures = server._diagnose(documents)
    assert ([d.code for d in published[low.as_uri()]], failures) == (["LL101"], [])


def test_a_warning_is_a_warning(client: LspClient, project: Path):
    # LL905 is placed at a point (where Python stopped): the range runs to the line's end
    uri = client.open(project / "src/app/newer.py")
    [found] = client.diagnostics(uri)
    assert (found["code"], found["severity"], found["range"]) == ("LL905", 2, _range(4, 17, 4, 29))
    # layerlint reports it whatever a `# noqa` says: no noqa quick fix
    assert [a["title"] for a in _actions(client, uri, found)] == [
        "Add this LL905 to the baseline (layerlint-baseline.json)"
    ]


def test_an_open_file_changed_on_disk_and_reloaded(client: LspClient, project: Path):
    low, util = project / "src/app/low.py", project / "src/app/util.py"
    uri = client.open(low)
    assert [d["code"] for d in client.diagnostics(uri)] == ["LL101"]
    util_uri = client.open(util)
    assert client.diagnostics(util_uri) == []
    # `git checkout` rewrites the open file; the editor reloads it: buffer and disk agree
    new = "def g():\n    return 1\n"
    util.write_text(new)
    client.notify(
        "workspace/didChangeWatchedFiles", {"changes": [{"uri": util.as_uri(), "type": 2}]}
    )
    client.change(util_uri, new, 2)
    client.wait_for(
        "textDocument/publishDiagnostics",
        lambda p: p["uri"] == uri and p["diagnostics"] == [],
    )


def test_what_the_analysis_could_not_read_goes_to_the_log(client: LspClient, project: Path):
    (project / "src/app/loose").mkdir()
    (project / "src/app/loose/x.py").write_text("X = 1\n")
    uri = client.open(project / "src/app/low.py")
    logged = client.wait_for("window/logMessage")
    assert logged == {
        "type": 2,
        "message": "layerlint: folder src/app/loose has no __init__.py inside a package: the "
        "import graph (grimp) leaves its modules out, so no contract sees their imports; only "
        "`unique` and the SQLAlchemy rules read them (add an __init__.py, or exclude the folder)",
    }
    assert [d["code"] for d in client.diagnostics(uri)] == ["LL101"]
    # an edit analysed again does not say it again
    text = (project / "src/app/low.py").read_text()
    client.change(uri, "import os\n" + text, 2)
    assert [d["range"]["start"]["line"] for d in client.diagnostics(uri)] == [3]
    client.request("shutdown", None)
    received = client.passed_over + _drain(client)
    assert [m for m in received if m.get("method") == "window/logMessage"] == []


def test_a_missing_baseline_is_shown_on_the_configuration(client: LspClient, project: Path):
    baseline = project / "layerlint-baseline.json"
    kept = baseline.read_text()
    baseline.unlink()
    uri = client.open(project / "src/app/low.py")
    error = (
        "pyproject.toml: key 'baseline': 'layerlint-baseline.json' does not exist "
        "(`layerlint check --write-baseline` writes it)"
    )
    [on_file] = client.diagnostics(uri)
    assert (on_file["code"], on_file["message"]) == (
        "LL906", f"layerlint cannot check this file: {error}"
    )
    config = project / "pyproject.toml"
    line = config.read_text().splitlines().index('baseline = "layerlint-baseline.json"')
    [on_config] = client.diagnostics(config.as_uri())
    assert (on_config["range"], on_config["message"]) == (
        _range(line, 0, line, len('baseline = "layerlint-baseline.json"')), error
    )
    baseline.write_text(kept)
    client.notify(
        "workspace/didChangeWatchedFiles", {"changes": [{"uri": baseline.as_uri(), "type": 1}]}
    )
    assert [d["code"] for d in client.diagnostics(uri)] == ["LL101"]
    assert client.diagnostics(config.as_uri()) == []
