"""Whatever the edits, a warm run reports exactly what an uncached run reports.

Every cache layer is on the path of a warm `layerlint check`: per-file scans (imports,
class headers, symbols, statements), the graph searches remembered under the graph's
digest, the SQLAlchemy rules remembered under the class headers, and the stored results.
Hypothesis edits a small project step by step (imports added and removed, lines shifted,
classes and tables added, `# noqa`, comments on import lines, spaces inside statements,
syntax errors, files created and deleted) and after each step compares `check` with
`check --no-cache`, in JSON and in the full format (which shows the source lines).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import tempfile
from pathlib import Path
from unittest import mock

from helpers import write_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layerlint import results
from layerlint.cli import main
from layerlint.config import load_config
from layerlint.errors import ConfigError
from layerlint.options import RunOptions
from layerlint.orm import memo as orm_memo
from layerlint.project import build, build_project
from layerlint.project.cache import Memo, ScanCache

CONTRACTS = [
    {"name": "Layers", "type": "layers", "layers": ["app.api", "app.services", "app.domain"]},
    {
        "name": "No requests in domain",
        "type": "forbidden",
        "source_modules": ["app.domain"],
        "forbidden_modules": ["requests"],
    },
    {"name": "No cycles", "type": "acyclic", "packages": ["app"]},
    {"name": "One auth service", "type": "unique", "classes": ["AuthService"]},
    {  # reads the names each statement imports (an external package's submodule)
        "name": "No ORM sessions in the API",
        "type": "forbidden",
        "source_modules": ["app.api"],
        "forbidden_modules": ["sqlalchemy.orm"],
    },
    {"name": "Layers form no cycle", "type": "acyclic_siblings", "ancestors": ["app"], "depth": 0},
    {"name": "Private modules", "type": "private_modules"},
]

FILES = {
    "src/app/db.py": "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n",
    "src/app/api/views.py": "from app.services import logic\n",
    "src/app/services/logic.py": "from app.domain import models\n",
    "src/app/services/auth.py": "class AuthService:\n    pass\n",
    "src/app/services/_internal.py": "from app.services import auth\n",
    "src/app/domain/models.py": (
        "from sqlalchemy import Column, Integer\n\nfrom app.db import Base\n\n\n"
        "class User(Base):\n    __tablename__ = 'users'\n    id = Column(Integer, primary_key=True)\n"
    ),
    "src/app/domain/user.py": "import os\n",
    # a diagnostic in a file no check parses: edits that keep its place keep stored results
    "src/app/domain/rules.py": "import os\nfrom app.services import logic\n\nLIMIT = 1\n",
}
MODULES = ["app.db", "app.api.views", "app.services.logic", "app.services.auth",
           "app.domain.models", "app.domain.user", "app.domain.extra", "app.services._internal",
           "requests",
           "sqlalchemy.orm"]
NEW_FILES = ["src/app/domain/extra.py", "src/app/api/more.py"]

# One edit: (kind, which file, a number used as a position or a choice).
EDITS = st.tuples(
    st.sampled_from(["import", "import_in_function", "type_checking", "remove_line", "comment",
                     "append_comment", "mention", "class", "model", "noqa", "noqa_code",
                     "trailing", "spaces", "break", "beyond", "newer",
                     "new_file", "delete_file", "delete_init", "config"]),
    st.integers(0, 20),
    st.integers(0, 20),
)


def apply(root: Path, edit: tuple[str, int, int], tick: list[int]) -> None:
    kind, which, number = edit
    files = sorted(p for p in (root / "src").rglob("*.py") if p.name != "__init__.py")
    if kind == "new_file":
        path = root / NEW_FILES[which % len(NEW_FILES)]
        path.write_text(f"import {MODULES[number % len(MODULES)]}\n")
    elif kind == "delete_init":  # the folder's modules drop out (with a warning)
        path = root / "src/app" / ["api", "services", "domain"][which % 3] / "__init__.py"
        path.unlink(missing_ok=True)
        return
    elif kind == "config":
        path = root / "pyproject.toml"
        kept = [c for i, c in enumerate(CONTRACTS) if i != which % (len(CONTRACTS) + 1)]
        write_project(
            root,
            {},
            kept,
            exclude_type_checking_imports=bool(number % 2),
            include_external_packages=bool(number // 2 % 2),
        )
    elif not files:
        return
    else:
        path = files[which % len(files)]
        lines = path.read_text().splitlines(keepends=True)
        at = number % (len(lines) + 1)
        if kind == "import":
            lines.insert(at, f"import {MODULES[number % len(MODULES)]}\n")
        elif kind == "type_checking":
            lines.append(
                "\nfrom typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n"
                f"    import {MODULES[number % len(MODULES)]}\n"
            )
        elif kind == "beyond":  # relative, beyond the top-level package (LL907)
            lines.insert(at, f"from {'.' * (3 + number % 3)} import {MODULES[0].rpartition('.')[2]}\n")
        elif kind == "newer":  # syntax of Python 3.12 (LL905 where the checks parse it)
            lines.append(f"\ntype Alias{number} = int\n")
        elif kind == "import_in_function":
            lines.append(f"\n\ndef f{number}():\n    import {MODULES[number % len(MODULES)]}\n")
        elif kind == "remove_line" and lines:
            del lines[min(at, len(lines) - 1)]
        elif kind == "comment":
            lines.insert(at, "# a comment that moves what follows\n")
        elif kind == "append_comment":  # nothing any check looks at changes
            lines.append(f"# edited {number}\n")
        elif kind == "mention":  # text that makes a file look like it may use an ORM
            lines.append(f"NOTE = 'sqlalchemy {number}'\n")
        elif kind == "class":
            lines.append(f"\n\nclass {['AuthService', 'Helper', 'User'][number % 3]}:\n    pass\n")
        elif kind == "model":
            table = ["users", "orders"][number % 2]
            lines.append(
                "\n\nfrom app.db import Base\n\n\n"
                f"class Model{number}(Base):\n    __tablename__ = '{table}'\n"
            )
        elif kind == "noqa" and lines:
            line = lines[min(at, len(lines) - 1)].rstrip("\n")
            lines[min(at, len(lines) - 1)] = f"{line}  # noqa\n"
        elif kind == "noqa_code" and lines:  # silences one rule, or one of another tool
            line = lines[min(at, len(lines) - 1)].rstrip("\n")
            lines[min(at, len(lines) - 1)] = f"{line}  # noqa: {['LL101', 'LL501', 'E501'][number % 3]}\n"
        elif kind == "trailing" and lines:  # the line a report shows changes, nothing else
            line = lines[min(at, len(lines) - 1)].rstrip("\n")
            lines[min(at, len(lines) - 1)] = f"{line}  # note {number}\n"
        elif kind == "spaces" and lines:  # an import statement's span changes, not its line
            index = min(at, len(lines) - 1)
            lines[index] = lines[index].replace(" import ", "  import  ", 1)
        elif kind == "break":
            lines.insert(at, "def broken(:\n")
        elif kind == "delete_file":
            path.unlink()
            return
        path.write_text("".join(lines))
    # A stamp is size and mtime: give every write its own mtime, as time would.
    tick[0] += 1
    os.utime(path, ns=(tick[0] * 10**9, tick[0] * 10**9))


def check(root: Path, *args: str) -> tuple[int, str, str, str]:
    """(exit code, JSON report, full report with source lines, warnings)."""
    outputs = []
    previous = Path.cwd()
    os.chdir(root)
    try:
        for output_format in ("json", "full"):
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(["check", "--output-format", output_format, *args])
            outputs.append(out.getvalue())
    finally:
        os.chdir(previous)
    return code, *outputs, err.getvalue()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EDITS, min_size=1, max_size=5))
def test_warm_runs_report_what_uncached_runs_report(edits):
    warm_equals_uncached(edits)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EDITS, min_size=1, max_size=5))
def test_files_edited_and_read_by_python_report_what_uncached_runs_report(edits):
    """As in a large project, where a few edited files are read by Python, not grimp
    (build._read_by_python): here any run that reads fewer files than the project has."""
    with mock.patch.object(build, "_PYTHON_READS_FEWER", 1):
        warm_equals_uncached(edits)


def test_a_file_edited_in_a_large_project_is_read_by_python(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "_PYTHON_READS_FEWER", 1)
    root = write_project(tmp_path / "proj", FILES, CONTRACTS)
    check(root)
    scanned = []
    grimp_scan = build._grimp_scan
    monkeypatch.setattr(build, "_grimp_scan", lambda m, *a: scanned.append(m) or grimp_scan(m, *a))
    user = root / "src/app/domain/user.py"
    user.write_text("import os\n\nfrom app.services import logic\n")
    os.utime(user, ns=(10**18, 10**18))
    code, report, full, warnings = check(root)
    assert scanned == []
    assert (code, report, full, warnings) == check(root, "--no-cache")
    found = json.loads(report)
    assert [(d["code"], d["filename"], d["location"]["row"]) for d in found] == [
        ("LL102", "src/app/api/views.py", 1),
        ("LL101", "src/app/domain/rules.py", 2),
        ("LL101", "src/app/domain/user.py", 3),  # the import edited in
        ("LL105", "src/app/services/logic.py", 1),
    ]


def warm_equals_uncached(edits) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = write_project(Path(directory) / "proj", FILES, CONTRACTS)
        tick = [1_000_000]
        assert check(root) == check(root, "--no-cache")
        for edit in edits:
            apply(root, edit, tick)
            warm = check(root)
            assert warm == check(root, "--no-cache"), f"after {edit}"
            assert check(root) == warm  # and the results it stored are read back the same
        shutil.rmtree(root / ".layerlint_cache", ignore_errors=True)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EDITS, min_size=1, max_size=6))
def test_kept_sketches_give_the_key_of_sketches_worked_out_anew(edits):
    """The SQLAlchemy results' key (orm/memo.py): its part made of every module's sketch is
    kept and, after an edit, only the changed files' parts are taken out and put back in.
    It must equal the part worked out from every module."""
    with tempfile.TemporaryDirectory() as directory:
        root = write_project(Path(directory) / "proj", FILES, CONTRACTS)
        tick = [1_000_000]
        check(root)
        for edit in edits:
            apply(root, edit, tick)
            try:
                config = load_config(root)
            except ConfigError:
                continue
            cache = ScanCache(root / ".layerlint_cache")
            project = build_project(config, cache)
            kept = orm_memo._key(project)
            cache.memo = Memo({})  # nothing kept: worked out from every module
            assert orm_memo._key(project) == kept, f"after {edit}"
            check(root)


# Edits typed into an editor and not saved: the flake8 plugin gets the buffer.
BUFFER_EDITS = st.tuples(
    st.sampled_from(["import", "comment", "append_comment", "mention", "class", "noqa",
                     "noqa_code", "trailing", "spaces", "remove_line", "break", "beyond",
                     "newer"]),
    st.integers(0, 20),
    st.integers(0, 20),
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EDITS, max_size=3), BUFFER_EDITS)
def test_a_buffer_gets_what_an_analysis_with_it_gives(edits, buffer_edit):
    with tempfile.TemporaryDirectory() as directory:
        root = write_project(Path(directory) / "proj", FILES, CONTRACTS)
        tick = [1_000_000]
        for edit in edits:
            apply(root, edit, tick)
        check(root)  # the stored results of the files on disk
        files = sorted(p for p in (root / "src").rglob("*.py") if p.name != "__init__.py")
        if not files:
            return
        path = files[buffer_edit[1] % len(files)].resolve()
        saved, stat = path.read_bytes(), path.stat()
        apply(root, buffer_edit, tick)  # the same file: then put the disk back as it was
        buffer = path.read_bytes()
        path.write_bytes(saved)
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        options = RunOptions(paths=[root], overrides={path: buffer})
        previous = Path.cwd()
        os.chdir(root)  # where `check` ran: messages name the configuration from there
        try:
            in_editor = answer(lambda: results.file_diagnostics(options, path))
            fresh = answer(lambda: results.file_diagnostics(options._replace(use_cache=False), path))
        finally:
            os.chdir(previous)
        assert in_editor == fresh, buffer_edit


def answer(run) -> object:
    """What a run gives: its diagnostics, or the configuration error it stops on."""
    try:
        return run()
    except ConfigError as error:
        return str(error)
