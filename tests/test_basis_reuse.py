"""The basis of stored results (basis.py) made with the help of the previous one (a file
with the same stamp of which the same was taken keeps its digest) is the basis made from
scratch, over a seeded walk of edits checked with `layerlint check` and its cache."""

from __future__ import annotations

import contextlib
import io
import marshal
import random
from pathlib import Path

import pytest
from helpers import write_project
from test_cache_consistency import CONTRACTS, FILES, apply

from layerlint import basis, results
from layerlint.cli import main
from layerlint.config import load_config
from layerlint.engine import analyse
from layerlint.options import RunOptions

KINDS = [
    "import",
    "import_in_function",
    "remove_line",
    "comment",
    "append_comment",
    "class",
    "model",
    "noqa",
    "mention",
]


def _stored_basis(root: Path) -> dict:
    _, data = results._read(root / ".layerlint_cache", results._BASIS)
    return marshal.loads(data)[1]


def _from_scratch(root: Path) -> dict:
    config = load_config(root)
    analysis = analyse(RunOptions(paths=[root], use_cache=False), config=config)
    from layerlint import diagnostics

    diagnostics.collect(analysis.project, analysis.violations, apply_noqa=False)
    return basis.of(analysis.project)


@pytest.mark.parametrize("seed", [1, 2])
def test_basis_made_with_the_previous_is_made_from_scratch(tmp_path: Path, seed: int, monkeypatch):
    root = write_project(tmp_path, FILES, CONTRACTS, source_roots=["src"])
    monkeypatch.chdir(root)
    rng = random.Random(seed)
    reused = []
    original = basis._same_taking
    monkeypatch.setattr(basis, "_same_taking", lambda *a: original(*a) and not reused.append(1))
    tick = [0]
    for step in range(25):
        apply(root, (rng.choice(KINDS), rng.randint(0, 20), rng.randint(0, 20)), tick)
        with contextlib.redirect_stdout(io.StringIO()):
            main(["check"])
        assert _stored_basis(root) == _from_scratch(root), step
    assert reused  # the previous basis served


def test_the_basis_of_some_modules_is_theirs_in_the_whole_basis(tmp_path: Path, monkeypatch):
    """basis.of(..., only=...) (the language server, for the buffers edited) works out the
    extractions and text answers of those modules alone, and gives what the whole basis
    gives them."""
    root = write_project(tmp_path, FILES, CONTRACTS, source_roots=["src"])
    monkeypatch.chdir(root)
    config = load_config(root)
    analysis = analyse(RunOptions(paths=[root], use_cache=False), config=config)
    from layerlint import diagnostics

    diagnostics.collect(analysis.project, analysis.violations, apply_noqa=False)
    whole = basis.of(analysis.project)
    modules = analysis.project.modules
    read = [name for name in sorted(modules) if whole[modules[name].relpath][1] is not None]
    read_text = [n for n in read if whole[modules[n].relpath][1][1]]  # text questions asked
    assert read_text, "no module whose text was read: the test would prove less"
    for some in ({read[0]}, {read_text[0], read[-1]}, set(read)):
        part = basis.of(analysis.project, only=some)
        assert part == {modules[n].relpath: whole[modules[n].relpath] for n in some}
