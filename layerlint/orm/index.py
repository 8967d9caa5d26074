"""The SQLAlchemy picture of a project: declarative bases, mapped classes, tables.

Only what can be known from source is recorded; anything computed (a `declared_attr`
table name, a base from an unknown library) is marked unknown, and the rules then say
nothing about it rather than guess.
"""

from __future__ import annotations

from typing import NamedTuple

from layerlint.orm.modules import candidate_modules
from layerlint.orm.names import Names, Ref, external_callee, is_external
from layerlint.orm.source.classes import ClassDef
from layerlint.orm.source.parts import StringRef
from layerlint.orm.tables import SQLMODEL, MappedClass, Table, Tables
from layerlint.project import Project

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


class OrmIndex(Tables):
    def __init__(self, project: Project):
        self.project = project
        self.names = Names(project)
        self.bases: dict[str, Base] = {}
        self.mapped: list[MappedClass] = []
        self.tables: list[Table] = []
        self.unknown_metadata: set[str] = set()  # a table on it cannot be named
        # MetaData(schema=...): its tables without a schema, and the foreign keys without
        # one, are in that default schema, whatever it is (perhaps computed)
        self.default_schema: set[str] = set()
        self.uncertain_names: set[str] = set()  # classes that may be mapped, on a base unknown
        self.uncertain_tables: set[str] = set()  # tables that may exist, on a metadata unknown
        self.foreign_keys: list[tuple[str, str, StringRef]] = []  # (module, metadata, ref)
        self.extend_existing: list[tuple[str, int, int]] = []
        # a subclass repeating its mapped parent's table with extend_existing=True: the same
        # table, extended on purpose (not a second one)
        self.extensions: list[Table] = []
        self.unnamed: list[str] = []  # mapped classes and tables whose table cannot be named
        self.uncertain_mapped: list[str] = []  # with a table name, on a base not placed
        self.flask: dict[str, bool] = {}  # Flask-SQLAlchemy bases -> automatic table names
        self._aliases: dict[str, str] = {}  # `Base = reg.generate_base()`: Base -> reg
        self._alias_places: dict[str, tuple[str, int, int]] = {}
        # `db = SQLAlchemy(model_class=Base)`: db.Model is Base, when Base is a base
        self._model_classes: dict[str, tuple[str, str]] = {}
        self._status: dict[str, tuple[str, str | None]] = {}
        self.modules = candidate_modules(project, self.names)
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
            first = min(sqlmodels, key=lambda m: (project.symbol_modules[m.module].relpath, m.line))
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
                self.flask[ref.key] = "disable_autonaming" not in dict(binding.keywords)
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
        cls = self.names.scope(module).get(name) if module in self.project.symbol_modules else None
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
        (see `default_schema`)."""
        if not external_callee(ref, "sqlalchemy", "MetaData"):
            return None
        module, _, name = ref.key.rpartition(".")
        binding = self.names.scope(module).get(name)
        if any(keyword == "schema" for keyword, _ in getattr(binding, "keywords", ())):
            self.default_schema.add(ref.key)
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
            if module in self.project.symbol_modules:
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
            shared = self._shared_registry(module, cls)
            if shared is not None:
                return ("base", shared)  # `registry = reg`: the registry's base
            metadata = self._class_metadata(module, cls, key)
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

    def _shared_registry(self, module: str, cls: ClassDef) -> str | None:
        """`registry = shared` in a DeclarativeBase subclass: the `registry()` it shares."""
        for name, kind, value in cls.attributes:
            if name == "registry" and kind == "name":
                ref = self.names.resolve(module, str(value))
                key = self._aliases.get(ref.key, ref.key)
                if external_callee(ref, "sqlalchemy", "registry") and key in self.bases:
                    return key
        return None

    def _class_metadata(self, module: str, cls: ClassDef, key: str) -> str | None:
        """The MetaData of a base class: its own, or `metadata = naming` (a module-level
        `MetaData(...)`, possibly shared with other bases)."""
        if cls.metadata is None:
            return key
        if cls.metadata.startswith("name:"):
            return self._metadata_instance(self.names.resolve(module, cls.metadata[5:]))
        if "MetaData" not in cls.metadata:
            return None
        if cls.metadata.endswith("(schema)"):
            self.default_schema.add(key)
        return key
