"""One run of layerlint, shared by the CLI and the flake8 plugin.

config -> project -> contracts -> diagnostics: each step only uses the ones before it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from layerlint import diagnostics, orm
from layerlint.config import load_config
from layerlint.contracts import parse_contract
from layerlint.diagnostics import Report
from layerlint.project import build_project
from layerlint.project.cache import ScanCache

CACHE_DIR_NAME = ".layerlint_cache"


@dataclass(frozen=True)
class RunOptions:
    paths: Sequence[Path] = (Path("."),)
    config_file: Path | None = None
    use_cache: bool = True
    cache_dir: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    overrides: Mapping[Path, bytes] = field(default_factory=dict)  # unsaved editor buffers


@dataclass(frozen=True)
class Outcome:
    report: Report
    warnings: tuple[str, ...]  # for stderr: things that cost speed, never correctness


def run(options: RunOptions) -> Outcome:
    """Check the project at `options.paths[0]`; report what lies within `options.paths`.

    Raises ConfigError for anything the user must fix first.
    """
    paths = [p.resolve() for p in options.paths] or [Path.cwd()]
    config = load_config(paths[0], options.config_file)
    contracts = [parse_contract(c, config.path) for c in config.contracts]
    cache = ScanCache(_cache_dir(options, config.root))
    project = build_project(config, cache, options.overrides)
    violations = [v for contract in contracts for v in contract.check(project)]
    violations += orm.check(project)
    found = diagnostics.collect(project, violations)
    found = diagnostics.select(found, options.select, options.ignore)
    if any(not (p.is_dir() and (p == config.root or p in config.root.parents)) for p in paths):
        found = diagnostics.within(found, paths)
    cache.save()  # after the checks: they add the detailed scans of the files they looked at
    report = Report(found, contracts_checked=len(contracts), files_checked=len(project.modules))
    warnings = (cache.warning,) if cache.warning else ()
    return Outcome(report, warnings)


def _cache_dir(options: RunOptions, root: Path) -> Path | None:
    if not options.use_cache:
        return None
    return options.cache_dir.resolve() if options.cache_dir else root / CACHE_DIR_NAME
