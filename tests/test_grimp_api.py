"""layerlint uses grimp below its public API: a grimp outside the tested range, or one whose
internals moved, is one line naming the installed grimp and the range that works (exit 2),
never a traceback or a wrong graph."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from helpers import assert_one_line_error, run_module, write

from layerlint import __version__
from layerlint.errors import ConfigError
from layerlint.project import grimp_api

RANGE = ">=3.19,<3.21"
FIX = f"; layerlint {__version__} works with grimp {RANGE}: pip install 'grimp{RANGE}'"


def test_the_declared_dependency_is_the_tested_range():
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    grimp = [d for d in pyproject["project"]["dependencies"] if d.startswith("grimp")]
    assert grimp == [f"grimp{grimp_api.TESTED_TEXT}"]
    assert grimp_api.TESTED_TEXT == RANGE


@pytest.mark.parametrize("version", ["3.19", "3.19.1", "3.20", "3.20rc1"])
def test_tested_versions_are_accepted(version):
    grimp_api.check_version(version)


@pytest.mark.parametrize("version", ["3.18.2", "3.21", "3.21.0", "4.0", "2.5", "dev"])
def test_other_versions_are_refused(version):
    with pytest.raises(ConfigError) as raised:
        grimp_api.check_version(version)
    assert str(raised.value) == f"grimp {version} is installed{FIX}"


def _fake_grimp(root: Path, version: str) -> dict[str, str]:
    write(root / "fake", {"grimp/__init__.py": f"__version__ = {version!r}\n"})
    return {"PYTHONPATH": str(root / "fake")}


PROJECT = {
    "pyproject.toml": '[tool.layerlint]\n[[tool.layerlint.contracts]]\nname = "c"\n'
    'type = "acyclic"\npackages = ["app"]\n',
    "app/__init__.py": "",
    "app/a.py": "import app.b\n",
    "app/b.py": "import app.a\n",
}


def _result(completed):
    return completed.returncode, completed.stdout, completed.stderr


def test_check_with_a_newer_grimp_is_one_line(tmp_path):
    write(tmp_path, PROJECT)
    env = _fake_grimp(tmp_path, "3.21")
    result = run_module("layerlint", "check", "--no-cache", ".", cwd=tmp_path, env=env, text=True)
    line = assert_one_line_error(_result(result))
    assert line == f"layerlint: error: grimp 3.21 is installed{FIX}"


def test_check_with_grimp_internals_moved_is_one_line(tmp_path):
    write(tmp_path, PROJECT)
    env = _fake_grimp(tmp_path, "3.20")
    result = run_module("layerlint", "check", "--no-cache", ".", cwd=tmp_path, env=env, text=True)
    line = assert_one_line_error(_result(result))
    assert re.fullmatch(
        r"layerlint: error: grimp 3\.20 is installed but not as layerlint expects it "
        r"\(No module named 'grimp\.application'\)" + re.escape(FIX),
        line,
    ), line


def test_flake8_with_a_newer_grimp_says_so_on_the_file(tmp_path):
    write(tmp_path, PROJECT)
    env = _fake_grimp(tmp_path, "3.21")
    result = run_module("flake8", "--select", "LL", "app/a.py", cwd=tmp_path, env=env, text=True)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout == (
        f"app/a.py:1:1: LL906 layerlint cannot check this file: grimp 3.21 is installed{FIX}\n"
    )


def test_grimp_is_given_slices_of_bounded_count_and_size(monkeypatch):
    """project/build.py: at most _SLICE_MODULES modules and about _SLICE_BYTES of source
    a call (the size is the stamp's second item); every module once, in order."""
    from layerlint.project import build
    from layerlint.project.discovery import ModuleFile

    monkeypatch.setattr(build, "_SLICE_MODULES", 3)
    monkeypatch.setattr(build, "_SLICE_BYTES", 100)
    modules = [ModuleFile(f"m{i}", f"/m{i}.py", f"m{i}.py", False, None) for i in range(8)]
    sizes = [10, 10, 10, 10, 95, 10, 200, 1]
    stamps = {m.name: (0, size, 0, 0) for m, size in zip(modules, sizes)}
    stamps["m7"] = None  # unreadable: counted as empty
    slices = [[m.name for m in some] for some in build._slices(modules, stamps)]
    assert slices == [["m0", "m1", "m2"], ["m3", "m4"], ["m5", "m6"], ["m7"]]
