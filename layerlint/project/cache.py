"""An on-disk cache, so an unchanged file is neither scanned nor parsed twice.

It holds, per file (keyed by path, size and modification time), grimp's imports and,
once made, the detailed scan. grimp's imports also depend on which modules exist and on
the graph options, so they are kept only while that `fingerprint` is unchanged.

The file is written with `marshal` (plain tuples, never code: loading a cache file cannot
run anything) and replaced atomically, so two runs at once never see half a file. A cache
that cannot be read is rebuilt; one that cannot be written costs speed, never correctness.
"""

from __future__ import annotations

import marshal
import os
import sys
import tempfile
from pathlib import Path

from layerlint import __version__
from layerlint.project.scanner import FileScan, ImportStatement, ParseError

_FORMAT = 3
_KEY = (_FORMAT, __version__, sys.version_info[:2])
_FILE = "files.marshal"

Stamp = tuple[int, int]  # (mtime_ns, size)


class ScanCache:
    def __init__(self, directory: Path | None, fingerprint: str = ""):
        self.directory = directory
        self.fingerprint = fingerprint
        self.warning: str | None = None
        self._imports: dict[str, tuple[Stamp, tuple]] = {}
        self._details: dict[str, tuple[Stamp, tuple]] = {}
        self._dirty = False
        if directory is not None:
            self._load(directory / _FILE)

    def set_fingerprint(self, fingerprint: str) -> None:
        if fingerprint != self.fingerprint:
            self._imports.clear()
            self.fingerprint = fingerprint
            self._dirty = True

    def imports(self, relpath: str, stamp: Stamp) -> tuple | None:
        entry = self._imports.get(relpath)
        return entry[1] if entry is not None and entry[0] == stamp else None

    def put_imports(self, relpath: str, stamp: Stamp, imports: tuple) -> None:
        if self.directory is not None:
            self._imports[relpath] = (stamp, imports)
            self._dirty = True

    def details(self, relpath: str, stamp: Stamp) -> FileScan | None:
        entry = self._details.get(relpath)
        if entry is None or entry[0] != stamp:
            return None
        try:
            return _decode(entry[1])
        except (TypeError, ValueError):
            return None

    def put_details(self, relpath: str, stamp: Stamp, scan: FileScan) -> None:
        if self.directory is not None:
            self._details[relpath] = (stamp, _encode(scan))
            self._dirty = True

    def retain(self, relpaths: set[str]) -> None:
        """Forget files that no longer exist, so the cache does not grow forever."""
        for table in (self._imports, self._details):
            for relpath in table.keys() - relpaths:
                del table[relpath]
                self._dirty = True

    def save(self) -> None:
        if self.directory is None or not self._dirty:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            gitignore = self.directory / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("# Created by layerlint.\n*\n")
            data = marshal.dumps((_KEY, self.fingerprint, self._imports, self._details))
            handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".files-")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                os.replace(temporary, self.directory / _FILE)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError as error:
            self.warning = f"cannot write the cache in {self.directory}: {error.strerror}"
        self._dirty = False

    def _load(self, path: Path) -> None:
        try:
            key, fingerprint, imports, details = marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return  # missing, unreadable or corrupt: start afresh
        if key == _KEY and _well_formed(imports, details):
            self.fingerprint, self._imports, self._details = fingerprint, imports, details


def _well_formed(imports: object, details: object) -> bool:
    """A damaged cache is dropped whole rather than trusted entry by entry."""
    if not isinstance(imports, dict) or not isinstance(details, dict):
        return False
    for table in (imports, details):
        for relpath, entry in table.items():
            if not (
                isinstance(relpath, str)
                and isinstance(entry, tuple)
                and len(entry) == 2
                and isinstance(entry[0], tuple)
                and len(entry[0]) == 2
                and isinstance(entry[1], tuple)
            ):
                return False
    for _, data in imports.values():
        for item in data:
            if not (isinstance(item, tuple) and len(item) == 3 and isinstance(item[0], str)):
                return False
    return True


def stamp(stat: os.stat_result) -> Stamp:
    return (stat.st_mtime_ns, stat.st_size)


def _encode(scan: FileScan) -> tuple:
    imports = tuple(
        (
            s.line,
            s.column,
            s.end_line,
            s.end_column,
            s.names,
            s.line_contents,
            s.type_checking,
            s.at_import_time,
        )
        for s in scan.imports
    )
    noqa = tuple(
        (line, None if codes is None else tuple(sorted(codes))) for line, codes in scan.noqa.items()
    )
    error = None if scan.error is None else (scan.error.line, scan.error.column, scan.error.message)
    return (imports, noqa, error)


def _decode(data: tuple) -> FileScan:
    imports, noqa, error = data
    return FileScan(
        imports=tuple(ImportStatement(*fields) for fields in imports),
        noqa={line: None if codes is None else frozenset(codes) for line, codes in noqa},
        error=None if error is None else ParseError(*error),
    )
