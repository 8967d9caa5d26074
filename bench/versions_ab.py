"""Benchmark: an import edit under two versions of layerlint, on one generated project.

The scale bench (scale_bench.py) measures one version against lint-imports; on a noisy
machine two of its runs, an hour apart, can differ by more than a change does. Here two
versions run the same edits on the same project, one after the other, alternating which
goes first, each with a cache of its own: a slow spell slows both alike.

Each round adds the domains shape's import (`import mono.d0001.models` at the top of
`src/mono/d0004/services/m003.py`) and then takes it out; every version checks the
project after each edit. A version is a folder holding a `layerlint` package (a git
worktree of another commit, say: `git worktree add /tmp/before <commit>`); it runs from
its bytecode, compiled first.

Usage: python bench/versions_ab.py PROJECT ROUNDS NAME=FOLDER NAME=FOLDER
(PROJECT: made by `python bench/generate.py PROJECT --modules 20000`).
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EDITED = "src/mono/d0004/services/m003.py"
LINE = "import mono.d0001.models\n"


def check(project: Path, folder: Path, cache: Path) -> tuple[float, float]:
    """Seconds of one `layerlint check` of `project` by the version in `folder`: on the
    clock, and of the processor (user and system; a busy neighbour on the machine slows
    the first more than the second)."""
    env = {**os.environ, "PYTHONPATH": str(folder)}
    command = [sys.executable, "-m", "layerlint", "check", "--cache-dir", str(cache)]
    os.sync()  # what the last run wrote goes to disk now, not during this one
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=project, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - used.ru_utime + after.ru_stime - used.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("project", type=Path)
    parser.add_argument("rounds", type=int)
    parser.add_argument("versions", nargs=2, metavar="NAME=FOLDER")
    args = parser.parse_args()
    versions = [
        (name, Path(folder).resolve()) for name, folder in (v.split("=", 1) for v in args.versions)
    ]
    edited = args.project / EDITED
    original = edited.read_text()
    if original.startswith(LINE):
        raise SystemExit(f"{edited} already starts with the edit")
    times: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in versions}
    with tempfile.TemporaryDirectory(prefix="layerlint-ab-") as caches:
        for name, folder in versions:
            compileall.compile_dir(folder / "layerlint", quiet=1)
            check(args.project, folder, Path(caches) / name)  # cold: fills its cache
        try:
            for number in range(args.rounds):
                for text in (LINE + original, original):
                    edited.write_text(text)
                    order = versions if number % 2 == 0 else versions[::-1]
                    for name, folder in order:
                        times[name].append(check(args.project, folder, Path(caches) / name))
        finally:
            edited.write_text(original)
    print(f"{args.project}: an import added and removed, {args.rounds} rounds (seconds)")
    for name, measured in times.items():
        for kind, values in (("clock", [w for w, _ in measured]), ("cpu", [c for _, c in measured])):
            print(
                f"- {name}, {kind}: median {statistics.median(values):.2f}, least "
                f"{min(values):.2f}, all {' '.join(f'{v:.2f}' for v in values)}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
