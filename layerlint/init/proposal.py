"""What `layerlint init` proposes for a project: its application packages, and contracts
that hold today or whose violations today go to the baseline, so that a `layerlint check`
right after `init` reports only what needs no contract, and the next regression fails."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from layerlint import diagnostics
from layerlint.config.discovered import LEFT_OUT, application_packages, where_packages_are
from layerlint.config.loader import config_from_text
from layerlint.contracts import parse_contract
from layerlint.diagnostics import Diagnostic, display_path
from layerlint.errors import ConfigError
from layerlint.init.blocks import Block, sibling_blocks, string_list
from layerlint.options import BASELINE_NAME
from layerlint.project import Project, build_project


class Proposal(NamedTuple):
    text: str  # the [tool.layerlint] tables
    baselined: list[Diagnostic]  # what its contracts find today: the baseline to write
    baseline: bool = True  # whether it names a baseline file (which must then exist)


def propose(root: Path) -> Proposal:
    """The configuration proposed for the project at `root`."""
    source_roots = where_packages_are(root)
    if not source_roots:
        raise ConfigError(
            f"{display_path(root)}: no Python package (a folder with an __init__.py) in it, "
            "in src/ or one folder down: nothing to propose"
        )
    packages = application_packages(source_roots)
    head = _head(root, source_roots, packages)
    pyproject = root / "pyproject.toml"
    project = build_project(config_from_text(_text(head, []), pyproject, root))
    blocks: list[Block] = []
    if len(packages) > 1:
        blocks += sibling_blocks(project, packages, None)
    for package in packages:
        children = sorted(
            c for c in project.graph.find_children(package) if c.rpartition(".")[2].isidentifier()
        )  # a file such as pip's `__pip-runner__.py` is a module no import can name
        blocks += sibling_blocks(project, children, package)
    blocks.append(_acyclic(packages))
    blocks.append(_UNIQUE)
    found = _today(project, _text(head, blocks), pyproject, root)
    counts = Counter(d.contract for d in found)
    notes = [_note(counts[b.name], b) for b in blocks]
    return Proposal(_text(head, blocks, notes), found)


def _head(root: Path, source_roots: tuple[Path, ...], packages: list[str]) -> list[str]:
    roots = [Path(os.path.relpath(r, root)).as_posix() for r in source_roots]
    excluded = _left_out_inside(source_roots, packages)
    lines = [
        "[tool.layerlint]",
        "# Written by `layerlint init` from today's imports: each contract below holds today,",
        "# or says how many of its violations today it recorded in the baseline, so that only",
        "# new ones fail. Tests, docs, examples and tools are no application packages.",
        f"root_packages = {string_list(packages)}",
        f"source_roots = {string_list(roots)}",
    ]
    if excluded:
        lines += ["# Not application code (migrations run apart from it).",
                  f"exclude = {string_list(excluded)}"]
    return lines + [
        "# Imports under `if TYPE_CHECKING:` never run: typed code uses them to break cycles.",
        "exclude_type_checking_imports = true",
        f'baseline = "{BASELINE_NAME}"',
    ]


def _left_out_inside(source_roots: tuple[Path, ...], packages: list[str]) -> list[str]:
    """The folder names of LEFT_OUT found inside the packages (an Alembic folder, tests)."""
    found: set[str] = set()
    for package in packages:
        for source_root in source_roots:
            for folder, subfolders, _ in os.walk(source_root / package):
                found.update(d for d in subfolders if d in LEFT_OUT and d != "__pycache__")
                subfolders[:] = sorted(
                    d for d in subfolders if d not in LEFT_OUT and not d.startswith(".")
                )
    return sorted(found)


def _acyclic(packages: list[str]) -> Block:
    """One contract for all the packages: a cycle may pass through several."""
    return Block(
        f"No import cycles in {packages[0]}" if len(packages) == 1 else "No import cycles",
        ("Import cycles make start-up depend on import order: none among these modules.",),
        ('type = "acyclic"', f"packages = {string_list(packages)}"),
    )


_UNIQUE = Block(
    "One class per service and repository",
    ("Two classes with one name drift apart, and code imports the wrong one.",),
    ('type = "unique"', 'classes = ["*Service", "*Repository"]'),
)


def _text(head: list[str], blocks: list[Block], notes: list[str] | None = None) -> str:
    lines = list(head)
    for block, note in zip(blocks, notes or [""] * len(blocks)):
        lines += block.lines(note)
    return "\n".join(lines) + "\n"


def _today(project: Project, text: str, pyproject: Path, root: Path) -> list[Diagnostic]:
    """What the proposed contracts find on the project today."""
    config = config_from_text(text, pyproject, root)
    contracts = [parse_contract(c, config.path) for c in config.contracts]
    violations = [v for contract in contracts for v in contract.check(project)]
    return [d for d in diagnostics.collect(project, violations) if d.contract]


def _note(count: int, block: Block) -> str:
    if not count or not block.name:
        return ""
    noun = "violation" if count == 1 else "violations"
    return f"Today: {count} {noun}, recorded in {BASELINE_NAME} by `layerlint init`."
