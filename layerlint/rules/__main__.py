"""python -m layerlint.rules [DIR]: write the rule pages (default: docs/rules/)."""

import sys
from pathlib import Path

from layerlint.rules import RULES, rule_page

target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/rules")
target.mkdir(parents=True, exist_ok=True)
for rule in RULES.values():
    (target / f"{rule.code}.md").write_text(rule_page(rule), encoding="utf-8")
index = ["# Rules", "", "| Code | Name | Summary |", "|---|---|---|"]
index += [f"| [{r.code}]({r.code}.md) | {r.name} | {r.summary} |" for r in RULES.values()]
(target / "README.md").write_text("\n".join(index) + "\n", encoding="utf-8")
