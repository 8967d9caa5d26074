"""Turn contract violations, and files that cannot be read (or read only in part), into
sorted, filtered lint diagnostics."""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from layerlint.errors import ConfigError
from layerlint.rules import (
    NEWER_SYNTAX,
    RELATIVE_IMPORT_BEYOND_TOP_LEVEL,
    RULES,
    SHADOWED_MODULE,
    UNPARSABLE_FILE,
)
from layerlint.violation import Violation, list_some

if TYPE_CHECKING:
    from layerlint.project import ModuleFile, Project
    from layerlint.project.newer_syntax import NewerSyntax


class Diagnostic(NamedTuple):
    """One reported problem. Sorted by position, code and message; the last three fields
    only break ties."""

    path: str  # as displayed: relative to the current directory
    line: int
    column: int
    code: str
    message: str
    end_line: int = 0
    end_column: int = 0
    severity: str = "error"
    contract: str | None = None
    details: tuple[str, ...] = ()
    source_line: str = ""
    file: Path = Path()  # absolute
    key: str = ""  # what is violated, for baselines
    suppressed: bool = False  # by a noqa comment

    @property
    def url(self) -> str:
        return RULES[self.code].url


class Report(NamedTuple):
    """What a run found, ready for any reporter."""

    diagnostics: list[Diagnostic]
    contracts_checked: int
    files_checked: int
    contracts: tuple[str, ...] = ()  # the names of the contracts checked, in their order

    @property
    def failed(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)


def collect(
    project: Project, violations: Iterable[Violation], *, apply_noqa: bool = True
) -> list[Diagnostic]:
    """All diagnostics of a run, one per statement and contract, sorted. Those a `# noqa`
    comment accepts are left out, or (for callers that apply their own `# noqa`, like
    flake8, or that decide later) kept and marked `suppressed`."""
    by_path = {module.file: module.name for module in project.modules.values()}
    lines = _SourceLines(project, by_path)
    found: dict[tuple, Diagnostic] = {}

    def add(
        module: ModuleFile,
        place: tuple[int, int],
        code: str,
        message: str,
        key: str,
        end: tuple[int, int] | None = None,
    ):
        line, column = place
        end_line, end_column = end or place
        diagnostic = Diagnostic(
            path=display_path(module.path),
            line=line,
            column=column,
            code=code,
            message=message,
            end_line=end_line,
            end_column=end_column,
            severity=RULES[code].severity,
            source_line=lines.get(module.path, line),
            file=module.path,
            key=key,
        )
        found.setdefault(_key(diagnostic), diagnostic)

    for name, error in sorted(project.errors.items()):
        module = project.modules[name]
        message = f"Cannot parse {module.relpath}: {error.message}; its imports are not checked"
        add(module, (error.line, error.column), UNPARSABLE_FILE.code, message, "unparsable")
    for name, note in project.newer_syntax().items():
        module = project.modules[name]
        message = newer_syntax_message(module.relpath, note)
        add(module, (note.line, note.column), NEWER_SYNTAX.code, message, "newer-syntax")
    for module, statement, deepest in _beyond_top_level(project):
        text = statement.line_contents.partition("#")[0].strip()  # no comment in an import
        message = (
            f"'{text}' goes beyond the top-level package: {module.name} "
            f"can take at most {deepest} leading dot{'s' if deepest != 1 else ''}; Python "
            'raises "attempted relative import beyond top-level package" here, and the '
            "import graph leaves it out"
        )
        place, end = (statement.line, statement.column), (statement.end_line, statement.end_column)
        add(module, place, RELATIVE_IMPORT_BEYOND_TOP_LEVEL.code, message, text, end)
    for module in project.shadowed:
        package = module.relpath[: -len(".py")] + "/"
        message = (
            f"{module.relpath} is never imported: the package {package} has the same name "
            f"and Python imports the package; this file is not checked"
        )
        add(module, (1, 1), SHADOWED_MODULE.code, message, "shadowed")
    # Shorter chains first, so a statement keeps its most direct explanation.
    for violation in sorted(violations, key=lambda v: (len(v.details), v.shown_message)):
        diagnostic = _from_violation(project, violation, lines, by_path)
        if not (apply_noqa and diagnostic.suppressed):
            found.setdefault(_key(diagnostic), diagnostic)
    return sorted(found.values())


def _beyond_top_level(project: Project):
    """(module, import statement, the most leading dots the module can take) for each
    relative import that goes beyond its top-level package. A file is parsed only when its
    bytes hold a `from` with more dots than that (python_syntax.most_leading_dots); which
    files do is kept across runs (SourceFiles.flagged)."""
    from layerlint.project.python_syntax import LEADING_DOTS
    from layerlint.project.resolver import deepest_relative_level

    modules, errors, files = project.modules, project.errors, project.files

    def beyond(module: ModuleFile, entry: object) -> bool:
        # (a damaged entry is made again)
        most = entry if type(entry) is int else files.extract(LEADING_DOTS, module)
        return most > deepest_relative_level(module.name, module.is_package)

    for name in sorted(files.flagged(LEADING_DOTS.name, LEADING_DOTS, modules, beyond)):
        if name in errors:
            continue
        module = modules[name]
        deepest = deepest_relative_level(name, module.is_package)
        for statement in project.text(name).scan().imports:
            dots = max(len(n) - len(n.lstrip(".")) for n in statement.names)
            if dots > deepest:
                yield module, statement, deepest


def newer_syntax_message(relpath: str, note: NewerSyntax) -> str:
    """LL905's message: what the running Python could not read of the file, and how it was
    read all the same."""
    running = _version(sys.version_info[:2])
    if note.needs is not None and not note.unread and not note.headers_only:
        return (
            f"{relpath} needs Python {_version(note.needs)} (layerlint runs on Python "
            f"{running}): read with {', '.join(note.read_as)}; nothing else in it was skipped"
        )
    line, _, error = note.error
    message = f"{relpath} cannot be parsed whole by Python {running} ({error}, line {line})"
    message += ": read statement by statement"
    if note.read_as:
        message += f", with {', '.join(note.read_as)}"
    if note.headers_only:
        shown = list_some([f"'{name}'" for name in note.headers_only])
        message += f"; classes read from their headers only (their tables unknown): {shown}"
    if note.unread:
        lines = list_some(list(map(str, note.unread)))
        many = len(note.unread) > 1
        message += f"; not read: the statement{'s' * many} at line{'s' * many} {lines}"
    if not (note.headers_only or note.unread):
        message += "; every statement was read"
    return message


def _version(version: tuple[int, int]) -> str:
    return f"{version[0]}.{version[1]}"


def _key(diagnostic: Diagnostic) -> tuple:
    return (
        diagnostic.path,
        diagnostic.line,
        diagnostic.column,
        diagnostic.code,
        diagnostic.contract,
    )


def silenced(project: Project, violation: Violation) -> bool:
    """Whether a `# noqa` comment accepts this violation where it is reported."""
    if violation.site is not None:
        statement = violation.site.statement
        first, last = statement.line, statement.end_line
        return _silenced(project, violation.site.importer, first, last, violation.code)
    return False


def _silenced(project: Project, module: str, first: int, last: int, code: str) -> bool:
    """Only a `# noqa` naming the code silences it. A bare `# noqa` is written for other
    tools (flake8's unused import on a re-export, typically): an architecture violation
    is not hidden by it."""
    text = project.text(module)
    return any(code in (text.noqa(line) or ()) for line in range(first, last + 1))


def _from_violation(
    project: Project, violation: Violation, lines: _SourceLines, by_path: dict[str, str]
) -> Diagnostic:
    """`by_path` maps files (absolute, as strings) to modules, to find their `# noqa`
    comments."""
    if violation.site is not None:
        path = project.modules[violation.site.importer].path
        statement = violation.site.statement
        return Diagnostic(
            path=display_path(path),
            line=statement.line,
            column=statement.column,
            code=violation.code,
            message=violation.shown_message,
            end_line=statement.end_line,
            end_column=statement.end_column,
            severity=violation.severity,
            contract=violation.contract,
            details=violation.details,
            source_line=lines.get(path, statement.line),
            file=path,
            key=violation.key or f"{violation.site.importer} -> {violation.site.imported}",
            suppressed=silenced(project, violation),
        )
    path, line, column = violation.location or (project.config.path or project.config.root, 1, 1)
    module = by_path.get(str(path))
    suppressed = module is not None and _silenced(project, module, line, line, violation.code)
    return Diagnostic(
        path=display_path(path),
        line=line,
        column=column,
        code=violation.code,
        message=violation.shown_message,
        end_line=line,
        end_column=column,
        severity=violation.severity,
        contract=violation.contract,
        details=violation.details,
        source_line=lines.get(path, line),
        file=path,
        key=violation.key or violation.shown_message,
        suppressed=suppressed,
    )


def parse_selectors(text: str | None, option: str) -> tuple[str, ...]:
    """`LL1,LL902` -> the selectors LL1 and LL902; every selector must be a prefix of some rule code."""
    if not text:
        return ()
    selectors = tuple(s.strip().upper() for s in text.split(",") if s.strip())
    for selector in selectors:
        if selector != "ALL" and not any(code.startswith(selector) for code in RULES):
            raise ConfigError(f"{option}: unknown rule selector '{selector}'")
    return selectors


def select(
    diagnostics: list[Diagnostic], selected: tuple[str, ...], ignored: tuple[str, ...]
) -> list[Diagnostic]:
    def matches(code: str, selectors: tuple[str, ...]) -> bool:
        return any(s == "ALL" or code.startswith(s) for s in selectors)

    return [
        d
        for d in diagnostics
        if (not selected or matches(d.code, selected)) and not matches(d.code, ignored)
    ]


def within(diagnostics: list[Diagnostic], paths: Iterable[Path]) -> list[Diagnostic]:
    """Only the diagnostics located in these files or below these directories."""
    targets = [p.resolve() for p in paths]
    return [d for d in diagnostics if any(d.file == t or t in d.file.parents for t in targets)]


class _SourceLines:
    """Source lines for the reports, read once per reported file (a module's through the
    project, which records what its checks read)."""

    def __init__(self, project: Project, by_path: dict[str, str]) -> None:
        self._project = project
        self._by_path = by_path
        self._files: dict[Path, list[str]] = {}

    def get(self, path: Path, line: int) -> str:
        module = self._by_path.get(str(path))
        if module is not None:
            return self._project.text(module).source_line(line)
        from layerlint.project.reading import read_source
        from layerlint.project.text import shown_line, shown_lines

        if path not in self._files:
            data = read_source(str(path))
            self._files[path] = shown_lines(data) if isinstance(data, bytes) else []
        return shown_line(self._files[path], line)


# A file or folder path as messages write them (relative to the project root): after a
# space, a parenthesis or a quote, ending in `.py` or `/`, before `:line`, a space or the end.
_PATH_IN_MESSAGE = re.compile(
    r"(?<![\w./-])((?:[\w.-]+/)*[\w.-]+\.py|(?:[\w.-]+/)+)(?=[:\s)\],;'`\"]|$)"
)


def with_paths_from_cwd(found: list[Diagnostic], root: Path) -> list[Diagnostic]:
    """The diagnostics with the paths inside their messages and details relative to the
    current directory, as their locations are. Messages are made (and stored, and matched
    by baselines) with paths relative to the project root: this is done when they are
    shown, so that results stored from one directory read the same from another."""
    if Path.cwd() == root:
        return found

    def from_cwd(match: re.Match) -> str:
        relpath = match.group(1)
        target = root / relpath
        if not (target.is_dir() if relpath.endswith("/") else target.is_file()):
            return relpath  # not a path of the project after all
        return display_path(target) + ("/" if relpath.endswith("/") else "")

    return [
        d._replace(
            message=_PATH_IN_MESSAGE.sub(from_cwd, d.message),
            details=tuple(_PATH_IN_MESSAGE.sub(from_cwd, detail) for detail in d.details),
        )
        for d in found
    ]


def display_path(path: Path) -> str:
    """How a path is shown: relative to the current directory."""
    return _relative_to(os.getcwd(), str(path))


@functools.lru_cache(maxsize=8192)  # a report names a file once per diagnostic in it
def _relative_to(directory: str, path: str) -> str:
    inside = directory.rstrip(os.sep) + os.sep
    if path.startswith(inside) and os.path.normpath(path) == path:
        return path[len(inside) :].replace(os.sep, "/")  # what relpath gives, 10x sooner
    try:
        return Path(os.path.relpath(path, directory)).as_posix()
    except ValueError:
        return Path(path).as_posix()


_STORED = (
    "suppressed",
    "line",
    "column",
    "code",
    "message",
    "end_line",
    "end_column",
    "severity",
    "contract",
    "details",
    "source_line",
    "key",
)


def encode(diagnostic: Diagnostic) -> tuple:
    """Plain values for the results cache, which keeps them by file (the displayed path is
    made again on loading)."""
    return tuple(getattr(diagnostic, name) for name in _STORED)


def decode(file: str, items: Iterable[tuple]) -> list[Diagnostic]:
    """The diagnostics of one file, from what `encode` made of them."""
    path = Path(file)
    shown = display_path(path)
    found = []
    for values in items:
        fields = dict(zip(_STORED, values, strict=True))
        fields["details"] = tuple(fields["details"])
        found.append(Diagnostic(path=shown, file=path, **fields))
    return found
