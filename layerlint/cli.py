"""The `layerlint` command line."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from layerlint import __version__
from layerlint.diagnostics import parse_selectors
from layerlint.engine import RunOptions, run
from layerlint.errors import ConfigError
from layerlint.reporters import REPORTERS

EXIT_CLEAN, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="layerlint",
        description="Check a Python project's imports against its architecture contracts.",
    )
    parser.add_argument("--version", action="version", version=f"layerlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser("check", help="check the project's contracts")
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="the project directory (default: .), or files to report on",
    )
    check.add_argument("--config", type=Path, metavar="FILE", help="use this configuration file")
    check.add_argument(
        "--output-format",
        choices=sorted(REPORTERS),
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
    check.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    check.add_argument("--cache-dir", type=Path, metavar="DIR", help="where to keep the cache")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        _parser().print_help()
        return EXIT_ERROR
    try:
        return _check(args)
    except ConfigError as error:
        print(f"layerlint: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_ERROR
    except Exception as error:  # never a traceback for the user, unless asked for
        if os.environ.get("LAYERLINT_DEBUG"):
            raise
        print(
            f"layerlint: internal error: {type(error).__name__}: {error} "
            "(set LAYERLINT_DEBUG=1 for a traceback, and please report it)",
            file=sys.stderr,
        )
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
    outcome = run(options)
    for warning in outcome.warnings:
        print(f"layerlint: warning: {warning}", file=sys.stderr)
    sys.stdout.write(REPORTERS[args.output_format](outcome.report))
    if outcome.report.failed and not args.exit_zero:
        return EXIT_VIOLATIONS
    return EXIT_CLEAN
