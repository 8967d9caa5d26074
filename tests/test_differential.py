"""layerlint against the references it must agree with.

(a) The graph: layerlint's `project.graph` must be the graph `grimp.build_graph` builds for
    the same packages (same modules, same squashed externals, same edges, same line numbers
    per edge).
(b) The verdicts: for import-linter's contract types, every contract must be kept or broken
    exactly when `lint-imports` says so, and the direct imports that start each illegal
    chain (where layerlint puts its diagnostics) must be the ones import-linter reports.

grimp and import-linter run in a fresh interpreter (PYTHONPATH = the source root), so the
test process's sys.path and module caches are never touched.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import defaultdict
from pathlib import Path

import pytest
from helpers import (
    diags,
    graph_summary,
    lint_imports,
    run_layerlint,
    run_reference,
    where,
    write_files,
    write_project,
)
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from layerlint.config import load_config
from layerlint.errors import ConfigError
from layerlint.project import build_project


def layerlint_graph(root: Path) -> dict:
    return graph_summary(build_project(load_config(root)))


def assert_same_graph(mine: dict, reference: dict) -> None:
    assert mine["modules"] == reference["modules"]
    assert mine["squashed"] == reference["squashed"]
    mine_edges = {(i, j): [d[0] for d in details] for i, j, details in mine["edges"]}
    ref_edges = {(i, j): [d[0] for d in details] for i, j, details in reference["edges"]}
    assert sorted(mine_edges) == sorted(ref_edges), "edges differ"
    assert mine_edges == ref_edges, "line numbers differ"


# -- (a) graph equality: handwritten projects ---------------------------------------------------

GRAPH_CASES: dict[str, dict] = {
    "relative": {
        "files": {
            "app/__init__.py": "from . import models\nfrom .models import user\nfrom .services import *\n",
            "app/models/__init__.py": "from .user import User\nfrom .. import services\nfrom . import *\n",
            "app/models/user.py": (
                "from . import base\n"
                "from .base import Base, Mixin\n"
                "from ..services.mail import send\n"
                "from ..services import mail as m, sms\n"
                "from .. import models\n"
            ),
            "app/models/base.py": "from .user import *\nfrom ..models.user import User\n",
            "app/services/__init__.py": "",
            "app/services/mail.py": "from .sms import x\nfrom ..models.base import Base\n",
            "app/services/sms.py": "x = 1\n",
        },
    },
    "attributes_and_stars": {
        "files": {
            "app/__init__.py": "",
            "app/a.py": (
                "import app.b.Thing\n"  # c is an attribute: the module app.b
                "import app.pkg.mod.Klass\n"
                "import app.pkg.mod.Klass.attr\n"  # two levels of attributes
                "from app.pkg import *\n"
                "from app.pkg.mod import *\n"
                "from app import b, pkg, nothing_here\n"
                "import app.b as b2, app.pkg.mod\n"
            ),
            "app/b.py": "Thing = 1\n",
            "app/pkg/__init__.py": "from app.a import *\n",
            "app/pkg/mod.py": "class Klass: ...\n",
        },
    },
    "externals": {
        "files": {
            "app/__init__.py": "",
            "app/a.py": (
                "import os\n"
                "import os.path\n"
                "import requests.adapters\n"
                "from django.db import models\n"
                "from django.db.models import Q\n"
                "import xml.etree.ElementTree as ET\n"
                "from collections.abc import Mapping\n"
                "import app\n"
            ),
            "app/b.py": "import requests\nfrom requests import Session\nimport django\n",
        },
    },
    "namespace_root_with_portions": {
        "root_packages": ["ns"],
        "namespaces": ["ns", "ns/b", "ns/c", "ns/c/deep"],
        "files": {
            "ns/top.py": "from . import a\nfrom .b import y\nimport ns.c.deep.z\n",
            "ns/a/__init__.py": "from ns.b import y\nimport ns.c.deep.z\nfrom ns import top\n",
            "ns/a/x.py": "from ..b.y import thing\nfrom . import *\n",
            "ns/b/y.py": "from ns.a import x\nimport ns.other.module\n",
            "ns/c/deep/z.py": "from ...a import x\n",
            "ns/a/orphan/o.py": "import ns.top\n",  # no __init__ inside a regular package: skipped
            "ns/empty/README.txt": "not python",
        },
    },
    "namespace_parent_of_root": {
        "root_packages": ["ns.pkg"],
        "namespaces": ["ns"],
        "files": {
            "ns/pkg/__init__.py": "",
            "ns/pkg/a.py": (
                "import ns.other.thing\n"  # external, sharing the namespace: ns.other
                "import ns\n"  # the namespace itself: not an import
                "from ns import other\n"
                "from ns import pkg\n"
                "import ns.pkg.b\n"
                "from ns.pkg import b as bb\n"
            ),
            "ns/pkg/b.py": "from . import a\nimport nsx.pkg\n",
        },
    },
    "type_checking": {
        "files": {
            "app/__init__.py": "",
            "app/t.py": (
                "from __future__ import annotations\n"
                "import typing\n"
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n"
                "    from app import a\n"
                "else:\n"
                "    from app import b\n"
                "if typing.TYPE_CHECKING:\n"
                "    import app.c\n"
                "if not TYPE_CHECKING:\n"
                "    import app.d\n"
                "if typing.TYPE_CHECKING: import app.e\n"
                "def f():\n"
                "    if TYPE_CHECKING:\n"
                "        import app.f\n"
                "if TYPE_CHECKING:\n"
                "    try:\n"
                "        import app.g\n"
                "    except ImportError:\n"
                "        pass\n"
                "import os\n"
            ),
            **{f"app/{m}.py": "" for m in "abcdefg"},
        },
    },
    "type_checking_oddities": {
        "files": {
            "app/__init__.py": "",
            "app/t.py": (
                "from typing import TYPE_CHECKING\n"
                "import sys\n"
                "if sys.version_info > (3, 9):\n"
                "    pass\n"
                "elif TYPE_CHECKING:\n"
                "    import app.a\n"
                "if TYPE_CHECKING:\n"
                "    pass\n"
                "elif sys.platform == 'win32':\n"
                "    import app.b\n"
                "if TYPE_CHECKING:\n"
                "    if TYPE_CHECKING:\n"
                "        import app.c\n"
                "    import app.d\n"
                "import app.e\n"
            ),
            **{f"app/{m}.py": "" for m in "abcde"},
        },
    },
    "nested_scopes": {
        "files": {
            "app/__init__.py": "",
            "app/n.py": (
                "def f():\n"
                "    import app.a\n"
                "    def g():\n"
                "        from app import b\n"
                "class C:\n"
                "    from app import c\n"
                "    def m(self):\n"
                "        from app.d import x\n"
                "try:\n"
                "    import app.e\n"
                "except ImportError:\n"
                "    import app.f\n"
                "else:\n"
                "    import app.g\n"
                "finally:\n"
                "    import app.h\n"
                "with open(__file__) as handle:\n"
                "    import app.i\n"
                "match 1:\n"
                "    case 1:\n"
                "        import app.j\n"
                "for _ in []:\n"
                "    import app.k\n"
                "else:\n"
                "    import app.l\n"
                "while False:\n"
                "    import app.m\n"
                "async def h():\n"
                "    import app.a as again\n"
                "lazy = lambda: __import__('app.b')\n"
                "import app.a; import app.c\n"
                "from app import (\n"
                "    d,\n"
                "    e,\n"
                ")\n"
                "from app \\\n"
                "    import f\n"
            ),
            **{f"app/{m}.py": "" for m in "abcdefghijklm"},
        },
    },
    "multiple_roots_and_odd_files": {
        "root_packages": ["app", "lib"],
        "files": {
            "app/__init__.py": "import lib\n",
            "app/a.py": "from lib import util\nfrom lib.util import helper\nimport libx\n",
            "lib/__init__.py": "",
            "lib/util.py": "from app import a\nimport os\n",
            "lib/my-dir/x.py": "import app\n",  # not an identifier: skipped
            "lib/a.b.py": "import app\n",  # extra dot: skipped
            "lib/.hidden.py": "import app\n",  # hidden: skipped
            "lib/orphan/o.py": "import app\n",  # no __init__ in a regular package: skipped
            "lib/data.txt": "import app\n",
        },
        "auto_init": False,
    },
    "src_layout_and_encodings": {
        "source": "src",
        "files": {
            "src/app/__init__.py": "\ufefffrom app import a\n",
            "src/app/a.py": "import os\r\nfrom app import b\r\n\r\nfrom app import (\r\n    c,\r\n)\r\n",
            "src/app/b.py": b"# -*- coding: latin-1 -*-\nname = '\xe9'\nfrom app import c\n",
            "src/app/c.py": "x = (\n\t1\n)\nimport app.a\n\x0cimport app.b\n",
        },
    },
    "beyond_top_level": {
        "files": {
            "app/__init__.py": "from .. import something\n",
            "app/a.py": "from .. import x\nfrom ..y import z\n",
        },
    },
}


def _write_case(root: Path, case: dict, **settings) -> tuple[list[Path], list[str]]:
    packages = case.get("root_packages", ["app"])
    extra = {}
    if "source" in case:
        extra["source_roots"] = [case["source"]]
    write_project(
        root,
        case["files"],
        root_packages=packages,
        namespaces=case.get("namespaces", ()),
        auto_init=case.get("auto_init", True),
        **extra,
        **settings,
    )
    source_root = root / case["source"] if "source" in case else root
    return [source_root], packages


@pytest.mark.parametrize("name", sorted(GRAPH_CASES))
@pytest.mark.parametrize("exclude_type_checking", [False, True], ids=["tc", "no-tc"])
def test_graph_matches_grimp(tmp_path, name, exclude_type_checking):
    case = GRAPH_CASES[name]
    source_roots, packages = _write_case(
        tmp_path, case, exclude_type_checking_imports=exclude_type_checking
    )
    reference = run_reference(
        tmp_path, source_roots, packages, exclude_type_checking=exclude_type_checking
    )["graph"]
    assert_same_graph(layerlint_graph(tmp_path), reference)


@pytest.mark.parametrize("name", ["relative", "externals", "namespace_parent_of_root",
                                  "attributes_and_stars", "beyond_top_level"])
def test_graph_matches_grimp_without_externals(tmp_path, name):
    source_roots, packages = _write_case(
        tmp_path, GRAPH_CASES[name], include_external_packages=False
    )
    reference = run_reference(tmp_path, source_roots, packages, include_external=False)["graph"]
    assert_same_graph(layerlint_graph(tmp_path), reference)


def test_graph_follows_symlinked_subpackages_like_grimp(tmp_path):
    # grimp walks packages with os.walk(followlinks=True): a symlinked subpackage is part of
    # the package.
    write_project(
        tmp_path,
        {"app/a.py": "from app.linked import m\n", "shared/pkg/__init__.py": "import app.a\n",
         "shared/pkg/m.py": "from app import a\n"},
    )
    os.symlink(tmp_path / "shared" / "pkg", tmp_path / "app" / "linked")
    reference = run_reference(tmp_path, tmp_path, ["app"])["graph"]
    assert "app.linked.m" in reference["modules"]
    assert_same_graph(layerlint_graph(tmp_path), reference)


def test_graph_namespace_portions_in_several_source_roots(tmp_path):
    # A namespace package split over two source roots: grimp scans every portion.
    write_project(
        tmp_path,
        {"src1/ns/a/__init__.py": "from ns.b import m\n", "src2/ns/b/m.py": "import ns.a\n"},
        root_packages=["ns"],
        source_roots=["src1", "src2"],
        namespaces=["src1", "src2", "src1/ns", "src2/ns", "src2/ns/b"],
    )
    reference = run_reference(tmp_path, [tmp_path / "src1", tmp_path / "src2"], ["ns"])["graph"]
    assert "ns.b.m" in reference["modules"]
    assert_same_graph(layerlint_graph(tmp_path), reference)


# -- (b) verdicts against import-linter ---------------------------------------------------------

_UNDECLARED = re.compile(r"^'([\w.]+)' is not declared as a layer, and the contract is exhaustive")


def module_of(path: Path, source_roots) -> str:
    for source_root in source_roots:
        try:
            parts = list(path.resolve().relative_to(Path(source_root).resolve()).with_suffix("").parts)
        except ValueError:
            continue
        return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
    raise AssertionError(f"{path} is not under {source_roots}")


def layerlint_verdicts(root: Path, source_roots, reference_graph: dict) -> dict[str, dict]:
    """Per contract name: broken?, the imports (importer, imported) its diagnostics sit on,
    undeclared modules.

    A diagnostic sits on an import statement: its (importer, line) is mapped to the graph's
    edges with that line number (the test projects import one name per statement). An
    LL105 diagnostic stands for the imports its details list ("remove: a -> b (l.3)")."""
    edges_at: dict[tuple[str, int], set[tuple[str, str]]] = defaultdict(set)
    for importer, imported, details in reference_graph["edges"]:
        for line, _ in details:
            edges_at[(importer, line)].add((importer, imported))
    results: dict[str, dict] = defaultdict(
        lambda: {"broken": False, "links": set(), "undeclared": set()}
    )
    outcome = run_layerlint(root)
    for d in outcome.report.diagnostics:
        if d.contract is None or d.severity != "error":
            continue
        result = results[d.contract]
        result["broken"] = True
        undeclared = _UNDECLARED.match(d.message)
        if undeclared:
            result["undeclared"].add(undeclared.group(1))
        elif d.code == "LL105" and any(line.startswith("remove: ") for line in d.details):
            # one diagnostic per dependency to remove: its imports are in the details
            for line in d.details:
                if line.startswith("remove: "):
                    importer, _, rest = line.removeprefix("remove: ").partition(" -> ")
                    result["links"].add((importer, rest.split(" (")[0]))
        elif d.code.startswith("LL1"):
            importer = module_of(d.file, source_roots)
            links = edges_at.get((importer, d.line))
            assert links, f"{d.path}:{d.line}: {d.message} is not on an import statement"
            result["links"] |= links
    return results


def importlinter_verdicts(reference: dict) -> dict[str, dict]:
    return {
        contract["name"]: {
            "broken": not contract["kept"],
            "links": set(contract["links"]),
            "undeclared": set(contract["undeclared"]),
            "siblings": contract["siblings"],
        }
        for contract in reference["contracts"]
    }


def sibling_dependencies(links: set[tuple[str, str]]) -> dict[str, dict[tuple[str, str], int]]:
    """The imports an acyclic_siblings contract's diagnostics sit on, as lint-imports prints
    them: per package, each dependency between two of its children with its import count."""
    packages: dict[str, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    for importer, imported in links:
        a, b = importer.split("."), imported.split(".")
        depth = next(i for i, (x, y) in enumerate(zip(a, b)) if x != y)
        package = ".".join(a[:depth])
        packages[package][(".".join(a[: depth + 1]), ".".join(b[: depth + 1]))] += 1
    return {package: dict(pairs) for package, pairs in packages.items()}


def assert_same_siblings(name: str, mine: set, theirs: dict) -> None:
    """lint-imports prints each package's sibling dependencies (at most five of them) and
    how many there are: layerlint's breakers must give the same, counts included."""
    grouped = sibling_dependencies(mine)
    assert sorted(grouped) == sorted(theirs), f"{name!r}: packages with cycles"
    for package, summary in theirs.items():
        assert len(grouped[package]) == summary["total"], f"{name!r}: {package}"
        for pair, count in summary["dependencies"].items():
            assert grouped[package].get(pair) == count, f"{name!r}: {package} {pair}"


def assert_same_links(name: str, mine: set, theirs: set, rerun) -> None:
    """The imports a contract's diagnostics sit on are import-linter's. Where several chains
    are equally short, grimp picks one by the order it built its graph in, which follows
    Python's hash seed: import-linter itself then answers differently from run to run
    (`rerun(seed)` gives its links under one seed). Each pair of packages picks its chain
    independently, so layerlint's answer may mix the choices of several seeds: every link
    must be one import-linter gives under some seed, and as many of them as it gives."""
    answers = [theirs]
    seen = set(theirs)
    for seed in range(1, 33):  # rare ties only; stop as soon as every link was seen
        if mine <= seen and len(mine) in {len(answer) for answer in answers}:
            return
        answers.append(rerun(seed))
        seen |= answers[-1]
    assert mine <= seen, f"violating imports of {name!r}: {mine - seen} never in {answers}"
    assert len(mine) in {len(answer) for answer in answers}, f"{name!r}: {mine} vs {answers}"


def compare_with_importlinter(root: Path, source_roots, packages, contracts, *,
                              graph: bool = False, exclude_type_checking: bool = False,
                              include_external: bool = True, config: Path | None = None) -> None:
    """layerlint's verdicts on the project at `root` are lint-imports' (and, with `graph`,
    its graph is grimp's)."""
    def reference(seed=None):
        return run_reference(root, source_roots, packages, graph=graph, contracts=True,
                             exclude_type_checking=exclude_type_checking,
                             include_external=include_external, config=config, hash_seed=seed)

    first = reference()
    assert "contracts_error" not in first, first.get("contracts_error")
    roots = [source_roots] if isinstance(source_roots, Path) else source_roots
    if graph:
        assert_same_graph(layerlint_graph(root), first["graph"])
    edges = run_reference(root, source_roots, packages, include_external=include_external,
                          exclude_type_checking=exclude_type_checking)["graph"]
    theirs = importlinter_verdicts(first)
    ours = layerlint_verdicts(root, roots, edges)
    assert set(theirs) == {c["name"] for c in contracts}, first["contracts"]
    for contract in contracts:
        name = contract["name"]
        mine = ours.get(name, {"broken": False, "links": set(), "undeclared": set()})
        assert mine["broken"] == theirs[name]["broken"], f"verdict of {name!r}"
        if contract["type"] == "acyclic_siblings":
            assert_same_siblings(name, mine["links"], theirs[name]["siblings"])
        else:
            def rerun(seed, name=name):
                return importlinter_verdicts(reference(seed))[name]["links"]

            assert_same_links(name, mine["links"], theirs[name]["links"], rerun)
        assert mine["undeclared"] == theirs[name]["undeclared"], f"undeclared layers of {name!r}"
    any_broken = any(r["broken"] for r in theirs.values())
    assert first["status"] == (1 if any_broken else 0)
    report = run_layerlint(root).report
    # layerlint's run fails on the broken contracts, and on what no contract states: an
    # import that fails at start-up (LL401; tests/test_startup.py has Python confirm it)
    fails_at_startup = any(d.code == "LL401" for d in report.diagnostics)
    assert report.failed == (any_broken or fails_at_startup)


VERDICT_FILES = {
    "app/api/routes.py": "from app.services import mail\nfrom app.domain import user\n",
    "app/api/schemas.py": "from app.domain.user import User\n",
    "app/services/mail.py": "from app.api import schemas\nimport requests\n",
    "app/services/billing/invoice.py": "from app.services.booking import slots\nimport os\n",
    "app/services/booking/slots.py": "from app.shared import util\n",
    "app/shared/util.py": "from app.services.billing import invoice\n",
    "app/domain/user.py": (
        "from app.shared import util\n"
        "def late():\n"
        "    from app.api import routes\n"
        "from sqlalchemy.orm import Session\n"
    ),
    "app/domain/order.py": "from app.domain.user import User\nfrom app.infra.db import engine\n",
    "app/infra/db.py": "import sqlalchemy\nfrom app.domain import order\n",
    "app/infra/models/__init__.py": "",
    "app/infra/models/user.py": "from app.infra.models import base\n",
    "app/infra/models/base.py": "",
    "app/infra/repositories/users.py": "from app.infra.models.user import User\n",
}

VERDICT_CONTRACTS = [
    {"name": "layers", "type": "layers",
     "layers": ["app.api", "app.services", "app.domain", "app.infra"]},
    {"name": "layers kept", "type": "layers", "layers": ["app.api", "(app.nothing)", "app.shared"]},
    {"name": "siblings", "type": "layers",
     "layers": ["app.services.billing | app.services.booking"]},
    {"name": "siblings ok", "type": "layers",
     "layers": ["app.services.billing : app.services.booking"]},
    {"name": "containers", "type": "layers", "containers": ["app.services", "app.infra"],
     "layers": ["(billing)", "(booking)", "(repositories)", "(models)"]},
    {"name": "exhaustive", "type": "layers", "containers": ["app"], "exhaustive": True,
     "layers": ["api", "services", "domain"], "exhaustive_ignores": ["shared"]},
    {"name": "forbidden", "type": "forbidden", "source_modules": ["app.domain"],
     "forbidden_modules": ["app.api", "sqlalchemy", "requests"]},
    {"name": "forbidden direct", "type": "forbidden", "source_modules": ["app.domain"],
     "forbidden_modules": ["app.api", "app.infra"], "allow_indirect_imports": True},
    {"name": "forbidden modules", "type": "forbidden", "source_modules": ["app.domain.user"],
     "forbidden_modules": ["app.services"], "as_packages": False},
    {"name": "forbidden wildcard", "type": "forbidden", "source_modules": ["app.infra"],
     "forbidden_modules": ["app.*"]},
    {"name": "independence", "type": "independence",
     "modules": ["app.services.billing", "app.services.booking"]},
    {"name": "independence ignored", "type": "independence",
     "modules": ["app.services.billing", "app.services.booking"],
     "ignore_imports": ["app.services.billing.* -> app.services.booking.**",
                        "app.shared.util -> app.services.billing.invoice"]},
    {"name": "protected", "type": "protected", "protected_modules": ["app.infra.models"],
     "allowed_importers": ["app.infra.repositories"]},
    {"name": "protected ext", "type": "protected", "protected_modules": ["sqlalchemy"],
     "allowed_importers": ["app.infra"]},
    {"name": "protected flat", "type": "protected", "protected_modules": ["app.infra.models"],
     "allowed_importers": ["app.infra.repositories"], "as_packages": False},
    {"name": "siblings acyclic", "type": "acyclic_siblings", "ancestors": ["app"]},
    {"name": "siblings acyclic shallow", "type": "acyclic_siblings", "ancestors": ["app"],
     "depth": 0},
    {"name": "siblings acyclic skip", "type": "acyclic_siblings", "ancestors": ["app.*"],
     "skip_descendants": ["app.services.billing"]},
]


def test_verdicts_match_importlinter(tmp_path):
    write_project(tmp_path, VERDICT_FILES, VERDICT_CONTRACTS, importlinter=True)
    compare_with_importlinter(tmp_path, tmp_path, ["app"], VERDICT_CONTRACTS, graph=True)


def test_verdicts_match_importlinter_without_type_checking_imports(tmp_path):
    files = {
        **VERDICT_FILES,
        "app/domain/user.py": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n"
            "    from app.api import routes\n"
            "    from app.shared import util\n"
        ),
    }
    write_project(tmp_path, files, VERDICT_CONTRACTS, importlinter=True,
                  exclude_type_checking_imports=True)
    compare_with_importlinter(tmp_path, tmp_path, ["app"], VERDICT_CONTRACTS, graph=True,
                              exclude_type_checking=True)


def test_verdicts_match_importlinter_all_kept(tmp_path):
    files = {
        "app/api.py": "from app import services\n",
        "app/services.py": "from app import domain\n",
        "app/domain.py": "import os\n",
    }
    contracts = [
        {"name": "layers", "type": "layers", "layers": ["app.api", "app.services", "app.domain"]},
        {"name": "forbidden", "type": "forbidden", "source_modules": ["app.domain"],
         "forbidden_modules": ["app.api"]},
        {"name": "independence", "type": "independence", "modules": ["app.api", "app.domain"]},
        {"name": "acyclic", "type": "acyclic_siblings", "ancestors": ["app"]},
    ]
    write_project(tmp_path, files, contracts, importlinter=True)
    compare_with_importlinter(tmp_path, tmp_path, ["app"], contracts)


def test_chains_with_several_first_and_last_imports_match_importlinter(tmp_path):
    # lint-imports prints the other modules that start (or end) the same chain beside it
    # ("& app.domain.b (l.1)"): layerlint reports each of them too.
    files = {
        "app/api/x.py": "",
        "app/api/y.py": "",
        "app/shared/u.py": "from app.api import x\nfrom app.api import y\n",
        "app/domain/a.py": "from app.shared import u\n",
        "app/domain/b.py": "from app.shared import u\n",
        "app/domain/c.py": "from app.shared import u\n",
    }
    contracts = [
        {"name": "layers", "type": "layers", "layers": ["app.api", "app.domain"]},
        {"name": "independence", "type": "independence", "modules": ["app.api", "app.domain"]},
    ]
    write_project(tmp_path, files, contracts, importlinter=True)
    reference = run_reference(tmp_path, tmp_path, ["app"], graph=False, contracts=True)
    firsts = {("app.domain.a", "app.shared.u"), ("app.domain.b", "app.shared.u"),
              ("app.domain.c", "app.shared.u")}
    assert {c["name"]: set(c["links"]) for c in reference["contracts"]} == {
        "layers": firsts, "independence": firsts}
    compare_with_importlinter(tmp_path, tmp_path, ["app"], contracts)


PRIVATE_FILES = {
    "app/__init__.py": "",
    "app/__main__.py": "",
    "app/_secrets.py": "",
    "app/billing/__init__.py": "from app.billing import _calc\n",
    "app/billing/_calc/__init__.py": "",
    "app/billing/_calc/deep.py": "from app.billing._calc import _inner\n",
    "app/billing/_calc/_inner.py": "",
    "app/billing/invoice.py": "from app.billing._calc import deep\nfrom app.billing._calc import _inner\n",
    "app/billing/sub/__init__.py": "",
    "app/billing/sub/x.py": "from app.billing import _calc\nfrom app import _secrets\n",
    "app/shop/__init__.py": "from app import _secrets\nimport app.__main__\n",
    "app/shop/cart.py": (
        "from app.billing._calc import deep\n"
        "import app.billing._calc\n"
        "def later():\n"
        "    from app.billing._calc import _inner\n"
        "import sqlalchemy\n"
    ),
    "app/shop/_basket.py": "",
    "app/bank/__init__.py": "",
    "app/bank/teller.py": "from app.shop import _basket\n",
}
PRIVATE_CONTRACTS = [
    {"name": "all", "type": "private_modules"},
    {"name": "billing", "type": "private_modules", "packages_with_private_modules": ["app.billing"]},
    {"name": "bank", "type": "private_modules", "packages_with_private_modules": ["app.bank"]},
    {"name": "wildcard", "type": "private_modules", "packages_with_private_modules": ["app.*.sub", "app.bank"]},
    {"name": "ignored", "type": "private_modules", "packages_with_private_modules": ["app"],
     "ignore_imports": ["app.shop.cart -> app.billing._calc.*", "app.bank.** -> app.shop._basket"]},
]


@pytest.mark.parametrize("exclude_type_checking", [False, True])
def test_private_modules_match_importlinter(tmp_path, exclude_type_checking):
    write_project(tmp_path, PRIVATE_FILES, PRIVATE_CONTRACTS, importlinter=True,
                  exclude_type_checking_imports=exclude_type_checking)
    compare_with_importlinter(tmp_path, tmp_path, ["app"], PRIVATE_CONTRACTS,
                              exclude_type_checking=exclude_type_checking)
    # all: every import below; billing: those of app.billing's private modules; bank and
    # wildcard: none (no private module inside); ignored: all but the ignored ones.
    assert where(diags(tmp_path)) == [
        ("LL106", "app/bank/teller.py", 1, 1),  # all
        *[("LL106", "app/billing/invoice.py", 2, 1)] * 3,  # all, billing, ignored
        *[("LL106", "app/shop/cart.py", 1, 1)] * 2,  # all, billing
        *[("LL106", "app/shop/cart.py", 2, 1)] * 3,  # all, billing, ignored (not a child)
        *[("LL106", "app/shop/cart.py", 4, 5)] * 2,  # all, billing (in a function)
    ]


@pytest.mark.parametrize("packages", [["app._secrets"], ["app.billing._calc"], ["app.*"],
                                      ["app.nothing"], ["app.nothing.*"], ["requests"], ["app.b*"],
                                      ["app.shop", "sqlalchemy"]])
def test_private_modules_configurations_importlinter_refuses(tmp_path, packages):
    contract = {"name": "c", "type": "private_modules", "packages_with_private_modules": packages}
    write_project(tmp_path, PRIVATE_FILES, [contract], importlinter=True)
    status, verdicts, output = lint_imports(tmp_path, tmp_path)
    assert (status, verdicts) == (1, {}), output
    with pytest.raises(ConfigError, match="key 'packages_with_private_modules'"):
        run_layerlint(tmp_path)


def _ini(contracts, **session) -> str:
    def value(v):
        if isinstance(v, bool):
            return "True" if v else "False"
        if isinstance(v, (list, tuple)):
            return "".join(f"\n    {item}" for item in v)
        return str(v)

    lines = ["[importlinter]", *(f"{k} = {value(v)}" for k, v in session.items()), ""]
    for number, contract in enumerate(contracts):
        lines.append(f"[importlinter:contract:c{number}]")
        lines += [f"{k} = {value(v)}" for k, v in contract.items()]
        lines.append("")
    return "\n".join(lines)


def test_verdicts_match_importlinter_reading_its_ini_config(tmp_path):
    # No [tool.layerlint]: layerlint reads import-linter's own .importlinter file (its
    # include_external_packages default is false: externals are then not in the graph).
    contracts = [c for c in VERDICT_CONTRACTS if "sqlalchemy" not in str(c) and "requests" not in str(c)]
    write_files(tmp_path, VERDICT_FILES)
    (tmp_path / ".importlinter").write_text(_ini(contracts, root_package="app"))
    compare_with_importlinter(tmp_path, tmp_path, ["app"], contracts,
                              config=tmp_path / ".importlinter", include_external=False)


# -- (b) and (a) on random projects ---------------------------------------------------------------

CHILDREN = ("a", "b", "c", "d")
UNIVERSE = (
    [(c,) for c in CHILDREN]
    + [(c, g) for c in CHILDREN for g in ("x", "y")]
    + [(c, "x", h) for c in ("a", "b") for h in ("p", "q")]
)
EXTERNALS = ("os", "requests", "requests.adapters", "django.db.models")


def _relative_from(importer: str, is_package: bool, target: str, level_choice: int) -> str | None:
    package = importer if is_package else importer.rpartition(".")[0]
    parts = package.split(".")
    options = []
    for level in range(1, len(parts) + 1):
        anchor = ".".join(parts[: len(parts) - level + 1])
        if target.startswith(anchor + "."):
            rest = target[len(anchor) + 1:]
            parent, _, last = rest.rpartition(".")
            options.append(f"from {'.' * level}{parent} import {last}")
    if not options:
        return None
    return options[level_choice % len(options)]


@st.composite
def random_projects(draw):
    chosen = set(draw(st.sets(st.sampled_from(UNIVERSE), max_size=8)))
    chosen |= {("a",), ("b",), ("c",)}
    closure = {path[:i] for path in chosen for i in range(1, len(path) + 1)}
    has_children = {path[:-1] for path in closure if len(path) > 1}
    packages = {p for p in closure if p in has_children or draw(st.booleans())}
    modules = ["app"] + sorted("app." + ".".join(p) for p in closure)
    is_package = {"app": True, **{"app." + ".".join(p): p in packages for p in closure}}

    targets = modules + [m + ".Thing" for m in modules[1:]] + list(EXTERNALS)
    imports = draw(
        st.lists(
            st.tuples(
                st.sampled_from(modules),
                st.sampled_from(targets),
                st.sampled_from(["import", "from", "relative", "star"]),
                st.sampled_from(["top", "top", "top", "function", "type_checking"]),
                st.integers(0, 3),
            ),
            min_size=4,
            max_size=24,
        )
    )
    sources: dict[str, list[str]] = {m: [] for m in modules}
    for number, (importer, target, form, context, level) in enumerate(imports):
        internal = target.startswith("app.") or target == "app"
        statement = None
        if form == "relative" and internal:
            statement = _relative_from(importer, is_package[importer], target, level)
        elif form == "star" and target in modules:
            statement = f"from {target} import *"
        elif form == "from" and "." in target:
            parent, _, last = target.rpartition(".")
            statement = f"from {parent} import {last}"
        statement = statement or f"import {target}"
        if context == "function":
            sources[importer] += [f"def f{number}():", f"    {statement}"]
        elif context == "type_checking":
            sources[importer] += ["if TYPE_CHECKING:", f"    {statement}"]
        else:
            sources[importer].append(statement)
    files = {}
    for module in modules:
        parts = module.split(".")
        path = "/".join(parts) + ("/__init__.py" if is_package[module] else ".py")
        header = ["from typing import TYPE_CHECKING"] if any(
            line.startswith("if TYPE_CHECKING") for line in sources[module]
        ) else []
        files[path] = "\n".join(header + sources[module] + ["Thing = 1", ""])

    children = [f"app.{c}" for c in CHILDREN if (c,) in closure]
    order = draw(st.permutations(children))
    separator = draw(st.sampled_from([None, " | ", " : "]))
    layers = list(order[:3])
    if separator and len(order) >= 4:
        layers.append(order[3] + separator + layers.pop(0))
    if draw(st.booleans()):
        layers.insert(1, "(app.optional)")
    tails = [c.split(".")[1] for c in order]
    source, target = draw(st.sampled_from([(s, t) for s in children for t in children if s != t]))
    protected = draw(st.sampled_from(children))
    contracts = [
        {"name": "layers", "type": "layers", "layers": layers},
        {"name": "containers", "type": "layers", "containers": ["app"],
         "layers": tails[:2], "exhaustive": draw(st.booleans()), "exhaustive_ignores": tails[3:]},
        {"name": "independence", "type": "independence",
         "modules": draw(st.lists(st.sampled_from(children), min_size=2, max_size=3, unique=True))},
        {"name": "forbidden", "type": "forbidden", "source_modules": [source],
         "forbidden_modules": [target, "requests"],
         "allow_indirect_imports": draw(st.booleans()), "as_packages": draw(st.booleans())},
        {"name": "protected", "type": "protected", "protected_modules": [protected],
         "allowed_importers": draw(st.lists(st.sampled_from(modules), max_size=2, unique=True)),
         "as_packages": draw(st.booleans())},
        {"name": "acyclic", "type": "acyclic_siblings", "ancestors": ["app"],
         "depth": draw(st.integers(0, 2))},
    ]
    exclude_tc = draw(st.booleans())
    return files, contracts, exclude_tc


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.data_too_large])
@given(random_projects())
@example(
    project=({'app/__init__.py': 'from app import *\nThing = 1\n',
      'app/a/__init__.py': 'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import app.b\nimport app.b.Thing\nThing = 1\n',
      'app/a/y/__init__.py': 'def f2():\n    import app.b.Thing\nimport django.db.models\nThing = 1\n',
      'app/b/__init__.py': 'from typing import TYPE_CHECKING\nimport app\nimport requests\nif TYPE_CHECKING:\n    import requests\ndef f10():\n    from ..c import Thing\nimport app\nThing = 1\n',
      'app/b/x/__init__.py': 'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ... import a\ndef f9():\n    from ... import b\nThing = 1\n',
      'app/b/x/p/__init__.py': 'Thing = 1\n',
      'app/c/__init__.py': 'def f12():\n    from app.b import x\nThing = 1\n'},
     [{'name': 'layers',
       'type': 'layers',
       'layers': ['app.a', 'app.b', 'app.c']},
      {'name': 'containers',
       'type': 'layers',
       'containers': ['app'],
       'layers': ['a', 'b'],
       'exhaustive': False,
       'exhaustive_ignores': []},
      {'name': 'independence',
       'type': 'independence',
       'modules': ['app.b', 'app.a']},
      {'name': 'forbidden',
       'type': 'forbidden',
       'source_modules': ['app.a'],
       'forbidden_modules': ['app.c', 'requests'],
       'allow_indirect_imports': False,
       'as_packages': True},
      {'name': 'protected',
       'type': 'protected',
       'protected_modules': ['app.a'],
       'allowed_importers': ['app', 'app.a'],
       'as_packages': False},
      {'name': 'acyclic',
       'type': 'acyclic_siblings',
       'ancestors': ['app'],
       'depth': 0}],
     False),
)  # equally short chains: import-linter's choice follows the hash seed
@example(
    project=({'app/__init__.py': 'def f3():\n    import requests\nThing = 1\n',
      'app/a.py': 'from .b.x import Thing\ndef f8():\n    import requests.adapters\nThing = 1\n',
      'app/b/__init__.py': 'from typing import TYPE_CHECKING\nfrom app.d import Thing\nif TYPE_CHECKING:\n    import app.a.Thing\nThing = 1\n',
      'app/b/x/__init__.py': 'from ...d import Thing\nThing = 1\n',
      'app/b/x/p/__init__.py': 'from app.a import Thing\ndef f12():\n    from ....d import y\nThing = 1\n',
      'app/b/y.py': 'import app.a\nimport app.a\nThing = 1\n',
      'app/c.py': 'import app.d\nThing = 1\n',
      'app/d/__init__.py': 'from app.b.y import Thing\nimport requests.adapters\nfrom ..a import Thing\nThing = 1\n',
      'app/d/y.py': 'Thing = 1\n'},
     [{'name': 'layers',
       'type': 'layers',
       'layers': ['app.c', 'app.b', 'app.d | app.a']},
      {'name': 'containers',
       'type': 'layers',
       'containers': ['app'],
       'layers': ['a', 'c'],
       'exhaustive': False,
       'exhaustive_ignores': ['d']},
      {'name': 'independence',
       'type': 'independence',
       'modules': ['app.a', 'app.b', 'app.d']},
      {'name': 'forbidden',
       'type': 'forbidden',
       'source_modules': ['app.b'],
       'forbidden_modules': ['app.c', 'requests'],
       'allow_indirect_imports': False,
       'as_packages': True},
      {'name': 'protected',
       'type': 'protected',
       'protected_modules': ['app.c'],
       'allowed_importers': ['app.a', 'app.c'],
       'as_packages': False},
      {'name': 'acyclic',
       'type': 'acyclic_siblings',
       'ancestors': ['app'],
       'depth': 0}],
     False),
)  # equally short chains for two pairs: a mix of two seeds' choices
@example(
    project=({'app/__init__.py': 'import app\nimport app\nimport app.b\nThing = 1\n',
              'app/a.py': 'Thing = 1\n',
              'app/b.py': 'from app.b import Thing\nThing = 1\n',
              'app/c.py': 'Thing = 1\n'},
             [{'name': 'layers', 'type': 'layers', 'layers': ['app.a', 'app.b', 'app.c']}],
             False),
)  # no contract broken, yet `import app.b` fails at start-up (LL401): the run fails
def test_random_projects_match_grimp_and_importlinter(project):
    files, contracts, exclude_tc = project
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        write_project(root, files, contracts, importlinter=True, auto_init=False,
                      exclude_type_checking_imports=exclude_tc)
        compare_with_importlinter(root, root, ["app"], contracts, graph=True,
                                  exclude_type_checking=exclude_tc)


# -- configurations import-linter accepts ------------------------------------------------------

EMPTY_WILDCARD_CONTRACTS = [
    {"name": "independence", "type": "independence", "modules": ["app.plugins.*"]},
    {"name": "forbidden", "type": "forbidden", "source_modules": ["app.domain"],
     "forbidden_modules": ["app.plugins.*"]},
    {"name": "forbidden sources", "type": "forbidden", "source_modules": ["app.plugins.*"],
     "forbidden_modules": ["app.api"]},
    {"name": "protected", "type": "protected", "protected_modules": ["app.plugins.*"],
     "allowed_importers": ["app.api"]},
    {"name": "allowed", "type": "protected", "protected_modules": ["app.api"],
     "allowed_importers": ["app.*.repositories"]},
]


NON_IDENTIFIER_CONTRACTS = [
    ({"name": "layers", "type": "layers", "layers": ["app.b", "app.data-v1"]},
     [("LL101", "app/data-v1.py", 1, 1)]),
    ({"name": "independence", "type": "independence", "modules": ["app.data-v1", "app.a"]}, []),
    ({"name": "protected", "type": "protected", "protected_modules": ["app.b"],
      "allowed_importers": ["app.data-v1"]},
     [("LL104", "app/a.py", 1, 1)]),
]


@pytest.mark.parametrize("contract, expected", NON_IDENTIFIER_CONTRACTS,
                         ids=[c["name"] for c, _ in NON_IDENTIFIER_CONTRACTS])
def test_module_named_after_a_non_identifier_file_like_importlinter(tmp_path, contract, expected):
    # grimp counts data-v1.py as module app.data-v1 (rich and numpy ship such files), and
    # import-linter's contracts may name it: so may layerlint's.
    files = {"app/a.py": "from app import b\n", "app/b.py": "", "app/data-v1.py": "import app.b\n"}
    write_project(tmp_path, files, [contract], importlinter=True)
    status, verdicts, output = lint_imports(tmp_path, tmp_path)
    verdict = "BROKEN" if expected else "KEPT"
    assert (status, verdicts) == (int(bool(expected)), {contract["name"]: verdict}), output
    assert where(diags(tmp_path)) == expected


@pytest.mark.parametrize("contract", EMPTY_WILDCARD_CONTRACTS, ids=lambda c: c["name"])
def test_wildcard_matching_no_module_is_accepted_like_importlinter(tmp_path, contract):
    # import-linter expands a wildcard to whatever matches, possibly nothing (a plugins
    # folder still empty) and checks the contract with that. Only plain names must exist.
    write_project(
        tmp_path,
        {"app/domain/x.py": "from app.api import y\n", "app/api/y.py": "",
         "app/plugins/__init__.py": ""},
        [contract],
        importlinter=True,
    )
    status, verdicts, output = lint_imports(tmp_path, tmp_path)
    assert verdicts.keys() == {contract["name"]}, output  # checked, not an error
    broken = verdicts[contract["name"]] == "BROKEN"
    assert status == int(broken)
    report = run_layerlint(tmp_path).report
    assert report.failed == broken, [d.message for d in report.diagnostics]
