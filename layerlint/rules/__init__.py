"""The registry of every rule layerlint reports: code, name, summary, explanation, its
severity, what it is about (its scope) and the modules that check it (its owners).

Docs (`docs/rules/`, written by `python -m layerlint.rules`), `layerlint explain`, SARIF
rule metadata (with each rule's level) and the drawing's list of import rules are all
generated from here. Each family of rules has its module: `imports`, `models`, `files`.
"""

from __future__ import annotations

from layerlint.rules import files, imports, models  # noqa: F401 - they register the rules
from layerlint.rules.registry import DOCS_URL, RULES, SCOPES, Rule, codes_of

__all__ = ["DOCS_URL", "RULES", "SCOPES", "Rule", "codes_of", "rule_page"]


def rule_page(rule: Rule) -> str:
    """The Markdown page of a rule, as kept in docs/rules/ (python -m layerlint.rules)."""
    return f"# {rule.code} ({rule.name})\n\n{rule.summary}\n\n{rule.explanation}\n"
