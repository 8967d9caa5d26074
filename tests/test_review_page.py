"""The review page (`layerlint graph --format html`) in a real browser: Debian's chromium,
headless, driven by Playwright (never its own downloaded browsers), opened from disk with
the network cut off. The drawing renders, a click drills down and the breadcrumb goes back,
the diagnostics listed are `layerlint check`'s, selecting one lights up its chain, search
finds a module, and third-party packages can be hidden.

When CI is set (.ci/run installs chromium), a missing browser fails these tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from test_graph import DEMO

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    missing = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = "Playwright is not installed (pip install -e '.[test]')"
    if missing is None and not Path(CHROMIUM).exists():
        missing = "chromium is not installed (apt-get install chromium)"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI: {missing}")
        pytest.skip(missing)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def demo_page(tmp_path_factory) -> Path:
    from layerlint.cli import main

    path = tmp_path_factory.mktemp("review") / "review.html"
    cwd = Path.cwd()
    os.chdir(DEMO)
    try:
        assert main(["graph", "--no-cache", "-o", str(path)]) == 0
    finally:
        os.chdir(cwd)
    return path


@pytest.fixture
def page(browser, demo_page):
    context = browser.new_context(offline=True)  # the page must need no network
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.goto(demo_page.as_uri())
    tab.wait_for_selector("body[data-ready='1']")
    yield tab
    context.close()
    assert errors == []


def drawn(tab) -> dict[str, str]:
    """{node name: its kind} of the drawing shown."""
    return {
        node.get_attribute("data-name"): node.get_attribute("class").split()[1]
        for node in tab.locator("svg .node").all()
    }


def crumbs(tab) -> str:
    return " ".join(tab.locator("#crumbs a, #crumbs b").all_inner_texts())


START = {
    "app.api": "inside", "app.application": "inside", "app.domain": "inside",
    "app.infrastructure": "inside", "app.main": "inside", "app.shared": "inside",
    "fastapi": "external", "fastapi_users": "external", "pydantic": "external",
    "sqlalchemy": "external",
}


def test_the_drawing_renders_the_top_level_packages(page):
    assert crumbs(page) == "all app"
    assert drawn(page) == START
    assert page.locator("svg .edge path").count() == page.locator("svg .edge").count() > 0
    # the broken imports are drawn red: app.domain imports app.infrastructure, sqlalchemy
    red = {
        (e.get_attribute("data-source"), e.get_attribute("data-target"))
        for e in page.locator("svg .edge.broken").all()
    }
    assert {("app.domain", "app.infrastructure"), ("app.domain", "sqlalchemy")} <= red


def test_a_click_drills_down_and_the_breadcrumb_goes_back(page):
    page.locator("svg .node[data-name='app.infrastructure']").click()
    assert crumbs(page) == "all app infrastructure"
    shown = drawn(page)
    assert {n for n, kind in shown.items() if kind == "inside"} == {
        "app.infrastructure.email_sender", "app.infrastructure.legacy_export",
        "app.infrastructure.persistence", "app.infrastructure.security",
    }
    # its siblings that import it or that it imports, dashed
    assert {n for n, kind in shown.items() if kind == "context"} == {
        "app.api", "app.application", "app.domain", "app.shared",
    }
    page.locator("#crumbs a", has_text="app").click()
    assert crumbs(page) == "all app"
    assert drawn(page) == START


def test_the_diagnostics_are_those_of_check(page, cli):
    code, report, _ = cli("check", "--no-cache", cwd=DEMO)
    *lines, summary = report.splitlines()
    contracts = [text for text in lines if text.startswith("Contract '")]
    assert len(contracts) == 4  # the demo's contracts, all broken
    assert page.locator("#diagnostics li").all_inner_texts() == lines[: -len(contracts)]
    assert page.locator("#contracts li").all_inner_texts() == contracts
    assert page.locator("#summary").inner_text() == summary


def test_selecting_a_diagnostic_lights_up_its_chain(page):
    item = page.locator("#diagnostics li", has_text="LL102").first
    assert "app.domain.session_models_infra -> sqlalchemy" in item.inner_text()
    item.click()
    assert "selected" in item.get_attribute("class")
    assert crumbs(page) == "all app domain"  # where the chain's modules are apart
    assert {n.get_attribute("data-name") for n in page.locator("svg .node.hl").all()} == {
        "app.domain.session_models_infra", "sqlalchemy",
    }
    assert [
        (e.get_attribute("data-source"), e.get_attribute("data-target"))
        for e in page.locator("svg .edge.hl").all()
    ] == [("app.domain.session_models_infra", "sqlalchemy")]
    assert page.locator("svg.dim").count() == 1
    item.click()  # again: no longer selected
    assert page.locator("svg .node.hl").count() == 0 and page.locator("svg.dim").count() == 0


def test_search_finds_a_module(page):
    page.locator("#search").fill("legacy_ex")
    assert page.locator("#found li").all_inner_texts() == ["app.infrastructure.legacy_export"]
    page.locator("#found li").first.click()
    assert crumbs(page) == "all app infrastructure"
    assert [n.get_attribute("data-name") for n in page.locator("svg .node.hl").all()] == [
        "app.infrastructure.legacy_export"
    ]


def test_third_party_packages_can_be_hidden(page):
    page.locator("#external").uncheck()
    assert drawn(page) == {n: k for n, k in START.items() if k != "external"}
    page.locator("#external").check()
    assert drawn(page) == START


def test_the_cycles_are_listed_with_their_breakers_and_light_up(page):
    assert page.locator("#cycles li").all_inner_texts() == [
        "2 modules: app.domain.user, app.infrastructure.persistence.mappers; break: "
        "app.domain.user -> app.infrastructure.persistence.mappers",
        "2 modules: app.infrastructure.persistence.session_model, "
        "app.infrastructure.persistence.user_model; break: "
        "app.infrastructure.persistence.session_model -> "
        "app.infrastructure.persistence.user_model",
    ]
    page.locator("#cycles li").nth(1).click()
    assert crumbs(page) == "all app infrastructure persistence"
    assert {n.get_attribute("data-name") for n in page.locator("svg .node.hl").all()} == {
        "app.infrastructure.persistence.session_model",
        "app.infrastructure.persistence.user_model",
    }
    # the breaker lights up, drawn dashed; both modules are marked as on a cycle
    breaker = page.locator("svg .edge.hl")
    assert breaker.count() == 1
    assert breaker.get_attribute("data-source") == "app.infrastructure.persistence.session_model"
    assert "breaker" in breaker.get_attribute("class")
    assert page.locator("svg .node.cyclic.hl").count() == 2


def test_a_level_wider_than_the_pane_opens_on_its_top_row(browser, tmp_path):
    """One module importing forty siblings: the top row is that one module, centred above a
    level wider than the pane. The page opens with it in view (as on Home Assistant, whose
    top level opened on an empty corner)."""
    from helpers import write_project

    from layerlint.cli import main

    files = {f"app/integration_number_{i:02d}.py": "" for i in range(40)}
    files["app/main.py"] = "".join(f"import app.integration_number_{i:02d}\n" for i in range(40))
    write_project(tmp_path, files)
    path = tmp_path / "review.html"
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        assert main(["graph", "--no-cache", "app", "-o", str(path)]) == 0
    finally:
        os.chdir(cwd)
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 720})
    tab = context.new_page()
    tab.goto(path.as_uri())
    tab.wait_for_selector("body[data-ready='1']")
    canvas = tab.locator("#canvas").bounding_box()
    drawing = tab.locator("#drawing").bounding_box()
    top = tab.locator("svg .node[data-name='app.main']").bounding_box()
    context.close()
    assert drawing["width"] > canvas["width"]  # wider than the pane: it scrolls
    assert canvas["x"] <= top["x"] and top["x"] + top["width"] <= canvas["x"] + canvas["width"]
    assert canvas["y"] <= top["y"] and top["y"] + top["height"] <= canvas["y"] + canvas["height"]
