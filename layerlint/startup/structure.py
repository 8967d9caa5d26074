"""Which modules LL401 follows: the import cycles of the graph Python's imports make (an
import of `a.b.c` imports `a` and `a.b` first), and the modules that reach one.

Worked out from scratch it is most of LL401's cost on a large project (at 20,000 modules,
0.25 s of 0.35 s: the graph of every module's imports, the strongly connected groups, the
modules that reach them), yet an import edit rarely changes it. With the same modules,
removing an import changes the cycles only if both its ends are in one cycle, and adding
one only if its target reaches its importer; the modules that reach a cycle change only
if an import into one of them is added or removed. So the structure is kept in the memo
(project/cache.py) with the graph it was found on, and after an edit of some modules'
imports only their rows are compared; where the structure may have changed, it is worked
out again. The simulation itself (simulate.py) runs again either way: an edited module
may be one it follows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from layerlint.project import Project
from layerlint.project.components import strongly_connected

# A cycle of more modules than this is not followed at all (parsing each of its modules
# would cost seconds), and a first import that reaches one says nothing.
LARGEST_CYCLE = 2_000

_KEPT = "startup-structure-1"


class Structure(NamedTuple):
    names: set[str]  # the project's modules and every package above them
    components: list[list[str]]  # import cycles (strongly connected, two modules or more)
    relevant: set[str]  # the modules from which a followed cycle can be reached

    @property
    def too_large(self) -> set[str]:
        return {m for c in self.components if len(c) > LARGEST_CYCLE for m in c}

    @property
    def entries(self) -> list[str]:
        """The modules of the cycles followed: each is tried as the first one imported."""
        return sorted(_followed(self.components))


def _followed(components: list[list[str]]) -> list[str]:
    return [m for c in components if len(c) <= LARGEST_CYCLE for m in c]


def structure(project: Project) -> Structure:
    """The project's structure: kept from an earlier run of a graph that differs from this
    one only in imports that cannot change it, else worked out."""
    names = set(project.modules)
    for name in project.modules:
        while "." in name:
            name = name.rpartition(".")[0]
            names.add(name)
    rows = _Rows(project, names)
    graph = project.graph
    memo = project.files.cache.memo  # the graph's too (project/build.py)
    imports = graph.imports() if graph.digest is not None else None
    kept = _kept(memo.get(_KEPT)) if imports is not None else None
    found = None
    if kept is not None and imports is not None:
        digest, order, largest, components, relevant = kept
        changed = imports.rows_changed_since(memo.get(f"imports|{digest}"))
        if order == imports.order and largest == LARGEST_CYCLE and changed is not None:
            found = _updated(rows, changed, Structure(names, components, relevant))
    if found is None:
        graph_sets = rows.graph()
        components = strongly_connected(graph_sets)
        found = Structure(names, components, _reaching(graph_sets, _followed(components)))
    if imports is not None and graph.digest is not None:
        memo[f"imports|{graph.digest}"] = imports.table()
        memo[_KEPT] = (
            graph.digest,
            imports.order,
            LARGEST_CYCLE,
            "\n".join(",".join(component) for component in found.components),
            "\n".join(sorted(found.relevant)),
        )
    return found


class _Rows:
    """Each module's imports of the project's modules, with the packages each imports first."""

    def __init__(self, project: Project, names: set[str]) -> None:
        self._project = project
        self.modules = project.modules
        self._names = names
        self._loads: dict[str, tuple[str, ...]] = {}  # per name imported: 4,000 at 20,000 modules

    def of(self, importer: str) -> set[str]:
        """The importer's row in the project's graph."""
        return self.loading(importer, (name for name, _ in self._project.imports.of(importer)))

    def loading(self, importer: str, imported: Iterable[str]) -> set[str]:
        """The row of `importer` if it imported these names."""
        targets = set()
        for name in imported:
            found = self._loads.get(name)
            if found is None:
                found = self._loads[name] = self._loads_of(name)
            targets.update(found)
        targets.discard(importer)
        return targets

    def graph(self) -> dict[str, set[str]]:
        return {module: self.of(module) for module in self.modules}

    def _loads_of(self, imported: str) -> tuple[str, ...]:
        found = []
        while imported and imported in self._names:
            if imported in self.modules:
                found.append(imported)
            imported = imported.rpartition(".")[0]
        return tuple(found)


def _updated(
    rows: _Rows, changed: dict[str, tuple[str, str]], before: Structure
) -> Structure | None:
    """The structure after the imports of some modules changed (`changed`: importer ->
    (what it imported, what it imports), as grimp's graph has them), when it can be told
    from `before` without working it out: else None."""
    component = {m: i for i, c in enumerate(before.components) for m in c}
    added: list[tuple[str, str]] = []
    removed: list[tuple[str, str]] = []
    for module, (was_row, now_row) in sorted(changed.items()):
        if module not in rows.modules:
            continue  # a namespace package: it has no row
        was = rows.loading(module, was_row.split(",") if was_row else ())
        now = rows.loading(module, now_row.split(",") if now_row else ())
        added += [(module, m) for m in sorted(now - was)]
        removed += [(module, m) for m in sorted(was - now)]
    if not (added or removed):
        return before
    for importer, imported in removed:
        if importer in component and component.get(imported) == component[importer]:
            return None  # a cycle may come apart
    for importer, imported in added:
        same = importer in component and component.get(imported) == component[importer]
        if not same and _reaches(rows, imported, importer):
            return None  # a new cycle, or two joined
    relevant = before.relevant
    if any(b in relevant and a not in relevant for a, b in added) or any(
        a in relevant and b in relevant for a, b in removed
    ):
        relevant = _reaching(rows.graph(), _followed(before.components))
    return before._replace(relevant=relevant)


def _reaches(rows: _Rows, start: str, goal: str) -> bool:
    """Whether `goal` can be reached from `start` in the project's graph."""
    seen = {start}
    stack = [start]
    while stack:
        module = stack.pop()
        if module == goal:
            return True
        for other in rows.of(module) if module in rows.modules else ():
            if other not in seen:
                seen.add(other)
                stack.append(other)
    return False


def _reaching(graph: dict[str, set[str]], targets: list[str]) -> set[str]:
    """The modules from which some of `targets` can be reached (`targets` among them)."""
    importers: dict[str, list[str]] = defaultdict(list)
    for importer, imported in graph.items():
        for target in imported:
            importers[target].append(importer)
    seen = set(targets)
    stack = list(targets)
    while stack:
        for importer in importers[stack.pop()]:
            if importer not in seen:
                seen.add(importer)
                stack.append(importer)
    return seen


def _kept(entry: object) -> tuple | None:
    """(graph digest, module order, largest cycle followed, components, relevant) of a kept
    structure (each component a line of comma-separated names, the relevant modules one a
    line: a few strings rather than thousands)."""
    try:
        digest, order, largest, components, relevant = entry  # type: ignore[misc]
        if not all(isinstance(x, str) for x in (digest, order, components, relevant)):
            return None
        return (
            digest,
            order,
            largest,
            [line.split(",") for line in components.split("\n")] if components else [],
            set(relevant.split("\n")) if relevant else set(),
        )
    except (TypeError, ValueError):
        return None
