"""What the SQLAlchemy rules understood of a project, and what they had to skip: a clean
report says nothing about tables or foreign keys the rules could not read."""

from __future__ import annotations

from layerlint.orm.index import OrmIndex
from layerlint.project import Project


def coverage(project: Project) -> str:
    """One line: `layerlint check --statistics` prints it on stderr."""
    index = OrmIndex(project)
    checked = [fk for fk in index.foreign_keys if fk[1] not in index.unknown_metadata]
    relationships = sum(1 for m in index.mapped for r in m.refs if r.kind == "relationship")
    parts = [
        _count(len(index.bases), "declarative base"),
        _count(len(index.mapped), "mapped class", "mapped classes"),
        f"{_count(len(index.tables) + len(index.extensions), 'table')} named",
        f"{len(checked)} of {_count(len(index.foreign_keys), 'foreign key')} checked",
        _count(relationships, "relationship string"),
    ]
    skipped = []
    if index.unnamed:
        skipped.append(
            f"{_count(len(index.unnamed), 'table')} whose name is computed (the foreign keys "
            "on their metadata are not checked)"
        )
    if index.uncertain_mapped:
        skipped.append(
            f"{_count(len(index.uncertain_mapped), 'class', 'classes')} with a table name on "
            "a base that cannot be placed (a library's, a computed one)"
        )
    line = "SQLAlchemy rules: " + ", ".join(parts)
    if not index.bases:
        line = "SQLAlchemy rules: no declarative base in the project, nothing checked"
    return line + (f"; skipped: {'; '.join(skipped)}" if skipped else "")


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
