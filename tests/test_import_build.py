"""An office imports the next notice and sees it in the review site straight away."""

from __future__ import annotations

import json

from generator.importer import main as import_main
from helpers import FIXTURES, MINI_CONTENT, built_site, make_project, run_mkdocs


def test_an_imported_notice_builds_in_the_review_site_with_its_tasks_in_the_data(tmp_path, capsys):
    project = make_project(tmp_path, MINI_CONTENT)
    notice = FIXTURES / "import" / "styles.txt"
    status = import_main([str(notice), "--content", str(project / "content"), "--id", "mouxian-2024",
                          "--jurisdiction", "mouxian"])
    assert status == 0, capsys.readouterr()
    plan_file = project / "content" / "plans" / "mouxian-2024.yaml"
    assert plan_file.is_file()

    run_mkdocs(project, "--strict", review=True)
    site = built_site(project, review=True)
    page = (site / "plans" / "mouxian-2024" / "index.html").read_text(encoding="utf-8")
    assert "开展耕地土壤污染排查" in page
    assert "未公开发布" in page  # its 附注 says 此件依申请公开: shown to reviewers only, with the banner

    tasks = json.loads((site / "data" / "tasks.json").read_text(encoding="utf-8"))
    records = tasks["tasks"] if isinstance(tasks, dict) else tasks
    imported = [r for r in records if r["plan"] == "mouxian-2024"]
    assert any("开展耕地土壤污染排查" in r["text"] for r in imported)
    lead = next(r for r in imported if "开展耕地土壤污染排查" in r["text"])
    assert {"name": "县农业农村局", "role": "lead"} in [{"name": u["name"], "role": u["role"]} for u in lead["units"]]

    # The public build leaves it out: 依申请公开 is not 主动公开.
    run_mkdocs(project, "--strict")
    assert not (project / "site" / "plans" / "mouxian-2024").exists()


def test_a_portal_page_and_a_task_table_build_in_the_review_site(tmp_path, capsys):
    """The fields only these formats give (source.url, the portal's metadata, a task's 完成时限)
    validate, and the kept web page and Word file are published beside the plans."""
    import documents

    project = make_project(tmp_path, MINI_CONTENT)
    seed = (FIXTURES.parent.parent / "content" / "sources" / "000_c35e34fda0cddad2.txt").read_text(encoding="utf-8")
    page = tmp_path / "notice.html"
    page.write_text(documents.portal_table_page(seed), encoding="utf-8")
    table = documents.task_table_docx(tmp_path / "tasks.docx")
    for source, plan_id, jurisdiction in ((page, "yangcheng-2023", "yangcheng"), (table, "mouxian-2024", "mouxian")):
        status = import_main([str(source), "--content", str(project / "content"), "--id", plan_id,
                              "--jurisdiction", jurisdiction])
        assert status == 0, capsys.readouterr()

    run_mkdocs(project, "--strict", review=True)
    site = built_site(project, review=True)
    plan_page = (site / "plans" / "mouxian-2024" / "index.html").read_text(encoding="utf-8")
    assert "督促餐饮服务经营者主动提示消费者适量点餐" in plan_page
    # A saved portal page is published as text, never as a page of our site (its scripts would run)
    assert (site / "sources" / "notice.html.txt").read_bytes() == page.read_bytes()
    assert not (site / "sources" / "notice.html").exists()
    assert (site / "sources" / "tasks.docx").read_bytes() == table.read_bytes()
