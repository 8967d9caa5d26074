"""Putting a proposal into pyproject.toml: in place of an old [tool.layerlint], or shown
as a diff first."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from layerlint.config import Config
from layerlint.config.loader import importlinter_config, parse_toml, tool_tables
from layerlint.diagnostics import display_path
from layerlint.errors import ConfigError

_TABLE = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?\s*(#.*)?$")


def configuration_in_charge(root: Path) -> Config | None:
    """import-linter's configuration, when it is in charge of the project at `root` (init
    carries its contracts over); ConfigError when a layerlint.toml is, which a
    [tool.layerlint] table would silently replace."""
    if (root / "layerlint.toml").exists():
        raise ConfigError(
            f"{display_path(root / 'layerlint.toml')}: configures this project "
            "already; edit it, or remove it before `layerlint init`"
        )
    if _has_layerlint_table(root / "pyproject.toml"):
        return None  # it wins over import-linter's: replacing it is what --force is for
    importlinter = importlinter_config(root)
    return importlinter if importlinter is not None and importlinter.path is not None else None


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


def newline_of(pyproject: Path) -> str:
    """The line ending the file uses ("\r\n" or "\n"), for writing it back as it was."""
    try:
        with pyproject.open("rb") as file:
            return "\r\n" if b"\r\n" in file.read(65536) else "\n"
    except OSError:
        return "\n"


def diff(old: str, new: str, name: str) -> str:
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), name, name
        )
    )
