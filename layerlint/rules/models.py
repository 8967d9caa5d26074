"""The rules about classes and models: `unique` (LL201) and the SQLAlchemy rules
(LL301-LL306)."""

from __future__ import annotations

from layerlint.rules.registry import define

DUPLICATE_CLASS = define(
    "LL201",
    "duplicate-class",
    "A class that must exist once is defined in more than one module.",
    """
## What it does
Checks a `unique` contract: every class whose name matches one of its `classes` patterns
(`fnmatch` style: `*AuthService`, `User`) is defined in one module only, within the
contract's `modules` (default: the whole project). Each definition is reported, naming
the others. A definition is a module-level `class` statement (inside module-level `if` or
`try` blocks too); nested classes and re-exports (`from app.auth.models import User`) are
not definitions.

## Why is this bad?
Two classes with one name drift apart, and code imports whichever it finds first. One
post-mortem behind layerlint found nine `User` classes and two `RealAuthService` classes
in `auth/` and `core/`, with five files importing the wrong one.

## Example
```toml
[[tool.layerlint.contracts]]
name = "One auth service, one user model"
type = "unique"
classes = ["*AuthService", "User"]
```
```python
# app/security/auth/real_auth_service.py
class RealAuthService: ...      # LL201
# app/security/core/real_auth_service.py
class RealAuthService: ...      # LL201
```

## How to fix
Keep one definition. Where old import paths must keep working, re-export it:
`from app.security.core.real_auth_service import RealAuthService  # noqa: F401`.
""",
    scope="symbol",
    owners=("layerlint.contracts.unique",),
)

MULTIPLE_DECLARATIVE_BASES = define(
    "LL301",
    "multiple-declarative-bases",
    "The project defines more than one SQLAlchemy declarative base.",
    """
## What it does
Finds every SQLAlchemy declarative base in the project, from source: `declarative_base()`
(from `sqlalchemy.orm` or `sqlalchemy.ext.declarative`), subclasses of `DeclarativeBase`
and `DeclarativeBaseNoMeta`, `registry()` (with `generate_base()` or `@registry.mapped`),
`@as_declarative`, Flask-SQLAlchemy's `db.Model` (of `SQLAlchemy()` or of a subclass of
it; the base given as `SQLAlchemy(model_class=Base)`, when there is one) and SQLModel's
`table=True` models. Bases that share one `registry()` (`registry = shared` in the class
body) are one base.
When there is more than one, each is reported with the others listed. Alembic migration
scripts (modules that set `revision` and `down_revision` and define `upgrade`) are left
out of all the SQLAlchemy rules: the models they freeze, often on a base of their own,
exist only while the migration runs.

Bases made in test modules (in a `tests/`, `test/` or `testing/` folder, or a `test_*.py`,
`*_test.py` or `conftest.py` file) are the tests' own and are not reported; the other rules
still apply to test modules. Each file or folder directly under an `examples/`, `example/`,
`docs/`, `doc/` or `docs_src/` folder is an app of its own: its bases are compared with the
same app's only.

A project that really uses several databases lists the bases it means to have:
```toml
[tool.layerlint.orm]
bases = ["app.db.Base", "app.analytics.db.AnalyticsBase"]
```
Only the bases not in that list are then reported.

## Why is this bad?
Each base has its own class registry and its own `MetaData`. Models on different bases
cannot name each other in `relationship()`, foreign keys between them do not resolve, and
`create_all()` creates only some of the tables. The post-mortems behind layerlint found
three to five bases in one service, and a start-up that failed because of them.

## Example
```python
# app/infrastructure/persistence/base.py
class Base(DeclarativeBase): ...          # LL301
# app/domain/session_models.py
Base = declarative_base()                 # LL301
```

## How to fix
Keep one base and import it everywhere (`from app.db import Base`); or, if there are
really several databases, list the intended bases in `[tool.layerlint.orm] bases`.
""",
    scope="symbol",
    owners=("layerlint.orm.checks",),
)

DUPLICATE_TABLE = define(
    "LL302",
    "duplicate-table",
    "Two mapped classes or `Table` objects map the same table.",
    """
## What it does
Reports every mapped class (or `Table(...)`) that maps a table another one maps too: the
same table name and schema on the same `MetaData`. The schema comes from
`__table_args__` (a dict, or a tuple ending in a dict; the class's own, else a mixin's or
an abstract parent's) or `Table(..., schema=...)`. The same name in another schema, or on
another base's metadata, is not a duplicate. Classes whose table name or schema cannot be
known statically (`declared_attr`, a base from a library) are left alone. A class or a
`Table(...)` whose name the module binds again later (one in an `if`, the other in its
`else`) counts once: only one of them runs. A class mapped to a `select()` (a subquery)
maps no table; a subclass that repeats its mapped parent's table with
`extend_existing=True` extends that table on purpose (LL303 still reports the option).
Flask-SQLAlchemy models without `__tablename__` are named as Flask-SQLAlchemy 3 names
them (`DynamicChallenge` -> `dynamic_challenge`; a subclass of a mapped model gets a table
of its own only when it declares a primary key); `db.Table(...)` is on `db`'s metadata;
each `__bind_key__` (and `db.Table(..., bind_key=...)`) has a metadata of its own. Two
example or documentation apps (see LL301) never collide with each other, only with the
main code or within the same app.

## Why is this bad?
SQLAlchemy refuses the second definition at import time ("Table 'customers' is already
defined for this MetaData instance") or, with `extend_existing=True`, silently merges two
different column sets into one table. One post-mortem found three `Customer` models
mapping `customers` with different columns, and writes going to the wrong one.

## Example
```python
class Customer(Base):
    __tablename__ = "customers"          # LL302
class StripeCustomer(Base):
    __tablename__ = "customers"          # LL302
```

## How to fix
Keep one model per table and import it where it is needed; rename or delete the legacy
one. A model for another schema says so in `__table_args__ = {"schema": "core"}`.
""",
    scope="symbol",
    owners=("layerlint.orm.checks",),
)

EXTEND_EXISTING = define(
    "LL303",
    "extend-existing",
    "`extend_existing=True` hides a duplicate table definition.",
    """
## What it does
Reports `extend_existing=True` where a table is defined: in a `__table_args__` dict, or
as a keyword of `Table(...)`. Not where no second definition can be merged: reflecting the
database (`MetaData.reflect(...)`, a `Table` with `autoload_with`), or a `Table` on a
`MetaData()` made for it alone. The message names the other definitions of the table
that it merges into, or says that there is none (the option then merges nothing yet).

## Why is this bad?
`extend_existing` tells SQLAlchemy to accept a second definition of a table and merge it
into the first. It is almost always added to silence "Table is already defined", and it
moves the failure somewhere harder to find: in one post-mortem, a second `User` class with
`extend_existing=True` made every string lookup fail with "Multiple classes found for
path 'User'" and stopped a suite of 6,000 tests.

## Example
```python
class User(Base):
    __tablename__ = "users"
    __table_args__ = ({"extend_existing": True},)   # LL303
```

## How to fix
Delete the second definition and re-export the first one
(`from app.auth.models import User  # noqa: F401`). If the option is really needed (for
instance in tests that reflect tables), suppress it with `# noqa: LL303`.
""",
    scope="symbol",
    owners=("layerlint.orm.checks",),
)

DUPLICATE_MAPPED_CLASS_NAME = define(
    "LL304",
    "duplicate-mapped-class-name",
    "Two mapped classes on one base have the same class name.",
    """
## What it does
Reports mapped classes that share a class name on the same declarative base (the same
class registry), each naming the others.

## Why is this bad?
SQLAlchemy resolves the strings in `relationship("User")` and `foreign_keys="User.id"`
through the registry by class name. With two `User` classes it cannot choose, and the
mappers fail to configure: "Multiple classes found for path "User" in the registry of
this declarative base".

## Example
```python
# app/auth/models.py
class User(Base): ...       # LL304
# app/users/models.py
class User(Base): ...       # LL304
```

## How to fix
Keep one class and import it elsewhere; if both are needed, give them different names.
""",
    scope="symbol",
    owners=("layerlint.orm.checks",),
)

UNRESOLVED_RELATIONSHIP = define(
    "LL305",
    "unresolved-relationship",
    "`relationship()` names a class that is not mapped on the same base.",
    """
## What it does
Checks the string targets of `relationship("X")` and `relationship("module.X")` in mapped
classes: `X` must be a class mapped on the same declarative base. The message says when
`X` exists but is mapped on another base. When `X` is a class layerlint cannot place on a
base, nothing is reported.

## Why is this bad?
The string is looked up when the mappers are configured, at the first query: the
service starts, then fails with "When initializing mapper ..., expression 'Booking'
failed to locate a name". One post-mortem lost a day to a `Station` model whose
relationship pointed at a `Booking` class on another base.

## Example
```python
class Station(CoreBase):
    __tablename__ = "stations"
    bookings = relationship("Booking")     # LL305: Booking is on another base
```

## How to fix
Map both classes on one base (see LL301), or correct the class name.
""",
    scope="symbol",
    owners=("layerlint.orm.checks",),
)

UNRESOLVED_FOREIGN_KEY = define(
    "LL306",
    "unresolved-foreign-key",
    '`ForeignKey("table.column")` names a table no model on the same metadata defines.',
    """
## What it does
Checks the string targets of `ForeignKey("table.column")`,
`ForeignKey("schema.table.column")` and SQLModel's `Field(foreign_key="table.column")`: the
table must be defined (by a mapped class or a `Table(...)`) on the same `MetaData` as the
column (for Flask-SQLAlchemy, the same bind). When a table on that metadata cannot be
named statically, nothing is reported for it; nor for a table that a class or `Table(...)`
defines on a base or metadata layerlint cannot follow (a base re-exported with
`import *`, a base from a library): it may be the one.

## Why is this bad?
SQLAlchemy resolves the string when the table is created or the mappers are configured:
`create_all()` fails with "Foreign key associated with column ... could not find table
'identity.stations'". One post-mortem spent two hours on a foreign key to a table that was
defined on another base's metadata, then not at all.

## Example
```python
class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = {"schema": "core"}
    station_id = Column(ForeignKey("identity.stations.id"))   # LL306
```

## How to fix
Define the referenced table on the same metadata (with the right schema), or correct the
string. A table that really lives outside the models can be declared with
`Table("stations", Base.metadata, ..., schema="identity")`.
""",
    scope="symbol",
    owners=("layerlint.orm.checks",),
)
