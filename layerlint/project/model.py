"""The data a built project holds.

The graph comes from grimp's fast scanner for every file; the finer detail of a file
(columns, `# noqa`, whether an import runs at import time, full imported names) comes
from a Python AST scan made only for the files that need it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import grimp

from layerlint.config import Config
from layerlint.project.resolver import Resolver
from layerlint.project.scanner import FileScan, ImportStatement, ParseError


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
    full_names: tuple[str, ...]  # what the statement imports: ("sqlalchemy.orm.Session",)
    statement: ImportStatement


# (line number, line contents) of each import, as grimp records it.
ImportLines = tuple[tuple[int, str], ...]


@dataclass
class Project:
    config: Config
    root_packages: tuple[str, ...]
    modules: dict[str, ModuleFile]  # every module with a file, by name
    graph: grimp.ImportGraph  # internal modules, plus squashed external packages
    imports: dict[tuple[str, str], ImportLines]  # (importer, imported) -> its import lines
    errors: dict[str, ParseError]  # modules whose file could not be parsed
    resolver: Resolver
    detail_scanner: Callable[[ModuleFile], FileScan]
    _scans: dict[str, FileScan] = field(default_factory=dict)
    _sites: dict[tuple[str, str], list[ImportSite]] = field(default_factory=dict)

    def scan(self, module: str) -> FileScan:
        """The detailed scan of one module's file (cached)."""
        if module not in self._scans:
            self._scans[module] = self.detail_scanner(self.modules[module])
        return self._scans[module]

    def statement_count(self, importer: str, imported: str) -> int:
        return len(self.imports.get((importer, imported), ()))

    def sites_for(self, importer: str, imported: str) -> list[ImportSite]:
        key = (importer, imported)
        if key not in self._sites:
            self._sites[key] = self._locate(importer, imported)
        return self._sites[key]

    def is_internal(self, module: str) -> bool:
        return any(module == p or module.startswith(p + ".") for p in self.root_packages)

    def _locate(self, importer: str, imported: str) -> list[ImportSite]:
        lines = self.imports.get((importer, imported), ())
        if not lines:
            return []
        module = self.modules[importer]
        statements = self.scan(importer).imports
        sites = []
        for number, contents in lines:
            matches = []
            on_line = [s for s in statements if s.line == number]
            for statement in on_line:
                names = tuple(
                    resolved[1]
                    for resolved in (
                        self.resolver.resolve(importer, module.is_package, n)
                        for n in statement.names
                    )
                    if resolved is not None and resolved[0] == imported
                )
                if names:
                    matches.append(ImportSite(importer, imported, names, statement))
            if not matches and on_line:
                matches = [ImportSite(importer, imported, (imported,), on_line[0])]
            if not matches:  # the file changed since grimp read it: keep grimp's word
                indent = len(contents) - len(contents.lstrip())
                statement = ImportStatement(
                    number, indent + 1, number, len(contents) + 1, (imported,), contents, False, True
                )
                matches = [ImportSite(importer, imported, (imported,), statement)]
            sites.extend(matches)
        return sites
