"""LL401's failures kept across runs (startup/kept.py): over seeded random edits of a
project whose modules import names from each other in cycles (imports changed, names
bound earlier or later, lines moved by a comment), what a run with the memo reports is
what a run without it reports, and kept failures are used."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from helpers import write_project
from layerlint import startup
from layerlint.config import load_config
from layerlint.project import build_project
from layerlint.project.cache import ScanCache
from layerlint.startup import kept

MODULES = [f"app.m{i}" for i in range(7)]


def _source(rng: random.Random, module: str) -> str:
    lines = []
    if rng.random() < 0.3:
        lines.append("# a comment that moves what follows")
    names = [f"v{i}" for i in range(3)]
    for _ in range(rng.randint(1, 4)):
        other = rng.choice([m for m in MODULES if m != module])
        kind = rng.random()
        if kind < 0.5:
            lines.append(f"from {other} import {rng.choice(names)}")
        elif kind < 0.7:
            lines.append(f"import {other}")
        else:
            lines.append(f"{rng.choice(names)} = 1")
    lines += [f"{name} = 2" for name in names if rng.random() < 0.5]
    return "\n".join(lines) + "\n"


def _write(root: Path, module: str, text: str, tick: int) -> None:
    path = root / "src" / (module.replace(".", "/") + ".py")
    path.write_text(text)
    os.utime(path, ns=(tick * 10**9, tick * 10**9))  # a new stamp, whatever the clock


def _reported(root: Path, cache: ScanCache) -> list[tuple]:
    project = build_project(load_config(root), cache)
    return [(v.location, v.message, v.details) for v in startup.check(project)]


@pytest.mark.parametrize("seed", range(5))
def test_kept_failures_are_those_found_again(tmp_path: Path, seed: int, monkeypatch):
    rng = random.Random(seed)
    files = {f"src/{m.replace('.', '/')}.py": _source(rng, m) for m in MODULES}
    root = write_project(tmp_path, files, source_roots=["src"])
    used = []
    original = kept.failures
    monkeypatch.setattr(kept, "failures", lambda *a: used.append(original(*a)) or used[-1])
    cache_dir = tmp_path / "cache"
    found_any = 0
    for tick in range(1, 41):
        module = rng.choice(MODULES)
        text = (root / "src" / (module.replace(".", "/") + ".py")).read_text()
        if rng.random() < 0.4:  # only the lines move
            text = "# moved\n" + text
        else:
            text = _source(rng, module)
        _write(root, module, text, tick)
        cache = ScanCache(cache_dir)
        reported = _reported(root, cache)
        cache.save()
        assert reported == _reported(root, ScanCache(None)), tick
        found_any += bool(reported)
    assert found_any  # the walk met failures to report
    assert any(failures is not None for failures in used)  # and kept ones served


def test_kept_failures_leave_the_record_a_simulation_leaves(tmp_path: Path, monkeypatch):
    """What the modules read were asked is recorded as a simulation records it (stored
    results compare an edited file's answers to those questions: basis.py)."""
    files = {
        "src/app/a.py": "from app.b import x\n\ny = 1\n",
        "src/app/b.py": "from app.a import y\n\nx = 1\n",
        "src/app/c.py": "import os\n",
        "src/app/d.py": "",
    }
    root = write_project(tmp_path, files, source_roots=["src"])
    cache_dir = tmp_path / "cache"
    records = []
    used = []
    original = kept.failures
    monkeypatch.setattr(kept, "failures", lambda *a: used.append(original(*a)) or used[-1])
    for edit in ("", "import app.d\n"):  # the graph changes, not its cycles
        _write(root, "app.c", edit + "import os\n", len(records) + 1)
        cache = ScanCache(cache_dir)
        project = build_project(load_config(root), cache)
        assert [v.location[1:] for v in startup.check(project)] == [(1, 1), (1, 1)]
        records.append({m: project.texts_taken().get(m, ()) for m in ("app.a", "app.b")})
        cache.save()
    assert used[0] is None and used[1] is not None  # simulated, then kept
    assert records[0] == records[1]
    assert [query for query, _ in records[0]["app.a"]][:2] == [("outline",), ("binding", "y")]


def test_a_damaged_entry_is_simulated_again(tmp_path: Path):
    files = {
        "src/app/a.py": "from app.b import x\n\ny = 1\n",
        "src/app/b.py": "from app.a import y\n\nx = 1\n",
    }
    root = write_project(tmp_path, files, source_roots=["src"])
    cache_dir = tmp_path / "cache"
    cache = ScanCache(cache_dir)
    expected = _reported(root, cache)
    cache.save()
    assert len(expected) == 2
    for damage in ([(1, ("y",))], [("app.nowhere", ())], [("app.a", (1,))], "nonsense"):
        cache = ScanCache(cache_dir)
        for key in list(cache.memo._stored):
            if key.startswith("startup-failures"):
                read, stamps, items = cache.memo._stored[key]
                cache.memo._stored[key] = (damage, stamps, items)
        assert _reported(root, cache) == expected, damage
