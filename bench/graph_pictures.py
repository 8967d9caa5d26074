"""Benchmark: the default picture of `layerlint graph -o NAME.svg` on real projects.

For each project directory (configured beforehand, e.g. with `layerlint init`), runs
`layerlint graph --no-cache -o NAME.svg` (no other option) in a fresh process, and
reports its wall time, the nodes and edges of its DOT (`layerlint graph`: visible nodes,
drawn edges, of which two-headed), the SVG's size in points, and the first line of what
it said on stderr. `--source DIR` runs another layerlint (a checkout's directory, put
first on PYTHONPATH): the same projects measured before and after a change, in one run.

Usage: python bench/graph_pictures.py [--source DIR] PROJECT...
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def layerlint(project: Path, source: Path | None, *args: str) -> tuple[float, str, str]:
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = str(source)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "layerlint", "graph", "--no-cache", *args],
        cwd=project, env=env, capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{project}: layerlint graph {' '.join(args)}: {done.stderr}")
    return time.perf_counter() - start, done.stdout, done.stderr


def dot_counts(text: str) -> tuple[int, int, int]:
    """(visible nodes, drawn edges, two-headed edges) of layerlint's DOT."""
    nodes = edges = both = 0
    for line in text.splitlines():
        if "style=invis" in line:
            continue
        if re.match(r'^\s*"[^"]*" -> "', line):
            edges += 1
            both += "dir=both" in line
        elif re.match(r'^\s*"[^"]*" \[', line):
            nodes += 1
    return nodes, edges, both


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", type=Path, help="run the layerlint in this directory")
    parser.add_argument("projects", nargs="+", type=Path)
    args = parser.parse_args()
    print("| project | time (s) | nodes / edges (two-headed) | SVG (pt) | stderr |")
    print("|---|---:|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="layerlint-graph-bench-") as work:
        for project in args.projects:
            picture = Path(work) / f"{project.name}.svg"
            seconds, _, said = layerlint(project.resolve(), args.source, "-o", str(picture))
            size = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', picture.read_text())
            _, dot, _ = layerlint(project.resolve(), args.source, "--format", "dot")
            nodes, edges, both = dot_counts(dot)
            warning = next(
                (line for line in said.splitlines() if "picture" in line), ""
            ).removeprefix("layerlint: warning: ")
            print(
                f"| {project.name} | {seconds:.1f} | {nodes} / {edges} ({both}) | "
                f"{float(size.group(1)):,.0f} x {float(size.group(2)):,.0f} | {warning[:60]} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
