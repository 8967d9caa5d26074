"""Renderers of a finished run, one module per output format."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from layerlint.diagnostics import Report

OUTPUT_FORMATS = ("concise", "full", "json", "github", "sarif", "junit")


def reporter(name: str) -> Callable[[Report], str]:
    """The renderer of one format, loaded on demand: a run renders one format, and some
    load more than they need (xml, json) for a warm run of a few milliseconds."""
    return importlib.import_module(f"layerlint.reporters.{name}").render


__all__ = ["OUTPUT_FORMATS", "reporter"]
