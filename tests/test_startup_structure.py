"""LL401's structure (startup/structure.py: the import cycles, and the modules that reach
one) kept across import edits: over random edits of a project's imports, the structure a
run takes from the memo is the one worked out from scratch, and the kept one is used."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from helpers import write_project
from layerlint.config import load_config
from layerlint.project import build_project
from layerlint.project.cache import ScanCache
from layerlint.startup import structure as structure_module
from layerlint.startup.structure import structure

MODULES = [f"app.p{p}.m{m}" for p in range(3) for m in range(4)]


def _source(rng: random.Random, module: str) -> str:
    targets = rng.sample(MODULES, rng.randint(0, 3))
    return "".join(f"import {t}\n" for t in targets if t != module) + "x = 1\n"


def _write(root: Path, module: str, text: str, tick: int) -> None:
    path = root / "src" / (module.replace(".", "/") + ".py")
    path.write_text(text)
    os.utime(path, ns=(tick * 10**9, tick * 10**9))  # a new stamp, whatever the clock


def _fresh(root: Path):
    return structure(build_project(load_config(root), ScanCache(None)))


@pytest.mark.parametrize("seed", range(6))
def test_kept_structure_is_the_one_worked_out(tmp_path: Path, seed: int, monkeypatch):
    rng = random.Random(seed)
    files = {m.replace(".", "/") + ".py": _source(rng, m) for m in MODULES}
    root = write_project(tmp_path, {f"src/{k}": v for k, v in files.items()}, source_roots=["src"])
    worked_out = []
    original = structure_module.strongly_connected
    monkeypatch.setattr(
        structure_module, "strongly_connected", lambda g: worked_out.append(1) or original(g)
    )
    cache_dir = tmp_path / "cache"
    steps = 40
    for tick in range(1, steps + 1):
        module = rng.choice(MODULES)
        _write(root, module, _source(rng, module), tick)
        cache = ScanCache(cache_dir)
        found = structure(build_project(load_config(root), cache))
        cache.save()
        before = len(worked_out)
        expected = _fresh(root)
        del worked_out[before:]  # the fresh one's own
        assert found.names == expected.names
        assert found.components == expected.components, tick
        assert found.relevant == expected.relevant, tick
    assert len(worked_out) < steps  # some edits kept the structure
