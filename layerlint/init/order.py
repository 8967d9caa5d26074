"""The order today's imports give a set of sibling modules: who reaches whom, what imports
each other (a cycle, no order), and the levels of the rest.

A layers contract follows chains of imports through any module, so the order does too:
`a` depends on `b` when a chain of imports leads from `a` (or a module inside it) to `b`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

from layerlint.project.components import strongly_connected

if TYPE_CHECKING:
    from layerlint.project.graph import ProjectGraph


class Order(NamedTuple):
    modules: tuple[str, ...]
    depends: Mapping[str, frozenset[str]]
    cycles: tuple[tuple[str, ...], ...]  # modules that reach each other, largest group first
    rows: tuple[tuple[str, ...], ...]  # the others, highest first; a row's are independent

    def independent(self, a: str, b: str) -> bool:
        return b not in self.depends[a] and a not in self.depends[b]


def order_of(graph: ProjectGraph, modules: list[str]) -> Order:
    """How `modules` (siblings: none inside another) depend on each other today."""
    modules = sorted(modules)
    depends = {
        a: frozenset(
            b
            for b in modules
            if a != b and graph.chain_exists(importer=a, imported=b, as_packages=True)
        )
        for a in modules
    }
    components = strongly_connected({a: set(depends[a]) for a in modules})
    unit_of = {module: (module,) for module in modules}
    for component in components:
        for member in component:
            unit_of[member] = tuple(sorted(component))
    below = {
        unit: {unit_of[d] for member in unit for d in depends[member]} - {unit}
        for unit in set(unit_of.values())
    }
    height: dict[tuple[str, ...], int] = {}

    def height_of(unit: tuple[str, ...]) -> int:  # the longest path down, cycles included
        if unit not in height:
            height[unit] = 1 + max((height_of(b) for b in sorted(below[unit])), default=-1)
        return height[unit]

    singles = [unit_of[m] for m in modules if len(unit_of[m]) == 1]
    rows = [
        tuple(u[0] for u in singles if height_of(u) == h)
        for h in sorted({height_of(u) for u in singles}, reverse=True)
    ]
    cycles = sorted({u for u in unit_of.values() if len(u) > 1}, key=lambda u: (-len(u), u))
    return Order(tuple(modules), depends, tuple(cycles), tuple(rows))


def independent_set(order: Order) -> list[str]:
    """Modules no two of which depend on each other today, in name order, chosen greedily."""
    chosen: list[str] = []
    for module in order.modules:
        if all(order.independent(module, other) for other in chosen):
            chosen.append(module)
    return chosen
