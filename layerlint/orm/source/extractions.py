"""What the SQLAlchemy rules read of a file, as per-file extractions (project/extraction.py),
cached by the file's stamp:
- the *sketch* (no parse): the class names it may define and the bases in their headers
  (the project's CLASS_HEADERS, which `unique` reads too), and whether it mentions
  anything ORM-related (the *mention*), so that most files are never parsed;
- the *symbols* (a full `ast` parse, only for the files the sketch selects: symbols.py).
"""

from __future__ import annotations

import ast
from typing import NamedTuple

from layerlint.orm.source.symbols import ModuleSymbols, decode_symbols, encode_symbols, symbols_of
from layerlint.project.discovery import ModuleFile
from layerlint.project.extraction import Extraction, register
from layerlint.project.files import SourceFiles
from layerlint.project.newer_syntax import NewerSyntax, decode_newer, encode_newer
from layerlint.project.python_syntax import CLASS_HEADERS, parse_leniently
from layerlint.project.reading import Unreadable

# Literal needles: `in` on bytes is far faster than a regex with alternatives.
# A file that defines a base or a model names SQLAlchemy or a mapping attribute; a file
# that only subclasses models found elsewhere is reached through its class headers.
_ORM_NEEDLES = (
    b"sqlalchemy",
    b"sqlmodel",
    b"__tablename__",
    b"__table",
    b"__abstract__",
    b"extend_existing",
    b".Table(",  # Flask-SQLAlchemy's `db.Table(...)`, in a module that needs no import
)


class Sketch(NamedTuple):
    class_names: tuple[str, ...]  # every `class X` header, nested ones too
    orm_hint: bool  # mentions SQLAlchemy or a mapping attribute
    class_bases: tuple[str, ...]  # identifiers used in class headers' base lists (rough)


def mentions_orm(source: bytes) -> bool:
    return any(needle in source for needle in _ORM_NEEDLES)


class ReadSymbols(NamedTuple):
    """A file's symbols (None: it cannot be read at all), and how Python's parser read it
    (None: as written)."""

    symbols: ModuleSymbols | None
    newer: NewerSyntax | None


def read_symbols(source: bytes | Unreadable) -> ReadSymbols:
    if isinstance(source, Unreadable):
        return ReadSymbols(None, None)
    parsed = parse_leniently(source)
    if parsed is None:
        return ReadSymbols(None, None)
    tree, newer = parsed
    if newer is not None and newer.headers_only:
        _unknown_tables(tree, newer.headers_only)
    try:
        return ReadSymbols(symbols_of(tree, source), newer)
    except (ValueError, UnicodeError, RecursionError, MemoryError):
        return ReadSymbols(None, None)


def _unknown_tables(tree: ast.Module, names: tuple[str, ...]) -> None:
    """A class read from its header only (project/piecewise.py) has an unknown table name
    and table arguments, so that the rules say nothing about its table rather than guess."""
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name in names and len(node.body) == 1:
            unknown = ast.parse("__tablename__ = __table_args__ = ...").body[0]
            ast.increment_lineno(unknown, node.body[0].lineno - 1)
            node.body = [unknown]


def _bytes(source: bytes | Unreadable) -> bytes:
    """What a file that cannot be read holds, for the checks beyond LL901: nothing."""
    return b"" if isinstance(source, Unreadable) else source


def _decode_mention(data: object) -> bool:
    if type(data) is not bool:
        raise TypeError("not a mention")
    return data


def _encode_read(read: ReadSymbols) -> tuple:
    symbols = None if read.symbols is None else encode_symbols(read.symbols)
    return (symbols, encode_newer(read.newer))


def _decode_read(data: tuple) -> ReadSymbols:
    symbols, newer = data
    return ReadSymbols(None if symbols is None else decode_symbols(symbols), decode_newer(newer))


MENTION = register(
    Extraction(
        "layerlint.orm.source.extractions:mention",
        lambda source: mentions_orm(_bytes(source)),
        bool,
        _decode_mention,
        with_read=True,
    )
)
SYMBOLS = register(
    Extraction(
        "layerlint.orm.source.extractions:symbols",
        read_symbols,
        _encode_read,
        _decode_read,
        newer=lambda entry: decode_newer(entry[1]),
        needs_parse=True,
        packed=True,
    )
)


def sketch(files: SourceFiles, module: ModuleFile) -> Sketch:
    """The module's class headers (the project's, shared with `unique`) and its mention."""
    names, bases = files.extract(CLASS_HEADERS, module)
    return Sketch(names, mentions(files, module), bases)


def mentions(files: SourceFiles, module: ModuleFile) -> bool:
    """Whether the module mentions SQLAlchemy or a mapping attribute."""
    return files.extract(MENTION, module)


def symbols(files: SourceFiles, module: ModuleFile) -> ModuleSymbols | None:
    """What the module defines; None when it cannot be parsed."""
    read = files.extract(SYMBOLS, module)
    return None if read is None else read.symbols
