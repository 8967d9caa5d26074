"""The registry of every rule layerlint reports: code, name, summary, explanation, its
severity, what it is about (its scope) and the modules that check it (its owners).

Docs (`docs/rules/`), `layerlint explain`, SARIF rule metadata (with each rule's level)
and the drawing's list of import rules are all generated from here.
"""

from __future__ import annotations

from typing import NamedTuple

DOCS_URL = "https://github.com/layerlint/layerlint/blob/main/docs/rules/{code}.md"


# What a rule is about: an import statement (a contract's chain starts there), a class or
# model (symbols), a whole file, or the configuration and baseline.
SCOPES = ("import", "symbol", "file", "configuration")


class Rule(NamedTuple):
    code: str
    name: str
    summary: str
    explanation: str
    scope: str
    owners: tuple[str, ...]  # the modules that check it and report its code
    severity: str = "error"  # "warning": shown, never fails a run

    @property
    def url(self) -> str:
        return DOCS_URL.format(code=self.code)


RULES: dict[str, Rule] = {}


def _rule(
    code: str,
    name: str,
    summary: str,
    explanation: str,
    *,
    scope: str,
    owners: tuple[str, ...],
    severity: str = "error",
) -> None:
    RULES[code] = Rule(code, name, summary, explanation.strip("\n"), scope, owners, severity)


def codes_of(scope: str) -> tuple[str, ...]:
    """The codes of the rules about `scope` (one of SCOPES), in order."""
    return tuple(code for code, rule in sorted(RULES.items()) if rule.scope == scope)


_rule(
    "LL101",
    "layers-violation",
    "A lower layer imports a higher layer.",
    """
## What it does
Checks a `layers` contract: every layer may import the layers listed below it, never the
ones above it. Siblings written `a | b` must not import each other; siblings written
`a : b` may. With `containers`, the same stack is checked inside every container.

The diagnostic sits on the import statement in the lower layer that starts the illegal
dependency. For an indirect dependency the message gives the whole chain
(`app.domain.user -> app.services.mail -> app.api.routes`).

## Why is this bad?
Layers exist so that the core of a service can change, be tested and be reused without
the outer layers. One post-mortem behind layerlint found services importing routes and
domain code importing the database layer: every change rippled outwards, and import
cycles between the layers stopped the service from starting.

## Example
```toml
[[tool.layerlint.contracts]]
name = "Clean architecture"
type = "layers"
layers = ["app.api", "app.services", "app.domain"]
```
```python
# app/domain/user.py
from app.api.schemas import UserOut   # LL101: the domain layer imports the API layer
```

## How to fix
Move the shared code down into the lower layer, or invert the dependency: let the higher
layer pass what the lower layer needs (a function, a protocol) instead of the lower layer
importing it. Imports you accept for now go into the contract's `ignore_imports`, into a
baseline, or get a `# noqa: LL101` comment on the import line.
""",
    scope="import",
    owners=("layerlint.contracts.layers",),
)

_rule(
    "LL102",
    "forbidden-import",
    "A module imports something a `forbidden` contract forbids.",
    """
## What it does
Checks a `forbidden` contract: no module in `source_modules` may import a module in
`forbidden_modules`, directly or (unless `allow_indirect_imports = true`) through other
modules. External packages can be named at any depth: `sqlalchemy` forbids the whole
package, `sqlalchemy.orm.Session` only imports of that name.

## Why is this bad?
The post-mortems behind layerlint begin with domain code importing SQLAlchemy and routes
using the synchronous `Session` in async handlers. Each such import couples the code to a
framework it should not know about, and each one is cheap to stop at review time and
expensive to remove later.

## Example
```toml
[[tool.layerlint.contracts]]
name = "Domain is pure Python"
type = "forbidden"
source_modules = ["app.domain"]
forbidden_modules = ["sqlalchemy", "fastapi"]
```
```python
# app/domain/customer.py
from sqlalchemy import Column   # LL102
```

## How to fix
Keep the framework at the edge: define plain classes or protocols in the source modules
and implement them where the framework is allowed. Accepted exceptions go into
`ignore_imports` or get `# noqa: LL102`.
""",
    scope="import",
    owners=("layerlint.contracts.forbidden",),
)

_rule(
    "LL103",
    "independence-violation",
    "Modules that must be independent import each other.",
    """
## What it does
Checks an `independence` contract: none of the listed modules (packages, with everything
inside them) may import another, directly or indirectly.

## Why is this bad?
Independent components can be changed, tested, deployed and deleted on their own. One
import between them, and the next one follows; soon two "separate" authentication
systems import each other's models and neither can be removed.

## Example
```toml
[[tool.layerlint.contracts]]
name = "Bounded contexts"
type = "independence"
modules = ["app.billing", "app.booking"]
```
```python
# app/billing/invoice.py
from app.booking.models import Booking   # LL103
```

## How to fix
Move what both need into a shared lower-level module, or communicate through an
interface owned by one side. Accepted exceptions go into `ignore_imports` or get
`# noqa: LL103`.
""",
    scope="import",
    owners=("layerlint.contracts.independence",),
)

_rule(
    "LL104",
    "protected-import",
    "A module that is not an allowed importer imports a protected module.",
    """
## What it does
Checks a `protected` contract: the `protected_modules` may be imported directly only by
the `allowed_importers` (and, with `as_packages`, by their own submodules). External
modules can be protected at any depth, e.g. `sqlalchemy.orm.Session`.

## Why is this bad?
Some modules are meant to be reached through one door: the persistence models through
the repositories, the real authentication service through its facade. When five files
import `RealAuthService` from the wrong folder, a later clean-up breaks them all.

## Example
```toml
[[tool.layerlint.contracts]]
name = "Models only through repositories"
type = "protected"
protected_modules = ["app.infrastructure.models"]
allowed_importers = ["app.infrastructure.repositories"]
```
```python
# app/api/users.py
from app.infrastructure.models import UserModel   # LL104
```

## How to fix
Import through the allowed module instead, or add the importer to `allowed_importers`
if it really is meant to have access.
""",
    scope="import",
    owners=("layerlint.contracts.protected",),
)

_rule(
    "LL105",
    "import-cycle",
    "Modules import each other in a cycle.",
    """
## What it does
Checks an `acyclic` contract (no cycle among the modules under `packages`) or an
import-linter `acyclic_siblings` contract (no cycle among the children of `ancestors`).
Each import to remove is reported once, at its first statement, with the whole cycle it
closes in the message and its other statements in the details (`remove: a -> b (l.3,
l.9)`): the number of diagnostics is the number of imports to change.

For `acyclic`, the imports are those that break every cycle with the fewest import
statements: the exact minimum where a group of modules on cycles is small enough (at most
400 imports, found within 5,000 search steps: most are), preferring, among equally small
sets, imports already deferred, then the first by name; beyond, a minimal set from a
heuristic. The exact choice is stable: removing an import LL105 named leaves the others
named, and an edit outside the group changes nothing in it, so a baseline entry (keyed by
the import, never by lines) survives such edits. A package and a module inside it
importing each other are left out unless `package_submodule_cycles = true`. For
`acyclic_siblings`, the imports are grimp's (import-linter's), one diagnostic per
dependency between two children, as lint-imports counts them.

The message says whether every link of the cycle runs at import time (at module level,
not inside a function, not under `if TYPE_CHECKING:`, and not a Python 3.15
`lazy import`, which runs when its name is first used). Such a cycle can stop a service
from starting with `ImportError: cannot import name ... (most likely due to a circular
import)`, but most do not: a package importing its submodules, which import names the
package has already bound, runs fine. So the message says that a cycle fails at start-up
only where LL401 shows the failure (and names LL401's statement); otherwise it says the
cycle couples the modules. A cycle with a deferred link is harmless at start-up but still
couples the modules.

## Why is this bad?
Import cycles make start-up depend on import order, and they weld modules together so
that neither can be understood, tested or moved alone. Several of the post-mortems behind
layerlint end in a service that cannot start because of one.

## Example
```python
# app/orders.py
from app.customers import Customer      # app.orders -> app.customers
# app/customers.py
from app.orders import Order            # LL105: app.customers -> app.orders -> app.customers
```

## How to fix
Move the shared definitions into a third module both can import, or defer one import
into the function that needs it (the cycle then no longer runs at import time, and the
message says so). A cycle that fails at start-up is fixed first (see LL401). Accepted
cycles go into `ignore_imports` or get `# noqa: LL105`.
""",
    scope="import",
    owners=("layerlint.contracts.acyclic", "layerlint.contracts.acyclic_siblings"),
)

_rule(
    "LL106",
    "private-module-import",
    "A private module is imported from outside its parent package.",
    """
## What it does
Checks a `private_modules` contract (import-linter 2.17's type, with its semantics): a
module whose name's last part starts with an underscore (`app.billing._calc`; dunder
names such as `__main__` are not private, nor is a top-level module) may be imported only
by its parent package (`app.billing`) and the parent's submodules. The submodules of a
private module are covered by it: `app.billing._calc.rates` is private to `app.billing`
as well. Where a name has several private parts, the innermost decides
(`app._core.billing._calc` may be imported only from `app._core.billing` and below).

`packages_with_private_modules` limits the check to the private modules inside those
packages (wildcards allowed; each entry must match a module and none may itself be
private); without it, every private module of the project is checked. Only direct imports
are checked. The diagnostic sits on each import statement of a private module from
outside its parent.

## Why is this bad?
An underscore is how Python code says "not part of this package's interface". An import
of another package's private module couples the importer to an implementation detail its
owners feel free to change, and is the first step to two packages that cannot be changed
apart.

## Example
```toml
[[tool.layerlint.contracts]]
name = "Private modules stay private"
type = "private_modules"
packages_with_private_modules = ["app"]
```
```python
# app/shop/cart.py
from app.billing._calc import total   # LL106: only app.billing may import app.billing._calc
```

## How to fix
Import what the parent package offers instead (`from app.billing import total`), and
have the parent re-export what other packages need. If the module is meant to be used
from outside, drop the underscore from its name.
""",
    scope="import",
    owners=("layerlint.contracts.private_modules",),
)

_rule(
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

_rule(
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

_rule(
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

_rule(
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

_rule(
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

_rule(
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

_rule(
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

_rule(
    "LL401",
    "import-fails-at-startup",
    "A `from X import name` that fails at start-up: X is still being imported (a cycle).",
    """
## What it does
Follows Python's import order without running anything: the module-level statements of
each module in order, packages before their submodules (`import a.b.c` imports `a`,
then `a.b`, then `a.b.c`), the bodies of functions, `if TYPE_CHECKING:` blocks and
Python 3.15 `lazy import`s left for later. Each module on an import cycle is tried as
the first one imported (on cycles of at most 2,000 modules, until 100,000 statements have
been followed: real packages take a few thousand). LL401 reports every `from X import name` that then runs while
`X` is still being imported and has not bound `name` yet: Python raises
`ImportError: cannot import name 'name' from partially initialized module 'X' (most
likely due to a circular import)`. The message says which first import fails, through
which imports, and where `X` binds `name`; the full format lists each statement.

It needs no contract. It stays silent where it cannot be sure: `X` has a star import, a
module `__getattr__`, uses `globals()` (or `vars()`, `exec`, `sys.modules`), binds
`name` only conditionally or from a function (`global`); the path to the failure goes
through an `if`, a loop or an `except` block, or a module-level call of a function of
the module that imports; or an enclosing `try` may catch the ImportError. A
`from pkg import submodule` never fails this way (the import system loads the
submodule), nor does `import x` (whose names are used later, inside functions).

## Why is this bad?
The service does not start, or starts only when its modules happen to be imported in
another order (a test importing `app.routes` first passes while `import app` fails in
production). The failure appears far from the edit that caused it: one import added
at the top of a module.

## Example
```python
# app/__init__.py
from app.routes import bp   # runs app/routes.py before `db` exists
db = make_db()
# app/routes.py
from app import db          # LL401: app is still being imported and has no `db` yet
```

## How to fix
Bind the name before the import that closes the cycle (move `db = ...` above
`from app.routes import bp`), move the shared object to a module of its own that both
import, or import the module instead of the name (`import app` and `app.db` used inside
functions). Deferring the import into the function that needs it also works.
""",
    scope="import",
    owners=("layerlint.startup",),
)

_rule(
    "LL901",
    "unparsable-file",
    "A Python file could not be parsed.",
    """
## What it does
Reports a file that cannot be read as Python 3 source: a syntax error, Python 2 code,
an undecodable byte sequence, a NUL byte, a coding cookie after a UTF-8 BOM, a statement
nested too deeply for Python's parser. The diagnostic points at the error. A module file
that cannot be read at all is reported too: a broken link, one that is not a regular file
(a named pipe, a link to a device: Python does not import those), one larger than 32 MiB
(it is not read).

## Why is this bad?
layerlint cannot see the imports of a file it cannot parse, so every contract is blind
to that file. The rest of the project is still checked; this diagnostic makes sure the
gap is not silent.

## Example
```python
print "hello"   # LL901: Python 2 syntax
```

## How to fix
Fix the syntax or the encoding, or add the file to `exclude` if it is not Python 3
source (generated code, fixtures, templates).
""",
    scope="file",
    owners=("layerlint.diagnostics",),
)

_rule(
    "LL902",
    "unmatched-ignore-import",
    "An `ignore_imports` entry matches no import.",
    """
## What it does
Reports an `ignore_imports` entry of a contract that matches no import in the project,
as import-linter does. `unmatched_ignore_imports_alerting` chooses how: `error` (the
default) reports it as an error, `warn` as a warning that does not fail the run, `none`
not at all.

## Why is this bad?
An ignore entry that matches nothing is left over from an import that was fixed or
moved. It hides nothing today, but it will silently permit the same violation if it
comes back.

## Example
```toml
ignore_imports = ["app.domain.user -> app.api.schemas"]   # LL902 once the import is gone
```

## How to fix
Delete the entry (or correct it, if a module was renamed).
""",
    scope="configuration",
    owners=("layerlint.contracts.base",),
)


_rule(
    "LL903",
    "fixed-baseline-entry",
    "A baseline entry matches nothing any more: the problem was fixed.",
    """
## What it does
With `baseline = "layerlint-baseline.json"` in `[tool.layerlint]`, the problems recorded in
the baseline are not reported; new ones are. An entry that no longer matches anything is
reported as LL903, at its line in the baseline file.

Entries name what is violated (the code, the file, the contract, and "importer ->
imported", the class or the table), not where: moving an import or editing the lines
around it does not bring a recorded problem back. The same violation twice in one file is
recorded with a count of 2.

## Why is this bad?
A stale entry would let the same problem come back unnoticed. Removing it makes the
baseline a ratchet: it only ever shrinks.

## Example
```
layerlint-baseline.json:4:1: LL903 Fixed: LL101 app.services.mail -> app.api.routes in
src/app/services/mail.py is no longer found: remove it from the baseline
```

## How to fix
Run `layerlint check --write-baseline`: it records the problems found today, without the
fixed ones.
""",
    scope="configuration",
    owners=("layerlint.baseline",),
)


_rule(
    "LL904",
    "shadowed-module",
    "A module file is hidden by a package of the same name, so it is never imported.",
    """
## What it does
Reports a file `x.py` that sits beside a package folder `x/` (one with an `__init__.py`).
It is a warning: it does not fail the run.

## Why is this bad?
`import app.x` imports the package `app/x/`; `app/x.py` is never imported, by anything.
Yet it reads like live code: people edit it, review it and import names "from" it that
really come from the package, the way two copies of one service in two folders drift
apart. layerlint does what Python does: it checks the package and leaves the file out, so
this warning is the only sign the file is dead.

## Example
```
app/x.py            # LL904: never imported
app/x/__init__.py   # what `import app.x` imports
```

## How to fix
Move what is still needed from `x.py` into the package (`x/__init__.py` or a module
inside it) and delete the file; or rename one of the two.
""",
    scope="file",
    owners=("layerlint.diagnostics",),
    severity="warning",
)


_rule(
    "LL906",
    "unusable-configuration",
    "layerlint's configuration cannot be used, so the file was not checked (flake8 plugin).",
    """
## What it does
Through the flake8 plugin, a configuration layerlint cannot use (a contract of an unknown
type, a key with a typo, a module a contract names that does not exist, a baseline file
that is missing) is reported on every file checked, at its first line, with the same
one-line message `layerlint check` stops on (exit 2): the file and the key at fault.

## Why is this bad?
Nothing of layerlint is checked until the configuration is fixed. Stopping flake8 instead
would blank the editor's whole lint (its own and every other plugin's warnings), and the
error would only show in a log nobody reads.

## Example
```toml
[[tool.layerlint.contracts]]
name = "Domain is pure"
type = "forbiden"
```
```
src/app/api.py:1:1: LL906 layerlint cannot check this file: pyproject.toml: contract 'Domain is pure' (#1): key 'type': unknown contract type 'forbiden' (did you mean 'forbidden'?)
```

## How to fix
Fix the configuration as the message says; `layerlint check` gives the same message.
""",
    scope="configuration",
    owners=("layerlint.flake8_plugin",),
)

_rule(
    "LL905",
    "newer-syntax",
    "A file was read with parts of its syntax set aside: the running Python cannot parse it.",
    """
## What it does
layerlint reads a file's imports with grimp's parser, which knows the newest Python
grammar, but what the file defines (its classes, for `unique` contracts; its models and
tables, for the SQLAlchemy rules) with the parser of the Python it runs on. A file written
for a newer Python (`type UserId = int`, `class Repo[T]:`, `t"..."`, `except A, B:`,
`lazy import x`) is read all the same: its newer constructs, which hold no import, class or
table, are set aside in place, and the message says which, and which Python the file
needs:

```
app/models.py:3:1: LL905 app/models.py needs Python 3.12 (layerlint runs on Python 3.11):
read with `type` statements left out, type parameter lists left out; nothing else in it
was skipped
```

When even that leaves a statement Python cannot parse (3.12's f-strings that nest the same
quotes, on an older Python), the file is read statement by statement: a class is then read
from its header only (its name and bases, its table unknown: the SQLAlchemy rules then say
nothing about the tables of its metadata rather than guess), and the message names the
classes so read and the lines of the statements not read at all.

It is reported for the files whose classes the checks read, and for the files Python's
parser reads instead of grimp's (an editor's unsaved buffer). A file that is invalid for
every Python, which grimp's parser rejects too, is LL901.

It is a warning: it does not fail the run. The file is correct for the Python it is
written for, and the checks ran on everything that could be read; failing the run would
fail the CI of everyone whose layerlint runs on an older Python than the code targets.

## Why is this bad?
A file read in part is checked in part: a duplicate table or a dangling `ForeignKey` in a
statement that could not be read would go unseen. The warning makes the gap visible
instead of silent.

## Example
```python
# app/models.py, checked by layerlint running on Python 3.11
type UserId = int            # LL905: needs Python 3.12
class Repo[T](Base): ...
```

## How to fix
Run layerlint on the Python the project targets (the newest one its code is written for).
To keep a run on an older Python quiet, `--ignore LL905`.
""",
    scope="file",
    owners=("layerlint.diagnostics",),
    severity="warning",
)


def rule_page(rule: Rule) -> str:
    """The Markdown page of a rule, as kept in docs/rules/ (python -m layerlint.rules)."""
    return f"# {rule.code} ({rule.name})\n\n{rule.summary}\n\n{rule.explanation}\n"


if __name__ == "__main__":  # python -m layerlint.rules [DIR]: write docs/rules/
    import sys
    from pathlib import Path

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/rules")
    target.mkdir(parents=True, exist_ok=True)
    for rule in RULES.values():
        (target / f"{rule.code}.md").write_text(rule_page(rule), encoding="utf-8")
    index = ["# Rules", "", "| Code | Name | Summary |", "|---|---|---|"]
    index += [f"| [{r.code}]({r.code}.md) | {r.name} | {r.summary} |" for r in RULES.values()]
    (target / "README.md").write_text("\n".join(index) + "\n", encoding="utf-8")
