"""Resolve a name used in a module to what it is bound to, across imports and re-exports.

Nothing is imported: module-level bindings are read from each module's symbols, and
names from outside the project resolve to their full dotted name (`sqlalchemy.orm.DeclarativeBase`).
"""

from __future__ import annotations

from typing import NamedTuple

from layerlint.orm.source import extractions
from layerlint.orm.source.parts import UNKNOWN as UNKNOWN_NAME
from layerlint.orm.source.symbols import Binding, ClassDef, ModuleSymbols
from layerlint.project import Project
from layerlint.project.resolver import absolute_name

_MAX_DEPTH = 25


class Ref(NamedTuple):
    """What a name resolves to.

    kind: "class" (a project class, key "module.Name"), "module" (a project module),
    "external" (key: the full dotted name), "instance" (a module-level `name = call(...)`,
    key "module.name", `callee` the key of what was called), "attribute" (an attribute of
    an instance or class: key "module.name.attr", `callee` as for the instance), "unknown".
    """

    kind: str
    key: str = ""
    callee: str = ""


UNKNOWN = Ref("unknown")


class Names:
    def __init__(self, project: Project):
        self.project = project
        self._symbols: dict[str, ModuleSymbols | None] = {}
        self._raw: dict[str, ModuleSymbols | None] = {}
        self._scopes: dict[str, dict[str, ClassDef | Binding]] = {}

    def symbols(self, module: str) -> ModuleSymbols | None:
        """The module's symbols, with each `__tablename__ = NAME` whose NAME is a string
        constant given that string."""
        if module not in self._symbols:
            symbols = self._read(module)
            if symbols is not None and any(c.tablename_from for c in symbols.classes):
                classes = tuple(self._named_table(module, c) for c in symbols.classes)
                symbols = symbols._replace(classes=classes)
            self._symbols[module] = symbols
        return self._symbols[module]

    def _read(self, module: str) -> ModuleSymbols | None:
        if module not in self._raw:
            file = self.project.symbol_modules.get(module)
            self._raw[module] = extractions.symbols(self.project.files, file) if file else None
        return self._raw[module]

    def _named_table(self, module: str, cls: ClassDef) -> ClassDef:
        if cls.tablename != UNKNOWN_NAME or cls.tablename_from is None:
            return cls
        name = self.constant(module, cls.tablename_from)
        return cls if name is None else cls._replace(tablename=name)

    def constant(self, module: str, dotted: str) -> str | None:
        """The string a module-level name (`NAME`, `consts.NAME`) is bound to, if it is bound
        once, to a string literal, in the module that defines it (reached through imports);
        else None. A name bound twice, in a loop, or next to a star import is no constant."""
        *path, name = dotted.split(".")
        owner: str | None = module
        for part in path:  # `consts.NAME`: a module bound by an import
            owner = self._imported_module(owner, part)
            if owner is None:
                return None
        return self._constant(owner, name, 0)

    def _imported_module(self, module: str, name: str) -> str | None:
        """The project module `name` is bound to in `module` by an import, if it is one
        (read from the symbols as written: a table name needs no other)."""
        symbols = self._read(module)
        found = [b for b in symbols.bindings if b.name == name] if symbols else []
        if len(found) != 1:
            return None
        binding = found[0]
        if binding.kind == "module":
            target = binding.target
        elif binding.kind == "import":
            origin, imported = self._imported_from(module, binding)
            target = f"{origin}.{imported}" if origin is not None else ""
        else:
            return None
        return target if target in self.project.symbol_modules else None

    def _constant(self, module: str, name: str, depth: int) -> str | None:
        symbols = self._read(module) if depth <= _MAX_DEPTH else None
        if symbols is None:
            return None
        found = [b for b in symbols.bindings if b.name in (name, "*")]
        if len(found) != 1 or any(c.name == name for c in symbols.classes):
            return None
        binding = found[0]
        if binding.kind == "literal":
            return binding.target
        if binding.kind != "import":
            return None
        origin, imported = self._imported_from(module, binding)
        if origin is None or not self.project.is_internal(origin):
            return None
        if self._is_module(f"{origin}.{imported}"):
            return None
        return self._constant(origin, imported, depth + 1)

    def scope(self, module: str) -> dict[str, ClassDef | Binding]:
        """Each module-level name's last definition, in source order."""
        if module not in self._scopes:
            symbols = self.symbols(module)
            definitions: list[ClassDef | Binding] = []
            if symbols is not None:
                definitions = [*symbols.classes, *symbols.bindings]
            definitions.sort(key=lambda d: (d.line, d.column))
            self._scopes[module] = {d.name: d for d in definitions}
        return self._scopes[module]

    def resolve(self, module: str, dotted: str | None) -> Ref:
        if not dotted:
            return UNKNOWN
        head, *attributes = dotted.split(".")
        ref = self._name(module, head, 0)
        for attribute in attributes:
            ref = self._attribute(ref, attribute, 0)
        return ref

    def _name(self, module: str, name: str, depth: int) -> Ref:
        if depth > _MAX_DEPTH:
            return UNKNOWN
        if module not in self.project.symbol_modules:
            if self.project.is_internal(module):
                submodule = f"{module}.{name}"
                return Ref("module", submodule) if self._is_module(submodule) else UNKNOWN
            return Ref("external", f"{module}.{name}")
        definition = self.scope(module).get(name)
        if definition is None:
            submodule = f"{module}.{name}"
            return Ref("module", submodule) if self._is_module(submodule) else UNKNOWN
        if isinstance(definition, ClassDef):
            return Ref("class", f"{module}.{name}")
        return self._binding(module, definition, depth)

    def _binding(self, module: str, binding: Binding, depth: int) -> Ref:
        if binding.kind == "import":
            origin, name = self._imported_from(module, binding)
            if origin is None:
                return UNKNOWN
            if self._is_module(f"{origin}.{name}"):
                return Ref("module", f"{origin}.{name}")
            if self.project.is_internal(origin):
                return self._name(origin, name, depth + 1)
            return Ref("external", f"{origin}.{name}")
        if binding.kind == "module":
            if self._is_module(binding.target):
                return Ref("module", binding.target)
            if self.project.is_internal(binding.target):
                return UNKNOWN
            return Ref("external", binding.target)
        if binding.kind == "call":
            callee = self._resolve_at(module, binding.target, depth + 1)
            return Ref("instance", f"{module}.{binding.name}", _callee_key(callee))
        if binding.kind == "alias":
            return self._resolve_at(module, binding.target, depth + 1)
        return UNKNOWN

    def _resolve_at(self, module: str, dotted: str, depth: int) -> Ref:
        head, *attributes = dotted.split(".")
        ref = self._name(module, head, depth)
        for attribute in attributes:
            ref = self._attribute(ref, attribute, depth)
        return ref

    def _attribute(self, ref: Ref, attribute: str, depth: int) -> Ref:
        if ref.kind == "module":
            return self._name(ref.key, attribute, depth + 1)
        if ref.kind == "external":
            return Ref("external", f"{ref.key}.{attribute}")
        if ref.kind in ("instance", "class", "attribute"):
            # The owner is the key without its last part; `callee` says what made it.
            return Ref("attribute", f"{ref.key}.{attribute}", ref.callee)
        return UNKNOWN

    def _imported_from(self, module: str, binding: Binding) -> tuple[str | None, str]:
        """(the module a `from ... import name` binding imports from, name)."""
        level, source, name = binding.target.split("|")
        return self._from(module, int(level), source), name

    def _from(self, module: str, level: int, source: str) -> str | None:
        if not level:
            return source
        file = self.project.symbol_modules[module]
        base = absolute_name(module, file.is_package, "." * level + "x")
        if base is None:
            return None
        package = base[:-2]  # drop the ".x" placeholder
        return f"{package}.{source}" if source else package

    def _is_module(self, name: str) -> bool:
        """A module of the project (a namespace package counts)."""
        if name in self.project.symbol_modules:
            return True
        return self.project.is_internal(name) and name in self.project.graph.modules


def _callee_key(ref: Ref) -> str:
    if ref.kind == "attribute":
        return ref.key
    return ref.key if ref.kind in ("external", "class", "instance") else ""


def is_external(ref: Ref, package: str, *names: str) -> bool:
    """Whether `ref` is one of these names from this package (re-exports anywhere inside)."""
    return (
        ref.kind == "external"
        and ref.key.split(".")[0] == package
        and ref.key.rpartition(".")[2] in names
    )


def external_callee(ref: Ref, package: str, *names: str) -> bool:
    """Whether an instance was made by calling one of these names from this package."""
    return ref.kind == "instance" and is_external(Ref("external", ref.callee), package, *names)
