"""The pieces of a file's symbols that module level and class bodies share: names in
strings (`relationship("X")`, `ForeignKey("t.c")`), `Table(...)` calls, dotted names and
literals. Plain syntax, read from the `ast`; what it means is decided in orm/."""

from __future__ import annotations

import ast
from typing import NamedTuple

UNKNOWN = "?"  # a value that exists but cannot be known statically
NO_TABLE = ""  # `__tablename__ = None`: no table of its own (single-table inheritance)


class StringRef(NamedTuple):
    """`relationship("X")` or `ForeignKey("schema.table.column")`: a name in a string."""

    kind: str  # "relationship" or "foreign_key"
    value: str
    line: int
    column: int


class TableDef(NamedTuple):
    """`Table("name", metadata, ..., schema=...)`."""

    name: str  # UNKNOWN when not a literal
    schema: str | None  # None: the default schema; UNKNOWN when not a literal
    metadata: str | None  # the metadata argument as a dotted name (None: not a name)
    line: int
    column: int
    refs: tuple[StringRef, ...]
    callee: str | None = None  # what is called, as a dotted name: "db.Table", "sa.Table"
    keywords: tuple[tuple[str, object], ...] = ()  # literal keywords: (("bind_key", "x"),)
    end_line: int = 0  # the call's last line


def dotted(node: ast.expr) -> str | None:
    """`a.b.c` for a chain of names and attributes, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def callee_name(call: ast.Call) -> str | None:
    name = dotted(call.func)
    return name.rpartition(".")[2] if name else None


def literal(node: ast.expr | None) -> object:
    """The value of a literal expression, as `ast.literal_eval` gives it, else UNKNOWN.
    Not `ast.literal_eval` itself: each call makes a recursive closure, a reference cycle
    that only the cyclic collector frees, and layerlint pauses it (gc_pause.py): at 50,000
    modules the SQLAlchemy rules' calls left 30 MB of them until the run ended."""
    if node is None:
        return None
    try:
        return _literal_value(node)
    except (ValueError, TypeError, MemoryError, RecursionError):
        return UNKNOWN


def _literal_value(node: ast.expr | None) -> object:
    """CPython's `ast.literal_eval` of a node, without its closures."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Tuple):
        return tuple(map(_literal_value, node.elts))
    if isinstance(node, ast.List):
        return list(map(_literal_value, node.elts))
    if isinstance(node, ast.Set):
        return set(map(_literal_value, node.elts))
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "set"
        and node.args == node.keywords == []
    ):
        return set()
    if isinstance(node, ast.Dict):
        if len(node.keys) != len(node.values):
            raise ValueError("malformed node")
        return dict(zip(map(_literal_value, node.keys), map(_literal_value, node.values)))
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        left, right = _signed_number(node.left), _number(node.right)
        if isinstance(left, (int, float)) and isinstance(right, complex):
            return left + right if isinstance(node.op, ast.Add) else left - right
    return _signed_number(node)


def _signed_number(node: ast.expr | None) -> object:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
        operand = _number(node.operand)
        return +operand if isinstance(node.op, ast.UAdd) else -operand  # type: ignore[operator]
    return _number(node)


def _number(node: ast.expr | None) -> object:
    if not isinstance(node, ast.Constant) or type(node.value) not in (int, float, complex):
        raise ValueError("malformed node")
    return node.value


def simple(value: object) -> object:
    return value if value is None or isinstance(value, (bool, int, float, str)) else UNKNOWN


def table_of(call: ast.Call) -> TableDef:
    name = literal(call.args[0]) if call.args else UNKNOWN
    metadata = dotted(call.args[1]) if len(call.args) > 1 else None
    schema: object = None
    for keyword in call.keywords:
        if keyword.arg == "schema":
            schema = literal(keyword.value)
        elif keyword.arg == "metadata":
            metadata = dotted(keyword.value)
    return TableDef(
        name=name if isinstance(name, str) else UNKNOWN,
        schema=schema if schema is None or isinstance(schema, str) else UNKNOWN,
        metadata=metadata,
        line=call.lineno,
        column=call.col_offset + 1,
        refs=tuple(refs_in(call)),
        callee=dotted(call.func),
        keywords=tuple((k.arg, simple(literal(k.value))) for k in call.keywords if k.arg),
        end_line=call.end_lineno or call.lineno,
    )


def refs_in(root: ast.AST):
    """The names in strings of `relationship("X")`, `ForeignKey("t.c")` and SQLModel's
    `Field(foreign_key="t.c")` below `root`."""
    for node in ast.walk(root):
        if not isinstance(node, ast.Call):
            continue
        callee = callee_name(node)
        argument = node.args[0] if node.args else None
        if callee == "relationship":
            for keyword in node.keywords:
                if keyword.arg == "argument":
                    argument = keyword.value
            kind = "relationship"
        elif callee == "ForeignKey":
            kind = "foreign_key"
        elif callee == "Field":
            argument = next((k.value for k in node.keywords if k.arg == "foreign_key"), None)
            kind = "foreign_key"
        else:
            continue
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            yield StringRef(kind, argument.value, argument.lineno, argument.col_offset + 1)


def encode_refs(refs: tuple[StringRef, ...]) -> tuple:
    return tuple((r.kind, r.value, r.line, r.column) for r in refs)


def encode_table(t: TableDef) -> tuple:
    return (
        t.name, t.schema, t.metadata, t.line, t.column, encode_refs(t.refs), t.callee,
        t.keywords, t.end_line,
    )  # fmt: skip


def decode_table(fields: tuple) -> TableDef:
    name, schema, metadata, line, column, refs, callee, keywords, end_line = fields
    return TableDef(
        name, schema, metadata, line, column, tuple(StringRef(*ref) for ref in refs), callee,
        tuple(tuple(k) for k in keywords), end_line,
    )  # fmt: skip
