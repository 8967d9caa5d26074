"""The rules about whole files, the configuration and the baseline (LL901-LL906)."""

from __future__ import annotations

from layerlint.rules.registry import define

UNPARSABLE_FILE = define(
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

UNMATCHED_IGNORE_IMPORT = define(
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

FIXED_BASELINE_ENTRY = define(
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

SHADOWED_MODULE = define(
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

NEWER_SYNTAX = define(
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

UNUSABLE_CONFIGURATION = define(
    "LL906",
    "unusable-configuration",
    "layerlint's configuration cannot be used, so the file was not checked (editors).",
    """
## What it does
Through the flake8 plugin and the language server (`layerlint server`), a configuration
layerlint cannot use (a contract of an unknown type, a key with a typo, a module a
contract names that does not exist, a baseline file that is missing) is reported on every
file checked, at its first line, with the same one-line message `layerlint check` stops
on (exit 2): the file and the key at fault. The language server also reports it on the
configuration file, at the line that sets the key, and stays up.

## Why is this bad?
Nothing of layerlint is checked until the configuration is fixed. Stopping flake8 (or the
language server) instead would blank the editor's whole lint (its own and every other
plugin's warnings), and the error would only show in a log nobody reads.

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
    owners=("layerlint.flake8_plugin", "layerlint.server.broken"),
)

RELATIVE_IMPORT_BEYOND_TOP_LEVEL = define(
    "LL907",
    "relative-import-beyond-top-level",
    "A relative import goes above the top-level package: Python cannot run it.",
    """
## What it does
Reports a relative import with more leading dots than its module has packages above it:
`from .. import x` in `app/views.py` (whose package `app` is a top-level package), or
`from ... import y` in `app/sub/deep.py`. Python stops there with "ImportError: attempted
relative import beyond top-level package". The import graph leaves such an import out (it
names no module of the project), so no contract sees it: this diagnostic is the only sign.

## Why is this bad?
The module cannot be imported (or the function holding the import fails when it runs).
Often the project's layout changed and the import kept its old number of dots, or the
code was copied from a deeper module.

## Example
```python
# app/views.py, in the top-level package app
from .. import settings  # LL907: `..` is above app
```

## How to fix
Count one dot for the module's own package and one more per level up, or import by the
absolute name (`from app import settings`).
""",
    scope="file",
    owners=("layerlint.diagnostics",),
)
