"""Graphviz DOT (with pydot), and SVG/PNG/PDF through Graphviz's `dot` program."""

from __future__ import annotations

import math
import shutil
import subprocess
from collections.abc import Iterable

import pydot

from layerlint.drawing.model import READABLE_EDGES, Drawing, Edge
from layerlint.drawing.rows import wrap

# Past this many edges, Graphviz's crossing minimisation takes minutes (rich, 416 edges:
# 114 s) for a picture no one reads edge by edge: it is cut short (2 s).
QUICK_LAYOUT_EDGES = 200

# Colour-blind-safe fills (Okabe-Ito, lightened) for the cycles; red stays for broken imports.
CYCLE_COLOURS = ("#f6c78a", "#a7d3f0", "#9fdcc7", "#f3ef9a", "#b8c8e8", "#f0b8a0", "#dcb8d4")
LAYER_FILL = "#eef3fb"
BROKEN = "#d62728"
GREY = "#555555"  # an edge's colour


def to_dot(drawing: Drawing) -> str:
    graph = pydot.Dot(
        "layerlint",
        graph_type="digraph",
        rankdir="TB",
        label=f"layerlint: {drawing.title}",
        labelloc="t",
        fontname="Helvetica",
        compound="true",
        newrank="true",
        nodesep="0.12",  # half Graphviz's default: the pictures of applications are wide
    )
    large = len(drawing.edges) > READABLE_EDGES
    if len(drawing.edges) > QUICK_LAYOUT_EDGES:
        graph.set("mclimit", "0.3")
        graph.set("nslimit", "2")
    graph.set_node_defaults(
        shape="box", style="rounded,filled", fillcolor="white", fontname="Helvetica"
    )
    graph.set_edge_defaults(fontname="Helvetica", fontsize="10", color=GREY)
    containers: dict[object, pydot.Dot | pydot.Cluster] = {None: graph}
    for index, label in enumerate(drawing.layers):
        whole = drawing.layer_names[index] if index < len(drawing.layer_names) else label
        cluster = pydot.Cluster(
            f"layer_{index}", label=label, style="filled", fillcolor=LAYER_FILL, color="#9db4d8"
        )
        if whole != label:  # shortened: the whole label on hovering
            cluster.set("tooltip", _quote(whole))
        graph.add_subgraph(cluster)
        containers[("layer", index)] = cluster
    if any(node.external for node in drawing.nodes):
        cluster = pydot.Cluster(
            "external",
            label="external packages",
            style="dashed",
            color="#999999",
            fontcolor="#666666",
        )
        graph.add_subgraph(cluster)
        containers["external"] = cluster
    for index in range(len(drawing.cycles)):
        layers = {node.layer for node in drawing.nodes if node.cycle == index}
        members = sum(1 for node in drawing.nodes if node.cycle == index)
        # A box fits inside one layer; across layers, or around one node (a condensed
        # cycle), colour alone shows it.
        if len(layers) == 1 and members > 1:
            parent = containers[("layer", layers.pop())] if None not in layers else graph
            cluster = pydot.Cluster(
                f"cycle_{index}",
                label=f"cycle {index + 1}",
                style="rounded,bold",
                color=_cycle_colour(index),
            )
            parent.add_subgraph(cluster)
            containers[("cycle", index)] = cluster
    for node in drawing.nodes:
        attributes = {"tooltip": node.name}
        if node.external:
            attributes.update(
                shape="ellipse", fillcolor="#f2f2f2", fontcolor="#555555", color="#999999"
            )
            parent = containers["external"]
        elif node.context:  # a sibling of the drawn package: where its imports come and go
            attributes.update(style="rounded,dashed", fontcolor="#555555", color="#777777")
            parent = graph
        elif node.cycle is not None and ("cycle", node.cycle) in containers:
            parent = containers[("cycle", node.cycle)]
        elif node.layer is not None:
            parent = containers[("layer", node.layer)]
        else:
            parent = graph
        if node.cycle is not None:
            attributes.update(fillcolor=_cycle_colour(node.cycle), penwidth="2")
        label = node.label or node.name
        parent.add_node(pydot.Node(_quote(node.name), label=_label(label), **attributes))
    _order_layers(graph, containers, drawing)
    for source, target in wrap(drawing):
        graph.add_edge(pydot.Edge(_quote(source), _quote(target), style="invis"))
    for forward, backward in pairs(drawing.edges):
        graph.add_edge(_edge(forward, backward, large))
    return graph.to_string()


def pairs(edges: Iterable[Edge]) -> list[tuple[Edge, Edge | None]]:
    """Each edge with the one going back (None if there is none), once per pair."""
    by_ends = {(edge.source, edge.target): edge for edge in edges}
    found = []
    for (source, target), edge in by_ends.items():
        back = by_ends.get((target, source))
        if back is None or source < target:
            found.append((edge, back))
    return found


def _edge(forward: Edge, backward: Edge | None, large: bool) -> pydot.Edge:
    """One edge of the picture: `forward`, or with `backward` one two-headed edge whose
    head stands for `forward` and whose tail for `backward` (the count at each arrowhead,
    that half red when it breaks a contract, a hollow arrowhead when nominated to break a
    cycle; dashed only when both are)."""
    both = (forward,) if backward is None else (forward, backward)
    imports = sum(edge.imports for edge in both)
    attributes: dict[str, str] = {}
    if large:  # many edges: their counts as widths, not labels (a label is laid out too)
        attributes["penwidth"] = f"{1 + math.log2(imports):.1f}"
    elif backward is None:
        attributes["label"] = str(forward.imports)
    else:
        attributes.update(headlabel=str(forward.imports), taillabel=str(backward.imports))
    if any(edge.broken for edge in both):
        attributes.update(fontcolor=BROKEN, penwidth=attributes.get("penwidth", "2"))
    if backward is None:
        if forward.broken:
            attributes["color"] = BROKEN
        if forward.breaker:
            attributes["style"] = "dashed"
    else:
        attributes["dir"] = "both"
        if forward.broken or backward.broken:
            # The tail's half first: Graphviz draws a colour list with fractions in order.
            halves = [BROKEN if edge.broken else GREY for edge in (backward, forward)]
            attributes["color"] = f"{halves[0]};0.5:{halves[1]}"
        if forward.breaker and backward.breaker:
            attributes["style"] = "dashed"
        else:
            if forward.breaker:
                attributes["arrowhead"] = "onormal"
            if backward.breaker:
                attributes["arrowtail"] = "onormal"
    attributes["tooltip"] = _quote("; ".join(_tooltip(edge) for edge in both))
    return pydot.Edge(_quote(forward.source), _quote(forward.target), **attributes)


def _tooltip(edge: Edge) -> str:
    text = f"{edge.source} -> {edge.target}: {edge.imports} import(s)"
    if edge.broken:
        text += ", breaks " + ", ".join(f"'{name}'" for name in edge.broken)
    if edge.breaker:
        text += ", nominated to break a cycle"
    return text


def _order_layers(graph: pydot.Dot, containers: dict, drawing: Drawing) -> None:
    """Each layer below all of the one above: an invisible anchor at the top of every layer,
    with invisible edges from the layer above to it and from it to its own members."""
    above: list[str] = []
    for index in range(len(drawing.layers)):
        members = [_quote(n.name) for n in drawing.nodes if n.layer == index]
        if above and members:
            anchor = _quote(f"layer {index} anchor")
            containers[("layer", index)].add_node(
                pydot.Node(anchor, shape="point", style="invis", width="0", label="")
            )
            for node in above:
                graph.add_edge(pydot.Edge(node, anchor, style="invis"))
            for node in members:
                graph.add_edge(pydot.Edge(anchor, node, style="invis"))
        above = members or above


def _cycle_colour(index: int) -> str:
    return CYCLE_COLOURS[index % len(CYCLE_COLOURS)]


def _label(text: str) -> str:
    """A node's label; lines (a condensed box's modules) left-aligned."""
    if "\n" not in text:
        return _quote(text)
    return _quote(text + "\n").replace("\n", "\\l")


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class GraphvizMissing(Exception):
    pass


def render(dot_source: str, output_format: str) -> bytes:
    """SVG, PNG or PDF bytes from DOT, by Graphviz's `dot` program."""
    program = shutil.which("dot")
    if program is None:
        raise GraphvizMissing("Graphviz's `dot` program is not installed")
    done = subprocess.run(
        [program, f"-T{output_format}"], input=dot_source.encode(), capture_output=True, check=False
    )
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise GraphvizMissing(f"Graphviz failed: {message[0] if message else done.returncode}")
    return done.stdout
