"""Settings a client sends that are not layerlint's (Zed sends those of the server
layerlint stands in for, docs/editors.md): ignored, nothing logged, the server goes on."""

from __future__ import annotations

import shutil
from pathlib import Path

from lsp_client import LspClient

FIXTURE = Path(__file__).parent.parent / "testdata" / "lsp"


def test_settings_of_another_server_change_nothing(tmp_path: Path):
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    with LspClient(root) as client:
        client.initialize(root)
        low = root / "src/app/low.py"
        uri = client.open(low)
        assert [d["code"] for d in client.diagnostics(uri)] == ["LL101"]
        settings = {"pylsp": {"plugins": {"pycodestyle": {"enabled": False}}}}
        client.notify("workspace/didChangeConfiguration", {"settings": settings})
        client.change(uri, low.read_text() + "# more\n", 2)
        assert [d["code"] for d in client.diagnostics(uri)] == ["LL101"]
        client.request("shutdown", None)
        while not client.notifications.empty():
            client.passed_over.append(client.notifications.get())
        assert [m for m in client.passed_over if m.get("method") == "window/logMessage"] == []
