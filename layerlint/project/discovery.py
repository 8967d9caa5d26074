"""Which files make up the project: root packages under the source roots, minus `exclude`."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from layerlint.config import Config
from layerlint.errors import ConfigError, did_you_mean
from layerlint.project.files import ModuleFile


def find_root_packages(config: Config) -> tuple[tuple[str, Path], ...]:
    """(package name, directory) for every root package, configured or discovered."""
    if config.root_packages:
        return tuple(
            (name, directory)
            for name in config.root_packages
            for directory in _locate(name, config)
        )
    found: dict[str, Path] = {}
    for source_root in config.source_roots:
        for entry in sorted(os.scandir(source_root), key=lambda e: e.name):
            if (
                entry.is_dir()
                and entry.name.isidentifier()
                and os.path.isfile(os.path.join(entry.path, "__init__.py"))
                and not is_excluded(_relpath(Path(entry.path), config.root), config.exclude)
            ):
                found.setdefault(entry.name, Path(entry.path))
    if not found:
        roots = ", ".join(_relpath(r, config.root) or "." for r in config.source_roots)
        raise ConfigError(
            f"{_where(config)}: no packages found under source roots {roots}: "
            "set 'root_packages' or 'source_roots'"
        )
    return tuple(sorted(found.items()))


def _locate(name: str, config: Config) -> list[Path]:
    """The package's directory, as Python would find it on the source roots: the first
    regular package wins; else every namespace portion counts."""
    portions = []
    for source_root in config.source_roots:
        candidate = source_root.joinpath(*name.split("."))
        if (candidate / "__init__.py").is_file():
            return [candidate]
        if candidate.is_dir():
            portions.append(candidate)
    if portions:
        return portions
    nearby = [
        entry.name
        for root in config.source_roots
        for entry in os.scandir(root)
        if entry.is_dir() and entry.name.isidentifier()
    ]
    roots = ", ".join(_relpath(r, config.root) or "." for r in config.source_roots)
    key = "root_package" if config.source_format == "importlinter" else "root_packages"
    raise ConfigError(
        f"{_where(config)}: key '{key}': package '{name}' not found under {roots}"
        f"{did_you_mean(name, nearby)}"
    )


def find_module_files(config: Config, packages: Iterable[tuple[str, Path]]):
    """Every module file of the packages, and the namespace packages among their folders.

    Follows grimp's rules: folders that are not identifiers are skipped, and so is a folder
    without __init__.py inside a regular package (it is not importable as part of it).
    """
    modules: list[ModuleFile] = []
    namespaces: set[str] = set()
    for package, directory in packages:
        visited: set[str] = set()
        # Symbolic links are followed, as grimp does; a link back up would loop forever.
        for dirpath, dirnames, filenames in os.walk(directory, followlinks=True):
            real = os.path.realpath(dirpath)
            if real in visited:
                dirnames[:] = []
                continue
            visited.add(real)
            current = Path(dirpath)
            relative = current.relative_to(directory).parts
            has_init = "__init__.py" in filenames
            if not has_init:
                inside_portion = any(
                    (directory.joinpath(*relative[:i]) / "__init__.py").is_file()
                    for i in range(len(relative))
                )
                if inside_portion:
                    dirnames[:] = []
                    continue
            dirnames[:] = sorted(
                d
                for d in dirnames
                if d.isidentifier()
                and not is_excluded(_relpath(current / d, config.root), config.exclude)
            )
            prefix = ".".join((package, *relative))
            if not has_init:
                namespaces.add(prefix)
            python_files = [f for f in sorted(filenames) if _is_python_file(f)]
            for filename in python_files:
                path = current / filename
                relpath = _relpath(path, config.root)
                if is_excluded(relpath, config.exclude):
                    continue
                stem = filename[:-3]
                name = prefix if stem == "__init__" else f"{prefix}.{stem}"
                modules.append(ModuleFile(name, path, relpath, stem == "__init__"))
    # A namespace folder counts only when some module lives below it.
    parents = {m.name.rsplit(".", 1)[0] for m in modules if "." in m.name}
    ancestors = {".".join(p.split(".")[:i]) for p in parents for i in range(1, p.count(".") + 2)}
    return modules, namespaces & ancestors


def _is_python_file(filename: str) -> bool:
    return filename.endswith(".py") and not filename.startswith(".") and filename.count(".") == 1


def is_excluded(relpath: str, patterns: tuple[str, ...]) -> bool:
    """Whether a path (posix, relative to the project root) or a folder above it matches.

    A pattern with a slash is anchored at the project root; one without matches any path
    component (`migrations`, `*_pb2.py`). `*` stays within a component, `**` spans any.
    """
    if not patterns:
        return False
    parts = relpath.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for pattern in patterns:
        regex = _compile_glob(pattern.strip("/"))
        if "/" in pattern.strip("/"):
            if any(regex.fullmatch(prefix) for prefix in prefixes):
                return True
        elif any(regex.fullmatch(part) for part in parts):
            return True
    return False


@lru_cache(maxsize=256)
def _compile_glob(pattern: str) -> re.Pattern[str]:
    regex = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            regex += "(?:.*/)?"
            i += 3
        elif pattern.startswith("**", i):
            regex += ".*"
            i += 2
        elif pattern[i] == "*":
            regex += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            regex += "[^/]"
            i += 1
        else:
            regex += re.escape(pattern[i])
            i += 1
    return re.compile(regex)


def _relpath(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return Path(os.path.relpath(path, root)).as_posix()


def _where(config: Config) -> str:
    if config.path is None:
        return os.path.relpath(config.root)
    return os.path.relpath(config.path)
