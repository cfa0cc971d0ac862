"""The site built three ways, compared: MkDocs with our plugin (what we publish), ProperDocs (the
maintained fork of MkDocs 1.6) with our plugin, and Zensical (Material's successor, which runs no
third-party plugin) on the plugin-free tree of `python -m generator docs`. See docs/engines.md.

Zensical exits 0 even when it skipped what it cannot run, so every check here reads what the
engines wrote: the pages, their task anchors, their links, our files. The search page is driven
on Zensical's build by tests/test_search_browser.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import urls
from helpers import ENGINES, SUINING, WUZHI, broken_links, cls, leaks, parse, real_content

# Files each engine writes of its own: the theme's compiled scripts and styles (Material's and
# Zensical's builds of the same theme differ) and the sitemap (Zensical's has no <lastmod>); only
# MkDocs writes a compressed sitemap, only Zensical its own search index.
THEME_ASSETS = ("assets/javascripts/", "assets/stylesheets/")
SITEMAP = "sitemap.xml"
ONLY_MKDOCS = {"sitemap.xml.gz"}
ONLY_ZENSICAL = {"search.json"}
GENERATOR_TAG = re.compile(rb'<meta name="generator" content="([^"]*)">')


@pytest.fixture(scope="module", params=["public", "review"])
def builds(request, built_with) -> dict[str, Path]:
    """The real content built by each engine, as the public or the review site."""
    return {engine: built_with(engine, review=request.param == "review") for engine in ENGINES}


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def html_pages(site: Path) -> set[str]:
    return {name for name in files(site) if name.endswith(".html")}


def shown_plans(site: Path):
    """The plans of content/ that this build has a page for (the public build holds some back)."""
    return [p for p in real_content().plans if (site / urls.plan(p) / "index.html").is_file()]


def task_anchors(site: Path, plan) -> set[str]:
    return set(parse(site / urls.plan(plan) / "index.html").xpath(f"//article[{cls('task')}]/@id"))


def test_every_engine_writes_the_same_html_pages(builds):
    expected = html_pages(builds["mkdocs"])
    assert {f"{urls.plan(p)}index.html" for p in shown_plans(builds["mkdocs"])} <= expected
    for engine, site in builds.items():
        assert sorted(html_pages(site) ^ expected) == [], engine


def test_every_plan_page_carries_an_anchor_for_each_task_in_every_build(builds):
    plans = shown_plans(builds["mkdocs"])
    assert len(plans) >= 3
    for plan in plans:
        expected = {task.id for task in plan.walk_tasks()}
        for engine, site in builds.items():
            assert task_anchors(site, plan) == expected, f"{engine}: {plan.id}"


@pytest.mark.parametrize("engine", ENGINES)
def test_no_internal_link_is_broken_in_any_build(builds, engine):
    assert broken_links(builds[engine]) == []


def test_properdocs_writes_the_files_mkdocs_writes_but_for_the_generator_tag(builds):
    mkdocs, properdocs = builds["mkdocs"], builds["properdocs"]
    assert sorted(files(properdocs) ^ files(mkdocs)) == []
    differing = []
    for name in sorted(files(mkdocs)):
        ours, theirs = (mkdocs / name).read_bytes(), (properdocs / name).read_bytes()
        if name.endswith(".html"):
            tag = GENERATOR_TAG.search(theirs)
            assert tag and b"ProperDocs" in tag.group(1), f"{name} was not written by ProperDocs"
            ours, theirs = GENERATOR_TAG.sub(b"", ours), GENERATOR_TAG.sub(b"", theirs)
        if ours != theirs:
            differing.append(name)
    assert differing == []


def reader_view(doc) -> tuple:
    """What a reader and a search engine get from a page, whatever the engine: the title, the
    robots and description meta, the review banner, and the page's own content element by
    element (whitespace between elements aside; Zensical's skip-link target `__skip` left out)."""
    content = doc.xpath(f"//article[{cls('md-content__inner')}]")
    elements = [(e.tag, sorted(e.attrib.items()), (e.text or "").split(), (e.tail or "").split())
                for e in (content[0].iter() if content else []) if e.get("id") != "__skip"]
    return (doc.xpath("//title/text()"), doc.xpath("//meta[@name='robots']/@content"),
            doc.xpath("//meta[@name='description']/@content"),
            [b.text_content().strip() for b in doc.xpath(f"//*[{cls('plans-review-notice')}]")], elements)


def test_zensical_pages_show_the_same_title_meta_banner_and_content(builds):
    mkdocs, zensical = builds["mkdocs"], builds["zensical"]
    differing = [name for name in sorted(html_pages(mkdocs))
                 if reader_view(parse(mkdocs / name)) != reader_view(parse(zensical / name))]
    assert differing == []


def test_zensical_keeps_materials_classic_look(builds):
    for name in sorted(html_pages(builds["zensical"])):
        sheets = parse(builds["zensical"] / name).xpath("//link[@rel='stylesheet']/@href")
        assert any("/stylesheets/classic/main." in href for href in sheets), name
        assert not any("/stylesheets/modern/" in href for href in sheets), name


def test_zensical_copies_our_files_unchanged(builds):
    def ours(site: Path) -> set[str]:
        return {name for name in files(site)
                if not name.endswith(".html") and not name.startswith(THEME_ASSETS) and name != SITEMAP}

    mkdocs, zensical = builds["mkdocs"], builds["zensical"]
    assert ours(mkdocs) - ours(zensical) == ONLY_MKDOCS
    assert ours(zensical) - ours(mkdocs) == ONLY_ZENSICAL
    differing = [name for name in sorted(ours(mkdocs) & ours(zensical))
                 if (mkdocs / name).read_bytes() != (zensical / name).read_bytes()]
    assert differing == []


def test_zensical_public_site_and_its_own_search_index_carry_nothing_of_the_unmarked_plans(built_with):
    site = built_with("zensical")
    assert (site / "search.json").is_file()
    assert leaks(site, WUZHI + SUINING) == []
