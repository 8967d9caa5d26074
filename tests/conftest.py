"""Fixtures shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from layerlint.cli import main


@pytest.fixture
def cli(monkeypatch, capsys):
    """Run `layerlint ARGS` in-process from `cwd`: returns (exit code, stdout, stderr)."""
    monkeypatch.delenv("LAYERLINT_DEBUG", raising=False)

    def run(*args: str, cwd: Path) -> tuple[int, str, str]:
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run
