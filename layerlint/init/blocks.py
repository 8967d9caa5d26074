"""The contracts `layerlint init` proposes for one set of sibling modules, as TOML text.

Each holds on today's imports by construction (see order.py): a `layers` contract only
where the modules have real levels (those that import each other are left out of it: a
layer of mutually importing modules orders nothing); where most of them import each
other, a comment says so and the contracts that still help are proposed: `independence`
between the modules independent today, and `forbidden` for a domain package that imports
no web or ORM framework today.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from layerlint.init.order import Order, independent_set, order_of

if TYPE_CHECKING:
    from layerlint.project import Project

WEB_FRAMEWORKS = (
    "aiohttp", "bottle", "django", "falcon", "fastapi", "flask", "litestar", "pyramid",
    "quart", "sanic", "starlette", "tornado", "werkzeug",
)
ORM_FRAMEWORKS = ("mongoengine", "peewee", "pony", "sqlalchemy", "sqlmodel", "tortoise")
DOMAIN_NAMES = ("core", "domain", "domains", "entities", "services", "use_cases", "usecases")


class Block(NamedTuple):
    """One [[tool.layerlint.contracts]] table; a block with no name is a comment only."""

    name: str
    comments: tuple[str, ...]
    body: tuple[str, ...] = ()

    def lines(self, note: str = "") -> list[str]:
        comments = [f"# {c}" if c else "#" for c in self.comments]
        if note:
            comments.append(f"# {note}")
        if not self.name:
            return ["", *comments]
        return ["", "[[tool.layerlint.contracts]]", *comments, f"name = {string(self.name)}",
                *self.body]


def sibling_blocks(project: Project, modules: list[str], container: str | None) -> list[Block]:
    """The contracts for `modules`, the children of `container` (or the root packages)."""
    if len(modules) < 2:
        return []
    order = order_of(project.graph, modules)
    shown = (lambda m: m.rpartition(".")[2]) if container else (lambda m: m)
    label = f"{container}'s subpackages" if container else "The root packages"
    blocks: list[Block] = []
    cycle = [shown(m) for m in order.cycles[0]] if order.cycles else []
    tangled = len(cycle) >= 3 and 2 * len(cycle) >= len(modules)
    if tangled:
        blocks.append(
            Block(
                "",
                (
                    f"{label}: {len(cycle)} of {len(modules)} reach each other through their "
                    "imports (one cycle):",
                    f"{', '.join(cycle)}.",
                    "No layers can be ordered among them. What still holds, and helps: no new",
                    "import cycle (the acyclic contract below, today's cycles in the baseline),",
                    "and the contracts that follow, if any.",
                ),
            )
        )
    if len(order.rows) >= 2:
        blocks.append(_layers(order, container, shown, label, said=tangled))
    elif tangled or order.cycles:
        blocks += _independence(order, container, shown, label)
    blocks += _domain(project, order, shown)
    return blocks


def _layers(order: Order, container: str | None, shown, label: str, said: bool) -> Block:
    comments = [
        f"{label}, ordered by today's imports: each may import those below, never those",
        "above; '|' separates siblings that are independent of each other today.",
        "Reorder to the architecture you want; the violations then show.",
    ]
    for cycle in order.cycles[1:] if said else order.cycles:  # the first: said above
        names = ", ".join(shown(m) for m in cycle)
        comments.append(f"Left out: {names} import each other (a cycle), so no order holds.")
    rows = [f"    {string(' | '.join(shown(m) for m in row))}," for row in order.rows]
    where = f"of {container}" if container else "of the root packages"
    body = ['type = "layers"']
    if container:
        body.append(f"containers = {string_list([container])}")
    return Block(f"Layers {where}", tuple(comments), (*body, "layers = [", *rows, "]"))


def _independence(order: Order, container: str | None, shown, label: str) -> list[Block]:
    chosen = independent_set(order)
    if len(chosen) < 2:
        return []
    names = [f"{container}.{shown(m)}" if container else m for m in chosen]
    where = f"in {container}" if container else "among the root packages"
    comments = (
        f"{label} that import none of each other today, directly or not: keep it so.",
    )
    body = ('type = "independence"', f"modules = {string_list(names)}")
    return [Block(f"Independent packages {where}", comments, body)]


def _domain(project: Project, order: Order, shown) -> list[Block]:
    present = [
        f for f in (*WEB_FRAMEWORKS, *ORM_FRAMEWORKS)
        if f in project.graph.modules and not project.is_internal(f)
    ]
    blocks = []
    for module in order.modules:
        if shown(module) not in DOMAIN_NAMES:
            continue
        absent = [
            f for f in present
            if not project.graph.chain_exists(importer=module, imported=f, as_packages=True)
        ]
        if not absent:
            continue
        blocks.append(
            Block(
                f"{module} imports no web or ORM framework",
                (
                    f"{module} imports none of these today, directly or not: the domain stays",
                    "free of the frameworks, and testable without them.",
                ),
                (
                    'type = "forbidden"',
                    f"source_modules = {string_list([module])}",
                    f"forbidden_modules = {string_list(absent)}",
                ),
            )
        )
    return blocks


def string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def string_list(items: list[str]) -> str:
    return "[" + ", ".join(string(item) for item in items) + "]"
