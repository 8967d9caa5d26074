"""Everything layerlint keeps on disk, in one folder (`.layerlint_cache/`), through one door.

A file is written whole: a temporary file, replaced atomically (two runs at once never see
half a file), removed if anything fails. It is sealed with the SHA-256 digest of its data,
and read back only if it is a regular file of at most 1 GiB whose seal matches: marshal
trusts the sizes it reads (a damaged length makes it allocate 16 GB for a tuple that is
not there), so anything else (damaged, foreign, a FIFO, a link to /dev/zero) is a miss,
read without blocking and never beyond its size, and the caller rebuilds. Nothing is
written through a link planted in the folder, and the folder ignores itself in git. A
store that cannot be written costs speed, never correctness. One lock serialises the runs
that analyse, so that they do not all do the same work.

What a stored answer depends on is the business of its owner (project/cache.py for the
per-file results and the memo of whole-project work, project/listing.py for the listing of
the project's files, results.py for the diagnostics and their basis); the format version
and layerlint's own version are part of what each checks.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import stat as file_types
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock, at worst the work is done twice
    fcntl = None

_LARGEST = 1 << 30  # bytes: far more than any file layerlint writes
_SEAL = 32  # bytes: the SHA-256 digest of the data, after it
_NO_LINK = getattr(os, "O_NOFOLLOW", 0)


class Store:
    """The files kept in `directory`."""

    def __init__(self, directory: Path):
        self.directory = directory

    def read(self, name: str) -> bytes | None:
        """The data written under `name`; None if there is none, or not as written."""
        try:
            return _read_sealed(self.directory / name)
        except OSError:
            return None

    def write(self, name: str, data: bytes) -> None:
        """Replace the file `name` with `data`; OSError if it cannot be written."""
        self.write_parts(name, (data,))

    def write_parts(self, name: str, parts: Iterable[bytes]) -> None:
        """Replace the file `name` with `parts`, one after the other: each is made when the
        one before is written, so that a large file is never whole in memory."""
        self.directory.mkdir(parents=True, exist_ok=True)
        gitignore = self.directory / ".gitignore"
        # "x" creates it, and never writes through a link planted in its place.
        with contextlib.suppress(FileExistsError), open(gitignore, "x") as stream:
            stream.write("# Created by layerlint.\n*\n")
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=f".{name}-")
        try:
            with os.fdopen(handle, "wb") as stream:
                seal = hashlib.sha256()
                for part in parts:
                    stream.write(part)
                    seal.update(part)
                stream.write(seal.digest())  # marshal ignores what follows
            os.replace(temporary, self.directory / name)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    def names(self, affix: tuple[str, str]) -> set[str]:
        """The names of the files that start and end with `affix` (the parts of the scan
        cache), none if the folder cannot be read."""
        prefix, suffix = affix
        try:
            with os.scandir(self.directory) as found:
                return {e.name for e in found if e.name.startswith(prefix) and e.name.endswith(suffix)}
        except OSError:
            return set()

    def remove(self, names: Iterable[str]) -> None:
        """Remove these files, if they can be (parts of the scan cache it no longer names)."""
        for name in names:
            with contextlib.suppress(OSError):
                os.unlink(self.directory / name)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Held by one process at a time (where the folder can be written)."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            flags = os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | _NO_LINK
            handle = open(os.open(self.directory / ".lock", flags, 0o666), "a+b")  # noqa: SIM115
        except OSError:
            yield  # no lock to be had (read-only): work without one
            return
        with handle:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                if fcntl is not None:
                    fcntl.flock(handle, fcntl.LOCK_UN)


def _open(path: Path) -> BinaryIO:
    """For reading, without blocking on a FIFO and never through a link."""
    return open(os.open(path, os.O_RDONLY | os.O_NONBLOCK | _NO_LINK), "rb")


def _read_sealed(path: Path) -> bytes:
    with _open(path) as stream:
        status = os.fstat(stream.fileno())
        if not file_types.S_ISREG(status.st_mode) or status.st_size > _LARGEST:
            raise OSError(f"{path}: not a layerlint file")
        sealed = stream.read(status.st_size)
    data, seal = sealed[:-_SEAL], sealed[-_SEAL:]
    if len(sealed) < _SEAL or hashlib.sha256(data).digest() != seal:
        raise OSError(f"{path}: damaged, or not a layerlint file")
    return data


@functools.cache  # the code this process runs: it does not change under it
def code_stamp() -> str:
    """layerlint's own files, for the keys of what is stored: an upgrade (or an edit of an
    editable install) that keeps the version number still makes stored results a miss."""
    package = Path(__file__).resolve().parent
    stamps = []
    for path in sorted(package.rglob("*.py")):
        with contextlib.suppress(OSError):
            stat = path.stat()
            stamps.append(f"{path.relative_to(package)}:{stat.st_mtime_ns}:{stat.st_size}")
    return "|".join(stamps)
