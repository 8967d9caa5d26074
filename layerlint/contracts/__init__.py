"""Contract types, each in its own module with one `parse()` and one `check()`."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from layerlint.config import ContractConfig
from layerlint.contracts import (
    acyclic,
    acyclic_siblings,
    forbidden,
    independence,
    layers,
    protected,
    unique,
)
from layerlint.errors import ConfigError, did_you_mean
from layerlint.project import Project
from layerlint.violation import Violation

CONTRACT_TYPES: dict[str, ModuleType] = {
    module.TYPE_NAME: module
    for module in (layers, forbidden, independence, protected, acyclic, acyclic_siblings, unique)
}


class Contract:
    """A parsed contract, ready to check."""

    def __init__(self, kind: ModuleType, spec: object, name: str):
        self.kind = kind
        self.spec = spec
        self.name = name

    def check(self, project: Project) -> list[Violation]:
        return self.kind.check(project, self.spec)


def parse_contract(contract: ContractConfig, config_path: Path | None) -> Contract:
    kind = CONTRACT_TYPES.get(contract.type)
    if kind is None:
        hint = did_you_mean(contract.type, CONTRACT_TYPES)
        raise ConfigError(
            f"{contract.where}: key 'type': unknown contract type {contract.type!r}{hint}"
        )
    return Contract(kind, kind.parse(contract, config_path), contract.name)


__all__ = ["CONTRACT_TYPES", "Contract", "Violation", "parse_contract"]
