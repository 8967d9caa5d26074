"""Warm runs after an edit: what is remembered under digests of its inputs.

The graph queries: an edit that leaves every import alone reuses the layers/independence/
forbidden searches (only positions are looked up again); an edit that changes an import, or
a change of the contract, is searched afresh. The SQLAlchemy rules: reused while the graph,
every class header and the modules they read are unchanged. The results must always be
exactly those of an uncached run.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from grimp.application.graph import ImportGraph
from helpers import read_scan_cache, write_project, write_scan_cache

from layerlint.orm import checks as orm_checks_module
from layerlint.orm import memo as orm_memo

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
    # independence and forbidden search again; the layers contract's pairs are all proven
    # empty without asking grimp (contracts/layer_pairs.py)
    assert searches == ["layers", "chains"]
    assert (code, out.splitlines(), err) == (
        1,
        [
            (
                "src/app/api/views.py:1:1: LL103 Indirect import between independent modules: "
                "app.api.views -> app.services.billing -> app.domain.order: 'app.api' must not "
                "import 'app.domain' (contract 'Independent')"
            ),
            "Contract 'Layers': kept",
            "Contract 'Independent': broken, 1 problem",
            "Contract 'No web in domain': kept",
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
    passed = "Contract 'Layers': kept\nAll checks passed (8 files, 1 contract checked).\n"
    assert cli("check", cwd=root) == (0, passed, "")
    assert searches == []  # without that import no chain is left: grimp is not even asked


def test_damaged_memo_entries_are_searched_again(tmp_path, cli, searches):
    root = project(tmp_path)
    expected = cli("check", cwd=root)
    key, fingerprint, tables, memo = read_scan_cache(root)
    # three answers; the layers and independence answers by container, the imports they
    # were found on (for the next import edit), LL401's cycles and its failures, and the
    # files with relative imports beyond the top-level package (LL907)
    assert len(memo) == 9
    damaged = dict.fromkeys(memo, ((1, 2, 3),))
    write_scan_cache(root, key, fingerprint, tables, damaged)
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
    memo = read_scan_cache(root)[3]
    # the layers answer, that answer by container, the imports it was found on, LL401's
    # cycles and failures, and the files with relative imports beyond the top-level package
    assert len(memo) == 6
    assert sorted(key.partition("|")[0] for key in memo)[1:] == [
        "flagged",
        "imports",
        "layers-kept",
        "startup-failures-1",
        "startup-structure-1",
    ]


# -- the SQLAlchemy rules' results ---------------------------------------------------------------

ORM_SEED = Path(__file__).resolve().parent.parent / "testdata" / "orm_seed002" / "broken"


@pytest.fixture
def orm_checks(monkeypatch):
    """Counts the SQLAlchemy rules' own runs (what the memo stands in for)."""
    calls = []
    original = orm_checks_module.check

    def counted(project):
        calls.append(project)
        return original(project)

    monkeypatch.setattr(orm_checks_module, "check", counted)
    return calls


@pytest.fixture
def orm_project(tmp_path):
    root = tmp_path / "orm"
    shutil.copytree(ORM_SEED, root)
    return root


def test_orm_results_reused_when_no_class_header_or_read_module_changes(
    orm_project, cli, orm_checks
):
    first = cli("check", cwd=orm_project)
    assert len(orm_checks) == 1
    quotas = orm_project / "src/backend/app/quotas.py"
    quotas.write_text(quotas.read_text() + "\n\ndef weekly_quota(user):\n    return 700\n")
    second = cli("check", cwd=orm_project)
    assert len(orm_checks) == 1  # quotas.py defines no class: the results are reused
    assert second == first
    assert second == cli("check", "--no-cache", cwd=orm_project)


def test_orm_results_reused_after_an_import_edit_of_a_module_without_class_bases(
    orm_project, cli, orm_checks
):
    cli("check", cwd=orm_project)
    quotas = orm_project / "src/backend/app/quotas.py"
    quotas.write_text("import backend.app.core.db\n" + quotas.read_text())
    code, out, _ = cli("check", cwd=orm_project)
    assert len(orm_checks) == 1  # the graph changed, but not where the rules look
    assert (code, out) == cli("check", "--no-cache", cwd=orm_project)[:2]
    assert len(orm_checks) == 2  # (--no-cache's own run)


def test_orm_results_recomputed_after_an_import_edit_of_a_module_with_class_bases(
    orm_project, cli, orm_checks
):
    # A class whose base the rules cannot place until its module imports one: the module
    # is neither parsed nor changed in its class headers, only in its imports.
    account = orm_project / "src/backend/app/account.py"
    account.write_text("class Account(Model):\n    pass\n")
    cli("check", cwd=orm_project)
    assert len(orm_checks) == 1
    account.write_text("from backend.app.core.db import Base as Model\n" + account.read_text())
    code, out, _ = cli("check", cwd=orm_project)
    assert len(orm_checks) == 2
    assert (code, out) == cli("check", "--no-cache", cwd=orm_project)[:2]


def test_orm_results_reused_after_a_comment_in_a_read_module_then_an_import_edit(
    orm_project, cli, orm_checks, monkeypatch
):
    """A comment appended to a model the rules read leaves the stored results standing (no
    analysis); the import edit after it is analysed, and the rules' results are reused:
    the model's symbols are the same under its new stamp."""
    cli("check", cwd=orm_project)
    models = orm_project / "src/backend/app/users/models.py"
    models.write_text(models.read_text() + "\n# a comment\n")
    cli("check", cwd=orm_project)
    quotas = orm_project / "src/backend/app/quotas.py"
    quotas.write_text("import backend.app.core.db\n" + quotas.read_text())
    code, out, _ = cli("check", cwd=orm_project)
    assert len(orm_checks) == 1
    assert (code, out) == cli("check", "--no-cache", cwd=orm_project)[:2]
    # remembered under the new stamp: another import edit reads no model again
    digests = []
    original = orm_memo._symbols_digest
    monkeypatch.setattr(orm_memo, "_symbols_digest", lambda *a: digests.append(a) or original(*a))
    quotas.write_text(quotas.read_text().removeprefix("import backend.app.core.db\n"))
    cached = cli("check", cwd=orm_project)[:2]
    assert (digests, len(orm_checks)) == ([], 2)  # (2: the --no-cache run above)
    assert cached == cli("check", "--no-cache", cwd=orm_project)[:2]
    # a model edited where the rules look: the results are made again
    models.write_text(models.read_text().replace('"privacy_requests"', '"user_preferences"'))
    code, out, _ = cli("check", cwd=orm_project)
    assert len(orm_checks) == 4
    assert "Table 'user_preferences' is mapped more than once" in out


def test_orm_results_recomputed_when_a_read_module_changes(orm_project, cli, orm_checks):
    cli("check", cwd=orm_project)
    models = orm_project / "src/backend/app/users/models.py"
    models.write_text(models.read_text().replace('"privacy_requests"', '"user_preferences"'))
    code, out, _ = cli("check", cwd=orm_project)
    assert len(orm_checks) == 2
    assert "Table 'user_preferences' is mapped more than once" in out
    assert (code, out) == cli("check", "--no-cache", cwd=orm_project)[:2]


def test_orm_results_recomputed_when_a_class_appears_in_a_module_not_read(
    orm_project, cli, orm_checks
):
    cli("check", cwd=orm_project)
    quotas = orm_project / "src/backend/app/quotas.py"
    quotas.write_text(
        quotas.read_text()
        + "\n\nfrom backend.app.core.db import Base\n\n\nclass Quota(Base):\n"
        + '    __tablename__ = "privacy_requests"\n'
    )
    code, out, _ = cli("check", cwd=orm_project)
    assert len(orm_checks) == 2
    assert "backend.app.quotas.Quota" in out
    assert (code, out) == cli("check", "--no-cache", cwd=orm_project)[:2]


def test_damaged_orm_entry_is_recomputed(orm_project, cli, orm_checks):
    expected = cli("check", cwd=orm_project)
    key, fingerprint, tables, memo = read_scan_cache(orm_project)
    orm = [k for k in memo if not k.startswith(("imports|", "startup-", "flagged|", "orm-"))]
    assert len(orm) == 1
    write_scan_cache(orm_project, key, fingerprint, tables, dict.fromkeys(orm, ("x", 1)))
    # an edit the stored results would survive (see results.py): without their basis, the
    # project is analysed again, and meets the damaged entry
    (orm_project / ".layerlint_cache" / "basis.marshal").unlink()
    quotas = orm_project / "src/backend/app/quotas.py"
    quotas.write_text(quotas.read_text() + "# edited\n")
    assert cli("check", cwd=orm_project) == expected
    assert len(orm_checks) == 2


# -- stored results kept across an edit the checks cannot see (results.py) ------------------

KEPT_FILES = {
    **FILES,
    "src/app/services/auth.py": "class AuthService:\n    pass\n",
    "src/app/services/clean.py": "from app.domain import order\n\n\ndef run():\n    return 1\n",
}
UNIQUE = {"name": "One auth", "type": "unique", "classes": ["AuthService"]}


@pytest.fixture
def analyses(monkeypatch):
    """Counts the analyses run (what stored results stand in for)."""
    from layerlint import engine

    calls = []
    original = engine.analyse

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(engine, "analyse", counted)
    return calls


def kept_project(tmp_path, **settings):
    return write_project(tmp_path / "proj", KEPT_FILES, [LAYERS, FORBIDDEN, UNIQUE], **settings)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


@pytest.mark.parametrize("external", [True, False])
def test_edit_the_checks_cannot_see_keeps_the_stored_results(tmp_path, cli, analyses, external):
    root = kept_project(tmp_path, include_external_packages=external)
    first = cli("check", cwd=root)
    assert len(analyses) == 1
    append(root / "src/app/services/clean.py", "\n\ndef more():\n    return 2  # edited\n")
    # parsed by the unique contract, its symbols the same
    append(root / "src/app/services/auth.py", "# edited\n")
    assert cli("check", cwd=root) == first
    assert len(analyses) == 1  # no analysis: the stored results stand
    assert cli("check", cwd=root) == first  # stored again under the new state
    assert len(analyses) == 1
    assert first == cli("check", "--no-cache", cwd=root)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


HELPERS = "src/app/domain/helpers.py"  # holds a diagnostic on its line 1
HELPERS_IMPORT = "from app.services import billing"


@pytest.mark.parametrize(
    "old, new",
    [
        (HELPERS_IMPORT, f"{HELPERS_IMPORT}\n# edited"),
        (HELPERS_IMPORT, f"{HELPERS_IMPORT}\n\nVALUE = 1  # noqa: LL101"),
        (HELPERS_IMPORT, f"{HELPERS_IMPORT}\n\n\ndef f():\n    return 1  # noqa: E501"),
    ],
)
def test_edit_of_a_file_with_diagnostics_that_places_them_alike_keeps_them(
    tmp_path, cli, analyses, old, new
):
    # Placing a diagnostic reads its statement, the noqa comments on it and the line
    # shown: while those read the same, the stored diagnostics stand.
    root = kept_project(tmp_path)
    first = cli("check", "--output-format", "full", cwd=root)
    assert "app/domain/helpers.py:1:1: LL101" in first[1]
    replace_in(root / HELPERS, old, new)
    assert cli("check", "--output-format", "full", cwd=root) == first
    assert len(analyses) == 1


@pytest.mark.parametrize(
    "path, old, new",
    [
        # a file with a diagnostic: what placing it reads changed
        (HELPERS, HELPERS_IMPORT, f"{HELPERS_IMPORT}  # noqa: LL101"),  # silenced
        (HELPERS, HELPERS_IMPORT, f"{HELPERS_IMPORT}  # why"),  # the line shown
        (HELPERS, HELPERS_IMPORT, HELPERS_IMPORT.replace(" billing", "  billing")),  # its span
        (HELPERS, HELPERS_IMPORT, f"{HELPERS_IMPORT}, order"),  # one more name imported
        # an import added (or moved: its line number is part of what was taken)
        ("src/app/services/clean.py", "", "import os\n"),
        # a class header: the unique contract read them
        ("src/app/services/clean.py", "", "\n\nclass Helper:\n    pass\n"),
        # a file the unique contract parsed for its classes: a class moves
        ("src/app/services/auth.py", "class AuthService", "X = 1\n\n\nclass AuthService"),
    ],
)
def test_edit_the_checks_can_see_is_analysed(tmp_path, cli, analyses, path, old, new):
    root = kept_project(tmp_path)
    first = cli("check", "--output-format", "full", cwd=root)
    if old:
        replace_in(root / path, old, new)
    else:
        append(root / path, new)
    after = cli("check", "--output-format", "full", cwd=root)
    assert after == cli("check", "--output-format", "full", "--no-cache", cwd=root)
    assert len(analyses) == 3  # the first run, this one, and --no-cache's
    if path == HELPERS:
        assert after != first


def test_new_orm_mention_is_analysed(tmp_path, cli, analyses):
    # Without external packages in the graph, whether any file mentions an ORM decides
    # whether the SQLAlchemy rules read class headers at all.
    root = kept_project(tmp_path, include_external_packages=False)
    cli("check", cwd=root)
    append(root / "src/app/services/clean.py", "NOTE = 'see sqlalchemy'\n")
    cli("check", cwd=root)
    assert len(analyses) == 2


def test_basis_of_other_results_is_not_trusted(tmp_path, cli, analyses):
    root = kept_project(tmp_path)
    cli("check", cwd=root)
    cache = root / ".layerlint_cache"
    basis = (cache / "basis.marshal").read_bytes()
    append(root / "src/app/domain/order.py", "import app.api.views\n")  # a new violation
    cli("check", cwd=root)
    (cache / "basis.marshal").write_bytes(basis)  # the first run's basis, with newer results
    append(root / "src/app/services/clean.py", "# edited\n")
    assert cli("check", cwd=root) == cli("check", "--no-cache", cwd=root)
    assert len(analyses) == 4


def test_basis_digest_depends_on_values_only():
    import sys

    from layerlint.basis import _digest

    # Lines above 256 are distinct int objects, names interned in one and not the other:
    # equal values must give one digest, or an edit would never keep the stored results.
    shared = sys.intern("app.domain.order")
    first = ((shared, 300), (shared, 1000))
    second = (("app.domain." + "order", 299 + 1), ("app.domain.order"[:], 999 + 1))
    sketch = (("Order",), True, ("Base",))
    line = sys.intern("import app.domain.order")
    text = ((("source", 300), line), (("noqa", 1000), None))
    same_text = ((("source", 299 + 1), "import app." + "domain.order"), (("noqa", 1000), None))
    entries = (sketch, None, None)
    assert _digest(first, entries, text) == _digest(second, entries, same_text)
    assert _digest(first, entries, ()) != _digest(first, (sketch, False, None), ())
    nothing = (None, None, None)
    assert _digest(first, nothing, ()) != _digest(((shared, 301), (shared, 1000)), nothing, ())
    assert _digest(first, nothing, text) != _digest(first, nothing, text[:1])


def test_edit_of_a_shadowed_file_shows_its_new_first_line(tmp_path, cli):
    # LL904 shows the first line of a file that a package of the same name hides; the
    # file is not a module, but its edits must reach the stored results too.
    files = {**KEPT_FILES, "src/app/domain/order/__init__.py": ""}
    root = write_project(tmp_path / "proj", files, [LAYERS])
    first = cli("check", "--output-format", "full", cwd=root)
    assert "  1 | import os" in first[1]
    replace_in(root / "src/app/domain/order.py", "import os", "import os  # edited")
    after = cli("check", "--output-format", "full", cwd=root)
    assert "  1 | import os  # edited" in after[1]
    assert after == cli("check", "--output-format", "full", "--no-cache", cwd=root)


def test_stored_results_serve_runs_from_another_directory(tmp_path, cli, analyses):
    # pre-commit runs from the repository's root, a developer from the project's folder:
    # the same results, with paths shown from where each run is.
    repository = tmp_path / "repo"
    root = write_project(repository / "proj", KEPT_FILES, [LAYERS, FORBIDDEN, UNIQUE])
    here = cli("check", cwd=root)
    assert len(analyses) == 1
    there = cli("check", "proj", cwd=repository)
    assert len(analyses) == 1  # no new analysis
    assert there == (here[0], here[1].replace("src/app/", "proj/src/app/"), here[2])
    assert "proj/src/app/domain/helpers.py:1:1: LL101" in there[1]
    assert there == cli("check", "--no-cache", "proj", cwd=repository)
