"""The docs show only pictures docs/review_pictures.py makes, and the pictures it makes
from the fixtures show what `layerlint graph` draws today (the same nodes, the same edges,
the same title): run `python docs/review_pictures.py --fixtures-only` after a change to the
drawing. Compared through the SVG's titles, not its bytes, which differ between Graphviz
versions."""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_graph import TESTDATA, graph, parse_dot

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SVG = "{http://www.w3.org/2000/svg}"


def pictures_script():
    spec = importlib.util.spec_from_file_location("review_pictures", DOCS / "review_pictures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def referenced() -> set[str]:
    """The images the Markdown of the docs and the README show, relative to docs/."""
    found = set()
    for page in [ROOT / "README.md", *DOCS.glob("*.md")]:
        for target in re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", page.read_text()):
            path = (page.parent / target).resolve()
            found.add(path.relative_to(DOCS).as_posix())
    return found


def test_the_docs_show_the_pictures_the_script_makes():
    made = set(pictures_script().PICTURES)
    assert referenced() <= made
    assert all((DOCS / picture).is_file() for picture in made)
    # Every picture under docs/images is one the script makes: none is left behind.
    present = {p.relative_to(DOCS).as_posix() for p in (DOCS / "images").rglob("*.*")}
    assert present == made


def svg_drawn(svg: bytes) -> tuple[str, set[str], set[tuple[str, str]]]:
    """(the title, the nodes with a label, the edges drawn) of a Graphviz SVG."""
    root = ET.fromstring(svg)
    title = ""
    nodes, edges = set(), set()
    for group in root.iter(f"{SVG}g"):
        name = group.find(f"{SVG}title")
        if group.get("class") == "graph":
            title = next(group.iter(f"{SVG}text")).text
        elif group.get("class") == "node" and next(group.iter(f"{SVG}text"), None) is not None:
            nodes.add(name.text)
        elif group.get("class") == "edge" and next(group.iter(f"{SVG}path"), None) is not None:
            source, target = name.text.split("->")
            edges.add((source, target))
    return title, nodes, edges


@pytest.mark.parametrize("name,fixture,options", pictures_script().FIXTURE_PICTURES)
def test_the_fixture_pictures_show_todays_drawing(cli, name, fixture, options):
    code, out, err = graph(cli, TESTDATA / fixture, *options)
    assert code == 0, err
    dot = parse_dot(out)
    drawn = {key for key in dot.edges if key[::-1] not in dot.two_headed}
    title, nodes, edges = svg_drawn((DOCS / "images" / name).read_bytes())
    assert title == dot.attrs["label"]
    assert nodes == set(dot.nodes)
    assert edges == drawn
