"""Mermaid flowchart text: renders in GitHub Markdown and many wikis, with nothing installed."""

from __future__ import annotations

from layerlint.drawing.dot import BROKEN, CYCLE_COLOURS, LAYER_FILL
from layerlint.drawing.model import Drawing, Node


def to_mermaid(drawing: Drawing) -> str:
    ids = {node.name: f"n{i}" for i, node in enumerate(drawing.nodes)}
    title = f"layerlint: {drawing.title}".replace('"', "'")
    lines = ["---", f'title: "{title}"', "---", "flowchart TB"]
    for index, label in enumerate(drawing.layers):
        lines.append(f'  subgraph layer_{index}["{_text(label)}"]')
        whole = drawing.layer_names[index] if index < len(drawing.layer_names) else label
        if whole != label:  # shortened: the whole label for whoever reads the source
            lines.append(f"    %% layer_{index}: {whole}")
        lines += [_node(ids, n, '["', '"]') for n in drawing.nodes if n.layer == index]
        lines.append("  end")
        lines.append(f"  style layer_{index} fill:{LAYER_FILL}")
    externals = [n for n in drawing.nodes if n.external]
    if externals:
        lines.append('  subgraph external["external packages"]')
        lines += [_node(ids, n, '(["', '"])') for n in externals]
        lines.append("  end")
    for node in drawing.nodes:
        if node.layer is None and not node.external:
            lines.append(_node(ids, node, '["', '"]'))
    red = []
    for number, edge in enumerate(drawing.edges):
        arrow = "-.->" if edge.breaker else "-->"
        lines.append(f"  {ids[edge.source]} {arrow}|{edge.imports}| {ids[edge.target]}")
        if edge.broken:
            red.append(str(number))
    if red:
        lines.append(f"  linkStyle {','.join(red)} stroke:{BROKEN},stroke-width:2px")
    for index, _ in enumerate(drawing.cycles):
        colour = CYCLE_COLOURS[index % len(CYCLE_COLOURS)]
        lines.append(f"  classDef cycle{index} fill:{colour},stroke-width:2px")
        members = ",".join(ids[n.name] for n in drawing.nodes if n.cycle == index)
        if members:
            lines.append(f"  class {members} cycle{index}")
    context = [ids[n.name] for n in drawing.nodes if n.context]
    if context:
        lines.append("  classDef context fill:#ffffff,color:#555555,stroke-dasharray:5 5")
        lines.append(f"  class {','.join(context)} context")
    if externals:
        lines.append("  classDef external fill:#f2f2f2,color:#555555,stroke-dasharray:3 3")
        lines.append(f"  class {','.join(ids[n.name] for n in externals)} external")
    return "\n".join(lines) + "\n"


def _node(ids: dict[str, str], node: Node, opening: str, closing: str) -> str:
    """A node's declaration, labelled as in the DOT; a shortened label is followed by a
    comment with the whole name (Mermaid shows a tooltip only on a click handler, which
    GitHub's renderer switches off)."""
    label = node.label or node.name
    line = f"    {ids[node.name]}{opening}{_text(label)}{closing}"
    return line if label == node.name else f"{line}\n    %% {ids[node.name]}: {node.name}"


def _text(label: str) -> str:
    return label.replace('"', "'").replace("\n", "<br>")
