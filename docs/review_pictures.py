"""Make every picture of the docs, so that they stay true after a change to layerlint.

From the fixtures (copied to a temporary folder first, so that no cache lands in testdata/),
into docs/images/:

- tutorial-demo.svg: `layerlint graph --depth 1` of testdata/demo (docs/tutorial.md);
- seed_cycles.svg: `layerlint graph --depth 2` of testdata/seed_cycles (README.md).

From real projects, for docs/review.md: downloads two pinned sdists (an application, datasette; a library, rich) with pip into a
temporary folder (their code is never committed, never imported), writes a starter
configuration into each with `layerlint init`, and writes into docs/images/review/:

- datasette.svg: `layerlint graph -o datasette.svg` (the default picture);
- datasette-utils.svg: `layerlint graph datasette.utils` (one package, its siblings dashed);
- rich.svg: `layerlint graph -o rich.svg` (rich's one flat package, condensed);
- rich-cycles.svg: `layerlint graph --cycles -o rich-cycles.svg`;
- rich-review.png, rich-review-selected.png: the review page (`--format html`), with the
  configuration's `baseline` line taken out (a review looks at every problem of today),
  in headless chromium, as opened and with the first diagnostic selected.

Usage: python docs/review_pictures.py [--fixtures-only]
(needs Graphviz; the review pictures also chromium, Playwright and the network)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
IMAGES = HERE / "images"
OUT = IMAGES / "review"
TESTDATA = HERE.parent / "testdata"
# (picture, fixture, the options of `layerlint graph`): tests/test_doc_pictures.py checks
# that each picture shows what this command draws today.
FIXTURE_PICTURES = (
    ("tutorial-demo.svg", "demo", ("--depth", "1")),
    ("seed_cycles.svg", "seed_cycles", ("--depth", "2")),
)
REVIEW_PICTURES = (
    "datasette.svg", "datasette-utils.svg", "rich.svg", "rich-cycles.svg", "rich-review.png",
    "rich-review-selected.png",
)
# Every picture this script makes, as the docs name them (relative to docs/).
PICTURES = tuple(f"images/{name}" for name, _, _ in FIXTURE_PICTURES) + tuple(
    f"images/review/{name}" for name in REVIEW_PICTURES
)
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


def fixtures(work: Path) -> None:
    for name, fixture, options in FIXTURE_PICTURES:
        project = work / fixture
        shutil.copytree(TESTDATA / fixture, project)
        layerlint(project, "graph", "--no-cache", *options, "-o", str(IMAGES / name))


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="layerlint-pictures-") as work:
        fixtures(Path(work))
        if "--fixtures-only" in sys.argv[1:]:
            return 0
        app = fetch("datasette", PROJECTS["datasette"], Path(work))
        layerlint(app, "graph", "-o", str(OUT / "datasette.svg"))
        layerlint(app, "graph", "datasette.utils", "-o", str(OUT / "datasette-utils.svg"))
        library = fetch("rich", PROJECTS["rich"], Path(work))
        layerlint(library, "graph", "-o", str(OUT / "rich.svg"))
        layerlint(library, "graph", "--cycles", "-o", str(OUT / "rich-cycles.svg"))
        # A review looks at today's problems, not only those the baseline has not seen.
        config = library / "pyproject.toml"
        config.write_text(
            "".join(line for line in config.read_text().splitlines(keepends=True)
                    if not line.startswith("baseline = "))
        )
        page = Path(work) / "rich-review.html"
        layerlint(library, "graph", "-o", str(page))
        screenshots(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
