"""Benchmark: `layerlint server` driven over stdio (tests/lsp_client.py) on the generated
monorepo, beside lint-imports' peak memory on the same project.

Measured, from the notification sent to the diagnostics published (the server's debounce
set to 0, so the figures are the server's work, not a pause it waits for):
- open: the first file opened, the project analysed (its scan cache warm: `layerlint
  check` ran once before, as it would have in a project that uses layerlint);
- keystroke: an edit of the unsaved buffer that keeps its imports (a comment typed);
- import added: a new import in the buffer (a graph no analysis has seen);
- import removed: that import taken out again (the graph of the files on disk);
- the server's peak resident set (VmHWM), and lint-imports' on the same project.

Usage: python bench/lsp_bench.py [--modules 20000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from generate import generate
from timing import Case, compile_layerlint, run_interleaved

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from lsp_client import LspClient  # noqa: E402

EDITED = "src/mono/d0004/services/m003.py"


def timed(client: LspClient, uri: str, send) -> tuple[float, list]:
    start = time.perf_counter()
    send()
    found = client.diagnostics(uri, timeout=600)
    return time.perf_counter() - start, found


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(project: Path, runs: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(project / "src")}
    lint_imports = Case(
        "lint-imports",
        [shutil.which("lint-imports") or "lint-imports", "--config", "importlinter.toml",
         "--no-cache"],
    )
    check = Case(
        "layerlint check",
        [shutil.which("layerlint") or "layerlint", "check"],
        before=lambda: shutil.rmtree(project / ".layerlint_cache", ignore_errors=True),
    )
    run_interleaved([lint_imports, check], project, env, 1)  # the check fills the scan cache
    client = LspClient(project)
    client.initialize(project, {"debounce": 0})
    edited = project / EDITED
    text = edited.read_text()
    uri = edited.as_uri()
    figures: dict[str, list[float]] = {"keystroke": [], "import added": [], "import removed": []}
    opened, found = timed(client, uri, lambda: client.open(edited, text))
    version = 1
    for round_number in range(runs):
        for typed in range(5):
            version += 1
            buffer = text + f"\n# typed {round_number} {typed}\n"
            seconds, again = timed(client, uri, lambda: client.change(uri, buffer, version))
            assert again == found, "a comment changed the diagnostics"
            figures["keystroke"].append(seconds)
        added = f"import mono.d{round_number + 10:04d}.models\n" + text
        version += 1
        seconds, _ = timed(client, uri, lambda: client.change(uri, added, version))
        figures["import added"].append(seconds)
        version += 1
        seconds, back = timed(client, uri, lambda: client.change(uri, text, version))
        assert back == found, "removing the import did not give the first diagnostics back"
        figures["import removed"].append(seconds)
    peak = peak_mb(client.process.pid)
    client.close()
    return {
        "open": opened,
        **{k: statistics.median(v) for k, v in figures.items()},
        "server peak": peak,
        "lint-imports peak": lint_imports.peak,
        "lint-imports": lint_imports.seconds,
        "check": check.seconds,
        "check peak": check.peak,
        "diagnostics": len(found),
    }


def import_edit_phases(project: Path, rounds: int) -> dict[str, float]:
    """Where the server's analysis of an import edit spends its time, in one process, phase
    by phase as engine.analyse runs them, with the scan cache held in memory as the server
    holds it (median seconds over `rounds` edits, each a new import: a graph never seen)."""
    from layerlint import diagnostics, orm, startup
    from layerlint.config import load_config
    from layerlint.contracts import parse_contract
    from layerlint.gc_pause import gc_paused
    from layerlint.project import build_project
    from layerlint.project.cache import ScanCache
    from layerlint.project.discovery import survey

    config = load_config(project)
    surveyed = survey(config)
    cache = ScanCache(project / ".layerlint_cache")
    edited = (project / EDITED).resolve()
    text = edited.read_bytes()
    times: dict[str, list[float]] = {}
    for number in range(rounds):
        buffer = f"import mono.d{number + 40:04d}.models\n".encode() + text
        with gc_paused():
            start = time.perf_counter()
            contracts = [parse_contract(c, config.path) for c in config.contracts]
            built = build_project(config, cache, {edited: buffer}, surveyed)
            steps = [("build", time.perf_counter())]
            violations = [v for contract in contracts for v in contract.check(built)]
            steps.append(("contracts", time.perf_counter()))
            violations += orm.check(built)
            steps.append(("SQLAlchemy rules", time.perf_counter()))
            violations += startup.check(built)
            steps.append(("LL401", time.perf_counter()))
            diagnostics.collect(built, violations, apply_noqa=False)
            steps.append(("diagnostics", time.perf_counter()))
        for label, end in steps:
            times.setdefault(label, []).append(end - start)
            start = end
        times.setdefault("total", []).append(sum(times[label][-1] for label, _ in steps))
    return {label: statistics.median(values) for label, values in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--modules", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--project", type=Path, help="a project generate.py made (kept)")
    args = parser.parse_args()
    compile_layerlint()
    workdir = None
    if args.project is None:
        workdir = Path(tempfile.mkdtemp(prefix="layerlint-lsp-"))
        project = workdir / "project"
        modules = generate(project, args.modules)["modules"]
    else:
        project = args.project.resolve()
        modules = sum(1 for _ in (project / "src").rglob("*.py"))
    try:
        figures = measure(project, args.runs)
        phases = import_edit_phases(project, args.runs)
    finally:
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{modules} modules, median of {args.runs} rounds (keystrokes: 5 a round)\n"
    )
    print("| first open (s) | keystroke (ms) | import added (s) | import removed (s) "
          "| server peak (MB) | lint-imports peak (MB), time (s) | layerlint check, cold (s, MB) |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {figures['open']:.2f} | {figures['keystroke'] * 1000:.0f} | "
        f"{figures['import added']:.2f} | {figures['import removed']:.2f} | "
        f"{figures['server peak']:.0f} | {figures['lint-imports peak']:.0f}, "
        f"{figures['lint-imports']:.2f} | {figures['check']:.2f}, {figures['check peak']:.0f} |"
    )
    print("\nAn import added, the server's analysis phase by phase, in one process (s):\n")
    print("| " + " | ".join(phases) + " |")
    print("|" + "---|" * len(phases))
    print("| " + " | ".join(f"{seconds:.2f}" for seconds in phases.values()) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
