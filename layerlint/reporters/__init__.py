"""Renderers of a finished run, one module per output format."""

from layerlint.reporters import concise, full, json

REPORTERS = {"concise": concise.render, "full": full.render, "json": json.render}

__all__ = ["REPORTERS"]
