"""The listing of a project's files, kept between runs while no folder it was made from
has changed, so that a run does not walk the whole project again.

What the walk (project/discovery.py) finds depends on the configuration, on the names in
every folder it reads and on the kind of each entry (folder, file, other). Adding,
removing or renaming an entry changes its folder's modification time, a chmod its change
time (an unreadable folder made readable); an entry cannot change kind without being
replaced, except a symbolic link, whose target can: the kind of every link met is
recorded apart. The listing is stored (`survey.marshal`, through the store) with the stamp
of every folder walked, under a key of everything else it depends on, and taken again
while every stamp and kind is the same. Anything else in the file is a miss: walk.
"""

from __future__ import annotations

import marshal
import os
import stat as file_types
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from layerlint.config import Config
from layerlint.store import Store, code_stamp

_FORMAT = 1
_FILE = "survey.marshal"
# git's "racily clean" rule: a folder changed shortly before the walk read it may change
# again within the same tick of the file system's clock (coarse clocks, FAT's 2 s) without
# its stamp moving, and an entry made while it was read may be missing from the listing;
# a listing with a folder changed within this window of the walk's start is not kept.
RACY_NS = 2_000_000_000

FolderStamp = tuple[int, int, int, int]  # (mtime_ns, ctime_ns, inode, device)


class Folders:
    """What a walk's listing depends on besides the configuration: the stamp of every
    folder walked (or that could not be read), and the kind ("d", "f" or "-") of every
    path whose kind it went by that could change without its folder changing."""

    def __init__(self) -> None:
        self.started = time.time_ns()
        self.stamps: dict[str, FolderStamp] = {}
        self.kinds: dict[str, str] = {}
        self.complete = True  # False: something could not be recorded; keep nothing

    def folder(self, path: str, status: os.stat_result) -> None:
        self.stamps[path] = _stamp(status)

    def unreadable(self, path: str) -> None:
        try:
            self.stamps[path] = _stamp(os.stat(path))
        except OSError:
            self.complete = False

    def kind(self, path: str, kind: str) -> None:
        if self.kinds.setdefault(path, kind) != kind:
            self.complete = False  # changed while it was walked

    def is_file(self, path: str) -> bool:
        """os.path.isfile, recorded."""
        kind = _kind(path)
        self.kind(path, kind)
        return kind == "f"


def walk(
    top: str, folders: Folders, onerror: Callable[[OSError], object]
) -> Iterator[tuple[str, list[str], list[str]]]:
    """os.walk(top, followlinks=True), top down (the caller may prune the folder names it
    is given), which records in `folders` the kind of every symbolic link it meets."""
    stack = [top]
    while stack:
        path = stack.pop()
        dirnames: list[str] = []
        filenames: list[str] = []
        try:
            with os.scandir(path) as entries:
                for entry in entries:
                    try:
                        is_dir = entry.is_dir()
                    except OSError:
                        is_dir = False
                    (dirnames if is_dir else filenames).append(entry.name)
                    try:
                        if entry.is_symlink():  # its kind as this walk took it
                            folders.kind(entry.path, "d" if is_dir else _file_kind(entry))
                    except OSError:
                        folders.complete = False
        except OSError as error:
            onerror(error)
            continue
        yield path, dirnames, filenames
        stack.extend(os.path.join(path, name) for name in reversed(dirnames))


def key_of(config: Config, packages: tuple[tuple[str, Path], ...]) -> tuple:
    """Everything a listing depends on besides the folders."""
    user = (getattr(os, "geteuid", int)(), getattr(os, "getegid", int)())  # who can read what
    directories = tuple((name, str(directory)) for name, directory in packages)
    version = (_FORMAT, sys.version_info[:2], code_stamp())
    return (*version, str(config.root), directories, tuple(config.exclude), user)


def kept(directory: Path, key: tuple) -> object | None:
    """The listing stored under `key`, if every folder and kind it was made from is the
    same; else None."""
    data = Store(directory).read(_FILE)
    if data is None:
        return None
    try:
        stored = marshal.loads(data)
        if type(stored) is not tuple or len(stored) != 4:
            return None
        stored_key, stamps, kinds, listing = stored
        if stored_key != key or type(stamps) is not dict or type(kinds) is not dict:
            return None
        for path, stamp in stamps.items():
            if _stamp(os.stat(path)) != stamp:
                return None
        for path, kind in kinds.items():
            if _kind(path) != kind:
                return None
    except (EOFError, ValueError, TypeError, OSError):
        return None  # damaged, of another shape, or a folder gone
    return listing


def keep(directory: Path, key: tuple, folders: Folders, listing: object) -> None:
    """Store the listing, unless a folder is racy (see RACY_NS) or the walk could not
    record everything; where the folder cannot be written, nothing is kept."""
    racy = folders.started - RACY_NS
    if not folders.complete or any(
        mtime >= racy or ctime >= racy for mtime, ctime, _, _ in folders.stamps.values()
    ):
        return
    try:
        Store(directory).write(_FILE, marshal.dumps((key, folders.stamps, folders.kinds, listing)))
    except OSError:
        pass


def _stamp(status: os.stat_result) -> FolderStamp:
    return (status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev)


def _file_kind(entry: os.DirEntry) -> str:
    try:
        return "f" if entry.is_file() else "-"
    except OSError:
        return "-"


def _kind(path: str) -> str:
    """"d" for a folder, "f" for a regular file (links followed), "-" for anything else."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return "-"
    return "d" if file_types.S_ISDIR(mode) else "f" if file_types.S_ISREG(mode) else "-"
