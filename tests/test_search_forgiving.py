"""Search forgives how people type (issue 28): a 文号 with any brackets, full-width digits or
spaces; the field's equivalent words (content/synonyms.yaml), said on the page and switchable
off; and a search that finds nothing says what to try — without a hint of a held document.

Expected sets are computed from the content model (helpers.reference), never written down.
"""

from __future__ import annotations

import gzip
import json

import pytest

from generator import search_index
from generator.loading import load
from helpers import ROOT, leaks, reference, result_links, search, squash, total

NUMBER = "晋市政办〔2021〕26号"  # 晋城's plan, public
TYPED = ["晋市政办[2021]26号", "晋市政办(2021)26号", "晋市政办【2021】26号", "晋市政办［2021］26号",
         "晋市政办（2021）26号", "晋市政办〔２０２１〕２６号", "晋市政办 〔2021〕 26号", "晋市政办〔 2021 〕26 号",
         "晋市政办202126号"]


def synonyms() -> list[list[str]]:
    return load(ROOT / "content").synonyms


def group_of(word: str) -> list[str]:
    return next(g for g in synonyms() if word in g)


def meta(site) -> dict:
    return json.loads(gzip.decompress((site / "search" / "index" / "meta.json.gz").read_bytes()))


def doc_links(page) -> list[str]:
    return [a.get_attribute("href") for a in page.query_selector_all("#search-results li.search-doc a.search-doc-link")]


# ---- 文号 as people type it ----

@pytest.mark.parametrize("typed", TYPED[:-3])
def test_brackets_and_widths_normalise_alike_in_the_index(typed):
    assert search_index.normalise(typed) == search_index.normalise(NUMBER)


@pytest.mark.parametrize("size", [(1366, 900), (390, 844)])
@pytest.mark.parametrize("typed", TYPED)
def test_a_number_typed_any_way_finds_its_document(page, public_server, public_content, typed, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    plan = next(p for p in public_content.plans if p.notice.doc_number == NUMBER)
    search(page, public_server, typed)
    assert doc_links(page) == [f"../plans/{plan.id}/"]


def test_brackets_in_task_text_match_whatever_is_typed(page, public_server, public_content):
    """晋城's notes are in 〔〕: the reader's [晋城海关] or (晋城海关) finds the same tasks."""
    expected = reference(public_content, "〔晋城海关〕")
    assert expected and reference(public_content, "[晋城海关]") == expected == reference(public_content, "(晋城海关)")
    search(page, public_server, "[晋城海关]")
    assert total(page) == len(expected)


# ---- equivalent words ----

def test_the_vocabulary_is_small_and_each_group_has_words_to_swap():
    groups = synonyms()
    assert 5 <= len(groups) <= 40
    assert all(len(g) >= 2 for g in groups)
    assert ["地沟油", "废弃油脂"] in groups and ["明厨亮灶", "阳光厨房", "透明厨房"] in groups


def expanded_reference(content, word: str) -> set:
    return set().union(*(reference(content, w) for w in group_of(word)))


@pytest.mark.parametrize("size", [(1366, 900), (390, 844)])
@pytest.mark.parametrize("word", ["餐厨垃圾", "阳光厨房"])
def test_a_word_finds_its_equivalents_says_so_and_can_be_searched_alone(page, public_server, public_content, word, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    literal, expanded = reference(public_content, word), expanded_reference(public_content, word)
    assert expanded > literal  # the vocabulary finds more than the word
    search(page, public_server, word)
    assert total(page) == len(expanded)
    note = page.inner_text("#search-notes")
    others = [w for w in group_of(word) if w != word and reference(public_content, w)]
    assert "同时搜索了：" + "、".join(others) in note
    page.click("#search-notes a.search-exact-link")
    page.wait_for_function("() => document.getElementById('search-status').textContent.includes('项') && "
                           "!document.getElementById('search-status').textContent.startsWith('正在')")
    assert "exact=1" in page.url
    assert total(page) == len(literal)
    assert "同时搜索了" not in page.inner_text("#search-notes")


def test_a_word_only_a_held_plan_uses_appears_nowhere_public(public_site, review_site, public_content, review_content):
    held_only = [w for g in synonyms() for w in g
                 if reference(review_content, w) and not reference(public_content, w)]
    assert "地沟油" in held_only  # 武陟's plan, held: the public site must not name it
    assert leaks(public_site, held_only) == []
    shown = {t for g in meta(public_site)["synonyms"] for t in g["terms"]}
    assert shown and not shown & set(held_only)
    # the review build, which shows every plan, does carry it: the check above can fail
    assert "地沟油" in {t for g in meta(review_site)["synonyms"] for t in g["terms"]}


def test_a_word_recognised_by_its_hash_finds_the_shown_equivalents(page, public_server, public_content):
    """透明厨房 is in no plan: it is recognised by its hash and searches 明厨亮灶 and 阳光厨房."""
    assert not reference(public_content, "透明厨房")
    search(page, public_server, "透明厨房")
    assert total(page) == len(expanded_reference(public_content, "透明厨房")) > 0
    assert "透明厨房" not in json.dumps(meta_from(page), ensure_ascii=False)


def meta_from(page) -> dict:
    return page.evaluate("""async () => { const r = await fetch('index/meta.json.gz');
        const s = new Blob([await r.arrayBuffer()]).stream().pipeThrough(new DecompressionStream('gzip'));
        return JSON.parse(await new Response(s).text()); }""")


# ---- nothing found ----

def test_nothing_found_with_filters_offers_the_search_without_them(page, public_server, public_content):
    search(page, public_server, "明厨亮灶", exact="1", theme="food-waste")
    assert total(page) == 0
    tip = page.inner_text("#search-notes")
    assert "可以试试" in tip and f"去掉筛选条件（{len(reference(public_content, '明厨亮灶'))} 项）" in tip
    page.click("#search-notes a.search-try-link >> text=去掉筛选条件")
    page.locator("#search-results li.search-result a").first.wait_for()
    assert "theme=" not in page.url and total(page) == len(reference(public_content, "明厨亮灶"))


def test_nothing_found_for_several_words_offers_each_word(page, public_server, public_content):
    search(page, public_server, "核电站 校园")
    assert total(page) == 0
    tip = page.inner_text("#search-notes")
    assert "只搜“校园”" in tip and "只搜“核电站”" not in tip  # a word that finds nothing is not offered


def test_nothing_found_never_hints_at_a_held_document(page, public_server, public_content, review_content):
    held = [p for p in review_content.plans if p.id not in {q.id for q in public_content.plans}]
    search(page, public_server, "地沟油")
    assert total(page) == 0 and result_links(page) == []
    shown = page.inner_text("article")
    assert "可以试试" in shown
    for plan in held:
        for word in [plan.jurisdiction.name, plan.display_title, plan.notice.doc_number]:
            if word:
                assert squash(word) not in squash(shown)
    assert "未公开" not in shown and "暂不发布" not in shown


@pytest.mark.parametrize("typed", ["[2021]26号", "（2021）26", "【２０２１】", "晋市政办 (2021)"])
def test_the_plans_finder_takes_a_number_typed_any_way(page, public_server, public_content, typed):
    page.goto(f"{public_server}plans/")
    page.wait_for_selector("#plan-finder:not([hidden])")
    page.fill("#plan-finder input[name=number]", typed)
    expected = [p for p in public_content.plans if p.notice.doc_number and "2021" in p.notice.doc_number
                and ("26" in p.notice.doc_number or "26" not in typed) and ("晋市政办" in p.notice.doc_number or "晋" not in typed)]
    assert expected and page.locator("#plan-finder-results tbody tr").count() == len(expected)


def test_a_group_of_one_word_is_refused_with_its_file_and_line(tmp_path):
    from generator.loading import ContentErrors, read_content
    from helpers import MINI_CONTENT, make_project

    project = make_project(tmp_path, MINI_CONTENT)
    (project / "content" / "synonyms.yaml").write_text("- {terms: [餐厨垃圾, 餐厨废弃物]}\n- {terms: [地沟油]}\n",
                                                       encoding="utf-8")
    with pytest.raises(ContentErrors) as refused:
        read_content(project / "content")
    assert "synonyms.yaml:2" in str(refused.value) and "at least two different words" in str(refused.value)
    (project / "content" / "synonyms.yaml").unlink()  # optional: a site without it builds
    assert read_content(project / "content").synonyms is None
