"""Make the pictures of docs/review.md from real projects, so that they stay true.

Downloads two pinned sdists (an application, datasette; a library, rich) with pip into a
temporary folder (their code is never committed, never imported), writes a starter
configuration into each with `layerlint init`, and writes into docs/images/review/:

- datasette.svg: `layerlint graph -o datasette.svg` (the default picture);
- datasette-utils.svg: `layerlint graph datasette.utils` (one package, its siblings dashed);
- rich-cycles.svg: `layerlint graph --cycles -o rich-cycles.svg` (rich's one package is flat);
- rich-review.png, rich-review-selected.png: the review page (`--format html`) in headless
  chromium, as opened and with the first diagnostic selected.

Usage: python docs/review_pictures.py   (needs Graphviz, chromium and Playwright)
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "images" / "review"
PROJECTS = {"datasette": "0.65.1", "rich": "13.9.4"}
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def fetch(name: str, version: str, into: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary",
         ":all:", f"{name}=={version}", "-d", str(into)],
        check=True,
    )
    with tarfile.open(into / f"{name}-{version}.tar.gz") as archive:
        archive.extractall(into, filter="data")
    project = into / f"{name}-{version}"
    layerlint(project, "init", ".", "--force")
    return project


def layerlint(project: Path, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "layerlint", *args], cwd=project, check=True)


def screenshots(page: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        tab = browser.new_page(viewport={"width": 1400, "height": 860})
        tab.goto(page.as_uri())
        tab.wait_for_selector("body[data-ready='1']")
        tab.screenshot(path=OUT / "rich-review.png")
        tab.locator("#diagnostics li").first.click()
        tab.screenshot(path=OUT / "rich-review-selected.png")
        browser.close()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="layerlint-pictures-") as work:
        app = fetch("datasette", PROJECTS["datasette"], Path(work))
        layerlint(app, "graph", "-o", str(OUT / "datasette.svg"))
        layerlint(app, "graph", "datasette.utils", "-o", str(OUT / "datasette-utils.svg"))
        library = fetch("rich", PROJECTS["rich"], Path(work))
        layerlint(library, "graph", "--cycles", "-o", str(OUT / "rich-cycles.svg"))
        page = Path(work) / "rich-review.html"
        layerlint(library, "graph", "-o", str(page))
        screenshots(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
