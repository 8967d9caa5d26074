"""Quick fixes, their commands, and hover: `# noqa: CODE` on the line, the diagnostic added
to the baseline, the other definitions of a duplicate; the chain or cycle of a reported
import with each module's file and line."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from layerlint import baseline
from layerlint.diagnostics import Diagnostic
from layerlint.rules import RULES
from layerlint.server import answers, convert
from layerlint.server.answers import Answer
from layerlint.server.session import Session


def register(server: LanguageServer, add_to_baseline: str, go_to: str) -> None:
    """The code actions, their commands and hover, on `server` (protocol.py's)."""
    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]),
    )
    def code_action(ls, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        uri = params.text_document.uri
        # the diagnostics asked about are those last published: so is what they stand for,
        # even while the next analysis runs (answers.py)
        answer = ls.answers.get(uri)
        lines = convert.lines_of(ls.workspace.get_text_document(uri).source)
        actions = []
        for shown in params.context.diagnostics:
            if shown.source != convert.SOURCE or not isinstance(shown.code, str):
                continue
            held = _held(answer, shown)
            if RULES[shown.code].scope in ("import", "symbol"):
                # not the others: layerlint reports a file or its configuration whatever
                # a `# noqa` comment says (flake8 alone would take it)
                actions += _noqa(uri, lines, shown)
            if held is None or answer is None:
                continue
            if answer.baseline is not None:
                relative = convert.relative(answer.baseline, answer.root)
                title = f"Add this {shown.code} to the baseline ({relative})"
                arguments = [uri, held.code, held.contract or "", held.key]
                actions.append(_command_action(title, shown, add_to_baseline, arguments))
            for note, location in convert.other_definitions(held, answer.root):
                title = f"Go to the other definition: {note.removeprefix('also defined in ')}"
                arguments = [location.uri, location.range.start.line]
                actions.append(_command_action(title, shown, go_to, arguments))
        return actions

    @server.command(add_to_baseline)
    async def add(ls, uri: str, code: str, contract: str, key: str) -> None:
        session, path = _session(ls, uri)
        if session is None or session.config.baseline is None:
            return
        found = [
            d for d in session.held(path)
            if (d.code, d.contract or "", d.key) == (code, contract, key)
        ]
        if found:
            await ls.run_in_worker(baseline.add, session.config, found[0])
            ls.schedule(0)

    @server.command(go_to)
    def go(ls, uri: str, line: int) -> None:
        # not awaited: what the client answers (shown or not) changes nothing here
        where = lsp.Range(lsp.Position(line, 0), lsp.Position(line, 0))
        ls.window_show_document(lsp.ShowDocumentParams(uri, take_focus=True, selection=where))

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls, params: lsp.HoverParams) -> lsp.Hover | None:
        uri = params.text_document.uri
        answer = ls.answers.get(uri)
        if answer is None:
            return None
        buffer = ls.workspace.get_text_document(uri).source
        text = answers.hover(answer, buffer, params.position.line + 1)
        if text is None:
            return None
        return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, text))


def _session(ls, uri: str) -> tuple[Session | None, Path]:
    path = Path(convert.lsp_path(uri)).resolve()
    session = ls.session_for(path)
    return (session if isinstance(session, Session) else None), path


def _held(answer: Answer | None, shown: lsp.Diagnostic) -> Diagnostic | None:
    """The held diagnostic an editor's diagnostic stands for (by its code and place, and
    the contract and key the server gave it)."""
    if answer is None:
        return None
    data = shown.data if isinstance(shown.data, dict) else {}
    for diagnostic in answer.held:
        if (
            diagnostic.code == shown.code
            and diagnostic.line == data.get("line", shown.range.start.line + 1)
            and diagnostic.key == data.get("key", diagnostic.key)
        ):
            return diagnostic
    return None


def _noqa(uri: str, lines: list[str], shown: lsp.Diagnostic) -> list[lsp.CodeAction]:
    data = shown.data if isinstance(shown.data, dict) else {}
    line = data.get("end_line", shown.range.end.line + 1)
    edit = convert.noqa_edit(lines, line, shown.code)
    if edit is None:
        return []
    return [
        lsp.CodeAction(
            title=f"Add '# noqa: {shown.code}' to this line",
            kind=lsp.CodeActionKind.QuickFix,
            diagnostics=[shown],
            edit=lsp.WorkspaceEdit(changes={uri: [edit]}),
        )
    ]


def _command_action(title: str, shown: lsp.Diagnostic, command: str, arguments: list):
    return lsp.CodeAction(
        title=title,
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[shown],
        command=lsp.Command(title=title, command=command, arguments=arguments),
    )
