"""An on-disk cache, so an unchanged file is neither scanned nor parsed twice.

It holds tables of per-file results, each entry keyed by path and the file's stamp (size,
modification time, change time and inode): grimp's imports, the detailed scan, the outline
(what it runs when imported, for LL401), and the extractions the checks register (a table
each: project/extraction.py). grimp's imports also depend on which modules exist and on the graph options, so that table is
kept only while that `fingerprint` is unchanged. It also holds the `memo` of whole-project
results keyed by digests of what they depend on (the graph's queries, project/graph.py; the
SQLAlchemy rules, orm/memo.py), of which only what the last run used is kept.

The file is written with `marshal` (plain tuples, never code: loading a cache file cannot
run anything) in parts, each after its length (a header, the entries of a few thousand
files at a time, the memo), through the store (store.py: whole, sealed, read with
bounds). A file's part is fixed by a hash of its path, so that an edit leaves the other
parts as they were: those are copied from the file loaded (when it is still the same
file) rather than encoded again. A cache that cannot be read is rebuilt; one that cannot
be written costs speed, never correctness. Callers decode entries themselves and treat an
entry they cannot decode as missing; some tables hold each entry marshalled once more
(`Extraction.packed`).
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from layerlint import __version__
from layerlint.store import Store, code_stamp

_FORMAT = 15
_PART = 2_048  # files a part of the cache file holds, on average
_KEY = (_FORMAT, __version__, sys.version_info[:2])  # with the stamp of layerlint's code
_FILE = "files.marshal"
_FINGERPRINTED = "imports"

Stamp = tuple[int, int, int, int]  # (mtime_ns, size, ctime_ns, inode)


class ScanCache:
    def __init__(self, directory: Path | None):
        self.directory = directory
        self.fingerprint = ""
        self.warning: str | None = None
        self._tables: dict[str, dict[str, tuple[Stamp, object]]] = {_FINGERPRINTED: {}}
        self._dirty = False
        # The parts of the file loaded (their places in it) and the files whose entries
        # changed since: the other parts are copied when the cache is written.
        self._loaded: Loaded | None = None
        self._touched: set[str] = set()
        self.memo = Memo({})
        # What is made of files' texts and never stored (their lines decoded...): kept in
        # memory, for the files the last analysis read, while their stamp is the same, so
        # that a process that analyses again (the language server) does not make it again.
        self._texts: dict[str, tuple[Stamp, dict[str, object]]] = {}
        self._texts_before: dict[str, tuple[Stamp, dict[str, object]]] = {}
        self._store = Store(directory) if directory is not None else None
        if self._store is not None:
            self._load(self._store.read_identified(_FILE))

    def set_fingerprint(self, fingerprint: str) -> None:
        if fingerprint != self.fingerprint:
            self._tables[_FINGERPRINTED].clear()
            self.fingerprint = fingerprint
            self._dirty = True
            self._loaded = None  # every part changes

    def get(self, table: str, relpath: str, stamp: Stamp) -> object | None:
        entries = self._tables.get(table)
        entry = entries.get(relpath) if entries is not None else None
        return entry[1] if entry is not None and entry[0] == stamp else None

    def made_of_text(self, relpath: str, stamp: Stamp) -> dict[str, object]:
        """What this analysis makes of the file's text (see `new_analysis`)."""
        found = self._texts.get(relpath) or self._texts_before.get(relpath)
        if found is None or found[0] != stamp:
            found = (stamp, {})
        self._texts[relpath] = found
        return found[1]

    def new_analysis(self) -> None:
        """What the analysis before made of texts stays for this one, then goes; so does
        what it used of the memo."""
        self._texts_before, self._texts = self._texts, {}
        self.memo.new_analysis()

    def table(self, table: str) -> dict[str, tuple[Stamp, object]]:
        """relpath -> (stamp, data): a table's entries, to look many up in place (an entry
        stands for the file only while its stamp is the file's)."""
        return self._tables.get(table, {})

    def put(self, table: str, relpath: str, stamp: Stamp, data: object) -> None:
        if self.directory is not None:
            self._tables.setdefault(table, {})[relpath] = (stamp, data)
            self._dirty = True
            self._touched.add(relpath)

    def retain(self, relpaths: set[str]) -> None:
        """Forget files that no longer exist, so the cache does not grow forever."""
        for entries in self._tables.values():
            for relpath in entries.keys() - relpaths:
                del entries[relpath]
                self._dirty = True
                self._touched.add(relpath)

    def save(self) -> None:
        if self._store is None or not (self._dirty or self.memo.changed):
            return
        try:
            key = (*_KEY, code_stamp())
            parts = encode(key, self.fingerprint, self._tables, self.memo.used, self._unchanged)
            self._store.write_parts(_FILE, parts)
        except OSError as error:
            self.warning = f"cannot write the cache in {self.directory}: {error.strerror}"
        self._loaded = None  # (the file on disk is no longer the one loaded)
        self._dirty = False
        self._touched.clear()
        self.memo.saved()

    def _unchanged(self, count: int) -> Callable[[int], bytes | None] | None:
        """For `encode`: the part of the file loaded at an index, as written there, while
        the file is still the one loaded, the parts are as many, and none of its files'
        entries changed; else None."""
        loaded = self._loaded
        if loaded is None or self._store is None or len(loaded.spans) != count:
            return None
        dirty = {_part_of(relpath, count) for relpath in self._touched}
        wanted = [i for i in range(count) if i not in dirty]
        found = self._store.read_spans(_FILE, loaded.identity, [loaded.spans[i] for i in wanted])
        if found is None:
            return None
        kept = dict(zip(wanted, found))
        return kept.get

    def _load(self, read: tuple[bytes, tuple] | None) -> None:
        if read is None:
            return  # missing, unreadable, damaged or foreign: start afresh
        data, identity = read
        spans: list[tuple[int, int]] = []
        try:
            key, fingerprint, tables, memo = decode(data, spans)
        except _DAMAGED:
            return
        if key == (*_KEY, code_stamp()) and isinstance(fingerprint, str) and _well_formed(tables):
            self.fingerprint, self._tables = fingerprint, tables
            self._loaded = Loaded(identity, spans)
            if isinstance(memo, dict):  # its entries are checked by their readers
                self.memo = Memo(memo)


_DAMAGED = (EOFError, ValueError, TypeError, KeyError, AttributeError, StopIteration)


class Loaded(NamedTuple):
    """The cache file as loaded: its identity in the store, and where each part of files'
    entries lies in it (start and end, its length before it included)."""

    identity: tuple
    spans: list[tuple[int, int]]


def encode(
    key: tuple,
    fingerprint: str,
    tables: dict,
    memo: dict,
    unchanged: Callable[[int], Callable[[int], bytes | None] | None] | None = None,
) -> Iterator[bytes]:
    """The cache file, in parts marshalled one at a time (the whole cache at once, at
    20,000 modules, took 35 MB more memory while it was written): a header, the entries of
    every table for each part of the files (a file's entries in one part, so that they
    share its stamp when loaded; its part fixed by a hash of its path), then the memo's
    entries. `unchanged(count)` gives, if the cache can tell, the written form of a part
    that has not changed (by index), or None for one to encode."""
    relpaths = sorted(set().union(*tables.values()))
    count = max(1, -(-len(relpaths) // _PART))
    kept = unchanged(count) if unchanged is not None else None
    yield from _framed([(key, fingerprint, tuple(tables), count, len(memo))])
    chunks: list[list[str]] | None = None
    for index in range(count):
        written = kept(index) if kept is not None else None
        if written is not None:
            yield written
            continue
        if chunks is None:
            chunks = [[] for _ in range(count)]
            for relpath in relpaths:
                chunks[_part_of(relpath, count)].append(relpath)
        some = chunks[index]
        yield from _framed(
            [
                {
                    table: {relpath: entries[relpath] for relpath in some if relpath in entries}
                    for table, entries in tables.items()
                }
            ]
        )
    yield from _framed(memo.items())  # an entry a part: some hold a whole graph's imports


def _part_of(relpath: str, count: int) -> int:
    return zlib.crc32(relpath.encode("utf-8", "surrogateescape")) % count


def decode(
    data: bytes, spans: list[tuple[int, int]] | None = None
) -> tuple[object, object, dict, dict]:
    """(key, fingerprint, tables, memo) of a cache file `encode` wrote (less its seal);
    raises one of `_DAMAGED` on anything else. `spans`, if given, receives where each part
    of files' entries lies in `data`."""
    parts = _unframed(data)
    (key, fingerprint, names, count, remembered), _ = next(parts)
    tables: dict = {name: {} for name in names}
    for _ in range(count):
        part, span = next(parts)
        for table, entries in part.items():
            tables[table].update(entries)
        if spans is not None:
            spans.append(span)
    memo = {}
    for _ in range(remembered):
        (name, value), _ = next(parts)
        memo[name] = value
    return key, fingerprint, tables, memo


def _framed(values: Iterable[object]) -> Iterator[bytes]:
    """Each value marshalled, after its length."""
    for value in values:
        data = marshal.dumps(value)
        yield len(data).to_bytes(8, "little")
        yield data


def _unframed(data: bytes) -> Iterator[tuple[object, tuple[int, int]]]:
    """The values `_framed` wrote, read in place, each with where it lies (its length
    before it included)."""
    view = memoryview(data)
    position = 0
    while position < len(data):
        size = int.from_bytes(view[position : position + 8], "little")
        start, end = position, position + 8 + size
        if size < 1 or end > len(data):
            raise ValueError("damaged part")
        yield marshal.loads(view[start + 8 : end]), (start, end)
        position = end


class Memo:
    """Results by the digest of their inputs: those read or written in this run are kept.
    A process that analyses again (the language server) keeps those of its last analysis:
    what is kept from one analysis to the next is what files.SourceFiles.flagged keeps
    up to date, which must not outlive an analysis that did not."""

    def __init__(self, stored: dict) -> None:
        self._stored = stored
        self.used: dict[str, object] = {}
        self._written = False
        self._analysed = False

    def new_analysis(self) -> None:
        if self._analysed:
            self._stored, self.used = self.used, {}
        self._analysed = True

    @property
    def changed(self) -> bool:
        """Whether saving would change what is stored (unused entries are dropped)."""
        return self._written or self.used.keys() != self._stored.keys()

    def saved(self) -> None:
        self._stored, self._written = dict(self.used), False

    def get(self, key: str) -> object | None:
        if key not in self.used and key in self._stored:
            self.used[key] = self._stored[key]
        return self.used.get(key)

    def __setitem__(self, key: str, value: object) -> None:
        self.used[key] = value
        self._written = True


def _well_formed(tables: object) -> bool:
    """Whether the tables are as `encode` writes them. Their entries are not checked one
    by one (at 50,000 modules that took 0.07-0.12 s of every run that analyses): a file
    loaded is sealed by its digest, so it is the one written, by this very code (its stamp
    is in the key)."""
    return (
        isinstance(tables, dict)
        and _FINGERPRINTED in tables
        and all(isinstance(t, str) and isinstance(e, dict) for t, e in tables.items())
    )


def stamp(stat: os.stat_result) -> Stamp:
    """What tells a file's versions apart. Size and mtime can be put back (`cp -p`,
    `touch -r`, `tar x`, restored mtimes in CI) and `chmod` changes neither; the change
    time and the inode cannot be set by hand, and differ in a copy or another checkout, so
    a store copied or committed along with the files is not trusted either."""
    return (stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns, stat.st_ino)
