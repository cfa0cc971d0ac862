"""Accessibility as a reader with a screen reader or only a keyboard meets the public site.

axe-core (pinned in tests/js/package.json, installed by `make test` with `npm ci`) runs in headless Chromium on the
home page, a plan, an agency, a theme and the search page with results: no serious or critical
violation. Beyond axe: lang="zh", one h1 and headings without skipped levels, landmarks, and
search and filters usable with Tab, typing, Enter and Space alone.
"""

from __future__ import annotations

import os
from urllib.parse import unquote

import pytest
from helpers import ROOT, screenshot, tab_until


AXE_JS = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "home": "",
    "plan": "plans/yangcheng-2023/",
    "agency": "agencies/yangcheng/nongye-nongcun-ju/",
    "theme": "themes/campus/",
    "plans": "plans/",  # a wide page (issue 28)
    "metric": "metrics/mingchu-liangzao/",  # a chart with its table
}
SEARCH_QUERY = "校园食品"
RESULTS = "[data-search-results], .search-results, #search-results"


def _unavailable(reason: str):
    """A missing tool fails under CI (CI=true) and skips on a developer's machine."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, as `make test` installed it (`npm ci --prefix tests/js`)."""
    if not AXE_JS.exists():
        _unavailable("axe-core is not installed: run `make test` (it runs `npm ci --prefix tests/js`)")
    return AXE_JS.read_text(encoding="utf-8")


def serious_violations(page, axe_source: str) -> list[str]:
    """axe's serious and critical findings on the open page, one line per element."""
    page.add_script_tag(content=axe_source)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {node['target']}"
            for v in results["violations"] if v["impact"] in ("serious", "critical") for node in v["nodes"]]


def search_with_results(page, base: str) -> None:
    page.goto(base + "search/", wait_until="networkidle")
    box = page.get_by_role("searchbox").last
    box.fill(SEARCH_QUERY)
    box.press("Enter")
    page.locator(RESULTS).first.get_by_text(SEARCH_QUERY[:2]).first.wait_for(timeout=15_000)


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_axe_violations(page, public_server, axe_source, name):
    page.goto(public_server + PAGES[name], wait_until="networkidle")
    found = serious_violations(page, axe_source)
    assert found == [], "\n".join(found)


def test_no_serious_axe_violations_on_search_with_results(page, public_server, axe_source):
    search_with_results(page, public_server)
    found = serious_violations(page, axe_source)
    assert found == [], "\n".join(found)
    screenshot(page, "a11y-search-results")


@pytest.mark.parametrize("name", [*PAGES, "search"])
def test_language_headings_and_landmarks(page, public_server, name):
    page.goto(public_server + PAGES.get(name, "search/"), wait_until="networkidle")
    assert page.evaluate("() => document.documentElement.lang") == "zh"
    levels = page.evaluate("""() => [...document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')]
        .filter(h => h.offsetParent !== null).map(h => Number(h.tagName[1]))""")
    assert levels and levels[0] == 1 and levels.count(1) == 1, levels
    skipped = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert skipped == [], f"heading levels skip: {skipped}"
    landmarks = page.evaluate("""() => ({
        main: document.querySelectorAll('main, [role=main]').length,
        banner: document.querySelectorAll('header, [role=banner]').length,
        navigation: document.querySelectorAll('nav, [role=navigation]').length})""")
    assert landmarks["main"] == 1 and landmarks["banner"] >= 1 and landmarks["navigation"] >= 1, landmarks


def test_search_and_filters_work_from_the_keyboard(page, public_server):
    page.goto(public_server + "search/", wait_until="networkidle")
    assert tab_until(page, "el => el.matches('input[type=search], [role=searchbox]') && el.closest('main')"), \
        "Tab never reaches the search box"
    page.keyboard.type(SEARCH_QUERY)
    page.keyboard.press("Enter")
    results = page.locator(RESULTS).first
    results.get_by_text(SEARCH_QUERY[:2]).first.wait_for(timeout=15_000)
    assert tab_until(page, "el => el.matches('#search-facets a')"), "Tab never reaches a filter"
    value = page.evaluate("() => document.activeElement.dataset.value")
    page.keyboard.press("Enter")  # a filter is a link to the filtered result set
    selected = page.locator(f'#search-facets a[aria-current="true"][data-value="{value}"]')
    selected.wait_for(timeout=5_000)
    screenshot(page, "a11y-search-filter")
    assert value in unquote(page.url), "the chosen filter is not in the URL"
    assert tab_until(page, "el => el.matches('#search-facets a[aria-current=true]')"), \
        "the chosen filter cannot be reached again to remove it"
    page.keyboard.press("Enter")
    selected.wait_for(state="detached", timeout=5_000)
    assert value not in unquote(page.url)
