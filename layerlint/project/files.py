"""The project's source files: reading them (or an editor's unsaved buffer instead), and the
per-file results made from them (the project's own, and the extractions the checks
register: project/extraction.py), each cached on disk by the file's stamp (size, mtime,
change time and inode: project/cache.py)."""

from __future__ import annotations

import functools
import marshal
import os
from collections.abc import Callable, Collection, Container, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from layerlint.project.cache import ScanCache, Stamp, stamp
from layerlint.project.discovery import ModuleFile
from layerlint.project.extraction import Extraction, digest_of
from layerlint.project.newer_syntax import NewerSyntax
from layerlint.project.outline import Outline, outline_source
from layerlint.project.reading import Unreadable, read_source
from layerlint.project.scanner import FileScan, ParseError, decode_scan, encode_scan, scan_source
from layerlint.project.text import KeptAnswers

_LOOK_UP = object()  # (an entry not given: looked up)


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
        self._notes: dict[tuple[str, str], NewerSyntax | None] = {}  # see `_newer_in`
        self._stamps = dict(stamps or {})
        self._last_read: tuple[str | None, bytes | Unreadable] = (None, b"")
        # What the checks took of each file besides its imports, so that stored results can
        # tell whether an edit changed anything they used: the extractions read, by module
        # (`taken`), or the whole parse of a file grimp could not scan (`deep`: it may hold
        # a syntax error). What placing diagnostics reads is recorded by the project
        # (project/text.py).
        self.taken: dict[str, set[str]] = {}
        self._extractions: dict[str, Extraction] = {}
        self.deep: set[str] = set()
        # Files that cannot be parsed at all (LL901, set by the build): nothing is read from
        # them, even what a statement-by-statement reading would find.
        self.unparsable: set[str] = set()
        # The modules whose files may differ from those the cache's tables were last
        # brought up to date for (set by the build: those whose imports the cache did not
        # hold, and the hidden ones, whose imports it never holds); None: not known, or
        # every module (a cold run).
        self.changed: frozenset[str] | None = None
        # Of those, the ones whose imports are those the cache held (set by the build).
        self.imports_same: set[str] = set()

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
        """The file's contents (or its buffer's), else why they cannot be read. The last
        file read is kept: the checks make several extractions of a file one after the
        other (its class headers, then its mention), and each would read it again."""
        if self._buffers and module.file in self._buffers:
            return self._buffers[module.file]
        if self._last_read[0] != module.file:
            self._last_read = (module.file, read_source(module.file))
        return self._last_read[1]

    def detail_scan(self, module: ModuleFile) -> FileScan:
        """The whole-file Python scan: every import statement with its context."""
        return self._cached(_DETAILS, module)

    def outline(self, module: ModuleFile) -> Outline | None:
        """What the module runs when imported (project/outline.py); None if unparsable."""
        return self._cached(_OUTLINES, module)

    def extract(self, extraction: Extraction, module: ModuleFile) -> Any:
        """What `extraction` makes of the file; None for one that needs a parse of a file
        that cannot be parsed (LL901)."""
        self.take(extraction, module)
        if extraction.needs_parse and module.name in self.unparsable:
            return None
        return self._cached(extraction, module)

    def extract_each(self, extraction: Extraction, modules: Iterable[ModuleFile]) -> list[Any]:
        """`extract` of each module, in order: for a pass over a whole project, with the
        cache's entries looked up in place (20,000 modules: a third of the time)."""
        memo, name = self._memo, extraction.name
        found = []
        for module, data in self._in_place(extraction, modules):
            key = (name, module.name)
            parse_failed = extraction.needs_parse and module.name in self.unparsable
            if key not in memo and data is not None and not parse_failed:
                try:
                    memo[key] = extraction.decode(data)
                except (TypeError, ValueError):
                    pass  # damaged: `extract` makes it again
            found.append(memo[key] if key in memo else self.extract(extraction, module))
        return found

    def entry_each(self, extraction: Extraction, modules: Iterable[ModuleFile]) -> list[object]:
        """`entry` of each module, in order, looked up as `extract_each` does."""
        return [
            data if data is not None else self._entry(extraction, module)
            for module, data in self._in_place(extraction, modules)
        ]

    def digests(
        self,
        name: str,
        extractions: tuple[Extraction, ...],
        modules: list[ModuleFile],
        note: Callable[[tuple], object],
    ) -> list[tuple[bytes, object]]:
        """(digest of the module's entries of `extractions`, `note(entries)`) for each
        module, in order; every module counts as taken for each extraction, as
        `entry_each` takes them. Each pair is kept in the cache (table `name`) under the
        file's stamp, so that a whole-project key over 20,000 modules reads the entries of
        the changed files only. `note` says what the caller needs to know of a module
        besides (a plain value: the SQLAlchemy key asks whether it has class bases)."""
        held = self._entries(name, len(modules))
        found: list = []
        missing: list[int] = []
        for index, module in enumerate(modules):
            entry = held(module.relpath)
            if (
                entry is not None
                and entry[0] == self.stamp(module)  # (a buffer's is None)
                and _is_digest(entry[1])
            ):
                found.append(entry[1])
            else:
                found.append(None)
                missing.append(index)
        for extraction in extractions:
            self._extractions[extraction.name] = extraction
            self.taken.setdefault(extraction.name, set()).update(m.name for m in modules)
        if missing:
            some = [modules[index] for index in missing]
            columns = [self.entry_each(extraction, some) for extraction in extractions]
            for position, index in enumerate(missing):
                entries = tuple(column[position] for column in columns)
                found[index] = value = (digest_of(entries), note(entries))
                file_stamp = self.stamp(modules[index])
                if file_stamp is not None:
                    self.cache.put(name, modules[index].relpath, file_stamp, value)
        return found

    def flagged(
        self,
        key: str,
        extraction: Extraction,
        modules: Mapping[str, ModuleFile],
        test: Callable[[ModuleFile, object], bool],
    ) -> set[str]:
        """The names of the modules of `modules` (by name) whose entry of `extraction` (as
        `entry_each` gives it) passes `test`; every module counts as taken, as `entry_each`
        takes them. A pass over a whole project that looks for the few modules worth a
        closer look: what it found is kept in the memo under `key` (which names whatever
        else `test` depends on), with a digest of the modules it looked at, so that the
        next analysis over the same modules tests only those whose files changed since this
        one (`changed`), and the editor's buffers it tested (their files have no stamp to
        tell). Kept by an analysis before the last, it is not used: the cache's tables have
        changed since without it (`ScanCache.generation`)."""
        memo, key = self.cache.memo, f"flagged|{key}"
        names = digest_of("\n".join(sorted(modules)))
        kept = memo.get(key)
        generation = self.cache.generation
        made = _is_flagged(kept) and kept[0] == names  # type: ignore[index]
        if made and kept[3] == generation:  # type: ignore[index]  (by this analysis)
            self.take_each(extraction, modules)
            return set(kept[1])  # type: ignore[index]
        if made and kept[3] == generation - 1 and self.changed is not None:  # type: ignore[index]
            redo = (self.changed | set(kept[2])) & modules.keys()  # type: ignore[index]
            found = {name for name in kept[1] if name in modules} - redo  # type: ignore[index]
            some = [modules[name] for name in sorted(redo)]
        else:
            found, some = set(), list(modules.values())
        for module, data in self._in_place(extraction, some):
            if test(module, data if data is not None else self._entry(extraction, module)):
                found.add(module.name)
        self.take_each(extraction, modules)
        buffers = self._buffers
        dirty = tuple(sorted(m.name for m in some if m.file in buffers)) if buffers else ()
        memo[key] = (names, tuple(sorted(found)), dirty, generation)
        return found

    def _in_place(
        self, extraction: Extraction, modules: Iterable[ModuleFile]
    ) -> Iterator[tuple[ModuleFile, object]]:
        """(module, its entry as the cache holds it, or None) for each, taken. An entry
        stands for the file while its stamp is the file's (a buffer's never); a packed
        table's entries are left to the one-by-one path."""
        self._extractions[extraction.name] = extraction
        taken = self.taken.setdefault(extraction.name, set())
        modules = modules if isinstance(modules, (list, tuple)) else list(modules)
        stamps, buffers = self._stamps, self._buffers
        held = self._entries(extraction.name, len(modules))
        fast = not extraction.packed
        for module in modules:
            taken.add(module.name)
            entry = held(module.relpath) if fast else None
            if (
                entry is not None
                and entry[0] == stamps.get(module.name)
                and not (buffers and module.file in buffers)
            ):
                yield module, entry[1]
            else:
                yield module, None

    def _entries(self, table: str, count: int) -> Callable[[str], tuple | None]:
        """How to look up the cache's entries of `count` files of a table: in place, in the
        table read whole; for a few files (an edit's), one by one, each reading its part
        only (at 50,000 modules, reading a whole table took 0.04 s)."""
        if count > _FEW:
            return self.cache.table(table).get
        return functools.partial(self.cache.held, table)

    def made_of_text(self, module: ModuleFile) -> dict[str, object] | None:
        """Where what is made of the file's text is kept for the next analysis in this
        process (project/text.py); None for a buffer, whose text has no stamp."""
        file_stamp = self.stamp(module)
        return None if file_stamp is None else self.cache.made_of_text(module.relpath, file_stamp)

    def answers(self, module: ModuleFile) -> KeptAnswers | None:
        """The answers the file's text gave in earlier runs (project/text.py), kept in the
        cache by its stamp; None for a buffer, or without a cache."""
        file_stamp = self.stamp(module)
        if file_stamp is None or self.cache.directory is None:
            return None
        found = self.cache.get(_ANSWERS, module.relpath, file_stamp)
        relpath = module.relpath

        def changed(answers: dict) -> None:
            self.cache.put(_ANSWERS, relpath, file_stamp, answers)

        return KeptAnswers(found if type(found) is dict else {}, changed)

    def prepare(self, extraction: Extraction, module: ModuleFile) -> None:
        """Make the extraction now, from the file `read` last (the build reads every new
        file; an extraction every run takes is made then rather than read again): kept as
        `extract` keeps it, not taken."""
        self._cached(extraction, module)

    def entry(self, extraction: Extraction, module: ModuleFile) -> object:
        """The extraction as the cache stores it (plain tuples): cheap to compare and hash."""
        self.take(extraction, module)
        return self._entry(extraction, module)

    def taken_of(self, module: str) -> tuple[str, ...]:
        """The extractions this run took of a module, by name, sorted."""
        return tuple(sorted(name for name, taken in self.taken.items() if module in taken))

    def taken_by_module(self) -> dict[str, tuple[str, ...]]:
        """`taken_of` every module that something was taken of, worked out in one go (the
        basis asks for each of 20,000 modules): the modules are split by set operations
        into groups that were taken the same extractions, few in a project."""
        groups: list[tuple[tuple[str, ...], set[str]]] = [((), set().union(*self.taken.values()))]
        for name in sorted(self.taken):
            taken = self.taken[name]
            split = []
            for names, modules in groups:
                inside = modules & taken
                if inside:
                    split.append(((*names, name), inside))
                if len(inside) < len(modules):
                    split.append((names, modules - inside))
            groups = split
        by_module: dict[str, tuple[str, ...]] = {}
        for names, modules in groups:
            by_module.update(dict.fromkeys(modules, names))
        return by_module

    def entries(self, module: ModuleFile, names: tuple[str, ...]) -> tuple:
        """The extractions `names` (`taken_of` the module) as the cache stores them."""
        return tuple(self._entry(self._extractions[name], module) for name in names)

    def newer_syntax_each(
        self, modules: Mapping[str, ModuleFile], leave_out: Container[str]
    ) -> dict[str, NewerSyntax]:
        """How Python's parser read each module of `modules` (but those in `leave_out`) in
        this run, where it could not read it as written (newer syntax, neutralised or read
        piecewise): for the extractions the checks took (the first, by name, that says so),
        or the imports of a file grimp did not scan (`deep`). Modules read as written are
        left out. Table by table: asking each of 5,000 modules which extractions were taken
        of it cost a pass over every table each; and the modules with a note are `flagged`,
        kept across runs (reading the notes of 5,000 models took 0.03 s at 20,000 modules)."""
        found: dict[str, NewerSyntax] = {}
        for name in sorted(self.taken):  # in `taken_of`'s order: the first note is a module's
            extraction = self._extractions[name]
            if extraction.newer is None:
                continue
            taken = {
                module: modules[module]
                for module in self.taken[name]
                if module in modules and module not in leave_out
            }
            noted = self.flagged(f"newer|{name}", extraction, taken, self._noted(extraction))
            for module_name in sorted(noted - found.keys()):
                note = self._newer_in(extraction, taken[module_name])
                if note is not None:
                    found[module_name] = note
        for module_name in self.deep - found.keys():
            module = modules.get(module_name)
            if module is not None and module_name not in leave_out:
                note = self.detail_scan(module).newer
                if note is not None:
                    found[module_name] = note
        return found

    def _noted(self, extraction: Extraction) -> Callable[[ModuleFile, object], bool]:
        """Whether an entry of `extraction` (as stored) says how Python read the module."""
        return lambda module, entry: self._newer_in(extraction, module, entry) is not None

    def _newer_in(
        self, extraction: Extraction, module: ModuleFile, entry: object = _LOOK_UP
    ) -> NewerSyntax | None:
        # read off the entry as stored (looked up if not given), once a run: decoding the
        # SQLAlchemy symbols of 5,000 models to find no note cost a tenth of a second at
        # 20,000 modules
        key = (extraction.name, module.name)
        if key not in self._notes:
            if entry is _LOOK_UP:
                entry = self._entry(extraction, module)
            self._notes[key] = self._note_of(extraction, module, entry)
        return self._notes[key]

    def _note_of(
        self, extraction: Extraction, module: ModuleFile, entry: object
    ) -> NewerSyntax | None:
        newer = extraction.newer
        assert newer is not None
        try:
            return None if entry is None else newer(entry)
        except (TypeError, ValueError):  # a damaged entry: made again, as the checks did
            value = self._cached(extraction, module)
            return None if value is None else newer(extraction.encode(value))

    def take_each(self, extraction: Extraction, names: Collection[str]) -> None:
        """`take` for each of the modules `names` names, as a pass over them all does."""
        self._extractions[extraction.name] = extraction
        taken = self.taken.get(extraction.name)
        if taken is None:
            self.taken[extraction.name] = set(names)
        elif not taken.issuperset(names):
            # one at a time: a set updated with a dict makes room for all of it first, even
            # for names it holds (at 50,000 modules, 2 MB more for each extraction taken)
            taken.update(name for name in names if name not in taken)

    def take(self, extraction: Extraction, module: ModuleFile) -> None:
        """Record that the checks rest on this extraction of the file (read now or before)."""
        if extraction.name not in self.taken:
            self.taken[extraction.name] = set()
            self._extractions[extraction.name] = extraction
        self.taken[extraction.name].add(module.name)

    def _entry(self, table: Extraction, module: ModuleFile) -> object:
        file_stamp = self.stamp(module)
        if file_stamp is not None:
            data = self._stored(table, module, file_stamp)
            if data is not None:
                return data
        value = self._cached(table, module)
        return None if value is None else table.encode(value)

    def _stored(self, table: Extraction, module: ModuleFile, file_stamp: Stamp) -> object:
        """The entry the cache holds for the file (None: none, or a damaged one)."""
        data = self.cache.get(table.name, module.relpath, file_stamp)
        if table.packed and data is not None:
            try:
                return marshal.loads(data)  # type: ignore[arg-type]
            except (EOFError, ValueError, TypeError):
                return None
        return data

    def _cached(self, table: Extraction, module: ModuleFile):
        key = (table.name, module.name)
        if key not in self._memo:
            self._memo[key] = self._load(table, module)
        return self._memo[key]

    def _load(self, table: Extraction, module: ModuleFile):
        file_stamp = self.stamp(module)
        if file_stamp is not None:
            data = self._stored(table, module, file_stamp)
            if data is not None:
                try:
                    return table.decode(data)
                except (TypeError, ValueError):
                    pass  # an entry from a damaged cache: compute it again
        result = table.compute(self.read(module))
        if file_stamp is not None and self.cache.directory is not None:
            encoded = None if result is None else table.encode(result)
            if table.packed and encoded is not None:
                encoded = marshal.dumps(encoded)
            self.cache.put(table.name, module.relpath, file_stamp, encoded)
        return result


# Files whose entries are looked up one by one rather than in their table read whole.
_FEW = 256


def kept_state(value: object, found: type, each: Callable[[object], bool]) -> bool:
    """Whether a state the memo keeps from one analysis to the next has the shape it is
    written in: (a digest of the modules it covers, what was found (a `found`), what it
    holds of the buffers it met (a tuple, each item passing `each`), the analysis that
    made it (`ScanCache.generation`)); anything else is worked out anew."""
    return (
        type(value) is tuple
        and len(value) == 4
        and type(value[0]) is bytes
        and type(value[1]) is found
        and type(value[2]) is tuple
        and all(each(item) for item in value[2])
        and type(value[3]) is int
    )


def _is_name(value: object) -> bool:
    return type(value) is str


def _is_flagged(value: object) -> bool:
    """Whether a stored `flagged` entry has the shape it is written in."""
    return kept_state(value, tuple, _is_name) and all(map(_is_name, value[1]))  # type: ignore[index]


def _is_digest(value: object) -> bool:
    """Whether a stored `digests` pair has the shape it is written in (a damaged cache
    entry is made again)."""
    return type(value) is tuple and len(value) == 2 and type(value[0]) is bytes


def _scan(source: bytes | Unreadable) -> FileScan:
    if isinstance(source, Unreadable):
        return FileScan((), {}, ParseError(1, 1, source.reason))
    return scan_source(source)


def _outline(source: bytes | Unreadable) -> Outline | None:
    return outline_source(b"" if isinstance(source, Unreadable) else source)


def _decode_outline(data: object) -> Outline:
    events, unsure = data  # type: ignore[misc]
    return tuple(map(tuple, events)), tuple(map(str, unsure))


_ANSWERS = "layerlint.project.text:answers"  # a table of the cache, not an extraction
_DETAILS = Extraction("details", _scan, encode_scan, decode_scan, packed=True)
_OUTLINES = Extraction("outlines", _outline, tuple, _decode_outline, packed=True)
