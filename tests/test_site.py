"""The built site as a reader meets it: pages for every plan, agency and theme, cross-links
that resolve, tasks that carry their words, units and themes, and the review build's marks.

Pages are read from real `mkdocs build --strict` output (the session fixtures), parsed as HTML.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
import yaml

from generator import build, pages, urls
from generator.model import UNKNOWN
from helpers import MINI_CONTENT, broken_links, cls, make_project, parse, real_content, resolve, run_mkdocs

REVIEW_BANNER = "未公开发布 · 仅供内部审阅"


def plan(plan_id: str):
    return next(p for p in real_content().plans if p.id == plan_id)


def html_page(site: Path, url: str):
    """The parsed HTML of the page at site-relative `url` (plans/x/ → plans/x/index.html)."""
    return parse(site / url / "index.html")


def main(doc):
    """The page's own content, without Material's header, navigation and footer."""
    found = doc.xpath(f"//article[{cls('md-content__inner')}]")
    assert found, "page has no main content"
    return found[0]


def text(element) -> str:
    return "".join(element.itertext())


def task_links(doc, site: Path, page_url: str) -> set[str]:
    """Every plan task a page links to, as `plan-id#task-id`."""
    page_file = site / page_url / "index.html"
    found = set()
    for a in main(doc).iter("a"):
        target, fragment = resolve(site, page_file, a.get("href", ""))
        if target and fragment and target.parent.parent.name == "plans":
            found.add(f"{target.parent.name}#{fragment}")
    return found


# --- the builds -------------------------------------------------------------------------------


def test_public_and_review_builds_pass_strict_and_hold_every_section_of_the_site(public_site, review_site):
    for site in (public_site, review_site):
        for url in (urls.HOME, urls.PLANS, urls.AGENCIES, urls.THEMES):
            assert (site / url / "index.html").is_file(), f"{site}: no page at /{url}"


def test_review_build_has_a_page_for_every_plan_agency_jurisdiction_kind_and_theme(review_site):
    content = real_content()
    assert len(content.plans) == 5
    wanted = ([urls.plan(p) for p in content.plans] + [urls.agency(a) for a in content.agencies]
              + [urls.jurisdiction(j) for j in content.jurisdictions] + [urls.kind(k) for k in content.kinds]
              + [urls.theme(t) for t in content.themes])
    missing = [url for url in wanted if not (review_site / url / "index.html").is_file()]
    assert not missing


@pytest.mark.parametrize("name", ["县畜牧中心", "晋城海关", "丽水海关查检三科", "社事群工局"])
def test_units_named_once_have_their_own_page_with_their_tasks(review_site, name):
    agency = next(a for a in real_content().agencies if a.name == name)
    doc = html_page(review_site, urls.agency(agency))
    assert main(doc).xpath(".//h1")[0].text_content().strip() == name
    linked = task_links(doc, review_site, urls.agency(agency))
    assert {f"{t.plan.id}#{t.id}" for t in agency.tasks} <= linked


def test_public_build_leaves_out_plans_not_marked_for_release(public_site):
    for p in real_content().plans:
        assert (public_site / urls.plan(p) / "index.html").is_file() == p.disclosure.is_public, p.id


# --- links ------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["public", "review"])
def test_no_internal_link_or_anchor_is_broken(request, which):
    site = request.getfixturevalue(f"{which}_site")
    assert broken_links(site) == []


@pytest.mark.parametrize("which", ["public", "review"])
def test_links_inside_our_pages_are_relative_so_the_site_works_under_a_sub_path(request, which):
    site = request.getfixturevalue(f"{which}_site")
    absolute = []
    for page_file in site.rglob("index.html"):
        for element in main(parse(page_file)).xpath(".//a[@href]"):
            href = element.get("href")
            if href.startswith("/") or href.startswith("http://127.") or href.startswith("http://localhost"):
                absolute.append(f"{page_file.relative_to(site)} → {href}")
    assert absolute == []


def test_every_page_header_has_a_search_box_leading_to_the_search_page(public_site):
    for page_file in sorted(public_site.rglob("index.html")):
        forms = parse(page_file).xpath(f"//header//form[{cls('plans-header-search')}]")
        assert forms, f"{page_file.relative_to(public_site)} has no header search box"
        target, _ = resolve(public_site, page_file, forms[0].get("action"))
        assert target == public_site / "search" / "index.html"
        assert forms[0].get("method") == "get" and forms[0].xpath(".//input[@name='q']")


# --- plan pages -------------------------------------------------------------------------------


def test_each_task_is_one_element_holding_its_words_units_and_themes(review_site):
    for p in real_content().plans:
        doc = html_page(review_site, urls.plan(p))
        page_file = review_site / urls.plan(p) / "index.html"
        for task in p.walk_tasks():
            found = doc.xpath(f'//*[@id="{task.id}"]')
            assert len(found) == 1 and found[0].tag == "article", f"{p.id}: {task.ref}"
            element = found[0]
            words = text(element)
            assert task.label in words
            if task.title:
                assert task.title in words
            for statement in task.statements:
                assert statement.text in words, f"{p.id} {task.ref}: text missing"
                assert statement.note is None or statement.note in words
            linked = {resolve(review_site, page_file, a.get("href"))[0] for a in element.iter("a")}
            for assignment in task.assignments:
                assert review_site / urls.agency(assignment.agency) / "index.html" in linked, task.ref
            for theme in task.themes:
                assert review_site / urls.theme(theme) / "index.html" in linked, task.ref
            for item in task.items:
                assert element.xpath(f'.//*[@id="{item.id}"]'), f"{item.ref} is not nested in {task.ref}"


def test_targets_are_highlighted_within_the_task_text(review_site):
    for p in real_content().plans:
        doc = html_page(review_site, urls.plan(p))
        for task in p.walk_tasks():
            marked = [text(m) for m in doc.xpath(f'//*[@id="{task.id}"]/div[@class="statement"]//mark')]
            assert sorted(marked) == sorted({t.text for t in task.targets}), f"{p.id} {task.ref}"


def test_plan_page_shows_the_notice_in_the_documents_own_terms(public_site):
    p = plan("yangcheng-2023")
    page = main(html_page(public_site, urls.plan(p)))
    rows = {th.text_content(): text(th.getparent().xpath("td")[0]) for th in page.xpath(f".//table[{cls('plan-meta')}]//th")}
    assert rows["发文字号"] == "阳政办发〔2023〕61号"
    assert rows["成文日期"] == "2023年8月10日"
    assert rows["附注"] == "（此件公开发布）"
    assert "主动公开" in rows["公开属性"]
    assert rows["发文机关"] == p.notice.signatory
    assert p.notice.body in text(page)
    assert p.source.sha256 in text(page)


def test_a_plan_without_its_header_says_so_and_guesses_nothing(review_site):
    p = next(p for p in real_content().plans if p.header_missing)
    page = main(html_page(review_site, urls.plan(p)))
    rows = {th.text_content(): text(th.getparent().xpath("td")[0]) for th in page.xpath(f".//table[{cls('plan-meta')}]//th")}
    for term in ("发文机关", "发文字号", "成文日期", "附注"):
        assert rows[term] == UNKNOWN
    assert "原文缺少公文版头" in text(page)


def test_a_plan_with_a_responsibility_rule_shows_it(review_site):
    p = plan("wuzhi-2022")
    assert p.responsibility_rule
    assert p.responsibility_rule in text(main(html_page(review_site, urls.plan(p))))


def test_section_headings_keep_the_documents_order(public_site):
    p = plan("yangcheng-2023")
    page = main(html_page(public_site, urls.plan(p)))
    shown = [h.text_content() for h in page.xpath(f".//section[{cls('plan-section')}]/h3")]
    assert shown == [s.heading for s in p.sections]


@pytest.mark.parametrize("which", ["public", "review"])
def test_headings_never_skip_a_level(request, which):
    site = request.getfixturevalue(f"{which}_site")
    skipped = []
    for page_file in site.rglob("index.html"):
        levels = [int(h.tag[1]) for h in main(parse(page_file)).iter("h1", "h2", "h3", "h4", "h5", "h6")]
        for before, after in zip(levels, levels[1:]):
            if after > before + 1:
                skipped.append(f"{page_file.relative_to(site)}: h{before} → h{after}")
    assert skipped == []


# --- review build -----------------------------------------------------------------------------


def test_review_build_marks_unpublished_plans_and_keeps_them_out_of_search_engines(review_site):
    for p in real_content().plans:
        doc = html_page(review_site, urls.plan(p))
        robots = doc.xpath('//head/meta[@name="robots"]/@content')
        banner = REVIEW_BANNER in text(main(doc))
        if p.disclosure.is_public:
            assert not robots and not banner, p.id
        else:
            assert robots == ["noindex"] and banner, p.id
        assert p.disclosure.explanation in text(main(doc))


def test_every_review_page_says_it_is_a_review_build_and_no_public_page_does(public_site, review_site):
    for page_file in review_site.rglob("index.html"):
        assert "审阅版" in text(parse(page_file).xpath(f"//*[{cls('md-banner')}]")[0]), page_file
    for page_file in public_site.rglob("index.html"):
        assert not parse(page_file).xpath(f"//*[{cls('md-banner')}]"), page_file
        assert REVIEW_BANNER not in page_file.read_text(encoding="utf-8")


# --- themes and agencies ----------------------------------------------------------------------


def theme_tasks(site: Path, theme_id: str) -> set[str]:
    theme = next(t for t in real_content().themes if t.id == theme_id)
    return task_links(html_page(site, urls.theme(theme)), site, urls.theme(theme))


def anchors(plan_id: str, *refs: str) -> set[str]:
    return {f"{plan_id}#{t.id}" for t in plan(plan_id).walk_tasks() if t.ref in refs}


def test_campus_food_page_lists_the_school_tasks_of_every_plan(review_site):
    listed = theme_tasks(review_site, "campus")
    school_meals = {f"suining-xinqu-2023#{t.id}" for t in plan("suining-xinqu-2023").walk_tasks() if "校外供餐" in t.text}
    expected = (anchors("yangcheng-2023", "（十）") | anchors("wuzhi-2022", "（十）")
                | anchors("jincheng-2021", "14.") | school_meals)
    assert len(expected) == 4 and expected <= listed


def test_food_waste_page_lists_the_food_waste_tasks_of_every_plan(review_site):
    listed = theme_tasks(review_site, "food-waste")
    yangcheng = anchors("yangcheng-2023", *[f"（十二）{n}." for n in range(1, 5)])
    suining = {f"suining-xinqu-2023#{t.id}" for t in plan("suining-xinqu-2023").walk_tasks()
               if t.ref.startswith("（十一）") and not t.is_heading}
    assert len(yangcheng) == 4 and suining
    assert yangcheng | anchors("jinyun-2023", "20.") | suining <= listed


def test_theme_page_compares_targets_by_metric_with_a_link_to_each_task(review_site):
    for theme in real_content().themes:
        page = main(html_page(review_site, urls.theme(theme)))
        rows = page.xpath(f".//table[{cls('target-table')}]/tbody/tr")
        # each metric the theme names or its targets measure, with every target of that metric in any
        # theme (the same table as on the metric's page), then the theme's targets of no metric
        metrics = set(theme.metrics) | {t.metric for t in theme.targets if t.metric}
        expected = sum(len(set(m.targets)) for m in metrics) + len({t for t in theme.targets if t.metric is None})
        assert len(rows) == expected, theme.id
        for metric in {t.metric for t in theme.targets if t.metric in theme.metrics}:
            assert metric.name in [h.text_content() for h in page.xpath(f".//section[{cls('target-group')}]/h3")]


def test_agency_page_groups_tasks_by_plan_then_role_lead_first(review_site):
    agency = max(real_content().agencies, key=lambda a: len({x.role for x in a.assignments}))
    page = main(html_page(review_site, urls.agency(agency)))
    for section in page.xpath(f".//section[{cls('agency-plan')}]"):
        roles = [h.text_content()[:2] for h in section.xpath("h4")]
        assert roles == sorted(roles, key=["牵头", "负责", "配合"].index)
    assert len(page.xpath(f".//section[{cls('agency-plan')}]")) == len({id(t.plan) for t in agency.tasks})


def test_agency_page_links_to_units_of_the_same_kind_elsewhere(public_site):
    agency = next(a for a in real_content().agencies if a.jurisdiction.id == "yangcheng" and a.name == "县市场监管局")
    peers = [a for a in agency.kind.agencies if a.jurisdiction is not agency.jurisdiction
             and (public_site / urls.agency(a) / "index.html").is_file()]
    assert peers
    page_file = public_site / urls.agency(agency) / "index.html"
    linked = {resolve(public_site, page_file, a.get("href"))[0] for a in main(parse(page_file)).iter("a")}
    assert {public_site / urls.agency(a) / "index.html" for a in peers} <= linked
    assert public_site / urls.kind(agency.kind) / "index.html" in linked


# --- rendering, on the small fixture ----------------------------------------------------------


def generated_pages(tmp_path: Path, edit=None, review: bool = False) -> dict[str, str]:
    project = make_project(tmp_path, MINI_CONTENT)
    if edit:
        edit(project / "content")
    tree = dict(pages.build(build.load_site(project, build.BuildOptions(review=review))))
    return {path: text for path, text in tree.items() if build.is_page(path)}  # not the files beside them


def test_document_text_is_escaped_and_targets_wrapped_safely(tmp_path):
    def edit(content: Path):
        plan_file = content / "plans" / "alpha-2023.yaml"
        yaml_text = plan_file.read_text(encoding="utf-8")
        plan_file.write_text(yaml_text.replace("推进学校食堂", "推进<script>x</script>&学校食堂"), encoding="utf-8")

    html = generated_pages(tmp_path, edit)["plans/alpha-2023/index.md"]
    assert "<script>" not in html
    assert "推进&lt;script&gt;x&lt;/script&gt;&amp;学校食堂" in html
    assert '<mark class="target" title="目标：学校食堂“互联网+明厨亮灶”覆盖率 ≥ 100%（2023年）">覆盖率达到 100%</mark>' in html


def test_page_files_are_markdown_with_front_matter_and_one_html_block(tmp_path):
    for path, page_text in generated_pages(tmp_path).items():
        assert path.endswith("index.md")
        front, _, body = page_text.partition("\n---\n")
        assert front.startswith("---\ntitle: ")
        assert body.strip().startswith("<div class=\"plans-page") and body.strip().endswith("</div>")
        assert "\n\n" not in body.strip(), f"{path}: a blank line would end the HTML block in Markdown"


def cloned_mini(tmp_path: Path, copies: int) -> Path:
    """The mini content with every jurisdiction and plan copied `copies` times under new ids."""
    import yaml

    project = make_project(tmp_path / f"x{copies}", MINI_CONTENT)
    content = project / "content"
    for i in range(1, copies):
        for f in sorted((MINI_CONTENT / "agencies").glob("*.yaml")):
            data = yaml.safe_load(f.read_text(encoding="utf-8"))
            data["jurisdiction"]["id"] += f"-c{i}"
            data["jurisdiction"]["name"] += str(i)
            (content / "agencies" / f"{data['jurisdiction']['id']}.yaml").write_text(
                yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        for f in sorted((MINI_CONTENT / "plans").glob("*.yaml")):
            data = yaml.safe_load(f.read_text(encoding="utf-8"))
            data["id"] += f"-c{i}"
            data["jurisdiction"] += f"-c{i}"
            (content / "plans" / f"{data['id']}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                                                  encoding="utf-8")
    return project


def test_plan_and_agency_pages_stay_the_same_size_as_plans_are_added(tmp_path):
    def sizes(copies: int) -> dict[str, int]:
        tree = dict(pages.build(build.load_site(cloned_mini(tmp_path, copies), build.BuildOptions(review=True))))
        return {path: len(text.encode()) for path, text in tree.items() if build.is_page(path)}

    one, some, many = sizes(1), sizes(pages.home.JURISDICTIONS_SHOWN // 2 + 1), sizes(40)
    assert len(many) > 15 * len(one)
    # bounded lists (a task's similar tasks, the home page's plans, a unit's peers), full by `some`
    for path in ("plans/alpha-2023/index.md", "agencies/alpha/shichang-jianguan/index.md", "index.md"):
        assert many[path] <= some[path] * 1.2, f"{path}: {some[path]} → {many[path]} bytes"


def test_a_theme_across_many_plans_lists_task_links_instead_of_quoting_each(tmp_path, monkeypatch):
    monkeypatch.setattr(pages.themes, "FULL_TEXT_PLANS", 1)
    html = generated_pages(tmp_path, review=True)["themes/food-waste/index.md"]
    assert "开展制止餐饮浪费专项行动" not in html and "开展反食品浪费宣传" not in html
    assert 'href="../../plans/alpha-2023/#t-1-2-1"' in html and 'href="../../plans/beta-2022/#t-1-1"' in html


# --- the plugin-free tree ---------------------------------------------------------------------


def test_the_written_tree_builds_with_plain_mkdocs_into_the_same_pages(tmp_path, public_site):
    project = make_project(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PLANS_REVIEW", None)
    subprocess.run([sys.executable, "-m", "generator", "docs", str(tmp_path / "out")], cwd=project, env=env,
                   check=True, capture_output=True, text=True, timeout=600)
    run_mkdocs(tmp_path / "out", "--strict")  # plain MkDocs on the written mkdocs.yml
    plain = tmp_path / "out" / "site"

    def pages_of(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}

    assert pages_of(plain) == pages_of(public_site)
    for name in sorted(pages_of(public_site)):
        ours, theirs = parse(public_site / name), parse(plain / name)
        if ours.xpath(f"//article[{cls('md-content__inner')}]"):
            assert lxml.html.tostring(main(ours)) == lxml.html.tostring(main(theirs)), name


@pytest.mark.parametrize("site_url", ["https://example.org/plans/", None], ids=["SITE_URL set", "SITE_URL unset"])
def test_the_docs_command_reads_mkdocs_yml_as_mkdocs_does(tmp_path, site_url):
    """`!ENV` and `!relative`, which `mkdocs build` accepts in mkdocs.yml, are read by `generator docs` too."""
    project = make_project(tmp_path, MINI_CONTENT)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "markdown_extensions:\n",
        "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: [!relative $config_dir/snippets]\n").replace(
        "plugins:\n  - plans\n", "plugins:\n  plans: {}\n  search:\n    lang: zh\n")  # MkDocs's mapping form
        + '\nsite_url: !ENV [SITE_URL, ""]\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PLANS_REVIEW")}
    if site_url:
        env["SITE_URL"] = site_url
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "generator", "docs", str(out)], cwd=project, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    written = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert written["site_url"] == (site_url or "")
    assert {"pymdownx.snippets": {"base_path": [str(project / "snippets")]}} in written["markdown_extensions"]
    assert written["theme"]["variant"] == "classic" and written["plugins"] == {"search": {"lang": "zh"}}
    feed = (out / "docs" / "feed.xml").read_text(encoding="utf-8")
    assert (f"{site_url}plans/alpha-2023/" in feed) == bool(site_url)
