"""What the review page (`layerlint graph --format html`) shows, as plain data: every
module and third-party package, the imports between them (counted, with the contracts
each breaks and whether it is nominated to break a cycle), the layers of the `layers`
contracts, the import cycles with their breakers, and the diagnostics `layerlint check`
reports for the same project. The page aggregates it to whatever package it shows."""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from layerlint.contracts.cycles import breaking_imports, deferred_imports, strongly_connected
from layerlint.diagnostics import Diagnostic, Report, silenced
from layerlint.drawing.model import _CYCLE_CODE, _IMPORT_CODES

if TYPE_CHECKING:
    from layerlint.engine import Analysis

_NAME = re.compile(r"[A-Za-z_][\w.]*[\w]")


def review(
    analysis: Analysis,
    report: Report,
    line: Callable[[Diagnostic], str],
    summary: str,
    contract_lines: list[str],
) -> dict:
    """The page's data (JSON-ready, in a fixed order: the same project gives the same):
    `report` is what `layerlint check` reports, each diagnostic written by `line`, with its
    summary and its contracts' lines."""
    project = analysis.project
    internal = sorted(m for m in project.graph.modules if project.is_internal(m))

    def outside(module: str) -> str | None:
        top = module.split(".")[0]
        keep = project.config.include_external_packages and top not in sys.stdlib_module_names
        return top if keep else None

    counts: dict[tuple[str, str], int] = defaultdict(int)
    for (importer, imported), lines in project.imports.items():
        if not project.is_internal(importer) or project.is_unfound_import(importer, imported):
            continue
        target = imported if project.is_internal(imported) else outside(imported)
        if target and target != importer:
            counts[(importer, target)] += len(lines)
    externals = sorted({t for _, t in counts if not project.is_internal(t)})
    names = internal + externals
    index = {name: i for i, name in enumerate(names)}

    violations = [v for v in analysis.violations if not silenced(project, v)]
    contracts = sorted({v.contract or v.code for v in violations if v.code in _IMPORT_CODES})
    broken: dict[tuple[str, str], set[int]] = defaultdict(set)
    nominated = set()
    for violation in violations:
        if violation.site is None:
            continue
        for site in (violation.site, *violation.also):
            key = (site.importer, site.imported)
            if key not in counts:
                key = (site.importer, outside(site.imported) or "")
            if violation.code in _IMPORT_CODES and key in counts:
                broken[key].add(contracts.index(violation.contract or violation.code))
            elif violation.code == _CYCLE_CODE:
                nominated.add(key)
    cycles = _cycles(analysis, internal, counts)
    nominated |= {edge for _, breakers in cycles for edge in breakers}
    imports = [
        [index[s], index[t], count, sorted(broken.get((s, t), ())), int((s, t) in nominated)]
        for (s, t), count in sorted(counts.items())
    ]
    layers = [
        {"contract": contract.name, "label": label, "modules": sorted(modules)}
        for contract in analysis.contracts
        for label, modules in contract.stack(project)
    ]
    module_of = {module.file: module.name for module in project.modules.values()}
    return {
        "title": ", ".join(project.root_packages),
        "names": names,
        "internal": len(internal),
        "imports": imports,
        "contracts": contracts,
        "layers": layers,
        "cycles": [
            {"modules": [index[m] for m in members],
             "breakers": [[index[s], index[t]] for s, t in breakers]}
            for members, breakers in cycles
        ],
        "diagnostics": [
            {
                "text": line(d),
                "code": d.code,
                "severity": d.severity,
                "chain": _chain(d, index, module_of.get(str(d.file))),
            }
            for d in report.diagnostics
        ],
        "summary": summary,
        "contract_lines": contract_lines,
    }


def _cycles(analysis: Analysis, internal: list[str], counts) -> list[tuple[list, list]]:
    """Each import cycle between modules (a package and its own submodules left out, as
    the `acyclic` contract leaves them by default), with the imports that break it: those
    the contracts nominate, the same ones (analysis.breakers) where the graph agrees."""
    project = analysis.project
    successors: dict[str, set[str]] = {m: set() for m in internal}
    for importer, imported in counts:
        if imported in successors and not (
            imported.startswith(importer + ".") or importer.startswith(imported + ".")
        ):
            successors[importer].add(imported)
    deferred = deferred_imports(project)
    found = []
    for component in strongly_connected(successors):
        breakers = breaking_imports(
            component, successors, lambda edge: project.statement_count(*edge), deferred,
            analysis.breakers,
        )
        found.append((sorted(component), sorted(breakers)))
    return sorted(found)


def _chain(diagnostic, index: dict[str, int], module: str | None) -> list[int]:
    """The modules a diagnostic names, in the order it names them (its own module first):
    the chain the page highlights when it is selected."""
    chain = [module] if module in index else []
    for text in (diagnostic.message, *diagnostic.details):
        for name in _NAME.findall(text):
            if name in index and name not in chain:
                chain.append(name)
    # A package that holds another named module is the contract's wording ("'app.domain'
    # must not import"), not a link of the chain.
    chain = [n for n in chain if not any(m.startswith(n + ".") for m in chain)]
    return [index[name] for name in chain]
