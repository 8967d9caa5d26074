"""LL401: imports that fail at start-up, each fixture proven by Python itself.

layerlint never runs the code it checks; these tests do, in a subprocess, to show that
every fixture LL401 reports fails exactly so (the ImportError, at the reported line, for
the first import the message names), and that every fixture it leaves alone imports
cleanly whichever of its modules is imported first.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from helpers import Diag, diags, write_project

PARTIAL = (
    "ImportError: cannot import name '{name}' from partially initialized module "
    "'{source}' (most likely due to a circular import)"
)


def python_imports(root: Path, module: str) -> tuple[str, str | None]:
    """What `python -c "import module"` does in `root`: ("ok", None), or (the exception's
    line without the file in parentheses, "path:line" of the statement that raised)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    result = subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        cwd=root, env=env, capture_output=True, text=True, timeout=60,
    )
    if result.returncode == 0:
        return "ok", None
    lines = result.stderr.strip().splitlines()
    frames = re.findall(r'File "(.*?)", line (\d+)', result.stderr)
    path, line = frames[-1]
    relpath = Path(path).resolve().relative_to(root.resolve()).as_posix()
    return re.sub(r" \([^()]*\.py\)$", "", lines[-1]), f"{relpath}:{line}"


def startup(root: Path) -> list[Diag]:
    return [d for d in diags(root) if d.code == "LL401"]


def modules_of(files: dict[str, str]) -> list[str]:
    names = set()
    for relpath in files:
        parts = relpath.removesuffix(".py").split("/")
        if parts[-1] == "__init__":
            parts.pop()
        names.add(".".join(parts))
    return sorted(names)


class Fails(NamedTuple):
    """One failure LL401 reports: where, the statement, the module still being imported,
    the name, where that module binds it, the imports from the first module imported (the
    first one named), and the other first modules that fail alike."""

    where: str  # "app/routes.py:1"
    statement: str
    source: str
    name: str
    bound_at: str
    chain: str
    others: tuple[str, ...] = ()


POSITIVES = {
    "package-binds-after-importing-its-submodule": (
        {
            "app/__init__.py": "from app.routes import bp\n\ndb = object()\n",
            "app/routes.py": "from app import db\n\nbp = 'bp'\n",
        },
        [Fails("app/routes.py:1", "from app import db", "app", "db", "app/__init__.py:3",
               "app (line 1) -> app.routes (line 1)", ("app.routes",))],
    ),
    "two-modules-each-from-the-other": (
        {
            "app/a.py": "from app.b import g\n\ndef f():\n    return g()\n",
            "app/b.py": "from app.a import f\n\ndef g():\n    return 1\n",
        },
        [Fails("app/a.py:1", "from app.b import g", "app.b", "g", "app/b.py:3",
               "app.b (line 1) -> app.a (line 1)"),
         Fails("app/b.py:1", "from app.a import f", "app.a", "f", "app/a.py:3",
               "app.a (line 1) -> app.b (line 1)")],
    ),
    "relative-import-of-a-name-not-a-submodule": (
        {
            "app/models/__init__.py": "from .user import User\n\nBase = object\n",
            "app/models/user.py": "from . import Base\n\nclass User(Base):\n    pass\n",
        },
        [Fails("app/models/user.py:1", "from . import Base", "app.models", "Base",
               "app/models/__init__.py:3", "app.models (line 1) -> app.models.user (line 1)",
               ("app.models.user",))],
    ),
    "three-modules-bound-late": (
        {
            "app/a.py": "import app.b\n\ny = 1\n",
            "app/b.py": "from app.c import x\n",
            "app/c.py": "from app.a import y\n\nx = 2\n",
        },
        [
            # importing app.c first: c, a (`import app.b` binds no name), b wants c's x
            Fails(where="app/b.py:1", statement="from app.c import x", source="app.c",
                  name="x", bound_at="app/c.py:3",
                  chain="app.c (line 1) -> app.a (line 1) -> app.b (line 1)"),
            # importing app.a first: a, b, c wants a's y; importing app.b first works
            Fails(where="app/c.py:1", statement="from app.a import y", source="app.a",
                  name="y", bound_at="app/a.py:3",
                  chain="app.a (line 1) -> app.b (line 1) -> app.c (line 1)"),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(POSITIVES))
def test_failure_is_reported_where_python_raises_it(tmp_path, name):
    files, expected = POSITIVES[name]
    write_project(tmp_path, files)
    found = startup(tmp_path)
    assert [f"{d.path}:{d.line}" for d in found] == [e.where for e in expected], found
    for diag, fails in zip(found, expected):
        error = PARTIAL.format(name=fails.name, source=fails.source)
        first = fails.chain.split(" ")[0]
        also = f"; so does importing {', '.join(fails.others)} first" if fails.others else ""
        assert diag.message == (
            f"Import fails at start-up: `{fails.statement}` runs while {fails.source} is still "
            f"being imported, before it binds '{fails.name}' ({fails.bound_at}): importing "
            f"{first} first runs {fails.chain} and raises {error}{also}"
        )
        # Python agrees, for the first import named and every other one
        for entry in (first, *fails.others):
            assert python_imports(tmp_path, entry) == (error, fails.where), entry
    # ... and every module no message names imports cleanly when imported first
    named = {e.chain.split(" ")[0] for e in expected} | {o for e in expected for o in e.others}
    for module in sorted(set(modules_of(files)) - named):
        assert python_imports(tmp_path, module) == ("ok", None), module


NEGATIVES = {
    "import-module-used-inside-functions": {
        "app/__init__.py": "from app import routes\n\ndb = object()\n",
        "app/routes.py": "import app\n\ndef view():\n    return app.db\n",
    },
    "name-bound-before-the-cyclic-import": {
        "app/__init__.py": "db = object()\n\nfrom app.routes import bp\n",
        "app/routes.py": "from app import db\n\nbp = 'bp'\n",
    },
    "type-checking-block": {
        "app/__init__.py": "from app.routes import bp\n\ndb = object()\n",
        "app/routes.py": (
            "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from app import db\n\n"
            "bp = 'bp'\n"
        ),
    },
    "function-level-import": {
        "app/__init__.py": "from app.routes import bp\n\ndb = object()\n",
        "app/routes.py": "def view():\n    from app import db\n    return db\n\nbp = 'bp'\n",
    },
    "from-package-import-submodule": {
        "app/__init__.py": "from app import a\n",
        "app/a.py": "from app import b\n\nX = 1\n",
        "app/b.py": "from app import a\nimport app.a as again\n",
    },
    "star-import-binds-first": {
        "app/__init__.py": "from app.consts import *\nfrom app.routes import bp\n\ndb = 2\n",
        "app/consts.py": "db = 1\n",
        "app/routes.py": "from app import db\n\nbp = 'bp'\n",
    },
    "module-getattr": {
        "app/__init__.py": (
            "def __getattr__(name):\n    return 42\n\nfrom app.routes import bp\n\ndb = 2\n"
        ),
        "app/routes.py": "from app import db\n\nbp = 'bp'\n",
    },
    "globals-binds-first": {
        "app/__init__.py": "globals()['db'] = 1\nfrom app.routes import bp\n\ndb = 2\n",
        "app/routes.py": "from app import db\n\nbp = 'bp'\n",
    },
    "conditional-binding-first": {
        "app/__init__.py": (
            "import sys\n\nif sys.version_info >= (3,):\n    db = 1\n"
            "from app.routes import bp\n\ndb = 2\n"
        ),
        "app/routes.py": "from app import db\n\nbp = 'bp'\n",
    },
    "failure-caught-by-try": {
        "app/__init__.py": "from app.routes import bp\n\ndb = object()\n",
        "app/routes.py": (
            "try:\n    from app import db\nexcept ImportError:\n    db = None\n\nbp = 1\n"
        ),
    },
    "failure-caught-further-up": {
        "app/__init__.py": (
            "try:\n    from app.routes import bp\nexcept Exception:\n    bp = None\n\n"
            "db = object()\n"
        ),
        "app/routes.py": "from app import db\n\nbp = 1\n",
    },
    "conditional-cyclic-import": {
        "app/__init__.py": (
            "import os\n\nif os.environ.get('LAYERLINT_NEVER_SET'):\n"
            "    from app.routes import bp\n\ndb = object()\n"
        ),
        "app/routes.py": "from app import db\n\nbp = 1\n",
    },
    "local-function-called-at-module-level": {
        "app/__init__.py": (
            "def setup():\n    from app.routes import bp\n    return bp\n\n"
            "db = object()\nsetup()\n"
        ),
        "app/routes.py": "from app import db\n\nbp = 1\n",
    },
    "cycle-of-plain-imports": {
        "app/a.py": "import app.b\n\ndef f():\n    return app.b.g()\n",
        "app/b.py": "import app.a as a\n\ndef g():\n    return a\n",
    },
    "no-binding-at-all-is-not-about-order": {
        "app/__init__.py": "from app.routes import bp\n",
        "app/routes.py": "import app\n\nbp = getattr(app, 'db', None)\n",
    },
}


@pytest.mark.parametrize("name", sorted(NEGATIVES))
def test_no_failure_where_python_imports_cleanly(tmp_path, name):
    files = NEGATIVES[name]
    write_project(tmp_path, files)
    assert startup(tmp_path) == []
    for module in modules_of(files):
        assert python_imports(tmp_path, module) == ("ok", None), module


LAZY = {
    "app/__init__.py": "from app.routes import bp\n\ndb = object()\n",
    "app/routes.py": "lazy from app import db\n\nbp = 'bp'\n",
}


def test_lazy_import_never_fails(tmp_path):
    # PEP 810 (Python 3.15): the import runs when `db` is first used. Older Pythons cannot
    # run the fixture; layerlint reads it on any (LL905 says how).
    write_project(tmp_path, LAZY)
    assert startup(tmp_path) == []
    if sys.version_info < (3, 15):
        pytest.skip("lazy imports run on Python 3.15+")
    for module in modules_of(LAZY):
        assert python_imports(tmp_path, module) == ("ok", None), module


def test_unsure_failures_are_not_reported(tmp_path):
    # Python fails here, but only because of what a star import did not bind: LL401 cannot
    # know what `from app.consts import *` binds, and says nothing.
    files = {
        "app/__init__.py": "from app.routes import bp\nfrom app.consts import *\n\ndb = 2\n",
        "app/consts.py": "other = 1\n",
        "app/routes.py": "from app import db\n\nbp = 'bp'\n",
    }
    write_project(tmp_path, files)
    assert startup(tmp_path) == []
    error = PARTIAL.format(name="db", source="app")
    assert python_imports(tmp_path, "app") == (error, "app/routes.py:1")


def test_noqa_silences_it(tmp_path):
    files = dict(POSITIVES["package-binds-after-importing-its-submodule"][0])
    files["app/routes.py"] = "from app import db  # noqa: LL401\n\nbp = 'bp'\n"
    write_project(tmp_path, files)
    assert startup(tmp_path) == []


def test_too_large_a_cycle_is_not_followed(tmp_path):
    from unittest import mock

    from layerlint.startup import simulate, structure

    write_project(tmp_path, POSITIVES["two-modules-each-from-the-other"][0])
    with mock.patch.object(structure, "LARGEST_CYCLE", 1):
        assert startup(tmp_path) == []
    with mock.patch.object(simulate, "BUDGET", 0):  # the first module tried, no more
        assert [(d.path, d.line) for d in startup(tmp_path)] == [("app/b.py", 1)]
