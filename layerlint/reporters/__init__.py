"""Renderers of a finished run, one module per output format."""

from layerlint.reporters import concise, full, github, json, junit, sarif

REPORTERS = {
    "concise": concise.render,
    "full": full.render,
    "json": json.render,
    "github": github.render,
    "sarif": sarif.render,
    "junit": junit.render,
}

__all__ = ["REPORTERS"]
