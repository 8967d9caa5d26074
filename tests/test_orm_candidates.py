"""Which modules the SQLAlchemy rules parse (orm/modules.py `candidate_modules`): those that
mention SQLAlchemy, and those whose classes derive from a model, a base or a name bound to
one. A class that merely shares a module with a model, or derives from such a class, does
not bring its module in: on Home Assistant that rule took 4,000 of 6,700 modules to the
parser (99 now), with the same findings."""

from __future__ import annotations

from pathlib import Path

from helpers import diags, write_project

from layerlint.config import load_config
from layerlint.orm.modules import candidate_modules
from layerlint.orm.names import Names
from layerlint.project import build_project

FILES = {
    "app/db.py": "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n",
    "app/models.py": (
        "from app.db import Base\n\n\n"
        "class User(Base):\n    __tablename__ = 'user'\n"
    ),
    # single-table inheritance: no mention of SQLAlchemy, found by its base's name; the
    # other class of the module is not a model
    "app/admin.py": (
        "from app.models import User\n\n\n"
        "class Admin(User):\n    pass\n\n\n"
        "class AdminForm:\n    pass\n"
    ),
    "app/owner.py": "from app import admin\n\n\nclass Owner(admin.Admin):\n    pass\n",
    # a base imported under another name, from a module that mentions SQLAlchemy
    "app/aliased.py": "from app.db import Base as B\n\n\nclass Thing(B):\n    pass\n",
    # not a model: a class deriving from a class that only shares a module with one
    "app/forms.py": "from app.admin import AdminForm\n\n\nclass LoginForm(AdminForm):\n    pass\n",
    "app/plain.py": "class Plain:\n    pass\n",
}


def candidates(root: Path) -> list[str]:
    config = load_config(root, None)
    project = build_project(config)
    return candidate_modules(project, Names(project))


def test_models_reached_through_their_bases_are_read_and_other_classes_are_not(tmp_path):
    write_project(tmp_path, FILES)
    assert candidates(tmp_path) == [
        "app.admin",
        "app.aliased",
        "app.db",
        "app.models",
        "app.owner",
    ]
    assert diags(tmp_path) == []


def test_a_subclass_of_a_model_that_reuses_a_table_is_still_reported(tmp_path):
    """The twin: a model two steps away from the module that mentions SQLAlchemy is read,
    and its collision found (LL302, two classes mapping table 'user')."""
    files = {
        **FILES,
        "app/owner.py": (
            "from app import admin\n\n\n"
            "class Owner(admin.Admin):\n    __tablename__ = 'user'\n"
        ),
    }
    write_project(tmp_path, files)
    assert "app.owner" in candidates(tmp_path)
    assert [(d.code, d.path, d.line) for d in diags(tmp_path)] == [
        ("LL302", "app/models.py", 4),
        ("LL302", "app/owner.py", 4),
    ]
