"""What placing diagnostics asks of a file's text, kept across runs by the file's stamp
(project/text.py KeptAnswers, SourceFiles.answers): a run that asks again reads nothing,
and records the same answers as a run that reads the file."""

from __future__ import annotations

from layerlint.project.cache import ScanCache
from layerlint.project.discovery import ModuleFile
from layerlint.project.files import SourceFiles
from layerlint.project.scanner import scan_source
from layerlint.project.text import ModuleText

SOURCE = (
    b"import os  # noqa\n"
    b"from app import (\n"
    b"    models,\n"
    b")  # noqa: LL101,E501\n"
    b"def f():\n"
    b"    import json\n"
)
QUESTIONS = (
    ("statements", 1),
    ("statements", 2),
    ("statements", 6),
    ("line", 3),
    ("line", 99),
    ("source", 4),
    ("noqa", 1),
    ("noqa", 4),
    ("noqa", 5),
)


def ask(text: ModuleText) -> list:
    ask = {
        "statements": text.statements_on,
        "line": text.line,
        "source": text.source_line,
        "noqa": text.noqa,
    }
    return [ask[kind](number) for kind, number in QUESTIONS]


def test_kept_answers_are_read_back_without_the_file_and_recorded_alike(tmp_path):
    source = tmp_path / "m.py"
    source.write_bytes(SOURCE)
    module = ModuleFile("app.m", str(source), "app/m.py", False, tmp_path)
    reads: list[str] = []

    def text_of(files: SourceFiles) -> ModuleText:
        def data() -> bytes:
            reads.append("read")
            return SOURCE

        return ModuleText(data, lambda: scan_source(SOURCE), kept=lambda: files.answers(module))

    first = SourceFiles(ScanCache(tmp_path / "cache"), {})
    made = text_of(first)
    answers = ask(made)
    first.cache.save()
    assert reads == ["read"]
    assert answers[6] is None and answers[7] == frozenset({"LL101", "E501"})
    assert answers[8] == frozenset() and answers[4] == ""
    assert [s.line for s in answers[1]] == [2] and answers[1][0].end_line == 4

    again = SourceFiles(ScanCache(tmp_path / "cache"), {})
    kept = text_of(again)
    assert ask(kept) == answers
    assert reads == ["read"]  # nothing read the second time
    assert kept.taken == made.taken  # what the basis records: the same answers
    # a fresh text without kept answers records the same too
    assert ask(plain := ModuleText(SOURCE, lambda: scan_source(SOURCE))) == answers
    assert plain.taken == made.taken


def test_an_edited_file_or_a_damaged_answer_is_asked_again(tmp_path):
    source = tmp_path / "m.py"
    source.write_bytes(SOURCE)
    module = ModuleFile("app.m", str(source), "app/m.py", False, tmp_path)
    files = SourceFiles(ScanCache(tmp_path / "cache"), {})
    ModuleText(SOURCE, lambda: scan_source(SOURCE), kept=lambda: files.answers(module)).source_line(
        1
    )
    files.cache.save()
    cache = ScanCache(tmp_path / "cache")
    stamp = SourceFiles(cache, {}).stamp(module)
    assert cache.get("layerlint.project.text:answers", "app/m.py", stamp) == {
        ("source", 1): "import os  # noqa"
    }
    # damaged: answered from the text again
    cache.put("layerlint.project.text:answers", "app/m.py", stamp, {("source", 1): 7})
    damaged = ModuleText(
        SOURCE, lambda: scan_source(SOURCE), kept=lambda: SourceFiles(cache, {}).answers(module)
    )
    assert damaged.source_line(1) == "import os  # noqa"
    # edited: another stamp, nothing kept for it
    source.write_bytes(b"import sys\n" + SOURCE)
    edited = SourceFiles(ScanCache(tmp_path / "cache"), {})
    text = ModuleText(
        source.read_bytes(), lambda: scan_source(b""), kept=lambda: edited.answers(module)
    )
    assert text.source_line(1) == "import sys"
    # a buffer has no stamp: nothing is kept for it
    buffers = SourceFiles(ScanCache(tmp_path / "cache"), {source: b"x = 1\n"})
    assert buffers.answers(module) is None
