"""Stored results never change an answer: one regression test per way they once did.

Each test makes the cache answer (a warm run) after an edit that once went unseen, and
compares with `--no-cache`.
"""

from __future__ import annotations

import ast
import contextlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import write

from layerlint.cli import main


def check(root: Path, *args: str) -> tuple[int, str]:
    """(exit status, concise output) of `layerlint check ARGS .` run in `root`."""
    previous = Path.cwd()
    os.chdir(root)
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = main(["check", *args, "."])
    finally:
        os.chdir(previous)
    return code, out.getvalue()


MODELS = {
    "pyproject.toml": "[tool.layerlint]\n",
    "strict.toml": '[[contracts]]\nname = "c"\ntype = "acyclic"\npackages = ["app"]\n',
    "app/__init__.py": "",
    "app/db.py": "from sqlalchemy.orm import declarative_base\nBase = declarative_base()\n",
    "app/models.py": (
        "from sqlalchemy import Column, ForeignKey, Integer\n"
        "from app.db import Base\n\n"
        "class User(Base):\n"
        "    __tablename__ = 'users'\n"
        "    id = Column(Integer, primary_key=True)\n\n"
        "class Order(Base):\n"
        "    __tablename__ = 'orders'\n"
        "    id = Column(Integer, primary_key=True)\n"
        "    user_id = Column(ForeignKey('users.id'))\n"
    ),
}
LL306 = (
    "app/models.py:11:33: LL306 ForeignKey(\"users.id\") refers to table 'users', which no "
    "model or Table on the same metadata defines\n"
)


def test_sqlalchemy_results_remembered_for_another_configuration_still_see_a_model_edit(
    tmp_path,
):
    # The SQLAlchemy rules' results are remembered apart from the contracts: a run with
    # another configuration answers them from memory, and must still record that they rest
    # on the models' symbols, or the table renamed next is taken for an edit nobody sees.
    write(tmp_path, MODELS)
    assert check(tmp_path) == (0, "All checks passed (3 files, 0 contracts checked).\n")
    assert check(tmp_path, "--config", "strict.toml")[0] == 0
    models = tmp_path / "app/models.py"
    models.write_text(models.read_text().replace("'users'", "'items'", 1))
    expected = (1, LL306 + "Contract 'c': kept\nFound 1 problem in 1 file (1 contract checked).\n")
    assert check(tmp_path, "--no-cache", "--config", "strict.toml") == expected
    assert check(tmp_path, "--config", "strict.toml") == expected


def test_sqlalchemy_results_remembered_across_an_import_edit_still_see_a_model_edit(tmp_path):
    write(tmp_path, {**MODELS, "app/other.py": ""})
    assert check(tmp_path)[0] == 0
    (tmp_path / "app/other.py").write_text("from app import db\n")  # analysed again
    assert check(tmp_path)[0] == 0
    models = tmp_path / "app/models.py"
    models.write_text(models.read_text().replace("'users'", "'items'", 1))
    expected = (1, LL306 + "Found 1 problem in 1 file (0 contracts checked).\n")
    assert check(tmp_path, "--no-cache") == expected
    assert check(tmp_path) == expected


# One Python process running flake8 again and again, as editor extensions do.
_FLAKE8_HOST = r"""
import contextlib, io, sys
from pathlib import Path
from flake8.main import cli

def lint():
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")  # flake8 writes to its buffer
    with contextlib.redirect_stdout(out):
        try:
            cli.main(["--select", "LL", "app/domain.py"])
        except SystemExit:
            pass
    out.flush()
    return out.buffer.getvalue().decode()

first = lint()
Path("app/domain.py").write_text("import sqlalchemy\n\n\nfrom app import api\n")
second = lint()
print(repr(first)); print(repr(second))
"""


def test_a_long_lived_flake8_process_sees_every_save(tmp_path):
    write(tmp_path, {
        "pyproject.toml": '[tool.layerlint]\n[[tool.layerlint.contracts]]\nname = "pure"\n'
        'type = "forbidden"\nsource_modules = ["app.domain"]\n'
        'forbidden_modules = ["sqlalchemy", "app.api"]\n',
        "app/__init__.py": "",
        "app/api.py": "",
        "app/domain.py": "from app import api\n",
    })
    result = subprocess.run([sys.executable, "-c", _FLAKE8_HOST], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.stderr == ""
    first, second = (ast.literal_eval(line) for line in result.stdout.splitlines())
    message = "LL102 Forbidden import: app.domain -> {}: 'app.domain' must not import '{}' " \
              "(contract 'pure')"
    assert first == f"app/domain.py:1:1: {message.format('app.api', 'app.api')}\n"
    assert second == (
        f"app/domain.py:1:1: {message.format('sqlalchemy', 'sqlalchemy')}\n"
        f"app/domain.py:4:1: {message.format('app.api', 'app.api')}\n"
    )


# A file edited to the same size with its mtime put back (`cp -p`, `rsync -t`, `tar x`,
# `touch -r`, restored mtimes in CI) or only made readable (`chmod`): the stamp must differ.
PURE = {
    "pyproject.toml": '[tool.layerlint]\n[[tool.layerlint.contracts]]\nname = "pure"\n'
    'type = "forbidden"\nsource_modules = ["app.domain"]\nforbidden_modules = ["sqlalchemy"]\n',
    "app/__init__.py": "",
    "app/domain.py": "import json_tools\n",  # as long as "import sqlalchemy\n"
}
FORBIDDEN = (
    "app/domain.py:1:1: LL102 Forbidden import: app.domain -> sqlalchemy: 'app.domain' must "
    "not import 'sqlalchemy' (contract 'pure')\nContract 'pure': broken, 1 problem\n"
    "Found 1 problem in 1 file (1 contract checked).\n"
)


def _same_size_edit(path: Path, text: str) -> None:
    before = path.stat()
    assert len(text.encode()) == before.st_size
    path.write_text(text)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_a_same_size_edit_with_its_mtime_put_back_is_seen(tmp_path):
    write(tmp_path, PURE)
    assert check(tmp_path) == (0, "Contract 'pure': kept\nAll checks passed (2 files, 1 contract checked).\n")
    _same_size_edit(tmp_path / "app/domain.py", "import sqlalchemy\n")
    assert check(tmp_path, "--no-cache") == (1, FORBIDDEN)
    assert check(tmp_path) == (1, FORBIDDEN)


def test_chmod_changes_a_files_stamp(tmp_path):
    # (As root a file cannot be made unreadable, so the end-to-end case cannot be run here:
    # what it rests on is that `chmod` alone gives the file a new stamp.)
    from layerlint.project.cache import stamp

    path = tmp_path / "x.py"
    path.write_text("")
    before = stamp(os.stat(path))
    os.chmod(path, 0o600)
    assert stamp(os.stat(path)) != before


def test_a_store_copied_with_files_of_the_same_sizes_and_mtimes_is_not_trusted(tmp_path):
    # A store committed to a repository whose files get predictable mtimes (a Nix store,
    # `tar --mtime`), or copied along with a checkout: the other checkout's files match its
    # sizes and mtimes, not its change times and inodes.
    first, second = tmp_path / "first", tmp_path / "second"
    write(first, PURE)
    write(second, {**PURE, "app/domain.py": "import sqlalchemy\n"})
    for relpath in PURE:
        os.utime(first / relpath, ns=(10**18, 10**18))
        os.utime(second / relpath, ns=(10**18, 10**18))
    assert check(first) == (0, "Contract 'pure': kept\nAll checks passed (2 files, 1 contract checked).\n")
    shutil.copytree(first / ".layerlint_cache", second / ".layerlint_cache")
    assert check(second) == (1, FORBIDDEN)


# An editor's unsaved buffer of a file `layerlint check` would never check gets nothing.
BUFFERS = {
    "pyproject.toml": '[tool.layerlint]\n[[tool.layerlint.contracts]]\nname = "pure"\n'
    'type = "forbidden"\nsource_modules = ["app.c"]\nforbidden_modules = ["app.api"]\n',
    "app/__init__.py": "",
    "app/api.py": "",
    "app/c/__init__.py": "\n\nfrom app import api\n",
    "app/c/loose/.keep": "",
}


def _buffer(root: Path, display_name: str, text: str) -> tuple[int, str]:
    result = subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "LL", "--stdin-display-name",
         display_name, "-"],
        cwd=root, input=text, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.stderr == ""
    return result.returncode, result.stdout


def test_a_buffer_of_a_module_hidden_by_a_package_gets_nothing(tmp_path):
    # app/c.py beside the package app/c/: Python imports the package; LL904 says so once.
    write(tmp_path, {**BUFFERS, "app/c.py": "x = 1\n"})
    assert _buffer(tmp_path, "app/c.py", "x = 2\n") == (0, "")


def test_a_buffer_in_a_folder_without_init_gets_nothing(tmp_path):
    write(tmp_path, BUFFERS)
    assert _buffer(tmp_path, "app/c/loose/x.py", "from app import api\n") == (0, "")


def test_a_buffer_of_a_new_module_is_checked(tmp_path):  # the negative twin
    write(tmp_path, BUFFERS)
    assert _buffer(tmp_path, "app/c/new.py", "from app import api\n") == (
        1,
        "app/c/new.py:1:1: LL102 Forbidden import: app.c.new -> app.api: 'app.c' must not "
        "import 'app.api' (contract 'pure')\n",
    )
