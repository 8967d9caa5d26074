"""Per-file extractions that the checks register: what a rule reads of a file besides its
imports (class headers, the SQLAlchemy facts of orm/source/, ...), made from the file's
text, cached on disk by the file's stamp, and recorded as taken so that stored results can
tell whether an edit changed anything a check used (basis.py).

The project knows none of them: a rule family defines its own with `register` and reads
it through `SourceFiles.extract` (project/files.py).
"""

from __future__ import annotations

import hashlib
import importlib
import marshal
from collections.abc import Callable
from typing import Any, NamedTuple

from layerlint.project.newer_syntax import NewerSyntax
from layerlint.project.reading import Unreadable


class Extraction(NamedTuple):
    """A per-file result: its cache table, how to make it, how to store it."""

    # "module:name": the module of layerlint that defines it (so that a process that has not
    # loaded it yet finds it: `registered`), and its name there; also its cache table
    name: str
    compute: Callable[[bytes | Unreadable], Any]  # from the file's text, or why it cannot be read
    encode: Callable[[Any], object]  # plain tuples, for marshal
    decode: Callable[[Any], Any]  # raises TypeError or ValueError on a damaged entry
    # How Python's parser read the file for this result, when not as written (LL905), read
    # off the entry as `encode` made it (no decoding needed to tell)
    newer: Callable[[Any], NewerSyntax | None] | None = None
    # A file that cannot be parsed at all (LL901) gives None instead of a partial reading
    needs_parse: bool = False
    # Kept in the cache marshalled, one string a file, and loaded when read: for results
    # that are large and read by few runs (at 20,000 modules the SQLAlchemy symbols of
    # 5,000 models took 10 MB of memory as tuples, held by the language server between edits)
    packed: bool = False
    # Made from the text alone, without parsing, in microseconds: made while the build
    # reads a new file anyway (for grimp's sake), rather than read again by a later pass
    # over every module (three such passes over 50,000 files read 2 s of a cold check)
    with_read: bool = False


_REGISTERED: dict[str, Extraction] = {}


def register(extraction: Extraction) -> Extraction:
    """Make `extraction` known by its name (basis.py makes it again from an edited file)."""
    module, _, _ = extraction.name.partition(":")
    if not module.startswith("layerlint."):
        raise ValueError(f"an extraction's name starts with its module: {extraction.name!r}")
    known = _REGISTERED.setdefault(extraction.name, extraction)
    if known is not extraction:
        raise ValueError(f"two extractions named {extraction.name!r}")
    return extraction


def made_with_read() -> list[Extraction]:
    """The extractions loaded in this process that are made while a file is read."""
    return [extraction for extraction in _REGISTERED.values() if extraction.with_read]


def registered(name: str) -> Extraction | None:
    """The extraction of that name, loading the module of layerlint that defines it (only
    layerlint's own: names come from the store); None if there is no such extraction."""
    if name not in _REGISTERED:
        module, _, _ = name.partition(":")
        if module.startswith("layerlint.") and module.replace(".", "").isidentifier():
            try:
                importlib.import_module(module)
            except ImportError:
                return None
    return _REGISTERED.get(name)


def taken_from(source: bytes, names: tuple[str, ...]) -> tuple | None:
    """What the extractions `names` make of `source`, as the cache stores it; None when one
    of them is unknown in this process (then nothing can be compared)."""
    entries = []
    for name in names:
        extraction = registered(name)
        if extraction is None:
            return None
        value = extraction.compute(source)
        entries.append(None if value is None else extraction.encode(value))
    return tuple(entries)


def digest_of(value: object) -> bytes:
    """A short digest of plain values (what was taken of a file, its entries). marshal's
    version 0 writes equal values alike (later versions mark shared and interned objects),
    and is 2x faster than repr: 51,000 modules take 0.07 s."""
    return hashlib.blake2b(marshal.dumps(value, 0), digest_size=16).digest()
