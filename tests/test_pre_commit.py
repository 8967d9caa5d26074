"""The pre-commit hooks, run by real pre-commit against this repository.

Each test writes a small violating project (a `src/` layout, never installed anywhere) into a
throwaway git repository and runs pre-commit in it, which pip-installs this repository into an
isolated virtual environment and runs the hook there, so these tests need git and network
access to PyPI (or a warm pip cache).

The first test runs `pre-commit try-repo <this repository> HOOK`, as a hook's author tries it:
try-repo clones this repository (with a temporary commit of any uncommitted changes) into a
store of its own in a temporary directory, so it builds the hook's environment on every call.
The others run `pre-commit run HOOK` with a `.pre-commit-config.yaml` naming a clone of this
repository made the same way once per session, as a user's configuration names the hooks'
repository: pre-commit builds that environment once, in the session-wide PRE_COMMIT_HOME, and
reuses it (a few seconds saved on each call). PRE_COMMIT_HOME also keeps pre-commit's own
state and error log (`pre-commit.log`) out of the user's cache, to be shown when a run goes
wrong.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

ROOT = Path(__file__).resolve().parent.parent  # the layerlint repository: the hooks' repo

TIMEOUT = 600  # seconds per pre-commit run; the first may build the environment from PyPI

CONFIG = """\
[tool.layerlint]
root_packages = ["app"]

[[tool.layerlint.contracts]]
name = "Layers"
type = "layers"
layers = ["app.api", "app.services", "app.domain"]
"""

FILES = {
    "pyproject.toml": CONFIG,
    "README.md": "A throwaway project.\n",
    "src/app/__init__.py": "",
    "src/app/api/__init__.py": "",
    "src/app/api/views.py": "from app.services import billing\n\nPAGE = billing.TOTAL\n",
    "src/app/services/__init__.py": "",
    "src/app/services/billing.py": "from app.domain import order\n\nTOTAL = order.TOTAL\n",
    "src/app/domain/__init__.py": "",
    # The violation: the domain (lowest layer) imports the API (highest layer), on line 3.
    "src/app/domain/order.py": '"""Orders."""\n\nfrom app.api import views\n\nTOTAL = 0\n',
    "src/app/domain/money.py": "CENTS = 100\n",
}

VIOLATION = (
    "src/app/domain/order.py:3:1: LL101 Layer violation: app.domain.order -> app.api.views: "
    "layer 'app.domain' must not import higher layer 'app.api' (contract 'Layers')"
)

FIXED_ORDER = '"""Orders."""\n\nfrom app.domain import money\n\nTOTAL = 0 * money.CENTS\n'


# -- helpers -----------------------------------------------------------------------------------


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment minus what would steer git, pre-commit or the hook elsewhere."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "PRE_COMMIT"))
        and key not in ("SKIP", "PYTHONPATH", "LAYERLINT_DEBUG")
    }
    env.update(extra)
    return env


def _git(repo: Path, *args: str, data: bytes | None = None, check: bool = True) -> bytes:
    """git's output; `data` is its input."""
    done = subprocess.run(
        ["git", *args],
        cwd=repo,
        env=_clean_env(),
        input=data,
        check=check,
        capture_output=True,
        timeout=60,
    )
    return done.stdout


def _write(repo: Path, relative: str, text: str) -> None:
    path = repo / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def project(tmp_path) -> Path:
    """A git repository holding the violating project, committed."""
    repo = tmp_path / "project"
    repo.mkdir()
    _git(repo, "init", "--quiet")
    _git(repo, "config", "user.name", "layerlint tests")
    _git(repo, "config", "user.email", "tests@layerlint.invalid")
    _git(repo, "config", "commit.gpgsign", "false")
    for relative, text in FILES.items():
        _write(repo, relative, text)
    _git(repo, "add", "--all")
    _git(repo, "commit", "--quiet", "--no-verify", "-m", "A violating project")
    return repo


@pytest.fixture(scope="session")
def untracked() -> list[str]:
    """This repository's untracked files that the installed hook would need."""
    paths = ("layerlint", "pyproject.toml")
    listed = _git(ROOT, "ls-files", "--others", "--exclude-standard", "--", *paths, check=False)
    return listed.decode().split()


@pytest.fixture(scope="session")
def hooks_repo(tmp_path_factory) -> tuple[str, str]:
    """A clone of this repository with the working tree's changes to its files committed, as
    try-repo makes one (untracked files left out): (its path, that commit)."""
    clone = tmp_path_factory.mktemp("hooks-repo") / "layerlint"
    _git(ROOT, "clone", "--quiet", str(ROOT), str(clone))
    changes = _git(ROOT, "diff", "HEAD", "--binary")
    if changes:
        _git(clone, "apply", "--whitespace=nowarn", "-", data=changes)
        _git(clone, "config", "user.name", "layerlint tests")
        _git(clone, "config", "user.email", "tests@layerlint.invalid")
        _git(clone, "add", "--all")
        _git(clone, "commit", "--quiet", "--no-verify", "-m", "The working tree")
    return str(clone), _git(clone, "rev-parse", "HEAD").decode().strip()


def _pre_commit(project: Path, home: Path, untracked: list[str], args: list[str]):
    """Run pre-commit with `args` in the project: (exit code, output)."""
    command = [sys.executable, "-m", "pre_commit", *args, "--color", "never"]
    try:
        done = subprocess.run(
            command,
            check=False,
            cwd=project,
            env=_clean_env(PRE_COMMIT_HOME=str(home)),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired as error:
        pytest.fail(f"{' '.join(command)} ran for more than {TIMEOUT}s:\n{error.output}")
    output = done.stdout
    log = home / "pre-commit.log"
    if log.exists():  # pre-commit itself failed (e.g. it could not build the environment)
        output += f"\n--- {log} ---\n{log.read_text()}"
        log.unlink()
    if untracked:
        output += (
            "\n--- note: the hooks' repository is a commit of this one, which leaves out "
            f"untracked files; these are not in the hook's environment (git add them): "
            f"{', '.join(untracked)}"
        )
    return done.returncode, output


@pytest.fixture
def try_repo(project, pre_commit_home, untracked):
    """Run `pre-commit try-repo <this repository> HOOK ARGS` in the project: (exit code, output)."""

    def run(hook: str, *args: str) -> tuple[int, str]:
        return _pre_commit(
            project, pre_commit_home, untracked, ["try-repo", str(ROOT), hook, *args]
        )

    return run


@pytest.fixture
def run_hook(project, pre_commit_home, untracked, hooks_repo):
    """Run `pre-commit run HOOK ARGS` in the project, its configuration naming the hook of
    `hooks_repo`: (exit code, output)."""
    path, rev = hooks_repo

    def run(hook: str, *args: str) -> tuple[int, str]:
        config = f"repos:\n- repo: {path}\n  rev: {rev}\n  hooks:\n  - id: {hook}\n"
        _write(project, ".pre-commit-config.yaml", config)
        _git(project, "add", ".pre-commit-config.yaml")  # (pre-commit refuses it unstaged)
        return _pre_commit(project, pre_commit_home, untracked, ["run", hook, *args])

    return run


def _hook_line(output: str, name: str) -> str:
    """pre-commit's status line for the hook, e.g. 'layerlint.....Failed'."""
    lines = [line for line in output.splitlines() if line.startswith(name + ".")]
    assert len(lines) == 1, output
    return lines[0]


def _fails_with_violation(code: int, output: str, hook_id: str, name: str) -> None:
    assert code == 1, output
    assert _hook_line(output, name).endswith("Failed"), output
    assert f"- hook id: {hook_id}" in output.splitlines(), output
    assert "- exit code: 1" in output.splitlines(), output  # a violation, not an error (2)
    assert VIOLATION in output.splitlines(), output


def _passes(code: int, output: str, name: str) -> None:
    assert code == 0, output
    # "Passed", not "(no files to check)Skipped": the hook really ran.
    assert _hook_line(output, name).endswith("Passed"), output
    assert "LL101" not in output, output


def _fix(project: Path) -> None:
    _write(project, "src/app/domain/order.py", FIXED_ORDER)
    _git(project, "add", "src/app/domain/order.py")


# -- tests -------------------------------------------------------------------------------------


def test_layerlint_hook_fails_on_the_violation_and_passes_once_fixed(project, try_repo):
    code, output = try_repo("layerlint", "--all-files")
    _fails_with_violation(code, output, "layerlint", "layerlint")

    _fix(project)
    code, output = try_repo("layerlint", "--all-files")
    _passes(code, output, "layerlint")


def test_layerlint_hook_reports_only_the_files_it_is_given(project, run_hook):
    # A commit that touches only an unrelated file: the violation in order.py is not its concern.
    _write(project, "src/app/domain/money.py", "CENTS = 100\nEUROS = 1\n")
    _git(project, "add", "src/app/domain/money.py")
    code, output = run_hook("layerlint", "--files", "src/app/domain/money.py")
    _passes(code, output, "layerlint")
    assert "order.py" not in output, output

    # The same commit touching order.py too: now the violation is reported.
    code, output = run_hook(
        "layerlint", "--files", "src/app/domain/money.py", "src/app/domain/order.py"
    )
    _fails_with_violation(code, output, "layerlint", "layerlint")


def test_layerlint_hook_on_an_edited_configuration_reports_the_whole_project(project, run_hook):
    # A commit that edits only the contracts: any file may now break them.
    config = project / "pyproject.toml"
    _write(project, "pyproject.toml", config.read_text() + "\n# contracts edited\n")
    _git(project, "add", "pyproject.toml")
    code, output = run_hook("layerlint", "--files", "pyproject.toml")
    _fails_with_violation(code, output, "layerlint", "layerlint")


def test_layerlint_project_hook_reports_the_whole_project(project, run_hook):
    # Given only an unrelated file, the whole-project hook still reports the violation.
    code, output = run_hook("layerlint-project", "--files", "src/app/domain/money.py")
    _fails_with_violation(code, output, "layerlint-project", "layerlint (whole project)")

    _fix(project)
    code, output = run_hook("layerlint-project", "--all-files")
    _passes(code, output, "layerlint (whole project)")
