"""Progress reports: gated like plans, shown in each task, summarised per plan, in the data and feed.

Real MkDocs builds of the real content with the fixture reports of tests/fixtures/reports
(invented test data: no county published them) copied into a project copy.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import json
import re
import shutil
import textwrap
from pathlib import Path

import jsonschema
import pytest

from generator import gate, progress
from generator.__main__ import main
from generator.loading import load, read_content
from generator.model import Status
from helpers import FIXTURES, MINI_CONTENT, ROOT, built_site, leaks, make_project, run_mkdocs

REPORTS = FIXTURES / "reports"
HELD_WORDS = ["蓝鲸跃迁", "yangcheng-2023-draft", "征求意见稿（测试样例"]  # only in the unmarked report


def project_with_reports(tmp_path: Path, content: Path = ROOT / "content", reports: Path = REPORTS / "yangcheng") -> Path:
    project = make_project(tmp_path, content)
    shutil.copytree(reports, project / "content" / "reports")
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The real content with the 阳城 fixture reports, built public and review."""
    sites = {}
    for mode in ("public", "review"):
        project = project_with_reports(tmp_path_factory.mktemp(mode))
        run_mkdocs(project, "--strict", review=mode == "review")
        sites[mode] = built_site(project, review=mode == "review")
    return sites


def task_element(html: str, anchor: str) -> str:
    """The task's own <article>, up to its first sub-item or the next task."""
    start = html.index(f'id="{anchor}"')
    end = html.find("<article", start + 1)
    return html[start:end if end > 0 else None]


def test_fixture_reports_are_not_in_the_real_content():
    assert not (ROOT / "content" / "reports").exists()


def test_each_reported_task_shows_its_status_and_words_inside_its_element(built):
    html = (built["public"] / "plans" / "yangcheng-2023" / "index.html").read_text(encoding="utf-8")
    first = task_element(html, "t-1-1")  # （一）: reported twice; the later report (as of 2023-09-30) wins
    assert 'class="status status-done">已完成' in first
    assert "测试样例：耕地土壤重金属污染成因排查已完成。" in first
    assert "历次报告（2 份）" in first and "测试样例：上半年完成耕地土壤重金属污染成因排查点位布设。" in first
    second = task_element(html, "t-1-2")
    assert "已完成" in second and "测试样例：县农业农村局工作简报第5期" in second
    assert "https://example.org/yangcheng/briefing-5" in second
    unreported = task_element(html, "t-1-4")  # （四）: no report names it
    assert 'status-unreported">未报告' in unreported and "progress-text" not in unreported


def test_the_plan_page_summarises_the_reports(built):
    html = (built["public"] / "plans" / "yangcheng-2023" / "index.html").read_text(encoding="utf-8")
    summary = html[html.index('id="progress"'):html.index('id="notice"')]
    assert re.search(r"(\d+) 项任务中已有 3 项报告了落实情况（3 / \1）", summary)
    assert "<svg class=\"status-bar\"" in summary
    assert re.search(r"已完成</span><span class=\"count\">2 项", summary)
    assert re.search(r"滞后</span><span class=\"count\">1 项", summary)
    assert summary.index("前三季度") < summary.index("上半年")  # newest first
    assert "2023年9月30日" in summary


def test_a_plan_without_reports_says_so(built):
    html = (built["public"] / "plans" / "jinyun-2023" / "index.html").read_text(encoding="utf-8")
    assert "本计划尚无公开的落实情况报告" in html and "已完成" not in html


def test_tasks_json_carries_the_current_status(built):
    tasks = json.loads((built["public"] / "data" / "tasks.json").read_text(encoding="utf-8"))
    by_ref = {t["ref"]: t for t in tasks if t["plan"] == "yangcheng-2023"}
    assert (by_ref["（一）"]["status"], by_ref["（一）"]["status_as_of"], by_ref["（一）"]["report_count"]) == \
        ("done", "2023-09-30", 2)
    assert by_ref["（十二）1."]["status"] == "behind"
    assert (by_ref["（四）"]["status"], by_ref["（四）"]["status_label"]) == (None, "未报告")
    assert by_ref["（三）"]["status"] is None  # only the held report names it
    schema = json.loads((built["public"] / "data" / "tasks.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(tasks, schema)


def test_reports_json_and_csv(built):
    rows = json.loads((built["public"] / "data" / "reports.json").read_text(encoding="utf-8"))
    jsonschema.validate(rows, json.loads((built["public"] / "data" / "reports.schema.json").read_text(encoding="utf-8")))
    assert {(r["report"], r["ref"], r["status"], r["latest"]) for r in rows} == {
        ("yangcheng-2023-h1", "（一）", "on-track", False), ("yangcheng-2023-h1", "（二）", "done", True),
        ("yangcheng-2023-h1", "（十二）1.", "behind", True), ("yangcheng-2023-q3", "（一）", "done", True)}
    csv = (built["public"] / "data" / "reports.csv").read_bytes().decode("utf-8-sig")
    assert "测试样例：县农业农村局工作简报第5期 https://example.org/yangcheng/briefing-5" in csv


def test_a_report_page_shows_the_document(built):
    html = (built["public"] / "reports" / "yangcheng-2023-h1" / "index.html").read_text(encoding="utf-8")
    for words in ("阳城县2023年上半年食品安全重点工作落实情况（测试样例）", "县食安办", "（此件公开发布）", "2023年6月30日",
                  "测试样例：特此报告。", "测试样例：制止餐饮浪费宣传进度滞后，下半年加快推进。"):
        assert words in html, words
    assert "../../plans/yangcheng-2023/#t-2-12-1" in html


def test_the_unmarked_report_is_in_review_only(built):
    assert leaks(built["public"], HELD_WORDS) == []
    review = built["review"]
    page = (review / "reports" / "yangcheng-2023-draft" / "index.html").read_text(encoding="utf-8")
    assert "蓝鲸跃迁" in page and "未公开发布 · 仅供内部审阅" in page
    plan = (review / "plans" / "yangcheng-2023" / "index.html").read_text(encoding="utf-8")
    assert "未启动" in task_element(plan, "t-1-3")


def test_the_feed_has_an_entry_per_report(built):
    feed = (built["public"] / "feed.xml").read_text(encoding="utf-8")
    assert "<title>阳城县2023年前三季度食品安全重点工作落实情况（测试样例）</title>" in feed
    assert "reports/yangcheng-2023-h1/" in feed


def test_the_search_index_carries_each_task_status(built):
    folder = built["public"] / "search" / "index"
    facets = json.loads(gzip.decompress((folder / "facets.json.gz").read_bytes()))
    table = [s["id"] for s in facets["statusTable"]]
    assert table[0] == "unreported" and set(table[1:]) == {s.value for s in Status}
    meta = json.loads(gzip.decompress((folder / "meta.json.gz").read_bytes()))
    plan = next(p for p in meta["plans"] if p["id"] == "yangcheng-2023")
    statuses = [table[i] for i in facets["status"][plan["first"]:plan["first"] + plan["count"]]]
    assert statuses.count("done") == 2 and statuses.count("behind") == 1 and "not-started" not in statuses


def test_wuzhi_deadline_is_a_date_in_the_data_and_on_the_deadlines_page_of_the_review_build(built):
    tasks = json.loads((built["review"] / "data" / "tasks.json").read_text(encoding="utf-8"))
    wuzhi = [t for t in tasks if t["plan"] == "wuzhi-2022" and "2022-07-15" in t["due_dates"]]
    assert len(wuzhi) == 1
    assert {"words": "2022年7月15日前", "dates": ["2022-07-15"], "every": None} in wuzhi[0]["deadlines"]
    page = (built["review"] / "deadlines" / "index.html").read_text(encoding="utf-8")
    overdue = page[page.index('id="overdue"'):page.index('id="soon"')]
    assert "“2022年7月15日前”" in overdue and "武陟县" in overdue
    public = (built["public"] / "deadlines" / "index.html").read_text(encoding="utf-8")
    assert "武陟" not in public


def test_agency_and_theme_pages_show_the_status(built):
    agency = (built["public"] / "agencies" / "yangcheng" / "nongye-nongcun-ju" / "index.html").read_text(encoding="utf-8")
    assert "已完成" in agency and "未报告" in agency
    theme = next(p for p in (built["public"] / "themes").glob("*/index.html")
                 if "t-2-12-1" in p.read_text(encoding="utf-8") and "yangcheng-2023" in p.read_text(encoding="utf-8"))
    assert "<th scope=\"col\">落实情况</th>" in theme.read_text(encoding="utf-8") or "滞后" in theme.read_text(encoding="utf-8")


def test_the_disclosure_report_lists_reports(tmp_path):
    project = project_with_reports(tmp_path)
    selection = gate.select(read_content(project / "content"), review=False)
    text = gate.report_text(selection)
    assert "report yangcheng-2023-draft: unmarked" in text and "held back" in text.split("yangcheng-2023-draft")[1]
    assert re.search(r"report yangcheng-2023-h1: public .* published", text)


def test_a_public_report_of_a_held_plan_stays_out(tmp_path):
    project = project_with_reports(tmp_path)
    (project / "content" / "reports" / "wuzhi-2022-test.yaml").write_text(textwrap.dedent("""\
        id: wuzhi-2022-test
        plan: wuzhi-2022
        title: 武陟测试报告
        as_of: 2022-12-31
        annotation: （此件公开发布）
        entries:
          - {task: t-3-1, status: done, text: 测试样例：武陟专有词语赤霞珠。}
        """), encoding="utf-8")
    selection = gate.select(read_content(project / "content"), review=False)
    assert [r.id for r in selection.content.reports] == ["yangcheng-2023-h1", "yangcheng-2023-q3"]
    assert "its plan wuzhi-2022 is not public" in gate.report_text(selection)


def test_the_latest_as_of_wins_and_history_stays(tmp_path):
    content = load(project_with_reports(tmp_path) / "content")
    plan = next(p for p in content.plans if p.id == "yangcheng-2023")
    first = next(t for t in plan.walk_tasks() if t.ref == "（一）")
    assert [e.report.id for e in first.progress] == ["yangcheng-2023-h1", "yangcheng-2023-q3"]
    assert first.latest.status is Status.DONE
    summary = progress.summary(plan)
    assert summary.reported == 4  # review content: the draft names （三）
    view = progress.deadline_view(content.plans, datetime.date(2023, 11, 1))
    assert any(d.deadline.words == "11月10日前" and d.task.plan.id == "yangcheng-2023" for d in view.soon)


BAD_REPORTS = {
    "unknown plan": ("id: r1\nplan: nowhere-2023\ntitle: 报告\nas_of: 2023-06-30\nannotation: null\n"
                     "entries:\n  - {task: （一）, status: done, text: 字}\n", 2, "unknown plan `nowhere-2023`"),
    "unknown task": ("id: r1\nplan: yangcheng-2023\ntitle: 报告\nas_of: 2023-06-30\nannotation: null\nentries:\n"
                     "  - task: （九十九）\n    status: done\n    text: 字\n", 7, "has no task `（九十九）`"),
    "unknown status": ("id: r1\nplan: yangcheng-2023\ntitle: 报告\nas_of: 2023-06-30\nannotation: null\nentries:\n"
                       "  - task: （一）\n    status: finished\n    text: 字\n", 8, "entries[0].status"),
    "as_of before the period": ("id: r1\nplan: yangcheng-2023\ntitle: 报告\nas_of: 2022-12-31\nannotation: null\n"
                                "entries:\n  - {task: （一）, status: done, text: 字}\n", 4, "before the plan's period"),
    "as_of after today": ("id: r1\nplan: yangcheng-2023\ntitle: 报告\nas_of: 2999-01-01\nannotation: null\n"
                          "entries:\n  - {task: （一）, status: done, text: 字}\n", 4, "is after today"),
    "entry without words": ("id: r1\nplan: yangcheng-2023\ntitle: 报告\nas_of: 2023-06-30\nannotation: null\nentries:\n"
                            "  - task: （一）\n    status: done\n    text: ''\n", 9, "entries[0].text"),
    "evidence that is not a web address": (
        "id: r1\nplan: yangcheng-2023\ntitle: 报告\nas_of: 2023-06-30\nannotation: null\nentries:\n"
        "  - task: （一）\n    status: done\n    text: 字\n    evidence:\n      - title: 简报\n"
        "        url: javascript:alert(1)\n", 12, "write a web address starting with https://"),
}


@pytest.mark.parametrize("case", BAD_REPORTS)
def test_check_refuses_a_bad_report_with_file_and_line(tmp_path, capsys, case):
    text, line, words = BAD_REPORTS[case]
    project = make_project(tmp_path)
    (project / "content" / "reports").mkdir()
    (project / "content" / "reports" / "r1.yaml").write_text(text, encoding="utf-8")
    assert main(["check", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert f"content/reports/r1.yaml:{line}: " in err and words in err, err
    assert "Traceback" not in err


def test_check_refuses_two_reports_with_the_same_id(tmp_path, capsys):
    project = project_with_reports(tmp_path)
    shutil.copy(project / "content" / "reports" / "yangcheng-2023-h1.yaml", project / "content" / "reports" / "copy.yaml")
    assert main(["check", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert "report id `yangcheng-2023-h1` is also claimed by" in err and ":1: " in err


def test_mini_fixture_report(tmp_path):
    content = load(project_with_reports(tmp_path, MINI_CONTENT, REPORTS / "mini") / "content")
    tasks = {t.ref: t for t in content.walk_tasks() if t.plan.id == "alpha-2023"}
    assert tasks["（一）"].latest.status is Status.ONGOING and tasks["（二）1."].latest.status is Status.DONE
    assert tasks["（二）2."].latest is None


def write_table(path: Path, rows: list[list[str]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_import_report_from_xlsx_writes_a_report_check_accepts(tmp_path, capsys):
    project = make_project(tmp_path)
    table = tmp_path / "progress.xlsx"
    write_table(table, [["阳城县落实情况统计表"], ["序号", "进展状态", "进展情况"],
                        ["（一）", "已完成", "测试样例：完成。"], ["(十二)1.", "behind", "测试样例：滞后。"]])
    args = ["import-report", str(table), "--plan", "yangcheng-2023", "--id", "yangcheng-2023-t", "--title", "测试报告",
            "--as-of", "2023-06-30", "--annotation", "（此件公开发布）", "--root", str(project)]
    assert main(args) == 0
    written = project / "content" / "reports" / "yangcheng-2023-t.yaml"
    assert "（十二）1." in written.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--root", str(project)]) == 0
    content = load(project / "content")
    task = next(t for t in content.walk_tasks() if t.plan.id == "yangcheng-2023" and t.ref == "（十二）1.")
    assert (task.latest.status, task.latest.text) == (Status.BEHIND, "测试样例：滞后。")


def test_import_report_writes_nothing_when_a_row_does_not_match(tmp_path, capsys):
    project = make_project(tmp_path)
    table = tmp_path / "progress.csv"
    table.write_text("任务编号,状态,进展情况\n（一）,已完成,测试样例：完成。\n（九十九）,已完成,测试样例：无此任务。\n（二）,完成了,字\n",
                     encoding="utf-8")
    args = ["import-report", str(table), "--plan", "yangcheng-2023", "--id", "yc-t", "--title", "测试报告",
            "--as-of", "2023-06-30", "--root", str(project)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert f"{table}:3: plan `yangcheng-2023` has no task `（九十九）`" in err
    assert f"{table}:4: unknown status `完成了`" in err
    assert not (project / "content" / "reports" / "yc-t.yaml").exists()
    assert main(args + ["--keep-matched"]) == 0
    assert "（一）" in (project / "content" / "reports" / "yc-t.yaml").read_text(encoding="utf-8")


def test_a_reports_received_web_page_is_published_as_text_under_its_own_quoted_name(tmp_path):
    """A report kept as the portal's .html page is published as .html.txt (its scripts never run as
    a page of our site), and the report page's link reaches it although the name holds `#`."""
    project = project_with_reports(tmp_path, MINI_CONTENT, REPORTS / "mini")
    received = "<html><body><script>alert(1)</script>甲县落实情况</body></html>".encode("utf-8")
    (project / "content" / "sources" / "report #1.html").write_bytes(received)
    path = project / "content" / "reports" / "alpha-2023-h1.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "source:\n  file: 'report #1.html'\n"
                    f"  sha256: '{hashlib.sha256(received).hexdigest()}'\n", encoding="utf-8")
    run_mkdocs(project, "--strict")
    site = built_site(project)
    assert (site / "sources" / "report #1.html.txt").read_bytes() == received
    assert not (site / "sources" / "report #1.html").exists()
    page = (site / "reports" / "alpha-2023-h1" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../sources/report%20%231.html.txt"' in page
