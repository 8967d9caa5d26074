"""The outline LL401 follows (project/outline.py): what a module runs and binds when it is
imported, and what makes its names unknowable."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from layerlint.project.outline import _is_dynamic, outline_source

# What `_is_dynamic` finds, as one pattern (slower: it is tried at every position).
_DYNAMIC_SPEC = re.compile(
    r"\b(?:globals|exec|eval|__import__)\s*\(|\bvars\s*\(\s*\)|\bsys\.modules\b|__dict__\s*\["
)


def outline(text: str):
    return outline_source(text.encode())


def test_assignment_expressions_bind_module_names_where_they_run():
    events, unsure = outline(
        "import os\n"
        "if (size := 3) > 2:\n"
        "    pass\n"
        "value = [y := 1, 2]\n"
        "def f():\n"
        "    if (inner := 1):\n"
        "        return inner\n"
    )
    assert events == (
        ("import", 1, 0, "os", 0, None, True, False),
        ("bind", 1, "os", True),
        ("bind", 2, "size", True),
        ("bind", 4, "value", True),
        ("bind", 4, "y", True),
        ("bind", 5, "f", True),
    )
    assert unsure == ()


def test_a_module_without_assignment_expressions_binds_only_its_targets():
    events, _ = outline("x = 1\nif x:\n    y = {'a': 1}\n")
    assert events == (("bind", 1, "x", True), ("bind", 3, "y", False))


def test_a_call_of_an_importing_function_runs_it_only_where_named():
    events, _ = outline(
        "def setup():\n"
        "    import json\n"
        "def other():\n"
        "    return 1\n"
        "other()\n"
        "result = [setup()]\n"
    )
    assert [e for e in events if e[0] == "run"] == [("run", 6, True)]


def test_dynamic_names_globals_and_getattr_make_names_unknowable():
    _, unsure = outline(
        "import sys\n"
        "sys.modules[__name__].x = 1\n"
        "def g():\n"
        "    global counter, total\n"
        "def __getattr__(name):\n"
        "    return name\n"
    )
    assert unsure == ("__getattr__", "counter", "dynamic", "total")


def test_words_that_only_contain_a_dynamic_one_are_not_dynamic():
    _, unsure = outline("executor(1)\nmy_globals()\nretrieval(2)\nself.vars()\n")
    assert unsure == ("dynamic",)  # `self.vars()`: the word `vars` stands alone
    _, unsure = outline("executor(1)\nmy_globals()\nretrieval(2)\nvars_(1)\n")
    assert unsure == ()


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "globals", "exec", "eval", "__import__", "vars", "sys", ".modules",
                "modules", "__dict__", "x", "_", "é", "1", " ", "\t", "\n", "(", ")",
                "[", ".", "#", "'",
            ]
        ),
        max_size=12,
    ).map("".join)
)
def test_dynamic_is_found_exactly_as_the_one_pattern_finds_it(text):
    assert _is_dynamic(text) == bool(_DYNAMIC_SPEC.search(text))
