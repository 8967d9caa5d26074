"""Cycle breaking (contracts/cycles.py, feedback.py) against plain restatements of what
it computes.

The heuristic keeps sinks, sources and scores up to date and searches from both ends, for
speed on cycles of thousands of modules; the references below recompute everything at
every step. The exact search is compared with trying every order of the modules. Equal
answers on random graphs mean equal diagnostics; the stability properties (an import
nominated and then removed, an import added elsewhere) are checked on random graphs too.
"""

from __future__ import annotations

from collections import deque
from unittest import mock

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from layerlint.contracts import cycles, feedback
from layerlint.contracts.cycles import (
    _eades_order,
    _Successors,
    breaking_imports,
    cycle_breakers,
    strongly_connected,
)

NODES = [f"m{i}" for i in range(9)]
EDGES = st.sets(
    st.tuples(st.sampled_from(NODES), st.sampled_from(NODES)).filter(lambda e: e[0] != e[1]),
    max_size=30,
)


def reference_order(nodes, edges, weights):
    """Eades-Lin-Smyth as written down: every sink (by name), then every source, until
    neither is left; then the node with the most weight out over weight in."""
    remaining = set(nodes)
    alive = set(edges)
    head, tail = [], []

    def out(n):
        return [e for e in alive if e[0] == n]

    def into(n):
        return [e for e in alive if e[1] == n]

    def remove(n):
        remaining.discard(n)
        alive.difference_update([e for e in alive if n in e])

    while remaining:
        changed = True
        while changed:
            changed = False
            for node in sorted(n for n in remaining if not out(n)):
                tail.append(node)
                remove(node)
                changed = True
            for node in sorted(n for n in remaining if not into(n)):
                head.append(node)
                remove(node)
                changed = True
        if remaining:
            best = min(
                remaining,
                key=lambda n: (
                    -(sum(weights[e] for e in out(n)) - sum(weights[e] for e in into(n))),
                    n,
                ),
            )
            head.append(best)
            remove(best)
    return head + tail[::-1]


def reference_path(edges, start, goal):
    """Breadth first from `start`, neighbours in name order: the path it finds, or None."""
    previous = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = [node]
            while previous[path[-1]] is not None:
                path.append(previous[path[-1]])
            return tuple(reversed(path))
        for successor in sorted(v for u, v in edges if u == node):
            if successor not in previous:
                previous[successor] = node
                queue.append(successor)
    return None


@settings(max_examples=300, deadline=None)
@given(EDGES, st.lists(st.integers(1, 3), min_size=30, max_size=30))
def test_eades_order_is_the_one_written_down(edges, counts):
    weights = {edge: counts[i] for i, edge in enumerate(sorted(edges))}
    assert _eades_order(NODES, edges, weights) == reference_order(NODES, edges, weights)


def reference_breakers(component, graph, weight):
    """cycle_breakers as first written: every search breadth first from one end."""
    members = set(component)
    edges = {(u, v) for u in component for v in graph[u] if v in members}
    weights = {edge: weight(edge) for edge in edges}
    position = {n: i for i, n in enumerate(reference_order(component, edges, weights))}
    breakers = sorted(
        (e for e in edges if position[e[0]] > position[e[1]]), key=lambda e: (-weights[e], e)
    )
    kept = edges - set(breakers)
    for edge in breakers:
        if reference_path(kept, edge[1], edge[0]) is None:
            kept.add(edge)
    return [
        (edge, (edge[0], *reference_path(kept, edge[1], edge[0])))
        for edge in sorted(set(breakers) - kept)
    ]


# The heuristic alone, as for components too large for the exact search.
heuristic_only = mock.patch.object(cycles, "EXACT_EDGES", -1)


@heuristic_only
@settings(max_examples=300, deadline=None)
@given(EDGES, st.lists(st.integers(1, 3), min_size=30, max_size=30))
def test_cycle_breakers_are_those_first_written(edges, counts):
    graph = {n: {v for u, v in edges if u == n} for n in NODES}
    weights = {edge: counts[i] for i, edge in enumerate(sorted(edges))}
    for component in strongly_connected(graph):
        found = cycle_breakers(component, graph, weights.__getitem__)
        assert found == reference_breakers(component, graph, weights.__getitem__)
        # what `layerlint graph` asks for: the same imports, without their cycles
        assert breaking_imports(component, graph, weights.__getitem__) == [e for e, _ in found]


@heuristic_only
@settings(max_examples=200, deadline=None)
@given(EDGES, st.lists(st.integers(1, 3), min_size=60, max_size=60))
def test_remembered_breakers_are_those_of_the_same_weighted_imports(edges, counts):
    # every component remembered: asked again, or with other weights, as if computed afresh
    graph = {n: {v for u, v in edges if u == n} for n in NODES}
    first = {edge: counts[i] for i, edge in enumerate(sorted(edges))}
    second = {edge: counts[30 + i] for i, edge in enumerate(sorted(edges))}
    known = cycles.Breakers()
    with mock.patch.object(cycles.Breakers, "FROM", 1):
        for component in strongly_connected(graph):
            for weights in (first, second, first):
                expected = reference_breakers(component, graph, weights.__getitem__)
                found = cycle_breakers(component, graph, weights.__getitem__, None, known)
                assert found == expected
                found = breaking_imports(component, graph, weights.__getitem__, None, known)
                assert found == [edge for edge, _ in expected]
        assert len(known) <= cycles.Breakers.KEPT


def test_breakers_are_kept_per_analysis_not_per_process():
    # Two Breakers never share what they found: each analysis starts with none.
    graph = {"a": {"b"}, "b": {"a"}}
    first, second = cycles.Breakers(), cycles.Breakers()
    with mock.patch.object(cycles.Breakers, "FROM", 1), heuristic_only:
        assert breaking_imports(["a", "b"], graph, lambda e: 1, None, first) == [("b", "a")]
    assert (len(first), len(second)) == (1, 0)
    assert not hasattr(cycles, "_remembered")


@settings(max_examples=500, deadline=None)
@given(st.sets(
    st.tuples(st.sampled_from(NODES), st.sampled_from(NODES)).filter(lambda e: e[0] != e[1]),
    max_size=40,
), st.sampled_from(NODES), st.sampled_from(NODES))
def test_path_is_the_one_breadth_first_search_finds(edges, start, goal):
    # searched from both ends, then walked again: the same path, among equally short ones
    if start != goal:
        assert _Successors(edges).path(start, goal) == reference_path(edges, start, goal)


def test_breakers_of_two_cycles_sharing_a_module():
    graph = {"a": {"b"}, "b": {"a", "c"}, "c": {"b"}}
    weight = {("a", "b"): 1, ("b", "a"): 2, ("b", "c"): 1, ("c", "b"): 1}.__getitem__
    # a -> b has the fewer statements; b -> c and c -> b tie: the first by name
    assert cycle_breakers(["a", "b", "c"], graph, weight) == [
        (("a", "b"), ("a", "b", "a")),
        (("b", "c"), ("b", "c", "b")),
    ]
    # ... unless the other one is deferred already
    later = {("c", "b")}.__contains__
    assert cycle_breakers(["a", "b", "c"], graph, weight, later) == [
        (("a", "b"), ("a", "b", "a")),
        (("c", "b"), ("c", "b", "c")),
    ]


@settings(max_examples=300, deadline=None)
@given(EDGES, st.sampled_from(NODES), st.sampled_from(NODES))
def test_reaches_is_whether_a_path_exists(edges, start, goal):
    if start != goal:
        found = reference_path(edges, start, goal)
        assert _Successors(edges).reaches(start, goal) == (found is not None)


# -- the exact search ---------------------------------------------------------------------------

SMALL = NODES[:6]
SMALL_EDGES = st.sets(
    st.tuples(st.sampled_from(SMALL), st.sampled_from(SMALL)).filter(lambda e: e[0] != e[1]),
    max_size=20,
)


def reference_minimum(component, weights, deferred):
    """Every order of the modules: the imports against it, for the orders whose imports
    against cost least (statements, then imports not deferred), the first by the order of
    the imports (the set holding the first import where two sets differ)."""
    edges = sorted(e for e in weights if e[0] in component and e[1] in component)
    best = None
    for order in itertools.permutations(component):
        position = {n: i for i, n in enumerate(order)}
        against = [e for e in edges if position[e[0]] > position[e[1]]]
        key = (
            sum(weights[e] for e in against),
            sum(e not in deferred for e in against),
            [0 if e in against else 1 for e in edges],
        )
        if best is None or key < best[0]:
            best = (key, against)
    return best[1]


def graph_of(edges, nodes=NODES):
    return {n: {v for u, v in edges if u == n} for n in nodes}


@settings(max_examples=150, deadline=None)
@given(SMALL_EDGES, st.lists(st.integers(1, 3), min_size=20, max_size=20), st.data())
def test_exact_breakers_are_the_cheapest(edges, counts, data):
    weights = {edge: counts[i] for i, edge in enumerate(sorted(edges))}
    deferred = data.draw(st.sets(st.sampled_from(sorted(edges)))) if edges else set()
    graph = graph_of(edges, SMALL)
    for component in strongly_connected(graph):
        found = breaking_imports(component, graph, weights.__getitem__, deferred.__contains__)
        assert found == reference_minimum(component, weights, deferred)


PAIRS = [(u, v) for u in NODES for v in NODES if u != v]
WEIGHTS = st.lists(st.integers(1, 3), min_size=len(PAIRS), max_size=len(PAIRS))


def all_breakers(edges, weights):
    graph = graph_of(edges)
    return {
        edge
        for component in strongly_connected(graph)
        for edge in breaking_imports(component, graph, weights.__getitem__)
    }


@settings(max_examples=200, deadline=None)
@given(EDGES, WEIGHTS, st.data())
def test_removing_a_nominated_import_nominates_the_others_again(edges, counts, data):
    # S breaks every cycle with the fewest statements, e in S: S - e does so without e.
    weights = dict(zip(PAIRS, counts))
    nominated = all_breakers(edges, weights)
    if nominated:
        removed = data.draw(st.sampled_from(sorted(nominated)))
        assert all_breakers(edges - {removed}, weights) == nominated - {removed}


@settings(max_examples=200, deadline=None)
@given(EDGES, WEIGHTS, st.data())
def test_an_import_added_elsewhere_changes_no_other_cycle(edges, counts, data):
    new = data.draw(
        st.tuples(st.sampled_from(NODES), st.sampled_from(NODES)).filter(
            lambda e: e[0] != e[1] and e not in edges
        )
    )
    weights = dict(zip(PAIRS, counts))
    before = strongly_connected(graph_of(edges))
    after = strongly_connected(graph_of(edges | {new}))
    nominated = all_breakers(edges, weights)
    now = all_breakers(edges | {new}, weights)
    for component in before:
        members = set(component)
        if component in after and not set(new) <= members:
            # its imports, so its cycles, are the same: so are its imports nominated
            inside = {e for e in nominated if e[0] in members}
            assert {e for e in now if e[0] in members and e[1] in members} == inside


def test_too_large_a_component_is_left_to_the_heuristic():
    ring = {(f"m{i}", f"m{(i + 1) % 3}"): 1 for i in range(3)}
    assert feedback.minimum_breakers(ring) == [("m0", "m1")]  # a tie: the first by name
    with mock.patch.object(feedback, "EXACT_EDGES", 2):
        assert feedback.minimum_breakers(ring) is None
    with mock.patch.object(feedback, "BUDGET", 1):
        assert feedback.minimum_breakers(ring) is None
