"""`layerlint graph` for reviews of real applications: the automatic depth, the bounds on
nodes and edges (Mermaid renders 500 edges at most), third-party packages left out or
folded, a package's siblings, the format taken from `-o FILE`, `graph PATH` as `check PATH`,
progress on stderr, and the review page's data (`--format html`), which must say what
`layerlint check` says. The page in a browser is test_review_page.py's."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from unittest import mock

import pytest
from helpers import assert_one_line_error, write_project
from test_graph import DEMO, DEMO_D1_EDGES, DEMO_EXTERNALS, SEED_CYCLES, parse_dot

from layerlint import graphing
from layerlint.contracts import cycles
from layerlint.drawing import build
from layerlint.drawing.model import READABLE_EDGES, READABLE_NODES
from layerlint.engine import analyse
from layerlint.options import RunOptions


def run_graph(cli, project: Path, *args: str) -> tuple[int, str, str]:
    return cli("graph", "--no-cache", *args, cwd=project)


def page_data(html: str) -> dict:
    found = re.search(
        r'<script type="application/json" id="layerlint-data">(.*?)</script>', html, re.S
    )
    return json.loads(found.group(1))


def title_depth(dot_text: str) -> int:
    return int(re.search(r'label="layerlint: [^"]*\(depth (\d+)\)"', dot_text).group(1))


# -- the automatic depth -------------------------------------------------------------------------


def test_automatic_depth_is_the_deepest_readable(cli):
    code, out, err = run_graph(cli, DEMO)
    assert (code, err) == (0, "")
    chosen = title_depth(out)
    assert chosen == 4
    for depth in range(1, 6):
        code, text, _ = run_graph(cli, DEMO, "--depth", str(depth))
        dot = parse_dot(text)
        readable = len(dot.node_names) <= READABLE_NODES and len(dot.edges) <= READABLE_EDGES
        assert readable  # the demo is small: every depth reads
        if depth == chosen:
            assert text == out
    # depth 5 draws what depth 4 does: no module of the demo is deeper
    assert run_graph(cli, DEMO, "--depth", "5")[1] == out.replace("depth 4", "depth 5")


def test_automatic_depth_stops_before_the_unreadable(cli, tmp_path):
    files = {f"app/big/m{i:02}.py": "from app import small\n" for i in range(45)}
    files["app/small.py"] = ""
    root = write_project(tmp_path / "wide", files)
    code, out, err = run_graph(cli, root)
    assert (code, err) == (0, "")
    assert title_depth(out) == 1  # depth 2 would draw 47 nodes
    assert parse_dot(out).node_names == {"app", "app.big", "app.small"}
    assert parse_dot(out).edge_set == {("app.big", "app.small", 45)}


# -- third-party packages -------------------------------------------------------------------------


def test_no_external(cli):
    code, out, err = run_graph(cli, DEMO, "--depth", "1", "--no-external")
    assert (code, err) == (0, "")
    dot = parse_dot(out)
    assert dot.node_names.isdisjoint(DEMO_EXTERNALS)
    assert dot.external_cluster() is None
    assert dot.edge_set == {e for e in DEMO_D1_EDGES if e[1] not in DEMO_EXTERNALS}


def external_project(root: Path) -> Path:
    # pkg00 imported by 1 module, pkg01 by 2, ... pkg11 by 12; app.domain must not use pkg00
    files = {"app/domain/__init__.py": "import pkg00\n"}
    for i in range(12):
        files[f"app/m{i:02}.py"] = "".join(f"import pkg{j:02}\n" for j in range(i, 12))
    return write_project(
        root,
        files,
        [{"name": "Pure domain", "type": "forbidden", "source_modules": ["app.domain"],
          "forbidden_modules": ["pkg00"]}],
    )


def test_the_most_imported_third_party_packages_and_the_rest_as_one(cli, tmp_path):
    root = external_project(tmp_path / "ext")
    dot = parse_dot(run_graph(cli, root, "--depth", "1")[1])
    kept = {f"pkg{j:02}" for j in range(3, 12)} | {"pkg00"}  # pkg00: its import is broken
    assert dot.node_names - {f"app.m{i:02}" for i in range(12)} == kept | {
        "app", "app.domain", "2 more third-party packages"
    }
    assert dot.members(dot.external_cluster().name) == kept | {"2 more third-party packages"}
    # app.m00 imports pkg01 and pkg02; app.m01 pkg01 and pkg02; app.m02 pkg02
    folded = {(s, c) for s, t, c in dot.edge_set if t == "2 more third-party packages"}
    assert folded == {("app.m00", 2), ("app.m01", 2), ("app.m02", 1)}
    assert ("app.domain", "pkg00") in dot.red(["Pure domain"])
    every = parse_dot(run_graph(cli, root, "--depth", "1", "--all-external")[1])
    assert {f"pkg{j:02}" for j in range(12)} <= every.node_names
    assert "2 more third-party packages" not in every.node_names


# -- bounds ---------------------------------------------------------------------------------------


def test_edges_are_bounded_as_well_as_nodes(cli, tmp_path):
    # 25 modules each importing the 24 others: 26 nodes, 600 edges
    files = {
        f"app/m{i:02}.py": "".join(f"from app import m{j:02}\n" for j in range(25) if j != i)
        for i in range(25)
    }
    root = write_project(tmp_path / "dense", files)
    for fmt in ("mermaid", "dot"):
        assert_one_line_error(
            run_graph(cli, root, "--format", fmt), "600 edges", "more than 500", "--max-edges"
        )
    code, out, err = run_graph(cli, root, "--format", "mermaid", "--max-edges", "600")
    assert code == 0
    assert len(re.findall(r"^\s*n\d+ -\.?->", out, re.M)) == 600
    assert "600 edges do not read as one picture" in err


# -- the format from -o FILE; graph PATH -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("x.dot", b"digraph layerlint {"),
        ("x.gv", b"digraph layerlint {"),
        ("x.txt", b"digraph layerlint {"),
        ("x.mmd", b"---\ntitle:"),
        ("x.html", b"<!DOCTYPE html>\n"),
        ("x.svg", b"<?xml"),
    ],
)
def test_format_follows_the_output_suffix(cli, tmp_path, name, start):
    if name.endswith(".svg") and not _has_dot() and not os.environ.get("CI"):
        pytest.skip("Graphviz's dot is not installed (CI installs it and runs this)")
    target = tmp_path / name
    assert run_graph(cli, DEMO, "-o", str(target)) == (0, "", "")
    assert target.read_bytes().startswith(start)


def _has_dot() -> bool:
    import shutil

    return shutil.which("dot") is not None


def test_an_explicit_format_wins_over_the_suffix(cli, tmp_path):
    target = tmp_path / "x.svg"
    assert run_graph(cli, DEMO, "--format", "dot", "-o", str(target)) == (0, "", "")
    assert target.read_bytes().startswith(b"digraph layerlint {")


def test_graph_takes_a_path_as_check_does(cli):
    whole = run_graph(cli, DEMO)
    assert whole[0] == 0
    assert run_graph(cli, DEMO, ".") == whole
    assert cli("graph", "--no-cache", "demo", cwd=DEMO.parent) == whole
    package = run_graph(cli, DEMO, "app.infrastructure")
    assert package[0] == 0 and "layerlint: app.infrastructure (depth" in package[1]
    assert run_graph(cli, DEMO, "src/app/infrastructure") == package
    assert run_graph(cli, DEMO, "--package", "app.infrastructure") == package
    module = run_graph(cli, DEMO, "src/app/main.py")
    assert module[0] == 0 and "layerlint: app.main (depth" in module[1]


def test_a_package_named_twice_is_an_error(cli):
    assert_one_line_error(
        run_graph(cli, DEMO, "app.api", "--package", "app.domain"), "--package"
    )


# -- progress on stderr ----------------------------------------------------------------------------


def test_progress_is_said_once_the_run_takes_long(cli, monkeypatch):
    monkeypatch.setenv("LAYERLINT_PROGRESS", "1")
    monkeypatch.setattr(graphing, "PROGRESS_AFTER", 0.0)
    code, out, err = run_graph(cli, DEMO, "--depth", "1")
    assert code == 0
    lines = err.splitlines()
    assert lines[:2] == ["layerlint: analysing the project...", "layerlint: drawing..."]
    assert re.fullmatch(r"layerlint: done in \d+\.\d s", lines[2]) and len(lines) == 3
    assert out == run_graph(cli, DEMO, "--depth", "1")[1]


def test_no_progress_when_quick_or_not_on_a_terminal(cli, monkeypatch):
    monkeypatch.delenv("LAYERLINT_PROGRESS", raising=False)
    monkeypatch.setattr(graphing, "PROGRESS_AFTER", 0.0)
    assert run_graph(cli, DEMO, "--depth", "1")[2] == ""  # stderr is no terminal here
    monkeypatch.setenv("LAYERLINT_PROGRESS", "1")
    monkeypatch.setattr(graphing, "PROGRESS_AFTER", 3600.0)
    assert run_graph(cli, DEMO, "--depth", "1")[2] == ""


# -- the cycle breakers, handed over by the analysis -----------------------------------------------


def test_the_drawing_reuses_the_analysis_breakers_and_draws_the_same(monkeypatch):
    monkeypatch.setattr(cycles.Breakers, "FROM", 1)
    monkeypatch.setattr(cycles, "EXACT_EDGES", -1)  # every component is kept
    analysis = analyse(RunOptions(paths=[SEED_CYCLES], use_cache=False))
    assert len(analysis.breakers) > 0  # the acyclic contracts filled it
    args = (analysis.project, analysis.contracts, analysis.violations)
    with mock.patch.object(cycles, "eades_breakers", wraps=cycles.eades_breakers) as computed:
        shared = build(*args, depth=2, known=analysis.breakers)
        reused = computed.call_count
        alone = build(*args, depth=2, known=None)
    assert shared == alone
    assert reused < computed.call_count - reused  # with the analysis's, fewer computed


# -- the review page's data ------------------------------------------------------------------------


def test_review_page_lists_what_check_reports(cli, tmp_path):
    page = tmp_path / "review.html"
    assert run_graph(cli, DEMO, "-o", str(page)) == (0, "", "")
    data = page_data(page.read_text(encoding="utf-8"))
    code, report, _ = cli("check", "--no-cache", cwd=DEMO)
    assert code == 1
    *lines, summary = report.splitlines()
    contracts = [text for text in lines if text.startswith("Contract '")]
    assert contracts == [
        "Contract 'Clean architecture': broken, 3 problems",
        "Contract 'Domain is pure Python': broken, 3 problems",
        "Contract 'Authenticate through security.core': broken, 5 problems",
        "Contract 'No import cycles': broken, 2 problems",
    ]
    assert [d["text"] for d in data["diagnostics"]] == lines[: -len(contracts)]
    assert data["contract_lines"] == contracts
    assert data["summary"] == summary
    # each diagnostic's chain: the modules it names, its own module first, less the
    # packages that only word the contract (app.infrastructure.security.auth here)
    first = data["diagnostics"][0]
    names = [data["names"][i] for i in first["chain"]]
    assert names == [
        "app.api.dependencies",
        "app.infrastructure.security.auth.real_auth_service",
        "app.infrastructure.security.core",
    ]


def test_review_page_cycles_and_their_breakers(cli, tmp_path):
    page = tmp_path / "review.html"
    assert run_graph(cli, SEED_CYCLES, "-o", str(page)) == (0, "", "")
    data = page_data(page.read_text(encoding="utf-8"))
    names = data["names"]
    nominated = {(names[i], names[j]) for i, j, _, _, breaker in data["imports"] if breaker}
    # Removing each cycle's breakers leaves it without a cycle.
    for cycle in data["cycles"]:
        members = {names[i] for i in cycle["modules"]}
        cut = {(names[i], names[j]) for i, j in cycle["breakers"]}
        assert cut <= nominated and len(members) > 1
        kept = {
            (names[i], names[j]) for i, j, *_ in data["imports"]
            if names[i] in members and names[j] in members and (names[i], names[j]) not in cut
        }
        assert not _has_cycle(members, kept)
    # Every import LL105 reports is one of them.
    code, report, _ = cli("check", "--no-cache", "--select", "LL105", cwd=SEED_CYCLES)
    pattern = r"LL105 Import cycle: (\S+) -> (\S+)"
    reported = {tuple(m.group(1, 2)) for m in re.finditer(pattern, report)}
    assert reported and reported <= nominated


def _has_cycle(nodes: set[str], edges: set[tuple[str, str]]) -> bool:
    remaining = set(nodes)
    while True:
        sinks = {n for n in remaining if not any(s == n and t in remaining for s, t in edges)}
        if not sinks:
            return bool(remaining)
        remaining -= sinks


def test_review_page_is_self_contained_and_byte_identical(cli, tmp_path):
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    assert run_graph(cli, DEMO, "-o", str(first)) == (0, "", "")
    assert run_graph(cli, DEMO, "-o", str(second)) == (0, "", "")
    text = first.read_text(encoding="utf-8")
    assert first.read_bytes() == second.read_bytes()
    # nothing to fetch: no address but the SVG namespace, no src= or <link>
    assert set(re.findall(r"https?://[^\s\"'<>]+", text)) == {"http://www.w3.org/2000/svg"}
    assert not re.search(r"<link\b|\bsrc=|@import|url\(http", text)
    assert "default-src 'none'" in text
