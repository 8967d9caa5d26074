"""What Flask-SQLAlchemy 3 adds to a model: the automatic table name and the bind keys.

- A model on `db.Model` without a `__tablename__` of its own (nor one from a mixin) gets
  the snake case of its class name (`DynamicChallenge` -> `dynamic_challenge`), unless
  `SQLAlchemy(disable_autonaming=True)`. A subclass of a mapped model gets a table of its
  own (joined-table inheritance) only when it declares a primary key column; otherwise it
  shares its parent's (single-table).
- `__bind_key__ = "x"` (on the model, a parent or a mixin) and `db.Table(..., bind_key="x")`
  put the table on the metadata of bind "x": each bind has one of its own.
"""

from __future__ import annotations

import re

# Classes from outside the project known to set no `__tablename__`: a model deriving from
# anything else may take its table name from it.
_NAMELESS = ("sqlalchemy.", "flask_login.UserMixin", "flask_login.mixins.UserMixin")

_CAMEL = re.compile(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))")


def snake_case(name: str) -> str:
    """Flask-SQLAlchemy's `camel_to_snake_case`."""
    return _CAMEL.sub(r"_\1", name).lower().lstrip("_")


def nameless(external: str) -> bool:
    """Whether a class from outside the project leaves the table name alone."""
    return external.startswith(_NAMELESS)


def bind_metadata(metadata: str, bind_key: object) -> str:
    """The identity of the metadata of a bind (None: the default one)."""
    return metadata if bind_key is None else f"{metadata}[bind {bind_key}]"


def metadata_label(metadata: str, base_name: str) -> str:
    """How a message names a metadata: "app.db.Model", "app.db.Model bind 'auth'"."""
    _, _, bind = metadata.partition("[bind ")
    return f"{base_name} bind '{bind[:-1]}'" if bind else base_name
