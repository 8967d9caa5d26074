"""`layerlint init` on a project import-linter configures: its contracts and settings are
carried over into [tool.layerlint] as they are (typed as the contract types read them), so
that `layerlint check` says after `init` exactly what it said before; pyproject.toml keeps
its line endings."""

from __future__ import annotations

from test_init_shapes import copy

IMPORTLINTER = """\
[importlinter]
root_package = app
include_external_packages = True

[importlinter:contract:layers]
name = Layers
type = layers
layers =
    app.main
    app.admin
ignore_imports =
    app.main.views -> app.models
exhaustive = False

[importlinter:contract:forbid]
name = No web in models
type = forbidden
source_modules = app.models
forbidden_modules = flask
allow_indirect_imports = true
"""

CARRIED = """\
[tool.layerlint]
# Carried over by `layerlint init` from .importlinter: import-linter's contracts and
# settings, as they are (layerlint reads this table first; lint-imports goes on
# reading .importlinter). `layerlint init --force` once .importlinter is gone proposes
# contracts from the imports of today instead.
root_packages = ["app"]
source_roots = ["."]
include_external_packages = true
exclude_type_checking_imports = false

[[tool.layerlint.contracts]]
name = "Layers"
id = "layers"
type = "layers"
layers = ["app.main", "app.admin"]
ignore_imports = ["app.main.views -> app.models"]
exhaustive = false

[[tool.layerlint.contracts]]
name = "No web in models"
id = "forbid"
type = "forbidden"
source_modules = ["app.models"]
forbidden_modules = ["flask"]
allow_indirect_imports = true
"""


def test_init_carries_importlinter_contracts_over_and_check_says_the_same(tmp_path, cli):
    root = copy("init_flask", tmp_path)
    (root / ".importlinter").write_text(IMPORTLINTER)
    before = cli("check", "--no-cache", cwd=root)
    assert before[0] == 1 and before[1].splitlines()[-3:] == [
        "Contract 'Layers': broken, 1 problem",
        "Contract 'No web in models': kept",
        "Found 1 problem in 1 file (2 contracts checked).",
    ]
    code, out, err = cli("init", "--diff", cwd=root)
    assert (code, err) == (0, "")
    assert out.splitlines()[3:] == ["+" + line for line in CARRIED.splitlines()]
    code, out, err = cli("init", cwd=root)
    assert (code, err) == (0, "")
    assert out == (
        "Wrote [tool.layerlint] to pyproject.toml; now run `layerlint check` "
        "(and `layerlint check --write-baseline` to accept today's problems).\n"
    )
    assert (root / "pyproject.toml").read_text() == CARRIED
    assert not (root / "layerlint-baseline.json").exists()  # the carried table names none
    assert cli("check", "--no-cache", cwd=root) == before
    (root / ".importlinter").unlink()  # now [tool.layerlint] alone says it
    assert cli("check", "--no-cache", cwd=root) == before


def test_init_twin_a_tool_importlinter_table_with_lists_and_line_endings_kept(tmp_path, cli):
    """The same from [tool.importlinter] in a pyproject.toml with CRLF line endings: the
    table is added after the file's own lines, which keep their bytes."""
    root = copy("init_flask", tmp_path)
    original = (
        '[project]\r\nname = "shop"\r\n\r\n[tool.importlinter]\r\nroot_packages = ["app"]\r\n\r\n'
        '[[tool.importlinter.contracts]]\r\nname = "Main apart"\r\ntype = "independence"\r\n'
        'modules = ["app.main", "app.admin"]\r\n'
    )
    (root / "pyproject.toml").write_bytes(original.encode())
    before = cli("check", "--no-cache", cwd=root)
    assert cli("init", cwd=root)[0] == 0
    written = (root / "pyproject.toml").read_bytes()
    assert written.startswith(original.encode())
    assert b"\n" not in written.replace(b"\r\n", b"")  # every line ends as before
    assert written.decode().replace("\r\n", "\n").endswith(
        '[[tool.layerlint.contracts]]\nname = "Main apart"\ntype = "independence"\n'
        'modules = ["app.main", "app.admin"]\n'
    )
    assert cli("check", "--no-cache", cwd=root) == before


def test_a_proposal_from_the_imports_twin_keeps_crlf_too(tmp_path, cli):
    root = copy("init_flask", tmp_path)
    (root / "pyproject.toml").write_bytes(b'[project]\r\nname = "shop"\r\n')
    assert cli("init", cwd=root)[0] == 0
    written = (root / "pyproject.toml").read_bytes()
    assert written.startswith(b'[project]\r\nname = "shop"\r\n\r\n[tool.layerlint]\r\n')
    assert b"\n" not in written.replace(b"\r\n", b"")


def test_an_importlinter_configuration_layerlint_refuses_is_one_line_exit_2(tmp_path, cli):
    root = copy("init_flask", tmp_path)
    broken = IMPORTLINTER.replace("exhaustive = False", "exhaustive = maybe")
    (root / ".importlinter").write_text(broken)
    code, out, err = cli("init", cwd=root)
    assert (code, out) == (2, "")
    assert err == (
        "layerlint: error: .importlinter: [importlinter:contract:layers]: key 'exhaustive': "
        "expected true or false, got the string 'maybe'\n"
    )
    assert not (root / "pyproject.toml").exists()
