"""The review page's layout of a tangled package, in a real browser (the `browser` fixture
of test_review_page.py: Debian's chromium, headless): the modules of one import cycle share
a rank, wrapped into rows of twelve, instead of a column as deep as the cycle is long; an
import within a row is an arc over it."""

from __future__ import annotations

import os
import re
from pathlib import Path

from helpers import write_project
from test_review_page import browser  # noqa: F401 (a fixture)

from layerlint.cli import main

RING = [f"app.ring_{i:02d}" for i in range(24)]


def ring_page(root: Path) -> Path:
    """A cycle of 24 modules (each imports the next, the last the first), one module above
    it (app.top imports ring_00) and one below (ring_23 imports app.bottom)."""
    files = {
        f"app/ring_{i:02d}.py": f"import app.ring_{(i + 1) % 24:02d}\n" for i in range(24)
    }
    files["app/ring_23.py"] += "import app.bottom\n"
    files["app/top.py"] = "import app.ring_00\n"
    files["app/bottom.py"] = ""
    write_project(root, files)
    page = root / "review.html"
    cwd = Path.cwd()
    os.chdir(root)
    try:
        assert main(["graph", "--no-cache", "app", "-o", str(page)]) == 0
    finally:
        os.chdir(cwd)
    return page


def test_an_import_cycle_is_a_block_of_rows(browser, tmp_path):  # noqa: F811
    page = ring_page(tmp_path / "ring")
    context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    tab.goto(page.as_uri())
    tab.wait_for_selector("body[data-ready='1']")
    top = {}
    for node in tab.locator("svg .node").all():
        y = re.fullmatch(r"translate\(([\d.]+),([\d.]+)\)", node.get_attribute("transform"))
        top[node.get_attribute("data-name")] = float(y.group(2))
    arcs = [
        path.get_attribute("d")
        for edge in tab.locator("svg .edge").all()
        if top[edge.get_attribute("data-source")] == top[edge.get_attribute("data-target")]
        for path in [edge.locator("path")]
    ]
    height = float(tab.locator("#drawing").get_attribute("height"))
    context.close()
    ring_rows = sorted({top[name] for name in RING})
    assert len(ring_rows) == 2  # 24 modules, twelve a row
    assert top["app.top"] < ring_rows[0] and ring_rows[-1] < top["app.bottom"]
    assert height == 30 + 4 * 86  # four rows: top, the ring's two, bottom
    # An import within a row leaves it upwards and comes back down: an arc above the row.
    assert len(arcs) == 22  # the ring's 24 imports, but for the two between its rows
    for d in arcs:
        numbers = [float(x) for x in re.findall(r"-?[\d.]+", d)]
        start_y, control_y = numbers[1], numbers[3]
        assert control_y < start_y, d
