"""Measure, on copies of real packages, what docs/configuration.md's `acyclic` section
reports: the exact search against the heuristic, and the imports between a package and
its own submodules.

Usage: python bench/cycles_measure.py DIR [DIR ...]
Each DIR holds one package copied from site-packages (never installed, never imported)
and a pyproject.toml whose [tool.layerlint] names it in `root_packages`.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from layerlint.config import load_config
from layerlint.contracts import cycles, feedback
from layerlint.project import build_project
from layerlint.project.cache import ScanCache
from layerlint.startup import failures


def related(u: str, v: str) -> bool:
    return v.startswith(u + ".") or u.startswith(v + ".")


def measure(root: Path) -> None:
    project = build_project(load_config(root, None), ScanCache(None), {}, None)
    graph = project.graph
    members = set(project.modules)
    successors = {
        m: {
            n
            for n in graph.find_modules_directly_imported_by(m)
            if n in members and n != m and not project.is_unfound_import(m, n)
        }
        for m in members
    }
    deferred = cycles.deferred_imports(project)

    def weight(edge):
        return project.statement_count(*edge)

    def breakers(succ):
        return [
            edge
            for component in cycles.strongly_connected(succ)
            for edge in cycles.breaking_imports(component, succ, weight, deferred)
        ]

    for component in cycles.strongly_connected(successors):
        weights = cycles._weights(component, successors, weight)
        heuristic = cycles.eades_breakers(component, weights)
        start = time.perf_counter()
        exact = feedback.minimum_breakers(weights, known=heuristic)
        took = time.perf_counter() - start
        shown = "None" if exact is None else f"{len(exact)} imports, {sum(map(weights.get, exact))}"
        print(
            f"{root.name}: group of {len(component)} modules, {len(weights)} imports: heuristic "
            f"{len(heuristic)} imports, {sum(map(weights.get, heuristic))} statements; exact "
            f"{shown} ({took:.3f} s)"
        )
    found = breakers(successors)
    without = {u: {v for v in vs if not related(u, v)} for u, vs in successors.items()}
    print(
        f"{root.name}: {len(members)} modules; LL105 {len(found)} "
        f"({sum(related(*e) for e in found)} on a package<->submodule import), "
        f"{len(breakers(without))} without those imports; groups "
        f"{len(cycles.strongly_connected(successors))} -> "
        f"{len(cycles.strongly_connected(without))}; LL401 {len(failures(project))}"
    )


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        measure(Path(argument).resolve())
