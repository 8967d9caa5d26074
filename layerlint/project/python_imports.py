"""A file's imports read by Python's own parser and resolved by grimp's rules, without grimp.

The build reads them so for the files grimp cannot scan; an editor's unsaved buffer, and a
file edited since the stored results were made, are read so too: loading grimp took 20-25
ms of the 90 ms that telling a comment edit from an import edit cost on Django.
tests/test_python_imports.py compares them with grimp's scan, file by file, on real
packages.
"""

from __future__ import annotations

from collections.abc import Iterable

from layerlint.config import Config
from layerlint.project.discovery import ModuleFile, Survey
from layerlint.project.resolver import Resolver
from layerlint.project.scanner import FileScan, scan_source

# (imported module, line number) per import, as grimp reports them.
Imports = tuple[tuple[str, int], ...]


def resolver_for(
    config: Config, packages, modules: Iterable[str], namespaces: set[str]
) -> Resolver:
    """Resolves imported names against these modules, as the build does."""
    return Resolver(
        set(modules) | namespaces, package_names(packages), config.include_external_packages
    )


def package_names(packages) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for name, _ in packages))


def imports_of(module: ModuleFile, scan: FileScan, resolver: Resolver, config: Config) -> Imports:
    """The imports of a scanned file, as grimp would report them."""
    found = set()
    for statement in scan.imports:
        if config.exclude_type_checking_imports and statement.type_checking:
            continue
        for name in statement.names:
            resolved = resolver.resolve(module.name, module.is_package, name)
            if resolved is not None:
                found.add((resolved[0], statement.line))
    return tuple(sorted(found))


def read_imports(
    config: Config, surveyed: Survey, modules: dict[ModuleFile, bytes]
) -> dict[ModuleFile, Imports] | None:
    """The imports an analysis would take from these texts of surveyed modules; None when
    Python cannot parse one of them (the analysis then reports it)."""
    packages, (module_files, namespaces, *_), _ = surveyed
    resolver = resolver_for(config, packages, [m.name for m in module_files], namespaces)
    found = {}
    for module, source in modules.items():
        scan = scan_source(source)
        if scan.error is not None:
            return None
        found[module] = imports_of(module, scan, resolver, config)
    return found
