"""A seeded random walk of edits: after every step, what the stored results answer is what
an uncached run answers, for `layerlint check`, for the flake8 plugin on the changed file
in one long-lived process (as editor extensions run it), and for an editor's unsaved
buffer.

The edits: imports (module level, in functions, under TYPE_CHECKING), modules and packages
created and deleted, SQLAlchemy model bodies (table names, ForeignKey and relationship
strings, extend_existing, a second base), `# noqa`, the configuration (a contract left out,
the graph options, a switch to another configuration file), baseline entries written and
removed, same-size edits with the mtime put back, `chmod`.

`LAYERLINT_WALK_STEPS` (default 300) and `LAYERLINT_WALK_SEED` (default: three fixed
seeds) run it longer or elsewhere by hand.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import os
import random
import re
from pathlib import Path

import pytest
from helpers import write, write_project
from test_cache_consistency import CONTRACTS, FILES, MODULES, apply

from layerlint import results
from layerlint.cli import main
from layerlint.errors import ConfigError
from layerlint.options import RunOptions

STEPS = int(os.environ.get("LAYERLINT_WALK_STEPS", "300"))
SEEDS = [int(os.environ["LAYERLINT_WALK_SEED"])] if "LAYERLINT_WALK_SEED" in os.environ else [
    1, 2, 3
]

MODELS = (
    "from sqlalchemy import Column, ForeignKey, Integer\n"
    "from sqlalchemy.orm import relationship\n\n"
    "from app.db import Base\n\n\n"
    "class Account(Base):\n"
    "    __tablename__ = 'users'\n"
    "    id = Column(Integer, primary_key=True)\n\n\n"
    "class Invoice(Base):\n"
    "    __tablename__ = 'bills'\n"
    "    id = Column(Integer, primary_key=True)\n"
    "    account_id = Column(ForeignKey('users.id'))\n"
    "    account = relationship('Account')\n"
)
STRICT = (  # another configuration file, switched to and from with --config
    '[[contracts]]\nname = "No cycles"\ntype = "acyclic"\npackages = ["app"]\n\n'
    '[[contracts]]\nname = "Pure domain"\ntype = "forbidden"\nsource_modules = ["app.domain"]\n'
    'forbidden_modules = ["sqlalchemy"]\n'
)
WALK_FILES = {**FILES, "src/app/domain/billing.py": MODELS, "strict.toml": STRICT}
SETTINGS = {"baseline": "layerlint-baseline.json"}

KINDS = [
    "import", "import_in_function", "type_checking", "remove_line", "comment", "append_comment",
    "mention", "class", "model", "noqa", "noqa_code", "trailing", "spaces", "break",
    "new_file", "delete_file", "delete_init", "config",  # test_cache_consistency's
    "new_package", "table", "foreign_key", "relationship", "extend_existing", "second_base",
    "same_size", "chmod", "switch_config", "write_baseline", "trim_baseline", "restore",
    "restore",  # twice: the project spends most steps checkable
]
SAME_SIZE = [("'users'", "'items'"), ("'items'", "'users'"), ("'bills'", "'notes'"),
             ("import os\n", "import re\n"), ("import re\n", "import os\n"),
             ("'Account'", "'Invoice'"), ("'Invoice'", "'Account'")]


class Walk:
    def __init__(self, root: Path, seed: int):
        self.root = root
        self.rng = random.Random(seed)
        self.config_args: list[str] = []
        self.tick = [1_000_000]

    def step(self) -> tuple[str, Path | None]:
        """Make one edit; return its kind and the file it changed (if one)."""
        kind = self.rng.choice(KINDS)
        files = self._files()
        path = self.rng.choice(files) if files else None
        number = self.rng.randrange(21)
        if kind in ("table", "foreign_key", "relationship", "extend_existing", "second_base"):
            path = self._model_edit(kind, number)
        elif kind == "new_package":
            name = ["reports", "billing2"][number % 2]
            write(self.root, {f"src/app/{name}/__init__.py": f"import {MODULES[number % 9]}\n"})
            path = self.root / f"src/app/{name}/__init__.py"
        elif kind == "same_size" and path is not None:
            self._same_size(path, number)
        elif kind == "chmod" and path is not None:
            os.chmod(path, 0o600 if number % 2 else 0o644)
        elif kind == "restore":  # the packages and the contracts the walk starts with
            for relpath in ("src/app/api/__init__.py", "src/app/services/__init__.py",
                            "src/app/domain/__init__.py", "src/app/api/views.py"):
                if not (self.root / relpath).exists():
                    write(self.root, {relpath: FILES.get(relpath, "")})
            write_project(self.root, {}, CONTRACTS, **SETTINGS)
            path = None
        elif kind == "switch_config":
            self.config_args = [] if self.config_args else ["--config", "strict.toml"]
            path = None
        elif kind == "write_baseline":
            run_check(self.root, "--write-baseline", *self.config_args)
            path = None
        elif kind == "trim_baseline":
            path = self._trim_baseline(number)
        elif kind == "config":
            apply(self.root, ("config", number, number // 3), self.tick)
            text = (self.root / "pyproject.toml").read_text()
            text = text.replace("[tool.layerlint]\n", '[tool.layerlint]\nbaseline = '
                                '"layerlint-baseline.json"\n', 1)
            (self.root / "pyproject.toml").write_text(text)
            path = None
        elif path is not None:
            index = files.index(path)
            apply(self.root, (kind, index, number), self.tick)
            if not path.exists():
                path = None
        return kind, path

    def _files(self) -> list[Path]:
        return sorted(p for p in (self.root / "src").rglob("*.py") if p.name != "__init__.py")

    def _model_edit(self, kind: str, number: int) -> Path:
        if kind == "second_base":
            path = self.root / "src/app/db.py"
            text = path.read_text() if path.exists() else FILES["src/app/db.py"]
            path.write_text(text + f"Base{number} = declarative_base()\n")
            return path
        path = self.root / "src/app/domain/billing.py"
        text = path.read_text() if path.exists() else MODELS
        tables = ["users", "bills", "items", "nothing"]
        if kind == "table":
            text = re.sub(r"__tablename__ = '\w+'", f"__tablename__ = '{tables[number % 4]}'",
                          text, count=1 + number % 2)
        elif kind == "foreign_key":
            text = re.sub(r"ForeignKey\('\w+\.id'\)", f"ForeignKey('{tables[number % 4]}.id')",
                          text)
        elif kind == "relationship":
            target = ["Account", "Invoice", "Missing"][number % 3]
            text = re.sub(r"relationship\('\w+'\)", f"relationship('{target}')", text)
        else:  # extend_existing: a second class mapping a table, told to extend it
            text += (f"\n\nclass Extra{number}(Base):\n    __tablename__ = '{tables[number % 4]}'\n"
                     "    __table_args__ = {'extend_existing': True}\n"
                     "    id = Column(Integer, primary_key=True)\n")
        path.write_text(text)
        return path

    def _same_size(self, path: Path, number: int) -> None:
        text = path.read_text()
        for old, new in SAME_SIZE[number % len(SAME_SIZE):] + SAME_SIZE[: number % len(SAME_SIZE)]:
            if old in text:
                before = path.stat()
                path.write_text(text.replace(old, new, 1))
                os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
                return

    def _trim_baseline(self, number: int) -> Path | None:
        path = self.root / "layerlint-baseline.json"
        if not path.exists():
            return None
        data = json.loads(path.read_text())
        entries = data.get("entries", data) if isinstance(data, dict) else data
        if isinstance(entries, list) and entries:
            del entries[number % len(entries)]
            path.write_text(json.dumps(data, indent=2) + "\n")
        return None


def run_check(root: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check", *args])
    finally:
        os.chdir(previous)
    return code, out.getvalue(), err.getvalue()


def flake8_in_process(root: Path, path: Path, config_args: list[str]) -> str:
    """flake8 in this process (many runs in one process, as an editor extension)."""
    from flake8.main import cli

    args = ["--select", "LL", os.path.relpath(path, root)]
    if config_args:
        args[:0] = ["--layerlint-config", config_args[1]]
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")  # flake8 writes to its buffer
    previous = Path.cwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            with contextlib.suppress(SystemExit):
                cli.main(args)
    finally:
        os.chdir(previous)
    out.flush()
    return out.buffer.getvalue().decode()


def expected_flake8(root: Path, path: Path, config_args: list[str]) -> str:
    """What flake8 must show for `path`: the uncached check's errors there, less those on a
    line flake8's own bare `# noqa` hides. (flake8 runs no plugin on a file Python cannot
    parse: it reports E999 itself.)"""
    code, out, _ = run_check(root, "--no-cache", "--output-format", "json", *config_args)
    try:
        ast.parse(path.read_bytes())
    except SyntaxError:
        return ""
    if code == 2:
        return ""
    lines = path.read_text(errors="replace").splitlines()
    shown = []
    for d in json.loads(out):
        if Path(root, d["filename"]).resolve() != path.resolve() or d.get("severity") == "warning":
            continue
        line = lines[d["location"]["row"] - 1] if d["location"]["row"] <= len(lines) else ""
        first = re.search(r"#\s*noqa(:?)", line, re.IGNORECASE)  # flake8 reads the first
        if first and not first.group(1):
            continue
        shown.append(f"{os.path.relpath(path, root)}:{d['location']['row']}:"
                     f"{d['location']['column']}: {d['code']} {d['message']}")
    return "".join(f"{s}\n" for s in shown)


def buffer_answers(root: Path, path: Path, buffer: bytes, config_args: list[str]):
    """(the editor's answer for an unsaved buffer, a fresh analysis with the buffer)."""
    config_file = Path(root, config_args[1]) if config_args else None
    options = RunOptions(paths=[root], overrides={path: buffer}, config_file=config_file)
    previous = Path.cwd()
    os.chdir(root)
    try:
        editor = _answer(lambda: results.file_diagnostics(options, path))
        fresh = _answer(lambda: results.file_diagnostics(options._replace(use_cache=False), path))
    finally:
        os.chdir(previous)
    return editor, fresh


def _answer(run) -> object:
    try:
        return run()
    except ConfigError as error:
        return str(error)


@pytest.mark.parametrize("seed", SEEDS)
def test_random_walk_cached_equals_uncached(tmp_path, seed):
    root = write_project(tmp_path / "proj", WALK_FILES, CONTRACTS, **SETTINGS)
    walk = Walk(root, seed)
    steps = max(1, STEPS // len(SEEDS))
    for number in range(steps):
        kind, path = walk.step()
        where = f"seed {seed}, step {number}: {kind} {path}"
        args = walk.config_args
        warm = run_check(root, "--output-format", "json", *args)
        assert warm == run_check(root, "--no-cache", "--output-format", "json", *args), where
        assert run_check(root, "--output-format", "json", *args) == warm, where
        if path is None or not path.exists() or warm[0] == 2:
            continue
        if number % 3 == 0:  # flake8's runs cost most: every third step
            assert flake8_in_process(root, path, args) == expected_flake8(root, path, args), where
        if number % 3 == 1:
            saved = path.read_bytes()
            buffer = saved + f"import {MODULES[number % len(MODULES)]}\n".encode()
            editor, fresh = buffer_answers(root, path, buffer, args)
            assert editor == fresh, where
