"""`acyclic_siblings` (import-linter's): no cycle among the children of each ancestor.

Children are compared as whole packages, down to `depth` levels below each ancestor;
grimp nominates the imports that would break each cycle.
"""

from __future__ import annotations

from dataclasses import dataclass

import grimp

from layerlint.config import ContractConfig
from layerlint.contracts.base import (
    Common,
    Violation,
    expand_modules,
    format_chain,
    graph_without_ignored,
    read_common,
    site_violations,
)
from layerlint.contracts.cycles import runtime_note
from layerlint.errors import ConfigError
from layerlint.project import Project

TYPE_NAME = "acyclic_siblings"
CODE = "LL105"


@dataclass(frozen=True)
class AcyclicSiblingsContract:
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
    ancestors = expand_modules(project, graph, contract.ancestors, where=common.where, key="ancestors")
    skipped = set(
        expand_modules(
            project, graph, contract.skip_descendants, where=common.where, key="skip_descendants"
        )
    )
    for ancestor in sorted(ancestors):
        if ancestor not in graph.modules:
            raise ConfigError(f"{common.where}: key 'ancestors': module '{ancestor}' does not exist")
        for package, (importer, imported) in _breakers(graph, ancestor, contract.depth, skipped):
            cycle = _cycle(graph, package, importer, imported)
            message = (
                f"Import cycle between the children of {package}: {format_chain(cycle)} "
                f"({runtime_note(project, cycle)}); this import is the one to break "
                f"(contract '{common.name}')"
            )
            violations += site_violations(project, CODE, common, cycle, message)
    return violations


def _breakers(graph: grimp.ImportGraph, ancestor: str, depth: int, skipped: set[str]):
    children = graph.find_children(ancestor)
    if len(children) >= 2:
        for edge in sorted(graph.nominate_cycle_breakers(ancestor)):
            yield ancestor, edge
    if depth:
        for child in sorted(children - skipped):
            yield from _breakers(graph, child, depth - 1, skipped)


def _cycle(graph: grimp.ImportGraph, package: str, importer: str, imported: str) -> tuple[str, ...]:
    """importer -> imported, then back into importer's sibling package."""
    depth = package.count(".") + 2
    importer_child = ".".join(importer.split(".")[:depth])
    back = graph.find_shortest_chain(imported, importer_child, as_packages=True)
    return (importer, *back) if back else (importer, imported)
