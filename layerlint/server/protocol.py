"""The language server's side of the protocol: documents opened, changed, saved and
closed, files changed on disk, code actions, commands and hover (pygls).

Every analysis runs on one worker thread, one at a time, so the projects held
(session.py) are only ever changed by it; the event loop goes on answering meanwhile. An
edit of an unsaved buffer is checked once the typing pauses (`debounce`, 0.3 s; an
`initializationOptions` of {"debounce": seconds} changes it); an open or a save at once.
Each check answers every open file of the projects concerned: an edit of one file can
change what another shows. Each analysis is written to the client's trace ($/logTrace)
when it asks for one.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from layerlint import __version__
from layerlint.config import load_config
from layerlint.errors import ConfigError, ConfigNotFound
from layerlint.options import RunOptions
from layerlint.project.scanner import encode_source
from layerlint.server import convert, memory
from layerlint.server.answers import Answer, answer
from layerlint.server.broken import broken_diagnostics, config_names
from layerlint.server.session import Session

T = TypeVar("T")
ADD_TO_BASELINE = "layerlint.addToBaseline"
GO_TO = "layerlint.goTo"


class LayerlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("layerlint", __version__)
        self.debounce = 0.3
        self.sessions: dict[tuple, Session] = {}
        self._configs: dict[Path, tuple | ConfigError | None] = {}  # folder -> its project
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="layerlint-analysis")
        self._waiting: asyncio.Task | None = None  # a check not started yet
        self._running = asyncio.Lock()
        self._published: set[str] = set()  # configuration files showing a diagnostic
        self.watching = False  # whether the client tells of files changed on disk
        self._lock = threading.Lock()
        # what the worker did, for the client's trace ($/logTrace, when it asks for one)
        self.traces: list[str] = []
        self.answers: dict[str, Answer] = {}  # uri -> what was last published (answers.py)

    # What each open document belongs to.

    def session_for(self, path: Path) -> Session | ConfigError | None:
        """The project `path` is in (None: in none), or why its configuration is unusable."""
        with self._lock:  # asked by the worker and by the event loop (code actions, hover)
            return self._session_for(path)

    def _session_for(self, path: Path) -> Session | ConfigError | None:
        folder = path.parent
        if folder not in self._configs:
            try:
                config = load_config(path)
                key = (config.root, config.path)
                if key not in self.sessions:
                    self.sessions[key] = Session(config, RunOptions(paths=[config.root]))
                self._configs[folder] = key
            except ConfigNotFound:
                self._configs[folder] = None
            except ConfigError as error:
                self._configs[folder] = error
        found = self._configs[folder]
        return self.sessions[found] if isinstance(found, tuple) else found

    def forget_configurations(self) -> None:
        with self._lock:
            self._configs.clear()
            self.sessions.clear()

    def open_documents(self) -> dict[str, tuple[Path, str]]:
        """uri -> (file, text) of the open Python documents."""
        found = {}
        for uri, document in list(self.workspace.text_documents.items()):
            path = Path(convert.lsp_path(uri))
            if path.suffix in (".py", ".pyi"):
                found[uri] = (path.resolve(), document.source)
        return found

    # Checking.

    def schedule(self, delay: float) -> None:
        """Check the open documents after `delay` seconds. A check not started yet (still
        waiting out its delay, or for the one running) is replaced: the documents it would
        have read are read by the new one."""
        if self._waiting is not None and not self._waiting.done():
            self._waiting.cancel()
        self._waiting = asyncio.get_running_loop().create_task(self._check(delay))

    async def _check(self, delay: float) -> None:
        await asyncio.sleep(delay)
        async with self._running:  # one check at a time
            if self._waiting is asyncio.current_task():
                self._waiting = None  # started: an edit from now on schedules another
            documents = self.open_documents()
            loop = asyncio.get_running_loop()
            published, failures = await loop.run_in_executor(
                self._worker, self._diagnose, documents
            )
            for kind, message in failures:  # for the client's log
                self.window_log_message(lsp.LogMessageParams(kind, message))
            traces, self.traces = self.traces, []
            if self.protocol.trace != lsp.TraceValue.Off:
                for message in traces:
                    self.log_trace(lsp.LogTraceParams(message))
            for uri, found in published.items():
                self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri, found))
            for session in list(self.sessions.values()):  # the answer first, then the cache
                await loop.run_in_executor(self._worker, session.save)
            await loop.run_in_executor(self._worker, memory.release)

    async def run_in_worker(self, function: Callable[..., T], *args: object) -> T:
        """`function(*args)` on the analysis' worker thread, after what is queued there."""
        return await asyncio.get_running_loop().run_in_executor(self._worker, function, *args)

    def _diagnose(self, documents: dict[str, tuple[Path, str]]) -> tuple[dict, list[tuple]]:
        """(worker thread) uri -> its diagnostics, for every open document and for the
        configuration files that are broken or were; and what to log: the analyses'
        warnings, and what failed (layerlint's bugs: the projects they stopped are left as
        they were shown, the server goes on)."""
        published: dict[str, list] = {}
        failures: list[tuple[lsp.MessageType, str]] = []
        if any(session.configuration_changed() for session in list(self.sessions.values())):
            self.forget_configurations()  # edited by a tool the client does not tell of
        groups: dict[int, tuple[Session, dict[str, tuple[Path, str]]]] = {}
        # a document whose analysis failed keeps its answer, as its diagnostics stay shown
        answers = {uri: self.answers[uri] for uri in documents.keys() & self.answers.keys()}
        broken: dict[str, list] = {}  # configuration file uri -> its diagnostic
        for uri, (path, text) in documents.items():
            session = self.session_for(path)
            if isinstance(session, Session):
                groups.setdefault(id(session), (session, {}))[1][uri] = (path, text)
            elif isinstance(session, ConfigError):
                broken_diagnostics(str(session), path, published, broken, uri)
                answers.pop(uri, None)
            else:
                published[uri] = []
                answers.pop(uri, None)
        for session, members in groups.values():
            try:
                started = time.perf_counter()
                if session.update(_buffers(members)):
                    took = time.perf_counter() - started
                    root = session.config.root
                    self.traces.append(f"layerlint: {root}: analysed in {took:.2f} s")
                warned = [f"layerlint: {warning}" for warning in session.new_warnings()]
                failures += [(lsp.MessageType.Warning, warning) for warning in warned]
                unusable = session.error
                if unusable is None:
                    shown = {uri: session.shown(path) for uri, (path, _) in members.items()}
            except ConfigError as error:  # the baseline it names cannot be read
                unusable = error
            except Exception as error:  # noqa: BLE001 - the server stays up
                session.table = None  # analysed afresh next time
                failures.append((lsp.MessageType.Error, _failure(session, error)))
                continue
            if unusable is not None:
                for uri, (path, _) in members.items():
                    broken_diagnostics(str(unusable), path, published, broken, uri)
                    answers.pop(uri, None)
                continue
            locate, root = session.module_path, session.config.root
            for uri, (path, text) in members.items():
                lines = convert.lines_of(text)
                published[uri] = [convert.to_lsp(d, lines, locate, root) for d in shown[uri]]
                answers[uri] = answer(session, path, text, shown[uri])
        self.answers = answers
        for uri in self._published - broken.keys() - documents.keys():
            published[uri] = []  # fixed
        for uri, found in broken.items():
            published[uri] = published.get(uri, []) + found
        self._published = set(broken)
        return published, failures


def _failure(session: Session, error: Exception) -> str:
    import traceback

    trace = "".join(traceback.format_exception(error))
    where = session.config.root
    return f"layerlint: internal error in {where}: {error!r} (please report it)\n{trace}"


def _buffers(members: dict[str, tuple[Path, str]]) -> dict[Path, bytes]:
    """The open files whose text is not the file's: those the analysis reads from the editor."""
    from layerlint.project.reading import read_source

    found = {}
    for path, text in members.values():
        data = encode_source(text)
        if read_source(str(path)) != data:
            found[path] = data
    return found


def make_server() -> LayerlintServer:
    server = LayerlintServer()

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: LayerlintServer, params: lsp.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict) and isinstance(options.get("debounce"), (int, float)):
            ls.debounce = max(0.0, float(options["debounce"]))
        if params.trace is not None:  # pygls reads only $/setTrace's
            ls.protocol.trace = params.trace

    @server.feature(lsp.INITIALIZED)
    async def initialized(ls: LayerlintServer, params: lsp.InitializedParams) -> None:
        watched = ls.client_capabilities.workspace
        watched = watched.did_change_watched_files if watched else None
        if watched is None or not watched.dynamic_registration:
            return
        globs = ["**/*.py", "**/*.pyi", *(f"**/{name}" for name in config_names()), "**/*.json"]
        options = lsp.DidChangeWatchedFilesRegistrationOptions(
            watchers=[lsp.FileSystemWatcher(glob_pattern=g) for g in globs]
        )
        registration = lsp.Registration(
            id="layerlint-watched-files",
            method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options,
        )
        with contextlib.suppress(Exception):  # a client that refuses: no disk changes seen
            await ls.client_register_capability_async(lsp.RegistrationParams([registration]))
            ls.watching = True

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: LayerlintServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.schedule(0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: LayerlintServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.schedule(ls.debounce)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: LayerlintServer, params: lsp.DidSaveTextDocumentParams) -> None:
        if Path(convert.lsp_path(params.text_document.uri)).name in config_names():
            await ls.run_in_worker(ls.forget_configurations)
        elif not ls.watching:  # no word of changes on disk: look for them at each save
            await ls.run_in_worker(_stamps_changed, ls)
        ls.schedule(0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: LayerlintServer, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(params.text_document.uri, [])
        )
        ls.schedule(0)

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def did_change_watched_files(
        ls: LayerlintServer, params: lsp.DidChangeWatchedFilesParams
    ) -> None:
        await ls.run_in_worker(_files_changed, ls, params.changes)
        ls.schedule(0)

    from layerlint.server.actions import register

    register(server, ADD_TO_BASELINE, GO_TO)
    return server


def _stamps_changed(ls: LayerlintServer) -> None:
    """(worker thread) The projects' files compared with those analysed, by their stamps:
    for a client that does not tell the server of files changed on disk."""
    for session in list(ls.sessions.values()):
        session.files_changed(False)


def _files_changed(ls: LayerlintServer, changes: list[lsp.FileEvent]) -> None:
    """(worker thread) Files changed on disk: a configuration (or a baseline) read again,
    or the projects' files compared with what their analysis took of them."""
    paths = [(Path(convert.lsp_path(c.uri)).resolve(), c.type) for c in changes]
    if any(path.name in config_names() for path, _ in paths):
        ls.forget_configurations()
        return
    for session in list(ls.sessions.values()):
        root = session.config.root
        mine = [(p, t) for p, t in paths if p.suffix in (".py", ".pyi") and root in p.parents]
        if mine:
            created = any(t != lsp.FileChangeType.Changed for _, t in mine)
            session.files_changed(created)
