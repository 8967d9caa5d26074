"""Read one Python file, without running it: its import statements and `# noqa` comments.

Import names follow grimp's parser exactly (`from a import b` imports the object `a.b`,
`from a import *` the object `a.*`), so the graph built from them is the graph grimp
would build. On top of that we keep what grimp does not: columns, the statement's span,
and whether the import runs at import time.
"""

from __future__ import annotations

import ast
import codecs
import io
import re
import tokenize
from typing import NamedTuple

from layerlint.project.newer_syntax import NewerSyntax, decode_newer, encode_newer, parse

# flake8's and ruff's syntax. A bare noqa (no codes) is read as None: layerlint silences only
# the codes a noqa names (diagnostics.py).
_NOQA = re.compile(
    r"#\s*noqa(?::[\s]?(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?", re.IGNORECASE
)
_CODE = re.compile(r"[A-Z]+[0-9]+", re.IGNORECASE)
_NOQA_ANYWHERE = re.compile(rb"noqa", re.IGNORECASE)
NEWLINE = re.compile(r"\r\n|\r|\n")  # Python's line breaks, and only those
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=]")


class ImportStatement(NamedTuple):
    line: int
    column: int  # 1-based, in characters
    end_line: int
    end_column: int  # 1-based, exclusive, in characters
    names: tuple[str, ...]  # imported objects, relative ones with leading dots
    line_contents: str  # the statement's first line, stripped (as grimp records it)
    # Known from a whole-file scan (from `statements_at`, for top-level statements only):
    type_checking: bool | None  # under an `if TYPE_CHECKING:` statement (grimp's rule)
    at_import_time: (
        bool | None
    )  # runs when the module is imported: not in a function, not typing-only


class ParseError(NamedTuple):
    line: int
    column: int
    message: str


class FileScan(NamedTuple):
    imports: tuple[ImportStatement, ...]
    noqa: dict[int, frozenset[str] | None]  # line -> codes silenced there (None: all)
    error: ParseError | None = None
    newer: NewerSyntax | None = None  # read with the newer syntax neutralised


def scan_source(source: bytes) -> FileScan:
    noqa = noqa_lines(source)
    if b"\0" in source:
        return FileScan((), noqa, _decoding_error(source, ValueError("NUL byte")))
    try:
        tree, newer = parse(source)
    except SyntaxError as error:
        return FileScan((), noqa, _syntax_error(error, source))
    except (ValueError, UnicodeError) as error:  # NUL bytes, undecodable text
        return FileScan((), noqa, _decoding_error(source, error))
    except (RecursionError, MemoryError):
        return FileScan((), noqa, ParseError(1, 1, "file is too deeply nested to parse"))
    lines = NEWLINE.split(decode_source(source))
    return FileScan(tuple(_imports(tree, lines)), noqa, newer=newer)


def decode_source(source: bytes, errors: str = "replace") -> str:
    """The text Python reads from a file: decoded as its BOM or coding cookie says, UTF-8
    by default. Undecodable bytes are replaced, or raise with `errors="strict"`."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    except SyntaxError:  # an unknown or contradictory encoding: Python refuses the file
        encoding = "utf-8-sig"
    return source.decode(encoding, errors=errors)


def encode_source(text: str) -> bytes:
    """The bytes of a file that `decode_source` reads as `text`: encoded as its coding
    cookie says, UTF-8 by default (or if the text cannot be encoded so)."""
    data = text.encode("utf-8")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return text.encode(encoding.removesuffix("-sig"))
    except (SyntaxError, UnicodeEncodeError):
        return data


def cookie_line(source: bytes) -> int | None:
    """The line (1 or 2) of the file's coding cookie, if it has one."""
    for number, line in enumerate(source.split(b"\n", 2)[:2], start=1):
        if _COOKIE.match(line.removeprefix(codecs.BOM_UTF8)):
            return number
    return None


def _decoding_error(source: bytes, error: Exception) -> ParseError:
    """Where the file stops being text: the NUL byte's line, when there is one."""
    nul = source.find(b"\0")
    if nul < 0:
        return ParseError(1, 1, f"cannot decode file: {error}")
    line = source.count(b"\n", 0, nul) + 1
    column = nul - (source.rfind(b"\n", 0, nul) + 1) + 1
    return ParseError(line, column, "the file contains null bytes (a NUL byte here)")


def _syntax_error(error: SyntaxError, source: bytes) -> ParseError:
    message = error.msg or "invalid syntax"
    line = error.lineno or 0
    if line < 1:  # an encoding problem, for which Python names no line: the cookie's
        return ParseError(cookie_line(source) or 1, 1, message)
    return ParseError(line, max(error.offset or 1, 1), message)


def noqa_lines(source: bytes) -> dict[int, frozenset[str] | None]:
    if not _NOQA_ANYWHERE.search(source):
        return {}
    text = source.decode("utf-8", errors="replace")
    result: dict[int, frozenset[str] | None] = {}
    for match in _NOQA.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if line in result:
            continue  # as in flake8, the first noqa comment of a line is the one that counts
        codes = match.group("codes")
        result[line] = None if codes is None else frozenset(c.upper() for c in _CODE.findall(codes))
    return result


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.Module, lines: list[str]):
    # (statements, inside a function, in the body of an `if TYPE_CHECKING`)
    stack: list[tuple[list[ast.stmt], bool, bool]] = [(tree.body, False, False)]
    while stack:
        body, in_function, typing_only = stack.pop()
        for node in body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                yield _statement(node, lines, in_function, typing_only)
            elif isinstance(node, ast.If) and _is_type_checking(node.test):
                # Only the body is typing-only, for grimp as at run time: its `elif` and
                # `else` branches are imported like any other code.
                stack.append((node.orelse, in_function, typing_only))
                stack.append((node.body, in_function, True))
            else:
                nested_function = in_function or isinstance(
                    node, (ast.FunctionDef, ast.AsyncFunctionDef)
                )
                for child in _child_bodies(node):
                    stack.append((child, nested_function, typing_only))


def _child_bodies(node: ast.stmt):
    for field in ("body", "orelse", "finalbody"):
        child = getattr(node, field, None)
        if isinstance(child, list) and child:
            yield child
    for handler in getattr(node, "handlers", ()):
        yield handler.body
    for case in getattr(node, "cases", ()):
        yield case.body


def _statement(
    node: ast.Import | ast.ImportFrom,
    lines: list[str],
    in_function: bool,
    typing_only: bool,
) -> ImportStatement:
    line = lines[node.lineno - 1] if node.lineno <= len(lines) else ""
    end_line = node.end_lineno or node.lineno
    end_text = lines[end_line - 1] if end_line <= len(lines) else ""
    end_offset = node.end_col_offset
    return ImportStatement(
        line=node.lineno,
        column=_characters(line, node.col_offset) + 1,
        end_line=end_line,
        end_column=(len(end_text) if end_offset is None else _characters(end_text, end_offset)) + 1,
        names=_names(node),
        line_contents=line.strip(),
        type_checking=typing_only,
        at_import_time=not (in_function or typing_only or _is_lazy(node, line)),
    )


_LAZY = re.compile(r"(?:^|[;\s])lazy\s+$")


def _is_lazy(node: ast.Import | ast.ImportFrom, line: str) -> bool:
    """A PEP 810 `lazy import` (Python 3.15) runs when its name is first used, not at import
    time. Older Pythons read it with `lazy` set aside (newer_syntax.py), so the statement's
    own text says it; 3.15's parser marks the node."""
    if getattr(node, "is_lazy", False):
        return True
    before = line.encode("utf-8")[: node.col_offset].decode("utf-8", errors="replace")
    return _LAZY.search(before) is not None


def _names(node: ast.Import | ast.ImportFrom) -> tuple[str, ...]:
    """The imported objects, relative ones with their leading dots."""
    if isinstance(node, ast.Import):
        return tuple(alias.name for alias in node.names)
    prefix = "." * (node.level or 0) + (f"{node.module}." if node.module else "")
    return tuple(prefix + alias.name for alias in node.names)


def _characters(line: str, offset: int) -> int:
    """How many characters of `line` the parser's offset (in bytes of UTF-8, whatever the
    file's encoding) spans: columns count characters, as flake8's do."""
    return len(line.encode("utf-8")[:offset].decode("utf-8", errors="replace"))


_MAX_STATEMENT_LINES = 100


def statements_at(lines: list[str], number: int) -> list[ImportStatement] | None:
    """The import statements that start on line `number`, parsed from that line alone.

    grimp tells us where each import starts; parsing just that statement (plus its
    continuation lines) gives its exact span at a fraction of the cost of parsing the
    file. A statement at the top level of its line, with the line unindented, is at the
    module's top level (it runs at import time); for any other, the context decides (is it
    inside a function?) and `at_import_time` and `type_checking` are left as None. Returns
    None when the statement cannot be read on its own (it continues a previous line): the
    caller then parses the whole file.
    """
    if not 0 < number <= len(lines):
        return None
    first = lines[number - 1]
    indent = len(first) - len(first.lstrip())
    chunk = [first[indent:]]
    for extra in range(_MAX_STATEMENT_LINES):
        if extra:
            if number - 1 + extra >= len(lines):
                return None
            chunk.append(lines[number - 1 + extra])
        try:
            tree = ast.parse("\n".join(chunk))
        except SyntaxError:
            continue
        except (ValueError, RecursionError, MemoryError):
            return None
        return [
            _light_statement(node, chunk, number, indent, indent == 0 and node in tree.body)
            for node in _imports_on_first_line(tree)
        ]
    return None


def _imports_on_first_line(tree: ast.Module):
    stack = list(reversed(tree.body))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)) and node.lineno == 1:
            yield node
        else:
            for child in reversed(list(_child_bodies(node))):
                stack.extend(reversed(child))


def _light_statement(
    node: ast.Import | ast.ImportFrom, chunk: list[str], number: int, indent: int, top: bool
) -> ImportStatement:
    def column(line_index: int, offset: int) -> int:
        return _characters(chunk[line_index], offset) + 1 + (indent if line_index == 0 else 0)

    end_index = (node.end_lineno or 1) - 1
    return ImportStatement(
        line=number,
        column=column(0, node.col_offset),
        end_line=number + end_index,
        end_column=column(end_index, node.end_col_offset or 0),
        names=_names(node),
        line_contents=(" " * indent + chunk[0]).strip(),
        type_checking=False if top else None,
        at_import_time=(not _is_lazy(node, chunk[0])) if top else None,
    )


def encode_scan(scan: FileScan) -> tuple:
    """Plain tuples for the cache."""
    imports = tuple(
        (
            s.line,
            s.column,
            s.end_line,
            s.end_column,
            s.names,
            s.line_contents,
            s.type_checking,
            s.at_import_time,
        )
        for s in scan.imports
    )
    noqa = tuple(
        (line, None if codes is None else tuple(sorted(codes))) for line, codes in scan.noqa.items()
    )
    error = None if scan.error is None else (scan.error.line, scan.error.column, scan.error.message)
    return (imports, noqa, error, encode_newer(scan.newer))


def decode_scan(data: tuple) -> FileScan:
    imports, noqa, error, newer = data
    return FileScan(
        imports=tuple(ImportStatement(*fields) for fields in imports),
        noqa={line: None if codes is None else frozenset(codes) for line, codes in noqa},
        error=None if error is None else ParseError(*error),
        newer=decode_newer(newer),
    )
