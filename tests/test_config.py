"""Configuration loading: where the config is found, what it defaults to, import-linter's
formats, and bad input (exit 2, one line on stderr naming the file and the key)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import assert_one_line_error, write

from layerlint.config import load_config
from layerlint.project import build_project
from layerlint.project.discovery import find_root_packages

# -- helpers -----------------------------------------------------------------------------------




# A small src-layout project: app.api sits above app.domain, and app.domain.user imports
# app.api.views (one LL101). No configuration file: each test adds its own.
APP = {
    "src/app/__init__.py": "",
    "src/app/api/__init__.py": "",
    "src/app/api/views.py": "from app.domain import user\n",
    "src/app/domain/__init__.py": "",
    "src/app/domain/user.py": "import os\nfrom app.api import views\n",
    "src/app/domain/order.py": "import os\n",
}

LAYERS_CONTRACT = """
[[tool.layerlint.contracts]]
name = "Layers"
type = "layers"
layers = ["app.api", "app.domain"]
"""


def project(tmp_path: Path, config: dict[str, str], files: dict[str, str] = APP) -> Path:
    root = tmp_path / "proj"
    write(root, {**files, **config})
    return root


@pytest.fixture
def cli(cli):
    """`layerlint check --no-cache ARGS` in-process from `cwd`."""

    def run(*args: str, cwd: Path) -> tuple[int, str, str]:
        return cli("check", "--no-cache", *args, cwd=cwd)

    return run


def json_diagnostics(cli, *args: str, cwd: Path) -> list[dict]:
    code, out, err = cli("--output-format", "json", *args, cwd=cwd)
    assert code in (0, 1), err
    return json.loads(out)




# -- finding the configuration -----------------------------------------------------------------


def test_pyproject_found_from_a_subdirectory(tmp_path, cli):
    root = project(tmp_path, {"pyproject.toml": "[tool.layerlint]\n" + LAYERS_CONTRACT})
    config = load_config(root / "src" / "app" / "domain")
    assert config.root == root.resolve()
    assert config.path == (root / "pyproject.toml").resolve()
    assert config.source_format == "layerlint"

    # From a subdirectory the whole project is checked, the diagnostics in it reported,
    # and paths are relative to that subdirectory.
    code, out, err = cli(cwd=root / "src" / "app" / "domain")
    assert code == 1, err
    assert out.splitlines()[0].startswith("user.py:2:1: LL101 ")


def test_pyproject_without_layerlint_table_is_skipped_for_a_parent(tmp_path):
    root = project(tmp_path, {"pyproject.toml": "[tool.layerlint]\n" + LAYERS_CONTRACT})
    write(root / "src", {"pyproject.toml": "[tool.black]\nline-length = 100\n"})
    config = load_config(root / "src" / "app")
    assert config.path == (root / "pyproject.toml").resolve()


def test_layerlint_toml_with_top_level_keys(tmp_path, cli):
    root = project(
        tmp_path,
        {
            "layerlint.toml": """
                root_packages = ["app"]
                exclude_type_checking_imports = true

                [[contracts]]
                name = "Layers"
                type = "layers"
                layers = ["app.api", "app.domain"]
            """
        },
    )
    config = load_config(root)
    assert config.path == (root / "layerlint.toml").resolve()
    assert config.root_packages == ("app",)
    assert config.exclude_type_checking_imports is True
    assert [c.name for c in config.contracts] == ["Layers"]
    diagnostics = json_diagnostics(cli, cwd=root)
    assert [(d["filename"], d["code"], d["contract"]) for d in diagnostics] == [
        ("src/app/domain/user.py", "LL101", "Layers")
    ]


def test_config_option_with_project_path(tmp_path, cli):
    # The config lives outside the project; the project root is the path given.
    root = project(tmp_path, {})
    write(tmp_path / "configs", {"pyproject.toml": "[tool.layerlint]\n" + LAYERS_CONTRACT})
    config_file = tmp_path / "configs" / "pyproject.toml"
    config = load_config(root, config_file)
    assert config.root == root.resolve()
    assert config.source_roots == ((root / "src").resolve(),)

    code, out, err = cli(str(root), "--config", str(config_file), cwd=tmp_path)
    assert code == 1, err
    assert out.splitlines()[0].startswith("proj/src/app/domain/user.py:2:1: LL101 ")


def test_config_option_without_path_uses_the_current_directory(tmp_path, cli):
    root = project(tmp_path, {})
    write(tmp_path / "configs", {"layerlint.toml": LAYERS_CONTRACT.replace("tool.layerlint.", "")})
    code, out, err = cli("--config", "../configs/layerlint.toml", cwd=root)
    assert code == 1, err
    assert out.splitlines()[0].startswith("src/app/domain/user.py:2:1: LL101 ")
    assert out.splitlines()[-1] == "Found 1 problem in 1 file (1 contract checked)."


def test_config_option_overrides_the_discovered_config(tmp_path, cli):
    # The project's own config has no contracts; the one given has the layers contract.
    root = project(tmp_path, {"pyproject.toml": "[tool.layerlint]\n"})
    write(root, {"strict.toml": "[tool.layerlint]\n" + LAYERS_CONTRACT})
    code, out, _ = cli(cwd=root)
    assert code == 0
    assert out == "All checks passed (6 files, 0 contracts checked).\n"
    code, out, _ = cli("--config", "strict.toml", cwd=root)
    assert code == 1
    assert out.splitlines()[-1] == "Found 1 problem in 1 file (1 contract checked)."


# -- defaults --------------------------------------------------------------------------------


def test_source_roots_default_to_src_when_it_exists(tmp_path):
    root = project(tmp_path, {"pyproject.toml": "[tool.layerlint]\n"})
    assert load_config(root).source_roots == ((root / "src").resolve(),)


def test_source_roots_default_to_the_project_root_without_src(tmp_path, cli):
    flat = {path.removeprefix("src/"): text for path, text in APP.items()}
    root = project(tmp_path, {"pyproject.toml": "[tool.layerlint]\n" + LAYERS_CONTRACT}, flat)
    assert load_config(root).source_roots == (root.resolve(),)
    diagnostics = json_diagnostics(cli, cwd=root)
    assert [(d["filename"], d["location"]["row"]) for d in diagnostics] == [("app/domain/user.py", 2)]


def test_explicit_source_roots(tmp_path):
    files = {path.replace("src/", "lib/python/"): text for path, text in APP.items()}
    root = project(tmp_path, {"pyproject.toml": '[tool.layerlint]\nsource_roots = ["lib/python"]\n'}, files)
    config = load_config(root)
    assert config.source_roots == ((root / "lib" / "python").resolve(),)
    assert [name for name, _ in find_root_packages(config)] == ["app"]


def test_root_packages_discovered_when_not_given(tmp_path):
    root = project(
        tmp_path,
        {
            "pyproject.toml": "[tool.layerlint]\n",
            "src/lib/__init__.py": "",
            "src/lib/tools.py": "import app.domain.user\n",
            "src/scripts/run.py": "",  # no __init__.py: not a package
            "src/my-pkg/__init__.py": "",  # not an identifier: not importable
            "src/notes.txt": "",
        },
    )
    config = load_config(root)
    assert config.root_packages == ()
    built = build_project(config)
    assert built.root_packages == ("app", "lib")
    assert "lib.tools" in built.graph.modules
    assert built.graph.direct_import_exists(importer="lib.tools", imported="app.domain.user")


def test_given_root_packages_limit_the_project(tmp_path):
    root = project(
        tmp_path,
        {"pyproject.toml": '[tool.layerlint]\nroot_packages = ["app"]\n', "src/lib/__init__.py": ""},
    )
    built = build_project(load_config(root))
    assert built.root_packages == ("app",)
    assert not any(m == "lib" or m.startswith("lib.") for m in built.modules)


# -- exclude -------------------------------------------------------------------------------------

EXCLUDED_FILES = {
    **APP,
    "src/app/domain/user.py": "import os\n",  # no violation of its own
    # Each of these would be a layer violation, if it were checked:
    "src/app/domain/migrations/__init__.py": "",
    "src/app/domain/migrations/m0001.py": "from app.api import views\n",
    "src/app/domain/user_pb2.py": "from app.api import views\n",
    "src/app/legacy/__init__.py": "",
    "src/app/legacy/old.py": "from app.api import views\n",
    "src/app/domain/uses_legacy.py": "from app.legacy import old\n",  # indirect, via legacy
    "src/app/domain/broken_pb2.py": "def (:\n",  # would be LL901
}
EXCLUDE = 'exclude = ["migrations", "*_pb2.py", "src/app/legacy/**"]\n'


def test_exclude_control_run_reports_everything(tmp_path, cli):
    # Without `exclude`, every planted file is reported: the test below means something.
    root = project(tmp_path, {"pyproject.toml": "[tool.layerlint]\n" + LAYERS_CONTRACT}, EXCLUDED_FILES)
    reported = {d["filename"] for d in json_diagnostics(cli, cwd=root)}
    assert reported == {
        "src/app/domain/migrations/m0001.py",
        "src/app/domain/user_pb2.py",
        "src/app/domain/uses_legacy.py",
        "src/app/domain/broken_pb2.py",
    }


def test_excluded_files_are_neither_reported_nor_in_the_graph(tmp_path, cli):
    root = project(
        tmp_path, {"pyproject.toml": "[tool.layerlint]\n" + EXCLUDE + LAYERS_CONTRACT}, EXCLUDED_FILES
    )
    code, out, err = cli(cwd=root)
    assert (code, err) == (0, "")
    assert out == "Contract 'Layers': kept\nAll checks passed (7 files, 1 contract checked).\n"

    built = build_project(load_config(root))
    excluded = {
        "app.domain.migrations",
        "app.domain.migrations.m0001",
        "app.domain.user_pb2",
        "app.domain.broken_pb2",
        "app.legacy",
        "app.legacy.old",
    }
    assert not excluded & set(built.modules)
    assert not excluded & built.graph.modules
    assert "app.domain.uses_legacy" in built.graph.modules
    assert not built.graph.chain_exists(importer="app.domain.uses_legacy", imported="app.api.views")


def test_layers_naming_an_excluded_module_is_an_error(tmp_path, cli):
    contract = LAYERS_CONTRACT.replace('"app.domain"]', '"app.domain", "app.legacy"]')
    root = project(tmp_path, {"pyproject.toml": "[tool.layerlint]\n" + EXCLUDE + contract}, EXCLUDED_FILES)
    assert_one_line_error(cli(cwd=root), "pyproject.toml", "'layers'", "app.legacy")


# -- import-linter's formats -----------------------------------------------------------------

IMPORTLINTER_INI = """
[importlinter]
root_package = app

[importlinter:contract:layered]
name = Layers
type = layers
layers =
    app.api
    app.domain

[importlinter:contract:no-os]
type = forbidden
source_modules =
    app.domain.order
    app.domain.user
forbidden_modules =
    os
include_external_packages = True
"""


def test_dot_importlinter(tmp_path, cli):
    ini = IMPORTLINTER_INI.replace("include_external_packages = True\n", "")
    ini = ini.replace("root_package = app\n", "root_package = app\ninclude_external_packages = True\n")
    root = project(tmp_path, {".importlinter": ini})
    config = load_config(root)
    assert config.source_format == "importlinter"
    assert config.root_packages == ("app",)
    assert [(c.id, c.name, c.type) for c in config.contracts] == [
        ("layered", "Layers", "layers"),
        ("no-os", "no-os", "forbidden"),  # no name: the contract ID stands in
    ]
    assert config.contracts[0].options["layers"] == ["app.api", "app.domain"]
    diagnostics = json_diagnostics(cli, cwd=root)
    assert sorted((d["filename"], d["location"]["row"], d["code"], d["contract"]) for d in diagnostics) == [
        ("src/app/domain/order.py", 1, "LL102", "no-os"),
        ("src/app/domain/user.py", 1, "LL102", "no-os"),
        ("src/app/domain/user.py", 2, "LL101", "Layers"),
    ]


def test_setup_cfg_with_multiline_lists(tmp_path, cli):
    setup_cfg = """
        [metadata]
        name = proj

        [importlinter]
        root_packages =
            app
        include_external_packages = True

        [importlinter:contract:layered]
        name = Layers
        type = layers
        layers =
            app.api
            app.domain
        ignore_imports =
            app.domain.user -> app.api.views

        [importlinter:contract:no-os]
        name = Domain does not use os
        type = forbidden
        source_modules =
            app.domain.order
            app.domain.user
        forbidden_modules =
            os

        [flake8]
        max-line-length = 100
    """
    root = project(tmp_path, {"setup.cfg": setup_cfg})
    config = load_config(root)
    assert config.path == (root / "setup.cfg").resolve()
    assert config.root_packages == ("app",)
    assert config.include_external_packages is True
    diagnostics = json_diagnostics(cli, cwd=root)
    # The layer violation is ignored (multi-line ignore_imports); os is forbidden twice.
    assert [(d["filename"], d["code"], d["contract"]) for d in diagnostics] == [
        ("src/app/domain/order.py", "LL102", "Domain does not use os"),
        ("src/app/domain/user.py", "LL102", "Domain does not use os"),
    ]


def test_setup_cfg_without_importlinter_section_is_skipped(tmp_path):
    root = project(tmp_path, {"pyproject.toml": "[tool.layerlint]\n"})
    write(root / "src", {"setup.cfg": "[flake8]\nmax-line-length = 100\n"})
    assert load_config(root / "src").path == (root / "pyproject.toml").resolve()


def test_pyproject_tool_importlinter(tmp_path, cli):
    pyproject = """
        [tool.importlinter]
        root_packages = ["app"]

        [[tool.importlinter.contracts]]
        id = "layered"
        name = "Layers"
        type = "layers"
        layers = ["app.api", "app.domain"]
    """
    root = project(tmp_path, {"pyproject.toml": pyproject})
    config = load_config(root)
    assert config.source_format == "importlinter"
    assert [(c.id, c.name) for c in config.contracts] == [("layered", "Layers")]
    diagnostics = json_diagnostics(cli, cwd=root)
    assert [(d["filename"], d["code"], d["contract"]) for d in diagnostics] == [
        ("src/app/domain/user.py", "LL101", "Layers")
    ]


LAYERLINT_NO_CONTRACTS = {"pyproject.toml": "[tool.layerlint]\n"}


@pytest.mark.parametrize(
    "files, winner",
    [
        ({"pyproject.toml": "[tool.layerlint]\n", ".importlinter": IMPORTLINTER_INI}, "pyproject.toml"),
        ({"pyproject.toml": "[tool.layerlint]\n", "setup.cfg": IMPORTLINTER_INI}, "pyproject.toml"),
        ({"layerlint.toml": "exclude = []\n", ".importlinter": IMPORTLINTER_INI}, "layerlint.toml"),
        ({"layerlint.toml": "exclude = []\n", "setup.cfg": IMPORTLINTER_INI}, "layerlint.toml"),
        (
            {
                "pyproject.toml": """
                    [tool.importlinter]
                    root_package = "app"
                    [[tool.importlinter.contracts]]
                    name = "Layers"
                    type = "layers"
                    layers = ["app.api", "app.domain"]

                    [tool.layerlint]
                """
            },
            "pyproject.toml",
        ),
    ],
    ids=["pyproject+.importlinter", "pyproject+setup.cfg", "toml+.importlinter", "toml+setup.cfg", "same-file"],
)
def test_layerlint_config_wins_over_importlinter_in_the_same_directory(tmp_path, cli, files, winner):
    root = project(tmp_path, files)
    config = load_config(root)
    assert config.path == (root / winner).resolve()
    assert config.source_format == "layerlint"
    assert config.contracts == ()
    code, out, _ = cli(cwd=root)
    assert (code, out) == (0, "All checks passed (6 files, 0 contracts checked).\n")


def test_nearer_importlinter_config_wins_over_a_layerlint_config_above(tmp_path):
    root = project(tmp_path, {".importlinter": IMPORTLINTER_INI})
    write(tmp_path, {"pyproject.toml": "[tool.layerlint]\n"})
    assert load_config(root).path == (root / ".importlinter").resolve()


# -- bad input: exit 2, one line naming the file and the key -------------------------------------


def contract(body: str) -> str:
    return "[tool.layerlint]\n\n[[tool.layerlint.contracts]]\nname = \"C\"\n" + textwrap.dedent(body)


BAD_PYPROJECTS = {
    "unknown-top-level-key": (
        '[tool.layerlint]\nroot_package = ["app"]\n',
        ["pyproject.toml", "'root_package'", "did you mean 'root_packages'"],
    ),
    "unknown-contract-key": (
        contract(
            """
            type = "forbidden"
            source_modules = ["app.domain"]
            forbidden_modules = ["app.api"]
            allow_indirect_import = true
            """
        ),
        ["pyproject.toml", "'allow_indirect_import'", "did you mean 'allow_indirect_imports'"],
    ),
    "misspelt-required-contract-key": (
        # The typo, not only the key it leaves missing, must be named.
        contract(
            """
            type = "forbidden"
            source_module = ["app.domain"]
            forbidden_modules = ["app.api"]
            """
        ),
        ["pyproject.toml", "'source_module'", "did you mean 'source_modules'"],
    ),
    "exhaustive-string": (
        contract(
            """
            type = "layers"
            layers = ["app.api", "app.domain"]
            containers = ["app"]
            exhaustive = "yes"
            """
        ),
        ["pyproject.toml", "'exhaustive'", "'yes'"],
    ),
    "layers-integer": (
        contract('type = "layers"\nlayers = 5\n'),
        ["pyproject.toml", "'layers'", "list of strings"],
    ),
    "root-packages-string": (
        '[tool.layerlint]\nroot_packages = "app"\n',
        ["pyproject.toml", "'root_packages'", "list of strings"],
    ),
    "exclude-string": (
        '[tool.layerlint]\nexclude = "migrations"\n',
        ["pyproject.toml", "'exclude'"],
    ),
    "contracts-not-tables": (
        "[tool.layerlint]\ncontracts = 5\n",
        ["pyproject.toml", "'contracts'"],
    ),
    "unknown-contract-type": (
        contract('type = "layer"\nlayers = ["app.api", "app.domain"]\n'),
        ["pyproject.toml", "'type'", "'layer'", "did you mean 'layers'"],
    ),
    "missing-type": (
        contract('layers = ["app.api", "app.domain"]\n'),
        ["pyproject.toml", "missing required key 'type'"],
    ),
    "missing-required-key": (
        contract('type = "layers"\n'),
        ["pyproject.toml", "missing required key 'layers'"],
    ),
    "layer-module-does-not-exist": (
        contract('type = "layers"\nlayers = ["app.apii", "app.domain"]\n'),
        ["pyproject.toml", "'layers'", "app.apii", "did you mean 'app.api'"],
    ),
    "independence-module-does-not-exist": (
        contract('type = "independence"\nmodules = ["app.api", "app.domian"]\n'),
        ["pyproject.toml", "'modules'", "app.domian", "did you mean 'app.domain'"],
    ),
    "wildcard-double-doublestar": (
        contract('type = "forbidden"\nsource_modules = ["app.**.**"]\nforbidden_modules = ["app.api"]\n'),
        ["pyproject.toml", "'source_modules'", "app.**.**"],
    ),
    "wildcard-partial-segment": (
        contract('type = "independence"\nmodules = ["app.*x"]\n'),
        ["pyproject.toml", "'modules'", "app.*x"],
    ),
    "wildcard-in-layers": (
        contract('type = "layers"\nlayers = ["app.*", "app.domain"]\n'),
        ["pyproject.toml", "'layers'", "app.*"],
    ),
    "bad-ignore-imports": (
        contract(
            """
            type = "layers"
            layers = ["app.api", "app.domain"]
            ignore_imports = ["app.domain.user - app.api.views"]
            """
        ),
        ["pyproject.toml", "'ignore_imports'"],
    ),
    "invalid-toml": (
        "[tool.layerlint\nroot_packages = [\n",
        ["pyproject.toml", "invalid TOML"],
    ),
    "tool-layerlint-not-a-table": (
        "[tool]\nlayerlint = 5\n",
        ["pyproject.toml", "[tool.layerlint]"],
    ),
    "root-package-does-not-exist": (
        '[tool.layerlint]\nroot_packages = ["apq"]\n',
        ["pyproject.toml", "'root_packages'", "apq", "did you mean 'app'"],
    ),
    "source-root-does-not-exist": (
        '[tool.layerlint]\nsource_roots = ["nope"]\n',
        ["pyproject.toml", "'source_roots'", "nope"],
    ),
    "newline-in-contract-type": (
        contract('type = """layers\n"""\nlayers = ["app.api", "app.domain"]\n'),
        ["pyproject.toml", "'type'"],
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_PYPROJECTS))
def test_bad_pyproject(tmp_path, cli, name):
    text, fragments = BAD_PYPROJECTS[name]
    root = project(tmp_path, {"pyproject.toml": text})
    assert_one_line_error(cli(cwd=root), *fragments)


def test_error_names_the_file_relative_to_the_current_directory(tmp_path, cli):
    project(tmp_path, {"pyproject.toml": '[tool.layerlint]\nroot_package = ["app"]\n'})
    line = assert_one_line_error(cli("proj", cwd=tmp_path), "'root_package'")
    assert line.startswith("layerlint: error: proj/pyproject.toml: "), line


def test_bad_layerlint_toml(tmp_path, cli):
    root = project(tmp_path, {"layerlint.toml": 'root_package = ["app"]\n'})
    assert_one_line_error(cli(cwd=root), "layerlint.toml", "'root_package'", "did you mean 'root_packages'")


def test_no_packages_found(tmp_path, cli):
    root = project(tmp_path, {"pyproject.toml": "[tool.layerlint]\n"}, {"src/readme.txt": ""})
    assert_one_line_error(cli(cwd=root), "pyproject.toml", "root_packages")


BAD_IMPORTLINTER = {
    "invalid-ini-no-section": (
        ".importlinter",
        "root_package = app\n",
        [".importlinter", "invalid INI"],
    ),
    "invalid-ini-duplicate-option": (
        "setup.cfg",
        "[importlinter]\nroot_package = app\nroot_package = app\n",
        ["setup.cfg", "invalid INI", "root_package"],
    ),
    "contract-types": (
        ".importlinter",
        "[importlinter]\nroot_package = app\ncontract_types =\n    custom: mypackage.Custom\n",
        [".importlinter", "'contract_types'"],
    ),
    "missing-root-package": (
        ".importlinter",
        "[importlinter]\ninclude_external_packages = True\n",
        [".importlinter", "'root_package'"],
    ),
    "root-package-does-not-exist": (
        ".importlinter",
        "[importlinter]\nroot_package = apq\n",
        [".importlinter", "'root_package'", "apq", "did you mean 'app'"],
    ),
    "unknown-session-key": (
        "setup.cfg",
        "[importlinter]\nroot_package = app\nroot_pakage = app\n",
        ["setup.cfg", "'root_pakage'", "did you mean 'root_package'"],
    ),
    "unknown-contract-type": (
        ".importlinter",
        ("[importlinter]\nroot_package = app\n\n"
        "[importlinter:contract:one]\ntype = layer\nlayers =\n    app.api\n    app.domain\n"),
        [".importlinter", "[importlinter:contract:one]", "'layer'", "did you mean 'layers'"],
    ),
    "misspelt-required-contract-key": (
        ".importlinter",
        ("[importlinter]\nroot_package = app\n\n"
        "[importlinter:contract:one]\ntype = layers\nlayer =\n    app.api\n    app.domain\n"),
        [".importlinter", "[importlinter:contract:one]", "'layer'", "did you mean 'layers'"],
    ),
    "contract-missing-type": (
        ".importlinter",
        "[importlinter]\nroot_package = app\n\n[importlinter:contract:one]\nlayers =\n    app.api\n",
        [".importlinter", "[importlinter:contract:one]", "'type'"],
    ),
    "pyproject-contract-key": (
        "pyproject.toml",
        ('[tool.importlinter]\nroot_package = "app"\n[[tool.importlinter.contracts]]\nname = "L"\n'
        'type = "layers"\nlayers = ["app.api", "app.domain"]\nexhaustiv = true\n'),
        ["pyproject.toml", "'exhaustiv'", "did you mean 'exhaustive'"],
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_IMPORTLINTER))
def test_bad_importlinter_config(tmp_path, cli, name):
    filename, text, fragments = BAD_IMPORTLINTER[name]
    root = project(tmp_path, {filename: text})
    assert_one_line_error(cli(cwd=root), *fragments)


def test_no_config_and_no_package_found(tmp_path, cli):
    # (a project without a configuration but with packages: tests/test_no_config.py)
    root = project(tmp_path, {}, files={"script.py": "import os\n"})
    assert_one_line_error(cli(cwd=root), "no configuration here or above", "no Python package")


def test_config_option_pointing_at_a_missing_file(tmp_path, cli):
    root = project(tmp_path, {"pyproject.toml": "[tool.layerlint]\n"})
    assert_one_line_error(cli("--config", "nope.toml", cwd=root), "nope.toml", "not found")


def test_config_option_pointing_at_a_file_without_a_section(tmp_path, cli):
    root = project(tmp_path, {"pyproject.toml": "[tool.layerlint]\n", "other.toml": "[tool.black]\n"})
    assert_one_line_error(cli("--config", "other.toml", cwd=root), "other.toml")


def test_bad_config_in_a_real_process_has_no_traceback(tmp_path):
    """The same guarantees outside pytest: a real process, real stderr."""
    root = project(tmp_path, {"pyproject.toml": contract('type = "layers"\nlayers = 5\n')})
    result = subprocess.run(
        [sys.executable, "-m", "layerlint", "check"],
        cwd=root,
        capture_output=True,
        check=False,
        text=True,
    )
    assert_one_line_error(
        (result.returncode, result.stdout, result.stderr), "pyproject.toml", "'layers'"
    )
