"""Precision corpus for the SQLAlchemy rules (LL301-LL306) on real code bases.

Each package below is downloaded from PyPI at a pinned version (`pip download --no-deps`),
unpacked (never installed, never imported) and checked with `layerlint check` and no
contracts: a generated layerlint.toml names its top-level package. Its LL3xx diagnostics
are compared with the checked-in set in orm_corpus_expected.json, where each expected
diagnostic carries a one-line justification (read by hand): what SQLAlchemy would do.

- each expected diagnostic has a verdict: "problem" (SQLAlchemy fails or silently
  misbehaves), "intended" (the message is true, the design means it: the `bases` setting
  or a `# noqa` says so) or "false" (a false alarm, kept so that the set stays exact);
- unexpected: found, not in the set: unread, a false alarm until someone reads it;
- missing: in the set, not found.

Precision is (problem + intended) / found: the share of diagnostics that say something
true. Coverage is `--statistics`' line: how many bases, tables
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
    "apache-airflow-core": ("3.3.2", ["airflow"]),  # registry(metadata=MetaData(schema=...))
    "apache-superset": ("6.1.0", ["superset"]),  # Flask-AppBuilder's Model, declarative_base()
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
            w
            for w in downloads.glob("*.whl")
            if w.name.lower().startswith(f"{normalized}-{version}")
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
        {"code": d["code"], "path": d["filename"], "line": d["location"]["row"],
         "message": d["message"]}
        for d in json.loads(result.stdout)
    ]
    coverage = next(
        (line.removeprefix("layerlint: ") for line in result.stderr.splitlines()
         if line.startswith("layerlint: SQLAlchemy rules")),
        "",
    )  # fmt: skip
    return found, coverage


def key(diagnostic: dict) -> tuple:
    return (diagnostic["code"], diagnostic["path"], diagnostic["line"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, help="where to download and unpack (kept)")
    parser.add_argument("--only", nargs="*", help="only these packages")
    parser.add_argument("--json", action="store_true", help="print every diagnostic found")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="orm-corpus-"))
    workdir.mkdir(parents=True, exist_ok=True)
    expected = json.loads(EXPECTED.read_text())
    expected.pop("_verdicts", None)
    differs = False
    totals = {"found": 0, "true": 0, "problem": 0}
    for name, (version, packages) in PACKAGES.items():
        if args.only and name not in args.only:
            continue
        found, coverage = check(fetch(name, version, workdir), packages)
        entry = expected.get(name, {"version": version, "diagnostics": []})
        if entry["version"] != version:
            raise SystemExit(f"{EXPECTED.name}: {name} is expected at {entry['version']}")
        verdicts = {key(d): d["verdict"] for d in entry["diagnostics"]}
        got = {key(d) for d in found}
        unexpected = [d for d in found if key(d) not in verdicts]
        missing = [d for d in entry["diagnostics"] if key(d) not in got]
        true = sum(1 for d in found if verdicts.get(key(d)) in ("problem", "intended"))
        problems = sum(1 for d in found if verdicts.get(key(d)) == "problem")
        differs = differs or bool(unexpected or missing)
        totals["found"] += len(found)
        totals["true"] += true
        totals["problem"] += problems
        precision = f"{true / len(found):.0%}" if found else "-"
        print(
            f"{name} {version}: {len(found)} found, {true} true ({problems} real problems), "
            f"precision {precision}"
        )
        print(f"  {coverage}")
        for d in unexpected:
            print(f"  UNEXPECTED {d['code']} {d['path']}:{d['line']}: {d['message']}")
        for d in missing:
            print(f"  MISSING {d['code']} {d['path']}:{d['line']} ({d['why']})")
        if args.json:
            print(json.dumps(found, indent=1))
    found = totals["found"]
    print(
        f"all: {found} found, {totals['true']} true ({totals['problem']} real problems), "
        f"precision {totals['true'] / found:.0%}" if found else "all: nothing found"
    )
    return 1 if differs else 0


if __name__ == "__main__":
    sys.exit(main())
