"""Hover and code actions while an analysis runs: answered from what was last published
(layerlint/server/answers.py), not with nothing. The server runs with its analysis held
back at a gate (a file; the engine patched before the server starts) for as long as the
test needs it to run."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from lsp_client import LspClient, copied

FIXTURE = Path(__file__).parent.parent / "testdata" / "lsp"
GATED = """
import pathlib, sys, time
import layerlint.engine as engine
gate = pathlib.Path(sys.argv[1])
real = engine.analyse

def analyse(*args, **kwargs):
    if gate.exists():
        gate.with_suffix(".started").write_text("")
        while gate.exists():
            time.sleep(0.02)
    return real(*args, **kwargs)

engine.analyse = analyse
from layerlint.cli import main
raise SystemExit(main(["server"]))
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copied(FIXTURE, tmp_path)


def _hover(client: LspClient, uri: str, line: int) -> dict | None:
    position = {"line": line, "character": 0}
    return client.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": position}
    )


def _titles(client: LspClient, uri: str, diagnostic: dict) -> list[str]:
    found = client.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": diagnostic["range"],
         "context": {"diagnostics": [diagnostic]}},
    )
    return [action["title"] for action in found]


def _wait_for(path: Path) -> None:
    deadline = time.monotonic() + 60
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never written"
        time.sleep(0.02)


def test_hover_and_code_actions_while_an_analysis_runs(project: Path, tmp_path: Path):
    gate = tmp_path / "analysis.gate"
    client = LspClient(project, [sys.executable, "-c", GATED, str(gate)])
    try:
        client.initialize(project)
        low, users = project / "src/app/low.py", project / "src/app/users_a.py"
        low_uri, users_uri = client.open(low), client.open(users)
        [ll101] = client.diagnostics(low_uri)
        [ll201] = client.diagnostics(users_uri)
        chain = _hover(client, low_uri, 2)["contents"]["value"]
        assert chain.startswith("**LL101** Indirect layer violation: app.low -> app.util")
        duplicate = _hover(client, users_uri, 0)["contents"]["value"]
        gate.write_text("")
        # an import added at the end of low.py: analysed, held back at the gate
        text = low.read_text()
        client.change(low_uri, text + "from app import high\n", 2)
        _wait_for(gate.with_suffix(".started"))
        # the lines up to the reported import are those it was placed on: its hover stands
        assert _hover(client, low_uri, 2)["contents"]["value"] == chain
        assert _hover(client, low_uri, 0) is None  # no diagnostic there
        # the file the edit is not in: as it was
        assert _hover(client, users_uri, 0)["contents"]["value"] == duplicate
        # the diagnostics the editor still shows: their quick fixes, the baseline's too
        assert _titles(client, low_uri, ll101) == [
            "Add '# noqa: LL101' to this line",
            "Add this LL101 to the baseline (layerlint-baseline.json)",
        ]
        assert _titles(client, users_uri, ll201)[1:] == [
            "Add this LL201 to the baseline (layerlint-baseline.json)",
            "Go to the other definition: src/app/users_b.py:1",
        ]
        # a line added above the import: what was placed on the old lines is no answer
        client.change(low_uri, "X = 1\n" + text + "from app import high\n", 3)
        assert _hover(client, low_uri, 2) is None
        assert _hover(client, low_uri, 3) is None
        gate.unlink()  # the analysis goes on: the new answer
        found = client.wait_for(
            "textDocument/publishDiagnostics",
            lambda p: p["uri"] == low_uri and p["diagnostics"]
            and p["diagnostics"][0]["range"]["start"]["line"] == 3,
        )["diagnostics"]
        assert [(d["code"], d["range"]["start"]["line"]) for d in found] == [
            ("LL101", 3), ("LL101", 8)
        ]
        assert _hover(client, low_uri, 3)["contents"]["value"] == chain.replace(
            "src/app/low.py:3", "src/app/low.py:4"
        ).replace("(l.3)", "(l.4)")
        assert client.close() == 0
    finally:
        gate.unlink(missing_ok=True)
        if client.process.poll() is None:
            client.process.kill()
