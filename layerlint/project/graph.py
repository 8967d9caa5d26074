"""The import graph: grimp's ImportGraph, whose costly whole-graph queries are remembered.

Most edits leave a file's imports alone, yet the layers check costs the same as on a cold
run (it searches the whole graph once per container and pair of layers). So the results of
the costly queries are kept in the cache under a digest of the graph (its modules and
imports, line numbers left out: no query looks at them) and of the query's arguments.
A graph changed any other way than by removing imports (which the digest records) is not
remembered at all.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Iterable

import grimp

from layerlint.project import layer_reuse
from layerlint.project.cache import Memo
from layerlint.project.grimp_api import ImportGraph


class ProjectGraph(ImportGraph):
    """grimp's graph, with a digest of its contents and a memo of its costly queries."""

    def __init__(self, memo: Memo | None = None) -> None:
        super().__init__()
        self._memo = memo if memo is not None else Memo({})
        self._digest: str | None = None
        self._order: str | None = None  # digest of the modules in the order they were added
        self._removed: set[tuple[str, str]] = set()
        self._targets: dict[str, tuple[str, ...]] = {}  # importer -> imported, as assembled
        self._table: str | None = None  # layer_reuse.table_of(self._targets)
        self._imports: layer_reuse.Imports | None = None

    @classmethod
    def assemble(
        cls,
        modules: Iterable[str],
        imports: Iterable[tuple[str, tuple[str, ...]]],
        squashed: Callable[[str], bool],
        memo: Memo | None,
    ) -> ProjectGraph:
        """A graph of these modules and (importer, the modules it imports), both in name order; an
        imported module not among `modules` is added when first seen (squashed if
        `squashed(name)` says so).

        The order of insertion is kept as it is: grimp's choice among equally short chains
        depends on it.
        """
        graph = cls(memo)
        rust = graph._rustgraph  # the Python wrapper costs a third of the time at 50k modules
        modules = list(modules)
        for module in modules:
            rust.add_module(module, False)
        known = set(modules)
        added = []
        rows = []
        for importer, targets in imports:
            for imported in targets:
                if imported not in known:
                    outside = squashed(imported)
                    rust.add_module(imported, outside)
                    known.add(imported)
                    added.append(f"+{imported}{'*' if outside else ''}")
                rust.add_import(importer=importer, imported=imported)
            if targets:
                graph._targets[importer] = targets
                rows.append(layer_reuse.row(importer, targets))
        graph._table = "\n".join(rows)  # layer_reuse.table_of(graph._targets), made as it goes
        order = "\n".join([",".join(modules), *added])
        graph._order = hashlib.sha256(order.encode()).hexdigest()
        graph._digest = hashlib.sha256(f"{order}\n\n{graph._table}".encode()).hexdigest()
        return graph

    def find_illegal_dependencies_for_layers(self, layers, containers=None, searches=None):
        """grimp's search, remembered, and after an import edit asked again only for the
        containers the edit can affect (project/layer_reuse.py). `searches(graph,
        containers)`, if given, yields (layers, containers) calls that together find the
        same for those containers, at less cost (contracts/layer_pairs.py)."""
        key = repr(
            [
                (sorted(layer.module_tails), layer.independent, layer.closed)
                if isinstance(layer, grimp.Layer)
                else sorted(layer)
                if isinstance(layer, set)
                else layer
                for layer in layers
            ]
        ) + repr(sorted(containers or ()))
        kept_key = f"layers-kept|{key}"
        found = self._remembered("layers", key)
        if found is not None:
            try:
                result = {_decode_dependency(item) for item in found}
            except (TypeError, ValueError):
                pass  # a damaged entry: ask grimp again
            else:
                kept = _kept(self._memo.get(kept_key))  # still wanted after the next edit
                if kept is not None:
                    self._memo.get(f"imports|{kept[0]}")
                return result
        if self.digest is None or self._order is None:
            return self._search(layers, set(containers or ()), searches)
        walls = {
            container: self._layers(layers, container)
            for container in sorted(containers or ()) or [""]
        }
        imports = self.imports()
        kept = _kept(self._memo.get(kept_key))
        before = self._memo.get(f"imports|{kept[0]}") if kept is not None else None
        by_container: dict[str, tuple] = {}
        again = set(walls)
        if kept is not None and before is not None:
            again = layer_reuse.to_search_again(imports, kept[1], before, walls, self._reached)
            again |= walls.keys() - kept[2].keys()
            by_container = {c: kept[2][c] for c in walls if c not in again}
        if again:
            found_again: dict[str, list] = {c: [] for c in again}
            for dependency in self._search(layers, {c for c in again if c}, searches):
                found_again[_container_of(dependency.importer, again)].append(
                    _encode_dependency(dependency)
                )
            by_container.update((c, tuple(sorted(found))) for c, found in found_again.items())
        self._memo[f"imports|{self.digest}"] = imports.table()
        self._memo[kept_key] = (self.digest, imports.order, tuple(sorted(by_container.items())))
        encoded = tuple(sorted(item for found in by_container.values() for item in found))
        self._remember("layers", key, encoded)
        return {_decode_dependency(item) for item in encoded}

    def imports(self) -> layer_reuse.Imports:
        """The graph's direct imports (as assembled, less those removed since)."""
        if self._imports is None:
            targets, table = self._targets, self._table
            if self._removed:
                targets, table = dict(targets), None
                for importer, imported in self._removed:
                    kept = tuple(m for m in targets.get(importer, ()) if m != imported)
                    targets[importer] = kept
                    if not kept:
                        del targets[importer]
            self._imports = layer_reuse.Imports(self._order or "", targets, table)
        return self._imports

    def _reached(self, module: str, backwards: bool) -> set[str]:
        rust = self._rustgraph
        # (grimp's downstream modules are those that import the module, upstream those it imports)
        walk = rust.find_downstream_modules if backwards else rust.find_upstream_modules
        return walk(module, False)

    def _search(self, layers, containers: set[str], searches) -> set[grimp.PackageDependency]:
        calls = searches(self, containers) if searches else [(layers, containers)]
        result = set()
        for call_layers, call_containers in calls:
            result |= super().find_illegal_dependencies_for_layers(call_layers, call_containers)
        return result

    def _layers(self, layers, container: str) -> layer_reuse.Layers:
        """The container's layers as grimp searches them: each layer module (descendants
        too) by its layer package, and the pairs of layer packages searched (layers missing
        from the graph are left out, as grimp leaves them out)."""
        prefix = f"{container}." if container else ""
        layer_of: dict[str, str] = {}
        levels = []
        for layer in layers:
            if isinstance(layer, grimp.Layer):
                names, independent, closed = layer.module_tails, layer.independent, layer.closed
            else:  # a name, or a set of independent siblings (grimp's older forms)
                names = layer if isinstance(layer, set) else {layer}
                independent, closed = True, False
            present = sorted(prefix + name for name in names if prefix + name in self.modules)
            for package in present:
                layer_of[package] = package
                if not self.is_module_squashed(package):  # (an external package)
                    layer_of.update(dict.fromkeys(self.find_descendants(package), package))
            levels.append((present, independent, closed))
        return layer_reuse.Layers(layer_of, layer_reuse.pairs_of(levels))

    def find_shortest_chains(self, importer, imported, as_packages=True):
        key = repr((importer, imported, as_packages))
        found = self._remembered("chains", key)
        if isinstance(found, tuple) and all(
            isinstance(chain, tuple) and all(isinstance(m, str) for m in chain) for chain in found
        ):
            return set(found)
        result = super().find_shortest_chains(importer, imported, as_packages)
        self._remember("chains", key, tuple(sorted(result)))
        return result

    @property
    def digest(self) -> str | None:
        """Of the modules and imports as assembled; None once changed otherwise than by
        removing imports."""
        return self._digest if not self._removed else self._query_key("graph", "")

    def remove_import(self, *, importer: str, imported: str) -> None:
        self._removed.add((importer, imported))
        self._imports = None
        super().remove_import(importer=importer, imported=imported)

    # Any other change makes the digest unknown: such a graph is not remembered.
    def add_module(self, module: str, is_squashed: bool = False) -> None:
        self._digest = None
        super().add_module(module, is_squashed)

    def add_import(self, **kwargs) -> None:
        self._digest = None
        super().add_import(**kwargs)

    def remove_module(self, module: str) -> None:
        self._digest = None
        super().remove_module(module)

    def squash_module(self, module: str) -> None:
        self._digest = None
        super().squash_module(module)

    def __deepcopy__(self, memodict: dict) -> ProjectGraph:
        new = ProjectGraph(self._memo)
        new._rustgraph = self._rustgraph.clone()
        new._digest, new._removed = self._digest, copy.copy(self._removed)
        new._order, new._targets, new._table = self._order, self._targets, self._table
        return new

    def _query_key(self, query: str, arguments: str) -> str | None:
        if self._digest is None:
            return None
        digest = hashlib.sha256(f"{self._digest}|{query}|{arguments}|".encode())
        for importer, imported in sorted(self._removed):
            digest.update(f"-{importer}>{imported}\n".encode())
        return digest.hexdigest()

    def _remembered(self, query: str, arguments: str):
        key = self._query_key(query, arguments)
        return self._memo.get(key) if key is not None else None

    def _remember(self, query: str, arguments: str, value: tuple) -> None:
        key = self._query_key(query, arguments)
        if key is not None:
            self._memo[key] = value


def _container_of(module: str, containers: set[str]) -> str:
    """The innermost of `containers` that holds `module` ("" stands for the whole graph)."""
    holding = [c for c in containers if not c or module == c or module.startswith(f"{c}.")]
    return max(holding, key=len)


def _kept(entry: object) -> tuple[str, str, dict[str, tuple]] | None:
    """(graph digest, module order, dependencies by container) of a stored answer."""
    if not (isinstance(entry, tuple) and len(entry) == 3 and isinstance(entry[2], tuple)):
        return None
    digest, order, items = entry
    if not (isinstance(digest, str) and isinstance(order, str)):
        return None
    try:
        by_container = dict(items)
        for container, found in by_container.items():
            if not isinstance(container, str):
                return None
            for item in found:
                _decode_dependency(item)
    except (TypeError, ValueError):
        return None
    return digest, order, by_container


def _encode_dependency(dependency: grimp.PackageDependency) -> tuple:
    routes = tuple(
        sorted(
            (tuple(sorted(r.heads)), r.middle, tuple(sorted(r.tails))) for r in dependency.routes
        )
    )
    return (dependency.importer, dependency.imported, routes)


def _decode_dependency(item: tuple) -> grimp.PackageDependency:
    importer, imported, routes = item
    names = [importer, imported]
    for heads, middle, tails in routes:
        names += [*heads, *middle, *tails]
    if not all(isinstance(name, str) for name in names):
        raise ValueError("not a module name")
    return grimp.PackageDependency(
        importer=importer,
        imported=imported,
        routes=frozenset(
            grimp.Route(heads=frozenset(heads), middle=tuple(middle), tails=frozenset(tails))
            for heads, middle, tails in routes
        ),
    )
