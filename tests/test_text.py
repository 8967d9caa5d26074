"""ModuleText: what the checks read of a module's text, and the replay that tells whether
an edit changed any of it (project/text.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from layerlint.project.scanner import ImportStatement, scan_source, statements_at
from layerlint.project.text import ModuleText, replay

SOURCE = b'"""Doc."""\nimport app.low\nfrom app import (\n    high,\n)  # noqa: LL101\n'


def text_of(data: bytes) -> ModuleText:
    return ModuleText(data, lambda: scan_source(data))


def asked(data: bytes) -> ModuleText:
    """The questions placing two diagnostics asks: statements, noqa, lines shown."""
    text = text_of(data)
    text.statements_on(2)
    text.statements_on(3)
    for line in (3, 4, 5):
        text.noqa(line)
    text.source_line(2)
    return text


def test_answers_and_the_order_they_were_asked_in():
    text = asked(SOURCE)
    assert text.statements_on(2) == [
        ImportStatement(2, 1, 2, 15, ("app.low",), "import app.low", False, True)
    ]
    assert text.statements_on(3)[0][:5] == (3, 1, 5, 2, ("app.high",))
    assert [text.noqa(line) for line in (2, 3, 4, 5)] == [
        frozenset(), frozenset(), frozenset(), frozenset({"LL101"})
    ]
    assert list(text.taken) == [
        ("statements", 2),
        ("statements", 3),
        ("noqa", 3),
        ("noqa", 4),
        ("noqa", 5),
        ("source", 2),
        ("noqa", 2),  # asked last, in this test only
    ]
    assert text.taken[("noqa", 5)] == ("LL101",)
    assert text.taken[("source", 2)] == "import app.low"


def test_replay_gives_the_same_answers_when_nothing_read_changed():
    taken = asked(SOURCE).taken
    queries = tuple(taken)
    for edited in (
        SOURCE + b"\n\ndef f():\n    return 1  # noqa: E501\n",  # below, noqa elsewhere
        SOURCE.replace(b'"""Doc."""', b'"""Other doc."""'),  # a line not read
    ):
        assert replay(edited, queries) == tuple(taken.items())


def test_replay_differs_when_something_read_changed():
    taken = asked(SOURCE).taken
    queries = tuple(taken)
    for edited in (
        SOURCE.replace(b"import app.low", b"import app.low  # why"),  # the line shown
        SOURCE.replace(b"import app.low", b"import  app.low"),  # the statement's span
        SOURCE.replace(b"# noqa: LL101", b"# noqa: LL201"),  # the codes silenced
        SOURCE.replace(b"    high,\n", b"    high,\n    low,\n"),  # names, and the end
        b"\n" + SOURCE,  # every line moves
    ):
        assert replay(edited, queries) != tuple(taken.items()), edited


def test_whole_file_scan_is_asked_for_a_statement_that_continues_a_line():
    data = b"x = (\n    1); import app.low\n"
    text = text_of(data)
    assert [s.names for s in text.statements_on(2)] == [("app.low",)]
    assert list(text.taken) == [("scan",), ("statements", 2)]
    queries = tuple(text.taken)
    assert replay(data + b"# end\n", queries) == tuple(text.taken.items())
    # an import added anywhere changes the whole-file scan, so the answers differ
    assert replay(data + b"import os\n", queries) != tuple(text.taken.items())


def test_no_questions_no_answers():
    assert replay(b"anything", ()) == ()


def test_a_checked_project_is_freed_without_the_cycle_collector():
    # layerlint pauses the cycle collector while it works (gc_pause.py); a reference cycle
    # through the project would leave all of it for the collector to walk when it resumes
    # (0.5 s at 50,000 modules, seen when ModuleText's scan was a lambda over the project).
    import gc
    import weakref
    from pathlib import Path

    from layerlint import diagnostics
    from layerlint.engine import RunOptions, analyse

    root = Path(__file__).parent.parent / "testdata" / "seed_cycles"
    gc.disable()
    try:
        analysis = analyse(RunOptions(paths=[root], use_cache=False))
        found = diagnostics.collect(analysis.project, analysis.violations)
        assert found and analysis.project._texts  # diagnostics were placed: texts were read
        freed = weakref.ref(analysis.project)
        del analysis
        assert freed() is None
    finally:
        gc.enable()


# -- statements read from their own lines (scanner.statements_at) ---------------------------

PIECES = [
    "import a",
    "from b import c",
    "x = 1; import d",
    "if TYPE_CHECKING: import e",
    "def f():\n    import g",
    "class K:\n    import h",
    "try:\n    import i\nexcept ImportError:\n    pass",
    "if TYPE_CHECKING:\n    import j\nelse:\n    import k",
    "from l import (\n    m,\n)",
    "async def f():\n    import n",
    "if x: import o",
    "while x: import p",
    "with x: import q",
    'X = """\nimport not_an_import\n"""',
]


def light(source: str, line: int) -> list[ImportStatement] | None:
    return statements_at(source.split("\n"), line)


def test_context_is_known_only_for_unindented_top_level_statements():
    # (type_checking, at_import_time): known at the module's top level, else None
    assert [s[6:] for s in light("import a, b", 1)] == [(False, True)]
    assert [s[6:] for s in light("x = 1; import d", 1)] == [(False, True)]
    assert [s[6:] for s in light("if TYPE_CHECKING: import e", 1)] == [(None, None)]
    assert [s[6:] for s in light("def f():\n    import g", 2)] == [(None, None)]
    assert [s[6:] for s in light("if x: import o", 1)] == [(None, None)]


@given(st.lists(st.sampled_from(PIECES), max_size=8).map("\n".join))
def test_light_statements_agree_with_the_whole_file_scan(source):
    for statement in scan_source(source.encode()).imports:
        found = light(source, statement.line)
        if found is None:
            continue  # it cannot be read on its own: the whole-file scan answers
        same = [s for s in found if s.column == statement.column]
        assert len(same) == 1, (source, statement)
        assert same[0][:6] == statement[:6]
        if same[0].at_import_time is not None:
            assert same[0][6:] == statement[6:], (source, statement)
