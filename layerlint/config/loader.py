"""Find the configuration file and turn it into a `Config`.

layerlint's own `[tool.layerlint]` (or a top-level `layerlint.toml`) wins; without it,
import-linter's configuration is read so that its users can switch without rewriting.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from layerlint.config.discovered import discovered_config
from layerlint.config.fields import Options, describe
from layerlint.config.model import Config, ContractConfig
from layerlint.errors import ConfigError

if TYPE_CHECKING:
    import configparser

import tomllib

_IMPORTLINTER_SECTION = "importlinter"


def load_config(start: Path, config_file: Path | None = None) -> Config:
    """Read the configuration for the project at `start` (a directory or a file in it)."""
    start = start.resolve()
    start_dir = start if start.is_dir() else start.parent
    if config_file is not None:
        config_file = config_file.resolve()
        if not config_file.is_file():
            raise ConfigError(f"{_display(config_file)}: config file not found")
        # The project is the directory given, or (given a file) the current directory.
        config = _read_any(config_file, root=start if start.is_dir() else Path.cwd())
        if config is None:
            raise ConfigError(
                f"{_display(config_file)}: no [tool.layerlint], [tool.importlinter] or "
                "[importlinter] section found"
            )
        return config
    for directory in (start_dir, *start_dir.parents):
        config = _read_directory(directory)
        if config is not None:
            return config
    return discovered_config(start_dir, _LOOKED_FOR)


_LOOKED_FOR = (
    "[tool.layerlint] in pyproject.toml, layerlint.toml, [importlinter] in setup.cfg or "
    ".importlinter, [tool.importlinter]"
)


def _read_directory(directory: Path) -> Config | None:
    pyproject = directory / "pyproject.toml"
    candidates = [
        (pyproject, _read_layerlint_pyproject),
        (directory / "layerlint.toml", _read_layerlint_toml),
        (directory / "setup.cfg", _read_importlinter_ini),  # import-linter's own order
        (directory / ".importlinter", _read_importlinter_ini),
        (pyproject, _read_importlinter_pyproject),
    ]
    for path, reader in candidates:
        if path.is_file():
            config = reader(path, directory)
            if config is not None:
                return config
    return None


def importlinter_config(directory: Path) -> Config | None:
    """import-linter's configuration of the project in `directory`, if it has one."""
    readers = [
        (directory / "setup.cfg", _read_importlinter_ini),
        (directory / ".importlinter", _read_importlinter_ini),
        (directory / "pyproject.toml", _read_importlinter_pyproject),
    ]
    for path, reader in readers:
        if path.is_file():
            config = reader(path, directory)
            if config is not None:
                return config
    return None


def config_from_text(text: str, path: Path, root: Path) -> Config:
    """The configuration `path` would give with `text` in it (a pyproject.toml whose
    [tool.layerlint] table is not written yet)."""
    table = tool_tables(parse_toml(text, path), path).get("layerlint")
    if not isinstance(table, dict):
        raise ConfigError(f"{_display(path)}: [tool.layerlint] must be a table")
    return _layerlint_config(table, path, root, prefix="tool.layerlint")


def _read_any(path: Path, root: Path) -> Config | None:
    if path.suffix == ".toml":
        if path.name == "layerlint.toml":
            return _read_layerlint_toml(path, root)
        found = _read_layerlint_pyproject(path, root) or _read_importlinter_pyproject(path, root)
        if found is None and path.name != "pyproject.toml" and "tool" not in _load_toml(path):
            return _read_layerlint_toml(path, root)  # any other name: layerlint.toml's form
        return found
    return _read_importlinter_ini(path, root)


# -- layerlint's own format ------------------------------------------------------------------


def _read_layerlint_pyproject(path: Path, root: Path) -> Config | None:
    table = _tool_table(path, "layerlint")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError(f"{_display(path)}: [tool.layerlint] must be a table")
    return _layerlint_config(table, path, root, prefix="tool.layerlint")


def _read_layerlint_toml(path: Path, root: Path) -> Config:
    return _layerlint_config(_load_toml(path), path, root, prefix="")


def _layerlint_config(table: Mapping[str, object], path: Path, root: Path, prefix: str) -> Config:
    where = f"{_display(path)}" + (f": [{prefix}]" if prefix else "")
    options = Options(table, where)
    root_packages = options.strings("root_packages", ())
    for name in root_packages:
        if not all(part.isidentifier() for part in name.split(".")):
            raise options.error("root_packages", f"{name!r} is not a package name")
    default_roots = ["src"] if (root / "src").is_dir() else ["."]
    source_roots = options.paths("source_roots", tuple(default_roots))
    exclude = options.paths("exclude", ())
    include_external = options.boolean("include_external_packages", True)
    exclude_type_checking = options.boolean("exclude_type_checking_imports", False)
    baseline = options.path("baseline")
    raw_contracts = options.has("contracts") and table["contracts"]
    orm_where = f"{_display(path)}: [{prefix + '.' if prefix else ''}orm]"
    orm_bases = _orm_bases(table, options, orm_where)
    options.finish()
    if raw_contracts is not False and not (
        isinstance(raw_contracts, list) and all(isinstance(c, dict) for c in raw_contracts)
    ):
        raise options.error("contracts", "expected an array of tables ([[contracts]])")
    contracts = []
    header = _table_header(f"{prefix}.contracts" if prefix else "contracts")
    for number, raw in enumerate(raw_contracts or [], start=1):
        contracts.append(_native_contract(raw, number, path, (header, number)))
    return Config(
        root=root,
        path=path,
        root_packages=root_packages,
        source_roots=_resolve_roots(source_roots, root, path, "source_roots"),
        exclude=exclude,
        include_external_packages=include_external,
        exclude_type_checking_imports=exclude_type_checking,
        contracts=tuple(contracts),
        orm_bases=orm_bases,
        orm_where=orm_where,
        baseline=(root / baseline).resolve() if baseline else None,
    )


def _orm_bases(table: Mapping[str, object], options: Options, where: str) -> tuple[str, ...]:
    if not options.has("orm"):
        return ()
    if not isinstance(table["orm"], dict):
        raise options.error("orm", "expected a table")
    orm = Options(table["orm"], where)
    bases = orm.strings("bases", ())
    for base in bases:
        if not all(part.isidentifier() for part in base.split(".")):
            raise orm.error("bases", f"{base!r} is not a dotted name like 'app.db.Base'")
    orm.finish()
    return bases


def _table_header(dotted: str) -> str:
    """A regex for the `[[a.b.contracts]]` line, allowing TOML's optional spaces."""
    name = r"\s*\.\s*".join(re.escape(part) for part in dotted.split("."))
    return rf"^\s*\[\[\s*{name}\s*\]\]"


def _native_contract(
    raw: Mapping[str, object], number: int, path: Path, anchor: tuple[str, int]
) -> ContractConfig:
    name = raw.get("name")
    label = f"{_quote(name)} (#{number})" if isinstance(name, str) else f"#{number}"
    where = f"{_display(path)}: contract {label}"
    kind = raw.get("type")
    if not isinstance(kind, str):
        problem = "missing required key 'type'" if kind is None else "key 'type': expected a string"
        raise ConfigError(f"{where}: {problem}")
    if name is not None and not isinstance(name, str):
        raise ConfigError(f"{where}: key 'name': expected a string")
    contract_id = raw.get("id")
    if contract_id is not None and not isinstance(contract_id, str):
        raise ConfigError(f"{where}: key 'id': expected a string")
    options = {k: v for k, v in raw.items() if k not in ("type", "name", "id")}
    return ContractConfig(
        type=kind,
        name=" ".join((name or contract_id or f"{kind} contract #{number}").split()),
        options=options,
        where=where,
        id=contract_id,
        anchor=anchor,
    )


# -- import-linter's formats -----------------------------------------------------------------


def _read_importlinter_pyproject(path: Path, root: Path) -> Config | None:
    table = _tool_table(path, _IMPORTLINTER_SECTION)
    if not table:  # import-linter skips an empty table too
        return None
    if not isinstance(table, dict):
        raise ConfigError(f"{_display(path)}: [tool.importlinter] must be a table")
    where = f"{_display(path)}: [tool.importlinter]"
    raw_contracts = table.get("contracts", [])
    if not isinstance(raw_contracts, list) or not all(isinstance(c, dict) for c in raw_contracts):
        raise ConfigError(f"{where}: key 'contracts': expected an array of tables")
    session = {k: v for k, v in table.items() if k != "contracts"}
    contracts = []
    header = _table_header("tool.importlinter.contracts")
    for number, raw in enumerate(raw_contracts, start=1):
        contract = _native_contract(raw, number, path, (header, number))
        contracts.append(contract._replace(lenient=True))
    return _importlinter_config(session, contracts, path, root, where)


def _read_importlinter_ini(path: Path, root: Path) -> Config | None:
    import configparser  # only for INI files: not loaded by a warm run on pyproject.toml

    parser = configparser.ConfigParser()
    try:
        parser.read_string(_read_text(path), source=str(path))
    except configparser.Error as error:
        first_line = str(error).splitlines()[0]
        raise ConfigError(f"{_display(path)}: invalid INI file: {first_line}") from None
    if _IMPORTLINTER_SECTION not in parser.sections():
        return None
    session = _ini_section(parser[_IMPORTLINTER_SECTION], path)
    contracts = []
    for section in parser.sections():
        if not section.startswith(f"{_IMPORTLINTER_SECTION}:"):
            continue
        contract_id = section.split(":")[-1]
        where = f"{_display(path)}: [{section!s}]"
        raw = _ini_section(parser[section], path)
        kind = raw.pop("type", None)
        if not isinstance(kind, str):
            raise ConfigError(f"{where}: missing required key 'type'")
        name = raw.pop("name", None)
        if name is not None and not isinstance(name, str):
            raise ConfigError(f"{where}: key 'name': expected a single line")
        contracts.append(
            ContractConfig(
                kind,
                name or contract_id,
                raw,
                where,
                lenient=True,
                id=contract_id,
                anchor=(rf"^\s*\[{re.escape(section)}\]", 1),
            )
        )
    return _importlinter_config(
        session, contracts, path, root, f"{_display(path)}: [{_IMPORTLINTER_SECTION}]"
    )


def _ini_section(section: configparser.SectionProxy, path: Path) -> dict[str, object]:
    """Multi-line INI values are lists, one item per line (import-linter's convention).
    Values are interpolated, as import-linter's configparser does: `%%` is a `%`, and
    `%(key)s` the value of another key of the section."""
    import configparser

    values: dict[str, object] = {}
    for key in section:
        try:
            value = section[key].strip()
        except configparser.InterpolationError as error:
            reference = getattr(error, "reference", None)  # `%(name)s` naming no key
            problem = (
                f"'%({reference})s' names no key of this section"
                if reference
                else str(error).splitlines()[0]
            )
            raise ConfigError(
                f"{_display(path)}: [{section.name}]: key '{key}': {problem} "
                "(a '%' is written '%%')"
            ) from None
        values[key] = value.split("\n") if "\n" in value else value
    return values


def _importlinter_config(
    session: Mapping[str, object],
    contracts: list[ContractConfig],
    path: Path,
    root: Path,
    where: str,
) -> Config:
    options = Options(session, where, lenient=True)
    if options.has("contract_types"):
        raise options.error("contract_types", "custom contract types are not supported")
    packages = options.strings("root_packages", ()) + (
        (options.string("root_package"),) if options.has("root_package") else ()
    )
    if not packages:
        raise ConfigError(f"{where}: missing required key 'root_package' (or 'root_packages')")
    include_external = options.boolean("include_external_packages", False)
    exclude_type_checking = options.boolean("exclude_type_checking_imports", False)
    options.finish(ignored=("cache_dir", "show_timings"))  # lint-imports' own run options
    # import-linter finds packages on sys.path; without an installed project that is the
    # project directory itself or its src/ folder.
    roots = [r for r in (root, root / "src") if r.is_dir()]
    return Config(
        root=root,
        path=path,
        root_packages=packages,
        source_roots=tuple(roots),
        include_external_packages=include_external,
        exclude_type_checking_imports=exclude_type_checking,
        contracts=tuple(contracts),
        source_format="importlinter",
    )


# -- helpers ---------------------------------------------------------------------------------


def _load_toml(path: Path) -> dict:
    return parse_toml(_read_text(path), path)


def parse_toml(text: str, path: Path) -> dict:
    """The TOML document `text`, read from `path`."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{_display(path)}: invalid TOML: {error}") from None
    except RecursionError:  # tomllib recurses once per level of nested arrays and tables
        raise ConfigError(f"{_display(path)}: invalid TOML: nested too deeply") from None


def tool_tables(data: Mapping[str, object], path: Path) -> Mapping[str, object]:
    """The `tool` table of a pyproject.toml's `data`: each tool's table by its name."""
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{_display(path)}: key 'tool': expected a table, got {describe(tool)}")
    return tool


def _tool_table(path: Path, name: str) -> object | None:
    """`[tool.<name>]` of a pyproject.toml, or None."""
    return tool_tables(_load_toml(path), path).get(name)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{_display(path)}: cannot read: not UTF-8 text") from None
    except OSError as error:
        raise ConfigError(f"{_display(path)}: cannot read: {error.strerror}") from None


def _resolve_roots(values: tuple[str, ...], root: Path, path: Path, key: str) -> tuple[Path, ...]:
    roots = []
    for value in values:
        resolved = (root / value).resolve()
        if not resolved.is_dir():
            raise ConfigError(f"{_display(path)}: key '{key}': {value!r} is not a directory")
        roots.append(resolved)
    return tuple(roots)


def _quote(text: str) -> str:
    """Quote a user's string for a one-line message, whatever it contains."""
    return repr(text) if not text.isprintable() else f"'{text}'"


def _display(path: Path) -> str:
    """Paths in messages are relative to the current directory, like diagnostics."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
