"""`acyclic` (layerlint's own): no import cycle among the modules under `packages`."""

from __future__ import annotations

from typing import NamedTuple

from layerlint.config import ContractConfig
from layerlint.contracts.base import (
    Common,
    Violation,
    expand_modules,
    format_chain,
    graph_without_ignored,
    missing_module,
    outside_roots,
    read_common,
    site_violations,
)
from layerlint.contracts.cycles import (
    Breakers,
    cycle_breakers,
    deferred_imports,
    removals,
    runtime_note,
    strongly_connected,
)
from layerlint.project import Project
from layerlint.rules import IMPORT_CYCLE

TYPE_NAME = "acyclic"
CODE = IMPORT_CYCLE.code
SHARES_BREAKERS = True  # check() takes the analysis's Breakers


class AcyclicContract(NamedTuple):
    common: Common
    packages: tuple[str, ...]
    # A package and its own submodules importing each other: left out by default (see
    # docs/configuration.md: Python imports a package before any submodule of it anyway).
    package_submodule_cycles: bool = False


def parse(contract: ContractConfig, config_path) -> AcyclicContract:
    options, common = read_common(contract, config_path)
    parsed = AcyclicContract(
        common,
        options.module_expressions("packages"),
        options.boolean("package_submodule_cycles", False),
    )
    options.finish()
    return parsed


def check(
    project: Project, contract: AcyclicContract, known: Breakers | None = None
) -> list[Violation]:
    common = contract.common
    graph, violations = graph_without_ignored(project, common)
    members: set[str] = set()
    for package in expand_modules(
        project, graph, contract.packages, where=common.where, key="packages"
    ):
        if not project.is_internal(package):
            raise outside_roots(project, common.where, "packages", package)
        if package not in graph.modules:
            raise missing_module(project, common.where, "packages", package)
        members.add(package)
        members |= graph.find_descendants(package)
    successors = {
        m: {
            n
            for n in graph.find_modules_directly_imported_by(m)
            if n in members
            and n != m
            and (contract.package_submodule_cycles or not _package_and_submodule(m, n))
            and not project.is_unfound_import(m, n)
        }
        for m in members
    }

    def weight(edge: tuple[str, str]) -> int:
        return project.statement_count(*edge)

    deferred = deferred_imports(project)
    for component in strongly_connected(successors):
        for _, cycle in cycle_breakers(component, successors, weight, deferred, known):
            message = (
                f"Import cycle: {format_chain(cycle)} ({runtime_note(project, cycle)}); "
                "this import is the one to break"
            )
            found = site_violations(project, CODE, common, cycle, message)
            if found:  # one diagnostic per import to remove, at its first statement
                first = min(found, key=lambda v: (v.site.statement.line, v.site.statement.column))
                if len(found) > 1:
                    details = (*first.details, *removals(project, [cycle[:2]]))
                    others = tuple(v.site for v in found if v is not first)
                    first = first._replace(details=details, also=others)
                violations.append(first)
    return violations


def _package_and_submodule(importer: str, imported: str) -> bool:
    """A package importing a module inside it, or a module importing a package it is in."""
    return imported.startswith(importer + ".") or importer.startswith(imported + ".")
