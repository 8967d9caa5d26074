"""What `layerlint graph` does: analyse the project, draw the part asked for, write it in
the format asked for (DOT, SVG/PNG/PDF through Graphviz, Mermaid, or the review page), and
say on stderr what it is doing once that takes longer than PROGRESS_AFTER seconds."""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from layerlint import diagnostics
from layerlint.drawing import Drawing, TooManyNodes, build
from layerlint.drawing.condense import condense, unreadable
from layerlint.drawing.dot import GraphvizMissing, render, to_dot
from layerlint.drawing.html import to_html
from layerlint.drawing.mermaid import to_mermaid
from layerlint.drawing.model import READABLE_EDGES, READABLE_NODES
from layerlint.drawing.review import review
from layerlint.engine import Analysis, analyse
from layerlint.errors import ConfigError
from layerlint.options import RunOptions
from layerlint.outcome import make_report
from layerlint.project import Project
from layerlint.reporters.text import contract_lines, diagnostic_line, summary

PROGRESS_AFTER = 1.0  # seconds: a quicker run says nothing
EXTERNALS_SHOWN = 10  # third-party packages drawn each; the rest as one node
Failure = tuple[Path | None, str]  # (where the DOT source went instead, the error)


def draw(
    args: argparse.Namespace, output_format: str, say: Callable[[str], None]
) -> tuple[bytes, tuple[str, ...], Failure | None]:
    """(the bytes to write, the run's warnings, a failure to render after all)."""
    with Progress(say) as progress:
        progress.step("analysing the project")
        start, path, package = _target(args)
        options = RunOptions(
            paths=[start], config_file=args.config, use_cache=not args.no_cache,
            cache_dir=args.cache_dir,
        )
        analysis = analyse(options)
        if path is not None:
            package = _package_at(analysis.project, path)
        if output_format == "html":
            progress.step("writing the review page")
            report = _report_of(analysis, options)
            data = review(
                analysis, report, diagnostic_line, summary(report), contract_lines(report)
            )
            return to_html(data), analysis.finish(), None
        progress.step("drawing")
        try:
            picture = build(
                analysis.project, analysis.contracts, analysis.violations,
                package=package, depth=args.depth, cycles_only=args.cycles,
                external=not args.no_external, max_nodes=args.max_nodes,
                external_limit=None if args.all_external else EXTERNALS_SHOWN,
                max_edges=args.max_edges, known=analysis.breakers,
            )
        except TooManyNodes as error:
            raise ConfigError(str(error)) from None
        notes: tuple[str, ...] = ()
        if args.depth is None and not args.cycles and unreadable(picture):
            notes = (_condensed(picture),)
            picture = condense(picture)
        warnings = analysis.finish() + notes + _unreadable(picture)
        if output_format == "mermaid":
            return to_mermaid(picture).encode(), warnings, None
        source = to_dot(picture)
        if output_format == "dot":
            return source.encode(), warnings, None
        progress.step(
            f"laying out {len(picture.nodes)} nodes and {len(picture.edges)} edges with "
            "Graphviz's dot"
        )
        try:
            return render(source, output_format), warnings, None
        except GraphvizMissing as error:
            fallback = args.output.with_suffix(".dot") if args.output else None
            where = f"wrote {fallback}" if fallback else "wrote the DOT source to stdout"
            message = (
                f"{error}: cannot make {output_format}; {where} instead "
                "(install Graphviz, e.g. `apt-get install graphviz`)"
            )
            return source.encode(), warnings, (fallback, message)


def _condensed(picture: Drawing) -> str:
    return (
        f"{len(picture.nodes)} nodes and {len(picture.edges)} edges do not read as one "
        "picture, even at depth 1: drawn condensed, each import cycle as one "
        "box and the other modules by level (--depth 1 draws every module, --cycles only "
        "the cycles)"
    )


def _unreadable(picture: Drawing) -> tuple[str, ...]:
    nodes, edges = len(picture.nodes), len(picture.edges)
    if nodes <= READABLE_NODES and edges <= READABLE_EDGES:
        return ()
    return (
        f"{nodes} nodes and {edges} edges do not read as one picture (past "
        f"{READABLE_NODES} nodes or {READABLE_EDGES} edges): draw one package "
        "(layerlint graph PACKAGE), only the cycles (--cycles), or open them package by "
        "package in the review page (--format html -o review.html)",
    )


def _target(args: argparse.Namespace) -> tuple[Path, Path | None, str | None]:
    """(where to look for the project, the path of the package asked for, its name)."""
    package = args.package
    path = None
    if args.target is not None:
        if package is not None:
            raise ConfigError("graph: name the package once: as PATH|PACKAGE or --package")
        if Path(args.target).exists():
            path = Path(args.target)
        else:
            package = args.target
    start = path if path is not None else args.project
    if not start.is_dir() and path is None:
        raise ConfigError(f"{args.project}: not a directory")
    return start, path, package


def _package_at(project: Project, path: Path) -> str | None:
    """The package or module whose directory or file `path` is; None for anything else
    (the project's root, a source root): the whole project, as `check PATH` reports on it."""
    wanted = {path.resolve(), (path / "__init__.py").resolve()}
    for module in project.modules.values():
        if Path(module.file).resolve() in wanted:
            return module.name
    return None


def _report_of(analysis: Analysis, options: RunOptions) -> diagnostics.Report:
    """What `layerlint check` reports for the same project and options."""
    project = analysis.project
    found = diagnostics.collect(project, analysis.violations, apply_noqa=False)
    return make_report(found, options, project.config, len(analysis.contracts),
                       len(project.modules))


class Progress:
    """Says each step on stderr once the run has taken PROGRESS_AFTER seconds (from a
    watcher thread, so a long step is announced while it runs), and how long it took."""

    def __init__(self, say: Callable[[str], None], enabled: bool | None = None) -> None:
        self._say = say
        if enabled is None:
            enabled = bool(os.environ.get("LAYERLINT_PROGRESS")) or sys.stderr.isatty()
        self._enabled = enabled
        self._start = time.monotonic()
        self._current: str | None = None
        self._spoken = False
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._watcher = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> Progress:
        if self._enabled:
            self._watcher.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._done.set()
        with self._lock:
            if self._spoken and exc_info[0] is None:
                self._say(f"done in {time.monotonic() - self._start:.1f} s")

    def step(self, text: str) -> None:
        with self._lock:
            self._current = text
            self._announce()

    def _announce(self) -> None:
        if self._enabled and self._current and time.monotonic() - self._start >= PROGRESS_AFTER:
            self._say(f"{self._current}...")
            self._current, self._spoken = None, True

    def _watch(self) -> None:
        while not self._done.wait(0.1):
            with self._lock:
                self._announce()
