"""Rows for a rank that would hold more nodes than a screen is wide.

Graphviz puts every node of a rank side by side: a layer of twelve modules that import
nothing of each other, or ten third-party packages, make a picture thousands of points
wide. `wrap` says which invisible edges fold such a rank into several rows (what
Graphviz's `unflatten` does, written into the DOT so that the output needs no other
program): each node of a row below hangs from one node of the row above it.

The ranks are estimated as Graphviz ranks them, by the longest path from the top over the
imports and the order of the layers; an invisible edge joins two nodes of one estimated
rank only, between which no import path runs either way, so it never closes a cycle.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from layerlint.drawing.model import Drawing
from layerlint.project.components import strongly_connected

# Points a row may take: the widest picture that still reads on a screen is about 2,000
# points (Graphviz's 72 per inch), with the space between clusters and the bent edges.
ROW_POINTS = 800
EXTERNAL_ROW_POINTS = 300  # the third-party packages: a narrow column beside the project
CHARACTER_POINTS = 7.5  # Helvetica 14, the node labels' font, averaged over names
NODE_MARGIN = 40  # the box's padding and the space to its neighbour (nodesep)


def label_points(label: str) -> float:
    """The width Graphviz gives a node with this label, roughly."""
    return max(len(line) for line in label.split("\n")) * CHARACTER_POINTS + NODE_MARGIN


def wrap(drawing: Drawing) -> list[tuple[str, str]]:
    """Invisible edges (source, target) that fold the wide ranks of `drawing` into rows."""
    label = {node.name: node.label or node.name for node in drawing.nodes}
    rank = _ranks(drawing)
    on_cycle = {name for cycle in drawing.cycles for name in cycle}
    external = sorted(node.name for node in drawing.nodes if node.external)
    by_rank: dict[int, list[str]] = defaultdict(list)
    for node in drawing.nodes:
        if not node.external and node.name not in on_cycle:
            by_rank[rank[node.name]].append(node.name)
    edges: list[tuple[str, str]] = []
    for level in sorted(by_rank):
        edges += _chain(_rows(_in_cluster_order(drawing, by_rank[level]), label, ROW_POINTS))
    # Third-party packages import nothing drawn: any order of them is free of cycles.
    edges += _chain(_rows(external, label, EXTERNAL_ROW_POINTS))
    return edges


def _in_cluster_order(drawing: Drawing, names: list[str]) -> list[str]:
    """By layer (then context, then the rest), then name: a row cut keeps a layer whole
    where it can."""
    layer = {node.name: node.layer for node in drawing.nodes}
    context = {node.name for node in drawing.nodes if node.context}
    return sorted(
        names,
        key=lambda n: (layer[n] is None, layer[n] or 0, n in context, n),
    )


def _rows(names: list[str], label: dict[str, str], budget: float) -> list[list[str]]:
    rows: list[list[str]] = []
    width = budget + 1.0
    for name in names:
        points = label_points(label[name])
        if width + points > budget and (not rows or rows[-1]):
            rows.append([])
            width = 0.0
        rows[-1].append(name)
        width += points
    return rows


def _chain(rows: list[list[str]]) -> Iterable[tuple[str, str]]:
    for above, below in zip(rows, rows[1:], strict=False):
        for index, name in enumerate(below):
            yield above[index * len(above) // len(below)], name


def _ranks(drawing: Drawing) -> dict[str, int]:
    """The longest path from the top to each node, over the imports (each cycle one step)
    and the layers (a layer starts two steps below every node of the one above: Graphviz
    puts the layer's anchor between them)."""
    successors: dict[str, dict[str, int]] = {node.name: {} for node in drawing.nodes}
    for edge in drawing.edges:
        if edge.source != edge.target:
            successors[edge.source][edge.target] = 1
    members: dict[int, list[str]] = defaultdict(list)
    for node in drawing.nodes:
        if node.layer is not None:
            members[node.layer].append(node.name)
    above: list[str] = []
    for index in sorted(members):
        for source in above:
            for target in members[index]:
                successors[source][target] = max(successors[source].get(target, 0), 2)
        above = members[index]
    component = {n: n for n in successors}
    for cycle in strongly_connected({n: set(t) for n, t in successors.items()}):
        for name in cycle:
            component[name] = cycle[0]
    condensed: dict[str, dict[str, int]] = defaultdict(dict)
    for source, targets in successors.items():
        for target, length in targets.items():
            a, b = component[source], component[target]
            if a != b:
                condensed[a][b] = max(condensed[a].get(b, 0), length)
    depth = {n: 0 for n in set(component.values())}
    for name in topological(set(component.values()), condensed):
        for target, length in condensed[name].items():
            depth[target] = max(depth[target], depth[name] + length)
    return {name: depth[component[name]] for name in successors}


def topological(names: set[str], successors: dict[str, dict[str, int]]) -> list[str]:
    """`names` in an order where each comes before its successors (Kahn, by name)."""
    incoming: dict[str, int] = {n: 0 for n in names}
    for targets in successors.values():
        for target in targets:
            incoming[target] += 1
    ready = sorted((n for n in names if incoming[n] == 0), reverse=True)
    order = []
    while ready:
        name = ready.pop()
        order.append(name)
        for target in sorted(successors.get(name, ()), reverse=True):
            incoming[target] -= 1
            if incoming[target] == 0:
                ready.append(target)
    return order
