"""`layerlint graph`'s layout on one screen: a rank of many nodes folded into rows (the
third-party packages in a grid), imports both ways between two nodes as one two-headed
edge, shortened labels (layer clusters, Mermaid), and a flat package past the readable
bounds drawn condensed (its cycles as boxes, the other modules by level).

Small projects are written into tmp_path; SVG facts need Graphviz (CI installs it)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import write_project
from test_graph import DEMO, needs_dot, parse_dot, parse_mermaid

from layerlint.drawing import rows
from layerlint.drawing.model import LABEL_WIDTH, _shorten

SVG = "{http://www.w3.org/2000/svg}"
SCREEN_POINTS = 2000  # the widest picture a review reads on one screen


def run_graph(cli, project: Path, *args: str) -> tuple[int, str, str]:
    return cli("graph", "--no-cache", *args, cwd=project)


# -- many siblings: rows ----------------------------------------------------------------------

# A web layer over 24 independent services with long names over one core importing ten
# third-party packages: side by side, the services alone take about 4,700 points.
SERVICES = [f"shop.{word}_service_adapter" for word in (
    "billing invoicing payments refunds shipping tracking returns catalogue pricing "
    "discounts coupons loyalty reviews ratings search indexing recommendations accounts "
    "sessions profiles addresses notifications newsletters auditing"
).split()]
PACKAGES = [f"vendor_package_{i:02}" for i in range(10)]  # 17 characters: 168 points


def wide_project(root: Path, services: list[str] = SERVICES) -> Path:
    files = {"shop/web.py": "".join(f"import {s}\n" for s in services)}
    for service in services:
        files[service.replace(".", "/") + ".py"] = "import shop.core\n"
    files["shop/core.py"] = "".join(f"import {p}\n" for p in PACKAGES)
    layers = ["shop.web", " | ".join(services), "shop.core"]
    return write_project(
        root, files, [{"name": "Shop", "type": "layers", "layers": layers}],
        root_packages=["shop"],
    )


def svg_nodes(svg: bytes) -> tuple[float, dict[str, tuple[float, float, float]]]:
    """(the picture's width in points, {node: (left, right, centre y)})."""
    root = ET.fromstring(svg)
    width = float(root.get("width").removesuffix("pt"))
    found = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") != "node":
            continue
        name = group.find(f"{SVG}title").text
        shape = next(group.iter(f"{SVG}path"), None)
        if shape is None:
            shape = next(group.iter(f"{SVG}polygon"), None)
        ellipse = next(group.iter(f"{SVG}ellipse"), None)
        if shape is None and ellipse is None:
            continue  # an invisible anchor
        if shape is not None:
            numbers = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", shape.get("d") or
                                                      shape.get("points"))]
            xs, ys = numbers[0::2], numbers[1::2]
            found[name] = (min(xs), max(xs), (min(ys) + max(ys)) / 2)
        else:
            cx, cy, rx = (float(ellipse.get(k)) for k in ("cx", "cy", "rx"))
            found[name] = (cx - rx, cx + rx, cy)
    return width, found


def rows_of(nodes: dict[str, tuple[float, float, float]], names: list[str]) -> list[list[str]]:
    by_y: dict[float, list[str]] = {}
    for name in names:
        by_y.setdefault(round(nodes[name][2]), []).append(name)
    return [sorted(by_y[y]) for y in sorted(by_y)]


@needs_dot
def test_a_layer_of_many_modules_is_folded_into_rows_that_fit_a_screen(cli, tmp_path):
    root = wide_project(tmp_path / "wide")
    target = tmp_path / "wide.svg"
    code, out, err = run_graph(cli, root, "--depth", "1", "-o", str(target))
    assert (code, out, err) == (0, "", "")
    width, nodes = svg_nodes(target.read_bytes())
    assert width <= SCREEN_POINTS, width
    services = rows_of(nodes, SERVICES)
    assert len(services) >= 4  # 24 names of 25 to 36 characters: at most 7 a row
    for row in services:
        assert max(nodes[n][1] for n in row) - min(nodes[n][0] for n in row) <= 1300, row
    # The third-party packages: a grid of rows beside the project, not one long row.
    grid = rows_of(nodes, PACKAGES)
    assert len(grid) >= 3
    assert all(len(row) <= 3 for row in grid)
    # The layers stay stacked: every service below the web, above the core.
    assert all(nodes["shop.web"][2] < nodes[s][2] < nodes["shop.core"][2] for s in SERVICES)


def test_rows_are_invisible_edges_between_nodes_of_one_rank(cli, tmp_path):
    root = wide_project(tmp_path / "wide")
    code, out, err = run_graph(cli, root, "--depth", "1")
    assert (code, err) == (0, "")
    dot = parse_dot(out)
    among = {(s, t) for s, t in dot.hidden_edges if s in SERVICES and t in SERVICES}
    among_packages = {(s, t) for s, t in dot.hidden_edges if s in PACKAGES}
    # Each service of a row below the first hangs from one of the row above; the same for
    # the packages; no other invisible edge joins two drawn nodes.
    assert len({t for _, t in among}) == len(among) and len(among) >= 18
    assert {t for _, t in among_packages} == set(PACKAGES[1:])
    visible = set(dot.nodes)
    joining = {(s, t) for s, t in dot.hidden_edges if s in visible and t in visible}
    assert joining == among | among_packages
    # Never an edge against the imports: no service imports another.
    assert not any((s, t) in dot.edges or (t, s) in dot.edges for s, t in among)
    # The same project gives the same DOT.
    assert run_graph(cli, root, "--depth", "1")[1] == out


def test_a_layer_that_fits_is_one_row(cli, tmp_path):
    root = wide_project(tmp_path / "narrow", SERVICES[:3])  # 750 points
    code, out, err = run_graph(cli, root, "--depth", "1")
    assert (code, err) == (0, "")
    dot = parse_dot(out)
    visible = set(dot.nodes)
    joining = {(s, t) for s, t in dot.hidden_edges if s in visible and t in visible}
    # Ten packages of 168 points make rows of one (EXTERNAL_ROW_POINTS: 300).
    assert {t for _, t in joining} == set(PACKAGES[1:])
    assert all(s in PACKAGES for s, _ in joining)


def test_row_budget_follows_the_labels():
    labels = {name: name for name in ("a" * 20, "b" * 20, "c" * 20, "d" * 20)}
    assert rows.label_points("a" * 20) == 20 * rows.CHARACTER_POINTS + rows.NODE_MARGIN
    assert rows._rows(sorted(labels), labels, 400) == [["a" * 20, "b" * 20], ["c" * 20, "d" * 20]]
    assert list(rows._chain([["a", "b"], ["c", "d", "e"]])) == [("a", "c"), ("a", "d"), ("b", "e")]


# -- imports both ways: one edge ----------------------------------------------------------------


def both_ways(root: Path, contracts=()) -> Path:
    # a imports b twice at the top; b imports a once, inside a function (runs late: the
    # import nominated to break the cycle).
    files = {
        "app/a.py": "import app.b\nfrom app.b import thing\n",
        "app/b.py": "thing = 1\n\ndef late():\n    import app.a\n",
        "app/c.py": "import app.a\n",
    }
    return write_project(root, files, contracts)


def test_a_two_cycle_is_one_two_headed_edge(cli, tmp_path):
    code, out, err = run_graph(cli, both_ways(tmp_path / "p"), "--depth", "1")
    assert (code, err) == (0, "")
    pairs = re.findall(r'^"app\.(\w)" -> "app\.(\w)" \[(.*)\];$', out, re.M)
    assert [(s, t) for s, t, _ in pairs] == [("a", "b"), ("c", "a")]
    attributes = pairs[0][2]
    assert "dir=both" in attributes
    assert "headlabel=2" in attributes and "taillabel=1" in attributes
    assert "arrowtail=onormal" in attributes and "arrowhead" not in attributes
    assert "style=" not in attributes and "color=" not in attributes
    assert (
        'tooltip="app.a -> app.b: 2 import(s); app.b -> app.a: 1 import(s), nominated to '
        'break a cycle"'
    ) in attributes
    assert "dir=" not in pairs[1][2] and "label=1" in pairs[1][2]
    # Read back as two imports: the same counts and breaker as two edges would say.
    dot = parse_dot(out)
    assert dot.edge_set == {("app.a", "app.b", 2), ("app.b", "app.a", 1), ("app.c", "app.a", 1)}
    assert dot.dashed == {("app.b", "app.a")}
    assert dot.two_headed == {("app.a", "app.b")}


def test_a_two_headed_edge_is_red_on_the_half_that_breaks_a_contract(cli, tmp_path):
    layers = [{"name": "A over B", "type": "layers", "layers": ["app.a", "app.b"]}]
    code, out, err = run_graph(cli, both_ways(tmp_path / "p", layers), "--depth", "1")
    assert (code, err) == (0, "")
    (attributes,) = re.findall(r'^"app\.a" -> "app\.b" \[(.*)\];$', out, re.M)
    # The tail's half (b -> a, against the layers) red, the head's (a -> b) grey.
    assert 'color="#d62728;0.5:#555555"' in attributes
    assert "fontcolor=\"#d62728\"" in attributes
    assert "app.b -> app.a: 1 import(s), breaks 'A over B'" in attributes
    dot = parse_dot(out)
    assert dot.red(["A over B"]) == {("app.b", "app.a"): {"A over B"}}


def test_mermaid_keeps_both_ways_as_two_links(cli, tmp_path):
    """Mermaid styles a link as a whole and writes its label in the middle: the two
    imports stay two links, each with its count."""
    code, out, err = run_graph(cli, both_ways(tmp_path / "p"), "--depth", "1", "--format",
                               "mermaid")
    assert (code, err) == (0, "")
    chart = parse_mermaid(out)
    assert set(chart.edges) == {
        ("app.a", "app.b", 2, "-->"), ("app.b", "app.a", 1, "-.->"), ("app.c", "app.a", 1, "-->")
    }


# -- labels --------------------------------------------------------------------------------------


def test_mermaid_labels_are_names_below_the_drawn_package(cli):
    code, out, err = run_graph(cli, DEMO, "app", "--depth", "1", "--format", "mermaid")
    assert (code, err) == (0, "")
    assert re.search(r'^    (n\d+)\["domain"\]\n    %% \1: app\.domain$', out, re.M)
    assert '["app.domain"]' not in out
    # Third-party packages keep their name, with no comment.
    assert re.search(r'^    n\d+\(\["sqlalchemy"\]\)$', out, re.M)
    assert "%% " + "n" not in re.sub(r"%% n\d+: app\.\w+", "", out)


@pytest.mark.parametrize(
    "contract,layer,label",
    [
        ("Shop", "web", "Shop: web"),
        # The contract's name is cut first: the layers of one contract differ in their own.
        ("Integrations above helpers above utilities", "components",
         "Integrations above helpers\u2026: components"),
        # A long layer is cut to two thirds; too little room left: the layer alone.
        ("Layers of rich", "bar | diagnose | logging | progress_bar | prompt | tree",
         "bar | diagnose | logging\u2026"),
    ],
)
def test_layer_labels_fit(contract, layer, label):
    assert _shorten(contract, layer) == label
    assert len(label) <= LABEL_WIDTH
