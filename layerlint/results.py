"""The whole project's diagnostics, kept on disk while the project does not change.

Contracts are about the whole project, but flake8 asks for one file at a time, in several
worker processes, and `layerlint check` is run again and again on a project that has not
changed. So the project is analysed once, its diagnostics stored under a fingerprint of the
project's state (every module file's path, size and mtime, the configuration, layerlint's
own files), and every run, file and worker reads them from there until something changes.
While one process analyses, the others wait on a lock instead of doing the same work again.

This module sits on flake8's path for every file: it imports the analysis only when it
has to run one.
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
from layerlint.options import RunOptions
from layerlint.outcome import Outcome, make_report
from layerlint.project.discovery import Survey, survey

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock, at worst the work is done twice
    fcntl = None

_FILE = "results.marshal"
_FORMAT = 4  # of what is stored: a change makes old results a miss
Table = dict[str, list[Diagnostic]]  # file (absolute) -> its diagnostics
Stored = tuple[Table, tuple[int, int]]  # and (contracts checked, files checked)

# One flake8 process checks many files of one project that does not change meanwhile: the
# fingerprint and the table are read once per process.
_memo: dict[tuple, tuple[str, Stored]] = {}


def file_diagnostics(options: RunOptions, path: Path) -> list[Diagnostic]:
    """The diagnostics located in `path`, `# noqa` not applied (the caller applies its own).

    The project is the one at `options.paths[0]`; unsaved buffers (`options.overrides`)
    are analysed afresh, without the stored results.
    """
    config = load_config(options.paths[0].resolve(), options.config_file)
    stored = _analyse(options)[0] if options.overrides else _stored_or_analysed(options, config)
    table, _ = stored
    found = table.get(str(path), [])
    if config.baseline is not None:  # recorded debt is not shown in the editor either
        from layerlint import baseline

        found = baseline.apply(found, config.baseline, config.root, only=path)
    return found


def check(options: RunOptions) -> Outcome:
    """`layerlint check`: the stored diagnostics while the project is unchanged, else a
    fresh analysis (which is then stored)."""
    config = load_config(options.paths[0].resolve(), options.config_file)
    directory = options.cache_directory(config.root)
    if options.overrides or options.write_baseline or directory is None:
        from layerlint import engine  # the analysis, loaded only when it runs

        return engine.run(options)
    fingerprint, surveyed = _fingerprint(config)
    (table, (contracts, files)), warnings = _stored(directory, fingerprint, options, surveyed)
    if not warnings:  # stored results: the analysis' warnings are those of the files found
        warnings = tuple(surveyed.found.warnings)
    found = sorted(d for items in table.values() for d in items if not d.suppressed)
    report = make_report(found, options, config, contracts, files)
    return Outcome(report, warnings)


def is_stored(options: RunOptions) -> bool:
    """Whether the stored results match the project as it is (so its configuration is
    known to be valid). What it reads is kept for the files checked next."""
    config = load_config(options.paths[0].resolve(), options.config_file)
    key = _key(options, config)
    if key not in _memo:
        directory = options.cache_directory(config.root)
        fingerprint, _ = _fingerprint(config)
        table = _load(directory, fingerprint) if directory else None
        if table is None:
            return False
        _memo[key] = (fingerprint, table)
    return True


def _key(options: RunOptions, config: Config) -> tuple:
    return (config.root, config.path, options.cache_directory(config.root))


def _stored_or_analysed(options: RunOptions, config: Config) -> Stored:
    """For flake8: read once per process (see `_memo`)."""
    key = _key(options, config)
    if key not in _memo:
        directory = options.cache_directory(config.root)
        if directory is None:
            fingerprint, (stored, _) = "", _analyse(options)
        else:
            fingerprint, surveyed = _fingerprint(config)
            stored, _ = _stored(directory, fingerprint, options, surveyed)
        _memo[key] = (fingerprint, stored)
    return _memo[key][1]


def _stored(directory: Path, fingerprint: str, options: RunOptions, surveyed: Survey):
    """(stored results, warnings): from disk, or analysed now and stored. While one process
    analyses, the others wait for it rather than do the same work."""
    stored = _load(directory, fingerprint)
    if stored is not None:
        return stored, ()
    with _locked(directory):
        stored = _load(directory, fingerprint)  # made by another process meanwhile?
        if stored is not None:
            return stored, ()
        stored, warnings = _analyse(options, surveyed)
        _save(directory, fingerprint, stored)
        return stored, warnings


def _analyse(options: RunOptions, surveyed: Survey | None = None) -> tuple[Stored, tuple[str, ...]]:
    from layerlint.engine import analyse  # the analysis, loaded only when it runs

    analysis = analyse(options, surveyed)
    found = diagnostics.collect(analysis.project, analysis.violations, apply_noqa=False)
    warnings = analysis.finish()
    return (_table(found), (len(analysis.contracts), len(analysis.project.modules))), warnings


def _table(found: list[Diagnostic]) -> Table:
    table: Table = {}
    for diagnostic in found:
        table.setdefault(str(diagnostic.file), []).append(diagnostic)
    return table


def _fingerprint(config: Config) -> tuple[str, Survey]:
    """The project's state, and the survey of its files it was taken from."""
    digest = hashlib.sha256()
    digest.update(f"{_FORMAT}|{__version__}|{sys.version_info[:2]}|{config!r}".encode())
    digest.update(_own_code_stamp().encode())
    if config.path is not None:
        with contextlib.suppress(OSError):
            digest.update(config.path.read_bytes())
    surveyed = survey(config)
    modules, namespaces, warnings, shadowed = surveyed.found
    digest.update(
        "\0".join(
            f"{m.relpath}|{surveyed.stamps[m.name]}"
            for m in sorted(modules, key=lambda m: m.relpath)
        ).encode()
    )
    digest.update("|".join(sorted(namespaces)).encode())
    digest.update("|".join(warnings + [m.relpath for m in shadowed]).encode())
    return digest.hexdigest(), surveyed


def _own_code_stamp() -> str:
    """layerlint's own files, so that an upgrade (or an edit of an editable install) that
    keeps the version number still makes the stored results a miss."""
    package = Path(__file__).resolve().parent
    stamps = []
    for path in sorted(package.rglob("*.py")):
        with contextlib.suppress(OSError):
            stat = path.stat()
            stamps.append(f"{path.relative_to(package)}:{stat.st_mtime_ns}:{stat.st_size}")
    return "|".join(stamps)


def _load(directory: Path, fingerprint: str) -> Stored | None:
    """The stored results, if they are those of this state of the project. Damaged results
    are analysed again, never trusted."""
    try:
        stored_fingerprint, (encoded, counts) = marshal.loads((directory / _FILE).read_bytes())
        if stored_fingerprint != fingerprint:
            return None
        table = {file: diagnostics.decode(file, items) for file, items in encoded.items()}
        contracts, files = counts
        if not (isinstance(contracts, int) and isinstance(files, int)):
            return None
    except (OSError, EOFError, ValueError, TypeError, AttributeError):
        return None  # missing or damaged: analyse again
    return table, (contracts, files)


def _save(directory: Path, fingerprint: str, stored: Stored) -> None:
    table, counts = stored
    encoded = {file: tuple(map(diagnostics.encode, items)) for file, items in table.items()}
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".results-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(marshal.dumps((fingerprint, (encoded, counts))))
        os.replace(temporary, directory / _FILE)
    except OSError:
        pass  # a read-only cache costs speed, never correctness


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle = open(directory / ".results.lock", "a+b")  # noqa: SIM115
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
