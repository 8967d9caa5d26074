"""What every contract type shares: the violation it returns and the helpers that find it.

A contract type is a module with `TYPE_NAME`, `CODE`, `parse(ContractConfig)` and
`check(Project, contract) -> list[Violation]`. Checking never prints; rendering is the
reporters' job.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import grimp

from layerlint.config import ContractConfig
from layerlint.config.fields import Options
from layerlint.errors import ConfigError, did_you_mean
from layerlint.project import Project
from layerlint.rules import UNMATCHED_IGNORE_IMPORT
from layerlint.violation import Violation

ALERTING = ("error", "warn", "none")


class Common(NamedTuple):
    """The options every contract type accepts."""

    name: str
    where: str
    config_path: Path | None
    ignore_imports: tuple[str, ...] = ()
    alerting: str = "error"
    guidance: str | None = None
    anchor: tuple[str, int] | None = None  # where the contract's table starts in the file


def read_common(contract: ContractConfig, config_path: Path | None) -> tuple[Options, Common]:
    options = Options(
        contract.options, contract.where, lenient=contract.lenient, record=contract.typed
    )
    common = Common(
        name=contract.name,
        where=contract.where,
        config_path=config_path,
        ignore_imports=options.import_expressions("ignore_imports"),
        alerting=options.choice("unmatched_ignore_imports_alerting", ALERTING, "error"),
        guidance=options.string("broken_contract_guidance", None)
        if options.has("broken_contract_guidance")
        else None,
        anchor=contract.anchor,
    )
    return options, common


def graph_without_ignored(
    project: Project, common: Common
) -> tuple[grimp.ImportGraph, list[Violation]]:
    """The graph this contract checks: a copy without its `ignore_imports` (if any)."""
    if not common.ignore_imports:
        return project.graph, []
    graph = copy.deepcopy(project.graph)
    to_remove: set[tuple[str, str]] = set()
    alerts: list[Violation] = []
    for expression in common.ignore_imports:
        try:
            matches = graph.find_matching_direct_imports(import_expression=expression)
        except (ValueError, grimp.exceptions.InvalidImportExpression) as error:
            raise ConfigError(f"{common.where}: key 'ignore_imports': {error}") from None
        to_remove.update((m["importer"], m["imported"]) for m in matches)
        if not matches and common.alerting != "none":
            alerts.append(
                Violation(
                    code=UNMATCHED_IGNORE_IMPORT.code,
                    contract=common.name,
                    message=f"Ignored import '{expression}' matches no import",
                    location=config_location(common, _expression_pattern(expression)),
                    key=expression,
                    severity="warning" if common.alerting == "warn" else "error",
                )
            )
    for importer, imported in sorted(to_remove):
        graph.remove_import(importer=importer, imported=imported)
    return graph, alerts


def expand_modules(
    project: Project,
    graph: grimp.ImportGraph,
    expressions: Iterable[str],
    *,
    where: str,
    key: str,
) -> list[str]:
    """Module expressions to module names, in order; a missing plain name is a config error."""
    modules: list[str] = []
    for expression in expressions:
        if "*" in expression:
            try:
                found = sorted(graph.find_matching_modules(expression))
            except (ValueError, grimp.exceptions.InvalidModuleExpression) as error:
                raise ConfigError(f"{where}: key '{key}': {error}") from None
            # A wildcard may match nothing (import-linter accepts that: plugins yet to come).
            modules.extend(m for m in found if m not in modules)
        else:
            if expression not in graph.modules and project.is_internal(expression):
                raise missing_module(project, where, key, expression)
            if expression not in modules:
                modules.append(expression)
    return modules


def missing_module(project: Project, where: str, key: str, module: str) -> ConfigError:
    hint = did_you_mean(module, project.graph.modules)
    return ConfigError(f"{where}: key '{key}': module '{module}' does not exist{hint}")


def outside_roots(project: Project, where: str, key: str, module: str) -> ConfigError:
    """For a key that takes only the project's own packages (an external one has none)."""
    roots = ", ".join(project.root_packages)
    return ConfigError(
        f"{where}: key '{key}': '{module}' is not inside the root packages ({roots})"
    )


def dependency_chains(dependencies) -> Iterator[tuple[object, tuple[str, ...], int]]:
    """(dependency, chain, how many other last modules the chain's route has) for each
    chain to report of grimp's package dependencies, in a fixed order: a route with
    modules between its ends gives one chain per first module (to the first last module),
    a direct route one chain per first and last module."""
    for dependency in sorted(dependencies, key=lambda d: (d.importer, d.imported)):
        for route in sorted(dependency.routes, key=_route_key):
            tails = sorted(route.tails)
            for head in sorted(route.heads):
                if route.middle:
                    yield dependency, (head, *route.middle, tails[0]), len(tails) - 1
                else:
                    for tail in tails:
                        yield dependency, (head, tail), 0


def _route_key(route) -> tuple:
    return (len(route.middle), sorted(route.heads), route.middle, sorted(route.tails))


def in_package(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def format_chain(chain: Iterable[str]) -> str:
    return " -> ".join(chain)


def chain_details(project: Project, chain: tuple[str, ...]) -> tuple[str, ...]:
    """One line per link of a chain, with the line numbers of its imports."""
    lines = []
    for importer, imported in itertools.pairwise(chain):
        numbers = sorted(set(project.imports.get((importer, imported), ())))
        where = ", ".join(f"l.{n}" for n in numbers) or "?"
        lines.append(f"{importer} -> {imported} ({where})")
    return tuple(lines)


def site_violations(
    project: Project,
    code: str,
    common: Common,
    chain: tuple[str, ...],
    message: str,
) -> list[Violation]:
    """A violation at every statement of the chain's first link."""
    details = chain_details(project, chain) if len(chain) > 2 else ()
    if common.guidance:
        details = (*details, common.guidance)
    return [
        Violation(code, common.name, message, site=site, details=details)
        for site in project.sites_for(chain[0], chain[1])
    ]


def config_location(common: Common, pattern: str) -> tuple[Path, int, int] | None:
    """Where `pattern` first matches inside the contract's table of the config file."""
    if common.config_path is None:
        return None
    try:
        lines = common.config_path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return (common.config_path, 1, 1)
    start = 0
    if common.anchor is not None:
        header, occurrence = common.anchor
        headers = [i for i, line in enumerate(lines) if re.match(header, line)]
        if len(headers) >= occurrence:
            start = headers[occurrence - 1]
    for number in range(start, len(lines)):
        match = re.search(pattern, lines[number])
        if match:
            return (common.config_path, number + 1, match.start() + 1)
    return (common.config_path, start + 1, 1)


def _expression_pattern(expression: str) -> str:
    """The expression as written, not as part of a longer one (`a -> b` inside `a -> b.c`)."""
    importer, _, imported = expression.partition(" -> ")
    return rf"(?<![\w.*]){re.escape(importer)}\s*->\s*{re.escape(imported)}(?![\w.*])"
