"""Baselines: record today's diagnostics, report only new ones, and see the fixed ones go.

An entry names what is violated, never where: (code, file, contract, key), where the key
is "importer -> imported", the duplicate class, the table... so moving an import down ten
lines does not resurrect it. The same violation twice in one file is counted twice.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from layerlint.diagnostics import Diagnostic, display_path
from layerlint.errors import ConfigError

FORMAT = 1
Entry = tuple[str, str, str, str]  # (code, file relative to the project root, contract, key)


def _entry_file(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _entry(diagnostic: Diagnostic, root: Path) -> Entry:
    return (
        diagnostic.code,
        _entry_file(diagnostic.file, root),
        diagnostic.contract or "",
        diagnostic.key,
    )


def write(path: Path, found: list[Diagnostic], root: Path) -> int:
    """Record every diagnostic; returns the number of entries written."""
    counts = Counter(_entry(d, root) for d in found)
    entries = [
        {"code": code, "file": file, "contract": contract, "key": key, "count": count}
        for (code, file, contract, key), count in sorted(counts.items())
    ]
    # One entry per line: the file diffs well in reviews, and LL903 can point at a line.
    lines = ",\n".join(f"    {json.dumps(entry, sort_keys=True)}" for entry in entries)
    text = f'{{\n  "layerlint_baseline": {FORMAT},\n  "entries": [\n{lines}\n  ]\n}}\n'
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise ConfigError(
            f"{display_path(path)}: cannot write the baseline: {error.strerror}"
        ) from None
    return len(entries)


def read(path: Path) -> Counter:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Counter()  # no baseline yet: everything is new
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ConfigError(f"{display_path(path)}: not a layerlint baseline: {error}") from None
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list) or data.get("layerlint_baseline") != FORMAT:
        raise ConfigError(f"{display_path(path)}: not a layerlint baseline (format {FORMAT})")
    counts: Counter = Counter()
    for entry in entries:
        fields = (
            [entry.get(k) for k in ("code", "file", "contract", "key")]
            if isinstance(entry, dict)
            else []
        )
        count = entry.get("count") if isinstance(entry, dict) else None
        if (
            len(fields) != 4
            or not all(isinstance(f, str) for f in fields)
            or not (isinstance(count, int) and not isinstance(count, bool) and count > 0)
        ):
            raise ConfigError(f"{display_path(path)}: malformed entry {json.dumps(entry)}")
        counts[tuple(fields)] += count
    return counts


def apply(
    found: list[Diagnostic], path: Path, root: Path, only: Path | None = None
) -> list[Diagnostic]:
    """The diagnostics the baseline does not record, plus LL903 for what it records but is
    no longer found (fixed: the entry can go). With `only`, `found` holds one file's
    diagnostics: only its entries count, and no LL903 is made."""
    recorded = read(path)
    if only is not None:
        file = _entry_file(only, root)
        recorded = Counter({e: n for e, n in recorded.items() if e[1] == file})
    by_entry: dict[Entry, list[Diagnostic]] = defaultdict(list)
    for diagnostic in found:
        by_entry[_entry(diagnostic, root)].append(diagnostic)
    kept = []
    for entry, diagnostics in by_entry.items():
        allowed = recorded.get(entry, 0)
        kept += sorted(diagnostics)[allowed:]  # the first ones in the file are the old ones
    if only is not None:
        return sorted(kept)
    lines = _lines(path)
    for entry, count in sorted(recorded.items()):
        fixed = count - len(by_entry.get(entry, ()))
        if fixed > 0:
            kept.append(_fixed(path, lines, entry, fixed))
    return sorted(kept)


def _fixed(path: Path, lines: list[str], entry: Entry, fixed: int) -> Diagnostic:
    code, file, _contract, key = entry
    needles = [json.dumps(value) for value in entry]
    number = next((i for i, line in enumerate(lines, 1) if all(n in line for n in needles)), 1)
    times = f" ({fixed} of them)" if fixed > 1 else ""
    message = (
        f"Fixed{times}: {code} {key} in {file} is no longer found: remove it from the baseline "
        "(layerlint check --write-baseline does)"
    )
    return Diagnostic(
        display_path(path), number, 1, "LL903", message, number, 1, file=path, key=f"{code} {key}"
    )


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
