"""What the `unique` contract reads of a file besides its class headers (the project's
CLASS_HEADERS, read without a parse: most files name no class it looks for): for the files
that do, the classes it defines at module level (Python's parser), as a per-file
extraction (project/extraction.py)."""

from __future__ import annotations

import ast
from typing import NamedTuple

from layerlint.project.extraction import Extraction, register
from layerlint.project.newer_syntax import NewerSyntax, decode_newer, encode_newer
from layerlint.project.python_syntax import module_level, parse_leniently
from layerlint.project.reading import Unreadable


class Definitions(NamedTuple):
    """Module-level classes (name, line, column) in source order (None: the file cannot be
    read at all), and how Python's parser read the file (None: as written)."""

    classes: tuple[tuple[str, int, int], ...] | None
    newer: NewerSyntax | None


def _definitions(source: bytes | Unreadable) -> Definitions:
    parsed = None if isinstance(source, Unreadable) else parse_leniently(source)
    if parsed is None:
        return Definitions(None, None)
    tree, newer = parsed
    classes = tuple(
        (node.name, node.lineno, node.col_offset + 1)
        for node in module_level(tree.body)
        if isinstance(node, ast.ClassDef)
    )
    return Definitions(classes, newer)


def _encode(found: Definitions) -> tuple:
    return (found.classes, encode_newer(found.newer))


def _decode(data: tuple) -> Definitions:
    classes, newer = data
    if classes is not None:
        classes = tuple((str(name), int(line), int(column)) for name, line, column in classes)
    return Definitions(classes, decode_newer(newer))


DEFINITIONS = register(
    Extraction(
        "layerlint.contracts.class_definitions:definitions",
        _definitions,
        _encode,
        _decode,
        newer=lambda entry: decode_newer(entry[1]),
        needs_parse=True,
    )
)
