"""The listing of a project's files kept between runs (project/listing.py): after seeded
random edits of the folders (files and folders added, removed and renamed, __init__.py
added and removed, `x.py` beside a package `x/`, an excluded folder, symbolic links whose
targets come and go), the survey with the kept listing is exactly a fresh walk's; a folder
changed within the racy window is not trusted; a damaged or foreign file is a miss; and
`--no-cache` writes nothing."""

from __future__ import annotations

import marshal
import os
import random
import shutil
import time
from pathlib import Path

import pytest

from helpers import write, write_project
from layerlint.config import load_config
from layerlint.project import discovery, listing
from layerlint.store import Store

WINDOW = 30_000_000  # ns: the racy window in these tests, slept out after every edit
FILES = {
    "app/__init__.py": "",
    "app/core.py": "import app.api\n",
    "app/api/__init__.py": "",
    "app/api/views.py": "from app import core\n",
    "app/api/forms.py": "",
    "app/skipped/__init__.py": "",
    "app/skipped/old.py": "",
    "app/tools/helper.py": "",  # no __init__.py: an orphan inside the package
    "app/models_gen.py": "",
    "shared/lib/__init__.py": "",
    "shared/lib/util.py": "",
    "shared/other/__init__.py": "",
    "shared/other/thing.py": "",
}


def _project(tmp_path: Path) -> Path:
    excluded = ["app/skipped", "*_gen.py"]
    root = write_project(tmp_path / "proj", FILES, auto_init=False, exclude=excluded)
    os.symlink("../shared/lib", root / "app" / "linked")  # a linked folder, followed
    os.symlink("..", root / "app" / "api" / "loop")  # a loop, walked once
    # A package whose __init__.py is a link, beside a module of its name: the module is
    # hidden while the link's target is a file.
    write(root, {"app/via/m.py": "", "app/via.py": "", "shared/init.py": ""})
    os.symlink("../../shared/init.py", root / "app" / "via" / "__init__.py")
    return root


@pytest.fixture
def walks(monkeypatch) -> list[int]:
    """How many times the project was walked (a call of find_module_files each)."""
    calls: list[int] = []
    original = discovery.find_module_files
    monkeypatch.setattr(
        discovery, "find_module_files", lambda *a: calls.append(1) or original(*a)
    )
    return calls


def _fresh(root: Path) -> discovery.Survey:
    return discovery.survey(load_config(root))


def _kept(root: Path) -> discovery.Survey:
    return discovery.survey(load_config(root), root / ".layerlint_cache")


def _folders(root: Path) -> list[Path]:
    """The folders under app/ (not through links), readable or not."""
    app, unreadable = root / "app", []
    found = [d for d, _, _ in os.walk(app, onerror=lambda e: unreadable.append(e.filename))]
    found = [Path(d) for d in found + unreadable if "loop" not in Path(d).relative_to(app).parts]
    return [f for f in found if not f.is_symlink() and f.resolve().is_relative_to(app)]


def _readable(folder: Path) -> None:
    """The folder and every folder in it made readable, from the top down."""
    folder.chmod(0o755)
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            _readable(child)


def _edit(rng: random.Random, root: Path, step: int) -> str:
    """One random change of the tree under `app/` (or of a link's target); what it was."""
    folders = _folders(root)
    files = [f for f in (root / "app").rglob("*") if f.is_file() and not f.is_symlink()]
    files = [f for f in files if f != root / "app" / "__init__.py"]
    folder = rng.choice(folders)
    name = rng.choice(["a", "b", "c", "api", "tools", "skipped", "not-ident", "m_gen"])
    choice = rng.randrange(15)
    if choice == 0:
        (folder / f"{name}.py").write_text(f"x = {step}\n")
    elif choice == 1 and files:
        rng.choice(files).unlink()
    elif choice == 2 and files:
        source = rng.choice(files)
        source.rename(source.with_name(rng.choice([f"{name}.py", f"{name}.txt", ".hidden.py"])))
    elif choice == 3:
        (folder / name).mkdir(exist_ok=True)
        (folder / name / "__init__.py").write_text("")
        (folder / name / "mod.py").write_text("")
    elif choice == 4:  # a folder without __init__.py: a namespace, or an orphan
        (folder / name).mkdir(exist_ok=True)
        (folder / name / "loose.py").write_text("")
    elif choice == 5 and folder != root / "app":
        _readable(folder)
        shutil.rmtree(folder)
    elif choice == 6 and folder != root / "app":
        folder.rename(folder.with_name(f"{name}{step}"))
    elif choice == 7 and folder != root / "app":
        init = folder / "__init__.py"
        init.unlink() if init.exists() else init.write_text("")
    elif choice == 8:  # `x.py` beside a package `x/`
        packages = [f for f in folders if f != root / "app" and (f / "__init__.py").exists()]
        if packages:
            package = rng.choice(packages)
            package.with_suffix(".py").write_text("")
    elif choice == 9:  # the linked folder's target goes (a dangling link) or comes back
        lib, gone = root / "shared" / "lib", root / "shared" / "lib-gone"
        lib.rename(gone) if lib.exists() else gone.rename(lib)
    elif choice == 10:  # the link is pointed elsewhere, or at a file
        link = root / "app" / "linked"
        link.unlink()
        targets = ["../shared/lib", "../shared/other", "../shared/other/thing.py"]
        os.symlink(rng.choice(targets), link)
    elif choice == 11:  # inside the linked folder
        target = root / "shared" / rng.choice(["lib", "other"])
        if target.exists():
            (target / f"{name}.py").write_text("")
    elif choice == 12:  # the target of app/via/__init__.py goes, or comes back
        init, gone = root / "shared" / "init.py", root / "shared" / "init-gone.py"
        init.rename(gone) if init.exists() else gone.rename(init)
    elif choice >= 13 and len(folders) > 1:  # unreadable, or readable again
        folder = rng.choice(folders[1:])
        folder.chmod(0o755 if folder.stat().st_mode & 0o777 == 0 else 0)
    else:
        (root / "app" / "core.py").write_text(f"import app.api  # {step}\n")  # no folder changes
    return f"step {step}: edit {choice} in {folder.relative_to(root)}"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kept_survey_is_a_fresh_walk(tmp_path: Path, seed: int, monkeypatch, walks):
    monkeypatch.setattr(listing, "RACY_NS", WINDOW)
    if os.geteuid() == 0:  # root reads any folder: scandir refuses as it would anyone else
        scandir = os.scandir

        def refusing(path="."):
            if not isinstance(path, int) and os.stat(path).st_mode & 0o777 == 0:
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return scandir(path)

        monkeypatch.setattr(os, "scandir", refusing)
    rng = random.Random(seed)
    root = _project(tmp_path)
    changed = kept = unreadable = 0
    before = None
    try:
        for step in range(60):
            what = _edit(rng, root, step) if step else "start"
            time.sleep(2 * WINDOW / 1e9)
            fresh = _fresh(root)
            walks.clear()
            assert _kept(root) == fresh, what  # after the edit: walked, or kept if unchanged
            walked = len(walks)
            assert _kept(root) == fresh, what  # and again: from the listing kept
            assert len(walks) == walked <= 1, what
            kept += walked == 0
            changed += before is not None and fresh.found != before.found
            unreadable += any(w.startswith("cannot read folder") for w in fresh.found.warnings)
            before = fresh
    finally:
        _readable(root / "app")
    assert changed >= 20 and kept >= 3 and unreadable >= 3  # the edits changed the listing


def _aged(root: Path, monkeypatch) -> None:
    """The racy window made short, and slept out: the project's folders are old enough."""
    monkeypatch.setattr(listing, "RACY_NS", WINDOW)
    time.sleep(2 * WINDOW / 1e9)


def test_a_folder_changed_within_the_racy_window_is_not_trusted(tmp_path: Path, walks):
    """The folders were just written: within 2 s of the walk, so it keeps nothing, and
    the next run walks again."""
    assert listing.RACY_NS == 2_000_000_000
    root = _project(tmp_path)
    fresh = _fresh(root)
    walks.clear()
    assert _kept(root) == fresh
    assert not (root / ".layerlint_cache" / "survey.marshal").exists()
    assert _kept(root) == fresh
    assert len(walks) == 2


def test_one_racy_folder_deep_down_keeps_nothing(tmp_path: Path, monkeypatch, walks):
    root = _project(tmp_path)
    _aged(root, monkeypatch)
    (root / "shared" / "lib" / "new.py").write_text("")  # the linked folder, changed now
    assert _kept(root) == _fresh(root)
    assert not (root / ".layerlint_cache" / "survey.marshal").exists()
    time.sleep(2 * WINDOW / 1e9)
    walks.clear()
    assert _kept(root) == _kept(root) == _fresh(root)
    assert len(walks) == 2  # the first walked and kept its listing; the second took it
    assert "app.linked.new" in {m.name for m in _kept(root).found.modules}


def _stored(root: Path) -> tuple:
    return marshal.loads(Store(root / ".layerlint_cache").read("survey.marshal"))


@pytest.mark.parametrize(
    "damage",
    [
        "flipped byte",
        "other key",
        "not a tuple",
        "listing of another shape",
        "columns of unequal lengths",
        "a folder gone",
        "a link's kind changed",
    ],
)
def test_a_damaged_or_foreign_listing_is_a_miss(tmp_path: Path, monkeypatch, walks, damage: str):
    root = _project(tmp_path)
    _aged(root, monkeypatch)
    expected = _kept(root)
    key, stamps, kinds, found = _stored(root)
    links = ("app/api/loop", "app/linked", "app/api/loop/linked")  # the loop is read once
    assert kinds == {
        **{str(root / link): "d" for link in links}, str(root / "app/via/__init__.py"): "f"
    }
    assert str(root / "shared" / "lib") not in stamps  # walked as app/linked
    folders = ("", "api", "api/loop", "linked", "tools", "via")
    assert set(stamps) == {str(root / "app" / folder) for folder in folders}
    store = Store(root / ".layerlint_cache")
    path = root / ".layerlint_cache" / "survey.marshal"
    if damage == "flipped byte":
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 1
        path.write_bytes(bytes(data))
    elif damage == "other key":
        store.write("survey.marshal", marshal.dumps(((*key[:-1], (-1, -1)), stamps, kinds, found)))
    elif damage == "not a tuple":
        store.write("survey.marshal", marshal.dumps([key, stamps, kinds, found]))
    elif damage == "listing of another shape":
        store.write("survey.marshal", marshal.dumps((key, stamps, kinds, found[:4])))
    elif damage == "columns of unequal lengths":
        modules = (found[0][0][1:], *found[0][1:])
        store.write("survey.marshal", marshal.dumps((key, stamps, kinds, (modules, *found[1:]))))
    elif damage == "a folder gone":
        more = {**stamps, str(root / "gone"): stamps[str(root / "app")]}
        store.write("survey.marshal", marshal.dumps((key, more, kinds, found)))
    else:
        other = {**kinds, str(root / "app" / "linked"): "f"}
        store.write("survey.marshal", marshal.dumps((key, stamps, other, found)))
    walks.clear()
    assert _kept(root) == expected == _fresh(root)
    assert len(walks) == 2
    assert _stored(root) == (key, stamps, kinds, found)  # walked and stored again


def test_the_stored_listing_is_the_walk_exactly(tmp_path: Path, monkeypatch, walks):
    root = _project(tmp_path)
    (root / "app" / "api.py").write_text("")  # shadowed by the package app/api
    _aged(root, monkeypatch)
    _kept(root)
    walks.clear()
    found = _kept(root).found
    assert walks == []
    assert found == _fresh(root).found
    names = sorted(m.name for m in found.modules)
    assert names == [
        "app", "app.api", "app.api.forms", "app.api.views", "app.core", "app.linked",
        "app.linked.util", "app.via", "app.via.m",
    ]
    assert [m.relpath for m in found.shadowed] == ["app/api.py", "app/via.py"]
    assert [m.relpath for m in found.hidden] == ["app/tools/helper.py"]
    assert {m.package_dir for m in found.modules} == {root / "app"}
    assert len({id(m.package_dir) for m in found.modules}) == 1  # one Path, not one a module
    assert found.namespaces == set()
    assert found.warnings == [discovery.orphan_warning(["app/tools"])]


def test_no_cache_writes_nothing(tmp_path: Path, monkeypatch, cli):
    root = _project(tmp_path)
    _aged(root, monkeypatch)
    assert cli("check", "--no-cache", ".", cwd=root)[0] == 0
    assert not (root / ".layerlint_cache").exists()
    assert cli("check", ".", cwd=root)[0] == 0
    assert (root / ".layerlint_cache" / "survey.marshal").is_file()


def test_a_folder_that_cannot_be_written_keeps_nothing(tmp_path: Path, monkeypatch, walks):
    root = _project(tmp_path)
    _aged(root, monkeypatch)
    write(root, {".layerlint_cache": "a file where the folder would be"})
    assert _kept(root) == _kept(root) == _fresh(root)
    assert len(walks) == 3
