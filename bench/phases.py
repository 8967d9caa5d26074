"""Where a cold `layerlint check` spends its time, phase by phase, in one process.

Phases, as the engine runs them (no cache, so every file is read):
- survey: listing the package folders and stat-ing every module file;
- graph: grimp's Rust scan of every file and the assembly of the import graph;
- contracts: the import contracts (grimp's searches, then the statements they point at);
- symbols: the symbol scan and the SQLAlchemy rules (LL301-LL306);
- startup: Python's import order followed through the import cycles (LL401);
- output: diagnostics (columns, noqa) and the concise report.

Usage: python bench/phases.py PROJECT_DIR [--runs 3]
Prints one markdown table row: the median seconds of each phase and their total.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from pathlib import Path

from layerlint import diagnostics, orm, startup
from layerlint.config import load_config
from layerlint.contracts import parse_contract
from layerlint.diagnostics import Report
from layerlint.gc_pause import gc_paused
from layerlint.project import build_project
from layerlint.project.cache import ScanCache
from layerlint.project.discovery import survey
from layerlint.reporters import reporter

PHASES = ("survey", "graph", "contracts", "symbols", "startup", "output")


def one_run(root: Path) -> dict[str, float]:
    times = {}
    start = time.perf_counter()
    config = load_config(root)
    contracts = [parse_contract(c, config.path) for c in config.contracts]
    surveyed = survey(config)
    times["survey"] = time.perf_counter() - start

    start = time.perf_counter()
    project = build_project(config, ScanCache(None), None, surveyed)
    times["graph"] = time.perf_counter() - start

    start = time.perf_counter()
    violations = [v for contract in contracts for v in contract.check(project)]
    times["contracts"] = time.perf_counter() - start

    start = time.perf_counter()
    violations += orm.check(project)
    times["symbols"] = time.perf_counter() - start
    start = time.perf_counter()
    violations += startup.check(project)
    times["startup"] = time.perf_counter() - start

    start = time.perf_counter()
    found = diagnostics.collect(project, violations)
    report = Report(found, contracts_checked=len(contracts), files_checked=len(project.modules))
    io.StringIO().write(reporter("concise")(report))
    times["output"] = time.perf_counter() - start
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("project", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with gc_paused():  # as the CLI runs
        runs = [one_run(args.project.resolve()) for _ in range(args.runs)]
    medians = {phase: statistics.median(run[phase] for run in runs) for phase in PHASES}
    total = statistics.median(sum(run.values()) for run in runs)
    print(" | ".join(f"{medians[phase]:.2f}" for phase in PHASES) + f" | {total:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
