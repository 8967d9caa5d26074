"""The one exception type that reaches the user: a configuration or usage error (exit 2)."""

from __future__ import annotations

from collections.abc import Iterable


class ConfigError(Exception):
    """A problem the user must fix before anything can be checked.

    The message is a single line that names the file and the key at fault.
    """


class ConfigNotFound(ConfigError):
    """No configuration above the given path: not a layerlint project."""


class UnmetByFiles(ConfigError):
    """A configuration error that an edit of the project's files can settle, not only one of
    the configuration or of which files exist: a name it expects a file to define (the
    language server analyses again after each edit while it stands)."""


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' suffix, or '' when nothing is close."""
    import difflib  # only on the way to an error message

    matches = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""
