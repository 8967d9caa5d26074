"""The duplicate-symbol rules (LL201 `unique`) and the SQLAlchemy rules (LL301-LL306), unit by unit.

Each test writes a small project into tmp_path and asserts the exact (code, file, line,
column) set layerlint reports, plus the key parts of the messages. Every positive case has
a negative twin: what must NOT be reported (one base, re-exports, nested classes, branches
of an `if`/`try`, names that cannot be known statically). Nothing here imports the projects.
"""

from __future__ import annotations

import contextlib

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import Diag, assert_one_line_error, diags, toml_value, where, write_project

from layerlint.engine import RunOptions, run
from layerlint.errors import ConfigError

# -- helpers -----------------------------------------------------------------------------------

DB = {
    "app/db.py": """
        from sqlalchemy.orm import DeclarativeBase
        class Base(DeclarativeBase):
            pass
        """,
}


def lint(
    tmp_path: Path,
    files: dict[str, str],
    contracts=(),
    *,
    bases: list[str] | None = None,
    **settings,
) -> list[Diag]:
    root = project(tmp_path, files, contracts, bases=bases, **settings)
    return diags(root)


def project(tmp_path: Path, files, contracts=(), *, bases=None, **settings) -> Path:
    root = tmp_path / "proj"
    write_project(root, files, contracts, **settings)
    if bases is not None:
        with (root / "pyproject.toml").open("a") as stream:
            stream.write(f"\n[tool.layerlint.orm]\nbases = {toml_value(list(bases))}\n")
    return root


def only(found: list[Diag], *prefixes: str) -> list[Diag]:
    return [d for d in found if d.code.startswith(prefixes)]


def message(found: list[Diag], code: str, path: str, line: int) -> str:
    matches = [d.message for d in found if (d.code, d.path, d.line) == (code, path, line)]
    assert len(matches) == 1, (code, path, line, found)
    return matches[0]


LEGACY = {
    "app/legacy.py": """
        from sqlalchemy.orm import declarative_base
        Legacy = declarative_base()
        """,
}

TWO_USERS = """
    from app.db import Base
    class User(Base):
        __tablename__ = "users"
    class Account(Base):
        __tablename__ = "users"
    """

# -- base detection ----------------------------------------------------------------------------

# (files, the base's name in messages, where the base is defined, where the two models are)
BASE_FORMS = {
    "declarative_base-orm": (
        {
            "app/db.py": """
                from sqlalchemy.orm import declarative_base
                Base = declarative_base()
                """,
            "app/models.py": TWO_USERS,
        },
        "app.db.Base",
        ("app/db.py", 2, 1),
        [("app/models.py", 2, 1), ("app/models.py", 4, 1)],
    ),
    "declarative_base-ext": (
        {
            "app/db.py": """
                from sqlalchemy.ext.declarative import declarative_base
                Base = declarative_base()
                """,
            "app/models.py": TWO_USERS,
        },
        "app.db.Base",
        ("app/db.py", 2, 1),
        [("app/models.py", 2, 1), ("app/models.py", 4, 1)],
    ),
    "sa.orm.declarative_base": (
        {
            "app/db.py": """
                import sqlalchemy as sa
                Base = sa.orm.declarative_base()
                """,
            "app/models.py": TWO_USERS,
        },
        "app.db.Base",
        ("app/db.py", 2, 1),
        [("app/models.py", 2, 1), ("app/models.py", 4, 1)],
    ),
    "orm.DeclarativeBase": (
        {
            "app/db.py": """
                from sqlalchemy import orm
                class Base(orm.DeclarativeBase):
                    pass
                """,
            "app/models.py": TWO_USERS,
        },
        "app.db.Base",
        ("app/db.py", 2, 1),
        [("app/models.py", 2, 1), ("app/models.py", 4, 1)],
    ),
    "DeclarativeBase-with-mixins": (
        {
            "app/db.py": """
                from sqlalchemy.ext.asyncio import AsyncAttrs
                from sqlalchemy.orm import DeclarativeBase, MappedAsDataclass
                class Base(MappedAsDataclass, AsyncAttrs, DeclarativeBase):
                    pass
                """,
            "app/models.py": TWO_USERS,
        },
        "app.db.Base",
        ("app/db.py", 3, 1),
        [("app/models.py", 2, 1), ("app/models.py", 4, 1)],
    ),
    "DeclarativeBaseNoMeta": (
        {
            "app/db.py": """
                from sqlalchemy import MetaData
                from sqlalchemy.orm import DeclarativeBaseNoMeta
                class Base(DeclarativeBaseNoMeta):
                    metadata = MetaData()
                """,
            "app/models.py": TWO_USERS,
        },
        "app.db.Base",
        ("app/db.py", 3, 1),
        [("app/models.py", 2, 1), ("app/models.py", 4, 1)],
    ),
    "registry-generate_base": (
        {
            "app/db.py": """
                from sqlalchemy.orm import registry
                mapper_registry = registry()
                Base = mapper_registry.generate_base()
                """,
            "app/models.py": TWO_USERS,
        },
        "app.db.mapper_registry",
        ("app/db.py", 2, 1),
        [("app/models.py", 2, 1), ("app/models.py", 4, 1)],
    ),
    "registry-mapped": (
        {
            "app/db.py": """
                from sqlalchemy.orm import registry
                reg = registry()
                """,
            "app/models.py": """
                from app.db import reg
                @reg.mapped
                class User:
                    __tablename__ = "users"
                @reg.mapped_as_dataclass()
                class Account:
                    __tablename__ = "users"
                """,
        },
        "app.db.reg",
        ("app/db.py", 2, 1),
        [("app/models.py", 3, 1), ("app/models.py", 6, 1)],
    ),
    "as_declarative-ext": (
        {
            "app/db.py": """
                from sqlalchemy.ext.declarative import as_declarative
                @as_declarative()
                class Base:
                    pass
                """,
            "app/models.py": TWO_USERS,
        },
        "app.db.Base",
        ("app/db.py", 3, 1),
        [("app/models.py", 2, 1), ("app/models.py", 4, 1)],
    ),
    "as_declarative-orm": (
        {
            "app/db.py": """
                from sqlalchemy.orm import as_declarative
                @as_declarative
                class Base:
                    pass
                """,
            "app/models.py": TWO_USERS,
        },
        "app.db.Base",
        ("app/db.py", 3, 1),
        [("app/models.py", 2, 1), ("app/models.py", 4, 1)],
    ),
    "flask-sqlalchemy": (
        {
            "app/db.py": """
                from flask_sqlalchemy import SQLAlchemy
                db = SQLAlchemy()
                """,
            "app/models.py": """
                from app.db import db
                class User(db.Model):
                    __tablename__ = "users"
                class Account(db.Model):
                    __tablename__ = "users"
                """,
        },
        "app.db.db.Model",
        ("app/db.py", 2, 1),
        [("app/models.py", 2, 1), ("app/models.py", 4, 1)],
    ),
    "sqlmodel": (
        {
            "app/models.py": """
                from sqlmodel import Field, SQLModel
                class User(SQLModel, table=True):
                    __tablename__ = "users"
                    id: int = Field(primary_key=True)
                class Account(SQLModel, table=True):
                    __tablename__ = "users"
                    id: int = Field(primary_key=True)
                """,
        },
        "sqlmodel.SQLModel",
        ("app/models.py", 2, 1),
        [("app/models.py", 2, 1), ("app/models.py", 5, 1)],
    ),
}


@pytest.mark.parametrize("form", BASE_FORMS)
def test_each_base_form_is_recognised_and_one_base_is_no_ll301(tmp_path, form):
    files, _, _, models = BASE_FORMS[form]
    found = lint(tmp_path, files)
    # The models are seen as mapped on the base: their shared table is found, and one base
    # alone is never LL301.
    assert where(found) == [("LL302", path, line, column) for path, line, column in models]
    assert "Table 'users' is mapped more than once on the same metadata" in found[0].message


# `Base = mapper_registry.generate_base()`: the base may be shown as the registry (where it
# is created) or as the generated class; either is right.
ALTERNATIVE_NAMES = {"registry-generate_base": ("app.db.Base", ("app/db.py", 3, 1))}


@pytest.mark.parametrize("form", BASE_FORMS)
def test_each_base_form_counts_as_a_second_base(tmp_path, form):
    files, name, (path, line, column), _ = BASE_FORMS[form]
    found = only(lint(tmp_path, {**files, **LEGACY}), "LL301")
    if form in ALTERNATIVE_NAMES and ("LL301", path, line, column) not in where(found):
        name, (path, line, column) = ALTERNATIVE_NAMES[form]
    assert where(found) == sorted([("LL301", path, line, column), ("LL301", "app/legacy.py", 2, 1)])
    mine = message(found, "LL301", path, line)
    assert mine.startswith(f"'{name}' is one of 2 declarative bases in the project")
    assert "(also app.legacy.Legacy (app/legacy.py:2))" in mine
    assert "[tool.layerlint.orm] bases" in mine
    legacy = message(found, "LL301", "app/legacy.py", 2)
    assert legacy.startswith("'app.legacy.Legacy' is one of 2 declarative bases")
    assert f"(also {name} ({path}:{line}))" in legacy


def test_all_forms_together_are_each_reported_once(tmp_path):
    files = {}
    for form, (form_files, *_rest) in BASE_FORMS.items():
        package = "app." + form.replace("-", "_").replace(".", "_").lower()
        folder = package.replace(".", "/")
        for relpath, source in form_files.items():
            files[relpath.replace("app/", folder + "/", 1)] = source.replace(
                "app.db", f"{package}.db"
            )
    found = only(lint(tmp_path, files), "LL301")
    assert len(found) == len(BASE_FORMS)
    assert all(f"one of {len(BASE_FORMS)} declarative bases" in d.message for d in found)


def test_sqlmodel_classes_without_table_are_not_mapped(tmp_path):
    files = {
        "app/models.py": """
            from sqlmodel import Field, Relationship, SQLModel
            class HeroBase(SQLModel):
                name: str
            class Hero(SQLModel, table=True):
                id: int = Field(primary_key=True)
                team = Relationship("Team")
            class Team(SQLModel, table=True):
                id: int = Field(primary_key=True)
            """,
        "app/schemas.py": """
            from sqlmodel import SQLModel
            class Hero(SQLModel):
                name: str
            class Team(SQLModel):
                name: str
            class HeroRead(SQLModel):
                id: int
            """,
    }
    assert lint(tmp_path, files) == []


def test_sqlmodel_without_table_models_is_no_base(tmp_path):
    files = {
        **DB,
        "app/schemas.py": """
            from sqlmodel import SQLModel
            class HeroCreate(SQLModel):
                name: str
            class HeroRead(HeroCreate):
                id: int
            """,
    }
    assert lint(tmp_path, files) == []


@pytest.mark.parametrize("direct_first", [True, False])
def test_sqlmodel_table_model_through_a_non_table_parent(tmp_path, direct_first):
    """`class Hero(HeroBase, table=True)` with `class HeroBase(SQLModel)`: the usual SQLModel
    layout. It maps table 'hero' whether or not another module subclasses SQLModel directly."""
    direct, indirect = ("app/a.py", "app/b.py") if direct_first else ("app/b.py", "app/a.py")
    files = {
        direct: """
            from sqlmodel import SQLModel
            class Hero(SQLModel, table=True):
                id: int
            """,
        indirect: """
            from sqlmodel import SQLModel
            class HeroBase(SQLModel):
                name: str
            class Hero(HeroBase, table=True):
                id: int
            """,
    }
    found = lint(tmp_path, files)
    assert where(found) == sorted(
        [
            ("LL302", direct, 2, 1),
            ("LL302", indirect, 4, 1),
            ("LL304", direct, 2, 1),
            ("LL304", indirect, 4, 1),
        ]
    )
    assert "Table 'hero' is mapped more than once" in found[0].message


def test_sqlmodel_only_through_a_parent_is_still_a_base(tmp_path):
    files = {
        **LEGACY,
        "app/models.py": """
            from sqlmodel import SQLModel
            class HeroBase(SQLModel):
                name: str
            class Hero(HeroBase, table=True):
                id: int
            """,
    }
    found = lint(tmp_path, files)
    assert where(found) == [("LL301", "app/legacy.py", 2, 1), ("LL301", "app/models.py", 4, 1)]
    assert "'sqlmodel.SQLModel' is one of 2 declarative bases" in message(
        found, "LL301", "app/models.py", 4
    )


def test_abstract_intermediates_are_not_further_bases(tmp_path):
    files = {
        **DB,
        "app/models/base.py": """
            from sqlalchemy import Column, Integer
            from app.db import Base
            class Model(Base):
                __abstract__ = True
                id = Column(Integer, primary_key=True)
            class AuditedModel(Model):
                __abstract__ = True
            """,
        "app/models/user.py": """
            from app.models.base import AuditedModel
            class User(AuditedModel):
                __tablename__ = "users"
            """,
        "app/models/account.py": """
            from app.db import Base
            class Account(Base):
                __tablename__ = "accounts"
            """,
    }
    assert lint(tmp_path, files) == []
    # ...and User really is on app.db.Base: a second 'users' on Base collides with it.
    files["app/models/account.py"] = files["app/models/account.py"].replace("accounts", "users")
    found = lint(tmp_path / "again", files)
    assert where(found) == [
        ("LL302", "app/models/account.py", 2, 1),
        ("LL302", "app/models/user.py", 2, 1),
    ]


# -- [tool.layerlint.orm] bases ----------------------------------------------------------------

THREE_BASES = {
    **DB,
    "app/analytics/db.py": """
        from sqlalchemy.orm import declarative_base
        AnalyticsBase = declarative_base()
        """,
    "app/third.py": """
        from sqlalchemy.orm import declarative_base
        Third = declarative_base()
        """,
}


def test_bases_config_all_declared_is_silent(tmp_path):
    bases = ["app.db.Base", "app.analytics.db.AnalyticsBase", "app.third.Third"]
    assert lint(tmp_path, THREE_BASES, bases=bases) == []


def test_bases_config_reports_only_undeclared_bases(tmp_path):
    found = lint(tmp_path, THREE_BASES, bases=["app.db.Base", "app.analytics.db.AnalyticsBase"])
    assert where(found) == [("LL301", "app/third.py", 2, 1)]
    assert found[0].message.startswith("'app.third.Third' is one of 3 declarative bases")
    assert "app.db.Base (app/db.py:2)" in found[0].message
    assert "app.analytics.db.AnalyticsBase (app/analytics/db.py:2)" in found[0].message


def test_bases_config_single_declared_base(tmp_path):
    assert lint(tmp_path, DB, bases=["app.db.Base"]) == []
    found = lint(tmp_path / "two", {**DB, **LEGACY}, bases=["app.db.Base"])
    assert where(found) == [("LL301", "app/legacy.py", 2, 1)]


@pytest.mark.parametrize("entry", ["app.db.db.Model", "app.db.db"])
def test_bases_config_flask_model(tmp_path, entry):
    files, *_ = BASE_FORMS["flask-sqlalchemy"]
    found = lint(tmp_path, {**files, **LEGACY}, bases=[entry, "app.legacy.Legacy"])
    assert only(found, "LL301") == []


@pytest.mark.parametrize("entry", ["app.db.Base", "app.db.mapper_registry"])
def test_bases_config_names_the_generated_base_of_a_registry(tmp_path, entry):
    """`Base = mapper_registry.generate_base()`: users name the class they subclass (or the
    registry); either is accepted and silences LL301 for that base."""
    files, *_ = BASE_FORMS["registry-generate_base"]
    found = lint(tmp_path, {**files, **LEGACY}, bases=[entry, "app.legacy.Legacy"])
    assert only(found, "LL301") == []
    found = lint(tmp_path / "partial", {**files, **LEGACY}, bases=[entry])
    assert where(only(found, "LL301")) == [("LL301", "app/legacy.py", 2, 1)]




def test_bases_config_entry_naming_no_base_is_an_error(tmp_path, cli):
    project(tmp_path, {**DB, **LEGACY}, bases=["app.db.Bsae", "app.legacy.Legacy"])
    line = assert_one_line_error(
        cli("check", "--no-cache", cwd=tmp_path / "proj"),
        "key 'bases'",
        "'app.db.Bsae'",
        "did you mean 'app.db.Base'",
    )
    assert line.startswith("layerlint: error: "), line
    with pytest.raises(ConfigError, match="'bases'"):
        run(RunOptions(paths=[tmp_path / "proj"], use_cache=False))


def test_bases_config_error_names_the_file_relative_to_the_current_directory(tmp_path, cli):
    """As every other configuration error does (tests/test_config.py)."""
    project(tmp_path, DB, bases=["app.db.Nope"])
    line = assert_one_line_error(cli("check", "--no-cache", "proj", cwd=tmp_path), "key 'bases'")
    assert line.startswith("layerlint: error: proj/pyproject.toml: "), line
    assert "[tool.layerlint.orm]" in line, line


def test_bases_config_entry_in_a_project_without_any_base_is_an_error(tmp_path, cli):
    project(tmp_path, {"app/util.py": "X = 1\n"}, bases=["app.db.Base"])
    assert_one_line_error(
        cli("check", "--no-cache", cwd=tmp_path / "proj"), "key 'bases'", "'app.db.Base'"
    )


# -- resolution across modules -----------------------------------------------------------------


def test_resolution_through_aliases_reexports_and_relative_imports(tmp_path):
    files = {
        "app/core/base.py": """
            from sqlalchemy.orm import DeclarativeBase
            class Base(DeclarativeBase):
                pass
            """,
        "app/core/__init__.py": """
            from .base import Base
            """,
        "app/db/__init__.py": """
            from app.core import Base as Model
            __all__ = ["Model"]
            """,
        "app/models/users.py": """
            from ..core.base import Base as CoreBase
            class User(CoreBase):
                __tablename__ = "users"
            """,
        "app/models/deep/x/accounts.py": """
            from .... import core
            class Account(core.Base):
                __tablename__ = "users"
            """,
        "app/models/viadb.py": """
            import app.db as db
            class Customer(db.Model):
                __tablename__ = "users"
            """,
        "app/models/viapkg.py": """
            from app.core import Base
            class Order(Base):
                __tablename__ = "users"
            """,
        "app/models/dotted.py": """
            import app.core.base
            class Invoice(app.core.base.Base):
                __tablename__ = "users"
            """,
        "app/models/sibling.py": """
            from . import users
            from .users import CoreBase as B
            class Payment(B):
                __tablename__ = "payments"
            class Refund(users.CoreBase):
                __tablename__ = "users"
            """,
    }
    found = lint(tmp_path, files)
    assert where(found) == [
        ("LL302", "app/models/deep/x/accounts.py", 2, 1),
        ("LL302", "app/models/dotted.py", 2, 1),
        ("LL302", "app/models/sibling.py", 5, 1),
        ("LL302", "app/models/users.py", 2, 1),
        ("LL302", "app/models/viadb.py", 2, 1),
        ("LL302", "app/models/viapkg.py", 2, 1),
    ]
    text = message(found, "LL302", "app/models/users.py", 2)
    assert (
        "Table 'users' is mapped more than once on the same metadata: app.models.users.User here"
        in text
    )
    for other in (
        "app.models.deep.x.accounts.Account (app/models/deep/x/accounts.py:2)",
        "app.models.viadb.Customer (app/models/viadb.py:2)",
        "app.models.viapkg.Order (app/models/viapkg.py:2)",
        "app.models.dotted.Invoice (app/models/dotted.py:2)",
        "app.models.sibling.Refund (app/models/sibling.py:5)",
    ):
        assert other in text
    assert "Table 'users' is already defined for this MetaData instance" in text


def test_import_module_as_alias_of_a_plain_module(tmp_path):
    files = {
        **DB,
        "app/a.py": """
            import app.db as db
            class User(db.Base):
                __tablename__ = "users"
            """,
        "app/b.py": """
            from app import db
            class User(db.Base):
                __tablename__ = "users"
            """,
    }
    found = lint(tmp_path, files)
    assert where(found) == [
        ("LL302", "app/a.py", 2, 1),
        ("LL302", "app/b.py", 2, 1),
        ("LL304", "app/a.py", 2, 1),
        ("LL304", "app/b.py", 2, 1),
    ]


def test_mixins_and_abstract_intermediates_resolve_to_the_base(tmp_path):
    files = {
        **DB,
        "app/mixins.py": """
            from sqlalchemy import Column, DateTime, ForeignKey
            class TimestampMixin:
                created = Column(DateTime)
            class OwnedMixin:
                owner_id = Column(ForeignKey("nowhere.id"))
            """,
        "app/models.py": """
            from sqlalchemy import Column, Integer
            from app.db import Base
            from app.mixins import OwnedMixin, TimestampMixin
            class Model(Base):
                __abstract__ = True
                id = Column(Integer, primary_key=True)
            class User(TimestampMixin, OwnedMixin, Model):
                __tablename__ = "users"
            class Account(Model, TimestampMixin):
                __tablename__ = "users"
            class Customer(TimestampMixin, Model):
                __tablename__ = "customers"
            """,
    }
    found = lint(tmp_path, files)
    assert where(found) == [("LL302", "app/models.py", 7, 1), ("LL302", "app/models.py", 9, 1)]


INHERITANCE = {
    **DB,
    "app/models.py": """
        from sqlalchemy import Column, ForeignKey, Integer, String
        from sqlalchemy.orm import relationship
        from app.db import Base
        class Employee(Base):
            __tablename__ = "employees"
            id = Column(Integer, primary_key=True)
            type = Column(String)
            __mapper_args__ = {"polymorphic_on": type}
        class Manager(Employee):
            __mapper_args__ = {"polymorphic_identity": "manager"}
        class Director(Manager):
            __mapper_args__ = {"polymorphic_identity": "director"}
        class Engineer(Employee):
            __tablename__ = "engineers"
            id = Column(ForeignKey("employees.id"), primary_key=True)
            boss = relationship("Manager")
            team = relationship("Director")
        """,
    "app/more.py": """
        from app.models import Employee
        class Intern(Employee):
            __mapper_args__ = {"polymorphic_identity": "intern"}
        """,
}


def test_single_table_and_joined_inheritance(tmp_path):
    assert lint(tmp_path, INHERITANCE) == []


def test_inheritance_keeps_the_metadata_known(tmp_path):
    """The same project with a dangling foreign key: the tables are all known, so it is found."""
    files = dict(INHERITANCE)
    files["app/more.py"] = """
        from sqlalchemy import Column, ForeignKey
        from app.models import Employee
        class Intern(Employee):
            __mapper_args__ = {"polymorphic_identity": "intern"}
            ghost = Column(ForeignKey("ghosts.id"))
        """
    found = lint(tmp_path, files)
    assert where(found) == [("LL306", "app/more.py", 5, 31)]
    assert found[0].message.startswith("ForeignKey(\"ghosts.id\") refers to table 'ghosts'")


def test_tablename_none_is_single_table_inheritance(tmp_path):
    """`__tablename__ = None` on a subclass (SQLAlchemy's documented way to opt out of a
    mixin's declared_attr name): single-table inheritance, the parent's table. Nothing
    unknown about it, so a dangling foreign key elsewhere is still found."""
    files = {
        **INHERITANCE,
        "app/clerk.py": """
            from app.models import Employee
            class Clerk(Employee):
                __tablename__ = None
                __mapper_args__ = {"polymorphic_identity": "clerk"}
            """,
        "app/known.py": KNOWN_USERS,
    }
    found = lint(tmp_path, files)
    assert where(found) == [("LL306", "app/known.py", 5, 34)]


def test_joined_inheritance_subclass_reusing_the_parents_table_name_is_a_duplicate(tmp_path):
    files = {
        **DB,
        "app/models.py": """
            from app.db import Base
            class Employee(Base):
                __tablename__ = "employees"
            class Engineer(Employee):
                __tablename__ = "employees"
            """,
    }
    found = lint(tmp_path, files)
    assert where(found) == [("LL302", "app/models.py", 2, 1), ("LL302", "app/models.py", 4, 1)]


UNKNOWABLE = {
    "declared_attr": """
        from sqlalchemy.orm import declared_attr
        from app.db import Base
        class Auto(Base):
            @declared_attr
            def __tablename__(cls):
                return cls.__name__.lower()
        """,
    "declared_attr-directive": """
        from sqlalchemy.orm import declared_attr
        from app.db import Base
        class Auto(Base):
            @declared_attr.directive
            def __tablename__(cls) -> str:
                return "users"
        """,
    "declared_attr-in-mixin": """
        from sqlalchemy.orm import declared_attr
        from app.db import Base
        class NamedMixin:
            @declared_attr
            def __tablename__(cls):
                return cls.__name__.lower()
        class Auto(NamedMixin, Base):
            pass
        """,
    "concatenated": """
        from app.db import Base
        class Auto(Base):
            __tablename__ = "us" + "ers"
        """,
    "variable": """
        from app.db import Base
        PREFIX = "app_"
        class Auto(Base):
            __tablename__ = PREFIX + "users"
        """,
    "f-string": """
        from app.db import Base
        NAME = "users"
        class Auto(Base):
            __tablename__ = f"{NAME}"
        """,
    "computed-schema": """
        from app.db import Base
        ARGS = {"schema": "other"}
        class Auto(Base):
            __tablename__ = "users"
            __table_args__ = ARGS
        """,
    "computed-Table": """
        from sqlalchemy import Table
        from app.db import Base
        NAME = "users"
        auto = Table(NAME, Base.metadata)
        """,
    "library-base": """
        from fastapi_users.db import SQLAlchemyBaseUserTableUUID
        from app.db import Base
        class Auto(SQLAlchemyBaseUserTableUUID, Base):
            pass
        """,
}

KNOWN_USERS = """
    from sqlalchemy import Column, ForeignKey
    from app.db import Base
    class User(Base):
        __tablename__ = "users"
        ghost_id = Column(ForeignKey("ghosts.id"))
    """


@pytest.mark.parametrize("form", UNKNOWABLE)
def test_unknowable_table_names_say_nothing(tmp_path, form):
    """A table whose name (or schema) cannot be read could be 'users' or 'ghosts': neither the
    possible duplicate nor the foreign key to 'ghosts' is reported."""
    files = {**DB, "app/known.py": KNOWN_USERS, "app/auto.py": UNKNOWABLE[form]}
    assert lint(tmp_path, files) == []


def test_known_table_names_control(tmp_path):
    """The control for the above: with every name known, the dangling key is reported."""
    found = lint(tmp_path, {**DB, "app/known.py": KNOWN_USERS})
    assert where(found) == [("LL306", "app/known.py", 5, 34)]


def test_external_library_base_classes_are_not_guessed(tmp_path):
    """fastapi-users style: the table name comes from an uninstalled library's mixin."""
    files = {
        **DB,
        "app/users.py": """
            from fastapi_users.db import SQLAlchemyBaseUserTableUUID
            from app.db import Base
            class User(SQLAlchemyBaseUserTableUUID, Base):
                pass
            """,
        "app/accounts.py": """
            from fastapi_users.db import SQLAlchemyBaseUserTableUUID
            from app.db import Base
            class Account(SQLAlchemyBaseUserTableUUID, Base):
                pass
            """,
        "app/items.py": """
            from sqlalchemy import Column, ForeignKey
            from sqlalchemy.orm import relationship
            from app.db import Base
            class Item(Base):
                __tablename__ = "items"
                owner_id = Column(ForeignKey("user.id"))
                owner = relationship("User")
                account = relationship("Account")
            """,
    }
    assert lint(tmp_path, files) == []


def test_class_only_on_a_library_base_is_not_guessed(tmp_path):
    files = {
        **DB,
        "app/users.py": """
            from fastapi_users_db_sqlalchemy import SQLAlchemyBaseUserTable
            class User(SQLAlchemyBaseUserTable):
                pass
            """,
        "app/items.py": """
            from sqlalchemy.orm import relationship
            from app.db import Base
            class Item(Base):
                __tablename__ = "items"
                owner = relationship("User")
            """,
    }
    assert lint(tmp_path, files) == []


def test_flask_model_through_an_aliased_db_import(tmp_path):
    """`from app.ext import db as database; class User(database.Model)`: still on db.Model."""
    files = {
        "app/ext.py": """
            from flask_sqlalchemy import SQLAlchemy
            db = SQLAlchemy()
            """,
        "app/a.py": """
            from app.ext import db
            class User(db.Model):
                id = db.Column(db.Integer, primary_key=True)
            """,
        "app/b.py": """
            from app.ext import db as database
            class User(database.Model):
                id = database.Column(database.Integer, primary_key=True)
            """,
    }
    found = lint(tmp_path, files)
    # both are named `user` by Flask-SQLAlchemy: the same table too
    assert where(found) == [
        ("LL302", "app/a.py", 2, 1),
        ("LL302", "app/b.py", 2, 1),
        ("LL304", "app/a.py", 2, 1),
        ("LL304", "app/b.py", 2, 1),
    ]
    assert "mapped more than once on base 'app.ext.db.Model'" in only(found, "LL304")[0].message


def test_single_table_subclass_through_an_aliased_import(tmp_path):
    files = {
        **DB,
        "app/a.py": """
            from app.db import Base
            class Employee(Base):
                __tablename__ = "employees"
            class Manager(Employee):
                pass
            """,
        "app/b.py": """
            from app.a import Employee as Emp
            class Manager(Emp):
                pass
            """,
    }
    found = lint(tmp_path, files)
    assert where(found) == [("LL304", "app/a.py", 4, 1), ("LL304", "app/b.py", 2, 1)]


# -- LL302: schemas and metadata ---------------------------------------------------------------

SCHEMAS = {
    "app/db.py": """
        from sqlalchemy import MetaData
        from sqlalchemy.orm import DeclarativeBase, declarative_base
        class Base(DeclarativeBase):
            pass
        Other = declarative_base()
        shared_md = MetaData()
        A = declarative_base(metadata=shared_md)
        B = declarative_base(metadata=shared_md)
        """,
    "app/models.py": """
        from sqlalchemy import Column, Integer, Table, UniqueConstraint
        from app.db import A, B, Base, Other
        class C1(Base):
            __tablename__ = "customers"
            __table_args__ = {"schema": "sales"}
        class C2(Base):
            __tablename__ = "customers"
            __table_args__ = (UniqueConstraint("x"), {"schema": "sales"})
        class C3(Base):
            __tablename__ = "customers"
            __table_args__ = (UniqueConstraint("x"),)
        class C4(Base):
            __tablename__ = "customers"
            __table_args__ = {"schema": "crm"}
        t5 = Table("customers", Base.metadata, Column("id", Integer), schema="crm")
        class C6(Base):
            __table__ = Table("customers", Base.metadata, Column("id", Integer))
        class C7(Base):
            __tablename__ = "customers"
            __table_args__ = {"schema": "hr"}
        class O1(Other):
            __tablename__ = "customers"
        class SA(A):
            __tablename__ = "shared"
        class SB(B):
            __tablename__ = "shared"
        """,
}


def test_duplicate_tables_by_metadata_schema_and_name(tmp_path):
    found = lint(tmp_path, SCHEMAS, bases=["app.db.Base", "app.db.Other", "app.db.A", "app.db.B"])
    assert where(found) == [
        ("LL302", "app/models.py", 3, 1),  # sales.customers: dict
        ("LL302", "app/models.py", 6, 1),  # sales.customers: tuple ending in a dict
        ("LL302", "app/models.py", 9, 1),  # customers: tuple of constraints only
        ("LL302", "app/models.py", 12, 1),  # crm.customers
        ("LL302", "app/models.py", 15, 6),  # crm.customers: Table(..., schema=)
        ("LL302", "app/models.py", 16, 1),  # customers: __table__ = Table(...), at the class
        ("LL302", "app/models.py", 23, 1),  # shared, on A's metadata
        ("LL302", "app/models.py", 25, 1),  # shared, on B's: the same MetaData
    ]
    sales = message(found, "LL302", "app/models.py", 3)
    assert sales.startswith(
        "Table 'sales.customers' is mapped more than once on the same metadata: "
        "app.models.C1 here, also app.models.C2 (app/models.py:6)"
    )
    crm = message(found, "LL302", "app/models.py", 15)
    assert "Table('customers') here, also app.models.C4 (app/models.py:12)" in crm
    default = message(found, "LL302", "app/models.py", 9)
    assert default.startswith("Table 'customers' is mapped")
    assert "also app.models.C6 (app/models.py:16)" in default
    assert "O1" not in default  # another base, another metadata


def test_tables_on_separate_metadata_objects(tmp_path):
    files = {
        **DB,
        "app/tables.py": """
            from sqlalchemy import Column, Integer, MetaData, Table
            md1 = MetaData()
            md2 = MetaData()
            t1 = Table("loose", md1, Column("id", Integer))
            t2 = Table("loose", md2, Column("id", Integer))
            t3 = Table("loose", md1, Column("id", Integer), schema="s")
            t4 = Table("other", md1)
            t5 = Table("other", md1)
            """,
    }
    found = lint(tmp_path, files)
    assert where(found) == [("LL302", "app/tables.py", 7, 6), ("LL302", "app/tables.py", 8, 6)]


def test_tables_through_the_metadata_of_an_imported_base(tmp_path):
    files = {
        **DB,
        "app/models.py": """
            from app.db import Base
            class User(Base):
                __tablename__ = "users"
            """,
        "app/tables.py": """
            from sqlalchemy import Column, Integer, Table
            import app.db as db
            users = Table("users", db.Base.metadata, Column("id", Integer))
            """,
    }
    found = lint(tmp_path, files)
    assert where(found) == [("LL302", "app/models.py", 2, 1), ("LL302", "app/tables.py", 3, 9)]


# -- LL303 -------------------------------------------------------------------------------------


def test_extend_existing(tmp_path):
    files = {
        **DB,
        "app/models.py": """
            from sqlalchemy import Column, Integer, Table
            from app.db import Base
            class User(Base):
                __tablename__ = "users"
                __table_args__ = {"extend_existing": True}
            class Account(Base):
                __tablename__ = "accounts"
                __table_args__ = ({"schema": "x", "extend_existing": True},)
            class Silenced(Base):
                __tablename__ = "silenced"
                __table_args__ = {"extend_existing": True}  # noqa: LL303
            class Off(Base):
                __tablename__ = "off"
                __table_args__ = {"extend_existing": False}
            t = Table("t", Base.metadata, Column("id", Integer), extend_existing=True)
            u = Table("u", Base.metadata, extend_existing=True)  # noqa: LL303
            v = Table("v", Base.metadata, extend_existing=False)
            """,
    }
    found = lint(tmp_path, files)
    assert where(found) == [
        ("LL303", "app/models.py", 5, 23),
        ("LL303", "app/models.py", 8, 39),
        ("LL303", "app/models.py", 15, 54),
    ]
    # the only definition of each table: the message says so, and names no second one
    assert found[0].message.startswith(
        "extend_existing=True on table 'users', which no other model or Table defines: it "
        "merges nothing now"
    )
    assert "table 'x.accounts'" in found[1].message
    assert "table 't'" in found[2].message


def test_noqa_for_another_code_does_not_silence_ll303(tmp_path):
    files = {
        **DB,
        "app/models.py": """
            from app.db import Base
            class User(Base):
                __tablename__ = "users"
                __table_args__ = {"extend_existing": True}  # noqa: LL302
            """,
    }
    assert where(lint(tmp_path, files)) == [("LL303", "app/models.py", 4, 23)]


# -- LL304 -------------------------------------------------------------------------------------


def test_same_class_name_on_one_base_and_on_two_bases(tmp_path):
    files = {
        **DB,
        **LEGACY,
        "app/auth/models.py": """
            from app.db import Base
            from app.legacy import Legacy
            class User(Base):
                __tablename__ = "auth_users"
            class Account(Base):
                __tablename__ = "accounts"
            """,
        "app/core/models.py": """
            from app.db import Base
            from app.legacy import Legacy
            class User(Base):
                __tablename__ = "core_users"
            class Account(Legacy):
                __tablename__ = "accounts"
            """,
    }
    found = lint(tmp_path, files, bases=["app.db.Base", "app.legacy.Legacy"])
    assert where(found) == [
        ("LL304", "app/auth/models.py", 3, 1),
        ("LL304", "app/core/models.py", 3, 1),
    ]
    text = message(found, "LL304", "app/auth/models.py", 3)
    assert text.startswith(
        "Class name 'User' is mapped more than once on base 'app.db.Base' "
        "(also app.core.models.User (app/core/models.py:3))"
    )
    assert "Multiple classes found for path 'User'" in text


def test_abstract_and_plain_classes_of_the_same_name_are_not_mapped(tmp_path):
    files = {
        **DB,
        "app/a.py": """
            from app.db import Base
            class User(Base):
                __tablename__ = "users"
            """,
        "app/b.py": """
            from app.db import Base
            class User(Base):
                __abstract__ = True
            """,
        "app/c.py": """
            from sqlalchemy import Column
            class User:
                id = Column()
            """,
        "app/d.py": """
            from app.db import Base
            class Holder(Base):
                __tablename__ = "holders"
                class User:
                    pass
            """,
    }
    assert lint(tmp_path, files) == []


# -- LL305 -------------------------------------------------------------------------------------

# A project with two declarative bases: `Base` and `Other`.
TWO_BASES_DB = """
    from sqlalchemy.orm import DeclarativeBase, declarative_base
    class Base(DeclarativeBase):
        pass
    Other = declarative_base()
    """


RELATIONSHIPS = {
    "app/db.py": TWO_BASES_DB,
    "app/models.py": """
        from sqlalchemy import orm
        from sqlalchemy.orm import relationship
        from app.db import Base
        class User(Base):
            __tablename__ = "users"
            a = relationship("Booking")
            b = relationship("app.other.Booking")
            c = relationship("Ghost")
            d = relationship("app.other.Ghost")
            e = relationship("Account")
            f = relationship("app.models.Account")
            g = relationship("Plain")
            h = relationship(lambda: Plain)
            i = relationship("and_(User.id == Account.id)")
            j = relationship(argument="Phantom")
            k = orm.relationship("Spectre", back_populates="x")
            m = relationship("Uncertain")
            n = relationship("Account", secondary="assoc")
        class Account(Base):
            __tablename__ = "accounts"
            user = relationship("User")
        class Plain:
            pass
        """,
    "app/other.py": """
        from fastapi_users.db import SQLAlchemyBaseUserTable
        from app.db import Other
        class Booking(Other):
            __tablename__ = "bookings"
            user = relationship("User")
        class Uncertain(SQLAlchemyBaseUserTable):
            pass
        """,
}


def test_relationship_targets(tmp_path):
    found = lint(tmp_path, RELATIONSHIPS, bases=["app.db.Base", "app.db.Other"])
    assert where(found) == [
        ("LL305", "app/models.py", 6, 22),  # Booking: on Other
        ("LL305", "app/models.py", 7, 22),  # app.other.Booking: on Other
        ("LL305", "app/models.py", 8, 22),  # Ghost: nowhere
        ("LL305", "app/models.py", 9, 22),  # app.other.Ghost: nowhere
        ("LL305", "app/models.py", 15, 31),  # argument="Phantom"
        ("LL305", "app/models.py", 16, 26),  # orm.relationship("Spectre")
        ("LL305", "app/other.py", 5, 25),  # User is on Base, Booking on Other
    ]
    other_base = message(found, "LL305", "app/models.py", 6)
    assert other_base == (
        'relationship("Booking") in app.models.User names no class mapped on base '
        "'app.db.Base': 'Booking' is mapped on another base (app.db.Other) "
        "(SQLAlchemy: \"expression 'Booking' failed to locate a name\")"
    )
    nowhere = message(found, "LL305", "app/models.py", 9)
    assert 'relationship("app.other.Ghost")' in nowhere
    assert "no class named 'Ghost' exists in the project" in nowhere
    back = message(found, "LL305", "app/other.py", 5)
    assert "on base 'app.db.Other': 'User' is mapped on another base (app.db.Base)" in back


def test_relationships_all_resolved_are_silent(tmp_path):
    files = {
        **DB,
        "app/users.py": """
            from sqlalchemy.orm import relationship
            from app.db import Base
            class User(Base):
                __tablename__ = "users"
                orders = relationship("Order", back_populates="user")
                best = relationship("app.orders.Order")
            """,
        "app/orders.py": """
            from sqlalchemy.orm import Mapped, relationship
            from app.db import Base
            class Order(Base):
                __tablename__ = "orders"
                user: Mapped["User"] = relationship("User", back_populates="orders")
            """,
    }
    assert lint(tmp_path, files) == []


# -- LL306 -------------------------------------------------------------------------------------

FOREIGN_KEYS = {
    "app/db.py": TWO_BASES_DB,
    "app/models.py": """
        from sqlalchemy import Column, ForeignKey, Integer, Table
        from app.db import Base, Other
        class User(Base):
            __tablename__ = "users"
            __table_args__ = {"schema": "identity"}
        class Item(Base):
            __tablename__ = "items"
            a = Column(ForeignKey("identity.users.id"))
            b = Column(ForeignKey("users.id"))
            c = Column(ForeignKey("items.id"))
            d = Column(ForeignKey("identity.stations.id"))
            e = Column(ForeignKey(User.id))
            f = Column(ForeignKey("a.b.c.d"))
            g = Column(ForeignKey("public.items.id"))
            h = Column(ForeignKey("tags.id"))
        class Station(Other):
            __tablename__ = "stations"
            __table_args__ = {"schema": "identity"}
        tags = Table(
            "tags",
            Base.metadata,
            Column("id", Integer, primary_key=True),
            Column("item_id", ForeignKey("items.id")),
            Column("ghost_id", ForeignKey("ghosts.id")),
        )
        """,
}


def test_foreign_keys(tmp_path):
    found = lint(tmp_path, FOREIGN_KEYS, bases=["app.db.Base", "app.db.Other"])
    assert where(found) == [
        ("LL306", "app/models.py", 9, 27),  # users.id: only identity.users exists
        ("LL306", "app/models.py", 11, 27),  # identity.stations: on Other's metadata
        ("LL306", "app/models.py", 14, 27),  # public.items: items is in the default schema
        ("LL306", "app/models.py", 24, 35),  # ghosts.id, in a Table(...)
    ]
    stations = message(found, "LL306", "app/models.py", 11)
    assert stations == (
        "ForeignKey(\"identity.stations.id\") refers to table 'identity.stations', which no "
        "model or Table on the same metadata defines (it is defined on the metadata of app.db.Other)"
    )
    assert message(found, "LL306", "app/models.py", 9).startswith(
        "ForeignKey(\"users.id\") refers to table 'users', which no model or Table"
    )


def test_foreign_keys_on_a_metadata_with_an_unknown_table_are_silent(tmp_path):
    files = dict(FOREIGN_KEYS)
    files["app/auto.py"] = UNKNOWABLE["declared_attr"]
    found = lint(tmp_path, files, bases=["app.db.Base", "app.db.Other"])
    assert found == []


def test_foreign_key_with_the_metadata_default_schema(tmp_path):
    """`MetaData(schema="x")`: 'users' is the table x.users, and ForeignKey("x.users.id")
    finds it (as SQLAlchemy does)."""
    files = {
        "app/db.py": """
            from sqlalchemy import Column, ForeignKey, MetaData
            from sqlalchemy.orm import DeclarativeBase
            class Base(DeclarativeBase):
                metadata = MetaData(schema="x")
            class User(Base):
                __tablename__ = "users"
            class Item(Base):
                __tablename__ = "items"
                a = Column(ForeignKey("x.users.id"))
                b = Column(ForeignKey("users.id"))
            """,
    }
    assert lint(tmp_path, files) == []


# -- if/else and try/except branches -----------------------------------------------------------

BRANCHES = {
    **DB,
    "app/models.py": """
        import sys
        from app.db import Base
        if sys.version_info >= (3, 11):
            class User(Base):
                __tablename__ = "users"
        else:
            class User(Base):
                __tablename__ = "users"
        try:
            import ujson
            class Account(Base):
                __tablename__ = "accounts"
        except ImportError:
            class Account(Base):
                __tablename__ = "accounts"
        try:
            from fastjson import Settings
        except ImportError:
            class Settings:
                pass
        """,
}


def test_a_class_redefined_in_branches_is_not_a_duplicate(tmp_path):
    contract = {"name": "Unique", "type": "unique", "classes": ["User", "Account", "*Settings"]}
    assert lint(tmp_path, BRANCHES, [contract]) == []


def test_a_table_defined_in_branches_is_not_a_duplicate(tmp_path):
    # One Table or the other, by database: only one definition runs.
    files = {
        **DB,
        "app/tables.py": """
            import os
            from sqlalchemy import Column, Integer, Table, Text
            from app.db import Base
            if os.environ.get("DB") == "postgresql":
                from sqlalchemy.dialects.postgresql import JSONB
                settings = Table("settings", Base.metadata, Column("v", JSONB))
            else:
                settings = Table("settings", Base.metadata, Column("v", Text))
            options = Table("options", Base.metadata, Column("v", Text))
            choices = Table("options", Base.metadata, Column("v", Text))
            """,
    }
    # `options` and `choices` both run: a duplicate.
    assert where(lint(tmp_path, files)) == [
        ("LL302", "app/tables.py", 9, 11),
        ("LL302", "app/tables.py", 10, 11),
    ]


def test_a_class_in_a_branch_still_counts_against_other_modules(tmp_path):
    files = {
        **BRANCHES,
        "app/settings.py": """
            class Settings:
                pass
            """,
        "app/users.py": """
            from app.db import Base
            class User(Base):
                __tablename__ = "app_users"
            """,
    }
    contract = {"name": "Unique", "type": "unique", "classes": ["*Settings"]}
    found = lint(tmp_path, files, [contract])
    assert where(found) == [
        ("LL201", "app/models.py", 19, 5),
        ("LL201", "app/settings.py", 1, 1),
        ("LL304", "app/models.py", 7, 5),
        ("LL304", "app/users.py", 2, 1),
    ]
    assert "app.settings (app/settings.py:1)" in message(found, "LL201", "app/models.py", 19)


# -- the `unique` contract ---------------------------------------------------------------------

UNIQUE_FILES = {
    "app/auth/service.py": """
        class RealAuthService:
            class Meta:
                pass
        class User:
            pass
        class user:
            pass
        """,
    "app/core/service.py": """
        class RealAuthService:
            class Meta:
                pass
        class FakeAuthServiceHelper:
            pass
        def factory():
            class User:
                pass
            return User
        """,
    "app/api/schemas.py": """
        class Outer:
            class User:
                pass
        class MockAuthService:
            pass
        """,
    "app/reexport/__init__.py": """
        from app.auth.service import User
        __all__ = ["User"]
        """,
    "app/reexport2.py": """
        from app.auth.service import User, RealAuthService as Service
        from app.auth import service
        UserAlias = User
        """,
}


def test_unique_patterns(tmp_path):
    contract = {
        "name": "One of each",
        "type": "unique",
        "classes": ["*AuthService", "User", "Meta"],
    }
    found = lint(tmp_path, UNIQUE_FILES, [contract])
    assert where(found) == [
        ("LL201", "app/auth/service.py", 1, 1),
        ("LL201", "app/core/service.py", 1, 1),
    ]
    text = message(found, "LL201", "app/auth/service.py", 1)
    assert text == (
        "Class 'RealAuthService' is defined in 2 modules: here in app.auth.service, and in "
        "app.core.service (app/core/service.py:1); keep one definition and import it elsewhere "
        "(contract 'One of each')"
    )
    assert found[0].severity == "error"


def test_unique_patterns_are_case_sensitive_fnmatch(tmp_path):
    files = {
        "app/a.py": "class User: pass\nclass UserRepo: pass\n",
        "app/b.py": "class user: pass\nclass UserRepo: pass\nclass Users: pass\n",
    }
    contract = {"name": "U", "type": "unique", "classes": ["User", "?ser", "User[!R]*"]}
    assert lint(tmp_path, files, [contract]) == []
    contract["classes"] = ["User*"]
    found = lint(tmp_path / "star", files, [contract])
    assert where(found) == [("LL201", "app/a.py", 2, 1), ("LL201", "app/b.py", 2, 1)]


def test_unique_three_definitions_name_all_others(tmp_path):
    files = {
        "app/a.py": "class User: pass\n",
        "app/b/c.py": "# c\n\nclass User: pass\n",
        "app/d.py": "if True:\n    class User: pass\n",
    }
    contract = {"name": "U", "type": "unique", "classes": ["User"]}
    found = lint(tmp_path, files, [contract])
    assert where(found) == [
        ("LL201", "app/a.py", 1, 1),
        ("LL201", "app/b/c.py", 3, 1),
        ("LL201", "app/d.py", 2, 5),
    ]
    text = message(found, "LL201", "app/a.py", 1)
    assert (
        "defined in 3 modules: here in app.a, and in app.b.c (app/b/c.py:3), app.d (app/d.py:2)"
        in text
    )


def test_unique_modules_scope(tmp_path):
    files = {
        "app/auth/models.py": "class User: pass\n",
        "app/core/models.py": "class User: pass\n",
        "app/api/models.py": "class User: pass\n",
        "lib/models.py": "class User: pass\n",
    }
    scoped = {
        "name": "U",
        "type": "unique",
        "classes": ["User"],
        "modules": ["app.auth", "app.core"],
    }
    found = lint(tmp_path, files, [scoped], root_packages=["app", "lib"])
    assert where(found) == [
        ("LL201", "app/auth/models.py", 1, 1),
        ("LL201", "app/core/models.py", 1, 1),
    ]
    assert "app.api" not in found[0].message
    # Default scope: every root package.
    default = {"name": "U", "type": "unique", "classes": ["User"]}
    found = lint(tmp_path / "all", files, [default], root_packages=["app", "lib"])
    assert len(found) == 4
    # One module in scope: nothing to compare with.
    single = {"name": "U", "type": "unique", "classes": ["User"], "modules": ["app.api"]}
    assert lint(tmp_path / "one", files, [single], root_packages=["app", "lib"]) == []


def test_unique_nested_classes_and_reexports_do_not_count(tmp_path):
    contract = {"name": "U", "type": "unique", "classes": ["User", "Meta", "Service", "UserAlias"]}
    assert lint(tmp_path, UNIQUE_FILES, [contract]) == []


def test_unique_excluded_files_are_not_counted(tmp_path):
    files = {
        "app/auth/models.py": "class User: pass\n",
        "app/legacy/models.py": "class User: pass\n",
        "app/generated_pb2.py": "class User: pass\n",
    }
    contract = {"name": "U", "type": "unique", "classes": ["User"]}
    assert lint(tmp_path, files, [contract], exclude=["app/legacy", "*_pb2.py"]) == []
    assert len(lint(tmp_path / "all", files, [contract])) == 3


ALEMBIC = {
    "app/db.py": """
        from sqlalchemy.orm import declarative_base
        Base = declarative_base()
        class User(Base):
            __tablename__ = "users"
        """,
    "alembic/env.py": """
        from sqlalchemy.orm import declarative_base
        from app.db import Base
        target_metadata = Base.metadata
        OtherBase = declarative_base()
        class User(OtherBase):
            __tablename__ = "users"
        """,
    "alembic/versions/0001_init.py": """
        from sqlalchemy.orm import declarative_base
        Base = declarative_base()
        class User(Base):
            __tablename__ = "users"
            __table_args__ = {"extend_existing": True}
        class User2(Base):
            __tablename__ = "users"
            parent = relationship("Nowhere")
        """,
    "migrations/env.py": """
        from sqlalchemy.orm import declarative_base
        B = declarative_base()
        class User: pass
        """,
}


@pytest.mark.parametrize("root_packages", [(), ("app",)], ids=["discovered", "configured"])
def test_files_outside_the_root_packages_are_never_scanned(tmp_path, root_packages):
    contract = {"name": "U", "type": "unique", "classes": ["User*"]}
    found = lint(
        tmp_path,
        ALEMBIC,
        [contract],
        root_packages=root_packages,
        namespaces=["alembic", "alembic/versions", "migrations"],
    )
    assert found == []


# -- unparsable files --------------------------------------------------------------------------


def test_a_syntax_error_among_the_models(tmp_path):
    files = {
        **DB,
        "app/broken.py": """
            from app.db import Base
            class Broken(Base):
                __tablename__ = "users"
                def f(:
                    pass
            """,
        "app/models.py": """
            from app.db import Base
            class User(Base):
                __tablename__ = "users"
            class User2(Base):
                __tablename__ = "users"
                __table_args__ = {"extend_existing": True}
            """,
        "app/other.py": "class Broken: pass\nclass Twice: pass\n",
        "app/again.py": "class Twice: pass\n",
    }
    contract = {"name": "U", "type": "unique", "classes": ["Broken", "Twice"]}
    found = lint(tmp_path, files, [contract])
    assert where(found) == [
        ("LL201", "app/again.py", 1, 1),
        ("LL201", "app/other.py", 2, 1),
        ("LL302", "app/models.py", 2, 1),
        ("LL302", "app/models.py", 4, 1),
        ("LL303", "app/models.py", 6, 23),
        ("LL901", "app/broken.py", 4, 11),
    ]
    assert message(found, "LL901", "app/broken.py", 4).startswith("Cannot parse app/broken.py: ")


def test_an_unparsable_base_module_does_not_crash(tmp_path):
    files = {
        "app/db.py": """
            from sqlalchemy.orm import declarative_base
            Base = declarative_base(
            """,
        "app/models.py": TWO_USERS,
        "app/binary.py": b"\xff\xfe\x00garbage\x00",
    }
    found = lint(tmp_path, files)
    assert where(found) == [("LL901", "app/binary.py", 1, 3), ("LL901", "app/db.py", 2, 24)]


# -- determinism and the cache -----------------------------------------------------------------

CACHE_FILES = {
    **DB,
    **LEGACY,
    "app/models.py": """
        from sqlalchemy import Column, ForeignKey
        from sqlalchemy.orm import relationship
        from app.db import Base
        class User(Base):
            __tablename__ = "users"
            __table_args__ = {"extend_existing": True}
            station_id = Column(ForeignKey("identity.stations.id"))
            bookings = relationship("Booking")
        """,
    "app/booking.py": """
        from app.legacy import Legacy
        class Booking(Legacy):
            __tablename__ = "bookings"
        """,
    "app/other.py": """
        from app.db import Base
        class Customer(Base):
            __tablename__ = "customers"
        """,
    "app/svc/a.py": "class AuthService: pass\n",
    "app/svc/b.py": "class AuthService: pass\n",
}
CACHE_CONTRACT = {"name": "U", "type": "unique", "classes": ["*Service", "User"]}


def full(root: Path, **options) -> list[tuple]:
    """Run from the project root: the paths in the messages are then relative to it."""
    with contextlib.chdir(root):
        outcome = run(RunOptions(paths=[root], **options))
    return [
        (d.code, d.file.relative_to(root).as_posix(), d.line, d.column, d.message)
        for d in outcome.report.diagnostics
    ]


def test_results_are_the_same_with_and_without_the_cache(tmp_path):
    root = project(tmp_path, CACHE_FILES, [CACHE_CONTRACT])
    cache = tmp_path / "cache"
    uncached = full(root, use_cache=False)
    assert {d[0] for d in uncached} == {"LL201", "LL301", "LL303", "LL305", "LL306"}
    cold = full(root, cache_dir=cache)
    assert (cache / "files.marshal").is_file()
    warm = full(root, cache_dir=cache)
    assert uncached == cold == warm
    # The default cache folder too, and a copy of the project elsewhere.
    assert full(root) == full(root) == uncached
    copy = tmp_path / "copy"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".layerlint_cache", ".*cache*"))
    assert full(copy, use_cache=False) == uncached


def test_an_edited_model_is_seen_between_cached_runs(tmp_path):
    root = project(tmp_path, CACHE_FILES, [CACHE_CONTRACT])
    cache = tmp_path / "cache"
    before = full(root, cache_dir=cache)
    assert not [d for d in before if d[0] == "LL302"]
    other = root / "app/other.py"
    # A second 'users' table: a new duplicate, found on the next cached run.
    other.write_text(other.read_text().replace("customers", "users"))
    after = full(root, cache_dir=cache)
    assert [d[:4] for d in after if d[0] == "LL302"] == [
        ("LL302", "app/models.py", 4, 1),
        ("LL302", "app/other.py", 2, 1),
    ]
    assert after == full(root, use_cache=False)
    # Same size, new content (and a later mtime): the edit is still seen.
    text = other.read_text()
    other.write_text(text.replace("users", "usrs2"))
    stat = other.stat()
    os.utime(other, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    assert len(other.read_text()) == len(text)
    again = full(root, cache_dir=cache)
    assert not [d for d in again if d[0] == "LL302"]
    assert again == full(root, use_cache=False) == before
    # A model file that stops being a model (no ORM mention left): LL305 on "Booking" goes,
    # since a plain class of that name exists (one we cannot place on a base).
    (root / "app/booking.py").write_text("class Booking:\n    pass\n")
    edited = full(root, cache_dir=cache)
    assert edited == full(root, use_cache=False)
    assert not [d for d in edited if d[0] == "LL305"]
    assert [d[:4] for d in edited if d[0] == "LL301"] == [
        ("LL301", "app/db.py", 2, 1),
        ("LL301", "app/legacy.py", 2, 1),
    ]


def test_output_does_not_depend_on_hash_seeds(tmp_path):
    root = project(tmp_path, CACHE_FILES, [CACHE_CONTRACT])
    outputs = []
    for seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-m", "layerlint", "check", "--no-cache", "--output-format", "json"],
            check=False,
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 1, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert [(i["code"], i["filename"], i["location"]["row"]) for i in json.loads(outputs[0])] == [
        (d[0], d[1], d[2]) for d in full(root, use_cache=False)
    ]


def test_cli_exit_status_and_json(tmp_path, cli):
    root = project(tmp_path, {**DB, "app/models.py": TWO_USERS})
    code, out, err = cli("check", "--no-cache", "--output-format", "json", cwd=root)
    assert code == 1, err
    items = json.loads(out)
    assert [
        (i["code"], i["filename"], i["location"]["row"], i["location"]["column"]) for i in items
    ] == [
        ("LL302", "app/models.py", 2, 1),
        ("LL302", "app/models.py", 4, 1),
    ]
    assert all(i["url"].endswith("/LL302.md") and i["contract"] is None for i in items)
    fixed = {**DB, "app/models.py": TWO_USERS.replace('"users"', '"accounts"', 1)}
    clean = project(tmp_path / "clean", fixed)
    assert cli("check", "--no-cache", cwd=clean)[0] == 0


# -- patterns of real projects (a helper's run of LL301-LL306 over 24 of them) ------------------


MIGRATION = """
    from alembic import op
    from sqlalchemy import Column, ForeignKey, Integer
    from sqlalchemy.orm import Session, declarative_base
    {header}
    Base = declarative_base()
    class Slice(Base):
        __tablename__ = "slices"
        id = Column(Integer, primary_key=True)
        dashboard_id = Column(Integer, ForeignKey("dashboards.id"))
    def upgrade():
        Session(bind=op.get_bind()).query(Slice).all()
    """

MAIN_MODELS = """
    from sqlalchemy import Column, ForeignKey, Integer
    from sqlalchemy.orm import declarative_base
    Base = declarative_base()
    class Dashboard(Base):
        __tablename__ = "dashboards"
        id = Column(Integer, primary_key=True)
    class Slice(Base):
        __tablename__ = "slices"
        id = Column(Integer, primary_key=True)
        dashboard_id = Column(Integer, ForeignKey("dashboards.id"))
    """


@pytest.mark.parametrize("migration", [True, False], ids=["alembic", "not-alembic"])
def test_alembic_migration_snapshot_models_are_left_out(tmp_path, migration):
    # superset, mlflow and aiida freeze copies of their models in migration scripts, on a
    # base of their own, to query them in upgrade(): that is Alembic's documented way, and
    # the copies never meet the real models. The same module without the revision
    # identifiers is an ordinary second base.
    header = 'revision = "0042"\n    down_revision = "0041"' if migration else "pass"
    files = {
        "app/models.py": MAIN_MODELS,
        "app/migrations/versions/0042_fix.py": MIGRATION.format(header=header),
    }
    found = lint(tmp_path, files)
    if migration:
        assert found == []
    else:
        assert where(found) == [
            ("LL301", "app/migrations/versions/0042_fix.py", 5, 1),
            ("LL301", "app/models.py", 3, 1),
            ("LL306", "app/migrations/versions/0042_fix.py", 9, 47),
        ]


@pytest.mark.parametrize("model_class", [True, False], ids=["model_class", "own-model"])
def test_flask_sqlalchemy_model_class_is_that_base(tmp_path, model_class):
    # Flask-SQLAlchemy 3.1's documented setup: db.Model is built from Base, one registry
    # and one MetaData (fittrackee). Without model_class, db.Model is a second base.
    argument = "model_class=Base" if model_class else ""
    files = {
        "app/db.py": f"""
            from flask_sqlalchemy import SQLAlchemy
            from sqlalchemy.orm import DeclarativeBase
            class Base(DeclarativeBase):
                pass
            db = SQLAlchemy({argument})
            """,
        "app/models.py": """
            from sqlalchemy import ForeignKey
            from sqlalchemy.orm import Mapped, mapped_column, relationship
            from app.db import Base, db
            class User(db.Model):
                __tablename__ = "users"
                id: Mapped[int] = mapped_column(primary_key=True)
            class Tag(Base):
                __tablename__ = "tags"
                id: Mapped[int] = mapped_column(primary_key=True)
                user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
                user: Mapped["User"] = relationship()
            """,
    }
    found = lint(tmp_path, files)
    if model_class:
        assert found == []
    else:
        assert where(found) == [
            ("LL301", "app/db.py", 3, 1),
            ("LL301", "app/db.py", 5, 1),
            ("LL305", "app/models.py", 11, 18),
            ("LL306", "app/models.py", 10, 53),
        ]


def test_extend_existing_only_where_a_table_is_defined(tmp_path):
    # airflow reflects the live schema with MetaData.reflect(..., extend_existing=True):
    # no second definition is merged there, nor in a Table that reflects (autoload_with)
    # or sits on a MetaData of its own.
    files = {
        **DB,
        "app/dbcheck.py": """
            from sqlalchemy import Column, Integer, MetaData, Table
            from app.db import Base
            def reflect(bind):
                metadata = MetaData()
                metadata.reflect(bind=bind, extend_existing=True)
                Table("users", MetaData(), autoload_with=bind, extend_existing=True)
                Table("users", Base.metadata, Column("id", Integer), extend_existing=True)
            """,
    }
    assert where(lint(tmp_path, files)) == [("LL303", "app/dbcheck.py", 7, 58)]


def test_schema_from_a_mixin_or_a_declared_attr_tells_tables_apart(tmp_path):
    files = {
        **DB,
        "app/models.py": """
            from sqlalchemy import Column, Integer
            from sqlalchemy.orm import declared_attr
            from app.db import Base
            class AuditSchema:
                __table_args__ = {"schema": "audit"}
            class Event(Base):
                __tablename__ = "events"
                id = Column(Integer, primary_key=True)
            class AuditEvent(AuditSchema, Base):
                __tablename__ = "events"
                id = Column(Integer, primary_key=True)
            class Log(Base):
                __tablename__ = "logs"
                id = Column(Integer, primary_key=True)
            class ArchivedLog(Base):
                __tablename__ = "logs"
                @declared_attr
                def __table_args__(cls):
                    return {"schema": "archive"}
                id = Column(Integer, primary_key=True)
            class MoreAudit(AuditSchema, Base):
                __tablename__ = "events"
                id = Column(Integer, primary_key=True)
            """,
    }
    # Event and AuditEvent are in two schemas; ArchivedLog's schema cannot be known (so
    # nothing is said of 'logs'); MoreAudit maps audit.events a second time.
    found = only(lint(tmp_path, files), "LL302")
    assert where(found) == [("LL302", "app/models.py", 9, 1), ("LL302", "app/models.py", 21, 1)]
    assert "Table 'audit.events'" in found[0].message


@pytest.mark.parametrize("environment", [True, False], ids=["env.py", "no-env.py"])
def test_helpers_in_an_alembic_environment_are_left_out(tmp_path, environment):
    # superset's migrations/shared/*.py freeze models for several scripts; they live in the
    # Alembic environment (env.py beside versions/), as the scripts do.
    files = {
        "app/models.py": MAIN_MODELS,
        "app/migrations/versions/0001_init.py": """
            revision = "0001"
            down_revision = None
            def upgrade():
                pass
            """,
        "app/migrations/shared/catalogs.py": """
            from sqlalchemy import Column, Integer
            from sqlalchemy.orm import declarative_base
            Base = declarative_base()
            class Database(Base):
                __tablename__ = "dbs"
                id = Column(Integer, primary_key=True)
            """,
    }
    if environment:
        files["app/migrations/env.py"] = "from app.models import Base\ntarget_metadata = Base.metadata\n"
    found = lint(tmp_path, files)
    expected = [] if environment else [
        ("LL301", "app/migrations/shared/catalogs.py", 3, 1),
        ("LL301", "app/models.py", 3, 1),
    ]
    assert where(found) == expected


def test_foreign_key_to_a_table_of_a_class_whose_base_cannot_be_placed(tmp_path):
    # keystone re-exports its base with `from app.core import *`: layerlint does not follow
    # star imports, so User's base is unknown; its table may be on Post's metadata, and
    # nothing is said of a foreign key to it. A table no class or Table names is still one.
    files = {
        "app/core.py": """
            from sqlalchemy.orm import declarative_base
            ModelBase = declarative_base()
            """,
        "app/sql/__init__.py": "from app.core import *  # noqa\n",
        "app/users.py": """
            from sqlalchemy import Column, Integer
            from app import sql
            class User(sql.ModelBase):
                __tablename__ = "users"
                id = Column(Integer, primary_key=True)
            """,
        "app/posts.py": """
            from sqlalchemy import Column, ForeignKey, Integer
            from app.core import ModelBase
            class Post(ModelBase):
                __tablename__ = "posts"
                id = Column(Integer, primary_key=True)
                user_id = Column(Integer, ForeignKey("users.id"))
                group_id = Column(Integer, ForeignKey("groups.id"))
            """,
    }
    assert where(lint(tmp_path, files)) == [("LL306", "app/posts.py", 7, 43)]


def test_table_on_the_metadata_of_db_model(tmp_path):
    files = {
        "app/models.py": """
            from flask_sqlalchemy import SQLAlchemy
            db = SQLAlchemy()
            tags = db.Table("tags", db.Model.metadata, db.Column("id", db.Integer))
            class Post(db.Model):
                __tablename__ = "posts"
                id = db.Column(db.Integer, primary_key=True)
                tag_id = db.Column(db.Integer, db.ForeignKey("tags.id"))
                group_id = db.Column(db.Integer, db.ForeignKey("groups.id"))
            """,
    }
    assert where(lint(tmp_path, files)) == [("LL306", "app/models.py", 8, 52)]


@pytest.mark.parametrize("derived", [True, False], ids=["derived", "unrelated"])
def test_a_subclass_of_flask_sqlalchemy_makes_db_model_a_base(tmp_path, derived):
    # indico's `db = IndicoSQLAlchemy()`: its 151 models were not checked at all. A class
    # that does not derive from SQLAlchemy makes nothing known.
    parent = "(SQLAlchemy)" if derived else ""
    files = {
        "app/db.py": f"""
            from flask_sqlalchemy import SQLAlchemy
            class MySQLAlchemy{parent}:
                pass
            db = MySQLAlchemy()
            """,
        "app/models.py": """
            from app.db import db
            class User(db.Model):
                __tablename__ = "users"
                id = db.Column(db.Integer, primary_key=True)
            class Customer(db.Model):
                __tablename__ = "users"
                id = db.Column(db.Integer, primary_key=True)
                orders = db.relationship("Order")
            """,
    }
    expected = [
        ("LL302", "app/models.py", 2, 1),
        ("LL302", "app/models.py", 5, 1),
        ("LL305", "app/models.py", 8, 30),
    ]
    assert where(lint(tmp_path, files)) == (expected if derived else [])
