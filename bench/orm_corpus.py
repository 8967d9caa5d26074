"""Precision corpus for the SQLAlchemy rules (LL301-LL306) on real code bases.

Each package below is downloaded from PyPI at a pinned version (`pip download --no-deps`),
unpacked (never installed, never imported) and checked with `layerlint check` and no
contracts: a generated layerlint.toml names its top-level package. Its LL3xx diagnostics
are compared with the checked-in set in orm_corpus_expected.json, where each expected
diagnostic carries a one-line justification (read by hand): what SQLAlchemy would do.

- confirmed: found and expected (a true problem);
- unexpected: found, not expected: a false alarm until someone reads it and moves it;
- missing: expected, not found (the rules lost a true problem).

Precision is confirmed / found. Coverage is `--statistics`' line: how many bases, tables
and foreign keys the rules understood, and what they skipped.

Usage: python bench/orm_corpus.py [--workdir DIR] [--only NAME ...] [--json]
The exit status is 1 when a package's diagnostics differ from the expected set.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

# name on PyPI -> (version, top-level package(s) in the wheel): different model styles
PACKAGES = {
    "advanced-alchemy": ("1.12.0", ["advanced_alchemy"]),  # DeclarativeBase, registry, mixins
    "apache-airflow-core": ("3.3.2", ["airflow"]),  # declarative Base with a naming MetaData
    "celery": ("5.7.0", ["celery"]),  # declarative_base() in the database result backend
    "fittrackee": ("1.3.6", ["fittrackee"]),  # Flask-SQLAlchemy, automatic and explicit names
    "Flask-AppBuilder": ("5.3.0", ["flask_appbuilder"]),  # Flask-SQLAlchemy's db.Model, db.Table
    "Flask-Security-Too": ("5.9.2", ["flask_security"]),  # model mixins made in functions
    "mlflow-skinny": ("3.18.0", ["mlflow"]),  # declarative_base(), several stores
    "optuna": ("5.1.0", ["optuna"]),  # declarative_base() for the RDB storage
    "prefect": ("3.9.1", ["prefect"]),  # DeclarativeBase with a naming convention, ORM mixins
    "sqladmin": ("0.32.0", ["sqladmin"]),  # an admin for any models: few of its own
    "zenml": ("0.98.0", ["zenml"]),  # SQLModel table models
}
EXPECTED = Path(__file__).with_name("orm_corpus_expected.json")


def fetch(name: str, version: str, workdir: Path) -> Path:
    """The unpacked wheel of `name==version` (downloaded once)."""
    target = workdir / f"{name}-{version}"
    if not target.exists():
        downloads = workdir / "downloads"
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(downloads),
             f"{name}=={version}"],
            check=True,
        )  # fmt: skip
        normalized = name.replace("-", "_").lower()
        wheel = next(
            w for w in downloads.glob("*.whl") if w.name.lower().startswith(f"{normalized}-{version}")
        )
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(target)
    return target


def check(root: Path, packages: list[str]) -> tuple[list[dict], str]:
    """(LL3xx diagnostics as {code, path, line, message}, the coverage line)."""
    (root / "layerlint.toml").write_text(
        f"root_packages = {json.dumps(packages)}\nsource_roots = [\".\"]\n"
        "include_external_packages = false\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "layerlint", "check", "--no-cache", "--output-format",
         "json", "--statistics", "--select", "LL3", "--exit-zero"],
        cwd=root, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"layerlint failed on {root}:\n{result.stderr}")
    found = [
        {"code": d["code"], "path": d["filename"], "line": d["location"]["row"], "message": d["message"]}
        for d in json.loads(result.stdout)
    ]
    coverage = next(
        (line.removeprefix("layerlint: ") for line in result.stderr.splitlines()
         if line.startswith("layerlint: SQLAlchemy rules")),
        "",
    )  # fmt: skip
    return found, coverage


def compare(found: list[dict], expected: list[dict]) -> tuple[list, list, list]:
    def key(d):
        return (d["code"], d["path"], d["line"])

    wanted = {key(d) for d in expected}
    got = {key(d) for d in found}
    confirmed = [d for d in found if key(d) in wanted]
    unexpected = [d for d in found if key(d) not in wanted]
    missing = [d for d in expected if key(d) not in got]
    return confirmed, unexpected, missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, help="where to download and unpack (kept)")
    parser.add_argument("--only", nargs="*", help="only these packages")
    parser.add_argument("--json", action="store_true", help="print every diagnostic found")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="orm-corpus-"))
    workdir.mkdir(parents=True, exist_ok=True)
    expected = json.loads(EXPECTED.read_text())
    differs = False
    rows = []
    for name, (version, packages) in PACKAGES.items():
        if args.only and name not in args.only:
            continue
        found, coverage = check(fetch(name, version, workdir), packages)
        entry = expected.get(name, {"version": version, "diagnostics": []})
        if entry["version"] != version:
            raise SystemExit(f"{EXPECTED.name}: {name} is expected at {entry['version']}")
        confirmed, unexpected, missing = compare(found, entry["diagnostics"])
        differs = differs or bool(unexpected or missing)
        precision = f"{len(confirmed) / len(found):.0%}" if found else "-"
        rows.append((name, version, len(found), len(confirmed), precision, coverage))
        print(f"{name} {version}: {len(found)} found, {len(confirmed)} confirmed, precision {precision}")
        print(f"  {coverage}")
        for d in unexpected:
            print(f"  UNEXPECTED {d['code']} {d['path']}:{d['line']}: {d['message']}")
        for d in missing:
            print(f"  MISSING {d['code']} {d['path']}:{d['line']} ({d['why']})")
        if args.json:
            print(json.dumps(found, indent=1))
    total = sum(r[2] for r in rows)
    good = sum(r[3] for r in rows)
    print(f"all: {total} found, {good} confirmed, precision {good / total:.0%}" if total else "all: nothing found")
    return 1 if differs else 0


if __name__ == "__main__":
    sys.exit(main())
