"""LL401's failures kept across runs.

The simulation (simulate.py) reads the structure (structure.py: the cycles followed and the
modules that reach them) and, of the modules it follows, their outlines and where they bind
the names asked for: nothing else. So its failures are kept in the memo (project/cache.py)
under a digest of the structure, with the stamp of every module it read and what it read
of each: a run whose structure is the same and whose modules read are unchanged on disk
(an import edit elsewhere, the usual one) takes them, and asks each module's text the same
questions, so that what stored results rest on (basis.py) is the same as after a
simulation. An editor's buffer has no stamp: a simulation that read one is not kept.
"""

from __future__ import annotations

import hashlib
from typing import NamedTuple

from layerlint.project import Project
from layerlint.startup.structure import Structure

_VERSION = "startup-failures-1"


class Failure(NamedTuple):
    importer: str  # the module whose statement fails
    line: int
    column: int  # 1-based
    statement: str  # "from app import db", as written (with the one name that fails)
    source: str  # the module still being imported
    name: str
    bound_at: int  # the line where `source` binds `name`
    chain: tuple[tuple[str, int], ...]  # (module, line of the import it is running), in order
    entries: tuple[str, ...]  # the modules which, imported first, fail here


def failures(project: Project, found: Structure, limits: str) -> list[Failure] | None:
    """What an earlier simulation found under this structure and these `limits` (what
    bounds it, as a string), if every module it read is unchanged (its questions asked
    again); else None."""
    key = _key(project, found, limits)
    entry = project.files.cache.memo.get(key) if key is not None else None
    if entry is None:
        return None
    try:
        read, stamps, items = entry  # type: ignore[misc]
        modules = project.modules
        for name, stamp in stamps:
            module = modules.get(name)
            if module is None or project.files.stamp(module) != tuple(stamp):
                return None
        found_again = [_decode(item) for item in items]
        if [name for name, _ in read] != [name for name, _ in stamps] or not all(
            isinstance(asked, str) for _, names in read for asked in names
        ):
            return None  # what was read is not what was stamped: damaged
    except (TypeError, ValueError):
        return None  # a damaged entry: simulate again
    for name, names in read:
        text = project.text(name)
        text.outline()
        for asked in names:
            text.binding(asked)
    return found_again


def keep(
    project: Project,
    found: Structure,
    limits: str,
    read: dict[str, dict[str, None]],
    failures: list[Failure],
) -> None:
    """Remember what the simulation found, and what it read to find it."""
    key = _key(project, found, limits)
    if key is None:
        return
    stamps = [(name, project.files.stamp(project.modules[name])) for name in sorted(read)]
    if any(stamp is None for _, stamp in stamps):
        return  # it read an editor's buffer
    project.files.cache.memo[key] = (
        tuple((name, tuple(read[name])) for name in sorted(read)),  # each in the order asked
        tuple(stamps),
        tuple(_encode(failure) for failure in failures),
    )


def _key(project: Project, found: Structure, limits: str) -> str | None:
    graph = project.graph
    if graph.digest is None:
        return None
    digest = hashlib.sha256(f"{_VERSION}|{graph.imports().order}|{limits}|".encode())
    for component in found.components:
        digest.update(",".join(component).encode() + b"\n")
    digest.update(b"|")
    digest.update("\n".join(sorted(found.relevant)).encode())
    return f"{_VERSION}|{digest.hexdigest()}"


def _encode(failure: Failure) -> tuple:
    return (*failure[:7], tuple(map(tuple, failure.chain)), tuple(failure.entries))


def _decode(item: tuple) -> Failure:
    importer, line, column, statement, source, name, bound_at, chain, entries = item
    texts = (importer, statement, source, name, *entries, *(m for m, _ in chain))
    numbers = (line, column, bound_at, *(n for _, n in chain))
    entries = tuple(entries)
    if not all(isinstance(t, str) for t in texts) or not all(isinstance(n, int) for n in numbers):
        raise ValueError("not a failure")
    steps = tuple((m, n) for m, n in chain)
    return Failure(importer, line, column, statement, source, name, bound_at, steps, entries)
