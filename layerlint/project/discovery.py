"""Which files make up the project: root packages under the source roots, minus `exclude`."""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from layerlint.config import Config
from layerlint.errors import ConfigError, did_you_mean
from layerlint.project import listing
from layerlint.project.cache import Stamp, stamp


class ModuleFile(NamedTuple):
    name: str  # dotted module name: "app.domain.user"
    file: str  # absolute path of the file
    relpath: str  # posix path relative to the project root
    is_package: bool  # an __init__.py
    package_dir: Path  # the directory of the root package (portion) it was found in

    @property
    def path(self) -> Path:
        """As a Path: made when asked (listing a large project makes tens of thousands)."""
        return Path(self.file)


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
                and not is_excluded(_relative(entry.path, str(config.root)), config.exclude)
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


class Found(NamedTuple):
    modules: list[ModuleFile]
    namespaces: set[str]
    # What is not checked: a stderr warning for each folder that cannot be read, one for
    # the folders the import graph leaves out; the files `x.py` that a package `x/` hides.
    warnings: list[str]
    shadowed: list[ModuleFile]
    # The modules of folders without __init__.py inside a regular package: Python imports
    # them (namespace packages), grimp does not. Only the symbol rules read them.
    hidden: list[ModuleFile] = []


class Survey(NamedTuple):
    """The project's files as one run sees them: what is fingerprinted is what is checked."""

    packages: tuple[tuple[str, Path], ...]
    found: Found
    stamps: dict[str, Stamp | None]  # module name -> (mtime, size); None: cannot be read


def survey(config: Config, directory: Path | None = None) -> Survey:
    """`directory`: the cache folder, where the listing of the files is kept while no
    folder changes (project/listing.py); None: walk the project."""
    packages = find_root_packages(config)
    if directory is None:
        found = find_module_files(config, packages)
    else:
        found = _listed(config, packages, directory)
    stamps: dict[str, Stamp | None] = {}
    for module in (*found.modules, *found.hidden):
        try:
            stamps[module.name] = stamp(os.stat(module.file))
        except OSError:
            stamps[module.name] = None
    return Survey(packages, found, stamps)


def _listed(config: Config, packages: tuple[tuple[str, Path], ...], directory: Path) -> Found:
    """What a walk finds: as it found it last, while no folder has changed."""
    key = listing.key_of(config, packages)
    kept = listing.kept(directory, key)
    if kept is not None:
        with contextlib.suppress(TypeError, ValueError, IndexError):
            modules, namespaces, warnings, shadowed, hidden = kept
            package_dirs = [folder for _, folder in packages]  # one Path each, not per module
            unpacked = functools.partial(_unpacked, package_dirs)
            return Found(
                unpacked(*modules), set(namespaces), list(warnings), unpacked(*shadowed),
                unpacked(*hidden),
            )
    folders = listing.Folders()
    found = find_module_files(config, packages, folders)
    index = {id(folder): i for i, (_, folder) in enumerate(packages)}

    def packed(modules: list[ModuleFile]) -> tuple:
        """In columns: stored and read faster than a tuple per module."""
        columns = tuple(zip(*((*m[:4], index[id(m.package_dir)]) for m in modules)))
        return columns or ((), (), (), (), ())

    modules, namespaces, warnings, shadowed, hidden = found
    stored = (packed(modules), tuple(sorted(namespaces)), tuple(warnings), packed(shadowed))
    listing.keep(directory, key, folders, (*stored, packed(hidden)))
    return found


_module_file = functools.partial(tuple.__new__, ModuleFile)  # without __new__'s Python frame


def _unpacked(package_dirs: list[Path], names, files, relpaths, flags, indices) -> list[ModuleFile]:
    if not len(names) == len(files) == len(relpaths) == len(flags) == len(indices):
        raise ValueError("columns of unequal lengths")
    directories = map(package_dirs.__getitem__, indices)
    return list(map(_module_file, zip(names, files, relpaths, flags, directories)))


def unreadable_warning(folder: str) -> str:
    return f"cannot read folder {folder}: the modules in it are not checked"


def orphan_warning(folders: list[str]) -> str:
    """One warning for every folder without __init__.py inside a regular package."""
    shown = ", ".join(folders)
    return (
        f"{'folder' if len(folders) == 1 else 'folders'} {shown} "
        f"{'has' if len(folders) == 1 else 'have'} no __init__.py inside a package: "
        f"the import graph (grimp) leaves {'its' if len(folders) == 1 else 'their'} modules "
        "out, so no contract sees their imports; only `unique` and the SQLAlchemy rules read "
        "them (add an __init__.py, or exclude the folder)"
    )


def undecodable_warning(file: str) -> str:
    shown = file.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return f"file {shown} is not checked: its name is not UTF-8, so no import can name it"


def _is_utf8(name: str) -> bool:
    """Whether a name listed from the disk is UTF-8 (Python lists the bytes of any other
    name as lone surrogates, which nothing can print)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def find_module_files(
    config: Config,
    packages: Iterable[tuple[str, Path]],
    folders: listing.Folders | None = None,
) -> Found:
    """Every module file of the packages, and the namespace packages among their folders.

    Follows grimp's rules: folders that are not identifiers are skipped, and a folder
    without __init__.py inside a regular package is left out of `modules` (grimp does not
    see it) but listed in `hidden`, with everything below it: Python imports it as a
    namespace package. Symbolic links are followed, as grimp does, but never twice into
    the same folder. `folders` records what the listing depends on (project/listing.py).
    """
    folders = folders if folders is not None else listing.Folders()
    modules: list[ModuleFile] = []
    hidden: list[ModuleFile] = []
    hidden_folders: set[str] = set()
    namespaces: set[str] = set()
    unreadable: list[str] = []
    orphans: list[str] = []
    undecodable: list[str] = []
    shadowed: list[ModuleFile] = []
    root = str(config.root)

    def unreadable_folder(error: OSError) -> None:
        unreadable.append(_relative(error.filename, root))
        folders.unreadable(error.filename)

    for package, directory in packages:
        visited: set[tuple[int, int]] = set()
        in_package: dict[str, bool] = {}  # folder -> it or a folder above has __init__.py
        top = str(directory)
        for dirpath, dirnames, filenames in listing.walk(top, folders, unreadable_folder):
            try:
                identity = os.stat(dirpath)
            except OSError:
                dirnames[:] = []
                folders.complete = False
                continue
            folders.folder(dirpath, identity)
            if (identity.st_dev, identity.st_ino) in visited:
                dirnames[:] = []
                continue
            visited.add((identity.st_dev, identity.st_ino))
            has_init = "__init__.py" in filenames
            inside = in_package.get(os.path.dirname(dirpath), False)
            below_orphan = os.path.dirname(dirpath) in hidden_folders
            if below_orphan or (not has_init and inside):
                hidden_folders.add(dirpath)  # an orphan folder inside a regular package
                if not below_orphan:
                    orphans.append(_relative(dirpath, root))
            in_package[dirpath] = has_init or inside
            dirnames[:] = sorted(
                d
                for d in dirnames
                if d.isidentifier()
                and not is_excluded(_relative(os.path.join(dirpath, d), root), config.exclude)
            )
            relative = dirpath[len(top) + 1 :].split(os.sep) if dirpath != top else []
            prefix = ".".join((package, *relative))
            if not has_init:
                namespaces.add(prefix)
            for filename in sorted(filenames):
                if not _is_python_file(filename):
                    continue
                path = f"{dirpath}{os.sep}{filename}"
                relpath = _relative(path, root)
                if is_excluded(relpath, config.exclude):
                    continue
                if not _is_utf8(filename):
                    undecodable.append(relpath)
                    continue
                stem = filename[:-3]
                name = prefix if stem == "__init__" else f"{prefix}.{stem}"
                module = ModuleFile(name, path, relpath, stem == "__init__", directory)
                if stem in dirnames and folders.is_file(os.path.join(dirpath, stem, "__init__.py")):
                    shadowed.append(module)  # `x.py` beside a package `x/`: Python imports x/
                elif dirpath in hidden_folders:
                    hidden.append(module)
                else:
                    modules.append(module)
    # A namespace folder counts only when some module lives below it.
    parents = {m.name.rsplit(".", 1)[0] for m in modules if "." in m.name}
    ancestors = {".".join(p.split(".")[:i]) for p in parents for i in range(1, p.count(".") + 2)}
    warnings = [unreadable_warning(f) for f in sorted(unreadable)]
    folders = {m.relpath.rpartition("/")[0] for m in hidden}
    orphans = [f for f in orphans if any(g == f or g.startswith(f"{f}/") for g in folders)]
    warnings += [orphan_warning(sorted(orphans))] if orphans else []
    warnings += [undecodable_warning(f) for f in sorted(undecodable)]
    return Found(modules, namespaces & ancestors, warnings, shadowed, hidden)


def module_file_for(config: Config, packages, path: Path) -> ModuleFile | None:
    """The module a file would be, if it were on disk (an editor's buffer of a new file);
    None for a file the survey would not count as a module: outside the packages, in a
    folder without `__init__.py`, or hidden by a package of the same name."""
    for package, directory in packages:
        try:
            parts = path.relative_to(directory).parts
        except ValueError:
            continue
        if not parts or not _is_python_file(parts[-1]):
            return None
        if not all(part.isidentifier() for part in parts[:-1]):
            return None
        folders = [Path(directory, *parts[: i + 1]) for i in range(len(parts) - 1)]
        if not all((folder / "__init__.py").is_file() for folder in folders):
            return None  # grimp leaves such folders out
        stem = parts[-1][:-3]
        if stem != "__init__" and (path.parent / stem / "__init__.py").is_file():
            return None  # Python imports the package `stem/`, never this file
        names = [package, *parts[:-1]] + ([] if stem == "__init__" else [stem])
        relpath = _relative(str(path), str(config.root))
        return ModuleFile(".".join(names), str(path), relpath, stem == "__init__", directory)
    return None


def _relative(path: str, root: str) -> str:
    """`path` relative to `root`, with forward slashes (cheaper than pathlib on every file)."""
    if path.startswith(root + os.sep):
        return path[len(root) + 1 :].replace(os.sep, "/")
    return Path(os.path.relpath(path, root)).as_posix()


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


@functools.lru_cache(maxsize=256)
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
