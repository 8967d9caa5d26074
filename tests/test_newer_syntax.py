"""Files written for a newer Python than the one running layerlint (LL905).

The fixtures (testdata/newer_syntax/) use the syntax of Pythons 3.12 to 3.15. What each
test expects depends on the running Python: the constructs newer than it are read with
their syntax set aside, and reported; the others are parsed as written, and not reported.
So on 3.11 every fixture file is a newer-syntax case, on 3.12 those of 3.13 and later, on
3.13 those of 3.14 and 3.15 (t-strings, `except A, B:`, `lazy import`).
"""

from __future__ import annotations

import marshal
import shutil
import sys
from pathlib import Path

import pytest
from helpers import read_scan_cache, write_scan_cache

from layerlint.orm.source.extractions import SYMBOLS, read_symbols
from layerlint.project.python_syntax import class_headers
from layerlint.project.scanner import scan_source

RUNNING = sys.version_info[:2]
SHOWN = f"{RUNNING[0]}.{RUNNING[1]}"
FIXTURES = Path(__file__).parent.parent / "testdata" / "newer_syntax"

TYPE_STATEMENTS = "`type` statements left out, type parameter lists left out"
# Each fixture file: the Python it needs, where LL905 points, what it is read with.
NEEDS = {
    "app/models.py": ((3, 12), "6:1", TYPE_STATEMENTS),
    "app/auth.py": ((3, 12), "1:1", TYPE_STATEMENTS),
    "app/audit.py": ((3, 13), "6:12", "type parameter lists left out"),
    "app/reports.py": (
        (3, 14),
        "12:20",
        "t-strings taken as f-strings, `except A, B:` taken as `except (A, B):`",
    ),
    "app/tasks.py": ((3, 15), "1:1", "`lazy` imports taken as plain imports"),
}

BROKEN_PROBLEMS = [
    (
        "app/audit.py:13:33: LL306 ForeignKey(\"userz.id\") refers to table 'userz', which no "
        "model or Table on the same metadata defines"
    ),
    (
        "app/auth.py:4:1: LL201 Class 'User' is defined in 2 modules: here in app.auth, and in "
        "app.models (app/models.py:18); keep one definition and import it elsewhere (contract "
        "'One user class')"
    ),
    (
        "app/models.py:18:1: LL201 Class 'User' is defined in 2 modules: here in app.models, and "
        "in app.auth (app/auth.py:4); keep one definition and import it elsewhere (contract "
        "'One user class')"
    ),
    (
        "app/models.py:23:1: LL302 Table 'accounts' is mapped more than once on the same "
        "metadata: app.models.Account here, also app.reports.Report (app/reports.py:6) "
        "(SQLAlchemy: \"Table 'accounts' is already defined for this MetaData instance\")"
    ),
    (
        "app/reports.py:6:1: LL302 Table 'accounts' is mapped more than once on the same "
        "metadata: app.reports.Report here, also app.models.Account (app/models.py:23) "
        "(SQLAlchemy: \"Table 'accounts' is already defined for this MetaData instance\")"
    ),
]


def newer_syntax_lines(paths) -> list[str]:
    """The LL905 lines expected on the running Python for these fixture files."""
    lines = []
    for path in paths:
        needs, place, read_as = NEEDS[path]
        if needs > RUNNING:
            lines.append(
                f"{path}:{place}: LL905 warning: {path} needs Python {needs[0]}.{needs[1]} "
                f"(layerlint runs on Python {SHOWN}): read with {read_as}; nothing else in "
                "it was skipped"
            )
    return lines


def reported(out: str) -> list[str]:
    return sorted(line for line in out.splitlines() if ": LL" in line)


def test_problems_in_newer_syntax_are_found_and_what_was_set_aside_is_named(cli):
    code, out, _ = cli("check", "--no-cache", ".", cwd=FIXTURES / "broken")
    assert reported(out) == sorted(BROKEN_PROBLEMS + newer_syntax_lines(NEEDS))
    assert code == 1


def test_the_clean_twin_reports_only_warnings_and_passes(cli):
    code, out, _ = cli("check", "--no-cache", ".", cwd=FIXTURES / "clean")
    # app/auth.py defines no class a check looks for there: it is not read, nor reported
    read = ["app/audit.py", "app/models.py", "app/reports.py", "app/tasks.py"]
    assert reported(out) == sorted(newer_syntax_lines(read))
    assert code == 0  # LL905 is a warning


def test_a_class_python_cannot_parse_is_read_from_its_header(cli):
    code, out, _ = cli("check", "--no-cache", ".", cwd=FIXTURES / "fstrings")
    expected = [
        f"{path}:1: LL201 Class 'User' is defined in 2 modules: here in {here}, and in "
        f"{there}; keep one definition and import it elsewhere (contract 'One user class')"
        for path, here, there in (
            ("app/models.py:8", "app.models", "app.people (app/people.py:1)"),
            ("app/people.py:1", "app.people", "app.models (app/models.py:8)"),
        )
    ] + [
        f"app/models.py:{line}:1: LL302 Table 'teams' is mapped more than once on the same "
        f"metadata: app.models.{name} here, also app.models.{other} (app/models.py:{at}) "
        "(SQLAlchemy: \"Table 'teams' is already defined for this MetaData instance\")"
        for line, name, other, at in ((14, "Team", "Squad", 19), (19, "Squad", "Team", 14))
    ]
    if RUNNING < (3, 12):  # 3.12's f-strings nest the same quotes
        expected.append(
            f"app/models.py:11:24: LL905 warning: app/models.py cannot be parsed whole by "
            f"Python {SHOWN} (f-string: unmatched '[', line 11): read statement by statement; "
            "classes read from their headers only (their tables unknown): 'User'; not read: "
            "the statement at line 24"
        )
    assert reported(out) == sorted(expected)
    assert code == 1


def test_a_file_broken_for_every_python_stays_ll901(cli, tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    # An empty type parameter list is invalid in every Python, though it would parse once
    # the list is set aside: grimp's parser rejects it, so it is no newer syntax.
    (tmp_path / "app" / "generic.py").write_text("import os\nclass A[](object):\n    pass\n")
    (tmp_path / "app" / "typo.py").write_text("import os\nx = = 1\n")
    (tmp_path / "pyproject.toml").write_text('[tool.layerlint]\nroot_packages = ["app"]\n')
    code, out, _ = cli("check", "--no-cache", ".", cwd=tmp_path)
    # Python's own message, where it sees the error: 3.12 knows type parameter lists
    generic = "2:9: LL901 Cannot parse app/generic.py: Type parameter list cannot be empty"
    if RUNNING < (3, 13):
        column = 9 if RUNNING == (3, 12) else 8
        generic = f"2:{column}: LL901 Cannot parse app/generic.py: invalid syntax"
    typo = "2:5: LL901 Cannot parse app/typo.py: invalid syntax"
    assert reported(out) == [
        f"app/generic.py:{generic}; its imports are not checked",
        f"app/typo.py:{typo}; its imports are not checked",
    ]
    assert code == 1


def test_cached_runs_print_what_uncached_runs_print(cli, tmp_path):
    shutil.copytree(FIXTURES / "broken", tmp_path / "broken")
    project = tmp_path / "broken"
    uncached = cli("check", "--no-cache", ".", cwd=project)
    assert cli("check", ".", cwd=project) == uncached
    (project / ".layerlint_cache" / "results.marshal").unlink()  # from the per-file cache
    assert cli("check", ".", cwd=project) == uncached
    assert cli("check", ".", cwd=project) == uncached


@pytest.mark.parametrize("python", ["this", "another"])
def test_the_per_file_cache_of_another_python_is_not_used(cli, tmp_path, python):
    """A cache written by another Python read the files with another parser: its entries
    (here made to say that nothing could be read) must not be used."""
    shutil.copytree(FIXTURES / "broken", tmp_path / "broken")
    project = tmp_path / "broken"
    uncached = cli("check", "--no-cache", ".", cwd=project)
    cli("check", ".", cwd=project)
    cache = project / ".layerlint_cache"
    for stored in ("results.marshal", "basis.marshal"):
        (cache / stored).unlink()
    key, fingerprint, tables, _ = read_scan_cache(project)
    symbols = SYMBOLS.name
    nothing = marshal.dumps((None, None))  # the entry, packed as the cache keeps it
    tables[symbols] = {path: (stamp, nothing) for path, (stamp, _) in tables[symbols].items()}
    if python == "another":
        key = (*key[:2], (3, 99))
    write_scan_cache(project, key, fingerprint, tables, {})
    again = cli("check", ".", cwd=project)
    assert (again == uncached) is (python == "another")


def test_an_edit_after_reused_sqlalchemy_results_is_seen(cli, tmp_path):
    """When the SQLAlchemy rules' results are reused, the stored diagnostics still rest on
    the models they read: an edit of one of them is analysed, not taken as unseen."""
    shutil.copytree(FIXTURES / "clean", tmp_path / "clean")
    project = tmp_path / "clean"
    cli("check", ".", cwd=project)
    auth = project / "app" / "auth.py"
    auth.write_text("import app.db\n" + auth.read_text())  # the rules' results are reused
    cli("check", ".", cwd=project)
    reports = project / "app" / "reports.py"
    reports.write_text(reports.read_text().replace('"reports"', '"accounts"'))
    code, out, _ = cli("check", ".", cwd=project)
    assert (code, out) == cli("check", "--no-cache", ".", cwd=project)[:2]
    assert "LL302 Table 'accounts'" in out


# -- reading, on every Python (no grimp needed) ----------------------------------------------


def read(path: str):
    return read_symbols((FIXTURES / "broken" / path).read_bytes())


@pytest.mark.parametrize("path", sorted(NEEDS))
def test_newer_syntax_is_noted_only_when_newer_than_the_running_python(path):
    needs, place, read_as = NEEDS[path]
    note = read(path).newer
    if needs <= RUNNING:
        assert note is None
    else:
        line, column = map(int, place.split(":"))
        assert (note.needs, note.line, note.column) == (needs, line, column)
        assert ", ".join(note.read_as) == read_as
        assert (note.unread, note.headers_only) == ((), ())


def test_the_models_of_a_file_in_newer_syntax_are_read_whole():
    classes = {
        path: [(c.name, c.line, c.column, c.bases, c.tablename) for c in read(path).symbols.classes]
        for path in NEEDS
    }
    assert classes == {
        "app/models.py": [
            ("Repo", 10, 1, (), None),
            ("User", 18, 1, ("Base",), "users"),
            ("Account", 23, 1, ("Base",), "accounts"),
        ],
        "app/auth.py": [("User", 4, 1, (), None)],
        "app/audit.py": [("Entry", 6, 1, (), None), ("AuditLog", 10, 1, ("Base",), "audit_log")],
        "app/reports.py": [("Report", 6, 1, ("Base",), "accounts")],
        "app/tasks.py": [("Task", 9, 1, ("Base",), "tasks")],
    }
    refs = [
        (r.kind, r.value, r.line, r.column) for r in read("app/models.py").symbols.classes[2].refs
    ]
    assert refs == [("foreign_key", "users.id", 26, 33), ("relationship", "User", 27, 25)]
    # `type UserId = int` binds no name the checks follow, on any Python
    names = [b.name for b in read("app/models.py").symbols.bindings]
    assert names == ["Column", "ForeignKey", "Integer", "relationship", "Base", "first"]


def test_a_class_read_from_its_header_has_an_unknown_table():
    found = read_symbols((FIXTURES / "fstrings" / "app" / "models.py").read_bytes())
    tables = [(c.name, c.tablename) for c in found.symbols.classes]
    if RUNNING < (3, 12):
        assert tables == [("User", "?"), ("Team", "teams"), ("Squad", "teams")]
        assert (found.newer.needs, found.newer.unread, found.newer.headers_only) == (
            None,
            (24,),
            ("User",),
        )
    else:
        assert tables == [("User", "users"), ("Team", "teams"), ("Squad", "teams")]
        assert found.newer is None


def test_imports_python_reads_keep_their_places():
    """An editor's buffer is scanned by Python: `lazy import` (3.15) is read as an import."""
    scan = scan_source(b"lazy import json\nlazy from os import path\nimport sys\n")
    places = [(s.line, s.column, s.end_column, s.names) for s in scan.imports]
    assert places == [(1, 6, 17, ("json",)), (2, 6, 25, ("os.path",)), (3, 1, 11, ("sys",))]
    assert scan.error is None
    assert scan.newer.needs == (3, 15)


def test_a_real_syntax_error_is_not_taken_for_newer_syntax():
    for source in (b"type X = = int\n", b"import os\nx = = 1\n", b"class A[T](:\n  pass\n"):
        scan = scan_source(source)
        assert scan.error is not None and scan.newer is None, source


def test_the_sketch_reads_the_bases_of_generic_classes():
    headers = class_headers(b"class Repo[T: dict[str, int]](Base, Mixin):\n    pass\n")
    assert headers == (("Repo",), ("Base", "Mixin"))
