"""What a module does when it is imported, in order, read from its source alone: the
imports that run and the module-level names bound, for LL401 (layerlint/startup/).

The outline is plain tuples (the stored-results basis records it, project/text.py):

- `("import", line, column, module, level, names, certain, caught)`: an import that runs
  when the module is imported. `names` is None for `import a.b.c`, else the names of
  `from module import ...` ("*" for a star import).
- `("bind", line, name, certain)`: a module-level name bound.
- `("run", line, certain)`: a module-level call of a function of this module that
  imports something: code the outline does not follow.

`certain` is False inside `if`, loops, `match` and `except` blocks (they may not run);
`caught` is True inside a `try` whose handlers may catch ImportError. The bodies of
functions, `if TYPE_CHECKING:` and PEP 810 lazy imports are not run at import time.
The second part, `unsure`, names what makes the module's names unknowable: "__getattr__"
(a module `__getattr__`), "*" (a star import), "dynamic" (`globals()`, `vars()`, `exec`,
`eval`, `__import__`, `sys.modules`, `__dict__[...]`, read from the text) and every name
declared `global` or removed by a module-level `del`.
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Collection

from layerlint.project.newer_syntax import parse
from layerlint.project.scanner import NEWLINE, _is_lazy, _is_type_checking, decode_source

Outline = tuple[tuple[tuple, ...], tuple[str, ...]]

# Builtin exceptions that are not ImportError's classes: an `except` naming only these
# lets ImportError through. Any other name may catch it.
_NOT_CATCHING = frozenset(
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type)
    and issubclass(value, BaseException)
    and not issubclass(ImportError, value)
)
# What makes a module's names dynamic, each pattern with whether a word must not run on
# into its start (`\b`). Each starts with its own words, so that the search skips to them
# (one pattern of alternatives led by `\b` is tried at every position of the text, 0.11 s
# against 0.008 s on 119 modules of Home Assistant).
_DYNAMIC = tuple(
    (re.compile(pattern), bounded)
    for pattern, bounded in (
        (r"globals\s*\(", True),
        (r"exec\s*\(", True),
        (r"eval\s*\(", True),
        (r"__import__\s*\(", True),
        (r"vars\s*\(\s*\)", True),
        (r"sys\.modules\b", True),
        (r"__dict__\s*\[", False),
    )
)
_GLOBAL = re.compile(r"^[ \t]*global[ \t]+(\w+(?:[ \t]*,[ \t]*\w+)*)", re.MULTILINE)
_IMPORT_LINE = re.compile(r"^[ \t]*(?:from[ \t].*[ \t])?import[ \t]", re.MULTILINE)


def outline_source(source: bytes) -> Outline | None:
    """The outline of a module's source; None when it cannot be parsed."""
    try:
        tree, _ = parse(source)
        text = decode_source(source)
        lines = NEWLINE.split(text)
    except (SyntaxError, ValueError, UnicodeError, RecursionError, MemoryError):
        return None
    reader = _Reader(lines, _importing_functions(tree, lines), walrus=":=" in text)
    reader.body(tree.body, certain=True, caught=False, module_scope=True)
    return tuple(reader.events), tuple(sorted(reader.unsure | _unsure(text, tree)))


def without_bindings(events: tuple[tuple, ...]) -> tuple[tuple, ...]:
    """The events that run something: imports and calls."""
    return tuple(event for event in events if event[0] != "bind")


def bindings(outline: Outline) -> dict[str, tuple[tuple[int, int, bool], ...]]:
    """name -> where it is bound: (how many events of `without_bindings` come before,
    line, certain), in order."""
    found: dict[str, list[tuple[int, int, bool]]] = {}
    position = 0
    for event in outline[0]:
        if event[0] == "bind":
            found.setdefault(event[2], []).append((position, event[1], event[3]))
        else:
            position += 1
    return {name: tuple(places) for name, places in found.items()}


def _importing_functions(tree: ast.Module, lines: list[str]) -> frozenset[str]:
    """Module-level functions whose body imports something (read from their lines: a walk
    of every function's tree costs more than the rest of the outline)."""
    return frozenset(
        node.name
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and _IMPORT_LINE.search("\n".join(lines[node.lineno - 1 : node.end_lineno or node.lineno]))
    )


def _unsure(text: str, tree: ast.Module) -> set[str]:
    """What makes names unknowable, from the text (a comment may name them too: then
    LL401 says nothing where it could have)."""
    found = {"dynamic"} if _is_dynamic(text) else set()
    if "global" in text:
        for match in _GLOBAL.finditer(text):
            found.update(name.strip() for name in match.group(1).split(","))
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == "__getattr__":
            found.add("__getattr__")
    return found


def _is_dynamic(text: str) -> bool:
    for pattern, bounded in _DYNAMIC:
        for match in pattern.finditer(text):
            start = match.start()
            if not bounded or start == 0 or not _is_word(text[start - 1]):
                return True
    return False


def _is_word(character: str) -> bool:
    """Whether `\\w` matches the character."""
    return character.isalnum() or character == "_"


def _catches_import_error(handlers: list[ast.ExceptHandler]) -> bool:
    def catches(kind: ast.expr | None) -> bool:
        if kind is None:
            return True
        if isinstance(kind, ast.Tuple):
            return any(catches(e) for e in kind.elts)
        return not (isinstance(kind, ast.Name) and kind.id in _NOT_CATCHING)

    return any(catches(h.type) for h in handlers)


class _Reader:
    def __init__(self, lines: list[str], importing: frozenset[str], walrus: bool) -> None:
        self.lines = lines
        self.importing = importing
        self.walrus = walrus  # whether the text holds ":=" (no assignment expression else)
        self.events: list[tuple] = []
        self.unsure: set[str] = set()

    def body(self, body: list[ast.stmt], certain: bool, caught: bool, module_scope: bool):
        for node in body:
            self.statement(node, certain, caught, module_scope)

    def bind(self, line: int, name: str, certain: bool, module_scope: bool) -> None:
        if module_scope:
            self.events.append(("bind", line, name, certain))

    def targets(self, target: ast.expr, line: int, certain: bool, module_scope: bool) -> None:
        for node in ast.walk(target):
            if isinstance(node, ast.Name):
                self.bind(line, node.id, certain, module_scope)

    def statement(self, node: ast.stmt, certain: bool, caught: bool, module_scope: bool):
        line = node.lineno
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            text = self.lines[line - 1] if line <= len(self.lines) else ""
            lazy = _is_lazy(node, text)
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if not lazy:
                        event = ("import", line, node.col_offset, alias.name, 0, None)
                        self.events.append((*event, certain, caught))
                    bound = alias.asname or alias.name.partition(".")[0]
                    self.bind(line, bound, certain, module_scope)
            else:
                names = tuple(alias.name for alias in node.names)
                if not lazy:
                    event = ("import", line, node.col_offset, node.module or "", node.level, names)
                    self.events.append((*event, certain, caught))
                for alias in node.names:
                    if alias.name == "*":
                        self.unsure.add("*")
                    else:
                        self.bind(line, alias.asname or alias.name, certain, module_scope)
            return
        self.calls(node, certain)
        if isinstance(node, ast.If):
            if _is_type_checking(node.test):
                self.body(node.orelse, certain, caught, module_scope)
            else:
                self.body(node.body, False, caught, module_scope)
                self.body(node.orelse, False, caught, module_scope)
        elif isinstance(node, (ast.Try, getattr(ast, "TryStar", ast.Try))):
            inner = caught or _catches_import_error(node.handlers)
            self.body(node.body, certain, inner, module_scope)
            for handler in node.handlers:
                if handler.name:
                    self.bind(handler.lineno, handler.name, False, module_scope)
                self.body(handler.body, False, caught, module_scope)
            self.body(node.orelse, certain, caught, module_scope)
            self.body(node.finalbody, certain, caught, module_scope)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    self.targets(item.optional_vars, line, certain, module_scope)
            self.body(node.body, certain, caught, module_scope)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            if not isinstance(node, ast.While):
                self.targets(node.target, line, False, module_scope)
            self.body(node.body, False, caught, module_scope)
            self.body(node.orelse, False, caught, module_scope)
        elif isinstance(node, ast.Match):
            for case in node.cases:
                self.targets(case.pattern, line, False, module_scope)
                self.body(case.body, False, caught, module_scope)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.bind(line, node.name, certain, module_scope)
        elif isinstance(node, ast.ClassDef):
            self.body(node.body, certain, caught, module_scope=False)
            self.bind(line, node.name, certain, module_scope)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            if not isinstance(node, ast.AnnAssign) or node.value is not None:
                for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    self.targets(target, line, certain, module_scope)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    self.unsure.add(target.id)
        elif isinstance(node, getattr(ast, "TypeAlias", ())):
            self.targets(node.name, line, certain, module_scope)
        self.walruses(node, certain, module_scope)

    def walruses(self, node: ast.stmt, certain: bool, module_scope: bool) -> None:
        if not self.walrus:
            return
        for child in _expressions(node):
            if not self.mentions(child, (":=",)):
                continue
            for found in ast.walk(child):
                if isinstance(found, ast.NamedExpr):
                    self.targets(found.target, found.lineno, certain, module_scope)

    def mentions(self, node: ast.expr, words: Collection[str]) -> bool:
        """Whether one of the words is on the expression's lines: walking its tree for
        what they would be costs more than reading them (as 0.15 s to 0.03 s)."""
        lines = self.lines[node.lineno - 1 : node.end_lineno or node.lineno]
        return any(word in line for line in lines for word in words)

    def calls(self, node: ast.stmt, certain: bool) -> None:
        """A call, at import time, of a function of this module that imports."""
        if not self.importing:
            return
        for child in _expressions(node):
            if not self.mentions(child, self.importing):
                continue
            for found in ast.walk(child):
                if (
                    isinstance(found, ast.Call)
                    and isinstance(found.func, ast.Name)
                    and found.func.id in self.importing
                ):
                    self.events.append(("run", found.lineno, certain))
                    return


def _expressions(node: ast.stmt):
    """The expressions of a statement that run when it runs (not those of nested bodies,
    nor a function's body)."""
    for name, value in ast.iter_fields(node):
        if name in ("body", "orelse", "finalbody", "handlers", "cases"):
            continue
        if name == "args" and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield from (d for d in node.args.defaults + node.args.kw_defaults if d is not None)
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, ast.expr):
                yield item
            elif isinstance(item, ast.withitem):
                yield item.context_expr
