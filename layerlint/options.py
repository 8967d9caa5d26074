"""What a run is asked to do: shared by the CLI, the flake8 plugin and the engine."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

CACHE_DIR_NAME = ".layerlint_cache"
BASELINE_NAME = "layerlint-baseline.json"


class RunOptions(NamedTuple):
    paths: Sequence[Path] = (Path("."),)
    config_file: Path | None = None
    use_cache: bool = True
    cache_dir: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    overrides: Mapping[Path, bytes] = MappingProxyType({})  # unsaved editor buffers

    def cache_directory(self, root: Path) -> Path | None:
        """Where the caches of the project at `root` live; None when caching is off."""
        if not self.use_cache:
            return None
        if self.cache_dir:
            return self.cache_dir.resolve()
        # A link in the project could point anywhere (a cloned repository can hold one):
        # layerlint writes only inside the project, so a linked cache is not used at all.
        directory = root / CACHE_DIR_NAME
        return None if directory.is_symlink() else directory
