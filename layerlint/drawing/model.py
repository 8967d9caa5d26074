"""What a drawing shows: the project's modules squashed to a depth, the imports between them,
the layers of its `layers` contracts, the contracts each import breaks, and its cycles with
the imports nominated to break them. Renderers (DOT, Mermaid) only lay this out."""

from __future__ import annotations

import sys
from collections import defaultdict
from typing import NamedTuple

from layerlint.contracts import Contract
from layerlint.contracts.cycles import breaking_imports, deferred_imports, strongly_connected
from layerlint.diagnostics import silenced
from layerlint.errors import ConfigError, did_you_mean
from layerlint.project import Project
from layerlint.rules import IMPORT_CYCLE, RULES, codes_of
from layerlint.violation import Violation

_CYCLE_CODE = IMPORT_CYCLE.code  # its imports are dashed, not drawn red
# The contracts' import rules: drawn red, with the contract in the tooltip.
_IMPORT_CODES = tuple(
    code
    for code in codes_of("import")
    if code != _CYCLE_CODE and all(o.startswith("layerlint.contracts.") for o in RULES[code].owners)
)


class TooManyNodes(Exception):
    def __init__(self, count: int, limit: int):
        super().__init__(
            f"the graph has {count} nodes, more than {limit} can be read in one picture: "
            "draw fewer levels with --depth, only the cycles with --cycles, or one package "
            "(layerlint graph PACKAGE); --max-nodes raises the limit"
        )


class Node(NamedTuple):
    name: str  # a module, squashed: "app.domain"
    external: bool
    layer: int | None  # index into Drawing.layers
    cycle: int | None  # index into Drawing.cycles


class Edge(NamedTuple):
    source: str
    target: str
    imports: int  # imports between the two (squashed) modules: per statement and module
    broken: tuple[str, ...]  # names of the contracts these imports break
    breaker: bool  # nominated to break a cycle


class Drawing(NamedTuple):
    title: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    layers: tuple[str, ...]  # labels, top to bottom
    cycles: tuple[tuple[str, ...], ...]  # strongly connected components of the drawing


def build(
    project: Project,
    contracts: list[Contract],
    violations: list[Violation],
    *,
    package: str | None = None,
    depth: int = 1,
    cycles_only: bool = False,
    max_nodes: int = 300,
) -> Drawing:
    packages = _packages(project, package)

    def squash(module: str) -> str | None:
        if not project.is_internal(module):
            # Third-party packages are what an architecture review is about; the standard
            # library would only crowd the picture.
            if module.split(".")[0] in sys.stdlib_module_names:
                return None
            return module if project.config.include_external_packages else None
        for top in packages:
            if module == top or module.startswith(top + "."):
                keep = top.count(".") + 1 + depth
                return ".".join(module.split(".")[:keep])
        return None  # another package than the one drawn

    counts: dict[tuple[str, str], int] = defaultdict(int)
    for (importer, imported), lines in project.imports.items():
        source, target = squash(importer), squash(imported)
        if (
            source
            and target
            and source != target
            and project.is_internal(source)
            and not project.is_unfound_import(importer, imported)
        ):
            counts[(source, target)] += len(lines)
    violations = [v for v in violations if not silenced(project, v)]  # a noqa comment accepts them
    broken: dict[tuple[str, str], set[str]] = defaultdict(set)
    for violation in violations:
        if violation.site is not None and violation.code in _IMPORT_CODES:
            key = (squash(violation.site.importer), squash(violation.site.imported))
            if key in counts:
                broken[key].add(violation.contract or violation.code)
    internal = {s for s, _ in counts} | {t for _, t in counts if project.is_internal(t)}
    internal |= {squash(m) for m in project.modules if squash(m)}
    successors = {n: set() for n in internal}
    for source, target in counts:
        if target in successors:
            successors[source].add(target)
    cycles = strongly_connected(successors)
    reported = {
        (squash(site.importer), squash(site.imported))
        for v in violations
        if v.code == _CYCLE_CODE and v.site is not None
        for site in (v.site, *v.also)
    }
    breakers = _breakers(project, packages, squash, cycles, successors, counts, reported)
    names = sorted(internal | {t for _, t in counts})
    if cycles_only:
        names = sorted({n for cycle in cycles for n in cycle})
    if len(names) > max_nodes:
        raise TooManyNodes(len(names), max_nodes)
    shown = set(names)
    layers, layer_of = _layers(project, contracts, names)
    cycle_of = {n: i for i, cycle in enumerate(cycles) for n in cycle}
    nodes = tuple(
        Node(n, not project.is_internal(n), layer_of.get(n), cycle_of.get(n)) for n in names
    )
    edges = tuple(
        Edge(s, t, count, tuple(sorted(broken.get((s, t), ()))), (s, t) in breakers)
        for (s, t), count in sorted(counts.items())
        if s in shown and t in shown
    )
    title = ", ".join(packages) + (f" (depth {depth})" if depth != 1 else "")
    return Drawing(title, nodes, edges, layers, tuple(tuple(c) for c in cycles))


def _packages(project: Project, package: str | None) -> list[str]:
    if package is None:
        return list(project.root_packages)
    if package not in project.graph.modules or not project.is_internal(package):
        hint = did_you_mean(package, project.modules)
        raise ConfigError(f"graph: package '{package}' is not a module of the project{hint}")
    return [package]


def _breakers(project, packages, squash, cycles, successors, counts, reported):
    """The drawn edges to dash: those holding an import LL105 reports (from the project's
    acyclic contracts, or as an `acyclic` contract on the drawn packages would), then, for
    any cycle those leave, breakers nominated at the drawn level: with the dashed edges
    removed, the drawing has no cycle."""
    members = {
        m
        for m in project.graph.modules
        if project.is_internal(m) and any(m == p or m.startswith(p + ".") for p in packages)
    }
    module_graph = {m: set() for m in members}
    for importer, imported in project.imports:
        if (
            importer in members
            and imported in members
            and importer != imported
            and not project.is_unfound_import(importer, imported)
        ):
            module_graph[importer].add(imported)
    found = set(reported)
    deferred = deferred_imports(project)
    for component in strongly_connected(module_graph):
        for importer, imported in breaking_imports(
            component, module_graph, lambda edge: project.statement_count(*edge), deferred
        ):
            found.add((squash(importer), squash(imported)))
    # Only edges that close a cycle of the drawing: a cycle between packages is no cycle
    # at a depth that shows their modules.
    cycle_of = {n: i for i, cycle in enumerate(cycles) for n in cycle}
    found = {(s, t) for s, t in found if s in cycle_of and cycle_of.get(t) == cycle_of[s]}
    remaining = {
        n: {t for t in targets if (n, t) not in found} for n, targets in successors.items()
    }
    for cycle in strongly_connected(remaining):
        found |= set(breaking_imports(cycle, remaining, counts.__getitem__))
    return found


def _layers(project: Project, contracts: list[Contract], names: list[str]):
    """Layer labels (top to bottom) and the layer of each drawn node that lies in one."""
    labels: list[str] = []
    layer_of: dict[str, int] = {}
    for contract in contracts:
        for label, modules in contract.stack(project):
            members = [
                n
                for n in names
                if n not in layer_of and any(n == m or n.startswith(m + ".") for m in modules)
            ]
            if not members:
                continue
            labels.append(f"{contract.name}: {label}")
            for node in members:
                layer_of[node] = len(labels) - 1
    return tuple(labels), layer_of
