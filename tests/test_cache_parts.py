"""The scan cache's tables are split in parts, a file's part fixed by a hash of its path,
each part a file named by its digest (project/cache.py): a part is read when an entry of
it is asked for, and written only when one of its entries changed. What is written must
always read back as exactly the tables held, whatever changed meanwhile."""

from __future__ import annotations

import random

import pytest
from helpers import read_scan_cache, scan_cache_parts

from layerlint.project.cache import ScanCache
from layerlint.store import Store

STAMP = (1, 2, 3, 4)


def stored(directory) -> dict:
    return read_scan_cache(directory.parent)[2]


@pytest.fixture
def directory(tmp_path):
    return tmp_path / ".layerlint_cache"  # where read_scan_cache looks


@pytest.fixture
def parts_io(monkeypatch):
    """The parts' files read and written, by kind."""
    seen: dict[str, list[str]] = {"read": [], "write": []}
    read, write = Store.read, Store.write

    def reading(self, name):
        if name.startswith("files-"):
            seen["read"].append(name)
        return read(self, name)

    def writing(self, name, data):
        if name.startswith("files-"):
            seen["write"].append(name)
        return write(self, name, data)

    monkeypatch.setattr(Store, "read", reading)
    monkeypatch.setattr(Store, "write", writing)
    return seen


def filled(directory, files: int) -> dict:
    cache = ScanCache(directory)
    for i in range(files):
        cache.put("imports", f"app/m{i}.py", STAMP, ((f"app.x{i % 7}", 1),))
        if i % 3 == 0:
            cache.put("other", f"app/m{i}.py", STAMP, i)
    cache.save()
    return {"imports": dict(cache.table("imports")), "other": dict(cache.table("other"))}


def test_an_edit_rewrites_its_parts_and_reads_what_it_asks_for(directory, parts_io):
    tables = filled(directory, 10_000)  # 5 parts a table
    assert stored(directory) == tables
    assert len(parts_io["write"]) == 10 and len(scan_cache_parts(directory.parent)) == 10
    parts_io["read"].clear(), parts_io["write"].clear()
    cache = ScanCache(directory)
    assert parts_io["read"] == []  # nothing read until asked for
    assert cache.get("imports", "app/m17.py", STAMP) == (("app.x3", 1),)
    assert len(parts_io["read"]) == 1
    cache.put("imports", "app/m17.py", (9, 9, 9, 9), (("app.new", 3),))
    cache.put("other", "app/m17.py", (9, 9, 9, 9), 17)
    assert len(parts_io["read"]) == 2  # the part of `other` that holds it, before it changes
    cache.save()
    assert len(parts_io["write"]) == 2  # one part of each table
    tables["imports"]["app/m17.py"] = ((9, 9, 9, 9), (("app.new", 3),))
    tables["other"]["app/m17.py"] = ((9, 9, 9, 9), 17)
    assert stored(directory) == tables
    assert len(scan_cache_parts(directory.parent)) == 10  # the two parts replaced are gone
    assert len(list(directory.glob("files-*.part"))) == 10


def test_random_edits_write_what_is_held(directory):
    tables = filled(directory, 6_000)
    rng = random.Random(7)
    for _ in range(25):
        cache = ScanCache(directory)
        for _ in range(rng.randint(0, 3)):
            relpath = f"app/m{rng.randrange(8_000)}.py"
            kind = rng.choice(["put", "put", "new table", "retain", "get"])
            if kind == "put":
                value = ((f"app.y{rng.randrange(5)}", rng.randrange(9)),)
                cache.put("imports", relpath, STAMP, value)
                tables["imports"][relpath] = (STAMP, value)
            elif kind == "new table":
                cache.put("answers", relpath, STAMP, {("line", 1): "x"})
                tables.setdefault("answers", {})[relpath] = (STAMP, {("line", 1): "x"})
            elif kind == "get":
                held = tables["other"].get(relpath)
                assert cache.get("other", relpath, STAMP) == (held and held[1])
            else:
                keep = set(tables["imports"]) - {relpath}
                cache.retain(keep)  # every table keeps only these files
                for entries in tables.values():
                    for gone in set(entries) - keep:
                        del entries[gone]
        cache.save()
        assert stored(directory) == {table: entries for table, entries in tables.items() if entries}
        assert sorted(p.name for p in directory.glob("files-*.part")) == scan_cache_parts(
            directory.parent
        )


def test_the_same_files_kept_read_no_part_to_tell(directory, parts_io):
    filled(directory, 5_000)
    kept = {f"app/m{i}.py" for i in range(5_000)}
    first = ScanCache(directory)
    first.retain(kept)  # nothing known of what was kept: every part is read
    assert len(parts_io["read"]) == 6
    first.save()
    parts_io["read"].clear()
    cache = ScanCache(directory)
    cache.retain(kept)
    assert parts_io["read"] == []
    cache.retain({f"app/m{i}.py" for i in range(1, 5_000)})  # one went: every part is read
    assert len(parts_io["read"]) == 6
    assert cache.get("imports", "app/m0.py", STAMP) is None


def test_a_part_removed_meanwhile_is_a_part_with_no_entries(directory):
    tables = filled(directory, 5_000)
    mine = ScanCache(directory)
    filled(directory, 4_999)  # another run writes its own cache meanwhile, and its parts
    mine.put("imports", "app/m1.py", (8, 8, 8, 8), ())
    assert mine.get("imports", "app/m4999.py", STAMP) is None  # its part is gone
    mine.save()
    found = stored(directory)
    # What it wrote is what it holds; the parts it had not read are gone, not made up.
    assert found["imports"]["app/m1.py"] == ((8, 8, 8, 8), ())
    tables["imports"]["app/m1.py"] = ((8, 8, 8, 8), ())
    for table, entries in found.items():
        assert all(entry == tables[table].get(relpath, entry) for relpath, entry in entries.items())
    assert len(found["imports"]) < len(tables["imports"])
    assert ScanCache(directory).warning is None


def test_more_files_make_more_parts_and_everything_is_written_again(directory, parts_io):
    tables = filled(directory, 2_000)  # one part a table
    parts_io["write"].clear()
    cache = ScanCache(directory)
    for i in range(2_000, 4_500):
        cache.put("imports", f"app/m{i}.py", STAMP, ())
        tables["imports"][f"app/m{i}.py"] = (STAMP, ())
    cache.retain(set(tables["imports"]))  # (the build tells it which files there are)
    cache.save()
    assert stored(directory) == tables
    assert len(parts_io["write"]) == 6  # three parts of each table


def test_a_damaged_part_is_written_again(directory):
    tables = filled(directory, 3_000)
    name = scan_cache_parts(directory.parent)[0]
    (directory / name).write_bytes(b"\x00damaged")
    cache = ScanCache(directory)
    held = {relpath: cache.get("imports", relpath, STAMP) for relpath in tables["imports"]}
    missing = [relpath for relpath, found in held.items() if found is None]
    if not missing:  # the damaged part was one of `other`'s
        held = {r: cache.get("other", r, STAMP) for r in tables["other"]}
        missing = [relpath for relpath, found in held.items() if found is None]
    assert missing  # its entries are missing, the others are there
    cache.save()
    assert name not in scan_cache_parts(directory.parent)  # no longer named
    assert not (directory / name).exists()


def test_a_process_that_writes_again_after_dividing_the_files_writes_what_it_holds(
    directory, parts_io
):
    """The files of each part written when the files were divided anew are not kept (the
    largest runs' memory): a process that writes again (the language server) finds them."""
    cache = ScanCache(directory)
    tables: dict = {"imports": {}}
    for i in range(5_000):
        cache.put("imports", f"app/m{i}.py", STAMP, ())
        tables["imports"][f"app/m{i}.py"] = (STAMP, ())
    cache.retain(set(tables["imports"]))
    cache.save()
    parts_io["write"].clear()
    cache.put("imports", "app/m3.py", (7, 7, 7, 7), (("app.x", 1),))
    tables["imports"]["app/m3.py"] = ((7, 7, 7, 7), (("app.x", 1),))
    cache.save()
    assert len(parts_io["write"]) == 1
    assert stored(directory) == tables
