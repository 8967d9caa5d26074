"""Hostile source files (found by an adversarial run): each ends in an LL901 naming the file,
or in the file being left out with one warning saying why, while the rest of the project is
still checked; never a crash, a hang, a Rust panic on stderr or a traceback.

Every run is a subprocess with a timeout (a crash of grimp's parser kills the process; a
hang must fail the test, not stall it) and with RUST_BACKTRACE=1, which makes any Rust panic
loud on stderr.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_bad_input import BAD, LOW_VIOLATION, base_project

from layerlint.project.reading import MAX_FILE_SIZE, longest_statement
from layerlint.project.python_parse import parse_module

SUMMARY_ONE = "Found 1 problem in 1 file (1 contract checked)."
SUMMARY_TWO = "Found 2 problems in 2 files (1 contract checked)."


def run(root: Path, *command: str) -> tuple[int, str, str]:
    """`layerlint ARGS` (or `flake8 ARGS` when the first is "flake8"), from `root`."""
    if command[0] == "flake8":
        argv = [sys.executable, "-m", "flake8", *command[1:]]
    else:
        argv = [sys.executable, "-m", "layerlint", *command]
    env = {k: v for k, v in os.environ.items() if k != "LAYERLINT_DEBUG"}
    env.update(HOME=str(root), RUST_BACKTRACE="1")
    result = subprocess.run(
        argv, cwd=root, env=env, capture_output=True, text=True, timeout=90, check=False
    )
    return result.returncode, result.stdout, result.stderr


def unparsable(relpath: str, reason: str, line: int = 1, column: int = 1) -> str:
    return (
        f"{relpath}:{line}:{column}: LL901 Cannot parse {relpath}: {reason}; "
        "its imports are not checked"
    )


def assert_outcome(root: Path, expected: list[str], stderr: str = "") -> None:
    """`check --no-cache` prints exactly these diagnostics (sorted) and its summary, exit 1;
    a cached run, twice, prints the same; flake8 on app/low.py reports its violation."""
    count, files = len(expected), len({line.split(":")[0] for line in expected})
    summary = (
        SUMMARY_TWO if (count, files) == (2, 2) else SUMMARY_ONE if count == 1
        else f"Found {count} problems in {files} files (1 contract checked)."
    )
    broken = sum(line.endswith("(contract 'Layers')") for line in expected)
    contract = f"Contract 'Layers': broken, {broken} problem{'s' if broken > 1 else ''}"
    wanted = (1, "\n".join([*sorted(expected), contract, summary]) + "\n", stderr)
    assert run(root, "check", "--no-cache") == wanted
    assert run(root, "check") == wanted  # fills the cache
    assert run(root, "check") == wanted  # from it
    assert run(root, "flake8", "--select", "LL", "app/low.py") == (1, LOW_VIOLATION + "\n", "")


def stored(case: str, tmp_path: Path) -> Path:
    """A copy of testdata/bad/<case> (the runs write their cache in it)."""
    return shutil.copytree(BAD / case, tmp_path / case)


# -- 1. grimp's parser overflowed its stack (exit 139) on deep statements ------------------------

DEEP = {
    "sum_on_short_lines": "x = (1 +\n" + "1 +\n" * 50_000 + "1)\n",
    "attribute_chain": "x = a" + ".b" * 200_000 + "\n",
    "attribute_chain_on_short_lines": "x = (a" + "\n.b" * 200_000 + ")\n",
    "call_chain": "x = f" + "()" * 200_000 + "\n",
    "call_chain_on_short_lines": "x = (f" + "\n()" * 200_000 + ")\n",
    "backslash_continuations": "x = 1 +\\\n" + "1 +\\\n" * 50_000 + "1\n",
}


@pytest.mark.parametrize("case", sorted(DEEP))
def test_deep_statement_is_too_deeply_nested(tmp_path, case):
    root = base_project(tmp_path / "p", {"app/deep.py": "import app.high\n" + DEEP[case]})
    deep = unparsable("app/deep.py", "file is too deeply nested to parse")
    assert_outcome(root, [deep, LOW_VIOLATION])


def test_long_flat_statement_is_read_by_python(tmp_path):
    # A data table of 40,000 entries: too long a statement for grimp's scanner, which
    # Python parses; its imports still count.
    table = "TABLE = {\n" + "".join(f"    {i}: 'v{i}',\n" for i in range(40_000)) + "}\n"
    root, violation = beside_low(tmp_path, "table", table + "import app.high\n", 40_003)
    assert_outcome(root, [violation, LOW_VIOLATION])


def beside_low(tmp_path: Path, name: str, source: str, line: int) -> tuple[Path, str]:
    """A project with app/<name>.py in app.low's layer, and the LL101 of its `import
    app.high` on `line`."""
    layers = ["app.high", f"app.{name} : app.low"]
    root = base_project(
        tmp_path / "p",
        {f"app/{name}.py": source},
        contracts=[{"name": "Layers", "type": "layers", "layers": layers}],
    )
    return root, (
        f"app/{name}.py:{line}:1: LL101 Layer violation: app.{name} -> app.high: layer "
        f"'app.{name}' must not import higher layer 'app.high' (contract 'Layers')"
    )


# -- 2. Rust panics printed on stderr -----------------------------------------------------------


def test_broken_symlink_module(tmp_path):
    root = base_project(tmp_path / "p")
    (root / "app" / "x.py").symlink_to("missing")
    assert_outcome(root, [unparsable("app/x.py", "cannot read file"), LOW_VIOLATION])


def test_symlink_loop_module(tmp_path):
    root = base_project(tmp_path / "p")
    (root / "app" / "loop.py").symlink_to("loop.py")
    assert_outcome(root, [unparsable("app/loop.py", "cannot read file"), LOW_VIOLATION])


def test_folder_symlink_loop_is_walked_once(tmp_path):
    root = base_project(tmp_path / "p", {"app/sub/__init__.py": "", "app/sub/m.py": "x = 1\n"})
    (root / "app" / "sub" / "back").symlink_to("..")
    assert_outcome(root, [LOW_VIOLATION])


@pytest.mark.parametrize("dots", [2, 3, 4])
def test_relative_import_beyond_the_top_package_is_no_import(tmp_path, dots):
    # Python fails on it at import time (LL907 says so there); grimp panicked from 3 dots
    # on. It imports nothing of the project (like an import of a missing module): the
    # file's other imports count.
    source = "from " + "." * dots + " import x\nimport app.high\n"
    root, violation = beside_low(tmp_path, "up", source, 2)
    beyond = (
        f"app/up.py:1:1: LL907 'from {'.' * dots} import x' goes beyond the top-level package: "
        "app.up can take at most 1 leading dot; Python raises \"attempted relative import "
        "beyond top-level package\" here, and the import graph leaves it out"
    )
    assert_outcome(root, [beyond, violation, LOW_VIOLATION])


# -- 3. a file name that is not UTF-8 -----------------------------------------------------------

UNDECODABLE = (
    "layerlint: warning: file app/caf\\xe9.py is not checked: its name is not UTF-8, so no "
    "import can name it\n"
)


@pytest.fixture
def undecodable_name(tmp_path) -> Path:
    root = base_project(tmp_path / "p")
    with open(os.fsencode(root / "app") + b"/caf\xe9.py", "wb") as stream:
        stream.write(b"import app.high\n")
    return root


def test_file_name_not_utf8_is_left_out_with_a_warning(undecodable_name):
    assert_outcome(undecodable_name, [LOW_VIOLATION], stderr=UNDECODABLE)


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_file_name_not_utf8_keeps_machine_output_valid(undecodable_name, output_format):
    code, out, err = run(undecodable_name, "check", "--no-cache", "--output-format", output_format)
    assert (code, err) == (1, UNDECODABLE)
    document = json.loads(out.encode("utf-8"))
    assert "caf" not in out
    assert "app/low.py" in json.dumps(document)


# -- 4. files that hung the run -----------------------------------------------------------------


def test_named_pipe_module(tmp_path):
    root = base_project(tmp_path / "p")
    os.mkfifo(root / "app" / "x.py")
    reason = "not a regular file (a named pipe): Python does not import it"
    assert_outcome(root, [unparsable("app/x.py", reason), LOW_VIOLATION])


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_module_linked_to_a_device(tmp_path, device):
    root = base_project(tmp_path / "p")
    (root / "app" / "z.py").symlink_to(device)
    reason = "not a regular file (a character device): Python does not import it"
    assert_outcome(root, [unparsable("app/z.py", reason), LOW_VIOLATION])


def test_module_name_linked_to_a_folder_is_a_folder(tmp_path):
    # `d.py` is then a folder whose name is no identifier: not a module, for Python too.
    root = base_project(tmp_path / "p")
    (root / "app" / "d.py").symlink_to(root / "app" / "high")
    assert_outcome(root, [LOW_VIOLATION])


def test_module_over_the_size_limit_is_not_read(tmp_path):
    root = base_project(tmp_path / "p")
    with open(root / "app" / "huge.py", "wb") as stream:
        stream.truncate(MAX_FILE_SIZE + 1)  # sparse: costs no disk
    huge = unparsable("app/huge.py", "file is larger than 32 MiB: not read")
    assert_outcome(root, [huge, LOW_VIOLATION])


# -- 5. files grimp reads but Python cannot compile ---------------------------------------------


def test_nul_byte_in_a_comment_or_a_string(tmp_path):
    nul = unparsable("app/nul.py", "the file contains null bytes (a NUL byte here)", 2, 5)
    assert_outcome(stored("nul_in_comment", tmp_path), [nul, LOW_VIOLATION])


def test_bom_with_a_latin1_cookie(tmp_path):
    message = "encoding problem: iso-8859-1 with BOM"  # Python's own
    root = stored("bom_with_latin1_cookie", tmp_path)
    expected = [unparsable("app/bom.py", message), unparsable("app/bom2.py", message, 2)]
    code, out, err = run(root, "check", "--no-cache")
    assert (code, out, err) == (
        1,
        "\n".join(
            [
                *expected,
                LOW_VIOLATION,
                "Contract 'Layers': broken, 1 problem",
                "Found 3 problems in 3 files (1 contract checked).",
            ]
        )
        + "\n",
        "",
    )
    assert run(root, "check") == (code, out, err)
    assert run(root, "check") == (code, out, err)


# -- 6. columns count characters, whatever the file's encoding --------------------------------

LATIN_VIOLATION = (
    "app/latin.py:2:11: LL101 Layer violation: app.latin -> app.high: layer 'app.latin' must "
    "not import higher layer 'app.high' (contract 'Layers')"
)


def test_latin1_columns_count_characters(tmp_path):
    # Line 2 is `x = "\xe9\xe9"; import app.high`: the import starts at character 11.
    root = stored("latin1_columns", tmp_path)
    assert_outcome(root, [LATIN_VIOLATION, LOW_VIOLATION])
    # flake8's own column for the `;` (pycodestyle reads the decoded text), two before it:
    code, out, _ = run(root, "flake8", "--select", "E702", "app/latin.py")
    assert out == "app/latin.py:2:9: E702 multiple statements on one line (semicolon)\n"
    assert run(root, "flake8", "--select", "LL", "app/latin.py") == (1, LATIN_VIOLATION + "\n", "")


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_latin1_columns_in_machine_output(tmp_path, output_format):
    root = stored("latin1_columns", tmp_path)
    code, out, err = run(root, "check", "--no-cache", "--output-format", output_format)
    assert (code, err) == (1, "")
    text = json.dumps(json.loads(out))
    column = '"startColumn": 11' if output_format == "sarif" else '"column": 11'
    assert column in text, out


# -- the pre-scan and the parse, alone ------------------------------------------------------------


@pytest.mark.parametrize(
    "source, longest",
    [
        (b"x = '(((' \ny = 1\n", 7),  # brackets in a string join nothing: `x = '' `
        (b"x = 1  # (((\ny = 2\n", 7),  # nor in a comment
        (b'x = """\n)))\n"""\ny = (1,\n2)\n', 10),  # nor in a triple-quoted string
        (b"x = f'{(1)}'\n", 12),  # an f-string holds code: counted whole
        (b"x = (1 +\r1)\r", 11),  # a lone CR ends a line too
        (b"x = 1 + \\\r1\r", 10),  # and continues one after a backslash
        (b"x = f(\n)(\n)(\n)\n", 14),  # brackets that close and reopen on one line
        (b"x = (((((((((((1\n)))))))))))\n", 28),  # nested deeper than the quick passes
        (b"x = (1,\n", 8),  # unclosed: to the end of the file
    ],
)
def test_longest_statement(source, longest):
    assert longest_statement(source) == longest


def test_parse_outcome_does_not_depend_on_the_callers_depth():
    # Python's parser counts nesting from the caller's own depth: 2,500 levels parse at the
    # top of a thread, not 300 calls down (Python 3.11). The outcome is the former's.
    source = ("x = (1 +\n" + "1 +\n" * 2500 + "1)\n").encode()

    def at_depth(calls: int) -> ast.Module:
        return at_depth(calls - 1) if calls else parse_module(source)

    assert isinstance(at_depth(0), ast.Module)
    assert isinstance(at_depth(300), ast.Module)
