"""The configuration of a project that has none: its packages, found where projects keep them.

Most of what layerlint finds needs no contract (duplicate SQLAlchemy models and bases,
dangling relationship and ForeignKey strings, files that cannot be parsed), so a project
without a configuration is checked all the same, for those rules. Its root is the nearest
folder above the checked path that holds a `pyproject.toml`, `setup.py`, `setup.cfg` or
`.git` (else the first folder above the packages the path is in); its source roots are the first of these that holds a package (a folder with an
`__init__.py`): `src/`, the root itself, or the folders one level down (`backend/app`,
`server/app`). Tests, docs, examples, tools, scripts, benchmarks, migrations, virtual
environments and build folders are left out, as packages and wherever they occur.
`layerlint init` proposes the same packages.
"""

from __future__ import annotations

import os
from pathlib import Path

from layerlint.config.model import Config
from layerlint.errors import ConfigNotFound

_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")  # of a project root
LEFT_OUT = (
    "tests", "test", "testing", "docs", "doc", "examples", "example", "samples", "tools",
    "scripts", "benchmarks",
    "migrations", "alembic", "venv", ".venv", "env", "virtualenv", "build", "dist",
    "node_modules", "site-packages", "__pycache__",
)


def discovered_config(start_dir: Path, looked_for: str) -> Config:
    """The configuration of the project around `start_dir`, which has none; ConfigNotFound
    (saying `looked_for` and where packages were looked for) if it holds no package."""
    outside = start_dir  # the first folder above the checked path's packages
    while (outside / "__init__.py").is_file() and outside.parent != outside:
        outside = outside.parent
    root = next(
        (d for d in (outside, *outside.parents) if any((d / m).exists() for m in _MARKERS)),
        outside,
    )
    source_roots = where_packages_are(root)
    if source_roots:
        return Config(
            root=root,
            path=None,
            root_packages=(),
            source_roots=source_roots,
            exclude=LEFT_OUT,
            source_format="discovered",
        )
    shown = os.path.relpath(root) if root != Path.cwd() else "."
    raise ConfigNotFound(
        f"{shown}: no configuration here or above ({looked_for}), and no Python package "
        "(a folder with an __init__.py) in it, in src/ or one folder down: nothing to check"
    )


def where_packages_are(root: Path) -> tuple[Path, ...]:
    """The source roots of the project at `root`: the first of `src/`, the root itself and
    the folders one level down that holds an application package; none if none does."""
    for source_roots in ([root / "src"], [root], _folders_with_packages(root)):
        if any(_packages(r) for r in source_roots if r.is_dir()):
            return tuple(r.resolve() for r in source_roots)
    return ()


def application_packages(source_roots: tuple[Path, ...]) -> list[str]:
    """The application packages under the source roots (not tests, docs, tools...)."""
    return sorted({name for r in source_roots if r.is_dir() for name in _packages(r)})


def _entries(folder: Path) -> list[os.DirEntry]:
    try:
        return sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []


def _packages(folder: Path) -> list[str]:
    return [
        e.name
        for e in _entries(folder)
        if e.name.isidentifier()
        and e.name not in LEFT_OUT
        and e.is_dir()
        and os.path.isfile(os.path.join(e.path, "__init__.py"))
    ]


def _folders_with_packages(root: Path) -> list[Path]:
    return [
        Path(e.path)
        for e in _entries(root)
        if e.is_dir()
        and not e.name.startswith(".")
        and e.name not in LEFT_OUT
        # a package is not a folder of packages
        and not os.path.isfile(os.path.join(e.path, "__init__.py"))
        and _packages(Path(e.path))
    ]
