"""`layers`: higher layers may import lower ones, never the reverse (import-linter semantics)."""

from __future__ import annotations

import re
from typing import NamedTuple

import grimp

from layerlint.config import ContractConfig
from layerlint.config.fields import check_module_expression
from layerlint.contracts import layer_pairs
from layerlint.contracts.base import (
    Common,
    Violation,
    config_location,
    dependency_chains,
    expand_modules,
    format_chain,
    graph_without_ignored,
    in_package,
    missing_module,
    outside_roots,
    read_common,
    site_violations,
)
from layerlint.project import Project
from layerlint.rules import LAYERS_VIOLATION

TYPE_NAME = "layers"
CODE = LAYERS_VIOLATION.code


class Layer(NamedTuple):
    modules: tuple[tuple[str, bool], ...]  # (name, optional)
    independent: bool


class LayersContract(NamedTuple):
    common: Common
    layers: tuple[Layer, ...]
    containers: tuple[str, ...]
    exhaustive: bool
    exhaustive_ignores: tuple[str, ...]


def parse(contract: ContractConfig, config_path) -> LayersContract:
    options, common = read_common(contract, config_path)
    layers = tuple(_parse_layer(raw, options) for raw in options.strings("layers"))
    containers = options.module_expressions("containers", ())
    exhaustive = options.boolean("exhaustive", False)
    exhaustive_ignores = options.strings("exhaustive_ignores", ())
    options.finish()
    seen: set[str] = set()
    for layer in layers:
        for name, _ in layer.modules:
            if name in seen:
                raise options.error("layers", f"'{name}' is in more than one layer")
            seen.add(name)
    # grimp cannot search between a package and its own modules, and import-linter (2.17)
    # refuses a package beside its own modules, across layers and inside one alike.
    layer_of = {name: layer for layer in layers for name, _ in layer.modules}
    for name in sorted(seen):
        outer = next((o for o in seen if name.startswith(f"{o}.")), None)
        if outer and layer_of[outer] is layer_of[name]:
            why = (
                "a package cannot be independent of its own modules"
                if layer_of[name].independent
                else f"'{outer}' covers it, so leave it out"
            )
            raise options.error("layers", f"'{name}' is inside '{outer}' in one layer: {why}")
        if outer:
            raise options.error(
                "layers", f"'{name}' is inside layer '{outer}': layers may not nest"
            )
    if exhaustive and not containers:
        raise options.error("exhaustive", "needs 'containers'")
    return LayersContract(common, layers, containers, exhaustive, exhaustive_ignores)


def _parse_layer(raw: str, options) -> Layer:
    if "|" in raw and ":" in raw:
        raise options.error("layers", f"{raw!r} mixes '|' (independent) and ':' (not independent)")
    separator = "|" if "|" in raw else ":"
    modules = []
    for part in (p.strip() for p in raw.split(separator)):
        optional = part.startswith("(") and part.endswith(")")
        name = part[1:-1].strip() if optional else part
        check_module_expression(name, lambda problem: options.error("layers", problem))
        if "*" in name:
            raise options.error("layers", f"{name!r}: layers cannot use wildcards")
        if any(name == existing for existing, _ in modules):
            raise options.error("layers", f"'{name}' is repeated in layer {raw!r}")
        modules.append((name, optional))
    return Layer(tuple(modules), independent=separator == "|")


def check(project: Project, contract: LayersContract) -> list[Violation]:
    common = contract.common
    graph, violations = graph_without_ignored(project, common)
    containers = expand_modules(
        project, graph, contract.containers, where=common.where, key="containers"
    )
    if contract.containers and not containers:
        return violations  # wildcards that match no container yet: nothing to check
    for container in containers:
        if not project.is_internal(container):
            raise outside_roots(project, common.where, "containers", container)
    for prefix in [f"{c}." for c in containers] or [""]:
        for layer in contract.layers:
            for name, optional in layer.modules:
                if not optional and prefix + name not in graph.modules:
                    raise missing_module(project, common.where, "layers", prefix + name)
    levels = [
        (tuple(name for name, _ in layer.modules), layer.independent) for layer in contract.layers
    ]
    dependencies = graph.find_illegal_dependencies_for_layers(
        layers=[grimp.Layer(*names, independent=independent) for names, independent in levels],
        containers=set(containers),
        searches=lambda graph, subset: layer_pairs.searches(graph, levels, sorted(subset)),
    )
    layer_of = _layer_indexes(contract, containers)
    for dependency, chain, extra in dependency_chains(dependencies):
        relation = _relation(layer_of, dependency.importer, dependency.imported)
        violations += _violations(project, common, chain, relation, extra)
    if contract.exhaustive:
        violations += _undeclared(project, contract, containers)
    return violations


def stack(project: Project, contract: LayersContract) -> list[tuple[str, tuple[str, ...]]]:
    """What a drawing shows of the contract: each layer, top to bottom, as (its names as
    written, joined by `|` or `:`; the modules it stands for in every container)."""
    containers: list[str] = []
    for expression in contract.containers:
        if "*" in expression:
            containers += sorted(project.graph.find_matching_modules(expression))
        else:
            containers.append(expression)
    layers = []
    for layer in contract.layers:
        tails = [name for name, _ in layer.modules]
        modules = tuple(f"{c}.{t}" if c else t for c in containers or [""] for t in tails)
        layers.append(((" | " if layer.independent else " : ").join(tails), modules))
    return layers


def _relation(layer_of: dict[str, int], importer: str, imported: str) -> str:
    if layer_of.get(importer, -1) == layer_of.get(imported, -1):
        return f"'{importer}' must not import its independent sibling '{imported}'"
    return f"layer '{importer}' must not import higher layer '{imported}'"


def _layer_indexes(contract: LayersContract, containers: list[str]) -> dict[str, int]:
    """Each layer module (in every container, or as named) -> the index of its layer."""
    layer_of = {}
    for index, layer in enumerate(contract.layers):
        for name, _ in layer.modules:
            layer_of.setdefault(name, index)
            for container in containers:
                layer_of.setdefault(f"{container}.{name}", index)
    return layer_of


def _violations(
    project: Project, common: Common, chain: tuple[str, ...], relation: str, extra: int
) -> list[Violation]:
    kind = "Layer violation" if len(chain) == 2 else "Indirect layer violation"
    more = f" (and {extra} more module{'s' if extra > 1 else ''})" if extra else ""
    message = f"{kind}: {format_chain(chain)}{more}: {relation}"
    return site_violations(project, CODE, common, chain, message)


def _undeclared(
    project: Project, contract: LayersContract, containers: list[str]
) -> list[Violation]:
    declared = {name for layer in contract.layers for name, _ in layer.modules}
    declared |= set(contract.exhaustive_ignores)
    violations = []
    for container in containers:
        for child in sorted(project.graph.find_children(container)):
            if child.rpartition(".")[2] in declared or not in_package(child, container):
                continue
            module = project.modules.get(child)
            location = (
                (module.path, 1, 1)
                if module
                else config_location(contract.common, re.escape(container))
            )
            violations.append(
                Violation(
                    CODE,
                    contract.common.name,
                    f"'{child}' is not declared as a layer, and the contract is exhaustive",
                    location=location,
                    key=child,
                )
            )
    return violations
