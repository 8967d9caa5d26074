"""Baselines: record today's diagnostics, report only new ones, and see the fixed ones go.

An entry names what is violated, never where: (code, file, contract, key), where the key
is "importer -> imported", the duplicate class, the table... so moving an import down ten
lines does not resurrect it. The same violation twice in one file is counted twice.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections import Counter, defaultdict
from pathlib import Path

from layerlint.config import Config
from layerlint.diagnostics import Diagnostic, display_path
from layerlint.errors import ConfigError
from layerlint.rules import FIXED_BASELINE_ENTRY

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
    return _write_counts(path, Counter(_entry(d, root) for d in found))


def add(config: Config, diagnostic: Diagnostic) -> None:
    """Record one diagnostic more in the baseline the configuration names (an editor's
    quick fix): the entries it holds, and this one."""
    counts = Counter(read(config))  # a copy: read() returns what it keeps for the next call
    counts[_entry(diagnostic, config.root)] += 1
    _write_counts(config.baseline, counts)


def check_target(path: Path) -> None:
    """Refuses (ConfigError) to write a baseline over a directory or over a file that is
    not one: `--write-baseline` takes the path after it as its FILE, so `check
    --write-baseline src/app/models.py` would otherwise replace a source file."""
    hint = "the path right after --write-baseline is the file it writes: put paths to check first"
    if path.is_dir():
        raise ConfigError(
            f"--write-baseline: {display_path(path)} is a directory, not a baseline file ({hint})"
        )
    try:
        stat = path.stat()
    except OSError:
        return  # a new file (one that cannot be written is said when it is written)
    if stat.st_size:
        try:
            _parsed(path, stat.st_mtime_ns, stat.st_size)
        except ConfigError:
            raise ConfigError(
                f"--write-baseline: {display_path(path)} exists and is not a layerlint "
                f"baseline: not overwritten ({hint})"
            ) from None


def _write_counts(path: Path, counts: Counter) -> int:
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


def read(config: Config) -> Counter:
    """The entries of the baseline `config` names, with their counts."""
    return _load(config.baseline, config)[0]


def _load(path: Path, config: Config) -> tuple[Counter, dict[Entry, int]]:
    """The entries with their counts, and the line each starts on."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        relative = os.path.relpath(path, config.root)
        where = display_path(config.path) if config.path else "the configuration"
        raise ConfigError(
            f"{where}: key 'baseline': {relative!r} does not exist "
            "(`layerlint check --write-baseline` writes it)"
        ) from None
    except OSError as error:
        raise ConfigError(f"{display_path(path)}: cannot read: {error.strerror}") from None
    return _parsed(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=2)  # flake8 applies it once per file, from one process
def _parsed(path: Path, _mtime: int, _size: int) -> tuple[Counter, dict[Entry, int]]:
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ConfigError(f"{display_path(path)}: not a layerlint baseline: {error}") from None
    except RecursionError:  # json recurses once per level of nested arrays and objects
        problem = "nested too deeply"
        raise ConfigError(f"{display_path(path)}: not a layerlint baseline: {problem}") from None
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list) or data.get("layerlint_baseline") != FORMAT:
        raise ConfigError(f"{display_path(path)}: not a layerlint baseline (format {FORMAT})")
    counts: Counter = Counter()
    for entry in entries:
        fields = _fields(entry)
        count = entry.get("count") if fields else None
        if not (isinstance(count, int) and not isinstance(count, bool) and count > 0):
            raise ConfigError(f"{display_path(path)}: malformed entry {json.dumps(entry)}")
        counts[fields] += count
    return counts, _entry_lines(text)


def _fields(entry: object) -> Entry | None:
    if not isinstance(entry, dict):
        return None
    fields = tuple(entry.get(k) for k in ("code", "file", "contract", "key"))
    return fields if all(isinstance(f, str) for f in fields) else None


def _entry_lines(text: str) -> dict[Entry, int]:
    """The line each entry starts on: every `{` is tried as the start of an entry, so this
    takes one pass however the file is laid out."""
    decoder = json.JSONDecoder()
    lines: dict[Entry, int] = {}
    line, counted = 1, 0
    for brace in re.finditer(r"\{", text):
        line += text.count("\n", counted, brace.start())
        counted = brace.start()
        try:
            value, _ = decoder.raw_decode(text, brace.start())
        except ValueError:  # a brace inside a string, say
            continue
        fields = _fields(value)
        if fields is not None:
            lines.setdefault(fields, line)
    return lines


def apply(found: list[Diagnostic], config: Config, only: Path | None = None) -> list[Diagnostic]:
    """The diagnostics the baseline does not record, plus LL903 for what it records but is
    no longer found (fixed: the entry can go). With `only`, `found` holds one file's
    diagnostics: only its entries count, and no LL903 is made."""
    path, root = config.baseline, config.root
    recorded, lines = _load(path, config)
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
    for entry, count in sorted(recorded.items()):
        fixed = count - len(by_entry.get(entry, ()))
        if fixed > 0:
            kept.append(_fixed(path, lines.get(entry, 1), entry, fixed))
    return sorted(kept)


def _fixed(path: Path, number: int, entry: Entry, fixed: int) -> Diagnostic:
    code, file, _contract, key = entry
    times = f" ({fixed} of them)" if fixed > 1 else ""
    message = (
        f"Fixed{times}: {code} {key} in {file} is no longer found: remove it from the baseline "
        "(layerlint check --write-baseline does)"
    )
    return Diagnostic(
        path=display_path(path),
        line=number,
        column=1,
        code=FIXED_BASELINE_ENTRY.code,
        message=message,
        end_line=number,
        end_column=1,
        file=path,
        key=f"{code} {key}",
    )
