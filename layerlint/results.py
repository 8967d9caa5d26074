"""The whole project's diagnostics, kept on disk while the project does not change.

Contracts are about the whole project, but flake8 asks for one file at a time, in several
worker processes, and `layerlint check` is run again and again on a project that has not
changed. So the project is analysed once, its diagnostics stored under a fingerprint of the
project's state (state.py), and every run, file and worker reads them from there until
something changes.
While one process analyses, the others wait on a lock instead of doing the same work again.

An edit does not always call for a new analysis. Beside the results is kept their basis
(basis.py): per module, what the analysis took of the file. When what it would take of
the edited files (or of an editor's unsaved buffers) is the same as before, the stored
results stand as they are.

This module sits on flake8's path for every file: it imports the analysis only when it
has to run one.
"""

from __future__ import annotations

import contextlib
import marshal
from pathlib import Path

from layerlint import baseline, diagnostics, state
from layerlint.config import Config, load_config
from layerlint.diagnostics import Diagnostic, Report, display_path
from layerlint.errors import ConfigError
from layerlint.options import RunOptions
from layerlint.outcome import Outcome, make_report, shown
from layerlint.project.discovery import Survey
from layerlint.store import Store

_FILE = "results.marshal"
_BASIS = "basis.marshal"  # what the stored results were made from, read only after a change
_FORMAT = 8  # of what is stored: a change makes old results a miss
_MOST_CHANGED = 256  # files: past that, an edit is a checkout; analyse it afresh
Table = dict[str, list[Diagnostic]]  # file (absolute) -> its diagnostics
Stored = tuple[Table, tuple[int, int]]  # and (contracts checked, files checked)

# One flake8 run checks many files of one project that does not change meanwhile: the
# fingerprint and the table are read once per run. A process may run flake8 many times
# (editor extensions do): each run starts with `new_run()`.
_memo: dict[tuple, tuple[str, Stored]] = {}
_configs: dict[tuple, Config] = {}  # the configuration for each folder a file is in
_failed: dict[tuple, ConfigError] = {}  # projects whose analysis stopped on a ConfigError


def new_run() -> None:
    """Forget what earlier runs in this process read: the files may have changed since."""
    _memo.clear()
    _configs.clear()
    _failed.clear()


def _config_for(options: RunOptions) -> Config:
    """The configuration of the project at `options.paths[0]`, read once per run for each
    folder (flake8 asks for every file)."""
    start = options.paths[0].resolve()
    key = (start if start.is_dir() else start.parent, options.config_file)
    if key not in _configs:
        _configs[key] = load_config(start, options.config_file)
    return _configs[key]


def file_diagnostics(options: RunOptions, path: Path) -> list[Diagnostic]:
    """What flake8 shows of the diagnostics located in `path` (outcome.shown: `# noqa` not
    applied, flake8 applies its own).

    The project is the one at `options.paths[0]`; with unsaved buffers (`options.overrides`)
    the stored results serve only when an analysis with the buffers would give them.
    """
    config = _config_for(options)
    if options.overrides:
        stored = _stored_for_buffers(options, config) or _analyse(options, config)[0]
    else:
        stored = _stored_or_analysed(options, config)
    table, _ = stored
    return shown(table.get(str(path), []), config, only=path, for_flake8=True)


def check(options: RunOptions) -> Outcome:
    """`layerlint check PATH...`: each project's outcome, for the projects the paths lie in
    (pre-commit passes the changed files of a monorepo in one call), merged."""
    groups = _by_project(options)
    outcomes = [_check_project(options, config, paths) for config, paths in groups]
    notes = tuple(_unconfigured(config) for config, _ in groups if config.path is None)
    if len(outcomes) == 1:
        return outcomes[0]._replace(warnings=notes + outcomes[0].warnings)
    found = sorted(d for outcome in outcomes for d in outcome.report.diagnostics)
    report = Report(
        found,
        contracts_checked=sum(o.report.contracts_checked for o in outcomes),
        files_checked=sum(o.report.files_checked for o in outcomes),
        contracts=tuple(name for o in outcomes for name in o.report.contracts),
    )
    warnings = tuple(dict.fromkeys(notes + tuple(w for o in outcomes for w in o.warnings)))
    return Outcome(report, warnings)


def _unconfigured(config: Config) -> str:
    """Said once when a project has no configuration (config/discovered.py)."""
    roots = ", ".join(display_path(r) for r in config.source_roots)
    return (
        f"no configuration found: only the rules that need no contract were checked, on the "
        f"packages in {roots}; `layerlint init` proposes contracts"
    )


def write_baseline(options: RunOptions, target: Path | None) -> tuple[Path, int, tuple[str, ...]]:
    """`layerlint check --write-baseline [FILE] PATH...`: one project's problems recorded
    (engine.write_baseline)."""
    if target is not None:
        baseline.check_target(target)
    groups = _by_project(options)
    if len(groups) > 1:
        roots = ", ".join(display_path(config.root) for config, _ in groups)
        raise ConfigError(f"--write-baseline records one project; these paths are in {roots}")
    from layerlint import engine  # the analysis, loaded only when it runs

    config, paths = groups[0]
    return engine.write_baseline(options._replace(paths=paths), target, config)


def _by_project(options: RunOptions) -> list[tuple[Config, list[Path]]]:
    """The paths grouped by the project whose configuration each is found under (with
    `--config`, all in one), in the order first met."""
    if options.config_file is not None:
        return [(load_config(options.paths[0].resolve(), options.config_file), options.paths)]
    groups: dict[tuple, tuple[Config, list[Path]]] = {}
    by_directory: dict[Path, Config] = {}
    for path in options.paths:
        resolved = path.resolve()
        directory = resolved if resolved.is_dir() else resolved.parent
        if directory not in by_directory:
            by_directory[directory] = load_config(resolved)
        config = by_directory[directory]
        groups.setdefault((config.root, config.path), (config, []))[1].append(path)
    return list(groups.values())


def _check_project(options: RunOptions, config: Config, paths: list[Path]) -> Outcome:
    """One project's outcome: the stored diagnostics while it is unchanged, else a fresh
    analysis (which is then stored)."""
    options = options._replace(paths=paths)
    directory = options.cache_directory(config.root)
    if options.overrides or directory is None:
        from layerlint import engine  # the analysis, loaded only when it runs

        return engine.run(options, config)
    fingerprint, surveyed = state.fingerprint(config, _FORMAT, directory)
    (table, (contracts, files)), warnings = _stored(
        directory, fingerprint, options, config, surveyed
    )
    if not warnings:  # stored results: the analysis' warnings are those of the files found
        warnings = tuple(surveyed.found.warnings)
    found = sorted(d for items in table.values() for d in items)
    report = make_report(found, options, config, contracts, files)
    return Outcome(report, warnings)


def _key(options: RunOptions, config: Config) -> tuple:
    return (config.root, config.path, options.cache_directory(config.root))


def _stored_or_analysed(options: RunOptions, config: Config) -> Stored:
    """For flake8: read once per run (see `_memo`); an analysis that stops on a
    ConfigError (a contract naming a missing module) is not run again for every file."""
    key = _key(options, config)
    if key in _failed:
        raise _failed[key]
    if key not in _memo:
        directory = options.cache_directory(config.root)
        try:
            if directory is None:
                fingerprint, stored = "", _analyse(options, config)[0]
            else:
                fingerprint, surveyed = state.fingerprint(config, _FORMAT, directory)
                stored, _ = _stored(directory, fingerprint, options, config, surveyed)
        except ConfigError as error:
            _failed[key] = error
            raise
        _memo[key] = (fingerprint, stored)
    return _memo[key][1]


def _stored(
    directory: Path, fingerprint: str, options: RunOptions, config: Config, surveyed: Survey
):
    """(stored results, warnings): from disk; or, after an edit the checks cannot see, the
    same results stored again under the new state; else analysed now and stored. While one
    process analyses, the others wait for it rather than do the same work."""
    stored = _load(directory, fingerprint)
    if stored is not None:
        return stored, ()
    with Store(directory).locked():
        stored = _load(directory, fingerprint)  # made by another process meanwhile?
        if stored is not None:
            return stored, ()
        static = state.static_digest(config, surveyed, _FORMAT)
        previous = _previous_basis(directory, static)
        kept = _still_valid(directory, config, static, surveyed, previous)
        if kept is not None:  # the same results, under the project's new state
            payload, basis = kept
            with contextlib.suppress(*_DAMAGED):
                stored = _decode(payload)
                _write(directory, _FILE, _with_header(fingerprint, payload))
                _write(directory, _BASIS, _with_header(fingerprint, marshal.dumps((static, basis))))
                return stored, ()
        stored, basis, warnings = _analyse(options, config, surveyed, previous and previous[1])
        _save(directory, fingerprint, stored, (static, basis))
        return stored, warnings


def _analyse(
    options: RunOptions,
    config: Config,
    surveyed: Survey | None = None,
    previous: dict | None = None,
) -> tuple[Stored, dict, tuple[str, ...]]:
    """The stored form of a fresh analysis, its basis (see basis.py, made with the help of
    the `previous` basis under the same configuration) and its warnings."""
    from layerlint import basis
    from layerlint.engine import analyse  # the analysis, loaded only when it runs

    analysis = analyse(options, surveyed, config)
    project = analysis.project
    found = diagnostics.collect(project, analysis.violations, apply_noqa=False)
    warnings = analysis.finish()
    taken = basis.of(project, previous=previous)
    return (_table(found), (len(analysis.contracts), len(project.modules))), taken, warnings


def _previous_basis(directory: Path, static: str) -> tuple[str, dict] | None:
    """(its fingerprint, the basis stored last), if it was made under this configuration
    (the same `static` digest: the same settings, module files and layerlint)."""
    try:
        fingerprint, data = _read(directory, _BASIS)
        stored_static, taken = marshal.loads(data)
    except _DAMAGED:
        return None  # missing or damaged
    if stored_static != static or not isinstance(taken, dict):
        return None
    return fingerprint, taken


def _still_valid(
    directory: Path,
    config: Config,
    static: str,
    surveyed: Survey,
    previous: tuple[str, dict] | None,
):
    """(the stored results' data, the basis with today's stamps) if no file changed in a way
    the analysis would see: what it took of each changed file (see basis.py: the `previous`
    one) is the same now. Else None: analyse."""
    if previous is None:
        return None
    basis_fingerprint, taken = previous
    try:
        results_fingerprint, payload = _read(directory, _FILE)
        then = {relpath: entry[0] for relpath, entry in taken.items()}
        if (
            basis_fingerprint != results_fingerprint
            or state.combined(static, then) != results_fingerprint
        ):
            return None  # not the basis of the stored results
        now = state.stamps_of(surveyed)
        changed = sorted(relpath for relpath, stamp in now.items() if then.get(relpath) != stamp)
        if now.keys() != then.keys() or not 0 < len(changed) <= _MOST_CHANGED:
            return None
        from layerlint.basis import unseen_changes

        if not unseen_changes(config, surveyed, taken, changed):
            return None
        return payload, {relpath: (now[relpath], entry) for relpath, (_, entry) in taken.items()}
    except _DAMAGED:
        return None  # missing or damaged: analyse


def _stored_for_buffers(options: RunOptions, config: Config) -> Stored | None:
    """The stored results, if an analysis with the editor's buffers would give them: the
    files on disk are those the results were made from, and each buffer gives what the
    analysis took of its file (its imports, read by Python as for any buffer, and the rest).
    Else None: analyse, with the buffers."""
    directory = options.cache_directory(config.root)
    if directory is None:
        return None
    fingerprint, surveyed = state.fingerprint(config, _FORMAT, directory)
    stored = _load(directory, fingerprint)
    if stored is None:
        return None
    from layerlint.basis import unseen_buffers

    try:
        basis_fingerprint, data = _read(directory, _BASIS)
        if basis_fingerprint != fingerprint:
            return None
        _, taken = marshal.loads(data)
        return stored if unseen_buffers(config, surveyed, taken, options.overrides) else None
    except _DAMAGED:
        return None


def _table(found: list[Diagnostic]) -> Table:
    table: Table = {}
    for diagnostic in found:
        table.setdefault(str(diagnostic.file), []).append(diagnostic)
    return table


# Each file is its fingerprint on a line of its own, then the marshalled data (kept by the
# store, store.py): a run can tell a miss without decoding anything.
_DAMAGED = (OSError, EOFError, ValueError, TypeError, AttributeError, IndexError, KeyError)


def _with_header(fingerprint: str, payload: bytes) -> bytes:
    return fingerprint.encode() + b"\n" + payload


def _read(directory: Path, name: str) -> tuple[str, bytes]:
    data = Store(directory).read(name)
    if data is None:
        raise OSError(f"{name}: nothing stored")
    header, _, payload = data.partition(b"\n")
    return header.decode("ascii"), payload


def _load(directory: Path, fingerprint: str) -> Stored | None:
    """The stored results, if they are those of this state of the project. Damaged results
    are analysed again, never trusted."""
    try:
        stored_fingerprint, payload = _read(directory, _FILE)
        return _decode(payload) if stored_fingerprint == fingerprint else None
    except _DAMAGED:
        return None  # missing or damaged: analyse again


def _decode(payload: bytes) -> Stored:
    encoded, (contracts, files) = marshal.loads(payload)
    if not (isinstance(contracts, int) and isinstance(files, int)):
        raise TypeError("damaged counts")
    table = {file: diagnostics.decode(file, items) for file, items in encoded.items()}
    return table, (contracts, files)


def _save(directory: Path, fingerprint: str, stored: Stored, basis: tuple[str, dict]) -> None:
    """The results, then what they were made from (the static digest and the per-module
    basis), each replaced whole; the basis names the results it belongs to."""
    table, counts = stored
    encoded = {file: tuple(map(diagnostics.encode, items)) for file, items in table.items()}
    _write(directory, _FILE, _with_header(fingerprint, marshal.dumps((encoded, counts))))
    _write(directory, _BASIS, _with_header(fingerprint, marshal.dumps(basis)))


def _write(directory: Path, name: str, data: bytes) -> None:
    with contextlib.suppress(OSError):  # a read-only cache costs speed, never correctness
        Store(directory).write(name, data)
