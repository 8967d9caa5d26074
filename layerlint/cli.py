"""The `layerlint` command line."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from layerlint import __version__, results, terminal
from layerlint.diagnostics import display_path, parse_selectors
from layerlint.errors import ConfigError, did_you_mean
from layerlint.gc_pause import gc_paused
from layerlint.options import BASELINE_NAME, RunOptions
from layerlint.reporters import OUTPUT_FORMATS, reporter
from layerlint.rules import RULES, rule_page

EXIT_CLEAN, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="layerlint",
        description="Check a Python project's imports against its architecture contracts.",
    )
    parser.add_argument("--version", action="version", version=f"layerlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser(
        "check", help="check the project's contracts and rules (--write-baseline: record them)"
    )
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="the project directory (default: .), or files to report on",
    )
    _project_options(check)
    check.add_argument(
        "--output-format",
        choices=sorted(OUTPUT_FORMATS),
        default="concise",
        help="how to print diagnostics (default: concise)",
    )
    check.add_argument(
        "--select", metavar="CODES", help="only these codes (comma-separated prefixes)"
    )
    check.add_argument(
        "--ignore", metavar="CODES", help="not these codes (comma-separated prefixes)"
    )
    check.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when problems are found"
    )
    check.add_argument(
        "--statistics",
        action="store_true",
        help="also say, on stderr, how much of the SQLAlchemy models the rules understood",
    )
    check.add_argument(
        "--write-baseline",
        nargs="?",
        default=False,
        const=True,  # without FILE: the configured baseline
        type=Path,
        metavar="FILE",
        help=f"record every current problem in FILE (default: the configured baseline, or "
        f"{BASELINE_NAME}) instead of reporting them; FILE is a new file or a baseline, "
        "never a directory or another file: put the PATHs before this option",
    )
    graph = commands.add_parser(
        "graph", help="draw the import graph, its layers, broken imports and cycles"
    )
    _graph_options(graph)
    _project_options(graph)
    explain = commands.add_parser("explain", help="print a rule's documentation")
    explain.add_argument(
        "code", metavar="RULE", help="a rule's code or name, e.g. LL302 or duplicate-table"
    )
    commands.add_parser("rules", help="list every rule")
    commands.add_parser(
        "server", help="the language server, over stdio (needs pip install 'layerlint[lsp]')"
    )
    init = commands.add_parser("init", help="write a starter [tool.layerlint] to pyproject.toml")
    init.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the project (default: .)",
    )
    init.add_argument("--force", action="store_true", help="replace an existing [tool.layerlint]")
    init.add_argument("--diff", action="store_true", help="print the change, write nothing")
    return parser


FORMATS = ("dot", "svg", "png", "pdf", "mermaid", "html")
# The format `-o FILE` asks for when --format does not say.
SUFFIXES = {
    ".dot": "dot", ".gv": "dot", ".svg": "svg", ".png": "png", ".pdf": "pdf",
    ".mmd": "mermaid", ".mermaid": "mermaid", ".html": "html", ".htm": "html",
}


def _graph_options(graph: argparse.ArgumentParser) -> None:
    graph.add_argument(
        "target",
        nargs="?",
        metavar="PATH|PACKAGE",
        help="the project directory, or a package of it by its directory or dotted name "
        "(default: the project in --project, all its packages)",
    )
    graph.add_argument("--package", metavar="PACKAGE", help="draw this package (dotted name)")
    graph.add_argument(
        "--depth",
        type=_depth,
        default=None,
        metavar="N",
        help="levels below the package that get their own node (default: auto, the deepest "
        "that keeps the picture readable; the title says which)",
    )
    graph.add_argument("--cycles", action="store_true", help="only the modules on a cycle")
    graph.add_argument(
        "--no-external", action="store_true", help="leave out the third-party packages"
    )
    graph.add_argument(
        "--all-external",
        action="store_true",
        help="draw every third-party package (default: the 10 most imported, the others "
        "as one node)",
    )
    graph.add_argument(
        "--format",
        choices=FORMATS,
        help="output format (default: from the suffix of -o FILE, else dot)",
    )
    graph.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write here (default: stdout)"
    )
    graph.add_argument(
        "--max-nodes",
        type=_positive,
        default=300,
        metavar="N",
        help="refuse to draw more nodes than this (default: 300)",
    )
    graph.add_argument(
        "--max-edges",
        type=_positive,
        default=500,
        metavar="N",
        help="refuse to draw more edges than this (default: 500, what Mermaid renders)",
    )
    graph.add_argument(
        "--project", type=Path, default=Path("."), metavar="DIR", help="the project (default: .)"
    )


def _depth(text: str) -> int | None:
    return None if text == "auto" else _positive(text)


def _project_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--config", type=Path, metavar="FILE", help="use this configuration file")
    command.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    command.add_argument("--cache-dir", type=Path, metavar="DIR", help="where to keep the cache")


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "server":  # a long-lived process: the garbage collector stays on
        from layerlint.server import serve

        return serve()
    try:
        terminal.prepare_stdout()
        with gc_paused():
            return COMMANDS[args.command](args) if args.command else _help(args)
    except ConfigError as error:
        _say(f"error: {error}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_ERROR
    except Exception as error:  # never a traceback for the user, unless asked for
        if os.environ.get("LAYERLINT_DEBUG"):
            raise
        _say(
            f"internal error: {type(error).__name__}: {error} "
            "(set LAYERLINT_DEBUG=1 for a traceback, and please report it)"
        )
        return EXIT_ERROR


def run() -> NoReturn:
    """The `layerlint` command: `main()`, then an exit that skips tearing the interpreter
    down object by object (a final garbage collection, every module's teardown), which
    cost a check of Django a tenth of its time. Everything is written and closed by then."""
    status = main()
    try:
        if not sys.stdout.closed:  # the language server closes it as the client exits
            terminal.write("")  # what main() left buffered: a report that cannot be written fails
    except ConfigError as error:
        _say(f"error: {error}")
        status = EXIT_ERROR
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(status)


def _say(message: str) -> None:
    """One line on stderr, whatever the message holds (a name with a newline or an escape
    character in it comes from the project, not from layerlint)."""
    print(f"layerlint: {terminal.escape_controls(message)}", file=sys.stderr)


def _help(args: argparse.Namespace) -> int:
    terminal.write(_parser().format_help())
    return EXIT_ERROR


def _check(args: argparse.Namespace) -> int:
    options = RunOptions(
        paths=args.paths or [Path(".")],
        config_file=args.config,
        use_cache=not args.no_cache,
        cache_dir=args.cache_dir,
        select=parse_selectors(args.select, "--select"),
        ignore=parse_selectors(args.ignore, "--ignore"),
    )
    for path in options.paths:
        if not path.exists():
            raise ConfigError(f"{path}: no such file or directory")
    if args.write_baseline is not False:
        target = None if args.write_baseline is True else args.write_baseline
        path, entries, warnings = results.write_baseline(options, target)
        noun = "entry" if entries == 1 else "entries"
        terminal.write(f"Wrote {entries} baseline {noun} to {display_path(path)}.\n")
        _warn(warnings)
        return EXIT_CLEAN
    outcome = results.check(options)
    _warn(outcome.warnings)
    terminal.write(reporter(args.output_format)(outcome.report))
    if args.statistics:
        from layerlint.engine import orm_coverage

        _say(orm_coverage(options))
    if outcome.report.failed and not args.exit_zero:
        return EXIT_VIOLATIONS
    return EXIT_CLEAN


def _warn(warnings: tuple[str, ...]) -> None:
    for warning in warnings:
        _say(f"warning: {warning}")


def _graph(args: argparse.Namespace) -> int:
    # The analysis and the drawing are loaded by the commands that need them: `check` with
    # stored results starts without grimp.
    from layerlint.graphing import draw

    output_format = args.format or SUFFIXES.get(
        args.output.suffix.lower() if args.output else "", "dot"
    )
    if output_format in ("png", "pdf") and args.output is None:
        raise ConfigError(f"--format {output_format} writes binary data: name a file with -o FILE")
    data, warnings, failure = draw(args, output_format, _say)
    _warn(warnings)
    _write(failure[0] if failure else args.output, data)
    if failure:
        _say(f"error: {failure[1]}")
        return EXIT_ERROR
    return EXIT_CLEAN


def _write(path: Path | None, data: bytes) -> int:
    if path is None:
        terminal.write_bytes(data)
    else:
        try:
            path.write_bytes(data)
        except OSError as error:
            raise ConfigError(f"{path}: cannot write: {error.strerror}") from None
    return EXIT_CLEAN


def _explain(args: argparse.Namespace) -> int:
    by_name = {rule.name: code for code, rule in RULES.items()}
    code = args.code.upper() if args.code.upper() in RULES else by_name.get(args.code.lower())
    if code is None:
        hint = did_you_mean(args.code.upper(), RULES) or did_you_mean(args.code.lower(), by_name)
        raise ConfigError(f"unknown rule '{args.code}' (a code or a name){hint}")
    terminal.write(rule_page(RULES[code]))
    return EXIT_CLEAN


def _rules(args: argparse.Namespace) -> int:
    width = max(len(rule.name) for rule in RULES.values())
    terminal.write("".join(f"{r.code}  {r.name:<{width}}  {r.summary}\n" for r in RULES.values()))
    return EXIT_CLEAN


def _init(args: argparse.Namespace) -> int:
    from layerlint import init  # builds the project: loaded only for this command

    root = args.path.resolve()
    if not root.is_dir():
        raise ConfigError(f"{args.path}: not a directory")
    pyproject = root / "pyproject.toml"
    importlinter = init.configuration_in_charge(root)
    proposal = init.carry_over(importlinter) if importlinter else init.propose(root)
    old, new = init.update(pyproject, proposal.text, force=args.force or args.diff)
    if args.diff:
        terminal.write(init.diff(old, new, display_path(pyproject)))
        if proposal.baselined and not (root / BASELINE_NAME).exists():
            count = len(proposal.baselined)
            _say(
                f"note: `layerlint init` would also record {count} violation"
                f"{'' if count == 1 else 's'} of these contracts today in {BASELINE_NAME}"
            )
        return EXIT_CLEAN
    try:
        pyproject.write_text(new, encoding="utf-8", newline=init.newline_of(pyproject))
    except OSError as error:
        raise ConfigError(f"{display_path(pyproject)}: cannot write: {error.strerror}") from None
    written = f"[tool.layerlint] to {display_path(pyproject)}"
    target = root / BASELINE_NAME  # the baseline the configuration names must exist
    if proposal.baseline and not target.exists():
        from layerlint import baseline

        entries = baseline.write(target, proposal.baselined, root)
        if entries:
            noun = "entry" if entries == 1 else "entries"
            written += (
                f" and {BASELINE_NAME} beside it ({entries} {noun}: what its contracts find today)"
            )
        else:
            written += f" and an empty {BASELINE_NAME} beside it"
    elif proposal.baselined:
        written += f" ({BASELINE_NAME} exists: not changed)"
    terminal.write(
        f"Wrote {written}; now run `layerlint check` "
        "(and `layerlint check --write-baseline` to accept today's problems).\n"
    )
    return EXIT_CLEAN


COMMANDS = {
    "check": _check,
    "graph": _graph,
    "explain": _explain,
    "rules": _rules,
    "init": _init,
}
