"""The SQLAlchemy picture of a project: declarative bases, mapped classes, tables.

Only what can be known from source is recorded; anything computed (a `declared_attr`
table name, a base from an unknown library) is marked unknown, and the rules then say
nothing about it rather than guess.
"""

from __future__ import annotations

from typing import NamedTuple

from layerlint.orm.names import Names, Ref, external_callee, is_external
from layerlint.project import Project
from layerlint.project.symbols import (
    NO_TABLE,
    UNKNOWN,
    ClassDef,
    ModuleSymbols,
    StringRef,
    TableDef,
)

SQLMODEL = "sqlmodel.SQLModel"
_BASE_CLASSES = ("DeclarativeBase", "DeclarativeBaseNoMeta")
_SQLALCHEMY_MIXINS = ("MappedAsDataclass", "AsyncAttrs", "DeclarativeAttributeIntercept")


class Base(NamedTuple):
    """A declarative base (or `registry()`): one class registry and, by default, one MetaData."""

    key: str  # "app.db.Base"
    name: str  # as messages show it: "app.db.Base", "app.ext.db.Model", "sqlmodel.SQLModel"
    module: str | None  # where it is defined (None: SQLModel's, outside the project)
    line: int
    column: int
    metadata: str | None  # identity of its MetaData; None when it cannot be known


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


class OrmIndex:
    def __init__(self, project: Project):
        self.project = project
        self.names = Names(project)
        self.bases: dict[str, Base] = {}
        self.mapped: list[MappedClass] = []
        self.tables: list[Table] = []
        self.unknown_metadata: set[str] = set()  # a table on it cannot be named
        self.uncertain_names: set[str] = set()  # classes that may be mapped, on a base unknown
        self.uncertain_tables: set[str] = set()  # tables that may exist, on a metadata unknown
        self.foreign_keys: list[tuple[str, str, StringRef]] = []  # (module, metadata, ref)
        self.extend_existing: list[tuple[str, int, int]] = []
        self._aliases: dict[str, str] = {}  # `Base = reg.generate_base()`: Base -> reg
        self._alias_places: dict[str, tuple[str, int, int]] = {}
        # `db = SQLAlchemy(model_class=Base)`: db.Model is Base, when Base is a base
        self._model_classes: dict[str, tuple[str, str]] = {}
        self._status: dict[str, tuple[str, str | None]] = {}
        self.modules = _candidate_modules(project, self.names)
        for module in self.modules:
            self._find_bases(module)
        for alias, registry in sorted(self._aliases.items(), reverse=True):
            if registry in self.bases:  # `Base = reg.generate_base()`: show it as Base
                module, line, column = self._alias_places[alias]
                self.bases[registry] = self.bases[registry]._replace(
                    name=alias, module=module, line=line, column=column
                )
        for db, (module, name) in sorted(self._model_classes.items()):
            base = self.base_of(self.names.resolve(module, name))
            if base is not None and base != db:
                del self.bases[db]
                self._aliases[db] = base
        for module in self.modules:
            self._index(module)
        sqlmodels = [m for m in self.mapped if m.base == SQLMODEL]
        if sqlmodels:  # SQLModel's one metadata, shown at the first table model
            first = min(sqlmodels, key=lambda m: (project.modules[m.module].relpath, m.line))
            self.bases[SQLMODEL] = Base(
                SQLMODEL, SQLMODEL, first.module, first.line, first.column, SQLMODEL
            )

    # -- bases ---------------------------------------------------------------------------------

    def _find_bases(self, module: str) -> None:
        symbols = self.names.symbols(module)
        if symbols is None:
            return
        for binding in symbols.bindings:
            if binding.kind != "call":
                continue
            ref = self.names.resolve(module, binding.name)
            if ref.kind != "instance" or ref.key != f"{module}.{binding.name}":
                continue  # rebound later in the module
            metadata = self._metadata_argument(module, dict(binding.keywords), ref.key)
            place = (module, binding.line, binding.column)
            if external_callee(ref, "sqlalchemy", "declarative_base", "registry"):
                self.bases[ref.key] = Base(ref.key, ref.key, *place, metadata)
            elif self._makes_flask_sqlalchemy(ref.callee):
                self.bases[ref.key] = Base(ref.key, f"{ref.key}.Model", *place, ref.key)
                model_class = dict(binding.keywords).get("model_class")
                if model_class is not None:
                    self._model_classes[ref.key] = (module, model_class)
            elif ref.callee.endswith(".generate_base"):
                self._aliases[ref.key] = ref.callee.rpartition(".")[0]
                self._alias_places[ref.key] = place

    def _makes_flask_sqlalchemy(self, callee: str, seen: frozenset = frozenset()) -> bool:
        """Whether calling `callee` makes a Flask-SQLAlchemy extension: `SQLAlchemy` itself,
        or a class of the project derived from it (indico's `IndicoSQLAlchemy`)."""
        if is_external(Ref("external", callee), "flask_sqlalchemy", "SQLAlchemy"):
            return True
        module, _, name = callee.rpartition(".")
        cls = self.names.scope(module).get(name) if module in self.project.modules else None
        if not isinstance(cls, ClassDef) or callee in seen:
            return False
        for ref in (self.names.resolve(module, b) for b in cls.bases):
            if ref.kind in ("external", "class") and self._makes_flask_sqlalchemy(
                ref.key, seen | {callee}
            ):
                return True
        return False

    def _metadata_argument(self, module: str, keywords: dict[str, str], own: str) -> str | None:
        if "metadata" not in keywords:
            return own
        return self._metadata_instance(self.names.resolve(module, keywords["metadata"]))

    def _metadata_instance(self, ref: Ref) -> str | None:
        """The key of a module-level `MetaData(...)`; one with a default schema is marked
        unknown, since table names then resolve in more than one way."""
        if not external_callee(ref, "sqlalchemy", "MetaData"):
            return None
        module, _, name = ref.key.rpartition(".")
        binding = self.names.scope(module).get(name)
        if any(keyword == "schema" for keyword, _ in getattr(binding, "keywords", ())):
            self.unknown_metadata.add(ref.key)
        return ref.key

    def base_of(self, ref: Ref) -> str | None:
        """The base a ref denotes when used as a base class (or in `Table(..., X.metadata)`)."""
        if ref.kind == "instance":
            key = self._aliases.get(ref.key, ref.key)
            return key if key in self.bases else None
        if ref.kind == "attribute":
            owner, _, attribute = ref.key.rpartition(".")
            owner = self._aliases.get(owner, owner)
            if attribute == "Model" and owner in self.bases:
                return owner
        if ref.kind == "class":
            status, base = self.classify(ref.key)
            return base if status != "plain" else None
        return None

    def base_named(self, dotted: str) -> str | None:
        """The base a dotted name from the configuration denotes (`app.db.Base`), whether it
        is where the base is defined or a module that re-exports it."""
        for base in self.bases.values():
            if dotted in (base.key, base.name):
                return base.key
        parts = dotted.split(".")
        for split in range(len(parts) - 1, 0, -1):
            module = ".".join(parts[:split])
            if module in self.project.modules:
                ref = self.names.resolve(module, ".".join(parts[split:]))
                base = self.base_of(ref)
                if base is not None and base in self.bases:
                    return base
                return None
        return None

    # -- classes -------------------------------------------------------------------------------

    def classify(self, key: str) -> tuple[str, str | None]:
        """(status, base): status is base | mapped | abstract | plain | unknown."""
        if key not in self._status:
            self._status[key] = ("unknown", None)  # a class inheriting from itself
            module, _, name = key.rpartition(".")
            definition = self.names.scope(module).get(name)
            if isinstance(definition, ClassDef):
                self._status[key] = self._classify(module, definition)
        return self._status[key]

    def _classify(self, module: str, cls: ClassDef) -> tuple[str, str | None]:
        key = f"{module}.{cls.name}"
        bases = [self.names.resolve(module, b) for b in cls.bases]
        decorators = [self.names.resolve(module, d) for d in cls.decorators]
        if any(is_external(r, "sqlalchemy", *_BASE_CLASSES) for r in bases) or any(
            is_external(r, "sqlalchemy", "as_declarative") for r in decorators
        ):
            own_metadata = cls.metadata is None or "MetaData" in cls.metadata
            metadata = key if own_metadata else None
            if metadata and cls.metadata and cls.metadata.endswith("(schema)"):
                self.unknown_metadata.add(metadata)
            self.bases[key] = Base(key, key, module, cls.line, cls.column, metadata)
            return ("base", key)
        for ref in decorators:
            owner, _, method = ref.key.rpartition(".")
            owner = self._aliases.get(owner, owner)
            if ref.kind == "attribute" and method.startswith("mapped") and owner in self.bases:
                return ("mapped", owner)
        found: str | None = None
        unknown = False
        for ref in bases:
            if ref.kind == "external":
                if is_external(ref, "sqlmodel", "SQLModel"):
                    found = found or SQLMODEL
                elif not is_external(ref, "sqlalchemy", *_SQLALCHEMY_MIXINS):
                    unknown = True  # a class from a library: a mixin, or more
                continue
            if ref.kind == "class":
                status, base = self.classify(ref.key)
                if status == "unknown":
                    unknown = True
                found = found or (base if status != "plain" else None)
                continue
            base = self.base_of(ref)
            if base is None:
                unknown = unknown or ref.kind != "module"
            found = found or base
        if found == SQLMODEL:
            table = dict(cls.keywords).get("table") is True
            return ("mapped" if table else "abstract", SQLMODEL)
        if found is not None:
            return ("abstract" if cls.abstract else "mapped", found)
        return ("unknown", None) if unknown else ("plain", None)

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
                if cls.tablename not in (None, NO_TABLE, UNKNOWN):
                    self.uncertain_tables.add(cls.tablename)
            if status != "mapped" or base is None:
                continue
            self.mapped.append(
                MappedClass(key, module, cls.name, cls.line, cls.column, base, cls.refs)
            )
            metadata = SQLMODEL if base == SQLMODEL else self.bases[base].metadata
            self._class_table(module, cls, base, metadata)
        assigned = {
            b.line: b for b in symbols.bindings if b.kind == "call" and b.target.endswith("Table")
        }
        for table in symbols.tables:
            binding = assigned.get(table.line)
            if binding is not None and scope.get(binding.name) is not binding:
                continue  # its name is bound again later (an if/else alternative): as classes
            metadata = self._metadata_of(module, table.metadata)
            if metadata is not None:
                self._add_table(module, table, metadata, f"Table({table.name!r})")
            elif table.name != UNKNOWN:
                self.uncertain_tables.add(table.name)

    def _class_table(self, module: str, cls: ClassDef, base: str, metadata: str | None) -> None:
        if cls.table is not None:
            own = self._metadata_of(module, cls.table.metadata) if cls.table.metadata else None
            metadata = own or metadata
            if metadata is not None:
                at_class = cls.table._replace(line=cls.line, column=cls.column)
                self._add_table(module, at_class, metadata, f"{module}.{cls.name}")
            return
        if metadata is None:
            return
        for ref in (f for f in cls.refs if f.kind == "foreign_key"):
            self.foreign_keys.append((module, metadata, ref))
        name = cls.tablename
        if name == NO_TABLE:
            return  # `__tablename__ = None`: single-table inheritance
        if name is None:
            inherits_mapped = any(
                self.classify(r.key)[0] == "mapped"
                for r in (self.names.resolve(module, b) for b in cls.bases)
                if r.kind == "class"
            )
            if inherits_mapped:
                return  # single-table inheritance: the parent's table
            if base == SQLMODEL:
                name = cls.name.lower()
            else:
                # Named by a mixin, a library or Flask-SQLAlchemy's naming: not known here.
                self.unknown_metadata.add(metadata)
                return
        schema = cls.schema if cls.schema is not None else self._inherited_schema(module, cls)
        if name == UNKNOWN or schema == UNKNOWN:
            self.unknown_metadata.add(metadata)
            return
        self.tables.append(
            Table(metadata, schema, name, module, cls.line, cls.column, f"{module}.{cls.name}")
        )

    def _inherited_schema(
        self, module: str, cls: ClassDef, seen: frozenset = frozenset()
    ) -> str | None:
        """The schema a mixin's (or an abstract parent's) `__table_args__` gives the class."""
        for ref in (self.names.resolve(module, b) for b in cls.bases):
            parent_module, _, name = ref.key.rpartition(".")
            parent = self.names.scope(parent_module).get(name) if ref.kind == "class" else None
            if not isinstance(parent, ClassDef) or ref.key in seen:
                continue
            schema = parent.schema
            if schema is None:
                schema = self._inherited_schema(parent_module, parent, seen | {ref.key})
            if schema is not None:
                return schema
        return None

    def _add_table(self, module: str, table: TableDef, metadata: str, owner: str) -> None:
        for ref in (f for f in table.refs if f.kind == "foreign_key"):
            self.foreign_keys.append((module, metadata, ref))
        if table.name == UNKNOWN or table.schema == UNKNOWN:
            self.unknown_metadata.add(metadata)
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


def orm_in_use(project: Project) -> bool:
    """Whether the rules have anything to look at: some module imports an ORM (the graph
    knows when it holds the external packages) or at least mentions one (a base or a model
    always does: without one, no file needs a closer look)."""
    if project.config.include_external_packages:
        return any(
            p in project.graph.modules for p in ("sqlalchemy", "sqlmodel", "flask_sqlalchemy")
        )
    return any(project.files.mentions_orm(file) for file in project.modules.values())


def _candidate_modules(project: Project, names: Names) -> list[str]:
    """Modules that may define or use mapped classes, chosen without parsing most files.

    Those that mention SQLAlchemy (or a mapping attribute); then, until nothing changes,
    those with a class deriving from something that is either named like a class or base
    already found, or imported from a module already chosen (which covers `import as`).
    Alembic migration scripts, and the modules of their environment, are left out.
    (orm/memo.py remembers the rules' results under the imports of modules with class
    bases, and the module names: what else of the graph is used here must join that key.)
    """
    if not orm_in_use(project):
        return []  # nothing imports an ORM: no file needs reading
    sketches = {name: project.files.sketch(file) for name, file in project.modules.items()}
    chosen = {name for name, sketch in sketches.items() if sketch.orm_hint}
    frontier = set(chosen)
    known: set[str] = set()
    migrations: set[str] = set()
    while frontier:
        for module in frontier:
            symbols = names.symbols(module)
            if symbols is not None and _is_migration(symbols):
                migrations.add(module)
                continue
            known.update(sketches[module].class_names)
            if symbols is not None:
                known.update(b.name for b in symbols.bindings if b.kind in ("call", "alias"))
        frontier = {
            name
            for name, sketch in sketches.items()
            if name not in chosen
            and sketch.class_bases
            and (
                not known.isdisjoint(sketch.class_bases)
                or not chosen.isdisjoint(project.graph.find_modules_directly_imported_by(name))
            )
        }
        chosen |= frontier
    # Alembic's environment (`env.py` beside the scripts' folder, `versions/` by default)
    # holds the scripts' helpers too.
    packages = {p for script in migrations for p in _parents(script)}
    packages |= {m.partition(".versions.")[0] for m in project.modules if ".versions." in m}
    environments = tuple(f"{p}." for p in packages if f"{p}.env" in project.modules)
    return sorted(m for m in chosen - migrations if not f"{m}.".startswith(environments))


def _parents(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _is_migration(symbols: ModuleSymbols) -> bool:
    """An Alembic migration script (it sets `revision` and `down_revision` and defines
    `upgrade`). Its models are frozen copies of the real ones, often on a base of their own,
    used only while it runs: they are left out."""
    assigned = {b.name for b in symbols.bindings}
    return {"revision", "down_revision", "upgrade"} <= assigned
