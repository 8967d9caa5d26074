"""What a run is asked to do: shared by the CLI, the flake8 plugin and the engine."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

CACHE_DIR_NAME = ".layerlint_cache"
BASELINE_NAME = "layerlint-baseline.json"
DEFAULT_BASELINE = Path("<the configured baseline>")  # --write-baseline without a file


@dataclass(frozen=True)
class RunOptions:
    paths: Sequence[Path] = (Path("."),)
    config_file: Path | None = None
    use_cache: bool = True
    cache_dir: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    overrides: Mapping[Path, bytes] = field(default_factory=dict)  # unsaved editor buffers
    write_baseline: Path | None = None  # record every diagnostic here instead of reporting

    def cache_directory(self, root: Path) -> Path | None:
        """Where the caches of the project at `root` live; None when caching is off."""
        if not self.use_cache:
            return None
        return self.cache_dir.resolve() if self.cache_dir else root / CACHE_DIR_NAME
