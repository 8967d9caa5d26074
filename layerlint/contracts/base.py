"""What every contract type shares: the violation it returns and the helpers that find it.

A contract type is a module with `TYPE_NAME`, `CODE`, `parse(ContractConfig)` and
`check(Project, contract) -> list[Violation]`. Checking never prints; rendering is the
reporters' job.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import grimp

from layerlint.config import ContractConfig
from layerlint.config.fields import Options
from layerlint.errors import ConfigError, did_you_mean
from layerlint.project import ImportSite, Project

ALERTING = ("error", "warn", "none")


@dataclass(frozen=True)
class Violation:
    """One broken rule, at an import statement (`site`) or at a place in a file (`location`)."""

    code: str
    contract: str
    message: str
    site: ImportSite | None = None
    location: tuple[Path, int, int] | None = None  # (file, line, column)
    details: tuple[str, ...] = ()  # extra lines for the full output format
    severity: str = "error"  # "warning" never fails the run


@dataclass(frozen=True)
class Common:
    """The options every contract type accepts."""

    name: str
    where: str
    config_path: Path | None
    ignore_imports: tuple[str, ...] = ()
    alerting: str = "error"
    guidance: str | None = None


def read_common(contract: ContractConfig, config_path: Path | None) -> tuple[Options, Common]:
    options = Options(contract.options, contract.where, lenient=contract.lenient)
    common = Common(
        name=contract.name,
        where=contract.where,
        config_path=config_path,
        ignore_imports=options.import_expressions("ignore_imports"),
        alerting=options.choice("unmatched_ignore_imports_alerting", ALERTING, "error"),
        guidance=options.string("broken_contract_guidance", None)
        if options.has("broken_contract_guidance")
        else None,
    )
    return options, common


def graph_without_ignored(
    project: Project, common: Common, code: str = "LL902"
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
                    code=code,
                    contract=common.name,
                    message=f"Ignored import '{expression}' matches no import "
                    f"(contract '{common.name}')",
                    location=config_location(common.config_path, expression),
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
    must_exist: bool = True,
) -> list[str]:
    """Module expressions to module names, in order; a missing plain name is a config error."""
    modules: list[str] = []
    for expression in expressions:
        if "*" in expression:
            try:
                found = sorted(graph.find_matching_modules(expression))
            except (ValueError, grimp.exceptions.InvalidModuleExpression) as error:
                raise ConfigError(f"{where}: key '{key}': {error}") from None
            if must_exist and not found and not _is_external_expression(project, expression):
                raise ConfigError(f"{where}: key '{key}': '{expression}' matches no module")
            modules.extend(m for m in found if m not in modules)
        else:
            if must_exist and expression not in graph.modules and project.is_internal(expression):
                raise missing_module(project, where, key, expression)
            if expression not in modules:
                modules.append(expression)
    return modules


def _is_external_expression(project: Project, expression: str) -> bool:
    return not project.is_internal(expression.split(".")[0])


def missing_module(project: Project, where: str, key: str, module: str) -> ConfigError:
    hint = did_you_mean(module, project.graph.modules)
    return ConfigError(f"{where}: key '{key}': module '{module}' does not exist{hint}")


def in_package(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def format_chain(chain: Iterable[str]) -> str:
    return " -> ".join(chain)


def chain_details(project: Project, chain: tuple[str, ...]) -> tuple[str, ...]:
    """One line per link of a chain, with the line numbers of its imports."""
    lines = []
    for importer, imported in zip(chain, chain[1:]):
        numbers = sorted({s.statement.line for s in project.sites_for(importer, imported)})
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


def config_location(path: Path | None, text: str) -> tuple[Path, int, int] | None:
    """Where `text` first appears in the config file, so a diagnostic can point at it."""
    if path is None:
        return None
    for number, line in enumerate(_config_lines(path), start=1):
        column = line.find(text)
        if column >= 0:
            return (path, number, column + 1)
    return (path, 1, 1)


@lru_cache(maxsize=8)
def _config_lines(path: Path) -> tuple[str, ...]:
    try:
        return tuple(path.read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        return ()
