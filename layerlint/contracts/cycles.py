"""Cycle finding for the `acyclic` contract (and `layerlint graph`).

Every strongly connected component is broken by a set of imports: the one needing the
fewest import statements removed, found exactly where the component is small enough
(feedback.py), else a minimal set by Eades-Lin-Smyth's heuristic; each of those imports
is reported once, with the cycle it closes.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections.abc import Callable, Mapping

from layerlint import startup
from layerlint.contracts.feedback import EXACT_EDGES, minimum_breakers
from layerlint.contracts.paths import _Successors
from layerlint.project import Project
from layerlint.project.components import strongly_connected
from layerlint.startup import Failure

Edge = tuple[str, str]
__all__ = [
    "Breakers",
    "breaking_imports",
    "cycle_breakers",
    "deferred_imports",
    "removals",
    "runtime_note",
    "strongly_connected",
]


Deferred = Callable[[Edge], bool]  # whether an import runs only later (never at import time)


class Breakers:
    """The breakers of the large components one analysis has broken, under their exact
    weighted imports (what they are computed from): `layerlint graph` breaks again the
    cycles an `acyclic` contract has just broken (at 20,000 modules, 3.9 s of its 7 s).
    One is made per analysis and handed to the contracts and the drawing (engine.Analysis);
    only the last few large components are kept."""

    FROM = 1000  # imports: smaller components are cheaper to break again than to key
    KEPT = 4  # components

    def __init__(self) -> None:
        self._known: dict[frozenset, tuple[Edge, ...]] = {}

    def __len__(self) -> int:
        return len(self._known)

    def key(self, weights: dict[Edge, int]) -> frozenset | None:
        # (only components the exact search leaves alone: their answer is the weights' alone)
        large = len(weights) >= self.FROM and len(weights) > EXACT_EDGES
        return frozenset(weights.items()) if large else None

    def get(self, key: frozenset) -> tuple[Edge, ...] | None:
        return self._known.get(key)

    def keep(self, key: frozenset, found: list[Edge]) -> None:
        if len(self._known) >= self.KEPT:
            del self._known[next(iter(self._known))]
        self._known[key] = tuple(found)


def cycle_breakers(
    component: list[str],
    graph: Mapping[str, set[str]],
    weight: Callable[[Edge], int],
    deferred: Deferred | None = None,
    known: Breakers | None = None,
) -> list[tuple[Edge, tuple[str, ...]]]:
    """The imports whose removal makes `component` acyclic with the fewest statements
    (feedback.py: exactly, where the component is small enough, else a minimal set by
    Eades-Lin-Smyth), each with its cycle; `known` holds what this analysis found before."""
    weights = _weights(component, graph, weight)
    breakers = _breakers(component, weights, deferred, known)
    kept = _Successors(set(weights).difference(breakers))
    # A shortest path back from an import's target never uses the import itself.
    return [(edge, (edge[0], *kept.path(edge[1], edge[0]))) for edge in breakers]


def breaking_imports(
    component: list[str],
    graph: Mapping[str, set[str]],
    weight: Callable[[Edge], int],
    deferred: Deferred | None = None,
    known: Breakers | None = None,
) -> list[Edge]:
    """The imports `cycle_breakers` nominates, without looking for their cycles."""
    return _breakers(component, _weights(component, graph, weight), deferred, known)


def removals(project: Project, edges: list[Edge]) -> tuple[str, ...]:
    """The details line of each import to remove: "remove: a -> b (l.3, l.9)"."""
    lines = []
    for edge in edges:
        numbers = sorted({site.statement.line for site in project.sites_for(*edge)})
        lines.append(f"remove: {edge[0]} -> {edge[1]} ({', '.join(f'l.{n}' for n in numbers)})")
    return tuple(lines)


def deferred_imports(project: Project) -> Deferred:
    """Whether every statement of an import runs later than import time (in a function,
    under TYPE_CHECKING, lazily): the imports a tie between breakers goes to."""

    def deferred(edge: Edge) -> bool:
        sites = project.sites_for(*edge)
        return bool(sites) and not any(project.import_time(site)[0] for site in sites)

    return deferred


def _weights(
    component: list[str], graph: Mapping[str, set[str]], weight: Callable[[Edge], int]
) -> dict[Edge, int]:
    """The component's imports, each with its weight (asked once: it counts statements)."""
    members = set(component)
    return {(u, v): weight((u, v)) for u in component for v in graph[u] if v in members}


def _breakers(
    component: list[str],
    weights: dict[Edge, int],
    deferred: Deferred | None = None,
    known: Breakers | None = None,
) -> list[Edge]:
    """The exact answer (feedback.py) where there is one, else Eades-Lin-Smyth's."""
    key = known.key(weights) if known is not None else None
    if key is not None:
        found = known.get(key)
        if found is not None:
            return list(found)
    found = eades_breakers(component, weights)
    if len(weights) <= EXACT_EDGES:
        later = [e for e in sorted(weights) if deferred(e)] if deferred else []
        exact = minimum_breakers(weights, later, known=found)
        if exact is not None:
            found = exact
    if key is not None:
        known.keep(key, found)
    return found


def eades_breakers(component: list[str], weights: dict[Edge, int]) -> list[Edge]:
    """Eades-Lin-Smyth's order, the imports against it, less those that close no cycle."""
    order = _eades_order(component, set(weights), weights)
    position = {node: i for i, node in enumerate(order)}
    breakers = sorted(
        (e for e in weights if position[e[0]] > position[e[1]]), key=lambda e: (-weights[e], e)
    )
    kept = _Successors(set(weights).difference(breakers))
    # Put back every breaker that closes no cycle on its own: the set becomes minimal.
    for edge in breakers:
        if not kept.reaches(edge[1], edge[0]):
            kept.add(edge)
    return sorted(set(breakers) - kept.edges)


def _eades_order(nodes: list[str], edges: set[Edge], weights: Mapping[Edge, int]) -> list[str]:
    """Eades-Lin-Smyth: sinks last, sources first, else the node with most weight out.

    Each round takes every sink (in name order), then every source, until there is
    neither; then the node whose weight out exceeds its weight in the most (the first by
    name among equals). Sinks, sources and scores are kept up to date as nodes go, rather
    than looked for among all the nodes left: on a cycle of 25,000 modules that is the
    difference between seconds and minutes.
    """
    outgoing: dict[str, set[str]] = {n: set() for n in nodes}
    incoming: dict[str, set[str]] = {n: set() for n in nodes}
    score = dict.fromkeys(nodes, 0)  # weight out minus weight in, among the remaining
    for u, v in edges:
        outgoing[u].add(v)
        incoming[v].add(u)
        score[u] += weights[(u, v)]
        score[v] -= weights[(u, v)]
    remaining = set(nodes)
    sinks = {n for n in nodes if not outgoing[n]}
    sources = {n for n in nodes if not incoming[n]}
    best_first = [(-score[n], n) for n in nodes]  # entries go stale as scores change
    heapq.heapify(best_first)
    head: list[str] = []
    tail: list[str] = []

    def remove(node: str) -> None:
        remaining.discard(node)
        sinks.discard(node)
        sources.discard(node)
        for v in outgoing.pop(node):
            incoming[v].discard(node)
            score[v] += weights[(node, v)]
            heapq.heappush(best_first, (-score[v], v))
            if not incoming[v]:
                sources.add(v)
        for u in incoming.pop(node):
            outgoing[u].discard(node)
            score[u] -= weights[(u, node)]
            heapq.heappush(best_first, (-score[u], u))
            if not outgoing[u]:
                sinks.add(u)

    while remaining:
        while sinks or sources:
            for node in sorted(sinks):
                tail.append(node)
                remove(node)
            for node in sorted(sources):
                head.append(node)
                remove(node)
        while remaining:
            negative, best = heapq.heappop(best_first)
            if best in remaining and -negative == score[best]:
                head.append(best)
                remove(best)
                break
    return head + tail[::-1]


# PEP 810's `lazy import`, as the statement's first line shows it
_LAZY = re.compile(r"(?:^|[;\s])lazy\s+(?:import|from)\b")


def runtime_note(project: Project, cycle: tuple[str, ...]) -> str:
    """Whether every link runs at import time, and if so whether LL401 shows the cycle
    failing at start-up (only then is a failure claimed)."""
    for importer, imported in itertools.pairwise(cycle):
        sites = project.sites_for(importer, imported)
        found = [site for site in sites if not project.is_unfound_site(site)] or sites
        timing = [project.import_time(site) for site in found]
        if timing and not any(at_import_time for at_import_time, _ in timing):
            if all(type_checking for _, type_checking in timing):
                where = "under TYPE_CHECKING"
            elif all(_LAZY.search(site.statement.line_contents) for site in found):
                where = "lazily (`lazy import`)"
            else:
                where = "inside a function" + (
                    " or lazily" if any(_LAZY.search(s.statement.line_contents) for s in found)
                    else ""
                )
            return f"deferred: {importer} -> {imported} is imported only {where}"
    failure = _failing(project, cycle)
    if failure is None:
        return (
            "every import in it runs at import time, which couples the modules (no start-up "
            "failure found: LL401)"
        )
    where = f"{project.modules[failure.importer].relpath}:{failure.line}"
    return f"every import in it runs at import time, and it fails at start-up: LL401 at {where}"


def _failing(project: Project, cycle: tuple[str, ...]) -> Failure | None:
    """A start-up failure (LL401) on this cycle: the first that runs through the cycle's
    first import, else the first whose modules (from the one still being imported to the
    one that asks it for a name) all lie on the cycle."""
    members = set(cycle)
    within = None
    for failure in startup.failures(project):
        modules = [module for module, _ in failure.chain]
        looping = modules[modules.index(failure.source) :] if failure.source in modules else []
        if (cycle[0], cycle[1]) in set(itertools.pairwise([*looping, failure.source])):
            return failure
        if looping and within is None and set(looping) <= members:
            within = failure
    return within
