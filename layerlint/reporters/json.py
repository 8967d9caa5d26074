"""A JSON list with ruff's keys (plus `contract` and `severity`); nothing else on stdout."""

from __future__ import annotations

import json

from layerlint.diagnostics import Report


def render(report: Report) -> str:
    items = [
        {
            "code": d.code,
            "message": d.message,
            "filename": d.path,
            "location": {"row": d.line, "column": d.column},
            "end_location": {"row": d.end_line, "column": d.end_column},
            "noqa_row": d.line,
            "fix": None,
            "url": d.url,
            "contract": d.contract,
            "severity": d.severity,
        }
        for d in report.diagnostics
    ]
    return json.dumps(items, indent=2) + "\n"
