"""The publishing office's workflow, end to end with the real importer and MkDocs:
import → held (待审核) → review → approve → published; a changed parse is held again.
Also the 原文 page, the portal's metadata, the feed in <head> and the footer."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import yaml
from helpers import FIXTURES, MINI_CONTENT, ROOT, leaks, make_project, run_mkdocs


NOTICE = FIXTURES / "import" / "public_notice.txt"
PLAN = "shili-2024"
TITLE = "示例县2024年食品安全重点工作安排"


def generator(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=project, capture_output=True,
                          text=True, timeout=300)


def report_line(project: Path) -> str:
    return next(l for l in generator(project, "check").stdout.splitlines() if l.strip().startswith(f"{PLAN}:"))


def test_an_imported_plan_is_held_until_a_person_approves_it(tmp_path):
    project = make_project(tmp_path, MINI_CONTENT)  # the workflow does not depend on the other plans
    imported = generator(project, "import", str(NOTICE))
    assert imported.returncode == 0, imported.stderr
    plan_file = project / "content" / "plans" / f"{PLAN}.yaml"
    assert "review: pending" in plan_file.read_text(encoding="utf-8")

    check = generator(project, "check")
    assert check.returncode == 0, check.stderr
    assert f"{PLAN}: public" in check.stdout and "held back (待审核" in check.stdout
    assert f"content/plans/{PLAN}.yaml:" in check.stderr and f"approve {PLAN} --by NAME" in check.stderr
    assert "content/agencies/shili.yaml" in check.stderr and "has no parent" in check.stderr

    review = generator(project, "review", PLAN)
    assert review.returncode == 0, review.stderr
    for expected in ("was added by the importer (draft)", "has no parent", "县示例测试中心` has no kind",
                     "by keyword only", "index_number"):
        assert expected in review.stdout, expected

    run_mkdocs(project)
    site = project / "site"
    assert not (site / "plans" / PLAN).exists()
    found = leaks(site, [TITLE, "示政办发〔2024〕7号", "县示例测试中心", PLAN])
    assert not found, found

    before = plan_file.read_text(encoding="utf-8")
    approved = generator(project, "approve", PLAN, "--by", "张三", "--date", "2024-05-01")
    assert approved.returncode == 0, approved.stderr
    after = plan_file.read_text(encoding="utf-8")
    data = yaml.safe_load(after)
    assert data["approval"]["by"] == "张三" and str(data["approval"]["date"]) == "2024-05-01"
    assert "review" not in data
    # a line edit: the rest of the file is as it was
    assert [l for l in before.splitlines() if l != "review: pending"] == \
        [l for l in after.splitlines() if not l.startswith(("approval:", "  by:", "  date: 2024-05-01", "  fingerprint:"))]
    agencies = yaml.safe_load((project / "content" / "agencies" / "shili.yaml").read_text(encoding="utf-8"))
    assert not any(u["draft"] for u in agencies["units"])

    run_mkdocs(project)
    page = (site / "plans" / PLAN / "index.html").read_text(encoding="utf-8")
    assert TITLE in page and "由导入程序添加" not in page
    assert (site / "plans" / PLAN / "source" / "index.html").exists()

    # a person edits the parse: the approval no longer covers it
    plan_file.write_text(after.replace("role: lead", "role: supporting", 1), encoding="utf-8")
    assert "its parse changed since 张三 approved it on 2024-05-01" in report_line(project)
    run_mkdocs(project)
    assert not (site / "plans" / PLAN).exists()
    again = generator(project, "approve", PLAN, "--by", "李四", "--date", "2024-05-02")
    assert again.returncode == 0, again.stderr
    assert yaml.safe_load(plan_file.read_text(encoding="utf-8"))["approval"]["by"] == "李四"
    assert report_line(project).endswith("— published")


def test_an_approved_plan_that_is_not_public_stays_held(tmp_path):
    project = make_project(tmp_path, MINI_CONTENT)
    notice = tmp_path / "on_request.txt"
    notice.write_text(NOTICE.read_text(encoding="utf-8").replace("（此件公开发布）", "（此件依申请公开）"),
                      encoding="utf-8")
    assert generator(project, "import", str(notice)).returncode == 0
    approved = generator(project, "approve", PLAN, "--by", "张三")
    assert approved.returncode == 0 and "stays held" in approved.stdout
    run_mkdocs(project)
    assert not (project / "site" / "plans" / PLAN).exists()


def test_approve_refuses_an_unknown_plan_with_a_message(tmp_path):
    project = make_project(tmp_path)
    result = generator(project, "approve", "no-such-plan", "--by", "张三")
    assert result.returncode == 1 and "no plan `no-such-plan`" in result.stderr and "Traceback" not in result.stderr


def test_each_plan_page_links_a_source_page_holding_the_text_verbatim(public_site):
    for plan_dir in sorted((public_site / "plans").iterdir()):
        if not (plan_dir / "index.html").exists() or plan_dir.name == "index.html":
            continue
        plan = yaml.safe_load((ROOT / "content" / "plans" / f"{plan_dir.name}.yaml").read_text(encoding="utf-8"))
        page = (plan_dir / "index.html").read_text(encoding="utf-8")
        assert 'href="source/"' in page
        source = (plan_dir / "source" / "index.html").read_text(encoding="utf-8")
        assert '<meta charset="utf-8">' in source.lower()
        text = (ROOT / "content" / "sources" / plan["source"]["file"]).read_text(encoding="utf-8")
        lines = [html.unescape(m) for m in re.findall(r'<li id="L\d+">(.*?)</li>', source)]
        assert lines == text.splitlines(), plan_dir.name
        assert plan["source"]["sha256"] in source
        download = plan_dir / "source" / f"{plan_dir.name}-source.txt"
        assert download.read_bytes() == (ROOT / "content" / "sources" / plan["source"]["file"]).read_bytes()
        assert re.search(r'download="[^"]+（原文）\.txt"', source)


def test_plan_page_shows_the_portal_fields_and_unknown_stays_unknown(public_site):
    page = (public_site / "plans" / "jincheng-2021" / "index.html").read_text(encoding="utf-8")
    for term in ("索引号", "主题分类", "发布日期", "有效性", "公开方式"):
        cell = re.search(rf"<th scope=\"row\">{term}</th><td>(.*?)</td>", page)
        assert cell and "未载明" in cell.group(1), term
    assert "历史文件" in page  # the 2021 plan's period is over
    assert "历史文件" not in (public_site / "plans" / "yangcheng-2023" / "index.html").read_text(encoding="utf-8")


def test_a_plan_marked_invalid_names_its_replacement(tmp_path):
    project = make_project(tmp_path)
    path = project / "content" / "plans" / "jincheng-2021.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  date_printed:", "  index_number: 11140500MB1957xxxx/2021-00026\n  validity: 失效\n  date_printed:", 1)
    text = text.replace("\npreamble:", "\nreplaced_by: yangcheng-2023\npreamble:", 1)
    path.write_text(text, encoding="utf-8")
    run_mkdocs(project)
    page = (project / "site" / "plans" / "jincheng-2021" / "index.html").read_text(encoding="utf-8")
    assert "本文件已失效" in page and 'href="../yangcheng-2023/"' in page
    assert "11140500MB1957xxxx/2021-00026" in page
    plans = (project / "site" / "data" / "plans.json").read_text(encoding="utf-8")
    assert '"validity": "失效"' in plans and '"replaced_by": "yangcheng-2023"' in plans


def test_every_page_announces_the_feed_and_the_footer_shows_licence_and_contact(tmp_path, public_site):
    home = (public_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="feed.xml"', home)
    assert '<meta property="og:title"' in home
    project = make_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "site_name:", "site_url: https://example.org/plans/\nextra:\n  data_licence: {name: CC BY 4.0, url: "
        "https://creativecommons.org/licenses/by/4.0/}\n  contact: {email: jiucuo@example.org}\nsite_name:", 1),
        encoding="utf-8")
    run_mkdocs(project)
    page = (project / "site" / "plans" / "yangcheng-2023" / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:url" content="https://example.org/plans/plans/yangcheng-2023/">' in page
    assert 'rel="license">CC BY 4.0</a>' in page and "mailto:jiucuo@example.org" in page
    assert 'class="task-permalink" href="#t-1-1"' in page
