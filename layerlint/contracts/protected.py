"""`protected`: protected modules may be imported directly only by the allowed importers."""

from __future__ import annotations

from typing import NamedTuple

from layerlint.config import ContractConfig
from layerlint.contracts.base import (
    Common,
    Violation,
    expand_modules,
    graph_without_ignored,
    in_package,
    read_common,
    site_violations,
)
from layerlint.errors import ConfigError
from layerlint.project import Project
from layerlint.rules import PROTECTED_IMPORT

TYPE_NAME = "protected"
CODE = PROTECTED_IMPORT.code


class ProtectedContract(NamedTuple):
    common: Common
    protected_modules: tuple[str, ...]
    allowed_importers: tuple[str, ...]
    as_packages: bool


def parse(contract: ContractConfig, config_path) -> ProtectedContract:
    options, common = read_common(contract, config_path)
    parsed = ProtectedContract(
        common,
        options.module_expressions("protected_modules"),
        options.module_expressions("allowed_importers"),
        options.boolean("as_packages", True),
    )
    options.finish()
    return parsed


def check(project: Project, contract: ProtectedContract) -> list[Violation]:
    common = contract.common
    graph, violations = graph_without_ignored(project, common)
    allowed = set(
        expand_modules(
            project, graph, contract.allowed_importers, where=common.where, key="allowed_importers"
        )
    )
    if contract.as_packages:
        allowed |= {  # an external package (squashed) imports nothing of the project
            d
            for m in list(allowed)
            if m in graph.modules and not graph.is_module_squashed(m)
            for d in graph.find_descendants(m)
        }
    external = [m for m in contract.protected_modules if not project.is_internal(m)]
    if external and not project.config.include_external_packages:
        raise ConfigError(
            f"{common.where}: key 'protected_modules': '{external[0]}' is external: set "
            "include_external_packages = true to protect external packages"
        )
    allowed_text = ", ".join(contract.allowed_importers)
    for top in expand_modules(
        project, graph, contract.protected_modules, where=common.where, key="protected_modules"
    ):
        if top in graph.modules:
            protected = {top}
            if contract.as_packages and not graph.is_module_squashed(top):
                protected |= graph.find_descendants(top)
            pairs = [
                (importer, module, None)
                for module in sorted(protected)
                for importer in sorted(graph.find_modules_that_directly_import(module))
                if importer not in allowed and importer not in protected
            ]
        elif not project.is_internal(top) and project.resolver.external_node(top) in graph.modules:
            # An external name below the squashed package: match the statements themselves.
            package = project.resolver.external_node(top)
            pairs = [
                (importer, package, top)
                for importer in sorted(graph.find_modules_that_directly_import(package))
                if importer not in allowed
            ]
        else:
            continue
        for importer, imported, full_name in pairs:
            who = f"only {allowed_text} may import" if allowed_text else "no module may import"
            message = (
                f"Import of protected module: {importer} -> {full_name or imported}: {who} "
                f"'{top}'"
            )
            found = site_violations(project, CODE, common, (importer, imported), message)
            if full_name is not None:
                found = [
                    v for v in found if any(in_package(n, full_name) for n in v.site.full_names)
                ]
            violations += found
    return violations
