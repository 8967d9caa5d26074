"""Property-based tests: layerlint's contract verdicts against a tiny, naive reference.

Hypothesis generates random projects -- module trees `app.<container>.<layer>.<module>`
(two or three containers sharing the same layer names), modules outside the containers,
and random imports between any two modules, one `import app.x.y` statement per line -- and
random `layers` (with and without containers, with `|` and `:` siblings), `forbidden`,
`independence` and `acyclic` contracts, each with random `ignore_imports` (literal, or with
`*` / `**` wildcards derived from real imports, or matching nothing).

layerlint runs in-process on the project; its diagnostics are compared with a reference
written here, deliberately naive so that it is obviously correct: the import graph is a
dict of successor sets, an `ignore_imports` expression is a regular expression per side,
and every question is a plain breadth-first search:

* layers / independence: for each pair of layer modules (lower, higher) of a container,
  a violation is a path from a module in `lower` to a module in `higher` whose
  intermediate modules are in none of the container's other layers (import-linter's,
  i.e. grimp's, semantics). independence is one layer of independent siblings.
* forbidden: a path from a source module to a forbidden module (any intermediates), or
  only a direct import with `allow_indirect_imports`.
* acyclic: the graph induced by the modules under `packages` has a cycle, imports
  between a package and a module inside it left out (unless `package_submodule_cycles`).

What is asserted (nothing more than grimp guarantees about the chains it picks):

1. verdict: a contract has a diagnostic of its code iff the reference finds a violation;
2. every reported chain is a real path of the ignore-filtered graph, from the lower
   (source) side to the higher (forbidden) side of one pair, avoiding that pair's excluded
   modules, and its diagnostic sits on a statement importing the chain's second module
   (every statement of that first import has one);
3. every direct violating import has a diagnostic with a two-module chain on each of its
   statements;
4. acyclic: the reported breakers lie on cycles, removing them all leaves the packages
   acyclic, and putting back any one of them closes a cycle again (minimal);
5. ignore_imports: an expression is reported unmatched (LL902) iff it matches no import,
   and a copy of each broken contract ignoring the first import of every violating path
   (every import on a cycle, for acyclic) is kept.
"""

from __future__ import annotations

import itertools
import re
import tempfile
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import Diag, diags, message_chain, run_layerlint, write_project
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

Edge = tuple[str, str]
Graph = dict[str, set[str]]

CODES = {"layers": "LL101", "forbidden": "LL102", "independence": "LL103", "acyclic": "LL105"}

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# -- the reference --------------------------------------------------------------------------


def in_package(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def members(modules: Iterable[str], package: str) -> frozenset[str]:
    """`package` and all its descendants."""
    return frozenset(m for m in modules if in_package(m, package))


def successors(edges: Iterable[Edge]) -> Graph:
    graph: Graph = defaultdict(set)
    for importer, imported in edges:
        graph[importer].add(imported)
    return graph


def path_exists(
    graph: Graph,
    starts: Iterable[str],
    goals: set[str] | frozenset[str],
    avoid: set[str] | frozenset[str] = frozenset(),
) -> bool:
    """Whether a path of one or more imports leads from a module in `starts` to one in
    `goals`, every module strictly between them being outside `avoid`."""
    queue = deque(starts)
    seen = set(queue)
    while queue:
        node = queue.popleft()
        for successor in graph.get(node, ()):
            if successor in goals:
                return True
            if successor not in avoid and successor not in seen:
                seen.add(successor)
                queue.append(successor)
    return False


def has_cycle(edges: Iterable[Edge]) -> bool:
    """Plain depth-first search for a back edge."""
    graph = successors(edges)
    state: dict[str, str] = {}  # "open" while on the current path, then "done"

    def visit(node: str) -> bool:
        state[node] = "open"
        for successor in graph.get(node, ()):
            if state.get(successor) == "open":
                return True
            if successor not in state and visit(successor):
                return True
        state[node] = "done"
        return False

    return any(node not in state and visit(node) for node in list(graph))


def side_regex(expression: str) -> re.Pattern[str]:
    """One side of an import expression: `*` is one name, `**` one or more names."""
    parts = []
    for part in expression.split("."):
        if part == "*":
            parts.append(r"[^.]+")
        elif part == "**":
            parts.append(r"[^.]+(?:\.[^.]+)*")
        else:
            parts.append(re.escape(part))
    return re.compile(r"\.".join(parts))


def matches(expression: str, edge: Edge) -> bool:
    importer, imported = (side.strip() for side in expression.split("->"))
    return bool(side_regex(importer).fullmatch(edge[0])) and bool(
        side_regex(imported).fullmatch(edge[1])
    )


def without_ignored(edges: Iterable[Edge], ignore: Iterable[str]) -> set[Edge]:
    ignore = list(ignore)
    return {e for e in edges if not any(matches(x, e) for x in ignore)}


@dataclass(frozen=True)
class Pair:
    """One forbidden direction: from a module in `lower` to a module in `higher`."""

    names: tuple[str, str]  # the two packages (layers, sources and forbidden modules)
    lower: frozenset[str]
    higher: frozenset[str]
    avoid: frozenset[str]  # no intermediate module may be in these
    indirect: bool = True  # whether chains of more than one import count

    def broken(self, graph: Graph) -> bool:
        if not self.indirect:
            return bool(self.direct(graph))
        return path_exists(graph, self.lower, self.higher, self.avoid)

    def direct(self, graph: Graph) -> set[Edge]:
        return {(u, v) for u in self.lower for v in graph.get(u, ()) if v in self.higher}

    def first_edges(self, graph: Graph) -> set[Edge]:
        """The first import of every violating path."""
        found = set()
        for u in self.lower:
            for v in graph.get(u, ()):
                if v in self.higher or (
                    self.indirect
                    and v not in self.avoid
                    and path_exists(graph, [v], self.higher, self.avoid)
                ):
                    found.add((u, v))
        return found

    def allows_chain(self, chain: tuple[str, ...], graph: Graph) -> bool:
        return (
            chain[0] in self.lower
            and chain[-1] in self.higher
            and all(v in graph.get(u, ()) for u, v in itertools.pairwise(chain))
            and not any(m in self.avoid for m in chain[1:-1])
            and (self.indirect or len(chain) == 2)
        )


def layer_pairs(levels: list[list[str]], independent: list[bool], modules: list[str]) -> list[Pair]:
    """grimp's pairs for one container: every lower module against every higher one, and
    independent siblings against each other; chains avoid all the other layer modules."""
    units = [(i, name) for i, level in enumerate(levels) for name in level]
    pairs = []
    for i, low in units:
        for j, high in units:
            if low != high and (i > j or (i == j and independent[i])):
                others = [n for _, n in units if n not in (low, high)]
                avoid = frozenset().union(*(members(modules, n) for n in others))
                pairs.append(
                    Pair((low, high), members(modules, low), members(modules, high), avoid)
                )
    return pairs


def parse_level(raw: str) -> tuple[list[str], bool]:
    separator = "|" if "|" in raw else ":"
    return [part.strip() for part in raw.split(separator)], separator == "|"


def reference_pairs(contract: Mapping, modules: list[str]) -> list[Pair]:
    kind = contract["type"]
    if kind == "layers":
        parsed = [parse_level(raw) for raw in contract["layers"]]
        pairs = []
        for prefix in [c + "." for c in contract.get("containers", [])] or [""]:
            levels = [[prefix + name for name in names] for names, _ in parsed]
            pairs += layer_pairs(levels, [ind for _, ind in parsed], modules)
        return pairs
    if kind == "independence":
        return layer_pairs([list(contract["modules"])], [True], modules)
    if kind == "forbidden":
        return [
            Pair(
                (s, f),
                members(modules, s),
                members(modules, f),
                frozenset(),
                indirect=not contract.get("allow_indirect_imports", False),
            )
            for s in contract["source_modules"]
            for f in contract["forbidden_modules"]
        ]
    raise AssertionError(kind)


def acyclic_scope(contract: Mapping, modules: list[str], edges: set[Edge]) -> set[Edge]:
    scope = frozenset().union(*(members(modules, p) for p in contract["packages"]))
    packages_too = contract.get("package_submodule_cycles", False)
    return {
        (u, v)
        for u, v in edges
        if u in scope
        and v in scope
        and u != v
        and (packages_too or not (v.startswith(u + ".") or u.startswith(v + ".")))
    }


def on_cycle(edge: Edge, edges: set[Edge]) -> bool:
    return path_exists(successors(edges), [edge[1]], {edge[0]})


# -- random projects ------------------------------------------------------------------------

CONTAINERS = ("app.north", "app.south", "app.east")
LAYER_NAMES = ("top", "mid", "low", "base")


@dataclass
class Project:
    modules: list[str]
    containers: list[str]
    statements: list[Edge]  # one `import` statement each
    files: dict[str, str]
    path_of: dict[str, str]  # module -> file, relative to the project root
    lines: dict[Edge, list[int]]  # the line of each statement of an import
    at: dict[tuple[str, int], Edge]  # (file, line) -> the import written there

    @property
    def edges(self) -> set[Edge]:
        return set(self.statements)


def make_project(modules: list[str], containers: list[str], statements: list[Edge]) -> Project:
    files, path_of = {}, {}
    lines: dict[Edge, list[int]] = defaultdict(list)
    at = {}
    for module in modules:
        package = any(m.startswith(module + ".") for m in modules)
        path = module.replace(".", "/") + ("/__init__.py" if package else ".py")
        path_of[module] = path
        source = []
        for importer, imported in statements:
            if importer == module:
                source.append(f"import {imported}")
                lines[(importer, imported)].append(len(source))
                at[(path, len(source))] = (importer, imported)
        files[path] = "".join(line + "\n" for line in source)
    return Project(modules, containers, statements, files, path_of, dict(lines), at)


@st.composite
def projects(draw: st.DrawFn) -> Project:
    containers = list(CONTAINERS[: draw(st.integers(2, 3))])
    modules = ["app", "app.shared", "app.util", *containers]
    if draw(st.booleans()):
        modules.append("app.shared.s")
    for container in containers:
        for name in LAYER_NAMES:
            modules.append(f"{container}.{name}")
            children = draw(st.sets(st.sampled_from(["p", "q"])))
            modules += [f"{container}.{name}.{child}" for child in sorted(children)]
        if draw(st.booleans()):
            modules.append(f"{container}.misc")  # in a container, in none of its layers
    modules.sort()
    count = len(modules)
    links = st.tuples(st.integers(0, count - 1), st.integers(1, count - 1))
    statements = [
        (modules[i], modules[(i + k) % count])  # never a module importing itself
        for i, k in draw(st.lists(links, min_size=12, max_size=60))
    ]
    return make_project(modules, containers, statements)


def unnested(order: Iterable[str], count: int) -> list[str]:
    """Up to `count` modules of `order` (in order), none inside another."""
    chosen: list[str] = []
    for module in order:
        if len(chosen) == count:
            break
        if not any(in_package(module, c) or in_package(c, module) for c in chosen):
            chosen.append(module)
    return chosen


def with_siblings(draw: st.DrawFn, layers: list[str]) -> list[str]:
    """Sometimes two adjacent layers become one level of siblings, `x | y` or `x : y`."""
    separator = draw(st.sampled_from([None, " | ", " : "]))
    if separator and len(layers) >= 3:
        i = draw(st.integers(0, len(layers) - 2))
        layers[i : i + 2] = [layers[i] + separator + layers[i + 1]]
    return layers


def wildcard_side(draw: st.DrawFn, module: str) -> str:
    parts = module.split(".")
    form = draw(st.sampled_from(["literal", "literal", "star", "double", "insert", "nothing"]))
    if form == "star":
        parts[draw(st.integers(0, len(parts) - 1))] = "*"
    elif form == "double":
        start = draw(st.integers(0, len(parts) - 1))
        end = draw(st.integers(start + 1, len(parts)))
        parts[start:end] = ["**"]
    elif form == "insert":  # `a.**.b` does not match `a.b`, nor `a.**` `a`
        parts.insert(draw(st.integers(1, len(parts))), draw(st.sampled_from(["*", "**"])))
    elif form == "nothing":
        parts[-1] = "nowhere"
    return ".".join(parts)


def ignore_imports(draw: st.DrawFn, project: Project) -> list[str]:
    expressions: list[str] = []
    for _ in range(draw(st.integers(0, 3))):
        if project.statements and draw(st.integers(0, 5)):
            importer, imported = draw(st.sampled_from(sorted(project.edges)))
            expression = f"{wildcard_side(draw, importer)} -> {wildcard_side(draw, imported)}"
        else:
            expression = "app.nowhere -> app.*"
        if expression not in expressions:
            expressions.append(expression)
    return expressions


@st.composite
def cases(draw: st.DrawFn) -> tuple[Project, list[dict]]:
    project = draw(projects())
    order = draw(st.permutations([m for m in project.modules if m != "app"]))

    def units(count: int) -> list[str]:
        # Often only packages near the top: paths between them are more likely.
        coarse = draw(st.booleans())
        return unnested([m for m in order if not coarse or m.count(".") <= 2], count)

    containers = draw(st.lists(st.sampled_from(project.containers), min_size=1, unique=True))
    names = list(draw(st.permutations(LAYER_NAMES)))[: draw(st.integers(2, 4))]
    flat = units(draw(st.integers(2, 4)))
    independent = units(draw(st.integers(2, 3)))
    sides = units(draw(st.integers(2, 4)))
    cut = draw(st.integers(1, len(sides) - 1))
    packages = units(draw(st.integers(1, 2))) if draw(st.booleans()) else ["app"]
    contracts = [
        {
            "name": "layers in containers",
            "type": "layers",
            "containers": containers,
            "layers": with_siblings(draw, names),
        },
        {"name": "layers", "type": "layers", "layers": with_siblings(draw, flat)},
        {"name": "independence", "type": "independence", "modules": independent},
        {
            "name": "forbidden",
            "type": "forbidden",
            "source_modules": sides[:cut],
            "forbidden_modules": sides[cut:],
            "allow_indirect_imports": draw(st.booleans()),
        },
        {
            "name": "acyclic",
            "type": "acyclic",
            "packages": packages,
            "package_submodule_cycles": draw(st.booleans()),
        },
    ]
    for contract in contracts:
        expressions = ignore_imports(draw, project)
        if expressions:
            contract["ignore_imports"] = expressions
    return project, contracts


# -- checking layerlint against the reference -----------------------------------------------

_CONTRACT = re.compile(r"\(contract '([^']*)'\)$")
_PAIR = re.compile(
    r"'([\w.]+)' must not import (?:higher layer |its independent sibling )?'([\w.]+)'"
)


def contract_of(diagnostic: Diag) -> str | None:
    match = _CONTRACT.search(diagnostic.message)
    return match.group(1) if match else None


def covered(contract: dict, project: Project) -> dict | None:
    """A copy of a broken contract that also ignores the first import of every violating
    path (every import on a cycle, for acyclic): it must be kept."""
    edges = without_ignored(project.edges, contract.get("ignore_imports", ()))
    if contract["type"] == "acyclic":
        scope = acyclic_scope(contract, project.modules, edges)
        cut = {e for e in scope if on_cycle(e, scope)}
    else:
        graph = successors(edges)
        cut = set().union(
            *(p.first_edges(graph) for p in reference_pairs(contract, project.modules))
        )
    if not cut:
        return None
    extra = [f"{u} -> {v}" for u, v in sorted(cut)]
    return {
        **contract,
        "name": contract["name"] + " (covered)",
        "ignore_imports": [*contract.get("ignore_imports", ()), *extra],
    }


def check_contract(contract: dict, project: Project, found: list[Diag]) -> None:
    name, kind = contract["name"], contract["type"]
    code = CODES[kind]
    ignore = contract.get("ignore_imports", [])
    mine = [d for d in found if contract_of(d) == name]
    reported = [d for d in mine if d.code == code]
    assert all(d.severity == "error" for d in reported), reported
    assert {d.code for d in mine} <= {code, "LL902"}, mine

    # 5. An ignored import matching nothing is reported, and only that.
    unmatched = {x for x in ignore if not any(matches(x, e) for e in project.edges)}
    alerted = {x for x in ignore if any(d.code == "LL902" and f"'{x}'" in d.message for d in mine)}
    assert alerted == unmatched, f"{name}: unmatched ignore_imports"

    edges = without_ignored(project.edges, ignore)
    graph = successors(edges)
    chains = {d: message_chain(d.message) for d in reported}
    # 2. Each diagnostic sits on a statement of its chain's first import, and so does
    #    every other statement of that import.
    by_site: dict[tuple[str, int], list[tuple[str, ...]]] = defaultdict(list)
    for d, chain in chains.items():
        assert len(chain) >= 2, d.message
        assert project.at.get((d.path, d.line)) == chain[:2], (d, chain)
        by_site[(d.path, d.line)].append(chain)
    assert all(len(c) == 1 for c in by_site.values()), "one diagnostic per statement"
    for chain in chains.values():
        path = project.path_of[chain[0]]
        lines = project.lines[chain[:2]]
        if kind == "acyclic":  # one diagnostic per import to remove, at its first statement
            assert (path, min(lines)) in by_site, chain
        else:
            assert all((path, line) in by_site for line in lines), chain

    kinds = {"direct" if len(c) == 2 else "indirect" for c in chains.values()}
    if currently_in_test_context():  # for --hypothesis-show-statistics
        event(f"{name}: {' and '.join(sorted(kinds)) or 'kept'}")
    if kind == "acyclic":
        check_acyclic(contract, project, edges, chains)
        return

    pairs = reference_pairs(contract, project.modules)
    broken = [p for p in pairs if p.broken(graph)]
    # 1. Verdict.
    assert bool(reported) == bool(broken), (
        f"{name}: layerlint says {'broken' if reported else 'kept'}, the reference "
        f"{'broken' if broken else 'kept'}; chains {sorted(chains.values())}"
    )
    # 2. Soundness of every chain, for the pair of packages its message names.
    for d, chain in chains.items():
        named = _PAIR.search(d.message)
        assert named, d.message
        pair = [p for p in pairs if p.names == named.groups()]
        assert pair and pair[0].allows_chain(chain, graph), (
            f"{name}: {' -> '.join(chain)} is no violating path from {named.group(1)} to "
            f"{named.group(2)} in the filtered graph"
        )
    # 3. Every direct violation is reported on each of its statements, as a direct one.
    for edge in set().union(*(p.direct(graph) for p in pairs)):
        for line in project.lines[edge]:
            site = (project.path_of[edge[0]], line)
            assert by_site.get(site) == [edge], f"{name}: direct import {edge} at {site}"


def check_acyclic(
    contract: dict, project: Project, edges: set[Edge], chains: Mapping[Diag, tuple[str, ...]]
) -> None:
    name = contract["name"]
    scope = acyclic_scope(contract, project.modules, edges)
    breakers = {chain[:2] for chain in chains.values()}
    # 1. Verdict.
    assert bool(breakers) == has_cycle(scope), f"{name}: verdict, breakers {sorted(breakers)}"
    for chain in chains.values():
        # The message's chain is a cycle of the scope that starts with the breaker.
        assert chain[0] == chain[-1] and len(chain) >= 3, chain
        assert all(link in scope for link in itertools.pairwise(chain)), chain
    # 4. Breakers lie on cycles, break them all, and none is superfluous.
    assert all(on_cycle(b, scope) for b in breakers), breakers
    rest = scope - breakers
    assert not has_cycle(rest), f"{name}: cycles remain without {sorted(breakers)}"
    for breaker in breakers:
        assert has_cycle(rest | {breaker}), f"{name}: {breaker} breaks no cycle on its own"


def check_project(project: Project, contracts: list[dict]) -> list[Diag]:
    """Run layerlint on the project with these contracts (and their covered copies), check
    every property, return the diagnostics."""
    contracts = list(contracts)
    for contract in list(contracts):
        extra = covered(contract, project)
        if extra is not None:
            contracts.append(extra)
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        write_project(root, project.files, contracts)
        found = diags(root, run_layerlint(root))
    known = {c["name"] for c in contracts}
    for d in found:
        if d.code in CODES.values() or d.code == "LL902":
            assert contract_of(d) in known, d
        else:
            assert d.severity == "warning", d
    for contract in contracts:
        check_contract(contract, project, found)
        if contract["name"].endswith("(covered)"):
            assert not any(
                d.code == CODES[contract["type"]]
                and d.severity == "error"
                and contract_of(d) == contract["name"]
                for d in found
            ), f"{contract['name']} must be kept"
    return found


@SETTINGS
@given(cases())
def test_contracts_agree_with_naive_reference(case: tuple[Project, list[dict]]) -> None:
    project, contracts = case
    check_project(project, contracts)


# -- the reference itself, on cases small enough to check by hand ---------------------------


@pytest.mark.parametrize(
    ("expression", "edge", "expected"),
    [
        ("app.a -> app.b", ("app.a", "app.b"), True),
        ("app.* -> app.b", ("app.a", "app.b"), True),
        ("app.* -> app.b", ("app.a.x", "app.b"), False),
        ("app.** -> app.b", ("app.a.x", "app.b"), True),
        ("app.** -> app.b", ("app", "app.b"), False),  # `**` is one or more names
        ("app.**.x -> app.b", ("app.x", "app.b"), False),
        ("app.**.x -> app.b.*", ("app.a.c.x", "app.b.y"), True),
        ("** -> *.b", ("app.a", "app.b"), True),
        ("app.a -> app.b", ("app.ab", "app.b"), False),
    ],
)
def test_reference_wildcards(expression: str, edge: Edge, expected: bool) -> None:
    assert matches(expression, edge) is expected


def test_reference_layers_avoid_other_layers_but_not_outside_modules() -> None:
    modules = ["app", "app.c", "app.c.top", "app.c.mid", "app.c.low", "app.c.low.x", "app.out"]
    contract = {"type": "layers", "containers": ["app.c"], "layers": ["top", "mid", "low"]}
    pairs = reference_pairs(contract, modules)
    through_mid = successors([("app.c.low.x", "app.c.mid"), ("app.c.mid", "app.c.top")])
    through_out = successors([("app.c.low.x", "app.out"), ("app.out", "app.c.top")])
    low_top = [p for p in pairs if "app.c.low" in p.lower and "app.c.top" in p.higher]
    assert len(low_top) == 1
    assert not low_top[0].broken(through_mid)  # via another layer: that is low -> mid's
    assert low_top[0].broken(through_out)
    assert any(p.broken(through_mid) for p in pairs)


def test_project_with_every_kind_of_violation() -> None:
    """A fixed project the random ones generalise: each contract broken, then covered."""
    modules = sorted(
        ["app", "app.shared", "app.util", "app.north", "app.south"]
        + [f"app.{c}.{n}" for c in ("north", "south") for n in LAYER_NAMES]
        + ["app.north.low.p"]
    )
    statements = [
        ("app.north.low.p", "app.north.top"),  # direct layer violation
        ("app.north.low.p", "app.north.top"),  # a second statement of the same import
        ("app.north.mid", "app.shared"),
        ("app.shared", "app.south.top"),
        ("app.south.base", "app.shared"),  # indirect: south.base -> shared -> south.top
        ("app.util", "app.north.mid"),
        ("app.south.top", "app.util"),  # a cycle via app.util
    ]
    contracts = [
        {
            "name": "layers in containers",
            "type": "layers",
            "containers": ["app.north", "app.south"],
            "layers": ["top", "mid | low", "base"],
        },
        {"name": "layers", "type": "layers", "layers": ["app.shared", "app.south"]},
        {
            "name": "independence",
            "type": "independence",
            "modules": ["app.north", "app.south"],
            "ignore_imports": ["app.*.*.p -> app.**"],
        },
        {
            "name": "forbidden",
            "type": "forbidden",
            "source_modules": ["app.south.base"],
            "forbidden_modules": ["app.util"],
        },
        {
            "name": "acyclic",
            "type": "acyclic",
            "packages": ["app"],
            "ignore_imports": ["app.nowhere -> app.*"],
        },
    ]
    found = check_project(make_project(modules, ["app.north", "app.south"], statements), contracts)
    for contract in contracts:
        code = CODES[contract["type"]]
        assert any(d.code == code and contract_of(d) == contract["name"] for d in found)


def test_every_unmatched_ignored_import_is_reported() -> None:
    # Once a bug: 'app.b -> app.a' was located inside 'app.b -> app.a.x', and the two LL902
    # diagnostics (same place, code and contract) were merged into one.
    project = make_project(["app", "app.a", "app.b"], [], [("app.a", "app.b")])
    contracts = [
        {
            "name": "c",
            "type": "forbidden",
            "source_modules": ["app.a"],
            "forbidden_modules": ["app.b"],
            "ignore_imports": ["app.a -> app.b", "app.b -> app.a.x", "app.b -> app.a"],
        },
    ]
    found = check_project(project, contracts)
    assert [(d.code, d.path, d.line, d.column, d.message) for d in found if d.code == "LL902"] == [
        ("LL902", "pyproject.toml", 9, 38,
         "Ignored import 'app.b -> app.a.x' matches no import (contract 'c')"),
        ("LL902", "pyproject.toml", 9, 58,
         "Ignored import 'app.b -> app.a' matches no import (contract 'c')"),
    ]
