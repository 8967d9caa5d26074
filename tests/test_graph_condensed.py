"""`layerlint graph` on a flat package past the readable bounds (more than READABLE_NODES
modules at the automatic depth): its condensation, each import cycle one box and the other
modules grouped by level, every box listing its modules; `--depth 1` and `--cycles` draw
the modules as before, and a package within the bounds is never condensed."""

from __future__ import annotations

from pathlib import Path

from helpers import write_project
from test_graph import parse_dot

from layerlint.drawing.model import READABLE_NODES


def run_graph(cli, project: Path, *args: str) -> tuple[int, str, str]:
    return cli("graph", "--no-cache", *args, cwd=project)


def flat_project(root: Path, bottom: int = 30) -> Path:
    """flat/__init__ and z00..z(bottom-1) import nothing (level 0); y0..y5 import z00
    (level 1); c1 -> c2 -> c3 -> c1 is a cycle, c1 imports z01 (level 1); x0, x1 import
    y0 and c1 (level 2); c2 imports the third-party `requests`."""
    files = {f"flat/z{i:02}.py": "" for i in range(bottom)}
    files |= {f"flat/y{i}.py": "import flat.z00\n" for i in range(6)}
    files |= {
        "flat/c1.py": "import flat.c2\nimport flat.z01\n",
        "flat/c2.py": "import flat.c3\nimport requests\n",
        "flat/c3.py": "import flat.c1\n",
        "flat/x0.py": "import flat.y0\nimport flat.c1\n",
        "flat/x1.py": "import flat.y0\nimport flat.c1\n",
    }
    return write_project(root, files, root_packages=["flat"])


LEVEL_0 = ["flat"] + [f"z{i:02}" for i in range(30)]


def test_a_flat_package_past_the_bounds_is_drawn_condensed(cli, tmp_path):
    root = flat_project(tmp_path / "flat")
    code, out, err = run_graph(cli, root)
    assert code == 0
    assert err == (
        "layerlint: warning: 43 nodes and 15 edges do not read as one picture, even at "
        "depth 1: drawn condensed, each import cycle as one box and the other "
        "modules by level (--depth 1 draws every module, --cycles only the cycles)\n"
    )
    dot = parse_dot(out)
    assert dot.attrs["label"] == (
        "layerlint: flat (depth 1), condensed: 42 modules as 4 nodes (each import cycle one "
        "box, the others by level: level 0 imports none of the others)"
    )
    assert dot.node_names == {"cycle 1", "level 0", "level 1", "level 2", "requests"}
    labels = {name: attrs["label"] for name, attrs in dot.nodes.items()}
    assert labels["cycle 1"] == (
        "cycle 1: 3 modules, each reaching the others by imports\\lc1, c2, c3\\l"
    )
    assert labels["level 1"] == (
        "level 1: 6 modules, none importing another\\ly0, y1, y2, y3, y4, y5\\l"
    )
    assert labels["level 2"] == "level 2: 2 modules, none importing another\\lx0, x1\\l"
    lines = labels["level 0"].split("\\l")
    assert lines[0] == "level 0: 31 modules, none importing another"
    assert ", ".join(lines[1:-1]).split(", ") == LEVEL_0
    assert all(len(line) <= 60 for line in lines[1:])
    assert dot.edge_set == {
        ("level 1", "level 0", 6),
        ("cycle 1", "level 0", 1),
        ("level 2", "level 1", 2),
        ("level 2", "cycle 1", 2),
        ("cycle 1", "requests", 1),
    }
    assert dot.dashed == set()
    # The cycle's box has its colour; no cluster around a box of one node.
    assert dot.fill("cycle 1") not in ("", "white")
    assert not any(c.label.startswith("cycle") for c in dot.clusters.values())
    # The same project gives the same picture.
    assert run_graph(cli, root)[1] == out


def test_a_sibling_on_a_cycle_joins_the_cycles_box(cli, tmp_path):
    """One package of 45 modules drawn: app.small, a sibling it imports, closes a cycle
    with two of them; it is named whole in the box, the rest of the package one level."""
    files = {f"app/big/m{i:02}.py": "from app import small\n" for i in range(45)}
    files["app/small.py"] = "import app.big.m00\n"
    files["app/big/m00.py"] = "import app.big.m01\n"
    root = write_project(tmp_path / "ctx", files)
    code, out, err = run_graph(cli, root, "app.big")
    assert code == 0 and "drawn condensed" in err
    dot = parse_dot(out)
    assert dot.node_names == {"cycle 1", "level 1", "app.big"}
    assert dot.nodes["cycle 1"]["label"] == (
        "cycle 1: 3 modules, each reaching the others by imports\\lm00, m01, app.small\\l"
    )
    assert dot.nodes["level 1"]["label"].startswith(
        "level 1: 43 modules, none importing another\\lm02, m03,"
    )
    assert dot.edge_set == {("level 1", "cycle 1", 43)}
    assert "condensed: 46 modules as 3 nodes" in dot.attrs["label"]


def test_depth_1_and_cycles_draw_every_module(cli, tmp_path):
    root = flat_project(tmp_path / "flat")
    code, out, err = run_graph(cli, root, "--depth", "1")
    assert code == 0
    assert "drawn condensed" not in err
    assert "43 nodes and 15 edges do not read as one picture" in err
    assert len(parse_dot(out).node_names) == 43
    code, out, err = run_graph(cli, root, "--cycles")
    assert (code, err) == (0, "")
    assert parse_dot(out).node_names == {"flat.c1", "flat.c2", "flat.c3"}


def test_a_package_within_the_bounds_is_not_condensed(cli, tmp_path):
    # 28 modules at level 0: 40 modules in all, READABLE_NODES.
    root = flat_project(tmp_path / "flat", bottom=28)
    code, out, err = run_graph(cli, root, "--no-external")
    assert (code, err) == (0, "")
    names = parse_dot(out).node_names
    assert len(names) == READABLE_NODES and "flat.z27" in names and "level 0" not in names


def test_the_condensed_mermaid_writes_the_lists_as_lines(cli, tmp_path):
    root = flat_project(tmp_path / "flat")
    code, out, _ = run_graph(cli, root, "--format", "mermaid")
    assert code == 0
    assert '["level 2: 2 modules, none importing another<br>x0, x1"]' in out
    assert '["cycle 1: 3 modules, each reaching the others by imports<br>c1, c2, c3"]' in out
