"""Resolve an imported object's name to a graph node, by grimp's rules.

`from a import b` names the object `a.b`: that module if it exists, else the module `a`.
External names become their top-level package (or namespace portion).
"""

from __future__ import annotations

from collections.abc import Iterable


class Resolver:
    def __init__(self, modules: Iterable[str], root_packages: tuple[str, ...], external: bool):
        self.known = set(modules)
        self.root_packages = root_packages
        self.external = external

    def resolve(self, importer: str, is_package: bool, name: str) -> tuple[str, str] | None:
        """(graph node, absolute imported name), or None when the import is not in the graph."""
        absolute = absolute_name(importer, is_package, name)
        if absolute is None:
            # Just one level beyond the top-level package, grimp's scanner names the target
            # '', an external package (further beyond, it fails and Python reads the file).
            beyond_by_one = _kept(importer, is_package, _level(name)) == 0
            return ("", name) if beyond_by_one and self.external else None
        if absolute in self.known:
            return absolute, absolute
        parent = absolute.rpartition(".")[0]
        if parent in self.known:
            return parent, absolute
        if not self.external:
            return None
        distilled = self.external_node(absolute)
        return (distilled, absolute) if distilled else None

    def external_node(self, name: str) -> str | None:
        """The graph node of an external name: its top-level package or namespace portion."""
        if any(package.startswith(name + ".") for package in self.root_packages):
            return None  # a parent of a root package: a namespace import
        top = name.split(".")[0]
        portions = []
        for package in sorted(self.root_packages, reverse=True):
            if package.startswith(top + "."):
                internal, external = package.split("."), name.split(".")
                shared = []
                while external and internal and external[0] == internal[0]:
                    shared.append(external.pop(0))
                    internal.pop(0)
                if external:
                    portions.append(".".join([*shared, external[0]]))
        return max(portions, key=lambda p: p.count(".")) if portions else top


def absolute_name(module: str, is_package: bool, name: str) -> str | None:
    """Resolve a relative name against the importing module, as the import system does."""
    level = _level(name)
    if level == 0:
        return name
    keep = _kept(module, is_package, level)
    if keep < 1:
        return None  # beyond the top-level package: not importable
    return ".".join(module.split(".")[:keep]) + "." + name[level:]


def deepest_relative_level(module: str, is_package: bool) -> int:
    """The most leading dots a relative import in `module` can have and stay inside its
    top-level package."""
    return module.count(".") + (1 if is_package else 0)


def _level(name: str) -> int:
    return len(name) - len(name.lstrip("."))


def _kept(module: str, is_package: bool, level: int) -> int:
    """How many parts of `module`'s name a relative import of this level starts from."""
    return module.count(".") + 1 - level + (1 if is_package else 0)
