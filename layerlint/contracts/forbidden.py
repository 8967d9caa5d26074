"""`forbidden`: source modules must not import forbidden modules, directly or indirectly.

import-linter's semantics, plus external modules at any depth (`sqlalchemy.orm.Session`):
grimp squashes external packages to their top-level name, so those are matched against
the full name each import statement imports.
"""

from __future__ import annotations

import copy
from typing import NamedTuple

import grimp

from layerlint.config import ContractConfig
from layerlint.contracts.base import (
    Common,
    Violation,
    expand_modules,
    format_chain,
    graph_without_ignored,
    in_package,
    missing_module,
    read_common,
    site_violations,
)
from layerlint.errors import ConfigError
from layerlint.project import ImportSite, Project
from layerlint.rules import FORBIDDEN_IMPORT

TYPE_NAME = "forbidden"
CODE = FORBIDDEN_IMPORT.code


class ForbiddenContract(NamedTuple):
    common: Common
    source_modules: tuple[str, ...]
    forbidden_modules: tuple[str, ...]
    allow_indirect_imports: bool
    as_packages: bool


def parse(contract: ContractConfig, config_path) -> ForbiddenContract:
    options, common = read_common(contract, config_path)
    parsed = ForbiddenContract(
        common,
        options.module_expressions("source_modules"),
        options.module_expressions("forbidden_modules"),
        options.boolean("allow_indirect_imports", False),
        options.boolean("as_packages", True),
    )
    options.finish()
    return parsed


def check(project: Project, contract: ForbiddenContract) -> list[Violation]:
    common = contract.common
    graph, violations = graph_without_ignored(project, common)
    sources = expand_modules(
        project, graph, contract.source_modules, where=common.where, key="source_modules"
    )
    for source in sources:
        if source not in graph.modules:
            raise missing_module(project, common.where, "source_modules", source)
    forbidden = expand_modules(
        project, graph, contract.forbidden_modules, where=common.where, key="forbidden_modules"
    )
    external = [m for m in forbidden if not project.is_internal(m)]
    if external and not project.config.include_external_packages:
        raise ConfigError(
            f"{common.where}: key 'forbidden_modules': '{external[0]}' is external: set "
            "include_external_packages = true to forbid external packages"
        )
    for source in sources:
        for target in forbidden:
            if _overlap(source, target, contract.as_packages):
                continue
            node = target if project.is_internal(target) else project.resolver.external_node(target)
            if node is None or node not in graph.modules:
                continue  # an external package nothing imports
            if node == target:
                chains = _chains(graph, source, target, contract)
            else:
                chains = _deep_external_chains(project, graph, source, target, node, contract)
            for chain in sorted(chains, key=lambda c: (len(c), c)):
                violations += _violations(project, common, chain, source, target)
    return violations


def _overlap(source: str, target: str, as_packages: bool) -> bool:
    if source == target:
        return True
    return as_packages and (in_package(source, target) or in_package(target, source))


def _chains(graph: grimp.ImportGraph, source: str, target: str, contract: ForbiddenContract):
    if not contract.allow_indirect_imports:
        return graph.find_shortest_chains(
            importer=source, imported=target, as_packages=contract.as_packages
        )
    importers = _package_modules(graph, source, contract.as_packages)
    targets = _package_modules(graph, target, contract.as_packages)
    return {
        (importer, imported)
        for importer in importers
        for imported in graph.find_modules_directly_imported_by(importer)
        if imported in targets
    }


def _package_modules(graph: grimp.ImportGraph, module: str, as_packages: bool) -> set[str]:
    if as_packages and not graph.is_module_squashed(module):
        return {module} | graph.find_descendants(module)
    return {module}


def _deep_external_chains(
    project: Project,
    graph: grimp.ImportGraph,
    source: str,
    target: str,
    node: str,
    contract: ForbiddenContract,
) -> set[tuple[str, ...]]:
    """Chains ending in an import statement whose full name is (inside) `target`.

    grimp only knows `node` (the squashed package), so the modules that import `target`
    itself are linked to a stand-in module, and the chains are searched to that.
    """
    last_hops = sorted(
        importer
        for importer in graph.find_modules_that_directly_import(node)
        if any(_names(site, target) for site in project.sites_for(importer, node))
    )
    sources = _package_modules(graph, source, contract.as_packages)
    if contract.allow_indirect_imports:
        return {(importer, node) for importer in last_hops if importer in sources}
    if not last_hops:
        return set()
    search = copy.deepcopy(graph)
    stand_in = _STAND_IN
    search.add_module(stand_in)
    for importer in last_hops:
        search.add_import(importer=importer, imported=stand_in)
    found = search.find_shortest_chains(
        importer=source, imported=stand_in, as_packages=contract.as_packages
    )
    return {(*chain[:-1], node) for chain in found}


# A module name no project has: the stand-in for an external name below a squashed package.
_STAND_IN = "__layerlint_external_name__"


def _names(site: ImportSite, target: str) -> bool:
    return any(in_package(name, target) for name in site.full_names)


def _violations(
    project: Project, common: Common, chain: tuple[str, ...], source: str, target: str
) -> list[Violation]:
    deep_external = (
        not project.is_internal(target) and project.resolver.external_node(target) != target
    )
    shown = (*chain[:-1], target) if deep_external else chain
    kind = "Forbidden import" if len(chain) == 2 else "Forbidden indirect import"
    message = (
        f"{kind}: {format_chain(shown)}: '{source}' must not import '{target}'"
    )
    found = site_violations(project, CODE, common, chain, message)
    if len(chain) == 2 and deep_external:
        # Only the statements that import the forbidden name itself.
        found = [v for v in found if _names(v.site, target)]
    return found
