"""The concise line, plus the source line, the chain one link per line, and the rule's docs."""

from __future__ import annotations

from layerlint.diagnostics import Report
from layerlint.reporters.text import contract_lines, diagnostic_line, summary
from layerlint.terminal import escape_controls
from layerlint.violation import ALSO


def render(report: Report) -> str:
    out = []
    for diagnostic in report.diagnostics:
        out.append(diagnostic_line(diagnostic))
        if diagnostic.source_line:
            gutter = " " * len(str(diagnostic.line))
            out.append(f"  {gutter} |")
            out.append(f"  {diagnostic.line} | {escape_controls(diagnostic.source_line)}")
            width = (
                diagnostic.end_column - diagnostic.column
                if diagnostic.end_line == diagnostic.line
                else len(diagnostic.source_line) - diagnostic.column + 1
            )
            out.append(f"  {gutter} | {' ' * (diagnostic.column - 1)}{'^' * max(width, 1)}")
        if diagnostic.details:
            # a duplicate's details are the members of its group its message leaves out
            others = all(detail.startswith(ALSO) for detail in diagnostic.details)
            out.append("  the others:" if others else "  chain:")
            out.extend(f"    {escape_controls(detail)}" for detail in diagnostic.details)
        out.append(f"  docs: {diagnostic.url}")
        out.append("")
    out.extend(contract_lines(report))
    out.append(summary(report))
    return "\n".join(out) + "\n"
