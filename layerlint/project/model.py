"""The data a built project holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import grimp

from layerlint.config import Config
from layerlint.project.scanner import FileScan, ImportStatement


@dataclass(frozen=True)
class ModuleFile:
    name: str  # dotted module name: "app.domain.user"
    path: Path  # absolute path of the file
    relpath: str  # posix path relative to the project root
    is_package: bool  # an __init__.py


@dataclass(frozen=True)
class ImportSite:
    """One import statement of `importer` that imports `imported` (a graph node)."""

    importer: str
    imported: str
    full_name: str  # the absolute name the statement imports: "sqlalchemy.orm.Session"
    statement: ImportStatement


@dataclass
class Project:
    config: Config
    root_packages: tuple[str, ...]
    modules: dict[str, ModuleFile]  # every module with a file, by name
    scans: dict[str, FileScan]  # by module name
    graph: grimp.ImportGraph  # internal modules, plus squashed external packages
    sites: dict[tuple[str, str], list[ImportSite]] = field(default_factory=dict)

    def sites_for(self, importer: str, imported: str) -> list[ImportSite]:
        return self.sites.get((importer, imported), [])

    def is_internal(self, module: str) -> bool:
        return any(module == p or module.startswith(p + ".") for p in self.root_packages)
