"""A file the running Python cannot parse whole, even neutralised, read statement by statement.

This is the last resort of the checks' reading of a file (python_syntax.parse_leniently):
for syntax no neutralising covers (3.12's f-strings that nest the same quotes, on 3.11), or
a line only CPython rejects. Each module-level statement (with its decorators, and the
`else`/`except`... clauses that go on it) is parsed on its own, neutralised if need be; a
class that still fails is read from its header alone (its name, bases and keywords), with
`...` for a body and its name listed (`headers_only`), so a check can tell that it does
not know the body rather than take it as empty. What cannot be read at all is listed, so
the report can name it.
"""

from __future__ import annotations

import ast
import re

from layerlint.project.newer_syntax import NewerSyntax, parse_neutralised, syntax_error

_STARTS_STATEMENT = re.compile(r"[^\s#)\]}]")
_CONTINUES = re.compile(r"(else|elif|except|finally)\b")
_CLASS = re.compile(r"class\s+([A-Za-z_][A-Za-z0-9_]*)")
# What a class read from its header only is given for a body, on the line after its header.
_UNKNOWN_BODY = "\n    ...\n"
_MAX_HEADER_LINES = 20


def parse_piecewise(text: str, error: SyntaxError) -> tuple[ast.Module, NewerSyntax]:
    """The module made of every statement of `text` that could be read, and how it was."""
    lines = text.splitlines(keepends=True)
    body: list[ast.stmt] = []
    found: list = []
    unread: list[int] = []
    headers_only: list[str] = []
    for start, stop in _statements(lines):
        tree = _parse(lines[start:stop], found)
        if tree is None:
            tree = _header(lines, start, stop, found)
            if tree is None:
                unread.append(start + 1)
                continue
            headers_only.append(tree.body[0].name)
        ast.increment_lineno(tree, start)
        body.extend(tree.body)
    line, column, message = syntax_error(error)
    note = NewerSyntax(
        needs=max((construct[0] for construct, _, _ in found), default=None),
        read_as=tuple(dict.fromkeys(construct[1] for construct, _, _ in found)),
        line=line,
        column=column,
        error=(line, column, message),
        unread=tuple(unread),
        headers_only=tuple(headers_only),
    )
    return ast.Module(body=body, type_ignores=[]), note


def _statements(lines: list[str]):
    """(first, last + 1) line indexes of each module-level statement, as far as lines tell:
    one starts at an unindented line, unless it continues the one before (a clause such as
    `else:`, or the statement after decorators)."""
    starts = []
    decorated = False
    for index, line in enumerate(lines):
        if not _STARTS_STATEMENT.match(line) or _CONTINUES.match(line):
            continue
        if not decorated:
            starts.append(index)
        decorated = line.startswith("@")
    return zip(starts, [*starts[1:], len(lines)])


def _parse(lines: list[str], found: list) -> ast.Module | None:
    """The statement's parse, neutralised if need be (what it neutralised joins `found`)."""
    text = "".join(lines)
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        pass
    parsed = parse_neutralised(text)
    if parsed is None:
        return None
    found.extend(parsed[1])
    return parsed[0]


def _header(lines: list[str], start: int, stop: int, found: list) -> ast.Module | None:
    """A class statement read from its decorators and header only (None if not a class)."""
    first = start
    while first < stop and lines[first].startswith("@"):
        first += 1
    if first >= stop or not _CLASS.match(lines[first]):
        return None
    for end in range(first + 1, min(stop, first + _MAX_HEADER_LINES) + 1):
        header = [*lines[start:end]]
        header[-1] = header[-1].rstrip("\r\n") + _UNKNOWN_BODY
        tree = _parse(header, found)
        if tree is not None and len(tree.body) == 1 and isinstance(tree.body[0], ast.ClassDef):
            return tree
    return None
