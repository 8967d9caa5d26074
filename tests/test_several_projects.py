"""Paths of several projects in one call (pre-commit passes every changed file of a
monorepo at once): each project is checked with its own configuration, and the report
holds them all."""

from __future__ import annotations

import json

from helpers import run_module, write

PROJECT = (
    '[tool.layerlint]\n[[tool.layerlint.contracts]]\nname = "pure {name}"\ntype = "forbidden"\n'
    'source_modules = ["app.domain"]\nforbidden_modules = ["app.api"]\n'
)


def _monorepo(root):
    for name in ("a", "b"):
        write(root / name, {
            "pyproject.toml": PROJECT.format(name=name),
            "src/app/__init__.py": "",
            "src/app/api.py": "",
            "src/app/domain.py": "from app import api\n",
            "src/app/other.py": "",
        })


def _line(name: str) -> str:
    return (
        f"{name}/src/app/domain.py:1:1: LL102 Forbidden import: app.domain -> app.api: "
        f"'app.domain' must not import 'app.api' (contract 'pure {name}')"
    )


def test_files_of_two_projects_are_each_checked(tmp_path):
    _monorepo(tmp_path)
    for cache in ([], ["--no-cache"], []):  # cold, uncached, then from the stored results
        result = run_module("layerlint", "check", *cache, "a/src/app/domain.py",
                            "b/src/app/domain.py", cwd=tmp_path, text=True)
        assert (result.returncode, result.stderr) == (1, "")
        assert result.stdout.splitlines() == [
            _line("a"),
            _line("b"),  # two files: no line per contract
            "Found 2 problems in 2 files (2 contracts checked).",
        ]


def test_only_the_given_files_of_each_project_are_reported(tmp_path):
    _monorepo(tmp_path)
    result = run_module("layerlint", "check", "--output-format", "json", "a/src/app/other.py",
                        "b/src/app/domain.py", cwd=tmp_path, text=True)
    assert result.returncode == 1
    found = json.loads(result.stdout)
    assert [(d["filename"], d["code"]) for d in found] == [("b/src/app/domain.py", "LL102")]


def test_write_baseline_takes_one_project(tmp_path):
    _monorepo(tmp_path)
    result = run_module("layerlint", "check", "--write-baseline", "x.json", "a", "b",
                        cwd=tmp_path, text=True)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "layerlint: error: --write-baseline records one project; these paths are in a, b\n"
    )
