"""After an import edit, only the containers the edit can affect are searched again
(project/layer_reuse.py); the answer must be exactly that of a search without a memo.

Checked on hand-made graphs (which containers are searched again, and why) and on random
graphs with random edits (added and removed imports, a module added) with hypothesis.
"""

from __future__ import annotations

import gc
import itertools
import weakref
from unittest import mock

import grimp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layerlint.contracts import layer_pairs
from layerlint.project import layer_reuse
from layerlint.project.cache import Memo
from layerlint.project.graph import ProjectGraph
from layerlint.project.grimp_api import ImportGraph

LAYERS = ("api", "services", "models")
CONTAINERS = ("app.a", "app.b", "app.c")
MODULES = [f"{c}.{layer}.{leaf}" for c in CONTAINERS for layer in LAYERS for leaf in ("x", "y")] + [
    "app.shared.u",
    "app.shared.w",
    "app.tools.t",
]


def modules_of(imports: dict[str, list[str]]) -> list[str]:
    names = set()
    for module in [*imports, *(m for targets in imports.values() for m in targets), *MODULES]:
        parts = module.split(".")
        names.update(".".join(parts[:depth]) for depth in range(1, len(parts) + 1))
    names.update(f"{c}.{layer}" for c in CONTAINERS for layer in LAYERS)
    names.update(CONTAINERS)
    return sorted(names)


def graph_of(imports: dict[str, list[str]], memo: Memo) -> ProjectGraph:
    return ProjectGraph.assemble(
        modules_of(imports),
        sorted((i, tuple(sorted(t))) for i, t in imports.items()),
        lambda name: False,
        memo,
    )


def layers_answer(graph: ProjectGraph, containers=CONTAINERS) -> set:
    levels = [((name,), False) for name in LAYERS]
    return graph.find_illegal_dependencies_for_layers(
        [grimp.Layer(name) for name in LAYERS],
        set(containers),
        searches=lambda g, subset: layer_pairs.searches(g, levels, sorted(subset)),
    )


@pytest.fixture
def searched(monkeypatch):
    """The containers grimp is asked about, call by call."""
    calls = []
    original = ImportGraph.find_illegal_dependencies_for_layers

    def counted(self, layers, containers=None):
        calls.append(sorted(containers or ()))
        return original(self, layers, containers)

    monkeypatch.setattr(ImportGraph, "find_illegal_dependencies_for_layers", counted)
    return calls


@pytest.fixture
def again(monkeypatch):
    """The containers layer_reuse sends to be searched again, edit by edit."""
    answers = []
    original = layer_reuse.to_search_again

    def recorded(*args):
        answers.append(sorted(original(*args)))
        return set(answers[-1])

    monkeypatch.setattr(layer_reuse, "to_search_again", recorded)
    return answers


BASE = {
    "app.a.models.x": ["app.a.api.x"],  # a's models import its api: a violation
    "app.a.api.x": ["app.a.services.x"],
    "app.b.services.x": ["app.b.models.x", "app.shared.u"],
    "app.b.models.x": ["app.shared.u"],
    "app.c.api.x": ["app.c.services.x"],
    "app.c.services.x": ["app.c.models.x"],
    "app.shared.u": ["app.shared.w"],
}


def test_an_import_edit_inside_one_container_searches_that_container_again(searched, again):
    memo = Memo({})
    first = layers_answer(graph_of(BASE, memo))
    assert {(d.importer, d.imported) for d in first} == {("app.a.models", "app.a.api")}
    edited = {**BASE, "app.c.models.x": ["app.c.services.x"]}  # c's models import services
    searched.clear()
    answer = layers_answer(graph_of(edited, memo))
    assert (again, searched) == ([["app.c"]], [["app.c"]])
    assert answer == layers_answer(graph_of(edited, Memo({})))
    assert {(d.importer, d.imported) for d in answer} == {
        ("app.a.models", "app.a.api"),
        ("app.c.models", "app.c.services"),
    }


def test_a_module_every_container_reaches_affects_every_container(searched, again):
    memo = Memo({})
    base = {
        **BASE,
        "app.a.models.x": ["app.shared.u"],
        "app.c.models.x": ["app.shared.u"],
    }
    layers_answer(graph_of(base, memo))
    # Every container's models reach the edited module: all are searched again (grimp is
    # then asked only about b: in a and c no chain can join two layers, layer_pairs.py).
    edited = {**base, "app.shared.w": ["app.b.api.x"]}
    searched.clear()
    answer = layers_answer(graph_of(edited, memo))
    assert (again, searched) == ([["app.a", "app.b", "app.c"]], [["app.b"]])
    assert answer == layers_answer(graph_of(edited, Memo({})))
    assert ("app.b.models", "app.b.api") in {(d.importer, d.imported) for d in answer}


def test_an_edit_no_layer_reaches_searches_nothing(searched, again):
    memo = Memo({})
    first = layers_answer(graph_of(BASE, memo))
    searched.clear()
    # nothing imports app.tools.t, and what it now imports reaches no layer module
    edited = {**BASE, "app.tools.t": ["app.shared.u"]}
    assert layers_answer(graph_of(edited, memo)) == first
    assert (again, searched) == ([[]], [])


def test_new_importers_of_a_module_reaching_a_layer_search_its_container_again(again):
    # grimp's searches backwards from c's services read who imports app.shared.u: what
    # they read is no longer the same, though no layer reaches app.tools.t
    memo = Memo({})
    base = {**BASE, "app.shared.w": ["app.c.services.x"]}
    layers_answer(graph_of(base, memo))
    edited = {**base, "app.tools.t": ["app.shared.u"]}
    assert layers_answer(graph_of(edited, memo)) == layers_answer(graph_of(edited, Memo({})))
    assert again == [["app.c"]]


def test_a_new_module_searches_every_container(again):
    # grimp's choice among equally short chains follows the order modules were added in
    memo = Memo({})
    layers_answer(graph_of(BASE, memo))
    edited = {**BASE, "app.tools.new": ["app.shared.u"]}
    assert layers_answer(graph_of(edited, memo)) == layers_answer(graph_of(edited, Memo({})))
    assert again == [["app.a", "app.b", "app.c"]]


def test_a_damaged_memo_is_searched_whole(again):
    memo = Memo({})
    layers_answer(graph_of(BASE, memo))
    for key in list(memo.used):
        if key.startswith("imports|"):
            memo[key] = {"app.a.models.x": [1, 2]}
    edited = {**BASE, "app.c.models.x": ["app.c.services.x"]}
    assert layers_answer(graph_of(edited, memo)) == layers_answer(graph_of(edited, Memo({})))
    assert again == [["app.a", "app.b", "app.c"]]


EDGES = [(a, b) for a, b in itertools.permutations(MODULES, 2)]


@st.composite
def walks(draw):
    edges = draw(st.sets(st.sampled_from(EDGES), max_size=30))
    steps = []
    for _ in range(draw(st.integers(1, 4))):
        added = draw(st.sets(st.sampled_from(EDGES), max_size=3))
        removed = draw(st.sets(st.sampled_from(sorted(edges)), max_size=3)) if edges else set()
        edges = (edges | added) - removed
        steps.append(set(edges))
    return steps


def as_imports(edges: set[tuple[str, str]]) -> dict[str, list[str]]:
    imports: dict[str, list[str]] = {}
    for importer, imported in sorted(edges):
        imports.setdefault(importer, []).append(imported)
    return imports


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(walks(), st.sampled_from([CONTAINERS, ("app.b",), ("app.a", "app.c")]))
def test_random_edits_give_the_answer_of_a_search_without_memo(steps, containers):
    memo = Memo({})
    for edges in steps:
        reused = layers_answer(graph_of(as_imports(edges), memo), containers)
        fresh = layers_answer(graph_of(as_imports(edges), Memo({})), containers)
        assert reused == fresh
        memo = Memo(dict(memo.used))  # as saved and loaded by the next run
        independent = [set(f"app.{c}" for c in "abc")]
        graph = graph_of(as_imports(edges), memo)
        assert graph.find_illegal_dependencies_for_layers(independent) == graph_of(
            as_imports(edges), Memo({})
        ).find_illegal_dependencies_for_layers(independent)


def test_an_import_from_the_top_layer_or_into_the_bottom_one_searches_nothing(searched, again):
    """No search of a pair reads what a module of the top layer imports (no pair starts
    there) or who imports one of the bottom layer (no pair ends there)."""
    memo = Memo({})
    first = layers_answer(graph_of(BASE, memo))
    searched.clear()
    edited = {**BASE, "app.c.api.x": ["app.c.services.x", "app.shared.u", "app.a.models.x"]}
    assert layers_answer(graph_of(edited, memo)) == first
    assert (again, searched) == ([[]], [])
    # into b's bottom layer: b's searches never read it; c's may (app.c.api.x now
    # imports app.shared.u, which imports app.shared.w), so c is searched again
    edited = {**edited, "app.shared.w": ["app.b.models.x"]}
    assert layers_answer(graph_of(edited, memo)) == layers_answer(graph_of(edited, Memo({})))
    assert again[-1] == ["app.c"]
    # the same import into b's services is read by the search of (models, services)
    edited = {**edited, "app.shared.w": ["app.b.services.x"]}
    assert layers_answer(graph_of(edited, memo)) == layers_answer(graph_of(edited, Memo({})))
    assert again[-1] == ["app.b", "app.c"]


@st.composite
def level_lists(draw):
    """Levels of layer packages from the top, each (names, independent, closed)."""
    names = iter(f"app.l{i}" for i in range(20))
    levels = []
    for _ in range(draw(st.integers(1, 4))):
        siblings = [next(names) for _ in range(draw(st.integers(1, 2)))]
        levels.append((siblings, draw(st.booleans()), draw(st.booleans())))
    return levels


@settings(max_examples=60, deadline=None)
@given(level_lists())
def test_the_pairs_are_those_grimp_searches(levels):
    """pairs_of against grimp itself: (I, J) is a pair exactly when grimp reports a
    direct import from I to J as illegal."""
    packages = [name for names, _, _ in levels for name in names]
    layers = [grimp.Layer(*names, independent=ind, closed=closed) for names, ind, closed in levels]
    reported = set()
    for importer, imported in itertools.permutations(packages, 2):
        graph = ImportGraph()
        for package in ["app", *packages]:
            graph.add_module(package)
        graph.add_import(importer=importer, imported=imported)
        found = graph.find_illegal_dependencies_for_layers(layers)
        reported |= {(d.importer, d.imported) for d in found}
    assert layer_reuse.pairs_of(levels) == reported


@st.composite
def layer_structures(draw):
    """The three layers of each container as `grimp.Layer`s: plain, with the two lower
    ones independent siblings of one level, or with the middle one closed."""
    kind = draw(st.sampled_from(["plain", "siblings", "closed"]))
    if kind == "siblings":
        return [grimp.Layer("api"), grimp.Layer("services", "models", independent=True)]
    closed = kind == "closed"
    return [grimp.Layer("api"), grimp.Layer("services", closed=closed), grimp.Layer("models")]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(walks(), layer_structures())
def test_random_edits_with_siblings_and_closed_layers_give_a_fresh_answer(steps, layers):
    memo = Memo({})
    for edges in steps:
        reused = graph_of(as_imports(edges), memo).find_illegal_dependencies_for_layers(
            layers, set(CONTAINERS)
        )
        fresh = graph_of(as_imports(edges), Memo({})).find_illegal_dependencies_for_layers(
            layers, set(CONTAINERS)
        )
        assert reused == fresh
        memo = Memo(dict(memo.used))


def rows_compared_whole(before: str, after: str) -> dict[str, tuple[str, str]]:
    """What changed between two tables, every row of each compared."""
    was = dict(line.split(">") for line in before.split("\n") if line)
    now = dict(line.split(">") for line in after.split("\n") if line)
    return {
        m: (was.get(m, ""), now.get(m, ""))
        for m in was.keys() | now.keys()
        if was.get(m) != now.get(m)
    }


@st.composite
def tables(draw):
    """Two import tables of the same modules (importer -> imported, rows in name order),
    the second an edit of the first; `_BLOCK` is made small so that the blocks and the
    halving within them are crossed."""
    names = [f"m{i:02d}" for i in range(draw(st.integers(0, 30)))]
    targets = st.lists(st.sampled_from(names or ["x"]), unique=True, max_size=3).map(sorted)
    first = {m: draw(targets) for m in names}
    second = dict(first)
    for m in draw(st.lists(st.sampled_from(names), max_size=4)) if names else ():
        second[m] = draw(targets)
    return layer_reuse.table_of(first), layer_reuse.table_of(second)


@settings(max_examples=300, deadline=None)
@given(tables(), st.sampled_from([1, 2, 3, 7, 64, 1 << 16]))
def test_the_rows_changed_are_those_of_comparing_every_row(pair, block):
    before, after = pair
    with mock.patch.object(layer_reuse, "_BLOCK", block):
        assert layer_reuse._rows_changed(before, after) == rows_compared_whole(before, after)
        assert layer_reuse._rows_changed(after, before) == rows_compared_whole(after, before)


def test_rows_changed_in_the_first_last_and_only_rows():
    one = "a>x\nb>y\nc>z"
    assert layer_reuse._rows_changed(one, "a>w\nb>y\nc>z") == {"a": ("x", "w")}
    assert layer_reuse._rows_changed(one, "a>x\nb>y\nc>z,w") == {"c": ("z", "z,w")}
    assert layer_reuse._rows_changed(one, "a>x\nc>z") == {"b": ("y", "")}
    assert layer_reuse._rows_changed("", "a>x") == {"a": ("", "x")}
    assert layer_reuse._rows_changed(one, one) == {}
    assert layer_reuse._rows_changed("a>x\nbroken\nc>z", one) is None


def test_a_graph_searched_again_is_freed_without_the_garbage_collector():
    """The CLI and the language server analyse with the collector paused (gc_pause.py): a
    graph that its own parts refer back to would stay in memory, grimp's graph with it."""
    memo = Memo({})
    layers_answer(graph_of(BASE, memo))
    graph = graph_of({**BASE, "app.c.models.x": ["app.c.services.x"]}, memo)
    gc.disable()
    try:
        layers_answer(graph)
        assert graph.imports().table()  # what the search again kept of it
        freed = weakref.ref(graph)
        del graph
        assert freed() is None
    finally:
        gc.enable()


def test_the_table_made_while_assembling_is_the_table_of_the_imports():
    graph = graph_of({**BASE, "app.tools.t": []}, Memo({}))
    imports = graph.imports()
    assert imports.table() == layer_reuse.table_of(imports.targets)
    assert imports.table().split("\n")[:2] == [
        "app.a.api.x>app.a.services.x",
        "app.a.models.x>app.a.api.x",
    ]
    graph.remove_import(importer="app.a.api.x", imported="app.a.services.x")
    assert graph.imports().table().split("\n")[0] == "app.a.models.x>app.a.api.x"
