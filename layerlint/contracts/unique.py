"""`unique` (layerlint's own): a class matching these patterns is defined in one module only.

A definition is a module-level `class` statement (inside module-level `if`/`try` blocks
too), never a nested class; a re-export (`from app.auth.models import User`) is not one.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import NamedTuple

from layerlint.config import ContractConfig
from layerlint.contracts.base import (
    Common,
    expand_modules,
    outside_roots,
    read_common,
)
from layerlint.contracts.class_definitions import DEFINITIONS
from layerlint.project import Project
from layerlint.project.discovery import ModuleFile
from layerlint.project.python_syntax import CLASS_HEADERS
from layerlint.rules import DUPLICATE_CLASS
from layerlint.violation import Violation, list_rest, list_some

TYPE_NAME = "unique"
CODE = DUPLICATE_CLASS.code


class UniqueContract(NamedTuple):
    common: Common
    classes: tuple[str, ...]  # fnmatch patterns on class names
    modules: tuple[str, ...]  # where to look; default: the root packages


def parse(contract: ContractConfig, config_path) -> UniqueContract:
    options, common = read_common(contract, config_path)
    if common.ignore_imports:
        raise options.error("ignore_imports", "a unique contract has no imports to ignore")
    classes = options.strings("classes")
    if not classes:
        raise options.error("classes", "expected at least one class name or pattern")
    parsed = UniqueContract(common, classes, options.module_expressions("modules", ()))
    options.finish()
    return parsed


def _scope(project: Project, contract: UniqueContract) -> list[str]:
    """The packages to look in: those named (a wildcard may match none), else the roots."""
    if not contract.modules:
        return list(project.root_packages)
    where = contract.common.where
    scope = expand_modules(project, project.graph, contract.modules, where=where, key="modules")
    for module in scope:
        if not project.is_internal(module):  # an external module defines no class we read
            raise outside_roots(project, where, "modules", module)
    return scope


def check(project: Project, contract: UniqueContract) -> list[Violation]:
    common = contract.common
    scope = _scope(project, contract)

    answers: dict[str, bool] = {}  # class names repeat across a project: matched once each

    def wanted(name: str) -> bool:
        if name not in answers:
            answers[name] = any(fnmatchcase(name, pattern) for pattern in contract.classes)
        return answers[name]

    definitions: dict[str, list[tuple[str, int, int]]] = {}
    # The class headers, cached per file (as stored: plain tuples of names), so that most
    # files, which name no class that is looked for, are neither decoded nor parsed; and
    # the files that do are kept across runs (SourceFiles.flagged).
    files = project.files

    def names_one(file: ModuleFile, entry: object) -> bool:
        names = entry[0] if type(entry) is tuple and len(entry) == 2 else None
        if type(names) is not tuple:  # a damaged entry: made again
            names = files.extract(CLASS_HEADERS, file)[0]
        return any(wanted(c) for c in names)

    if contract.modules:
        prefixes = tuple(f"{package}." for package in scope)
        inside = {
            name: file
            for name, file in project.symbol_modules.items()
            if name.startswith(prefixes) or name in scope
        }
    else:  # the root packages: every module
        inside = project.symbol_modules
    key = f"{CLASS_HEADERS.name}|{TYPE_NAME}|{contract.classes!r}"
    for name in sorted(files.flagged(key, CLASS_HEADERS, inside, names_one)):
        found = files.extract(DEFINITIONS, inside[name])  # None: the file cannot be parsed
        seen: set[str] = set()
        for class_name, line, column in (found and found.classes) or ():
            if wanted(class_name) and class_name not in seen:
                seen.add(class_name)
                definitions.setdefault(class_name, []).append((name, line, column))
    violations = []
    for class_name, places in sorted(definitions.items()):
        if len(places) < 2:
            continue
        for module, line, column in places:
            listed = [
                f"{other} ({project.symbol_modules[other].relpath}:{other_line})"
                for other, other_line, _ in places
                if other != module
            ]
            others = list_some(listed)
            message = (
                f"Class '{class_name}' is defined in {len(places)} modules: here in {module}, "
                f"and in {others}; keep one definition and import it elsewhere"
            )
            location = (project.symbol_modules[module].path, line, column)
            key = f"{class_name} in {module}"
            violations.append(
                Violation(
                    CODE,
                    common.name,
                    message,
                    location=location,
                    key=key,
                    details=list_rest(listed),
                )
            )
    return violations
