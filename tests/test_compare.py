"""Comparisons as a reader meets them: metric pages, similar tasks, the plan above, years, charts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from lxml import html


from generator.compare import charts
from generator.compare.similarity import Similarity
from generator.loading import load
from helpers import FIXTURES, built_once, leaks

VERSIONS = FIXTURES / "versions" / "content"
HELD_METRIC_WORDS = ["全县持证餐饮服务提供者“明厨亮灶”覆盖率", "校外供餐单位“互联网+明厨亮灶”覆盖率达到90%",
                     "武陟县", "遂宁市某新区"]


def page(site, path):
    return html.fromstring((site / path / "index.html").read_text(encoding="utf-8"))


def rows(doc):
    return [[c.text_content().strip() for c in tr.xpath("./td")] for tr in doc.xpath("//table[contains(@class,'metric-table')]/tbody/tr")]


def test_metric_page_holds_every_place_year_and_value_with_a_chart(review_site):
    doc = page(review_site, "metrics/mingchu-liangzao")
    found = {(r[0], r[1], r[2]) for r in rows(doc)}
    assert {("晋城市", "2021", "≥ 65%"), ("晋城市", "2021", "≥ 75%"), ("阳城县", "2023", "≥ 100%"),
            ("武陟县", "2024", "≥ 90%"), ("武陟县", "2024", "≥ 100%"), ("遂宁市某新区（名称未载明）", "2023", "≥ 90%")} <= found
    image = doc.xpath("//figure[contains(@class,'plans-chart')]//img/@src")[0]
    svg = (review_site / "metrics/mingchu-liangzao" / image).resolve()
    text = svg.read_text(encoding="utf-8")
    assert "阳城县 2023" in text and "<script" not in text and "<!--" not in text
    ET.fromstring(text)  # well-formed SVG


def test_one_metric_is_the_same_table_on_every_theme_page_that_declares_it(review_site):
    tables = []
    for theme in ("campus", "catering"):
        doc = page(review_site, f"themes/{theme}")
        group = doc.xpath("//section[contains(@class,'target-group')][h3/a[contains(@href,'metrics/mingchu-liangzao')]]")
        assert group, theme
        tables.append(sorted(tuple(c.text_content().strip() for c in tr.xpath("./td")[:5])
                             for tr in group[0].xpath(".//tbody/tr")))
    assert tables[0] == tables[1]
    assert any("≥ 75%" in row for row in tables[0]) and any("≥ 100%" in row for row in tables[0])


def test_a_target_on_a_task_links_its_metric_page(public_site):
    doc = page(public_site, "plans/yangcheng-2023")
    links = doc.xpath("//p[contains(@class,'task-metrics')]/a/@href")
    assert any("metrics/mingchu-liangzao/" in href for href in links)
    assert any("metrics/gengdi-anquan-liyong/" in href for href in links)


def test_yangcheng_school_lunch_task_links_similar_tasks_of_jinchengs_plan(public_site):
    doc = page(public_site, "plans/yangcheng-2023")
    task = [a for a in doc.xpath("//article[contains(@class,'task')]") if "放心午餐" in a.xpath("string(./div[1])")][0]
    similar = task.xpath("./details[contains(@class,'task-compare')]//ul[contains(@class,'similar-list')]/li")
    assert any("jincheng-2021/#" in li.xpath("string(./a/@href)") for li in similar)
    assert all(re.search(r"相似度 \d+%", li.text_content()) for li in similar)


def test_jinchengs_plan_page_shows_which_of_its_tasks_yangcheng_carries(public_site):
    doc = page(public_site, "plans/jincheng-2021")
    section = doc.xpath("//section[@id='compare']")[0]
    assert "阳城县" in section.text_content() and "下级计划的承接" in section.text_content()
    task14 = [a for a in doc.xpath("//article[contains(@class,'task')]") if "校园食品安全守护行动" in a.text_content()][0]
    below = task14.xpath(".//p[contains(@class,'task-below')]/following-sibling::ul[1]/li/a/@href")
    assert any("yangcheng-2023/#" in href for href in below)
    county = page(public_site, "plans/yangcheng-2023").xpath("//section[@id='compare']")[0].text_content()
    assert "没有对应的上级任务" in county


def test_fixture_jurisdiction_with_two_years_gets_a_comparison_page(tmp_path_factory):
    site = built_once(str(VERSIONS), False, True, str(tmp_path_factory.mktemp("versions")))
    doc = page(site, "compare/alpha/2022-2023")
    changed = doc.xpath("//article[contains(@class,'version-change')]")
    assert len(changed) == 1
    text = changed[0].text_content()
    assert "90%" in text and "100%" in text and "县市场监管局 → 县教育局" in text
    assert changed[0].xpath(".//del/text()") == ["9"] and changed[0].xpath(".//ins/text()") == ["10"]
    added = " ".join(p.text_content() for p in doc.xpath("//h2[@id='added']/following-sibling::p[1]"))
    dropped = " ".join(p.text_content() for p in doc.xpath("//h2[@id='dropped']/following-sibling::p[1]"))
    assert "查处地沟油" in added and "农村集体聚餐" in dropped
    jurisdiction = page(site, "agencies/alpha")
    assert jurisdiction.xpath("//a[contains(@href,'compare/alpha/2022-2023/')]")


def test_public_build_compares_only_shown_plans(public_site):
    assert leaks(public_site, HELD_METRIC_WORDS) == []
    assert not (public_site / "charts/themes/wuzhi.svg").exists()


def test_similarity_lists_only_other_plans_and_scores_are_symmetric():
    content = load(FIXTURES.parent.parent / "content")
    similarity = Similarity(content.plans)
    for task in content.walk_tasks():
        for s in similarity.similar(task):
            assert s.task.plan is not task.plan
            assert similarity.score(task, s.task) == pytest.approx(similarity.score(s.task, task))


def test_charts_are_the_same_bytes_for_the_same_data():
    content = load(FIXTURES.parent.parent / "content")
    found = charts.charts(content)
    path, bars = next(iter(found.items()))
    assert charts.render(path, bars) == charts.render(path, bars)
