"""A deterministic synthetic monorepo for benchmarks: many domain packages, each with the
same stack of layers, realistic import fan-out, a few planted upward imports and cycles,
external imports (sqlalchemy, fastapi), SQLAlchemy models with a few duplicate tables, and
a few copies of one service class (checked by a `unique` contract, layerlint's own).

Usage: python bench/generate.py OUT_DIR --modules 5000 [--seed 1] [--shape domains|hub]
Writes OUT_DIR/src/mono/..., OUT_DIR/pyproject.toml ([tool.layerlint]) and
OUT_DIR/importlinter.toml (the same contracts for lint-imports). This is the "domains"
shape, the default; `--shape hub` writes bench/generate_hub.py's (OUT_DIR/src/hub/...):
a small shared core imported by many small integrations, as in Home Assistant.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

from generate_hub import generate_hub

LAYERS = ("api", "services", "repositories", "models")  # top to bottom
MODULES_PER_DOMAIN = 200


def generate(out: Path, modules: int, seed: int = 1) -> dict[str, int]:
    rng = random.Random(seed)
    per_layer = MODULES_PER_DOMAIN // len(LAYERS)
    domains = [f"d{i:04d}" for i in range(max(1, modules // MODULES_PER_DOMAIN))]
    root = out / "src" / "mono"
    if out.exists():
        shutil.rmtree(out)
    root.mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "db.py").write_text(
        "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n"
    )
    names = {
        (domain, layer): [f"mono.{domain}.{layer}.m{j:03d}" for j in range(per_layer)]
        for domain in domains
        for layer in LAYERS
    }
    planted = {"upward": 0, "cycles": 0, "duplicate_tables": 0, "duplicate_classes": 0}
    cycle_partner: dict[str, str] = {}
    for index, domain in enumerate(domains):
        if index % 5 == 0:  # a cycle between two services modules in every fifth domain
            a, b = names[(domain, "services")][:2]
            cycle_partner[a], cycle_partner[b] = b, a
            planted["cycles"] += 1
    for index, domain in enumerate(domains):
        (root / domain).mkdir()
        (root / domain / "__init__.py").write_text("")
        for depth, layer in enumerate(LAYERS):
            folder = root / domain / layer
            folder.mkdir()
            (folder / "__init__.py").write_text("")
            below = [n for lower in LAYERS[depth:] for n in names[(domain, lower)]]
            for j, name in enumerate(names[(domain, layer)]):
                lines = ['"""Generated module."""', ""]
                targets = set()
                for _ in range(rng.randint(3, 8)):
                    if rng.random() < 0.1 and len(domains) > 1:  # another domain's lower layers
                        other = domains[rng.randrange(len(domains))]
                        pool = [
                            n for lower in LAYERS[max(depth, 2) :] for n in names[(other, lower)]
                        ]
                    else:
                        pool = below
                    target = rng.choice(pool)
                    if target != name:
                        targets.add(target)
                if name in cycle_partner:
                    targets.add(cycle_partner[name])
                if layer == "models" and j == 0 and index % 7 == 3:  # an upward import
                    targets.add(names[(domain, "services")][5])
                    planted["upward"] += 1
                for target in sorted(targets):
                    lines.append(f"import {target}")
                if layer == "api":
                    lines.append("from fastapi import APIRouter")
                if layer == "models":
                    lines += ["from sqlalchemy import Column, Integer", "from mono.db import Base"]
                    table = f"{domain}_t{j:03d}"
                    if j == 1 and index % 10 == 9:  # a planted duplicate table
                        table = f"{domain}_t000"
                        planted["duplicate_tables"] += 1
                    lines += [
                        "",
                        "",
                        f"class {domain.capitalize()}Model{j:03d}(Base):",
                        f'    __tablename__ = "{table}"',
                        "    id = Column(Integer, primary_key=True)",
                    ]
                else:
                    lines += ["", "", f"def function_{j}(value):", "    return value"]
                if layer == "services" and j == 0 and index % 10 in (3, 4):  # planted copies
                    lines += ["", "", "class AuthService:", "    pass"]
                    planted["duplicate_classes"] += 1
                (folder / f"m{j:03d}.py").write_text("\n".join(lines) + "\n")
    _write_configs(out, domains)
    count = 2 + len(domains) * (1 + len(LAYERS) * (per_layer + 1))
    return {"modules": count, "domains": len(domains), **planted}


def _contracts(section: str, domains: list[str]) -> str:
    containers = ", ".join(f'"mono.{d}"' for d in domains)
    independent = ", ".join(f'"mono.{d}.api"' for d in domains[:10])
    return f"""
[[{section}.contracts]]
name = "Layers in every domain"
type = "layers"
containers = [{containers}]
layers = {list(LAYERS)!r}

[[{section}.contracts]]
name = "Models do not know the web framework"
type = "forbidden"
source_modules = ["mono.{domains[0]}.models"]
forbidden_modules = ["fastapi"]

[[{section}.contracts]]
name = "APIs are independent"
type = "independence"
modules = [{independent or f'"mono.{domains[0]}.api"'}]
""".replace("'", '"')


_UNIQUE = """
[[tool.layerlint.contracts]]
name = "One auth service"
type = "unique"
classes = ["AuthService"]
"""


def _write_configs(out: Path, domains: list[str]) -> None:
    (out / "pyproject.toml").write_text(
        '[tool.layerlint]\nroot_packages = ["mono"]\n'
        + _contracts("tool.layerlint", domains)
        + _UNIQUE  # layerlint's own: import-linter has no such contract
    )
    (out / "importlinter.toml").write_text(
        '[tool.importlinter]\nroot_package = "mono"\ninclude_external_packages = true\n'
        + _contracts("tool.importlinter", domains)
    )


SHAPES = {"domains": generate, "hub": generate_hub}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--modules", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="domains")
    args = parser.parse_args()
    print(SHAPES[args.shape](args.out, args.modules, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
