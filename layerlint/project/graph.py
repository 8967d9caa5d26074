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
from collections.abc import Container, Iterable

import grimp

from layerlint.project.cache import Memo
from layerlint.project.grimp_api import ImportGraph


class ProjectGraph(ImportGraph):
    """grimp's graph, with a digest of its contents and a memo of its costly queries."""

    def __init__(self, memo: Memo | None = None) -> None:
        super().__init__()
        self._memo = memo if memo is not None else Memo({})
        self._digest: str | None = None
        self._removed: set[tuple[str, str]] = set()

    @classmethod
    def assemble(
        cls,
        modules: Iterable[str],
        imports: Iterable[tuple[str, Iterable[str]]],
        squashed: Container[str],
        memo: Memo | None,
    ) -> ProjectGraph:
        """A graph of these modules and (importer, modules it imports); an imported module not
        among `modules` is added when first seen (squashed if it is in `squashed`).

        The order of insertion is kept as it is: grimp's choice among equally short chains
        depends on it.
        """
        graph = cls(memo)
        rust = graph._rustgraph  # the Python wrapper costs a third of the time at 50k modules
        modules = list(modules)
        for module in modules:
            rust.add_module(module, False)
        known = set(modules)
        parts = [",".join(modules)]
        for importer, targets in imports:
            for imported in targets:
                if imported not in known:
                    rust.add_module(imported, imported in squashed)
                    known.add(imported)
                    parts.append(f"+{imported}{'*' if imported in squashed else ''}")
                rust.add_import(importer=importer, imported=imported)
            parts.append(f"{importer}>{','.join(targets)}")
        graph._digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        return graph

    def find_illegal_dependencies_for_layers(self, layers, containers=None, searches=None):
        """grimp's search, remembered. `searches(graph)`, if given, yields (layers, containers)
        calls that together find the same, at less cost (contracts/layer_pairs.py)."""
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
        found = self._remembered("layers", key)
        if found is not None:
            try:
                return {_decode_dependency(item) for item in found}
            except (TypeError, ValueError):
                pass  # a damaged entry: ask grimp again
        calls = searches(self) if searches else [(layers, containers)]
        result = set()
        for call_layers, call_containers in calls:
            result |= super().find_illegal_dependencies_for_layers(call_layers, call_containers)
        self._remember("layers", key, tuple(sorted(_encode_dependency(d) for d in result)))
        return result

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
