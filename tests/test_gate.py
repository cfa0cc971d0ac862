"""The publication gate: the public site carries the public plans whole and nothing of the rest.

A journalist or an official checks this the blunt way: search every file of the built site
(pages, data, feed, sitemap, the search index in its compressed form) for words only the
unmarked plans contain, and find none.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import build, gate, urls
from generator.loading import ContentErrors, read_content
from helpers import MINI_CONTENT, ROOT, SUINING, WUZHI, leaks, make_project, needle_forms, run_mkdocs, site_files

# The three public plans: id, 发文字号, a phrase of their text.
PUBLIC = [("yangcheng-2023", "阳政办发〔2023〕61号", "阳城县"),
          ("jincheng-2021", "晋市政办〔2021〕26号", "晋城市"),
          ("jinyun-2023", "缙食药安委〔2023〕1号", "缙云县")]
BANNER = "未公开发布 · 仅供内部审阅"


def test_the_needles_belong_only_to_the_unmarked_plans():
    """The strings searched for below are really in the unmarked plans and in no public one."""
    plans = {p.stem: p.read_text(encoding="utf-8") for p in (ROOT / "content" / "plans").glob("*.yaml")}
    public = "".join(text for stem, text in plans.items() if not stem.startswith(("wuzhi", "suining")))
    for word in WUZHI:
        assert word in plans["wuzhi-2022"] + (ROOT / "content/agencies/wuzhi.yaml").read_text(encoding="utf-8")
    for word in SUINING:
        assert word in plans["suining-xinqu-2023"] + (ROOT / "content/agencies/suining-xinqu.yaml").read_text(
            encoding="utf-8")
    for word in WUZHI + SUINING:
        assert word not in public, word


def test_public_site_carries_nothing_of_the_unmarked_plans(public_site):
    assert leaks(public_site, WUZHI + SUINING) == []


def test_public_site_carries_no_unit_named_only_by_held_back_plans(public_site):
    """Every unit of the unmarked plans' jurisdictions stays out, by name and by alias."""
    raw = read_content(ROOT / "content")
    names = [name for file in raw.agencies if file.entry.jurisdiction.id in ("wuzhi", "suining-xinqu")
             for unit in file.entry.units for name in [unit.name, *unit.aliases]]
    public_text = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "content" / "plans").glob("*.yaml")
                          if not p.stem.startswith(("wuzhi", "suining")))
    only_theirs = sorted({name for name in names if name not in public_text and len(name) >= 4})
    assert len(only_theirs) >= 10
    assert leaks(public_site, only_theirs) == []


def test_public_site_carries_every_public_plan(public_site):
    files = site_files(public_site)
    plans_index = files["plans/index.html"]
    search_files = "".join(text for name, text in files.items() if name.startswith("search/index/"))
    assert search_files, "the public site has no search index"
    for plan_id, doc_number, place in PUBLIC:
        page = files.get(f"plans/{plan_id}/index.html")
        assert page is not None, f"{plan_id} has no page"
        assert doc_number in page and place in page
        assert f"{plan_id}/" in plans_index
        assert any(form in search_files for form in needle_forms(place)), f"{plan_id} is not in the search index"
    assert not (public_site / "plans" / "wuzhi-2022").exists()
    assert not (public_site / "plans" / "suining-xinqu-2023").exists()


def test_review_site_shows_every_plan_and_marks_the_unpublished(review_site):
    for plan_id in ("wuzhi-2022", "suining-xinqu-2023"):
        page = (review_site / "plans" / plan_id / "index.html").read_text(encoding="utf-8")
        assert BANNER in page, f"{plan_id} lacks the review banner"
        assert re.search(r'<meta name="robots" content="[^"]*noindex', page), f"{plan_id} is not noindex"
    for plan_id, doc_number, _ in PUBLIC:
        page = (review_site / "plans" / plan_id / "index.html").read_text(encoding="utf-8")
        assert doc_number in page and BANNER not in page


# --- the gate's decisions, on small copies ------------------------------------------------------

ALPHA_ONLY = ["示政办发〔2023〕1号", "查处地沟油", "县委宣传部", "示例县2023年食品安全重点工作安排", "alpha-2023"]
BETA_ONLY = ["示政办〔2022〕5号", "开展反食品浪费宣传", "示例市2022年工作方案"]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("annotation, status", [("（此件依申请公开）", "on-request"), ("（此件不予公开）", "withheld")])
def test_a_plan_not_marked_for_publication_is_held_back_and_a_recorded_basis_publishes(tmp_path, annotation, status):
    project = make_project(tmp_path, MINI_CONTENT)
    plans = project / "content" / "plans"
    _edit(plans / "alpha-2023.yaml", "annotation: （此件公开发布）", f"annotation: {annotation}")
    _edit(plans / "beta-2022.yaml", "responsibility_rule:",
          "disclosure: {status: public, decided_by: 示例市人民政府办公室, date: 2024-03-01, "
          "reference: 市政府门户网站 2022-07-08 已全文公开}\nresponsibility_rule:")
    result = run_mkdocs(project)
    site = project / "site"
    assert not (site / "plans" / "alpha-2023").exists()
    assert (site / "plans" / "beta-2022" / "index.html").exists()
    assert leaks(site, ALPHA_ONLY) == []
    assert all(form in "".join(site_files(site).values()) for form in BETA_ONLY)
    report = result.stdout + result.stderr
    assert re.search(rf"alpha-2023: {status} .*{annotation}.* held back", report)
    assert re.search(r"beta-2022: public .*示例市人民政府办公室.*2024-03-01.*已全文公开.* published", report)


def test_every_build_prints_the_disclosure_report(tmp_path):
    """A user running plain `mkdocs build` sees what was published and what held back."""
    result = run_mkdocs(make_project(tmp_path, MINI_CONTENT))
    report = result.stdout + result.stderr
    assert "Disclosure report (public build)" in report
    assert re.search(r"alpha-2023: public .*（此件公开发布）.* published", report)
    assert re.search(r"beta-2022: unmarked .*无附注.* held back", report)


def test_review_build_report_says_every_plan_is_shown(tmp_path):
    result = run_mkdocs(make_project(tmp_path, MINI_CONTENT), review=True)
    report = result.stdout + result.stderr
    assert "Disclosure report (review build" in report
    assert re.search(r"beta-2022: unmarked .* published", report)


def _without_plan_page(monkeypatch, plan_id: str) -> None:
    """Make the page builder lose one plan's page, as a template or builder bug would."""
    original = build.page_builders

    def builders():
        def drop(builder):
            def built(site):
                made = builder(site)
                lost = urls.page_file(f"plans/{plan_id}/")
                return [(path, data) for path, data in (made.items() if isinstance(made, dict) else made)
                        if path != lost]
            return built
        return [drop(b) for b in original()]

    monkeypatch.setattr(build, "page_builders", builders)


def test_a_public_plan_missing_from_the_build_fails_it_naming_the_plan(tmp_path, monkeypatch):
    project = make_project(tmp_path, MINI_CONTENT)
    _without_plan_page(monkeypatch, "alpha-2023")
    site = build.load_site(project, build.BuildOptions())
    with pytest.raises(gate.GateError, match=r"alpha-2023 \(示例县2023年食品安全重点工作安排\)"):
        build.generate(site)


def test_mkdocs_build_stops_when_a_public_plan_is_missing(tmp_path, monkeypatch, caplog):
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    project = make_project(tmp_path, MINI_CONTENT)
    _without_plan_page(monkeypatch, "alpha-2023")
    monkeypatch.chdir(project)
    config = load_config(str(project / "mkdocs.yml"))
    with pytest.raises(Abort):
        mkdocs_build(config)
    assert "plans marked public are missing from the build: alpha-2023" in caplog.text
    assert not (project / "site").exists()


@pytest.mark.parametrize("disclosure, missing", [
    ("{status: public}", ["decided_by", "date", "reference"]),
    ("{status: public, decided_by: 示例市人民政府办公室, date: 2024-03-01}", ["reference"]),
    ("{status: public, decided_by: '', date: 2024-03-01, reference: 门户网站}", ["decided_by"]),
])
def test_a_disclosure_override_without_its_basis_fails_validation(tmp_path, disclosure, missing):
    project = make_project(tmp_path, MINI_CONTENT)
    plan = project / "content" / "plans" / "beta-2022.yaml"
    _edit(plan, "responsibility_rule:", f"disclosure: {disclosure}\nresponsibility_rule:")
    line = plan.read_text(encoding="utf-8").splitlines().index(f"disclosure: {disclosure}") + 1
    with pytest.raises(ContentErrors) as caught:
        read_content(project / "content")
    text = str(caught.value)
    for field in missing:
        assert f"content/plans/beta-2022.yaml:{line}: disclosure.{field}" in text


def test_a_public_build_builds_each_plan_once(monkeypatch):
    """The gate decides from every plan built and checked once, then wires only the public ones
    (it used to link the whole content twice: once to decide, once to show)."""
    from generator.loading import linker

    built: list[str] = []
    original = linker.PlanBuilder.plan

    def counted(self, entry, jurisdiction):
        built.append(entry.id)
        return original(self, entry, jurisdiction)

    monkeypatch.setattr(linker.PlanBuilder, "plan", counted)
    raw = read_content(ROOT / "content")
    selection = gate.select(raw, review=False)
    assert sorted(built) == sorted(f.entry.id for f in raw.plans)
    assert {p.id for p in selection.content.plans} == {plan for plan, _, _ in PUBLIC}
    assert [row.plan_id for row in selection.disclosure_report if not row.published] == ["suining-xinqu-2023", "wuzhi-2022"]
