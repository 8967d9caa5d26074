"""The "hub" shape of the synthetic monorepo (bench/generate.py --shape hub): a small
shared core and many small integrations that import it, modelled on Home Assistant
(bench/real_monorepo.py measures the real one; bench/shape_compare.py prints both).

- The core (one module in 40, as Home Assistant's 164 of 6,723): top-level modules
  (`hub.core`, `hub.const`, ...), `hub.helpers`, `hub.util` and `hub.auth`. Its modules
  import lower-ranked core modules only, so the core alone has no cycle.
- Integrations `hub.components.iNNNN`: sizes drawn from a log-normal law with Home
  Assistant's median (4 modules) and 90th percentile (11); the largest ones come first
  (i0000-i0007, the independence contract's). Each module draws 4 to 10 imports: 52% into
  the core (popular modules far more often: `hub.core` first, as Home Assistant's
  `homeassistant.core`), 38% to an earlier module of the same integration, 10% to another
  integration (popular ones, as `sensor` is, far more often; never an independent one).
- One large import cycle through the core and a few infrastructure integrations (a ring of
  3% of the modules, which the imports around it grow to about 3.5%, as Home Assistant's
  238 of 6,723): it climbs from `hub.util` to `hub.helpers` to integrations and back, so
  the layers contract is broken along it; and small cycles (one in 200 modules) inside
  integrations.
- SQLAlchemy models (`models` in every eighth integration of 3 modules or more, one table
  in five planted twice) and
  a few copies of the class `AuthService` (a `unique` contract, layerlint's own).

The same seed gives the same tree, byte for byte.
"""

from __future__ import annotations

import math
import random
import shutil
from bisect import bisect
from itertools import accumulate
from pathlib import Path

TOP = ("core", "const", "config_entries", "exceptions", "data_entry_flow", "loader")
NAMES = (
    "const",
    "models",
    "coordinator",
    "entity",
    "sensor",
    "binary_sensor",
    "switch",
    "light",
    "config_flow",
    "diagnostics",
    "climate",
    "cover",
    "services",
    "helpers",
)
INDEPENDENT = 8  # the largest integrations, independent of each other
RING = 200  # modules in the planted cycle per 6,723 (its group grows to 238 or so)
SMALL_CYCLES = (47, 19, 13, 12, 6, 6, 5, 4, 3, 3, 3, 2, 2, 2, 2)  # Home Assistant's, in part


class _Zipf:
    """Draws from a list, the item of rank r with weight 1 / (r + 1)."""

    def __init__(self, items: list[str], rng: random.Random) -> None:
        self.items, self.rng = items, rng
        self.cum = list(accumulate(1 / (rank + 1) for rank in range(len(items))))

    def draw(self) -> str:
        return self.items[
            min(bisect(self.cum, self.rng.random() * self.cum[-1]), len(self.items) - 1)
        ]


def _sizes(rng: random.Random, total: int) -> list[int]:
    """Integration sizes adding up to `total`: median 4, 90th percentile 11, at most 60."""
    sizes: list[int] = []
    drawn = 0
    while drawn < total:
        sizes.append(min(60, max(1, round(math.exp(rng.gauss(math.log(4), 0.79))))))
        drawn += sizes[-1]
    sizes[-1] -= drawn - total
    sizes = [s for s in sizes if s > 0]
    order = sorted(range(len(sizes)), key=lambda i: -sizes[i])[:INDEPENDENT]
    large = [max(12, sizes[i]) for i in order]  # the edit targets of scale_bench.py exist
    chosen = set(order)
    rest = [s for i, s in enumerate(sizes) if i not in chosen]
    excess = sum(large) + sum(rest) - total  # what raising the large ones to 12 added
    while excess > 0 and rest:
        cut = min(excess, rest[-1])
        rest[-1] -= cut
        excess -= cut
        if not rest[-1]:
            rest.pop()
    return large + rest


def _core(count: int) -> dict[str, list[str]]:
    """The core's modules by part, each list in rank order (lower ranks are imported)."""
    rest = max(3, count - len(TOP))
    util, auth = max(1, rest * 25 // 100), max(1, rest * 15 // 100)
    return {
        "top": [f"hub.{name}" for name in TOP],
        "util": [f"hub.util.u{i:04d}" for i in range(util)],
        "auth": [f"hub.auth.a{i:04d}" for i in range(auth)],
        "helpers": [f"hub.helpers.h{i:04d}" for i in range(rest - util - auth)],
    }


def generate_hub(out: Path, modules: int, seed: int = 1) -> dict[str, int]:
    rng = random.Random(seed)
    core = _core(max(20, modules // 40))
    # what a core module may import: util < top < auth < helpers, and earlier ones of its part
    order = core["util"] + core["top"] + core["auth"] + core["helpers"]
    rank = {name: i for i, name in enumerate(order)}
    popular = core["top"][:3] + [
        n for trio in zip(core["helpers"], core["util"], core["auth"]) for n in trio
    ]
    first = set(popular)
    popular += [n for n in order if n not in first]
    sizes = _sizes(rng, max(INDEPENDENT * 12, modules - len(order) - 6))
    integrations = [f"hub.components.i{i:04d}" for i in range(len(sizes))]
    members = {
        name: [name]
        + [f"{name}.{(NAMES[j] if j < len(NAMES) else f'm{j:02d}')}" for j in range(size - 1)]
        for name, size in zip(integrations, sizes)
    }
    imports: dict[str, set[str]] = {}
    into_core = _Zipf(popular, rng)
    ring_size = max(12, round(modules * RING / 6723))
    infrastructure = integrations[INDEPENDENT : INDEPENDENT + max(3, ring_size // 6)]
    shuffled = integrations[INDEPENDENT:]  # no integration imports the independent ones
    rng.shuffle(shuffled)
    into_other = {False: _Zipf(shuffled, rng), True: _Zipf(infrastructure, rng)}
    ring_owners = set(infrastructure)
    for name in order:
        below = rank[name]  # the number of lower-ranked modules
        imports[name] = (
            {order[rng.randrange(below)] for _ in range(rng.randint(2, 6))} if below else set()
        )
    for integration in integrations:
        others = into_other[integration in ring_owners]
        for j, name in enumerate(members[integration]):
            targets = imports[name] = set()
            for _ in range(rng.randint(4, 10)):
                draw = rng.random()
                if draw < 0.10:
                    other = others.draw()
                    if other != integration:
                        targets.add(other if rng.random() < 0.7 else rng.choice(members[other]))
                elif draw < 0.48 and j > 0:
                    targets.add(rng.choice(members[integration][:j]))
                else:
                    targets.add(into_core.draw())
    ring = _plant_ring(core, [m for i in infrastructure for m in members[i]], imports, ring_size)
    planted = {"large_cycle": ring}
    planted["small_cycles"] = _plant_small(integrations, members, imports, modules)
    planted.update(_write(out, core, integrations, members, imports))
    planted["modules"] = len(imports) + 6  # hub and its four packages, hub.db
    planted["integrations"] = len(integrations)
    return {"modules": planted.pop("modules"), **planted}


def _plant_ring(core, infrastructure, imports, size) -> int:
    """A cycle of `size` modules: laps of helpers (and top-level modules) then integration
    modules, every sixth lap starting with utilities, each module importing the next."""
    pools = {
        "components": infrastructure[: size * 64 // 100],
        "helpers": (core["top"] + core["helpers"])[: size * 28 // 100],
        "util": core["util"][: size * 8 // 100],
    }
    laps = max(2, size // 4)
    ring: list[str] = []
    for lap in range(laps):
        for part in (
            ("util", "helpers", "components") if lap % 6 == 0 else ("helpers", "components")
        ):
            pool = pools[part]
            share = len(pool) // (laps // 6 + 1) if part == "util" else len(pool) // laps
            start = (lap // 6 if part == "util" else lap) * share
            ring += pool[start : start + max(1, share)]
    ring = list(dict.fromkeys(ring))
    for a, b in zip(ring, ring[1:] + ring[:1]):
        imports[a].add(b)
    return len(ring)


def _plant_small(integrations, members, imports, modules) -> int:
    """Rings inside single integrations, the largest in the largest (the independent ones
    first, then from i0032 on: beyond 5,000 modules some of these are infrastructure
    integrations, and their rings join the large cycle)."""
    count = max(1, modules // 200)
    candidates = sorted(
        integrations[:INDEPENDENT] + integrations[INDEPENDENT * 4 :], key=lambda i: -len(members[i])
    )
    planted = 0
    for index in range(count):
        length = SMALL_CYCLES[index] if index < len(SMALL_CYCLES) else 2 + index % 3
        owner = candidates[index % len(candidates)]
        ring = members[owner][-length:] if len(members[owner]) >= length else members[owner]
        if len(ring) < 2:
            continue
        for a, b in zip(ring, ring[1:] + ring[:1]):
            imports[a].add(b)
        planted += 1
    return planted


def _write(out, core, integrations, members, imports) -> dict[str, int]:
    root = out / "src" / "hub"
    if out.exists():
        shutil.rmtree(out)
    for folder in ("", "util", "auth", "helpers", "components"):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / "__init__.py").write_text("")
    (root / "db.py").write_text(
        "from sqlalchemy.orm import declarative_base\n\nBase = declarative_base()\n"
    )
    planted = {"duplicate_tables": 0, "duplicate_classes": 0}
    previous_table = None
    for index, integration in enumerate(integrations):
        folder = root / "components" / integration.rsplit(".", 1)[1]
        folder.mkdir()
        for name in members[integration]:
            extra = []
            if name == integration and index % 100 in (3, 4):  # planted copies
                extra = ["", "", "class AuthService:", "    pass"]
                planted["duplicate_classes"] += 1
            tail = integration.rsplit(".", 1)[1]
            if name.endswith(".models") and index % 8 == 0:
                table = f"{tail}_t"
                if index % 40 == 8 and previous_table:  # a planted duplicate table
                    table = previous_table
                    planted["duplicate_tables"] += 1
                previous_table = table
                extra = [
                    "from sqlalchemy import Column, Integer",
                    "from hub.db import Base",
                    "",
                    "",
                    f"class {tail.capitalize()}Model(Base):",
                    f'    __tablename__ = "{table}"',
                    "    id = Column(Integer, primary_key=True)",
                ]
            path = (
                folder / "__init__.py"
                if name == integration
                else folder / f"{name.rsplit('.', 1)[1]}.py"
            )
            _module(path, imports[name], extra)
    for name in core["top"] + core["util"] + core["auth"] + core["helpers"]:
        _module(root.joinpath(*name.split(".")[1:]).with_suffix(".py"), imports[name], [])
    _write_configs(out)
    return planted


def _module(path: Path, targets: set[str], extra: list[str]) -> None:
    lines = ['"""Generated module."""', ""] + [f"import {t}" for t in sorted(targets)]
    lines += extra or ["", "", "def function(value):", "    return value"]
    path.write_text("\n".join(lines) + "\n")


def _contracts(section: str) -> str:
    independent = ", ".join(f'"hub.components.i{i:04d}"' for i in range(INDEPENDENT))
    return f"""
[[{section}.contracts]]
name = "Integrations above helpers above utilities"
type = "layers"
layers = ["hub.components", "hub.helpers", "hub.util"]

[[{section}.contracts]]
name = "Utilities know no core"
type = "forbidden"
source_modules = ["hub.util"]
forbidden_modules = ["hub.core", "hub.helpers", "hub.components"]

[[{section}.contracts]]
name = "Large integrations do not import each other"
type = "independence"
modules = [{independent}]
"""


def _write_configs(out: Path) -> None:
    (out / "pyproject.toml").write_text(
        '[tool.layerlint]\nroot_packages = ["hub"]\n'
        + _contracts("tool.layerlint")
        + '\n[[tool.layerlint.contracts]]\nname = "One auth service"\ntype = "unique"\n'
        'classes = ["AuthService"]\n'  # layerlint's own: import-linter has no such contract
    )
    (out / "importlinter.toml").write_text(
        '[tool.importlinter]\nroot_package = "hub"\ninclude_external_packages = true\n'
        + _contracts("tool.importlinter")
    )
