"""`layerlint graph`: the drawn graph (nodes, counted edges, red broken imports, dashed cycle
breakers, layer/external/cycle clusters), its formats (DOT, Mermaid, SVG/PNG/PDF through
Graphviz), its refusals (unknown package, too many nodes, binary data without a file, no
Graphviz) and its determinism.

The DOT is parsed with pydot and compared as sets, never string-matched; SVG is parsed with
xml.etree. Projects are the fixtures under testdata/ (never written to: every run passes
--no-cache or a --cache-dir under tmp_path) and small projects written into tmp_path.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pydot
import pytest
from helpers import assert_one_line_error, diags, write_project

TESTDATA = Path(__file__).resolve().parent.parent / "testdata"
SEED_CYCLES = TESTDATA / "seed_cycles"
DEMO = TESTDATA / "demo"
CLEAN = TESTDATA / "clean"

DOT_MISSING = shutil.which("dot") is None
# In CI (.ci/run installs Graphviz) the rendering tests must run, never skip.
needs_dot = pytest.mark.skipif(
    DOT_MISSING and not os.environ.get("CI"),
    reason="Graphviz's `dot` is not installed (CI installs it and runs these tests)",
)


# -- running the command --------------------------------------------------------------------


def graph(cli, project: Path, *args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    """`layerlint graph --no-cache --project PROJECT ARGS`, in-process; at depth 1 unless
    ARGS say otherwise (the automatic depth is test_graph_review.py's)."""
    depth = () if any(a.startswith("--depth") for a in args) else ("--depth", "1")
    return cli("graph", "--no-cache", "--project", str(project), *depth, *args,
               cwd=cwd or project)


_FIXTURE_OUTPUT: dict[tuple, str] = {}  # the testdata projects are never written to


def dot_of(cli, project: Path, *args: str) -> Dot:
    key = (project, *args)
    if key in _FIXTURE_OUTPUT:
        return parse_dot(_FIXTURE_OUTPUT[key])
    code, out, err = graph(cli, project, *args)
    assert code == 0, (code, err)
    assert err == ""
    if TESTDATA in project.parents:
        _FIXTURE_OUTPUT[key] = out
    return parse_dot(out)




# -- reading DOT ----------------------------------------------------------------------------


def unquote(value: str | None) -> str | None:
    if value is None:
        return None
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
        value = re.sub(r"\\(.)", lambda m: m.group(1) if m.group(1) in '"\\' else m.group(0), value)
    return value


def attributes(obj) -> dict[str, str]:
    return {key: unquote(value) for key, value in obj.get_attributes().items()}


def is_red(colour: str | None) -> bool:
    if not colour:
        return False
    colour = colour.strip().lower()
    if colour in {"red", "red1", "red2", "red3", "red4", "firebrick", "crimson", "darkred"}:
        return True
    match = re.fullmatch(r"#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})(?:[0-9a-f]{2})?", colour)
    if not match:
        return False
    r, g, b = (int(x, 16) for x in match.groups())
    return r >= 0xB0 and g <= 0x70 and b <= 0x70


@dataclass
class Cluster:
    name: str
    label: str
    attrs: dict[str, str]
    parent: str | None
    nodes: set[str] = field(default_factory=set)  # declared directly inside
    children: list[str] = field(default_factory=list)


@dataclass
class Dot:
    source: str
    attrs: dict[str, str]
    node_defaults: dict[str, str]
    nodes: dict[str, dict[str, str]]  # visible nodes
    hidden_nodes: set[str]
    edges: dict[tuple[str, str], dict[str, str]]  # visible edges
    hidden_edges: set[tuple[str, str]]
    clusters: dict[str, Cluster]  # in the order they appear
    cluster_of: dict[str, str | None]  # innermost cluster of each node
    two_headed: set[tuple[str, str]] = field(default_factory=set)  # drawn with dir=both

    # -- what a test compares
    @property
    def node_names(self) -> set[str]:
        return set(self.nodes)

    @property
    def edge_set(self) -> set[tuple[str, str, int]]:
        return {(s, t, int(a["label"])) for (s, t), a in self.edges.items()}

    @property
    def dashed(self) -> set[tuple[str, str]]:
        return {key for key, a in self.edges.items() if "dashed" in (a.get("style") or "")}

    def red(self, contract_names) -> dict[tuple[str, str], set[str]]:
        """Red edges, each with the contracts its tooltip names."""
        return {
            key: {name for name in contract_names if f"'{name}'" in (a.get("tooltip") or "")}
            for key, a in self.edges.items()
            if is_red(a.get("color"))
        }

    def members(self, cluster: str) -> set[str]:
        found = set(self.clusters[cluster].nodes)
        for child in self.clusters[cluster].children:
            found |= self.members(child)
        return found & set(self.nodes)

    def top_clusters(self) -> list[Cluster]:
        return [c for c in self.clusters.values() if c.parent is None]

    def external_cluster(self) -> Cluster | None:
        found = [c for c in self.top_clusters() if "external" in c.label.lower()]
        assert len(found) <= 1
        return found[0] if found else None

    def layers(self) -> list[tuple[str, set[str]]]:
        """(label, drawn members) of the layer clusters, in the order they appear."""
        return [
            (whole_label(c), self.members(c.name))
            for c in self.top_clusters()
            if "external" not in c.label.lower() and not c.label.startswith("cycle")
        ]

    def cycle_boxes(self) -> dict[frozenset[str], str | None]:
        """{members of a cycle's box: label of the cluster it sits in (None: the top level)}."""
        return {
            frozenset(self.members(c.name)): (
                whole_label(self.clusters[c.parent]) if c.parent is not None else None
            )
            for c in self.clusters.values()
            if c.label.startswith("cycle")
        }

    def shape(self, node: str) -> str:
        return self.nodes[node].get("shape") or self.node_defaults.get("shape") or "ellipse"

    def fill(self, node: str) -> str:
        return self.nodes[node].get("fillcolor") or self.node_defaults.get("fillcolor") or ""


def whole_label(cluster: Cluster) -> str:
    """A layer's whole label: its tooltip when the picture shortens it."""
    return cluster.attrs.get("tooltip") or cluster.label


def parse_dot(source: str) -> Dot:
    graphs = pydot.graph_from_dot_data(source)
    assert graphs and len(graphs) == 1, source
    root = graphs[0]
    assert root.get_type() == "digraph"
    node_defaults: dict[str, str] = {}
    nodes: dict[str, dict[str, str]] = {}
    hidden_nodes: set[str] = set()
    edges: dict[tuple[str, str], dict[str, str]] = {}
    hidden_edges: set[tuple[str, str]] = set()
    clusters: dict[str, Cluster] = {}
    cluster_of: dict[str, str | None] = {}

    def walk(container, cluster: str | None) -> None:
        for node in container.get_nodes():
            name = unquote(node.get_name())
            attrs = attributes(node)
            if name in ("node", "edge", "graph"):  # default attribute statements
                if name == "node" and cluster is None:
                    node_defaults.update(attrs)
                continue
            assert name not in nodes and name not in hidden_nodes, f"{name} declared twice"
            if "invis" in (attrs.get("style") or ""):
                hidden_nodes.add(name)
            else:
                nodes[name] = attrs
            cluster_of[name] = cluster
            if cluster is not None:
                clusters[cluster].nodes.add(name)
        for edge in container.get_edges():
            key = (unquote(edge.get_source()), unquote(edge.get_destination()))
            attrs = attributes(edge)
            if "invis" in (attrs.get("style") or ""):
                hidden_edges.add(key)
            elif attrs.get("dir") == "both":  # a -> b and b -> a as one edge: read as two
                for one_way, attrs_of_it in zip((key, key[::-1]), _halves(attrs), strict=True):
                    assert one_way not in edges, f"edge {one_way} drawn twice"
                    edges[one_way] = attrs_of_it
                two_headed.add(key)
            else:
                assert key not in edges, f"edge {key} drawn twice"
                edges[key] = attrs
        for sub in container.get_subgraphs():
            name = unquote(sub.get_name())
            attrs = attributes(sub)
            if name.startswith("cluster"):
                clusters[name] = Cluster(name, attrs.get("label") or "", attrs, cluster)
                if cluster is not None:
                    clusters[cluster].children.append(name)
                walk(sub, name)
            else:
                walk(sub, cluster)

    two_headed: set[tuple[str, str]] = set()
    walk(root, None)
    dot = Dot(
        source,
        attributes(root),
        node_defaults,
        nodes,
        hidden_nodes,
        edges,
        hidden_edges,
        clusters,
        cluster_of,
        two_headed,
    )
    # Every edge joins declared nodes (no node is created implicitly by an edge).
    for source_node, target in edges.keys() | hidden_edges:
        assert {source_node, target} <= nodes.keys() | hidden_nodes, (source_node, target)
    for edge, attrs in edges.items():
        assert attrs.get("label", "").isdigit() and int(attrs["label"]) >= 1, (edge, attrs)
    return dot


def _halves(attrs: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The attributes of a two-headed edge's two imports, as if drawn one by one: the head
    stands for source -> target (its count the headlabel, its colour the second half of
    the colour list, hollow head when nominated), the tail for the way back."""
    colours = (attrs.get("color") or "").split(":")
    colours = [c.split(";")[0] for c in colours] if len(colours) == 2 else [None, None]
    tooltips = (attrs.get("tooltip") or "").split("; ")
    assert len(tooltips) == 2, attrs
    dashed = "dashed" in (attrs.get("style") or "")
    found = []
    for label, colour, arrow, tooltip in (
        (attrs.get("headlabel"), colours[1], attrs.get("arrowhead"), tooltips[0]),
        (attrs.get("taillabel"), colours[0], attrs.get("arrowtail"), tooltips[1]),
    ):
        one = {"label": label, "tooltip": tooltip}
        if colour:
            one["color"] = colour
        if dashed or arrow == "onormal":
            one["style"] = "dashed"
        found.append(one)
    return found[0], found[1]


def drawn_sccs(dot: Dot) -> set[frozenset[str]]:
    """The strongly connected components (two or more nodes) of the drawn edges."""
    successors: dict[str, set[str]] = {n: set() for n in dot.nodes}
    for s, t in dot.edges:
        successors[s].add(t)
    return sccs(successors)


def sccs(successors: dict[str, set[str]]) -> set[frozenset[str]]:
    def reach(start: str) -> set[str]:
        seen, todo = {start}, [start]
        while todo:
            for nxt in successors.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    reachable = {n: reach(n) for n in successors}
    found = set()
    for n in successors:
        component = frozenset(m for m in reachable[n] if n in reachable[m])
        if len(component) > 1:
            found.add(component)
    return found


def highlighted(dot: Dot) -> set[frozenset[str]]:
    """Internal nodes grouped by the fill colour that marks them as sitting on a cycle."""
    default = dot.node_defaults.get("fillcolor", "white")
    external = dot.external_cluster()
    externals = dot.members(external.name) if external else set()
    groups: dict[str, set[str]] = {}
    for node in dot.nodes:
        if node not in externals and dot.fill(node) not in (default, "", "white"):
            groups.setdefault(dot.fill(node), set()).add(node)
    return {frozenset(g) for g in groups.values()}


# -- expected graphs ------------------------------------------------------------------------

SEED_CYCLES_CONTRACTS = ("No import cycles", "Top-level packages form no cycle")

SEED_CYCLES_D1_NODES = {"shop", "shop.application", "shop.domain", "shop.infrastructure"}
SEED_CYCLES_D1_EDGES = {
    ("shop.application", "shop.domain", 2),
    ("shop.application", "shop.infrastructure", 1),
    ("shop.domain", "shop.infrastructure", 5),  # one of them only under TYPE_CHECKING
    ("shop.infrastructure", "shop.domain", 4),
}

SEED_CYCLES_D2_NODES = {
    "shop",
    "shop.application",
    "shop.application.checkout",
    "shop.domain",
    "shop.domain.customer",
    "shop.domain.invoice",
    "shop.domain.money",
    "shop.domain.order",
    "shop.domain.pricing",
    "shop.infrastructure",
    "shop.infrastructure.config",
    "shop.infrastructure.exchange_rates",
    "shop.infrastructure.order_repository",
    "shop.infrastructure.orm",
    "shop.infrastructure.pdf",
    "shop.infrastructure.templates",
}
SEED_CYCLES_D2_EDGES = {
    ("shop.application.checkout", "shop.domain.invoice", 1),
    ("shop.application.checkout", "shop.domain.order", 1),
    ("shop.application.checkout", "shop.infrastructure.order_repository", 1),
    ("shop.domain.customer", "shop.infrastructure.orm", 1),
    ("shop.domain.invoice", "shop.infrastructure.pdf", 1),
    ("shop.domain.order", "shop.domain.customer", 1),
    ("shop.domain.order", "shop.infrastructure.order_repository", 1),
    ("shop.domain.pricing", "shop.domain.money", 1),
    ("shop.domain.pricing", "shop.infrastructure.config", 1),
    ("shop.domain.pricing", "shop.infrastructure.exchange_rates", 1),
    ("shop.infrastructure.exchange_rates", "shop.domain.money", 1),
    ("shop.infrastructure.order_repository", "shop.domain.order", 1),
    ("shop.infrastructure.orm", "shop.domain.customer", 1),
    ("shop.infrastructure.pdf", "shop.infrastructure.templates", 1),
    ("shop.infrastructure.templates", "shop.domain.invoice", 1),
}
# The imports LL105 reports for the module cycles: import-linter's for 'Top-level packages
# form no cycle', the fewest statements for 'No import cycles' (the TYPE_CHECKING import of
# order_repository, the deferred one; else the first by name).
SEED_CYCLES_D2_DASHED = {
    ("shop.infrastructure.order_repository", "shop.domain.order"),
    ("shop.infrastructure.orm", "shop.domain.customer"),
    ("shop.infrastructure.templates", "shop.domain.invoice"),
    ("shop.domain.order", "shop.infrastructure.order_repository"),
    ("shop.domain.customer", "shop.infrastructure.orm"),
    ("shop.domain.invoice", "shop.infrastructure.pdf"),
}
SEED_CYCLES_D2_CYCLES = {
    frozenset({"shop.domain.customer", "shop.infrastructure.orm"}),
    frozenset({"shop.domain.order", "shop.infrastructure.order_repository"}),
    frozenset({"shop.domain.invoice", "shop.infrastructure.pdf", "shop.infrastructure.templates"}),
}

DEMO_CONTRACTS = (
    "Clean architecture",
    "Domain is pure Python",
    "Authenticate through security.core",
    "No import cycles",
)
CLEAN_ARCH, PURE, AUTH = DEMO_CONTRACTS[:3]
DEMO_EXTERNALS = {"fastapi", "fastapi_users", "pydantic", "sqlalchemy"}
DEMO_D1_NODES = {
    "app",
    "app.api",
    "app.application",
    "app.domain",
    "app.infrastructure",
    "app.main",
    "app.shared",
    *DEMO_EXTERNALS,
}
DEMO_D1_EDGES = {
    ("app.api", "app.application", 2),
    ("app.api", "app.infrastructure", 4),
    ("app.api", "fastapi", 4),
    ("app.api", "pydantic", 1),
    ("app.application", "app.api", 1),
    ("app.application", "app.domain", 1),
    ("app.application", "app.infrastructure", 3),
    ("app.domain", "app.infrastructure", 1),
    ("app.domain", "fastapi", 1),
    ("app.domain", "pydantic", 1),
    ("app.domain", "sqlalchemy", 2),
    ("app.infrastructure", "app.domain", 1),
    ("app.infrastructure", "app.shared", 1),
    ("app.infrastructure", "fastapi_users", 1),
    ("app.infrastructure", "sqlalchemy", 5),
    ("app.main", "app.api", 3),  # `from app.api.routes import auth, children, users`
    ("app.main", "fastapi", 1),
    ("app.shared", "app.api", 1),
}
# app.domain.account's `from fastapi import HTTPException` carries a noqa comment for LL102, so
# app.domain -> fastapi is not red (`layerlint check` does not report it either).
DEMO_D1_RED = {
    ("app.api", "app.infrastructure"): {AUTH},
    ("app.application", "app.api"): {CLEAN_ARCH},
    ("app.application", "app.infrastructure"): {AUTH},
    ("app.domain", "app.infrastructure"): {CLEAN_ARCH, PURE},
    ("app.domain", "sqlalchemy"): {PURE},
    ("app.infrastructure", "app.shared"): {CLEAN_ARCH},
}
DEMO_LAYERS_D1 = [
    ("Clean architecture: app.api", {"app.api"}),
    ("Clean architecture: app.application", {"app.application"}),
    ("Clean architecture: app.infrastructure", {"app.infrastructure"}),
    ("Clean architecture: app.domain", {"app.domain"}),
]
DEMO_D1_CYCLE = frozenset(
    {"app.api", "app.application", "app.domain", "app.infrastructure", "app.shared"}
)

DEMO_D2_NODES = {
    "app",
    "app.api",
    "app.api.dependencies",
    "app.api.routes",
    "app.api.schemas",
    "app.application",
    "app.application.login_service",
    "app.application.user_service",
    "app.domain",
    "app.domain.account",
    "app.domain.session_models_infra",
    "app.domain.user",
    "app.infrastructure",
    "app.infrastructure.email_sender",
    "app.infrastructure.legacy_export",  # cannot be parsed: a node without imports
    "app.infrastructure.persistence",
    "app.infrastructure.security",
    "app.main",
    "app.shared",
    *DEMO_EXTERNALS,
}
DEMO_D2_EDGES = {
    ("app.api.dependencies", "app.infrastructure.security", 1),
    ("app.api.dependencies", "fastapi", 1),
    ("app.api.routes", "app.api.dependencies", 2),
    ("app.api.routes", "app.api.schemas", 2),
    ("app.api.routes", "app.application.login_service", 1),
    ("app.api.routes", "app.application.user_service", 1),
    ("app.api.routes", "app.infrastructure.security", 3),
    ("app.api.routes", "fastapi", 3),
    ("app.api.schemas", "pydantic", 1),
    ("app.application.login_service", "app.infrastructure.security", 1),
    ("app.application.user_service", "app.api.schemas", 1),
    ("app.application.user_service", "app.domain.user", 1),
    ("app.application.user_service", "app.infrastructure.persistence", 1),
    ("app.application.user_service", "app.infrastructure.security", 1),
    ("app.domain.account", "fastapi", 1),
    ("app.domain.account", "pydantic", 1),
    ("app.domain.session_models_infra", "sqlalchemy", 2),
    ("app.domain.user", "app.infrastructure.persistence", 1),
    ("app.infrastructure.email_sender", "app.shared", 1),
    ("app.infrastructure.persistence", "app.domain.user", 1),
    ("app.infrastructure.persistence", "sqlalchemy", 5),
    ("app.infrastructure.security", "app.infrastructure.persistence", 1),
    ("app.infrastructure.security", "fastapi_users", 1),
    ("app.main", "app.api.routes", 3),
    ("app.main", "fastapi", 1),
    ("app.shared", "app.api.schemas", 1),
}
DEMO_D2_RED = {
    ("app.api.dependencies", "app.infrastructure.security"): {AUTH},
    ("app.api.routes", "app.infrastructure.security"): {AUTH},
    ("app.application.login_service", "app.infrastructure.security"): {AUTH},
    ("app.application.user_service", "app.api.schemas"): {CLEAN_ARCH},
    ("app.domain.session_models_infra", "sqlalchemy"): {PURE},
    ("app.domain.user", "app.infrastructure.persistence"): {CLEAN_ARCH, PURE},
    ("app.infrastructure.email_sender", "app.shared"): {CLEAN_ARCH},
}

CLEAN_CONTRACTS = (
    "Layers",
    "Domain is pure Python",
    "Lending and catalog are independent",
    "Repositories only through the services",
    "No import cycles",
    "No cycles between sibling packages",
)
CLEAN_D1_NODES = {
    "library",
    "library.api",
    "library.domain",
    "library.repositories",
    "library.services",
    "fastapi",
    "sqlalchemy",
}
CLEAN_D1_EDGES = {
    ("library.api", "fastapi", 1),
    ("library.api", "library.domain", 1),
    ("library.api", "library.services", 1),
    ("library.repositories", "library.domain", 1),
    ("library.repositories", "library.services", 1),  # ignored by the contracts
    ("library.repositories", "sqlalchemy", 1),
    ("library.services", "library.domain", 3),
    ("library.services", "library.repositories", 2),
    # library.domain.member -> library.services.lending is under TYPE_CHECKING, excluded.
}
CLEAN_D2_NODES = {
    "library",
    "library.api",
    "library.api.loans",
    "library.domain",
    "library.domain.book",
    "library.domain.member",
    "library.repositories",
    "library.repositories.books",
    "library.services",
    "library.services.catalog",
    "library.services.errors",
    "library.services.lending",
    "fastapi",
    "sqlalchemy",
}
CLEAN_D2_EDGES = {
    ("library.api.loans", "fastapi", 1),
    ("library.api.loans", "library.domain.book", 1),
    ("library.api.loans", "library.services.lending", 1),
    ("library.repositories.books", "library.domain.book", 1),
    ("library.repositories.books", "library.services.errors", 1),
    ("library.repositories.books", "sqlalchemy", 1),
    ("library.services.catalog", "library.domain.book", 1),
    ("library.services.catalog", "library.repositories.books", 1),
    ("library.services.lending", "library.domain.book", 1),
    ("library.services.lending", "library.domain.member", 1),
    ("library.services.lending", "library.repositories.books", 1),
    ("library.services.lending", "library.services.errors", 1),
}


# -- small projects -------------------------------------------------------------------------

LAYERED_CONTRACTS = (
    "Layers",
    "Orders and billing are independent",
    "Domain is pure Python",
    "Secrets through orders",
)


@pytest.fixture
def layered(tmp_path: Path) -> Path:
    """Three layers (the middle one of two siblings), one import breaking each kind of
    contract, two external packages, standard-library imports, a module in no layer."""
    return write_project(
        tmp_path / "layered",
        {
            "app/__init__.py": "",
            "app/api/views.py": """
                import json
                import requests
                from app.orders import service
                from app.orders.service import place
                from app.domain.secrets import KEY
            """,
            "app/orders/service.py": "import os\n\n\ndef place():\n    return os.sep\n",
            "app/billing/invoices.py": "from app.orders.service import place\n",
            "app/domain/models.py": "import sqlalchemy\nfrom sqlalchemy.orm import Session\n",
            "app/domain/rules.py": "from app.orders import service\n",
            "app/domain/secrets.py": "KEY = 1\n",
            "app/util.py": "import logging\nimport requests\n",
        },
        [
            {
                "name": "Layers",
                "type": "layers",
                "layers": ["app.api", "app.orders : app.billing", "app.domain"],
            },
            {
                "name": "Orders and billing are independent",
                "type": "independence",
                "modules": ["app.orders", "app.billing"],
            },
            {
                "name": "Domain is pure Python",
                "type": "forbidden",
                "source_modules": ["app.domain"],
                "forbidden_modules": ["sqlalchemy"],
            },
            {
                "name": "Secrets through orders",
                "type": "protected",
                "protected_modules": ["app.domain.secrets"],
                "allowed_importers": ["app.orders"],
            },
        ],
    )


LAYERED_D1_NODES = {
    "app",
    "app.api",
    "app.orders",
    "app.billing",
    "app.domain",
    "app.util",
    "requests",
    "sqlalchemy",
}
LAYERED_D1_EDGES = {
    ("app.api", "app.domain", 1),
    ("app.api", "app.orders", 2),
    ("app.api", "requests", 1),
    ("app.billing", "app.orders", 1),
    ("app.domain", "app.orders", 1),
    ("app.domain", "sqlalchemy", 2),
    ("app.util", "requests", 1),
}
LAYERED_D1_RED = {
    ("app.api", "app.domain"): {"Secrets through orders"},
    ("app.billing", "app.orders"): {"Orders and billing are independent"},
    ("app.domain", "app.orders"): {"Layers"},
    ("app.domain", "sqlalchemy"): {"Domain is pure Python"},
}
LAYERED_LAYERS_D1 = [
    ("Layers: app.api", {"app.api"}),
    ("Layers: app.orders : app.billing", {"app.orders", "app.billing"}),
    ("Layers: app.domain", {"app.domain"}),
]
LAYERED_D2_NODES = {
    "app",
    "app.api",
    "app.api.views",
    "app.orders",
    "app.orders.service",
    "app.billing",
    "app.billing.invoices",
    "app.domain",
    "app.domain.models",
    "app.domain.rules",
    "app.domain.secrets",
    "app.util",
    "requests",
    "sqlalchemy",
}
LAYERED_D2_EDGES = {
    ("app.api.views", "app.domain.secrets", 1),
    ("app.api.views", "app.orders.service", 2),
    ("app.api.views", "requests", 1),
    ("app.billing.invoices", "app.orders.service", 1),
    ("app.domain.models", "sqlalchemy", 2),
    ("app.domain.rules", "app.orders.service", 1),
    ("app.util", "requests", 1),
}
LAYERED_D2_RED = {
    ("app.api.views", "app.domain.secrets"): {"Secrets through orders"},
    ("app.billing.invoices", "app.orders.service"): {"Orders and billing are independent"},
    ("app.domain.rules", "app.orders.service"): {"Layers"},
    ("app.domain.models", "sqlalchemy"): {"Domain is pure Python"},
}
LAYERED_LAYERS_D2 = [
    ("Layers: app.api", {"app.api", "app.api.views"}),
    (
        "Layers: app.orders : app.billing",
        {"app.orders", "app.orders.service", "app.billing", "app.billing.invoices"},
    ),
    (
        "Layers: app.domain",
        {"app.domain", "app.domain.models", "app.domain.rules", "app.domain.secrets"},
    ),
]


@pytest.fixture
def cyclic(tmp_path: Path) -> Path:
    """Two sibling packages in one layer that form a cycle only as packages (2 imports one
    way, 1 back), and a module cycle inside one of them."""
    return write_project(
        tmp_path / "cyclic",
        {
            "app/__init__.py": "",
            "app/top/main.py": "from app.left import p\n",
            "app/left/p.py": "from app.right import q\nfrom app.right.q import thing\n",
            "app/left/s.py": "",
            "app/left/m1.py": "from app.left import m2\n",
            "app/left/m2.py": "from app.left import m1\n",
            "app/right/q.py": "thing = 1\n",
            "app/right/r.py": "from app.left import s\n",
        },
        [
            {"name": "Tiers", "type": "layers", "layers": ["app.top", "app.left : app.right"]},
            {"name": "No cycles", "type": "acyclic", "packages": ["app"]},
            {"name": "Siblings", "type": "acyclic_siblings", "ancestors": ["app"], "depth": 0},
        ],
    )


CYCLIC_D2_NODES = {
    "app",
    "app.top",
    "app.top.main",
    "app.left",
    "app.left.p",
    "app.left.s",
    "app.left.m1",
    "app.left.m2",
    "app.right",
    "app.right.q",
    "app.right.r",
}
CYCLIC_D2_EDGES = {
    ("app.top.main", "app.left.p", 1),
    ("app.left.p", "app.right.q", 2),
    ("app.right.r", "app.left.s", 1),
    ("app.left.m1", "app.left.m2", 1),
    ("app.left.m2", "app.left.m1", 1),
}


# -- the fixture projects, exactly ------------------------------------------------------------


def test_seed_cycles_depth_1(cli):
    dot = dot_of(cli, SEED_CYCLES)
    assert dot.node_names == SEED_CYCLES_D1_NODES
    assert dot.edge_set == SEED_CYCLES_D1_EDGES
    assert dot.red(SEED_CYCLES_CONTRACTS) == {}  # only acyclic contracts: nothing is red
    # The imports LL105 nominates: import-linter's for 'Top-level packages form no cycle'
    # (infrastructure -> domain), the fewest statements for 'No import cycles' (each a tie
    # between the two directions, won by the import deferred or else the first by name).
    assert dot.dashed == {
        ("shop.infrastructure", "shop.domain"), ("shop.domain", "shop.infrastructure")
    }
    assert (
        drawn_sccs(dot) == highlighted(dot) == {frozenset({"shop.domain", "shop.infrastructure"})}
    )
    # No layers contract: the cycle's box sits at the top level.
    assert dot.layers() == []
    assert dot.cycle_boxes() == {frozenset({"shop.domain", "shop.infrastructure"}): None}
    # Only standard-library imports leave the project: no external cluster.
    assert dot.external_cluster() is None
    assert dot.hidden_nodes == set()


def test_seed_cycles_depth_2(cli):
    dot = dot_of(cli, SEED_CYCLES, "--depth", "2")
    assert dot.node_names == SEED_CYCLES_D2_NODES
    assert dot.edge_set == SEED_CYCLES_D2_EDGES
    assert dot.red(SEED_CYCLES_CONTRACTS) == {}
    assert dot.dashed == SEED_CYCLES_D2_DASHED
    assert drawn_sccs(dot) == highlighted(dot) == SEED_CYCLES_D2_CYCLES
    assert dot.cycle_boxes() == {cycle: None for cycle in SEED_CYCLES_D2_CYCLES}
    assert "depth 2" in dot.attrs.get("label", "")


def test_clean_depth_1(cli):
    dot = dot_of(cli, CLEAN)
    assert dot.node_names == CLEAN_D1_NODES
    assert dot.edge_set == CLEAN_D1_EDGES
    assert dot.red(CLEAN_CONTRACTS) == {}  # every contract is kept (one import is ignored)
    # services <-> repositories is a cycle between packages only (the contracts accept it);
    # it is highlighted, and the single import back up is nominated to break it.
    assert (
        drawn_sccs(dot)
        == highlighted(dot)
        == {frozenset({"library.services", "library.repositories"})}
    )
    assert dot.dashed == {("library.repositories", "library.services")}
    assert dot.layers() == [
        ("Layers: library.api", {"library.api"}),
        ("Layers: library.services", {"library.services"}),
        ("Layers: library.repositories", {"library.repositories"}),
        ("Layers: library.domain", {"library.domain"}),
    ]
    # The cycle spans two layers: colour shows it, no box can.
    assert dot.cycle_boxes() == {}
    assert dot.members(dot.external_cluster().name) == {"fastapi", "sqlalchemy"}


def test_clean_depth_2(cli):
    dot = dot_of(cli, CLEAN, "--depth", "2")
    assert dot.node_names == CLEAN_D2_NODES
    assert dot.edge_set == CLEAN_D2_EDGES
    assert dot.red(CLEAN_CONTRACTS) == {}
    assert dot.dashed == set()
    assert drawn_sccs(dot) == highlighted(dot) == set()
    assert dot.layers() == [
        ("Layers: library.api", {"library.api", "library.api.loans"}),
        (
            "Layers: library.services",
            {
                "library.services",
                "library.services.catalog",
                "library.services.errors",
                "library.services.lending",
            },
        ),
        ("Layers: library.repositories", {"library.repositories", "library.repositories.books"}),
        (
            "Layers: library.domain",
            {"library.domain", "library.domain.book", "library.domain.member"},
        ),
    ]


def test_demo_depth_1(cli):
    dot = dot_of(cli, DEMO)
    assert dot.node_names == DEMO_D1_NODES
    assert dot.edge_set == DEMO_D1_EDGES
    assert dot.layers() == DEMO_LAYERS_D1
    assert dot.members(dot.external_cluster().name) == DEMO_EXTERNALS
    assert drawn_sccs(dot) == highlighted(dot) == {DEMO_D1_CYCLE}
    assert dot.cycle_boxes() == {}  # across four layers
    # LL105's one import between packages (domain.user -> mappers, the one inside a
    # function) is drawn dashed; whether the dashed edges cut the whole component is
    # test_dashed_edges_break_every_cycle's.
    assert ("app.domain", "app.infrastructure") in dot.dashed
    assert all(any({s, t} <= c for c in drawn_sccs(dot)) for s, t in dot.dashed)
    assert dot.red(DEMO_CONTRACTS) == DEMO_D1_RED


def test_demo_depth_2(cli):
    dot = dot_of(cli, DEMO, "--depth", "2")
    assert dot.node_names == DEMO_D2_NODES
    assert dot.edge_set == DEMO_D2_EDGES
    assert dot.dashed == {("app.domain.user", "app.infrastructure.persistence")}
    cycle = frozenset({"app.infrastructure.persistence", "app.domain.user"})
    assert drawn_sccs(dot) == highlighted(dot) == {cycle}
    assert dot.cycle_boxes() == {}  # across two layers
    assert dot.layers() == [
        (
            "Clean architecture: app.api",
            {"app.api", "app.api.dependencies", "app.api.routes", "app.api.schemas"},
        ),
        (
            "Clean architecture: app.application",
            {"app.application", "app.application.login_service", "app.application.user_service"},
        ),
        (
            "Clean architecture: app.infrastructure",
            {
                "app.infrastructure",
                "app.infrastructure.email_sender",
                "app.infrastructure.legacy_export",
                "app.infrastructure.persistence",
                "app.infrastructure.security",
            },
        ),
        (
            "Clean architecture: app.domain",
            {
                "app.domain",
                "app.domain.account",
                "app.domain.session_models_infra",
                "app.domain.user",
            },
        ),
    ]
    assert dot.red(DEMO_CONTRACTS) == DEMO_D2_RED


def test_layered_project_depth_1(cli, layered):
    dot = dot_of(cli, layered)
    assert dot.node_names == LAYERED_D1_NODES
    assert dot.edge_set == LAYERED_D1_EDGES
    assert dot.red(LAYERED_CONTRACTS) == LAYERED_D1_RED
    assert dot.dashed == set()
    assert drawn_sccs(dot) == highlighted(dot) == set()
    assert dot.layers() == LAYERED_LAYERS_D1
    # Nodes in no layer (the root package, app.util) are at the top level.
    assert dot.cluster_of["app"] is None and dot.cluster_of["app.util"] is None
    # Red edges name only their own contract; the others are plain and name none.
    for key, attrs in dot.edges.items():
        if key not in LAYERED_D1_RED:
            assert not is_red(attrs.get("color")), key
            assert not any(f"'{c}'" in (attrs.get("tooltip") or "") for c in LAYERED_CONTRACTS)


def test_layered_project_depth_2(cli, layered):
    dot = dot_of(cli, layered, "--depth", "2")
    assert dot.node_names == LAYERED_D2_NODES
    assert dot.edge_set == LAYERED_D2_EDGES
    assert dot.red(LAYERED_CONTRACTS) == LAYERED_D2_RED
    assert dot.dashed == set()
    assert dot.layers() == LAYERED_LAYERS_D2


def test_external_packages_have_their_own_cluster_and_shape(cli, layered):
    dot = dot_of(cli, layered)
    external = dot.external_cluster()
    assert external is not None
    externals = {"requests", "sqlalchemy"}
    assert dot.members(external.name) == externals
    assert dot.cluster_of["requests"] == dot.cluster_of["sqlalchemy"] == external.name
    internal_shapes = {dot.shape(n) for n in dot.nodes if n not in externals}
    assert {dot.shape(n) for n in externals}.isdisjoint(internal_shapes)
    # The standard library (json, os, logging) is left out on purpose.
    assert not {"json", "os", "logging"} & set(dot.nodes)


def test_cycle_between_sibling_packages_in_one_layer(cli, cyclic):
    # LL105 ('Siblings') reports app.right.r -> app.left.s as the import to break; drawn one
    # level below app, that is app.right -> app.left (1 import against 2 the other way).
    assert ("LL105", "app/right/r.py", 1, 1) in {
        (d.code, d.path, d.line, d.column) for d in diags(cyclic)
    }
    dot = dot_of(cli, cyclic)
    assert dot.node_names == {"app", "app.top", "app.left", "app.right"}
    assert dot.edge_set == {
        ("app.top", "app.left", 1),
        ("app.left", "app.right", 2),
        ("app.right", "app.left", 1),
    }
    assert dot.red(("Tiers", "No cycles", "Siblings")) == {}
    cycle = frozenset({"app.left", "app.right"})
    assert drawn_sccs(dot) == highlighted(dot) == {cycle}
    # The cycle lies inside one layer: its box is drawn inside that layer's box.
    assert dot.layers() == [
        ("Tiers: app.top", {"app.top"}),
        ("Tiers: app.left : app.right", {"app.left", "app.right"}),
    ]
    assert dot.cycle_boxes() == {cycle: "Tiers: app.left : app.right"}
    assert dot.dashed == {("app.right", "app.left")}


def test_module_cycle_inside_one_layer_gets_a_box(cli, cyclic):
    dot = dot_of(cli, cyclic, "--depth", "2")
    assert dot.node_names == CYCLIC_D2_NODES
    assert dot.edge_set == CYCLIC_D2_EDGES
    cycle = frozenset({"app.left.m1", "app.left.m2"})
    assert drawn_sccs(dot) == highlighted(dot) == {cycle}
    assert dot.cycle_boxes() == {cycle: "Tiers: app.left : app.right"}
    # The import LL105 ('No cycles') reports: app/left/m1.py:1 (a tie, to the first by name).
    assert ("LL105", "app/left/m1.py", 1, 1) in {
        (d.code, d.path, d.line, d.column) for d in diags(cyclic)
    }
    assert dot.dashed == {("app.left.m1", "app.left.m2")}


def test_demo_cycle_inside_one_layer_of_a_package(cli):
    """app.infrastructure two levels down: user_model <-> session_model sit in one layer."""
    dot = dot_of(cli, DEMO, "app.infrastructure", "--depth", "2")
    p = "app.infrastructure.persistence"
    cycle = frozenset({f"{p}.session_model", f"{p}.user_model"})
    internal = {
        "app.infrastructure",
        "app.infrastructure.email_sender",
        "app.infrastructure.legacy_export",
        p,
        f"{p}.base",
        f"{p}.mappers",
        f"{p}.session_model",
        f"{p}.user_model",
        "app.infrastructure.security",
        "app.infrastructure.security.auth",
        "app.infrastructure.security.core",
    }
    # The siblings it imports or is imported by are drawn too, dashed, in no layer.
    siblings = {"app.api", "app.application", "app.domain", "app.shared"}
    assert dot.node_names == internal | siblings | {"fastapi_users", "sqlalchemy"}
    assert dot.edge_set == {
        ("app.api", "app.infrastructure.security.auth", 4),
        ("app.application", f"{p}.mappers", 1),
        ("app.application", "app.infrastructure.security.auth", 1),
        ("app.application", "app.infrastructure.security.core", 1),
        ("app.domain", f"{p}.mappers", 1),
        ("app.infrastructure.email_sender", "app.shared", 1),
        (f"{p}.mappers", "app.domain", 1),
        (f"{p}.base", "sqlalchemy", 1),
        (f"{p}.mappers", f"{p}.user_model", 1),
        (f"{p}.session_model", f"{p}.base", 1),
        (f"{p}.session_model", f"{p}.user_model", 1),
        (f"{p}.session_model", "sqlalchemy", 2),
        (f"{p}.user_model", f"{p}.base", 1),
        (f"{p}.user_model", f"{p}.session_model", 1),
        (f"{p}.user_model", "sqlalchemy", 2),
        ("app.infrastructure.security.auth", f"{p}.base", 1),
        ("app.infrastructure.security.auth", "fastapi_users", 1),
        ("app.infrastructure.security.core", "app.infrastructure.security.auth", 1),
    }
    # as LL105 reports: the one import of each cycle, app.domain.user's inside a function
    assert dot.dashed == {(f"{p}.session_model", f"{p}.user_model"), ("app.domain", f"{p}.mappers")}
    sibling_cycle = frozenset({"app.domain", f"{p}.mappers"})
    assert drawn_sccs(dot) == highlighted(dot) == {cycle, sibling_cycle}
    assert dot.red(DEMO_CONTRACTS) == {
        ("app.api", "app.infrastructure.security.auth"): {"Authenticate through security.core"},
        ("app.application", "app.infrastructure.security.auth"): {
            "Authenticate through security.core"
        },
        ("app.domain", f"{p}.mappers"): {"Clean architecture", "Domain is pure Python"},
        ("app.infrastructure.email_sender", "app.shared"): {"Clean architecture"},
    }
    assert dot.layers() == [("Clean architecture: app.infrastructure", internal)]
    assert dot.cycle_boxes() == {cycle: "Clean architecture: app.infrastructure"}  # not across


def test_accepted_import_is_not_red(cli, tmp_path):
    """An import accepted with `# noqa: LL101` is not reported by `layerlint check`, so the
    picture does not draw it as breaking the contract either."""
    root = write_project(
        tmp_path / "noqa",
        {
            "app/__init__.py": "",
            "app/api/views.py": "from app.domain import model\n",
            "app/domain/model.py": "X = 1\n",
            "app/domain/accepted.py": "from app.api import views  # noqa: LL101\n",
        },
        [{"name": "Layers", "type": "layers", "layers": ["app.api", "app.domain"]}],
    )
    assert diags(root) == []
    dot = dot_of(cli, root)
    assert dot.edge_set == {("app.api", "app.domain", 1), ("app.domain", "app.api", 1)}
    assert dot.red(("Layers",)) == {}


# -- properties over every fixture and depth ------------------------------------------------

CASES = [
    ("seed_cycles", 1),
    ("seed_cycles", 2),
    ("demo", 1),
    ("demo", 2),
    ("clean", 1),
    ("clean", 2),
    ("cyclic", 1),
    ("cyclic", 2),
    ("layered", 1),
    ("layered", 2),
]


@pytest.fixture
def project(request, tmp_path):
    def get(name: str) -> Path:
        if name in ("cyclic", "layered"):
            return request.getfixturevalue(name)
        return TESTDATA / name

    return get


_LL105: dict[Path, set[tuple[str, str]]] = {}


def ll105_breakers(root: Path) -> set[tuple[str, str]]:
    """The (importer, imported) modules of every import LL105 tells to break."""
    if root in _LL105:
        return _LL105[root]
    found = set()
    for d in diags(root):
        if d.code != "LL105":
            continue
        through = re.search(r", through (\S+) -> (\S+) and back", d.message)
        if through:
            found.add(through.groups())
        else:
            chain = re.search(r": (\S+) -> (\S+) -> ", d.message)
            found.add(chain.groups())
    if TESTDATA in root.parents:
        _LL105[root] = found
    return found


def squash(module: str, top: str, depth: int) -> str:
    return ".".join(module.split(".")[: top.count(".") + 1 + depth])


@pytest.mark.parametrize("name,depth", CASES)
def test_ll105_breakers_are_dashed_at_the_drawn_level(cli, project, name, depth):
    root = project(name)
    dot = dot_of(cli, root, "--depth", str(depth))
    top = {"seed_cycles": "shop", "demo": "app", "clean": "library"}.get(name, "app")
    expected = {
        (squash(importer, top, depth), squash(imported, top, depth))
        for importer, imported in ll105_breakers(root)
    }
    # Where the import's cycle is drawn (not inside one node, nor a cycle between packages
    # drawn at a depth where those packages are split up), its edge is dashed.
    components = drawn_sccs(dot)
    expected = {(s, t) for s, t in expected if s != t and any({s, t} <= c for c in components)}
    assert expected <= dot.dashed


@pytest.mark.parametrize("name,depth", CASES)
def test_every_cycle_is_highlighted_and_broken_by_its_dashed_edges(cli, project, name, depth):
    dot = dot_of(cli, project(name), "--depth", str(depth))
    components = drawn_sccs(dot)
    # Each component has its own colour; nodes on no cycle keep the default fill.
    assert highlighted(dot) == components
    # Dashed edges lie inside a component...
    for s, t in dot.dashed:
        assert any({s, t} <= c for c in components), (s, t)
    # ... and removing them leaves no cycle: every highlighted cycle shows where to cut it.
    successors: dict[str, set[str]] = {n: set() for n in dot.nodes}
    for s, t in dot.edges:
        if (s, t) not in dot.dashed:
            successors[s].add(t)
    assert sccs(successors) == set()


# -- PACKAGE, --cycles ------------------------------------------------------------------------


def test_package_argument(cli):
    dot = dot_of(cli, DEMO, "app.infrastructure")
    internal = {
        "app.infrastructure",
        "app.infrastructure.email_sender",
        "app.infrastructure.legacy_export",
        "app.infrastructure.persistence",
        "app.infrastructure.security",
    }
    # The package's modules, what they import from outside the project, and the sibling
    # packages it imports or is imported by (dashed, outside its layer).
    siblings = {"app.api", "app.application", "app.domain", "app.shared"}
    assert dot.node_names == internal | siblings | {"fastapi_users", "sqlalchemy"}
    assert {n for n in siblings if "dashed" in (dot.nodes[n].get("style") or "")} == siblings
    assert dot.edge_set == {
        ("app.api", "app.infrastructure.security", 4),
        ("app.application", "app.infrastructure.persistence", 1),
        ("app.application", "app.infrastructure.security", 2),
        ("app.domain", "app.infrastructure.persistence", 1),
        ("app.infrastructure.email_sender", "app.shared", 1),
        ("app.infrastructure.persistence", "app.domain", 1),
        ("app.infrastructure.persistence", "sqlalchemy", 5),
        ("app.infrastructure.security", "app.infrastructure.persistence", 1),
        ("app.infrastructure.security", "fastapi_users", 1),
    }
    assert dot.red(DEMO_CONTRACTS) == {
        ("app.api", "app.infrastructure.security"): {"Authenticate through security.core"},
        ("app.application", "app.infrastructure.security"): {
            "Authenticate through security.core"
        },
        ("app.domain", "app.infrastructure.persistence"): {
            "Clean architecture", "Domain is pure Python"
        },
        ("app.infrastructure.email_sender", "app.shared"): {"Clean architecture"},
    }
    # the one import of the cycle through app.domain that LL105 nominates
    assert dot.dashed == {("app.domain", "app.infrastructure.persistence")}
    assert dot.layers() == [("Clean architecture: app.infrastructure", internal)]
    assert "app.infrastructure" in dot.attrs.get("label", "")


@pytest.mark.parametrize("package", ["app.nope", "fastapi", "ap"])
def test_unknown_package(cli, package):
    code, out, err = graph(cli, DEMO, package)
    assert_one_line_error((code, out, err), f"'{package}'")


def test_imports_of_modules_grimp_cannot_find_draw_no_cycle(cli, tmp_path):
    # `from .sansio.base import Base` with no app/sansio/__init__.py: grimp records an
    # import of `app`, which the module does not run (as the acyclic contract says).
    files = {"app/__init__.py": "from .core import App\n", "app/sansio/base.py": "",
             "app/core.py": "from .sansio.base import Base\n"}
    write_project(tmp_path, files, namespaces=["app/sansio"])
    code, out, _ = graph(cli, tmp_path, "--cycles")
    assert code == 0
    assert parse_dot(out).node_names == set()
    code, out, _ = graph(cli, tmp_path, "--depth", "1")
    assert parse_dot(out).edge_set == {("app", "app.core", 1)}


def test_cycles_only_depth_1(cli):
    dot = dot_of(cli, SEED_CYCLES, "--cycles")
    assert dot.node_names == {"shop.domain", "shop.infrastructure"}
    assert dot.edge_set == {
        ("shop.domain", "shop.infrastructure", 5),
        ("shop.infrastructure", "shop.domain", 4),
    }
    assert dot.dashed == {
        ("shop.infrastructure", "shop.domain"), ("shop.domain", "shop.infrastructure")
    }
    assert highlighted(dot) == {frozenset(dot.node_names)}
    assert dot.external_cluster() is None

    dot = dot_of(cli, DEMO, "--cycles")
    assert dot.node_names == DEMO_D1_CYCLE
    assert dot.edge_set == {e for e in DEMO_D1_EDGES if {e[0], e[1]} <= DEMO_D1_CYCLE}
    assert dot.external_cluster() is None
    assert dot.red(DEMO_CONTRACTS) == {
        k: v for k, v in DEMO_D1_RED.items() if set(k) <= DEMO_D1_CYCLE
    }
    # The layers of the modules on the cycle are still drawn, in order.
    assert dot.layers() == DEMO_LAYERS_D1


def test_cycles_only_depth_2(cli):
    dot = dot_of(cli, SEED_CYCLES, "--cycles", "--depth", "2")
    on_cycles = set().union(*SEED_CYCLES_D2_CYCLES)
    assert dot.node_names == on_cycles
    # Every import between two modules that sit on a cycle (order -> customer joins two).
    assert dot.edge_set == {e for e in SEED_CYCLES_D2_EDGES if {e[0], e[1]} <= on_cycles}
    assert ("shop.domain.order", "shop.domain.customer", 1) in dot.edge_set
    assert dot.dashed == SEED_CYCLES_D2_DASHED
    assert highlighted(dot) == SEED_CYCLES_D2_CYCLES


def test_cycles_only_without_cycles_is_empty(cli, layered):
    dot = dot_of(cli, layered, "--cycles")
    assert dot.node_names == set() and dot.edges == {}


# -- determinism and the cache ----------------------------------------------------------------


def test_two_runs_are_byte_identical_and_cached_runs_agree(cli, tmp_path):
    outputs = []
    for _ in range(2):
        code, out, err = graph(cli, DEMO, "--depth", "2")
        assert (code, err) == (0, "")
        outputs.append(out)
    cache = tmp_path / "cache"
    for _ in range(2):  # cold, then warm
        code, out, err = cli(
            "graph",
            "--project",
            str(DEMO),
            "--depth",
            "2",
            "--cache-dir",
            str(cache),
            cwd=tmp_path,
        )
        assert (code, err) == (0, "")
        outputs.append(out)
    assert any(cache.iterdir()), "the cache was not written"
    assert len(set(outputs)) == 1
    # -o writes the same bytes as stdout.
    code, out, err = graph(cli, DEMO, "--depth", "2", "-o", str(tmp_path / "out.dot"))
    assert (code, out, err) == (0, "", "")
    assert (tmp_path / "out.dot").read_text(encoding="utf-8") == outputs[0]


def test_output_does_not_depend_on_hash_seed(tmp_path, cli):
    code, expected, _ = graph(cli, DEMO)
    assert code == 0
    for seed in ("1", "4242"):
        env = {k: v for k, v in os.environ.items() if k != "LAYERLINT_DEBUG"}
        env["PYTHONHASHSEED"] = seed
        done = subprocess.run(
            [sys.executable, "-m", "layerlint", "graph", "--no-cache", "--depth", "1",
             "--project", str(DEMO)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout == expected.encode()


# -- too many nodes ---------------------------------------------------------------------------


def chain_project(root: Path, count: int) -> Path:
    """app.m000 -> app.m001 -> ..., plus app.m001 -> app.m000 (one cycle of two)."""
    files = {"app/__init__.py": ""}
    for i in range(count):
        files[f"app/m{i:03}.py"] = f"from app import m{i + 1:03}\n" if i + 1 < count else ""
    files["app/m001.py"] = "from app import m000\nfrom app import m002\n"
    return write_project(root, files)


def test_too_many_nodes(cli, tmp_path):
    root = chain_project(tmp_path / "big", 12)  # 13 nodes with app itself
    code, out, err = graph(cli, root, "--max-nodes", "10")
    assert_one_line_error((code, out, err), "13", "--depth", "--cycles")
    dot = dot_of(cli, root, "--max-nodes", "13")
    assert len(dot.node_names) == 13
    assert ("app.m000", "app.m001", 1) in dot.edge_set
    dot = dot_of(cli, root, "--max-nodes", "10", "--cycles")
    assert dot.node_names == {"app.m000", "app.m001"}


def test_default_limit_is_300_nodes(cli, tmp_path):
    root = chain_project(tmp_path / "huge", 300)  # 301 nodes
    code, out, err = graph(cli, root)
    assert_one_line_error((code, out, err), "301", "--depth", "--cycles")


# -- Mermaid ----------------------------------------------------------------------------------

MERMAID_NODE = re.compile(
    r'^\s*([A-Za-z_][\w-]*)(\["|\(\["|\("|\[\(")(.*?)("\]|"\]\)|"\)|"\)\])\s*$'
)
MERMAID_EDGE = re.compile(r"^\s*([A-Za-z_][\w-]*)\s+(-->|-\.->)\|(\d+)\|\s+([A-Za-z_][\w-]*)\s*$")
MERMAID_LINKSTYLE = re.compile(r"^\s*linkStyle\s+([\d,]+)\s+(.*)$")


@dataclass
class Mermaid:
    header: str
    front_matter: list[str]
    nodes: dict[str, str]  # id -> module
    shapes: dict[str, str]  # module -> opening bracket
    subgraphs: dict[str, tuple[str, set[str]]]  # id -> (label, modules)
    edges: list[tuple[str, str, int, str]]  # (source, target, count, arrow), in order
    red: set[tuple[str, str]]


def parse_mermaid(text: str) -> Mermaid:
    lines = text.splitlines()
    front: list[str] = []
    if lines and lines[0].strip() == "---":
        end = lines.index("---", 1)
        front, lines = lines[1:end], lines[end + 1 :]
    header = lines[0].strip()
    nodes: dict[str, str] = {}
    shapes: dict[str, str] = {}
    subgraphs: dict[str, tuple[str, set[str]]] = {}
    edges: list[tuple[str, str, int, str]] = []
    styled: dict[int, str] = {}
    whole: dict[str, str] = {}  # a shortened label's whole name, from its comment
    current: str | None = None
    for line in lines[1:]:
        if match := re.match(r'^\s*subgraph\s+([\w-]+)\["(.*)"\]\s*$', line):
            current = match.group(1)
            subgraphs[current] = (match.group(2), set())
        elif line.strip() == "end":
            current = None
        elif match := MERMAID_EDGE.match(line):
            s, arrow, count, t = match.groups()
            edges.append((s, t, int(count), arrow))
        elif match := MERMAID_NODE.match(line):
            ident, opening, label, _ = match.groups()
            assert ident not in nodes, f"{ident} declared twice"
            nodes[ident] = label
            shapes[label] = opening
            if current is not None:
                subgraphs[current][1].add(label)
        elif match := re.match(r"^\s*%% (layer_\d+): (.+)$", line):
            subgraphs[match.group(1)] = (match.group(2), subgraphs[match.group(1)][1])
        elif match := re.match(r"^\s*%% ([\w-]+): (\S+)$", line):
            whole[match.group(1)] = match.group(2)
        elif match := MERMAID_LINKSTYLE.match(line):
            for number in match.group(1).split(","):
                styled[int(number)] = match.group(2)
    # Labels are names below the drawn package: read as the whole names their comments say.
    for ident, name in whole.items():
        label = nodes[ident]
        nodes[ident] = name
        shapes[name] = shapes.pop(label)
        for _, members in subgraphs.values():
            if label in members:
                members.discard(label)
                members.add(name)
    red = set()
    for number, style in styled.items():
        colour = re.search(r"stroke:\s*(#[0-9a-fA-F]{6}|[a-z]+)", style)
        if colour and is_red(colour.group(1)):
            s, t, _, _ = edges[number]
            red.add((nodes[s], nodes[t]))
    named = [(nodes[s], nodes[t], count, arrow) for s, t, count, arrow in edges]
    return Mermaid(header, front, nodes, shapes, subgraphs, named, red)


def test_mermaid(cli):
    code, out, err = graph(cli, DEMO, "--format", "mermaid")
    assert (code, err) == (0, "")
    chart = parse_mermaid(out)
    assert chart.header in ("flowchart TB", "flowchart TD")
    assert set(chart.nodes.values()) == DEMO_D1_NODES
    assert len(chart.nodes) == len(DEMO_D1_NODES)  # each module declared once
    assert {(s, t, n) for s, t, n, _ in chart.edges} == DEMO_D1_EDGES
    assert len(chart.edges) == len(DEMO_D1_EDGES)
    dot = dot_of(cli, DEMO)
    # The same breakers (dashed arrows) and the same red edges as the DOT.
    assert {(s, t) for s, t, _, arrow in chart.edges if arrow == "-.->"} == dot.dashed
    assert ("app.domain", "app.infrastructure") in dot.dashed
    assert chart.red == set(dot.red(DEMO_CONTRACTS))
    assert set(DEMO_D1_RED) <= chart.red
    # Layers as subgraphs, top to bottom; external packages in their own, another shape.
    layers = [v for k, v in chart.subgraphs.items() if "external" not in v[0].lower()]
    assert layers == [(label, members) for label, members in DEMO_LAYERS_D1]
    (external,) = [v for v in chart.subgraphs.values() if "external" in v[0].lower()]
    assert external[1] == DEMO_EXTERNALS
    internal_shapes = {chart.shapes[n] for n in DEMO_D1_NODES - DEMO_EXTERNALS}
    assert {chart.shapes[n] for n in DEMO_EXTERNALS}.isdisjoint(internal_shapes)


def test_mermaid_front_matter_is_valid_yaml(cli):
    """Mermaid reads its front matter as YAML: `title: layerlint: app` is a YAML error
    ("mapping values are not allowed here") and the chart would not render."""
    yaml = pytest.importorskip("yaml")
    code, out, _ = graph(cli, DEMO, "--format", "mermaid")
    assert code == 0
    chart = parse_mermaid(out)
    if chart.front_matter:
        data = yaml.safe_load("\n".join(chart.front_matter))
        assert isinstance(data, dict)
        assert "app" in str(data.get("title"))


# -- rendering with Graphviz ------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def svg_box(group) -> tuple[float, float]:
    """The top and bottom y of a cluster's outline."""
    polygon = next(group.iter(f"{SVG}polygon"))
    ys = [float(point.split(",")[1]) for point in polygon.get("points").split()]
    return min(ys), max(ys)


@needs_dot
def test_svg(cli, tmp_path):
    out_file = tmp_path / "demo.svg"
    code, out, err = graph(cli, DEMO, "--format", "svg", "-o", str(out_file))
    assert (code, out, err) == (0, "", "")
    root = ET.fromstring(out_file.read_bytes())
    assert root.tag == f"{SVG}svg"
    texts = {(t.text or "").strip() for t in root.iter(f"{SVG}text")}
    # inside the one package drawn, a node is written by its name below it
    assert {n.removeprefix("app.") for n in DEMO_D1_NODES} <= texts
    # Layers top to bottom: each layer's box lies wholly above the next one's.
    clusters = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "cluster":
            label = [(t.text or "").strip() for t in group.iter(f"{SVG}text")]
            link = next(group.iter(f"{SVG}a"), None)  # a shortened label's whole one
            whole = link.get("{http://www.w3.org/1999/xlink}title") if link is not None else None
            clusters[whole or label[0]] = svg_box(group)
    boxes = [clusters[label] for label, _ in DEMO_LAYERS_D1]
    for (_, bottom), (top, _) in itertools.pairwise(boxes):
        assert bottom <= top, boxes
    assert "external packages" in clusters
    # SVG to stdout too.
    code, out, err = graph(cli, DEMO, "--format", "svg")
    assert (code, err) == (0, "")
    assert ET.fromstring(out.encode()).tag == f"{SVG}svg"


@needs_dot
@pytest.mark.parametrize("fmt,magic", [("png", b"\x89PNG\r\n\x1a\n"), ("pdf", b"%PDF-")])
def test_binary_formats(cli, layered, tmp_path, fmt, magic):
    target = tmp_path / f"graph.{fmt}"
    code, out, err = graph(cli, layered, "--format", fmt, "-o", str(target))
    assert (code, out, err) == (0, "", "")
    data = target.read_bytes()
    assert data.startswith(magic) and len(data) > 100


@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_binary_formats_need_a_file(cli, layered, fmt):
    code, out, err = graph(cli, layered, "--format", fmt)
    assert_one_line_error((code, out, err), "-o")


def test_graphviz_missing(layered, tmp_path, cli):
    """No `dot` on PATH: one line saying so, the DOT written next to the requested file,
    exit 2."""
    code, expected, _ = graph(cli, layered)
    assert code == 0
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    env = {k: v for k, v in os.environ.items() if k != "LAYERLINT_DEBUG"}
    env["PATH"] = str(bin_dir)
    work = tmp_path / "work"
    work.mkdir()
    # The interpreter by its full path (a bare symlink would leave a virtual environment).
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "layerlint",
            "graph",
            "--no-cache",
            "--depth",
            "1",
            "--project",
            str(layered),
            "--format",
            "svg",
            "-o",
            "out.svg",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert "dot" in lines[0] and re.search(r"not installed|missing|not found", lines[0])
    assert "Traceback" not in done.stderr
    assert not (work / "out.svg").exists()
    assert (work / "out.dot").read_text(encoding="utf-8") == expected


# -- never runs the project's code --------------------------------------------------------------


def test_never_imports_the_project(cli, tmp_path):
    sentinel = tmp_path / "imported"
    trap = f"""
        import pathlib
        import sys
        pathlib.Path({str(sentinel)!r}).write_text("imported " + __name__)
        sys.exit("the project's code ran")
    """
    root = write_project(
        tmp_path / "trap",
        {
            "trapped/__init__.py": trap,
            "trapped/api.py": "from trapped import boom\n"
            + "\n".join(line.strip() for line in trap.strip().splitlines())
            + "\n",
            "trapped/boom.py": trap,
            "trapped/__main__.py": trap,
        },
        root_packages=("trapped",),
    )
    for args in ([], ["--format", "mermaid"], ["--depth", "2"], ["--cycles"]):
        code, _, err = graph(cli, root, *args)
        assert code == 0, err
    dot = dot_of(cli, root, "--depth", "2")
    assert ("trapped.api", "trapped.boom", 1) in dot.edge_set
    if not DOT_MISSING:
        code, _, err = graph(cli, root, "--format", "svg", "-o", str(tmp_path / "t.svg"))
        assert code == 0, err
    assert not sentinel.exists()
    assert not any(name == "trapped" or name.startswith("trapped.") for name in sys.modules)
