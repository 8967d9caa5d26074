"""What stored results were made from, per module, and whether an edit changed any of it.

The analysis takes of each file its imports (with their lines) and, as the checks need
them, its class headers, whether it mentions an ORM, its symbols, and what placing
diagnostics reads of its text (project/text.py). After an edit on disk, or for an editor's
unsaved buffer, the same is taken of the new text: when it is equal, the analysis would
give the stored results again. A file whose imports only Python could read (grimp could
not) is not compared: a rescan by grimp would not give what the analysis took.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from layerlint.config import Config
from layerlint.project.discovery import Survey

if TYPE_CHECKING:
    from layerlint.project import Project

# relpath -> (stamp, what the analysis took of the file: ((class headers taken, ORM mention
# taken, symbols taken), the questions asked of its text (project/text.py), digest of its
# imports, of those and of the answers), or None when its imports were Python's)
Basis = dict[str, tuple[object, tuple[tuple[bool, bool, bool], tuple, bytes] | None]]


def of(project: Project) -> Basis:
    """What the analysis of `project` took of each of its files."""
    files = project.files
    basis: Basis = {}
    for name, module in project.modules.items():
        taken = None
        if name not in files.deep:
            flags = (name in files.sketched, name in files.mentions, name in files.symbols_read)
            entries = (
                files.sketch_entry(module) if flags[0] else None,
                files.mentions.get(name),
                files.symbols_entry(module) if flags[2] else None,
            )
            text = project.text_taken(name)
            digest = _digest(project.imports.of(name), entries, text)
            taken = (flags, tuple(query for query, _ in text), digest)
        basis[module.relpath] = (files.stamp(module), taken)
    return basis


def unseen_changes(config: Config, surveyed: Survey, basis: Basis, changed: list[str]) -> bool:
    """Whether the analysis would take the same of every changed file as it did."""
    if any(basis[relpath][1] is None for relpath in changed):
        return False  # the analysis used more of one of them than can be compared
    from layerlint.project.build import rescan  # loads grimp

    by_relpath = {m.relpath: m for m in surveyed.found.modules}
    imports = rescan(config, surveyed, [by_relpath[relpath].name for relpath in changed])
    if imports is None:
        return False
    return all(
        _takes_the_same(
            basis[relpath][1],
            imports[by_relpath[relpath].name],
            by_relpath[relpath].path.read_bytes(),
        )
        for relpath in changed
    )


def unseen_buffers(
    config: Config, surveyed: Survey, basis: Basis, buffers: Mapping[Path, bytes]
) -> bool:
    """Whether an analysis with these unsaved buffers would take the same of their files
    as the analysis of the files on disk did (a buffer's imports are read by Python)."""
    from layerlint.project.build import buffer_imports  # loads grimp

    by_file = {m.file: m for m in surveyed.found.modules}
    for path, buffer in buffers.items():
        module = by_file.get(str(path))
        taken = basis[module.relpath][1] if module is not None else None
        if taken is None:
            return False  # a new file, or one whose imports Python read
        imports = buffer_imports(config, surveyed, module, buffer)
        if imports is None or not _takes_the_same(taken, imports, buffer):
            return False
    return True


def _takes_the_same(taken: tuple, imports: object, data: bytes) -> bool:
    """Whether a file's text `data`, whose imports are `imports`, gives the analysis what
    it took of the file before (`taken`, from the basis)."""
    from layerlint.project.files import taken_from
    from layerlint.project.text import replay

    flags, queries, digest = taken
    return _digest(imports, taken_from(data, *flags), replay(data, queries)) == digest


def _digest(imports: object, entries: tuple, text: tuple) -> bytes:
    # marshal's version 0 writes equal values alike (later versions mark shared and
    # interned objects), and is 2x faster than repr: 51,000 modules take 0.07 s.
    data = marshal.dumps((imports, entries, text), 0)
    return hashlib.blake2b(data, digest_size=16).digest()
