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
from layerlint.project.extraction import digest_of
from layerlint.project.python_syntax import CLASS_HEADERS
from layerlint.violation import Violation

_VERSION = "orm-5"


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
    ordered = sorted(project.symbol_modules.items())
    sketches = project.files.digests(
        "layerlint.orm.memo:sketches",
        (CLASS_HEADERS, MENTION),
        [module for _, module in ordered],
        _has_bases,
    )
    # Of the graph, the rules look at which modules exist (orm/names.py, orm_in_use) and at
    # what a module with class bases imports (`candidate_modules`, orm/modules.py): an import
    # added elsewhere, the usual edit, leaves their results standing.
    targets = graph.imports().targets
    digest = hashlib.sha256(
        repr((_VERSION, config.orm_bases, config.include_external_packages)).encode()
    )
    digest.update("\n".join(sorted(graph.modules)).encode())
    for (name, _), (sketch, bases) in zip(ordered, sketches):
        digest.update(f"\n{name}|".encode())
        digest.update(sketch)
        if bases and name in project.modules:
            digest.update(f">{','.join(targets.get(name, ()))}".encode())
    return digest.hexdigest()


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
