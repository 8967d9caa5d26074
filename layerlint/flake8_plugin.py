"""The flake8 plugin: layerlint's diagnostics for the file flake8 is checking, in flake8's
format and through flake8's `# noqa`.

A thin adapter: the analysis is the CLI's, and the whole project's results are shared by
every file and every worker through the results cache. An editor's unsaved buffer (flake8
reading stdin) is analysed as it is, not as the file on disk. A file in no layerlint
project gets nothing; a broken configuration stops flake8 once, with one line. (A contract
naming a module that does not exist shows only once the project is read: flake8 stops so
when it checks in one process, as for an editor's buffer or one file; with several
workers it reports the plugin's failure instead.)
"""

from __future__ import annotations

import ast
import multiprocessing
import sys
from collections.abc import Iterator
from pathlib import Path

from layerlint import __version__, results
from layerlint.config import load_config
from layerlint.diagnostics import Diagnostic
from layerlint.errors import ConfigError, ConfigNotFound
from layerlint.gc_pause import gc_paused
from layerlint.options import RunOptions
from layerlint.project.reading import read_source
from layerlint.project.scanner import encode_source
from layerlint.rules import RULES
from layerlint.terminal import escape_controls


class LayerlintChecker:
    name = "layerlint"
    version = __version__
    config_file: Path | None = None
    selected = True  # whether flake8 would show any LL code at all

    def __init__(self, tree: ast.AST, filename: str, lines: list[str]):
        # The work is done here, not in run(): flake8 turns an exception raised here into one
        # clean error message, where one raised while iterating run() would crash a worker.
        self.found = _diagnostics_for(filename, lines, self.config_file) if self.selected else []

    @classmethod
    def add_options(cls, option_manager) -> None:
        option_manager.add_option(
            "--layerlint-config",
            default=None,
            parse_from_config=True,
            help="layerlint's configuration file (default: found from each file upward)",
        )

    @classmethod
    def parse_options(cls, options) -> None:
        results.new_run()  # once per flake8 run, before any file is checked or worker forked
        cls.config_file = Path(options.layerlint_config) if options.layerlint_config else None
        # flake8 runs every plugin whatever --select says; `flake8 --select E` should not pay
        # for a whole-project analysis nobody will see.
        cls.selected = _selected(options)
        if cls.selected and multiprocessing.current_process().name == "MainProcess":
            _check_configuration(options, cls.config_file)

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        for diagnostic in self.found:
            message = escape_controls(f"{diagnostic.code} {diagnostic.message}")
            yield diagnostic.line, diagnostic.column - 1, message, type(self)


def _selected(options) -> bool:
    try:
        from flake8.style_guide import Decision, DecisionEngine

        decider = DecisionEngine(options)
        return any(decider.decision_for(code) is Decision.Selected for code in RULES)
    except Exception:  # noqa: BLE001 - another flake8: when unsure, do the work
        return True


def _check_configuration(options, config_file: Path | None) -> None:
    """Before any file is checked: a broken configuration of a project being checked is one
    error line (exit 2), not an error per file or per worker."""
    checked: set[Path | None] = set()
    # With --layerlint-config, the project is where flake8 runs (as with `layerlint check
    # --config`); else each file's project is found from the file upward.
    places = [Path.cwd()] if config_file is not None else _places(options)
    for place in places:
        try:
            config = load_config(place, config_file)
            if config.path in checked:
                continue
            checked.add(config.path)
            if config.baseline is not None:  # missing or broken: said once, not per file
                from layerlint import baseline

                baseline.read(config)
            if results.is_stored(RunOptions(paths=[place], config_file=config_file)):
                continue  # results for this very configuration exist: it is valid
            from layerlint.contracts import parse_contract  # loads grimp: only when needed

            for contract in config.contracts:
                parse_contract(contract, config.path)
            if _serial(options):  # a module the contracts name may not exist: analyse now
                results.file_diagnostics(RunOptions(paths=[place], config_file=config_file), place)
        except ConfigNotFound:
            if config_file is not None:
                _stop(f"{config_file}: config file not found")
        except ConfigError as error:
            _stop(str(error))


def _serial(options) -> bool:
    """Whether flake8 checks the files in this process (an editor's buffer, one file, `--jobs
    1`). Only then may the analysis run before the files are checked: a worker forked after
    grimp has started its threads would hang if it used grimp."""
    jobs = getattr(options, "jobs", None)
    one_job = jobs is not None and not getattr(jobs, "is_auto", True) and jobs.n_jobs == 1
    names = getattr(options, "filenames", None) or []
    return one_job or names == ["-"] or (len(names) == 1 and Path(names[0]).is_file())


def _places(options) -> list[Path]:
    """Where the projects being checked are: the paths on flake8's command line (as given,
    before flake8 expands directories), the stdin buffer's display name, or here."""
    names = [n for n in getattr(options, "filenames", None) or [] if n != "-"]
    if "-" in (getattr(options, "filenames", None) or []):
        names.append(getattr(options, "stdin_display_name", "stdin"))
    places = []
    for name in names or ["."]:
        path = Path(name).resolve()
        place = path if path.is_dir() else path.parent
        if place.is_dir() and place not in places:
            places.append(place)
    return places or [Path.cwd()]


def _stop(message: str) -> None:
    print(f"layerlint: error: {escape_controls(message)}", file=sys.stderr)
    raise SystemExit(2)


def _diagnostics_for(filename: str, lines: list[str], config_file: Path | None) -> list[Diagnostic]:
    if filename in ("stdin", "-", ""):
        return []  # no --stdin-display-name: nothing places the buffer in a project
    path = Path(filename).resolve()
    buffer = encode_source("".join(lines))  # flake8 gives text: the file's bytes again
    on_disk = read_source(str(path))
    overrides = {} if buffer == on_disk else {path: buffer}
    start = Path.cwd() if config_file is not None else path
    options = RunOptions(paths=[start], config_file=config_file, overrides=overrides)
    try:
        with gc_paused():
            found = results.file_diagnostics(options, path)
    except ConfigNotFound:
        return []  # not a layerlint project
    return found
