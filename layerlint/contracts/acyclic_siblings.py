"""`acyclic_siblings` (import-linter's): no cycle among the children of each ancestor.

Children are compared as whole packages, down to `depth` levels below each ancestor;
grimp nominates the imports that would break each cycle. As lint-imports counts them,
those imports make dependencies between two children (`.a -> .b`): each dependency is
one diagnostic, at its first import statement, its imports listed in the details.
"""

from __future__ import annotations

from typing import NamedTuple

import grimp

from layerlint.config import ContractConfig
from layerlint.contracts.base import (
    Common,
    Violation,
    chain_details,
    expand_modules,
    format_chain,
    graph_without_ignored,
    outside_roots,
    read_common,
)
from layerlint.contracts.cycles import removals, runtime_note
from layerlint.errors import ConfigError
from layerlint.project import Project
from layerlint.rules import IMPORT_CYCLE

TYPE_NAME = "acyclic_siblings"
CODE = IMPORT_CYCLE.code


class AcyclicSiblingsContract(NamedTuple):
    common: Common
    ancestors: tuple[str, ...]
    depth: int
    skip_descendants: tuple[str, ...]


def parse(contract: ContractConfig, config_path) -> AcyclicSiblingsContract:
    options, common = read_common(contract, config_path)
    parsed = AcyclicSiblingsContract(
        common,
        options.module_expressions("ancestors"),
        options.integer("depth", 10, minimum=0),
        options.module_expressions("skip_descendants", ()),
    )
    options.finish()
    overlap = sorted(set(parsed.ancestors) & set(parsed.skip_descendants))
    if overlap:
        raise options.error("skip_descendants", f"'{overlap[0]}' is also an ancestor")
    return parsed


def check(project: Project, contract: AcyclicSiblingsContract) -> list[Violation]:
    common = contract.common
    graph, violations = graph_without_ignored(project, common)
    # Unlike the other contract types, import-linter requires these wildcards to match.
    for key in ("ancestors", "skip_descendants"):
        for expression in getattr(contract, key):
            if "*" in expression and not graph.find_matching_modules(expression):
                raise ConfigError(f"{common.where}: key '{key}': '{expression}' matches no module")
    ancestors = expand_modules(
        project, graph, contract.ancestors, where=common.where, key="ancestors"
    )
    skipped = set(
        expand_modules(
            project, graph, contract.skip_descendants, where=common.where, key="skip_descendants"
        )
    )
    for ancestor in sorted(ancestors):
        if not project.is_internal(ancestor):  # (a missing internal one: expand_modules)
            raise outside_roots(project, common.where, "ancestors", ancestor)
        dependencies: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
        for package, (importer, imported) in _breakers(graph, ancestor, contract.depth, skipped):
            depth = package.count(".") + 2
            key = (package, _child(importer, depth), _child(imported, depth))
            dependencies.setdefault(key, []).append((importer, imported))
        for (package, *_), edges in sorted(dependencies.items()):
            violations += _violations(project, graph, common, package, edges)
    return violations


def _child(module: str, depth: int) -> str:
    return ".".join(module.split(".")[:depth])


def _breakers(graph: grimp.ImportGraph, ancestor: str, depth: int, skipped: set[str]):
    children = graph.find_children(ancestor)
    if len(children) >= 2:
        for edge in sorted(graph.nominate_cycle_breakers(ancestor)):
            yield ancestor, edge
    if depth:
        for child in sorted(children - skipped):
            yield from _breakers(graph, child, depth - 1, skipped)


def _violations(
    project: Project,
    graph: grimp.ImportGraph,
    common: Common,
    package: str,
    edges: list[tuple[str, str]],
) -> list[Violation]:
    """One dependency between two children: its imports (`edges`), reported once, at the
    first of their statements, with the cycle that import closes."""
    sites = sorted(
        (site for edge in edges for site in project.sites_for(*edge)),
        key=lambda site: (project.modules[site.importer].relpath, site.statement.line,
                          site.statement.column),
    )
    if not sites:
        return []
    importer, imported = sites[0].importer, sites[0].imported
    depth = package.count(".") + 2
    importer_child, imported_child = _child(importer, depth), _child(imported, depth)
    siblings = format_chain((importer_child, imported_child, importer_child))
    back = graph.find_shortest_chain(imported, importer)
    if back:  # the modules themselves form a cycle
        cycle = (importer, *back)
        what = f"{format_chain(cycle)} ({runtime_note(project, cycle)})"
        details = chain_details(project, cycle)
    else:  # only the packages do: no module waits for itself at start-up
        back = graph.find_shortest_chain(imported_child, importer_child, as_packages=True) or ()
        what = (
            f"{siblings}, through {importer} -> {imported} and back through "
            f"{format_chain(back)} (a cycle between packages, not modules: it cannot fail "
            "at start-up)"
        )
        details = chain_details(project, (importer, imported)) + chain_details(project, back)
    if len(sites) == 1:
        to_break = "this import is the one to break"
    else:
        to_break = (
            f"the {len(sites)} imports of {importer_child} -> {imported_child} (this one "
            "first, the others in the details) are the ones to break"
        )
    message = (
        f"Import cycle between the children of {package}: {what}; {to_break}"
    )
    details = (*details, *removals(project, sorted(edges)))
    if common.guidance:
        details = (*details, common.guidance)
    # Keyed by the dependency, for baselines: removing one of its imports keeps the entry.
    key = f"{importer_child} -> {imported_child}"
    also = tuple(sites[1:])
    return [
        Violation(CODE, common.name, message, site=sites[0], details=details, key=key, also=also)
    ]
