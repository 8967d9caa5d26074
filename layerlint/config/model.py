"""What a loaded configuration holds."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple


class ContractConfig(NamedTuple):
    """One contract as written: its type and its raw options, validated by the contract type."""

    type: str
    name: str
    options: Mapping[str, object]
    where: str  # how error messages name it: "pyproject.toml: contract 'Layers' (#1)"
    lenient: bool = False  # import-linter configs write booleans and lists as strings
    id: str | None = None
    # Where its table starts in the file: (regex of the header line, which occurrence).
    anchor: tuple[str, int] | None = None
    # When given, its type's reading writes each option into it as read (typed: a list, a
    # bool, an int or a string): `layerlint init` carries import-linter's contracts over
    typed: dict[str, object] | None = None


class Config(NamedTuple):
    root: Path  # the project root: paths in the config are relative to it
    path: Path | None  # the config file, when there is one
    root_packages: tuple[str, ...]  # empty: every top-level package under the source roots
    source_roots: tuple[Path, ...]
    exclude: tuple[str, ...] = ()
    include_external_packages: bool = True
    exclude_type_checking_imports: bool = False
    contracts: tuple[ContractConfig, ...] = ()
    orm_bases: tuple[str, ...] = ()  # the declarative bases the project means to have
    orm_where: str = ""  # how errors name the [tool.layerlint.orm] table
    baseline: Path | None = None  # diagnostics recorded there are not reported
    source_format: str = "layerlint"  # or "importlinter"
