"""Hostile configuration, cache and output: each case ends in one error line naming the
file and the key (exit 2), or in the diagnostics of a project that is still checked;
never a traceback, a hang or silence. Static cases live in testdata/bad/; the states a
repository cannot hold (FIFOs, links, a full device, huge files) are built here.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from helpers import assert_one_line_error, lint_imports, run_module

BAD = Path(__file__).resolve().parent.parent / "testdata" / "bad"
LOW_VIOLATION = (
    "app/low.py:1:1: LL101 Layer violation: app.low -> app.high: layer 'app.low' must not "
    "import higher layer 'app.high' (contract '{}')"
)
SUMMARY = "Found 1 problem in 1 file ({} checked).\n"


def run(root: Path, *args: str, env: dict | None = None, limits=(), **popen) -> tuple:
    """`layerlint ARGS` in a subprocess from `root`: (status, stdout, stderr) as bytes.
    `limits` are (resource, bytes) pairs set in the child only."""

    def limited() -> None:
        for which, value in limits:
            resource.setrlimit(which, (value, value))

    environment = {k: v for k, v in os.environ.items() if k != "LAYERLINT_DEBUG"}
    environment.update(env or {})
    popen.setdefault("stdout", subprocess.PIPE)
    result = subprocess.run(
        [sys.executable, "-m", "layerlint", *args],
        cwd=root,
        env=environment,
        stderr=subprocess.PIPE,
        timeout=60,
        check=False,
        preexec_fn=limited,
        **popen,
    )
    return result.returncode, result.stdout, result.stderr


def copy_case(case: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(BAD / case, tmp_path / case))


# -- 1. output: encodings, control characters, a stream that cannot be written ------------------

NAME = "Layers \x1b[31mred\x1b[0m \x07 caf\u00e9 \u2713"  # testdata/bad/contract_name_controls
SHOWN = "Layers \\x1b[31mred\\x1b[0m \\x07 caf\u00e9 \u2713"  # control characters escaped


def test_control_characters_in_a_contract_name_are_escaped_in_text_output(cli):
    code, out, err = cli("check", "--no-cache", cwd=BAD / "contract_name_controls")
    assert (code, err) == (1, "")
    assert out == (
        LOW_VIOLATION.format(SHOWN)
        + f"\nContract '{SHOWN}': broken, 1 problem\n"
        + SUMMARY.format("1 contract")
    )


def report(cli, output_format: str) -> str:
    """The project with the odd contract name, in this format: one problem, no error."""
    code, out, err = cli(
        "check",
        "--no-cache",
        "--output-format",
        output_format,
        cwd=BAD / "contract_name_controls",
    )
    assert (code, err) == (1, "")
    return out


@pytest.mark.parametrize("output_format", ["full", "github"])
def test_no_control_character_reaches_the_terminal(cli, output_format):
    out = report(cli, output_format)
    assert SHOWN in out
    assert not any(ord(c) < 32 and c != "\n" for c in out), repr(out)


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_json_formats_keep_the_real_name(cli, output_format):
    data = json.loads(report(cli, output_format))
    messages = (
        [d["message"] for d in data]
        if output_format == "json"
        else [r["message"]["text"] for r in data["runs"][0]["results"]]
    )
    assert messages == [LOW_VIOLATION.format(NAME).split(": LL101 ", 1)[1]]


@pytest.mark.parametrize("encoding", ["utf-8", "ascii", "cp1252"])
def test_junit_is_valid_xml_whatever_the_names_and_the_encoding(encoding):
    root = BAD / "contract_name_controls"
    env = {"PYTHONIOENCODING": encoding}
    code, out, err = run(root, "check", "--no-cache", "--output-format", "junit", env=env)
    assert (code, err) == (1, b"")
    failure = ElementTree.fromstring(out).find(".//failure")  # raises on invalid XML
    assert failure.get("message") == LOW_VIOLATION.format(SHOWN).split(": LL101 ", 1)[1]


@pytest.mark.parametrize(
    "encoding, shown",
    [
        ("ascii", b"Layers \\x1b[31mred\\x1b[0m \\x07 caf\\xe9 \\u2713"),
        ("cp1252", b"Layers \\x1b[31mred\\x1b[0m \\x07 caf\xe9 \\u2713"),
    ],
)
def test_characters_the_output_encoding_lacks_are_escaped(encoding, shown):
    root = BAD / "contract_name_controls"
    code, out, err = run(root, "check", "--no-cache", env={"PYTHONIOENCODING": encoding})
    assert (code, err) == (1, b"")
    expected = LOW_VIOLATION.format("{}").encode().replace(b"{}", shown)
    contract = b"Contract '" + shown + b"': broken, 1 problem"
    assert out == expected + b"\n" + contract + b"\n" + SUMMARY.format("1 contract").encode()


def test_closed_stdout_is_one_error_line():
    result = subprocess.run(
        ["sh", "-c", 'exec "$0" -m layerlint check --no-cache >&-', sys.executable],
        cwd=BAD / "contract_name_controls",
        stderr=subprocess.PIPE,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr) == (
        2,
        b"layerlint: error: cannot write the report: standard output is closed\n",
    )


@pytest.mark.parametrize("args", [("check", "--no-cache"), ("rules",)], ids=["check", "rules"])
def test_full_stdout_is_one_error_line(args):
    with open("/dev/full", "wb") as full:
        code, _, err = run(BAD / "contract_name_controls", *args, stdout=full)
    assert (code, err) == (
        2,
        b"layerlint: error: cannot write the report: [Errno 28] No space left on device\n",
    )


# -- 2-5, 8. configuration errors: one line naming the file and the key -------------------------

CONFIG_ERRORS = {
    "config_tool_not_table": "pyproject.toml: key 'tool': expected a table, got 1 (int)",
    "config_importlinter_not_table": "pyproject.toml: [tool.importlinter] must be a table",
    "importlinter_ini_percent": (
        ".importlinter: [importlinter:contract:layers]: key 'name': '%' must be followed by '%' "
        "or '(', found: '% pure layers' (a '%' is written '%%')"
    ),
    "config_nul_source_roots": (
        "pyproject.toml: [tool.layerlint]: key 'source_roots': 'sr\\x00c' contains a NUL character"
    ),
    "config_nul_exclude": (
        "pyproject.toml: [tool.layerlint]: key 'exclude': 'mig\\x00rations' contains a NUL character"
    ),
    "config_nul_baseline": (
        "pyproject.toml: [tool.layerlint]: key 'baseline': 'layerlint-baseline.json\\x00' "
        "contains a NUL character"
    ),
    "baseline_empty_string": (
        "pyproject.toml: [tool.layerlint]: key 'baseline': expected a file name, got an empty string"
    ),
    "baseline_missing": (
        "pyproject.toml: key 'baseline': 'layerlint-baselin.json' does not exist "
        "(`layerlint check --write-baseline` writes it)"
    ),
    "unique_missing_module": (
        "pyproject.toml: contract 'One X' (#2): key 'modules': 'nope' is not inside the root "
        "packages (app)"
    ),
}


@pytest.mark.parametrize("case", sorted(CONFIG_ERRORS))
def test_config_error_is_exactly_one_line(cli, case):
    line = assert_one_line_error(cli("check", "--no-cache", cwd=BAD / case))
    assert line == f"layerlint: error: {CONFIG_ERRORS[case]}"


@pytest.mark.parametrize("case", ["config_tool_not_table", "config_importlinter_not_table"])
def test_flake8_says_a_tool_that_is_no_table_on_every_file(case):
    result = run_module("flake8", "--select", "LL", "app", cwd=BAD / case, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (1, "")
    files = sorted(p.relative_to(BAD / case).as_posix() for p in (BAD / case / "app").rglob("*.py"))
    assert result.stdout.splitlines() == [
        f"{file}:1:1: LL906 layerlint cannot check this file: {CONFIG_ERRORS[case]}"
        for file in files
    ]


def test_init_stops_on_a_tool_that_is_no_table(cli, tmp_path):
    root = copy_case("config_tool_not_table", tmp_path)
    line = assert_one_line_error(cli("init", cwd=root))
    assert line == f"layerlint: error: {CONFIG_ERRORS['config_tool_not_table']}"
    assert (root / "pyproject.toml").read_text() == "tool = 1\n"


def test_ini_percent_is_read_as_import_linter_reads_it():
    """import-linter 2.17 reads INI files with configparser's interpolation: `%%` is a
    percent sign, `%(type)s` another key, a lone `%` stops it."""
    escaped = BAD / "importlinter_ini_percent_escaped"
    status, verdicts, _ = lint_imports(escaped, escaped, escaped / ".importlinter")
    assert (status, verdicts) == (1, {"100% pure layers": "BROKEN"})
    lone = BAD / "importlinter_ini_percent"
    status, _, report = lint_imports(lone, lone, lone / ".importlinter")
    assert status != 0 and "'%' must be followed by '%' or '('" in report


def test_ini_percent_escaped_names_the_contract_as_import_linter_does(cli):
    code, out, err = cli("check", "--no-cache", cwd=BAD / "importlinter_ini_percent_escaped")
    assert (code, err) == (1, "")
    assert out == (
        LOW_VIOLATION.format("100% pure layers")
        + "\nContract '100% pure layers': broken, 1 problem\n"
        + SUMMARY.format("1 contract")
    )


@pytest.mark.parametrize(
    "value",
    ["[" * 10_000 + "]" * 10_000, "{a = " * 10_000 + "1" + "}" * 10_000],
    ids=["arrays", "inline_tables"],
)
def test_deeply_nested_toml_is_one_line(cli, tmp_path, value):
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.layerlint]\nroot_packages = ["app"]\nx = {value}\n'
    )
    line = assert_one_line_error(cli("check", "--no-cache", cwd=tmp_path))
    assert line == "layerlint: error: pyproject.toml: invalid TOML: nested too deeply"


def test_deeply_nested_baseline_is_one_line(cli, tmp_path):
    root = copy_case("baseline_missing", tmp_path)
    (root / "layerlint-baselin.json").write_text("[" * 100_000 + "]" * 100_000)
    line = assert_one_line_error(cli("check", "--no-cache", cwd=root))
    assert (
        line
        == "layerlint: error: layerlint-baselin.json: not a layerlint baseline: nested too deeply"
    )


# -- 8. silent or wrong ------------------------------------------------------------------------


def test_unique_wildcard_matching_nothing_checks_nothing(cli):
    # app.a and app.b both define X: a scope that matches nothing must not become the project.
    code, out, err = cli("check", "--no-cache", cwd=BAD / "unique_wildcard_matching_nothing")
    assert (code, err) == (1, "")
    assert out == (
        LOW_VIOLATION.format("Layers")
        + "\nContract 'Layers': broken, 1 problem\nContract 'One X': kept\n"
        + SUMMARY.format("2 contracts")
    )


def test_write_baseline_creates_the_missing_baseline(cli, tmp_path):
    root = copy_case("baseline_missing", tmp_path)
    code, out, err = cli("check", "--no-cache", "--write-baseline", cwd=root)
    assert (code, out, err) == (0, "Wrote 1 baseline entry to layerlint-baselin.json.\n", "")
    passed = "Contract 'Layers': kept\nAll checks passed (3 files, 1 contract checked).\n"
    assert cli("check", "--no-cache", cwd=root) == (0, passed, "")


def test_flake8_says_a_missing_baseline_on_every_file():
    case = BAD / "baseline_missing"
    result = run_module("flake8", "--select", "LL", "app", cwd=case, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (1, "")
    files = sorted(p.relative_to(case).as_posix() for p in (case / "app").rglob("*.py"))
    assert result.stdout.splitlines() == [
        f"{file}:1:1: LL906 layerlint cannot check this file: {CONFIG_ERRORS['baseline_missing']}"
        for file in files
    ]


# -- 7. a large baseline whose entries match nothing ---------------------------------------------


def test_twenty_thousand_stale_entries_are_each_reported_at_their_line(cli, tmp_path):
    root = copy_case("baseline_missing", tmp_path)
    entries = [
        {
            "code": "LL101",
            "contract": "Renamed",
            "count": 1,
            "file": f"app/m{i}.py",
            "key": f"app.m{i} -> app.high",
        }
        for i in range(20_000)
    ]
    body = ",\n".join(f"    {json.dumps(e, sort_keys=True)}" for e in entries)
    (root / "layerlint-baselin.json").write_text(
        f'{{\n  "layerlint_baseline": 1,\n  "entries": [\n{body}\n  ]\n}}\n'
    )
    expected = [LOW_VIOLATION.format("Layers")] + [
        f"layerlint-baselin.json:{i + 4}:1: LL903 Fixed: LL101 app.m{i} -> app.high in "
        f"app/m{i}.py is no longer found: remove it from the baseline (layerlint check "
        "--write-baseline does)"
        for i in range(20_000)
    ]
    uncached = cli("check", "--no-cache", cwd=root)
    code, out, err = uncached
    assert (code, err) == (1, "")
    # by file, then by line; LL903 breaks no contract
    assert out.splitlines()[:-1] == [*expected, "Contract 'Layers': broken, 1 problem"]
    assert cli("check", cwd=root) == cli("check", cwd=root) == uncached


# -- 6. the cache: damaged, foreign or not a file; linked elsewhere; unwritable ----------------


def warm(root: Path) -> tuple:
    """The project's uncached output, after a cached run that filled the cache."""
    uncached = run(root, "check", "--no-cache")
    assert run(root, "check") == uncached
    return uncached


def lying_length(path: Path) -> None:
    """A tuple that claims 2**31 - 1 items (marshal would allocate and clear 16 GB), under
    the fingerprint line the results files start with (so that it is decoded)."""
    claim = b"(" + struct.pack("<i", 2**31 - 1) + b"N" * 16
    if path.name != "files.marshal":
        claim = path.read_bytes().partition(b"\n")[0] + b"\n" + claim
    path.write_bytes(claim)


def dev_zero(path: Path) -> None:
    path.unlink()
    path.symlink_to("/dev/zero")


def fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


@pytest.mark.parametrize("which", ["files.marshal", "results.marshal", "basis.marshal"])
@pytest.mark.parametrize("damage", [lying_length, dev_zero, fifo], ids=lambda f: f.__name__)
def test_foreign_cache_file_is_rebuilt_without_hanging(tmp_path, which, damage):
    root = copy_case("contract_name_controls", tmp_path)
    uncached = warm(root)
    damage(root / ".layerlint_cache" / which)
    if which != "results.marshal":  # stored results must miss for the others to be read
        with (root / "app" / "low.py").open("a") as stream:
            stream.write("import os\n")
        uncached = run(root, "check", "--no-cache")
    # A 16 GB allocation must fail this test, not the machine.
    assert run(root, "check", limits=[(resource.RLIMIT_AS, 4 << 30)]) == uncached
    assert (root / ".layerlint_cache" / which).is_file()  # replaced by a real one
    assert run(root, "check") == uncached


def test_linked_cache_directory_is_not_used(tmp_path):
    root = copy_case("contract_name_controls", tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / ".layerlint_cache").symlink_to(elsewhere)
    uncached = run(root, "check", "--no-cache")
    assert run(root, "check") == run(root, "check") == uncached
    assert list(elsewhere.iterdir()) == []  # nothing written there, not even a .gitignore


def test_failed_cache_writes_leave_no_temporary_files(tmp_path):
    root = copy_case("contract_name_controls", tmp_path)
    uncached = warm(root)
    cache = root / ".layerlint_cache"
    before = sorted(p.name for p in cache.iterdir())
    for number in range(3):  # each edit makes every cache file be written again, and fail
        with (root / "app" / "low.py").open("a") as stream:
            stream.write(f"import os as o{number}\n")
        uncached = run(root, "check", "--no-cache")
        code, out, err = run(root, "check", limits=[(resource.RLIMIT_FSIZE, 100)])
        assert (code, out) == uncached[:2]
        assert err.startswith(b"layerlint: warning: cannot write the cache in "), err
    assert sorted(p.name for p in cache.iterdir()) == before
    assert run(root, "check") == uncached  # the cache works again once it can be written
