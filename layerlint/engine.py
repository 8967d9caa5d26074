"""One run of layerlint, shared by the CLI and the flake8 plugin.

config -> project -> contracts -> diagnostics: each step only uses the ones before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from layerlint import baseline, diagnostics, orm, startup
from layerlint.config import Config, load_config
from layerlint.contracts import Contract, parse_contract
from layerlint.contracts.cycles import Breakers
from layerlint.diagnostics import display_path
from layerlint.options import BASELINE_NAME, RunOptions
from layerlint.outcome import Outcome, make_report
from layerlint.project import Project, build_project
from layerlint.project.cache import ScanCache
from layerlint.project.discovery import Survey
from layerlint.violation import Violation


@dataclass
class Analysis:
    """The project, its contracts and everything they found: what reports and drawings use."""

    project: Project
    contracts: list[Contract]
    violations: list[Violation]
    cache: ScanCache
    breakers: Breakers  # the cycle breakers the contracts found, for the drawing to reuse

    def finish(self) -> tuple[str, ...]:
        """Save the cache (the checks added the scans of the files they looked at); return
        the warnings for stderr."""
        self.cache.save()
        return self.project.warnings + ((self.cache.warning,) if self.cache.warning else ())


def analyse(
    options: RunOptions,
    surveyed: Survey | None = None,
    config: Config | None = None,
    cache: ScanCache | None = None,
) -> Analysis:
    """Build the project at `options.paths[0]` (whose files are `surveyed`, if the caller
    has listed them already; whose configuration is `config`, if the caller has read it)
    and check all its rules. `cache` is the scan cache, if the caller holds it loaded (the
    language server, between edits).

    Raises ConfigError for anything the user must fix first.
    """
    if config is None:
        start = options.paths[0].resolve() if options.paths else Path.cwd()
        config = load_config(start, options.config_file)
    contracts = [parse_contract(c, config.path) for c in config.contracts]
    cache = cache or ScanCache(options.cache_directory(config.root))
    project = build_project(config, cache, options.overrides, surveyed)
    breakers = Breakers()
    violations = [v for contract in contracts for v in contract.check(project, breakers)]
    violations += orm.check(project)
    violations += startup.check(project)
    return Analysis(project, contracts, violations, cache, breakers)


def orm_coverage(options: RunOptions) -> str:
    """What the SQLAlchemy rules understood of the project at `options.paths[0]`."""
    start = options.paths[0].resolve() if options.paths else Path.cwd()
    config = load_config(start, options.config_file)
    cache = ScanCache(options.cache_directory(config.root))
    line = orm.coverage(build_project(config, cache))
    cache.save()
    return line


def run(options: RunOptions, config: Config | None = None) -> Outcome:
    """Check the project at `options.paths[0]` (configured by `config`, if the caller has
    read it); report what lies within `options.paths`."""
    analysis = analyse(options, config=config)
    project = analysis.project
    found = diagnostics.collect(project, analysis.violations, apply_noqa=False)
    report = make_report(
        found, options, project.config, len(analysis.contracts), len(project.modules)
    )
    return Outcome(report, analysis.finish())


def write_baseline(
    options: RunOptions, target: Path | None, config: Config | None = None
) -> tuple[Path, int, tuple[str, ...]]:
    """Record every problem of the project at `options.paths[0]` (but those a `# noqa`
    comment silences) in `target` (default: the configured baseline, or BASELINE_NAME in
    the project root). Returns (the file, its entries, the run's warnings)."""
    analysis = analyse(options, config=config)
    project = analysis.project
    config = project.config
    found = diagnostics.collect(project, analysis.violations)
    target = target or config.baseline or config.root / BASELINE_NAME
    entries = baseline.write(target, found, config.root)
    warnings = analysis.finish()
    if config.baseline is None or target.resolve() != config.baseline:
        warnings += (_unused_baseline(target, config),)
    return target, entries, warnings


def _unused_baseline(target: Path, config: Config) -> str:
    """A baseline `check` will not read: the configuration names another, or none."""
    try:
        relative = target.resolve().relative_to(config.root).as_posix()
    except ValueError:
        relative = str(target.resolve())
    where = display_path(config.path) if config.path else "the configuration"
    return (
        f"{display_path(target)} is not the baseline {where} names: `check` applies it once "
        f'the configuration says baseline = "{relative}"'
    )
