"""A configuration layerlint cannot use, shown where the user looks while the server stays
up: LL906 at the top of every open file of the project (as the flake8 plugin says it), and
on the configuration file itself, at the key at fault when the message names one."""

from __future__ import annotations

import os
import re
from pathlib import Path

from lsprotocol import types as lsp

from layerlint.rules import RULES, UNUSABLE_CONFIGURATION

CODE = UNUSABLE_CONFIGURATION.code
_CONFIG_NAMES = ("pyproject.toml", "layerlint.toml", "setup.cfg", ".importlinter")
_KEY = re.compile(r"key '(?P<key>[^']+)'")


def config_names() -> tuple[str, ...]:
    """The files a configuration is read from (config/loader.py looks for these)."""
    return _CONFIG_NAMES


def broken_diagnostics(
    error: str, path: Path, published: dict[str, list], broken: dict[str, list], uri: str
) -> None:
    """LL906 on the open file `uri` (at `path`), and on the configuration file the error is
    about (into `broken`, by its uri)."""
    message = f"layerlint cannot check this file: {error}"
    published[uri] = [_diagnostic(message, lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)))]
    config = configuration_file(error, path)
    if config is None:
        return
    broken[config.as_uri()] = [_diagnostic(error, _key_range(config, error))]


def configuration_file(error: str, path: Path) -> Path | None:
    """The file the error names first (relative to the current directory, as messages
    show paths), else the nearest configuration file above `path`."""
    named = Path(error.split(":", 1)[0])
    candidate = named if named.is_absolute() else Path(os.getcwd()) / named
    if candidate.name in _CONFIG_NAMES and candidate.is_file():
        return candidate.resolve()
    for folder in path.parents:
        for name in _CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
    return None


def _key_range(config: Path, error: str) -> lsp.Range:
    """The first line that sets the key the error names (line 1 if none)."""
    match = _KEY.search(error)
    if match is not None:
        key = match["key"].rpartition(".")[2]
        try:
            lines = config.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []
        pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
        setting = [n for n, line in enumerate(lines) if pattern.match(line)]
        # the line that sets it to the value the message quotes, if one does
        values = [v for v in re.findall(r"'([^']+)'", error) if v != match["key"]]
        named = [n for n in setting if any(v in lines[n] for v in values)]
        for number in named[:1] or setting[:1]:
            return lsp.Range(lsp.Position(number, 0), lsp.Position(number, len(lines[number])))
    return lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))


def _diagnostic(message: str, where: lsp.Range) -> lsp.Diagnostic:
    return lsp.Diagnostic(
        range=where,
        message=message,
        severity=lsp.DiagnosticSeverity.Error,
        code=CODE,
        code_description=lsp.CodeDescription(href=RULES[CODE].url),
        source="layerlint",
    )
