"""Per-file extractions (layerlint/project/extraction.py): the checks register what they read
of a file; the project knows none of them, and stored results find them by name."""

from __future__ import annotations

import subprocess
import sys

import pytest

from layerlint.contracts.class_definitions import DEFINITIONS
from layerlint.orm.source.extractions import MENTION, SYMBOLS
from layerlint.project.extraction import Extraction, register, registered
from layerlint.project.python_syntax import CLASS_HEADERS


def test_an_extraction_is_named_after_the_module_that_defines_it():
    for extraction in (CLASS_HEADERS, MENTION, SYMBOLS, DEFINITIONS):
        module, _, _ = extraction.name.partition(":")
        assert extraction in vars(sys.modules[module]).values()
        assert registered(extraction.name) is extraction


def test_a_name_outside_layerlint_or_taken_twice_is_refused():
    with pytest.raises(ValueError, match="starts with its module"):
        register(Extraction("orm.sketch", bytes, tuple, tuple))
    with pytest.raises(ValueError, match="two extractions named"):
        register(Extraction(MENTION.name, bytes, tuple, tuple))


def test_a_fresh_process_finds_an_extraction_by_its_name_alone():
    """Stored results name the extractions they rest on; the process that reads them may
    not have loaded the rule that defines one (`registered` loads layerlint's own module,
    and nothing else)."""
    script = (
        "import sys\n"
        "from layerlint.project.extraction import registered, taken_from\n"
        "assert 'layerlint.orm.source.extractions' not in sys.modules\n"
        "print(registered('layerlint.orm.source.extractions:mention').name)\n"
        "print(registered('os:sketch'), 'os.path' in sys.modules and 0 or 1)\n"
        "print(registered('layerlint.no_such_module:x'))\n"
        "print(taken_from(b'class A(Base):\\n    __tablename__ = \"a\"\\n',"
        " ('layerlint.project.python_syntax:class_headers',"
        " 'layerlint.contracts.class_definitions:definitions')))\n"
        "print(taken_from(b'', ('layerlint.orm.source.extractions:nothing',)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[0] == "layerlint.orm.source.extractions:mention"
    assert lines[1].startswith("None ")
    assert lines[2] == "None"
    assert lines[3] == "((('A',), ('Base',)), ((('A', 1, 1),), None))"
    assert lines[4] == "None"


def test_the_project_package_names_no_rule_family():
    """`project/` offers extractions; the SQLAlchemy rules and `unique` bring their own."""
    from pathlib import Path

    import layerlint.project

    folder = Path(layerlint.project.__file__).parent
    text = "\n".join(p.read_text() for p in sorted(folder.glob("*.py")))
    for word in ("sqlalchemy", "orm", "__tablename__", "relationship", "ForeignKey"):
        assert f"layerlint.{word}" not in text
    assert "__tablename__" not in text and "extend_existing" not in text


def test_a_packed_extraction_is_kept_marshalled_and_read_back(tmp_path):
    import marshal

    from layerlint.project.cache import ScanCache
    from layerlint.project.discovery import ModuleFile
    from layerlint.project.files import SourceFiles

    source = tmp_path / "models.py"
    source.write_text(
        "from sqlalchemy.orm import DeclarativeBase\n\nclass Base(DeclarativeBase):\n    pass\n"
    )
    module = ModuleFile("app.models", str(source), "app/models.py", False, tmp_path)

    def fresh() -> SourceFiles:
        return SourceFiles(ScanCache(tmp_path / "cache"), {})

    files = fresh()
    found = files.extract(SYMBOLS, module)
    files.cache.save()
    stored = ScanCache(tmp_path / "cache").get(SYMBOLS.name, module.relpath, files.stamp(module))
    assert isinstance(stored, bytes) and marshal.loads(stored) == SYMBOLS.encode(found)
    again = fresh()
    assert again.extract(SYMBOLS, module) == found
    assert again.entry(SYMBOLS, module) == SYMBOLS.encode(found)
    # a damaged entry is made again from the file
    damaged = fresh()
    damaged.cache.put(SYMBOLS.name, module.relpath, damaged.stamp(module), b"\xff not marshal")
    assert damaged.extract(SYMBOLS, module) == found
    assert CLASS_HEADERS.packed is False and SYMBOLS.packed is True


def test_digests_of_entries_are_kept_by_stamp_and_made_again_after_an_edit(tmp_path):
    """SourceFiles.digests (the SQLAlchemy rules' key over every module): an unchanged
    file's digest is read back without its entries; an edited file's, or a damaged one, is
    made again from its entries; every module counts as taken either way."""
    from layerlint.project.cache import ScanCache
    from layerlint.project.discovery import ModuleFile
    from layerlint.project.files import SourceFiles

    first, second = tmp_path / "a.py", tmp_path / "b.py"
    first.write_text("class A(Base):\n    pass\n")
    second.write_text("x = 1\n")
    modules = [
        ModuleFile("app.a", str(first), "app/a.py", False, tmp_path),
        ModuleFile("app.b", str(second), "app/b.py", False, tmp_path),
    ]
    notes: list[str] = []

    def note(entries: tuple) -> bool:
        notes.append(entries[0][0])
        return bool(entries[0][1])

    def digests() -> tuple[list, SourceFiles]:
        files = SourceFiles(ScanCache(tmp_path / "cache"), {})
        found = files.digests("test:sketch", (CLASS_HEADERS, MENTION), modules, note)
        files.cache.save()
        return found, files

    made, files = digests()
    assert [has_bases for _, has_bases in made] == [True, False]
    assert notes == [("A",), ()]
    assert files.taken[CLASS_HEADERS.name] == files.taken[MENTION.name] == {"app.a", "app.b"}
    again, files = digests()
    assert again == made and len(notes) == 2  # read back: no entry looked at
    assert files.taken[MENTION.name] == {"app.a", "app.b"}
    second.write_text("class B:\n    pass\n")
    edited, _ = digests()
    assert edited[0] == made[0] and edited[1] != made[1] and notes[2:] == [("B",)]
    damaged = SourceFiles(ScanCache(tmp_path / "cache"), {})
    damaged.cache.put("test:sketch", "app/a.py", damaged.stamp(modules[0]), ("not bytes", 1))
    assert damaged.digests("test:sketch", (CLASS_HEADERS, MENTION), modules, note) == edited
    assert notes[3:] == [("A",)]
