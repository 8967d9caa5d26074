"""Configuration: find it, read it (layerlint's own or import-linter's), validate it."""

from layerlint.config.loader import load_config
from layerlint.config.model import Config, ContractConfig

__all__ = ["Config", "ContractConfig", "load_config"]
