"""What a run shows: the report made from a project's diagnostics, and the run's warnings.

Kept apart from the analysis (engine.py) so that a run answered from stored results
(results.py) never loads grimp or the checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from layerlint import diagnostics
from layerlint.config import Config
from layerlint.diagnostics import Diagnostic, Report
from layerlint.options import RunOptions


class Outcome(NamedTuple):
    report: Report
    warnings: tuple[str, ...]  # for stderr: things that cost speed, never correctness


def make_report(
    found: list[Diagnostic], options: RunOptions, config: Config, contracts: int, files: int
) -> Report:
    """The report of `layerlint check`: what it shows of the project's diagnostics."""
    shown_ = shown(found, config, select=options.select, ignore=options.ignore,
                   paths=options.paths)
    # Whether each contract is kept is said only of a run that shows every rule on the whole
    # project: a contract broken in a file left out, or by a code not selected, is not kept.
    partial = options.select or options.ignore or _narrowed(config, options.paths) is not None
    names = () if partial else tuple(contract.name for contract in config.contracts)
    return Report(shown_, contracts_checked=contracts, files_checked=files, contracts=names)


def shown(
    found: list[Diagnostic],
    config: Config,
    *,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    paths: Sequence[Path] = (),
    only: Path | None = None,
    for_flake8: bool = False,
) -> list[Diagnostic]:
    """What a run shows of the project's diagnostics (`found`, `# noqa` comments marked,
    not applied): the one place that decides it, for `layerlint check` and the editors.

    - a diagnostic a `# noqa` comment names is left out; flake8 applies its own noqa
      (`for_flake8`), so there it is kept, marked, and uses up no baseline entry;
    - what the baseline records is left out; LL903 says which entries are fixed (not when
      one file is asked for, `only`: it cannot tell);
    - only the selected codes, less the ignored ones;
    - only what lies within `paths` (unless they hold the whole project, or name its
      configuration file: a contract edited may change anything), or in `only`;
    - flake8 has no severities: there, a warning would fail the run, so only errors;
    - the paths inside messages are relative to the current directory, as the locations.
    """
    if only is not None:
        found = [d for d in found if d.file == only]
    silenced = [d for d in found if d.suppressed]
    found = [d for d in found if not d.suppressed]
    if config.baseline is not None:
        from layerlint import baseline  # and its json, only for projects that have one

        found = baseline.apply(found, config, only=only)
    found = diagnostics.select(found, select, ignore)
    targets = _narrowed(config, paths)
    if targets is not None:
        found = diagnostics.within(found, targets)
    if for_flake8:
        found = sorted(d for d in silenced + found if d.severity == "error")
    return diagnostics.with_paths_from_cwd(found, config.root)


def _narrowed(config: Config, paths: Sequence[Path]) -> list[Path] | None:
    """The files and folders a run is limited to, or None when `paths` hold the whole
    project (or name its configuration file: a contract edited may change anything)."""
    targets = [p.resolve() for p in paths]
    root = config.root
    if config.path is not None and config.path in targets:
        return None
    if any(not (p.is_dir() and (p == root or p in root.parents)) for p in targets):
        return targets
    return None
