"""layerlint: an import-graph and layering linter for Python projects."""

__version__ = "0.1.0"
