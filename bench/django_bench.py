"""Benchmark: layerlint vs import-linter on Django's source, same three contracts.

Django is downloaded as a wheel and unpacked (never installed, never imported).
Usage: python bench/django_bench.py [--runs N]
Prints a Markdown table of median wall time and peak memory; see docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from timing import Case, run_interleaved

# Broken in many places (106 diagnostics in 63 files): layerlint parses those statements
# for their columns and reads their noqa comments, which lint-imports does not report.
BROKEN_CONTRACTS = """
[[{section}.contracts]]
name = "Layers"
type = "layers"
layers = ["django.contrib", "django.db", "django.core", "django.utils"]

[[{section}.contracts]]
name = "Utils do not use contrib"
type = "forbidden"
source_modules = ["django.utils"]
forbidden_modules = ["django.contrib", "django.test"]

[[{section}.contracts]]
name = "Contrib apps are independent"
type = "independence"
modules = ["django.contrib.auth", "django.contrib.sessions", "django.contrib.sites", "django.contrib.redirects"]
"""

# Nearly kept (2 diagnostics): the common case of a project that follows its contracts.
KEPT_CONTRACTS = """
[[{section}.contracts]]
name = "Text utilities do not use contrib"
type = "forbidden"
source_modules = ["django.utils.text", "django.utils.html"]
forbidden_modules = ["django.contrib", "django.test"]

[[{section}.contracts]]
name = "humanize and flatpages are independent"
type = "independence"
modules = ["django.contrib.humanize", "django.contrib.flatpages"]

[[{section}.contracts]]
name = "Admin above humanize"
type = "layers"
layers = ["django.contrib.admin", "django.contrib.humanize"]
"""


def fetch_django(workdir: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(workdir), "django"],
        check=True,
    )
    wheel = next(workdir.glob("Django-*.whl"), None) or next(workdir.glob("django-*.whl"))
    source = workdir / "src"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(source)
    return source


def append_comment(path: Path) -> None:
    """An edit no check sees: the stored results stand (the file is scanned again)."""
    with path.open("a") as stream:
        stream.write("# edited\n")


def toggle_import(path: Path, line: str) -> None:
    """An edit of the import graph, every run: the graph is searched again."""
    text = path.read_text()
    path.write_text(text[len(line) :] if text.startswith(line) else line + text)


def run_workload(source: Path, workdir: Path, contracts: str, runs: int) -> list[Case]:
    (source / "pyproject.toml").write_text(
        '[tool.layerlint]\nroot_packages = ["django"]\nsource_roots = ["."]\n'
        "include_external_packages = false\n" + contracts.format(section="tool.layerlint")
    )
    (workdir / "importlinter.toml").write_text(
        '[tool.importlinter]\nroot_package = "django"\n'
        + contracts.format(section="tool.importlinter")
    )
    env = {**os.environ, "PYTHONPATH": str(source)}
    layerlint = [shutil.which("layerlint") or "layerlint", "check", "."]
    lint_imports = [
        shutil.which("lint-imports") or "lint-imports",
        str(workdir / "importlinter.toml"),  # positional: import-linter 2.17 deprecates --config
        "--no-cache",
    ]
    cache = source / ".layerlint_cache"
    with_diagnostics = source / "django" / "utils" / "text.py"
    without = source / "django" / "utils" / "dateparse.py"
    importer = source / "django" / "utils" / "timesince.py"
    cases = [
        Case("lint-imports (no cache)", lint_imports),
        Case("layerlint cold (--no-cache)", [*layerlint, "--no-cache"]),
        Case(
            "layerlint cold (empty cache)",
            layerlint,
            before=lambda: shutil.rmtree(cache, ignore_errors=True),
        ),
        Case("layerlint warm (nothing changed)", layerlint),
        Case(
            "layerlint warm (a comment added to a file with diagnostics)",
            layerlint,
            before=lambda: append_comment(with_diagnostics),
        ),
        Case(
            "layerlint warm (a comment added to a file without diagnostics)",
            layerlint,
            before=lambda: append_comment(without),
        ),
        Case(
            "layerlint warm (an import added or removed)",
            layerlint,
            before=lambda: toggle_import(importer, "import django.utils.html\n"),
        ),
    ]
    run_interleaved(cases, source, env, runs)
    return cases


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="layerlint-bench-"))
    try:
        source = fetch_django(workdir)
        version = next(source.glob("*.dist-info")).name.removesuffix(".dist-info").split("-")[1]
        tables = {}
        for label, contracts in (("broken", BROKEN_CONTRACTS), ("kept", KEPT_CONTRACTS)):
            tables[label] = run_workload(source, workdir, contracts, args.runs)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"Django {version}, {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, median of {args.runs} runs"
    )
    for label, rows in tables.items():
        baseline = rows[0].seconds
        print(f"\nContracts: {label}\n")
        print("| run | median wall (s) | peak RSS (MB) | ratio to lint-imports | exit codes |")
        print("|---|---|---|---|---|")
        for case in rows:
            print(
                f"| {case.label} | {case.seconds:.2f} | {case.peak:.0f} | "
                f"{case.seconds / baseline:.2f} | {sorted(case.codes)} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
