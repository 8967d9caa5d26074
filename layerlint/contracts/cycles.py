"""Cycle finding shared by the `acyclic` and `acyclic_siblings` contracts.

Every strongly connected component is broken by a small set of imports (a minimal
feedback arc set, chosen to need the fewest import statements removed); each of those
imports is reported once, with the cycle it closes.
"""

from __future__ import annotations

import bisect
import itertools
from collections import deque
from collections.abc import Callable, Iterable, Mapping

from layerlint.project import Project

Edge = tuple[str, str]


def strongly_connected(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; components of two or more modules, sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = counter
                    counter += 1
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    advanced = True
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return sorted(components)


def cycle_breakers(
    component: list[str], graph: Mapping[str, set[str]], weight: Callable[[Edge], int]
) -> list[tuple[Edge, tuple[str, ...]]]:
    """A minimal set of imports whose removal makes `component` acyclic, each with its cycle."""
    members = set(component)
    edges = {(u, v) for u in component for v in graph[u] if v in members}
    weights = {edge: weight(edge) for edge in edges}  # each asked once: it counts statements
    order = _eades_order(component, edges, weights)
    position = {node: i for i, node in enumerate(order)}
    breakers = sorted(
        (e for e in edges if position[e[0]] > position[e[1]]), key=lambda e: (-weights[e], e)
    )
    kept = _Successors(edges - set(breakers))
    # Put back every breaker that closes no cycle on its own: the set becomes minimal.
    for edge in breakers:
        if kept.path(edge[1], edge[0]) is None:
            kept.add(edge)
    # A shortest path back from an import's target never uses the import itself.
    return [
        (edge, (edge[0], *kept.path(edge[1], edge[0])))
        for edge in sorted(set(breakers) - kept.edges)
    ]


def _eades_order(nodes: list[str], edges: set[Edge], weights: Mapping[Edge, int]) -> list[str]:
    """Eades-Lin-Smyth: sinks last, sources first, else the node with most weight out."""
    outgoing: dict[str, set[str]] = {n: set() for n in nodes}
    incoming: dict[str, set[str]] = {n: set() for n in nodes}
    score = dict.fromkeys(nodes, 0)  # weight out minus weight in, among the remaining
    for u, v in edges:
        outgoing[u].add(v)
        incoming[v].add(u)
        score[u] += weights[(u, v)]
        score[v] -= weights[(u, v)]
    remaining = set(nodes)
    head: list[str] = []
    tail: list[str] = []

    def remove(node: str) -> None:
        remaining.discard(node)
        for v in outgoing.pop(node):
            incoming[v].discard(node)
            score[v] += weights[(node, v)]
        for u in incoming.pop(node):
            outgoing[u].discard(node)
            score[u] -= weights[(u, node)]

    while remaining:
        changed = True
        while changed:
            changed = False
            for node in sorted(n for n in remaining if not outgoing[n]):
                tail.append(node)
                remove(node)
                changed = True
            for node in sorted(n for n in remaining if not incoming[n]):
                head.append(node)
                remove(node)
                changed = True
        if remaining:
            best = min(remaining, key=lambda n: (-score[n], n))  # ties: the first by name
            head.append(best)
            remove(best)
    return head + tail[::-1]


class _Successors:
    """Imports as each module's sorted list of targets, for breadth-first paths."""

    def __init__(self, edges: Iterable[Edge]) -> None:
        self.edges: set[Edge] = set()
        self._targets: dict[str, list[str]] = {}
        for edge in sorted(edges):
            self.edges.add(edge)
            self._targets.setdefault(edge[0], []).append(edge[1])

    def add(self, edge: Edge) -> None:
        self.edges.add(edge)
        bisect.insort(self._targets.setdefault(edge[0], []), edge[1])

    def path(self, start: str, goal: str) -> tuple[str, ...] | None:
        """Shortest path start -> goal (breadth first, neighbours in name order)."""
        previous: dict[str, str | None] = {start: None}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            if node == goal:
                path = [node]
                while previous[path[-1]] is not None:
                    path.append(previous[path[-1]])
                return tuple(reversed(path))
            for successor in self._targets.get(node, ()):
                if successor not in previous:
                    previous[successor] = node
                    queue.append(successor)
        return None


def runtime_note(project: Project, cycle: tuple[str, ...]) -> str:
    """Whether every link runs at import time (the cycles that break start-up)."""
    for importer, imported in itertools.pairwise(cycle):
        timing = [project.import_time(site) for site in project.sites_for(importer, imported)]
        if timing and not any(at_import_time for at_import_time, _ in timing):
            where = (
                "under TYPE_CHECKING"
                if all(type_checking for _, type_checking in timing)
                else "inside a function"
            )
            return f"deferred: {importer} -> {imported} is imported only {where}"
    return "every import in it runs at import time, so it can fail at start-up"
