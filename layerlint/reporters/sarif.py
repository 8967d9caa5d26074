"""SARIF 2.1.0, for code-scanning dashboards: one rule per code, one result per diagnostic."""

from __future__ import annotations

import json
import urllib.parse

from layerlint import __version__
from layerlint.diagnostics import Report
from layerlint.rules import RULES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _uri(path: str) -> str:
    """A relative URI reference: percent-encoded, and never mistaken for a scheme."""
    uri = urllib.parse.quote(path, safe="/")
    return f"./{uri}" if ":" in uri.split("/")[0] else uri


def render(report: Report) -> str:
    codes = sorted(RULES)
    index = {code: i for i, code in enumerate(codes)}
    rules = [
        {
            "id": code,
            "name": RULES[code].name,
            "shortDescription": {"text": RULES[code].summary},
            "fullDescription": {
                "text": RULES[code].explanation,
                "markdown": RULES[code].explanation,
            },
            "helpUri": RULES[code].url,
            "defaultConfiguration": {"level": RULES[code].severity},
        }
        for code in codes
    ]
    results = [
        {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": "warning" if d.severity == "warning" else "error",
            "message": {"text": d.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(d.path)},
                        "region": {
                            "startLine": d.line,
                            "startColumn": d.column,
                            "endLine": max(d.end_line, d.line),
                            "endColumn": d.end_column
                            if d.end_line > d.line
                            else max(d.end_column, d.column),
                        },
                    }
                }
            ],
            **({"properties": {"contract": d.contract}} if d.contract else {}),
        }
        for d in report.diagnostics
    ]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "layerlint",
                        "version": __version__,
                        "informationUri": "https://github.com/layerlint/layerlint",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"
