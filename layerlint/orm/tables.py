"""The tables of the SQLAlchemy picture (orm/index.py): which table each mapped class and
`Table(...)` defines, on which metadata, and the foreign keys it holds."""

from __future__ import annotations

from typing import NamedTuple

from layerlint.orm import flask
from layerlint.orm.names import Names, external_callee
from layerlint.orm.source.classes import SELECTABLE, ClassDef
from layerlint.orm.source.parts import NO_TABLE, UNKNOWN, StringRef, TableDef

SQLMODEL = "sqlmodel.SQLModel"


class Table(NamedTuple):
    metadata: str
    schema: str | None
    name: str
    module: str
    line: int
    column: int
    owner: str  # the mapped class ("app.models.User") or "Table('users')"


class MappedClass(NamedTuple):
    key: str
    module: str
    name: str
    line: int
    column: int
    base: str
    refs: tuple[StringRef, ...]


class Tables:
    """The table part of OrmIndex, which provides what is declared here."""

    names: Names
    bases: dict
    flask: dict[str, bool]
    mapped: list
    tables: list[Table]
    extensions: list[Table]
    unnamed: list[str]
    uncertain_mapped: list[str]
    unknown_metadata: set[str]
    uncertain_names: set[str]
    uncertain_tables: set[str]
    foreign_keys: list[tuple[str, str, StringRef]]
    extend_existing: list[tuple[str, int, int]]
    _aliases: dict[str, str]

    # -- tables --------------------------------------------------------------------------------

    def _index(self, module: str) -> None:
        symbols = self.names.symbols(module)
        if symbols is None:
            return
        self.extend_existing += [(module, line, column) for line, column in symbols.extend_existing]
        scope = self.names.scope(module)
        for cls in symbols.classes:
            if scope.get(cls.name) is not cls:
                continue  # redefined later in the module: only the last one counts
            key = f"{module}.{cls.name}"
            status, base = self.classify(key)
            if status == "unknown":
                self.uncertain_names.add(cls.name)
                if cls.tablename is not None or cls.table is not None:
                    self.uncertain_mapped.append(key)
                if cls.tablename not in (None, NO_TABLE, UNKNOWN, SELECTABLE):
                    self.uncertain_tables.add(cls.tablename)
            if status != "mapped" or base is None:
                continue
            self.mapped.append(
                MappedClass(key, module, cls.name, cls.line, cls.column, base, cls.refs)
            )
            metadata = SQLMODEL if base == SQLMODEL else self.bases[base].metadata
            if metadata is not None and base in self.flask:
                metadata = self._bind(module, cls, metadata)
            extends = any(cls.line <= line <= cls.end_line for line, _ in symbols.extend_existing)
            self._class_table(module, cls, base, metadata, extends)
        assigned = {
            b.line: b for b in symbols.bindings if b.kind == "call" and b.target.endswith("Table")
        }
        for table in symbols.tables:
            binding = assigned.get(table.line)
            if binding is not None and scope.get(binding.name) is not binding:
                continue  # its name is bound again later (an if/else alternative): as classes
            metadata = self._metadata_of(module, table.metadata)
            if metadata is None and table.metadata is None:
                metadata = self._flask_table(module, table)
            if metadata is not None:
                self._add_table(module, table, metadata, f"Table({table.name!r})")
            elif table.name != UNKNOWN:
                self.uncertain_tables.add(table.name)

    def _class_table(
        self, module: str, cls: ClassDef, base: str, metadata: str | None, extends: bool
    ) -> None:
        owner = f"{module}.{cls.name}"
        if cls.table is not None:
            own = self._metadata_of(module, cls.table.metadata) if cls.table.metadata else None
            metadata = own or metadata
            if metadata is not None:
                at_class = cls.table._replace(line=cls.line, column=cls.column)
                self._add_table(module, at_class, metadata, owner)
            elif cls.table.name != UNKNOWN:
                self.uncertain_tables.add(cls.table.name)
            return
        if metadata is None:
            if cls.tablename not in (None, NO_TABLE, UNKNOWN, SELECTABLE):
                self.uncertain_tables.add(cls.tablename)
            return
        for ref in (f for f in cls.refs if f.kind == "foreign_key"):
            self.foreign_keys.append((module, metadata, ref))
        name = cls.tablename
        if name in (NO_TABLE, SELECTABLE):
            return  # `__tablename__ = None` (single-table inheritance), or mapped to a select
        parents = [self.names.resolve(module, b) for b in cls.bases]
        inherits_mapped = any(
            self.classify(r.key)[0] == "mapped" for r in parents if r.kind == "class"
        )
        if name is None and self.flask.get(base):
            name = self._flask_name(module, cls, inherits_mapped)
            if name is None:
                return  # single-table inheritance
        elif name is None:
            if inherits_mapped:
                return  # single-table inheritance: the parent's table
            if base == SQLMODEL:
                name = cls.name.lower()
            else:
                # Named by a mixin, a library or a naming scheme: not known here.
                self.unknown_metadata.add(metadata)
                self.unnamed.append(owner)
                return
        schema = cls.schema if cls.schema is not None else self._inherited_schema(module, cls)
        if name == UNKNOWN or schema == UNKNOWN:
            self.unknown_metadata.add(metadata)
            self.unnamed.append(owner)
            return
        table = Table(metadata, schema, name, module, cls.line, cls.column, owner)
        if extends and inherits_mapped and (schema, name) in self._parent_tables(module, cls):
            self.extensions.append(table)  # the parent's table, extended on purpose
        else:
            self.tables.append(table)

    def _parents(self, module: str, cls: ClassDef, seen: frozenset = frozenset()):
        """(module, class) of every project class `cls` derives from, nearest first."""
        for ref in (self.names.resolve(module, b) for b in cls.bases):
            parent_module, _, name = ref.key.rpartition(".")
            parent = self.names.scope(parent_module).get(name) if ref.kind == "class" else None
            if isinstance(parent, ClassDef) and ref.key not in seen:
                yield parent_module, parent
                yield from self._parents(parent_module, parent, seen | {ref.key})

    def _inherited_schema(self, module: str, cls: ClassDef) -> str | None:
        """The schema a mixin's (or an abstract parent's) `__table_args__` gives the class."""
        for _, parent in self._parents(module, cls):
            if parent.schema is not None:
                return parent.schema
        return None

    def _parent_tables(self, module: str, cls: ClassDef) -> set[tuple[str | None, str]]:
        """(schema, name) of the tables the mapped classes `cls` derives from name."""
        return {
            (parent.schema, parent.tablename)
            for parent_module, parent in self._parents(module, cls)
            if self.classify(f"{parent_module}.{parent.name}")[0] == "mapped"
        }

    def _bind(self, module: str, cls: ClassDef, metadata: str) -> str | None:
        """The metadata of a Flask-SQLAlchemy model's bind (`__bind_key__`, its own or
        inherited); None when the key cannot be read."""
        classes = [cls, *(parent for _, parent in self._parents(module, cls))]
        for owner in classes:
            for name, kind, value in owner.attributes:
                if name == "__bind_key__":
                    return flask.bind_metadata(metadata, value) if kind == "literal" else None
        return metadata

    def _flask_name(self, module: str, cls: ClassDef, inherits_mapped: bool) -> str | None:
        """Flask-SQLAlchemy's table name for a model without `__tablename__`: a mixin's,
        else the snake case of the class name; None for single-table inheritance; UNKNOWN
        when a parent from outside the project may name it."""
        classes = [(module, cls), *self._parents(module, cls)]
        for ref in (self.names.resolve(m, b) for m, c in classes for b in c.bases):
            if ref.kind == "unknown" or (ref.kind == "external" and not flask.nameless(ref.key)):
                return UNKNOWN
        for parent_module, parent in self._parents(module, cls):
            if parent.tablename is not None and (
                self.classify(f"{parent_module}.{parent.name}")[0] != "mapped"
            ):
                return parent.tablename  # a mixin's (or an abstract parent's) name
        name = flask.snake_case(cls.name)
        if inherits_mapped and "primary_key" not in cls.true_keywords:
            # Single-table inheritance, unless a primary key comes from where we cannot see.
            self.uncertain_tables.add(name)
            return None
        return name

    def _flask_table(self, module: str, table: TableDef) -> str | None:
        """`db.Table("name", db.Column(...), bind_key=...)`: the metadata of db's bind."""
        ref = self.names.resolve(module, table.callee)
        owner, _, attribute = ref.key.rpartition(".")
        owner = self._aliases.get(owner, owner)
        if ref.kind != "attribute" or attribute != "Table" or owner not in self.flask:
            return None
        bind = dict(table.keywords).get("bind_key")
        metadata = self.bases[owner].metadata
        return None if bind == UNKNOWN or metadata is None else flask.bind_metadata(metadata, bind)

    def _add_table(self, module: str, table: TableDef, metadata: str, owner: str) -> None:
        for ref in (f for f in table.refs if f.kind == "foreign_key"):
            self.foreign_keys.append((module, metadata, ref))
        if table.name == UNKNOWN or table.schema == UNKNOWN:
            self.unknown_metadata.add(metadata)
            self.unnamed.append(owner)
            return
        self.tables.append(
            Table(metadata, table.schema, table.name, module, table.line, table.column, owner)
        )

    def _metadata_of(self, module: str, dotted: str | None) -> str | None:
        """The MetaData a `Table(..., X)` argument denotes: `Base.metadata`, or a MetaData()."""
        ref = self.names.resolve(module, dotted)
        if external_callee(ref, "sqlalchemy", "MetaData"):
            return self._metadata_instance(ref)
        if ref.kind == "attribute" and ref.key.endswith(".metadata") and dotted:
            base = self.base_of(self.names.resolve(module, dotted.rpartition(".")[0]))
            if base is not None and base in self.bases:
                return self.bases[base].metadata
        return None
