"""Wall time and peak memory of whole commands, for the benchmarks.

Each measurement is a fresh process (so its peak resident set is its own). The commands
of one comparison run interleaved, one round after another: on a noisy machine a slow
spell then slows every command of the round alike, instead of one command's runs. Before
each, the disk is synced, so that no command pays for writing out what came before it.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

_PROBE = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], capture_output=True).returncode
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(elapsed, peak, code)
"""


@dataclass
class Case:
    label: str
    command: list[str]
    before: Callable[[], None] | None = None  # run before each measurement, not timed
    times: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    codes: set[int] = field(default_factory=set)

    @property
    def seconds(self) -> float:
        return statistics.median(self.times)

    @property
    def peak(self) -> float:
        return max(self.peaks)


def compile_layerlint() -> None:
    """Write layerlint's bytecode, as `pip install` does for the packages it installs.

    lint-imports, grimp and flake8 come with theirs; an editable install of layerlint has
    none until Python writes it on a first import, which it never does where
    PYTHONDONTWRITEBYTECODE is set (as on the machine of docs/performance.md): each run
    would compile layerlint's source again (40-50 ms of a 0.3 s check of Django).
    """
    import layerlint

    compileall.compile_dir(Path(layerlint.__file__).parent, quiet=1)


def run_interleaved(cases: list[Case], cwd: Path, env: dict, runs: int, long: float = 60) -> None:
    """`runs` rounds of every case in order; a single round when one command of the first
    takes over `long` seconds. layerlint runs from its bytecode, as installed."""
    compile_layerlint()
    for round_number in range(runs):
        for case in cases:
            if case.before:
                case.before()
            # What earlier steps wrote (a generated project, the cache the last run wrote:
            # 45 MB at 50,000 modules) goes to disk now, not during the measured run.
            os.sync()
            done = subprocess.run(
                [sys.executable, "-c", _PROBE, *case.command],
                cwd=cwd,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            elapsed, peak, code = done.stdout.split()
            case.times.append(float(elapsed))
            case.peaks.append(float(peak))
            case.codes.add(int(code))
        if round_number == 0 and any(case.times[0] > long for case in cases):
            break
