"""Contract semantics, end to end: small projects on disk -> exact diagnostics and exit status.

Every contract type is checked for what it must report (code, file, line, column, message)
and for what it must NOT report. The semantics are import-linter 2.x's, plus layerlint's
own extensions (external modules at depth, `acyclic`, `# noqa`, LL9xx diagnostics).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import Diag, diags, lint_imports, message_chain, run_layerlint, where, write_project

from layerlint.cli import main
from layerlint.errors import ConfigError

LAYERS = {"name": "Layers", "type": "layers", "layers": ["app.api", "app.services", "app.domain"]}


def check(root: Path, files, contracts, **settings) -> list[Diag]:
    write_project(root, files, contracts, **settings)
    return diags(root)


def cli(root: Path, monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    status = main(["check", "--no-cache", *args])
    out, err = capsys.readouterr()
    return status, out, err


def config_position(root: Path, text: str) -> tuple[int, int]:
    """(line, column) where `text` first appears in the project's pyproject.toml."""
    for number, line in enumerate((root / "pyproject.toml").read_text().splitlines(), start=1):
        if text in line:
            return number, line.index(text) + 1
    raise AssertionError(f"{text!r} not in pyproject.toml")


# -- layers -------------------------------------------------------------------------------------


def test_layers_direct_violation_exact(tmp_path):
    found = check(
        tmp_path,
        {
            # Higher layers importing lower ones: allowed.
            "app/api/routes.py": "from app.domain import user\nfrom app.services import mail\n",
            "app/services/mail.py": "import app.domain.user\n",
            "app/domain/user.py": "import os\n\nfrom app.api.routes import handler\n",
        },
        [LAYERS],
    )
    assert found == [
        Diag(
            "LL101",
            "app/domain/user.py",
            3,
            1,
            "Layer violation: app.domain.user -> app.api.routes: layer 'app.domain' must not "
            "import higher layer 'app.api' (contract 'Layers')",
        )
    ]


def test_layers_an_external_package_may_be_a_layer(tmp_path):
    contract = {"name": "Above requests", "type": "layers", "layers": ["requests", "app"]}
    found = check(tmp_path, {"app/net.py": "import os\nimport requests\n"}, [contract])
    assert found == [
        Diag(
            "LL101",
            "app/net.py",
            2,
            1,
            "Layer violation: app.net -> requests: layer 'app' must not import higher layer "
            "'requests' (contract 'Above requests')",
        )
    ]


def test_layers_clean_project_exit_zero(tmp_path, monkeypatch, capsys):
    write_project(
        tmp_path,
        {
            "app/api/routes.py": "from app.services import mail\n",
            "app/services/mail.py": "from app.domain.user import User\n",
            "app/domain/user.py": "import os\nclass User: ...\n",
        },
        [LAYERS],
    )
    status, out, err = cli(tmp_path, monkeypatch, capsys)
    assert status == 0, out + err
    assert "All checks passed" in out


def test_layers_violation_exit_one_and_concise_line(tmp_path, monkeypatch, capsys):
    write_project(
        tmp_path,
        {
            "app/api/routes.py": "",
            "app/services/mail.py": "",
            "app/domain/user.py": "def f():\n    from app.services import mail\n",
        },
        [LAYERS],
    )
    status, out, err = cli(tmp_path, monkeypatch, capsys)
    assert status == 1, out + err
    assert out.splitlines()[0] == (
        "app/domain/user.py:2:5: LL101 Layer violation: app.domain.user -> app.services.mail: "
        "layer 'app.domain' must not import higher layer 'app.services' (contract 'Layers')"
    )
    status, out, _ = cli(tmp_path, monkeypatch, capsys, "--exit-zero")
    assert status == 0 and "LL101" in out


def test_layers_indirect_chain_shows_whole_chain(tmp_path):
    found = check(
        tmp_path,
        {
            "app/api/routes.py": "",
            "app/services/mail.py": "",
            "app/domain/user.py": '"""Users."""\nfrom app.utils import helpers\n',
            "app/domain/order.py": "import app.utils.helpers\n",
            "app/utils/helpers.py": "from app.api import routes\n",
        },
        [LAYERS],
    )
    message = (
        "Indirect layer violation: {head} -> app.utils.helpers -> app.api.routes: layer "
        "'app.domain' must not import higher layer 'app.api' (contract 'Layers')"
    )
    # One diagnostic per head of the route, on the statement that starts the chain; none in
    # app.utils, which is not a layer.
    assert found == [
        Diag("LL101", "app/domain/order.py", 1, 1, message.format(head="app.domain.order")),
        Diag("LL101", "app/domain/user.py", 2, 1, message.format(head="app.domain.user")),
    ]


def test_layers_indirect_chain_through_several_modules(tmp_path):
    found = check(
        tmp_path,
        {
            "app/api/routes.py": "",
            "app/services/mail.py": "",
            "app/domain/user.py": "from app.utils import one\n",
            "app/utils/one.py": "from app.utils import two\n",
            "app/utils/two.py": "from app.services.mail import send\n",
        },
        [LAYERS],
    )
    assert where(found) == [("LL101", "app/domain/user.py", 1, 1)]
    assert message_chain(found[0].message) == (
        "app.domain.user",
        "app.utils.one",
        "app.utils.two",
        "app.services.mail",
    )
    assert "layer 'app.domain' must not import higher layer 'app.services'" in found[0].message


def test_layers_no_indirect_report_through_a_middle_layer(tmp_path):
    # domain -> services is reported; domain -> services -> api is not an extra violation
    # of domain -> api (the chain passes through another layer), as in import-linter.
    found = check(
        tmp_path,
        {
            "app/api/routes.py": "",
            "app/services/mail.py": "from app.api import routes\n",
            "app/domain/user.py": "from app.services import mail\n",
        },
        [LAYERS],
    )
    assert where(found) == [
        ("LL101", "app/domain/user.py", 1, 1),
        ("LL101", "app/services/mail.py", 1, 1),
    ]
    assert "higher layer 'app.services'" in found[0].message
    assert "higher layer 'app.api'" in found[1].message


def test_layers_containers(tmp_path):
    found = check(
        tmp_path,
        {
            "app/billing/api.py": "from app.billing import domain\n",  # down: fine
            "app/billing/domain.py": "from app.billing import api\n",  # up: violation
            "app/booking/api.py": "",
            # Across containers: not the layers contract's business.
            "app/booking/domain.py": "from app.billing import api\nfrom app.billing.api import x\n",
        },
        [{"name": "C", "type": "layers", "layers": ["api", "domain"],
          "containers": ["app.billing", "app.booking"]}],
    )
    assert found == [
        Diag(
            "LL101",
            "app/billing/domain.py",
            1,
            1,
            "Layer violation: app.billing.domain -> app.billing.api: layer 'app.billing.domain' "
            "must not import higher layer 'app.billing.api' (contract 'C')",
        )
    ]


def test_layers_container_wildcard(tmp_path):
    found = check(
        tmp_path,
        {
            "app/billing/api.py": "",
            "app/billing/domain.py": "",
            "app/booking/api.py": "",
            "app/booking/domain.py": "from app.booking.api import x\n",
        },
        [{"name": "C", "type": "layers", "layers": ["api", "domain"], "containers": ["app.*"]}],
    )
    assert where(found) == [("LL101", "app/booking/domain.py", 1, 1)]


def test_layers_missing_layer_is_a_config_error(tmp_path, monkeypatch, capsys):
    write_project(
        tmp_path,
        {"app/api.py": "", "app/domain.py": ""},
        [{"name": "L", "type": "layers", "layers": ["app.api", "app.missing", "app.domain"]}],
    )
    with pytest.raises(ConfigError, match="app.missing"):
        run_layerlint(tmp_path)
    status, out, err = cli(tmp_path, monkeypatch, capsys)
    assert status == 2
    assert "app.missing" in err and out == ""


def test_layers_optional_layer(tmp_path):
    files = {"app/api.py": "", "app/domain.py": "from app import api\n"}
    contract = {"name": "L", "type": "layers", "layers": ["app.api", "(app.cli)", "app.domain"]}
    # Missing optional layer: no error, the rest is still checked.
    found = check(tmp_path, files, [contract])
    assert where(found) == [("LL101", "app/domain.py", 1, 1)]
    # Once it exists, it is a layer like the others.
    found = check(tmp_path, {"app/cli.py": "", "app/domain.py": "from app import api, cli\n"},
                  [contract])
    # One statement, one diagnostic per contract (it imports two higher layers).
    assert where(found) == [("LL101", "app/domain.py", 1, 1)]
    assert message_chain(found[0].message)[-1] in {"app.api", "app.cli"}
    found = check(tmp_path, {"app/domain.py": "from app import cli\n"}, [contract])
    assert where(found) == [("LL101", "app/domain.py", 1, 1)]
    assert "layer 'app.domain' must not import higher layer 'app.cli'" in found[0].message


def test_layers_optional_layer_in_containers(tmp_path):
    found = check(
        tmp_path,
        {
            "app/billing/api.py": "",
            "app/billing/cli.py": "",
            "app/billing/domain.py": "from app.billing import cli\n",
            "app/booking/api.py": "",
            "app/booking/domain.py": "",
        },
        [{"name": "C", "type": "layers", "layers": ["api", "(cli)", "domain"],
          "containers": ["app.billing", "app.booking"]}],
    )
    assert where(found) == [("LL101", "app/billing/domain.py", 1, 1)]
    assert "higher layer 'app.billing.cli'" in found[0].message


def test_layers_independent_siblings(tmp_path):
    files = {
        "app/api.py": "",
        "app/billing/invoice.py": "from app.booking.models import Booking\n",
        "app/booking/models.py": "",
        "app/domain.py": "",
    }
    found = check(
        tmp_path, files,
        [{"name": "S", "type": "layers", "layers": ["app.api", "app.billing | app.booking", "app.domain"]}],
    )
    assert found == [
        Diag(
            "LL101",
            "app/billing/invoice.py",
            1,
            1,
            "Layer violation: app.billing.invoice -> app.booking.models: 'app.billing' must not "
            "import its independent sibling 'app.booking' (contract 'S')",
        )
    ]


def test_layers_non_independent_siblings_may_import_each_other(tmp_path):
    files = {
        "app/api.py": "",
        "app/billing/invoice.py": "from app.booking.models import Booking\n",
        "app/booking/models.py": "import app.billing.invoice\n",
        "app/domain.py": "",
    }
    contract = {"name": "S", "type": "layers",
                "layers": ["app.api", "app.billing : app.booking", "app.domain"]}
    assert check(tmp_path, files, [contract]) == []
    # ...but they are still below the layer above them.
    files["app/booking/models.py"] = "import app.billing.invoice\nfrom app import api\n"
    found = check(tmp_path, files, [contract])
    assert where(found) == [("LL101", "app/booking/models.py", 2, 1)]
    assert "layer 'app.booking' must not import higher layer 'app.api'" in found[0].message


def test_layers_exhaustive(tmp_path):
    files = {
        "app/api.py": "",
        "app/domain.py": "",
        "app/utils.py": "",
        "app/tools/__init__.py": "",
    }
    contract = {"name": "E", "type": "layers", "layers": ["api", "domain"], "containers": ["app"],
                "exhaustive": True}
    found = check(tmp_path, files, [contract])
    assert found == [
        Diag("LL101", "app/tools/__init__.py", 1, 1,
             "'app.tools' is not declared as a layer, and the contract is exhaustive (contract 'E')"),
        Diag("LL101", "app/utils.py", 1, 1,
             "'app.utils' is not declared as a layer, and the contract is exhaustive (contract 'E')"),
    ]
    found = check(tmp_path, files, [{**contract, "exhaustive_ignores": ["utils"]}])
    assert where(found) == [("LL101", "app/tools/__init__.py", 1, 1)]
    found = check(tmp_path, files, [{**contract, "exhaustive_ignores": ["utils", "tools"]}])
    assert found == []
    # Not exhaustive: undeclared children are fine.
    assert check(tmp_path, files, [{**contract, "exhaustive": False}]) == []


def test_layers_exhaustive_needs_containers(tmp_path):
    write_project(tmp_path, {"app/api.py": "", "app/domain.py": ""},
                  [{"name": "E", "type": "layers", "layers": ["app.api", "app.domain"],
                    "exhaustive": True}])
    with pytest.raises(ConfigError, match="exhaustive"):
        run_layerlint(tmp_path)


def test_layers_mixed_separators_rejected(tmp_path):
    write_project(tmp_path, {"app/a.py": "", "app/b.py": "", "app/c.py": ""},
                  [{"name": "M", "type": "layers", "layers": ["app.a | app.b : app.c"]}])
    with pytest.raises(ConfigError):
        run_layerlint(tmp_path)


@pytest.mark.parametrize("containers", [[], ["app"]])
def test_layers_that_nest_are_rejected(tmp_path, monkeypatch, capsys, containers):
    prefix = "" if containers else "app."
    contract = {"name": "N", "type": "layers", "layers": [f"{prefix}high", f"{prefix}high.inner"]}
    if containers:
        contract["containers"] = containers
    write_project(tmp_path, {"app/high/inner/x.py": "import app.high\n"}, [contract])
    assert cli(tmp_path, monkeypatch, capsys) == (
        2,
        "",
        (
            f"layerlint: error: pyproject.toml: contract 'N' (#1): key 'layers': "
            f"'{prefix}high.inner' is inside layer '{prefix}high': layers may not nest\n"
        ),
    )


@pytest.mark.parametrize("layer, why", [
    ("app.vs : app.vs.env : app.vs.color", "'app.vs' covers it, so leave it out"),
    ("app.vs | app.vs.env", "a package cannot be independent of its own modules"),
])
def test_a_package_beside_its_own_modules_in_one_layer_is_rejected_like_importlinter(
    tmp_path, monkeypatch, capsys, layer, why
):
    # import-linter 2.17 refuses it too ("Modules cannot contain each other in a layer").
    files = {"app/vs/env/x.py": "", "app/vs/color/y.py": "import app.api\n", "app/api.py": ""}
    contract = {"name": "N", "type": "layers", "layers": ["app.api", layer]}
    write_project(tmp_path, files, [contract], importlinter=True)
    status, verdicts, output = lint_imports(tmp_path, tmp_path)
    assert (status, verdicts) == (1, {}), output
    assert "Modules cannot contain each other in a layer" in output
    inner = layer.split()[-1]
    assert cli(tmp_path, monkeypatch, capsys) == (
        2,
        "",
        f"layerlint: error: pyproject.toml: contract 'N' (#1): key 'layers': "
        f"'{inner}' is inside 'app.vs' in one layer: {why}\n",
    )


# -- ignore_imports -----------------------------------------------------------------------------


def _ignore_project(tmp_path, ignore, alerting=None):
    files = {
        "app/api/routes.py": "",
        "app/api/schemas.py": "",
        "app/services/mail.py": "",
        "app/domain/user.py": "from app.api import routes\nfrom app.api import schemas\n",
        "app/domain/models/order.py": "import app.api.routes\n",
    }
    contract = {**LAYERS, "ignore_imports": ignore}
    if alerting:
        contract["unmatched_ignore_imports_alerting"] = alerting
    return check(tmp_path, files, [contract])


def test_ignore_imports_exact(tmp_path):
    found = _ignore_project(tmp_path, ["app.domain.user -> app.api.routes"])
    assert where(found) == [
        ("LL101", "app/domain/models/order.py", 1, 1),
        ("LL101", "app/domain/user.py", 2, 1),
    ]


def test_ignore_imports_single_star_is_one_level(tmp_path):
    # `app.domain.*` matches app.domain.user and app.domain.models, not app.domain.models.order.
    found = _ignore_project(tmp_path, ["app.domain.* -> app.api.*"])
    assert where(found) == [("LL101", "app/domain/models/order.py", 1, 1)]


def test_ignore_imports_double_star_spans_levels(tmp_path):
    found = _ignore_project(tmp_path, ["app.domain.** -> app.api.routes"])
    assert where(found) == [("LL101", "app/domain/user.py", 2, 1)]
    assert _ignore_project(tmp_path, ["app.domain.** -> app.api.*"]) == []


def test_unmatched_ignore_import_is_an_error_by_default(tmp_path, monkeypatch, capsys):
    expression = "app.domain.* -> app.services.mail"
    found = _ignore_project(tmp_path, ["app.domain.user -> app.api.*", expression])
    line, column = config_position(tmp_path, expression)
    ll902 = [d for d in found if d.code == "LL902"]
    assert ll902 == [
        Diag("LL902", "pyproject.toml", line, column,
             f"Ignored import '{expression}' matches no import (contract 'Layers')", "error")
    ]
    assert where(d for d in found if d.code == "LL101") == [
        ("LL101", "app/domain/models/order.py", 1, 1)
    ]
    status, out, _ = cli(tmp_path, monkeypatch, capsys, "--select", "LL902")
    assert status == 1
    assert f"pyproject.toml:{line}:{column}: LL902 Ignored import" in out


def test_unmatched_ignore_import_warn_does_not_fail(tmp_path, monkeypatch, capsys):
    expression = "app.domain.* -> app.services.mail"
    found = _ignore_project(tmp_path, ["app.domain.** -> app.api.*", expression], alerting="warn")
    line, column = config_position(tmp_path, expression)
    assert found == [
        Diag("LL902", "pyproject.toml", line, column,
             f"Ignored import '{expression}' matches no import (contract 'Layers')", "warning")
    ]
    status, out, _ = cli(tmp_path, monkeypatch, capsys)
    assert status == 0, out
    assert f"pyproject.toml:{line}:{column}: LL902 warning: Ignored import '{expression}'" in out
    assert "1 warning" in out


def test_unmatched_ignore_import_none_is_silent(tmp_path, monkeypatch, capsys):
    found = _ignore_project(
        tmp_path, ["app.domain.** -> app.api.*", "app.domain.* -> app.services.mail"],
        alerting="none",
    )
    assert found == []
    status, _, _ = cli(tmp_path, monkeypatch, capsys)
    assert status == 0


def test_unmatched_ignore_import_location_is_the_contracts_own_entry(tmp_path):
    expression = "app.domain.user -> app.services.mail"
    files = {
        "app/api/routes.py": "",
        "app/services/mail.py": "",
        "app/domain/user.py": "",
    }
    found = check(
        tmp_path, files,
        [{**LAYERS, "name": "First", "ignore_imports": [expression]},
         {**LAYERS, "name": "Second", "ignore_imports": [expression]}],
    )
    lines = (tmp_path / "pyproject.toml").read_text().splitlines()
    entries = [n for n, line in enumerate(lines, start=1) if expression in line]
    assert len(entries) == 2
    assert [(d.line, d.message) for d in found] == [
        (entries[0], f"Ignored import '{expression}' matches no import (contract 'First')"),
        (entries[1], f"Ignored import '{expression}' matches no import (contract 'Second')"),
    ]


def test_unmatched_ignore_import_location_follows_config_edits(tmp_path):
    # One process, the config edited between two runs (an editor integration, a watch mode).
    expression = "app.domain.user -> app.services.mail"
    files = {"app/api/routes.py": "", "app/services/mail.py": "", "app/domain/user.py": ""}
    contract = {**LAYERS, "ignore_imports": [expression]}
    found = check(tmp_path, files, [contract])
    assert [d.line for d in found] == [config_position(tmp_path, expression)[0]]
    found = check(tmp_path, files, [{"name": "Other", "type": "layers", "layers": ["app.api"]},
                                    contract])
    assert [d.line for d in found] == [config_position(tmp_path, expression)[0]]


def test_wildcard_that_does_not_span_levels_is_unmatched(tmp_path):
    # `app.*` is one level only: it matches no importer of app.api.routes.
    found = _ignore_project(tmp_path, ["app.* -> app.api.routes"])
    assert sorted(d.code for d in found) == ["LL101", "LL101", "LL101", "LL902"]


# -- forbidden ----------------------------------------------------------------------------------

FORBIDDEN = {"name": "F", "type": "forbidden", "source_modules": ["app.domain"],
             "forbidden_modules": ["app.infra"]}


def test_forbidden_direct_and_indirect(tmp_path):
    found = check(
        tmp_path,
        {
            "app/domain/user.py": "from app.infra.db import session\n",
            "app/domain/order.py": "x = 1\nfrom app.utils import helpers\n",
            "app/utils/helpers.py": "from app.infra import db\n",
            "app/infra/db.py": "session = None\n",
            "app/api.py": "import app.infra.db\n",  # not a source module
        },
        [FORBIDDEN],
    )
    assert found == [
        Diag("LL102", "app/domain/order.py", 2, 1,
             "Forbidden indirect import: app.domain.order -> app.utils.helpers -> app.infra.db: "
             "'app.domain' must not import 'app.infra' (contract 'F')"),
        Diag("LL102", "app/domain/user.py", 1, 1,
             "Forbidden import: app.domain.user -> app.infra.db: 'app.domain' must not import "
             "'app.infra' (contract 'F')"),
    ]


def test_forbidden_allow_indirect_imports(tmp_path):
    found = check(
        tmp_path,
        {
            "app/domain/user.py": "from app.infra.db import session\n",
            "app/domain/order.py": "from app.utils import helpers\n",
            "app/utils/helpers.py": "from app.infra import db\n",
            "app/infra/db.py": "session = None\n",
        },
        [{**FORBIDDEN, "allow_indirect_imports": True}],
    )
    assert where(found) == [("LL102", "app/domain/user.py", 1, 1)]


def test_forbidden_as_packages_false(tmp_path):
    files = {
        "app/domain/__init__.py": "from app.infra import db\nimport app.infra\n",
        "app/domain/user.py": "import app.infra\n",
        "app/infra/__init__.py": "",
        "app/infra/db.py": "",
    }
    # As packages (the default): everything in app.domain, importing anything in app.infra.
    found = check(tmp_path, files, [FORBIDDEN])
    assert where(found) == [
        ("LL102", "app/domain/__init__.py", 1, 1),
        ("LL102", "app/domain/__init__.py", 2, 1),
        ("LL102", "app/domain/user.py", 1, 1),
    ]
    # As modules: only app.domain (its __init__) importing app.infra itself.
    found = check(tmp_path, files, [{**FORBIDDEN, "as_packages": False}])
    assert where(found) == [("LL102", "app/domain/__init__.py", 2, 1)]


def test_forbidden_external_package(tmp_path):
    found = check(
        tmp_path,
        {
            "app/domain/user.py": "import os\nimport sqlalchemy.orm\n",
            "app/api.py": "import sqlalchemy\n",
        },
        [{**FORBIDDEN, "forbidden_modules": ["sqlalchemy", "requests"]}],
    )
    assert found == [
        Diag("LL102", "app/domain/user.py", 2, 1,
             "Forbidden import: app.domain.user -> sqlalchemy: 'app.domain' must not import "
             "'sqlalchemy' (contract 'F')"),
    ]


def test_forbidden_external_module_at_depth(tmp_path):
    found = check(
        tmp_path,
        {
            "app/domain/user.py": (
                "from sqlalchemy import Column\n"
                "from sqlalchemy.orm import Session\n"
                "import sqlalchemy.orm\n"
                "from sqlalchemy.orm import relationship, Session as S\n"
                "from sqlalchemy.orm.session import sessionmaker\n"
                "import sqlalchemy\n"
            ),
            "app/domain/plain.py": "from sqlalchemy import Column, String\n",
        },
        [{**FORBIDDEN, "forbidden_modules": ["sqlalchemy.orm.Session"]}],
    )
    assert where(found) == [
        ("LL102", "app/domain/user.py", 2, 1),
        ("LL102", "app/domain/user.py", 4, 1),
    ]
    assert all("'app.domain' must not import 'sqlalchemy.orm.Session'" in d.message for d in found)


def test_forbidden_external_subpackage(tmp_path):
    found = check(
        tmp_path,
        {
            "app/domain/user.py": (
                "from sqlalchemy import Column\n"
                "from sqlalchemy.orm import Session\n"
                "import sqlalchemy.orm\n"
                "from sqlalchemy import orm\n"
                "import sqlalchemy.ormish\n"
            ),
        },
        [{**FORBIDDEN, "forbidden_modules": ["sqlalchemy.orm"]}],
    )
    assert where(found) == [
        ("LL102", "app/domain/user.py", 2, 1),
        ("LL102", "app/domain/user.py", 3, 1),
        ("LL102", "app/domain/user.py", 4, 1),
    ]


def test_forbidden_external_at_depth_indirect(tmp_path):
    found = check(
        tmp_path,
        {
            "app/domain/user.py": "from app.infra import repo\n",
            "app/domain/pure.py": "from app.infra import columns\n",
            "app/infra/repo.py": "from sqlalchemy.orm import Session\n",
            "app/infra/columns.py": "from sqlalchemy import Column\n",
        },
        [{**FORBIDDEN, "forbidden_modules": ["sqlalchemy.orm.Session"]}],
    )
    assert found == [
        Diag("LL102", "app/domain/user.py", 1, 1,
             "Forbidden indirect import: app.domain.user -> app.infra.repo -> "
             "sqlalchemy.orm.Session: 'app.domain' must not import 'sqlalchemy.orm.Session' "
             "(contract 'F')"),
    ]
    found = check(
        tmp_path,
        {"app/domain/user.py": "from app.infra import repo\n"},
        [{**FORBIDDEN, "forbidden_modules": ["sqlalchemy.orm.Session"],
          "allow_indirect_imports": True}],
    )
    assert found == []


def test_forbidden_external_at_depth_needs_a_real_chain(tmp_path):
    # app.infra (its __init__) imports Session; app.domain.user imports app.infra.db, which
    # does not import app.infra nor sqlalchemy: there is no import chain to the forbidden name.
    found = check(
        tmp_path,
        {
            "app/domain/user.py": "from app.infra import db\n",
            "app/infra/__init__.py": "from sqlalchemy.orm import Session\n",
            "app/infra/db.py": "x = 1\n",
        },
        [{**FORBIDDEN, "forbidden_modules": ["sqlalchemy.orm.Session"]}],
    )
    assert found == []


def test_forbidden_external_at_depth_indirect_through_package_init(tmp_path):
    # user -> app.infra.db -> app.infra (whose __init__ imports Session): a real chain, the
    # same one a contract forbidding all of `sqlalchemy` reports.
    files = {
        "app/domain/user.py": "from app.infra import db\n",
        "app/infra/__init__.py": "from sqlalchemy.orm import Session\n",
        "app/infra/db.py": "import app.infra\n",
    }
    chain = "app.domain.user -> app.infra.db -> app.infra -> {}"
    found = check(tmp_path, files, [{**FORBIDDEN, "forbidden_modules": ["sqlalchemy"]}])
    assert found == [
        Diag("LL102", "app/domain/user.py", 1, 1,
             f"Forbidden indirect import: {chain.format('sqlalchemy')}: 'app.domain' must not "
             "import 'sqlalchemy' (contract 'F')"),
    ]
    found = check(tmp_path, files, [{**FORBIDDEN, "forbidden_modules": ["sqlalchemy.orm.Session"]}])
    assert found == [
        Diag("LL102", "app/domain/user.py", 1, 1,
             f"Forbidden indirect import: {chain.format('sqlalchemy.orm.Session')}: 'app.domain' "
             "must not import 'sqlalchemy.orm.Session' (contract 'F')"),
    ]


def test_external_at_depth_in_a_namespace_shared_with_the_root_package(tmp_path):
    # Root package acme.billing; acme.payments is external (grimp's node: acme.payments).
    files = {
        "acme/billing/x.py": (
            "from acme.payments.internal import secret\n"
            "from acme.payments import api\n"
        ),
        "acme/billing/y.py": "from acme.payments.internal import secret\n",  # allowed
    }
    found = check(
        tmp_path, files,
        [{"name": "F", "type": "forbidden", "source_modules": ["acme.billing"],
          "forbidden_modules": ["acme.payments.internal"]},
         {"name": "P", "type": "protected", "protected_modules": ["acme.payments.internal"],
          "allowed_importers": ["acme.billing.y"]}],
        root_packages=["acme.billing"], namespaces=["acme"],
    )
    assert [(d.code, d.path, d.line) for d in found] == [
        ("LL102", "acme/billing/x.py", 1),
        ("LL102", "acme/billing/y.py", 1),
        ("LL104", "acme/billing/x.py", 1),
    ]
    assert "'acme.billing' must not import 'acme.payments.internal'" in found[0].message


def test_forbidden_external_without_include_external_packages(tmp_path, monkeypatch, capsys):
    write_project(
        tmp_path,
        {"app/domain/user.py": "import sqlalchemy\n"},
        [{**FORBIDDEN, "forbidden_modules": ["sqlalchemy"]}],
        include_external_packages=False,
    )
    with pytest.raises(ConfigError, match="include_external_packages"):
        run_layerlint(tmp_path)
    status, _out, err = cli(tmp_path, monkeypatch, capsys)
    assert status == 2
    assert "include_external_packages" in err


def test_forbidden_ignore_imports_and_overlap(tmp_path):
    found = check(
        tmp_path,
        {
            "app/domain/user.py": "from app.infra import db\nfrom app.infra import cache\n",
            "app/infra/db.py": "",
            "app/infra/cache.py": "from app.domain import user\n",
        },
        [
            {**FORBIDDEN, "ignore_imports": ["app.domain.user -> app.infra.db"]},
            # Overlapping source and forbidden modules are skipped, not reported.
            {"name": "O", "type": "forbidden", "source_modules": ["app.infra"],
             "forbidden_modules": ["app.*"]},
        ],
    )
    assert found == [
        Diag("LL102", "app/domain/user.py", 2, 1,
             "Forbidden import: app.domain.user -> app.infra.cache: 'app.domain' must not "
             "import 'app.infra' (contract 'F')"),
        Diag("LL102", "app/infra/cache.py", 1, 1,
             "Forbidden import: app.infra.cache -> app.domain.user: 'app.infra' must not "
             "import 'app.domain' (contract 'O')"),
    ]


def test_forbidden_missing_source_module_is_a_config_error(tmp_path):
    write_project(tmp_path, {"app/infra/db.py": ""}, [FORBIDDEN])
    with pytest.raises(ConfigError, match="app.domain"):
        run_layerlint(tmp_path)


# -- independence -------------------------------------------------------------------------------

INDEPENDENCE = {"name": "I", "type": "independence", "modules": ["app.billing", "app.booking"]}


def test_independence_direct_and_indirect(tmp_path):
    found = check(
        tmp_path,
        {
            "app/billing/invoice.py": "from app.booking.models import Booking\n",
            "app/booking/models.py": "",
            "app/booking/views.py": "from app import shared\n",
            "app/shared.py": "import app.billing.invoice\n",
        },
        [INDEPENDENCE],
    )
    assert found == [
        Diag("LL103", "app/billing/invoice.py", 1, 1,
             "Import between independent modules: app.billing.invoice -> app.booking.models: "
             "'app.billing' must not import 'app.booking' (contract 'I')"),
        Diag("LL103", "app/booking/views.py", 1, 1,
             "Indirect import between independent modules: app.booking.views -> app.shared -> "
             "app.billing.invoice: 'app.booking' must not import 'app.billing' (contract 'I')"),
    ]


def test_independence_shared_dependency_is_fine(tmp_path):
    found = check(
        tmp_path,
        {
            "app/billing/invoice.py": "from app import shared\n",
            "app/booking/models.py": "from app.shared import x\n",
            "app/shared.py": "x = 1\n",
        },
        [INDEPENDENCE],
    )
    assert found == []


def test_independence_wildcard_and_ignore(tmp_path):
    found = check(
        tmp_path,
        {
            "app/plugins/a.py": "from app.plugins import b\n",
            "app/plugins/b.py": "",
            "app/plugins/c.py": "from app.plugins.a import x\n",
        },
        [{"name": "I", "type": "independence", "modules": ["app.plugins.*"],
          "ignore_imports": ["app.plugins.c -> app.plugins.a"]}],
    )
    assert where(found) == [("LL103", "app/plugins/a.py", 1, 1)]


# -- protected ----------------------------------------------------------------------------------

PROTECTED = {"name": "P", "type": "protected", "protected_modules": ["app.infra.models"],
             "allowed_importers": ["app.infra.repositories"]}


def test_protected_allowed_importers(tmp_path):
    found = check(
        tmp_path,
        {
            "app/infra/models/__init__.py": "from app.infra.models import user\n",  # itself: fine
            "app/infra/models/user.py": "from . import base\n",  # inside: fine
            "app/infra/models/base.py": "",
            "app/infra/repositories/users.py": "from app.infra.models.user import User\n",
            "app/infra/repositories/sub/deep.py": "import app.infra.models\n",
            "app/api/users.py": "x = 1\nfrom app.infra.models.user import User\n",
            # Indirect access, through an allowed importer: fine (protected is direct only).
            "app/api/other.py": "from app.infra.repositories import users\n",
        },
        [PROTECTED],
    )
    assert found == [
        Diag("LL104", "app/api/users.py", 2, 1,
             "Import of protected module: app.api.users -> app.infra.models.user: only "
             "app.infra.repositories may import 'app.infra.models' (contract 'P')"),
    ]


def test_protected_as_packages_false(tmp_path):
    files = {
        "app/infra/models/__init__.py": "",
        "app/infra/models/user.py": "",
        "app/infra/repositories/sub/deep.py": "import app.infra.models\n",
        "app/api/users.py": "import app.infra.models.user\nimport app.infra.models\n",
    }
    found = check(tmp_path, files, [{**PROTECTED, "as_packages": False}])
    # Only app.infra.models itself is protected; only app.infra.repositories itself is allowed.
    assert where(found) == [
        ("LL104", "app/api/users.py", 2, 1),
        ("LL104", "app/infra/repositories/sub/deep.py", 1, 1),
    ]


def test_protected_external_module_at_depth(tmp_path):
    found = check(
        tmp_path,
        {
            "app/db.py": "from sqlalchemy.orm import Session\n",
            "app/api.py": "from sqlalchemy import Column\nfrom sqlalchemy.orm import Session\n",
            "app/cli.py": "import sqlalchemy\n",
        },
        [{"name": "P", "type": "protected", "protected_modules": ["sqlalchemy.orm.Session"],
          "allowed_importers": ["app.db"]}],
    )
    assert found == [
        Diag("LL104", "app/api.py", 2, 1,
             "Import of protected module: app.api -> sqlalchemy.orm.Session: only app.db may "
             "import 'sqlalchemy.orm.Session' (contract 'P')"),
    ]


def test_protected_external_package(tmp_path):
    found = check(
        tmp_path,
        {
            "app/db.py": "import sqlalchemy\n",
            "app/api.py": "from sqlalchemy import Column\n",
        },
        [{"name": "P", "type": "protected", "protected_modules": ["sqlalchemy"],
          "allowed_importers": ["app.db"]}],
    )
    assert where(found) == [("LL104", "app/api.py", 1, 1)]


@pytest.mark.parametrize("as_packages", [True, False])
def test_protected_external_allowed_importer_imports_nothing(tmp_path, as_packages):
    # An external package imports nothing of the project: allowing it allows nothing.
    # (import-linter stops with "Cannot find descendants of a squashed module" when
    # as_packages is true, and agrees when it is false.)
    found = check(
        tmp_path,
        {"app/a.py": "import os\nfrom app import b\n", "app/b.py": ""},
        [{"name": "P", "type": "protected", "protected_modules": ["app.b"],
          "allowed_importers": ["os"], "as_packages": as_packages}],
    )
    assert found == [
        Diag("LL104", "app/a.py", 2, 1,
             "Import of protected module: app.a -> app.b: only os may import 'app.b' "
             "(contract 'P')"),
    ]


# -- acyclic ------------------------------------------------------------------------------------

ACYCLIC = {"name": "C", "type": "acyclic", "packages": ["app"]}
WITH_PACKAGES = {**ACYCLIC, "package_submodule_cycles": True}
# LL105 on a cycle whose imports all run at import time, where LL401 shows no failure
COUPLES = (
    "every import in it runs at import time, which couples the modules (no start-up failure "
    "found: LL401)"
)


def test_acyclic_imports_of_modules_grimp_cannot_find_are_no_cycle(tmp_path):
    # flask 3 ships flask/sansio/ without __init__.py: grimp records `from .sansio.app
    # import App` as an import of the root package `flask`, which it does not run, and
    # flask -> flask.app -> flask was reported as a start-up cycle.
    files = {"app/__init__.py": "from .core import App\n", "app/sansio/base.py": "",
             "app/core.py": "from .sansio.base import Base\n"}
    assert check(tmp_path, files, [ACYCLIC], namespaces=["app/sansio"]) == []
    # A real import of the package as well, inside a function: a cycle, and a deferred one
    # (a package and its own submodule: counted when the contract asks for it).
    files["app/core.py"] += "def f():\n    import app\n"
    assert check(tmp_path, files, [ACYCLIC], namespaces=["app/sansio"]) == []
    found = check(tmp_path, files, [WITH_PACKAGES], namespaces=["app/sansio"])
    assert len(found) == 1, found
    assert ("deferred: app.core -> app is imported only inside a function"
            in found[0].message), found[0].message


def _cycle_of(diag: Diag) -> tuple[str, ...]:
    match = re.search(r"Import cycle(?: between the children of [\w.]+)?: (.*?) \(", diag.message)
    assert match, diag.message
    return tuple(match.group(1).split(" -> "))


def _is_rotation(cycle: tuple[str, ...], expected: tuple[str, ...]) -> bool:
    assert cycle[0] == cycle[-1]
    loop = list(cycle[:-1])
    return any(loop[i:] + loop[:i] == list(expected) for i in range(len(loop)))


def test_acyclic_module_level_cycle(tmp_path):
    found = check(
        tmp_path,
        {"app/a.py": "from app import b\n", "app/b.py": "import os\nfrom app.a import x\n"},
        [ACYCLIC],
    )
    assert len(found) == 1, found
    [diag] = found
    assert diag.code == "LL105"
    cycle = _cycle_of(diag)
    assert _is_rotation(cycle, ("app.a", "app.b"))
    # Located at the statement of the cycle's first link.
    expected_site = {"app.a": ("app/a.py", 1, 1), "app.b": ("app/b.py", 2, 1)}[cycle[0]]
    assert (diag.path, diag.line, diag.column) == expected_site
    assert COUPLES in diag.message
    assert diag.message.endswith("this import is the one to break (contract 'C')")


def test_acyclic_cycle_inside_function_is_deferred(tmp_path):
    found = check(
        tmp_path,
        {
            "app/a.py": "from app import b\n",
            "app/b.py": "def f():\n    from app.a import x\n",
        },
        [ACYCLIC],
    )
    assert len(found) == 1, found
    assert "deferred: app.b -> app.a is imported only inside a function" in found[0].message
    assert "start-up" not in found[0].message


@pytest.mark.parametrize("source, where", [
    ("lazy from app.a import x\n", "lazily (`lazy import`)"),
    ("x = 1; lazy import app.a\n", "lazily (`lazy import`)"),
    ("lazy import app.a\ndef f():\n    import app.a\n", "inside a function or lazily"),
])
def test_acyclic_cycle_through_a_lazy_import_is_deferred(tmp_path, source, where):
    # PEP 810 (Python 3.15): a lazy import runs when its name is first used, so a cycle
    # through it does not fail at start-up. grimp 3.20 reads it; older Pythons' parsers
    # read it with `lazy` set aside (LL905).
    found = check(tmp_path, {"app/a.py": "from app import b\n", "app/b.py": source}, [ACYCLIC])
    assert [d.code for d in found] == ["LL105"]
    assert f"(deferred: app.b -> app.a is imported only {where})" in found[0].message


def test_acyclic_cycle_through_a_name_lazy_is_not_deferred(tmp_path):  # the negative twin
    found = check(
        tmp_path,
        {"app/a.py": "from app import b\n", "app/b.py": "lazy = 1\nimport app.a\n"},
        [ACYCLIC],
    )
    assert [d.code for d in found] == ["LL105"]
    assert COUPLES in found[0].message


def test_acyclic_cycle_under_type_checking_is_deferred(tmp_path):
    files = {
        "app/a.py": "from app import b\n",
        "app/b.py": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n"
            "    from app.a import x\n"
        ),
    }
    found = check(tmp_path, files, [ACYCLIC])
    assert len(found) == 1, found
    assert "deferred: app.b -> app.a is imported only under TYPE_CHECKING" in found[0].message
    # Excluded from the graph altogether: no cycle.
    assert check(tmp_path, files, [ACYCLIC], exclude_type_checking_imports=True) == []


@pytest.mark.parametrize(
    "source",
    [
        # One of the link's statements is deferred, the other is not: the link runs.
        "def f():\n    from app.a import x\nfrom app.a import y\n",
        # A class body runs at import time.
        "class C:\n    from app.a import x\n",
        # The else branch of `if TYPE_CHECKING` runs at import time.
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    pass\nelse:\n    from app import a\n",
        # A try/except at module level runs at import time.
        "try:\n    from app import a\nexcept ImportError:\n    a = None\n",
    ],
    ids=["mixed", "class-body", "type-checking-else", "try"],
)
def test_acyclic_cycle_that_runs_at_import_time(tmp_path, source):
    found = check(tmp_path, {"app/a.py": "from app import b\n", "app/b.py": source}, [ACYCLIC])
    assert len(found) == 1, found
    assert COUPLES in found[0].message


def test_acyclic_cycle_fails_at_start_up_only_where_ll401_shows_it(tmp_path):
    # A package importing its own submodule, which imports a name the package has bound
    # already: Python runs it, and LL105 does not call it a start-up failure.
    files = {"app/__init__.py": "db = object()\nfrom app.routes import bp\n",
             "app/routes.py": "from app import db\nbp = 1\n"}
    found = check(tmp_path, files, [WITH_PACKAGES])
    assert [d.code for d in found] == ["LL105"], found
    assert f"({COUPLES})" in found[0].message
    # The name bound after the import: Python fails (tests/test_startup.py), and so LL105 says.
    files["app/__init__.py"] = "from app.routes import bp\ndb = object()\n"
    found = check(tmp_path, files, [WITH_PACKAGES])
    assert [(d.code, d.path, d.line) for d in found] == [
        ("LL105", "app/__init__.py", 1), ("LL401", "app/routes.py", 1)
    ], found
    assert ("(every import in it runs at import time, and it fails at start-up: LL401 at "
            "app/routes.py:1)") in found[0].message


def test_acyclic_leaves_a_package_and_its_submodules_out_by_default(tmp_path):
    # Python imports a package before any module inside it: a submodule importing its
    # package adds nothing to the order, and LL401 reports the orders that fail.
    files = {"app/__init__.py": "from app.routes import bp\ndb = object()\n",
             "app/routes.py": "from app import db\nbp = 1\n",
             "app/sub/__init__.py": "from app.sub.a import x\n",
             "app/sub/a.py": "import app.sub\nx = 1\n"}
    assert [(d.code, d.path) for d in check(tmp_path, files, [ACYCLIC])] == [
        ("LL401", "app/routes.py")
    ]
    found = check(tmp_path, files, [WITH_PACKAGES])
    assert [(d.code, d.path, d.line) for d in found] == [
        ("LL105", "app/__init__.py", 1), ("LL105", "app/sub/__init__.py", 1),
        ("LL401", "app/routes.py", 1),
    ]
    # A cycle between siblings through a package stays a cycle: only the imports between
    # a package and a module inside it are left out.
    files["app/models.py"] = "from app.routes import bp\n"
    files["app/routes.py"] = "from app.models import x\nbp = 1\n"
    assert [(d.code, d.path) for d in check(tmp_path, files, [ACYCLIC])] == [
        ("LL105", "app/models.py"), ("LL401", "app/models.py")  # routes' bp comes too late
    ]


def test_acyclic_one_diagnostic_per_import_to_remove(tmp_path):
    files = {"app/a.py": "from app.b import x\nfrom app.b import y\nfrom app.b import z\n",
             "app/b.py": "from app.a import w\nfrom app.a import v\nfrom app.a import u\n"
                         "from app.a import t\n"}
    write_project(tmp_path, files, [ACYCLIC])
    outcome = run_layerlint(tmp_path)
    [diag] = [d for d in outcome.report.diagnostics if d.code == "LL105"]
    # the fewer statements: a -> b, at its first
    assert (diag.file.relative_to(tmp_path).as_posix(), diag.line) == ("app/a.py", 1)
    assert diag.details[-1] == "remove: app.a -> app.b (l.1, l.2, l.3)"


def test_acyclic_removing_a_nominated_import_names_no_other(tmp_path, monkeypatch, capsys):
    # One group of modules, three cycles: a <-> b, b <-> c, c -> d -> b. The nominated
    # imports are the fewest statements; removing one leaves the others nominated, and a
    # baseline of them reports only that one as fixed.
    files = {"app/a.py": "import app.b\n",
             "app/b.py": "import app.a\nimport app.c\nimport app.c as again\n",
             "app/c.py": "import app.b\nimport app.d\n", "app/d.py": "import app.b\n"}
    write_project(tmp_path, files, [ACYCLIC])
    before = [(d.path, d.line) for d in diags(tmp_path) if d.code == "LL105"]
    # (b -> c, two statements, ties with c -> b and d -> b: the first by name)
    assert before == [("app/a.py", 1), ("app/b.py", 2)]
    assert cli(tmp_path, monkeypatch, capsys, "--write-baseline")[0] == 0
    files["app/a.py"] = "x = 1\n"
    write_project(tmp_path, files, [ACYCLIC])
    assert [(d.path, d.line) for d in diags(tmp_path) if d.code == "LL105"] == before[1:]
    write_project(tmp_path, files, [ACYCLIC], baseline="layerlint-baseline.json")
    status, out, _ = cli(tmp_path, monkeypatch, capsys)
    assert status == 1 and [line.split(": ")[1][:5] for line in out.splitlines()[:-2]] == [
        "LL903"
    ], out
    assert out.splitlines()[-2] == f"Contract '{ACYCLIC['name']}': kept", out


def test_acyclic_siblings_one_diagnostic_per_dependency(tmp_path):
    files = {"app/x/a.py": "from app.y import m\n", "app/x/b.py": "from app.y import n\n",
             "app/y/m.py": "from app.x import a\n", "app/y/n.py": "x = 1\n"}
    siblings = {"name": "S", "type": "acyclic_siblings", "ancestors": ["app"]}
    write_project(tmp_path, files, [siblings])
    found = [d for d in run_layerlint(tmp_path).report.diagnostics if d.code == "LL105"]
    assert len(found) == 1, found
    assert [line for line in found[0].details if line.startswith("remove: ")] in (
        ["remove: app.x.a -> app.y.m (l.1)", "remove: app.x.b -> app.y.n (l.1)"],
        ["remove: app.y.m -> app.x.a (l.1)"],
    )


def test_acyclic_cycle_under_typing_type_checking_attribute(tmp_path):
    found = check(
        tmp_path,
        {
            "app/a.py": "import typing\nif typing.TYPE_CHECKING:\n    from app import b\n",
            "app/b.py": "from app.a import x\n",
        },
        [ACYCLIC],
    )
    assert len(found) == 1
    assert "deferred: app.a -> app.b is imported only under TYPE_CHECKING" in found[0].message


def test_acyclic_long_cycle_reported_once(tmp_path):
    found = check(
        tmp_path,
        {
            "app/a.py": "from app import b\n",
            "app/b.py": "from app import c\n",
            "app/c.py": "from app import d\n",
            "app/d.py": "from app import a\n",
            "app/e.py": "from app import a, b, c\n",  # into the cycle, not part of it
        },
        [ACYCLIC],
    )
    assert len(found) == 1, found
    assert _is_rotation(_cycle_of(found[0]), ("app.a", "app.b", "app.c", "app.d"))


def test_acyclic_two_cycles_two_diagnostics(tmp_path):
    found = check(
        tmp_path,
        {
            "app/a.py": "from app import b\n",
            "app/b.py": "from app import a\n",
            "app/c.py": "from app import d\n",
            "app/d.py": "from app import c\n",
        },
        [ACYCLIC],
    )
    assert len(found) == 2, found
    cycles = sorted(frozenset(_cycle_of(d)) for d in found)
    assert sorted(cycles) == sorted([frozenset({"app.a", "app.b"}), frozenset({"app.c", "app.d"})])


def test_acyclic_reports_the_import_with_fewest_statements(tmp_path):
    # a -> b is imported by two statements, b -> a by one: breaking b -> a is cheapest.
    found = check(
        tmp_path,
        {
            "app/a.py": "from app import b\nfrom app.b import x\n",
            "app/b.py": "x = 1\nfrom app import a\n",
        },
        [ACYCLIC],
    )
    assert where(found) == [("LL105", "app/b.py", 2, 1)]
    assert _cycle_of(found[0]) == ("app.b", "app.a", "app.b")


def test_acyclic_no_cycle_and_scope(tmp_path):
    files = {
        "app/core/a.py": "from app.core import b\n",
        "app/core/b.py": "import os\n",
        "app/other/x.py": "from app.other import y\n",
        "app/other/y.py": "from app.other import x\n",
    }
    assert check(tmp_path, files, [{**ACYCLIC, "packages": ["app.core"]}]) == []
    found = check(tmp_path, files, [{**ACYCLIC, "packages": ["app.other"]}])
    assert len(found) == 1 and _is_rotation(_cycle_of(found[0]), ("app.other.x", "app.other.y"))


def test_acyclic_ignore_imports(tmp_path):
    found = check(
        tmp_path,
        {"app/a.py": "from app import b\n", "app/b.py": "from app import a\n"},
        [{**ACYCLIC, "ignore_imports": ["app.b -> app.a"]}],
    )
    assert found == []


# -- acyclic_siblings ---------------------------------------------------------------------------


def test_acyclic_siblings_package_level_cycle(tmp_path):
    found = check(
        tmp_path,
        {
            "app/orders/models.py": "from app.customers.models import Customer\n",
            "app/customers/models.py": "x = 1\n",
            "app/customers/views.py": "from app.orders import models\n",
            "app/shared.py": "",
        },
        [{"name": "S", "type": "acyclic_siblings", "ancestors": ["app"]}],
    )
    assert len(found) == 1, found
    [diag] = found
    assert diag.code == "LL105"
    assert diag.message.startswith("Import cycle between the children of app: ")
    assert diag.message.endswith("this import is the one to break (contract 'S')")
    # The cycle is between app.orders and app.customers, reported at one of its imports.
    assert "app.orders" in diag.message and "app.customers" in diag.message
    assert (diag.path, diag.line, diag.column) in {
        ("app/orders/models.py", 1, 1),
        ("app/customers/views.py", 1, 1),
    }


def test_acyclic_siblings_module_level_cycle(tmp_path):
    found = check(
        tmp_path,
        {
            "app/orders/models.py": "from app.customers.models import Customer\n",
            "app/customers/models.py": "import os\nfrom app.orders import models\n",
        },
        [{"name": "S", "type": "acyclic_siblings", "ancestors": ["app"]}],
    )
    assert len(found) == 1, found
    [diag] = found
    cycle = _cycle_of(diag)
    assert _is_rotation(cycle, ("app.orders.models", "app.customers.models"))
    expected_site = {"app.orders.models": ("app/orders/models.py", 1, 1),
                     "app.customers.models": ("app/customers/models.py", 2, 1)}[cycle[0]]
    assert (diag.path, diag.line, diag.column) == expected_site
    assert COUPLES in diag.message


def test_acyclic_siblings_no_cycle_between_children(tmp_path):
    found = check(
        tmp_path,
        {
            "app/orders/models.py": "from app.customers.models import Customer\n",
            "app/customers/models.py": "from app.shared import x\n",
            "app/shared.py": "x = 1\n",
        },
        [{"name": "S", "type": "acyclic_siblings", "ancestors": ["app"]}],
    )
    assert found == []


def test_acyclic_siblings_depth_and_skip(tmp_path):
    files = {
        "app/orders/a.py": "from app.orders import b\n",
        "app/orders/b.py": "from app.orders import a\n",
        "app/customers/x.py": "",
    }
    contract = {"name": "S", "type": "acyclic_siblings", "ancestors": ["app"]}
    found = check(tmp_path, files, [contract])
    assert len(found) == 1 and "between the children of app.orders" in found[0].message
    assert check(tmp_path, files, [{**contract, "depth": 0}]) == []
    assert check(tmp_path, files, [{**contract, "skip_descendants": ["app.orders"]}]) == []


# -- noqa -----------------------------------------------------------------------------------------


NOQA_FILES = {
    "app/api/routes.py": "",
    "app/services/mail.py": "",
    "app/domain/user.py": (
        "from app.api import routes  # noqa\n"
        "from app.api.routes import a  # noqa: LL101\n"
        "from app.api.routes import b  # noqa: LL102\n"
        "from app.api.routes import c  # noqa:LL101,LL102\n"
        "from app.api.routes import d  # NOQA: E501, LL101\n"
        "from app.api.routes import e  # noqa: E501\n"
        "from app.api.routes import f\n"
    ),
}


def test_noqa(tmp_path):
    found = check(tmp_path, NOQA_FILES, [LAYERS])
    # A bare noqa (line 1) is another tool's: it does not hide a contract violation.
    assert where(found) == [
        ("LL101", "app/domain/user.py", 1, 1),
        ("LL101", "app/domain/user.py", 3, 1),
        ("LL101", "app/domain/user.py", 6, 1),
        ("LL101", "app/domain/user.py", 7, 1),
    ]


def test_only_the_first_noqa_comment_of_a_line_counts_as_in_flake8(tmp_path):
    files = {
        "app/api/routes.py": "",
        "app/services/mail.py": "",
        "app/domain/user.py": (
            "from app.api import routes  # noqa: E501  # noqa: LL101\n"
            "from app.api.routes import a  # noqa: LL101  # noqa: E501\n"
            "from app.api.routes import b  # noqa: LL102  # noqa\n"
        ),
    }
    assert where(check(tmp_path, files, [LAYERS])) == [
        ("LL101", "app/domain/user.py", 1, 1),
        ("LL101", "app/domain/user.py", 3, 1),
    ]


def test_noqa_is_per_code(tmp_path):
    files = {
        "app/api/routes.py": "",
        "app/services/mail.py": "",
        "app/infra/db.py": "",
        "app/domain/user.py": (
            "from app.api import routes  # noqa: LL102\n"
            "from app.infra import db  # noqa: LL102\n"
            "from app.api.routes import x  # noqa: LL101\n"
        ),
    }
    found = check(tmp_path, files, [LAYERS, FORBIDDEN])
    assert where(found) == [("LL101", "app/domain/user.py", 1, 1)]


def test_noqa_is_case_insensitive(tmp_path):
    files = {
        "app/api/routes.py": "",
        "app/services/mail.py": "",
        "app/domain/user.py": "from app.api import routes  # NoQA: LL101\n",
    }
    assert check(tmp_path, files, [LAYERS]) == []


def test_noqa_on_multiline_statement(tmp_path):
    files = {
        "app/api/routes.py": "",
        "app/services/mail.py": "",
        "app/domain/user.py": (
            "from app.api.routes import (  # noqa: LL101\n"
            "    a,\n"
            "    b,\n"
            ")\n"
        ),
    }
    assert check(tmp_path, files, [LAYERS]) == []


# -- statements: multi-line, relative, nested --------------------------------------------------


def test_multiline_statement_location(tmp_path):
    found = check(
        tmp_path,
        {
            "app/api/routes.py": "",
            "app/api/schemas.py": "",
            "app/services/mail.py": "",
            "app/domain/user.py": (
                "import os\n"
                "\n"
                "class User:\n"
                "    def save(self):\n"
                "        from app.api import (\n"
                "            routes,\n"
                "            schemas,\n"
                "        )\n"
            ),
        },
        [LAYERS],
    )
    # One statement importing two modules of a higher layer: one diagnostic per statement
    # and contract, at the statement's start.
    assert where(found) == [("LL101", "app/domain/user.py", 5, 9)]
    assert message_chain(found[0].message) in {
        ("app.domain.user", "app.api.routes"),
        ("app.domain.user", "app.api.schemas"),
    }


def test_backslash_continuation_and_semicolons(tmp_path):
    found = check(
        tmp_path,
        {
            "app/api/routes.py": "",
            "app/services/mail.py": "",
            "app/domain/user.py": "x = 1; from app.api \\\n    import routes\n",
        },
        [LAYERS],
    )
    assert where(found) == [("LL101", "app/domain/user.py", 1, 8)]


def test_relative_imports(tmp_path):
    found = check(
        tmp_path,
        {
            "app/api/__init__.py": "",
            "app/api/routes.py": "from ..domain import user\n",  # down: fine
            "app/services/mail.py": "",
            "app/domain/__init__.py": "from . import user\nfrom ..api import routes\n",
            "app/domain/user.py": "from .. import api\nfrom ..services.mail import send\n",
        },
        [LAYERS],
    )
    assert [(d.path, d.line, message_chain(d.message)) for d in found] == [
        ("app/domain/__init__.py", 2, ("app.domain", "app.api.routes")),
        ("app/domain/user.py", 1, ("app.domain.user", "app.api")),
        ("app/domain/user.py", 2, ("app.domain.user", "app.services.mail")),
    ]


def test_import_of_attribute_resolves_to_module(tmp_path):
    found = check(
        tmp_path,
        {
            "app/api/routes.py": "handler = 1\n",
            "app/services/mail.py": "",
            "app/domain/user.py": "from app.api.routes import handler\nfrom app.api import *\n",
        },
        [LAYERS],
    )
    assert [(d.line, message_chain(d.message)) for d in found] == [
        (1, ("app.domain.user", "app.api.routes")),
        (2, ("app.domain.user", "app.api")),
    ]


# -- LL901, exclude, TYPE_CHECKING -------------------------------------------------------------


def test_syntax_error_file_reported_and_others_still_checked(tmp_path, monkeypatch, capsys):
    files = {
        "app/api/routes.py": "",
        "app/services/mail.py": "",
        "app/domain/user.py": "from app.api import routes\n",
        "app/domain/broken.py": "import os\ndef f(:\n    pass\n",
    }
    found = check(tmp_path, files, [LAYERS])
    assert found == [
        Diag("LL101", "app/domain/user.py", 1, 1,
             "Layer violation: app.domain.user -> app.api.routes: layer 'app.domain' must not "
             "import higher layer 'app.api' (contract 'Layers')"),
        Diag("LL901", "app/domain/broken.py", 2, 7,
             "Cannot parse app/domain/broken.py: invalid syntax; its imports are not checked"),
    ]
    status, out, _ = cli(tmp_path, monkeypatch, capsys)
    assert status == 1
    assert "app/domain/broken.py:2:7: LL901 Cannot parse" in out


def test_syntax_error_alone_fails_the_run(tmp_path, monkeypatch, capsys):
    write_project(
        tmp_path,
        {"app/api/routes.py": "", "app/services/mail.py": "",
         "app/domain/user.py": "print 'hello'\n"},
        [LAYERS],
    )
    found = diags(tmp_path)
    assert where(found) == [("LL901", "app/domain/user.py", 1, 1)]
    assert "Missing parentheses in call to 'print'" in found[0].message
    status, _, _ = cli(tmp_path, monkeypatch, capsys)
    assert status == 1


@pytest.mark.parametrize(
    "patterns",
    [["legacy"], ["app/domain/legacy"], ["app/domain/legacy/*.py"], ["**/legacy/**"],
     ["old_*.py"], ["app/**/old_*.py"]],
)
def test_exclude(tmp_path, patterns):
    files = {
        "app/api/routes.py": "",
        "app/services/mail.py": "",
        "app/domain/user.py": "from app.api import routes\n",
        "app/domain/legacy/old_user.py": "from app.api import routes\n",
    }
    found = check(tmp_path, files, [LAYERS], exclude=patterns)
    assert where(found) == [("LL101", "app/domain/user.py", 1, 1)]


def test_exclude_does_not_hide_what_it_does_not_match(tmp_path):
    files = {
        "app/api/routes.py": "",
        "app/services/mail.py": "",
        "app/domain/user.py": "from app.api import routes\n",
        "app/domain/legacy/old_user.py": "from app.api import routes\n",
    }
    found = check(tmp_path, files, [LAYERS], exclude=["app/legacy", "user.py"])
    assert where(found) == [("LL101", "app/domain/legacy/old_user.py", 1, 1)]


def test_exclude_type_checking_imports(tmp_path):
    files = {
        "app/api/routes.py": "",
        "app/services/mail.py": "",
        "app/domain/user.py": (
            "from __future__ import annotations\n"
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n"
            "    from app.api.routes import Handler\n"
            "from app.services import mail\n"
        ),
    }
    found = check(tmp_path, files, [LAYERS])
    assert where(found) == [("LL101", "app/domain/user.py", 4, 5), ("LL101", "app/domain/user.py", 5, 1)]
    found = check(tmp_path, files, [LAYERS], exclude_type_checking_imports=True)
    assert where(found) == [("LL101", "app/domain/user.py", 5, 1)]


# -- the CLI ----------------------------------------------------------------------------------


def test_cli_reports_paths_relative_to_cwd_and_filters_by_path(tmp_path, monkeypatch, capsys):
    write_project(
        tmp_path,
        {
            "app/api/routes.py": "",
            "app/services/mail.py": "from app.api import routes\n",
            "app/domain/user.py": "from app.api import routes\n",
        },
        [LAYERS],
    )
    status, out, _ = cli(tmp_path, monkeypatch, capsys)
    assert status == 1
    assert [line.split(": ")[0] for line in out.splitlines()[:-1]] == [
        "app/domain/user.py:1:1",
        "app/services/mail.py:1:1",
        "Contract 'Layers'",
    ]
    assert out.splitlines()[-2] == "Contract 'Layers': broken, 2 problems"
    status, out, _ = cli(tmp_path, monkeypatch, capsys, "app/services/mail.py")
    assert status == 1
    assert out.splitlines()[:-1] == [
        "app/services/mail.py:1:1: LL101 Layer violation: app.services.mail -> app.api.routes: "
        "layer 'app.services' must not import higher layer 'app.api' (contract 'Layers')",
    ]  # one file: no line per contract (whether it is kept is not told by one file)
    status, out, _ = cli(tmp_path, monkeypatch, capsys, "--ignore", "LL101")
    assert status == 0


def test_cli_json_output(tmp_path, monkeypatch, capsys):
    import json

    write_project(
        tmp_path,
        {"app/api/routes.py": "", "app/services/mail.py": "",
         "app/domain/user.py": "import os\nfrom app.api import routes\n"},
        [LAYERS],
    )
    status, out, _ = cli(tmp_path, monkeypatch, capsys, "--output-format", "json")
    assert status == 1
    [item] = json.loads(out)
    assert item["code"] == "LL101"
    assert item["filename"] == "app/domain/user.py"
    assert item["location"] == {"row": 2, "column": 1}
    assert item["end_location"] == {"row": 2, "column": 27}
    assert item["contract"] == "Layers"
