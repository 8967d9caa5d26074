"""The flake8 plugin, through real flake8 processes: one file's diagnostics in flake8's
format, flake8's own `# noqa`, unsaved buffers on stdin, several workers, the shared
whole-project results cache, `--layerlint-config`, and broken or missing configurations.
"""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

import pytest
from helpers import run_module, write, write_project

LAYERS = {"name": "Layers", "type": "layers", "layers": ["app.api", "app.services", "app.domain"]}
PURE = {
    "name": "Pure domain",
    "type": "forbidden",
    "source_modules": ["app.domain"],
    "forbidden_modules": ["requests"],
}
FILES = {
    "src/app/api/views.py": "import os\n",
    "src/app/api/routes.py": "from app.services import mail\n",  # allowed: downwards
    "src/app/services/mail.py": "from app.api import views\n",
    "src/app/services/billing.py": (
        "import os\n\n\ndef charge():\n    from app.api import routes\n    return routes\n"
    ),
    "src/app/domain/user.py": "import requests\nfrom app.services import billing\n",
    "src/app/domain/order.py": "import os\n",
}


def layer_message(importer: str, imported: str, lower: str, higher: str) -> str:
    return (
        f"LL101 Layer violation: {importer} -> {imported}: layer '{lower}' must not import "
        f"higher layer '{higher}' (contract 'Layers')"
    )


EXPECTED = {
    "src/app/services/mail.py": [
        "src/app/services/mail.py:1:1: "
        + layer_message("app.services.mail", "app.api.views", "app.services", "app.api"),
    ],
    "src/app/services/billing.py": [
        "src/app/services/billing.py:5:5: "
        + layer_message("app.services.billing", "app.api.routes", "app.services", "app.api"),
    ],
    "src/app/domain/user.py": [
        (
            "src/app/domain/user.py:1:1: LL102 Forbidden import: app.domain.user -> requests: "
            "'app.domain' must not import 'requests' (contract 'Pure domain')"
        ),
        "src/app/domain/user.py:2:1: "
        + layer_message("app.domain.user", "app.services.billing", "app.domain", "app.services"),
    ],
    "src/app/domain/order.py": [],
    "src/app/api/views.py": [],
    "src/app/api/routes.py": [],
}
RESULTS = Path(".layerlint_cache") / "results.marshal"

# Loaded by every Python process of a flake8 run (PYTHONPATH): counts whole-project analyses
# (one line per analysis in $LAYERLINT_TEST_COUNT) and can switch multiprocessing to spawn.
SITECUSTOMIZE = textwrap.dedent(
    """
    import os

    if os.environ.get("LAYERLINT_TEST_START_METHOD"):
        import multiprocessing

        multiprocessing.set_start_method(os.environ["LAYERLINT_TEST_START_METHOD"], force=True)

    if os.environ.get("LAYERLINT_TEST_COUNT"):
        import layerlint.engine as _engine
        import layerlint.results as _results

        _original = _engine.analyse

        def _counted(*args, _original=_original, **kwargs):
            with open(os.environ["LAYERLINT_TEST_COUNT"], "a") as stream:
                stream.write(f"{os.getpid()}\\n")
            return _original(*args, **kwargs)

        _engine.analyse = _counted
        if getattr(_results, "analyse", None) is _original:
            _results.analyse = _counted
    """
)


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    return write_project(tmp_path / "proj", FILES, [LAYERS, PURE])


@pytest.fixture
def counting(tmp_path: Path):
    """Environment for flake8 that counts analyses: returns (env, count function)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    counter = tmp_path / "analyses.txt"
    env = {"PYTHONPATH": str(site), "LAYERLINT_TEST_COUNT": str(counter)}

    def count() -> int:
        if not counter.exists():
            return 0
        total = len(counter.read_text().splitlines())
        counter.unlink()
        return total

    return env, count


def flake8(
    *args: str, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    return run_module("flake8", *args, cwd=cwd, stdin=stdin, env=env, text=True, timeout=60)


def lines(result: subprocess.CompletedProcess) -> list[str]:
    return result.stdout.splitlines()


def analysed_once(proj: Path, counting, target: str) -> subprocess.CompletedProcess:
    """flake8 on one file of a project without stored results: its diagnostics, from one
    analysis."""
    env, count = counting
    result = flake8("--select", "LL", target, cwd=proj, env=env)
    assert lines(result) == EXPECTED[target]
    assert count() == 1
    return result




# -- one file at a time ------------------------------------------------------------------------


def test_select_ll_reports_exactly_that_files_diagnostics(proj, cli):
    for path, expected in EXPECTED.items():
        result = flake8("--select", "LL", path, cwd=proj)
        assert result.stderr == ""
        assert lines(result) == expected, path
        assert result.returncode == (1 if expected else 0), path
        # the same diagnostics as `layerlint check FILE`, then its summary (one file does
        # not tell whether a contract is kept: no line per contract)
        _code, out, _ = cli("check", "--no-cache", path, cwd=proj)
        assert out.splitlines()[:-1] == expected


def test_several_files_and_a_directory(proj):
    result = flake8(
        "--select", "LL", "src/app/domain/user.py", "src/app/services/mail.py", cwd=proj
    )
    assert result.returncode == 1
    assert (
        lines(result) == EXPECTED["src/app/domain/user.py"] + EXPECTED["src/app/services/mail.py"]
    )
    result = flake8("--select", "LL", "src", cwd=proj)
    assert result.returncode == 1
    assert sorted(lines(result)) == sorted(line for found in EXPECTED.values() for line in found)


def test_other_checks_are_not_affected(proj):
    """Without LL selected, the plugin's findings do not show; with E702 and LL, both."""
    write(proj, {"src/app/services/mail.py": "from app.api import views;import os\n"})
    assert lines(flake8("--select", "E702", "src/app/services/mail.py", cwd=proj)) == [
        "src/app/services/mail.py:1:26: E702 multiple statements on one line (semicolon)"
    ]
    both = lines(flake8("--select", "E702,LL", "src/app/services/mail.py", cwd=proj))
    assert both == [
        EXPECTED["src/app/services/mail.py"][0],
        "src/app/services/mail.py:1:26: E702 multiple statements on one line (semicolon)",
    ]


# -- noqa -------------------------------------------------------------------------------------


def test_flake8_noqa_handling(proj):
    write(
        proj,
        {
            "src/app/domain/a.py": "from app.api import views  # noqa: LL101\n",
            "src/app/domain/b.py": "from app.api import views  # noqa: E501\n",
            "src/app/domain/c.py": "from app.api import views  # noqa\n",
        },
    )
    files = ["src/app/domain/a.py", "src/app/domain/b.py", "src/app/domain/c.py"]

    def message(module: str) -> str:
        return f"src/app/domain/{module}.py:1:1: " + layer_message(
            f"app.domain.{module}", "app.api.views", "app.domain", "app.api"
        )

    result = flake8("--select", "LL", *files, cwd=proj)
    assert (result.returncode, result.stderr) == (1, "")
    assert lines(result) == [message("b")]
    result = flake8("--select", "LL", "--disable-noqa", *files, cwd=proj)
    assert (result.returncode, result.stderr) == (1, "")
    assert lines(result) == [message("a"), message("b"), message("c")]
    result = flake8("--select", "LL", "src/app/domain/a.py", cwd=proj)
    assert (result.returncode, result.stdout) == (0, "")
    # flake8 hides everything on a line with a bare `# noqa` (c.py); `layerlint check`
    # silences only the codes a noqa names, so it reports c.py.
    result = run_module("layerlint", "check", "--no-cache", *files, cwd=proj, text=True)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines()[:-1] == [
        message("b"), message("c")  # some files: no line per contract
    ]


# -- unsaved buffers on stdin -------------------------------------------------------------------


def stdin_run(proj: Path, display_name: str, buffer: str, **kwargs) -> subprocess.CompletedProcess:
    return flake8(
        "--select",
        "LL",
        "--stdin-display-name",
        display_name,
        "-",
        cwd=proj,
        stdin=buffer,
        **kwargs,
    )


def test_stdin_buffer_with_an_added_import_is_reported(proj):
    on_disk = (proj / "src/app/domain/order.py").read_bytes()
    result = stdin_run(proj, "src/app/domain/order.py", "import os\nfrom app.api import views\n")
    assert result.stderr == ""
    assert lines(result) == [
        "src/app/domain/order.py:2:1: "
        + layer_message("app.domain.order", "app.api.views", "app.domain", "app.api")
    ]
    assert result.returncode == 1
    assert (proj / "src/app/domain/order.py").read_bytes() == on_disk
    # the file on disk is still clean for a normal run afterwards
    result = flake8("--select", "LL", "src/app/domain/order.py", cwd=proj)
    assert (result.returncode, result.stdout) == (0, "")


def test_stdin_buffer_with_a_deleted_import_is_not_reported(proj):
    result = stdin_run(proj, "src/app/services/mail.py", "import os\n")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    # one of two deleted: the other remains, at its line in the buffer
    result = stdin_run(proj, "src/app/domain/user.py", "from app.services import billing\n")
    assert lines(result) == [
        "src/app/domain/user.py:1:1: "
        + layer_message("app.domain.user", "app.services.billing", "app.domain", "app.services")
    ]
    # the disk still has both, and a normal run (through the shared results) says so
    result = flake8(
        "--select", "LL", "src/app/services/mail.py", "src/app/domain/user.py", cwd=proj
    )
    assert (
        lines(result) == EXPECTED["src/app/domain/user.py"] + EXPECTED["src/app/services/mail.py"]
    )


def test_stdin_buffer_equal_to_the_disk(proj):
    buffer = (proj / "src/app/domain/user.py").read_text()
    result = stdin_run(proj, "src/app/domain/user.py", buffer)
    assert lines(result) == EXPECTED["src/app/domain/user.py"]
    assert result.returncode == 1


def test_stdin_buffer_that_places_diagnostics_alike_uses_the_stored_results(proj, counting):
    # An editor that lints as one types: the stored results stand for a buffer whose
    # imports (as Python reads a buffer), statements, noqa comments and lines shown are
    # those the results were made from.
    env, count = counting
    target = "src/app/domain/user.py"
    saved = analysed_once(proj, counting, target)
    typing = (proj / target).read_text() + "\n\ndef helper():\n    return 1  # wip\n"
    result = stdin_run(proj, target, typing, env=env)
    assert (result.returncode, result.stdout, result.stderr) == (1, saved.stdout, "")
    assert count() == 0
    # a noqa comment on a reported line changes what placing it reads: analysed
    silenced = (proj / target).read_text().replace("billing\n", "billing  # noqa: LL101\n")
    result = stdin_run(proj, target, silenced, env=env)
    assert lines(result) == [line for line in EXPECTED[target] if "LL101" not in line]
    assert count() == 1


def test_stdin_buffer_of_a_new_file_not_yet_saved(proj):
    """A new module typed into an editor, never saved: its buffer is all there is."""
    assert not (proj / "src/app/domain/draft.py").exists()
    result = stdin_run(proj, "src/app/domain/draft.py", "from app.api import views\n")
    assert result.stderr == ""
    assert lines(result) == [
        "src/app/domain/draft.py:1:1: "
        + layer_message("app.domain.draft", "app.api.views", "app.domain", "app.api")
    ]
    assert result.returncode == 1


# -- several workers ---------------------------------------------------------------------------


def many_files_project(root: Path) -> tuple[Path, list[str], list[str]]:
    files = dict(FILES)
    expected = [line for found in EXPECTED.values() for line in found]
    for i in range(14):
        files[f"src/app/services/s{i:02}.py"] = "import os\nfrom app.api import views\n"
        expected.append(
            f"src/app/services/s{i:02}.py:2:1: "
            + layer_message(f"app.services.s{i:02}", "app.api.views", "app.services", "app.api")
        )
        files[f"src/app/domain/d{i:02}.py"] = "from app.domain import order\n"
    write_project(root, files, [LAYERS, PURE])
    paths = sorted(p for p in files if p.endswith(".py"))
    return root, paths, sorted(expected)


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_jobs_2_equals_jobs_1_and_analyses_once(tmp_path, counting, start_method):
    root, paths, expected = many_files_project(tmp_path / "many")
    env, count = counting
    env = {**env, "LAYERLINT_TEST_START_METHOD": start_method}
    parallel = flake8("--select", "LL", "--jobs", "2", *paths, cwd=root, env=env)
    assert parallel.stderr == ""
    assert parallel.returncode == 1
    assert sorted(lines(parallel)) == expected
    assert count() == 1, "cold cache, two workers, 40 files: exactly one analysis"
    (root / RESULTS).unlink()
    serial = flake8("--select", "LL", "--jobs", "1", *paths, cwd=root, env=env)
    assert serial.stdout == parallel.stdout
    assert serial.returncode == 1
    assert count() == 1
    again = flake8("--select", "LL", "--jobs", "2", *paths, cwd=root, env=env)
    assert again.stdout == parallel.stdout
    assert count() == 0  # warm: nothing analysed again


# -- the shared results ------------------------------------------------------------------------


def test_results_are_reused_while_the_project_is_unchanged(proj, counting):
    env, count = counting
    target = "src/app/services/mail.py"
    first = analysed_once(proj, counting, target)
    results = proj / RESULTS
    assert results.is_file()
    before = results.stat()
    data = results.read_bytes()

    second = flake8("--select", "LL", target, cwd=proj, env=env)
    assert second.stdout == first.stdout and second.returncode == first.returncode == 1
    assert count() == 0
    after = results.stat()
    assert (after.st_mtime_ns, after.st_ino, after.st_size) == (
        before.st_mtime_ns,
        before.st_ino,
        before.st_size,
    )
    assert results.read_bytes() == data
    # other files are served from the same results
    other = flake8("--select", "LL", "src/app/domain/user.py", cwd=proj, env=env)
    assert lines(other) == EXPECTED["src/app/domain/user.py"]
    assert count() == 0

    # an edit (new content, newer mtime) is seen by the next run
    path = proj / target
    path.write_text("import os\n")
    stamp = before.st_mtime_ns + 5_000_000_000
    os.utime(path, ns=(stamp, stamp))
    third = flake8("--select", "LL", target, cwd=proj, env=env)
    assert (third.returncode, third.stdout, third.stderr) == (0, "", "")
    assert count() == 1
    assert results.read_bytes() != data

    # an edit that keeps the size, with a newer mtime
    path = proj / "src/app/domain/user.py"
    size = path.stat().st_size
    path.write_text("import datetime\nfrom app.services import billing\n")
    assert path.stat().st_size == size
    stamp += 5_000_000_000
    os.utime(path, ns=(stamp, stamp))
    fourth = flake8("--select", "LL", "src/app/domain/user.py", cwd=proj, env=env)
    assert lines(fourth) == EXPECTED["src/app/domain/user.py"][1:]

    # a new module, and a changed configuration
    write(proj, {"src/app/domain/extra.py": "from app.api import views\n"})
    fifth = flake8("--select", "LL", "src/app/domain/extra.py", cwd=proj, env=env)
    assert lines(fifth) == [
        "src/app/domain/extra.py:1:1: "
        + layer_message("app.domain.extra", "app.api.views", "app.domain", "app.api")
    ]
    write_project(proj, {}, [PURE])
    sixth = flake8("--select", "LL", "src/app/domain/extra.py", cwd=proj, env=env)
    assert (sixth.returncode, sixth.stdout, sixth.stderr) == (0, "", "")


# -- configuration -----------------------------------------------------------------------------


def moved_config(tmp_path: Path, proj: Path) -> Path:
    """The project's configuration moved out of the project, to settings/layerlint-conf.toml."""
    config = tmp_path / "settings" / "layerlint-conf.toml"
    config.parent.mkdir()
    (proj / "pyproject.toml").rename(config)
    return config


def test_layerlint_config_option(tmp_path, proj):
    config = moved_config(tmp_path, proj)
    files = ["src/app/domain/user.py", "src/app/services/mail.py", "src/app/domain/order.py"]
    expected = EXPECTED["src/app/domain/user.py"] + EXPECTED["src/app/services/mail.py"]
    # without it: no configuration above the files, so not a layerlint project
    result = flake8("--select", "LL", *files, cwd=proj)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    for value in (str(config), os.path.relpath(config, proj)):
        result = flake8("--select", "LL", "--layerlint-config", value, *files, cwd=proj)
        assert result.stderr == ""
        assert lines(result) == expected
        assert result.returncode == 1


def test_layerlint_config_in_flake8s_configuration(tmp_path, proj):
    config = moved_config(tmp_path, proj)
    write(proj, {".flake8": f"[flake8]\nlayerlint-config = {config}\n"})
    result = flake8("--select", "LL", "src/app/services/mail.py", cwd=proj)
    assert result.stderr == ""
    assert lines(result) == EXPECTED["src/app/services/mail.py"]
    assert result.returncode == 1


def test_layerlint_config_file_not_found(proj):
    result = flake8(
        "--select",
        "LL",
        "--layerlint-config",
        "nowhere.toml",
        "src/app/services/mail.py",
        cwd=proj,
    )
    assert_unusable(result, "nowhere.toml: config file not found")


def _config_with(proj: Path, old: str, new: str) -> Path:
    config = proj / "pyproject.toml"
    text = config.read_text()
    assert old in text
    config.write_text(text.replace(old, new))
    return proj


@pytest.fixture
def broken(proj: Path) -> Path:
    return _config_with(proj, 'type = "forbidden"', 'type = "forbiden"')


def test_broken_configuration_is_said_on_the_file_and_flake8_goes_on(broken):
    write(broken, {"src/app/services/unused.py": "import os\n"})
    result = flake8("--select", "LL,F", "src/app/services/unused.py", cwd=broken)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        "src/app/services/unused.py:1:1: LL906 layerlint cannot check this file: "
        "pyproject.toml: contract 'Pure domain' (#2): key 'type': unknown contract type "
        "'forbiden' (did you mean 'forbidden'?)",
        "src/app/services/unused.py:1:1: F401 'os' imported but unused",
    ]


def test_broken_configuration_with_several_files_and_jobs(broken):
    files = sorted(str(p.relative_to(broken)) for p in (broken / "src").rglob("*.py"))
    assert len(files) > 4
    result = flake8("--select", "LL", "--jobs", "2", *files, cwd=broken)
    assert_unusable(result, "forbiden", files=len(files))
    result = flake8("--select", "LL", "--jobs", "2", "src", cwd=broken)
    assert_unusable(result, "forbiden", files=len(files))


def test_broken_configuration_with_stdin(broken):
    result = stdin_run(broken, "src/app/services/mail.py", "import os\n")
    assert_unusable(result, "forbiden")


def test_broken_configuration_seen_from_outside_the_project(broken):
    """flake8 run from a parent directory (a monorepo's root) on the project's files."""
    files = [f"{broken.name}/src/app/services/mail.py", f"{broken.name}/src/app/domain/user.py"]
    result = flake8("--select", "LL", "--jobs", "2", *files, cwd=broken.parent)
    assert_unusable(result, "forbiden", files=2)


@pytest.fixture
def missing_module(proj: Path) -> Path:
    """A contract naming a module that does not exist: known only once the project is read."""
    return _config_with(proj, 'source_modules = ["app.domain"]', 'source_modules = ["app.domian"]')


def test_missing_module_is_said_on_every_file_and_stdin(missing_module):
    result = flake8("--select", "LL", "src/app/services/mail.py", cwd=missing_module)
    assert_unusable(result, "module 'app.domian' does not exist")
    result = stdin_run(missing_module, "src/app/services/mail.py", "import os\n")
    assert_unusable(result, "module 'app.domian' does not exist")
    files = sorted((missing_module / "src").rglob("*.py"))
    for jobs in ("1", "2"):
        result = flake8("--select", "LL", "--jobs", jobs, "src", cwd=missing_module)
        assert_unusable(result, "module 'app.domian' does not exist", files=len(files))


# -- files outside any project -----------------------------------------------------------------


def test_file_in_no_layerlint_project(tmp_path, proj):
    loose = write(
        tmp_path / "loose",
        {"tool.py": "import requests\nfrom app.api import views\n", "pkg/__init__.py": ""},
    )
    result = flake8("--select", "LL", "tool.py", cwd=loose)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    result = flake8("--select", "LL", "--jobs", "2", "tool.py", "pkg/__init__.py", cwd=loose)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    # from inside a project, a file elsewhere gets nothing, the project's file its own
    result = flake8("--select", "LL", str(loose / "tool.py"), "src/app/services/mail.py", cwd=proj)
    assert result.stderr == ""
    assert lines(result) == EXPECTED["src/app/services/mail.py"]
    # a script inside the project directory but outside its packages
    write(proj, {"scripts/run.py": "import requests\nfrom app.api import views\n"})
    result = flake8("--select", "LL", "scripts/run.py", cwd=proj)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def assert_unusable(result: subprocess.CompletedProcess, fragment: str, files: int = 1) -> None:
    """A configuration layerlint cannot use: one LL906 at the top of each file checked,
    naming what is wrong, and flake8 goes on (exit 1, nothing on stderr)."""
    assert (result.returncode, result.stderr) == (1, ""), result.stderr
    found = result.stdout.splitlines()
    assert len(found) == files, found
    for line in found:
        assert ":1:1: LL906 layerlint cannot check this file: " in line, line
        assert fragment in line, line


def test_a_silenced_diagnostic_uses_up_no_baseline_entry(tmp_path):
    # flask/blueprints.py: three imports of one link, the second with `# noqa`. The
    # baseline records the two that noqa leaves; flake8 must then show nothing, as `check`.
    write_project(
        tmp_path,
        {"pkg/a.py": "import json  # noqa\nimport json\n"},
        [{"name": "No json", "type": "forbidden", "source_modules": ["pkg"],
          "forbidden_modules": ["json"]}],
        root_packages=["pkg"],
        baseline="layerlint-baseline.json",
    )
    assert run_module("layerlint", "check", "--write-baseline", cwd=tmp_path).returncode == 0
    assert run_module("layerlint", "check", cwd=tmp_path).returncode == 0
    result = flake8("--select", "LL", "pkg/a.py", cwd=tmp_path)
    assert (result.returncode, lines(result)) == (0, [])
    # Without the baseline entry, the unsilenced import is reported, and only it.
    (tmp_path / "layerlint-baseline.json").write_text('{"layerlint_baseline": 1, "entries": []}')
    result = flake8("--select", "LL", "pkg/a.py", cwd=tmp_path)
    assert [line.split(" ")[:2] for line in lines(result)] == [["pkg/a.py:2:1:", "LL102"]]
