"""Benchmark: the symbol rules (`unique`, SQLAlchemy) on Django, against grimp's own graph build.

Django is downloaded as a wheel and unpacked (never installed, never imported). Everything
runs in this process, so the figures leave out Python's start-up:
- grimp: `grimp.build_graph("django", include_external_packages=True, cache_dir=None)`,
  the same graph layerlint builds (its default includes external packages);
- layerlint cold: `engine.run` without a cache (graph, import contracts, a `unique`
  contract and the SQLAlchemy rules);
- layerlint warm: the same with the cache filled, nothing changed.

Usage: python bench/symbols_bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from django_bench import KEPT_CONTRACTS, fetch_django

UNIQUE = """
[[tool.layerlint.contracts]]
name = "One auth service, one user model"
type = "unique"
classes = ["*AuthService", "User", "*Settings"]
"""


def median_seconds(action, runs: int, before=None) -> float:
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="layerlint-bench-"))
    try:
        source = fetch_django(workdir)
        (source / "pyproject.toml").write_text(
            '[tool.layerlint]\nroot_packages = ["django"]\nsource_roots = ["."]\n'
            + KEPT_CONTRACTS.format(section="tool.layerlint")
            + UNIQUE
        )
        sys.path.insert(0, str(source))
        import grimp

        from layerlint.engine import RunOptions, run

        cache = source / ".layerlint_cache"
        options = RunOptions(paths=[source])
        found = run(RunOptions(paths=[source], use_cache=False)).report
        rows = [
            (
                "grimp.build_graph, no cache",
                median_seconds(
                    lambda: grimp.build_graph(
                        "django", include_external_packages=True, cache_dir=None
                    ),
                    args.runs,
                ),
            ),
            (
                "layerlint cold (no cache)",
                median_seconds(
                    lambda: run(options),
                    args.runs,
                    before=lambda: shutil.rmtree(cache, ignore_errors=True),
                ),
            ),
        ]
        run(options)
        rows.append(
            ("layerlint warm (nothing changed)", median_seconds(lambda: run(options), args.runs))
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"Django, {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, median of {args.runs} runs, in-process; "
        f"{len(found.diagnostics)} diagnostics, {found.contracts_checked} contracts\n"
    )
    print("| run | median (s) | ratio to grimp |")
    print("|---|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.3f} | {seconds / rows[0][1]:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
