"""Typed, validated access to one table of raw options, with one-line errors."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping

from layerlint.errors import ConfigError, did_you_mean

_MISSING = object()
# A module is named after its file, and grimp counts `data-v1.py` as module `data-v1`: a
# segment is anything but dots, stars and spaces, or a wildcard on its own.
_SEGMENT = r"(?:[^\s.*]+|\*|\*\*)"
_MODULE_EXPRESSION = re.compile(rf"{_SEGMENT}(?:\.{_SEGMENT})*")
_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


class Options:
    """Reads keys from `raw`; `finish()` then rejects any key nobody asked for.

    `lenient` accepts import-linter's INI habits: "True" for true, a single string
    for a one-item list.
    """

    def __init__(
        self,
        raw: Mapping[str, object],
        where: str,
        *,
        lenient: bool = False,
        record: dict[str, object] | None = None,
    ):
        self._raw = dict(raw)
        self._where = where
        self._lenient = lenient
        self._known: set[str] = set()
        # each key given, as read (a list, a bool, an int or a string): `layerlint init`
        # writes import-linter's contracts in [tool.layerlint] from it
        self.read: dict[str, object] = {} if record is None else record

    def error(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self._where}: key '{key}': {problem}")

    def has(self, key: str) -> bool:
        self._known.add(key)
        return key in self._raw

    def _get(self, key: str, default: object) -> object:
        self._known.add(key)
        if key in self._raw:
            return self._raw[key]
        if default is _MISSING:
            # A misspelt required key is reported as the typo it is, not as missing.
            import difflib  # only on the way to an error message

            unread = [k for k in self._raw if k not in self._known]
            for typo in difflib.get_close_matches(key, unread, n=1, cutoff=0.6):
                raise ConfigError(f"{self._where}: unknown key '{typo}' (did you mean '{key}'?)")
            raise ConfigError(f"{self._where}: missing required key '{key}'")
        return default

    def string(self, key: str, default: object = _MISSING) -> str:
        value = self._get(key, default)
        if not isinstance(value, str):
            raise self.error(key, f"expected a string, got {describe(value)}")
        self._record(key, value)
        return value

    def strings(self, key: str, default: object = _MISSING) -> tuple[str, ...]:
        value = self._get(key, default)
        if isinstance(value, str) and self._lenient:
            value = [value] if value.strip() else []
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise self.error(key, f"expected a list of strings, got {describe(value)}")
        found = tuple(v.strip() for v in value if v.strip())
        self._record(key, list(found))
        return found

    def path(self, key: str) -> str | None:
        """A file name relative to the project root (None when the key is absent)."""
        if not self.has(key):
            return None
        value = self.string(key)
        if not value:
            raise self.error(key, "expected a file name, got an empty string")
        return self._pathlike(key, value)

    def paths(self, key: str, default: object = _MISSING) -> tuple[str, ...]:
        """File names or patterns relative to the project root."""
        return tuple(self._pathlike(key, value) for value in self.strings(key, default))

    def _pathlike(self, key: str, value: str) -> str:
        # No file name holds one: it would stop the file system calls, not match nothing.
        if "\0" in value:
            raise self.error(key, f"{value!r} contains a NUL character")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self._get(key, default)
        if isinstance(value, str) and self._lenient and value.strip().lower() in _TRUE | _FALSE:
            value = value.strip().lower() in _TRUE
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, got {describe(value)}")
        self._record(key, value)
        return value

    def integer(self, key: str, default: int, minimum: int = 0) -> int:
        value = self._get(key, default)
        if isinstance(value, str) and self._lenient and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, f"expected an integer, got {describe(value)}")
        if value < minimum:
            raise self.error(key, f"expected an integer >= {minimum}, got {value}")
        self._record(key, value)
        return value

    def _record(self, key: str, value: object) -> None:
        if key in self._raw:
            self.read[key] = value

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.string(key, default)
        if value not in choices:
            allowed = ", ".join(repr(c) for c in choices)
            raise self.error(key, f"expected one of {allowed}, got {value!r}")
        return value

    def module_expressions(self, key: str, default: object = _MISSING) -> tuple[str, ...]:
        values = self.strings(key, default)
        for value in values:
            check_module_expression(value, lambda problem: self.error(key, problem))
        return values

    def import_expressions(self, key: str) -> tuple[str, ...]:
        values = self.strings(key, ())
        for value in values:
            importer, arrow, imported = value.partition("->")
            if not arrow:
                raise self.error(key, f"{value!r} is not of the form 'importer -> imported'")
            for part in (importer.strip(), imported.strip()):
                check_module_expression(part, lambda problem: self.error(key, problem))
        return tuple(_normalise_import_expression(v) for v in values)

    def finish(self, ignored: tuple[str, ...] = ()) -> None:
        """Reject keys that were not read (a typo, usually), naming the closest real key."""
        for key in sorted(self._raw):
            if key not in self._known and key not in ignored:
                hint = did_you_mean(key, self._known)
                raise ConfigError(f"{self._where}: unknown key '{key}'{hint}")


def check_module_expression(value: str, fail) -> None:
    """Module names with `*` (one level) or `**` (any depth) as whole segments."""
    if not _MODULE_EXPRESSION.fullmatch(value):
        raise fail(f"{value!r} is not a module name or a wildcard expression")
    segments = value.split(".")
    if any(a == b == "**" for a, b in itertools.pairwise(segments)):
        raise fail(f"{value!r}: '**' cannot follow '**'")


def _normalise_import_expression(value: str) -> str:
    importer, _, imported = value.partition("->")
    return f"{importer.strip()} -> {imported.strip()}"


def describe(value: object) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, (list, tuple)):
        return "a list" + (" containing non-strings" if value else "")
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, str):
        return f"the string {value!r}"
    return f"{value!r} ({type(value).__name__})"
