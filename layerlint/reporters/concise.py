"""`path:line:col: CODE message`, one line each, then a summary (the default)."""

from __future__ import annotations

from layerlint.diagnostics import Report
from layerlint.reporters.text import diagnostic_line, summary


def render(report: Report) -> str:
    return "".join(diagnostic_line(d) + "\n" for d in report.diagnostics) + summary(report) + "\n"
