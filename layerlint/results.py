"""The whole project's diagnostics, kept on disk while the project does not change.

flake8 asks for one file at a time, in several worker processes; contracts are about the
whole project. So the project is analysed once, its diagnostics stored under a fingerprint
of the project's state (every module file's path, size and mtime, the configuration, the
layerlint version), and every file and worker reads them from there. While one process
analyses, the others wait on a lock instead of doing the same work again.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from layerlint import __version__, diagnostics
from layerlint.config import Config, load_config
from layerlint.diagnostics import Diagnostic
from layerlint.engine import RunOptions, analyse, cache_dir
from layerlint.project.discovery import find_module_files, find_root_packages

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock, at worst the work is done twice
    fcntl = None

_FILE = "results.marshal"


def project_diagnostics(options: RunOptions) -> list[Diagnostic]:
    """Every diagnostic of the project at `options.paths[0]`, `# noqa` not applied (the
    caller applies its own). Unsaved buffers (`options.overrides`) bypass the stored
    results: they are analysed afresh."""
    config = load_config(options.paths[0].resolve(), options.config_file)
    if options.overrides:
        return _analyse(options)
    directory = cache_dir(options, config.root)
    if directory is None:
        return _analyse(options)
    fingerprint = _fingerprint(config)
    stored = _load(directory, fingerprint)
    if stored is not None:
        return stored
    with _locked(directory):
        stored = _load(directory, fingerprint)  # made by another worker meanwhile?
        if stored is not None:
            return stored
        found = _analyse(options)
        _save(directory, fingerprint, found)
        return found


def _analyse(options: RunOptions) -> list[Diagnostic]:
    analysis = analyse(options)
    found = diagnostics.collect(analysis.project, analysis.violations, apply_noqa=False)
    analysis.finish()
    return found


def _fingerprint(config: Config) -> str:
    digest = hashlib.sha256()
    digest.update(f"{__version__}|{sys.version_info[:2]}|{config!r}".encode())
    if config.path is not None:
        with contextlib.suppress(OSError):
            digest.update(config.path.read_bytes())
    modules, namespaces = find_module_files(config, find_root_packages(config))
    for module in sorted(modules, key=lambda m: m.relpath):
        try:
            stat = module.path.stat()
        except OSError:
            stat = None
        stamp = (stat.st_mtime_ns, stat.st_size) if stat else None
        digest.update(f"{module.relpath}|{stamp}\0".encode())
    digest.update("|".join(sorted(namespaces)).encode())
    return digest.hexdigest()


def _load(directory: Path, fingerprint: str) -> list[Diagnostic] | None:
    try:
        stored_fingerprint, encoded = marshal.loads((directory / _FILE).read_bytes())
        if stored_fingerprint != fingerprint:
            return None
        return [diagnostics.decode(item) for item in encoded]
    except (OSError, EOFError, ValueError, TypeError):
        return None  # missing or damaged: analyse again


def _save(directory: Path, fingerprint: str, found: list[Diagnostic]) -> None:
    data = marshal.dumps((fingerprint, tuple(diagnostics.encode(d) for d in found)))
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".results-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, directory / _FILE)
    except OSError:
        pass  # a read-only cache costs speed, never correctness


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle = open(directory / "results.lock", "a+b")  # noqa: SIM115
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
