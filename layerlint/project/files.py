"""The project's source files: reading them (or an editor's unsaved buffer instead), and the
per-file results made from them, each cached on disk by the file's stamp
(size, mtime, change time and inode: project/cache.py)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from layerlint.project.cache import ScanCache, Stamp, stamp
from layerlint.project.discovery import ModuleFile
from layerlint.project.newer_syntax import NewerSyntax, decode_newer, decoded, encode_newer, parse
from layerlint.project.outline import Outline, outline_source
from layerlint.project.piecewise import parse_piecewise
from layerlint.project.reading import Unreadable, read_source
from layerlint.project.scanner import FileScan, ParseError, decode_scan, encode_scan, scan_source
from layerlint.project.symbols import (
    ModuleSymbols,
    Sketch,
    decode_symbols,
    encode_symbols,
    mentions_orm,
    sketch_source,
    symbols_of,
)


class SourceFiles:
    def __init__(
        self,
        cache: ScanCache,
        overrides: Mapping[Path, bytes],
        stamps: Mapping[str, Stamp | None] | None = None,
    ):
        self.cache = cache
        self.overrides = overrides
        # looked up for every file the checks read: by the file's name as the survey gives
        # it (a Path made of each name cost 1 s a run at 20,000 modules)
        self._buffers = {str(path): data for path, data in overrides.items()}
        self._memo: dict[tuple[str, str], object] = {}
        self._stamps = dict(stamps or {})
        self.symbols_read: set[str] = set()  # modules whose symbols this run looked at
        # What the checks took of each file besides its imports, so that stored results can
        # tell whether an edit changed anything they used: class headers, an ORM mention
        # looked up alone, symbols (`symbols_read`), or the whole parse of a file grimp
        # could not scan (`deep`: it may hold a syntax error). What placing diagnostics reads
        # is recorded by the project (project/text.py).
        self.sketched: set[str] = set()
        self.mentions: dict[str, bool] = {}
        self.deep: set[str] = set()
        # Files that cannot be parsed at all (LL901, set by the build): nothing is read from
        # them, even what a statement-by-statement reading would find.
        self.unparsable: set[str] = set()

    def stamp(self, module: ModuleFile) -> Stamp | None:
        """What the cache is keyed by; None for a buffer or an unreadable file. Taken once
        per run (or given, by the survey of the project): the run reads the file as it was
        then."""
        if self._buffers and module.file in self._buffers:
            return None
        if module.name not in self._stamps:
            try:
                self._stamps[module.name] = stamp(os.stat(module.file))
            except OSError:
                self._stamps[module.name] = None
        return self._stamps[module.name]

    def contents(self, module: ModuleFile) -> bytes | None:
        """The file's contents (or its buffer's); None if it cannot be read."""
        found = self.read(module)
        return None if isinstance(found, Unreadable) else found

    def read(self, module: ModuleFile) -> bytes | Unreadable:
        """The file's contents (or its buffer's), else why they cannot be read."""
        if self._buffers and module.file in self._buffers:
            return self._buffers[module.file]
        return read_source(module.file)

    def detail_scan(self, module: ModuleFile) -> FileScan:
        """The whole-file Python scan: every import statement with its context."""
        return self._cached(_DETAILS, module)

    def outline(self, module: ModuleFile) -> Outline | None:
        """What the module runs when imported (project/outline.py); None if unparsable."""
        return self._cached(_OUTLINES, module)

    def sketch(self, module: ModuleFile) -> Sketch:
        self.sketched.add(module.name)
        return self._cached(_SKETCHES, module)

    def stored_sketch(self, module: ModuleFile) -> Sketch | None:
        """The sketch if it is at hand (made in this run, or cached for the file as it is),
        else None: a caller with a cheaper test than reading the file can try that first."""
        key = (_SKETCHES.name, module.name)
        if key in self._memo:
            self.sketched.add(module.name)
            return self._memo[key]
        file_stamp = self.stamp(module)
        data = self.cache.get(_SKETCHES.name, module.relpath, file_stamp) if file_stamp else None
        if data is None:
            return None
        try:
            sketch = _decode_sketch(data)
        except (TypeError, ValueError):
            return None  # a damaged entry: the caller computes it again
        self._memo[key] = sketch
        self.sketched.add(module.name)
        return sketch

    def mentions_orm(self, module: ModuleFile) -> bool:
        """The sketch's `orm_hint`, without making the sketch when it is not at hand."""
        sketch = self.stored_sketch(module)
        if sketch is not None:
            return sketch.orm_hint
        self.mentions[module.name] = found = self._cached(_MENTIONS, module)
        return found

    def sketch_entry(self, module: ModuleFile) -> object:
        """The sketch as the cache stores it (plain tuples): cheap to compare and hash."""
        self.sketched.add(module.name)
        return self._entry(_SKETCHES, module)

    def symbols(self, module: ModuleFile) -> ModuleSymbols | None:
        """What the module defines; None when it cannot be parsed."""
        self.symbols_read.add(module.name)
        if module.name in self.unparsable:
            return None
        return self._cached(_SYMBOLS, module).symbols

    def symbols_entry(self, module: ModuleFile) -> object:
        """The symbols as the cache stores them, with how they were read."""
        return self._entry(_SYMBOLS, module)

    def newer_syntax(self, module: ModuleFile) -> NewerSyntax | None:
        """How Python's parser read the file in this run, when it could not read it as
        written (newer syntax, neutralised or read piecewise): for the symbols the checks
        read, or the imports of a file grimp did not scan (`deep`)."""
        note = None
        if module.name in self.symbols_read:
            note = self._cached(_SYMBOLS, module).newer
        if note is None and module.name in self.deep:
            note = self.detail_scan(module).newer
        return note

    def _entry(self, table: _Table, module: ModuleFile) -> object:
        file_stamp = self.stamp(module)
        if file_stamp is not None:
            data = self.cache.get(table.name, module.relpath, file_stamp)
            if data is not None:
                return data
        value = self._cached(table, module)
        return None if value is None else table.encode(value)

    def _cached(self, table: _Table, module: ModuleFile):
        key = (table.name, module.name)
        if key not in self._memo:
            self._memo[key] = self._load(table, module)
        return self._memo[key]

    def _load(self, table: _Table, module: ModuleFile):
        file_stamp = self.stamp(module)
        if file_stamp is not None:
            data = self.cache.get(table.name, module.relpath, file_stamp)
            if data is not None:
                try:
                    return table.decode(data)
                except (TypeError, ValueError):
                    pass  # an entry from a damaged cache: compute it again
        result = table.compute(self.read(module))
        if file_stamp is not None and self.cache.directory is not None:
            encoded = None if result is None else table.encode(result)
            self.cache.put(table.name, module.relpath, file_stamp, encoded)
        return result


def _scan(source: bytes | Unreadable) -> FileScan:
    if isinstance(source, Unreadable):
        return FileScan((), {}, ParseError(1, 1, source.reason))
    return scan_source(source)


def _outline(source: bytes | Unreadable) -> Outline | None:
    return outline_source(_bytes(source))


def _decode_outline(data: object) -> Outline:
    events, unsure = data  # type: ignore[misc]
    return tuple(map(tuple, events)), tuple(map(str, unsure))


def _sketch(source: bytes | Unreadable) -> Sketch:
    return sketch_source(_bytes(source))


def _bytes(source: bytes | Unreadable) -> bytes:
    """What a file that cannot be read holds, for the checks beyond LL901: nothing."""
    return b"" if isinstance(source, Unreadable) else source


def taken_from(source: bytes, sketch: bool, mention: bool, symbols: bool) -> tuple:
    """What an analysis takes of a file's text, as `sketch_entry`, `mentions_orm` and
    `symbols_entry` give it, made from `source` (None where not taken)."""
    return (
        encode_sketch(_sketch(source)) if sketch else None,
        _mention(source) if mention else None,
        _encode_read(read_symbols(source)) if symbols else None,
    )


def _mention(source: bytes | Unreadable) -> bool:
    return mentions_orm(_bytes(source))


def _decode_mention(data: object) -> bool:
    if type(data) is not bool:
        raise TypeError("not a mention")
    return data


def encode_sketch(sketch: Sketch) -> tuple:
    return (sketch.class_names, sketch.orm_hint, sketch.class_bases)


def _decode_sketch(data: tuple) -> Sketch:
    names, hint, bases = data
    return Sketch(tuple(names), bool(hint), tuple(bases))


class ReadSymbols(NamedTuple):
    """A file's symbols (None: it cannot be read at all), and how Python's parser read it
    (None: as written)."""

    symbols: ModuleSymbols | None
    newer: NewerSyntax | None


def read_symbols(source: bytes | Unreadable) -> ReadSymbols:
    if isinstance(source, Unreadable):
        return ReadSymbols(None, None)
    try:
        try:
            tree, newer = parse(source)
        except SyntaxError as error:
            # grimp's parser may know syntax Python's does not: what can be read still counts
            text = decoded(source)
            if text is None:
                return ReadSymbols(None, None)
            tree, newer = parse_piecewise(text, error)
        return ReadSymbols(symbols_of(tree, source), newer)
    except (ValueError, UnicodeError, RecursionError, MemoryError):
        return ReadSymbols(None, None)


def _encode_read(read: ReadSymbols) -> tuple:
    symbols = None if read.symbols is None else encode_symbols(read.symbols)
    return (symbols, encode_newer(read.newer))


def _decode_read(data: tuple) -> ReadSymbols:
    symbols, newer = data
    return ReadSymbols(None if symbols is None else decode_symbols(symbols), decode_newer(newer))


class _Table(NamedTuple):
    """A per-file result: its cache table, how to make it, how to store it."""

    name: str
    compute: Callable[[bytes | Unreadable], Any]
    encode: Callable[[Any], object]
    decode: Callable[[Any], Any]


_DETAILS = _Table("details", _scan, encode_scan, decode_scan)
_SKETCHES = _Table("sketches", _sketch, encode_sketch, _decode_sketch)
_MENTIONS = _Table("mentions", _mention, bool, _decode_mention)
_SYMBOLS = _Table("symbols", read_symbols, _encode_read, _decode_read)
_OUTLINES = _Table("outlines", _outline, tuple, _decode_outline)
