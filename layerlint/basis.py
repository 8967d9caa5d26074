"""What stored results were made from, per module, and whether an edit changed any of it.

The analysis takes of each file its imports (with their lines) and, as the checks need
them, the extractions they registered (project/extraction.py: class headers, SQLAlchemy
symbols, ...) and what placing diagnostics reads of its text (project/text.py). After an edit on disk, or for an editor's
unsaved buffer, the same is taken of the new text (its imports read by Python, which reads
them as grimp does: project/python_imports.py): when it is equal, the analysis would give
the stored results again. A file grimp could not scan is not compared: it may hold a
syntax error, which the analysis reports (LL901), so its edit is analysed again.
"""

from __future__ import annotations

from collections.abc import Collection, Container, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from layerlint.config import Config
from layerlint.project.discovery import ModuleFile, Survey
from layerlint.project.extraction import digest_of
from layerlint.project.python_imports import read_imports
from layerlint.project.reading import read_source

if TYPE_CHECKING:
    from layerlint.project import Project

# relpath -> (stamp, what the analysis took of the file: (the names of the extractions taken
# (project/extraction.py), the questions asked of its text (project/text.py), digest of its
# imports, of those extractions and of the answers), or None when grimp could not scan it)
Basis = dict[str, tuple[object, tuple[tuple[str, ...], tuple, bytes] | None]]


def of(
    project: Project,
    comparable: Container[str] = (),
    only: Collection[str] | None = None,
    previous: Basis | None = None,
) -> Basis:
    """What the analysis of `project` took of each of its files (or of the modules `only`
    names). A file grimp did not scan is not compared, unless it is `comparable`: an
    editor's buffer that Python parsed as written (the language server compares each edit
    of it with the one analysed). `previous` is the basis of an earlier analysis under the
    same configuration: a file with the same stamp of which the same was taken has the
    same digest (its imports, extractions and text answers are those of the same text)."""
    files = project.files
    basis: Basis = {}
    previous = previous or {}
    if only is None:
        taken_by_module = files.taken_by_module()
    else:  # (a few modules: the language server's edited buffers)
        taken_by_module = {name: files.taken_of(name) for name in only}
    texts_taken = project.texts_taken(only)
    deep = files.deep
    for name, module in project.modules.items():
        if only is not None and name not in only:
            continue
        taken = None
        stamp = files.stamp(module)
        if name not in deep or name in comparable:
            extractions = taken_by_module.get(name, ())
            text = texts_taken.get(name, ())
            queries = tuple(query for query, _ in text) if text else ()
            before = previous.get(module.relpath)
            if stamp is not None and _same_taking(before, stamp, extractions, queries):
                taken = before[1]  # type: ignore[index]
            else:
                entries = files.entries(module, extractions)
                taken = (extractions, queries, _digest(project.imports.of(name), entries, text))
        basis[module.relpath] = (stamp, taken)
    for module in project.hidden.values():  # read by the symbol rules only: not compared
        if only is None or module.name in only:
            basis[module.relpath] = (files.stamp(module), None)
    return basis


def _same_taking(before: object, stamp: object, extractions: tuple, queries: tuple) -> bool:
    """Whether a previous basis entry (read from disk: any shape) is of the same text, of
    which the same was taken."""
    if type(before) is not tuple or len(before) != 2 or before[0] != stamp:
        return False
    taken = before[1]
    return (
        type(taken) is tuple
        and len(taken) == 3
        and taken[0] == extractions
        and taken[1] == queries
        and type(taken[2]) is bytes
    )


def unseen_changes(config: Config, surveyed: Survey, basis: Basis, changed: list[str]) -> bool:
    """Whether the analysis would take the same of every changed file as it did."""
    by_relpath = {m.relpath: m for m in (*surveyed.found.modules, *surveyed.found.hidden)}
    texts = {}
    for relpath in changed:
        module = by_relpath[relpath]
        data = read_source(module.file)
        if not isinstance(data, bytes):
            return False  # the analysis reports it
        texts[module] = data
    return _unseen(config, surveyed, basis, texts)


def unseen_buffers(
    config: Config, surveyed: Survey, basis: Basis, buffers: Mapping[Path, bytes]
) -> bool:
    """Whether an analysis with these unsaved buffers would take the same of their files
    as the analysis of the files on disk did."""
    by_file = {m.file: m for m in surveyed.found.modules}
    texts = {}
    for path, buffer in buffers.items():
        module = by_file.get(str(path))
        if module is None:
            return False  # a new file
        texts[module] = buffer
    return _unseen(config, surveyed, basis, texts)


def _unseen(config: Config, surveyed: Survey, basis: Basis, texts: dict[ModuleFile, bytes]) -> bool:
    if any(basis[module.relpath][1] is None for module in texts):
        return False  # the analysis used more of one of them than can be compared
    imports = read_imports(config, surveyed, texts)
    return imports is not None and all(
        _takes_the_same(basis[module.relpath][1], imports[module], data)
        for module, data in texts.items()
    )


def _takes_the_same(taken: tuple, imports: object, data: bytes) -> bool:
    """Whether a file's text `data`, whose imports are `imports`, gives the analysis what
    it took of the file before (`taken`, from the basis)."""
    from layerlint.project.extraction import taken_from
    from layerlint.project.text import replay

    extractions, queries, digest = taken
    entries = taken_from(data, extractions)
    return entries is not None and _digest(imports, entries, replay(data, queries)) == digest


def _digest(imports: object, entries: tuple, text: tuple) -> bytes:
    return digest_of((imports, entries, text))
