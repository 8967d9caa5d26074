"""The shape of the generated monorepos beside Home Assistant's, measured by the same
function (bench/real_monorepo.py's `shape`): where imports go, the sizes of the
integrations (domains), the import cycles, and the illegal dependencies of a `layers` and
an `independence` contract like the benchmarks'.

For the "domains" shape a domain counts as an integration, and `mono.db` is its shared
core; its layers contract has one container per domain.

Usage: python bench/shape_compare.py [--modules 6723] [--ha-workdir DIR]
Prints a markdown table; without --ha-workdir, Home Assistant's wheel is downloaded into a
temporary folder (as bench/real_monorepo.py does) and removed afterwards.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from generate import LAYERS, MODULES_PER_DOMAIN, generate
from generate_hub import INDEPENDENT, generate_hub
from real_monorepo import fetch, shape


def measure(modules: int, ha_workdir: Path | None) -> dict[str, dict[str, str]]:
    columns = {}
    workdir = Path(tempfile.mkdtemp(prefix="layerlint-shape-"))
    try:
        source = fetch(ha_workdir or workdir / "ha")
        columns["Home Assistant 2024.3.3"] = shape(source)
        generate_hub(workdir / "hub", modules)
        columns["generated, --shape hub"] = shape(
            workdir / "hub" / "src",
            package="hub",
            integrations="hub.components",
            layers=("hub.components", "hub.helpers", "hub.util"),
            independent=tuple(f"hub.components.i{i:04d}" for i in range(INDEPENDENT)),
        )
        generate(workdir / "domains", modules)
        columns["generated, --shape domains"] = shape(
            workdir / "domains" / "src",
            package="mono",
            integrations="mono",
            layers=LAYERS,
            containers=frozenset(f"mono.d{i:04d}" for i in range(modules // MODULES_PER_DOMAIN)),
            independent=tuple(f"mono.d{i:04d}.api" for i in range(10)),
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return columns


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--modules", type=int, default=6723, help="of the generated shapes")
    parser.add_argument("--ha-workdir", type=Path, help="kept between runs (the download too)")
    args = parser.parse_args()
    if args.ha_workdir:
        args.ha_workdir.mkdir(parents=True, exist_ok=True)
    columns = measure(args.modules, args.ha_workdir)
    names = list(columns)
    print(f"| | {' | '.join(names)} |")
    print("|---" * (len(names) + 1) + "|")
    for label in columns[names[0]]:
        print(f"| {label} | {' | '.join(columns[n][label] for n in names)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
