"""Pieces shared by the human-readable formats: the diagnostic line and the summary line."""

from __future__ import annotations

from layerlint.diagnostics import Diagnostic, Report
from layerlint.terminal import escape_controls


def diagnostic_line(diagnostic: Diagnostic) -> str:
    severity = "warning: " if diagnostic.severity == "warning" else ""
    return escape_controls(
        f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: "
        f"{diagnostic.code} {severity}{diagnostic.message}"
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def summary(report: Report) -> str:
    contracts = f"{_plural(report.contracts_checked, 'contract')} checked"
    if not report.diagnostics:
        return f"All checks passed ({_plural(report.files_checked, 'file')}, {contracts})."
    files = len({d.path for d in report.diagnostics})
    warnings = sum(1 for d in report.diagnostics if d.severity == "warning")
    text = f"Found {_plural(len(report.diagnostics), 'problem')} in {_plural(files, 'file')}"
    if warnings:
        text += f" ({_plural(warnings, 'warning')})"
    return f"{text} ({contracts})."
