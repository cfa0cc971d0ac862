"""Text that looks like code stays text: on every page, in search results, in the feed and data.

tests/fixtures/hostile/content puts HTML, entities, Markdown, Jinja and URLs in every field a
plan, an agencies file, kinds.yaml and themes.yaml have. A reader's browser must show each
as written, and nothing from content may run or become an element.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURES, make_project, run_mkdocs, screenshot, serve, strings


HOSTILE = FIXTURES / "hostile" / "content"
PLAN = yaml.safe_load((HOSTILE / "plans" / "hostile-2023.yaml").read_text(encoding="utf-8"))
AGENCIES = yaml.safe_load((HOSTILE / "agencies" / "hostile.yaml").read_text(encoding="utf-8"))
THEMES = {t["id"]: t for t in yaml.safe_load((HOSTILE / "themes.yaml").read_text(encoding="utf-8"))}
KINDS = {k["id"]: k for k in yaml.safe_load((HOSTILE / "kinds.yaml").read_text(encoding="utf-8"))}

TITLE = PLAN["title"]
SECTION = PLAN["sections"][0]
TASK_1, TASK_2, _FORMULAS = SECTION["tasks"]  # the third: formula cells (tests/test_sheets.py)
ITEM_1, ITEM_2 = TASK_2["items"]
UNIT_B, UNIT_CODE, UNIT_AMP = (u["name"] for u in AGENCIES["units"])
JURISDICTION = AGENCIES["jurisdiction"]["name"]

PLAN_TEXTS = [
    TITLE, *(PLAN["notice"][key] for key in ("doc_number", "title", "addressees", "body", "signatory",
                                             "copied_to", "printed_by")),
    *PLAN["preamble"], SECTION["title"], *SECTION["paragraphs"], TASK_1["text"], TASK_1["note"],
    TASK_2["title"], ITEM_1["text"], ITEM_1["note"], *(s["text"] for s in ITEM_2["statements"]),
    *(s["note"] for s in ITEM_2["statements"]), *PLAN["closing"], *PLAN["notes"], PLAN["responsibility_rule"],
]
PAGES = {
    "plans/hostile-2023/": PLAN_TEXTS,
    "agencies/hostile/ju/": [UNIT_B, TASK_1["text"]],
    "agencies/hostile/amp/": [UNIT_AMP, ITEM_1["text"]],
    "agencies/hostile/daima/": [UNIT_CODE],
    "agencies/hostile/": [JURISDICTION, UNIT_B, UNIT_CODE, UNIT_AMP],
    "agencies/kinds/hack/": [KINDS["hack"]["name"], UNIT_CODE],
    "themes/campus/": [THEMES["campus"]["name"], THEMES["campus"]["description"], TASK_1["text"]],
    "themes/waste/": [THEMES["waste"]["name"], THEMES["waste"]["description"], ITEM_1["text"]],
    "themes/": [THEMES["campus"]["name"], THEMES["waste"]["name"]],
    "plans/": [TITLE],
    "agencies/": [JURISDICTION],
    "": [JURISDICTION, THEMES["campus"]["name"], KINDS["hack"]["name"]],
}

# What an injection would leave behind in the DOM.
INJECTED = """() => ({
  pwned: window.__pwned === undefined ? null : String(window.__pwned),
  ids: [...document.querySelectorAll('[id^="pwned"]')].map(e => e.outerHTML),
  scripts: [...document.querySelectorAll('script')].map(s => s.textContent).filter(t => t.includes('__pwned')),
  javascriptLinks: [...document.querySelectorAll('[href^="javascript:" i], [src^="javascript:" i]')]
      .map(e => e.outerHTML),
  handlers: [...document.querySelectorAll('[onerror], [onload]')].map(e => e.outerHTML),
  iframes: document.querySelectorAll('iframe').length,
})"""
CLEAN = {"pwned": None, "ids": [], "scripts": [], "javascriptLinks": [], "handlers": [], "iframes": 0}


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("hostile"), HOSTILE)
    run_mkdocs(project)
    return project / "site"


@pytest.fixture(scope="module")
def hostile_server(hostile_site):
    server, base = serve(hostile_site, "sub/path")
    yield base
    server.shutdown()


def open_page(page, url: str) -> list[str]:
    """Open `url`, recording every dialog a script would open."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url, wait_until="networkidle")
    return dialogs


@pytest.mark.parametrize("path", list(PAGES), ids=[p or "home" for p in PAGES])
def test_hostile_text_shows_literally_and_nothing_runs(page, hostile_server, path):
    dialogs = open_page(page, hostile_server + path)
    assert page.evaluate(INJECTED) == CLEAN
    shown = squash(page.evaluate("() => document.body.textContent"))
    missing = [text for text in PAGES[path] if squash(text) not in shown]
    assert missing == [], f"not shown literally on /{path}: {missing}"
    assert dialogs == []


def test_plan_page_title_and_heading_are_the_literal_title(page, hostile_server):
    open_page(page, hostile_server + "plans/hostile-2023/")
    assert page.title().startswith(TITLE)
    assert squash(TITLE) in squash(page.locator("h1").first.text_content())
    assert "49" not in page.locator("h1").first.text_content()
    screenshot(page, "escaping-plan")


def test_generated_markdown_is_not_interpreted(hostile_site):
    """Markdown syntax in content never becomes markup: no <strong>粗体, no <em>斜体, no heading 假标题."""
    html = (hostile_site / "plans" / "hostile-2023" / "index.html").read_text(encoding="utf-8")
    assert "<strong>粗体</strong>" not in html and "<em>斜体</em>" not in html
    assert not re.search(r"<h\d[^>]*>\s*假标题", html)
    assert "<strong>md_in_html</strong>" not in html
    assert 'href="https://evil.example/"' not in html
    assert 'src="x.png"' not in html


def test_feed_carries_the_literal_title(hostile_site):
    root = ET.parse(hostile_site / "feed.xml").getroot()
    titles = [element.text for element in root.iter() if element.tag.endswith("title")]
    assert TITLE in titles


def test_json_data_carries_the_literal_text(hostile_site):
    files = list((hostile_site / "data").rglob("*.json"))
    assert files, "no JSON data files"
    found = {s for path in files for s in strings(json.loads(path.read_text(encoding="utf-8")))}
    for text in [TITLE, UNIT_B, PLAN["notice"]["doc_number"]]:
        assert text in found, text
    for text in [TASK_1["text"], ITEM_1["text"]]:  # a task's words may be stored with its note
        assert any(text in s for s in found), text


def test_csv_data_carries_the_literal_text(hostile_site):
    files = list((hostile_site / "data").rglob("*.csv"))
    assert files, "no CSV data files"
    cells = {cell for path in files
             for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))) for cell in row}
    assert TASK_1["text"] in cells or any(TASK_1["text"] in cell for cell in cells)


def test_search_results_show_hostile_text_literally(page, hostile_server):
    dialogs = open_page(page, hostile_server + "search/")
    box = page.get_by_role("searchbox").first
    box.fill("注入测试")
    box.press("Enter")
    results = page.locator("[data-search-results], .search-results, #search-results, [role=list]").first
    results.get_by_text("注入测试").first.wait_for(timeout=15_000)
    assert page.evaluate(INJECTED) == CLEAN
    assert dialogs == []
    screenshot(page, "escaping-search")
