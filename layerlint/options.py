"""What a run is asked to do: shared by the CLI, the flake8 plugin and the engine."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

CACHE_DIR_NAME = ".layerlint_cache"
BASELINE_NAME = "layerlint-baseline.json"
DEFAULT_BASELINE = Path("<the configured baseline>")  # --write-baseline without a file


class RunOptions(NamedTuple):
    paths: Sequence[Path] = (Path("."),)
    config_file: Path | None = None
    use_cache: bool = True
    cache_dir: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    overrides: Mapping[Path, bytes] = MappingProxyType({})  # unsaved editor buffers
    write_baseline: Path | None = None  # record every diagnostic here instead of reporting

    def cache_directory(self, root: Path) -> Path | None:
        """Where the caches of the project at `root` live; None when caching is off."""
        if not self.use_cache:
            return None
        return self.cache_dir.resolve() if self.cache_dir else root / CACHE_DIR_NAME
