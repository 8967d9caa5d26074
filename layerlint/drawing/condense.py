"""The picture of a package too flat to draw module by module (rich: 78 modules, 416
imports, one package): its condensation. Each import cycle is one box naming its
modules; the other modules are grouped by their level in the import order (level 0
imports none of the drawn package's other modules; a module of level n imports one of
level n-1 and none above), per layer, so that no two modules of a box import each other.
Third-party packages and the sibling packages around the drawn one stay as they are; the
imports between two boxes are one edge, counted, red if one of them breaks a contract.
"""

from __future__ import annotations

from collections import defaultdict

from layerlint.drawing.model import READABLE_NODES, Drawing, Edge, Node
from layerlint.drawing.rows import topological
from layerlint.project.components import strongly_connected

LINE_WIDTH = 60  # characters of a box's list of modules per line


def unreadable(drawing: Drawing) -> bool:
    """More modules inside the drawn package than READABLE_NODES."""
    inside = [n for n in drawing.nodes if not n.external and not n.context]
    return len(inside) > READABLE_NODES


def condense(drawing: Drawing) -> Drawing:
    """`drawing` with its cycles and levels as boxes (see the module's docstring)."""
    group = _groups(drawing)
    members: dict[str, list[Node]] = defaultdict(list)
    for node in drawing.nodes:
        members[group[node.name]].append(node)
    nodes = []
    cycles = []
    for name in sorted(members):
        inside = members[name]
        if len(inside) == 1:  # a box of one is the module itself
            nodes.append(inside[0]._replace(cycle=None))
            continue
        layers = {node.layer for node in inside}
        cycle = inside[0].cycle
        if cycle is not None:
            cycles.append((name,))
            head = f"{name}: {len(inside)} modules, each reaching the others by imports"
        else:
            head = f"{name.split(',')[0]}: {len(inside)} modules, none importing another"
        labels = [node.label or node.name for node in inside]
        nodes.append(
            Node(
                name,
                external=False,
                layer=layers.pop() if len(layers) == 1 else None,
                cycle=len(cycles) - 1 if cycle is not None else None,
                context=False,
                label="\n".join([head, *_lines(labels)]),
            )
        )
    counts: dict[tuple[str, str], int] = defaultdict(int)
    broken: dict[tuple[str, str], set[str]] = defaultdict(set)
    breaker: set[tuple[str, str]] = set()
    for edge in drawing.edges:
        key = (group[edge.source], group[edge.target])
        if key[0] == key[1]:
            continue
        counts[key] += edge.imports
        broken[key].update(edge.broken)
        if edge.breaker:
            breaker.add(key)
    edges = tuple(
        Edge(s, t, count, tuple(sorted(broken[(s, t)])), (s, t) in breaker)
        for (s, t), count in sorted(counts.items())
    )
    inside = sum(1 for n in drawing.nodes if not n.external and not n.context)
    title = (
        f"{drawing.title}, condensed: {inside} modules as "
        f"{sum(1 for n in nodes if not n.external and not n.context)} nodes "
        "(each import cycle one box, the others by level: level 0 imports none of the others)"
    )
    return drawing._replace(
        title=title, nodes=tuple(nodes), edges=edges, cycles=tuple(cycles)
    )


def _groups(drawing: Drawing) -> dict[str, str]:
    """node -> the name of its box: "cycle N", "level N" (in a layer: "level N, layer L"), or
    the node itself (third-party packages, siblings on no cycle)."""
    on_cycle = {n.name: n.cycle for n in drawing.nodes if n.cycle is not None}
    inside = {
        n.name for n in drawing.nodes if not n.external and (not n.context or n.name in on_cycle)
    }
    successors: dict[str, set[str]] = {n: set() for n in inside}
    for edge in drawing.edges:
        if edge.source in inside and edge.target in inside:
            successors[edge.source].add(edge.target)
    component = {n: n for n in inside}
    for cycle in strongly_connected(successors):
        for name in cycle:
            component[name] = cycle[0]
    condensed: dict[str, dict[str, int]] = defaultdict(dict)
    for source, targets in successors.items():
        for target in targets:
            if component[source] != component[target]:
                condensed[component[source]][component[target]] = 1
    level = {n: 0 for n in set(component.values())}
    for name in reversed(topological(set(level), condensed)):
        for target in condensed.get(name, ()):
            level[name] = max(level[name], level[target] + 1)
    layer = {n.name: n.layer for n in drawing.nodes}
    context = {n.name for n in drawing.nodes if n.context}
    group = {n.name: n.name for n in drawing.nodes}
    for name in inside:
        if name in on_cycle:
            group[name] = f"cycle {on_cycle[name] + 1}"
        elif name not in context:
            place = "" if layer[name] is None else f", layer {layer[name] + 1}"
            group[name] = f"level {level[component[name]]}{place}"
    return group


def _lines(labels: list[str]) -> list[str]:
    lines = [""]
    for label in labels:
        if lines[-1] and len(lines[-1]) + 2 + len(label) > LINE_WIDTH:
            lines.append("")
        lines[-1] += (", " if lines[-1] else "") + label
    return lines
