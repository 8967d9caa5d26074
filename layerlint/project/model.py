"""The data a built project holds.

The graph comes from grimp's fast scanner for every file; the finer detail of a file
(columns, `# noqa`, whether an import runs at import time, full imported names) comes
from a Python AST scan made only for the files that need it.
"""

from __future__ import annotations

import functools
from collections.abc import Container, Iterator, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from layerlint.config import Config
from layerlint.project.discovery import ModuleFile
from layerlint.project.files import SourceFiles
from layerlint.project.graph import ProjectGraph
from layerlint.project.newer_syntax import NewerSyntax
from layerlint.project.resolver import Resolver
from layerlint.project.scanner import ImportStatement, ParseError
from layerlint.project.text import ModuleText


class ImportSite(NamedTuple):
    """One import statement of `importer` that imports `imported` (a graph node)."""

    importer: str
    imported: str
    full_names: tuple[str, ...]  # what the statement imports: ("sqlalchemy.orm.Session",)
    statement: ImportStatement


class ImportLines(Mapping[tuple[str, str], tuple[int, ...]]):
    """(importer, imported) -> the line number of each of its imports, looked up in the
    importer's own list as scanned rather than copied into one large table."""

    def __init__(self, by_importer: Mapping[str, tuple[tuple[str, int], ...]]) -> None:
        self._by_importer = by_importer
        # importer -> imported -> lines, made for the importers asked about (a chain's
        # details ask about each of its steps: 19,000 lookups at 20,000 modules)
        self._indexed: dict[str, dict[str, tuple[int, ...]]] = {}

    def __getitem__(self, key: tuple[str, str]) -> tuple[int, ...]:
        found = self.get(key)
        if not found:
            raise KeyError(key)
        return found

    def get(self, key: tuple[str, str], default: tuple[int, ...] = ()) -> tuple[int, ...]:
        # Overrides Mapping.get (which goes through __getitem__ and KeyError): a hot path.
        importer, imported = key
        index = self._indexed.get(importer)
        if index is None:
            index = self._indexed[importer] = {}
            for name, line in self._by_importer.get(importer, ()):
                index[name] = (*index.get(name, ()), line)
        return index.get(imported) or default

    def of(self, importer: str) -> tuple[tuple[str, int], ...]:
        """The importer's (imported, line) pairs, as scanned."""
        return self._by_importer.get(importer, ())

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for importer in sorted(self._by_importer):
            for imported in dict.fromkeys(name for name, _ in self._by_importer[importer]):
                yield (importer, imported)

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass
class Project:
    config: Config
    root_packages: tuple[str, ...]
    modules: dict[str, ModuleFile]  # every module with a file, by name
    graph: ProjectGraph  # internal modules, plus squashed external packages
    imports: ImportLines  # (importer, imported) -> its import lines
    errors: dict[str, ParseError]  # modules whose file could not be parsed
    resolver: Resolver
    files: SourceFiles
    warnings: tuple[str, ...] = ()  # for stderr: parts of the project that could not be read
    shadowed: tuple[ModuleFile, ...] = ()  # files `x.py` that a package `x/` hides (LL904)
    # modules Python imports but the graph leaves out (folders without __init__.py inside
    # a package): only the symbol rules read them, through `symbol_modules`
    hidden: dict[str, ModuleFile] = field(default_factory=dict)
    _texts: dict[str, ModuleText] = field(default_factory=dict)
    _sites: dict[tuple[str, str], list[ImportSite]] = field(default_factory=dict)
    # What one check works out and another reuses in the same run (startup/: LL401's
    # findings, which LL105's messages cite), by the name of what it is.
    shared: dict[str, object] = field(default_factory=dict)

    def text(self, module: str) -> ModuleText:
        """What the checks read of a module's text beyond its imports (recorded: see
        project/text.py)."""
        if module not in self._texts:
            file = self.modules[module]
            parsed = module not in self.errors
            self._texts[module] = ModuleText(
                functools.partial(self.files.contents, file),
                functools.partial(self.files.detail_scan, file),  # not a lambda: no cycle
                parsed=parsed,
                outline=functools.partial(self.files.outline, file),
                shared=self.files.made_of_text(file) if parsed else None,
                kept=functools.partial(self.files.answers, file) if parsed else None,
            )
        return self._texts[module]

    def newer_syntax(self) -> dict[str, NewerSyntax]:
        """The modules this run read with Python's parser that it could not read as written
        (LL905), but not those that cannot be parsed at all (`errors`, LL901)."""
        found = self.files.newer_syntax_each(self.modules, self.errors)
        return {name: found[name] for name in sorted(found)}

    def texts_taken(self, only: Container[str] | None = None) -> dict[str, tuple]:
        """The questions asked of each module's text (of those `only` names) and their
        answers, in order, for the modules whose text was asked anything."""
        return {
            name: tuple(text.taken.items())
            for name, text in self._texts.items()
            if text.taken and (only is None or name in only)
        }

    def statement_count(self, importer: str, imported: str) -> int:
        return len(self.imports.get((importer, imported), ()))

    def sites_for(self, importer: str, imported: str) -> list[ImportSite]:
        key = (importer, imported)
        if key not in self._sites:
            self._sites[key] = self._locate(importer, imported)
        return self._sites[key]

    def import_time(self, site: ImportSite) -> tuple[bool, bool]:
        """(runs at import time, under TYPE_CHECKING) for a site: this needs the whole file."""
        statement = site.statement
        if statement.at_import_time is None or statement.type_checking is None:
            for full in self.text(site.importer).scan().imports:
                if (full.line, full.column) == (statement.line, statement.column):
                    statement = full
                    break
            else:
                return True, False
        return bool(statement.at_import_time), bool(statement.type_checking)

    def is_unfound_import(self, importer: str, imported: str) -> bool:
        """Whether the graph's import of a root package stands only for imports of modules
        inside it that grimp cannot find (a folder without __init__.py, a compiled
        extension): grimp records those as imports of the root package, whose code they do
        not run (flask: `from .sansio.app import App`)."""
        sites = self.sites_for(importer, imported) if imported in self.root_packages else []
        return bool(sites) and all(self.is_unfound_site(site) for site in sites)

    def is_unfound_site(self, site: ImportSite) -> bool:
        """Whether the statement imports only modules inside a root package that grimp
        cannot find, and which it records as imports of that root package."""
        package = site.imported
        return package in self.root_packages and all(
            n.startswith(f"{package}.") and n.rpartition(".")[0] != package for n in site.full_names
        )

    @functools.cached_property
    def symbol_modules(self) -> dict[str, ModuleFile]:
        """Every module Python can import: those of the graph, and the hidden ones."""
        return {**self.hidden, **self.modules} if self.hidden else self.modules

    def is_internal(self, module: str) -> bool:
        return module in self.root_packages or module.startswith(self._root_prefixes)

    @functools.cached_property
    def _root_prefixes(self) -> tuple[str, ...]:
        return tuple(f"{p}." for p in self.root_packages)

    def _locate(self, importer: str, imported: str) -> list[ImportSite]:
        lines = self.imports.get((importer, imported), ())
        if not lines:
            return []
        module = self.modules[importer]
        sites = []
        for number in lines:
            matches = []
            on_line = self.text(importer).statements_on(number)
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
            if not matches:  # the file changed since grimp read it: keep grimp's line
                text = self.text(importer).line(number).strip()
                statement = ImportStatement(
                    number, 1, number, len(text) + 1, (imported,), text, False, True
                )
                matches = [ImportSite(importer, imported, (imported,), statement)]
            sites.extend(matches)
        return sites
