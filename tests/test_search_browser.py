"""The search page as a reader uses it: headless Chromium against the built site on loopback.

The shared query file (`../shared/search-queries.yaml`) runs against the review build, which
holds every plan; the public build is checked to never show a task of an unpublished plan.
Counts are compared with counts computed from the content model in Python. Every test runs on
two builds: MkDocs's with our plugin (what we publish) and Zensical's of `generator docs` (the
way to build once Material's support ends, docs/engines.md).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from helpers import FIXTURES, ROOT, reference, result_links, search, serve, serving, squash, total, wait

# The team's shared query file beside the project (as CI has it), else the copy kept in tests/fixtures.
SHARED_QUERY_FILE = ROOT.parent / "shared" / "search-queries.yaml"
QUERY_FILE = SHARED_QUERY_FILE if SHARED_QUERY_FILE.exists() else FIXTURES / "search-queries.yaml"
FACETS = ("plan", "year", "theme", "kind", "unit", "role", "status")


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def engine(request) -> str:
    return request.param


# The sites and servers of this module, one pair per engine (conftest's serve MkDocs's build only).
@pytest.fixture(scope="module")
def review_site(built_with, engine) -> Path:
    return built_with(engine, review=True)


@pytest.fixture(scope="module")
def public_site(built_with, engine) -> Path:
    return built_with(engine)


@pytest.fixture(scope="module")
def review_server(review_site):
    yield from serving(review_site)


@pytest.fixture(scope="module")
def public_server(public_site):
    yield from serving(public_site)


def task_for(content, seed_file: str, piece: str):
    """The task of the plan imported from `seed_file` whose text holds `piece` (whitespace ignored).

    The piece may start with the task's own label (三是…), which the content keeps apart from the text.
    """
    want = squash(piece)
    tasks = [t for p in content.plans if p.source.file == seed_file for t in p.walk_tasks()
             if want in squash(t.label + t.text_with_notes)]
    assert len(tasks) == 1, f"{seed_file}: {piece!r} names {len(tasks)} tasks"
    return tasks[0]


def href(task) -> str:
    return f"../plans/{task.plan.id}/#{task.id}"


def shared_queries():
    queries = yaml.safe_load(QUERY_FILE.read_text(encoding="utf-8"))
    assert queries, f"{QUERY_FILE} holds no queries"
    return queries


@pytest.mark.parametrize("case", shared_queries(), ids=lambda c: c["q"])
def test_shared_queries_find_their_tasks_in_the_first_ten(page, review_server, review_content, case):
    links = search(page, review_server, case["q"])
    if not case["expect"]:
        assert links == []
        assert f"没有找到与“{case['q']}”相符的任务" in page.inner_text("#search-status")
        return
    first_ten = set(links[:10])
    for seed_file, piece in case["expect"]:
        assert href(task_for(review_content, seed_file, piece)) in first_ten, (case["q"], piece)


OWN_QUERIES = ["晋城海关", "丽水海关查检三科", "社事群工局", "HACCP", "haccp", "Haccp", "ＨＡＣＣＰ", "2025", "地沟油", "亚运",
               "临近保质期", "校园配餐", "浙食链", "昆仑", "明厨亮灶", "豇豆", "明厨亮灶 学校", "2023年 抽检",
               "核电站", "太空食品"]


@pytest.mark.parametrize("query", OWN_QUERIES)
def test_results_are_exactly_the_tasks_that_contain_the_query(page, review_server, review_content, query):
    links = search(page, review_server, query)
    expected = {f"../plans/{p}/#{t}" for p, t in reference(review_content, query, review_content.synonyms)}
    assert total(page) == len(expected)
    assert set(links) <= expected and len(links) == min(10, len(expected))
    if not expected:
        assert f"没有找到与“{query}”相符的任务" in page.inner_text("#search-status")


def test_every_theme_name_finds_its_tasks(page, review_server, review_content):
    for theme in review_content.themes:
        search(page, review_server, theme.name)
        expected = reference(review_content, theme.name, review_content.synonyms)
        assert total(page) == len(expected), theme.name
        assert {(t.plan.id, t.id) for t in theme.tasks} <= expected


def test_public_build_never_shows_unpublished_plans(page, public_server, public_content, review_content):
    hidden = {p.id for p in review_content.plans} - {p.id for p in public_content.plans}
    for case in shared_queries():
        links = search(page, public_server, case["q"])
        assert not any(f"/plans/{plan}/" in link for link in links for plan in hidden), case["q"]
        assert total(page) == len(reference(public_content, case["q"], public_content.synonyms))
    facets = page.inner_text("#search-facets")
    assert "遂宁" not in facets and "武陟" not in facets


def test_result_shows_plan_label_highlighted_snippet_units_and_themes(page, review_server, review_content):
    search(page, review_server, "晋城海关")
    first = page.query_selector("#search-results li.search-result")
    assert "晋城市" in first.inner_text()
    assert first.query_selector(".search-result-units li")
    marks = [m.inner_text() for m in page.query_selector_all("#search-results .search-snippet mark")]
    assert marks and all(m.replace(" ", "") == "晋城海关" for m in marks)
    page.click("#search-results a.search-result-link >> nth=0")
    page.wait_for_load_state()
    anchor = page.url.split("#", 1)[1]
    assert page.query_selector(f"[id='{anchor}']")


def expected_counts(content, query: str, **selected: str) -> dict[str, dict[str, int]]:
    """Facet counts over the tasks matching query and the selected filters, from the model."""
    keys = reference(content, query, content.synonyms)  # the page searches a word's equivalents too
    counts = {f: {} for f in FACETS}
    for task in content.walk_tasks():
        if (task.plan.id, task.id) not in keys:
            continue
        values = facet_values(task)
        if all(v in values[f] for f, v in selected.items()):
            for f in FACETS:
                for v in values[f]:
                    counts[f][v] = counts[f].get(v, 0) + 1
    return counts


def facet_values(task) -> dict[str, list[str]]:
    plan = task.plan
    units = {a.agency for a in task.assignments}
    return {"plan": [plan.id],
            "year": [str(y) for y in range(plan.period[0], plan.period[1] + 1)] if plan.period else [],
            "theme": [t.id for t in task.themes],
            "kind": sorted({u.kind.id for u in units if u.kind}),
            "unit": sorted(u.key for u in units),
            "role": sorted({a.role.value for a in task.assignments}),  # no unit in focus: every unit's role
            "status": [task.latest.status.value if task.latest else "unreported"]}


def shown_counts(page) -> dict[str, dict[str, int]]:
    counts = {f: {} for f in FACETS}
    for link in page.query_selector_all("#search-facets a.search-facet-value"):
        facet = link.evaluate("a => a.closest('[data-facet]').dataset.facet")
        counts[facet][link.get_attribute("data-value")] = int(link.query_selector(".search-facet-count").inner_text())
    return counts


@pytest.mark.parametrize("query", ["明厨亮灶", "食品安全", "抽检"])
def test_facet_counts_match_the_content_model(page, review_server, review_content, query):
    search(page, review_server, query)
    assert shown_counts(page) == expected_counts(review_content, query)


def test_selecting_a_filter_narrows_results_and_survives_reload(page, review_server, review_content):
    search(page, review_server, "食品安全")
    before = total(page)
    link = page.query_selector("#search-facets [data-facet='theme'] a.search-facet-value")
    value = link.get_attribute("data-value")
    count = int(link.query_selector(".search-facet-count").inner_text())
    link.click()
    page.wait_for_url(re.compile(rf"theme={value}"))
    wait(page)
    assert total(page) == count < before
    assert shown_counts(page) == {f: {**c, **({value: count} if f == "theme" else {})}
                                  for f, c in expected_counts(review_content, "食品安全", theme=value).items()}
    kept = result_links(page)
    page.reload()
    wait(page)
    assert total(page) == count and result_links(page) == kept
    assert page.input_value("#search-q") == "食品安全"
    page.click("#search-facets li.selected a")  # clicking the selected value removes the filter
    wait(page)
    assert total(page) == before and "theme=" not in page.url


def test_two_filters_from_a_shared_link(page, review_server, review_content):
    search(page, review_server, "", kind="market", year="2023")
    keys = {(t.plan.id, t.id) for t in review_content.walk_tasks()
            if not (t.is_heading and not t.title)
            and "market" in facet_values(t)["kind"] and "2023" in facet_values(t)["year"]}
    assert total(page) == len(keys) > 0
    assert all(any(f"../plans/{p}/#{t}" == link for p, t in keys) for link in result_links(page))


def test_keyboard_only_search(page, review_server):
    page.goto(f"{review_server}search/")
    wait(page)
    page.focus("#search-q")
    page.keyboard.type("豇豆")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=%E8%B1%87%E8%B1%86"))
    wait(page)
    assert result_links(page)
    page.focus("#search-facets a.search-facet-value >> nth=0")
    page.keyboard.press("Enter")
    wait(page)
    assert re.search(r"[?&](plan|year|theme|kind|unit)=", page.url)
    page.go_back()
    wait(page)
    assert not re.search(r"[?&](plan|year|theme|kind|unit)=", page.url) and result_links(page)


def test_query_text_is_shown_as_text_not_markup(page, review_server):
    search(page, review_server, "<img src=x onerror=alert(1)>")
    assert page.query_selector("#search-status img") is None
    assert "<img" in page.inner_text("#search-status")


def test_works_under_a_sub_path(page, review_site):
    server, base = serve(review_site, "plans-site")
    try:
        links = search(page, base, "地沟油")
        assert links == ["../plans/wuzhi-2022/#t-3-6"] or len(links) == 1
        page.click("#search-results a.search-result-link")
        page.wait_for_load_state()
        assert "/plans-site/plans/" in page.url
    finally:
        server.shutdown()
