"""Which pairs of layers grimp needs to search, container by container.

grimp looks for chains between every pair of layers (lower -> higher, and between
independent siblings) of every container, and a pair that no import path connects still
costs it two searches of the graph. A short walk here proves most such pairs empty: from a
layer's modules along imports (backwards, or forwards from the lower layer), stopping at the
container's other layers, which grimp's chains may not pass either. Consecutive levels whose
pairs are all empty are then handed to grimp as one level that is not independent, so it
does not search between them.

What grimp reports for the pairs it still searches is unchanged: a pair's search depends on
the two layers and on the set of all the container's layer modules, and that set stays the
same.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import grimp

# Modules one walk may visit before it gives up (the pair is then searched by grimp).
_WALK_LIMIT = 256

Level = tuple[tuple[str, ...], bool]  # (layer module names, independent)


def searches(
    graph: grimp.ImportGraph, levels: Sequence[Level], containers: Sequence[str]
) -> Iterator[tuple[list[grimp.Layer], set[str]]]:
    """(layers, containers) arguments for grimp's `find_illegal_dependencies_for_layers` that
    together find what one call with every pair would find."""
    walker = _Walker(graph)
    by_plan: dict[tuple[Level, ...], list[str]] = {}
    for container in containers or [""]:
        by_plan.setdefault(_plan(walker, levels, container), []).append(container)
    for plan, group in sorted(by_plan.items()):
        if len(plan) > 1 or plan[0][1]:  # one level that is not independent has no pairs
            layers = [grimp.Layer(*names, independent=independent) for names, independent in plan]
            yield layers, {c for c in group if c}


def _plan(walker: _Walker, levels: Sequence[Level], container: str) -> tuple[Level, ...]:
    prefix = f"{container}." if container else ""
    packages = {
        name: walker.package(prefix + name)
        for names, _ in levels
        for name in names
        if prefix + name in walker.modules
    }
    owner = {module: name for name, package in packages.items() for module in package}
    pairs = _Pairs(walker, packages, owner)

    def quiet(level: Level) -> bool:  # no chain between its own (independent) layers
        names, independent = level
        return not independent or all(pairs.empty(a, b) for a in names for b in names if a != b)

    plan: list[tuple[list[str], bool]] = []
    merged_ok = False  # whether the last group may take in the next level
    for level in levels:
        names, independent = level
        if (
            plan
            and merged_ok
            and quiet(level)
            and all(pairs.empty(lower, higher) for lower in names for higher in plan[-1][0])
        ):
            plan[-1][0].extend(names)
            plan[-1] = (plan[-1][0], False)
            continue
        merged_ok = quiet(level)
        plan.append((list(names), independent and not merged_ok))
    return tuple((tuple(names), independent) for names, independent in plan)


class _Pairs:
    """Whether no chain can run from one layer to another, proven by short walks."""

    def __init__(self, walker: _Walker, packages: dict[str, frozenset[str]], owner: dict[str, str]):
        self._walker, self._packages, self._owner = walker, packages, owner
        self._upstream: dict[str, frozenset[str] | None] = {}
        self._downstream: dict[str, frozenset[str] | None] = {}

    def empty(self, lower: str, higher: str) -> bool:
        if lower not in self._packages or higher not in self._packages:
            return True  # grimp skips layers that are not in the graph
        if higher not in self._upstream:
            self._upstream[higher] = self._reached(higher, backwards=True)
        if self._upstream[higher] is not None:
            return lower not in self._upstream[higher]
        if lower not in self._downstream:
            self._downstream[lower] = self._reached(lower, backwards=False)
        reached = self._downstream[lower]
        return reached is not None and higher not in reached

    def _reached(self, layer: str, backwards: bool) -> frozenset[str] | None:
        """The layers whose modules are one import away from the region a walk from `layer`
        covers without entering other layers; None if that region is too large to walk."""
        step = self._walker.importers if backwards else self._walker.imported
        seen = set(self._packages[layer])
        queue = list(seen)
        budget = _WALK_LIMIT
        reached = set()
        while queue:
            for other in step(queue.pop()):
                if other in seen:
                    continue
                if other in self._owner:
                    reached.add(self._owner[other])
                    continue
                budget -= 1
                if budget < 0:
                    return None
                seen.add(other)
                queue.append(other)
        return frozenset(reached)


class _Walker:
    """The graph's modules and direct imports, each asked of grimp once."""

    def __init__(self, graph: grimp.ImportGraph):
        self._graph = graph
        self.modules = graph.modules
        self._importers: dict[str, set[str]] = {}
        self._imported: dict[str, set[str]] = {}

    def package(self, module: str) -> frozenset[str]:
        if self._graph.is_module_squashed(module):  # an external package, as one module
            return frozenset({module})
        return frozenset({module, *self._graph.find_descendants(module)})

    def importers(self, module: str) -> set[str]:
        if module not in self._importers:
            self._importers[module] = self._graph.find_modules_that_directly_import(module)
        return self._importers[module]

    def imported(self, module: str) -> set[str]:
        if module not in self._imported:
            self._imported[module] = self._graph.find_modules_directly_imported_by(module)
        return self._imported[module]
