"""Benchmark: the flake8 plugin's latency on one file of a 5,000-module project, warm.

Compares `flake8 --select LL FILE` (layerlint's diagnostics, from the results cache) with
`flake8 --select E FILE` (pycodestyle only; layerlint's plugin sees it is not selected and
does nothing), and a cold `--select LL` run (no cache) for reference.
Usage: python bench/flake8_bench.py [--modules 5000] [--runs 11]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import generate
from timing import compile_layerlint


def seconds(command: list[str], cwd: Path, runs: int, before=None) -> float:
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--modules", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    compile_layerlint()
    workdir = Path(tempfile.mkdtemp(prefix="layerlint-flake8-"))
    try:
        facts = generate(workdir / "project", args.modules)
        project = workdir / "project"
        target = "src/mono/d0003/services/m005.py"
        flake8 = [sys.executable, "-m", "flake8"]
        cache = project / ".layerlint_cache"
        cold = seconds(
            [*flake8, "--select", "LL", target],
            project,
            3,
            before=lambda: shutil.rmtree(cache, ignore_errors=True),
        )
        subprocess.run([*flake8, "--select", "LL", target], cwd=project, check=False)
        ll = seconds([*flake8, "--select", "LL", target], project, args.runs)
        e = seconds([*flake8, "--select", "E", target], project, args.runs)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"{facts['modules']} modules, {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, median of {args.runs} runs (cold: of 3)\n"
    )
    print("| run | median (s) |")
    print("|---|---|")
    print(f"| flake8 --select E FILE | {e:.3f} |")
    print(f"| flake8 --select LL FILE, warm | {ll:.3f} |")
    print(f"| flake8 --select LL FILE, cold (no cache) | {cold:.3f} |")
    print(f"\nlayerlint's warm cost over --select E: {1000 * (ll - e):.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
