"""The scan cache is written in parts, a file's part fixed by a hash of its path; the parts
no entry of which changed are copied from the file loaded (project/cache.py). What is
written must always decode to exactly the tables held, whatever changed meanwhile."""

from __future__ import annotations

import random

import pytest

from layerlint.project.cache import ScanCache, decode
from layerlint.store import Store

STAMP = (1, 2, 3, 4)


def stored(directory) -> dict:
    data = Store(directory).read("files.marshal")
    assert data is not None
    _, _, tables, _ = decode(data)
    return tables


@pytest.fixture
def copied(monkeypatch):
    """How many parts each write copied from the file loaded."""
    counts: list[int] = []
    original = ScanCache._unchanged

    def spy(self, count):
        kept = original(self, count)
        counts.append(0 if kept is None else sum(kept(i) is not None for i in range(count)))
        return kept

    monkeypatch.setattr(ScanCache, "_unchanged", spy)
    return counts


def filled(directory, files: int) -> dict:
    cache = ScanCache(directory)
    for i in range(files):
        cache.put("imports", f"app/m{i}.py", STAMP, ((f"app.x{i % 7}", 1),))
        if i % 3 == 0:
            cache.put("other", f"app/m{i}.py", STAMP, i)
    cache.save()
    return {"imports": dict(cache.table("imports")), "other": dict(cache.table("other"))}


def test_an_edit_rewrites_its_part_and_copies_the_others(tmp_path, copied):
    directory = tmp_path / "cache"
    tables = filled(directory, 10_000)  # 5 parts
    assert stored(directory) == tables and copied == [0]  # nothing loaded: all encoded
    cache = ScanCache(directory)
    cache.put("imports", "app/m17.py", (9, 9, 9, 9), (("app.new", 3),))
    cache.save()
    tables["imports"]["app/m17.py"] = ((9, 9, 9, 9), (("app.new", 3),))
    assert stored(directory) == tables
    assert copied[-1] == 4  # one part of five encoded again


def test_random_edits_write_what_is_held(tmp_path, copied):
    directory = tmp_path / "cache"
    tables = filled(directory, 6_000)
    rng = random.Random(7)
    for _ in range(25):
        cache = ScanCache(directory)
        for _ in range(rng.randint(0, 3)):
            relpath = f"app/m{rng.randrange(8_000)}.py"
            kind = rng.choice(["put", "put", "new table", "retain"])
            if kind == "put":
                value = ((f"app.y{rng.randrange(5)}", rng.randrange(9)),)
                cache.put("imports", relpath, STAMP, value)
                tables["imports"][relpath] = (STAMP, value)
            elif kind == "new table":
                cache.put("answers", relpath, STAMP, {("line", 1): "x"})
                tables.setdefault("answers", {})[relpath] = (STAMP, {("line", 1): "x"})
            else:
                keep = set(tables["imports"]) - {relpath}
                cache.retain(keep)  # every table keeps only these files
                for entries in tables.values():
                    for gone in set(entries) - keep:
                        del entries[gone]
        cache.save()
        assert stored(directory) == tables
    assert any(copied[1:])  # the copying ran, and what it wrote decoded to the same


def test_a_cache_replaced_since_it_was_loaded_is_not_copied_from(tmp_path, copied):
    directory = tmp_path / "cache"
    tables = filled(directory, 5_000)
    mine = ScanCache(directory)
    filled(directory, 4_999)  # another run writes its own cache meanwhile
    mine.put("imports", "app/m1.py", (8, 8, 8, 8), ())
    mine.save()
    tables["imports"]["app/m1.py"] = ((8, 8, 8, 8), ())
    assert stored(directory) == tables  # all of it encoded from what this run holds
    assert copied[-1] == 0


def test_more_files_make_more_parts_and_everything_is_encoded_again(tmp_path, copied):
    directory = tmp_path / "cache"
    tables = filled(directory, 2_000)  # one part
    cache = ScanCache(directory)
    for i in range(2_000, 4_500):
        cache.put("imports", f"app/m{i}.py", STAMP, ())
        tables["imports"][f"app/m{i}.py"] = (STAMP, ())
    cache.save()
    assert stored(directory) == tables and copied[-1] == 0
