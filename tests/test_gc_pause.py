"""The cyclic collector is paused for a run and given back as it was, even on an error."""

import gc

import pytest

from layerlint.cli import main
from layerlint.gc_pause import gc_paused


def test_paused_inside_and_restored_after():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested: the inner one must not resume it
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_restored_after_an_error():
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_left_disabled_when_the_caller_disabled_it():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_cli_runs_paused_and_resumes(tmp_path, monkeypatch, capsys):
    seen = []
    monkeypatch.setattr("layerlint.cli.COMMANDS", {"check": lambda args: seen.append(gc.isenabled()) or 0})
    assert main(["check", str(tmp_path)]) == 0
    assert seen == [False]
    assert gc.isenabled()
