"""layerlint's diagnostics in the Language Server Protocol's terms: ranges in UTF-16 code
units (layerlint counts characters, as flake8 does), severities, the rule's page, the
chain or cycle as related information, the hover text and the `# noqa` edit.

The chain is read from the diagnostic's details, one link a line ("a -> b (l.3, l.9)", or
"remove: a -> b (l.3)" for a cycle's imports to remove), as the full report prints them;
the other definitions of a duplicate (LL201, LL302, LL304) from its message and details,
which name each "(path/to/file.py:12)" relative to the project root.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from lsprotocol import types as lsp

from layerlint.diagnostics import Diagnostic
from layerlint.project.scanner import NEWLINE
from layerlint.rules import DUPLICATE_CLASS, DUPLICATE_MAPPED_CLASS_NAME, DUPLICATE_TABLE
from layerlint.violation import ALSO

SOURCE = "layerlint"
# whose message names the other definitions
DUPLICATES = (DUPLICATE_CLASS.code, DUPLICATE_TABLE.code, DUPLICATE_MAPPED_CLASS_NAME.code)
_LINK = re.compile(
    r"^(?:remove: )?(?P<importer>[\w.]+) -> (?P<imported>[\w.]+) \((?P<lines>[^)]*)\)$"
)
_DEFINITION = re.compile(r"\((?P<file>[^()\s]+\.pyi?):(?P<line>\d+)\)")
_NOQA_CODES = re.compile(r"#\s*noqa:\s?[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*", re.IGNORECASE)
_NOQA_BARE = re.compile(r"#\s*noqa(?!:)", re.IGNORECASE)

Locate = Callable[[str], Path | None]  # a module's file, or None


def lines_of(text: str) -> list[str]:
    """The text's lines as Python splits them (\\r\\n, \\r or \\n), as layerlint counts them."""
    return NEWLINE.split(text)


def position(lines: list[str], line: int, column: int) -> lsp.Position:
    """layerlint's 1-based line and character column, as an LSP position (UTF-16)."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    before = text[: column - 1]
    return lsp.Position(line - 1, len(before.encode("utf-16-le")) // 2)


def to_lsp(diagnostic: Diagnostic, lines: list[str], locate: Locate, root: Path) -> lsp.Diagnostic:
    start = position(lines, diagnostic.line, diagnostic.column)
    end = position(lines, diagnostic.end_line or diagnostic.line, diagnostic.end_column or 1)
    if (end.line, end.character) <= (start.line, start.character):
        # a place, not a span (a class, a file): the rest of its line
        text = lines[diagnostic.line - 1] if 0 < diagnostic.line <= len(lines) else ""
        end = lsp.Position(start.line, len(text.encode("utf-16-le")) // 2)
    related = chain_locations(diagnostic, locate) + other_definitions(diagnostic, root)
    return lsp.Diagnostic(
        range=lsp.Range(start, end),
        message=diagnostic.message,
        severity=(
            lsp.DiagnosticSeverity.Warning
            if diagnostic.severity == "warning"
            else lsp.DiagnosticSeverity.Error
        ),
        code=diagnostic.code,
        code_description=lsp.CodeDescription(href=diagnostic.url),
        source=SOURCE,
        related_information=[
            lsp.DiagnosticRelatedInformation(location, note) for note, location in related
        ]
        or None,
        # what the code actions need to find the diagnostic again
        data={
            "line": diagnostic.line,
            "end_line": diagnostic.end_line or diagnostic.line,
            "contract": diagnostic.contract,
            "key": diagnostic.key,
        },
    )


def chain_locations(diagnostic: Diagnostic, locate: Locate) -> list[tuple[str, lsp.Location]]:
    """(the link, where its import is) for each link of the chain or cycle in the details."""
    found = []
    for detail in diagnostic.details:
        match = _LINK.match(detail)
        if match is None:
            continue
        file = locate(match["importer"])
        numbers = re.findall(r"l\.(\d+)", match["lines"])
        if file is None or not numbers:
            continue
        line = int(numbers[0]) - 1
        found.append((detail, _location(file, line)))
    return found


def other_definitions(diagnostic: Diagnostic, root: Path) -> list[tuple[str, lsp.Location]]:
    """(what it is, where) for each other definition a duplicate's message names."""
    if diagnostic.code not in DUPLICATES:
        return []
    found = []
    # the first few in the message, the rest one a line in the details (violation.list_rest)
    for match in _DEFINITION.finditer(" ".join((diagnostic.message, *diagnostic.details))):
        file = (root / match["file"]).resolve()
        note = f"also defined in {match['file']}:{match['line']}"
        found.append((note, _location(file, int(match["line"]) - 1)))
    return found


def _location(file: Path, line: int) -> lsp.Location:
    return lsp.Location(file.as_uri(), lsp.Range(lsp.Position(line, 0), lsp.Position(line, 0)))


def hover_text(found: list[Diagnostic], locate: Locate, root: Path) -> str:
    """Markdown: each diagnostic's code and message, then its chain (or cycle), one link a
    line with the file and line of its import, or the other definitions."""
    parts = []
    for diagnostic in found:
        text = f"**{diagnostic.code}** {diagnostic.message}"
        links = chain_locations(diagnostic, locate) + other_definitions(diagnostic, root)
        if links:
            text += "\n\n" + "\n".join(
                f"- `{note}` at {_place(location, root)}" for note, location in links
            )
        others = [
            d for d in diagnostic.details
            if not _LINK.match(d) and not (diagnostic.code in DUPLICATES and d.startswith(ALSO))
        ]
        if others:
            text += "\n\n" + "\n".join(others)
        parts.append(text)
    return "\n\n---\n\n".join(parts)


def _place(location: lsp.Location, root: Path) -> str:
    return f"{relative(Path(lsp_path(location.uri)), root)}:{location.range.start.line + 1}"


def relative(path: Path, root: Path) -> str:
    """A path as the user reads it: relative to the project's root, if it is inside."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def lsp_path(uri: str) -> str:
    from pygls.uris import to_fs_path

    return to_fs_path(uri) or uri


def noqa_edit(lines: list[str], line: int, code: str) -> lsp.TextEdit | None:
    """The edit that silences `code` on `line` (1-based): the code added to the line's
    `# noqa: ...` comment, or a `  # noqa: CODE` comment at the end of the line. None when
    the line has a bare `# noqa` (it silences every code for flake8, none for layerlint;
    the first noqa comment of a line is the one that counts) or the code already."""
    if not 0 < line <= len(lines):
        return None
    text = lines[line - 1]
    codes = _NOQA_CODES.search(text)
    if codes is not None:
        if code in re.findall(r"[A-Z]+[0-9]+", codes.group().upper()):
            return None
        at = position(lines, line, codes.end() + 1)
        return lsp.TextEdit(lsp.Range(at, at), f",{code}")
    if _NOQA_BARE.search(text):
        return None
    at = position(lines, line, len(text.rstrip()) + 1)
    end = position(lines, line, len(text) + 1)
    return lsp.TextEdit(lsp.Range(at, end), f"  # noqa: {code}")
