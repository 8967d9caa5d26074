"""Cycle finding shared by the `acyclic` and `acyclic_siblings` contracts.

Every strongly connected component is broken by a small set of imports (a minimal
feedback arc set, chosen to need the fewest import statements removed); each of those
imports is reported once, with the cycle it closes.
"""

from __future__ import annotations

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
    order = _eades_order(component, edges, weight)
    position = {node: i for i, node in enumerate(order)}
    breakers = sorted(
        (e for e in edges if position[e[0]] > position[e[1]]), key=lambda e: (-weight(e), e)
    )
    kept = edges - set(breakers)
    # Put back every breaker that closes no cycle on its own: the set becomes minimal.
    for edge in breakers:
        if _path(kept, edge[1], edge[0]) is None:
            kept.add(edge)
    result = []
    for edge in sorted(edges - kept):
        path = _path(kept | {edge}, edge[1], edge[0])
        result.append((edge, (edge[0], *path)))
    return result


def _eades_order(nodes: list[str], edges: set[Edge], weight: Callable[[Edge], int]) -> list[str]:
    """Eades-Lin-Smyth: sinks last, sources first, else the node with most weight out."""
    outgoing: dict[str, set[str]] = {n: set() for n in nodes}
    incoming: dict[str, set[str]] = {n: set() for n in nodes}
    for u, v in edges:
        outgoing[u].add(v)
        incoming[v].add(u)
    remaining = set(nodes)
    head: list[str] = []
    tail: list[str] = []

    def remove(node: str) -> None:
        remaining.discard(node)
        for v in outgoing.pop(node):
            incoming[v].discard(node)
        for u in incoming.pop(node):
            outgoing[u].discard(node)

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
            best = max(
                sorted(remaining),
                key=lambda n: (
                    sum(weight((n, v)) for v in outgoing[n])
                    - sum(weight((u, n)) for u in incoming[n])
                ),
            )
            head.append(best)
            remove(best)
    return head + tail[::-1]


def _path(edges: Iterable[Edge], start: str, goal: str) -> tuple[str, ...] | None:
    """Shortest path start -> goal (breadth first, neighbours in name order)."""
    successors: dict[str, list[str]] = {}
    for u, v in sorted(edges):
        successors.setdefault(u, []).append(v)
    previous: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = [node]
            while previous[path[-1]] is not None:
                path.append(previous[path[-1]])
            return tuple(reversed(path))
        for successor in successors.get(node, ()):
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
