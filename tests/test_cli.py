"""The command line: output formats, selection, exit codes, paths, determinism and the cache."""

from __future__ import annotations

import contextlib
import io
import json
import marshal
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import assert_one_line_error, run_module, write

from layerlint import cli as cli_module  # the `cli` fixture runs main() in-process

# -- helpers -----------------------------------------------------------------------------------


CONFIG = """
[tool.layerlint]

[[tool.layerlint.contracts]]
name = "Layers"
type = "layers"
layers = ["app.api", "app.services", "app.domain"]

[[tool.layerlint.contracts]]
name = "Pure domain"
type = "forbidden"
source_modules = ["app.domain"]
forbidden_modules = ["requests"]
"""

# Five problems in four files: three LL101 (one indirect, one indented), one LL102, one LL901.
FILES = {
    "pyproject.toml": CONFIG,
    "src/app/__init__.py": "",
    "src/app/util.py": "from app.api import views\n",
    "src/app/api/__init__.py": "",
    "src/app/api/views.py": "from app.domain import user\n",
    "src/app/api/broken.py": "def broken(:\n    pass\n",
    "src/app/services/__init__.py": "",
    "src/app/services/mail.py": "import app.api.views\n",
    "src/app/domain/__init__.py": "",
    "src/app/domain/user.py": "import requests\n\n\ndef load():\n    from app.api import views\n    return views\n",
    "src/app/domain/order.py": "from app import util\n",
}

EXPECTED_CONCISE = [
    ("src/app/api/broken.py:1:12: LL901 Cannot parse src/app/api/broken.py: invalid syntax; "
    "its imports are not checked"),
    ("src/app/domain/order.py:1:1: LL101 Indirect layer violation: app.domain.order -> app.util "
    "-> app.api.views: layer 'app.domain' must not import higher layer 'app.api' (contract 'Layers')"),
    ("src/app/domain/user.py:1:1: LL102 Forbidden import: app.domain.user -> requests: 'app.domain' "
    "must not import 'requests' (contract 'Pure domain')"),
    ("src/app/domain/user.py:5:5: LL101 Layer violation: app.domain.user -> app.api.views: layer "
    "'app.domain' must not import higher layer 'app.api' (contract 'Layers')"),
    ("src/app/services/mail.py:1:1: LL101 Layer violation: app.services.mail -> app.api.views: layer "
    "'app.services' must not import higher layer 'app.api' (contract 'Layers')"),
]
# After the diagnostics, one line per contract (in the configuration's order) when one is broken
CONTRACTS = ["Contract 'Layers': broken, 3 problems", "Contract 'Pure domain': broken, 1 problem"]
# a run of every rule on the whole project says of each contract whether it is kept
KEPT = "Contract 'Layers': kept\nContract 'Pure domain': kept\n"
SUMMARY = "Found 5 problems in 4 files (2 contracts checked)."
DIAGNOSTIC_LINE = re.compile(
    r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<code>LL\d{3}) (?P<message>.+)$"
)
URL = "https://github.com/layerlint/layerlint/blob/main/docs/rules/{}.md"


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    return write(tmp_path / "proj", FILES)


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    """A project without problems."""
    files = {**FILES, "src/app/domain/user.py": "import os\n", "src/app/domain/order.py": "\n"}
    files["src/app/services/mail.py"] = "import app.domain.user\n"
    files["src/app/util.py"] = "\n"
    files["src/app/api/broken.py"] = "def broken():\n    pass\n"
    return write(tmp_path / "clean", files)


def run_process(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    return run_module("layerlint", *args, cwd=cwd, env=env)


def cache_files(cache_dir: Path) -> list[Path]:
    """The cache's data files (`scans.marshal` or its successor), not `.gitignore` or temporaries."""
    return sorted(p for p in cache_dir.iterdir() if p.is_file() and not p.name.startswith("."))


# -- output formats ------------------------------------------------------------------------------


def test_concise_is_the_default(proj, cli):
    code, out, err = cli("check", "--no-cache", cwd=proj)
    assert (code, err) == (1, "")
    assert out.splitlines() == [*EXPECTED_CONCISE, *CONTRACTS, SUMMARY]
    assert out.endswith(".\n")
    for line in out.splitlines()[:-3]:
        assert DIAGNOSTIC_LINE.match(line), line
    assert cli("check", "--no-cache", "--output-format", "concise", cwd=proj)[1] == out


def test_concise_clean_summary(clean, cli):
    code, out, err = cli("check", "--no-cache", cwd=clean)
    assert (code, err) == (0, "")
    assert out == KEPT + "All checks passed (10 files, 2 contracts checked).\n"


def test_summary_singular(clean, cli):
    write(clean, {"src/app/domain/user.py": "import requests\n"})
    code, out, _ = cli("check", "--no-cache", "--select", "LL102", cwd=clean)
    assert code == 1
    assert out.splitlines()[-1] == "Found 1 problem in 1 file (2 contracts checked)."


def test_full_format(proj, cli):
    code, out, err = cli("check", "--no-cache", "--output-format", "full", cwd=proj)
    assert (code, err) == (1, "")
    blocks = out.split("\n\n")
    assert blocks[-1] == "\n".join([*CONTRACTS, SUMMARY]) + "\n"
    assert len(blocks) == 6
    for block, line in zip(blocks, EXPECTED_CONCISE):
        assert block.splitlines()[0] == line
        code_ = DIAGNOSTIC_LINE.match(line)["code"]
        assert block.splitlines()[-1] == f"  docs: {URL.format(code_)}"

    # The indented import: source line, and carets under the statement.
    user = blocks[3].splitlines()
    assert user[1:4] == [
        "    |",
        "  5 |     from app.api import views",
        "    |     " + "^" * len("from app.api import views"),
    ]
    assert user[2].index("from") == user[3].index("^")

    # The indirect violation: the chain, one link per line, with line numbers.
    order = blocks[1].splitlines()
    assert order[1:] == [
        "    |",
        "  1 | from app import util",
        "    | " + "^" * len("from app import util"),
        "  chain:",
        "    app.domain.order -> app.util (l.1)",
        "    app.util -> app.api.views (l.1)",
        f"  docs: {URL.format('LL101')}",
    ]

    # The syntax error: the caret at the reported column.
    broken = blocks[0].splitlines()
    assert broken[2] == "  1 | def broken(:"
    assert broken[3] == "    |            ^"


def test_full_format_clean(clean, cli):
    code, out, _ = cli("check", "--no-cache", "--output-format", "full", cwd=clean)
    assert (code, out) == (0, KEPT + "All checks passed (10 files, 2 contracts checked).\n")


def test_json_format(proj, cli):
    code, out, err = cli("check", "--no-cache", "--output-format", "json", cwd=proj)
    assert (code, err) == (1, "")
    items = json.loads(out)  # the whole of stdout is one JSON document
    assert isinstance(items, list) and len(items) == 5
    for item in items:
        assert {
            "code",
            "message",
            "filename",
            "location",
            "end_location",
            "url",
            "contract",
        } <= set(item)
        assert set(item["location"]) == {"row", "column"}
        assert set(item["end_location"]) == {"row", "column"}
        assert item["url"] == URL.format(item["code"])
    assert [
        (i["filename"], i["location"]["row"], i["location"]["column"], i["code"], i["contract"])
        for i in items
    ] == [
        ("src/app/api/broken.py", 1, 12, "LL901", None),
        ("src/app/domain/order.py", 1, 1, "LL101", "Layers"),
        ("src/app/domain/user.py", 1, 1, "LL102", "Pure domain"),
        ("src/app/domain/user.py", 5, 5, "LL101", "Layers"),
        ("src/app/services/mail.py", 1, 1, "LL101", "Layers"),
    ]
    user = items[3]
    assert user["end_location"] == {"row": 5, "column": 30}
    assert user["message"] == EXPECTED_CONCISE[3].split(" LL101 ", 1)[1]


def test_json_clean_is_an_empty_list(clean, cli):
    code, out, err = cli("check", "--no-cache", "--output-format", "json", cwd=clean)
    assert (code, err) == (0, "")
    assert json.loads(out) == []


def test_unknown_output_format(proj):
    result = run_process("check", "--output-format", "xml", cwd=proj)
    assert result.returncode == 2
    assert result.stdout == b""
    assert b"Traceback" not in result.stderr


# -- --select, --ignore, --exit-zero and exit codes ----------------------------------------------


def codes(cli, *args: str, cwd: Path) -> list[str]:
    _code, out, err = cli("check", "--no-cache", "--output-format", "json", *args, cwd=cwd)
    assert err == ""
    return [item["code"] for item in json.loads(out)]


@pytest.mark.parametrize(
    "args, expected",
    [
        ((), ["LL901", "LL101", "LL102", "LL101", "LL101"]),
        (("--select", "LL1"), ["LL101", "LL102", "LL101", "LL101"]),
        (("--select", "LL10"), ["LL101", "LL102", "LL101", "LL101"]),
        (("--select", "LL102"), ["LL102"]),
        (("--select", "ll9"), ["LL901"]),
        (("--select", "LL101,LL9"), ["LL901", "LL101", "LL101", "LL101"]),
        (("--select", "ALL"), ["LL901", "LL101", "LL102", "LL101", "LL101"]),
        (("--ignore", "LL1"), ["LL901"]),
        (("--ignore", "LL101, LL9"), ["LL102"]),
        (("--select", "LL1", "--ignore", "LL102"), ["LL101", "LL101", "LL101"]),
        (("--select", "LL9", "--ignore", "LL9"), []),
    ],
)
def test_select_and_ignore(proj, cli, args, expected):
    assert codes(cli, *args, cwd=proj) == expected


def test_select_filters_the_summary_and_exit_code(proj, cli):
    code, out, _ = cli("check", "--no-cache", "--select", "LL102", cwd=proj)
    assert code == 1
    assert out.splitlines() == [
        EXPECTED_CONCISE[2],  # no line per contract: LL101 is not selected, Layers not seen
        "Found 1 problem in 1 file (2 contracts checked).",
    ]
    code, out, _ = cli("check", "--no-cache", "--ignore", "LL", cwd=proj)
    assert code == 0
    assert out == "All checks passed (10 files, 2 contracts checked).\n"


@pytest.mark.parametrize("option", ["--select", "--ignore"])
@pytest.mark.parametrize("selector", ["XX1", "LL7", "E501"])
def test_unknown_selector(proj, cli, option, selector):
    assert_one_line_error(
        cli("check", "--no-cache", option, f"LL1,{selector}", cwd=proj), option, selector
    )


def test_exit_codes(proj, clean, cli):
    assert cli("check", "--no-cache", cwd=clean)[0] == 0
    assert cli("check", "--no-cache", cwd=proj)[0] == 1
    write(proj, {"pyproject.toml": CONFIG.replace('type = "forbidden"', 'type = "forbiden"')})
    assert_one_line_error(cli("check", "--no-cache", cwd=proj), "pyproject.toml", "'forbiden'")


def test_exit_zero(proj, cli):
    code, out, err = cli("check", "--no-cache", "--exit-zero", cwd=proj)
    assert (code, err) == (0, "")
    assert out.splitlines() == [*EXPECTED_CONCISE, *CONTRACTS, SUMMARY]
    # --exit-zero does not hide usage errors.
    assert cli("check", "--no-cache", "--exit-zero", "--select", "XX", cwd=proj)[0] == 2


def test_warnings_alone_do_not_fail(clean, cli):
    write(
        clean,
        {
            "pyproject.toml": CONFIG
            + 'ignore_imports = ["app.domain.user -> requests"]\n'
            + 'unmatched_ignore_imports_alerting = "warn"\n'
        },
    )
    code, out, _ = cli("check", "--no-cache", cwd=clean)
    assert code == 0
    assert "LL902 warning: " in out
    assert out.splitlines()[-1] == "Found 1 problem in 1 file (1 warning) (2 contracts checked)."


def test_missing_path(proj, cli):
    assert_one_line_error(cli("check", "--no-cache", "nope.py", cwd=proj), "nope.py")


def test_no_command_exits_2(proj):
    result = run_process(cwd=proj)
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr


def test_real_process_exit_codes_and_streams(proj, clean):
    result = run_process("check", "--no-cache", cwd=proj)
    assert result.returncode == 1
    assert result.stderr == b""
    assert result.stdout.decode().splitlines() == [*EXPECTED_CONCISE, *CONTRACTS, SUMMARY]
    assert run_process("check", "--no-cache", cwd=clean).returncode == 0


@pytest.mark.parametrize("edit", [False, True], ids=["unchanged", "comment-added"])
def test_check_answered_from_stored_results_loads_no_analysis(proj, edit):
    """The warm path of `layerlint check` (nothing changed, or an edit the analysis would
    not see) reads the stored results: it must not pay for importing grimp, the contracts
    or the drawing."""
    assert run_process("check", cwd=proj).returncode == 1  # stores the results
    if edit:
        with (proj / "src" / "app" / "domain" / "user.py").open("a") as stream:
            stream.write("# edited\n")
    probe = (
        "import sys\n"
        "from layerlint.cli import main\n"
        "code = main(['check'])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'grimp'"
        " or m.startswith(('layerlint.contracts', 'layerlint.drawing', 'layerlint.engine')))\n"
        "print(code, loaded, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=proj, capture_output=True, check=False, text=True
    )
    assert result.stderr == "1 []\n"
    assert result.stdout.splitlines() == [*EXPECTED_CONCISE, *CONTRACTS, SUMMARY]


# -- paths -----------------------------------------------------------------------------------


def test_paths_relative_to_the_current_directory(proj, cli):
    _, from_project, _ = cli("check", "--no-cache", cwd=proj)
    _, from_parent, _ = cli("check", "--no-cache", "proj", cwd=proj.parent)
    # the paths in the messages too (LL901 names its file)
    from_parent_lines = ["proj/" + line for line in EXPECTED_CONCISE]
    from_parent_lines[0] = from_parent_lines[0].replace(
        "Cannot parse src/", "Cannot parse proj/src/"
    )
    assert from_parent.splitlines() == [*from_parent_lines, *CONTRACTS, SUMMARY]
    assert from_project.splitlines() == [*EXPECTED_CONCISE, *CONTRACTS, SUMMARY]
    _, out, _ = cli("check", "--no-cache", "--output-format", "json", "proj", cwd=proj.parent)
    assert json.loads(out)[0]["filename"] == "proj/src/app/api/broken.py"
    assert json.loads(out)[0]["message"] == (
        "Cannot parse proj/src/app/api/broken.py: invalid syntax; its imports are not checked"
    )
    _, out, _ = cli("check", "--no-cache", "--output-format", "full", "proj", cwd=proj.parent)
    assert out.splitlines()[0] == from_parent_lines[0]


def test_paths_relative_to_a_current_directory_inside_the_project(proj, cli):
    # Checking the project root from inside it: everything, relative to the cwd.
    code, out, _ = cli("check", "--no-cache", "../..", cwd=proj / "src" / "app")
    assert code == 1
    assert out.splitlines() == [
        "api/broken.py:1:12: LL901 Cannot parse api/broken.py: invalid syntax; its imports are "
        "not checked",
        *[line.removeprefix("src/app/") for line in EXPECTED_CONCISE[1:]],
        *CONTRACTS,
        SUMMARY,
    ]


def test_check_a_file(proj, cli):
    code, out, _ = cli("check", "--no-cache", "src/app/domain/user.py", cwd=proj)
    assert code == 1
    assert out.splitlines() == [
        EXPECTED_CONCISE[2],
        EXPECTED_CONCISE[3],  # no line per contract: a file does not tell
        "Found 2 problems in 1 file (2 contracts checked).",
    ]
    # From the parent directory too.
    _, out, _ = cli("check", "--no-cache", "proj/src/app/domain/user.py", cwd=proj.parent)
    assert out.splitlines()[:2] == ["proj/" + EXPECTED_CONCISE[2], "proj/" + EXPECTED_CONCISE[3]]


def test_check_a_file_without_problems_exits_0(proj, cli):
    # Its imports still count (api.views is part of the graph), but nothing is in it.
    code, out, _ = cli("check", "--no-cache", "src/app/api/views.py", cwd=proj)
    assert code == 0
    assert out.startswith("All checks passed (")


def test_check_a_subdirectory(proj, cli):
    code, out, _ = cli("check", "--no-cache", "src/app/domain", cwd=proj)
    assert code == 1
    assert out.splitlines() == [
        *EXPECTED_CONCISE[1:4],
        "Found 3 problems in 2 files (2 contracts checked).",
    ]
    _, out, _ = cli("check", "--no-cache", "domain", cwd=proj / "src" / "app")
    assert out.splitlines()[:3] == [line.removeprefix("src/app/") for line in EXPECTED_CONCISE[1:4]]


def test_check_several_paths(proj, cli):
    code, out, _ = cli("check", "--no-cache", "src/app/services", "src/app/api/broken.py", cwd=proj)
    assert code == 1
    assert out.splitlines() == [
        EXPECTED_CONCISE[0],
        EXPECTED_CONCISE[4],
        "Found 2 problems in 2 files (2 contracts checked).",
    ]


# -- determinism and the cache --------------------------------------------------------------------


def outputs(result: subprocess.CompletedProcess) -> tuple[int, bytes, bytes]:
    return result.returncode, result.stdout, result.stderr


@pytest.fixture
def baseline(proj) -> tuple[int, bytes, bytes]:
    """The full output of an uncached run: what every cached run must print too."""
    result = run_process("check", "--no-cache", "--output-format", "full", cwd=proj)
    assert result.returncode == 1 and result.stderr == b""
    assert not (proj / ".layerlint_cache").exists()  # --no-cache writes nothing
    return outputs(result)


def test_two_runs_are_byte_identical(proj):
    for output_format in ("concise", "full", "json"):
        first = run_process(
            "check", "--output-format", output_format, cwd=proj, env={"PYTHONHASHSEED": "1"}
        )
        second = run_process(
            "check", "--output-format", output_format, cwd=proj, env={"PYTHONHASHSEED": "2"}
        )
        assert outputs(first) == outputs(second)


def test_cached_and_uncached_runs_are_identical(proj, baseline):
    cold = run_process("check", "--output-format", "full", cwd=proj)
    assert cache_files(proj / ".layerlint_cache")
    warm = run_process("check", "--output-format", "full", cwd=proj)
    assert outputs(cold) == outputs(warm) == baseline


def test_default_cache_dir_has_a_gitignore(proj):
    run_process("check", cwd=proj)
    gitignore = proj / ".layerlint_cache" / ".gitignore"
    assert gitignore.is_file()
    assert "*" in gitignore.read_text().splitlines()


def test_default_cache_dir_is_at_the_project_root(proj):
    run_process("check", cwd=proj / "src" / "app")
    assert cache_files(proj / ".layerlint_cache")
    assert not (proj / "src" / "app" / ".layerlint_cache").exists()


def test_cache_dir_option(proj, tmp_path, baseline):
    elsewhere = tmp_path / "elsewhere" / "cache"
    first = run_process("check", "--output-format", "full", "--cache-dir", str(elsewhere), cwd=proj)
    assert cache_files(elsewhere)
    assert not (proj / ".layerlint_cache").exists()
    second = run_process(
        "check", "--output-format", "full", "--cache-dir", "../elsewhere/cache", cwd=proj
    )
    assert outputs(first) == outputs(second) == baseline
    assert not (proj / ".layerlint_cache").exists()


def _real_cache_truncated(cache: Path) -> None:
    data = cache.read_bytes()
    cache.write_bytes(data[: len(data) // 2])


def _wrong_shape(cache: Path) -> None:
    # Valid marshal data with the right header, but entries of the wrong shape for real files.
    # (The stored results and their basis start with a fingerprint line.)
    # (The scan cache is an index of framed values and parts: project/cache.py.)
    raw = cache.read_bytes()
    header = b""
    if cache.name in ("results.marshal", "basis.marshal"):
        header, newline, raw = raw.partition(b"\n")
        header += newline
    elif cache.name == "files.marshal" or cache.name.endswith(".part"):
        # The scan cache's index and parts, sealed as the store seals them (otherwise they
        # would not even be read), with nonsense inside.
        from layerlint.store import Store

        nonsense = marshal.dumps(((1, 2, {"imports": [1, 2, 3]}, 3, None), 0))
        framed = len(nonsense).to_bytes(8, "little") + nonsense
        data = framed if cache.name == "files.marshal" else marshal.dumps([1, 2, 3])
        Store(cache.parent).write(cache.name, data)
        return
    data = marshal.loads(raw)

    def breaking(value):
        if isinstance(value, dict) and value:
            return {key: 1 for key in value}
        if isinstance(value, tuple):
            return tuple(breaking(part) for part in value)
        return value

    broken = breaking(data)
    assert broken != data
    cache.write_bytes(header + marshal.dumps(broken))


CORRUPTIONS = {
    "empty": lambda cache: cache.write_bytes(b""),
    "truncated": _real_cache_truncated,
    "garbage": lambda cache: cache.write_bytes(b"\x00garbage\xff" * 100),
    "text": lambda cache: cache.write_text("not a cache\n"),
    "wrong-shape": _wrong_shape,
    "directory": lambda cache: (cache.unlink(), cache.mkdir()),
}


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_corrupted_cache_gives_the_same_output(proj, baseline, corruption):
    run_process("check", cwd=proj)
    found = cache_files(proj / ".layerlint_cache")
    assert found, "no cache file written"
    for cache in found:
        CORRUPTIONS[corruption](cache)
    code, out, err = outputs(run_process("check", "--output-format", "full", cwd=proj))
    assert (code, out) == baseline[:2], err.decode()
    assert b"Traceback" not in err and b"internal error" not in err
    assert len(err.splitlines()) <= 1
    # And the run after that is healthy again.
    assert outputs(run_process("check", "--output-format", "full", cwd=proj))[:2] == baseline[:2]


def assert_same_with_at_most_a_warning(result: subprocess.CompletedProcess, baseline) -> None:
    code, out, err = outputs(result)
    assert (code, out) == baseline[:2], err.decode()
    lines = err.decode().splitlines()
    assert len(lines) <= 1, lines
    assert all(line.startswith("layerlint: warning: ") for line in lines), lines


def _without_root_privileges() -> list[str] | None:
    """A command prefix under which permissions apply, or None when there is none."""
    if os.name != "posix":
        return None
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    # Root without CAP_DAC_OVERRIDE obeys file permissions like anyone else.
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}"]


def test_read_only_cache_dir(proj, baseline):
    prefix = _without_root_privileges()
    if prefix is None:
        pytest.skip("cannot make a directory read-only for this user")
    run_process("check", cwd=proj)
    cache_dir = proj / ".layerlint_cache"
    before = {p.name: p.read_bytes() for p in cache_files(cache_dir)}
    write(proj, {"src/app/domain/order.py": "from app import util\n\n"})  # makes the cache stale
    expected = outputs(run_process("check", "--no-cache", "--output-format", "full", cwd=proj))
    cache_dir.chmod(0o555)
    try:
        result = subprocess.run(
            [*prefix, sys.executable, "-m", "layerlint", "check", "--output-format", "full"],
            cwd=proj,
            capture_output=True, check=False,
        )
    finally:
        cache_dir.chmod(0o755)
    assert {p.name: p.read_bytes() for p in cache_files(cache_dir)} == before  # really read-only
    assert_same_with_at_most_a_warning(result, expected)


@pytest.mark.parametrize("where", ["default", "option"])
def test_unwritable_cache_location(proj, tmp_path, baseline, where):
    # A cache directory that cannot be created (a file is in the way), even for root.
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    if where == "default":
        (proj / ".layerlint_cache").write_text("not a directory\n")
        args = ()
    else:
        args = ("--cache-dir", str(blocker / "cache"))
    for _ in range(2):
        result = run_process("check", "--output-format", "full", *args, cwd=proj)
        assert_same_with_at_most_a_warning(result, baseline)
    # The warning goes to stderr: stdout stays one JSON document.
    result = run_process("check", "--output-format", "json", *args, cwd=proj)
    assert len(json.loads(result.stdout)) == 5
    assert result.stderr.decode().startswith("layerlint: warning: ")


def test_cache_invalidation_when_a_file_changes_size(proj):
    first = run_process("check", "--output-format", "json", cwd=proj)
    write(proj, {"src/app/services/mail.py": "import app.domain.user\n"})
    second = run_process("check", "--output-format", "json", cwd=proj)
    uncached = run_process("check", "--no-cache", "--output-format", "json", cwd=proj)
    assert second.stdout == uncached.stdout
    assert second.stdout != first.stdout
    assert "src/app/services/mail.py" not in {i["filename"] for i in json.loads(second.stdout)}
    assert len(json.loads(first.stdout)) - len(json.loads(second.stdout)) == 1


def test_cache_invalidation_when_a_file_keeps_its_size(proj):
    mail = proj / "src" / "app" / "services" / "mail.py"
    first = run_process("check", cwd=proj)
    before = mail.stat()
    mail.write_text("import app.domain".ljust(len(mail.read_text()) - 1) + "\n")  # no violation
    assert mail.stat().st_size == before.st_size
    if mail.stat().st_mtime_ns == before.st_mtime_ns:  # a coarse clock: make the edit visible
        os.utime(mail, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    second = run_process("check", cwd=proj)
    assert second.stdout != first.stdout
    assert second.stdout == run_process("check", "--no-cache", cwd=proj).stdout


def test_cache_invalidation_when_a_file_is_added_or_removed(proj):
    first = run_process("check", cwd=proj)
    (proj / "src" / "app" / "services" / "mail.py").unlink()
    second = run_process("check", cwd=proj)
    assert (
        second.stdout.decode().splitlines()[-1]
        == "Found 4 problems in 3 files (2 contracts checked)."
    )
    write(proj, {"src/app/services/mail.py": "import app.api.views\n"})
    third = run_process("check", cwd=proj)
    assert third.stdout == first.stdout


class _Stream(io.StringIO):
    def __init__(self, failure: OSError | None = None):
        super().__init__()
        self.failure = failure
        self.flushed = 0

    def flush(self):
        self.flushed += 1
        if self.failure is not None:
            raise self.failure


@pytest.mark.parametrize(
    "failure, status, message",
    [
        (None, 1, ""),
        (BrokenPipeError(32, "Broken pipe"), 1, ""),  # `| head`: no error
        (OSError(28, "No space left on device"), 2, "layerlint: error: cannot write the report"),
    ],
)
def test_command_exits_with_main_status_after_flushing(monkeypatch, failure, status, message):
    """`layerlint` (cli.run) skips the interpreter's teardown: what main() wrote must be
    flushed first; a reader that went away is no error, a report that cannot be written is."""
    out, err = _Stream(failure), _Stream()
    monkeypatch.setattr(cli_module.sys, "stdout", out)
    monkeypatch.setattr(cli_module.sys, "stderr", err)
    monkeypatch.setattr(cli_module, "main", lambda: 1)

    def exit_now(status):
        raise SystemExit(("os._exit", status))

    monkeypatch.setattr(cli_module.os, "_exit", exit_now)
    with pytest.raises(SystemExit) as stopped:
        cli_module.run()
    assert stopped.value.code == ("os._exit", status)
    assert (out.flushed, err.flushed) == (1, 1)
    assert err.getvalue().startswith(message)
    assert err.getvalue().count("\n") == (1 if message else 0)


def test_command_output_complete_through_a_pipe(proj, monkeypatch):
    """The whole report arrives although the process ends with os._exit."""
    monkeypatch.chdir(proj)
    by_main = io.StringIO()
    with contextlib.redirect_stdout(by_main):
        status = cli_module.main(["check", "--no-cache", "--output-format", "json"])
    result = subprocess.run(
        [sys.executable, "-m", "layerlint", "check", "--no-cache", "--output-format", "json"],
        cwd=proj,
        capture_output=True, check=False,
    )
    assert result.returncode == status == 1
    assert result.stdout.decode() == by_main.getvalue()
