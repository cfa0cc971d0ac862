"""The search index as data: built from the content model, exact, gated, deterministic.

The reference here restates the rule a reader relies on (a task is found when its text,
title, labels, plan title, jurisdiction, units or themes contain the query, whitespace and
case aside) directly on the content model, and the index is read back the way search.js
reads it, so a wrong posting, a lost record or a leaked unpublished plan fails here.
"""

from __future__ import annotations

import gzip
import json

import pytest
import yaml

from generator import pages, search_index
from generator.build import BuildOptions, load_site
from helpers import FIXTURES, ROOT, haystack, reference, squash

MINI = FIXTURES / "mini"


def read(tree: dict, path: str):
    return json.loads(gzip.decompress(tree[f"{search_index.FOLDER}{path}"]))


def lookup(tree: dict, meta: dict, query: str) -> set[int]:
    """The record ids the index gives for a query, decoded as search.js decodes them."""
    result = None
    for term in (search_index.normalise(t) for t in query.split()):
        found = _term(tree, meta, term)
        result = found if result is None else result & found
    return result or set()


def _term(tree, meta, term) -> set[int]:
    def ids(key):
        """(record id, occurrences) in postings order."""
        flat, rid, out = read(tree, f"p/{search_index.shard_of(key, meta['shards'])}.json.gz").get(key, []), 0, []
        for i in range(0, len(flat), 2):
            rid += flat[i]
            out.append((rid, flat[i + 1] >> 1))
        return out

    if len(term) <= 2:
        return {rid for rid, _ in ids(term)}
    grams = [term[i:i + 2] for i in range(len(term) - 1)]
    where = []
    for g in grams:
        flat = iter(read(tree, f"x/{search_index.shard_of(g, meta['shards'])}.json.gz").get(g, []))
        where.append({rid: _positions(flat, count) for rid, count in ids(g)})
    return {rid for rid, starts in where[0].items()
            if any(all(rid in w and p + k in w[rid] for k, w in enumerate(where)) for p in starts)}


def _positions(flat, count):
    """One record's positions: its text length, then `count` deltas."""
    next(flat)
    out, p = set(), 0
    for _ in range(count):
        p += next(flat)
        out.add(p)
    return out


@pytest.fixture(scope="module")
def review():
    site = load_site(ROOT, BuildOptions(review=True))
    return site.content, search_index.index_files(site.content)


@pytest.fixture(scope="module")
def public():
    site = load_site(ROOT, BuildOptions(review=False))
    return site.content, search_index.index_files(site.content)


def record_keys(content, tree) -> list[tuple[str, str]]:
    meta = read(tree, "meta.json.gz")
    keys = []
    for plan in meta["plans"]:
        for rid in range(plan["first"], plan["first"] + plan["count"]):
            chunk = read(tree, f"r/{rid // meta['chunk']}.json.gz")
            keys.append((plan["id"], chunk[rid % meta["chunk"]]["id"]))
    return keys


QUERIES = ["地沟油", "亚运", "临近保质期", "校园配餐", "核电站", "晋城海关", "丽水海关查检三科", "社事群工局",
           "HACCP", "haccp", "2025", "2023年", "浙食链", "昆仑", "豇豆", "明厨亮灶", "明厨亮灶 学校", "油",
           "食品安全", "进口冷链", "校园食品", "太空食品", "（", "%"]


@pytest.mark.parametrize("query", QUERIES)
def test_index_finds_exactly_the_tasks_that_contain_the_query(review, query):
    content, tree = review
    keys = record_keys(content, tree)
    found = {keys[rid] for rid in lookup(tree, read(tree, "meta.json.gz"), query)}
    assert found == reference(content, query)


def test_core_terms_are_found_and_absent_ones_are_not(review):
    content, tree = review
    meta = read(tree, "meta.json.gz")
    for query in ["地沟油", "亚运", "临近保质期", "校园配餐", "晋城海关", "HACCP", "2025"]:
        assert lookup(tree, meta, query), query
    assert not lookup(tree, meta, "核电站")


def test_every_task_with_words_is_one_record_in_document_order(review):
    content, tree = review
    expected = [(t.plan.id, t.id) for t in content.walk_tasks() if not (t.is_heading and not t.title)]
    assert record_keys(content, tree) == expected
    assert any(t.parent is not None for t in content.walk_tasks())  # sub-items are records of their own


def test_public_index_holds_no_unpublished_plan(public, review):
    content, tree = public
    shown = {p.id for p in content.plans}
    review_content, _ = review
    hidden = {p.id for p in review_content.plans} - shown
    assert hidden, "the real content has unpublished plans"
    meta = read(tree, "meta.json.gz")
    assert {p["id"] for p in meta["plans"]} == shown
    assert {plan for plan, _ in record_keys(content, tree)} <= shown
    raw = b"".join(gzip.decompress(data) for path, data in tree.items())
    for plan in review_content.plans:
        if plan.id in hidden:
            assert plan.id.encode() not in raw
            sample = next(t for t in plan.walk_tasks() if t.statements).text[:20]
            assert sample.encode() not in raw


def test_two_builds_give_identical_bytes(review):
    content, tree = review
    assert search_index.index_files(content) == tree


def test_fields_do_not_run_into_each_other(review):
    """A bigram made of the last character of the text and the first of the title is not a match."""
    content, tree = review
    meta = read(tree, "meta.json.gz")
    task = next(t for t in content.walk_tasks() if t.statements and t.assignments)
    joint = squash(task.text_with_notes)[-1] + squash(task.assignments[0].agency.name)[0]
    if joint not in "".join(haystack(task)):
        keys = record_keys(content, tree)
        assert (task.plan.id, task.id) not in {keys[r] for r in lookup(tree, meta, joint)}


def test_search_page_is_a_markdown_page_with_the_results_element(review):
    content, _ = review
    site = load_site(ROOT, BuildOptions(review=True))
    tree = search_index.build(site)
    page = pages.search.build(site)["search/index.md"]
    assert page.startswith("---\ntitle: 搜索\n")
    assert 'id="search-results"' in page and 'id="search-q"' in page
    front = yaml.safe_load(page.split("---\n")[1])  # main.html puts the script in <head> from it
    shards = sum(1 for name in tree if name.startswith(f"{search_index.FOLDER}p/"))
    assert front["search"] == {"index": "index/", "shards": shards}


def test_search_script_never_writes_html():
    script = (ROOT / "theme" / "assets" / "search.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"):
        assert sink not in script


def test_mini_fixture_index():
    site = load_site(MINI, BuildOptions(review=False))
    tree = search_index.index_files(site.content)
    meta = read(tree, "meta.json.gz")
    assert [p["id"] for p in meta["plans"]] == ["alpha-2023"]
    keys = record_keys(site.content, tree)
    assert {keys[r] for r in lookup(tree, meta, "地沟油")} == {("alpha-2023", "t-1-2-2")}
