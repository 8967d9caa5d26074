"""What a run shows: the report made from a project's diagnostics, and the run's warnings.

Kept apart from the analysis (engine.py) so that a run answered from stored results
(results.py) never loads grimp or the checks.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from layerlint import diagnostics
from layerlint.config import Config
from layerlint.diagnostics import Diagnostic, Report
from layerlint.options import RunOptions


class Outcome(NamedTuple):
    report: Report
    warnings: tuple[str, ...]  # for stderr: things that cost speed, never correctness
    baseline_written: tuple[Path, int] | None = None  # (file, entries) with --write-baseline


def make_report(
    found: list[Diagnostic], options: RunOptions, config: Config, contracts: int, files: int
) -> Report:
    """What a run shows of the project's diagnostics: not what the baseline records, only
    the selected codes, only what lies within the paths asked about."""
    if config.baseline is not None:
        from layerlint import baseline  # and its json, only for projects that have one

        found = baseline.apply(found, config)
    found = diagnostics.select(found, options.select, options.ignore)
    paths = [p.resolve() for p in options.paths]
    root = config.root
    if any(not (p.is_dir() and (p == root or p in root.parents)) for p in paths):
        found = diagnostics.within(found, paths)
    return Report(found, contracts_checked=contracts, files_checked=files)
