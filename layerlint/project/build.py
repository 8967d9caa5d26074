"""Build the project: discover files, scan their imports (grimp's Rust scanner, through the
cache), assemble the grimp graph.

grimp raises on a file it cannot read or parse, and stops the whole scan; such files are
found by bisection and scanned by Python instead: if Python can parse them their imports
still count, otherwise they are reported (LL901) and the rest of the project is checked.
The files grimp must not be given at all (it could hang, crash or print a panic on them)
and editors' buffers go to Python directly, which reads syntax newer than its own as
project/newer_syntax.py says (LL905).
"""

from __future__ import annotations

import hashlib
import operator
import sys
from collections.abc import Mapping
from pathlib import Path

from layerlint.config import Config
from layerlint.project.cache import Memo, ScanCache, Stamp
from layerlint.project.discovery import ModuleFile, Survey, is_excluded, module_file_for, survey
from layerlint.project.extraction import made_with_read
from layerlint.project.files import SourceFiles
from layerlint.project.graph import ProjectGraph
from layerlint.project.grimp_api import FoundPackage, Module, scan_imports
from layerlint.project.grimp_api import ModuleFile as GrimpModuleFile
from layerlint.project.model import ImportLines, Project
from layerlint.project.python_imports import Imports, imports_of, package_names, resolver_for
from layerlint.project.reading import Unreadable, needs_python
from layerlint.project.resolver import Resolver, deepest_relative_level
from layerlint.project.scanner import ParseError


def build_project(
    config: Config,
    cache: ScanCache | None = None,
    overrides: Mapping[Path, bytes] | None = None,
    surveyed: Survey | None = None,
) -> Project:
    """`overrides` replaces the contents of some files (an editor's unsaved buffer);
    `surveyed` is the project's files when the caller has already listed them."""
    cache = cache or ScanCache(None)
    cache.new_analysis()
    packages, (module_files, namespaces, warnings, shadowed, hidden), stamps = surveyed or survey(
        config, cache.directory
    )
    module_files = list(module_files)
    files = SourceFiles(cache, overrides or {}, stamps)
    known = {m.file for m in module_files} if files.overrides else set()
    for path in files.overrides:  # a buffer of a file not saved yet is a module too
        module = module_file_for(config, packages, path) if str(path) not in known else None
        if module is not None and not is_excluded(module.relpath, config.exclude):
            module_files.append(module)
    root_packages = package_names(packages)
    modules = {m.name: m for m in module_files}
    resolver = resolver_for(config, packages, modules, namespaces)
    cache.set_fingerprint(_fingerprint(config, root_packages, modules, namespaces))
    shadowing = {m.name for m in shadowed}  # packages `x/` beside a module `x.py`
    imports, errors, stale = _scan_imports(
        config, module_files, packages, namespaces, resolver, files, shadowing
    )
    # The files the cache's tables were not saved for (see SourceFiles.flagged): those whose
    # imports it did not hold (new, edited, a buffer, unreadable or unparsable, or all of
    # them when the modules changed), and the hidden ones, whose imports it never holds.
    every = len(stale) == len(module_files)  # (a cold run: nothing to tell apart)
    files.changed = None if every else frozenset((*stale, *(m.name for m in hidden)))
    cache.retain({m.relpath for m in (*module_files, *hidden)})
    graph, edges = _assemble(imports, modules, namespaces, root_packages, cache.memo)
    return Project(
        config,
        root_packages,
        modules,
        graph,
        edges,
        errors,
        resolver,
        files,
        tuple(warnings),
        tuple(shadowed),
        {m.name: m for m in hidden},
    )


def _scan_imports(
    config: Config,
    module_files: list[ModuleFile],
    packages: tuple[tuple[str, Path], ...],
    namespaces: set[str],
    resolver: Resolver,
    files: SourceFiles,
    shadowing: set[str],
) -> tuple[dict[str, Imports], dict[str, ParseError], list[str]]:
    """Every module's imports: from the cache, else grimp, else (grimp failed) Python; the
    files that could not be parsed; and the modules whose imports the cache did not hold."""
    imports: dict[str, Imports] = {}
    stamps = {m.name: files.stamp(m) for m in module_files}
    stale = []
    for module in module_files:
        file_stamp = stamps[module.name]
        cached = files.cache.get("imports", module.relpath, file_stamp) if file_stamp else None
        if cached is None:
            stale.append(module)
        else:
            imports[module.name] = cached
    buffers = {str(path) for path in files.overrides}
    in_buffers = [m for m in stale if buffers and m.file in buffers]
    risky = [m for m in stale if m not in in_buffers and _risky(m, shadowing, files)]
    to_scan = [m for m in stale if m not in in_buffers and m not in risky]
    scanned: dict[str, Imports] = {}
    if len(to_scan) * _PYTHON_READS_FEWER < len(module_files):
        scanned = _read_by_python(to_scan, files, resolver, config)
        to_scan = [m for m in to_scan if m.name not in scanned]
    # grimp resolves imports against every module of the project
    found = _found_packages(packages, module_files, namespaces) if to_scan else set()
    failed: list[ModuleFile] = []
    for some in _slices(to_scan, stamps):
        found_imports, found_failed = _grimp_scan(some, found, config)
        scanned.update(found_imports)
        failed += found_failed
    errors: dict[str, ParseError] = {}
    for module in [*failed, *risky, *in_buffers]:
        files.deep.add(module.name)  # its parse is taken whole: it may hold a syntax error
        scan = files.detail_scan(module)
        error = scan.error
        if error is None and scan.newer is not None and module in failed:
            # grimp's parser knows the newest syntax: a file it rejects is broken for every
            # Python, whatever neutralising the newer syntax let Python's parser read
            error = ParseError(*scan.newer.error)
        if error is not None:
            errors[module.name] = error
            scanned[module.name] = ()
        else:
            scanned[module.name] = imports_of(module, scan, resolver, config)
    files.unparsable.update(errors)
    for module in stale:
        held = files.cache.held("imports", module.relpath)  # (an earlier version's)
        if held is not None and held[1] == scanned[module.name]:
            files.imports_same.add(module.name)
        file_stamp = stamps[module.name]
        if file_stamp is not None:
            # A file that cannot be parsed is held as None: a miss, read again every run,
            # and not the imports of its version before.
            found = None if module.name in errors else scanned[module.name]
            files.cache.put("imports", module.relpath, file_stamp, found)
    imports.update(scanned)
    return imports, errors, [module.name for module in stale]


# grimp's scan of any file first takes in the whole project's module list (0.07-0.1 s at
# 20,000 modules, 0.17-0.25 s at 50,000); Python's parser takes about 1 ms a small file. So
# a few files edited in a large project (one in `_PYTHON_READS_FEWER` modules or fewer)
# are read by Python, which reads imports as grimp does (project/python_imports.py;
# tests/test_python_imports.py compares them on real packages).
_PYTHON_READS_FEWER = 200


def _read_by_python(
    modules: list[ModuleFile], files: SourceFiles, resolver: Resolver, config: Config
) -> dict[str, Imports]:
    """The imports of those of `modules` that Python's parser reads as written (grimp scans
    the others: it tells a file that is broken for every Python, see `_scan_imports`)."""
    found = {}
    for module in modules:
        scan = files.detail_scan(module)
        if scan.error is None and scan.newer is None:
            found[module.name] = tuple(
                (sys.intern(imported), line)  # as `_grimp_scan` interns them
                for imported, line in imports_of(module, scan, resolver, config)
            )
    return found


# In slices: grimp holds the files it is given and returns Python objects for each of their
# imports, and those of a whole large project at once would double the peak memory (a cold
# check of 20,502 small modules peaked at 211 MB with slices of 16,384 modules, 192 MB with
# 8,192; Home Assistant's 6,723 modules, 31 MB of source, at 127 MB in one slice, 90 MB in
# slices of 2,048). Not small ones: each call converts the whole project's module list
# again (at 50,000 modules, slices of 4,096 took 3.4 s, of 16,384 2.4 s, one call 2.2 s).
_SLICE_MODULES = 8192
_SLICE_BYTES = 8 << 20


def _slices(modules: list[ModuleFile], stamps: Mapping[str, Stamp | None]):
    """`modules` in runs of at most `_SLICE_MODULES` modules and about `_SLICE_BYTES` of
    source (a stamp holds the file's size)."""
    start, size = 0, 0
    for index, module in enumerate(modules):
        file_stamp = stamps[module.name]
        size += file_stamp[1] if file_stamp is not None else 0
        if index + 1 - start >= _SLICE_MODULES or size >= _SLICE_BYTES:
            yield modules[start : index + 1]
            start, size = index + 1, 0
    if start < len(modules):
        yield modules[start:]


def _risky(module: ModuleFile, shadowing: set[str], files: SourceFiles) -> bool:
    """Whether the file must go to Python's parser, not grimp's: grimp must not be given a
    file it could hang on, crash on or read differently from Python (project/reading.py);
    and grimp reads `x.py` for a module `x` that is also a package `x/`, where Python
    imports the package. The extractions made with a read are made while it is read."""
    if module.name in shadowing:
        return True
    data = files.read(module)
    for extraction in made_with_read():  # from the text just read: not read again later
        files.prepare(extraction, module)
    if isinstance(data, Unreadable):
        return True  # the Python scan reports why
    # One level beyond the top-level package, grimp names the target '' (see resolver.py);
    # further beyond, it panics.
    return needs_python(data, deepest_relative_level(module.name, module.is_package) + 1)


def _fingerprint(config: Config, root_packages, modules, namespaces) -> str:
    digest = hashlib.sha256()
    options = (config.include_external_packages, config.exclude_type_checking_imports)
    for part in (repr(options), *root_packages, "|", *sorted(modules), "|", *sorted(namespaces)):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _found_packages(packages, module_files: list[ModuleFile], namespaces: set[str]):
    found = set()
    by_directory: dict[Path, list[ModuleFile]] = {}
    for module in module_files:
        by_directory.setdefault(module.package_dir, []).append(module)
    for name, directory in packages:
        inside = by_directory.get(directory, [])
        found.add(
            FoundPackage(
                name=name,
                directory=str(directory),
                module_files=frozenset(
                    GrimpModuleFile(module=Module(m.name), mtime=0.0) for m in inside
                ),
                namespace_packages=frozenset(
                    n for n in namespaces if n == name or n.startswith(name + ".")
                ),
            )
        )
    return found


def _grimp_scan(
    modules: list[ModuleFile], found: set[FoundPackage], config: Config
) -> tuple[dict[str, Imports], list[ModuleFile]]:
    """grimp's imports for these modules, and the modules grimp could not scan."""
    if not modules:
        return {}, []
    by_name = {Module(m.name): m for m in modules}
    try:
        result = scan_imports(
            [GrimpModuleFile(module=module, mtime=0.0) for module in by_name],
            found_packages=found,
            include_external_packages=config.include_external_packages,
            exclude_type_checking_imports=config.exclude_type_checking_imports,
        )
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: BLE001 - grimp raises anything, a Rust panic too
        if len(modules) == 1:
            return {}, modules
        half = len(modules) // 2
        first, failed_first = _grimp_scan(modules[:half], found, config)
        second, failed_second = _grimp_scan(modules[half:], found, config)
        return {**first, **second}, failed_first + failed_second
    scanned = {
        by_name[module_file.module].name: tuple(
            # interned: marshal then stores each name once, and loads it as one object
            sorted((sys.intern(d.imported.name), d.line_number) for d in direct_imports)
        )
        for module_file, direct_imports in result.items()
    }
    return scanned, []


_IMPORTED = operator.itemgetter(0)  # of an (imported, line) pair


def _assemble(
    imports: dict[str, Imports],
    modules: dict[str, ModuleFile],
    namespaces: set[str],
    root_packages: tuple[str, ...],
    memo: Memo,
) -> tuple[ProjectGraph, ImportLines]:
    """The graph, and each import's lines (the graph holds none: no query needs them)."""
    # each importer's imported modules in name order (its imports are sorted by name)
    targets = {
        importer: tuple(dict.fromkeys(map(_IMPORTED, imports[importer])))
        for importer in sorted(imports)
    }
    known = sorted(set(modules) | namespaces)
    prefixes = tuple(f"{p}." for p in root_packages)

    def squashed(name: str) -> bool:  # (asked of modules not in `known` only)
        return not (name in root_packages or name.startswith(prefixes))

    graph = ProjectGraph.assemble(known, targets.items(), squashed, memo)
    return graph, ImportLines(imports)
