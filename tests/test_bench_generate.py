"""The benchmark generators (bench/generate.py, bench/generate_hub.py): the default
"domains" shape writes the tree the published figures were measured on, byte for byte, and
the "hub" shape is deterministic and shaped like Home Assistant, measured as
bench/real_monorepo.py measures the real one."""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from generate import SHAPES, generate
from generate_hub import INDEPENDENT, generate_hub
from real_monorepo import shape

# the digest of `python bench/generate.py OUT --modules 1000` as the scale table was measured
DOMAINS_1000 = "e798fdeb688e193bae9a03edbe579e39137d626a484d3160c6dc14141c98aa02"


def digest(root: Path) -> str:
    """Every file's path and bytes, in path order."""
    found = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            found.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return found.hexdigest()


def test_the_default_shape_is_the_measured_one(tmp_path: Path) -> None:
    facts = generate(tmp_path / "out", 1000)
    assert facts == {
        "modules": 1027,
        "domains": 5,
        "upward": 1,
        "cycles": 1,
        "duplicate_tables": 0,
        "duplicate_classes": 2,
    }
    assert digest(tmp_path / "out") == DOMAINS_1000
    assert sorted(SHAPES) == ["domains", "hub"]


def test_the_hub_shape_is_the_same_for_a_seed(tmp_path: Path) -> None:
    first = generate_hub(tmp_path / "a", 200)
    assert generate_hub(tmp_path / "b", 200) == first
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    generate_hub(tmp_path / "c", 200, seed=2)
    assert digest(tmp_path / "c") != digest(tmp_path / "a")
    # the eight independent integrations have 12 modules or more, whatever the size asked
    assert len(list((tmp_path / "a").rglob("*.py"))) == first["modules"] == 200


def percent(text: str) -> float:
    return float(text.rstrip("%"))


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    out = tmp_path_factory.mktemp("hub")
    planted = generate_hub(out, 800)
    facts = shape(
        out / "src",
        package="hub",
        integrations="hub.components",
        layers=("hub.components", "hub.helpers", "hub.util"),
        independent=tuple(f"hub.components.i{i:04d}" for i in range(INDEPENDENT)),
    )
    return planted, facts


def test_the_hub_shape_imports_as_home_assistant_does(hub: tuple[dict, dict]) -> None:
    """Home Assistant 2024.3.3: 62.7% from an integration to the core, 24.5% within one,
    10.8% to another, 1.9% within the core, 0.2% from the core to an integration."""
    _, facts = hub
    assert facts["modules"] == "800"
    assert 55 <= percent(facts["from an integration to the shared core"]) <= 70
    assert 20 <= percent(facts["within an integration"]) <= 30
    assert 8 <= percent(facts["to another integration"]) <= 14
    assert percent(facts["within the shared core"]) <= 4
    assert 0 < percent(facts["from the core to an integration"]) <= 1
    per_module = float(re.search(r"\((\S+) per module\)", facts["imports between them"])[1])
    assert 5.0 <= per_module <= 6.5


def test_the_hub_shape_has_home_assistants_integrations_and_cycles(
    hub: tuple[dict, dict],
) -> None:
    planted, facts = hub
    count, median, p90, largest = map(
        int,
        re.fullmatch(
            r"(\d+): median (\d+) modules, 90th percentile (\d+), largest (\d+)",
            facts["integrations"],
        ).groups(),
    )
    assert count == planted["integrations"]
    assert median == 4 and 10 <= p90 <= 12 and 12 <= largest <= 60
    groups = re.fullmatch(
        r"(\d+), (\d+) modules in them; largest: ([\d, ]+)",
        facts["import cycles (strongly connected groups)"],
    )
    sizes = [int(s) for s in groups[3].split(", ")]
    assert int(groups[1]) >= planted["small_cycles"]
    assert max(sizes) >= planted["large_cycle"]
    # the ring climbs from util to helpers and from helpers to integrations; util reaches
    # integrations too, a third dependency only where a chain there passes no helper
    found, routes = map(
        int,
        re.fullmatch(
            r"(\d), (\d+) routes", facts["illegal dependencies, layers contract"]
        ).groups(),
    )
    assert 2 <= found <= 3 and routes >= found
    assert facts["illegal dependencies, independence contract"] == "0, 0 routes"
    assert planted["duplicate_tables"] > 0 and planted["duplicate_classes"] > 0
