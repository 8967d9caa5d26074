"""An on-disk cache, so an unchanged file is neither scanned nor parsed twice.

It holds tables of per-file results, each entry keyed by path and the file's stamp (size,
modification time, change time and inode): grimp's imports, the detailed scan, the outline
(what it runs when imported, for LL401), and the extractions the checks register (a table
each: project/extraction.py). grimp's imports also depend on which modules exist and on
the graph options, so that table is kept only while that `fingerprint` is unchanged. It
also holds the `memo` of whole-project results keyed by digests of what they depend on
(the graph's queries, project/graph.py; the SQLAlchemy rules, orm/memo.py), of which only
what the last run used is kept.

Each table is split in parts, a file's part fixed by a hash of its path, and each part is a
file of its own, named by the digest of what it holds; an index (`files.marshal`) names the
parts of every table and holds the memo. A part is read when one of its entries is first
asked for, and written only when one of its entries changed: an import edit in a project
of 50,000 modules reads the imports and writes a few small files (all of it in one file,
49 MB there, takes 0.26 s to decode and 0.2 s to write). The index is written last: a part
it names never changes, and one no index names any more is removed after it.

Everything is written with `marshal` (plain tuples, never code: loading a cache file cannot
run anything) through the store (store.py: whole, sealed, read with bounds). A cache that
cannot be read is rebuilt; a part that cannot be read (removed meanwhile by another run,
say) is a part with no entries; one that cannot be written costs speed, never
correctness. Callers decode entries themselves and treat an entry they cannot decode as
missing; some tables hold each entry marshalled once more (`Extraction.packed`).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from layerlint import __version__
from layerlint.store import Store, code_stamp

_FORMAT = 16
_PART = 2_048  # files a part of a table holds, on average
_KEY = (_FORMAT, __version__, sys.version_info[:2])  # with the stamp of layerlint's code
_FILE = "files.marshal"  # the index
_PARTS = ("files-", ".part")  # a part's file name: around the digest of its data
_FINGERPRINTED = "imports"

Stamp = tuple[int, int, int, int]  # (mtime_ns, size, ctime_ns, inode)
Entries = dict[str, tuple[Stamp, object]]  # relpath -> (stamp, data)


class ScanCache:
    def __init__(self, directory: Path | None):
        self.directory = directory
        self.fingerprint = ""
        self.warning: str | None = None
        self._tables: dict[str, Entries] = {_FINGERPRINTED: {}}
        # The index as loaded: how many parts each table has, each part's file (None: no
        # entries), and the parts not read yet, by table and part.
        self._count = 0
        self._files: dict[str, list[str | None]] = {}
        self._unread: dict[str, dict[int, str]] = {}
        # Of each part read, its files (to write it again with its changes); of each table,
        # the files whose entries changed since the index was loaded.
        self._members: dict[tuple[str, int], list[str]] = {}
        self._touched: dict[str, set[str]] = {}
        # A digest of the files the last `retain` kept (while no entry of another file is
        # put), those files and how many (see `retain`).
        self._retained: bytes | None = None
        self._kept: set[str] | None = None
        self._retained_count: int | None = None
        self._dirty = False
        self.memo = Memo({})
        self.generation = 0  # analyses so far (see `new_analysis`)
        # What is made of files' texts and never stored (their lines decoded...): kept in
        # memory, for the files the last analysis read, while their stamp is the same, so
        # that a process that analyses again (the language server) does not make it again.
        self._texts: dict[str, tuple[Stamp, dict[str, object]]] = {}
        self._texts_before: dict[str, tuple[Stamp, dict[str, object]]] = {}
        self._store = Store(directory) if directory is not None else None
        if self._store is not None:
            self._load(self._store.read(_FILE))

    def set_fingerprint(self, fingerprint: str) -> None:
        if fingerprint != self.fingerprint:
            self._drop(_FINGERPRINTED)
            self.fingerprint = fingerprint
            self._dirty = True

    def get(self, table: str, relpath: str, stamp: Stamp) -> object | None:
        entry = self.held(table, relpath)
        return entry[1] if entry is not None and entry[0] == stamp else None

    def held(self, table: str, relpath: str) -> tuple[Stamp, object] | None:
        """(stamp, data) of the file's entry, whatever its stamp: what was made of an
        earlier version of the file, if it has changed since."""
        entries = self._tables.get(table)
        entry = entries.get(relpath) if entries is not None else None
        if entry is None and table in self._unread:
            entry = self._read_part(table, relpath).get(relpath)
        return entry

    def made_of_text(self, relpath: str, stamp: Stamp) -> dict[str, object]:
        """What this analysis makes of the file's text (see `new_analysis`)."""
        found = self._texts.get(relpath) or self._texts_before.get(relpath)
        if found is None or found[0] != stamp:
            found = (stamp, {})
        self._texts[relpath] = found
        return found[1]

    def new_analysis(self) -> None:
        """What the analysis before made of texts stays for this one, then goes. The
        analyses are counted (`generation`, kept on disk with the index): what the memo
        keeps up to date from one analysis to the next (files.SourceFiles.flagged) is of
        use only to the one after the analysis that made it; an analysis that did not
        use it brought the tables up to date without it."""
        self._texts_before, self._texts = self._texts, {}
        self.generation += 1

    def table(self, table: str) -> Entries:
        """relpath -> (stamp, data): a table's entries, to look many up in place (an entry
        stands for the file only while its stamp is the file's). Every part is read."""
        for index in list(self._unread.get(table, ())):
            self._read(table, index)
        return self._tables.get(table, {})

    def put(self, table: str, relpath: str, stamp: Stamp, data: object) -> None:
        if self.directory is not None:
            entries = self._read_part(table, relpath) if table in self._unread else None
            if entries is None:
                entries = self._tables.setdefault(table, {})
            entries[relpath] = (stamp, data)
            self._dirty = True
            if self._count:  # (else every part is written: nothing loaded to keep)
                self._touched.setdefault(table, set()).add(relpath)
            if self._kept is not None and relpath not in self._kept:
                self._retained = None  # a file beyond those kept: the next `retain` reads all

    def retain(self, relpaths: set[str]) -> None:
        """Forget files that no longer exist, so the cache does not grow forever. The files
        kept last time are known by a digest: while they are the same (and every entry put
        since is of one of them), no part needs reading to tell."""
        digest = hashlib.blake2b("\n".join(sorted(relpaths)).encode(), digest_size=16).digest()
        self._kept, self._retained_count = relpaths, len(relpaths)
        touched = (relpath for found in self._touched.values() for relpath in found)
        if digest == self._retained and all(relpath in relpaths for relpath in touched):
            return
        for table in list(self._tables.keys() | self._unread.keys()):
            entries = self.table(table)
            for relpath in entries.keys() - relpaths:
                del entries[relpath]
                self._dirty = True
                self._touched.setdefault(table, set()).add(relpath)
        self._retained, self._dirty = digest, True  # (to be written down)

    def save(self) -> None:
        if self._store is None or not (self._dirty or self.memo.changed):
            return
        try:
            self._write()
        except OSError as error:
            self.warning = f"cannot write the cache in {self.directory}: {error.strerror}"
        self._dirty = False
        self.memo.saved()

    def _write(self) -> None:
        """Each part whose entries changed, under the digest of its data, then the index
        naming every part; then the files of the parts it no longer names go."""
        assert self._store is not None
        count = self._part_count()
        if count != self._count:  # the parts divide the files anew: each table in full
            for table in list(self._unread):
                self.table(table)
            self._members.clear()
            self._files = {}
        names: dict[str, list[str | None]] = {}
        placed: dict[str, int] = {}
        present = self._store.names(_PARTS)  # (another run may have removed some meanwhile)
        for table, entries in self._tables.items():
            found = [n if n in present else None for n in self._files.get(table) or [None] * count]
            # the parts to write, each with the files it held and those whose entries changed
            members: dict[int, list[str]] = {}
            if count != self._count:
                members = {index: [] for index in range(count)}
                for relpath in entries:  # (most files are in every table: placed once)
                    if relpath not in placed:
                        placed[relpath] = _part_of(relpath, count)
                    members[placed[relpath]].append(relpath)
            else:
                for relpath in self._touched.get(table, ()):
                    members.setdefault(_part_of(relpath, count), []).append(relpath)
                for index, name in enumerate(self._files.get(table) or ()):
                    if name is not None and name not in present and (table, index) in self._members:
                        members.setdefault(index, [])  # read, then removed by another run
                for index, some in members.items():
                    some += self._members_of(table, index, count)
            for index, some in members.items():
                part = {r: entries[r] for r in sorted(set(some)) if r in entries}
                found[index] = self._write_part(part) if part else None
                if count == self._count:  # (else not kept: see `_members_of`)
                    self._members[(table, index)] = list(part)
            if any(found):
                names[table] = found
        header = (
            (*_KEY, code_stamp()), self.fingerprint, names, count, self._retained, self.generation
        )
        memo = self.memo.used
        self._store.write_parts(_FILE, _framed([(header, len(memo)), *memo.items()]))
        self._count, self._files, self._touched = count, names, {}
        self._kept = None  # (entries put from now on are the project's files', as ever)
        self._unread = {t: u for t, u in self._unread.items() if t in names}
        named = {name for found in names.values() for name in found if name is not None}
        self._store.remove(present - named)

    def _members_of(self, table: str, index: int, count: int) -> list[str]:
        """The files of a part as written or read. Those of the parts written when the
        files were divided anew (a cold run) are not kept, in the largest runs' memory: a
        process that writes again (the language server) finds them in the table, which it
        then holds whole."""
        if index in self._unread.get(table, ()):
            self._read(table, index)  # (sets them)
        written = self._files.get(table)
        if (table, index) not in self._members and written is not None and written[index]:
            entries = self._tables.get(table, {})
            self._members[(table, index)] = [r for r in entries if _part_of(r, count) == index]
        return self._members.get((table, index), [])

    def _write_part(self, entries: Entries) -> str:
        """The part's file, named by the digest of its data (written whatever is there
        under that name: it may be a damaged copy)."""
        data = marshal.dumps(entries)
        name = f"{_PARTS[0]}{hashlib.blake2b(data, digest_size=16).hexdigest()}{_PARTS[1]}"
        assert self._store is not None
        self._store.write(name, data)
        return name

    def _part_count(self) -> int:
        """How many parts each table is divided into: about `_PART` files each, of the
        files the last `retain` kept (else as loaded, else of the entries held)."""
        files = self._retained_count
        if files is None:
            if self._count:
                return self._count
            files = len(set().union(*self._tables.values()))
        return max(1, -(-files // _PART))

    def _read_part(self, table: str, relpath: str) -> Entries:
        """The table's entries, with the part that holds `relpath` read."""
        index = _part_of(relpath, self._count)
        if index in self._unread[table]:
            self._read(table, index)
        return self._tables.setdefault(table, {})

    def _read(self, table: str, index: int) -> None:
        unread = self._unread[table]
        name = unread.pop(index)
        if not unread:
            del self._unread[table]
        assert self._store is not None
        data = self._store.read(name)
        try:
            part = marshal.loads(data) if data is not None else None
        except _DAMAGED:
            part = None
        if type(part) is not dict:  # gone, or not as written: a part with no entries
            part = {}
            self._files[table][index] = None  # written again with what this run puts in it
            self._dirty = True
        entries = self._tables.setdefault(table, {})
        for relpath, entry in part.items():  # (put by this run: its own)
            entries.setdefault(relpath, entry)
        self._members[(table, index)] = list(part)

    def _drop(self, table: str) -> None:
        """Forget every entry of a table, on disk too."""
        self._tables[table] = {}
        self._unread.pop(table, None)
        self._files.pop(table, None)
        self._touched.pop(table, None)
        for key in [key for key in self._members if key[0] == table]:
            del self._members[key]

    def _load(self, data: bytes | None) -> None:
        if data is None:
            return  # missing, unreadable, damaged or foreign: start afresh
        try:
            (header, remembered), *memo = (value for value, _ in _unframed(data))
            key, fingerprint, names, count, retained, generation = header
        except (*_DAMAGED, TypeError):
            return
        if (
            key == (*_KEY, code_stamp())
            and isinstance(fingerprint, str)
            and type(count) is int
            and count > 0
            and _well_formed(names, count)
            and len(memo) == remembered
            and all(type(entry) is tuple and len(entry) == 2 for entry in memo)
        ):
            self.fingerprint, self._count, self._files = fingerprint, count, names
            self._retained = retained if type(retained) is bytes else None
            self.generation = generation if type(generation) is int else 0
            self._tables = {table: {} for table in names} | {_FINGERPRINTED: {}}
            self._unread = {
                table: {index: name for index, name in enumerate(found) if name is not None}
                for table, found in names.items()
            }
            self._unread = {table: unread for table, unread in self._unread.items() if unread}
            self.memo = Memo(dict(memo))  # its entries are checked by their readers


_DAMAGED = (EOFError, ValueError, TypeError, KeyError, AttributeError, StopIteration)


def _part_of(relpath: str, count: int) -> int:
    return zlib.crc32(relpath.encode("utf-8", "surrogateescape")) % count


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
    """Results by the digest of their inputs: those read or written in this run are kept."""

    def __init__(self, stored: dict) -> None:
        self._stored = stored
        self.used: dict[str, object] = {}
        self._written = False

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


def _well_formed(names: object, count: int) -> bool:
    """Whether the index names the parts of its tables as `_write` writes them. A part is
    not checked entry by entry (at 50,000 modules that took 0.07-0.12 s of every run that
    analyses): it is sealed by its digest, and named by another, by this very code (its
    stamp is in the index's key)."""
    return isinstance(names, dict) and all(
        isinstance(table, str)
        and type(found) is list
        and len(found) == count
        and all(name is None or (type(name) is str and name.startswith(_PARTS[0]))
                for name in found)
        for table, found in names.items()
    )


def stamp(stat: os.stat_result) -> Stamp:
    """What tells a file's versions apart. Size and mtime can be put back (`cp -p`,
    `touch -r`, `tar x`, restored mtimes in CI) and `chmod` changes neither; the change
    time and the inode cannot be set by hand, and differ in a copy or another checkout, so
    a store copied or committed along with the files is not trusted either."""
    return (stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns, stat.st_ino)
