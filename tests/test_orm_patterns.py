"""Issue #20: the patterns that made the SQLAlchemy rules cry wolf on real applications, and
the real problems they missed. Each case is a small project with its exact diagnostics, and
its twin: the same project with the problem (or without it) and the exact diagnostics
again. Then the project's own models are imported in a fresh interpreter (SQLAlchemy 2,
Flask-SQLAlchemy 3, SQLModel) to show that SQLAlchemy raises where a rule reports, and does
not where nothing is reported. layerlint itself never imports them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import diags, write_project

pytest.importorskip("flask_sqlalchemy")
pytest.importorskip("sqlmodel")


def lint(root: Path, files: dict[str, str], **settings) -> set[tuple[str, str, int]]:
    write_project(root, files, root_packages=settings.pop("root_packages", ("app",)), **settings)
    return {(d.code, d.path, d.line) for d in diags(root)}


def messages(root: Path, code: str) -> list[str]:
    return [d.message for d in diags(root) if d.code == code]


def runtime(root: Path, setup: str, step: str = "") -> str:
    """Run `setup` then `step` with the project on sys.path: "OK", or the exception
    `step` (or `setup`) raises, as "ClassName: first line of the message"."""
    script = (
        "import warnings\nwarnings.simplefilter('ignore')\n"
        + "try:\n"
        + textwrap.indent(textwrap.dedent(setup) + textwrap.dedent(step) or "pass\n", "    ")
        + "except Exception as error:\n"
        + "    print(f'{type(error).__name__}: {str(error).splitlines()[0]}')\n"
        + "else:\n    print('OK')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONSAFEPATH", None)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def already_defined(root: Path, imports: str, table: str) -> bool:
    """Importing these modules fails as SQLAlchemy fails on a second definition of `table`."""
    return runtime(root, f"import {imports}\n").startswith(
        f"InvalidRequestError: Table '{table}' is already defined for this MetaData instance."
    )


def no_referenced_table(out: str, column: str, table: str) -> bool:
    """`out` is SQLAlchemy's failure to find the table a foreign key of `column` names."""
    return out.startswith(
        f"NoReferencedTableError: Foreign key associated with column '{column}' could not find "
        f"table '{table}'"
    )


def model(name: str, table: str, base: str = "from app.db import Base") -> str:
    """A module with one model of one integer primary key on `base`."""
    base = base.replace("\n", "\n        ")
    return f"""
        from sqlalchemy import Column, Integer
        {base}
        class {name}(Base):
            __tablename__ = "{table}"
            id = Column(Integer, primary_key=True)
        """


CREATE_ALL = """
import {module}
from sqlalchemy import create_engine
from sqlalchemy.orm import configure_mappers
configure_mappers()
{module}.{base}.metadata.create_all(create_engine("sqlite://"))
"""

BASE = {
    "app/db.py": """
        from sqlalchemy.orm import DeclarativeBase
        class Base(DeclarativeBase):
            pass
        """,
}

FLASK = {
    "app/ext.py": """
        from flask import Flask
        from flask_sqlalchemy import SQLAlchemy
        db = SQLAlchemy()
        def create_app():
            app = Flask(__name__)
            app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
            app.config["SQLALCHEMY_BINDS"] = {"audit": "sqlite://"}
            db.init_app(app)
            return app
        """,
}
FLASK_CREATE_ALL = """
from app.ext import create_app, db
with create_app().app_context():
    db.create_all()
"""


# -- 2. a class mapped to a subquery is no table -------------------------------------------------

SUBQUERY = {
    **BASE,
    "app/models.py": """
        from sqlalchemy import Column, Integer, String, select
        from app.db import Base
        class User(Base):
            __tablename__ = "users"
            id = Column(Integer, primary_key=True)
            name = Column(String)
        class ActiveUser(Base):
            __table__ = select(User.__table__).where(User.name != "").alias("x")
        class NamedUser(Base):
            __table__ = select(User.__table__).where(User.name.like("A%")).alias("x")
        """,
}


def test_classes_mapped_to_subqueries_are_no_tables(tmp_path):
    root = tmp_path / "p"
    assert lint(root, SUBQUERY) == set()
    assert runtime(root, "import app.models\n", CREATE_ALL.format(module="app.db", base="Base")) == "OK"


def test_classes_mapped_to_tables_of_one_name_twin(tmp_path):
    root = tmp_path / "p"
    files = {
        **SUBQUERY,
        "app/models.py": SUBQUERY["app/models.py"]
        .replace('select(User.__table__).where(User.name != "").alias("x")',
                 'Table("x", Base.metadata, Column("id", Integer, primary_key=True))')
        .replace('select(User.__table__).where(User.name.like("A%")).alias("x")',
                 'Table("x", Base.metadata, Column("id", Integer, primary_key=True))')
        .replace("String, select", "String, Table"),
    }  # fmt: skip
    assert lint(root, files) == {("LL302", "app/models.py", 7), ("LL302", "app/models.py", 9)}
    assert already_defined(root, "app.models", "x")


# -- 3. a subclass extending its parent's table on purpose --------------------------------------

EXTENSION = {
    **BASE,
    "app/models.py": """
        from sqlalchemy import Column, Integer, String
        from app.db import Base
        class Challenge(Base):
            __tablename__ = "challenges"
            id = Column(Integer, primary_key=True)
            type = Column(String)
            __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "standard"}
        class DynamicChallenge(Challenge):
            __tablename__ = "challenges"
            __table_args__ = {"extend_existing": True}
            decay = Column(Integer)
            __mapper_args__ = {"polymorphic_identity": "dynamic"}
        """,
}


def test_subclass_extending_its_parents_table_is_ll303_only(tmp_path):
    root = tmp_path / "p"
    assert lint(root, EXTENSION) == {("LL303", "app/models.py", 10)}
    [text] = messages(root, "LL303")
    assert text.startswith(
        "extend_existing=True merges this definition of table 'challenges' into the other one "
        "(app.models.Challenge (app/models.py:3))"
    ), text
    out = runtime(
        root, "import app.models as m\n",
        CREATE_ALL.format(module="app.db", base="Base")
        + "assert m.DynamicChallenge.__table__ is m.Challenge.__table__\n",
    )  # fmt: skip
    assert out == "OK"


def test_subclass_repeating_its_parents_table_without_extend_existing_twin(tmp_path):
    root = tmp_path / "p"
    files = {
        **EXTENSION,
        "app/models.py": textwrap.dedent(EXTENSION["app/models.py"]).replace(
            '    __table_args__ = {"extend_existing": True}\n', ""
        ),
    }
    assert lint(root, files) == {("LL302", "app/models.py", 3), ("LL302", "app/models.py", 8)}
    assert already_defined(root, "app.models", "challenges")


# -- 4. test modules with bases of their own ---------------------------------------------------

OWN_BASE = "from sqlalchemy.orm import declarative_base\nBase = declarative_base()"
TESTS = {
    **BASE,
    "app/models.py": model("User", "users"),
    "tests/test_one.py": model("Thing", "things", OWN_BASE),
    "tests/sub/test_two.py": model("Thing", "things", OWN_BASE),
    "app/conftest.py": """
        from sqlalchemy.orm import DeclarativeBase
        class TestBase(DeclarativeBase):
            pass
        """,
}


def test_bases_of_test_modules_are_not_ll301(tmp_path):
    root = tmp_path / "p"
    assert lint(root, TESTS, root_packages=("app", "tests")) == set()
    assert runtime(root, "import app.models, tests.test_one, tests.sub.test_two\n") == "OK"


def test_test_modules_still_collide_on_the_applications_base_twin(tmp_path):
    """A test model on the application's base, mapping its table: pytest imports both."""
    root = tmp_path / "p"
    files = {
        **TESTS,
        "tests/test_three.py": model("FakeUser", "users"),
    }
    assert lint(root, files, root_packages=("app", "tests")) == {
        ("LL302", "app/models.py", 3),
        ("LL302", "tests/test_three.py", 3),
    }
    assert already_defined(root, "app.models, tests.test_three", "users")
    # the same bases outside the tests are three
    renamed = {"tests/test_one.py": "app/one.py", "tests/sub/test_two.py": "app/two.py",
               "app/conftest.py": "app/testbase.py"}  # fmt: skip
    moved = {renamed.get(k, k): v for k, v in TESTS.items()}
    assert {c for c, _, _ in lint(tmp_path / "q", moved)} == {"LL301"}
    assert len(lint(tmp_path / "q", moved)) == 4


# -- 5. two DeclarativeBase subclasses sharing one registry ------------------------------------

SHARED = {
    "app/db.py": """
        from sqlalchemy.orm import DeclarativeBase, registry
        shared = registry()
        class Base(DeclarativeBase):
            registry = shared
        class Other(DeclarativeBase):
            registry = shared
        """,
    "app/models.py": """
        from sqlalchemy import Column, ForeignKey, Integer
        from sqlalchemy.orm import relationship
        from app.db import Base, Other
        class Feedback(Base):
            __tablename__ = "feedback"
            id = Column(Integer, primary_key=True)
        class Answer(Other):
            __tablename__ = "answers"
            id = Column(Integer, primary_key=True)
            feedback_id = Column(ForeignKey("feedback.id"))
            feedback = relationship("Feedback")
        """,
}


def test_bases_sharing_one_registry_are_one_base(tmp_path):
    root = tmp_path / "p"
    assert lint(root, SHARED) == set()
    out = runtime(
        root, "import app.models\nfrom app.db import Base, Other\n",
        CREATE_ALL.format(module="app.db", base="Other")
        + "assert Base.registry is Other.registry and Base.metadata is Other.metadata\n",
    )  # fmt: skip
    assert out == "OK"


def test_bases_with_registries_of_their_own_twin(tmp_path):
    root = tmp_path / "p"
    files = {**SHARED, "app/db.py": SHARED["app/db.py"].replace("registry = shared", "pass")}
    assert lint(root, files) == {
        ("LL301", "app/db.py", 2),  # shared = registry(), now a registry of nothing
        ("LL301", "app/db.py", 3),
        ("LL301", "app/db.py", 5),
        ("LL305", "app/models.py", 11),
        ("LL306", "app/models.py", 10),
    }
    assert runtime(root, "import app.models\n", CREATE_ALL.format(module="app.db", base="Other")) == (
        "InvalidRequestError: When initializing mapper Mapper[Answer(answers)], expression "
        "'Feedback' failed to locate a name ('Feedback'). If this is a class name, consider "
        "adding this relationship() to the <class 'app.models.Answer'> class after both "
        "dependent classes have been defined."
    )


# -- 6. Flask-SQLAlchemy binds: one metadata each ----------------------------------------------

BINDS = {
    **FLASK,
    "app/models.py": """
        from app.ext import db
        class User(db.Model):
            __tablename__ = "users"
            id = db.Column(db.Integer, primary_key=True)
        class AuditModel(db.Model):
            __abstract__ = True
            __bind_key__ = "audit"
        class AuditUser(AuditModel):
            __tablename__ = "users"
            id = db.Column(db.Integer, primary_key=True)
        class Entry(AuditModel):
            __tablename__ = "entries"
            id = db.Column(db.Integer, primary_key=True)
            user_id = db.Column(db.ForeignKey("users.id"))
        audit_tags = db.Table("tags", db.Column("id", db.Integer), bind_key="audit")
        tags = db.Table("tags", db.Column("id", db.Integer))
        """,
}


def test_one_table_name_on_two_binds_is_no_duplicate(tmp_path):
    root = tmp_path / "p"
    assert lint(root, BINDS) == set()
    assert runtime(root, "import app.models\n", FLASK_CREATE_ALL) == "OK"


def test_foreign_key_across_binds_twin(tmp_path):
    root = tmp_path / "p"
    files = {**BINDS, "app/models.py": BINDS["app/models.py"].replace(
        '__tablename__ = "users"\n            id = db.Column(db.Integer, primary_key=True)\n'
        "        class Entry", '__tablename__ = "audit_users"\n'
        "            id = db.Column(db.Integer, primary_key=True)\n        class Entry",
    )}  # fmt: skip
    assert files != BINDS
    assert lint(root, files) == {("LL306", "app/models.py", 14)}
    [text] = messages(root, "LL306")
    assert "(it is defined on the metadata of app.ext.db.Model)" in text, text
    out = runtime(root, "import app.models\n", FLASK_CREATE_ALL)
    assert no_referenced_table(out, "entries.user_id", "users"), out


# -- 7, c. Flask-SQLAlchemy's automatic table names ----------------------------------------------

JOINED = {
    **FLASK,
    "app/models.py": """
        from app.ext import db
        class Challenge(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            type = db.Column(db.String(80))
            __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "standard"}
        class DynamicChallenge(Challenge):
            id = db.Column(db.Integer, db.ForeignKey("challenge.id"), primary_key=True)
            __mapper_args__ = {"polymorphic_identity": "dynamic"}
        class HiddenChallenge(Challenge):
            __mapper_args__ = {"polymorphic_identity": "hidden"}
        class Solve(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            challenge_id = db.Column(db.ForeignKey("dynamic_challenge.id"))
        class Role(db.Model):
            __tablename__ = "roles"
            id = db.Column(db.Integer, primary_key=True)
        class Team(db.Model):
            id = db.Column(db.Integer, primary_key=True)
        """,
}


def test_flask_joined_table_subclass_has_a_table_of_its_own(tmp_path):
    root = tmp_path / "p"
    assert lint(root, JOINED) == set()
    out = runtime(
        root, "import app.models as m\n",
        FLASK_CREATE_ALL + "print(m.DynamicChallenge.__table__.name, m.HiddenChallenge.__table__.name, "
        "m.Team.__table__.name, end=' ')\n",
    )  # fmt: skip
    assert out == "dynamic_challenge challenge team OK"


def test_flask_automatic_names_twin(tmp_path):
    """A foreign key to a name the automatic naming does not give, and a model named `role`
    beside one whose `__tablename__` is "role"."""
    root = tmp_path / "p"
    source = textwrap.dedent(JOINED["app/models.py"])
    files = {**JOINED, "app/models.py": source.replace('"dynamic_challenge.id"', '"dynamic_challenges.id"')}
    assert lint(root, files) == {("LL306", "app/models.py", 13)}
    out = runtime(root, "import app.models\n", FLASK_CREATE_ALL)
    assert no_referenced_table(out, "solve.challenge_id", "dynamic_challenges"), out
    root = tmp_path / "q"
    files = {**JOINED, "app/models.py": source.replace('__tablename__ = "roles"', '__tablename__ = "team"')}
    assert lint(root, files) == {
        ("LL302", "app/models.py", 14),
        ("LL302", "app/models.py", 17),
    }
    assert already_defined(root, "app.models", "team")


# -- 8. example and documentation apps, never imported together ----------------------------------

EXAMPLE_USER = model("User", "users")
EXAMPLES = {
    **BASE,
    "app/models.py": """
        from sqlalchemy import Column, Integer
        from app.db import Base
        class Account(Base):
            __tablename__ = "accounts"
            id = Column(Integer, primary_key=True)
        """,
    "examples/blog/models.py": EXAMPLE_USER,
    "examples/shop.py": EXAMPLE_USER,
    "docs/snippets/quickstart.py": EXAMPLE_USER,
}


def test_example_apps_do_not_collide_with_each_other(tmp_path):
    root = tmp_path / "p"
    assert lint(root, EXAMPLES, root_packages=("app", "examples", "docs")) == set()
    for module in ("examples.blog.models", "examples.shop", "docs.snippets.quickstart"):
        assert runtime(root, f"import app.models, {module}\n") == "OK"


def test_example_apps_collide_with_the_main_code_twin(tmp_path):
    root = tmp_path / "p"
    files = {**EXAMPLES, "app/models.py": EXAMPLES["app/models.py"].replace("Account", "User").replace('"accounts"', '"users"')}
    assert lint(root, files, root_packages=("app", "examples", "docs")) == {
        (code, path, 3)
        for code in ("LL302", "LL304")
        for path in ("app/models.py", "examples/blog/models.py", "examples/shop.py",
                     "docs/snippets/quickstart.py")
    }  # fmt: skip
    assert already_defined(root, "app.models, examples.shop", "users")


# -- a. metadata = a module-level MetaData with a naming convention ----------------------------

NAMING = {
    "app/db.py": """
        from sqlalchemy import MetaData
        from sqlalchemy.orm import DeclarativeBase
        naming = MetaData(naming_convention={"pk": "pk_%(table_name)s"})
        class Base(DeclarativeBase):
            metadata = naming
        """,
    "app/models.py": """
        from sqlalchemy import Column, ForeignKey, Integer
        from app.db import Base
        class User(Base):
            __tablename__ = "users"
            id = Column(Integer, primary_key=True)
        class Post(Base):
            __tablename__ = "posts"
            id = Column(Integer, primary_key=True)
            user_id = Column(ForeignKey("users.id"))
        """,
}


def test_metadata_named_in_the_base_is_read(tmp_path):
    root = tmp_path / "p"
    assert lint(root, NAMING) == set()
    assert runtime(root, "import app.models\n", CREATE_ALL.format(module="app.db", base="Base")) == "OK"


def test_metadata_named_in_the_base_twin(tmp_path):
    root = tmp_path / "p"
    source = textwrap.dedent(NAMING["app/models.py"])
    files = {**NAMING, "app/models.py": source.replace('"posts"', '"users"').replace('"users.id"', '"user.id"')}
    assert lint(root, files) == {
        ("LL302", "app/models.py", 3),
        ("LL302", "app/models.py", 6),
        ("LL306", "app/models.py", 9),
    }
    assert already_defined(root, "app.models", "users")
    root = tmp_path / "q"
    files = {**NAMING, "app/models.py": source.replace('"users.id"', '"user.id"')}
    assert lint(root, files) == {("LL306", "app/models.py", 9)}
    out = runtime(root, "import app.models\n", CREATE_ALL.format(module="app.db", base="Base"))
    assert no_referenced_table(out, "posts.user_id", "user"), out


# -- b. Flask-SQLAlchemy db.Table without a metadata argument ------------------------------------

ROLES_USERS = """
    from app.ext import db
    roles_users = db.Table(
        "roles_users",
        db.Column("user_id", db.Integer()),
        db.Column("role_id", db.Integer()),
    )
    """


def test_flask_db_table_once(tmp_path):
    root = tmp_path / "p"
    files = {**FLASK, "app/security.py": ROLES_USERS}
    assert lint(root, files) == set()
    assert runtime(root, "import app.security\n", FLASK_CREATE_ALL) == "OK"


def test_flask_db_table_twice_twin(tmp_path):
    root = tmp_path / "p"
    files = {**FLASK, "app/security.py": ROLES_USERS, "app/legacy.py": ROLES_USERS}
    assert lint(root, files) == {("LL302", "app/security.py", 2), ("LL302", "app/legacy.py", 2)}
    assert already_defined(root, "app.security, app.legacy", "roles_users")


# -- d. SQLModel Field(foreign_key=...) ---------------------------------------------------------

SQLMODEL = {
    "app/models.py": """
        from sqlmodel import Field, SQLModel
        class User(SQLModel, table=True):
            id: int | None = Field(default=None, primary_key=True)
        class Team(SQLModel, table=True):
            id: int | None = Field(default=None, primary_key=True)
            owner_id: int | None = Field(default=None, foreign_key="user.id")
        """,
}
SQLMODEL_CREATE_ALL = """
from sqlalchemy import create_engine
from sqlmodel import SQLModel
SQLModel.metadata.create_all(create_engine("sqlite://"))
"""


def test_sqlmodel_foreign_key_to_the_table_of_a_model(tmp_path):
    root = tmp_path / "p"
    assert lint(root, SQLMODEL) == set()
    assert runtime(root, "import app.models\n", SQLMODEL_CREATE_ALL) == "OK"


def test_sqlmodel_foreign_key_to_no_table_twin(tmp_path):
    root = tmp_path / "p"
    files = {"app/models.py": SQLMODEL["app/models.py"].replace('"user.id"', '"users.id"')}
    assert lint(root, files) == {("LL306", "app/models.py", 6)}
    out = runtime(root, "import app.models\n", SQLMODEL_CREATE_ALL)
    assert no_referenced_table(out, "team.owner_id", "users"), out


# -- 1. models in a folder without __init__.py (a namespace package inside a package) ------------

NAMESPACE = {
    **BASE,
    "app/models/feedback.py": model("Feedback", "feedback"),
    "app/survey.py": """
        from sqlalchemy import Column, ForeignKey, Integer
        from sqlalchemy.orm import relationship
        from app.db import Base
        class Survey(Base):
            __tablename__ = "surveys"
            id = Column(Integer, primary_key=True)
            feedback_id = Column(ForeignKey("feedback.id"))
            feedback = relationship("Feedback")
        """,
}


def test_models_in_a_namespace_folder_are_seen(tmp_path):
    root = tmp_path / "p"
    write_project(root, NAMESPACE, root_packages=("app",), namespaces=["app/models"])
    assert not (root / "app/models/__init__.py").exists()
    assert {(d.code, d.path, d.line) for d in diags(root)} == set()
    out = runtime(root, "import app.models.feedback, app.survey\n",
                  CREATE_ALL.format(module="app.db", base="Base"))  # fmt: skip
    assert out == "OK"


def test_models_in_a_namespace_folder_twin(tmp_path):
    """The folder's class is seen: a second one of its table is LL302, and a relationship
    to a name nothing defines is still LL305."""
    root = tmp_path / "p"
    files = {
        **NAMESPACE,
        "app/models/legacy.py": model("OldFeedback", "feedback"),
        "app/survey.py": NAMESPACE["app/survey.py"].replace('relationship("Feedback")', 'relationship("Feedbacks")'),
    }  # fmt: skip
    write_project(root, files, root_packages=("app",), namespaces=["app/models"])
    assert {(d.code, d.path, d.line) for d in diags(root)} == {
        ("LL302", "app/models/feedback.py", 3),
        ("LL302", "app/models/legacy.py", 3),
        ("LL305", "app/survey.py", 8),
    }
    assert already_defined(root, "app.models.feedback, app.models.legacy", "feedback")
    assert "failed to locate a name ('Feedbacks')" in runtime(
        root, "import app.models.feedback, app.survey\n", CREATE_ALL.format(module="app.db", base="Base")
    )


# -- coverage: what "All checks passed" rests on -------------------------------------------------


def test_statistics_say_what_the_rules_understood_and_skipped(tmp_path, capsys, monkeypatch):
    from layerlint.cli import main

    root = tmp_path / "p"
    files = {
        **NAMING,
        "app/more.py": """
            from sqlalchemy.orm import declared_attr
            from app.db import Base
            class Computed(Base):
                @declared_attr
                def __tablename__(cls):
                    return cls.__name__.lower()
            """,
    }
    lint(root, files)
    monkeypatch.chdir(root)
    capsys.readouterr()
    assert main(["check", "--no-cache", "--statistics"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("All checks passed")
    assert err == (
        "layerlint: SQLAlchemy rules: 1 declarative base, 3 mapped classes, 2 tables named, "
        "0 of 1 foreign key checked, 0 relationship strings; skipped: 1 table whose name is "
        "computed (the foreign keys on their metadata are not checked)\n"
    )


# -- a computed default schema (Airflow): foreign keys without a schema are still checked ---------

DEFAULT_SCHEMA = {
    "app/db.py": """
        import os
        from sqlalchemy import MetaData
        from sqlalchemy.orm import registry
        def _schema():
            return os.environ.get("APP_SCHEMA") or None
        metadata = MetaData(schema=_schema(), naming_convention={"pk": "%(table_name)s_pkey"})
        mapper_registry = registry(metadata=metadata)
        Base = mapper_registry.generate_base()
        """,
    "app/models.py": """
        from sqlalchemy import Column, ForeignKey, Integer, String
        from app.db import Base
        class Dag(Base):
            __tablename__ = "dag"
            dag_id = Column(String(250), primary_key=True)
        class DagRun(Base):
            __tablename__ = "dag_run"
            id = Column(Integer, primary_key=True)
            dag_id = Column(ForeignKey("dag.dag_id"))
        """,
}
RESOLVE_FOREIGN_KEYS = """
from app.db import Base
for table in Base.metadata.tables.values():
    for key in table.foreign_keys:
        key.column
"""


def test_foreign_keys_on_a_metadata_with_a_computed_default_schema(tmp_path):
    root = tmp_path / "p"
    assert lint(root, DEFAULT_SCHEMA) == set()
    assert runtime(root, "import app.models\n", RESOLVE_FOREIGN_KEYS) == "OK"


def test_foreign_keys_on_a_metadata_with_a_computed_default_schema_twin(tmp_path):
    root = tmp_path / "p"
    files = {**DEFAULT_SCHEMA, "app/models.py": DEFAULT_SCHEMA["app/models.py"].replace('"dag.dag_id"', '"dags.dag_id"')}
    assert lint(root, files) == {("LL306", "app/models.py", 9)}
    out = runtime(root, "import app.models\n", RESOLVE_FOREIGN_KEYS)
    assert no_referenced_table(out, "dag_run.dag_id", "dags"), out


def test_flask_automatic_name_with_a_mixin_from_a_library(tmp_path):
    """A library's mixin may set `__tablename__` (fastapi-users' does): the name is then not
    known, and nothing is said about it; flask_login's UserMixin sets none."""
    root = tmp_path / "p"
    files = {
        **FLASK,
        "app/models.py": """
            from flask_login import UserMixin
            from somelib.models import NamedMixin
            from app.ext import db
            class User(db.Model, UserMixin):
                id = db.Column(db.Integer, primary_key=True)
            class Account(NamedMixin, db.Model):
                id = db.Column(db.Integer, primary_key=True)
            class Login(db.Model):
                id = db.Column(db.Integer, primary_key=True)
                user_id = db.Column(db.ForeignKey("user.id"))
                account_id = db.Column(db.ForeignKey("accounts.id"))
            """,
    }
    assert lint(root, files) == set()
    files["app/models.py"] = files["app/models.py"].replace('"user.id"', '"users.id"')
    files["app/models.py"] = files["app/models.py"].replace("(NamedMixin, db.Model)", "(db.Model)")
    assert lint(tmp_path / "q", files) == {("LL306", "app/models.py", 10), ("LL306", "app/models.py", 11)}
