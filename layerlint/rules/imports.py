"""The rules about import statements: the contracts' (LL101-LL106) and the import-time
failures (LL401)."""

from __future__ import annotations

from layerlint.rules.registry import define

LAYERS_VIOLATION = define(
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

FORBIDDEN_IMPORT = define(
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

INDEPENDENCE_VIOLATION = define(
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

PROTECTED_IMPORT = define(
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

IMPORT_CYCLE = define(
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

PRIVATE_MODULE_IMPORT = define(
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

IMPORT_FAILS_AT_STARTUP = define(
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
