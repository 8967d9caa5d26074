"""GitHub Actions workflow commands: each diagnostic shows on the pull request's diff."""

from __future__ import annotations

from layerlint.diagnostics import Diagnostic, Report
from layerlint.terminal import escape_controls


def _data(text: str) -> str:
    # Line breaks are the format's own escapes; other control characters would reach the
    # log as they are.
    return escape_controls(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(d: Diagnostic) -> str:
    command = "warning" if d.severity == "warning" else "error"
    properties = [
        f"file={_property(d.path)}",
        f"line={d.line}",
        f"col={d.column}",
        f"endLine={max(d.end_line, d.line)}",
        f"endColumn={d.end_column if d.end_line > d.line else max(d.end_column, d.column)}",
        f"title={_property(f'layerlint ({d.code})')}",
    ]
    return f"::{command} {','.join(properties)}::{_data(d.message)}"


def render(report: Report) -> str:
    return "".join(annotation(d) + "\n" for d in report.diagnostics)
