"""The layers contract asks grimp only about layer pairs a chain may join (layer_pairs.py).

What grimp then reports must be exactly what one call with every pair reports: checked on
hand-made graphs (which layers are left out, which levels are merged, which containers are
asked together, the walk giving up on a large region) and on random graphs with hypothesis.
"""

from __future__ import annotations

from unittest import mock

import grimp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layerlint.contracts import layer_pairs


def graph_of(imports: dict[str, list[str]], *modules: str) -> grimp.ImportGraph:
    """A graph of these imports and modules; `ext` is an external package (squashed)."""
    graph = grimp.ImportGraph()
    graph.add_module("ext", is_squashed=True)
    for module in [*modules, *imports, *(m for targets in imports.values() for m in targets)]:
        for depth in range(1, module.count(".") + 2):
            if module != "ext":
                graph.add_module(".".join(module.split(".")[:depth]))
    for importer, targets in imports.items():
        for imported in targets:
            graph.add_import(importer=importer, imported=imported)
    return graph


def plans(graph, levels, containers=()) -> list[tuple[list[tuple[tuple[str, ...], bool]], set]]:
    return [
        ([(tuple(sorted(layer.module_tails)), layer.independent) for layer in layers], group)
        for layers, group in layer_pairs.searches(graph, levels, list(containers))
    ]


def everything(graph, levels, containers) -> set:
    layers = [grimp.Layer(*names, independent=independent) for names, independent in levels]
    return graph.find_illegal_dependencies_for_layers(layers=layers, containers=set(containers))


def planned(graph, levels, containers) -> set:
    found = set()
    for layers, group in layer_pairs.searches(graph, levels, list(containers)):
        found |= graph.find_illegal_dependencies_for_layers(layers=layers, containers=group)
    return found


STACK = [(("high",), False), (("mid",), False), (("low",), False)]


def test_levels_without_chains_between_them_are_asked_as_one():
    levels = [(("top",), False), (("a",), False), (("b",), False), (("low",), False)]
    graph = graph_of({"app.a": ["app.top"], "app.low": ["app.b"]})
    assert plans(graph, levels, ["app"]) == [
        ([(("top",), False), (("a", "b"), False), (("low",), False)], {"app"})
    ]
    found = planned(graph, levels, ["app"])
    assert {(d.importer, d.imported) for d in found} == {("app.a", "app.top"), ("app.low", "app.b")}
    assert found == everything(graph, levels, ["app"])


def test_a_layer_no_other_layer_reaches_is_left_out():
    # nothing leads into `high`, so none of its pairs has a chain and no chain can pass it
    graph = graph_of({"app.low": ["app.mid"], "app.high": ["app.util", "app.mid"]})
    assert plans(graph, STACK, ["app"]) == [([(("mid",), False), (("low",), False)], {"app"})]
    assert planned(graph, STACK, ["app"]) == everything(graph, STACK, ["app"])


def test_a_layer_left_out_is_no_longer_a_wall_for_the_next_walk():
    # only `api` leads into `services`; once `api` is left out, so is `services`
    levels = [(("api",), False), (("services",), False), (("repos",), False), (("models",), False)]
    graph = graph_of(
        {
            "app.api": ["app.services"],
            "app.services": ["app.repos"],
            "app.models": ["app.util"],
            "app.util": ["app.repos"],
        }
    )
    assert plans(graph, levels, ["app"]) == [([(("repos",), False), (("models",), False)], {"app"})]
    (dependency,) = planned(graph, levels, ["app"])
    assert (dependency.importer, dependency.imported) == ("app.models", "app.repos")
    assert planned(graph, levels, ["app"]) == everything(graph, levels, ["app"])


def test_a_layer_that_reaches_a_layer_it_may_not_stays():
    # nothing leads into `low`, but it leads into `high`: that pair has a chain
    graph = graph_of({"app.low": ["app.util"], "app.util": ["app.high"]}, "app.mid")
    assert plans(graph, STACK, ["app"]) == [([(("high",), False), (("low",), False)], {"app"})]


def test_a_chain_through_modules_outside_the_layers_keeps_the_pair():
    graph = graph_of({"app.low": ["app.util"], "app.util": ["app.high"], "app.high": ["app.mid"]})
    assert plans(graph, STACK, ["app"]) == [
        ([(("high", "mid"), False), (("low",), False)], {"app"})
    ]
    (dependency,) = planned(graph, STACK, ["app"])
    assert (dependency.importer, dependency.imported) == ("app.low", "app.high")


def test_a_chain_through_a_lower_layers_subpackage_keeps_the_pair():
    graph = graph_of({"app.mid.deep.x": ["app.high.y"], "app.low": ["app.high"]})
    assert plans(graph, STACK, ["app"]) == [
        ([(("high",), False), (("low", "mid"), False)], {"app"})
    ]


def test_a_chain_through_another_layer_does_not_count():
    # grimp's chains between two layers may not pass through the container's other layers
    graph = graph_of({"app.low": ["app.mid"], "app.mid": ["app.high"]})
    assert plans(graph, STACK, ["app"]) == [
        ([(("high",), False), (("mid",), False), (("low",), False)], {"app"})
    ]
    found = planned(graph, STACK, ["app"])
    assert {(d.importer, d.imported) for d in found} == {
        ("app.low", "app.mid"),
        ("app.mid", "app.high"),
    }


def test_no_chain_at_all_asks_grimp_nothing():
    graph = graph_of({"app.high": ["app.mid", "app.low"], "app.mid": ["app.low"]})
    assert plans(graph, STACK, ["app"]) == []
    assert planned(graph, STACK, ["app"]) == set()


def test_independent_siblings_without_chains_are_asked_as_not_independent():
    levels = [(("a", "b"), True), (("low",), False)]
    quiet = graph_of({"app.a": ["app.low"], "app.low": ["app.a", "app.b"]})
    assert plans(quiet, levels, ["app"]) == [([(("a", "b"), False), (("low",), False)], {"app"})]
    siblings = graph_of({"app.a": ["app.b"]}, "app.low")
    assert plans(siblings, levels, ["app"]) == [([(("a", "b"), True)], {"app"})]  # `low` left out
    (dependency,) = planned(siblings, levels, ["app"])
    assert (dependency.importer, dependency.imported) == ("app.a", "app.b")


def test_containers_with_the_same_plan_are_asked_together():
    graph = graph_of(
        {"one.low": ["one.high"], "two.mid": ["two.high"], "three.low": ["three.high"]},
        *(f"{c}.{layer}" for c in ("one", "two", "three") for layer in ("high", "mid", "low")),
    )
    assert plans(graph, STACK, ["one", "two", "three"]) == [
        ([(("high",), False), (("low",), False)], {"one", "three"}),
        ([(("high",), False), (("mid",), False)], {"two"}),
    ]
    assert planned(graph, STACK, ["one", "two", "three"]) == everything(
        graph, STACK, ["one", "two", "three"]
    )


def test_layers_without_containers_and_missing_layers():
    graph = graph_of({"low": ["util"]}, "high")
    assert plans(graph, STACK) == []
    graph.add_import(importer="util", imported="high")
    assert plans(graph, STACK) == [([(("high",), False), (("low",), False)], set())]
    assert planned(graph, STACK, []) == everything(graph, STACK, [])


def test_a_region_too_large_to_walk_leaves_the_pair_to_grimp():
    # 40 modules lead to the higher layer and 40 lead away from the lower one, never meeting:
    # there is no chain, but only a walk of either line proves it
    into_high = {f"app.m{i + 1}": [f"app.m{i}"] for i in range(40)}
    from_low = {f"app.n{i}": [f"app.n{i + 1}"] for i in range(40)}
    graph = graph_of({**into_high, **from_low, "app.m0": ["app.high"], "app.low": ["app.n0"]})
    levels = [(("high",), False), (("low",), False)]
    assert plans(graph, levels, ["app"]) == []
    with mock.patch.object(layer_pairs, "_WALK_LIMIT", 10):
        assert plans(graph, levels, ["app"]) == [([(("high",), False), (("low",), False)], {"app"})]
        assert planned(graph, levels, ["app"]) == set()


def test_an_external_package_as_a_layer_is_one_module():
    graph = graph_of({"app.x": ["ext"]}, "app.y")
    levels = [(("ext",), False), (("app",), False)]
    assert plans(graph, levels) == [([(("ext",), False), (("app",), False)], set())]
    (dependency,) = planned(graph, levels, [])
    assert (dependency.importer, dependency.imported) == ("app", "ext")
    assert plans(graph_of({"app.x": ["app.y"]}), levels) == []


# Random graphs: modules c<i>.<layer>[.<sub>] and shared modules u<j>, random imports.
CONTAINERS = ["c0", "c1"]
LAYER_NAMES = ["l0", "l1", "l2", "l3"]
MODULES = [
    *(f"{c}.{layer}{sub}" for c in CONTAINERS for layer in LAYER_NAMES for sub in ("", ".s")),
    *(f"{c}.other" for c in CONTAINERS),
    *(f"u{j}" for j in range(3)),
    "ext",
]


@st.composite
def cases(draw):
    present = [m for m in MODULES if draw(st.integers(0, 9)) > 0 or m.endswith(".s")]
    imports = draw(
        st.lists(
            st.tuples(st.sampled_from(present), st.sampled_from(present)), min_size=8, max_size=40
        )
    )
    names = draw(st.permutations(LAYER_NAMES))[: draw(st.integers(2, 4))]
    levels, rest = [], list(names)
    while rest:
        size = draw(st.integers(1, min(2, len(rest))))
        levels.append((tuple(rest[:size]), draw(st.booleans())))
        rest = rest[size:]
    containers = draw(st.sampled_from([CONTAINERS, CONTAINERS[:1], []]))
    if not containers:
        levels = [(tuple(f"c0.{n}" for n in names), independent) for names, independent in levels]
        if draw(st.booleans()):  # an external package as the top layer
            levels.insert(0, (("ext",), False))
    limit = draw(st.sampled_from([0, 1, 3, 256]))
    return present, imports, levels, containers, limit


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_random_graphs_find_what_asking_every_pair_finds(case):
    present, imports, levels, containers, limit = case
    graph = graph_of({}, *present)
    for importer, imported in imports:
        if importer != imported:
            graph.add_import(importer=importer, imported=imported)
    containers = [c for c in containers if c in graph.modules]
    with mock.patch.object(layer_pairs, "_WALK_LIMIT", limit):
        assert planned(graph, levels, containers) == everything(graph, levels, containers)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.data())
def test_one_level_of_independent_modules_finds_what_asking_every_pair_finds(case, data):
    """The `independence` contract's formulation: one level of independent siblings, no
    containers, the modules anywhere in the graph."""
    present, imports, _, _, limit = case
    graph = graph_of({}, *present)
    for importer, imported in imports:
        if importer != imported:
            graph.add_import(importer=importer, imported=imported)
    names = data.draw(st.lists(st.sampled_from(present), min_size=2, max_size=4, unique=True))
    parents = [n for n in names if any(m.startswith(f"{n}.") for m in names)]
    levels = [(tuple(n for n in names if n not in parents), True)]
    with mock.patch.object(layer_pairs, "_WALK_LIMIT", limit):
        assert planned(graph, levels, []) == everything(graph, levels, [])
