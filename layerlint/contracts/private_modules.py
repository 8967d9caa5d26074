"""`private_modules` (import-linter 2.17): a private module may be imported only from within
its parent package.

A module is private when the last part of its name starts with `_` (dunder names such as
`__main__` are not private; a top-level module never is). The descendants of a private
module are covered by it. The one that decides is the innermost private module of the
imported module's name: `app.billing._calc._inner` may be imported only from
`app.billing._calc` and below.
"""

from __future__ import annotations

from typing import NamedTuple

from layerlint.config import ContractConfig
from layerlint.contracts.base import (
    Common,
    Violation,
    expand_modules,
    graph_without_ignored,
    in_package,
    missing_module,
    outside_roots,
    read_common,
    site_violations,
)
from layerlint.errors import ConfigError
from layerlint.project import Project
from layerlint.rules import PRIVATE_MODULE_IMPORT

TYPE_NAME = "private_modules"
CODE = PRIVATE_MODULE_IMPORT.code
KEY = "packages_with_private_modules"


class PrivateModulesContract(NamedTuple):
    common: Common
    packages: tuple[str, ...]  # empty: every module of the graph


def parse(contract: ContractConfig, config_path) -> PrivateModulesContract:
    options, common = read_common(contract, config_path)
    packages = options.module_expressions(KEY) if options.has(KEY) else ()
    options.finish()
    private = sorted(p for p in packages if _has_private_part(p))
    if private:
        listed = ", ".join(repr(p) for p in private)
        raise ConfigError(
            f"{common.where}: key '{KEY}': packages cannot be private or inside a private "
            f"module: {listed}: list an ancestor that is not private instead"
        )
    return PrivateModulesContract(common, packages)


def check(project: Project, contract: PrivateModulesContract) -> list[Violation]:
    common = contract.common
    graph, violations = graph_without_ignored(project, common)
    for imported in sorted(_modules_to_check(project, graph, contract)):
        parent = _parent_of_innermost_private(imported)
        if parent is None:
            continue
        for importer in sorted(graph.find_modules_that_directly_import(imported)):
            if in_package(importer, parent):
                continue
            message = (
                f"Import of private module: {importer} -> {imported}: only {parent} and its "
                "submodules may import it"
            )
            violations += site_violations(project, CODE, common, (importer, imported), message)
    return violations


def _modules_to_check(project: Project, graph, contract: PrivateModulesContract) -> set[str]:
    if not contract.packages:
        return set(graph.modules)
    where = contract.common.where
    modules: set[str] = set()
    for expression in contract.packages:
        matched = expand_modules(project, graph, [expression], where=where, key=KEY)
        # Unlike the other types, import-linter wants every entry to match, wildcards too.
        if not matched:
            raise ConfigError(f"{where}: key '{KEY}': '{expression}' matches no module")
        for module in matched:
            if module not in graph.modules:
                raise missing_module(project, where, KEY, module)
            if not project.is_internal(module):  # import-linter cannot look inside it
                raise outside_roots(project, where, KEY, module)
        private = [m for m in matched if _has_private_part(m)]
        if private:
            raise ConfigError(
                f"{where}: key '{KEY}': '{expression}' matches private modules "
                f"({', '.join(private)}): list an ancestor that is not private instead"
            )
        for module in matched:
            modules |= {module, *graph.find_descendants(module)}
    return modules


def _is_private_name(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _has_private_part(module: str) -> bool:
    return any(_is_private_name(part) for part in module.split("."))


def _parent_of_innermost_private(module: str) -> str | None:
    """The package whose modules may import `module`, or None if it is not private."""
    parts = module.split(".")
    for index in range(len(parts) - 1, 0, -1):  # a top-level module is never private
        if _is_private_name(parts[index]):
            return ".".join(parts[:index])
    return None
