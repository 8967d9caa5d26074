"""What a file defines, for the SQLAlchemy rules, read from a full `ast` parse (only of the
files the sketch selects, orm/source/extractions.py): module-level classes with their bases,
decorators and mapping attributes, module-level name bindings (imports, calls such as
`declarative_base()`, aliases), `Table(...)` objects, `relationship("X")` /
`ForeignKey("t.c")` strings and `extend_existing=True`.
"""

from __future__ import annotations

import ast
from typing import NamedTuple

from layerlint.orm.source import parts
from layerlint.orm.source.classes import ClassDef, class_of, decode_class, encode_class
from layerlint.project.python_syntax import module_level

__all__ = ["ClassDef", "ModuleSymbols"]


class Binding(NamedTuple):
    """A module-level name: what it is bound to."""

    name: str
    kind: str  # "import" | "module" | "call" | "alias" | "literal" | "other"
    # import: "level|module|name"; module: dotted; call/alias: dotted expression; literal:
    # the string
    target: str
    line: int
    column: int
    keywords: tuple[tuple[str, str], ...] = ()  # call: keyword -> dotted value (metadata=...)


class ModuleSymbols(NamedTuple):
    classes: tuple[ClassDef, ...]  # module level, including inside if/try blocks
    bindings: tuple[Binding, ...]  # module level, in source order
    tables: tuple[parts.TableDef, ...]  # Table(...) outside classes
    extend_existing: tuple[tuple[int, int], ...]  # where extend_existing=True is written


def symbols_of(tree: ast.Module, source: bytes) -> ModuleSymbols:
    """`source` is the text `tree` was parsed from: walks for names it does not contain
    are skipped (most files mention no `relationship`, `Table` or `extend_existing`)."""
    classes: list[ClassDef] = []
    bindings: list[Binding] = []
    for node in module_level(tree.body):
        if isinstance(node, ast.ClassDef):
            classes.append(class_of(node, source))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    bindings.append(_binding(alias.asname, "module", alias.name, node))
                else:
                    top = alias.name.split(".")[0]
                    bindings.append(_binding(top, "module", top, node))
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name == "*":  # binds names unknown here (orm/names.py: `constant`)
                    bindings.append(_binding("*", "other", "", node))
                else:
                    target = f"{node.level or 0}|{node.module or ''}|{alias.name}"
                    bindings.append(_binding(alias.asname or alias.name, "import", target, node))
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    bindings.append(_assignment(target.id, node.value, node))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            bindings.append(_binding(node.name, "other", "", node))
        elif isinstance(
            node, (ast.AugAssign, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith)
        ):
            # rebinds names: a constant bound again is no constant (orm/names.py)
            for target in _rebound(node):
                bindings.append(_binding(target, "other", "", node))
    tables = []
    if b"Table" in source:
        tables = [table for node in module_level(tree.body) for table in _tables_in(node)]
    extend_existing = _extend_existing(tree) if b"extend_existing" in source else ()
    return ModuleSymbols(tuple(classes), tuple(bindings), tuple(tables), extend_existing)


def _binding(name: str, kind: str, target: str, node: ast.AST, keywords=()) -> Binding:
    return Binding(name, kind, target, node.lineno, node.col_offset + 1, tuple(keywords))


def _rebound(node: ast.stmt) -> list[str]:
    """The names a module-level statement binds other than by a plain assignment."""
    if isinstance(node, (ast.With, ast.AsyncWith)):  # its body is visited on its own
        targets: list[ast.AST] = [item.optional_vars for item in node.items if item.optional_vars]
    elif isinstance(node, ast.AugAssign):
        targets = [node.target]
    else:  # a loop: everything it stores, in its body too
        targets = [node]
    return sorted(
        {
            n.id
            for t in targets
            for n in ast.walk(t)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
        }
    )


def _assignment(name: str, value: ast.expr, node: ast.stmt) -> Binding:
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return _binding(name, "literal", value.value, node)
    if isinstance(value, ast.Call):
        callee = parts.dotted(value.func)
        if callee is not None:
            keywords = tuple(
                (k.arg, parts.dotted(k.value) or parts.UNKNOWN)
                for k in value.keywords
                if k.arg is not None
            )
            return _binding(name, "call", callee, node, keywords)
    target = parts.dotted(value)
    if target is not None:
        return _binding(name, "alias", target, node)
    return _binding(name, "other", "", node)


def _tables_in(statement: ast.stmt):
    """Table(...) calls in a module-level statement (not inside classes or functions)."""
    if isinstance(statement, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
        return
    if isinstance(statement, (ast.If, ast.Try, ast.With)):
        return  # their bodies are visited as module-level statements themselves
    for node in ast.walk(statement):
        if isinstance(node, ast.Call) and parts.callee_name(node) == "Table":
            yield parts.table_of(node)


def _extend_existing(tree: ast.Module) -> tuple[tuple[int, int], ...]:
    """Where `extend_existing=True` is given to a table definition: a `Table(...)` call (not
    one that reflects the database, or that uses a MetaData of its own), or a dict (the
    `__table_args__` of a model). Elsewhere, as in `MetaData.reflect(...)`, it merges no
    second definition."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and parts.callee_name(node) == "Table" and not _apart(node):
            found += [
                (k.lineno, k.col_offset + 1)
                for k in node.keywords
                if k.arg == "extend_existing" and parts.literal(k.value) is True
            ]
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if (
                    isinstance(key, ast.Constant)
                    and key.value == "extend_existing"
                    and parts.literal(value) is True
                ):
                    found.append((key.lineno, key.col_offset + 1))
    return tuple(sorted(found))


def _apart(table: ast.Call) -> bool:
    """A `Table(...)` that reflects the database, or is on a `MetaData()` made for it."""
    if any(k.arg in ("autoload_with", "autoload") for k in table.keywords):
        return True
    metadata = table.args[1] if len(table.args) > 1 else None
    return isinstance(metadata, ast.Call) and parts.callee_name(metadata) == "MetaData"


def encode_symbols(symbols: ModuleSymbols) -> tuple:
    """Plain tuples for the cache (written out by hand: `dataclasses.astuple` is slow)."""
    return (
        tuple(encode_class(c) for c in symbols.classes),
        tuple((b.name, b.kind, b.target, b.line, b.column, b.keywords) for b in symbols.bindings),
        tuple(parts.encode_table(t) for t in symbols.tables),
        symbols.extend_existing,
    )


def decode_symbols(data: tuple) -> ModuleSymbols:
    classes, bindings, tables, extend_existing = data
    return ModuleSymbols(
        classes=tuple(decode_class(fields) for fields in classes),
        bindings=tuple(Binding(*fields) for fields in bindings),
        tables=tuple(parts.decode_table(fields) for fields in tables),
        extend_existing=tuple(tuple(position) for position in extend_existing),
    )
