"""A duplicate with more definitions than its message names (it names five, "and 3 more"):
the details name the rest, one a line, so that the full output, the related information,
the hover and the quick fixes of the language server offer every other definition."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lsp_client import LspClient

FIXTURE = Path(__file__).parent.parent / "testdata" / "lsp"
LETTERS = "bcdefghi"  # users_b.py exists: 8 others of users_a.py's User
MESSAGE = (
    "Class 'User' is defined in 9 modules: here in app.users_a, and in "
    + ", ".join(f"app.users_{x} (src/app/users_{x}.py:1)" for x in "bcdef")
    + " and 3 more; keep one definition and import it elsewhere (contract 'One User')"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    for letter in LETTERS[1:]:
        (root / f"src/app/users_{letter}.py").write_text("class User:\n    pass\n")
    return root.resolve()


def test_the_full_output_names_every_other_definition(project: Path, cli):
    code, out, err = cli("check", "--output-format", "full", "src/app/users_a.py", cwd=project)
    assert (code, err) == (1, "")
    assert out.splitlines()[:8] == [
        f"src/app/users_a.py:1:1: LL201 {MESSAGE}",
        "    |",
        "  1 | class User:",
        "    | ^",
        "  the others:",
        "    also: app.users_g (src/app/users_g.py:1)",
        "    also: app.users_h (src/app/users_h.py:1)",
        "    also: app.users_i (src/app/users_i.py:1)",
    ]


def test_the_concise_output_is_one_line(project: Path, cli):
    code, out, _ = cli("check", "src/app/users_a.py", cwd=project)
    assert out.splitlines()[0] == f"src/app/users_a.py:1:1: LL201 {MESSAGE}"


def test_go_to_each_other_definition(project: Path):
    with LspClient(project) as client:
        client.initialize(project)
        uri = client.open(project / "src/app/users_a.py")
        [diagnostic] = client.diagnostics(uri)
        assert diagnostic["message"] == MESSAGE
        places = [f"src/app/users_{x}.py:1" for x in LETTERS]
        assert [r["message"] for r in diagnostic["relatedInformation"]] == [
            f"also defined in {place}" for place in places
        ]
        assert [r["location"]["uri"] for r in diagnostic["relatedInformation"]] == [
            (project / f"src/app/users_{x}.py").as_uri() for x in LETTERS
        ]
        actions = client.request(
            "textDocument/codeAction",
            {"textDocument": {"uri": uri}, "range": diagnostic["range"],
             "context": {"diagnostics": [diagnostic]}},
        )
        assert [a["title"] for a in actions][2:] == [
            f"Go to the other definition: {place}" for place in places
        ]
        last = actions[-1]["command"]
        client.request(
            "workspace/executeCommand",
            {"command": last["command"], "arguments": last["arguments"]},
        )
        [shown] = [r for r in client.server_requests if r["method"] == "window/showDocument"]
        assert shown["params"]["uri"] == (project / "src/app/users_i.py").as_uri()
        hover = client.request(
            "textDocument/hover",
            {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 2}},
        )
        assert hover["contents"]["value"] == f"**LL201** {MESSAGE}\n\n" + "\n".join(
            f"- `also defined in {place}` at {place}" for place in places
        )
        assert client.close() == 0
