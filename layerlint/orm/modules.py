"""Which modules the SQLAlchemy rules read, and what part of the project each one is.

Tests and standalone examples are parts apart: a base made in a test module is the test's
own (LL301 leaves it alone), and example or documentation apps (each file or folder
directly under an `examples/` or `docs/` folder) are separate programs, never imported
together: their tables and class names collide only with the main code or within the same
app (see docs/sqlalchemy.md).
"""

from __future__ import annotations

from layerlint.orm.names import Names
from layerlint.orm.source.extractions import mentions, sketch
from layerlint.orm.source.symbols import ModuleSymbols
from layerlint.project import Project

# Folder names and file names that make a module part of the test suite.
TEST_FOLDERS = frozenset({"tests", "test", "testing"})
# Folders whose every entry is an app of its own (an example, a documentation snippet).
EXAMPLE_FOLDERS = frozenset({"examples", "example", "docs", "doc", "docs_src"})
MAIN = ""  # the part of the project that is not an example app


def is_test(relpath: str) -> bool:
    """A module of the test suite: in a `tests/` (or `test/`, `testing/`) folder, or a
    `test_*.py`, `*_test.py` or `conftest.py` file (a `tests` root package is a folder too)."""
    *folders, filename = relpath.split("/")
    return (
        not TEST_FOLDERS.isdisjoint(folders)
        or filename.startswith("test_")
        or filename.endswith("_test.py")
        or filename == "conftest.py"
    )


def app_of(relpath: str) -> str:
    """The standalone app a module belongs to: the path up to the file or folder directly
    under the first examples/docs folder ("examples/blog"); MAIN for everything else."""
    parts = relpath.split("/")
    for i, part in enumerate(parts[:-1]):
        if part in EXAMPLE_FOLDERS:
            return "/".join(parts[: i + 2])
    return MAIN


def apart(first: str, second: str) -> bool:
    """Whether two apps never run together: two different example apps."""
    return first != second and MAIN not in (first, second)


def orm_in_use(project: Project) -> bool:
    """Whether the rules have anything to look at: some module imports an ORM (the graph
    knows when it holds the external packages) or at least mentions one (a base or a model
    always does: without one, no file needs a closer look)."""
    if project.config.include_external_packages:
        return any(
            p in project.graph.modules for p in ("sqlalchemy", "sqlmodel", "flask_sqlalchemy")
        ) or any(mentions(project.files, file) for file in project.hidden.values())
    return any(mentions(project.files, file) for file in project.symbol_modules.values())


def candidate_modules(project: Project, names: Names) -> list[str]:
    """Modules that may define or use mapped classes, chosen without parsing most files.

    Those that mention SQLAlchemy (or a mapping attribute: the *hinted*); then, until
    nothing changes, those with a class deriving from a name already known, or importing a
    hinted module. Known are the classes and the names bound by calls and aliases of the
    hinted modules, and each class found later that derives from a known name: a class
    that only shares a module with a model, or derives from a class that does, is not one
    (on an application whose models sit beside everything else, following those reaches
    most of the code: 4,000 of Home Assistant's 6,700 modules, every one parsed).
    Alembic migration scripts, and the modules of their environment, are left out.
    (orm/memo.py remembers the rules' results under the imports of modules with class
    bases, and the module names: what else of the graph is used here must join that key.)
    """
    if not orm_in_use(project):
        return []  # nothing imports an ORM: no file needs reading
    files = project.files
    sketches = {name: sketch(files, file) for name, file in project.symbol_modules.items()}
    hinted = {name for name, found in sketches.items() if found.orm_hint}
    chosen = set(hinted)
    frontier = set(chosen)
    known: set[str] = set()
    migrations: set[str] = set()
    while frontier:
        for module in sorted(frontier):
            symbols = names.symbols(module)
            if symbols is not None and _is_migration(symbols):
                migrations.add(module)
                continue
            if module in hinted:
                known.update(sketches[module].class_names)
                if symbols is not None:
                    known.update(b.name for b in symbols.bindings if b.kind in ("call", "alias"))
        # a class deriving from a known name is known in turn, wherever it is
        grown = True
        while grown:
            grown = False
            for module in sorted(chosen - hinted - migrations):
                symbols = names.symbols(module)
                for cls in symbols.classes if symbols is not None else ():
                    if cls.name not in known and _derives_from(cls.bases, known):
                        known.add(cls.name)
                        grown = True
        frontier = {
            name
            for name, found in sketches.items()
            if name not in chosen
            and found.class_bases
            and (
                not known.isdisjoint(found.class_bases)
                or not hinted.isdisjoint(_imported_by(project, name))
            )
        }
        chosen |= frontier
    # Alembic's environment (`env.py` beside the scripts' folder, `versions/` by default)
    # holds the scripts' helpers too.
    packages = {p for script in migrations for p in _parents(script)}
    packages |= {m.partition(".versions.")[0] for m in project.symbol_modules if ".versions." in m}
    environments = tuple(f"{p}." for p in packages if f"{p}.env" in project.symbol_modules)
    return sorted(m for m in chosen - migrations if not f"{m}.".startswith(environments))


def _derives_from(bases: tuple[str | None, ...], known: set[str]) -> bool:
    """Whether a base list names a known name (`Base`, `db.Model`, `models.User`)."""
    return any(part in known for base in bases if base for part in base.split("."))


def _imported_by(project: Project, module: str) -> set[str]:
    """What a module imports, as the graph knows it (nothing for a hidden module)."""
    if module not in project.modules:
        return set()
    return project.graph.find_modules_directly_imported_by(module)


def _parents(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _is_migration(symbols: ModuleSymbols) -> bool:
    """An Alembic migration script (it sets `revision` and `down_revision` and defines
    `upgrade`). Its models are frozen copies of the real ones, often on a base of their own,
    used only while it runs: they are left out."""
    assigned = {b.name for b in symbols.bindings}
    return {"revision", "down_revision", "upgrade"} <= assigned
