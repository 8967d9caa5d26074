"""Benchmark: layerlint's review page against import-linter 2.17's `explore`, side by side.

Both give an interactive page that drills down package by package. layerlint writes one
file (`layerlint graph --no-cache -o review.html`) that a browser opens from disk;
import-linter serves its page from a local server (`import-linter explore PACKAGE`: it
imports the package, builds grimp's graph on the first request, and lays each view out
in the browser with Graphviz compiled to WebAssembly). For each project, interleaved,
--runs rounds (medians):

- data: layerlint, from the command's start to the page written; import-linter, from the
  command's start to the JSON of the package's view served (`/api/graph/PACKAGE` with the
  cycle breakers, the first request: the graph built);
- drawn: the same start to the first drawing in Debian's headless chromium (Playwright,
  never its own browsers): layerlint's page opened from disk until it says it is ready;
  import-linter's page loaded until its SVG is in the page (the graph already built).

Projects: generated monorepos (bench/generate.py, --sizes) and, with --project
DIR:PACKAGE[:SOURCE_ROOT], real ones (import-linter must be able to import PACKAGE from
SOURCE_ROOT, default DIR; layerlint reads DIR's configuration).

Usage: python bench/explore_bench.py [--sizes 600,5000] [--project DIR:PKG[:SRC]] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from generate import generate

ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
SERVED = re.compile(r"Uvicorn running on (http://\S+)")


def layerlint(project: Path, page: Path, browser) -> tuple[float, float]:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "layerlint", "graph", "--no-cache", "-o", str(page)],
        cwd=project, check=True, capture_output=True,
    )
    written = time.perf_counter() - start
    tab = browser.new_page(viewport={"width": 1400, "height": 900})
    tab.goto(page.as_uri())
    tab.wait_for_selector("body[data-ready='1']")
    drawn = time.perf_counter() - start
    tab.close()
    return written, drawn


def explore(project: Path, package: str, source: Path, browser) -> tuple[float, float]:
    program = shutil.which("import-linter") or "import-linter"
    env = dict(os.environ, PYTHONPATH=str(source), BROWSER="true")  # no browser of its own
    start = time.perf_counter()
    server = subprocess.Popen(
        [program, "explore", package], cwd=project, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True,
    )
    try:
        address = None
        for line in server.stderr:
            if found := SERVED.search(line):
                address = found.group(1)
                break
        if address is None:
            raise SystemExit(f"import-linter explore {package} did not serve its page")
        query = f"{address}/api/graph/{package}?show_cycle_breakers=true"
        with urllib.request.urlopen(query, timeout=600) as response:
            data = json.load(response)
        if "error" in data:
            raise SystemExit(f"import-linter explore {package}: {data['error']}")
        served = time.perf_counter() - start
        tab = browser.new_page(viewport={"width": 1400, "height": 900})
        tab.goto(address)
        tab.wait_for_selector("#graph-svg svg", timeout=600_000)
        drawn = time.perf_counter() - start
        tab.close()
        return served, drawn
    finally:
        server.terminate()
        server.wait()


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="600,5000")
    parser.add_argument("--project", action="append", default=[], metavar="DIR:PKG[:SRC]")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("| project | layerlint: page written | layerlint: drawn | import-linter explore: "
          "data served | import-linter explore: drawn |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="layerlint-explore-") as work, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        cases = []
        for size in [int(s) for s in args.sizes.split(",") if s]:
            project = Path(work) / f"mono{size}"
            facts = generate(project, size)
            cases.append((f"generated, {facts['modules']:,} modules", project, "mono",
                          project / "src"))
        for spec in args.project:
            directory, package, *rest = spec.split(":")
            root = Path(directory).resolve()
            cases.append((f"{root.name} ({package})", root, package,
                          Path(rest[0]).resolve() if rest else root))
        for label, project, package, source in cases:
            ours, theirs = [], []
            for _ in range(args.runs):  # interleaved: a slow spell slows both alike
                ours.append(layerlint(project, Path(work) / "review.html", browser))
                theirs.append(explore(project, package, source, browser))
            median = [statistics.median(x) for x in (*zip(*ours), *zip(*theirs))]
            print(f"| {label} | " + " | ".join(f"{m:.2f} s" for m in median) + " |")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
