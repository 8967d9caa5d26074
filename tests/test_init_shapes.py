"""`layerlint init` on the shapes of real applications (issue 22): what it proposes (exact
text, in testdata/init_expected/), that a check right after it passes, and that the
proposal catches the next regression (each fixture's negative twin)."""

from __future__ import annotations

import json
import tomllib
import shutil
from pathlib import Path

import pytest
from helpers import assert_one_line_error

TESTDATA = Path(__file__).parent.parent / "testdata"
EXPECTED = TESTDATA / "init_expected"
DONE = (
    "Wrote [tool.layerlint] to pyproject.toml and an empty layerlint-baseline.json beside it; "
    "now run `layerlint check` (and `layerlint check --write-baseline` to accept today's "
    "problems).\n"
)


def copy(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copytree(
        TESTDATA / name, target, ignore=shutil.ignore_patterns("__pycache__", ".layerlint_cache")
    )
    return target


SHAPES = {
    # (fixture, what pyproject.toml held before, files checked, contracts)
    "flask": ("init_flask", "", 7, 3),
    "fastapi": ("init_fastapi", '[project]\nname = "fullstack"\nversion = "0.1.0"\n\n', 9, 4),
    "typed": ("init_typed", '[project]\nname = "typedlib"\nversion = "1.0"\n\n', 4, 3),
    # Django apps as root packages: ordered among themselves, their migrations and tests
    # excluded, one acyclic contract over all (a cycle can pass through several apps)
    "django": ("init_django", '[project]\nname = "django-site"\nversion = "1.0"\n\n', 10, 4),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_init_proposes_exactly_this_and_the_check_then_passes(tmp_path, cli, shape):
    fixture, before, files, contracts = SHAPES[shape]
    root = copy(fixture, tmp_path)
    assert cli("init", cwd=root) == (0, DONE, "")
    expected = (EXPECTED / f"{shape}.toml").read_text()
    assert (root / "pyproject.toml").read_text() == before + expected
    assert json.loads((root / "layerlint-baseline.json").read_text())["entries"] == []
    names = [c["name"] for c in tomllib.loads(expected)["tool"]["layerlint"]["contracts"]]
    kept = "".join(f"Contract '{name}': kept\n" for name in names)
    passed = kept + f"All checks passed ({files} files, {contracts} contracts checked).\n"
    assert cli("check", "--no-cache", cwd=root) == (0, passed, "")


def test_init_diff_shows_the_proposal_and_writes_nothing(tmp_path, cli):
    root = copy("init_flask", tmp_path)
    code, out, err = cli("init", "--diff", cwd=root)
    added = [line[1:] for line in out.splitlines()[3:]]
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == ["--- pyproject.toml", "+++ pyproject.toml"]
    assert "\n".join(added) + "\n" == (EXPECTED / "flask.toml").read_text()
    assert not (root / "pyproject.toml").exists()
    assert not (root / "layerlint-baseline.json").exists()


def test_flask_blueprints_importing_their_own_package_are_no_violation(tmp_path, cli):
    # app/admin/views.py imports `admin` from app/admin/__init__.py, which imports the
    # views once `admin` exists: a package and its own submodule, which Python handles
    root = copy("init_flask", tmp_path)
    assert "from app.admin import admin\n" in (root / "app/admin/views.py").read_text()
    cli("init", cwd=root)
    assert cli("check", "--no-cache", "--select", "LL", cwd=root)[0] == 0


def test_flask_twin_an_import_between_independent_packages_fails(tmp_path, cli):
    root = copy("init_flask", tmp_path)
    cli("init", cwd=root)
    with (root / "app/config.py").open("a") as file:
        file.write("from app.admin import admin\n")
    assert cli("check", "--no-cache", cwd=root) == (
        1,
        "app/config.py:2:1: LL103 Import between independent modules: app.config -> "
        "app.admin: 'app.config' must not import 'app.admin' (contract 'Independent "
        "packages in app')\n"
        "Contract 'Independent packages in app': broken, 1 problem\n"
        "Contract 'No import cycles in app': kept\n"
        "Contract 'One class per service and repository': kept\n"
        "Found 1 problem in 1 file (3 contracts checked).\n",
        "",
    )


def test_fastapi_twin_the_core_importing_the_web_framework_fails(tmp_path, cli):
    root = copy("init_fastapi", tmp_path)
    cli("init", cwd=root)
    with (root / "backend/app/core/config.py").open("a") as file:
        file.write("import fastapi\n")
    assert cli("check", "--no-cache", cwd=root) == (
        1,
        "backend/app/core/config.py:2:1: LL102 Forbidden import: app.core.config -> fastapi: "
        "'app.core' must not import 'fastapi' (contract 'app.core imports no web or ORM "
        "framework')\n"
        "Contract 'Layers of app': kept\n"
        "Contract 'app.core imports no web or ORM framework': broken, 1 problem\n"
        "Contract 'No import cycles in app': kept\n"
        "Contract 'One class per service and repository': kept\n"
        "Found 1 problem in 1 file (4 contracts checked).\n",
        "",
    )


def test_fastapi_twin_without_alembic_folder_excludes_nothing(tmp_path, cli):
    root = copy("init_fastapi", tmp_path)
    shutil.rmtree(root / "backend/app/alembic")
    cli("init", cwd=root)
    text = (root / "pyproject.toml").read_text()
    assert "exclude = " not in text
    assert text.replace("\n", "") in (
        (EXPECTED / "fastapi.toml")
        .read_text()
        .replace('# Not application code (migrations run apart from it).\nexclude = ["alembic"]\n', "")
        .replace("\n", "")
        .join(['[project]name = "fullstack"version = "0.1.0"', ""])
    )


def test_typed_twin_a_cycle_that_runs_is_baselined_and_not_layered(tmp_path, cli):
    # the same import, run at import time: _client and _models import each other
    root = copy("init_typed", tmp_path)
    models = root / "src/typedlib/_models.py"
    models.write_text(
        models.read_text().replace("if TYPE_CHECKING:\n    from", "from").replace(
            "  # only for the annotation: never runs", ""
        )
    )
    code, out, err = cli("init", cwd=root)
    assert (code, err) == (0, "")
    assert out == DONE.replace(
        "an empty layerlint-baseline.json beside it",
        "layerlint-baseline.json beside it (1 entry: what its contracts find today)",
    )
    text = (root / "pyproject.toml").read_text()
    assert 'name = "Layers of typedlib"' not in text  # _types alone is no order
    assert (
        "# Today: 1 violation, recorded in layerlint-baseline.json by `layerlint init`.\n"
        'name = "No import cycles in typedlib"\n'
    ) in text
    [entry] = json.loads((root / "layerlint-baseline.json").read_text())["entries"]
    assert (entry["code"], entry["contract"]) == ("LL105", "No import cycles in typedlib")
    assert 'modules = ["typedlib._client", "typedlib._types"]' in text  # independent today
    # What needs no contract is not init's to accept: this cycle fails at start-up (LL401)
    code, out, err = cli("check", "--no-cache", cwd=root)
    assert (code, err) == (1, "")
    assert [line.split(" ")[:2] for line in out.splitlines()[:1]] == [
        ["src/typedlib/_models.py:5:1:", "LL401"]
    ]
    assert out.splitlines()[1:-1] == [
        "Contract 'Independent packages in typedlib': kept",
        "Contract 'No import cycles in typedlib': kept",  # its cycle is in the baseline
        "Contract 'One class per service and repository': kept",
    ]
    assert out.splitlines()[-1] == "Found 1 problem in 1 file (3 contracts checked)."


IMPORTLINTER = """\
[importlinter]
root_package = app

[importlinter:contract:layers]
name = Layers
type = layers
layers =
    app.main
    app.admin
"""


def test_init_twin_a_layerlint_table_wins_over_importlinter_and_force_replaces_it(tmp_path, cli):
    root = copy("init_flask", tmp_path)
    (root / ".importlinter").write_text(IMPORTLINTER)
    (root / "pyproject.toml").write_text('[tool.layerlint]\nroot_packages = ["app"]\n')
    assert_one_line_error(cli("init", cwd=root), "pyproject.toml", "--force")
    assert cli("init", "--force", cwd=root)[0] == 0
    assert (root / "pyproject.toml").read_text() == (EXPECTED / "flask.toml").read_text()


def test_init_on_a_folder_without_packages_is_one_line_exit_2(tmp_path, cli):
    (tmp_path / "notes.py").write_text("X = 1\n")
    line = assert_one_line_error(cli("init", cwd=tmp_path))
    assert line == (
        "layerlint: error: .: no Python package (a folder with an __init__.py) in it, in src/ "
        "or one folder down: nothing to propose"
    )


def test_django_twin_an_app_importing_a_higher_app_fails_twice(tmp_path, cli):
    root = copy("init_django", tmp_path)
    cli("init", cwd=root)
    with (root / "blog/models.py").open("a") as file:
        file.write("from shop.models import Product\n")
    code, out, err = cli("check", "--no-cache", "--select", "LL1", cwd=root)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "blog/models.py:6:1: LL101 Layer violation: blog.models -> shop.models: layer 'blog' "
        "must not import higher layer 'shop' (contract 'Layers of the root packages')",
        "blog/models.py:6:1: LL105 Import cycle: blog.models -> shop.models -> blog.models "
        "(every import in it runs at import time, and it fails at start-up: LL401 at "
        "blog/models.py:6); this import is the one to break (contract 'No import cycles')",
        "Found 2 problems in 1 file (4 contracts checked).",  # LL1 only: no contract lines
    ]


def test_init_diff_says_on_stderr_what_the_baseline_would_record(tmp_path, cli):
    root = copy("init_typed", tmp_path)
    models = root / "src/typedlib/_models.py"
    models.write_text(models.read_text().replace("if TYPE_CHECKING:\n    from", "from"))
    code, out, err = cli("init", "--diff", cwd=root)
    assert (code, out.splitlines()[:2]) == (0, ["--- pyproject.toml", "+++ pyproject.toml"])
    assert err == (
        "layerlint: note: `layerlint init` would also record 1 violation of these contracts "
        "today in layerlint-baseline.json\n"
    )
    assert not (root / "layerlint-baseline.json").exists()
