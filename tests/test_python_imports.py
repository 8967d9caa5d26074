"""Python's reading of a file's imports (project/python_imports.py) against grimp's scan.

Stored results are kept after an edit, and used for an editor's buffer, when Python's
reading of the new text gives what grimp read of the old one. That is sound only if the
two read every file alike, which these tests compare file by file, on small cases and on
real packages that every test environment has.
"""

from __future__ import annotations

import importlib.util
import sysconfig
from pathlib import Path

import pytest
from helpers import write_project
from test_differential import GRAPH_CASES, _write_case

from layerlint.config import load_config
from layerlint.project import build_project
from layerlint.project.discovery import survey
from layerlint.project.python_imports import read_imports


def both_readings(root: Path) -> dict[str, tuple[tuple, tuple]]:
    """module -> (grimp's imports, as the build took them; Python's), for every module
    grimp could scan."""
    config = load_config(root)
    surveyed = survey(config)
    project = build_project(config, surveyed=surveyed)
    readings = {}
    for module in surveyed.found.modules:
        if module.name in project.files.deep:
            continue  # grimp could not scan it: the build read it with Python already
        python = read_imports(config, surveyed, {module: module.path.read_bytes()})
        readings[module.name] = (
            project.imports.of(module.name),
            python[module] if python is not None else None,
        )
    return readings


TYPE_CHECKING_BRANCHES = (
    "import typing\n"
    "from typing import TYPE_CHECKING\n"
    "if TYPE_CHECKING:\n"
    "    import app.a\n"
    "    if other:\n"
    "        import app.b\n"
    "    def f():\n"
    "        import app.c\n"
    "elif cond:\n"
    "    import app.d\n"
    "else:\n"
    "    try:\n"
    "        import app.e\n"
    "    except ImportError:\n"
    "        pass\n"
    "if cond:\n"
    "    pass\n"
    "elif typing.TYPE_CHECKING:\n"
    "    import app.f\n"
    "else:\n"
    "    import app.g\n"
    "if not TYPE_CHECKING:\n"
    "    import app.h\n"
)


@pytest.mark.parametrize("exclude", [True, False], ids=["excluded", "kept"])
def test_only_the_body_of_if_type_checking_is_typing_only(tmp_path, exclude):
    # grimp 3.19 leaves out the imports in the body of `if TYPE_CHECKING` (and of
    # `elif TYPE_CHECKING`), not those of its `elif` and `else` branches.
    files = {"app/x.py": TYPE_CHECKING_BRANCHES, **{f"app/{m}.py": "" for m in "abcdefgh"}}
    write_project(tmp_path, files, exclude_type_checking_imports=exclude)
    grimp_side, python_side = both_readings(tmp_path)["app.x"]
    kept = "abcdefgh" if not exclude else "degh"
    lines = {"a": 4, "b": 6, "c": 8, "d": 10, "e": 13, "f": 19, "g": 21, "h": 23}
    expected = (*((f"app.{m}", lines[m]) for m in kept), ("typing", 1), ("typing", 2))
    assert grimp_side == expected
    assert python_side == expected


@pytest.mark.parametrize("external", [True, False], ids=["externals", "no-externals"])
@pytest.mark.parametrize("exclude", [True, False], ids=["excluded", "kept"])
@pytest.mark.parametrize("name", sorted(GRAPH_CASES))
def test_python_reads_the_graph_cases_as_grimp_does(tmp_path, name, exclude, external):
    _write_case(
        tmp_path,
        GRAPH_CASES[name],
        exclude_type_checking_imports=exclude,
        include_external_packages=external,
    )
    readings = both_readings(tmp_path)
    assert readings, name
    assert {n: pair for n, pair in readings.items() if pair[0] != pair[1]} == {}


def _installed(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.origin is not None, package
    return Path(spec.origin).parent.parent


# Real code with relative imports, star imports, TYPE_CHECKING blocks, imports in functions
# and classes, try/except fallbacks and namespace portions: the standard library's packages
# and the packages layerlint and its tests depend on.
CORPUS = [
    *(
        (Path(sysconfig.get_paths()["stdlib"]), name)
        for name in (
            "asyncio",
            "email",
            "importlib",
            "json",
            "logging",
            "concurrent",
            "http",
            "urllib",
            "xml",
            "unittest",
            "multiprocessing",
            "sqlite3",
        )
    ),
    *(
        (_installed(name), name)
        for name in (
            "grimp",
            "importlinter",
            "flake8",
            "pyflakes",
            "pydot",
            "_pytest",
            "hypothesis",
            "sqlalchemy",
        )
    ),
]


@pytest.mark.parametrize("exclude", [True, False], ids=["excluded", "kept"])
@pytest.mark.parametrize("source_root, package", CORPUS, ids=[p for _, p in CORPUS])
def test_python_reads_real_packages_as_grimp_does(tmp_path, source_root, package, exclude):
    write_project(
        tmp_path,
        {},
        root_packages=[package],
        source_roots=[str(source_root)],
        exclude_type_checking_imports=exclude,
    )
    readings = both_readings(tmp_path)
    assert len(readings) >= 3, readings  # the package was found and scanned
    differing = {name: pair for name, pair in readings.items() if pair[0] != pair[1]}
    assert differing == {}
