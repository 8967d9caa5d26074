"""LL301-LL306: collisions between declarative bases, mapped classes and tables."""

from __future__ import annotations

import re
from collections import defaultdict

from layerlint.errors import UnmetByFiles, did_you_mean
from layerlint.orm import flask
from layerlint.orm.index import OrmIndex, Table
from layerlint.orm.modules import apart, app_of, is_test
from layerlint.orm.source.extractions import sketch
from layerlint.project import Project
from layerlint.rules import (
    DUPLICATE_MAPPED_CLASS_NAME,
    DUPLICATE_TABLE,
    EXTEND_EXISTING,
    MULTIPLE_DECLARATIVE_BASES,
    UNRESOLVED_FOREIGN_KEY,
    UNRESOLVED_RELATIONSHIP,
)
from layerlint.violation import Violation, list_rest, list_some

_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


def check(project: Project) -> list[Violation]:
    index = OrmIndex(project)
    intended = _intended_bases(project, index)
    if not index.bases:
        return []  # the rules apply to projects that define a declarative base
    return [
        *_bases(project, index, intended),
        *_duplicate_tables(project, index),
        *_extend_existing(project, index),
        *_duplicate_names(project, index),
        *_relationships(project, index),
        *_foreign_keys(project, index),
    ]


def _report(
    project: Project,
    code: str,
    message: str,
    module: str,
    line: int,
    column: int,
    key: str,
    details: tuple[str, ...] = (),
) -> Violation:
    location = (project.symbol_modules[module].path, line, column)
    return Violation(code, None, message, location=location, key=key, details=details)


def _others(project: Project, items: list, item: object, label) -> tuple[str, tuple[str, ...]]:
    """The other members of a group of duplicates, with where they are: the first few for
    the message, and the details lines of those it leaves out."""
    others = [f"{label(o)} ({_where(project, o.module, o.line)})" for o in items if o is not item]
    return list_some(others), list_rest(others)


def _where(project: Project, module: str, line: int) -> str:
    return f"{project.symbol_modules[module].relpath}:{line}"


def _intended_bases(project: Project, index: OrmIndex) -> set[str]:
    """The keys of the bases [tool.layerlint.orm] lists, by any name the project can import
    them by. A name that is no base is an error: a typo would hide one."""
    keys = set()
    for name in project.config.orm_bases:
        key = index.base_named(name)
        if key is None:
            known = {b.name for b in index.bases.values()} | set(index.bases)
            raise UnmetByFiles(
                f"{project.config.orm_where}: key 'bases': '{name}' is not a declarative base"
                f"{did_you_mean(name, known)}"
            )
        keys.add(key)
    return keys


def _app(project: Project, module: str | None) -> str:
    return app_of(project.symbol_modules[module].relpath) if module else ""


def _bases(project: Project, index: OrmIndex, intended: set[str]) -> list[Violation]:
    """Bases made in test modules are the tests' own; an example app's are compared with
    those of the same app only."""
    apps: dict[str, list] = defaultdict(list)
    for base in index.bases.values():
        if base.module is None or not is_test(project.symbol_modules[base.module].relpath):
            apps[_app(project, base.module)].append(base)
    violations = []
    for bases in apps.values():
        violations += _bases_of_one_app(project, sorted(bases, key=lambda b: b.name), intended)
    return violations


def _bases_of_one_app(project: Project, bases: list, intended: set[str]) -> list[Violation]:
    if len(bases) < 2 and not intended:
        return []
    violations = []
    for base in bases:
        if base.key in intended or base.module is None:
            continue
        others, rest = _others(project, [b for b in bases if b.module], base, lambda o: o.name)
        count = f"one of {len(bases)} declarative bases" if len(bases) > 1 else "a declarative base"
        message = (
            f"'{base.name}' is {count} in the project"
            + (f" (also {others})" if others else "")
            + ": models on different bases cannot refer to each other; use one base, or list "
            "the intended ones in [tool.layerlint.orm] bases"
        )
        violations.append(
            _report(
                project,
                MULTIPLE_DECLARATIVE_BASES.code,
                message,
                base.module,
                base.line,
                base.column,
                base.name,
                rest,
            )
        )
    return violations


def _table_name(table: Table) -> str:
    return f"{table.schema}.{table.name}" if table.schema else table.name


def _duplicate_tables(project: Project, index: OrmIndex) -> list[Violation]:
    groups: dict[tuple, list[Table]] = defaultdict(list)
    for table in index.tables:
        groups[(table.metadata, table.schema or "", table.name)].append(table)
    violations = []
    for group in groups.values():
        for table, tables in _colliding(project, group):
            others, rest = _others(project, tables, table, lambda o: o.owner)
            message = (
                f"Table '{_table_name(table)}' is mapped more than once on the same metadata: "
                f"{table.owner} here, also {others} (SQLAlchemy: \"Table '{table.name}' is "
                'already defined for this MetaData instance")'
            )
            violations.append(
                _report(
                    project,
                    DUPLICATE_TABLE.code,
                    message,
                    table.module,
                    table.line,
                    table.column,
                    f"{_table_name(table)} by {table.owner}",
                    rest,
                )
            )
    return violations


def _colliding(project: Project, group: list):
    """(item, the items it collides with, itself included) for each item of a group with
    one table or class name that collides with another: not one in another example app."""
    for item in group:
        app = _app(project, item.module)
        others = [o for o in group if o is item or not apart(app, _app(project, o.module))]
        if len(others) > 1:
            yield item, others


def _extend_existing(project: Project, index: OrmIndex) -> list[Violation]:
    definitions: dict[tuple, list[Table]] = defaultdict(list)
    for table in (*index.tables, *index.extensions):
        definitions[(table.metadata, table.schema or "", table.name)].append(table)
    violations = []
    for module, line, column in index.extend_existing:
        rest: tuple[str, ...] = ()
        table = _table_at(project, index, module, line)
        owner = _class_at(index, module, line)
        if table is None and owner is not None:
            message = (
                f"extend_existing=True in the __table_args__ of {module}.{owner}, which every "
                "model taking them inherits: a second definition of one of their tables would "
                'silently merge into the first instead of failing with "Table ... is already '
                'defined"; remove it unless that merge is meant'
            )
        elif table is None:
            message = (
                "extend_existing=True: a second definition of this table would silently merge "
                'into it instead of failing with "Table ... is already defined"; remove it '
                "unless that merge is meant"
            )
        else:
            group = definitions[(table.metadata, table.schema or "", table.name)]
            others, rest = _others(project, group, table, lambda o: o.owner)
            if others:
                message = (
                    f"extend_existing=True merges this definition of table "
                    f"'{_table_name(table)}' into the other one ({others}) instead of failing "
                    'with "Table ... is already defined": keep one definition'
                )
            else:
                message = (
                    f"extend_existing=True on table '{_table_name(table)}', which no other model "
                    "or Table defines: it merges nothing now, and would let a second definition "
                    "added later merge into this one silently; remove it"
                )
        key = _enclosing(index, module, line)
        violations.append(
            _report(project, EXTEND_EXISTING.code, message, module, line, column, key, rest)
        )
    return violations


def _class_at(index: OrmIndex, module: str, line: int) -> str | None:
    """The name of the module-level class whose body holds that line."""
    symbols = index.names.symbols(module)
    inside = [c for c in (symbols.classes if symbols else ()) if c.line <= line <= c.end_line]
    return inside[-1].name if inside else None


def _table_at(project: Project, index: OrmIndex, module: str, line: int) -> Table | None:
    """The table whose definition (a mapped class, a `Table(...)` call) holds that line."""
    symbols = index.names.symbols(module)
    if symbols is None:
        return None
    spans = [(c.line, c.end_line, c.line) for c in symbols.classes]
    spans += [(t.line, t.end_line, t.line) for t in symbols.tables]
    inside = [start for start, end, _ in spans if start <= line <= end]
    if not inside:
        return None
    start = max(inside)  # the innermost
    found = [t for t in (*index.tables, *index.extensions) if (t.module, t.line) == (module, start)]
    return found[0] if len(found) == 1 else None


def _enclosing(index: OrmIndex, module: str, line: int) -> str:
    """What an extend_existing belongs to, for baselines: the class it is written in (the
    last one starting above it), or the module."""
    symbols = index.names.symbols(module)
    above = [c for c in (symbols.classes if symbols else ()) if c.line <= line]
    if not above:
        return f"extend_existing in {module}"
    owner = max(above, key=lambda c: c.line)
    table = f" (table {owner.tablename})" if owner.tablename not in (None, "", "?") else ""
    return f"extend_existing in {module}.{owner.name}{table}"


def _duplicate_names(project: Project, index: OrmIndex) -> list[Violation]:
    groups = defaultdict(list)
    for mapped in index.mapped:
        groups[(mapped.base, mapped.name)].append(mapped)
    violations = []
    for (base, name), group in groups.items():
        for mapped, classes in _colliding(project, group):
            others, rest = _others(project, classes, mapped, lambda o: o.key)
            message = (
                f"Class name '{name}' is mapped more than once on base '{index.bases[base].name}' "
                f'(also {others}): string lookups such as relationship("{name}") fail with '
                f"\"Multiple classes found for path '{name}'\""
            )
            violations.append(
                _report(
                    project,
                    DUPLICATE_MAPPED_CLASS_NAME.code,
                    message,
                    mapped.module,
                    mapped.line,
                    mapped.column,
                    mapped.key,
                    rest,
                )
            )
    return violations


def _relationships(project: Project, index: OrmIndex) -> list[Violation]:
    by_base: dict[str, set[str]] = defaultdict(set)
    bases_of_name: dict[str, set[str]] = defaultdict(set)
    for mapped in index.mapped:
        by_base[mapped.base].add(mapped.name)
        bases_of_name[mapped.name].add(mapped.base)
    class_names = {
        name
        for file in project.symbol_modules.values()
        for name in sketch(project.files, file).class_names
    }
    violations = []
    for mapped in index.mapped:
        for ref in (r for r in mapped.refs if r.kind == "relationship"):
            if not _DOTTED.fullmatch(ref.value):
                continue  # an expression SQLAlchemy evaluates: not a plain class name
            target = ref.value.rpartition(".")[2]
            if target in by_base[mapped.base] or target in index.uncertain_names:
                continue
            elsewhere = sorted(index.bases[b].name for b in bases_of_name.get(target, ()))
            if elsewhere:
                why = f"'{target}' is mapped on another base ({', '.join(elsewhere)})"
            elif target in class_names:
                continue  # a class we could not place on a base: say nothing
            else:
                why = f"no class named '{target}' exists in the project"
            message = (
                f'relationship("{ref.value}") in {mapped.key} names no class mapped on base '
                f"'{index.bases[mapped.base].name}': {why} (SQLAlchemy: \"expression "
                f"'{ref.value}' failed to locate a name\")"
            )
            violations.append(
                _report(
                    project,
                    UNRESOLVED_RELATIONSHIP.code,
                    message,
                    mapped.module,
                    ref.line,
                    ref.column,
                    f"{mapped.key} -> {ref.value}",
                )
            )
    return violations


def _foreign_keys(project: Project, index: OrmIndex) -> list[Violation]:
    defined: dict[str, set[tuple[str | None, str]]] = defaultdict(set)
    for table in index.tables:
        defined[table.metadata].add((table.schema, table.name))
    violations = []
    for module, metadata, ref in index.foreign_keys:
        if metadata in index.unknown_metadata:
            continue
        parts = ref.value.split(".")
        if len(parts) not in (2, 3) or not all(p.isidentifier() for p in parts):
            continue
        schema, table = (None, parts[0]) if len(parts) == 2 else (parts[0], parts[1])
        if metadata in index.default_schema and (
            schema is not None or any(name == table for _, name in defined[metadata])
        ):
            continue  # a schema that may be the default one, or a table of that name
        if (schema, table) in defined[metadata] or table in index.uncertain_tables:
            continue  # defined, or perhaps defined on a metadata that cannot be placed
        shown = f"{schema}.{table}" if schema else table
        elsewhere = sorted(
            _metadata_label(index, other)
            for other, names in defined.items()
            if other != metadata and (schema, table) in names
        )
        where = f" (it is defined on the metadata of {', '.join(elsewhere)})" if elsewhere else ""
        message = (
            f"ForeignKey(\"{ref.value}\") refers to table '{shown}', which no model or Table on "
            f"the same metadata defines{where}"
        )
        violations.append(
            _report(
                project,
                UNRESOLVED_FOREIGN_KEY.code,
                message,
                module,
                ref.line,
                ref.column,
                f"{module}: {ref.value}",
            )
        )
    return violations


def _metadata_label(index: OrmIndex, metadata: str) -> str:
    """The bases whose metadata it is (a bind's, for Flask-SQLAlchemy), as messages name it."""
    names = [
        flask.metadata_label(metadata, b.name)
        for b in index.bases.values()
        if b.metadata and flask.bind_metadata(b.metadata, None) == metadata.partition("[bind ")[0]
    ]
    return ", ".join(sorted(names)) or metadata
