"""`orm.source.parts.literal`: `ast.literal_eval` of a node, without the closures that
make each call leave a reference cycle (layerlint runs with the cyclic collector paused)."""

from __future__ import annotations

import ast
import gc

import pytest

from layerlint.orm.source.parts import UNKNOWN, literal

CASES = [
    "1", "-1", "+1.5", "'x'", "b'x'", "None", "True", "...", "(1, 'a')", "(1,)", "[1, [2, 3]]",
    "[]", "{1, 2}", "set()", "{}", "{'a': (1, 2)}", "{1: [set()]}", "1j", "-1j", "1+2j", "1-2j",
    "-1+2j", "1.5-3j", "'a' 'b'", "-True",
    # not literals
    "{'a': 1, **x}", "1+2", "x", "x.y", "f(1)", "set(1)", "-'a'", "--1", "{[1]: 2}", "{{1}}",
    "1+True*1j", "1j+1", "[x for x in y]",
]


@pytest.mark.parametrize("source", CASES)
def test_literal_is_what_ast_literal_eval_gives(source):
    node = ast.parse(source, mode="eval").body
    try:
        expected = ast.literal_eval(node)
    except (ValueError, TypeError):
        expected = UNKNOWN
    found = literal(node)
    assert type(found) is type(expected) and found == expected


def test_literal_leaves_nothing_for_the_cyclic_collector():
    nodes = [ast.parse(source, mode="eval").body for source in CASES]
    gc.disable()
    try:
        gc.collect()
        for node in nodes:
            literal(node)
        assert gc.collect() == 0
    finally:
        gc.enable()
