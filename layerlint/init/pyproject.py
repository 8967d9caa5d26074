"""Putting a proposal into pyproject.toml: in place of an old [tool.layerlint], or shown
as a diff first."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from layerlint.config.loader import importlinter_config, parse_toml, tool_tables
from layerlint.diagnostics import display_path
from layerlint.errors import ConfigError

_TABLE = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?\s*(#.*)?$")


def refuse_other_configurations(root: Path) -> None:
    """ConfigError when a configuration other than pyproject.toml's [tool.layerlint] is in
    charge of the project at `root`: a [tool.layerlint] table would silently replace it."""
    if (root / "layerlint.toml").exists():
        raise ConfigError(
            f"{display_path(root / 'layerlint.toml')}: configures this project "
            "already; edit it, or remove it before `layerlint init`"
        )
    if _has_layerlint_table(root / "pyproject.toml"):
        return  # it wins over import-linter's: replacing it is what --force is for
    importlinter = importlinter_config(root)
    if importlinter is not None and importlinter.path is not None:
        count = len(importlinter.contracts)
        raise ConfigError(
            f"{display_path(importlinter.path)}: import-linter's configuration "
            f"({count} contract{'' if count == 1 else 's'}) is in charge of this project, and "
            "`layerlint check` checks it as it is; a [tool.layerlint] table would replace it: "
            "move its contracts there first (docs/migrating-from-import-linter.md), or "
            "remove it, then run `layerlint init`"
        )


def _has_layerlint_table(pyproject: Path) -> bool:
    if not pyproject.is_file():
        return False
    text = _read(pyproject)
    return "layerlint" in tool_tables(parse_toml(text, pyproject), pyproject)


def _read(pyproject: Path) -> str:
    try:
        return pyproject.read_text(encoding="utf-8") if pyproject.exists() else ""
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{display_path(pyproject)}: cannot read: {error}") from None


def update(pyproject: Path, proposal: str, *, force: bool) -> tuple[str, str]:
    """(old text, new text) of pyproject.toml with the proposal in it."""
    old = _read(pyproject)
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
