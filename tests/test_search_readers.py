"""Search the way readers ask (issue #16): documents by 文号 and issuer, units by their common
names, traditional characters, near misses, the role filter, results on a phone, the plans finder.

Headless Chromium against the built sites; every expected set is computed from the content
model in Python, never written down.
"""

from __future__ import annotations

import gzip
import json
import re
from urllib.parse import quote

import pytest

from helpers import SUINING, WUZHI, leaks, reference, result_links, search, squash, total, wait


def kind_reference(content, kind_id: str, literal: str) -> set[tuple[str, str]]:
    """The tasks a kind's name finds: those containing the words, and those with a unit of the kind."""
    found = reference(content, literal)
    for task in content.walk_tasks():
        if task.is_heading and not task.title:
            continue
        if any(a.agency.kind and a.agency.kind.id == kind_id for a in task.assignments):
            found.add((task.plan.id, task.id))
    return found


def doc_results(page) -> list[str]:
    return [a.get_attribute("href") for a in page.query_selector_all("#search-results li.search-doc a.search-doc-link")]


def notes(page) -> str:
    return page.inner_text("#search-notes")


# ---- documents ----

@pytest.mark.parametrize("query, field", [("晋市政办〔2021〕26号", "文号"), ("缙食药安委", "文号"),
                                          ("阳城县人民政府办公室", "发文机关"),
                                          ("晋市政办〔２０２１〕２６号", "文号")])  # full-width digits: NFKC
def test_a_document_is_found_by_its_number_or_issuer_and_comes_first(page, public_server, public_content, query, field):
    search(page, public_server, query)
    plans = [p for p in public_content.plans
             if squash(query) in squash((p.notice.doc_number or "") + (p.notice.signatory or ""))]
    assert len(plans) == 1
    assert doc_results(page) == [f"../plans/{plans[0].id}/"]
    first = page.query_selector("#search-results > li")
    assert "search-doc" in first.get_attribute("class")
    matched = first.inner_text()
    assert field in matched and all(squash(m) in squash(query) for m in
                                    [x.inner_text() for x in first.query_selector_all("dd mark")])
    assert "份文件" in page.inner_text("#search-status")
    page.click("#search-results a.search-doc-link")
    page.wait_for_load_state()
    assert page.url.endswith(f"/plans/{plans[0].id}/")


def test_a_held_plans_number_finds_nothing_on_the_public_site(page, public_server, review_content, public_content):
    held = [p for p in review_content.plans if p.id not in {q.id for q in public_content.plans} and p.notice.doc_number]
    assert held
    search(page, public_server, held[0].notice.doc_number)
    assert doc_results(page) == [] and result_links(page) == []


# ---- units by their common names ----

@pytest.mark.parametrize("query, kind", [("市场监督管理局", "market"), ("卫健委", "health"), ("公安分局", "police")])
def test_a_kinds_common_name_finds_every_unit_of_the_kind_and_says_so(page, review_server, review_content, query, kind):
    search(page, review_server, query)
    expected = kind_reference(review_content, kind, query)
    literal = reference(review_content, query)
    assert total(page) == len(expected) > len(literal)
    name = next(k.name for k in review_content.kinds if k.id == kind)
    assert f"含各地{name}类单位的任务" in notes(page)
    assert page.query_selector("#search-results .search-result-units mark")  # the unit found by its kind is marked
    page.click("#search-notes a.search-exact-link")  # only the words themselves
    page.wait_for_url(re.compile(r"exact=1"))
    wait(page)
    assert total(page) == len(literal)
    assert "含各地" not in notes(page)


def test_other_words_stay_exact(page, review_server, review_content):
    search(page, review_server, "县市场监管局")  # a unit's own name, not a kind's common name
    assert total(page) == len(reference(review_content, "县市场监管局"))
    assert notes(page) == ""


# ---- traditional characters ----

@pytest.mark.parametrize("traditional, simplified", [("農藥殘留", "农药残留"), ("學校食堂", "学校食堂")])
def test_traditional_characters_find_the_simplified_text(page, review_server, review_content, traditional, simplified):
    links = search(page, review_server, traditional)
    expected = reference(review_content, simplified)
    assert total(page) == len(expected) > 0
    assert set(links) <= {f"../plans/{p}/#{t}" for p, t in expected}
    assert f"按简体字“{simplified}”" in notes(page)
    assert page.query_selector("#search-results .search-snippet mark")


def test_the_conversion_table_is_fetched_only_for_a_traditional_query(page, review_server):
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    search(page, review_server, "学校食堂")
    assert not any("t2s" in u for u in fetched)
    search(page, review_server, "學校食堂")
    assert any("t2s" in u for u in fetched)


# ---- near misses ----

@pytest.mark.parametrize("typo, known", [("千企万访", "千企万坊"), ("放心午饭", "放心午餐")])
def test_a_near_miss_suggests_the_known_term(page, review_server, review_content, typo, known):
    search(page, review_server, typo)
    assert total(page) == len(reference(review_content, typo)) <= 2
    suggestions = [a.inner_text() for a in page.query_selector_all("#search-notes a.search-suggestion")]
    assert known in suggestions
    page.click(f"#search-notes a.search-suggestion >> text={known}")
    page.wait_for_url(re.compile(quote(known)))
    wait(page)
    assert total(page) == len(reference(review_content, known)) > 0


# ---- the role filter ----

def role_reference(content, kind_id: str, role: str) -> set[tuple[str, str]]:
    return {(t.plan.id, t.id) for t in content.walk_tasks()
            if any(a.agency.kind and a.agency.kind.id == kind_id and a.role.value == role for a in t.assignments)}


def test_role_filter_with_a_kind_name_counts_what_the_kind_leads(page, review_server, review_content):
    search(page, review_server, "市场监管")
    counts = {link.get_attribute("data-value"): int(link.query_selector(".search-facet-count").inner_text())
              for link in page.query_selector_all("#search-facets [data-facet='role'] a.search-facet-value")}
    expected = {role: len(role_reference(review_content, "market", role))
                for role in ("lead", "responsible", "supporting")}
    assert counts == {r: n for r, n in expected.items() if n}
    page.click("#search-facets [data-facet='role'] a[data-value='lead']")
    page.wait_for_url(re.compile(r"role=lead"))
    wait(page)
    assert total(page) == expected["lead"] > 0
    links = set(result_links(page))
    assert links <= {f"../plans/{p}/#{t}" for p, t in role_reference(review_content, "market", "lead")}


def test_role_filter_with_a_selected_unit(page, review_server, review_content):
    unit = next(a for a in review_content.agencies if a.kind and a.kind.id == "agriculture"
                and any(x.role.value == "lead" for x in a.assignments))
    search(page, review_server, "", unit=unit.key, role="lead")
    expected = {(t.plan.id, t.id) for t in review_content.walk_tasks()
                if any(a.agency is unit and a.role.value == "lead" for a in t.assignments)}
    assert total(page) == len(expected) > 0


def test_a_role_word_in_the_query_offers_the_filter(page, review_server):
    search(page, review_server, "农业农村 牵头")
    page.click("#search-notes a.search-role-link")
    page.wait_for_url(re.compile(r"role=lead"))
    wait(page)
    assert "q=%E5%86%9C%E4%B8%9A%E5%86%9C%E6%9D%91" in page.url and total(page) > 0


# ---- results people can scan ----

def test_on_a_phone_results_come_before_the_filters(browser, review_server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        search(page, review_server, "食品安全")
        first = page.query_selector("#search-results > li").bounding_box()
        assert first["y"] + 100 < 844  # its heading, plan and first lines are on the first screen
        assert not page.is_visible("#search-facets [data-facet]")
        page.click("#search-filters summary")
        assert page.is_visible("#search-facets [data-facet]")
    finally:
        context.close()


def test_a_heading_names_the_task_and_each_unit_shows_once(page, review_server):
    search(page, review_server, "市场监管局", exact="1")
    for item in page.query_selector_all("#search-results li.search-result"):
        ref = item.query_selector(".search-result-ref").inner_text()
        words = item.query_selector(".search-result-title").inner_text()
        assert ref and words and len(words) > 1
        names = [re.sub(r"（[^（）]*）$", "", li.inner_text()) for li in item.query_selector_all(".search-result-units li")]
        assert len(names) == len(set(names)), names


def test_words_are_marked_in_units_and_themes(page, review_server, review_content):
    search(page, review_server, "晋城海关")
    assert "晋城海关" in [m.inner_text() for m in page.query_selector_all("#search-results .search-result-units mark")]
    theme = review_content.themes[0].name
    search(page, review_server, theme)
    assert theme in [m.inner_text() for m in page.query_selector_all("#search-results .search-result-themes mark")]


# ---- the plans finder ----

def test_the_plans_index_filters_documents(page, public_server, public_content):
    page.goto(f"{public_server}plans/")
    page.wait_for_selector("#plan-finder:not([hidden])")
    assert f"共 {len(public_content.plans)} 份文件" in page.inner_text("#plan-finder-count")
    page.fill("#plan-finder input[name=number]", "晋市政办")
    assert page.locator("#plan-finder-results tbody tr").count() == 1
    page.fill("#plan-finder input[name=number]", "")
    year = public_content.plans[0].period[0]
    page.select_option("#plan-finder select[name=year]", str(year))
    expected = [p for p in public_content.plans if p.period and p.period[0] <= year <= p.period[1]]
    assert page.locator("#plan-finder-results tbody tr").count() == len(expected)
    assert f"year={year}" in page.url


# ---- the gate ----

def test_the_public_index_holds_nothing_of_a_held_plan(public_site, public_content):
    assert leaks(public_site, WUZHI + SUINING) == []
    index = public_site / "search" / "index"
    c = public_content
    # every term of the vocabulary comes from a public task, a public plan's unit, kind or a theme
    known = [squash((t.title or "") + "。" + t.text) for t in c.walk_tasks()]
    names = {squash(n) for a in c.agencies for n in [a.name, *a.aliases]}
    names |= {squash(n) for k in c.kinds for n in [k.name, *k.common_names]}
    names |= {squash(n) for t in c.themes for n in [t.name, *t.keywords, *(m.name for m in t.metrics),
                                                     *(w for m in t.metrics for w in m.keywords)]}
    vocab = [squash(term) for term, _ in json.loads(gzip.decompress((index / "vocab.json.gz").read_bytes()))]
    assert vocab and all(term in names or any(term in text for text in known) for term in vocab)
    # the conversion table leads only to characters the public index holds
    table = json.loads(gzip.decompress((index / "t2s.json.gz").read_bytes()))
    fields = [squash(p.display_title + p.jurisdiction.name + "".join(v for v in vars(p.notice).values() if isinstance(v, str)))
              for p in c.plans]
    public_chars = set("".join(known + fields + sorted(names)))
    public_chars |= {ch for t in c.walk_tasks() for ch in squash(t.text_with_notes + t.ref)}
    assert table and set(table.values()) <= public_chars
    documents = json.loads(gzip.decompress((index / "docs.json.gz").read_bytes()))
    assert len(documents) == len(c.plans)
