"""An on-disk cache of per-file scans, so an unchanged file is never parsed twice.

Entries are keyed by path, size and modification time. The file is written with
`marshal` (plain tuples, never code: a cache file cannot run anything when loaded) and
replaced atomically, so two runs at once never see half a file. A cache that cannot be
read is rebuilt; one that cannot be written costs speed, never correctness.
"""

from __future__ import annotations

import marshal
import os
import sys
import tempfile
from pathlib import Path

from layerlint import __version__
from layerlint.project.scanner import FileScan, ImportStatement, ParseError

_FORMAT = 2
_KEY = (_FORMAT, __version__, sys.version_info[:2])

Entry = tuple[int, int, tuple]  # (mtime_ns, size, encoded FileScan)


class ScanCache:
    def __init__(self, directory: Path | None):
        self.directory = directory
        self._entries: dict[str, Entry] = {}
        self._dirty = False
        self.warning: str | None = None
        if directory is not None:
            self._entries = _load(directory / "scans.marshal")

    def get(self, relpath: str, stat: os.stat_result) -> FileScan | None:
        entry = self._entries.get(relpath)
        if entry is None or entry[0] != stat.st_mtime_ns or entry[1] != stat.st_size:
            return None
        try:
            return _decode(entry[2])
        except (TypeError, ValueError, IndexError):
            return None

    def put(self, relpath: str, stat: os.stat_result, scan: FileScan) -> None:
        if self.directory is not None:
            self._entries[relpath] = (stat.st_mtime_ns, stat.st_size, _encode(scan))
            self._dirty = True

    def retain(self, relpaths: set[str]) -> None:
        """Forget files that no longer exist, so the cache does not grow forever."""
        stale = self._entries.keys() - relpaths
        for relpath in stale:
            del self._entries[relpath]
        self._dirty = self._dirty or bool(stale)

    def save(self) -> None:
        if self.directory is None or not self._dirty:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            gitignore = self.directory / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("# Created by layerlint.\n*\n")
            data = marshal.dumps((_KEY, self._entries))
            handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".scans-")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                os.replace(temporary, self.directory / "scans.marshal")
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError as error:
            self.warning = f"cannot write cache in {self.directory}: {error.strerror}"
        self._dirty = False


def _load(path: Path) -> dict[str, Entry]:
    try:
        key, entries = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}  # missing, unreadable or corrupt: start afresh
    if key != _KEY or not isinstance(entries, dict):
        return {}
    return entries


def _encode(scan: FileScan) -> tuple:
    imports = tuple(
        (s.line, s.column, s.end_line, s.end_column, s.names, s.line_contents, s.type_checking, s.at_import_time)
        for s in scan.imports
    )
    noqa = tuple((line, None if codes is None else tuple(sorted(codes))) for line, codes in scan.noqa.items())
    error = None if scan.error is None else (scan.error.line, scan.error.column, scan.error.message)
    return (imports, noqa, error)


def _decode(data: tuple) -> FileScan:
    imports, noqa, error = data
    return FileScan(
        imports=tuple(ImportStatement(*fields) for fields in imports),
        noqa={line: None if codes is None else frozenset(codes) for line, codes in noqa},
        error=None if error is None else ParseError(*error),
    )
