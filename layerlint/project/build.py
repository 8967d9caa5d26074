"""Build the project: discover files, scan them (through the cache), assemble the graph."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import grimp

from layerlint.config import Config
from layerlint.project.cache import ScanCache
from layerlint.project.discovery import find_module_files, find_root_packages
from layerlint.project.model import ImportSite, ModuleFile, Project
from layerlint.project.scanner import FileScan, ParseError, scan_source


def build_project(
    config: Config,
    cache: ScanCache | None = None,
    overrides: Mapping[Path, bytes] | None = None,
) -> Project:
    """`overrides` replaces the contents of some files (an editor's unsaved buffer)."""
    cache = cache or ScanCache(None)
    overrides = overrides or {}
    packages = find_root_packages(config)
    module_files, namespaces = find_module_files(config, packages)
    scans = {m.name: _scan(m, cache, overrides) for m in module_files}
    cache.retain({m.relpath for m in module_files})
    cache.save()
    root_packages = tuple(name for name, _ in packages)
    modules = {m.name: m for m in module_files}
    graph, sites = _assemble(config, root_packages, modules, namespaces, scans)
    return Project(config, root_packages, modules, scans, graph, sites)


def _scan(module: ModuleFile, cache: ScanCache, overrides: Mapping[Path, bytes]) -> FileScan:
    if module.path in overrides:
        return scan_source(overrides[module.path])
    try:
        stat = module.path.stat()
        cached = cache.get(module.relpath, stat)
        if cached is not None:
            return cached
        scan = scan_source(module.path.read_bytes())
    except OSError as error:
        return FileScan((), {}, ParseError(1, 1, f"cannot read file: {error.strerror}"))
    cache.put(module.relpath, stat, scan)
    return scan


def _assemble(
    config: Config,
    root_packages: tuple[str, ...],
    modules: dict[str, ModuleFile],
    namespaces: set[str],
    scans: dict[str, FileScan],
) -> tuple[grimp.ImportGraph, dict[tuple[str, str], list[ImportSite]]]:
    graph = grimp.ImportGraph()
    known = set(modules) | namespaces
    for name in sorted(known):
        graph.add_module(name)
    sites: dict[tuple[str, str], list[ImportSite]] = {}
    for importer in sorted(scans):
        is_package = modules[importer].is_package
        for statement in scans[importer].imports:
            if config.exclude_type_checking_imports and statement.type_checking:
                continue
            seen: set[str] = set()
            for name in statement.names:
                absolute = _absolute(importer, is_package, name)
                if absolute is None:
                    continue
                imported = _internal_module(absolute, known)
                if imported is None:
                    if not config.include_external_packages:
                        continue
                    imported = _distill_external(absolute, root_packages)
                    if imported is None:
                        continue
                if imported in seen:
                    continue
                seen.add(imported)
                if imported not in known:
                    graph.add_module(imported, is_squashed=not _is_internal(imported, root_packages))
                    known.add(imported)
                graph.add_import(
                    importer=importer,
                    imported=imported,
                    line_number=statement.line,
                    line_contents=statement.line_contents,
                )
                site = ImportSite(importer, imported, absolute, statement)
                sites.setdefault((importer, imported), []).append(site)
    return graph, sites


def _absolute(module: str, is_package: bool, name: str) -> str | None:
    """Resolve a relative name against the importing module, as the import system does."""
    level = len(name) - len(name.lstrip("."))
    if level == 0:
        return name
    parts = module.split(".")
    keep = len(parts) - level + (1 if is_package else 0)
    if keep < 1:
        return None  # beyond the top-level package: not importable
    return ".".join(parts[:keep]) + "." + name[level:]


def _internal_module(name: str, known: set[str]) -> str | None:
    # `from a import b` names the object a.b: a module if it exists, else something in a.
    if name in known:
        return name
    parent = name.rpartition(".")[0]
    return parent if parent in known else None


def _distill_external(name: str, root_packages: tuple[str, ...]) -> str | None:
    """An external import becomes its top-level package (or namespace portion) in the graph."""
    if any(package.startswith(name + ".") for package in root_packages):
        return None  # a parent of a root package: a namespace import
    top = name.split(".")[0]
    portions = []
    for package in sorted(root_packages, reverse=True):
        if package.startswith(top + "."):
            internal, external = package.split("."), name.split(".")
            shared = []
            while external and internal and external[0] == internal[0]:
                shared.append(external.pop(0))
                internal.pop(0)
            if external:
                portions.append(".".join([*shared, external[0]]))
    return max(portions, key=lambda p: p.count(".")) if portions else top


def _is_internal(module: str, root_packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in root_packages)
