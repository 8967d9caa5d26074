"""`independence`: none of the listed modules may import another, directly or indirectly."""

from __future__ import annotations

from typing import NamedTuple

from layerlint.config import ContractConfig
from layerlint.contracts import layer_pairs
from layerlint.contracts.base import (
    Common,
    Violation,
    dependency_chains,
    expand_modules,
    format_chain,
    graph_without_ignored,
    in_package,
    missing_module,
    read_common,
    site_violations,
)
from layerlint.errors import ConfigError
from layerlint.project import Project
from layerlint.rules import INDEPENDENCE_VIOLATION

TYPE_NAME = "independence"
CODE = INDEPENDENCE_VIOLATION.code


class IndependenceContract(NamedTuple):
    common: Common
    modules: tuple[str, ...]


def parse(contract: ContractConfig, config_path) -> IndependenceContract:
    options, common = read_common(contract, config_path)
    parsed = IndependenceContract(common, options.module_expressions("modules"))
    options.finish()
    return parsed


def check(project: Project, contract: IndependenceContract) -> list[Violation]:
    common = contract.common
    graph, violations = graph_without_ignored(project, common)
    modules = expand_modules(project, graph, contract.modules, where=common.where, key="modules")
    for module in modules:
        if module not in graph.modules:
            raise missing_module(project, common.where, "modules", module)
        outer = next((o for o in modules if o != module and in_package(module, o)), None)
        if outer:  # grimp cannot search between a package and its own modules
            raise ConfigError(
                f"{common.where}: key 'modules': '{module}' is inside '{outer}': "
                "independent modules may not nest"
            )
    # One layer of independent siblings: exactly import-linter's formulation.
    # layer_pairs proves most pairs chainless first (in a monorepo, the independent
    # modules are often top layers nothing imports: grimp would walk everything each one
    # reaches to find no chain)
    levels = [(tuple(modules), True)]
    dependencies = graph.find_illegal_dependencies_for_layers(
        layers=[set(modules)],
        searches=lambda graph, subset: layer_pairs.searches(graph, levels, sorted(subset)),
    )
    for dependency, chain, _ in dependency_chains(dependencies):
        kind = "Import" if len(chain) == 2 else "Indirect import"
        message = (
            f"{kind} between independent modules: {format_chain(chain)}: "
            f"'{dependency.importer}' must not import '{dependency.imported}'"
        )
        violations += site_violations(project, CODE, common, chain, message)
    return violations
