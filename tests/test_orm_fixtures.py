"""The SQLAlchemy rules (LL301-LL306) and the `unique` contract (LL201) on the seed fixtures.

Each fixture under testdata/ is a small project (pyproject.toml, src/ layout) reproducing one
post-mortem's duplicate situation; it is never installed:

    testdata/orm_seed000         three declarative bases, the users table twice, two
                                 RealAuthService classes, User defined three times
    testdata/orm_seed001         three generations of Customer/Booking/Payment models across
                                 two bases and two schemas; public.customers twice
    testdata/orm_seed002/broken  a second User with extend_existing=True on the same base
    testdata/orm_seed002/fixed   the same after the fix (a re-export): clean
    testdata/orm_seed003         five bases, relationship("Booking") across bases,
                                 ForeignKey("identity.stations.id") to another base's table
    testdata/orm_clean           everything the rules must not mistake for a problem

For each, the exact set of (code, file, line) is asserted, with the exit status and the parts
of the messages that matter. Then the fixture's own models are imported in a fresh
interpreter (PYTHONPATH = its src/) to show that SQLAlchemy really fails the way the rule
says, and that the fixed and clean fixtures import, configure and create their tables.
layerlint itself never imports them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from layerlint.cli import main
from layerlint.engine import RunOptions, run

REPO = Path(__file__).resolve().parent.parent
TESTDATA = REPO / "testdata"


# -- running layerlint -------------------------------------------------------------------------


def check(monkeypatch, capsys, fixture: str, *args: str) -> tuple[int, list[str], str]:
    """`layerlint check --no-cache ARGS` inside the fixture: (status, stdout lines, stderr)."""
    monkeypatch.chdir(TESTDATA / fixture)
    capsys.readouterr()
    status = main(["check", "--no-cache", *args])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def found(lines: list[str]) -> dict[tuple[str, str, int], list[tuple[int, str]]]:
    """{(code, path, line): [(column, message), ...]} of the diagnostic lines (those before
    the contracts' lines and the summary, which the tests compare whole)."""
    result: dict[tuple[str, str, int], list[tuple[int, str]]] = {}
    for line in lines[:-1]:  # the last line is the summary
        if line.startswith("Contract '"):
            break
        location, code_and_message = line.split(": ", 1)
        path, row, column = location.rsplit(":", 2)
        code, message = code_and_message.split(" ", 1)
        result.setdefault((code, path, int(row)), []).append((int(column), message))
    return result


def located(lines: list[str]) -> set[tuple[str, str, int]]:
    return set(found(lines))


def message(lines: list[str], code: str, path: str, line: int) -> str:
    [(_, text)] = found(lines)[(code, path, line)]
    return text


def engine_diagnostics(fixture: str, overrides: dict[str, str] | None = None,
                       config: Path | None = None) -> set[tuple[str, str, int]]:
    """(code, path, line) through the engine API, with some files replaced (editor buffers)."""
    root = TESTDATA / fixture
    outcome = run(
        RunOptions(
            paths=[root],
            use_cache=False,
            config_file=config,
            overrides={
                (root / relpath).resolve(): text.encode() for relpath, text in (overrides or {}).items()
            },
        )
    )
    return {
        (d.code, d.file.resolve().relative_to(root.resolve()).as_posix(), d.line)
        for d in outcome.report.diagnostics
    }


def edited(fixture: str, relpath: str, old: str, new: str) -> dict[str, str]:
    source = (TESTDATA / fixture / relpath).read_text()
    assert source.count(old) == 1, (relpath, old)
    return {relpath: source.replace(old, new)}


# -- importing a fixture's models in a fresh interpreter ---------------------------------------


def python(fixture: str, source: str) -> str:
    """Run `source` with PYTHONPATH = the fixture's src/; return its stdout.

    Only SQLAlchemy is needed: if it is missing the script fails, and so does the test.
    No bytecode is written into testdata/.
    """
    env = {**os.environ, "PYTHONPATH": str(TESTDATA / fixture / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONSAFEPATH", None)
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(source)],
        cwd=TESTDATA / fixture,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def raises(fixture: str, setup: str, step: str) -> str:
    """Run `setup`, then `step`: the SQLAlchemy error `step` raises, as "ClassName: message"."""
    script = (
        textwrap.dedent(setup)
        + "import sqlalchemy.exc\n"
        + "try:\n"
        + textwrap.indent(textwrap.dedent(step), "    ")
        + "except sqlalchemy.exc.SQLAlchemyError as error:\n"
        + "    print(f'{type(error).__name__}: {error}')\n"
        + "else:\n"
        + "    print('NO ERROR')\n"
    )
    return python(fixture, script).strip()


# sqlite has no schemas; attached in-memory databases stand in for them.
ENGINE_WITH_SCHEMAS = """
from sqlalchemy import create_engine, event, inspect

def engine_with(*schemas):
    engine = create_engine("sqlite://")

    @event.listens_for(engine, "connect")
    def attach(connection, _):
        for schema in schemas:
            connection.execute(f"ATTACH DATABASE ':memory:' AS {schema}")

    return engine
"""


# -- seed 000: three bases, the users table twice, two RealAuthService ---------------------------

SEED000_BASE = "src/app/infrastructure/persistence/models/base.py"
SEED000_SESSIONS = "src/app/domain/models/session_models_infra.py"
SEED000_EVENTS = "src/app/infrastructure/persistence/postgres_event_store.py"
SEED000_USER_MODEL = "src/app/infrastructure/persistence/models/user_model.py"
SEED000_JWT = "src/app/infrastructure/security/auth/jwt_auth.py"
SEED000 = {
    ("LL301", SEED000_BASE, 6),  # class Base(DeclarativeBase)
    ("LL301", SEED000_SESSIONS, 6),  # Base = declarative_base()  (sqlalchemy.ext.declarative)
    ("LL301", SEED000_EVENTS, 8),  # Base = declarative_base()  (sqlalchemy.orm)
    ("LL302", SEED000_USER_MODEL, 11),  # UserModel: __tablename__ = "users"
    ("LL302", SEED000_JWT, 8),  # User(SQLAlchemyBaseUserTableUUID, Base): "users"
    ("LL201", "src/app/infrastructure/security/auth/real_auth_service.py", 6),
    ("LL201", "src/app/infrastructure/security/core/real_auth_service.py", 8),
    ("LL201", "src/app/domain/entities/user.py", 4),
    ("LL201", "src/app/domain/models/user.py", 6),
    ("LL201", SEED000_JWT, 8),
}


def test_seed000_diagnostics(monkeypatch, capsys):
    status, lines, err = check(monkeypatch, capsys, "orm_seed000")
    assert located(lines) == SEED000
    assert lines[-2:] == [
        "Contract 'One auth service, one user model': broken, 5 problems",
        "Found 10 problems in 9 files (1 contract checked).",
    ]
    assert (status, err) == (1, "")


def test_seed000_messages(monkeypatch, capsys):
    _, lines, _ = check(monkeypatch, capsys, "orm_seed000")
    text = message(lines, "LL301", SEED000_BASE, 6)
    assert "'app.infrastructure.persistence.models.base.Base' is one of 3 declarative bases" in text
    assert f"app.domain.models.session_models_infra.Base ({SEED000_SESSIONS}:6)" in text
    assert f"app.infrastructure.persistence.postgres_event_store.Base ({SEED000_EVENTS}:8)" in text

    text = message(lines, "LL302", SEED000_USER_MODEL, 11)
    assert "Table 'users'" in text
    assert f"app.infrastructure.security.auth.jwt_auth.User ({SEED000_JWT}:8)" in text
    text = message(lines, "LL302", SEED000_JWT, 8)
    assert f"app.infrastructure.persistence.models.user_model.UserModel ({SEED000_USER_MODEL}:11)" in text

    text = message(lines, "LL201", "src/app/infrastructure/security/auth/real_auth_service.py", 6)
    assert "Class 'RealAuthService' is defined in 2 modules" in text
    assert "app.infrastructure.security.core.real_auth_service (src/app/infrastructure/security/core/real_auth_service.py:8)" in text
    assert "Class 'User' is defined in 3 modules" in message(lines, "LL201", SEED000_JWT, 8)


def test_seed000_runtime_users_table_is_defined_twice():
    error = raises(
        "orm_seed000",
        "import app.infrastructure.persistence.models.user_model\n",
        "import app.infrastructure.security.auth.jwt_auth\n",
    )
    assert error.startswith(
        "InvalidRequestError: Table 'users' is already defined for this MetaData instance."
    ), error


def test_seed000_runtime_three_bases_three_metadata():
    """Each base has its own MetaData: create_all() on the main one creates only users."""
    out = python(
        "orm_seed000",
        """
        import warnings
        warnings.simplefilter("ignore")  # sqlalchemy.ext.declarative's MovedIn20Warning
        from sqlalchemy import create_engine, inspect
        from app.infrastructure.persistence.models.base import Base
        from app.infrastructure.persistence.models import user_model
        from app.domain.models.session_models_infra import Base as SessionBase
        from app.infrastructure.persistence.postgres_event_store import Base as EventBase
        assert len({id(b.metadata) for b in (Base, SessionBase, EventBase)}) == 3
        assert len({id(b.registry) for b in (Base, SessionBase, EventBase)}) == 3
        engine = create_engine("sqlite://")
        Base.metadata.create_all(engine)
        print(sorted(inspect(engine).get_table_names()))
        """,
    )
    assert out.strip() == "['users']"  # no user_sessions, no domain_events


# -- seed 001: Customer, Booking, Payment three times --------------------------------------------

SEED001 = {
    ("LL301", "src/models/base.py", 6),  # class BaseModel(DeclarativeBase)
    ("LL301", "src/models/legacy_declarative_base.py", 5),  # the legacy core's own base
    # public.customers on BaseModel's metadata: legacy_base.Base is an alias of BaseModel.
    ("LL302", "src/models/customer.py", 9),
    ("LL302", "src/models/legacy_stripe_models.py", 8),
    # MenuItem twice on BaseModel (different tables).
    ("LL304", "src/models/knowledge_base.py", 8),
    ("LL304", "src/models/legacy_booking_models.py", 18),
}
# Not reported: legacy_core.Customer/Booking/Payment (core schema, and another base: neither
# their table names nor their class names collide with the modern ones), BookingLegacy
# (bookings_legacy), StripePayment (stripe_payments), and every relationship and foreign key
# (each resolves on its own base).


def test_seed001_diagnostics(monkeypatch, capsys):
    status, lines, err = check(monkeypatch, capsys, "orm_seed001")
    assert located(lines) == SEED001
    assert lines[-1] == "Found 6 problems in 6 files (0 contracts checked)."
    assert (status, err) == (1, "")


def test_seed001_messages(monkeypatch, capsys):
    _, lines, _ = check(monkeypatch, capsys, "orm_seed001")
    text = message(lines, "LL302", "src/models/customer.py", 9)
    assert "Table 'customers'" in text
    assert "models.legacy_stripe_models.StripeCustomer (src/models/legacy_stripe_models.py:8)" in text
    text = message(lines, "LL304", "src/models/knowledge_base.py", 8)
    assert "'MenuItem'" in text and "'models.base.BaseModel'" in text
    assert "models.legacy_booking_models.MenuItem (src/models/legacy_booking_models.py:18)" in text
    assert "Multiple classes found for path 'MenuItem'" in text
    text = message(lines, "LL301", "src/models/legacy_declarative_base.py", 5)
    assert "one of 2 declarative bases" in text and "models.base.BaseModel (src/models/base.py:6)" in text


def test_seed001_legacy_core_on_the_shared_base():
    """Had legacy_core used the shared base: its class names collide (LL304), but its tables
    are in the core schema, so still no duplicate table."""
    overrides = edited(
        "orm_seed001", "src/models/legacy_core.py",
        "from models.legacy_declarative_base import Base", "from models.legacy_base import Base",
    )
    assert engine_diagnostics("orm_seed001", overrides) == SEED001 | {
        ("LL304", "src/models/customer.py", 9),
        ("LL304", "src/models/legacy_core.py", 11),
        ("LL304", "src/models/booking.py", 9),
        ("LL304", "src/models/legacy_core.py", 23),
        ("LL304", "src/models/booking.py", 23),
        ("LL304", "src/models/legacy_core.py", 36),
    }


def test_seed001_runtime_customers_table_is_defined_twice():
    error = raises("orm_seed001", "import models.customer\n", "import models.legacy_stripe_models\n")
    assert error.startswith(
        "InvalidRequestError: Table 'customers' is already defined for this MetaData instance."
    ), error


def test_seed001_runtime_menu_item_is_ambiguous():
    error = raises(
        "orm_seed001",
        "import models, models.legacy_core, models.legacy_booking_models\n",
        "from sqlalchemy.orm import configure_mappers\nconfigure_mappers()\n",
    )
    assert error.startswith(
        'InvalidRequestError: Multiple classes found for path "MenuItem" in the registry of this '
        "declarative base."
    ), error


def test_seed001_runtime_core_schema_models_do_not_collide():
    """The modern and legacy-core models side by side: no collision, all tables created."""
    out = python(
        "orm_seed001",
        ENGINE_WITH_SCHEMAS
        + """
import warnings
warnings.simplefilter("error")
import models, models.legacy_core
from sqlalchemy.orm import configure_mappers
from models.base import BaseModel
from models.legacy_declarative_base import Base
configure_mappers()
engine = engine_with("core")
BaseModel.metadata.create_all(engine)
Base.metadata.create_all(engine)
print(sorted(inspect(engine).get_table_names()), sorted(inspect(engine).get_table_names(schema="core")))
""",
    )
    assert out.strip() == (
        "['bookings', 'customers', 'menu_items', 'payments'] ['bookings', 'customers', 'payments']"
    )


# -- seed 002: extend_existing=True and its fix ----------------------------------------------------

AUTH = "src/backend/app/auth/models.py"
USERS = "src/backend/app/users/models.py"
SEED002_BROKEN = {
    ("LL201", AUTH, 11),
    ("LL201", USERS, 11),
    ("LL302", AUTH, 11),  # users, twice on core.db.Base's metadata
    ("LL302", USERS, 11),
    ("LL303", USERS, 15),  # __table_args__ = ({"extend_existing": True},)
    ("LL304", AUTH, 11),  # User, twice on core.db.Base
    ("LL304", USERS, 11),
}


def test_seed002_broken_diagnostics(monkeypatch, capsys):
    status, lines, err = check(monkeypatch, capsys, "orm_seed002/broken")
    assert located(lines) == SEED002_BROKEN
    assert lines[-2:] == [
        "Contract 'One user model': broken, 2 problems",
        "Found 7 problems in 2 files (1 contract checked).",
    ]
    assert (status, err) == (1, "")


def test_seed002_broken_messages(monkeypatch, capsys):
    _, lines, _ = check(monkeypatch, capsys, "orm_seed002/broken")
    [(column, _)] = found(lines)[("LL303", USERS, 15)]
    assert column == 24  # at "extend_existing"
    text = message(lines, "LL304", USERS, 11)
    assert "'User'" in text and "'backend.app.core.db.Base'" in text
    assert f"backend.app.auth.models.User ({AUTH}:11)" in text
    assert "Multiple classes found for path 'User'" in text
    assert f"backend.app.users.models.User ({USERS}:11)" in message(lines, "LL302", AUTH, 11)
    assert f"in backend.app.users.models ({USERS}:11)" in message(lines, "LL201", AUTH, 11)


def test_seed002_fixed_is_clean(monkeypatch, capsys):
    status, lines, err = check(monkeypatch, capsys, "orm_seed002/fixed")
    assert lines == [
        "Contract 'One user model': kept",
        "All checks passed (9 files, 1 contract checked).",
    ]
    assert (status, err) == (0, "")


def test_seed002_runtime_broken_user_is_ambiguous():
    """auth.models first (as the application does): extend_existing merges the second User's
    columns into the table, and the string lookup relationship("User") fails."""
    out = python(
        "orm_seed002/broken",
        """
        import backend.app.auth.models as auth
        import backend.app.quotas
        import backend.app.users.models as users
        assert auth.User.__table__ is users.User.__table__
        print(sorted(auth.User.__table__.c.keys()))
        """,
    )
    assert out.strip() == (
        "['created_at', 'display_name', 'email', 'id', 'is_active', 'password_hash', 'role']"
    )
    error = raises(
        "orm_seed002/broken",
        "import backend.app.auth.models, backend.app.quotas\n",
        "from sqlalchemy.orm import configure_mappers\nconfigure_mappers()\n",
    )
    assert error.startswith(
        'InvalidRequestError: Multiple classes found for path "User" in the registry of this '
        "declarative base."
    ), error


def test_seed002_runtime_broken_import_order():
    """users.models first: extend_existing only helps the second definition, so then the real
    User fails: LL302 names both classes."""
    error = raises("orm_seed002/broken", "import backend.app.quotas\n", "import backend.app.auth.models\n")
    assert error.startswith(
        "InvalidRequestError: Table 'users' is already defined for this MetaData instance."
    ), error


def test_seed002_runtime_fixed_configures():
    out = python(
        "orm_seed002/fixed",
        """
        import warnings
        warnings.simplefilter("error")
        import backend.app.quotas
        import backend.app.auth.models as auth
        import backend.app.users.models as users
        from sqlalchemy import inspect
        from sqlalchemy.orm import configure_mappers
        from backend.app.core.db import Base, engine
        configure_mappers()
        Base.metadata.create_all(engine)
        assert users.User is auth.User
        assert users.UserPreferences.user.property.mapper.class_ is auth.User
        print(sorted(inspect(engine).get_table_names()))
        """,
    )
    assert out.strip() == "['privacy_requests', 'user_preferences', 'users']"


# -- seed 003: five bases, a relationship and foreign keys across them ------------------------------

STATIONS = "src/api/app/auth/station_models.py"
CORE = "src/api/app/models/core.py"
SEED003 = {
    ("LL301", "src/api/app/auth/models.py", 9),
    ("LL301", STATIONS, 8),
    ("LL301", "src/api/app/models/booking_models.py", 8),
    ("LL301", CORE, 8),
    ("LL301", "src/api/app/models/events.py", 8),
    ("LL305", STATIONS, 19),  # relationship("Booking"): both Booking classes are elsewhere
    ("LL306", CORE, 16),  # Customer.station_id: ForeignKey("identity.stations.id")
    ("LL306", CORE, 27),  # Booking.station_id: ForeignKey("identity.stations.id")
}
# Not reported: ForeignKey("core.bookings.id") in booking_models.py (twice) and core.py, and
# ForeignKey("core.customers.id") in core.py: each metadata defines the table. core.Booking
# and booking_models.Booking both map core.bookings, on different metadata.


def test_seed003_diagnostics(monkeypatch, capsys):
    status, lines, err = check(monkeypatch, capsys, "orm_seed003")
    assert located(lines) == SEED003
    assert lines[-1] == "Found 8 problems in 5 files (0 contracts checked)."
    assert (status, err) == (1, "")


def test_seed003_messages(monkeypatch, capsys):
    _, lines, _ = check(monkeypatch, capsys, "orm_seed003")
    [(column, text)] = found(lines)[("LL305", STATIONS, 19)]
    assert column == 29  # at the string
    assert 'relationship("Booking") in api.app.auth.station_models.Station' in text
    assert (
        "'Booking' is mapped on another base (api.app.models.booking_models.Base, "
        "api.app.models.core.Base)"
    ) in text
    for line in (16, 27):
        [(column, text)] = found(lines)[("LL306", CORE, line)]
        assert column == 42
        assert "'identity.stations'" in text
        assert "(it is defined on the metadata of api.app.auth.station_models.Base)" in text
    assert "one of 5 declarative bases" in message(lines, "LL301", CORE, 8)


def test_seed003_typed_relationship_to_another_base():
    """The same relationship in SQLAlchemy 2.0's typed form: the target is named by the
    annotation (`Mapped[list["Booking"]]`), not by an argument. SQLAlchemy resolves it the
    same way and fails the same way ("expression 'Booking' failed to locate a name"), so
    LL305 applies, at the string in the annotation."""
    overrides = edited(
        "orm_seed003", STATIONS,
        '    bookings = relationship("Booking", back_populates="station")',
        '    bookings: Mapped[list["Booking"]] = relationship(back_populates="station")',
    )
    source = overrides[STATIONS].replace(
        "from sqlalchemy.orm import declarative_base, relationship",
        "from sqlalchemy.orm import Mapped, declarative_base, relationship",
    )
    assert engine_diagnostics("orm_seed003", {STATIONS: source}) == SEED003


def test_seed003_runtime_relationship_to_another_base():
    error = raises(
        "orm_seed003",
        "import api.app.auth.station_models, api.app.models.core, api.app.models.booking_models\n",
        "from sqlalchemy.orm import configure_mappers\nconfigure_mappers()\n",
    )
    assert error.startswith(
        "InvalidRequestError: When initializing mapper Mapper[Station(stations)], expression "
        "'Booking' failed to locate a name ('Booking')."
    ), error


def test_seed003_runtime_foreign_key_to_another_metadata():
    """identity.stations exists, on station_models.Base's metadata; core.Base's create_all()
    cannot find it. The metadata whose foreign keys resolve create their tables."""
    setup = ENGINE_WITH_SCHEMAS + textwrap.dedent(
        """
        import warnings
        warnings.simplefilter("ignore")  # sqlalchemy.ext.declarative's MovedIn20Warning
        import api.app.auth.station_models as stations
        import api.app.models.booking_models as booking_models
        import api.app.models.core as core
        engine = engine_with("core", "identity")
        stations.Base.metadata.create_all(engine)
        booking_models.Base.metadata.create_all(engine)
        print(sorted(inspect(engine).get_table_names(schema="core")), end=" | ")
        """
    )
    out = raises("orm_seed003", setup, "core.Base.metadata.create_all(engine)\n")
    assert out == (
        "['booking_addons', 'booking_menu_items', 'bookings'] | NoReferencedTableError: Foreign "
        "key associated with column 'customers.station_id' could not find table "
        "'identity.stations' with which to generate a foreign key to target column 'id'"
    ), out


# -- the negative fixture ----------------------------------------------------------------------


def test_clean_reports_nothing(monkeypatch, capsys):
    status, lines, err = check(monkeypatch, capsys, "orm_clean")
    assert lines == [
        "Contract 'Model names are unique': kept",
        "Contract 'One service per aggregate': kept",
        "All checks passed (14 files, 2 contracts checked).",
    ]
    assert (status, err) == (0, "")


def test_clean_runtime_imports_configures_and_creates_tables():
    out = python(
        "orm_clean",
        ENGINE_WITH_SCHEMAS
        + """
import warnings
warnings.simplefilter("error")
import shop.models, shop.analytics.models, shop.services
from sqlalchemy.orm import Session, configure_mappers
from shop.analytics.db import AnalyticsBase
from shop.db.base import Base
from shop.models import Customer, GiftOrder, Order
configure_mappers()
engine, analytics = engine_with("archive"), engine_with()
Base.metadata.create_all(engine)
AnalyticsBase.metadata.create_all(analytics)
print(sorted(inspect(engine).get_table_names()), sorted(inspect(engine).get_table_names(schema="archive")))
print(sorted(inspect(analytics).get_table_names()))
with Session(engine) as session:
    customer = Customer(name="Ada", email="ada@example.com")
    session.add(GiftOrder(customer=customer, gift_message="Happy birthday"))
    session.commit()
    print(type(session.query(Order).one()).__name__, GiftOrder.__table__ is Order.__table__)
""",
    )
    assert out.splitlines() == [
        "['customers', 'order_lines', 'order_tags', 'orders', 'tags'] ['order_lines', 'orders']",
        "['customers', 'dailyrevenue', 'page_views']",
        "GiftOrder True",
    ]


def test_clean_bases_setting_is_what_keeps_it_clean(monkeypatch, capsys, tmp_path):
    config = (TESTDATA / "orm_clean/pyproject.toml").read_text()
    without = tmp_path / "pyproject.toml"
    without.write_text(
        config.replace('[tool.layerlint.orm]\nbases = ["shop.db.base.Base", "shop.analytics.db.AnalyticsBase"]\n', "")
    )
    assert without.read_text() != config
    assert engine_diagnostics("orm_clean", config=without) == {
        ("LL301", "src/shop/db/base.py", 14),
        ("LL301", "src/shop/analytics/db.py", 6),
    }


@pytest.mark.parametrize(
    ("relpath", "old", "new", "expected"),
    [
        # A relationship to a class that does not exist.
        (
            "src/shop/models/customer.py",
            'relationship("Order"',
            'relationship("Orders"',
            {("LL305", "src/shop/models/customer.py", 15)},
        ),
        # A foreign key to a table that does not exist.
        (
            "src/shop/models/order.py",
            'mapped_column(ForeignKey("customers.id"))',
            'mapped_column(ForeignKey("customer.id"))',
            {("LL306", "src/shop/models/order.py", 28)},
        ),
        # The archive's orders without their schema: the same table as Order, and
        # archive.orders is then missing for ArchivedOrderLine's foreign key.
        (
            "src/shop/models/archive.py",
            '    __tablename__ = "orders"\n    __table_args__ = {"schema": "archive"}\n',
            '    __tablename__ = "orders"\n',
            {
                ("LL302", "src/shop/models/order.py", 24),
                ("LL302", "src/shop/models/archive.py", 9),
                ("LL306", "src/shop/models/archive.py", 22),
            },
        ),
        # A second Customer model: the unique contract and the registry both see it.
        (
            "src/shop/models/archive.py",
            "class ArchivedOrderLine(Model):",
            (
                'class Customer(Model):\n    __tablename__ = "customers"\n'
                '    __table_args__ = {"schema": "archive"}\n\n\nclass ArchivedOrderLine(Model):'
            ),
            {
                ("LL201", "src/shop/models/customer.py", 9),
                ("LL201", "src/shop/models/archive.py", 19),
                ("LL304", "src/shop/models/customer.py", 9),
                ("LL304", "src/shop/models/archive.py", 19),
            },
        ),
    ],
    ids=["relationship", "foreign-key", "schema", "duplicate-class"],
)
def test_clean_is_clean_for_a_reason(relpath, old, new, expected):
    """The rules are live on the clean fixture: each small edit is reported."""
    assert engine_diagnostics("orm_clean", edited("orm_clean", relpath, old, new)) == expected


@pytest.mark.parametrize(
    "fixture",
    ["orm_seed000", "orm_seed001", "orm_seed002/broken", "orm_seed002/fixed", "orm_seed003", "orm_clean"],
)
def test_fixtures_stay_pristine(fixture):
    """No cache and no bytecode was written into the fixtures (by layerlint or the imports)."""
    root = TESTDATA / fixture
    assert not (root / ".layerlint_cache").exists()
    assert not list(root.rglob("__pycache__"))


def test_clean_bases_may_be_named_as_the_project_imports_them(tmp_path):
    """`[tool.layerlint.orm] bases` names a base as the code imports it: shop.db re-exports
    shop.db.base.Base as CoreBase, and every model imports `from shop.db import CoreBase`.
    Names are resolved through re-exports and aliases everywhere else (the issue's example
    is `myapp.db.Base`); the setting must accept the same name, not raise a ConfigError."""
    config = (TESTDATA / "orm_clean/pyproject.toml").read_text()
    reexported = tmp_path / "pyproject.toml"
    reexported.write_text(config.replace('"shop.db.base.Base"', '"shop.db.CoreBase"'))
    assert reexported.read_text() != config
    assert engine_diagnostics("orm_clean", config=reexported) == set()
