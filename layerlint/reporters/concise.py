"""`path:line:col: CODE message`, one line each, then one per contract and a summary (the
default)."""

from __future__ import annotations

from layerlint.diagnostics import Report
from layerlint.reporters.text import contract_lines, diagnostic_line, summary


def render(report: Report) -> str:
    lines = [*map(diagnostic_line, report.diagnostics), *contract_lines(report), summary(report)]
    return "".join(line + "\n" for line in lines)
