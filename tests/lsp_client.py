"""A small LSP client of the tests' own: `layerlint server` started over stdio, spoken to in
JSON-RPC as an editor would (used by tests/test_server.py and bench/lsp_bench.py).

The server's requests to the client (client/registerCapability, window/showDocument) are
answered and recorded; its notifications are queued for the test to wait on.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
from pathlib import Path


def copied(fixture: Path, tmp_path: Path) -> Path:
    """A copy of a fixture project, for a test to edit (its resolved path)."""
    root = tmp_path / "project"
    shutil.copytree(fixture, root)
    return root.resolve()


class LspClient:
    def __init__(self, cwd: Path, command: list[str] | None = None) -> None:
        self.process = subprocess.Popen(
            command or [sys.executable, "-m", "layerlint", "server"],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self._id = 0
        self._responses: dict[int, queue.Queue] = {}
        self.notifications: queue.Queue = queue.Queue()
        self.server_requests: list[dict] = []
        self.passed_over: list[dict] = []  # notifications `wait_for` did not wait for
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    # Framing.

    def _send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        with self._lock:
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.process.stdin.flush()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while True:
                header = stream.readline()
                if not header:
                    return
                if header in (b"\r\n", b"\n"):
                    break
                name, _, value = header.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            message = json.loads(stream.read(length))
            if "method" in message and "id" in message:  # the server asks the client
                self.server_requests.append(message)
                shown = {"success": True} if message["method"] == "window/showDocument" else None
                self._send({"id": message["id"], "result": shown})
            elif "id" in message:
                self._responses.setdefault(message["id"], queue.Queue()).put(message)
            else:
                self.notifications.put(message)

    # Requests and notifications.

    def request(self, method: str, params: dict | None, timeout: float = 60) -> object:
        self._id += 1
        ident = self._id
        box = self._responses.setdefault(ident, queue.Queue())
        self._send({"id": ident, "method": method, "params": params})
        response = box.get(timeout=timeout)
        del self._responses[ident]
        if "error" in response:
            raise RuntimeError(f"{method}: {response['error']}")
        return response.get("result")

    def notify(self, method: str, params: dict | None) -> None:
        self._send({"method": method, "params": params})

    def wait_for(self, method: str, predicate=lambda params: True, timeout: float = 60) -> dict:
        """The params of the next notification `method` that `predicate` accepts (the
        others are kept in `passed_over`)."""
        import time

        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no {method} within {timeout} s")
            try:
                message = self.notifications.get(timeout=remaining)
            except queue.Empty:
                continue
            if message.get("method") == method and predicate(message.get("params")):
                return message["params"]
            self.passed_over.append(message)

    def diagnostics(self, uri: str, timeout: float = 60) -> list[dict]:
        """The next diagnostics published for `uri`."""
        return self.wait_for(
            "textDocument/publishDiagnostics", lambda p: p["uri"] == uri, timeout
        )["diagnostics"]

    # The editor's side of a session.

    def initialize(
        self, root: Path, options: dict | None = None, watch: bool = True, trace: str = "off"
    ) -> dict:
        result = self.request(
            "initialize",
            {
                "trace": trace,
                "processId": os.getpid(),
                "rootUri": root.as_uri(),
                "capabilities": {
                    "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": watch}},
                    "window": {"showDocument": {"support": True}},
                },
                "initializationOptions": options or {"debounce": 0},
            },
        )
        self.notify("initialized", {})
        return result

    def open(self, path: Path, text: str | None = None) -> str:
        uri = path.as_uri()
        text = path.read_text() if text is None else text
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}},
        )
        return uri

    def change(self, uri: str, text: str, version: int) -> None:
        self.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}],
            },
        )

    def save(self, uri: str) -> None:
        self.notify("textDocument/didSave", {"textDocument": {"uri": uri}})

    def files_changed(self, *changes: tuple[Path, int]) -> None:
        """workspace/didChangeWatchedFiles: (file, 1 created, 2 changed or 3 deleted)."""
        events = [{"uri": path.as_uri(), "type": kind} for path, kind in changes]
        self.notify("workspace/didChangeWatchedFiles", {"changes": events})

    def __enter__(self) -> LspClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        """The server stopped if the test has not closed it."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def close(self) -> int:
        """shutdown, exit; the server's exit status."""
        self.request("shutdown", None)
        self.notify("exit", None)
        try:
            return self.process.wait(timeout=30)
        finally:
            for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
                stream.close()
