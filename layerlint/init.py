"""`layerlint init`: a starter configuration proposed from the project as it is.

The root packages and source roots are detected; each root package gets an `acyclic`
contract and a `layers` contract ordering its subpackages by their current dependencies
(so that it holds today and stops new upward imports); a `unique` contract covers the
classes teams most often define twice.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from layerlint.config import Config
from layerlint.config.loader import parse_toml, tool_tables
from layerlint.contracts.cycles import strongly_connected
from layerlint.diagnostics import display_path
from layerlint.errors import ConfigError
from layerlint.options import BASELINE_NAME
from layerlint.project import build_project
from layerlint.project.discovery import find_root_packages

_TABLE = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?\s*(#.*)?$")


def propose(root: Path) -> str:
    """The [tool.layerlint] text for the project at `root`."""
    source_roots = ["src"] if (root / "src").is_dir() else ["."]
    config = Config(
        root=root,
        path=None,
        root_packages=(),
        source_roots=tuple((root / r).resolve() for r in source_roots),
        include_external_packages=False,
    )
    packages = sorted({name for name, _ in find_root_packages(config)})
    # The graph the written configuration will check (external packages included, its
    # default): grimp takes an import of a missing module of the project for an external
    # package and squashes it to its top name, the root package, which chains can pass.
    project = build_project(
        Config(
            root=root,
            path=None,
            root_packages=tuple(packages),
            source_roots=config.source_roots,
        )
    )
    lines = [
        "[tool.layerlint]",
        "# Written by `layerlint init`: the packages found, a layers contract that holds today,",
        "# and contracts that may not hold yet. `layerlint check --write-baseline` records",
        "# today's problems in the baseline file, so that only new ones fail.",
        f"root_packages = {_list(packages)}",
        f"source_roots = {_list(source_roots)}",
        f'baseline = "{BASELINE_NAME}"',
    ]
    for package in packages:
        lines += _layers(project, package)
    for package in packages:
        lines += [
            "",
            "[[tool.layerlint.contracts]]",
            "# Import cycles make start-up depend on import order: none among these modules.",
            f'name = "No import cycles in {package}"',
            'type = "acyclic"',
            f"packages = {_list([package])}",
        ]
    lines += [
        "",
        "[[tool.layerlint.contracts]]",
        "# Two classes with one name drift apart, and code imports the wrong one.",
        'name = "One class per service and repository"',
        'type = "unique"',
        'classes = ["*Service", "*Repository"]',
    ]
    return "\n".join(lines) + "\n"


def _layers(project, package: str) -> list[str]:
    """A `layers` contract for the package's children, highest (importing the most) first."""
    # A file such as pip's `__pip-runner__.py` is a module of the graph, but no layer
    # name: no import can name it.
    children = sorted(c for c in project.graph.find_children(package) if _tail(c).isidentifier())
    if len(children) < 2:
        return []

    # A layers contract follows chains of imports, through any module: so must the order.
    depends: dict[str, set[str]] = {
        a: {
            b
            for b in children
            if a != b and project.graph.chain_exists(importer=a, imported=b, as_packages=True)
        }
        for a in children
    }
    components = strongly_connected(depends)
    unit_of = {child: (child,) for child in children}
    for component in components:
        for member in component:
            unit_of[member] = tuple(component)
    units = sorted(set(unit_of.values()))
    below: dict[tuple, set[tuple]] = {
        unit: {unit_of[d] for member in unit for d in depends[member]} - {unit} for unit in units
    }
    level: dict[tuple, int] = {}

    def level_of(unit: tuple) -> int:  # longest path down: a unit sits above all it imports
        if unit not in level:
            level[unit] = 1 + max((level_of(b) for b in below[unit]), default=-1)
        return level[unit]

    rows: list[str] = []
    for height in sorted({level_of(u) for u in units}, reverse=True):
        same = [u for u in units if level_of(u) == height]
        plain = [u[0] for u in same if len(u) == 1]
        if plain:
            rows.append(f"    {_string(' | '.join(_tail(n) for n in plain))},")
        for cycle in (u for u in same if len(u) > 1):
            rows.append(
                f"    {_string(' : '.join(_tail(n) for n in cycle))},"
                "  # these import each other (a cycle): they share a layer"
            )
    return [
        "",
        "[[tool.layerlint.contracts]]",
        f"# {package}'s subpackages, ordered by today's imports: each may import those below,",
        "# never those above. '|' separates independent siblings, ':' siblings that import",
        "# each other. Reorder to the architecture you want; the violations then show.",
        f'name = "Layers of {package}"',
        'type = "layers"',
        f"containers = {_list([package])}",
        "layers = [",
        *rows,
        "]",
    ]


def _tail(module: str) -> str:
    return module.rpartition(".")[2]


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _list(items: list[str]) -> str:
    return "[" + ", ".join(_string(item) for item in items) + "]"


def update(pyproject: Path, proposal: str, *, force: bool) -> tuple[str, str]:
    """(old text, new text) of pyproject.toml with the proposal in it."""
    try:
        old = pyproject.read_text(encoding="utf-8") if pyproject.exists() else ""
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{display_path(pyproject)}: cannot read: {error}") from None
    if (pyproject.parent / "layerlint.toml").exists():
        raise ConfigError(
            f"{display_path(pyproject.parent / 'layerlint.toml')}: configures this project "
            "already; edit it, or remove it before `layerlint init`"
        )
    kept, had = _without_layerlint(old)
    if _has_layerlint(kept, pyproject):
        raise ConfigError(
            f"{display_path(pyproject)}: [tool.layerlint] is written in a form `layerlint "
            "init` cannot replace (dotted keys or an inline table): edit it by hand"
        )
    if had and not force:
        raise ConfigError(
            f"{display_path(pyproject)}: [tool.layerlint] exists already: use --force to "
            "replace it, or "
            "--diff to see the proposal"
        )
    new = kept.rstrip("\n") + ("\n\n" if kept.strip() else "") + proposal
    return old, new


def _has_layerlint(text: str, pyproject: Path) -> bool:
    return "layerlint" in tool_tables(parse_toml(text, pyproject), pyproject)


def _without_layerlint(text: str) -> tuple[str, bool]:
    """The text without its [tool.layerlint...] tables, and whether it had any."""
    kept, inside, had = [], False, False
    for line in text.splitlines(keepends=True):
        match = _TABLE.match(line)
        if match:
            name = match.group(1).replace(" ", "").replace('"', "")
            inside = name == "tool.layerlint" or name.startswith("tool.layerlint.")
            had = had or inside
        if not inside:
            kept.append(line)
    return "".join(kept), had


def diff(old: str, new: str, name: str) -> str:
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), name, name
        )
    )
