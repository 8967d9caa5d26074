"""Shared test helpers: write small projects to disk, run layerlint, grimp and import-linter.

`write_project` writes a dict of {relative path: source} plus a pyproject.toml whose
[tool.layerlint] table holds the given settings and contracts (and, on request, the same
contracts again under [tool.importlinter], so that `lint-imports` checks the same project).
"""

from __future__ import annotations

import contextlib
import json
import marshal
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from layerlint.engine import Outcome, RunOptions, run

# -- writing projects ------------------------------------------------------------------------


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)  # a TOML basic string for everything we write
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def toml_table(header: str, table: Mapping[str, object]) -> str:
    lines = [header]
    lines += [f"{key} = {toml_value(value)}" for key, value in table.items() if value is not None]
    return "\n".join(lines) + "\n"


def layerlint_toml(
    contracts: Sequence[Mapping[str, object]] = (),
    *,
    importlinter: bool = False,
    **settings: object,
) -> str:
    """A pyproject.toml: [tool.layerlint] with `settings` and `contracts`.

    With `importlinter=True` the contracts are repeated under [tool.importlinter] (with
    `root_packages`, `include_external_packages` and `exclude_type_checking_imports` copied,
    and include_external_packages defaulting to true, as layerlint's does).
    """
    parts = [toml_table("[tool.layerlint]", settings)]
    parts += [toml_table("[[tool.layerlint.contracts]]", c) for c in contracts]
    if importlinter:
        session = {
            "root_packages": list(settings.get("root_packages", ())),
            "include_external_packages": settings.get("include_external_packages", True),
            "exclude_type_checking_imports": settings.get("exclude_type_checking_imports"),
        }
        parts.append(toml_table("[tool.importlinter]", session))
        parts += [toml_table("[[tool.importlinter.contracts]]", c) for c in contracts]
    return "\n".join(parts)


def write_files(
    root: Path, files: Mapping[str, str], *, auto_init: bool = True, namespaces: Iterable[str] = ()
) -> None:
    """Write `files` (sources are dedented); with `auto_init`, every folder above a .py file
    gets an empty __init__.py unless it is listed in `namespaces` (posix paths)."""
    namespaces = {n.strip("/") for n in namespaces}
    for relpath, source in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, bytes):
            path.write_bytes(source)
        else:
            path.write_text(textwrap.dedent(source).lstrip("\n"), encoding="utf-8")
    if auto_init:
        for relpath in list(files):
            if not relpath.endswith(".py"):
                continue
            parts = Path(relpath).parts[:-1]
            for i in range(1, len(parts) + 1):
                folder = "/".join(parts[:i])
                if folder in namespaces or folder in ("src",):
                    continue
                init = root / folder / "__init__.py"
                if not init.exists():
                    init.write_text("")


def write(root: Path, files: Mapping[str, str]) -> Path:
    """Write `files` exactly as given (no __init__.py added); return `root`."""
    write_files(root, files, auto_init=False)
    return root


def write_project(
    root: Path,
    files: Mapping[str, str],
    contracts: Sequence[Mapping[str, object]] = (),
    *,
    root_packages: Sequence[str] = ("app",),
    importlinter: bool = False,
    auto_init: bool = True,
    namespaces: Iterable[str] = (),
    **settings: object,
) -> Path:
    write_files(root, files, auto_init=auto_init, namespaces=namespaces)
    (root / "pyproject.toml").write_text(
        layerlint_toml(
            contracts, importlinter=importlinter, root_packages=list(root_packages), **settings
        )
    )
    return root


# -- running layerlint ------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Diag:
    code: str
    path: str  # posix, relative to the project root
    line: int
    column: int
    message: str
    severity: str = "error"


def run_layerlint(root: Path, **options: object) -> Outcome:
    """A run from the project root, as a user runs it: the paths in the messages are then
    relative to the root (diags() makes the locations so too)."""
    with contextlib.chdir(root):
        return run(RunOptions(paths=[root], use_cache=False, **options))


def diags(root: Path, outcome: Outcome | None = None) -> list[Diag]:
    outcome = outcome or run_layerlint(root)
    result = []
    for d in outcome.report.diagnostics:
        try:
            path = d.file.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            path = d.file.as_posix()
        result.append(Diag(d.code, path, d.line, d.column, d.message, d.severity))
    return sorted(result)


def where(found: Iterable[Diag]) -> list[tuple[str, str, int, int]]:
    """(code, path, line, column) of each diagnostic, sorted."""
    return sorted((d.code, d.path, d.line, d.column) for d in found)


def message_chain(message: str) -> tuple[str, ...]:
    """The module chain 'a -> b -> c' a layerlint message quotes (after the first ': ')."""
    text = message.split(": ", 1)[1]
    text = re.split(r": | \(", text, maxsplit=1)[0]
    return tuple(part.strip() for part in text.split(" -> "))


# -- running grimp and import-linter in a fresh interpreter ------------------------------------

# Builds grimp's own graph (grimp's public API) and prints it as JSON.
_GRAPH_DRIVER = r"""
import json, sys
import grimp
packages, include_external, exclude_tc = sys.argv[1:4]
graph = grimp.build_graph(
    *packages.split(","),
    include_external_packages=include_external == "1",
    exclude_type_checking_imports=exclude_tc == "1",
    cache_dir=None,
)
modules = sorted(graph.modules)
edges = []
for importer in modules:
    for imported in sorted(graph.find_modules_directly_imported_by(importer)):
        details = graph.get_import_details(importer=importer, imported=imported)
        lines = sorted([d["line_number"], d["line_contents"]] for d in details)
        edges.append([importer, imported, lines])
print(json.dumps({
    "modules": modules,
    "squashed": sorted(m for m in modules if graph.is_module_squashed(m)),
    "edges": edges,
}))
"""


def run_reference(
    root: Path,
    source_root: Path | Sequence[Path],
    packages: Sequence[str],
    *,
    graph: bool = True,
    contracts: bool = False,
    include_external: bool = True,
    exclude_type_checking: bool = False,
    config: Path | None = None,
    hash_seed: int | None = None,
) -> dict:
    """grimp's graph and/or import-linter's verdicts, each computed in a fresh interpreter
    with PYTHONPATH = `source_root` and cwd = `root` (and PYTHONHASHSEED = `hash_seed`: grimp
    builds its graph in set order, and its choice among equally short chains follows it).

    Only public interfaces are used: `grimp.build_graph` and the `lint-imports` command,
    whose report is parsed (`parse_lint_imports`). `config` is the file lint-imports reads;
    the graph options must match it."""
    out: dict = {}
    env = _reference_env(source_root, hash_seed)
    if graph:
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                _GRAPH_DRIVER,
                ",".join(packages),
                "1" if include_external else "0",
                "1" if exclude_type_checking else "0",
            ],
            cwd=root, env=env, capture_output=True, check=False, text=True, timeout=120,
        )
        if result.returncode != 0:
            raise AssertionError(f"grimp driver failed:\n{result.stderr}")
        out["graph"] = json.loads(result.stdout.strip().splitlines()[-1])
    if contracts:
        status, _, report = lint_imports(root, source_root, config, hash_seed=hash_seed)
        parsed = parse_lint_imports(report)
        if status not in (0, 1) or not parsed:
            out["contracts_error"] = report
        else:
            out["contracts"] = parsed
            out["status"] = status
    return out


def _reference_env(source_root: Path | Sequence[Path], hash_seed: int | None) -> dict:
    env = {**os.environ, "PYTHONPATH": _pythonpath(source_root), "NO_COLOR": "1",
           "COLUMNS": "10000", "TERM": "dumb"}
    env.pop("PYTHONSAFEPATH", None)
    if hash_seed is not None:
        env["PYTHONHASHSEED"] = str(hash_seed)
    return env


def _pythonpath(source_root: Path | Sequence[Path]) -> str:
    roots = [source_root] if isinstance(source_root, (str, Path)) else list(source_root)
    return os.pathsep.join(str(r) for r in roots)


def lint_imports(root: Path, source_root: Path | Sequence[Path], config: Path | None = None,
                 *, hash_seed: int | None = None):
    """Run the real `lint-imports` CLI: (exit status, {contract name: 'KEPT'|'BROKEN'}, output)."""
    result = subprocess.run(
        [
            "lint-imports",
            str(config or root / "pyproject.toml"),
            "--no-cache",
            "--no-logo",
        ],
        cwd=root,
        env=_reference_env(source_root, hash_seed),
        capture_output=True, check=False,
        text=True,
        timeout=120,
    )
    verdicts = {}
    for line in result.stdout.splitlines():
        match = _VERDICT.fullmatch(line.strip())
        if match:
            verdicts[match.group(1)] = match.group(2)
    return result.returncode, verdicts, result.stdout + result.stderr


_VERDICT = re.compile(r"(.+?) (KEPT|BROKEN)(?: \(.*\))?")
# Line numbers as lint-imports prints them: "l.3, l.5" (chains) or "l.3, 5" (protected).
_LINES = r"\(l\.[?\d]+(?:, (?:l\.)?[?\d]+)*\)"
_LINK = re.compile(rf"(\S+) -> (\S+) {_LINES}")
_FIRST_IMPORTER = re.compile(rf"(\S+) {_LINES}")
_SIBLINGS = re.compile(r"- \.(\S+) -> \.(\S+) \((\d+) imports?\)")


def parse_lint_imports(report: str) -> list[dict]:
    """import-linter's verdicts, read from the text `lint-imports` prints (its public output).

    Per contract: `kept`; `links`, the direct import that starts each illegal chain, with
    the extra first imports it lists beside it (layers, independence, forbidden, protected,
    private_modules); `undeclared`, the modules an exhaustive layers contract misses;
    `siblings` (acyclic_siblings), per package the sibling dependencies to remove with their
    import counts as printed (at most five a package) and the total it announces."""
    lines = report.splitlines()
    contracts: dict[str, dict] = {}
    for line in lines:
        match = _VERDICT.fullmatch(line.strip())
        if match and match.group(1) not in contracts:
            contracts[match.group(1)] = {
                "name": match.group(1), "kept": match.group(2) == "KEPT", "links": [],
                "undeclared": [], "siblings": {},
            }
    # Headings are a line underlined by as many dashes; broken contracts come after the
    # "Broken contracts" heading, each under its name.
    current: dict | None = None
    in_broken = undeclared = in_first = False
    package = None
    first_importers: list[str] = []
    for index, line in enumerate(lines):
        text = line.rstrip()
        underline = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if text.strip() and set(underline) == {"-"} and len(underline) == len(text.strip()):
            if text.strip() == "Broken contracts":
                in_broken = True
            elif in_broken:
                current = contracts[text.strip()]
            undeclared = False
            continue
        if current is None or set(text.strip()) == {"-"}:
            continue
        if text.startswith("The following modules are not listed as layers"):
            undeclared = True
            continue
        siblings = re.fullmatch(r"No cycles are allowed in (\S+)\.", text)
        if siblings:
            package = siblings.group(1)
            current["siblings"][package] = {"dependencies": {}, "total": 0}
            continue
        total = re.fullmatch(r"It could be made acyclic by removing (\d+) dependenc(?:y|ies):", text)
        if total:
            current["siblings"][package]["total"] = int(total.group(1))
            continue
        dependency = _SIBLINGS.fullmatch(text)
        if dependency:
            pair = (f"{package}.{dependency.group(1)}", f"{package}.{dependency.group(2)}")
            current["siblings"][package]["dependencies"][pair] = int(dependency.group(3))
            continue
        if undeclared:
            if text.startswith("- "):
                current["undeclared"].append(text[2:].strip())
            continue
        body = text.strip()
        if text.startswith("- ") or (in_first and body.startswith("& ")):
            # A chain's first line is "- importer -> imported (l.N)", or, where several
            # modules import its second module, "- importer (l.N)" followed by
            # "& importer (l.N)" lines, the last of them naming the imported module.
            if text.startswith("- "):
                first_importers = []
            body = body[2:].strip()
            link = _LINK.fullmatch(body)
            if link:
                current["links"] += [(i, link.group(2)) for i in first_importers]
                current["links"].append((link.group(1), link.group(2)))
                first_importers, in_first = [], False
            else:
                importer = _FIRST_IMPORTER.fullmatch(body)
                assert importer, f"unexpected lint-imports line: {text!r}"
                first_importers.append(importer.group(1))
                in_first = True
    return list(contracts.values())


def graph_summary(project) -> dict:
    """The same JSON shape the driver prints, for a layerlint project: its grimp graph's
    modules and edges, with the line numbers layerlint keeps per edge (no line contents)."""
    graph = project.graph
    modules = sorted(graph.modules)
    edges = []
    for importer in modules:
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            lines = project.imports.get((importer, imported), ())
            edges.append([importer, imported, sorted([line] for line in lines)])
    return {
        "modules": modules,
        "squashed": sorted(m for m in modules if graph.is_module_squashed(m)),
        "edges": edges,
    }


# -- assertions ----------------------------------------------------------------------------------


def assert_one_line_error(result: tuple[int, str, str], *fragments: str) -> str:
    """Exit 2, nothing on stdout, exactly one `layerlint: error:` line on stderr (no
    traceback) containing every fragment; returns that line."""
    code, out, err = result
    assert code == 2, (code, out, err)
    assert out == ""
    assert "Traceback" not in err and "internal error" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1 and err.endswith("\n"), f"expected one line on stderr, got {err!r}"
    assert lines[0].startswith("layerlint: error: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], f"{fragment!r} not in {lines[0]!r}"
    return lines[0]


def run_module(
    module: str,
    *args: str,
    cwd: Path,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
    text: bool = False,
    timeout: float | None = None,
) -> subprocess.CompletedProcess:
    """`python -m MODULE ARGS` in a subprocess, without LAYERLINT_DEBUG from outside."""
    environment = {k: v for k, v in os.environ.items() if k != "LAYERLINT_DEBUG"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=text,
        env=environment,
        timeout=timeout,
        check=False,
    )


# -- the scan cache (project/cache.py), read and written as layerlint does ------------------


def read_scan_cache(root: Path) -> tuple:
    """(the index's key, fingerprint, tables, memo) of the project's scan cache, with every
    part read (a part that cannot be read fails the test)."""
    from layerlint.project.cache import ScanCache, _unframed
    from layerlint.store import Store

    store = Store(root / ".layerlint_cache")
    index = store.read("files.marshal")
    assert index is not None, "no scan cache"
    (header, _), *_ = (value for value, _ in _unframed(index))
    cache = ScanCache(store.directory)
    assert cache._count, "a scan cache of another version, or damaged"
    tables: dict[str, dict] = {}
    for table, names in cache._files.items():
        tables[table] = {}
        for name in names:
            if name is not None:
                data = store.read(name)
                assert data is not None, f"part {name} cannot be read"
                tables[table].update(marshal.loads(data))
    return header[0], cache.fingerprint, tables, dict(cache.memo._stored)


def write_scan_cache(root: Path, key, fingerprint, tables, memo) -> None:
    """Replace the project's scan cache with these tables and memo, written as layerlint
    writes them, under `key` (as `read_scan_cache` gives it)."""
    from layerlint.project.cache import Memo, ScanCache, _framed, _unframed

    cache = ScanCache(root / ".layerlint_cache")
    cache._tables = {table: dict(entries) for table, entries in tables.items()}
    cache._unread, cache._files, cache._members, cache._count = {}, {}, {}, 0
    cache.fingerprint = fingerprint
    cache.memo = Memo({})
    for name, value in memo.items():
        cache.memo[name] = value
    cache._dirty = True
    cache.save()
    assert cache.warning is None, cache.warning
    index = cache._store.read("files.marshal")
    (header, remembered), *entries = (value for value, _ in _unframed(index))
    if header[0] != key:
        header = (key, *header[1:])
        cache._store.write_parts("files.marshal", _framed([(header, remembered), *entries]))


def scan_cache_parts(root: Path) -> list[str]:
    """The files of the parts the project's scan cache index names."""
    from layerlint.project.cache import ScanCache

    cache = ScanCache(root / ".layerlint_cache")
    return sorted({name for names in cache._files.values() for name in names if name})
