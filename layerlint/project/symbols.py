"""What a file defines, for the duplicate-symbol and SQLAlchemy rules, read without running it.

Two passes, both cached per file:
- a *sketch* (regular expressions, no parse): the class names it may define and whether
  it mentions anything ORM-related, so that most files are never parsed for symbols;
- *symbols* (a full `ast` parse, only for the files the sketch selects): module-level
  classes with their bases, decorators and mapping attributes, module-level name bindings
  (imports, calls such as `declarative_base()`, aliases), `Table(...)` objects,
  `relationship("X")` / `ForeignKey("t.c")` strings and `extend_existing=True`.
"""

from __future__ import annotations

import ast
import re
from typing import NamedTuple

# Literal needles: `in` on bytes is far faster than a regex with alternatives.
# A file that defines a base or a model names SQLAlchemy or a mapping attribute; a file
# that only subclasses models found elsewhere is reached through its class headers.
_ORM_NEEDLES = (
    b"sqlalchemy",
    b"sqlmodel",
    b"__tablename__",
    b"__table",
    b"__abstract__",
    b"extend_existing",
)
# Not anchored with MULTILINE `^`, which the regex engine tries at every line: searching for
# the literal "class" jumps from one to the next (7x faster on Django's source); whether
# the keyword starts its line is checked after (see `_class_headers`). Type parameters skipped.
_CLASS_HEADER = re.compile(
    rb"class[ \t]+([A-Za-z_]\w*)[ \t]*(?:\[(?:[^][\n]|\[[^][\n]*\])*\][ \t]*)?(?:\(([^)]*))?"
)
_IDENTIFIER = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
UNKNOWN = "?"  # a value that exists but cannot be known statically
NO_TABLE = ""  # `__tablename__ = None`: no table of its own (single-table inheritance)


class Sketch(NamedTuple):
    class_names: tuple[str, ...]  # every `class X` header, nested ones too
    orm_hint: bool  # mentions SQLAlchemy or a mapping attribute
    class_bases: tuple[str, ...]  # identifiers used in class headers' base lists (rough)


def mentions_orm(source: bytes) -> bool:
    return any(needle in source for needle in _ORM_NEEDLES)


def sketch_source(source: bytes) -> Sketch:
    hint = mentions_orm(source)
    if b"class" not in source:
        return Sketch((), hint, ())
    headers = _class_headers(source)
    names = {name.decode() for name, _ in headers}
    bases = {i.decode() for _, group in headers if group for i in _IDENTIFIER.findall(group)}
    return Sketch(tuple(sorted(names)), hint, tuple(sorted(bases)))


def _class_headers(source: bytes) -> list[tuple[bytes, bytes | None]]:
    """(name, base list) of every `class` keyword that is the first word on its line."""
    headers = []
    match = _CLASS_HEADER.search(source)
    while match:
        start = match.start()
        if not source[source.rfind(b"\n", 0, start) + 1 : start].strip(b" \t"):
            headers.append(match.groups())
            match = _CLASS_HEADER.search(source, match.end())
        else:  # within a line ("a subclass X(..."): a real header may start inside the match
            match = _CLASS_HEADER.search(source, start + len(b"class"))
    return headers


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
    metadata: str | None  # `metadata = ...` in the class body: dotted callee, or UNKNOWN
    refs: tuple[StringRef, ...]


class Binding(NamedTuple):
    """A module-level name: what it is bound to."""

    name: str
    kind: str  # "import" | "module" | "call" | "alias" | "other"
    target: str  # import: "level|module|name"; module: dotted; call/alias: dotted expression
    line: int
    column: int
    keywords: tuple[tuple[str, str], ...] = ()  # call: keyword -> dotted value (metadata=...)


class ModuleSymbols(NamedTuple):
    classes: tuple[ClassDef, ...]  # module level, including inside if/try blocks
    bindings: tuple[Binding, ...]  # module level, in source order
    tables: tuple[TableDef, ...]  # Table(...) outside classes
    extend_existing: tuple[tuple[int, int], ...]  # where extend_existing=True is written


def symbols_of(tree: ast.Module, source: bytes) -> ModuleSymbols:
    """`source` is the text `tree` was parsed from: walks for names it does not contain
    are skipped (most files mention no `relationship`, `Table` or `extend_existing`)."""
    classes: list[ClassDef] = []
    bindings: list[Binding] = []
    for node in _module_level(tree.body):
        if isinstance(node, ast.ClassDef):
            classes.append(_class(node, source))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    bindings.append(_binding(alias.asname, "module", alias.name, node))
                else:
                    top = alias.name.split(".")[0]
                    bindings.append(_binding(top, "module", top, node))
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name != "*":
                    target = f"{node.level or 0}|{node.module or ''}|{alias.name}"
                    bindings.append(_binding(alias.asname or alias.name, "import", target, node))
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    bindings.append(_assignment(target.id, node.value, node))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            bindings.append(_binding(node.name, "other", "", node))
    tables = []
    if b"Table" in source:
        tables = [table for node in _module_level(tree.body) for table in _tables_in(node)]
    extend_existing = _extend_existing(tree) if b"extend_existing" in source else ()
    return ModuleSymbols(tuple(classes), tuple(bindings), tuple(tables), extend_existing)


def _module_level(body: list[ast.stmt]):
    """Statements that run at module level: the body, and inside if/try/with blocks."""
    stack = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.If, ast.Try, ast.With)) or type(node).__name__ == "TryStar":
            children = [
                *node.body,
                *getattr(node, "orelse", []),
                *(s for h in getattr(node, "handlers", []) for s in h.body),
                *getattr(node, "finalbody", []),
            ]
            stack.extend(reversed(children))


def _binding(name: str, kind: str, target: str, node: ast.AST, keywords=()) -> Binding:
    return Binding(name, kind, target, node.lineno, node.col_offset + 1, tuple(keywords))


def _assignment(name: str, value: ast.expr, node: ast.stmt) -> Binding:
    if isinstance(value, ast.Call):
        callee = dotted(value.func)
        if callee is not None:
            keywords = tuple(
                (k.arg, dotted(k.value) or UNKNOWN) for k in value.keywords if k.arg is not None
            )
            return _binding(name, "call", callee, node, keywords)
    target = dotted(value)
    if target is not None:
        return _binding(name, "alias", target, node)
    return _binding(name, "other", "", node)


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


def _callee_name(call: ast.Call) -> str | None:
    name = dotted(call.func)
    return name.rpartition(".")[2] if name else None


def _literal(node: ast.expr | None) -> object:
    if node is None:
        return None
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return UNKNOWN


def _simple(value: object) -> object:
    return value if value is None or isinstance(value, (bool, int, float, str)) else UNKNOWN


def _class(node: ast.ClassDef, source: bytes) -> ClassDef:
    tablename: str | None = None
    schema: str | None = None
    abstract = False
    table = None
    metadata = None
    for statement in node.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if statement.name == "__tablename__":
                tablename = UNKNOWN  # a declared_attr
            elif statement.name == "__table_args__":
                schema = UNKNOWN  # a declared_attr
            continue
        value, names = _assigned(statement)
        for name in names:
            if name == "__tablename__":
                literal = _literal(value)
                if literal is None:
                    tablename = NO_TABLE
                else:
                    tablename = literal if isinstance(literal, str) else UNKNOWN
            elif name == "__abstract__":
                abstract = _literal(value) is True
            elif name == "__table_args__":
                schema = _schema_of_table_args(value)
            elif name == "__table__" and isinstance(value, ast.Call):
                table = _table(value)
            elif name == "metadata" and value is not None:
                metadata = _metadata_call(value)
    keywords = tuple((k.arg, _simple(_literal(k.value))) for k in node.keywords if k.arg)
    decorators = tuple(
        dotted(d.func if isinstance(d, ast.Call) else d) for d in node.decorator_list
    )
    refs: tuple[StringRef, ...] = ()
    if b"relationship" in source or b"ForeignKey" in source:
        refs = tuple(ref for statement in node.body for ref in _refs_in(statement))
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
    )


def _metadata_call(value: ast.expr) -> str:
    """`metadata = MetaData(...)` in a base's body: the callee, marked when it sets a default
    schema (which changes how table names resolve); UNKNOWN for anything else."""
    if not isinstance(value, ast.Call):
        return UNKNOWN
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
    literal = _literal(value)
    if isinstance(literal, tuple) and literal and isinstance(literal[-1], dict):
        literal = literal[-1]
    elif isinstance(literal, tuple):
        return None  # constraints only
    if isinstance(literal, dict):
        schema = literal.get("schema")
        return schema if schema is None or isinstance(schema, str) else UNKNOWN
    if isinstance(value, (ast.Tuple, ast.Dict)):
        # Not all literal (a constraint object inside): read the dict part if we can.
        last = value.elts[-1] if isinstance(value, ast.Tuple) and value.elts else value
        if isinstance(last, ast.Dict):
            for key, item in zip(last.keys, last.values):
                if isinstance(key, ast.Constant) and key.value == "schema":
                    schema = _literal(item)
                    return schema if schema is None or isinstance(schema, str) else UNKNOWN
            return None
        if isinstance(value, ast.Tuple):
            return None
    return UNKNOWN


def _table(call: ast.Call) -> TableDef:
    name = _literal(call.args[0]) if call.args else UNKNOWN
    metadata = dotted(call.args[1]) if len(call.args) > 1 else None
    schema: object = None
    for keyword in call.keywords:
        if keyword.arg == "schema":
            schema = _literal(keyword.value)
        elif keyword.arg == "metadata":
            metadata = dotted(keyword.value)
    return TableDef(
        name=name if isinstance(name, str) else UNKNOWN,
        schema=schema if schema is None or isinstance(schema, str) else UNKNOWN,
        metadata=metadata,
        line=call.lineno,
        column=call.col_offset + 1,
        refs=tuple(_refs_in(call)),
    )


def _tables_in(statement: ast.stmt):
    """Table(...) calls in a module-level statement (not inside classes or functions)."""
    if isinstance(statement, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
        return
    if isinstance(statement, (ast.If, ast.Try, ast.With)):
        return  # their bodies are visited as module-level statements themselves
    for node in ast.walk(statement):
        if isinstance(node, ast.Call) and _callee_name(node) == "Table":
            yield _table(node)


def _refs_in(root: ast.AST):
    for node in ast.walk(root):
        if not isinstance(node, ast.Call):
            continue
        callee = _callee_name(node)
        if callee == "relationship":
            argument = node.args[0] if node.args else None
            for keyword in node.keywords:
                if keyword.arg == "argument":
                    argument = keyword.value
            kind = "relationship"
        elif callee == "ForeignKey":
            argument = node.args[0] if node.args else None
            kind = "foreign_key"
        else:
            continue
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            yield StringRef(kind, argument.value, argument.lineno, argument.col_offset + 1)


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
            and _callee_name(statement.value) == "relationship"
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


def _extend_existing(tree: ast.Module) -> tuple[tuple[int, int], ...]:
    """Where `extend_existing=True` is given to a table definition: a `Table(...)` call (not
    one that reflects the database, or that uses a MetaData of its own), or a dict (the
    `__table_args__` of a model). Elsewhere, as in `MetaData.reflect(...)`, it merges no
    second definition."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _callee_name(node) == "Table" and not _apart(node):
            found += [
                (k.lineno, k.col_offset + 1)
                for k in node.keywords
                if k.arg == "extend_existing" and _literal(k.value) is True
            ]
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if (
                    isinstance(key, ast.Constant)
                    and key.value == "extend_existing"
                    and _literal(value) is True
                ):
                    found.append((key.lineno, key.col_offset + 1))
    return tuple(sorted(found))


def _apart(table: ast.Call) -> bool:
    """A `Table(...)` that reflects the database, or is on a `MetaData()` made for it."""
    if any(k.arg in ("autoload_with", "autoload") for k in table.keywords):
        return True
    metadata = table.args[1] if len(table.args) > 1 else None
    return isinstance(metadata, ast.Call) and _callee_name(metadata) == "MetaData"


def encode_symbols(symbols: ModuleSymbols) -> tuple:
    """Plain tuples for the cache (written out by hand: `dataclasses.astuple` is slow)."""
    return (
        tuple(_encode_class(c) for c in symbols.classes),
        tuple((b.name, b.kind, b.target, b.line, b.column, b.keywords) for b in symbols.bindings),
        tuple(_encode_table(t) for t in symbols.tables),
        symbols.extend_existing,
    )


def _encode_refs(refs: tuple[StringRef, ...]) -> tuple:
    return tuple((r.kind, r.value, r.line, r.column) for r in refs)


def _encode_table(t: TableDef) -> tuple:
    return (t.name, t.schema, t.metadata, t.line, t.column, _encode_refs(t.refs))


def _encode_class(c: ClassDef) -> tuple:
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
        None if c.table is None else _encode_table(c.table),
        c.metadata,
        _encode_refs(c.refs),
    )


def decode_symbols(data: tuple) -> ModuleSymbols:
    classes, bindings, tables, extend_existing = data
    return ModuleSymbols(
        classes=tuple(_decode_class(fields) for fields in classes),
        bindings=tuple(Binding(*fields) for fields in bindings),
        tables=tuple(_decode_table(fields) for fields in tables),
        extend_existing=tuple(tuple(position) for position in extend_existing),
    )


def _decode_table(fields: tuple) -> TableDef:
    *head, refs = fields
    return TableDef(*head, refs=tuple(StringRef(*ref) for ref in refs))


def _decode_class(fields: tuple) -> ClassDef:
    *head, table, metadata, refs = fields
    return ClassDef(
        *head,
        table=None if table is None else _decode_table(table),
        metadata=metadata,
        refs=tuple(StringRef(*ref) for ref in refs),
    )
