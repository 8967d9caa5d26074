"""Adopting layerlint on a messy codebase (issue 6): baselines, `layerlint init`,
`layerlint explain` and `layerlint rules`.

Every test works on a small project written into tmp_path, or on a copy of a testdata/
project; nothing under testdata/ is modified.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
from pathlib import Path

import pytest
import tomllib
from helpers import assert_one_line_error, write, write_files, write_project

from layerlint.rules import RULES

REPO = Path(__file__).resolve().parent.parent
TESTDATA = REPO / "testdata"
DOCS = REPO / "docs" / "rules"
BASELINE = "layerlint-baseline.json"
LINE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<code>LL\d{3}) (?P<message>.+)$")


# -- helpers -----------------------------------------------------------------------------------


def reported(out: str) -> list[tuple[str, str, int]]:
    """(code, path, line) of every diagnostic in concise output, sorted."""
    found = []
    for line in out.splitlines():
        match = LINE.match(line)
        if match:
            found.append((match["code"], match["path"], int(match["line"])))
    return sorted(found)


def messages(out: str) -> dict[tuple[str, str, int], str]:
    return {
        (m["code"], m["path"], int(m["line"])): m["message"]
        for m in map(LINE.match, out.splitlines())
        if m
    }




def baseline_entries(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["entries"]


def baseline_line(path: Path, code: str, file: str, key: str) -> int:
    """The line of the baseline file that holds this entry (1-based)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip().rstrip(",")
        if stripped.startswith("{") and stripped.endswith("}") and '"code"' in stripped:
            entry = json.loads(stripped)
            if (entry["code"], entry["file"], entry["key"]) == (code, file, key):
                return number
    raise AssertionError(f"no entry {code} {file} {key} in {path}")


def shift(path: Path, lines: int = 10, where: int = 0) -> None:
    """Insert `lines` comment lines before line `where` (0-based) of the file."""
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    text[where:where] = [f"# an unrelated comment {i}\n" for i in range(lines)]
    path.write_text("".join(text), encoding="utf-8")


# -- the baseline project ------------------------------------------------------------------------

USER = """
import requests


def load():
    from app.api import views
    return views


def save():
    from app.api import views
    return views
"""

FILES = {
    "app/api/views.py": "from app.services import mail\n",
    "app/services/mail.py": "import app.domain.model\n",
    "app/domain/model.py": "X = 1\n",
    "app/domain/order.py": "from app.services import mail\n",
    "app/domain/user.py": USER,
}

CONTRACTS = [
    {"name": "Layers", "type": "layers", "layers": ["app.api", "app.services", "app.domain"]},
    {
        "name": "Pure domain",
        "type": "forbidden",
        "source_modules": ["app.domain"],
        "forbidden_modules": ["requests"],
    },
]

SAVE_IMPORT = "def save():\n    from app.api import views\n"
ORDER_KEY = "app.domain.order -> app.services.mail"
USER_KEY = "app.domain.user -> app.api.views"
REQUESTS_KEY = "app.domain.user -> requests"

EXPECTED_BASELINE = (
    "{\n"
    '  "layerlint_baseline": 1,\n'
    '  "entries": [\n'
    '    {"code": "LL101", "contract": "Layers", "count": 1, "file": "app/domain/order.py", '
    f'"key": "{ORDER_KEY}"}},\n'
    '    {"code": "LL101", "contract": "Layers", "count": 2, "file": "app/domain/user.py", '
    f'"key": "{USER_KEY}"}},\n'
    '    {"code": "LL102", "contract": "Pure domain", "count": 1, "file": "app/domain/user.py", '
    f'"key": "{REQUESTS_KEY}"}}\n'
    "  ]\n"
    "}\n"
)

ALL_FOUND = [
    ("LL101", "app/domain/order.py", 1),
    ("LL101", "app/domain/user.py", 5),
    ("LL101", "app/domain/user.py", 10),
    ("LL102", "app/domain/user.py", 1),
]


EMPTY_BASELINE = '{"layerlint_baseline": 1, "entries": []}\n'


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    """Four problems in two files, with `baseline` configured (the file empty)."""
    root = write_project(tmp_path / "proj", FILES, CONTRACTS, baseline=BASELINE)
    (root / BASELINE).write_text(EMPTY_BASELINE)
    return root


@pytest.fixture
def based(proj: Path, cli) -> Path:
    """`proj` with its baseline written."""
    code, out, err = cli("check", "--no-cache", "--write-baseline", cwd=proj)
    assert (code, out, err) == (0, f"Wrote 3 baseline entries to {BASELINE}.\n", "")
    return proj


def check(cli, root: Path, *args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    return cli("check", "--no-cache", *args, cwd=cwd or root)


# -- baseline: writing and the format ------------------------------------------------------------


def test_with_an_empty_baseline_everything_is_reported(proj, cli):
    code, out, err = check(cli, proj)
    assert (code, err) == (1, "")
    assert reported(out) == ALL_FOUND


def test_write_then_check_is_clean(based, cli):
    code, out, err = check(cli, based)
    assert (code, err) == (0, "")
    assert reported(out) == []
    assert out.splitlines()[-1].startswith("All checks passed")


def test_baseline_format_one_sorted_entry_per_line(based):
    text = (based / BASELINE).read_text(encoding="utf-8")
    assert text == EXPECTED_BASELINE
    data = json.loads(text)
    assert data["layerlint_baseline"] == 1
    entries = data["entries"]
    assert all(set(e) == {"code", "file", "contract", "key", "count"} for e in entries)
    keys = [(e["code"], e["file"], e["contract"], e["key"]) for e in entries]
    assert keys == sorted(keys)
    # one entry per line: every entry's line is that entry, whole
    entry_lines = [l for l in text.splitlines() if l.strip().startswith('{"')]
    assert [json.loads(l.strip().rstrip(",")) for l in entry_lines] == entries


def test_write_baseline_is_deterministic_and_does_not_apply_the_old_one(based, cli):
    first = (based / BASELINE).read_bytes()
    assert check(cli, based, "--write-baseline")[0] == 0
    assert (based / BASELINE).read_bytes() == first


def test_write_baseline_reports_nothing_and_exits_zero_even_with_problems(proj, cli):
    code, out, err = check(cli, proj, "--write-baseline")
    assert (code, err) == (0, "")
    assert reported(out) == []


# -- baseline: what survives edits ---------------------------------------------------------------


def test_moving_an_import_down_ten_lines_does_not_resurrect_it(based, cli):
    order = based / "app/domain/order.py"
    order.write_text("\n" * 10 + "from app.services import mail\n")
    # and in the other file, the imports inside functions move down too
    shift(based / "app/domain/user.py", 10, where=3)
    code, out, err = check(cli, based)
    assert (code, err) == (0, ""), out
    assert reported(out) == []


def test_editing_unrelated_lines_does_not_resurrect_it(based, cli):
    user = based / "app/domain/user.py"
    text = user.read_text().replace("    return views\n", "    value = views\n    return value\n")
    user.write_text('"""Users."""\nimport os\n' + text + "\n\ndef other():\n    return os.sep\n")
    code, out, err = check(cli, based)
    assert (code, err) == (0, ""), out


def test_same_violation_twice_in_one_file_counts_twice(based, cli):
    entries = baseline_entries(based / BASELINE)
    user = [e for e in entries if e["key"] == USER_KEY]
    assert user == [
        {"code": "LL101", "contract": "Layers", "count": 2, "file": "app/domain/user.py", "key": USER_KEY}
    ]
    # a third import of the same module in the same file is new: exactly one is reported
    user_py = based / "app/domain/user.py"
    user_py.write_text(
        user_py.read_text() + "\n\ndef third():\n    from app.api import views\n    return views\n"
    )
    code, out, err = check(cli, based)
    assert (code, err) == (1, "")
    assert reported(out) == [("LL101", "app/domain/user.py", 15)]


def test_a_new_violation_is_reported(based, cli):
    write(based, {"app/domain/extra.py": "# new\nimport app.api.views\n"})
    code, out, err = check(cli, based)
    assert (code, err) == (1, "")
    assert reported(out) == [("LL101", "app/domain/extra.py", 2)]


def test_the_same_import_in_another_file_is_new(based, cli):
    # the key names the importer: the recorded violation in order.py does not cover this one
    write(based, {"app/domain/order2.py": "from app.services import mail\n"})
    code, out, _ = check(cli, based)
    assert code == 1
    assert reported(out) == [("LL101", "app/domain/order2.py", 1)]


def test_a_violation_in_another_contract_is_new(based, cli):
    # same import, now also broken by a second contract: the recorded entry names its contract
    pyproject = based / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text()
        + '\n[[tool.layerlint.contracts]]\nname = "No requests anywhere"\ntype = "forbidden"\n'
        'source_modules = ["app"]\nforbidden_modules = ["requests"]\n'
    )
    code, out, _ = check(cli, based)
    assert code == 1
    assert reported(out) == [("LL102", "app/domain/user.py", 1)]
    assert "No requests anywhere" in out


# -- baseline: fixed entries (LL903) -------------------------------------------------------------


def test_fixing_one_reports_ll903_at_its_baseline_line(based, cli):
    (based / "app/domain/order.py").write_text("import app.domain.model\n")
    line = baseline_line(based / BASELINE, "LL101", "app/domain/order.py", ORDER_KEY)
    assert line == 4
    code, out, err = check(cli, based)
    assert (code, err) == (1, "")
    assert reported(out) == [("LL903", BASELINE, 4)]
    assert out.splitlines()[0] == (
        f"{BASELINE}:4:1: LL903 Fixed: LL101 {ORDER_KEY} in app/domain/order.py is no longer "
        "found: remove it from the baseline (layerlint check --write-baseline does)"
    )


def test_fixing_the_last_entry_points_at_the_last_line(based, cli):
    (based / "app/domain/user.py").write_text(USER.replace("import requests", "import os"))
    code, out, _ = check(cli, based)
    assert code == 1
    assert reported(out) == [("LL903", BASELINE, 6)]
    assert REQUESTS_KEY in out


def test_fixing_one_of_two_counted_violations(based, cli):
    user = based / "app/domain/user.py"
    user.write_text(user.read_text().replace(SAVE_IMPORT, "def save():\n    views = None\n"))
    code, out, _ = check(cli, based)
    assert code == 1
    assert reported(out) == [("LL903", BASELINE, 5)]
    assert f"LL101 {USER_KEY} in app/domain/user.py" in out


def test_fixing_both_of_two_counted_violations_says_how_many(based, cli):
    user = based / "app/domain/user.py"
    user.write_text("import requests\n")
    code, out, _ = check(cli, based)
    assert code == 1
    assert reported(out) == [("LL903", BASELINE, 5)]
    assert messages(out)[("LL903", BASELINE, 5)].startswith(f"Fixed (2 of them): LL101 {USER_KEY}")


def test_write_baseline_after_a_fix_drops_the_entry(based, cli):
    (based / "app/domain/order.py").write_text("import app.domain.model\n")
    assert len(baseline_entries(based / BASELINE)) == 3
    code, out, err = check(cli, based, "--write-baseline")
    assert (code, out, err) == (0, f"Wrote 2 baseline entries to {BASELINE}.\n", "")
    entries = baseline_entries(based / BASELINE)
    assert len(entries) == 2
    assert ORDER_KEY not in (based / BASELINE).read_text()
    assert check(cli, based)[0] == 0


def test_write_baseline_after_fixing_one_of_two_lowers_the_count(based, cli):
    user = based / "app/domain/user.py"
    user.write_text(user.read_text().replace(SAVE_IMPORT, "def save():\n    views = None\n"))
    check(cli, based, "--write-baseline")
    entries = baseline_entries(based / BASELINE)
    assert [e["count"] for e in entries if e["key"] == USER_KEY] == [1]
    assert check(cli, based)[0] == 0


def test_ll903_points_at_its_own_line_when_contracts_share_a_key(tmp_path, cli):
    """Two contracts break on the same import: two entries, same code and key, different
    contracts. Fixing the import makes both stale; each LL903 points at its own entry."""
    contracts = [
        {"name": "Core", "type": "layers", "layers": ["app.services", "app.domain"]},
        {"name": "Layers", "type": "layers", "layers": ["app.api", "app.services", "app.domain"]},
    ]
    root = write_project(tmp_path / "proj", FILES, contracts, baseline=BASELINE)
    assert check(cli, root, "--write-baseline")[0] == 0
    core = [e for e in baseline_entries(root / BASELINE) if e["key"] == ORDER_KEY]
    assert [e["contract"] for e in core] == ["Core", "Layers"]
    (root / "app/domain/order.py").write_text("import app.domain.model\n")
    code, out, _ = check(cli, root)
    assert code == 1
    assert reported(out) == [("LL903", BASELINE, 4), ("LL903", BASELINE, 5)]


# -- baseline: ORM and unique diagnostics are keyed by what they are ---------------------------

ORM_FILES = {
    "app/db.py": """
        from sqlalchemy.orm import DeclarativeBase


        class Base(DeclarativeBase):
            pass
        """,
    "app/legacy_db.py": """
        from sqlalchemy.orm import DeclarativeBase


        class LegacyBase(DeclarativeBase):
            pass
        """,
    "app/models/user.py": """
        from app.db import Base


        class User(Base):
            __tablename__ = "users"
        """,
    "app/models/account.py": """
        from app.db import Base


        class Account(Base):
            __tablename__ = "users"
        """,
    "app/services/a.py": """
        class UserService:
            pass
        """,
    "app/services/b.py": """
        class UserService:
            pass
        """,
}


@pytest.fixture
def orm(tmp_path: Path, cli) -> Path:
    contracts = [{"name": "Unique services", "type": "unique", "classes": ["*Service"]}]
    root = write_project(tmp_path / "orm", ORM_FILES, contracts, baseline=BASELINE)
    (root / BASELINE).write_text(EMPTY_BASELINE)
    code, out, _ = check(cli, root)
    assert code == 1
    assert reported(out) == [
        ("LL201", "app/services/a.py", 1),
        ("LL201", "app/services/b.py", 1),
        ("LL301", "app/db.py", 4),
        ("LL301", "app/legacy_db.py", 4),
        ("LL302", "app/models/account.py", 4),
        ("LL302", "app/models/user.py", 4),
    ]
    assert check(cli, root, "--write-baseline")[0] == 0
    return root


def test_orm_and_unique_entries_name_the_class_base_and_table(orm):
    entries = baseline_entries(orm / BASELINE)
    assert [(e["code"], e["file"], e["contract"], e["key"], e["count"]) for e in entries] == [
        ("LL201", "app/services/a.py", "Unique services", "UserService in app.services.a", 1),
        ("LL201", "app/services/b.py", "Unique services", "UserService in app.services.b", 1),
        ("LL301", "app/db.py", "", "app.db.Base", 1),
        ("LL301", "app/legacy_db.py", "", "app.legacy_db.LegacyBase", 1),
        ("LL302", "app/models/account.py", "", "users by app.models.account.Account", 1),
        ("LL302", "app/models/user.py", "", "users by app.models.user.User", 1),
    ]
    for entry in entries:  # never a line number
        assert not re.search(r":\d+", entry["key"]), entry


def test_orm_and_unique_survive_moving_the_classes(orm, cli):
    assert check(cli, orm)[0] == 0
    for relpath in ORM_FILES:
        shift(orm / relpath, 10)
    code, out, err = check(cli, orm)
    assert (code, err) == (0, ""), out


def test_a_third_table_mapping_is_the_only_new_problem(orm, cli):
    # the messages of the two recorded LL302 change (they list the new duplicate): still recorded
    write(orm, {"app/models/member.py": 'from app.db import Base\n\n\nclass Member(Base):\n    __tablename__ = "users"\n'})
    code, out, _ = check(cli, orm)
    assert code == 1
    assert reported(out) == [("LL302", "app/models/member.py", 4)]


def test_a_third_service_definition_is_the_only_new_problem(orm, cli):
    write(orm, {"app/services/c.py": "class UserService:\n    pass\n"})
    code, out, _ = check(cli, orm)
    assert code == 1
    assert reported(out) == [("LL201", "app/services/c.py", 1)]


def test_renaming_a_mapped_class_is_a_new_problem_and_a_fixed_one(orm, cli):
    account = orm / "app/models/account.py"
    account.write_text(account.read_text().replace("class Account", "class Login"))
    code, out, _ = check(cli, orm)
    assert code == 1
    stale = baseline_line(orm / BASELINE, "LL302", "app/models/account.py", "users by app.models.account.Account")
    assert reported(out) == [("LL302", "app/models/account.py", 4), ("LL903", BASELINE, stale)]


def test_fixing_a_duplicate_table_reports_both_entries_fixed(orm, cli):
    account = orm / "app/models/account.py"
    account.write_text(account.read_text().replace('"users"', '"accounts"'))
    code, out, _ = check(cli, orm)
    assert code == 1
    lines = [
        baseline_line(orm / BASELINE, "LL302", "app/models/account.py", "users by app.models.account.Account"),
        baseline_line(orm / BASELINE, "LL302", "app/models/user.py", "users by app.models.user.User"),
    ]
    assert lines == [8, 9]
    assert reported(out) == [("LL903", BASELINE, 8), ("LL903", BASELINE, 9)]


EXTEND = """
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


class A(Base):
    __tablename__ = "a"
    __table_args__ = {"extend_existing": True}


class B(Base):
    __tablename__ = "b"
"""


def test_extend_existing_is_baselined_by_its_table(tmp_path, cli):
    """LL303 entries name the table: moving extend_existing=True from table a to table b
    in the same module is a new problem (b) and a fixed one (a), not the same one."""
    root = write_project(tmp_path / "proj", {"app/models.py": EXTEND}, baseline=BASELINE)
    (root / BASELINE).write_text(EMPTY_BASELINE)
    code, out, _ = check(cli, root)
    assert (code, reported(out)) == (1, [("LL303", "app/models.py", 10)])
    check(cli, root, "--write-baseline")
    [entry] = baseline_entries(root / BASELINE)
    assert (entry["code"], entry["file"], entry["count"]) == ("LL303", "app/models.py", 1)
    shift(root / "app/models.py", 10)
    assert check(cli, root)[0] == 0
    models = root / "app/models.py"
    text = models.read_text().replace('    __table_args__ = {"extend_existing": True}\n', "")
    models.write_text(text + '    __table_args__ = {"extend_existing": True}\n')
    code, out, _ = check(cli, root)
    assert code == 1
    assert reported(out) == [("LL303", "app/models.py", 24), ("LL903", BASELINE, 4)]
    assert "a" in re.split(r"\W+", entry["key"]), entry  # the entry names the table


# -- baseline: LL901 and LL902 -------------------------------------------------------------------


def test_unparsable_file_is_baselined_by_file_not_line(proj, cli):
    write(proj, {"app/domain/broken.py": "def broken(:\n    pass\n"})
    code, out, _ = check(cli, proj)
    assert ("LL901", "app/domain/broken.py", 1) in reported(out)
    check(cli, proj, "--write-baseline")
    entries = baseline_entries(proj / BASELINE)
    assert {"code": "LL901", "contract": "", "count": 1, "file": "app/domain/broken.py", "key": "unparsable"} in entries
    assert check(cli, proj)[0] == 0
    # still broken, elsewhere in the file: still recorded
    write(proj, {"app/domain/broken.py": "import os\n\n\nprint 'hello'\n"})
    code, out, err = check(cli, proj)
    assert (code, err) == (0, ""), out
    # fixed: LL903 at its entry
    write(proj, {"app/domain/broken.py": "import os\n"})
    line = baseline_line(proj / BASELINE, "LL901", "app/domain/broken.py", "unparsable")
    code, out, _ = check(cli, proj)
    assert code == 1
    assert reported(out) == [("LL903", BASELINE, line)]
    assert "LL901 unparsable in app/domain/broken.py" in out


def test_a_newly_unparsable_file_is_reported(based, cli):
    write(based, {"app/domain/order.py": "from app.services import (\n"})
    code, out, _ = check(cli, based)
    assert code == 1
    # the file no longer parses: LL901 is new, and its recorded LL101 can no longer be seen
    assert reported(out) == [
        ("LL901", "app/domain/order.py", 1),
        ("LL903", BASELINE, 4),
    ]


LL902_PYPROJECT = """\
[tool.layerlint]
root_packages = ["app"]
baseline = "layerlint-baseline.json"

[[tool.layerlint.contracts]]
name = "Layers"
type = "layers"
layers = ["app.api", "app.services", "app.domain"]
ignore_imports = [
    "app.domain.model -> app.api.views",
]
"""


@pytest.fixture
def ll902(tmp_path: Path) -> Path:
    files = {**FILES, "app/domain/user.py": "import os\n", "app/domain/order.py": "X = 2\n"}
    root = write_project(tmp_path / "ll902", files)
    (root / "pyproject.toml").write_text(LL902_PYPROJECT)
    (root / BASELINE).write_text(EMPTY_BASELINE)
    return root


def test_unmatched_ignore_is_baselined_by_expression(ll902, cli):
    code, out, _ = check(cli, ll902)
    assert (code, reported(out)) == (1, [("LL902", "pyproject.toml", 10)])
    assert check(cli, ll902, "--write-baseline")[0] == 0
    assert baseline_entries(ll902 / BASELINE) == [
        {
            "code": "LL902",
            "contract": "Layers",
            "count": 1,
            "file": "pyproject.toml",
            "key": "app.domain.model -> app.api.views",
        }
    ]
    assert check(cli, ll902)[0] == 0
    # the entry moves down in pyproject.toml: still recorded
    shift(ll902 / "pyproject.toml", 10, where=4)
    code, out, err = check(cli, ll902)
    assert (code, err) == (0, ""), out


def test_unmatched_ignore_that_matches_again_is_fixed(ll902, cli):
    check(cli, ll902, "--write-baseline")
    # the import appears: the ignore entry matches it (no LL101), so LL902 is gone: LL903
    write(ll902, {"app/domain/model.py": "import app.api.views\n"})
    code, out, _ = check(cli, ll902)
    assert code == 1
    assert reported(out) == [("LL903", BASELINE, 4)]
    assert "LL902 app.domain.model -> app.api.views in pyproject.toml" in out


def test_unmatched_ignore_warning_is_baselined_too(ll902, cli):
    pyproject = ll902 / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'unmatched_ignore_imports_alerting = "warn"\n')
    code, out, _ = check(cli, ll902)
    assert code == 0  # a warning does not fail the run
    assert reported(out) == [("LL902", "pyproject.toml", 10)]
    check(cli, ll902, "--write-baseline")
    code, out, _ = check(cli, ll902)
    assert (code, reported(out)) == (0, [])


# -- baseline: files, paths and errors -----------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b"",
        b"\xff\xfe\x00",
        b"[]",
        b"null",
        b'"entries"',
        b'{"entries": []}',
        b'{"layerlint_baseline": 2, "entries": []}',
        b'{"layerlint_baseline": 1, "entries": {}}',
        b'{"layerlint_baseline": 1, "entries": [{"code": "LL101"}]}',
        b'{"layerlint_baseline": 1, "entries": ["LL101"]}',
        (b'{"layerlint_baseline": 1, "entries": [{"code": "LL101", "file": "a.py", '
        b'"contract": "", "key": "k", "count": "two"}]}'),
        (b'{"layerlint_baseline": 1, "entries": [{"code": 101, "file": "a.py", '
        b'"contract": "", "key": "k", "count": 1}]}'),
    ],
    ids=[
        "not-json", "empty", "not-utf8", "list", "null", "string", "no-format", "format-2",
        "entries-object", "entry-missing-keys", "entry-string", "count-not-a-number",
        "code-not-a-string",
    ],
)
def test_malformed_baseline_is_a_one_line_error_naming_the_file(proj, cli, content):
    (proj / BASELINE).write_bytes(content)
    assert_one_line_error(check(cli, proj), f"{BASELINE}: ")


def test_malformed_baseline_named_relative_to_the_current_directory(proj, cli):
    (proj / BASELINE).write_text("{")
    assert_one_line_error(cli("check", "--no-cache", "proj", cwd=proj.parent), f"proj/{BASELINE}: ")


def test_missing_baseline_file_is_a_one_line_error(based, cli):
    # A typo in the path must not make an empty baseline of it; --write-baseline creates it.
    (based / BASELINE).unlink()
    line = assert_one_line_error(check(cli, based))
    assert line == (
        f"layerlint: error: pyproject.toml: key 'baseline': '{BASELINE}' does not exist "
        "(`layerlint check --write-baseline` writes it)"
    )


def test_baseline_file_without_baseline_key_is_ignored(based, cli):
    pyproject = based / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('baseline = "layerlint-baseline.json"\n', ""))
    code, out, _ = check(cli, based)
    assert code == 1
    assert reported(out) == ALL_FOUND


def test_write_baseline_to_a_custom_file(proj, cli):
    code, out, err = check(cli, proj, "--write-baseline", "custom.json")
    assert (code, out) == (0, "Wrote 3 baseline entries to custom.json.\n")
    assert err == (  # the configuration names another file: said, so nobody wonders
        "layerlint: warning: custom.json is not the baseline pyproject.toml names: `check` "
        'applies it once the configuration says baseline = "custom.json"\n'
    )
    assert (proj / "custom.json").read_text() == EXPECTED_BASELINE
    assert (proj / BASELINE).read_text() == EMPTY_BASELINE
    # the configured file is still empty: everything is reported
    assert reported(check(cli, proj)[1]) == ALL_FOUND
    pyproject = proj / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace(BASELINE, "custom.json"))
    assert check(cli, proj)[0] == 0


def test_write_baseline_without_file_uses_the_configured_one(tmp_path, cli):
    root = write_project(tmp_path / "proj", FILES, CONTRACTS, baseline="ci/debt.json")
    (root / "ci").mkdir()
    code, out, _ = check(cli, root, "--write-baseline")
    assert (code, out) == (0, "Wrote 3 baseline entries to ci/debt.json.\n")
    assert (root / "ci/debt.json").read_text() == EXPECTED_BASELINE
    assert not (root / BASELINE).exists()
    assert check(cli, root)[0] == 0


def test_write_baseline_without_file_or_key_uses_the_default_name(tmp_path, cli):
    root = write_project(tmp_path / "proj", FILES, CONTRACTS)
    code, out, err = check(cli, root, "--write-baseline")
    assert (code, out) == (0, f"Wrote 3 baseline entries to {BASELINE}.\n")
    assert err == (
        f"layerlint: warning: {BASELINE} is not the baseline pyproject.toml names: `check` "
        f'applies it once the configuration says baseline = "{BASELINE}"\n'
    )
    assert (root / BASELINE).read_text() == EXPECTED_BASELINE


def test_baseline_paths_are_relative_to_the_project_root_from_any_directory(proj, cli, tmp_path):
    # from the root
    check(cli, proj, "--write-baseline")
    from_root = (proj / BASELINE).read_bytes()
    (proj / BASELINE).unlink()
    # from the parent directory
    code, out, _ = cli("check", "--no-cache", "proj", "--write-baseline", cwd=tmp_path)
    assert (code, out) == (0, f"Wrote 3 baseline entries to proj/{BASELINE}.\n")
    assert (proj / BASELINE).read_bytes() == from_root
    (proj / BASELINE).unlink()
    # from inside the package
    inside = proj / "app" / "domain"
    code, out, _ = cli("check", "--no-cache", "../..", "--write-baseline", cwd=inside)
    assert (code, out) == (0, f"Wrote 3 baseline entries to ../../{BASELINE}.\n")
    assert (proj / BASELINE).read_bytes() == from_root
    # a custom file named from elsewhere: relative to the current directory, contents the same
    code, out, _ = cli("check", "--no-cache", "proj", "--write-baseline", "proj/other.json", cwd=tmp_path)
    assert (code, out) == (0, "Wrote 3 baseline entries to proj/other.json.\n")
    assert (proj / "other.json").read_bytes() == from_root
    # and it applies from anywhere
    assert cli("check", "--no-cache", "proj", cwd=tmp_path)[0] == 0
    assert cli("check", "--no-cache", "../..", cwd=inside)[0] == 0
    (proj / "app/domain/order.py").write_text("import app.domain.model\n")
    code, out, _ = cli("check", "--no-cache", "../..", cwd=inside)
    assert code == 1
    assert reported(out) == [("LL903", f"../../{BASELINE}", 4)]


def test_output_identical_with_and_without_cache(based, cli):
    def both() -> tuple:
        cold = cli("check", cwd=based)
        warm = cli("check", cwd=based)
        none = cli("check", "--no-cache", cwd=based)
        assert cold == warm == none
        return none

    assert both()[0] == 0
    assert (based / ".layerlint_cache").is_dir()
    # a new problem, a fixed one
    write(based, {"app/domain/extra.py": "import app.api.views\n"})
    (based / "app/domain/order.py").write_text("import app.domain.model\n")
    code, out, _ = both()
    assert code == 1
    assert reported(out) == [("LL101", "app/domain/extra.py", 1), ("LL903", BASELINE, 4)]
    # the baseline changes while the sources do not: the cache must not hide it
    assert cli("check", "--write-baseline", cwd=based)[0] == 0
    assert both()[0] == 0
    (based / BASELINE).write_text(EMPTY_BASELINE)
    code, out, _ = both()
    assert code == 1
    assert len(reported(out)) == 4
    # the cached run writes the same baseline as the uncached one
    cli("check", "--write-baseline", cwd=based)
    cached = (based / BASELINE).read_bytes()
    cli("check", "--no-cache", "--write-baseline", cwd=based)
    assert (based / BASELINE).read_bytes() == cached


def test_json_output_applies_the_baseline(based, cli):
    (based / "app/domain/order.py").write_text("import app.domain.model\n")
    code, out, _ = check(cli, based, "--output-format", "json")
    assert code == 1
    items = json.loads(out)
    assert [(d["code"], d["filename"], d["location"]["row"]) for d in items] == [
        ("LL903", BASELINE, 4)
    ]
    assert items[0]["url"].endswith("/docs/rules/LL903.md")


# -- layerlint init --------------------------------------------------------------------------------


def copy(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copytree(TESTDATA / name, target, ignore=shutil.ignore_patterns("__pycache__", ".layerlint_cache"))
    return target


def without_layerlint(text: str) -> str:
    """Everything before the first [tool.layerlint] table (testdata keeps it last)."""
    head = text.split("[tool.layerlint]")[0]
    assert "layerlint" not in head
    return head


def init_contracts(pyproject: Path) -> list[dict]:
    return tomllib.loads(pyproject.read_text())["tool"]["layerlint"]["contracts"]


def contract_of(pyproject: Path, kind: str) -> list[dict]:
    return [c for c in init_contracts(pyproject) if c["type"] == kind]


def assert_accepted_without_ll101(cli, root: Path) -> str:
    code, out, err = cli("check", "--no-cache", cwd=root)
    assert code in (0, 1), (code, out, err)
    assert err == ""
    assert "LL101" not in out, out
    return out


INIT_DONE = (
    "Wrote [tool.layerlint] to pyproject.toml and an empty layerlint-baseline.json beside it; "
    "now run `layerlint check` "
    "(and `layerlint check --write-baseline` to accept today's problems).\n"
)
# On SMALL, whose cli and web import each other: that cycle is recorded.
INIT_DONE_ONE = INIT_DONE.replace(
    "an empty layerlint-baseline.json beside it",
    "layerlint-baseline.json beside it (1 entry: what its contracts find today)",
)


def test_init_on_clean(tmp_path, cli):
    root = copy("clean", tmp_path)
    original = without_layerlint((root / "pyproject.toml").read_text())
    (root / "pyproject.toml").write_text(original)
    code, out, err = cli("init", cwd=root)
    assert (code, out, err) == (0, INIT_DONE, "")
    text = (root / "pyproject.toml").read_text()
    assert text.startswith(original.rstrip("\n") + "\n\n[tool.layerlint]\n")
    data = tomllib.loads(text)
    assert data["project"] == tomllib.loads(original)["project"]
    table = data["tool"]["layerlint"]
    assert table["root_packages"] == ["library"]
    assert table["source_roots"] == ["src"]
    layers = contract_of(root / "pyproject.toml", "layers")
    assert len(layers) == 1
    assert layers[0]["containers"] == ["library"]
    # repositories import the services' errors and services the repositories: they import
    # each other today, so no order holds between them (left out); the domain names a
    # service under TYPE_CHECKING only, which never runs (exclude_type_checking_imports)
    assert layers[0]["layers"] == ["api", "domain"]
    assert table["exclude_type_checking_imports"] is True
    assert [c["packages"] for c in contract_of(root / "pyproject.toml", "acyclic")] == [["library"]]
    unique = contract_of(root / "pyproject.toml", "unique")
    assert [c["classes"] for c in unique] == [["*Service", "*Repository"]]
    assert_accepted_without_ll101(cli, root)


def test_init_on_seed_layers_with_force(tmp_path, cli):
    root = copy("seed_layers", tmp_path)
    pyproject = root / "pyproject.toml"
    before = pyproject.read_text()
    assert_one_line_error(cli("init", cwd=root), "pyproject.toml", "[tool.layerlint]", "--force")
    assert pyproject.read_text() == before
    code, out, err = cli("init", "--force", cwd=root)
    assert (code, out, err) == (0, INIT_DONE, "")
    text = pyproject.read_text()
    assert text.startswith(without_layerlint(before))
    data = tomllib.loads(text)
    assert data["project"] == tomllib.loads(before)["project"]
    table = data["tool"]["layerlint"]
    assert table["root_packages"] == ["backend"]
    assert table["source_roots"] == ["src"]
    # the old contracts are gone
    assert "Routes, services, database" not in text
    assert "Async routes never use the blocking Session" not in text
    assert [c["type"] for c in table["contracts"]] == ["layers", "forbidden", "acyclic", "unique"]
    layers = table["contracts"][0]
    assert layers["containers"] == ["backend"]
    # common, database, routes and services import each other today: no order holds
    # between them, so the layers are the others'
    assert layers["layers"] == ["main", "utils", "middlewares", "config"]
    assert (
        "# backend's subpackages: 4 of 8 reach each other through their imports (one cycle):\n"
        "# common, database, routes, services.\n"
    ) in text
    forbidden = table["contracts"][1]
    assert (forbidden["source_modules"], forbidden["forbidden_modules"]) == (
        ["backend.services"],
        ["starlette"],  # the services import fastapi (HTTPException) today, never starlette
    )
    assert table["contracts"][2]["packages"] == ["backend"]
    assert_accepted_without_ll101(cli, root)


def test_init_on_seed_layers_after_deleting_the_table(tmp_path, cli):
    root = copy("seed_layers", tmp_path)
    pyproject = root / "pyproject.toml"
    pyproject.write_text(without_layerlint(pyproject.read_text()))
    assert cli("init", cwd=root)[0] == 0
    forced = copy("seed_layers", tmp_path / "again")
    assert cli("init", "--force", cwd=forced)[0] == 0
    assert pyproject.read_text() == (forced / "pyproject.toml").read_text()


# A project with a clear order: cli : web (import each other, left out of the layers) ->
# api -> services -> email | sms (independent) -> domain; and scripts (no application
# package).
SMALL = {
    "app/domain/model.py": "X = 1\n",
    "app/email/send.py": "from app.domain import model\n",
    "app/sms/send.py": "from app.domain import model\n",
    "app/services/core.py": "from app.email import send\nfrom app.sms import send as sms\nimport app.domain.model\n",
    "app/api/views.py": "import app.services.core\n",
    "app/cli.py": "import app.api.views\nimport app.web\n",
    "app/web.py": "import app.api.views\n\n\ndef main():\n    import app.cli\n",
    "scripts/seed.py": "import app.services.core\n",
}
SMALL_LAYERS = ["api", "services", "email | sms", "domain"]


def small(tmp_path: Path, pyproject: str | None = None) -> Path:
    root = tmp_path / "small"
    write_files(root, SMALL)
    if pyproject is not None:
        (root / "pyproject.toml").write_text(pyproject)
    return root


def test_init_orders_layers_by_todays_imports(tmp_path, cli):
    root = small(tmp_path, '[project]\nname = "small"\n')
    code, out, err = cli("init", cwd=root)
    assert (code, out, err) == (0, INIT_DONE_ONE, "")
    pyproject = root / "pyproject.toml"
    table = tomllib.loads(pyproject.read_text())["tool"]["layerlint"]
    assert table["root_packages"] == ["app"]
    assert table["source_roots"] == ["."]
    layers = contract_of(pyproject, "layers")
    assert [(c["containers"], c["layers"]) for c in layers] == [(["app"], SMALL_LAYERS)]
    assert [c["packages"] for c in contract_of(pyproject, "acyclic")] == [["app"]]
    assert [c["classes"] for c in contract_of(pyproject, "unique")] == [["*Service", "*Repository"]]
    # the only problem today is the cycle between cli and web: init recorded it
    assert "# Today: 1 violation, recorded in layerlint-baseline.json by `layerlint init`." in (
        pyproject.read_text()
    )
    assert json.loads((root / "layerlint-baseline.json").read_text())["entries"] == [
        {"code": "LL105", "contract": "No import cycles in app", "count": 1,
         "file": "app/web.py", "key": "app.web -> app.cli"}
    ]
    assert cli("check", "--no-cache", cwd=root) == (
        0,
        "Contract 'Layers of app': kept\nContract 'No import cycles in app': kept\n"
        "Contract 'One class per service and repository': kept\n"
        "All checks passed (13 files, 3 contracts checked).\n",
        "",
    )


def test_init_layers_contract_catches_a_new_upward_import(tmp_path, cli):
    root = small(tmp_path)
    assert cli("init", cwd=root)[0] == 0
    write(root, {"app/domain/model.py": "import app.services.core\n"})
    code, out, _ = cli("check", "--no-cache", cwd=root)
    assert code == 1
    assert ("LL101", "app/domain/model.py", 1) in reported(out)


def test_init_gives_a_passing_check_that_fails_on_a_new_problem(tmp_path, cli):
    # On a project with a cycle today (cli <-> web), which init records in the baseline.
    root = small(tmp_path)
    assert cli("init", cwd=root)[0] == 0
    code, out, err = cli("check", cwd=root)
    assert (code, err) == (0, "") and out.splitlines()[-1].startswith("All checks passed"), out
    (root / "app/domain/model.py").write_text("import app.api.views\n")  # upward: new
    code, out, _ = cli("check", cwd=root)
    assert code == 1
    cycle = (
        "app/api/views.py:1:1: LL105 Import cycle: app.api.views -> app.services.core -> "
        "app.domain.model -> app.api.views (every import in it runs at import time, which "
        "couples the modules (no start-up failure found: LL401)); this import is the one to "
        "break (contract 'No import cycles in app')"
    )
    upward = (
        "app/domain/model.py:1:1: LL101 Layer violation: app.domain.model -> app.api.views: "
        "layer 'app.domain' must not import higher layer 'app.api' (contract 'Layers of app')"
    )
    assert out.splitlines()[:-1] == [  # the upward import, the cycle it closes
        cycle,
        upward,
        "Contract 'Layers of app': broken, 1 problem",
        "Contract 'No import cycles in app': broken, 1 problem",
        "Contract 'One class per service and repository': kept",
    ]


def test_init_has_comments_explaining_each_contract(tmp_path, cli):
    root = small(tmp_path)
    cli("init", cwd=root)
    text = (root / "pyproject.toml").read_text()
    blocks = text.split("[[tool.layerlint.contracts]]")[1:]
    assert len(blocks) == 3
    for block in blocks:
        assert block.lstrip("\n").startswith("#"), block


def test_init_creates_pyproject_when_missing(tmp_path, cli):
    root = small(tmp_path)
    assert not (root / "pyproject.toml").exists()
    code, out, err = cli("init", cwd=root)
    assert (code, out, err) == (0, INIT_DONE_ONE, "")
    text = (root / "pyproject.toml").read_text()
    assert text.startswith("[tool.layerlint]\n")
    assert contract_of(root / "pyproject.toml", "layers")[0]["layers"] == SMALL_LAYERS
    assert_accepted_without_ll101(cli, root)


def test_init_takes_a_directory(tmp_path, cli):
    root = small(tmp_path)
    code, out, _ = cli("init", "small", cwd=tmp_path)
    assert code == 0
    assert out == INIT_DONE_ONE.replace("to pyproject.toml", "to small/pyproject.toml")
    assert (root / "pyproject.toml").is_file()


def test_init_refuses_to_overwrite(tmp_path, cli):
    existing = '[project]\nname = "small"\n\n[tool.layerlint]\nroot_packages = ["app"]\n'
    root = small(tmp_path, existing)
    assert_one_line_error(cli("init", cwd=root), "pyproject.toml", "--force")
    assert (root / "pyproject.toml").read_text() == existing


@pytest.mark.parametrize(
    "existing",
    [
        '[tool.layerlint.orm]\nbases = ["app.db.Base"]\n',
        '[[tool.layerlint.contracts]]\nname = "x"\ntype = "acyclic"\npackages = ["app"]\n',
        '[tool]\nlayerlint.root_packages = ["app"]\n',
        '[tool]\nlayerlint = { root_packages = ["app"] }\n',
        'tool.layerlint.root_packages = ["app"]\n',
        '[ tool . "layerlint" ]\nroot_packages = ["app"]\n',
    ],
    ids=["orm-subtable", "contracts-only", "dotted-key", "inline-table", "top-level-dotted", "spaced-quoted"],
)
def test_init_refuses_every_spelling_of_an_existing_table(tmp_path, cli, existing):
    text = '[project]\nname = "small"\n\n' + existing if not existing.startswith("tool.") else existing
    root = small(tmp_path, text)
    assert "layerlint" in tomllib.loads(text)["tool"]
    # Tables init can replace point at --force; dotted keys and inline tables it cannot.
    replaceable = existing.lstrip().startswith("[") and "layerlint" in existing.split("\n")[0]
    hint = "--force" if replaceable else "by hand"
    assert_one_line_error(cli("init", cwd=root), "pyproject.toml", hint)
    assert (root / "pyproject.toml").read_text() == text


def test_init_refuses_when_layerlint_toml_configures_the_project(tmp_path, cli):
    """A [tool.layerlint] in pyproject.toml would silently shadow layerlint.toml."""
    root = small(tmp_path, '[project]\nname = "small"\n')
    (root / "layerlint.toml").write_text('root_packages = ["app"]\n')
    assert_one_line_error(cli("init", cwd=root), "layerlint.toml")
    assert (root / "pyproject.toml").read_text() == '[project]\nname = "small"\n'


INDIRECT = {
    # app.domain reaches app.api only through modules outside app's children
    "through-the-container": {
        "app/__init__.py": "from app.api import views\n",
        "app/api/views.py": "X = 1\n",
        "app/domain/model.py": "from app import views\n",
    },
    "through-an-import-of-a-missing-module": {
        # grimp takes it for an external package and squashes it to its top name, `app`
        "app/__init__.py": "from app.api import views\n",
        "app/api/views.py": "X = 1\n",
        "app/domain/model.py": "from app.gone import thing\n",
    },
    "through-another-root-package": {
        "app/api/views.py": "X = 1\n",
        "app/domain/model.py": "import helpers.bridge\n",
        "helpers/bridge.py": "import app.api.views\n",
    },
}


@pytest.mark.parametrize("files", INDIRECT.values(), ids=INDIRECT.keys())
def test_init_layers_hold_for_indirect_dependencies(tmp_path, cli, files):
    root = tmp_path / "proj"
    write_files(root, files)
    assert cli("init", cwd=root)[0] == 0
    [layers] = contract_of(root / "pyproject.toml", "layers")
    assert layers["layers"] == ["domain", "api"]
    assert_accepted_without_ll101(cli, root)


def test_init_leaves_files_no_import_can_name_out_of_the_layers(tmp_path, cli):
    # pip ships `__pip-runner__.py`: a module of the graph, but no layer name
    root = tmp_path / "proj"
    write_files(
        root,
        {
            "app/api/views.py": "X = 1\n",
            "app/domain/model.py": "import app.api.views\n",
            "app/run-me.py": "import app.domain.model\n",
        },
    )
    assert cli("init", cwd=root)[0] == 0
    [layers] = contract_of(root / "pyproject.toml", "layers")
    assert layers["layers"] == ["domain", "api"]
    accepted = assert_accepted_without_ll101(cli, root)
    assert accepted.splitlines()[-1].startswith("All checks passed")


FORCE_PYPROJECT = """\
# The project.

[project]
name = "small"
version = "1.0"

[tool.layerlint]
root_packages = ["old"]
baseline = "old.json"

[[tool.layerlint.contracts]]
name = "Old contract"
type = "acyclic"
packages = ["old"]

[tool.ruff]
line-length = 100

[tool.ruff.lint]
select = ["E", "F"]

[tool.layerlint.orm]
bases = ["old.db.Base"]

[tool.pytest.ini_options]
addopts = "-q"
"""

FORCE_KEPT = """\
# The project.

[project]
name = "small"
version = "1.0"

[tool.ruff]
line-length = 100

[tool.ruff.lint]
select = ["E", "F"]

[tool.pytest.ini_options]
addopts = "-q"
"""


def test_init_force_replaces_only_the_layerlint_tables(tmp_path, cli):
    root = small(tmp_path, FORCE_PYPROJECT)
    code, out, err = cli("init", "--force", cwd=root)
    assert (code, out, err) == (0, INIT_DONE_ONE, "")
    text = (root / "pyproject.toml").read_text()
    data = tomllib.loads(text)
    before = tomllib.loads(FORCE_PYPROJECT)
    assert data["project"] == before["project"]
    assert data["tool"]["ruff"] == before["tool"]["ruff"]
    assert data["tool"]["pytest"] == before["tool"]["pytest"]
    # the other tables are kept verbatim, in order, and the proposal follows them
    assert text.startswith(FORCE_KEPT.rstrip("\n") + "\n\n[tool.layerlint]\n")
    # the layerlint tables are the fresh proposal, nothing of the old one
    fresh = small(tmp_path / "fresh")
    cli("init", cwd=fresh)
    assert data["tool"]["layerlint"] == tomllib.loads((fresh / "pyproject.toml").read_text())["tool"]["layerlint"]
    assert "old" not in json.dumps(data["tool"]["layerlint"])
    assert text.endswith((fresh / "pyproject.toml").read_text())
    assert_accepted_without_ll101(cli, root)


# What init --diff says on SMALL, whose cli and web import each other.
SMALL_NOTE = (
    "layerlint: note: `layerlint init` would also record 1 violation of these contracts today "
    "in layerlint-baseline.json\n"
)


def test_init_diff_prints_a_unified_diff_and_writes_nothing(tmp_path, cli):
    original = '[project]\nname = "small"\n'
    root = small(tmp_path, original)
    code, diff, err = cli("init", "--diff", cwd=root)
    assert (code, err) == (0, SMALL_NOTE)
    assert (root / "pyproject.toml").read_text() == original
    assert diff.startswith("--- pyproject.toml\n+++ pyproject.toml\n@@ ")
    assert cli("init", cwd=root)[0] == 0
    new = (root / "pyproject.toml").read_text()
    expected = "".join(
        difflib.unified_diff(
            original.splitlines(keepends=True), new.splitlines(keepends=True), "pyproject.toml", "pyproject.toml"
        )
    )
    assert diff == expected
    added = [l[1:] for l in diff.splitlines() if l.startswith("+") and not l.startswith("+++")]
    assert "[tool.layerlint]" in added
    assert '    "email | sms",' in added


def test_init_diff_against_an_existing_table_writes_nothing(tmp_path, cli):
    root = small(tmp_path, FORCE_PYPROJECT)
    code, diff, err = cli("init", "--diff", cwd=root)
    assert (code, err) == (0, SMALL_NOTE)
    assert (root / "pyproject.toml").read_text() == FORCE_PYPROJECT
    removed = [l[1:] for l in diff.splitlines() if l.startswith("-") and not l.startswith("---")]
    assert 'name = "Old contract"' in removed
    assert "[tool.ruff]" not in removed and 'select = ["E", "F"]' not in removed


def test_init_diff_without_pyproject_creates_nothing(tmp_path, cli):
    root = small(tmp_path)
    code, diff, _ = cli("init", "--diff", cwd=root)
    assert code == 0
    assert not (root / "pyproject.toml").exists()
    assert diff.startswith("--- pyproject.toml\n+++ pyproject.toml\n@@ -0,0 +1,")
    assert all(l.startswith(("+", "-", "@")) for l in diff.splitlines())


def test_init_not_a_directory(tmp_path, cli):
    assert_one_line_error(cli("init", "nowhere", cwd=tmp_path), "nowhere")


# -- layerlint explain and rules -----------------------------------------------------------------


def test_explain_prints_the_rule_page(tmp_path, cli):
    code, out, err = cli("explain", "LL302", cwd=tmp_path)
    assert (code, err) == (0, "")
    assert out == (DOCS / "LL302.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("code", sorted(RULES))
def test_explain_every_rule_matches_its_page(tmp_path, cli, code):
    status, out, _ = cli("explain", code, cwd=tmp_path)
    assert status == 0
    assert out == (DOCS / f"{code}.md").read_text(encoding="utf-8")


def test_explain_accepts_lower_case(tmp_path, cli):
    code, out, err = cli("explain", "ll302", cwd=tmp_path)
    assert (code, err) == (0, "")
    assert out == (DOCS / "LL302.md").read_text(encoding="utf-8")


def test_explain_accepts_a_rule_name(tmp_path, cli):
    code, out, err = cli("explain", "Duplicate-Table", cwd=tmp_path)
    assert (code, err) == (0, "")
    assert out == (DOCS / "LL302.md").read_text(encoding="utf-8")
    err = assert_one_line_error(cli("explain", "duplicate-tabel", cwd=tmp_path), "duplicate-tabel")
    assert err.endswith("(did you mean 'duplicate-table'?)")


def test_explain_unknown_code_suggests_the_closest(tmp_path, cli):
    err = assert_one_line_error(cli("explain", "LL3O2", cwd=tmp_path), "'LL3O2'")
    assert err == "layerlint: error: unknown rule 'LL3O2' (a code or a name) (did you mean 'LL302'?)"
    err = assert_one_line_error(cli("explain", "ll3o2", cwd=tmp_path), "'ll3o2'")
    assert "(did you mean 'LL302'?)" in err


def test_rules_lists_every_code_once(tmp_path, cli):
    code, out, err = cli("rules", cwd=tmp_path)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == len(RULES)
    codes = [line.split()[0] for line in lines]
    assert sorted(codes) == sorted(RULES)
    assert len(set(codes)) == len(codes)
    for line in lines:
        rule = RULES[line.split()[0]]
        assert line.split()[1] == rule.name
        assert line.rstrip().endswith(rule.summary)
    assert set(RULES) == {p.stem for p in DOCS.glob("LL*.md")}
