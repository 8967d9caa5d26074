"""A module-level class as the symbol rules read it: bases, keywords, decorators, and the
attributes of its body that say how it is mapped (plain syntax: orm/ decides the meaning)."""

from __future__ import annotations

import ast
import re
from typing import NamedTuple

from layerlint.orm.source.parts import (
    NO_TABLE,
    UNKNOWN,
    StringRef,
    TableDef,
    callee_name,
    decode_table,
    dotted,
    encode_refs,
    encode_table,
    literal,
    refs_in,
    simple,
    table_of,
)


class ClassDef(NamedTuple):
    name: str
    line: int
    column: int
    bases: tuple[str | None, ...]  # dotted names; None for anything else
    keywords: tuple[tuple[str, object], ...]  # literal class keywords: (("table", True),)
    decorators: tuple[str | None, ...]  # dotted name of each decorator (called or not)
    tablename: str | None  # literal; UNKNOWN if computed, NO_TABLE if None, None if absent
    schema: str | None  # from a literal __table_args__; UNKNOWN if not literal
    abstract: bool  # __abstract__ = True
    table: TableDef | None  # __table__ = Table(...)
    # `metadata = ...` in the class body: the dotted callee of a call, "name:<dotted>" for
    # a name, else UNKNOWN
    metadata: str | None
    refs: tuple[StringRef, ...]
    # Dunder names and `registry` bound in the body: (name, "literal", value) for a literal,
    # (name, "name", dotted) for a name, (name, "other", "") for anything else.
    attributes: tuple[tuple[str, str, object], ...] = ()
    true_keywords: tuple[str, ...] = ()  # keywords given a literal True in the body's calls
    end_line: int = 0
    # `__tablename__ = NAME` (or `module.NAME`): the name, dotted (`tablename` is UNKNOWN);
    # orm/names.py gives the table name when NAME is a string constant
    tablename_from: str | None = None


# `__table__ = select(...).subquery()`: mapped to a selectable, not to a table of its own.
SELECTABLE = "<selectable>"


def class_of(node: ast.ClassDef, source: bytes) -> ClassDef:
    tablename: str | None = None
    tablename_from = None
    schema: str | None = None
    abstract = False
    table = None
    metadata = None
    attributes = []
    for statement in node.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if statement.name == "__tablename__":
                tablename, tablename_from = UNKNOWN, None  # a declared_attr
            elif statement.name == "__table_args__":
                schema = UNKNOWN  # a declared_attr
            continue
        value, names = _assigned(statement)
        for name in names:
            if name == "__tablename__":
                value_literal = literal(value)
                if value_literal is None:
                    tablename, tablename_from = NO_TABLE, None
                else:
                    tablename = value_literal if isinstance(value_literal, str) else UNKNOWN
                    tablename_from = dotted(value) if tablename == UNKNOWN else None
            elif name == "__abstract__":
                abstract = literal(value) is True
            elif name == "__table_args__":
                schema = _schema_of_table_args(value)
            elif name == "__table__" and isinstance(value, ast.Call):
                if callee_name(value) == "Table":
                    table = table_of(value)
                elif tablename is None:
                    tablename = SELECTABLE
            elif name == "metadata" and value is not None:
                metadata = _metadata_value(value)
            if value is not None and (name == "registry" or name.startswith("__")):
                attributes.append((name, *_attribute(value)))
    keywords = tuple((k.arg, simple(literal(k.value))) for k in node.keywords if k.arg)
    decorators = tuple(
        dotted(d.func if isinstance(d, ast.Call) else d) for d in node.decorator_list
    )
    refs: tuple[StringRef, ...] = ()
    if b"relationship" in source or b"ForeignKey" in source or b"foreign_key" in source:
        refs = tuple(ref for statement in node.body for ref in refs_in(statement))
        refs += tuple(_typed_relationships(node.body))
    return ClassDef(
        name=node.name,
        line=node.lineno,
        column=node.col_offset + 1,
        bases=tuple(dotted(b) for b in node.bases),
        keywords=keywords,
        decorators=decorators,
        tablename=tablename,
        schema=schema,
        abstract=abstract,
        table=table,
        metadata=metadata,
        refs=refs,
        attributes=tuple(attributes),
        true_keywords=_true_keywords(node.body),
        end_line=node.end_lineno or node.lineno,
        tablename_from=tablename_from,
    )


def _attribute(value: ast.expr) -> tuple[str, object]:
    name = dotted(value)
    if name is not None:
        return ("name", name)
    found = simple(literal(value))
    return ("literal", found) if found != UNKNOWN else ("other", "")


def _true_keywords(body: list[ast.stmt]) -> tuple[str, ...]:
    found = set()
    for statement in body:
        if isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
            for node in ast.walk(statement.value):
                if isinstance(node, ast.Call):
                    found.update(
                        k.arg for k in node.keywords if k.arg and literal(k.value) is True
                    )
    return tuple(sorted(found))


def _metadata_value(value: ast.expr) -> str:
    """`metadata = MetaData(...)` in a base's body: the callee, marked when it sets a default
    schema (which changes how table names resolve); `metadata = naming`: "name:naming";
    UNKNOWN for anything else."""
    if not isinstance(value, ast.Call):
        name = dotted(value)
        return UNKNOWN if name is None else f"name:{name}"
    callee = dotted(value.func) or UNKNOWN
    if any(k.arg == "schema" for k in value.keywords):
        return f"{callee}(schema)"
    return callee


def _assigned(statement: ast.stmt) -> tuple[ast.expr | None, list[str]]:
    if isinstance(statement, ast.Assign):
        return statement.value, [t.id for t in statement.targets if isinstance(t, ast.Name)]
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return statement.value, [statement.target.id]
    return None, []


def _schema_of_table_args(value: ast.expr | None) -> str | None:
    found = literal(value)
    if isinstance(found, tuple) and found and isinstance(found[-1], dict):
        found = found[-1]
    elif isinstance(found, tuple):
        return None  # constraints only
    if isinstance(found, dict):
        schema = found.get("schema")
        return schema if schema is None or isinstance(schema, str) else UNKNOWN
    if isinstance(value, (ast.Tuple, ast.Dict)):
        # Not all literal (a constraint object inside): read the dict part if we can.
        last = value.elts[-1] if isinstance(value, ast.Tuple) and value.elts else value
        if isinstance(last, ast.Dict):
            for key, item in zip(last.keys, last.values):
                if isinstance(key, ast.Constant) and key.value == "schema":
                    schema = literal(item)
                    return schema if schema is None or isinstance(schema, str) else UNKNOWN
            return None
        if isinstance(value, ast.Tuple):
            return None
    return UNKNOWN


_TYPING_WRAPPERS = {
    "Mapped",
    "list",
    "List",
    "set",
    "Set",
    "Optional",
    "WriteOnlyMapped",
    "DynamicMapped",
    "Sequence",
    "Collection",
    "dict",
    "Dict",
    "None",
}


def _typed_relationships(body: list[ast.stmt]):
    """`x: Mapped[list["Booking"]] = relationship(...)`: the target is in the annotation."""
    for statement in body:
        if not (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.value, ast.Call)
            and callee_name(statement.value) == "relationship"
            and not statement.value.args
            and not any(k.arg == "argument" for k in statement.value.keywords)
        ):
            continue
        for node in ast.walk(statement.annotation):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                names = [
                    n
                    for n in re.findall(r"[A-Za-z_][A-Za-z0-9_.]*", node.value)
                    if n not in _TYPING_WRAPPERS
                ]
                if len(names) == 1:
                    yield StringRef("relationship", names[0], node.lineno, node.col_offset + 1)


def encode_class(c: ClassDef) -> tuple:
    return (
        c.name,
        c.line,
        c.column,
        c.bases,
        c.keywords,
        c.decorators,
        c.tablename,
        c.schema,
        c.abstract,
        None if c.table is None else encode_table(c.table),
        c.metadata,
        encode_refs(c.refs),
        c.attributes,
        c.true_keywords,
        c.end_line,
        c.tablename_from,
    )


def decode_class(fields: tuple) -> ClassDef:
    *head, table, metadata, refs, attributes, true_keywords, end_line, tablename_from = fields
    return ClassDef(
        *head,
        table=None if table is None else decode_table(table),
        metadata=metadata,
        refs=tuple(StringRef(*ref) for ref in refs),
        attributes=tuple(tuple(a) for a in attributes),
        true_keywords=tuple(true_keywords),
        end_line=end_line,
        tablename_from=tablename_from,
    )
