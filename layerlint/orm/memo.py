"""The SQLAlchemy rules' results, remembered across runs.

They depend on the import graph (which modules exist, what the modules with class bases
import), on every file's class headers (the sketch: which classes exist and what they
derive from, no positions) and on the full symbols of the few modules they read. So the
results are kept under a digest of those parts of the graph and of all the sketches, with
the stamp (project/cache.py) and a digest of the symbols of every module whose symbols
were read: an edit elsewhere, one that leaves every class header alone in a module not
read, or one that leaves a read module's symbols alone (a comment in a model), reuses
them. An editor's buffer takes part as its file would (its sketch is made of the
buffer); a buffer has no stamp, so results that read its symbols are never remembered.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from layerlint.orm.modules import orm_in_use
from layerlint.orm.source.extractions import MENTION, SYMBOLS
from layerlint.project import Project
from layerlint.project.discovery import ModuleFile
from layerlint.project.extraction import digest_of
from layerlint.project.files import kept_state
from layerlint.project.python_syntax import CLASS_HEADERS
from layerlint.violation import Violation

_VERSION = "orm-6"


def remembered(project: Project, check: Callable[[Project], list[Violation]]) -> list[Violation]:
    """`check(project)`, or what it returned for the same inputs in an earlier run."""
    key = _key(project) if orm_in_use(project) else None
    if key is None:
        return check(project)
    memo = project.files.cache.memo
    entry = memo.get(key)
    decoded = _decode(project, entry)
    if decoded is not None:
        found, symbols = decoded
        if symbols != entry[0]:  # type: ignore[index]  (the same symbols, new stamps)
            memo[key] = (symbols, entry[1])  # type: ignore[index]
        return found
    violations = check(project)
    read = sorted(
        (name, project.files.stamp(project.symbol_modules[name]))
        for name in project.files.taken.get(SYMBOLS.name, ())
        if name in project.symbol_modules
    )
    if all(stamp is not None for _, stamp in read):
        # only the violations' files: a Path for each of 50,000 modules costs half a second
        files = {str(v.location[0]) for v in violations}
        module_of = {m.path: name for name, m in project.symbol_modules.items() if m.file in files}
        symbols = tuple((name, stamp, _symbols_digest(project, name)) for name, stamp in read)
        memo[key] = (symbols, tuple(_encode(module_of, v) for v in violations))
    return violations


def _symbols_digest(project: Project, name: str) -> bytes:
    """Of a module's symbols as the cache stores them: after an edit that leaves them alone
    (a comment in a model), the results still stand."""
    return digest_of(project.files.entry(SYMBOLS, project.symbol_modules[name]))


def _key(project: Project) -> str | None:
    graph = project.graph
    if graph.digest is None:
        return None
    config = project.config
    imports = graph.imports()
    digest = hashlib.sha256(
        repr((_VERSION, config.orm_bases, config.include_external_packages)).encode()
    )
    # Of the graph, the rules look at which modules exist (orm/names.py, orm_in_use) and at
    # what a module with class bases imports (`candidate_modules`, orm/modules.py): an import
    # added elsewhere, the usual edit, leaves their results standing. The modules are those
    # of the graph, in the order they were added (a digest the graph makes anyway).
    digest.update(imports.order.encode())
    digest.update(_Sketches(project, imports.targets).combined().to_bytes(16, "little"))
    return digest.hexdigest()


_SKETCHES = "layerlint.orm.memo:sketches"
_KEPT = f"{_VERSION}|sketches"


class _Sketches:
    """Every module's sketch (its class headers and mention: `files.digests` keeps a digest
    of each under the file's stamp) and, for a module of the graph with class bases, the
    modules it imports, combined into one number: the exclusive or of a digest of each
    module's part. Kept in the memo, with a digest of the module names, so that after an
    edit only the parts of the files the cache's tables were not saved for (`changed`) are
    taken out (as the cache holds them still) and put back in (at 20,000 modules a digest
    of every part took 0.04 s of each run). A buffer's part, which the cache does not
    keep, is kept with the number; after an edit of the imports of a file whose part had
    class bases, every part is worked out anew (the modules it imported then are not
    kept)."""

    def __init__(self, project: Project, targets: dict[str, tuple[str, ...]]):
        self.project, self.targets = project, targets
        self.modules = project.symbol_modules

    def combined(self) -> int:
        files, modules = self.project.files, self.modules
        names = digest_of("\n".join(sorted(modules)))
        kept = files.cache.memo.get(_KEPT)
        generation = files.cache.generation
        found = None
        if kept_state(kept, int, _is_buffer_part) and kept[0] == names:  # type: ignore[index]
            if kept[3] == generation:  # type: ignore[index]  (by this analysis)
                found = kept[1], dict(kept[2])  # type: ignore[index]
            elif kept[3] == generation - 1 and files.changed is not None:  # type: ignore[index]
                found = self._updated(kept[1], dict(kept[2]))  # type: ignore[index]
        if found is None:
            found = self._worked_out()
        for extraction in (CLASS_HEADERS, MENTION):  # as `digests` takes what it reads
            files.take_each(extraction, modules)
        combined, buffers = found
        files.cache.memo[_KEPT] = (names, combined, tuple(sorted(buffers.items())), generation)
        return combined

    def _worked_out(self) -> tuple[int, dict[str, int]]:
        return self._put_in(0, list(self.modules.values()))

    def _put_in(self, combined: int, modules: list[ModuleFile]) -> tuple[int, dict[str, int]]:
        """`combined` with the parts of `modules` as they are now put in, and the parts of
        those that are buffers (kept with the number: the cache does not keep them)."""
        buffers = {}
        for module, (sketch, bases) in zip(modules, self._digests(modules)):
            part = self._part(module.name, sketch, bases)
            combined ^= part
            if self.project.files.stamp(module) is None:
                buffers[module.name] = part
        return combined, buffers

    def _updated(self, combined: int, before: dict[str, int]) -> tuple[int, dict[str, int]] | None:
        """The kept number (with the parts of the buffers it took, `before`) with the
        changed modules' parts taken out and put back in; None if it cannot be told (a part
        that cannot be known)."""
        files, modules = self.project.files, self.modules
        assert files.changed is not None
        redo = sorted((files.changed | before.keys()) & modules.keys())
        for name in redo:  # out, as they went in
            if name in before:
                combined ^= before[name]
                continue
            entry = files.cache.held(_SKETCHES, modules[name].relpath)
            if not (type(entry) is tuple and len(entry) == 2 and _is_sketch(entry[1])):
                return None  # (a new module changes the names)
            sketch, bases = entry[1]
            if bases and name in self.project.modules and name not in files.imports_same:
                return None  # what it imported then is not kept (else: what it imports now)
            combined ^= self._part(name, sketch, bases)
        return self._put_in(combined, [modules[name] for name in redo])  # and in, as they are

    def _digests(self, modules: list[ModuleFile]) -> list[tuple[bytes, object]]:
        return self.project.files.digests(_SKETCHES, (CLASS_HEADERS, MENTION), modules, _has_bases)

    def _part(self, name: str, sketch: bytes, bases: object) -> int:
        text = f"{name}|".encode() + sketch
        if bases and name in self.project.modules:
            text += f">{','.join(self.targets.get(name, ()))}".encode()
        return int.from_bytes(digest_of(text), "little")


def _is_buffer_part(item: object) -> bool:
    return type(item) is tuple and len(item) == 2 and type(item[0]) is str and type(item[1]) is int


def _is_sketch(value: object) -> bool:
    return type(value) is tuple and len(value) == 2 and type(value[0]) is bytes


def _has_bases(entries: tuple) -> bool:
    """Whether a module's class headers (the first of its sketch's entries) name bases."""
    headers = entries[0]
    return isinstance(headers, tuple) and len(headers) == 2 and bool(headers[1])


def _encode(module_of: dict[Path, str], violation: Violation) -> tuple:
    path, line, column = violation.location
    return (violation.code, violation.message, module_of[path], line, column, violation.key)


def _decode(project: Project, entry: object) -> tuple[list[Violation], tuple] | None:
    """(the remembered violations, the symbols they rest on with today's stamps) if the
    modules they read have the same symbols (their files unchanged, or changed elsewhere);
    else None."""
    try:
        symbols, items = entry
        files = project.symbol_modules
        now = []
        for name, stamp, digest in symbols:
            module = files.get(name)
            if module is None:
                return None
            today = project.files.stamp(module)
            if today != tuple(stamp) and (
                today is None or _symbols_digest(project, name) != digest
            ):
                return None
            now.append((name, today, digest))
        # The results rest on these modules' symbols as if they were read again: the basis of
        # the stored results (basis.py) and the report of how they were read (LL905) say so.
        for name, _, _ in symbols:
            project.files.take(SYMBOLS, files[name])
        found = [
            Violation(code, None, message, location=(files[module].path, line, column), key=key)
            for code, message, module, line, column, key in items
        ]
    except (TypeError, ValueError, KeyError):
        return None  # nothing remembered, or a damaged entry
    return found, tuple(now)
