"""What the server last published for each open document, kept for hover and code actions.

An analysis can take seconds on a large project, and the project it replaces is let go
before it starts (two at once would double the peak memory). Hover and code actions
meanwhile answer from the last published answer: the editor still shows its diagnostics.
A code action is asked about one of those diagnostics, so the answer's is the right one;
a hover is answered for a diagnostic only while the buffer's lines, from the first to the
diagnostic's last, are those it was placed on (an edit below it moves nothing).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from layerlint.diagnostics import Diagnostic
from layerlint.server import convert
from layerlint.server.session import Session


class Answer(NamedTuple):
    lines: list[str]  # the buffer's lines its diagnostics were placed on
    held: list[Diagnostic]  # every diagnostic of the file, before `# noqa` and the baseline
    hovers: list[tuple[Diagnostic, str]]  # each diagnostic shown, with its hover text
    baseline: Path | None  # the baseline the configuration names
    root: Path


def answer(session: Session, path: Path, text: str, shown: list[Diagnostic]) -> Answer:
    """(worker thread, with the project held) What is published for `path`, as `text`."""
    locate, root = session.module_path, session.config.root
    hovers = [(d, convert.hover_text([d], locate, root)) for d in shown]
    return Answer(convert.lines_of(text), session.held(path), hovers, session.config.baseline,
                  root)


def hover(answer: Answer, text: str, line: int) -> str | None:
    """The hover text at `line` (1-based) of the buffer `text`, from `answer`."""
    lines = convert.lines_of(text)
    found = [
        hovered
        for diagnostic, hovered in answer.hovers
        if diagnostic.line <= line <= (last := diagnostic.end_line or diagnostic.line)
        and lines[:last] == answer.lines[:last]
    ]
    return "\n\n---\n\n".join(found) if found else None
