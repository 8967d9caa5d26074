"""The flake8 plugin: layerlint's diagnostics for the file flake8 is checking, in flake8's
format and through flake8's `# noqa`.

A thin adapter: the analysis is the CLI's, and the whole project's results are shared by
every file and every worker through the results cache. An editor's unsaved buffer (flake8
reading stdin) is analysed as it is, not as the file on disk. A file in no layerlint
project gets nothing. A configuration layerlint cannot use (a typo in a contract, a module
a contract names that does not exist, a missing baseline) is one LL906 diagnostic at the
top of every file checked: flake8 and its other plugins go on, so the editor shows it
instead of going blank.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from layerlint import __version__, results
from layerlint.diagnostics import Diagnostic
from layerlint.errors import ConfigError, ConfigNotFound
from layerlint.gc_pause import gc_paused
from layerlint.options import RunOptions
from layerlint.project.reading import read_source
from layerlint.project.scanner import encode_source
from layerlint.rules import RULES, UNUSABLE_CONFIGURATION
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
    except ConfigError as error:
        return [_unusable_configuration(path, str(error))]
    return found


def _unusable_configuration(path: Path, error: str) -> Diagnostic:
    """A broken configuration is said on every file checked (LL906), where the editor
    shows it, while flake8 and its other plugins go on: an exit status would blank the
    editor's whole lint."""
    return Diagnostic(
        path=str(path),
        line=1,
        column=1,
        code=UNUSABLE_CONFIGURATION.code,
        message=f"layerlint cannot check this file: {error}",
        end_line=1,
        end_column=1,
        file=path,
        key=error,
    )
