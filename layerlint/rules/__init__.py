"""The registry of every rule layerlint reports: code, name, summary, explanation, its
severity, what it is about (its scope) and the modules that check it (its owners).

Docs (`docs/rules/`, written by `python -m layerlint.rules`), `layerlint explain`, SARIF
rule metadata (with each rule's level) and the drawing's list of import rules are all
generated from here. Each family of rules has its module: `imports`, `models`, `files`;
each rule is a constant named after it (`LAYERS_VIOLATION` for LL101), which its checks use.
"""

from __future__ import annotations

from layerlint.rules.files import (
    FIXED_BASELINE_ENTRY,
    NEWER_SYNTAX,
    RELATIVE_IMPORT_BEYOND_TOP_LEVEL,
    SHADOWED_MODULE,
    UNMATCHED_IGNORE_IMPORT,
    UNPARSABLE_FILE,
    UNUSABLE_CONFIGURATION,
)
from layerlint.rules.imports import (
    FORBIDDEN_IMPORT,
    IMPORT_CYCLE,
    IMPORT_FAILS_AT_STARTUP,
    INDEPENDENCE_VIOLATION,
    LAYERS_VIOLATION,
    PRIVATE_MODULE_IMPORT,
    PROTECTED_IMPORT,
)
from layerlint.rules.models import (
    DUPLICATE_CLASS,
    DUPLICATE_MAPPED_CLASS_NAME,
    DUPLICATE_TABLE,
    EXTEND_EXISTING,
    MULTIPLE_DECLARATIVE_BASES,
    UNRESOLVED_FOREIGN_KEY,
    UNRESOLVED_RELATIONSHIP,
)
from layerlint.rules.registry import DOCS_URL, RULES, SCOPES, Rule, codes_of

__all__ = [
    "DOCS_URL",
    "RULES",
    "SCOPES",
    "Rule",
    "codes_of",
    "rule_page",
    "DUPLICATE_CLASS",
    "DUPLICATE_MAPPED_CLASS_NAME",
    "DUPLICATE_TABLE",
    "EXTEND_EXISTING",
    "FIXED_BASELINE_ENTRY",
    "FORBIDDEN_IMPORT",
    "IMPORT_CYCLE",
    "IMPORT_FAILS_AT_STARTUP",
    "INDEPENDENCE_VIOLATION",
    "LAYERS_VIOLATION",
    "MULTIPLE_DECLARATIVE_BASES",
    "NEWER_SYNTAX",
    "PRIVATE_MODULE_IMPORT",
    "PROTECTED_IMPORT",
    "RELATIVE_IMPORT_BEYOND_TOP_LEVEL",
    "SHADOWED_MODULE",
    "UNMATCHED_IGNORE_IMPORT",
    "UNPARSABLE_FILE",
    "UNRESOLVED_FOREIGN_KEY",
    "UNRESOLVED_RELATIONSHIP",
    "UNUSABLE_CONFIGURATION",
]


def rule_page(rule: Rule) -> str:
    """The Markdown page of a rule, as kept in docs/rules/ (python -m layerlint.rules)."""
    return f"# {rule.code} ({rule.name})\n\n{rule.summary}\n\n{rule.explanation}\n"
