"""The fixture projects under testdata/: the post-mortems in the seeds, as exact diagnostics.

Each fixture is a small project with its own pyproject.toml and a src/ layout; it is never
installed or imported, only read. The tests run `layerlint check --no-cache` inside the
fixture directory (so paths are shown relative to it) and compare the whole output, line
for line, together with the exit status.

    testdata/demo                     the README's "chaos" demo (seed 000)
    testdata/seed_layers              services importing routes (seed 004)
    testdata/seed_cycles              domain <-> infrastructure cycles (seed 000, section 4)
    testdata/seed_legacy_paths/broken new code importing models/legacy_*.py (seeds 001, 002)
    testdata/seed_legacy_paths/fixed  the same after the fix, with re-exports: clean
    testdata/clean                    six contracts, all kept
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from layerlint.cli import main
from layerlint.engine import RunOptions, run

REPO = Path(__file__).resolve().parent.parent
TESTDATA = REPO / "testdata"


def check(monkeypatch, capsys, fixture: str, *args: str) -> tuple[int, list[str], str]:
    """`layerlint check --no-cache ARGS` with the fixture as the current directory."""
    monkeypatch.chdir(TESTDATA / fixture)
    status = main(["check", "--no-cache", *args])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


DIAGNOSTIC = re.compile(r"(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>LL\d{3}) (?P<msg>.*)")


def parse(line: str) -> tuple[str, int, int, str, str]:
    """`path:line:col: CODE message` -> (path, line, column, code, message)."""
    match = DIAGNOSTIC.fullmatch(line)
    assert match, f"not a diagnostic line: {line!r}"
    return match["path"], int(match["line"]), int(match["col"]), match["code"], match["msg"]


def located(lines: list[str]) -> set[tuple[str, int, str]]:
    """(path, line, code) of every diagnostic line (the summary line is skipped)."""
    return {(p, n, c) for p, n, _, c, _ in (parse(line) for line in lines if DIAGNOSTIC.fullmatch(line))}


# -- demo (seed 000) ---------------------------------------------------------------------------

DEMO = [
    # Five files import RealAuthService from security/auth instead of security/core.
    "src/app/api/dependencies.py:5:1: LL104 Import of protected module: app.api.dependencies -> app.infrastructure.security.auth.real_auth_service: only app.infrastructure.security.core may import 'app.infrastructure.security.auth' (contract 'Authenticate through security.core')",
    "src/app/api/routes/auth.py:7:1: LL104 Import of protected module: app.api.routes.auth -> app.infrastructure.security.auth.real_auth_service: only app.infrastructure.security.core may import 'app.infrastructure.security.auth' (contract 'Authenticate through security.core')",
    "src/app/api/routes/children.py:6:1: LL104 Import of protected module: app.api.routes.children -> app.infrastructure.security.auth.real_auth_service: only app.infrastructure.security.core may import 'app.infrastructure.security.auth' (contract 'Authenticate through security.core')",
    "src/app/api/routes/users.py:8:1: LL104 Import of protected module: app.api.routes.users -> app.infrastructure.security.auth.real_auth_service: only app.infrastructure.security.core may import 'app.infrastructure.security.auth' (contract 'Authenticate through security.core')",
    "src/app/application/login_service.py:3:1: LL104 Import of protected module: app.application.login_service -> app.infrastructure.security.auth.real_auth_service: only app.infrastructure.security.core may import 'app.infrastructure.security.auth' (contract 'Authenticate through security.core')",
    # A direct upward import.
    "src/app/application/user_service.py:3:1: LL101 Layer violation: app.application.user_service -> app.api.schemas: layer 'app.application' must not import higher layer 'app.api' (contract 'Clean architecture')",
    # SQLAlchemy in the domain: one diagnostic per import statement.
    "src/app/domain/session_models_infra.py:3:1: LL102 Forbidden import: app.domain.session_models_infra -> sqlalchemy: 'app.domain' must not import 'sqlalchemy' (contract 'Domain is pure Python')",
    "src/app/domain/session_models_infra.py:4:1: LL102 Forbidden import: app.domain.session_models_infra -> sqlalchemy: 'app.domain' must not import 'sqlalchemy' (contract 'Domain is pure Python')",
    # The domain's own declarative base: one of the two bases of the project.
    "src/app/domain/session_models_infra.py:6:1: LL301 'app.domain.session_models_infra.Base' is one of 2 declarative bases in the project (also app.infrastructure.persistence.base.Base (src/app/infrastructure/persistence/base.py:6)): models on different bases cannot refer to each other; use one base, or list the intended ones in [tool.layerlint.orm] bases",
    # The deferred import inside User.to_record(): upward, and SQLAlchemy two hops away.
    "src/app/domain/user.py:17:9: LL101 Layer violation: app.domain.user -> app.infrastructure.persistence.mappers: layer 'app.domain' must not import higher layer 'app.infrastructure' (contract 'Clean architecture')",
    "src/app/domain/user.py:17:9: LL102 Forbidden indirect import: app.domain.user -> app.infrastructure.persistence.mappers -> app.infrastructure.persistence.user_model -> sqlalchemy: 'app.domain' must not import 'sqlalchemy' (contract 'Domain is pure Python')",
    # ... and it closes a cycle: the import LL105 nominates, as it is deferred already.
    "src/app/domain/user.py:17:9: LL105 Import cycle: app.domain.user -> app.infrastructure.persistence.mappers -> app.domain.user (deferred: app.domain.user -> app.infrastructure.persistence.mappers is imported only inside a function); this import is the one to break (contract 'No import cycles')",
    # An indirect upward import, through a module outside every layer.
    "src/app/infrastructure/email_sender.py:5:1: LL101 Indirect layer violation: app.infrastructure.email_sender -> app.shared -> app.api.schemas: layer 'app.infrastructure' must not import higher layer 'app.api' (contract 'Clean architecture')",
    # Python 2 code: reported, and the rest of the project is still checked.
    "src/app/infrastructure/legacy_export.py:9:5: LL901 Cannot parse src/app/infrastructure/legacy_export.py: Missing parentheses in call to 'print'. Did you mean print(...)?; its imports are not checked",
    # The other declarative base.
    "src/app/infrastructure/persistence/base.py:6:1: LL301 'app.infrastructure.persistence.base.Base' is one of 2 declarative bases in the project (also app.domain.session_models_infra.Base (src/app/domain/session_models_infra.py:6)): models on different bases cannot refer to each other; use one base, or list the intended ones in [tool.layerlint.orm] bases",
    # The two models import each other at import time: the cycle is broken at either import
    # (a tie, to the first by name), and Python fails whichever of them is imported first.
    "src/app/infrastructure/persistence/session_model.py:7:1: LL105 Import cycle: app.infrastructure.persistence.session_model -> app.infrastructure.persistence.user_model -> app.infrastructure.persistence.session_model (every import in it runs at import time, and it fails at start-up: LL401 at src/app/infrastructure/persistence/session_model.py:7); this import is the one to break (contract 'No import cycles')",
    "src/app/infrastructure/persistence/session_model.py:7:1: LL401 Import fails at start-up: `from app.infrastructure.persistence.user_model import UserModel` runs while app.infrastructure.persistence.user_model is still being imported, before it binds 'UserModel' (src/app/infrastructure/persistence/user_model.py:10): importing app.infrastructure.persistence.mappers first runs app.infrastructure.persistence.mappers (line 4) -> app.infrastructure.persistence.user_model (line 7) -> app.infrastructure.persistence.session_model (line 7) and raises ImportError: cannot import name 'UserModel' from partially initialized module 'app.infrastructure.persistence.user_model' (most likely due to a circular import); so does importing app.infrastructure.persistence.user_model first",
    "src/app/infrastructure/persistence/user_model.py:7:1: LL401 Import fails at start-up: `from app.infrastructure.persistence.session_model import SessionModel` runs while app.infrastructure.persistence.session_model is still being imported, before it binds 'SessionModel' (src/app/infrastructure/persistence/session_model.py:10): importing app.infrastructure.persistence.session_model first runs app.infrastructure.persistence.session_model (line 7) -> app.infrastructure.persistence.user_model (line 7) and raises ImportError: cannot import name 'SessionModel' from partially initialized module 'app.infrastructure.persistence.session_model' (most likely due to a circular import)",
    # UserModel and the FastAPI-Users User both map "users" on the same base.
    "src/app/infrastructure/persistence/user_model.py:10:1: LL302 Table 'users' is mapped more than once on the same metadata: app.infrastructure.persistence.user_model.UserModel here, also app.infrastructure.security.auth.jwt_auth.User (src/app/infrastructure/security/auth/jwt_auth.py:9) (SQLAlchemy: \"Table 'users' is already defined for this MetaData instance\")",
    "src/app/infrastructure/security/auth/jwt_auth.py:9:1: LL302 Table 'users' is mapped more than once on the same metadata: app.infrastructure.security.auth.jwt_auth.User here, also app.infrastructure.persistence.user_model.UserModel (src/app/infrastructure/persistence/user_model.py:10) (SQLAlchemy: \"Table 'users' is already defined for this MetaData instance\")",
    # Then one line per contract, in the configuration's order, and the summary.
    *(
        DEMO_CONTRACTS := [
            "Contract 'Clean architecture': broken, 3 problems",
            "Contract 'Domain is pure Python': broken, 3 problems",
            "Contract 'Authenticate through security.core': broken, 5 problems",
            "Contract 'No import cycles': broken, 2 problems",
        ]
    ),
    "Found 20 problems in 14 files (4 contracts checked).",
]
DEMO_DIAGNOSTICS = DEMO[: -len(DEMO_CONTRACTS) - 1]

# (end line, end column, contract) of each DEMO diagnostic, for the JSON output.
DEMO_JSON_EXTRA = [
    (5, 79, "Authenticate through security.core"),
    (7, 79, "Authenticate through security.core"),
    (8, 2, "Authenticate through security.core"),  # a parenthesised import over three lines
    (8, 104, "Authenticate through security.core"),
    (3, 79, "Authenticate through security.core"),
    (3, 36, "Clean architecture"),
    (3, 57, "Domain is pure Python"),
    (4, 56, "Domain is pure Python"),
    (6, 1, None),  # the ORM rules point at a position, not a span
    (17, 73, "Clean architecture"),
    (17, 73, "Domain is pure Python"),
    (17, 73, "No import cycles"),
    (5, 35, "Clean architecture"),
    (9, 5, None),
    (6, 1, None),
    (7, 64, "No import cycles"),
    (7, 1, None),
    (7, 1, None),
    (10, 1, None),
    (9, 1, None),
]


def test_demo_output(monkeypatch, capsys):
    status, lines, err = check(monkeypatch, capsys, "demo")
    assert lines == DEMO
    assert (status, err) == (1, "")


def test_demo_noqa_suppresses_the_forbidden_fastapi_import(monkeypatch, capsys):
    _, lines, _ = check(monkeypatch, capsys, "demo")
    assert not any(line.startswith("src/app/domain/account.py") for line in lines)
    assert not any("fastapi" in line for line in lines)

    # Without the comment (an unsaved editor buffer), the same import is reported.
    account = TESTDATA / "demo/src/app/domain/account.py"
    source = account.read_bytes()
    assert b"from fastapi import HTTPException  # noqa: LL102\n" in source
    without_noqa = source.replace(b"  # noqa: LL102", b"")
    monkeypatch.chdir(TESTDATA / "demo")
    outcome = run(
        RunOptions(paths=[TESTDATA / "demo"], use_cache=False, overrides={account.resolve(): without_noqa})
    )
    found = [
        (d.path, d.line, d.column, d.code, d.message)
        for d in outcome.report.diagnostics
        if d.file == account.resolve()
    ]
    assert found == [
        (
            "src/app/domain/account.py",
            4,
            1,
            "LL102",
            ("Forbidden import: app.domain.account -> fastapi: 'app.domain' must not import 'fastapi' "
            "(contract 'Domain is pure Python')"),
        )
    ]


def test_demo_allowed_imports_are_not_reported(monkeypatch, capsys):
    _, lines, _ = check(monkeypatch, capsys, "demo")
    # The import rules only (jwt_auth.py has an LL302: its User maps the users table again).
    reported_files = {
        parse(line)[0] for line in lines[:20] if parse(line)[3].startswith("LL1")
    }
    # pydantic in the domain is not forbidden; security.core may import security.auth, and
    # security.auth may import itself; api -> application -> infrastructure -> domain is the
    # allowed direction; app.main and app.shared belong to no layer.
    for path in (
        "src/app/domain/account.py",
        "src/app/infrastructure/security/core/real_auth_service.py",
        "src/app/infrastructure/security/auth/jwt_auth.py",
        "src/app/main.py",
        "src/app/shared.py",
        "src/app/api/schemas.py",
    ):
        assert path not in reported_files
    # user_service.py imports the right auth service (line 6) and the domain (line 4): only
    # its upward import on line 3 is reported.
    assert [line for line in lines if line.startswith("src/app/application/user_service.py")] == [DEMO[5]]


def test_demo_json(monkeypatch, capsys):
    status, lines, err = check(monkeypatch, capsys, "demo", "--output-format", "json")
    assert (status, err) == (1, "")
    items = json.loads("\n".join(lines))
    assert len(items) == len(DEMO_DIAGNOSTICS)  # no contract lines, no summary
    for item, line, (end_row, end_column, contract) in zip(items, DEMO, DEMO_JSON_EXTRA):
        path, row, column, code, message = parse(line)
        assert item == {
            "code": code,
            "message": message,
            "filename": path,
            "location": {"row": row, "column": column},
            "end_location": {"row": end_row, "column": end_column},
            "noqa_row": row,
            "fix": None,
            "url": f"https://github.com/layerlint/layerlint/blob/main/docs/rules/{code}.md",
            "contract": contract,
            "severity": "error",
        }


def test_demo_full_output_shows_the_chain(monkeypatch, capsys):
    _, lines, _ = check(monkeypatch, capsys, "demo", "--output-format", "full")
    start = lines.index(DEMO[12])
    assert lines[start:start + 8] == [
        DEMO[12],
        "    |",
        "  5 | from app.shared import render_user",
        "    | " + "^" * len("from app.shared import render_user"),
        "  chain:",
        "    app.infrastructure.email_sender -> app.shared (l.5)",
        "    app.shared -> app.api.schemas (l.3)",
        "  docs: https://github.com/layerlint/layerlint/blob/main/docs/rules/LL101.md",
    ]


def test_demo_one_file(monkeypatch, capsys):
    status, lines, _ = check(monkeypatch, capsys, "demo", "src/app/domain/user.py")
    assert lines == [
        DEMO[9],
        DEMO[10],
        DEMO[11],  # one file: whether a contract is kept is not told
        "Found 3 problems in 1 file (4 contracts checked).",
    ]
    assert status == 1


def test_demo_select_and_ignore(monkeypatch, capsys):
    status, lines, _ = check(monkeypatch, capsys, "demo", "--select", "LL105,LL901")
    assert lines == [
        DEMO[11],
        DEMO[13],
        DEMO[15],  # some rules only: whether a contract is kept is not told
        "Found 3 problems in 3 files (4 contracts checked).",
    ]
    assert status == 1
    status, lines, _ = check(monkeypatch, capsys, "demo", "--ignore", "LL1", "--exit-zero")
    assert lines == [
        DEMO[8], DEMO[13], DEMO[14], DEMO[16], DEMO[17], DEMO[18], DEMO[19],
        "Found 7 problems in 6 files (4 contracts checked)."
    ]
    assert status == 0


def test_demo_from_the_repository_root():
    """As the README runs it: `python -m layerlint check testdata/demo`, paths from the cwd."""
    result = subprocess.run(
        [sys.executable, "-m", "layerlint", "check", "--no-cache", "testdata/demo"],
        cwd=REPO,
        capture_output=True, check=False,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONHASHSEED": "1"},
    )
    # the locations, and the paths in the messages (LL301, LL302, LL401, LL901 name files)
    moved = [
        "testdata/demo/"
        + line.replace(" src/app/", " testdata/demo/src/app/").replace(
            "(src/app/", "(testdata/demo/src/app/"
        )
        for line in DEMO_DIAGNOSTICS
    ]
    assert sum(line.count("testdata/demo/") > 1 for line in moved) == 8
    assert result.stdout.splitlines() == [*moved, *DEMO_CONTRACTS, DEMO[-1]]
    assert (result.returncode, result.stderr) == (1, "")


# -- seed 004: routes > services > database ----------------------------------------------------

SEED_LAYERS = [
    # The ignored import (seed.py line 6, `-> backend.services.auth`) is not reported; the one
    # on the next line is not covered by ignore_imports.
    "src/backend/database/seed.py:7:1: LL101 Layer violation: backend.database.seed -> backend.routes.auth.schemas: layer 'backend.database' must not import higher layer 'backend.routes' (contract 'Routes, services, database')",
    # services.auth imports routes.auth before it defines AuthService, which routes.auth imports
    "src/backend/routes/auth/__init__.py:8:1: LL401 Import fails at start-up: `from backend.services.auth import AuthService` runs while backend.services.auth is still being imported, before it binds 'AuthService' (src/backend/services/auth/__init__.py:10): importing backend.services.auth first runs backend.services.auth (line 7) -> backend.routes.auth (line 8) and raises ImportError: cannot import name 'AuthService' from partially initialized module 'backend.services.auth' (most likely due to a circular import)",
    # Only the statement importing Session; `from sqlalchemy import select` (line 4) is fine.
    "src/backend/routes/users.py:5:1: LL102 Forbidden import: backend.routes.users -> sqlalchemy.orm.Session: 'backend.routes' must not import 'sqlalchemy.orm.Session' (contract 'Async routes never use the blocking Session')",
    "src/backend/services/auth/__init__.py:7:1: LL101 Layer violation: backend.services.auth -> backend.routes.auth.schemas: layer 'backend.services' must not import higher layer 'backend.routes' (contract 'Routes, services, database')",
    "src/backend/services/users.py:3:1: LL101 Indirect layer violation: backend.services.users -> backend.common.pagination -> backend.routes.auth.schemas (and 1 more module): layer 'backend.services' must not import higher layer 'backend.routes' (contract 'Routes, services, database')",
    "Contract 'Routes, services, database': broken, 3 problems",
    "Contract 'Async routes never use the blocking Session': broken, 1 problem",
    "Found 5 problems in 5 files (2 contracts checked).",
]


def test_seed_layers_output(monkeypatch, capsys):
    status, lines, err = check(monkeypatch, capsys, "seed_layers")
    assert lines == SEED_LAYERS
    assert (status, err) == (1, "")


def test_seed_layers_deep_external_name_is_shown_in_the_chain(monkeypatch, capsys):
    """The statement imports sqlalchemy.orm.Session, not sqlalchemy as such: a direct chain
    names it as the indirect chains and LL104 do (`-> sqlalchemy.orm.Session`)."""
    _, lines, _ = check(monkeypatch, capsys, "seed_layers", "--select", "LL102")
    assert lines[0].startswith(
        "src/backend/routes/users.py:5:1: LL102 Forbidden import: "
        "backend.routes.users -> sqlalchemy.orm.Session: "
    )


def test_seed_layers_accepted_and_allowed_imports(monkeypatch, capsys):
    _, lines, _ = check(monkeypatch, capsys, "seed_layers")
    where = located(lines)
    assert ("src/backend/database/seed.py", 6, "LL101") not in where  # ignore_imports
    assert not any(code == "LL902" for _, _, code in where)  # the ignore entry matched
    assert ("src/backend/routes/auth/__init__.py", 4, "LL102") not in where  # AsyncSession
    assert ("src/backend/routes/users.py", 4, "LL102") not in where  # sqlalchemy.select
    # Downward imports: routes -> services -> database.
    assert not any(path.startswith("src/backend/routes/") and code == "LL101" for path, _, code in where)


SEED_LAYERS_BLOCKING_SESSION = [
    "src/backend/routes/auth/__init__.py:6:1: LL102 Forbidden indirect import: backend.routes.auth -> backend.database -> sqlalchemy.orm.Session: 'backend.routes' must not import 'sqlalchemy.orm.Session' (contract 'No blocking Session below the routes')",
    "src/backend/routes/auth/__init__.py:8:1: LL401 Import fails at start-up: `from backend.services.auth import AuthService` runs while backend.services.auth is still being imported, before it binds 'AuthService' (src/backend/services/auth/__init__.py:10): importing backend.services.auth first runs backend.services.auth (line 7) -> backend.routes.auth (line 8) and raises ImportError: cannot import name 'AuthService' from partially initialized module 'backend.services.auth' (most likely due to a circular import)",
    "src/backend/routes/users.py:5:1: LL102 Forbidden import: backend.routes.users -> sqlalchemy.orm.Session: 'backend.routes' must not import 'sqlalchemy.orm.Session' (contract 'No blocking Session below the routes')",
    "Contract 'No blocking Session below the routes': broken, 2 problems",
    "Found 3 problems in 2 files (1 contract checked).",
]
# As for any forbidden module (import-linter's semantics), each source module is reported
# with its shortest chain only: routes/users.py imports Session directly (line 5), so its
# longer way through backend.database (line 7) is not reported as well.


def test_seed_layers_blocking_session_indirect(monkeypatch, capsys):
    """Indirect chains end at a module that really imports Session: backend.database (its
    __init__). backend.database.models imports only sqlmodel, so `from
    backend.database.models import User` (routes/users.py:8, services/auth via
    routes/auth/__init__.py:8) leads to no Session."""
    status, lines, err = check(monkeypatch, capsys, "seed_layers", "--config", "blocking-session.toml")
    assert lines == SEED_LAYERS_BLOCKING_SESSION
    assert (status, err) == (1, "")


def test_seed_layers_blocking_session_no_chain_through_a_submodule(monkeypatch, capsys):
    _, lines, _ = check(monkeypatch, capsys, "seed_layers", "--config", "blocking-session.toml")
    assert not any("backend.database.models -> sqlalchemy" in line for line in lines)
    assert ("src/backend/routes/users.py", 8, "LL102") not in located(lines)
    assert ("src/backend/routes/auth/__init__.py", 8, "LL102") not in located(lines)


# -- seed 000, section 4: domain <-> infrastructure cycles --------------------------------------

SEED_CYCLES_EXCHANGE_RATES = (
    "src/shop/infrastructure/exchange_rates.py:3:1: LL105 Import cycle between the children of shop: "
    "shop.infrastructure -> shop.domain -> shop.infrastructure, through "
    "shop.infrastructure.exchange_rates -> shop.domain.money and back through "
    "shop.domain.customer -> shop.infrastructure.orm (a cycle between packages, not modules: "
    "it cannot fail at start-up);"
)
# The lines beside SEED_CYCLES_EXCHANGE_RATES's (whose message test_seed_cycles_package_level_
# cycle_message checks).
SEED_CYCLES = [
    "src/shop/domain/customer.py:5:1: LL105 Import cycle: shop.domain.customer -> shop.infrastructure.orm -> shop.domain.customer (every import in it runs at import time, and it fails at start-up: LL401 at src/shop/domain/customer.py:5); this import is the one to break (contract 'No import cycles')",
    "src/shop/domain/customer.py:5:1: LL401 Import fails at start-up: `from shop.infrastructure.orm import CustomerRow` runs while shop.infrastructure.orm is still being imported, before it binds 'CustomerRow' (src/shop/infrastructure/orm.py:9): importing shop.infrastructure.orm first runs shop.infrastructure.orm (line 5) -> shop.domain.customer (line 5) and raises ImportError: cannot import name 'CustomerRow' from partially initialized module 'shop.infrastructure.orm' (most likely due to a circular import)",
    "src/shop/domain/invoice.py:5:1: LL105 Import cycle: shop.domain.invoice -> shop.infrastructure.pdf -> shop.infrastructure.templates -> shop.domain.invoice (every import in it runs at import time, and it fails at start-up: LL401 at src/shop/domain/invoice.py:5); this import is the one to break (contract 'No import cycles')",
    "src/shop/domain/invoice.py:5:1: LL401 Import fails at start-up: `from shop.infrastructure.pdf import render_pdf` runs while shop.infrastructure.pdf is still being imported, before it binds 'render_pdf' (src/shop/infrastructure/pdf.py:6): importing shop.infrastructure.pdf first runs shop.infrastructure.pdf (line 3) -> shop.infrastructure.templates (line 3) -> shop.domain.invoice (line 5) and raises ImportError: cannot import name 'render_pdf' from partially initialized module 'shop.infrastructure.pdf' (most likely due to a circular import)",
    "src/shop/domain/order.py:11:5: LL105 Import cycle: shop.domain.order -> shop.infrastructure.order_repository -> shop.domain.order (deferred: shop.domain.order -> shop.infrastructure.order_repository is imported only under TYPE_CHECKING); this import is the one to break (contract 'No import cycles')",
    "src/shop/infrastructure/orm.py:5:1: LL401 Import fails at start-up: `from shop.domain.customer import Customer` runs while shop.domain.customer is still being imported, before it binds 'Customer' (src/shop/domain/customer.py:9): importing shop.domain.customer first runs shop.domain.customer (line 5) -> shop.infrastructure.orm (line 5) and raises ImportError: cannot import name 'Customer' from partially initialized module 'shop.domain.customer' (most likely due to a circular import); so does importing shop.domain.order, shop.infrastructure.order_repository first",
    "src/shop/infrastructure/pdf.py:3:1: LL401 Import fails at start-up: `from shop.infrastructure.templates import invoice_template` runs while shop.infrastructure.templates is still being imported, before it binds 'invoice_template' (src/shop/infrastructure/templates.py:6): importing shop.infrastructure.templates first runs shop.infrastructure.templates (line 3) -> shop.domain.invoice (line 5) -> shop.infrastructure.pdf (line 3) and raises ImportError: cannot import name 'invoice_template' from partially initialized module 'shop.infrastructure.templates' (most likely due to a circular import)",
    "src/shop/infrastructure/templates.py:3:1: LL401 Import fails at start-up: `from shop.domain.invoice import Invoice` runs while shop.domain.invoice is still being imported, before it binds 'Invoice' (src/shop/domain/invoice.py:9): importing shop.domain.invoice first runs shop.domain.invoice (line 5) -> shop.infrastructure.pdf (line 3) -> shop.infrastructure.templates (line 3) and raises ImportError: cannot import name 'Invoice' from partially initialized module 'shop.domain.invoice' (most likely due to a circular import)",
    "Contract 'No import cycles': broken, 3 problems",
    "Contract 'Top-level packages form no cycle': broken, 1 problem",
    "Found 9 problems in 7 files (2 contracts checked).",
]


def test_seed_cycles_output(monkeypatch, capsys):
    status, lines, err = check(monkeypatch, capsys, "seed_cycles")
    exchange = lines[5]
    assert exchange.startswith(SEED_CYCLES_EXCHANGE_RATES + " ")
    # one diagnostic for the dependency shop.infrastructure -> shop.domain, as lint-imports
    # counts it ("removing 1 dependency"), its four imports listed in the details
    assert exchange.endswith(
        "; the 4 imports of shop.infrastructure -> shop.domain (this one first, the others in "
        "the details) are the ones to break (contract 'Top-level packages form no cycle')"
    )
    assert lines[:5] + lines[6:] == SEED_CYCLES
    assert (status, err) == (1, "")


def test_seed_cycles_package_level_cycle_message(monkeypatch, capsys):
    """shop.infrastructure.exchange_rates -> shop.domain.money is in no module-level cycle
    (money imports nothing): the cycle is between the packages, back through
    shop.domain.pricing -> shop.infrastructure.*. The message must show a way back into
    shop.infrastructure, and must not claim a start-up failure that cannot happen (the
    acyclic contract, which looks at modules, rightly finds no cycle here)."""
    _, lines, _ = check(monkeypatch, capsys, "seed_cycles")
    line = next(x for x in lines if x.startswith("src/shop/infrastructure/exchange_rates.py"))
    cycle = line.split("Import cycle between the children of shop: ", 1)[1].split(" (", 1)[0]
    assert "shop.infrastructure." in cycle.split("shop.domain.money", 1)[1], line
    assert "so it can fail at start-up" not in line, line


def test_seed_cycles_type_checking_cycle_is_gone_at_run_time(monkeypatch, capsys):
    status, lines, err = check(monkeypatch, capsys, "seed_cycles", "--config", "runtime-only.toml")
    assert lines == [
        "src/shop/domain/customer.py:5:1: LL105 Import cycle: shop.domain.customer -> shop.infrastructure.orm -> shop.domain.customer (every import in it runs at import time, and it fails at start-up: LL401 at src/shop/domain/customer.py:5); this import is the one to break (contract 'No import cycles at run time')",
        "src/shop/domain/customer.py:5:1: LL401 Import fails at start-up: `from shop.infrastructure.orm import CustomerRow` runs while shop.infrastructure.orm is still being imported, before it binds 'CustomerRow' (src/shop/infrastructure/orm.py:9): importing shop.infrastructure.orm first runs shop.infrastructure.orm (line 5) -> shop.domain.customer (line 5) and raises ImportError: cannot import name 'CustomerRow' from partially initialized module 'shop.infrastructure.orm' (most likely due to a circular import)",
        "src/shop/domain/invoice.py:5:1: LL105 Import cycle: shop.domain.invoice -> shop.infrastructure.pdf -> shop.infrastructure.templates -> shop.domain.invoice (every import in it runs at import time, and it fails at start-up: LL401 at src/shop/domain/invoice.py:5); this import is the one to break (contract 'No import cycles at run time')",
        "src/shop/domain/invoice.py:5:1: LL401 Import fails at start-up: `from shop.infrastructure.pdf import render_pdf` runs while shop.infrastructure.pdf is still being imported, before it binds 'render_pdf' (src/shop/infrastructure/pdf.py:6): importing shop.infrastructure.pdf first runs shop.infrastructure.pdf (line 3) -> shop.infrastructure.templates (line 3) -> shop.domain.invoice (line 5) and raises ImportError: cannot import name 'render_pdf' from partially initialized module 'shop.infrastructure.pdf' (most likely due to a circular import)",
        "src/shop/infrastructure/orm.py:5:1: LL401 Import fails at start-up: `from shop.domain.customer import Customer` runs while shop.domain.customer is still being imported, before it binds 'Customer' (src/shop/domain/customer.py:9): importing shop.domain.customer first runs shop.domain.customer (line 5) -> shop.infrastructure.orm (line 5) and raises ImportError: cannot import name 'Customer' from partially initialized module 'shop.domain.customer' (most likely due to a circular import)",
        "src/shop/infrastructure/pdf.py:3:1: LL401 Import fails at start-up: `from shop.infrastructure.templates import invoice_template` runs while shop.infrastructure.templates is still being imported, before it binds 'invoice_template' (src/shop/infrastructure/templates.py:6): importing shop.infrastructure.templates first runs shop.infrastructure.templates (line 3) -> shop.domain.invoice (line 5) -> shop.infrastructure.pdf (line 3) and raises ImportError: cannot import name 'invoice_template' from partially initialized module 'shop.infrastructure.templates' (most likely due to a circular import)",
        "src/shop/infrastructure/templates.py:3:1: LL401 Import fails at start-up: `from shop.domain.invoice import Invoice` runs while shop.domain.invoice is still being imported, before it binds 'Invoice' (src/shop/domain/invoice.py:9): importing shop.domain.invoice first runs shop.domain.invoice (line 5) -> shop.infrastructure.pdf (line 3) -> shop.infrastructure.templates (line 3) and raises ImportError: cannot import name 'Invoice' from partially initialized module 'shop.domain.invoice' (most likely due to a circular import)",
        "Contract 'No import cycles at run time': broken, 2 problems",
        "Found 7 problems in 5 files (1 contract checked).",
    ]
    assert (status, err) == (1, "")


def test_seed_cycles_no_cycle_reported_for_acyclic_modules(monkeypatch, capsys):
    _, lines, _ = check(monkeypatch, capsys, "seed_cycles", "--config", "runtime-only.toml")
    # pricing -> exchange_rates -> money and checkout -> ... are no cycles.
    assert not any("pricing" in line or "exchange_rates" in line or "checkout" in line for line in lines)


# -- seeds 001 and 002: legacy model paths -----------------------------------------------------

LEGACY_ALLOWED = "only migrations, models.legacy_base, models.legacy_booking_models, models.legacy_core, models.legacy_stripe_models may import"
SEED_LEGACY_BROKEN = [
    # Modern models building on legacy ones: only the protected contract covers models.*.
    "src/models/base.py:6:1: LL301 'models.base.BaseModel' is one of 2 declarative bases in the project (also models.legacy_base.Base (src/models/legacy_base.py:5)): models on different bases cannot refer to each other; use one base, or list the intended ones in [tool.layerlint.orm] bases",
    f"src/models/booking.py:7:1: LL104 Import of protected module: models.booking -> models.legacy_core: {LEGACY_ALLOWED} 'models.legacy_core' (contract 'Legacy models are only for the migrations')",
    # The legacy system had its own base (seed 001), and papered over a clash (seed 002).
    "src/models/legacy_base.py:5:1: LL301 'models.legacy_base.Base' is one of 2 declarative bases in the project (also models.base.BaseModel (src/models/base.py:6)): models on different bases cannot refer to each other; use one base, or list the intended ones in [tool.layerlint.orm] bases",
    # The only `users` on the legacy base's metadata: the message says so.
    "src/models/legacy_booking_models.py:13:24: LL303 extend_existing=True on table 'users', which no other model or Table defines: it merges nothing now, and would let a second definition added later merge into this one silently; remove it",
    "src/routers/bookings.py:7:1: LL102 Forbidden indirect import: routers.bookings -> services.booking_reminders -> models.legacy_core: 'routers' must not import 'models.legacy_core' (contract 'New code must not import legacy models')",
    "src/routers/users.py:5:1: LL102 Forbidden import: routers.users -> models.legacy_booking_models: 'routers' must not import 'models.legacy_booking_models' (contract 'New code must not import legacy models')",
    f"src/routers/users.py:5:1: LL104 Import of protected module: routers.users -> models.legacy_booking_models: {LEGACY_ALLOWED} 'models.legacy_booking_models' (contract 'Legacy models are only for the migrations')",
    # `# noqa: F401` silences flake8's unused import, not layerlint.
    "src/services/__init__.py:4:1: LL102 Forbidden import: services -> models.legacy_core: 'services' must not import 'models.legacy_core' (contract 'New code must not import legacy models')",
    f"src/services/__init__.py:4:1: LL104 Import of protected module: services -> models.legacy_core: {LEGACY_ALLOWED} 'models.legacy_core' (contract 'Legacy models are only for the migrations')",
    "src/services/booking_reminders.py:6:1: LL102 Forbidden import: services.booking_reminders -> models.legacy_core: 'services' must not import 'models.legacy_core' (contract 'New code must not import legacy models')",
    f"src/services/booking_reminders.py:6:1: LL104 Import of protected module: services.booking_reminders -> models.legacy_core: {LEGACY_ALLOWED} 'models.legacy_core' (contract 'Legacy models are only for the migrations')",
    "src/services/customer_service.py:3:1: LL102 Forbidden import: services.customer_service -> models.legacy_core: 'services' must not import 'models.legacy_core' (contract 'New code must not import legacy models')",
    f"src/services/customer_service.py:3:1: LL104 Import of protected module: services.customer_service -> models.legacy_core: {LEGACY_ALLOWED} 'models.legacy_core' (contract 'Legacy models are only for the migrations')",
    # `from models import Payment`: the package's __init__ pulls in booking, which pulls in
    # legacy_core.
    "src/services/payments.py:3:1: LL102 Forbidden indirect import: services.payments -> models -> models.booking -> models.legacy_core: 'services' must not import 'models.legacy_core' (contract 'New code must not import legacy models')",
    "src/services/payments.py:4:1: LL102 Forbidden import: services.payments -> models.legacy_stripe_models: 'services' must not import 'models.legacy_stripe_models' (contract 'New code must not import legacy models')",
    f"src/services/payments.py:4:1: LL104 Import of protected module: services.payments -> models.legacy_stripe_models: {LEGACY_ALLOWED} 'models.legacy_stripe_models' (contract 'Legacy models are only for the migrations')",
    "Contract 'New code must not import legacy models': broken, 7 problems",
    "Contract 'Legacy models are only for the migrations': broken, 6 problems",
    "Found 16 problems in 10 files (2 contracts checked).",
]


def test_seed_legacy_paths_broken_output(monkeypatch, capsys):
    status, lines, err = check(monkeypatch, capsys, "seed_legacy_paths/broken")
    assert lines == SEED_LEGACY_BROKEN
    assert (status, err) == (1, "")


def test_seed_legacy_paths_broken_allowed_importers(monkeypatch, capsys):
    _, lines, _ = check(monkeypatch, capsys, "seed_legacy_paths/broken")
    reported_files = {path for path, _, _ in located(lines)}
    # The migration and the legacy modules themselves may import legacy modules.
    assert "src/migrations/m0007_consolidate_customers.py" not in reported_files
    import_diagnostics = {path for path, _, code in located(lines) if code.startswith("LL1")}
    assert not any(path.startswith("src/models/legacy_") for path in import_diagnostics)
    # The modern-only import in booking_reminders.py (line 5) is fine.
    assert ("src/services/booking_reminders.py", 5, "LL102") not in located(lines)


def test_seed_legacy_paths_broken_is_deterministic():
    """grimp picks one of several equally short chains; the choice must not vary by run."""
    outputs = set()
    for seed in ("0", "1", "2"):
        result = subprocess.run(
            [sys.executable, "-m", "layerlint", "check", "--no-cache"],
            cwd=TESTDATA / "seed_legacy_paths/broken",
            capture_output=True, check=False,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.add(result.stdout)
    assert outputs == {"\n".join(SEED_LEGACY_BROKEN) + "\n"}


def test_seed_legacy_paths_fixed_is_clean(monkeypatch, capsys):
    """After the fix, the legacy modules are re-exports (`from models.user import User  #
    noqa: F401`, seed 002) that only the migrations import."""
    status, lines, err = check(monkeypatch, capsys, "seed_legacy_paths/fixed")
    assert lines == [
        "Contract 'New code must not import legacy models': kept",
        "Contract 'Legacy models are only for the migrations': kept",
        "All checks passed (18 files, 2 contracts checked).",
    ]
    assert (status, err) == (0, "")
    status, lines, _ = check(monkeypatch, capsys, "seed_legacy_paths/fixed", "--output-format", "json")
    assert (status, json.loads("\n".join(lines))) == (0, [])


# -- clean -------------------------------------------------------------------------------------


def test_clean_passes(monkeypatch, capsys):
    status, lines, err = check(monkeypatch, capsys, "clean")
    assert lines == [
        "Contract 'Layers': kept",
        "Contract 'Domain is pure Python': kept",
        "Contract 'Lending and catalog are independent': kept",
        "Contract 'Repositories only through the services': kept",
        "Contract 'No import cycles': kept",
        "Contract 'No cycles between sibling packages': kept",
        "All checks passed (12 files, 6 contracts checked).",
    ]
    assert (status, err) == (0, "")


def test_clean_passes_because_of_its_settings(monkeypatch, capsys, tmp_path):
    """Not vacuous: without exclude_type_checking_imports, or without the ignore entry, the
    same project breaks."""
    config = (TESTDATA / "clean/pyproject.toml").read_text()
    typing_included = tmp_path / "typing.toml"
    typing_included.write_text(
        config.replace("exclude_type_checking_imports = true", "exclude_type_checking_imports = false")
    )
    status, lines, _ = check(monkeypatch, capsys, "clean", "--config", str(typing_included))
    assert status == 1
    assert ("src/library/domain/member.py", 9, "LL101") in located(lines)
    # the cycle through the TYPE_CHECKING import, broken there (the deferred one of a tie)
    assert ("src/library/domain/member.py", 9, "LL105") in located(lines)

    not_ignored = tmp_path / "not-ignored.toml"
    not_ignored.write_text(
        config.replace('ignore_imports = ["library.repositories.books -> library.services.errors"]\n', "")
    )
    status, lines, _ = check(monkeypatch, capsys, "clean", "--config", str(not_ignored))
    assert lines == [
        "src/library/repositories/books.py:6:1: LL101 Layer violation: library.repositories.books -> library.services.errors: layer 'library.repositories' must not import higher layer 'library.services' (contract 'Layers')",
        "Contract 'Layers': broken, 1 problem",
        "Contract 'Domain is pure Python': kept",
        "Contract 'Lending and catalog are independent': kept",
        "Contract 'Repositories only through the services': kept",
        "Contract 'No import cycles': kept",
        "Contract 'No cycles between sibling packages': kept",
        "Found 1 problem in 1 file (6 contracts checked).",
    ]
    assert status == 1


@pytest.mark.parametrize(
    "fixture", ["demo", "seed_layers", "seed_cycles", "seed_legacy_paths/broken", "seed_legacy_paths/fixed", "clean"]
)
def test_no_cache_writes_nothing(monkeypatch, capsys, fixture):
    """--no-cache leaves the fixture as it was (a cache from a manual run included)."""

    def snapshot():
        cache = TESTDATA / fixture / ".layerlint_cache"
        return cache.exists(), sorted((p.name, p.stat().st_mtime_ns) for p in cache.glob("*"))

    before = snapshot()
    check(monkeypatch, capsys, fixture)
    assert snapshot() == before
