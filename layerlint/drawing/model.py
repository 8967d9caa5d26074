"""What a drawing shows: the project's modules squashed to a depth, the imports between them,
the layers of its `layers` contracts, the contracts each import breaks, and its cycles with
the imports nominated to break them. Renderers (DOT, Mermaid) only lay this out."""

from __future__ import annotations

import sys
from collections import defaultdict
from typing import NamedTuple

from layerlint.contracts import Contract
from layerlint.contracts.cycles import (
    Breakers,
    breaking_imports,
    deferred_imports,
    strongly_connected,
)
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
    """More nodes or edges than a picture can show (`what`: "nodes" or "edges")."""

    def __init__(self, count: int, limit: int, what: str = "nodes"):
        option = "--max-nodes" if what == "nodes" else "--max-edges"
        super().__init__(
            f"the graph has {count} {what}, more than {limit} can be read in one picture: "
            "draw fewer levels with --depth, only the cycles with --cycles, one package "
            f"(layerlint graph PACKAGE) or no third-party packages (--no-external); {option} "
            "raises the limit"
        )


# What one picture can show and still be read on a screen: the automatic depth is the
# deepest whose drawing stays within both (and at least 1).
READABLE_NODES = 40
READABLE_EDGES = 90
LABEL_WIDTH = 40  # characters of a layer's label; the whole label is its tooltip


class Node(NamedTuple):
    name: str  # a module, squashed: "app.domain"
    external: bool
    layer: int | None  # index into Drawing.layers
    cycle: int | None  # index into Drawing.cycles
    context: bool = False  # outside the drawn package: a sibling it imports or is imported by
    label: str = ""  # what the picture writes: inside one drawn package, the name below it


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
    layers: tuple[str, ...]  # labels, top to bottom (shortened to LABEL_WIDTH)
    cycles: tuple[tuple[str, ...], ...]  # strongly connected components of the drawing
    layer_names: tuple[str, ...] = ()  # the layers' whole labels


def build(
    project: Project,
    contracts: list[Contract],
    violations: list[Violation],
    *,
    package: str | None = None,
    depth: int | None = 1,
    cycles_only: bool = False,
    external: bool = True,
    external_limit: int | None = None,
    max_nodes: int = 300,
    max_edges: int = 500,
    known: Breakers | None = None,
) -> Drawing:
    """The drawing of `package` (default: every root package) squashed to `depth` levels
    below it (None: the deepest that stays readable, see READABLE_NODES); `external`: with
    the third-party packages imported, beyond the `external_limit` most imported (and those
    of a broken import) folded into one node; `known`: the analysis's cycle breakers."""
    packages = _packages(project, package)
    if depth is None:
        depth = readable_depth(project, packages, external)
    squash = _squasher(project, packages, depth, external)
    counts = _counts(project, packages, squash)
    violations = [v for v in violations if not silenced(project, v)]  # a noqa comment accepts them
    broken: dict[tuple[str, str], set[str]] = defaultdict(set)
    for violation in violations:
        if violation.site is not None and violation.code in _IMPORT_CODES:
            key = (squash(violation.site.importer), squash(violation.site.imported))
            if key in counts:
                broken[key].add(violation.contract or violation.code)
    if external_limit is not None:
        counts = _fold_externals(project, counts, broken, external_limit)
    inside = _inside(project, packages, squash, counts)
    context = {n for edge in counts for n in edge if project.is_internal(n) and n not in inside}
    # A cycle through a sibling of the drawn package is one of the package's too.
    successors: dict[str, set[str]] = {n: set() for n in inside | context}
    for source, target in counts:
        if source in successors and target in successors:
            successors[source].add(target)
    cycles = strongly_connected(successors)
    reported = {
        (squash(site.importer), squash(site.imported))
        for v in violations
        if v.code == _CYCLE_CODE and v.site is not None
        for site in (v.site, *v.also)
    }
    breakers = _breakers(project, packages, squash, cycles, successors, counts, reported, known)
    names = sorted(inside | {n for edge in counts for n in edge})
    if cycles_only:
        names = sorted({n for cycle in cycles for n in cycle})
    if len(names) > max_nodes:
        raise TooManyNodes(len(names), max_nodes)
    shown = set(names)
    drawn = sorted((edge, count) for edge, count in counts.items() if shown.issuperset(edge))
    if len(drawn) > max_edges:
        raise TooManyNodes(len(drawn), max_edges, "edges")
    labels, layer_of = _layers(project, contracts, [n for n in names if n not in context])
    cycle_of = {n: i for i, cycle in enumerate(cycles) for n in cycle}
    prefix = packages[0] + "." if len(packages) == 1 else None
    nodes = tuple(
        Node(
            n,
            not project.is_internal(n),
            layer_of.get(n),
            cycle_of.get(n),
            n in context,
            n[len(prefix):] if prefix and n.startswith(prefix) else n,
        )
        for n in names
    )
    edges = tuple(
        Edge(s, t, count, tuple(sorted(broken.get((s, t), ()))), (s, t) in breakers)
        for (s, t), count in drawn
    )
    title = ", ".join(packages) + f" (depth {depth})"
    short = tuple(_shorten(contract, _below(label, prefix)) for contract, label in labels)
    labels = tuple(f"{contract}: {label}" for contract, label in labels)
    return Drawing(title, nodes, edges, short, tuple(tuple(c) for c in cycles), tuple(labels))


def readable_depth(project: Project, packages: list[str], external: bool = True) -> int:
    """The deepest squashing of `packages` whose drawing has at most READABLE_NODES nodes
    and READABLE_EDGES edges (at least 1; no deeper than the modules go)."""
    deepest = max(
        (m.count(".") - p.count(".") for m in project.modules for p in packages
         if m.startswith(p + ".")),
        default=1,
    )
    chosen = 1
    for depth in range(2, deepest + 1):
        squash = _squasher(project, packages, depth, external)
        counts = _counts(project, packages, squash)
        nodes = _inside(project, packages, squash, counts) | {n for e in counts for n in e}
        if len(nodes) > READABLE_NODES or len(counts) > READABLE_EDGES:
            break
        chosen = depth
    return chosen


def _squasher(project: Project, packages: list[str], depth: int, external: bool):
    """module -> the node it is drawn in, or None (not drawn). A module outside the one
    package drawn is drawn in the sibling of it (or of a package above it) it lies in."""
    drawn_parts = packages[0].split(".") if len(packages) == 1 else None

    def squash(module: str) -> str | None:
        if not project.is_internal(module):
            # Third-party packages are what an architecture review is about; the standard
            # library would only crowd the picture.
            if not external or module.split(".")[0] in sys.stdlib_module_names:
                return None
            return module if project.config.include_external_packages else None
        for top in packages:
            if module == top or module.startswith(top + "."):
                keep = top.count(".") + 1 + depth
                return ".".join(module.split(".")[:keep])
        if drawn_parts is None or len(drawn_parts) == 1:
            return None  # another root package than those drawn
        parts = module.split(".")
        shared = next(
            (i for i, (a, b) in enumerate(zip(parts, drawn_parts, strict=False)) if a != b),
            min(len(parts), len(drawn_parts)),
        )
        return ".".join(parts[: shared + 1]) if shared < len(parts) else None

    return squash


def _counts(project: Project, packages: list[str], squash) -> dict[tuple[str, str], int]:
    """Imports between drawn nodes, at least one end inside the drawn packages."""
    def within(name: str) -> bool:
        return any(name == p or name.startswith(p + ".") for p in packages)

    counts: dict[tuple[str, str], int] = defaultdict(int)
    memo: dict[str, str | None] = {}
    for (importer, imported), lines in project.imports.items():
        if importer not in memo:
            memo[importer] = squash(importer)
        if imported not in memo:
            memo[imported] = squash(imported)
        source, target = memo[importer], memo[imported]
        if (
            source
            and target
            and source != target
            and project.is_internal(source)
            and not project.is_unfound_import(importer, imported)
            and (within(source) or within(target))
        ):
            counts[(source, target)] += len(lines)
    return counts


def _inside(project: Project, packages: list[str], squash, counts) -> set[str]:
    """The drawn nodes inside the drawn packages."""
    def within(name: str) -> bool:
        return any(name == p or name.startswith(p + ".") for p in packages)

    found = {n for edge in counts for n in edge if project.is_internal(n) and within(n)}
    return found | {s for m in project.modules if (s := squash(m)) and within(s)}


def _fold_externals(project: Project, counts, broken, limit: int) -> dict:
    """`counts` with the third-party packages past the `limit` most imported (by import
    statements, then name) drawn as one node; one that a broken import reaches stays."""
    weight: dict[str, int] = defaultdict(int)
    for (_, target), count in counts.items():
        if not project.is_internal(target):
            weight[target] += count
    if len(weight) <= limit:
        return counts
    kept = {target for _, target in broken if target in weight}
    for target in sorted(weight, key=lambda t: (-weight[t], t)):
        if len(kept) >= limit:
            break
        kept.add(target)
    other = f"{len(weight) - len(kept)} more third-party packages"
    folded: dict[tuple[str, str], int] = defaultdict(int)
    for (source, target), count in counts.items():
        folded[(source, target if target in kept or target not in weight else other)] += count
    return folded


def _shorten(contract: str, layer: str) -> str:
    """"contract: layer" in LABEL_WIDTH characters: the contract's name is cut first, as
    the layers of one contract differ in their own label."""
    whole = f"{contract}: {layer}"
    if len(whole) <= LABEL_WIDTH:
        return whole
    if len(layer) > LABEL_WIDTH * 2 // 3:
        layer = _cut(layer, LABEL_WIDTH * 2 // 3)
    room = LABEL_WIDTH - len(layer) - 2
    return f"{_cut(contract, room)}: {layer}" if len(contract) <= room or room >= 16 else layer


def _below(label: str, prefix: str | None) -> str:
    """A layer's label ("app.web | app.cli") by the names below the drawn package, as
    its nodes are labelled."""
    if prefix is None:
        return label
    return " | ".join(part.strip().removeprefix(prefix) for part in label.split("|"))


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


def _packages(project: Project, package: str | None) -> list[str]:
    if package is None:
        return list(project.root_packages)
    if package not in project.graph.modules or not project.is_internal(package):
        hint = did_you_mean(package, project.modules)
        raise ConfigError(f"graph: package '{package}' is not a module of the project{hint}")
    return [package]


def _breakers(project, packages, squash, cycles, successors, counts, reported, known):
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
            component, module_graph, lambda edge: project.statement_count(*edge), deferred, known
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
    labels: list[tuple[str, str]] = []
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
            labels.append((contract.name, label))
            for node in members:
                layer_of[node] = len(labels) - 1
    return tuple(labels), layer_of
