"""Contract types, each in its own module with one `parse()` and one `check()`."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from layerlint.config import ContractConfig
from layerlint.errors import ConfigError, did_you_mean
from layerlint.project import Project
from layerlint.violation import Violation

if TYPE_CHECKING:
    from layerlint.contracts.cycles import Breakers

# Each type's module is named after it, and loaded when a contract of that type is read.
CONTRACT_TYPES = (
    "layers",
    "forbidden",
    "independence",
    "protected",
    "private_modules",
    "acyclic",
    "acyclic_siblings",
    "unique",
)


def contract_type(name: str) -> ContractType:
    return cast(ContractType, importlib.import_module(f"layerlint.contracts.{name}"))


class ContractType(Protocol):
    """What each contract type's module holds (`layerlint/contracts/<type>.py`)."""

    TYPE_NAME: str  # as written in `type = ...`
    CODE: str  # the rule it reports (layerlint/rules/)

    def parse(self, contract: ContractConfig, config_path: Path | None) -> object:
        """The contract's options, validated: raises ConfigError naming the key at fault."""

    def check(self, project: Project, spec: object) -> list[Violation]:
        """Every violation of the contract in the project; prints nothing."""


class Contract:
    """A parsed contract, ready to check."""

    def __init__(self, kind: ContractType, spec: object, name: str):
        self.kind = kind
        self.spec = spec
        self.name = name

    def check(self, project: Project, known: Breakers | None = None) -> list[Violation]:
        """`known`: the cycle breakers this analysis has found so far, for a type that
        breaks cycles (SHARES_BREAKERS) to reuse and add to."""
        if known is not None and getattr(self.kind, "SHARES_BREAKERS", False):
            return self.kind.check(project, self.spec, known)
        return self.kind.check(project, self.spec)

    def stack(self, project: Project) -> list[tuple[str, tuple[str, ...]]]:
        """The layers a drawing stacks for it (only a `layers` contract has any): each as
        (its label, the modules it stands for)."""
        layers = getattr(self.kind, "stack", None)
        return layers(project, self.spec) if layers is not None else []


def parse_contract(contract: ContractConfig, config_path: Path | None) -> Contract:
    if contract.type not in CONTRACT_TYPES:
        hint = did_you_mean(contract.type, CONTRACT_TYPES)
        raise ConfigError(
            f"{contract.where}: key 'type': unknown contract type {contract.type!r}{hint}"
        )
    kind = contract_type(contract.type)
    return Contract(kind, kind.parse(contract, config_path), contract.name)


__all__ = ["CONTRACT_TYPES", "Contract", "Violation", "contract_type", "parse_contract"]
