"""A project without a configuration is checked all the same, for the rules that need no
contract, on the packages found where projects keep them (config/discovered.py)."""

from __future__ import annotations

from helpers import assert_one_line_error, run_module, write

TWO_BASES = (
    "from sqlalchemy.orm import declarative_base\n"
    "Base = declarative_base()\n"
    "Other = declarative_base()\n"
)
ONE_BASE = "from sqlalchemy.orm import declarative_base\nBase = declarative_base()\n"


def check(root, *args):
    result = run_module("layerlint", "check", *args, cwd=root, text=True)
    return result.returncode, result.stdout, result.stderr


def note(where: str) -> str:
    return (
        "layerlint: warning: no configuration found: only the rules that need no contract were "
        f"checked, on the packages in {where}; `layerlint init` proposes contracts\n"
    )


def ll301(path: str, module: str, name: str, other: str, line: int, other_line: int) -> str:
    return (
        f"{path}:{line}:1: LL301 '{module}.{name}' is one of 2 declarative bases in the project "
        f"(also {module}.{other} ({path}:{other_line})): models on different bases cannot refer "
        "to each other; use one base, or list the intended ones in [tool.layerlint.orm] bases"
    )


def test_code_one_folder_down_is_checked_and_tests_are_left_out(tmp_path):
    write(tmp_path, {
        ".git/HEAD": "ref: refs/heads/main\n",
        "backend/app/__init__.py": "",
        "backend/app/db.py": TWO_BASES,
        "backend/tests/__init__.py": "",
        "backend/tests/test_models.py": ONE_BASE,  # a test's own base: not the app's
        "docs/conf.py": "",
    })
    expected = (
        1,
        "\n".join([
            ll301("backend/app/db.py", "app.db", "Base", "Other", 2, 3),
            ll301("backend/app/db.py", "app.db", "Other", "Base", 3, 2),
            "Found 2 problems in 1 file (0 contracts checked).",
        ]) + "\n",
        note("backend"),
    )
    assert check(tmp_path, "--no-cache") == expected
    assert check(tmp_path) == expected
    assert check(tmp_path) == expected  # from the stored results
    inside = check(tmp_path / "backend" / "app")
    assert (inside[0], inside[2]) == (1, note(".."))
    assert [line.split(": LL301 ")[0] for line in inside[1].splitlines()[:2]] == [
        "db.py:2:1", "db.py:3:1"
    ]


def test_src_layout_and_a_clean_project(tmp_path):
    write(tmp_path, {
        "pyproject.toml": "[project]\nname = 'x'\n",
        "src/pkg/__init__.py": "",
        "src/pkg/db.py": ONE_BASE,
        "tests/__init__.py": "",
        "tests/conftest.py": ONE_BASE,
    })
    assert check(tmp_path) == (
        0, "All checks passed (2 files, 0 contracts checked).\n", note("src")
    )


def test_a_folder_without_packages_is_one_line(tmp_path):
    write(tmp_path, {"script.py": "import os\n", "notes/readme.txt": ""})
    line = assert_one_line_error(check(tmp_path), "no configuration here or above")
    assert line.endswith(
        "and no Python package (a folder with an __init__.py) in it, in src/ or one folder "
        "down: nothing to check"
    )


def test_flake8_reports_the_rules_that_need_no_contract(tmp_path):
    write(tmp_path, {"app/__init__.py": "", "app/db.py": TWO_BASES})
    result = run_module("flake8", "--select", "LL", "app/db.py", cwd=tmp_path, text=True)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        ll301("app/db.py", "app.db", "Base", "Other", 2, 3),
        ll301("app/db.py", "app.db", "Other", "Base", 3, 2),
    ]
