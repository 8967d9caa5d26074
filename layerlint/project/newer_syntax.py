"""Source written for a newer Python than the one running layerlint, read all the same.

grimp's parser knows the newest grammar; Python's `ast` knows only the running Python's. A
file it rejects is parsed again from a copy in which the constructs of newer Pythons that
this one lacks are *neutralised*: each replaced, character by character, by text of the same
UTF-8 length that this Python accepts, so every other token keeps its line and column (as
`ast` counts them, in bytes). None of them holds an import, a class or a table:

- `type X[T] = v` (3.12): the head `type X[T] ` becomes the empty target `(        )`, so
  the statement binds nothing, as the real one binds no name the checks could follow;
- type parameter lists `class C[T]`, `def f[T]` (3.12; with defaults `[T = int]`, 3.13):
  blanked, with a `\\` before each line break they span;
- t-strings `t"..."` (3.14): read as f-strings (neither has a literal value);
- `except A, B:` (3.14): read as `except A | B:` (only the handler's body matters here);
- `lazy import x` (3.15): `lazy` becomes `0;`, an expression before the import (the
  scanner still reads `lazy` in the statement's text: such an import does not run at import
  time).

Only constructs newer than the running Python are touched, and only when the file as
written fails to parse; a file that still fails after that keeps its own syntax error.
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from typing import NamedTuple

from layerlint.project.python_parse import parse_module

RUNNING = sys.version_info[:2]

_TYPE_STATEMENT = ((3, 12), "`type` statements left out")
_TYPE_PARAMETERS = ((3, 12), "type parameter lists left out")
_TYPE_DEFAULTS = ((3, 13), "type parameter lists left out")
_TEMPLATE_STRING = ((3, 14), "t-strings taken as f-strings")
_BARE_EXCEPT_LIST = ((3, 14), "`except A, B:` taken as `except (A, B):`")
_LAZY_IMPORT = ((3, 15), "`lazy` imports taken as plain imports")
_TEMPLATE_PREFIXES = {"t", "rt", "tr"}
_SKIPPED = {tokenize.COMMENT, tokenize.NL}


class NewerSyntax(NamedTuple):
    """How a file the running Python rejects was read: what it needs, what was done."""

    needs: tuple[int, int] | None  # the Python that parses it as written; None: unknown
    read_as: tuple[str, ...]  # what was neutralised, in order of first appearance
    line: int  # the first construct neutralised (or the running Python's error)
    column: int  # 1-based, in characters
    error: tuple[int, int, str]  # the running Python's error on the file as written
    unread: tuple[int, ...] = ()  # read statement by statement: the lines of those it could not
    headers_only: tuple[str, ...] = ()  # classes read from their headers only


def parse(source: bytes) -> tuple[ast.Module, NewerSyntax | None]:
    """`ast.parse(source)`; when the running Python rejects it, the parse of its
    neutralised copy, with how it was made. Raises the first parse's error if both fail."""
    try:
        return parse_module(source), None
    except SyntaxError as error:
        retried = _retry(source, error)
        if retried is None:
            raise
        return retried


def _retry(source: bytes, error: SyntaxError) -> tuple[ast.Module, NewerSyntax] | None:
    text = decoded(source)
    parsed = parse_neutralised(text) if text is not None else None
    return None if parsed is None else (parsed[0], _describe(parsed[1], error))


def parse_neutralised(text: str) -> tuple[ast.Module, list[tuple[tuple, int, int]]] | None:
    """The parse of `text`'s neutralised copy and the constructs neutralised (see
    `neutralised`); None if there were none, or the copy does not parse either."""
    made = neutralised(text)
    if not made or not made[1]:
        return None
    try:
        return parse_module(made[0]), made[1]
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def decoded(source: bytes) -> str | None:
    """The source as Python decodes it (its coding cookie or BOM), or None."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
        return source.decode(encoding)
    except (SyntaxError, LookupError, UnicodeError):
        return None


def _describe(found: list[tuple[tuple, int, int]], error: SyntaxError) -> NewerSyntax:
    """`found`: (construct, line, column) of each construct neutralised, in source order."""
    (_, line, column) = found[0]
    return NewerSyntax(
        needs=max(construct[0] for construct, _, _ in found),
        read_as=tuple(dict.fromkeys(construct[1] for construct, _, _ in found)),
        line=line,
        column=column + 1,
        error=syntax_error(error),
    )


def syntax_error(error: SyntaxError) -> tuple[int, int, str]:
    return (max(error.lineno or 1, 1), max(error.offset or 1, 1), error.msg or "invalid syntax")


def neutralised(text: str) -> tuple[str, list[tuple[tuple, int, int]]] | None:
    """The copy of `text` with the newer constructs neutralised, and where each was; None
    when the running Python cannot even split the text into tokens."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return None
    copy = _Copy(text)
    significant = [t for t in tokens if t.type not in _SKIPPED]
    statement_start = True
    for index, token in enumerate(significant):
        after = significant[index + 1 : index + 4]
        if token.type == tokenize.NAME:
            if statement_start:
                _soft_keyword(copy, token, after, significant, index)
            if token.string in ("class", "def") and _types(after, tokenize.NAME, "["):
                _type_parameters(copy, significant, index + 2)
            elif token.string == "except":
                _except(copy, significant, index)
            elif (
                token.string.lower() in _TEMPLATE_PREFIXES
                and after
                and after[0].type == tokenize.STRING
                and after[0].start == token.end
            ):
                letter = token.string.lower().index("t")
                replacement = "f" if token.string[letter] == "t" else "F"
                copy.replace(_TEMPLATE_STRING, token.start, letter, replacement)
        statement_start = token.type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT) or (
            token.type == tokenize.OP and token.string == ";"
        )
    return copy.text(), copy.found


def _types(tokens: list[tokenize.TokenInfo], *expected: int | str) -> bool:
    """Whether the tokens start with these types (ints) or operators (strings)."""
    if len(tokens) < len(expected):
        return False
    for token, wanted in zip(tokens, expected):
        if isinstance(wanted, str) and (token.type != tokenize.OP or token.string != wanted):
            return False
        if isinstance(wanted, int) and token.type != wanted:
            return False
    return True


def _soft_keyword(copy: _Copy, token, after: list, tokens: list, index: int) -> None:
    """`type X[...] = ...` and `lazy import`/`lazy from`, at the start of a statement."""
    if token.string == "lazy" and after and after[0].string in ("import", "from"):
        copy.replace(_LAZY_IMPORT, token.start, 0, "0;  ")
    elif token.string == "type" and (
        _types(after, tokenize.NAME, "=") or _types(after, tokenize.NAME, "[")
    ):
        equals = index + 2
        if tokens[equals].string == "[":
            equals = _closing(tokens, equals) + 1
        if equals >= len(tokens) or tokens[equals].string != "=":
            return
        if _TYPE_STATEMENT[0] > RUNNING:
            copy.blank(_TYPE_STATEMENT, token.start, tokens[equals].start, "(", ")")
        elif tokens[index + 2].string == "[":  # a 3.12 Python: perhaps 3.13's defaults
            _type_parameters(copy, tokens, index + 2)


def _type_parameters(copy: _Copy, tokens: list, opening: int) -> None:
    closing = _closing(tokens, opening)
    if closing >= len(tokens):
        return
    inside = tokens[opening + 1 : closing]
    depth = 0
    defaults = False
    for token in inside:
        if token.type == tokenize.OP:
            depth += token.string in "([{"
            depth -= token.string in ")]}"
            defaults |= depth == 0 and token.string == "="
    construct = _TYPE_DEFAULTS if defaults else _TYPE_PARAMETERS
    copy.blank(construct, tokens[opening].start, tokens[closing].end)


def _closing(tokens: list, opening: int) -> int:
    """The index of the bracket closing the one at `opening` (len(tokens) if none)."""
    depth = 0
    for index in range(opening, len(tokens)):
        token = tokens[index]
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            depth -= 1
            if depth == 0:
                return index
    return len(tokens)


def _except(copy: _Copy, tokens: list, index: int) -> None:
    """`except A, B:` (and `except* A, B:`): the commas of the handler's bare list become `|`."""
    index += 1
    if index < len(tokens) and tokens[index].string == "*":  # `except*` (3.11)
        index += 1
    depth = 0
    commas = []
    for token in tokens[index:]:
        if token.type != tokenize.OP and not (token.type == tokenize.NAME and token.string == "as"):
            continue
        if token.string in ("(", "[", "{"):
            depth += 1
        elif token.string in (")", "]", "}"):
            depth -= 1
        elif depth == 0 and token.string in (":", "as"):
            break
        elif depth == 0 and token.string == ",":
            commas.append(token)
    for comma in commas:
        copy.replace(_BARE_EXCEPT_LIST, comma.start, 0, "|")


class _Copy:
    """The text being neutralised: replacements by character, each of the same UTF-8 length
    as the character it replaces, and the constructs they neutralise."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts = [0]
        for line in io.StringIO(text):  # split as tokenize does
            self._starts.append(self._starts[-1] + len(line))
        self._edits: dict[int, str] = {}
        self.found: list[tuple[tuple, int, int]] = []

    def replace(self, construct: tuple, where: tuple[int, int], offset: int, text: str) -> None:
        """Replace the characters at `where` (tokenize's (line, column)) + `offset`."""
        if construct[0] <= RUNNING:
            return
        self.found.append((construct, *where))
        start = self._starts[where[0] - 1] + where[1] + offset
        for position, character in enumerate(text, start):
            self._set(position, character)

    def blank(self, construct: tuple, start: tuple, end: tuple, first="", last="") -> None:
        """Blank the characters from `start` to `end` (exclusive), keeping the line breaks
        (a `\\` before each, so the statement goes on); `first` and `last` replace the
        span's first and last characters."""
        if construct[0] <= RUNNING:
            return
        self.found.append((construct, *start))
        begin = self._starts[start[0] - 1] + start[1]
        stop = self._starts[end[0] - 1] + end[1]
        for position in range(begin, stop):
            if self._text[position] not in "\r\n":
                following = self._text[position + 1 : position + 3]
                breaks = following[:1] == "\n" or following[:2] == "\r\n"
                self._set(position, "\\" if breaks else " ")
        if first:
            self._set(begin, first)
        if last:
            self._set(stop - 1, last)

    def _set(self, position: int, character: str) -> None:
        width = len(self._text[position].encode("utf-8", "surrogatepass"))
        self._edits[position] = character + " " * (width - 1)

    def text(self) -> str:
        if not self._edits:
            return self._text
        return "".join(self._edits.get(i, c) for i, c in enumerate(self._text))


def encode_newer(note: NewerSyntax | None) -> tuple | None:
    """Plain tuples for the cache."""
    return None if note is None else tuple(note)


def decode_newer(data: tuple | None) -> NewerSyntax | None:
    if data is None:
        return None
    needs, read_as, line, column, error, unread, headers_only = data
    return NewerSyntax(
        None if needs is None else (int(needs[0]), int(needs[1])),
        tuple(read_as),
        int(line),
        int(column),
        tuple(error),
        tuple(unread),
        tuple(headers_only),
    )
