"""Which pairs of layers grimp needs to search, container by container.

grimp looks for chains between every pair of layers (lower -> higher, and between
independent siblings) of every container, and a pair that no import path connects still
costs it two searches of the graph. A short walk here proves most such pairs empty: from a
layer's modules along imports (backwards, or forwards from the lower layer), stopping at the
container's other layers, which grimp's chains may not pass either. Then:

- a layer that no other layer reaches, and that reaches no layer it may not, is left out of
  the call: none of its pairs has a chain, and no chain between two other layers can pass
  through it (to enter it, the chain would have to reach it from a layer), so it is not
  needed as a wall;
- consecutive levels whose pairs are all empty are handed to grimp as one level that is not
  independent, so it does not search between them.

What grimp reports for the pairs it still searches is unchanged. A pair's search depends on
the two layers and on the walls (the container's other layer modules); merging levels keeps
the walls, and a layer left out is one no search from a layer can enter, so each search
visits the same modules in the same order, apart from modules that lead only into the left
out layer, which its other side can never meet.
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
        if len(plan) > 1 or (plan and plan[0][1]):  # one level that is not independent: no pairs
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
    pairs = _Pairs(walker, packages)

    def higher_than(name: str) -> Iterator[str]:  # the layers `name` may not reach
        for names, independent in levels:
            if name in names:
                yield from (other for other in names if independent and other != name)
                return
            yield from names

    def apart(name: str) -> bool:  # no chain can enter it, none can leave it
        return pairs.unreached(name) and all(pairs.empty(name, h) for h in higher_than(name))

    # One left out may let another go: its modules no longer stop the walks.
    while dropped := next((name for name in pairs.layers() if apart(name)), None):
        pairs.drop(dropped)
    present = [
        (kept, independent)
        for names, independent in levels
        if (kept := [name for name in names if name in pairs.layers()])
    ]

    def quiet(names: list[str], independent: bool) -> bool:  # no chain between its siblings
        return not independent or all(pairs.empty(a, b) for a in names for b in names if a != b)

    plan: list[tuple[list[str], bool]] = []
    merged_ok = False  # whether the last group may take in the next level
    for names, independent in present:
        if (
            plan
            and merged_ok
            and quiet(names, independent)
            and all(pairs.empty(lower, higher) for lower in names for higher in plan[-1][0])
        ):
            plan[-1] = (plan[-1][0] + names, False)
            continue
        merged_ok = quiet(names, independent)
        plan.append((names, independent and not merged_ok))
    return tuple((tuple(names), independent) for names, independent in plan)


class _Pairs:
    """Whether no chain can run from one layer to another, proven by short walks."""

    def __init__(self, walker: _Walker, packages: dict[str, frozenset[str]]):
        self._walker, self._packages = walker, dict(packages)
        self._owner = {module: name for name, package in packages.items() for module in package}
        self._upstream: dict[str, frozenset[str] | None] = {}
        self._downstream: dict[str, frozenset[str] | None] = {}

    def layers(self) -> list[str]:
        return list(self._packages)

    def unreached(self, layer: str) -> bool:
        """Whether no other layer's module leads to `layer` without passing a third one."""
        return self._walk(self._upstream, layer, backwards=True) == frozenset()

    def empty(self, lower: str, higher: str) -> bool:
        if lower not in self._packages or higher not in self._packages:
            return True  # grimp skips layers that are not in the graph
        upstream = self._walk(self._upstream, higher, backwards=True)
        if upstream is not None:
            return lower not in upstream
        downstream = self._walk(self._downstream, lower, backwards=False)
        return downstream is not None and higher not in downstream

    def drop(self, layer: str) -> None:
        """Leave `layer` out: its modules are no longer walls. Only the walks that stopped at
        it can change (a walk that gave up only grows)."""
        for module in self._packages.pop(layer):
            del self._owner[module]
        for walks in (self._upstream, self._downstream):
            for name, reached in list(walks.items()):
                if name == layer or (reached is not None and layer in reached):
                    del walks[name]

    def _walk(self, walks: dict, layer: str, backwards: bool) -> frozenset[str] | None:
        if layer not in walks:
            walks[layer] = self._reached(layer, backwards)
        return walks[layer]

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
