"""`__tablename__ = NAME`, where NAME is a module-level string constant (in the module or
imported from another, as Home Assistant's recorder and zenml write it): the table is
named, so LL302 and the foreign-key check (LL306) see it. A name that is not surely one
string (bound twice, in a loop, beside a star import, computed) leaves the table unknown:
nothing is said about it."""

from __future__ import annotations

import pytest
from helpers import diags, write_project

DB = "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n"
CONSTANTS = 'USERS = "users"\nORDERS = "orders"\n'


def model(name: str, table: str, imports: str = "from app.constants import USERS, ORDERS") -> str:
    return (
        f"from sqlalchemy import Column, ForeignKey, Integer\n{imports}\nfrom app.db import Base\n\n\n"
        f"class {name}(Base):\n    __tablename__ = {table}\n"
        "    id = Column(Integer, primary_key=True)\n"
    )


def found(tmp_path, files) -> list[tuple[str, str, int]]:
    write_project(tmp_path, {"app/db.py": DB, "app/constants.py": CONSTANTS, **files})
    return [(d.code, d.path, d.line) for d in diags(tmp_path)]


def test_two_models_on_one_constant_map_one_table(tmp_path):
    files = {"app/users.py": model("User", "USERS"), "app/people.py": model("Person", "USERS")}
    assert found(tmp_path, files) == [
        ("LL302", "app/people.py", 6),
        ("LL302", "app/users.py", 6),
    ]


def test_constants_reached_through_a_module_and_an_import_chain(tmp_path):
    files = {
        "app/names.py": "from app.constants import USERS\n",
        "app/users.py": model("User", "names.USERS", "from app import names"),
        "app/people.py": model("Person", "'users'", ""),
    }
    assert found(tmp_path, files) == [
        ("LL302", "app/people.py", 6),
        ("LL302", "app/users.py", 6),
    ]


def test_a_foreign_key_to_a_table_named_by_a_constant_is_checked(tmp_path):
    orders = model("Order", "ORDERS").replace(
        "primary_key=True)\n",
        'primary_key=True)\n    user_id = Column(ForeignKey("users.id"))\n'
        '    owner_id = Column(ForeignKey("user.id"))\n',
    )
    files = {"app/users.py": model("User", "USERS"), "app/orders.py": orders}
    # "users.id" names the constant's table; "user.id" names no table
    assert found(tmp_path, files) == [("LL306", "app/orders.py", 10)]


@pytest.mark.parametrize(
    "constants",
    [
        'USERS = "users"\nUSERS = "people"\n',  # bound twice
        'USERS = "users"\nUSERS += "_v2"\n',  # changed in place
        'USERS = "users"\nfrom app.more import *\n',  # may be bound again by the star
        'for USERS in ("users", "people"):\n    pass\n',  # a loop's variable
        'import os\nUSERS = os.environ.get("TABLE", "users")\n',  # computed
        'try:\n    USERS = "users"\nexcept ImportError:\n    USERS = "people"\n',
    ],
)
def test_a_name_that_is_not_surely_one_string_names_no_table(tmp_path, constants):
    files = {
        "app/constants.py": constants + 'ORDERS = "orders"\n',
        "app/more.py": 'USERS = "people"\n',
        "app/users.py": model("User", "USERS"),
        "app/people.py": model("Person", "'users'", ""),
        "app/orders.py": model("Order", "ORDERS").replace(
            "primary_key=True)\n", 'primary_key=True)\n    user_id = Column(ForeignKey("nothing.id"))\n'
        ),
    }
    # the table of User is unknown: no LL302 with Person, and the foreign keys on that
    # metadata are not checked (one of its tables could be "nothing")
    assert found(tmp_path, files) == []


def test_an_edit_of_the_constant_is_seen_by_a_run_from_stored_results(tmp_path, cli):
    """The stored results rest on the constants' module too: renaming the table there is
    analysed again, and the cached run says what an uncached one says."""
    files = {"app/users.py": model("User", "USERS"), "app/orders.py": model("Order", "ORDERS")}
    write_project(tmp_path, {"app/db.py": DB, "app/constants.py": CONSTANTS, **files})
    assert cli("check", cwd=tmp_path)[0] == 0
    (tmp_path / "app/constants.py").write_text('USERS = "users"\nORDERS = "users"\n')
    cached = cli("check", cwd=tmp_path)
    assert cached == cli("check", "--no-cache", cwd=tmp_path)
    assert [line.split(" ")[:2] for line in cached[1].splitlines()[:-1]] == [
        ["app/orders.py:6:1:", "LL302"],
        ["app/users.py:6:1:", "LL302"],
    ]
