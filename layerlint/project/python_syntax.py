"""Plain Python syntax that the checks' extractions share: reading a file with Python's
parser as far as it can be read, the statements that run at module level, and the `class`
headers of a file found without parsing it. What any of it means is the checks' business."""

from __future__ import annotations

import ast
import re

from layerlint.project.extraction import Extraction, register
from layerlint.project.newer_syntax import NewerSyntax, decoded, parse
from layerlint.project.piecewise import parse_piecewise
from layerlint.project.reading import Unreadable


def parse_leniently(source: bytes) -> tuple[ast.Module, NewerSyntax | None] | None:
    """The file's tree, and how Python's parser read it (None: as written); None when it
    cannot be read at all. grimp's parser may know syntax Python's does not: what can be
    read still counts (newer syntax neutralised, or the file read statement by statement)."""
    try:
        try:
            return parse(source)
        except SyntaxError as error:
            text = decoded(source)
            if text is None:
                return None
            return parse_piecewise(text, error)
    except (ValueError, UnicodeError, RecursionError, MemoryError):
        return None


def module_level(body: list[ast.stmt]):
    """Statements that run at module level: the body, and inside if/try/with blocks."""
    stack = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.If, ast.Try, ast.With)) or type(node).__name__ == "TryStar":
            children = [
                *node.body,
                *getattr(node, "orelse", []),
                *(s for h in getattr(node, "handlers", []) for s in h.body),
                *getattr(node, "finalbody", []),
            ]
            stack.extend(reversed(children))


# Not anchored with MULTILINE `^`, which the regex engine tries at every line: searching for
# the literal "class" jumps from one to the next (7x faster on Django's source); whether
# the keyword starts its line is checked after (see `class_headers`). Type parameters skipped.
_CLASS_HEADER = re.compile(
    rb"class[ \t]+([A-Za-z_]\w*)[ \t]*(?:\[(?:[^][\n]|\[[^][\n]*\])*\][ \t]*)?(?:\(([^)]*))?"
)
_IDENTIFIER = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")


def class_headers(source: bytes) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(names, bases): every `class X` header's name, nested ones too, and the identifiers
    used in their base lists (rough: keywords such as `metaclass` included), each sorted."""
    if b"class" not in source:
        return (), ()
    headers = _class_headers(source)
    names = {name.decode() for name, _ in headers}
    bases = {i.decode() for _, group in headers if group for i in _IDENTIFIER.findall(group)}
    return tuple(sorted(names)), tuple(sorted(bases))


def _class_headers(source: bytes) -> list[tuple[bytes, bytes | None]]:
    """(name, base list) of every `class` keyword that is the first word on its line."""
    headers = []
    match = _CLASS_HEADER.search(source)
    while match:
        start = match.start()
        if not source[source.rfind(b"\n", 0, start) + 1 : start].strip(b" \t"):
            headers.append(match.groups())
            match = _CLASS_HEADER.search(source, match.end())
        else:  # within a line ("a subclass X(..."): a real header may start inside the match
            match = _CLASS_HEADER.search(source, start + len(b"class"))
    return headers


def _headers(source: bytes | Unreadable) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return ((), ()) if isinstance(source, Unreadable) else class_headers(source)


def _decode_headers(data: tuple) -> tuple[tuple[str, ...], tuple[str, ...]]:
    names, bases = data
    return tuple(map(str, names)), tuple(map(str, bases))


# The class headers of a file, for every check that looks for classes (`unique`, the
# SQLAlchemy rules): read once per file, whoever asks first.
CLASS_HEADERS = register(
    Extraction(
        "layerlint.project.python_syntax:class_headers",
        _headers,
        tuple,
        _decode_headers,
        with_read=True,
    )
)


# `from` and the dots after it, spaces and line continuations between them: found in strings
# and comments too, which makes the count an upper bound, never less than the truth.
_RELATIVE_FROM = re.compile(rb"from[ \t\f\\\r\n]*(\.(?:[ \t\f\\\r\n]*\.)*)")


def most_leading_dots(source: bytes | Unreadable) -> int:
    """The most leading dots of a relative `from` import in the file, found without parsing
    it (at least the true number: a file is parsed only when this says it could matter)."""
    if isinstance(source, Unreadable) or b"from" not in source:
        return 0
    return max((m.group(1).count(b".") for m in _RELATIVE_FROM.finditer(source)), default=0)


# For the relative imports beyond the top-level package (LL907): every file is asked.
LEADING_DOTS = register(
    Extraction(
        "layerlint.project.python_syntax:leading_dots", most_leading_dots, int, int, with_read=True
    )
)
