"""What a rule is, and the table of every rule (filled by the modules of this package)."""

from __future__ import annotations

from typing import NamedTuple

DOCS_URL = "https://github.com/layerlint/layerlint/blob/main/docs/rules/{code}.md"


# What a rule is about: an import statement (a contract's chain starts there), a class or
# model (symbols), a whole file, or the configuration and baseline.
SCOPES = ("import", "symbol", "file", "configuration")


class Rule(NamedTuple):
    code: str
    name: str
    summary: str
    explanation: str
    scope: str
    owners: tuple[str, ...]  # the modules that check it and report its code
    severity: str = "error"  # "warning": shown, never fails a run

    @property
    def url(self) -> str:
        return DOCS_URL.format(code=self.code)


RULES: dict[str, Rule] = {}


def define(
    code: str,
    name: str,
    summary: str,
    explanation: str,
    *,
    scope: str,
    owners: tuple[str, ...],
    severity: str = "error",
) -> Rule:
    """Register a rule (the checks refer to what this returns, never to its code as a
    string). The table stays in the order of the codes, whichever module of the package
    registers first."""
    rule = Rule(code, name, summary, explanation.strip("\n"), scope, owners, severity)
    ordered = sorted({**RULES, code: rule}.items())
    RULES.clear()
    RULES.update(ordered)
    return rule


def codes_of(scope: str) -> tuple[str, ...]:
    """The codes of the rules about `scope` (one of SCOPES), in order."""
    return tuple(code for code, rule in sorted(RULES.items()) if rule.scope == scope)
