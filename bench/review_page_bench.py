"""Benchmark: the review page (`layerlint graph --format html`) on generated projects.

For each size, bench/generate.py writes a monorepo (the same seed, the same code); the
page is written (cold, --no-cache) and opened from disk in Debian's headless chromium
(Playwright, never its own browsers): the time to the first drawing, then to each view
after a click on the largest package of the view. Figures: the median of --runs.

Usage: python bench/review_page_bench.py [--sizes 600,5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import generate

ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def measure(page: Path, runs: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    loads, clicks, nodes = [], [], 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for _ in range(runs):
            tab = browser.new_page(viewport={"width": 1400, "height": 900})
            start = time.perf_counter()
            tab.goto(page.as_uri())
            tab.wait_for_selector("body[data-ready='1']")
            loads.append(time.perf_counter() - start)
            nodes = tab.locator("svg .node").count()
            # the first package of the view that opens: the click redraws
            target = tab.locator("svg .node.open").first
            start = time.perf_counter()
            target.click()
            tab.wait_for_function("document.querySelectorAll('#crumbs a').length >= 2")
            clicks.append(time.perf_counter() - start)
            tab.close()
        browser.close()
    return {"load": statistics.median(loads), "click": statistics.median(clicks),
            "nodes": nodes}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="600,5000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("| modules | write the page | page size | open (first drawing) | drill down |")
    print("|---:|---:|---:|---:|---:|")
    for size in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory(prefix="layerlint-review-") as work:
            project = Path(work) / "project"
            facts = generate(project, size)
            page = Path(work) / "review.html"
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "layerlint", "graph", "--no-cache", "-o", str(page)],
                cwd=project, check=True, capture_output=True,
            )
            written = time.perf_counter() - start
            found = measure(page, args.runs)
            print(
                f"| {facts['modules']:,} | {written:.1f} s | {page.stat().st_size / 1e6:.2f} MB "
                f"| {found['load'] * 1000:.0f} ms ({found['nodes']} nodes) "
                f"| {found['click'] * 1000:.0f} ms |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
