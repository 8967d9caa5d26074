"""`layerlint init` on a project that import-linter configures (`.importlinter`, setup.cfg,
`[tool.importlinter]`): its contracts carried over into [tool.layerlint] as they are, with
import-linter's settings, so that `layerlint check` checks what it checked before (layerlint
reads [tool.layerlint] first; lint-imports goes on reading its own file)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from layerlint.config import Config
from layerlint.contracts import parse_contract
from layerlint.diagnostics import display_path
from layerlint.init.proposal import Proposal


def carry_over(importlinter: Config) -> Proposal:
    """The [tool.layerlint] tables that say what `importlinter` says."""
    assert importlinter.path is not None
    source = display_path(importlinter.path)
    root = importlinter.root
    roots = [Path(os.path.relpath(r, root)).as_posix() for r in importlinter.source_roots]
    lines = [
        "[tool.layerlint]",
        f"# Carried over by `layerlint init` from {source}: import-linter's contracts and",
        "# settings, as they are (layerlint reads this table first; lint-imports goes on",
        f"# reading {source}). `layerlint init --force` once {source} is gone proposes",
        "# contracts from the imports of today instead.",
        f"root_packages = {_value(list(importlinter.root_packages))}",
        f"source_roots = {_value(roots)}",
        f"include_external_packages = {_value(importlinter.include_external_packages)}",
        f"exclude_type_checking_imports = {_value(importlinter.exclude_type_checking_imports)}",
    ]
    for contract in importlinter.contracts:
        typed: dict[str, object] = {}
        parse_contract(contract._replace(typed=typed), importlinter.path)
        lines += ["", "[[tool.layerlint.contracts]]", f"name = {_value(contract.name)}"]
        if contract.id is not None and contract.id != contract.name:
            lines.append(f"id = {_value(contract.id)}")
        lines.append(f"type = {_value(contract.type)}")
        for key, raw in contract.options.items():  # in the order written
            lines.append(f"{key} = {_value(typed.get(key, raw))}")
    return Proposal("\n".join(lines) + "\n", [], baseline=False)


def _value(value: object) -> str:
    """A TOML value: JSON's strings are TOML's basic strings, its lists TOML's arrays."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and len(value) > 3:
        return (
            "[\n"
            + "".join(f"    {json.dumps(item, ensure_ascii=False)},\n" for item in value)
            + "]"
        )
    return json.dumps(value, ensure_ascii=False)
