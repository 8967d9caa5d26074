"""Warm runs after an edit: the graph queries are remembered under a digest of the graph.

An edit that leaves every import alone reuses the layers/independence/forbidden searches
(only positions are looked up again); an edit that changes an import, or a change of the
contract, is searched afresh. The results must be exactly those of an uncached run.
"""

from __future__ import annotations

import marshal

import pytest
from grimp.application.graph import ImportGraph

from helpers import write_project

LAYERS = {"name": "Layers", "type": "layers", "layers": ["app.api", "app.services", "app.domain"]}
INDEPENDENT = {"name": "Independent", "type": "independence", "modules": ["app.api", "app.domain"]}
FORBIDDEN = {
    "name": "No web in domain",
    "type": "forbidden",
    "source_modules": ["app.domain"],
    "forbidden_modules": ["app.api"],
}

FILES = {
    "src/app/api/views.py": "from app.services import billing\n",
    "src/app/services/billing.py": "from app.domain import order\n",
    "src/app/domain/order.py": "import os\n\nfrom app.domain import helpers\n",
    "src/app/domain/helpers.py": "from app.services import billing\n",
}

@pytest.fixture
def searches(monkeypatch):
    """Counts grimp's own searches (the costly queries the memo stands in for)."""
    calls = []
    original_layers = ImportGraph.find_illegal_dependencies_for_layers
    original_chains = ImportGraph.find_shortest_chains

    def layers(self, *args, **kwargs):
        calls.append("layers")
        return original_layers(self, *args, **kwargs)

    def chains(self, *args, **kwargs):
        calls.append("chains")
        return original_chains(self, *args, **kwargs)

    monkeypatch.setattr(ImportGraph, "find_illegal_dependencies_for_layers", layers)
    monkeypatch.setattr(ImportGraph, "find_shortest_chains", chains)
    return calls


def project(tmp_path, contracts=(LAYERS, INDEPENDENT, FORBIDDEN), files=FILES):
    return write_project(tmp_path / "proj", files, list(contracts))


def edit(path, text):
    path.write_text(text)


def test_edit_that_keeps_imports_reuses_searches_and_moves_positions(tmp_path, cli, searches):
    root = project(tmp_path)
    first = cli("check", cwd=root)
    assert first[0] == 1
    assert searches == ["layers", "layers", "chains"]  # layers, independence, forbidden
    searches.clear()
    helpers = root / "src/app/domain/helpers.py"
    edit(helpers, '"""Helpers."""\n\n# moved down\nfrom app.services import billing\n')
    second = cli("check", cwd=root)
    assert searches == []
    assert second[1].replace("helpers.py:4:1", "helpers.py:1:1") == first[1]
    assert "src/app/domain/helpers.py:4:1: LL101 Layer violation" in second[1]
    assert second == cli("check", "--no-cache", cwd=root)


def test_edit_that_changes_an_import_is_searched_afresh(tmp_path, cli, searches):
    root = project(tmp_path)
    cli("check", cwd=root)
    searches.clear()
    edit(root / "src/app/domain/helpers.py", "import os\n")
    code, out, err = cli("check", cwd=root)
    assert searches == ["layers", "layers", "chains"]
    assert (code, out.splitlines(), err) == (
        1,
        [
            "src/app/api/views.py:1:1: LL103 Indirect import between independent modules: "
            "app.api.views -> app.services.billing -> app.domain.order: 'app.api' must not "
            "import 'app.domain' (contract 'Independent')",
            "Found 1 problem in 1 file (3 contracts checked).",
        ],
        "",
    )
    edit(root / "src/app/domain/helpers.py", "from app.api import views\n")
    code, out, _ = cli("check", cwd=root)
    assert code == 1
    assert (
        "src/app/domain/helpers.py:1:1: LL101 Layer violation: app.domain.helpers -> "
        "app.api.views: layer 'app.domain' must not import higher layer 'app.api' "
        "(contract 'Layers')"
    ) in out.splitlines()
    assert (code, out) == cli("check", "--no-cache", cwd=root)[:2]


def test_changed_contract_is_searched_afresh(tmp_path, cli, searches):
    root = project(tmp_path, contracts=[LAYERS])
    assert cli("check", cwd=root)[0] == 1
    reordered = {**LAYERS, "layers": ["app.domain", "app.services", "app.api"]}
    write_project(root, {}, [reordered])
    searches.clear()
    code, out, _ = cli("check", cwd=root)
    assert searches == ["layers"]
    assert (code, out) == cli("check", "--no-cache", cwd=root)[:2]
    assert "layer 'app.services' must not import higher layer 'app.domain'" in out


def test_ignored_imports_are_part_of_the_key(tmp_path, cli, searches):
    root = project(tmp_path, contracts=[LAYERS])
    assert cli("check", cwd=root)[0] == 1
    ignoring = {**LAYERS, "ignore_imports": ["app.domain.helpers -> app.services.billing"]}
    write_project(root, {}, [ignoring])
    searches.clear()
    assert cli("check", cwd=root) == (0, "All checks passed (8 files, 1 contract checked).\n", "")
    assert searches == ["layers"]


def test_damaged_memo_entries_are_searched_again(tmp_path, cli, searches):
    root = project(tmp_path)
    expected = cli("check", cwd=root)
    cache = root / ".layerlint_cache" / "files.marshal"
    key, fingerprint, tables, queries = marshal.loads(cache.read_bytes())
    assert len(queries) == 3
    damaged = dict.fromkeys(queries, ((1, 2, 3),))
    cache.write_bytes(marshal.dumps((key, fingerprint, tables, damaged)))
    edit(root / "src/app/services/billing.py", "# edited\nfrom app.domain import order\n")
    searches.clear()
    result = cli("check", cwd=root)
    assert sorted(searches) == ["chains", "layers", "layers"]
    assert result == cli("check", "--no-cache", cwd=root)
    assert result[1].count("LL10") == expected[1].count("LL10")


def test_only_the_last_runs_entries_are_kept(tmp_path, cli):
    root = project(tmp_path)
    cli("check", cwd=root)
    write_project(root, {}, [LAYERS])
    cli("check", cwd=root)
    cache = root / ".layerlint_cache" / "files.marshal"
    queries = marshal.loads(cache.read_bytes())[3]
    assert len(queries) == 1
