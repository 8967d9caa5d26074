"""layerlint reads source; it never imports or runs the project it checks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import write_project

TRAP = """
import pathlib, sys
pathlib.Path({marker!r}).write_text("imported {name}")
sys.exit(99)
"""


def trapped_project(tmp_path: Path) -> tuple[Path, Path]:
    marker = tmp_path / "was-imported"
    files = {
        f"src/app/{name}.py": TRAP.format(marker=str(marker), name=name)
        + ("from app import api\n" if name == "domain" else "")
        for name in ("api", "domain", "db")
    }
    files["src/app/__init__.py"] = TRAP.format(marker=str(marker), name="app")
    contracts = [{"name": "Layers", "type": "layers", "layers": ["app.api", "app.domain"]}]
    return write_project(tmp_path / "proj", files, contracts), marker


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, check=False, text=True, timeout=120
    )


def test_check_graph_and_flake8_never_import_the_project(tmp_path):
    root, marker = trapped_project(tmp_path)
    check = run(["-m", "layerlint", "check"], root)
    assert check.returncode == 1, check.stderr
    assert "src/app/domain.py:4:1: LL101 Layer violation: app.domain -> app.api" in check.stdout
    graph = run(["-m", "layerlint", "graph", "--format", "mermaid"], root)
    assert graph.returncode == 0, graph.stderr
    flake8 = run(["-m", "flake8", "--select", "LL", "src/app/domain.py"], root)
    assert flake8.returncode == 1, flake8.stderr
    assert "LL101" in flake8.stdout
    init = run(["-m", "layerlint", "init", "--diff"], root)
    assert init.returncode == 0, init.stderr
    assert not marker.exists(), marker.read_text()
