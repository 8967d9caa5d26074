"""Bad input (issue 8): every case in testdata/bad/ ends with a diagnostic (LL901 and
friends) while every other file is still checked, or with a one-line error and exit 2;
never a traceback. Cases that need the file system in a special state (symlink loops,
unreadable files, damaged caches, concurrent runs, huge generated modules) are built in a
temporary directory by the test itself.
"""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from helpers import assert_one_line_error, read_scan_cache, scan_cache_parts, write_project

BAD = Path(__file__).resolve().parent.parent / "testdata" / "bad"

# Every stored project has app.low importing app.high against a layers contract: this
# violation must survive whatever else is wrong with the project.
LOW_VIOLATION = (
    "app/low.py:1:1: LL101 Layer violation: app.low -> app.high: layer 'app.low' must not "
    "import higher layer 'app.high' (contract 'Layers')"
)
BASE = {"app/__init__.py": "", "app/high/__init__.py": "", "app/low.py": "import app.high\n"}
LAYERS = {"name": "Layers", "type": "layers", "layers": ["app.high", "app.low"]}


def problems(out: str) -> list[str]:
    """The diagnostic lines of concise output (without the contracts' lines and the summary
    line, which assert_diagnostics checks apart)."""
    return [
        line for line in out.splitlines() if not line.startswith(("Found ", "All ", "Contract '"))
    ]


def contract_lines(expected: list[str], out: str) -> tuple[list[str], list[str]]:
    """(the broken contracts' lines the expected diagnostics make, those printed); the
    contracts with no error among them must be printed as kept."""
    counts: dict[str, int] = {}
    for line in expected:
        if " warning: " not in line and line.endswith("')") and "(contract '" in line:
            name = line.rsplit("(contract '", 1)[1][:-2]
            counts[name] = counts.get(name, 0) + 1
    wanted = sorted(
        f"Contract '{name}': broken, {n} problem{'s' if n > 1 else ''}" for name, n in counts.items()
    )
    printed = [line for line in out.splitlines() if line.startswith("Contract '")]
    assert all(line.endswith("': kept") for line in printed if ": broken, " not in line), out
    assert printed == [] or wanted, out  # printed only when a contract is broken
    return wanted, sorted(line for line in printed if ": broken, " in line)


def assert_diagnostics(result, expected: list[str], *, stderr: str = "") -> None:
    code, out, err = result
    assert "Traceback" not in err and "internal error" not in err, err
    assert err == stderr, err
    assert problems(out) == sorted(expected), out
    wanted, printed = contract_lines(expected, out)
    assert printed == wanted, out
    assert code == (1 if expected else 0), (code, out, err)


def check(cli, case: str, *args: str):
    return cli("check", "--no-cache", *args, cwd=BAD / case)


def test_corpus_is_large_enough():
    cases = [p for p in BAD.iterdir() if (p / "pyproject.toml").is_file() or p.is_dir()]
    assert len(cases) >= 30


# -- unparsable or odd source files: LL901 at the right place, the rest still checked ------------

LL901_CASES = {
    "syntax_error": "app/broken.py:3:7: LL901 Cannot parse app/broken.py: invalid syntax",
    "python2": "app/legacy.py:2:1: LL901 Cannot parse app/legacy.py: Missing parentheses in "
    "call to 'print'. Did you mean print(...)?",
    "python2_octal_and_backticks": "app/legacy.py:3:8: LL901 Cannot parse app/legacy.py: "
    "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal "
    "integers",
    "bad_coding_cookie": "app/cookie.py:1:1: LL901 Cannot parse app/cookie.py: unknown "
    "encoding: no-such-codec",
    "bom_then_syntax_error": "app/broken.py:2:6: LL901 Cannot parse app/broken.py: invalid syntax",
    "tabs_and_spaces": "app/mixed.py:4:1: LL901 Cannot parse app/mixed.py: inconsistent use "
    "of tabs and spaces in indentation",
    "unterminated_string": "app/broken.py:2:5: LL901 Cannot parse app/broken.py: unterminated "
    "triple-quoted string literal (detected at line 3)",
    "deeply_nested": "app/nested.py:2:205: LL901 Cannot parse app/nested.py: too many nested "
    "parentheses",
    "broken_init": "app/high/__init__.py:1:5: LL901 Cannot parse app/high/__init__.py: "
    "invalid syntax",
}


@pytest.mark.parametrize("case", sorted(LL901_CASES))
def test_unparsable_file_is_reported_and_the_rest_checked(cli, case):
    expected = LL901_CASES[case] + "; its imports are not checked"
    assert_diagnostics(check(cli, case), [expected, LOW_VIOLATION])


def test_non_utf8_file(cli):
    code, out, err = check(cli, "non_utf8")
    assert code == 1 and err == "", (code, out, err)
    found = problems(out)
    assert found[1] == LOW_VIOLATION
    location, message = found[0].split(": ", 1)
    path, line, column = location.split(":")
    # The undecodable byte is on line 2 (`name = "caf\xe9"`), within the line.
    assert (path, line) == ("app/latin.py", "2")
    assert 1 <= int(column) <= len(b'name = "caf\xe9"') + 1
    assert message.startswith("LL901 Cannot parse app/latin.py: ")
    assert "utf-8" in message and message.endswith("; its imports are not checked")


def test_nul_byte_is_reported_on_its_line(cli):
    # app/nul.py is b"import app.high\nx = 1\x00\n": the NUL byte is on line 2, column 6.
    code, out, err = check(cli, "nul_byte")
    assert code == 1 and err == "", (code, out, err)
    found = problems(out)
    assert LOW_VIOLATION in found
    [nul] = [line for line in found if "LL901" in line]
    assert nul.startswith("app/nul.py:2:"), nul
    assert "null bytes" in nul


def test_bom_marked_file_is_parsed_and_its_imports_count(cli):
    # app/low.py starts with a UTF-8 BOM: still line 1, column 1.
    assert_diagnostics(check(cli, "bom"), [LOW_VIOLATION])


def test_latin1_file_with_coding_cookie_is_parsed(cli):
    latin = (
        "app/latin.py:3:1: LL101 Layer violation: app.latin -> app.high: layer 'app.latin' "
        "must not import higher layer 'app.high' (contract 'Layers')"
    )
    assert_diagnostics(check(cli, "latin1_with_cookie"), [latin, LOW_VIOLATION])


@pytest.mark.parametrize("case", ["empty_file", "only_comments"])
def test_file_without_code_is_fine(cli, case):
    assert_diagnostics(check(cli, case), [LOW_VIOLATION])


# -- odd package layouts -------------------------------------------------------------------------


ORPHAN_WARNING = (
    "layerlint: warning: folder app/orphan has no __init__.py inside a package: the import "
    "graph (grimp) leaves its modules out, so no contract sees their imports; only `unique` "
    "and the SQLAlchemy rules read them (add an __init__.py, or exclude the folder)\n"
)


def test_dir_without_init_inside_a_package_is_not_a_module_and_says_so(cli):
    # app/orphan/ has no __init__.py: grimp (and so import-linter) skip it, and so do we,
    # but not silently: a warning on stderr (the exit status is the violation's).
    assert_diagnostics(check(cli, "dir_without_init"), [LOW_VIOLATION], stderr=ORPHAN_WARNING)
    from layerlint.engine import RunOptions, analyse

    analysis = analyse(RunOptions(paths=[BAD / "dir_without_init"], use_cache=False))
    assert not any(m.startswith("app.orphan") for m in analysis.project.graph.modules)
    assert "app.low" in analysis.project.graph.modules


def test_dir_without_init_warning_is_repeated_from_stored_results(tmp_path, cli):
    shutil.copytree(BAD / "dir_without_init", tmp_path / "p")
    first = cli("check", cwd=tmp_path / "p")
    second = cli("check", cwd=tmp_path / "p")  # from the stored results
    assert first == second
    assert first[2] == ORPHAN_WARNING


def test_excluded_orphan_folder_is_not_warned_about(tmp_path, cli):
    shutil.copytree(BAD / "dir_without_init", tmp_path / "p")
    config = tmp_path / "p" / "pyproject.toml"
    config.write_text(config.read_text().replace("[tool.layerlint]", '[tool.layerlint]\nexclude = ["orphan"]'))
    assert_diagnostics(cli("check", "--no-cache", cwd=tmp_path / "p"), [LOW_VIOLATION])


def test_orphan_folder_without_python_files_is_not_warned_about(tmp_path, cli):
    write_project(tmp_path, {**BASE, "app/templates/page.html": "<p>", "app/data/x.txt": ""}, [LAYERS])
    assert_diagnostics(cli("check", "--no-cache", cwd=tmp_path), [LOW_VIOLATION])


def test_namespace_root_package(cli):
    assert_diagnostics(check(cli, "namespace_packages"), [LOW_VIOLATION])


SHADOWED = (
    "app/high.py:1:1: LL904 warning: app/high.py is never imported: the package app/high/ has "
    "the same name and Python imports the package; this file is not checked"
)


def test_module_and_package_with_the_same_name(cli):
    # app/high.py is shadowed by the package app/high/: Python imports the package, whose
    # __init__.py is empty. The shadowed file's `import app.low` must not be charged to
    # app.high, let alone reported at app/high/__init__.py:1:1, a line with no import; the
    # file itself gets a warning (LL904), which does not change the exit status.
    code, out, err = check(cli, "module_and_package_same_name")
    assert err == ""
    assert problems(out) == [SHADOWED, LOW_VIOLATION]
    assert code == 1
    code, out, err = check(cli, "module_and_package_same_name", "--select", "LL904")
    assert (code, problems(out)) == (0, [SHADOWED])


def test_shadowed_module_that_is_excluded_is_not_reported(tmp_path, cli):
    write_project(tmp_path, {**BASE, "app/high.py": "import app.low\n"}, [LAYERS], exclude=["app/high.py"])
    assert_diagnostics(cli("check", "--no-cache", cwd=tmp_path), [LOW_VIOLATION])


def test_two_root_packages(cli):
    lib = (
        "lib/util.py:1:1: LL102 Forbidden import: lib.util -> app.high: 'lib' must not import "
        "'app' (contract 'lib is independent of app')"
    )
    assert_diagnostics(check(cli, "two_root_packages"), [LOW_VIOLATION, lib])


def test_files_and_folders_that_are_not_identifiers_are_skipped(cli):
    # two.dots.py and 'not a package/' cannot be imported: not modules. (my-module.py is
    # module app.my-module for grimp and layerlint alike: test_differential.py.)
    assert_diagnostics(check(cli, "non_identifier_names"), [LOW_VIOLATION])


# -- configuration errors: one line naming the file and the key, exit 2 ---------------------------

CONFIG_ERRORS = {
    "config_invalid_toml": ("pyproject.toml: invalid TOML: ", "line 1"),
    "config_not_utf8": ("pyproject.toml: cannot read: not UTF-8 text",),
    "config_typo_top_level": (
        (
            "pyproject.toml: [tool.layerlint]: unknown key 'root_package' "
            "(did you mean 'root_packages'?)"
        ),
    ),
    "config_typo_contract_key": (
        "pyproject.toml: contract 'Layers' (#1): unknown key 'layer' (did you mean 'layers'?)",
    ),
    "config_typo_optional_key": (
        (
            "pyproject.toml: contract 'Layers' (#1): unknown key 'ignore_import' "
            "(did you mean 'ignore_imports'?)"
        ),
    ),
    "wrong_type_root_packages": (
        (
            "pyproject.toml: [tool.layerlint]: key 'root_packages': expected a list of strings, "
            "got the string 'app'"
        ),
    ),
    "wrong_type_boolean": (
        (
            "pyproject.toml: [tool.layerlint]: key 'include_external_packages': expected true or "
            "false, got the string 'yes'"
        ),
    ),
    "wrong_type_layers": (
        (
            "pyproject.toml: contract 'Layers' (#1): key 'layers': expected a list of strings, "
            "got the string 'app.high'"
        ),
    ),
    "wrong_type_layers_item": (
        "pyproject.toml: contract 'Layers' (#1): key 'layers': expected a list of strings",
    ),
    "wrong_type_contract_name": ("pyproject.toml: contract #1: key 'name': expected a string",),
    "contracts_not_array": (
        "pyproject.toml: [tool.layerlint]: key 'contracts': expected an array of tables",
    ),
    "tool_layerlint_not_table": ("pyproject.toml: [tool.layerlint] must be a table",),
    "missing_contract_type": (
        "pyproject.toml: contract 'Layers' (#1): missing required key 'type'",
    ),
    "unknown_contract_type": (
        (
            "pyproject.toml: contract 'Layers' (#1): key 'type': unknown contract type 'layer' "
            "(did you mean 'layers'?)"
        ),
    ),
    "layers_missing_module": (
        "pyproject.toml: contract 'Layers' (#1): key 'layers': module 'app.middle' does not exist",
    ),
    "forbidden_missing_module": (
        (
            "pyproject.toml: contract 'No high' (#1): key 'source_modules': module 'app.lowe' does "
            "not exist (did you mean 'app.low'?)"
        ),
    ),
    "layers_duplicate_module": (
        (
            "pyproject.toml: contract 'Layers' (#1): key 'layers': 'app.high' is in more than one "
            "layer"
        ),
    ),
    "layers_wildcard": (
        (
            "pyproject.toml: contract 'Layers' (#1): key 'layers': 'app.*': layers cannot use "
            "wildcards"
        ),
    ),
    "invalid_wildcard_partial": (
        (
            "pyproject.toml: contract 'No high' (#1): key 'source_modules': 'app.lo*' is not a "
            "module name or a wildcard expression"
        ),
    ),
    "invalid_wildcard_double_doublestar": (
        (
            "pyproject.toml: contract 'No high' (#1): key 'source_modules': 'app.**.**': '**' "
            "cannot follow '**'"
        ),
    ),
    "invalid_ignore_imports": (
        (
            "pyproject.toml: contract 'Layers' (#1): key 'ignore_imports': 'app.low app.high' is "
            "not of the form 'importer -> imported'"
        ),
    ),
    "root_package_not_found": (
        "pyproject.toml: key 'root_packages': package 'ap' not found under . (did you mean 'app'?)",
    ),
    "root_package_bad_name": (
        "pyproject.toml: [tool.layerlint]: key 'root_packages': 'my-app' is not a package name",
    ),
    "source_root_missing": ("pyproject.toml: key 'source_roots': 'srcx' is not a directory",),
    "no_packages_found": ("pyproject.toml: no packages found under source roots .",),
    "importlinter_unknown_contract_type": (
        (
            "pyproject.toml: contract 'Custom' (#1): key 'type': unknown contract type "
            "'mypackage.contracts.CustomContract'"
        ),
    ),
    "importlinter_ini_unknown_contract_type": (
        (
            ".importlinter: [importlinter:contract:custom]: key 'type': unknown contract type "
            "'layer' (did you mean 'layers'?)"
        ),
    ),
    "importlinter_custom_contract_types": (
        (
            "pyproject.toml: [tool.importlinter]: key 'contract_types': custom contract types are "
            "not supported"
        ),
    ),
    "importlinter_missing_root_package": (
        "pyproject.toml: [tool.importlinter]: missing required key 'root_package'",
    ),
    "importlinter_ini_invalid": ("setup.cfg: invalid INI file: ",),
}


@pytest.mark.parametrize("case", sorted(CONFIG_ERRORS))
@pytest.mark.parametrize("command", ["check", "graph"])
def test_config_error_is_one_line(cli, case, command):
    args = ("check", "--no-cache") if command == "check" else ("graph", "--no-cache")
    line = assert_one_line_error(cli(*args, cwd=BAD / case), *CONFIG_ERRORS[case])
    assert line.startswith("layerlint: error: " + CONFIG_ERRORS[case][0]), line


# Contracts grimp cannot search: a one-line error naming the key, not grimp's exception.
GRIMP_REFUSALS = {
    "independence_nested": (
        {"type": "independence", "modules": ["app", "app.b"]},
        "key 'modules': 'app.b' is inside 'app': independent modules may not nest",
    ),
    "independence_wildcard_nested": (
        {"type": "independence", "modules": ["app.*", "app.b.c"]},
        "key 'modules': 'app.b.c' is inside 'app.b': independent modules may not nest",
    ),
    "acyclic_siblings_external": (
        {"type": "acyclic_siblings", "ancestors": ["os"]},
        "key 'ancestors': 'os' is not inside the root packages (app)",
    ),
    "acyclic_external": (
        {"type": "acyclic", "packages": ["os"]},
        "key 'packages': 'os' is not inside the root packages (app)",
    ),
}


@pytest.mark.parametrize("case", sorted(GRIMP_REFUSALS))
def test_contract_grimp_cannot_search_is_a_one_line_error(tmp_path, cli, case):
    contract, message = GRIMP_REFUSALS[case]
    files = {"app/a.py": "import os\n", "app/b/__init__.py": "", "app/b/c.py": ""}
    write_project(tmp_path, files, [{"name": "C", **contract}])
    line = assert_one_line_error(cli("check", "--no-cache", cwd=tmp_path), message)
    assert line == f"layerlint: error: pyproject.toml: contract 'C' (#1): {message}"


# -- file-system states built by the test ------------------------------------------------------

SETPRIV = shutil.which("setpriv")


def run_cli(root: Path, *args: str, user: str | None = None, timeout: float = 60):
    """`layerlint ARGS` in a subprocess, from `root`; as nobody when `user` is given."""
    command = [sys.executable, "-m", "layerlint", *args]
    env = {k: v for k, v in os.environ.items() if k != "LAYERLINT_DEBUG"}
    env["HOME"] = str(root)
    if user == "nobody":
        command = [SETPRIV, "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        env["PYTHONPATH"] = str(_libraries_for_nobody(root.parent))
    result = subprocess.run(
        command, cwd=root, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    return result.returncode, result.stdout, result.stderr


def _libraries_for_nobody(directory: Path) -> Path:
    """Copies of layerlint and its dependencies that nobody can import (the
    interpreter's own site-packages may sit in a folder only root can enter)."""
    import importlib

    lib = directory / "lib"
    if not lib.exists():
        lib.mkdir()
        for name in ("layerlint", "grimp", "pydot", "pyparsing", "typing_extensions"):
            module = importlib.import_module(name)
            source = Path(module.__file__)
            if source.name == "__init__.py":
                shutil.copytree(source.parent, lib / name)
            else:
                shutil.copy(source, lib)
        world_readable(lib)
    return lib


@pytest.fixture
def shared_dir():
    """A directory user nobody can read (pytest's tmp_path is root-only)."""
    directory = Path(tempfile.mkdtemp(prefix="layerlint-bad-", dir="/tmp"))
    directory.chmod(0o755)
    yield directory
    for path in directory.rglob("*"):  # let rmtree into folders made unreadable
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(directory, ignore_errors=True)


def base_project(root: Path, extra=None, contracts=(LAYERS,)) -> Path:
    return write_project(root, {**BASE, **(extra or {})}, contracts)


def world_readable(root: Path) -> None:
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        path.chmod(0o755 if path.is_dir() else 0o644)


def test_symlink_loops(cli, tmp_path):
    root = base_project(tmp_path / "p", {"app/sub/__init__.py": "", "app/sub/mod.py": "x = 1\n"})
    (root / "app" / "sub" / "back").symlink_to("..")  # a folder loop
    (root / "app" / "sub" / "self_loop").symlink_to("self_loop")  # a link to itself
    (root / "app" / "selfref.py").symlink_to("selfref.py")  # a module file that loops
    code, out, err = cli("check", "--no-cache", cwd=root)
    assert "Traceback" not in err and "internal error" not in err, err
    found = problems(out)
    assert LOW_VIOLATION in found
    # The looping module file cannot be read: reported, not silently dropped.
    assert [line for line in found if line != LOW_VIOLATION] == [
        (
            "app/selfref.py:1:1: LL901 Cannot parse app/selfref.py: cannot read file; "
            "its imports are not checked"
        )
    ], out
    assert code == 1


def test_dangling_symlink_module(cli, tmp_path):
    root = base_project(tmp_path / "p")
    (root / "app" / "gone.py").symlink_to("nowhere.py")
    code, out, err = cli("check", "--no-cache", cwd=root)
    assert "Traceback" not in err and "internal error" not in err, err
    assert problems(out) == [
        (
            "app/gone.py:1:1: LL901 Cannot parse app/gone.py: cannot read file; "
            "its imports are not checked"
        ),
        LOW_VIOLATION,
    ], out
    assert code == 1


needs_setpriv = pytest.mark.skipif(SETPRIV is None, reason="setpriv is missing")


@needs_setpriv
def test_unreadable_file(shared_dir):
    root = base_project(shared_dir / "p", {"app/secret.py": "import app.high\n"})
    world_readable(root)
    (root / "app" / "secret.py").chmod(0)
    code, out, err = run_cli(root, "check", "--no-cache", user="nobody")
    assert "Traceback" not in err and "internal error" not in err, err
    assert problems(out) == [
        LOW_VIOLATION,
        (
            "app/secret.py:1:1: LL901 Cannot parse app/secret.py: cannot read file; "
            "its imports are not checked"
        ),
    ], (out, err)
    assert code == 1


@needs_setpriv
def test_unreadable_folder_is_reported(shared_dir):
    # A folder of the package that cannot be listed: its modules are lost, so the run
    # must say so (a diagnostic or a warning naming the folder), not pass silently.
    root = base_project(shared_dir / "p", {"app/private/__init__.py": "", "app/private/m.py": ""})
    world_readable(root)
    (root / "app" / "private").chmod(0)
    _, out, err = run_cli(root, "check", "--no-cache", user="nobody")
    assert "Traceback" not in err and "internal error" not in err, err
    assert LOW_VIOLATION in problems(out)
    assert "app/private" in out + err, (out, err)


@needs_setpriv
def test_unreadable_config(shared_dir):
    root = base_project(shared_dir / "p")
    world_readable(root)
    (root / "pyproject.toml").chmod(0)
    result = run_cli(root, "check", "--no-cache", user="nobody")
    assert_one_line_error(result, "pyproject.toml: cannot read: Permission denied")


def cache_file(root: Path) -> Path:
    return root / ".layerlint_cache" / "files.marshal"


def expected_output(root: Path) -> tuple[int, str, str]:
    return run_cli(root, "check", "--no-cache")


@pytest.mark.parametrize("which", ["files.marshal", "results.marshal", "basis.marshal"])
@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "wrong_shape", "directory"])
def test_damaged_cache_is_rebuilt(cli, tmp_path, which, damage):
    root = base_project(tmp_path / "p", {"app/broken.py": "def f(:\n"})
    clean = cli("check", "--no-cache", cwd=root)
    assert cli("check", cwd=root) == clean
    path = root / ".layerlint_cache" / which
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"\x00\xffnot marshal at all" * 10)
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "wrong_shape":  # valid marshal, nonsense inside
        path.write_bytes(marshal.dumps((1, 2, {"imports": [1, 2, 3]})))
    else:
        path.unlink()
        path.mkdir()
    if which != "results.marshal":  # the stored results must miss for the others to be read
        with (root / "app" / "low.py").open("a") as stream:
            stream.write("import os\n")  # a new import: the analysis must run again
        clean = cli("check", "--no-cache", cwd=root)
    result = cli("check", cwd=root)
    code, out, err = result
    assert "Traceback" not in err and "internal error" not in err, err
    assert (code, out) == clean[:2], result
    if damage == "directory":  # cannot be replaced: a warning at most
        assert err in (
            "",
            f"layerlint: warning: cannot write the cache in {root / '.layerlint_cache'}: Is a directory\n",
        ) or err.startswith("layerlint: warning: cannot write the cache"), err
        return
    assert err == ""
    # Rewritten and valid: another run gives the same answer from it.
    data = path.read_bytes()
    if which != "files.marshal":  # a fingerprint line, then the data
        assert marshal.loads(data.partition(b"\n")[2])
    else:  # the index, and the parts it names (project/cache.py)
        assert read_scan_cache(root)[2]["imports"]
    assert cli("check", cwd=root) == clean


@needs_setpriv
def test_read_only_cache_directory(shared_dir):
    root = base_project(shared_dir / "p", {"app/broken.py": "def f(:\n"})
    (root / ".layerlint_cache").mkdir()
    world_readable(root)  # owned by root: nobody can read it all but write nothing
    clean = run_cli(root, "check", "--no-cache", user="nobody")
    assert clean[0] == 1 and LOW_VIOLATION in problems(clean[1])
    code, out, err = run_cli(root, "check", user="nobody")
    assert (code, out) == clean[:2]
    assert "Traceback" not in err and "internal error" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("layerlint: warning: cannot write the cache"), (
        err
    )
    assert not cache_file(root).exists()
    # An explicit --cache-dir that cannot be created: the same.
    code, out, err = run_cli(root, "check", "--cache-dir", "/proc/nope", user="nobody")
    assert (code, out) == clean[:2]
    assert err.startswith("layerlint: warning: cannot write the cache"), err


def test_two_concurrent_runs_keep_the_cache_valid(tmp_path):
    files = dict(BASE)
    for i in range(300):
        files[f"app/mods/m{i:03}.py"] = (
            "".join(f"import app.mods.m{j:03}\n" for j in range(max(0, i - 5), i))
            + "def f():\n    return 1\n" * 20
        )
    files["app/broken.py"] = "def f(:\n"
    root = write_project(tmp_path / "p", files, [LAYERS])
    clean = expected_output(root)
    assert clean[0] == 1 and LOW_VIOLATION in problems(clean[1]), clean
    for _ in range(2):  # cold cache, then both runs racing to rewrite a warm one
        env = {k: v for k, v in os.environ.items() if k != "LAYERLINT_DEBUG"}
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "layerlint", "check"],
                cwd=root,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        for run in runs:
            out, err = run.communicate(timeout=60)
            assert (run.returncode, out, err) == clean
        imports = read_scan_cache(root)[2]["imports"]
        assert imports.keys() == {p.relative_to(root).as_posix() for p in root.rglob("*.py")}
        assert imports["app/broken.py"][1] is None  # cannot be parsed: read again every run
        assert run_cli(root, "check") == clean
        leftovers = [p.name for p in (root / ".layerlint_cache").iterdir()]
        # The scan cache's parts are those its index names, no others.
        parts = {p for p in leftovers if p.startswith("files-") and p.endswith(".part")}
        assert parts == set(scan_cache_parts(root))
        # survey.marshal is written once the folders are 2 s old (project/listing.py)
        assert sorted(set(leftovers) - {"survey.marshal"} - parts) == [
            ".gitignore",
            ".lock",
            "basis.marshal",
            "files.marshal",
            "results.marshal",
        ], leftovers
        (root / "app" / "mods" / "m000.py").write_text("import app.mods.m001\n")  # change one
        clean = expected_output(root)


def test_five_megabyte_module_is_checked(cli, tmp_path):
    body = "".join(f"def function_{i}(value):\n    return value + {i}\n\n" for i in range(110_000))
    assert len(body) > 5_000_000
    base_project(
        tmp_path / "p",
        {"app/big.py": body + "import app.high\n"},
        contracts=[
            {"name": "Layers", "type": "layers", "layers": ["app.high", "app.big : app.low"]}
        ],
    )
    line = body.count("\n") + 1
    big = (
        f"app/big.py:{line}:1: LL101 Layer violation: app.big -> app.high: layer 'app.big' "
        "must not import higher layer 'app.high' (contract 'Layers')"
    )
    assert_diagnostics(cli("check", "--no-cache", cwd=tmp_path / "p"), [big, LOW_VIOLATION])


@pytest.mark.parametrize(
    "source, message",
    [
        ("x = " + "-" * 100_000 + "1\n", "file is too deeply nested to parse"),
        ("x = " + "1 + " * 200_000 + "1\n", "file is too deeply nested to parse"),
        ("x = " + "[" * 100_000 + "]" * 100_000 + "\n", "too many nested parentheses"),
    ],
    ids=["unary_minus", "long_sum", "brackets"],
)
def test_generated_deeply_nested_module(tmp_path, source, message):
    # In a subprocess: a crash of the parser must fail this test, not kill pytest.
    root = base_project(tmp_path / "p", {"app/deep.py": "import app.high\n" + source})
    code, out, err = run_cli(root, "check", "--no-cache")
    assert "Traceback" not in err and "internal error" not in err, err
    assert code == 1, (code, out, err)
    found = problems(out)
    assert LOW_VIOLATION in found, out
    [deep] = [line for line in found if line != LOW_VIOLATION]
    assert deep.startswith("app/deep.py:"), deep
    assert "LL901" in deep and message in deep, deep
