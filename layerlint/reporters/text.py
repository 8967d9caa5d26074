"""Pieces shared by the human-readable formats: the diagnostic line, the contracts' lines
and the summary line."""

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


def contract_lines(report: Report) -> list[str]:
    """One line per contract, in the configuration's order: kept, or broken with the number
    of its errors shown (as lint-imports lists its contracts, kept or broken)."""
    counts: dict[str, int] = dict.fromkeys(report.contracts, 0)
    for diagnostic in report.diagnostics:  # a warning (LL902) breaks no contract
        if diagnostic.contract in counts and diagnostic.severity == "error":
            counts[diagnostic.contract] += 1
    return [
        escape_controls(
            f"Contract '{name}': " + (f"broken, {_plural(count, 'problem')}" if count else "kept")
        )
        for name, count in counts.items()
    ]


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
