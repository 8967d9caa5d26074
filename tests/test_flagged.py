"""The passes over every module that look for a few (SourceFiles.flagged): `unique`'s class
headers (LL201), the relative imports beyond the top-level package (LL907), the notes of how
Python read a file (LL905). What they found is kept across runs, and after an edit only the
files that changed are tested again; the answers must be those of an uncached run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers import read_scan_cache, write_project, write_scan_cache

from layerlint.config import load_config
from layerlint.engine import analyse
from layerlint.options import RunOptions
from layerlint.orm import memo as orm_memo
from layerlint.project import build_project
from layerlint.project.cache import Memo, ScanCache
from layerlint.project.files import SourceFiles
from layerlint.project.python_syntax import CLASS_HEADERS, LEADING_DOTS

UNIQUE = {"name": "One auth service", "type": "unique", "classes": ["AuthService"]}

FILES = {
    "src/app/api/views.py": "from app.services import auth\n",
    "src/app/services/auth.py": "class AuthService:\n    pass\n",
    "src/app/services/billing.py": "import os\n",
    "src/app/domain/order.py": "from .... import nothing\n",  # beyond: app.domain takes 2
    "src/app/domain/user.py": "class User:\n    pass\n",
}
MODEL = "from app.db import Base\n\n\nclass User(Base):\n    __tablename__ = 'users'\n"
ORM_FILES = {
    **FILES,
    "src/app/db.py": "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n",
    "src/app/domain/user.py": MODEL,
}


@pytest.fixture
def tested(monkeypatch):
    """The modules whose entries a pass over every module read, by extraction."""
    found: dict[str, list[str]] = {}
    original = SourceFiles._in_place

    def recorded(self, extraction, modules):
        modules = list(modules)
        found.setdefault(extraction.name, []).extend(m.name for m in modules)
        return original(self, extraction, modules)

    monkeypatch.setattr(SourceFiles, "_in_place", recorded)
    return found


def report(cli, root: Path, *args: str) -> list[tuple[str, str, int]]:
    code, out, _ = cli("check", "--output-format", "json", *args, cwd=root)
    found = [(d["code"], d["filename"], d["location"]["row"]) for d in json.loads(out)]
    assert code == (1 if found else 0)
    return found


def touch(path: Path, text: str) -> None:
    path.write_text(text)
    os.utime(path, ns=(10**18, 10**18))  # a stamp of its own, whatever the clock


def one_cache(tmp_path: Path, files: dict[str, str]) -> tuple[Path, object, ScanCache]:
    """(the project, its configuration, one scan cache for its analyses), as the language
    server holds them."""
    root = write_project(tmp_path / "proj", files, [UNIQUE])
    return root, load_config(root, None), ScanCache(root / ".layerlint_cache")


def test_an_edit_tests_only_the_changed_file_again(tmp_path, cli, tested):
    root = write_project(tmp_path / "proj", FILES, [UNIQUE])
    assert report(cli, root) == [("LL907", "src/app/domain/order.py", 1)]
    assert sorted(tested[CLASS_HEADERS.name]) == [  # the first run: every module
        "app", "app.api", "app.api.views", "app.domain", "app.domain.order",
        "app.domain.user", "app.services", "app.services.auth", "app.services.billing",
    ]
    tested.clear()
    touch(root / "src/app/services/billing.py", "import os\n\n\nclass AuthService:\n    pass\n")
    assert report(cli, root) == [
        ("LL907", "src/app/domain/order.py", 1),
        ("LL201", "src/app/services/auth.py", 1),
        ("LL201", "src/app/services/billing.py", 4),
    ]
    assert tested[CLASS_HEADERS.name] == ["app.services.billing"]
    assert tested[LEADING_DOTS.name] == ["app.services.billing"]
    assert report(cli, root, "--no-cache") == report(cli, root)

    tested.clear()  # the class goes again, and the import beyond
    touch(root / "src/app/services/billing.py", "import os\n")
    touch(root / "src/app/domain/order.py", "from .. import nothing\n")
    assert report(cli, root) == []
    assert sorted(tested[CLASS_HEADERS.name]) == ["app.domain.order", "app.services.billing"]
    assert report(cli, root, "--no-cache") == []


def test_a_changed_set_of_modules_tests_every_module_again(tmp_path, cli, tested):
    root = write_project(tmp_path / "proj", FILES, [UNIQUE])
    report(cli, root)
    tested.clear()
    touch(root / "src/app/domain/extra.py", "class AuthService:\n    pass\n")
    assert report(cli, root) == [
        ("LL201", "src/app/domain/extra.py", 1),
        ("LL907", "src/app/domain/order.py", 1),
        ("LL201", "src/app/services/auth.py", 1),
    ]
    assert len(tested[CLASS_HEADERS.name]) == 10  # the new module makes every one a change
    tested.clear()
    (root / "src/app/domain/extra.py").unlink()
    assert report(cli, root) == [("LL907", "src/app/domain/order.py", 1)]
    assert len(tested[CLASS_HEADERS.name]) == 9


def test_damaged_kept_findings_are_made_again(tmp_path, cli, tested):
    root = write_project(tmp_path / "proj", FILES, [UNIQUE])
    expected = report(cli, root)
    key, fingerprint, tables, memo = read_scan_cache(root)
    flagged = sorted(k for k in memo if k.startswith("flagged|"))
    assert flagged == [
        "flagged|layerlint.project.python_syntax:class_headers|unique|('AuthService',)",
        "flagged|layerlint.project.python_syntax:leading_dots",
        "flagged|newer|layerlint.contracts.class_definitions:definitions",  # (LL905)
    ]
    # what the LL907 pass found, and the editor's buffers it tested (none)
    names, found, buffers, generation = memo[flagged[1]]
    assert (found, buffers) == (("app.domain.order",), ())
    for number, (damage, again) in enumerate([
        (lambda generation: (1, 2, 3), 9),
        (lambda generation: (b"", found, (), generation), 9),  # not the modules it tested
        (lambda generation: (names, (1,), (), generation), 9),
        (lambda generation: (names, ("app.nothing", *found), (), generation), 1),  # left out
        (lambda generation: (names, found, (), generation - 1), 9),  # by an earlier analysis
        (lambda generation: (names, found, ()), 9),
        (lambda generation: None, 9),
    ]):
        key, fingerprint, tables, memo = read_scan_cache(root)
        generation = memo[flagged[1]][3]  # (that of the last analysis, as each writes it)
        write_scan_cache(root, key, fingerprint, tables, {**memo, flagged[1]: damage(generation)})
        touch(root / "src/app/services/billing.py", f"import {['sys', 'json'][number % 2]}\n")
        tested.clear()
        assert report(cli, root) == expected
        assert len(tested[LEADING_DOTS.name]) == again


def test_a_buffer_tested_in_one_analysis_is_tested_again_in_the_next(tmp_path):
    """As in the language server: one cache, analyses with and without a buffer."""
    root, config, cache = one_cache(tmp_path, FILES)
    billing = root / "src/app/services/billing.py"
    buffer = {billing: b"class AuthService:\n    pass\n"}

    def duplicates(overrides) -> list[tuple[str, int]]:
        options = RunOptions(paths=[root], overrides=overrides)
        analysis = analyse(options, config=config, cache=cache)
        analysis.finish()
        return sorted((v.location[0].name, v.location[1]) for v in analysis.violations
                      if v.code == "LL201")

    assert duplicates({}) == []
    assert duplicates(buffer) == [("auth.py", 1), ("billing.py", 1)]
    assert duplicates({}) == []  # the file on disk, unchanged, holds no such class
    assert duplicates(buffer) == [("auth.py", 1), ("billing.py", 1)]
    # As saved, for the next process: the buffer's module is tested again there too.
    key = "flagged|layerlint.project.python_syntax:class_headers|unique|('AuthService',)"
    cache = ScanCache(root / ".layerlint_cache")
    assert cache.memo.get(key)[1:] == (("app.services.auth", "app.services.billing"),
                                       ("app.services.billing",), 4)  # (the fourth analysis)
    assert build_project(config, cache).files.changed == frozenset()  # (on disk, unchanged)
    cache = ScanCache(root / ".layerlint_cache")
    assert duplicates({}) == []


def test_what_an_analysis_did_not_keep_up_to_date_is_not_used(tmp_path):
    """Found by an analysis, not used by the next (its contracts did not ask), after which a
    file changed: the one after that looks at every module again (as the language server
    would, holding one cache; here the memo keeps whatever was ever put in it)."""
    root, config, cache = one_cache(tmp_path, FILES)
    everything = cache.memo.used  # every entry ever used stays in the memo

    def duplicates(config) -> list[tuple[str, int]]:
        analysis = analyse(RunOptions(paths=[root]), config=config, cache=cache)
        analysis.finish()
        everything.update(cache.memo.used)
        cache.memo.used = everything
        return sorted((v.location[0].name, v.location[1]) for v in analysis.violations
                      if v.code == "LL201")

    assert duplicates(config) == []
    write_project(root, {}, [])  # no contract asks for the class headers
    assert duplicates(load_config(root, None)) == []
    touch(root / "src/app/services/billing.py", "class AuthService:\n    pass\n")
    assert duplicates(load_config(root, None)) == []
    write_project(root, {}, [UNIQUE])
    assert duplicates(load_config(root, None)) == [("auth.py", 1), ("billing.py", 1)]


def test_a_buffers_sketch_is_taken_out_again_in_the_next_analysis(tmp_path):
    """The SQLAlchemy key's part made of every module's sketch (orm/memo.py), kept across
    analyses of one process: a buffer's part is not in the cache, and is kept with it."""
    root, config, cache = one_cache(tmp_path, ORM_FILES)
    billing = root / "src/app/services/billing.py"
    user = root / "src/app/domain/user.py"
    steps = [
        {},
        {billing: b"class User:\n    pass\n"},  # a class, no bases
        {billing: b"from app.db import Base\n\n\nclass Other(Base):\n    __tablename__ = 'users'\n"},
        {},
        {user: b"import os\n"},  # the model goes
        {user: b"import os\n", billing: b"NOTE = 'sqlalchemy'\n"},
        {},
    ]
    tables = []
    for overrides in steps:
        analysis = analyse(RunOptions(paths=[root], overrides=overrides), config=config, cache=cache)
        analysis.finish()
        project = analysis.project
        kept = orm_memo._key(project)  # (as the analysis made it)
        memo, cache.memo = cache.memo, Memo({})  # nothing kept: worked out from every module
        assert orm_memo._key(project) == kept, overrides
        cache.memo = memo
        tables.append(sorted(v.code for v in analysis.violations if v.code.startswith("LL3")))
    assert tables == [[], [], ["LL302", "LL302"], [], [], [], []]  # (one table, two classes)


def test_a_sketch_state_not_kept_up_to_date_is_not_used(tmp_path):
    """The SQLAlchemy key's sketch part, made by one analysis and not by the next (nothing
    mentions an ORM in its buffers), which read a class header changed on disk: the
    analysis after that works the part out from every module."""
    root, config, cache = one_cache(tmp_path, ORM_FILES)

    def analysed(overrides):
        analysis = analyse(RunOptions(paths=[root], overrides=overrides), config=config, cache=cache)
        analysis.finish()
        return analysis.project

    analysed({})
    quiet = {root / "src/app/db.py": b"", root / "src/app/domain/user.py": b""}
    touch(root / "src/app/services/billing.py",
          "from app.domain.user import User\n\n\nclass Other(User):\n    pass\n")
    before = cache.memo.used[orm_memo._KEPT]
    analysed(quiet)  # nothing mentions an ORM: the rules look at nothing
    assert cache.memo.used[orm_memo._KEPT] == before  # (not made again)
    project = analysed({})
    kept = orm_memo._key(project)
    cache.memo = Memo({})  # nothing kept: worked out from every module
    assert orm_memo._key(project) == kept


def test_a_models_part_follows_its_imports_through_a_syntax_error(tmp_path):
    """A model's sketch part holds what it imports: after an edit that leaves its imports
    alone (a comment) the part is taken out and put back in with what it imports now;
    after one that made the file unparsable for an analysis (no imports then), and back,
    it is worked out anew."""
    root, config, cache = one_cache(tmp_path, ORM_FILES)
    user = root / "src/app/domain/user.py"
    worked_out = []
    original = orm_memo._Sketches._worked_out

    def counted(self):
        worked_out.append(1)
        return original(self)

    for step, text in enumerate([MODEL, MODEL + "# a comment\n", MODEL + "def broken(:\n", MODEL]):
        user.write_text(text)
        os.utime(user, ns=(10**18 + step, 10**18 + step))
        worked_out.clear()
        orm_memo._Sketches._worked_out = counted
        try:
            project = analyse(RunOptions(paths=[root]), config=config, cache=cache).project
        finally:
            orm_memo._Sketches._worked_out = original
        cache.save()
        kept = orm_memo._key(project)
        memo, cache.memo = cache.memo, Memo({})
        assert orm_memo._key(project) == kept, step
        cache.memo = memo
        # worked out by the first analysis, and by those that met the file with other imports
        # than the cache held (none while it cannot be parsed), else taken out and put back
        assert len(worked_out) == (0 if step == 1 else 1), step
