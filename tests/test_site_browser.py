"""What a reader sees in Chromium on a desktop and on a phone: titles, tasks, no sideways
scrolling, and a header search box that leads to the search page. Screenshots go to
test-output/ for a person to look at.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from generator import urls
from generator.loading import load
from helpers import ROOT, screenshot

VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}


def public_pages() -> dict[str, tuple[str, str]]:
    """name → (site-relative URL, the h1 a reader should see) for one page of each kind."""
    content = load(ROOT / "content")
    plan = next(p for p in content.plans if p.id == "yangcheng-2023")
    agency = next(a for a in plan.jurisdiction.agencies if a.name == "县市场监管局")
    theme = next(t for t in content.themes if t.id == "campus")
    return {
        "home": (urls.HOME, "食品安全工作计划公开库"),
        "plan": (urls.plan(plan), plan.display_title),
        "agency": (urls.agency(agency), agency.name),
        "theme": (urls.theme(theme), theme.name),
    }


PAGES = public_pages()


def open_page(page, base: str, url: str, viewport: str) -> None:
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    response = page.goto(base + url)
    assert response is not None and response.ok


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_reader_sees_the_title_and_content_without_sideways_scrolling(page, public_server, name, viewport):
    url, title = PAGES[name]
    open_page(page, public_server, url, viewport)
    heading = page.locator("article.md-content__inner h1")
    assert heading.is_visible() and heading.inner_text().strip() == title
    if name in ("plan", "agency", "theme"):
        first_task = page.locator("article.task, ul.duty-list > li, ul.theme-tasks > li").first
        first_task.scroll_into_view_if_needed()
        assert first_task.is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    screenshot(page, f"site-{name}-{viewport}")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px"


def test_plan_page_shows_each_task_with_its_units_as_links(page, public_server):
    url, _ = PAGES["plan"]
    open_page(page, public_server, url, "phone")
    task = page.locator("article.task#t-1-1")
    task.scroll_into_view_if_needed()
    assert task.is_visible()
    unit = task.locator("ul.units a").first
    assert unit.is_visible()
    name = unit.inner_text()
    unit.click()
    page.wait_for_load_state()
    assert page.locator("article.md-content__inner h1").inner_text().strip() == name


def test_a_task_link_from_a_theme_page_lands_on_the_task(page, public_server):
    url, _ = PAGES["theme"]
    open_page(page, public_server, url, "desktop")
    link = page.locator("ul.theme-tasks a.task-ref").first
    anchor = urlsplit(link.get_attribute("href")).fragment
    link.click()
    page.wait_for_load_state()
    task = page.locator(f"article.task#{anchor}")
    assert task.is_visible() and task.evaluate("el => el.getBoundingClientRect().top") < 800
    screenshot(page, "site-task-from-theme")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_header_search_box_submits_to_the_search_page(page, public_server, viewport):
    url, _ = PAGES["plan"]
    open_page(page, public_server, url, viewport)
    box = page.locator("header form.plans-header-search input[name=q]")
    assert box.is_visible()
    box.fill("校园食品")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    address = urlsplit(page.url)
    assert address.path.endswith("/search/")
    assert parse_qs(address.query)["q"] == ["校园食品"]


def test_home_search_form_submits_to_the_search_page(page, public_server):
    open_page(page, public_server, urls.HOME, "phone")
    form = page.locator("article.md-content__inner form.plans-search-form")
    form.locator("input[name=q]").fill("地沟油")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/search/?q=*")
    assert parse_qs(urlsplit(page.url).query)["q"] == ["地沟油"]


def test_print_layout_hides_navigation_and_keeps_every_task(page, public_server):
    url, _ = PAGES["plan"]
    open_page(page, public_server, url, "desktop")
    page.emulate_media(media="print")
    assert not page.locator("header.md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    tasks = page.locator("article.task")
    hidden = [i for i in range(tasks.count()) if not tasks.nth(i).is_visible()]
    assert tasks.count() > 0 and hidden == []
    assert page.locator("article.task ul.units").first.is_visible()
