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


def _sets(modules: Iterable[str], table: dict[str, str]) -> dict[str, set[str]]:
    """The graph of these rows, every module a key."""
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, row in table.items():
        graph[module] = set(row.split(","))
    return graph


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
    table = {}
    if kept is not None and imports is not None:
        digest, order, largest, table, components, relevant = kept
        before = memo.get(f"imports|{digest}")
        changes = imports.changed_since(before) if isinstance(before, dict) else None
        if order == imports.order and largest == LARGEST_CYCLE and changes is not None:
            found = _updated(rows, table, changes[0], Structure(names, components, relevant))
    if found is None:
        table = {}
        for module in sorted(project.modules):
            row = rows.of(module)
            if row:
                table[module] = ",".join(sorted(row))
        graph_sets = _sets(project.modules, table)
        components = strongly_connected(graph_sets)
        found = Structure(names, components, _reaching(graph_sets, _followed(components)))
    if imports is not None and graph.digest is not None:
        memo[f"imports|{graph.digest}"] = imports.table()
        memo[_KEPT] = (
            graph.digest,
            imports.order,
            LARGEST_CYCLE,
            table,
            tuple(map(tuple, found.components)),
            tuple(sorted(found.relevant)),
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
        targets = set()
        for imported, _ in self._project.imports.of(importer):
            found = self._loads.get(imported)
            if found is None:
                found = self._loads[imported] = self._loads_of(imported)
            targets.update(found)
        targets.discard(importer)
        return targets

    def _loads_of(self, imported: str) -> tuple[str, ...]:
        found = []
        while imported and imported in self._names:
            if imported in self.modules:
                found.append(imported)
            imported = imported.rpartition(".")[0]
        return tuple(found)


def _updated(
    rows: _Rows, table: dict[str, str], edited: Iterable[str], before: Structure
) -> Structure | None:
    """The structure of the graph `table` (rows as kept) with the rows of `edited` made
    anew (`table` is updated), when it can be told from `before` without working it out:
    else None."""
    component = {m: i for i, c in enumerate(before.components) for m in c}
    added: list[tuple[str, str]] = []
    removed: list[tuple[str, str]] = []
    for module in sorted(edited):
        was = set(table[module].split(",")) if table.get(module) else set()
        now = rows.of(module) if module in rows.modules else set()
        added += [(module, m) for m in sorted(now - was)]
        removed += [(module, m) for m in sorted(was - now)]
        if now:
            table[module] = ",".join(sorted(now))
        else:
            table.pop(module, None)
    if not (added or removed):
        return before
    for importer, imported in removed:
        if importer in component and component.get(imported) == component[importer]:
            return None  # a cycle may come apart
    for importer, imported in added:
        same = importer in component and component.get(imported) == component[importer]
        if not same and _reaches(table, imported, importer):
            return None  # a new cycle, or two joined
    relevant = before.relevant
    if any(b in relevant and a not in relevant for a, b in added) or any(
        a in relevant and b in relevant for a, b in removed
    ):
        relevant = _reaching(_sets(rows.modules, table), _followed(before.components))
    return before._replace(relevant=relevant)


def _reaches(table: dict[str, str], start: str, goal: str) -> bool:
    """Whether `goal` can be reached from `start` along the rows of `table`."""
    seen = {start}
    stack = [start]
    while stack:
        module = stack.pop()
        if module == goal:
            return True
        row = table.get(module)
        if row:
            for other in row.split(","):
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
    """(graph digest, module order, largest cycle followed, rows, components, relevant) of a
    kept structure."""
    try:
        digest, order, largest, table, components, relevant = entry  # type: ignore[misc]
        if not (isinstance(digest, str) and isinstance(order, str) and isinstance(table, dict)):
            return None
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in table.items()):
            return None
        components = [list(map(str, c)) for c in components]
        return digest, order, largest, dict(table), components, set(map(str, relevant))
    except (TypeError, ValueError):
        return None
