"""The site built three ways, compared: MkDocs with our plugin (what we publish), ProperDocs (the
maintained fork of MkDocs 1.6) with our plugin, and Zensical (Material's successor, which runs no
third-party plugin) on the plugin-free tree of `python -m generator docs`. See docs/engines.md.

Zensical exits 0 even when it skipped what it cannot run, so every check here reads what the
engines wrote: the pages, their task anchors, their links, our files. The search page is driven
on Zensical's build by tests/test_search_browser.py.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from generator import urls
from helpers import (ENGINES, ROOT, SUINING, WUZHI, broken_links, build_environment, built_site, cls, leaks,
                     make_project, parse, real_content)

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


@pytest.mark.parametrize("review", [False, True], ids=["public", "review"])
def test_zensical_builds_no_search_index_of_its_own_from_the_tree(built_with, review):
    """`generator docs` switches Zensical's own index off (we ship ours; at a thousand plans its
    index refuses our long pages and stops the build, docs/engines.md): the file it still writes
    lists nothing, and the plugin-free mkdocs.yml says so."""
    site = built_with("zensical", review=review)
    assert json.loads((site / "search.json").read_text(encoding="utf-8"))["items"] == []
    config = yaml.safe_load((site.parent / "mkdocs.yml").read_text(encoding="utf-8"))
    assert {"search": {"enabled": False}} in config["plugins"]


# --- continuations that cannot share our environment (.venv-engines/NAME, `make engines`) -------

CONTINUATIONS = {
    # name: (what a site owner changes in mkdocs.yml, what the generator tag of its pages holds)
    "mkdocs-ng": ({}, b"mkdocs-1.8"),
    "materialx": ({"  name: material\n": "  name: materialx\n"}, b"mkdocs-1.6"),
}


@pytest.fixture(scope="module")
def continuation_builds(tmp_path_factory) -> dict[str, Path]:
    """The real content's public site built by each continuation in its own environment, with our plugin."""
    built = {}
    for name, (changes, _tag) in CONTINUATIONS.items():
        python = ROOT / ".venv-engines" / name / "bin" / "python"
        if not python.exists():
            message = f"{python} is missing: run `make engines` (scripts/engine-venv {name})"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
        project = make_project(tmp_path_factory.mktemp(name))
        config = (project / "mkdocs.yml").read_text(encoding="utf-8")
        for old, new in changes.items():
            assert old in config
            config = config.replace(old, new)
        (project / "mkdocs.yml").write_text(config, encoding="utf-8")
        result = subprocess.run([str(python), "-m", "mkdocs", "build", "--strict"], cwd=project,
                                env=build_environment(False), capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, f"{name}: {result.stdout[-2000:]}{result.stderr[-2000:]}"
        built[name] = built_site(project)
    return built


@pytest.mark.parametrize("name", CONTINUATIONS)
def test_each_continuation_runs_our_plugin_into_the_same_pages_files_and_anchors(continuation_builds, public_site,
                                                                                 name):
    site = continuation_builds[name]
    tag = GENERATOR_TAG.search((site / "index.html").read_bytes())
    assert tag and CONTINUATIONS[name][1] in tag.group(1)
    # the theme is the continuation's own build, not Material 9.8's: its compiled files are named apart
    theme_files = {f for f in files(site) if f.startswith(THEME_ASSETS)}
    assert theme_files and theme_files != {f for f in files(public_site) if f.startswith(THEME_ASSETS)}
    assert sorted(html_pages(site) ^ html_pages(public_site)) == []
    for plan in shown_plans(public_site):
        assert task_anchors(site, plan) == {task.id for task in plan.walk_tasks()}, plan.id

    def ours(root: Path) -> set[str]:
        return {f for f in files(root) if not f.endswith((".html", ".map")) and not f.startswith(THEME_ASSETS)
                and not f.startswith("assets/javascripts/lunr/") and f not in (SITEMAP, "sitemap.xml.gz")}

    assert sorted(ours(site) ^ ours(public_site)) == []
    assert [f for f in sorted(ours(site)) if (site / f).read_bytes() != (public_site / f).read_bytes()] == []
    assert broken_links(site) == []
    assert leaks(site, WUZHI + SUINING) == []


@pytest.mark.parametrize("name", CONTINUATIONS)
def test_each_continuation_shows_the_same_title_meta_banner_and_content(continuation_builds, public_site, name):
    site = continuation_builds[name]
    differing = [name for name in sorted(html_pages(public_site))
                 if reader_view(parse(public_site / name)) != reader_view(parse(site / name))]
    assert differing == []
