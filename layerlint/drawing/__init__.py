"""`layerlint graph`: the checked import graph as a picture (Graphviz DOT, SVG/PNG/PDF, Mermaid)."""

from layerlint.drawing.model import Drawing, TooManyNodes, build

__all__ = ["Drawing", "TooManyNodes", "build"]
