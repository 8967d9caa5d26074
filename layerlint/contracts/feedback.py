"""The fewest import statements whose removal breaks every cycle of a component, exactly.

A minimum weighted feedback arc set, found without an ILP solver: the cycles are found
as they are needed (a set that breaks the cycles known so far, but leaves one, gets that
one added), and each time the cheapest set breaking the known cycles is searched by
branch and bound (on the first cycle not yet broken, one branch per import in it; the
bound: cycles with no import in common each need one of theirs).

Among equally cheap sets, the one with fewer imports that run at import time wins (an
import already deferred is the natural one to leave out), and then the first in a fixed
order of the imports (by name). That order makes the answer stable: when S is the answer
for a graph and e is in S, S minus e is the answer once e is removed (every set that
breaks the cycles without e is, with e added, one that breaks them with e), and an edit
of another component changes nothing here.

Past `EXACT_EDGES` imports or `BUDGET` search steps a component is left to the
heuristic (cycles.py), which is fast but neither minimal nor stable in that way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from layerlint.contracts.paths import _Successors

Edge = tuple[str, str]

EXACT_EDGES = 400  # imports in a component: beyond, the heuristic
BUDGET = 5_000  # search steps (branch-and-bound nodes, paths looked for) over a component


class _OutOfBudget(Exception):
    pass


def minimum_breakers(
    weights: Mapping[Edge, int], deferred: Iterable[Edge] = (), known: Iterable[Edge] = ()
) -> list[Edge] | None:
    """The cheapest set of imports (`weights`: their statements) that leaves no cycle, as
    the module docstring orders them; None when the component is too large to be sure.
    `known`: a set that breaks every cycle (the heuristic's), to start the search from."""
    if len(weights) > EXACT_EDGES:
        return None
    later = set(deferred)
    scale = len(weights) + 1
    cost = {e: w * scale + (0 if e in later else 1) for e, w in weights.items()}
    search = _Search(sorted(weights), cost)
    try:
        return search.solve(set(known) or None)
    except _OutOfBudget:
        return None


class _Search:
    def __init__(self, edges: list[Edge], cost: dict[Edge, int]) -> None:
        self.edges = edges
        self.rank = {e: i for i, e in enumerate(edges)}
        self.cost = cost
        self.cycles: list[frozenset[Edge]] = []  # shortest first
        self.spent = 0

    def solve(self, known: set[Edge] | None = None) -> list[Edge]:
        for u, v in self.edges:  # every pair importing each other: the usual start
            if u < v and (v, u) in self.rank:
                self._add(((u, v), (v, u)))
        best_cost = None
        while True:
            if best_cost is None:
                found = self._cheapest(known)
                cycles = self._cycles_left(found)
                if not cycles:
                    best_cost = sum(self.cost[e] for e in found)
            if best_cost is not None:
                chosen = self._first_of_cost(best_cost)
                cycles = self._cycles_left(chosen)
                if not cycles:
                    return sorted(chosen)
            for cycle in cycles:
                self._add(cycle)

    def _tick(self) -> None:
        self.spent += 1
        if self.spent > BUDGET:
            raise _OutOfBudget

    def _add(self, cycle: tuple[Edge, ...]) -> None:
        self.cycles.append(frozenset(cycle))
        self.cycles.sort(key=lambda c: (len(c), sorted(self.rank[e] for e in c)))

    # -- the cheapest set breaking the known cycles ----------------------------------------

    def _bound(self, open_cycles: list, excluded) -> int:
        """A lower bound on what breaking `open_cycles` (shortest first) costs without the
        `excluded` imports: cycles, in turn, each take what is left of the cost of its
        cheapest import, from every import of theirs (a feasible solution of the dual of
        the linear relaxation). Cycles sharing no import each count whole."""
        left = self.cost.copy()
        total = 0
        for cycle in open_cycles:
            room = min((left[e] for e in cycle if e not in excluded), default=None)
            if room is None:
                return 1 << 62
            if room:
                total += room
                for e in cycle:
                    left[e] -= room
        return total

    def _open(self, chosen: set[Edge]) -> list:
        return [c for c in self.cycles if chosen.isdisjoint(c)]

    def _cheapest(self, known: set[Edge] | None) -> set[Edge]:
        """The cheapest set breaking the known cycles (`known`: a set that does, for a first
        bound). Each branch takes one import of the first cycle left, and leaves out the
        imports the branches before it took: no set is searched twice."""
        best: list = [None, 1 << 62]
        if known is not None:
            best[0], best[1] = set(known), sum(self.cost[e] for e in known)

        def search(chosen: set[Edge], excluded: set[Edge], spent: int, open_cycles) -> None:
            self._tick()
            if not open_cycles:
                if spent < best[1]:
                    best[0], best[1] = set(chosen), spent
                return
            if spent + self._bound(open_cycles, excluded) >= best[1]:
                return
            cycle = min(open_cycles, key=lambda c: sum(e not in excluded for e in c))
            left = [e for e in cycle if e not in excluded]
            added = []
            for edge in sorted(left, key=lambda e: (self.cost[e], self.rank[e])):
                chosen.add(edge)
                rest = [c for c in open_cycles if edge not in c]
                search(chosen, excluded, spent + self.cost[edge], rest)
                chosen.discard(edge)
                excluded.add(edge)
                added.append(edge)
            excluded.difference_update(added)

        search(set(), set(), 0, self._open(set()))
        return best[0]

    def _first_of_cost(self, target: int) -> set[Edge]:
        """Of the sets breaking the known cycles at cost `target`, the first in the order of
        the imports: imports taken in rank order, each taken if it can be."""
        involved = sorted({e for c in self.cycles for e in c}, key=self.rank.__getitem__)

        def search(index: int, chosen: set[Edge], spent: int) -> set[Edge] | None:
            self._tick()
            open_cycles = self._open(chosen)
            if not open_cycles:
                return set(chosen) if spent == target else None
            if index == len(involved):
                return None
            edge = involved[index]
            if spent + self._bound(open_cycles, set(involved[:index])) > target:
                return None
            if any(edge in c for c in open_cycles):
                chosen.add(edge)
                found = search(index + 1, chosen, spent + self.cost[edge])
                chosen.discard(edge)
                if found is not None:
                    return found
            return search(index + 1, chosen, spent)

        found = search(0, set(), 0)
        assert found is not None  # the cheapest set found before is one
        return found

    # -- a cycle the set leaves --------------------------------------------------------------

    def _cycles_left(self, removed: set[Edge]) -> list[tuple[Edge, ...]]:
        """Cycles the set leaves, sharing no import: a shortest one through each import left
        on a cycle (by rank) that shares none with those already taken; [] when none is."""
        kept = _Successors(e for e in self.edges if e not in removed)
        taken: list[tuple[Edge, ...]] = []
        used: set[Edge] = set()
        for u, v in self.edges:
            if (u, v) in removed or (u, v) in used:
                continue
            self._tick()
            path = kept.path(v, u)
            if path is not None:
                nodes = [u, *path]
                cycle = tuple(zip(nodes, nodes[1:]))
                if used.isdisjoint(cycle):
                    taken.append(cycle)
                    used.update(cycle)
        return taken
