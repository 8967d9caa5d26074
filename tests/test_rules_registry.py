"""The rule registry is the single source of the rule docs: the pages cannot drift."""

import re
from pathlib import Path

import pytest

from layerlint.rules import RULES, rule_page

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules"


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_page_matches_registry(code):
    page = (DOCS / f"{code}.md").read_text(encoding="utf-8")
    assert page == rule_page(RULES[code]), "regenerate with: python -m layerlint.rules"


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_explains_what_why_example_fix(code):
    explanation = RULES[code].explanation
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## How to fix"):
        assert heading in explanation


def test_every_page_belongs_to_a_rule():
    pages = {p.stem for p in DOCS.glob("LL*.md")}
    assert pages == set(RULES)


def test_contract_types_report_registered_codes():
    from layerlint.contracts import CONTRACT_TYPES, contract_type

    assert {contract_type(name).CODE for name in CONTRACT_TYPES} <= set(RULES)
    # a type's module is found by its name
    assert [contract_type(name).TYPE_NAME for name in CONTRACT_TYPES] == list(CONTRACT_TYPES)


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_has_a_scope_a_severity_and_owners_that_report_it(code):
    import importlib
    import inspect

    from layerlint.rules import SCOPES

    import layerlint.rules

    rule = RULES[code]
    assert rule.scope in SCOPES
    assert rule.severity in ("error", "warning")
    # the rule is the constant named after it, which each owner refers to
    constant = rule.name.upper().replace("-", "_")
    assert getattr(layerlint.rules, constant) is rule
    assert rule.owners
    for owner in rule.owners:
        source = inspect.getsource(importlib.import_module(owner))
        assert re.search(rf"\b{constant}\b", source), f"{owner} does not report {code}"


def test_no_check_names_a_rule_by_its_code_as_a_string():
    from pathlib import Path

    import layerlint

    package = Path(layerlint.__file__).parent
    found = [
        f"{path.relative_to(package)}:{number}"
        for path in sorted(package.rglob("*.py"))
        if path.parent.name != "rules"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"([\"'])LL\d{3}\1", line)
    ]
    assert found == []


def test_sarif_levels_and_the_drawings_import_rules_come_from_the_registry():
    import json

    from layerlint.diagnostics import Report
    from layerlint.drawing import model
    from layerlint.reporters.sarif import render

    rules = json.loads(render(Report([], 0, 0)))["runs"][0]["tool"]["driver"]["rules"]
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in rules}
    assert levels == {code: rule.severity for code, rule in RULES.items()}
    assert levels["LL904"] == levels["LL905"] == "warning"
    assert levels["LL101"] == levels["LL901"] == "error"
    assert model._IMPORT_CODES == ("LL101", "LL102", "LL103", "LL104", "LL106")
