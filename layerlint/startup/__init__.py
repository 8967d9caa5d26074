"""LL401: the imports that fail at start-up because of an import cycle, found by following
Python's import order without running anything (simulate.py)."""

from __future__ import annotations

from layerlint.project import Project
from layerlint.rules import IMPORT_FAILS_AT_STARTUP
from layerlint.startup.simulate import Failure, find_failures
from layerlint.violation import Violation, list_some

CODE = IMPORT_FAILS_AT_STARTUP.code
__all__ = ["CODE", "Failure", "check", "failures", "message"]


def failures(project: Project) -> list[Failure]:
    """What LL401 finds, worked out once per run (LL105's messages cite it)."""
    if "startup" not in project.shared:
        project.shared["startup"] = find_failures(project)
    return project.shared["startup"]  # type: ignore[return-value]


def check(project: Project) -> list[Violation]:
    violations = []
    for failure in failures(project):
        module = project.modules[failure.importer]
        violations.append(
            Violation(
                CODE,
                None,
                message(project, failure),
                location=(module.path, failure.line, failure.column),
                details=_details(project, failure),
                key=f"{failure.importer}: {failure.statement}",
            )
        )
    return violations


def message(project: Project, failure: Failure) -> str:
    source = project.modules[failure.source].relpath
    chain = " -> ".join(f"{module} (line {line})" for module, line in failure.chain)
    first, *others = failure.entries
    also = f"; so does importing {list_some(others)} first" if others else ""
    return (
        f"Import fails at start-up: `{failure.statement}` runs while {failure.source} is "
        f"still being imported, before it binds '{failure.name}' ({source}:"
        f"{failure.bound_at}): importing {first} first runs {chain} and raises "
        f"ImportError: cannot import name '{failure.name}' from partially initialized "
        f"module '{failure.source}' (most likely due to a circular import){also}"
    )


def _details(project: Project, failure: Failure) -> tuple[str, ...]:
    lines = [f"{project.modules[m].relpath}:{line}: {project.text(m).line(line).strip()}"
             for m, line in failure.chain]
    source = project.modules[failure.source].relpath
    bound = project.text(failure.source).line(failure.bound_at).strip()
    return (*lines, f"{source}:{failure.bound_at}: '{failure.name}' is bound here: {bound}")
