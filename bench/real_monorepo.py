"""Benchmark on a real code base of monorepo size: Home Assistant's core package (6,700
modules, 1,230 integrations), side by side with import-linter, and its shape beside the
generated monorepo's (bench/generate.py).

The wheel of a pinned release is downloaded from PyPI and unpacked (never installed,
never imported). Both tools check the same three contracts, which hold Home Assistant's
intended architecture: integrations above helpers above utilities (`layers`) and utilities
free of the core (`forbidden`), both broken today, and eight large integrations independent
of each other (`independence`), kept (so its search finds nothing and runs to the end).
The commands run interleaved (bench/timing.py): lint-imports, layerlint cold, layerlint
with nothing changed, after a comment edit, and after an import added or removed.

The shape: imports per module, where they go (within an integration, to another, to the
shared core), the sizes of integrations, the import cycles (strongly connected groups),
and the illegal dependencies of the layers and independence contracts (bench/shape_compare.py
prints the same facts of the generated monorepos beside these).

Usage: python bench/real_monorepo.py [--runs 3] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import collections
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from timing import Case, run_interleaved

from layerlint.project.components import strongly_connected

PACKAGE = "homeassistant"
VERSION = "2024.3.3"
INTEGRATIONS = "homeassistant.components"
INDEPENDENT = ("alexa", "esphome", "google_assistant", "homekit", "hue", "mqtt", "zha", "zwave_js")
CONTRACTS = f"""
[[{{section}}.contracts]]
name = "Integrations above helpers above utilities"
type = "layers"
layers = ["{INTEGRATIONS}", "homeassistant.helpers", "homeassistant.util"]

[[{{section}}.contracts]]
name = "Utilities know no Home Assistant core"
type = "forbidden"
source_modules = ["homeassistant.util"]
forbidden_modules = ["homeassistant.core", "homeassistant.helpers", "{INTEGRATIONS}"]

[[{{section}}.contracts]]
name = "Large integrations do not import each other"
type = "independence"
modules = [{", ".join(f'"{INTEGRATIONS}.{name}"' for name in INDEPENDENT)}]
"""
LAYERS = (INTEGRATIONS, "homeassistant.helpers", "homeassistant.util")
WHERE = (
    "from an integration to the shared core",
    "within an integration",
    "to another integration",
    "within the shared core",
    "from the core to an integration",
)
COMMENTED = "homeassistant/components/hue/light.py"
IMPORTER = "homeassistant/components/hue/sensor.py"
ADDED = "import homeassistant.components.zha\n"


def fetch(workdir: Path) -> Path:
    """The unpacked wheel: `workdir/src/homeassistant`."""
    source = workdir / "src"
    if (source / PACKAGE).is_dir():
        return source
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary=:all:",
            f"{PACKAGE}=={VERSION}",
            "-d",
            str(workdir),
        ],
        check=True,
    )
    wheel = next(workdir.glob(f"{PACKAGE}-{VERSION}-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(source)
    return source


def write_configurations(source: Path) -> None:
    """The contracts for both tools; the edited file as released (a kept workdir)."""
    importer = source / IMPORTER
    if importer.read_text().startswith(ADDED):
        importer.write_text(importer.read_text()[len(ADDED) :])
    (source / "pyproject.toml").write_text(
        f'[tool.layerlint]\nroot_packages = ["{PACKAGE}"]\n'
        + CONTRACTS.format(section="tool.layerlint")
    )
    (source / "importlinter.toml").write_text(
        f'[tool.importlinter]\nroot_packages = ["{PACKAGE}"]\n'
        + CONTRACTS.format(section="tool.importlinter")
    )


def shape(
    source: Path,
    package: str = PACKAGE,
    integrations: str = INTEGRATIONS,
    layers: tuple[str, ...] = LAYERS,
    containers: frozenset[str] = frozenset(),
    independent: tuple[str, ...] = tuple(f"{INTEGRATIONS}.{name}" for name in INDEPENDENT),
) -> dict[str, str]:
    """The facts of the import graph that decide how hard the contracts' search is, by
    label: the packages right below `integrations` are the integrations, the rest of
    `package` is the shared core; the illegal dependencies are those of a `layers` contract
    with `layers` (in each of `containers`) and of an `independence` contract with
    `independent`, as grimp finds them (and import-linter asks it)."""
    import grimp

    sys.path.insert(0, str(source))
    graph = grimp.build_graph(package, cache_dir=None)
    modules = graph.modules
    successors = {m: graph.find_modules_directly_imported_by(m) for m in modules}
    edges = [(a, b) for a in modules for b in successors[a]]
    depth = integrations.count(".") + 2
    packages = {m for m in modules if (source / m.replace(".", "/") / "__init__.py").exists()}

    def integration(module: str) -> str | None:
        """Its integration: a package right below `integrations` (a module there is core)."""
        head = ".".join(module.split(".")[:depth])
        return head if module.startswith(integrations + ".") and head in packages else None

    where = collections.Counter()
    for importer, imported in edges:
        a, b = integration(importer), integration(imported)
        if a and a == b:
            where["within an integration"] += 1
        elif a and b:
            where["to another integration"] += 1
        elif a:
            where["from an integration to the shared core"] += 1
        elif b:
            where["from the core to an integration"] += 1
        else:
            where["within the shared core"] += 1
    sizes = sorted(collections.Counter(filter(None, map(integration, modules))).values())
    groups = sorted((len(g) for g in strongly_connected(successors)), reverse=True)
    illegal = {
        "layers": graph.find_illegal_dependencies_for_layers(
            layers=layers, containers=set(containers)
        ),
        "independence": graph.find_illegal_dependencies_for_layers(layers=(set(independent),)),
    }
    sys.path.remove(str(source))
    facts = {
        "modules": f"{len(modules):,}",
        "imports between them": f"{len(edges):,} ({len(edges) / len(modules):.1f} per module)",
        **{label: f"{where[label] / len(edges):.1%}" for label in WHERE},
        "integrations": f"{len(sizes):,}: median {sizes[len(sizes) // 2]} modules, "
        f"90th percentile {sizes[int(len(sizes) * 0.9)]}, largest {sizes[-1]}",
        "import cycles (strongly connected groups)": f"{len(groups)}, {sum(groups):,} "
        f"modules in them; largest: {', '.join(map(str, groups[:5]))}",
    }
    for contract, found in illegal.items():
        facts[f"illegal dependencies, {contract} contract"] = (
            f"{len(found)}, {sum(len(d.routes) for d in found)} routes"
        )
    return facts


def comment(source: Path) -> None:
    path = source / COMMENTED
    path.write_text(path.read_text() + f"\n# edited {time.time_ns()}\n")


def toggle_import(source: Path) -> None:
    path = source / IMPORTER
    text = path.read_text()
    path.write_text(text[len(ADDED) :] if text.startswith(ADDED) else ADDED + text)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, help="kept between runs (the download too)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="layerlint-real-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        source = fetch(workdir)
        write_configurations(source)
        facts = shape(source)
        layerlint = shutil.which("layerlint") or "layerlint"
        lint_imports = shutil.which("lint-imports") or "lint-imports"
        cache = source / ".layerlint_cache"
        env = {**os.environ, "PYTHONPATH": str(source)}
        cases = [
            Case("lint-imports", [lint_imports, "importlinter.toml", "--no-cache"]),
            Case(
                "layerlint, cold",
                [layerlint, "check"],
                before=lambda: shutil.rmtree(cache, ignore_errors=True),
            ),
            Case("layerlint, nothing changed", [layerlint, "check"]),
            Case(
                "layerlint, a comment edited", [layerlint, "check"], before=lambda: comment(source)
            ),
            Case(
                "layerlint, an import added or removed",
                [layerlint, "check"],
                before=lambda: toggle_import(source),
            ),
        ]
        run_interleaved(cases, source, env, args.runs)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    reference = cases[0]
    print(
        f"{PACKAGE} {VERSION}, {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, median of {args.runs} runs\n"
    )
    print("\n".join(f"- {label}: {value}" for label, value in facts.items()) + "\n")
    print("| run | seconds | ratio to lint-imports | peak MB | exit |")
    print("|---|---|---|---|---|")
    for case in cases:
        print(
            f"| {case.label} | {case.seconds:.2f} | {case.seconds / reference.seconds:.2f} | "
            f"{case.peak:.0f} | {','.join(map(str, sorted(case.codes)))} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
