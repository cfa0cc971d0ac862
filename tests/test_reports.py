"""Progress reports: gated like plans, shown in each task, summarised per plan, in the data and feed.

Real MkDocs builds of the real content with the fixture reports of tests/fixtures/reports
(invented test data: no county published them) copied into a project copy.
"""

from __future__ import annotations

import contextlib
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
    assert {"words": "2022年7月15日前", "dates": ["2022-07-15"], "every": None, "basis": "text"} in wuzhi[0]["deadlines"]
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
    "as_of after today": ("id: r1\nplan: yangcheng-2023\ntitle: 报告\nas_of: 2099-01-01\nannotation: null\n"
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


# --- 报告义务 and due dates on the reader's day ------------------------------------------------
# The builds are dated 2023-11-02 (conftest.py). In the public build, 阳城's （三十四） orders
# half-yearly reports (2023-06-30, 2023-12-31) and one by 11月10日 (2023-11-10); the fixture
# reports (as of 06-30 and 09-30) cover all three. 晋城's 59. orders one by 11 月 20 日
# (2021-11-20) that no report covers. 遂宁新区 and 武陟 are held: their clauses leave no trace.

BEIJING = datetime.timezone(datetime.timedelta(hours=8))
HELD_OBLIGATION_WORDS = ["新区食品安全办", "县政府食品安全委员会办公室报送年度工作总结"]


def obligation(html: str) -> str:
    """A plan page's 报告义务 section."""
    start = html.index('<section class="plan-obligations"')
    return html[start:html.index("</section>", start)]


def test_the_plan_page_quotes_its_reporting_clauses_word_for_word(built):
    html = (built["public"] / "plans" / "yangcheng-2023" / "index.html").read_text(encoding="utf-8")
    section = obligation(html)
    assert "<h2 id=\"obligations\">报告义务</h2>" in section
    sentence = ("各乡（镇）、各有关部门每半年向县食品安全办提交食品安全重点工作安排的贯彻落实情况，"
                "11月10日前向县委、县政府报告年度食品安全工作情况并抄送县食品安全办。")
    assert re.sub(r"</?mark>", "", section).count(sentence) == 2  # one obligation per reporting clause
    for words in ("<dt>报告单位</dt><dd>各乡（镇）、各有关部门</dd>", "<dt>报送对象</dt><dd>县食品安全办</dd>",
                  "<dt>报送对象</dt><dd>县委、县政府</dd>", "<dt>报告内容</dt><dd>年度食品安全工作情况</dd>",
                  "按计划年度推定"):
        assert words in section, words
    dues = re.findall(r'data-due="([\d-]+)" data-state="(\w+)"', section)
    assert dues == [("2023-06-30", "done"), ("2023-12-31", "done"), ("2023-11-10", "done")]
    assert "../../reports/yangcheng-2023-h1/" in section and "../../reports/yangcheng-2023-q3/" in section


def test_a_due_date_no_report_covers_says_how_to_ask_for_it(built):
    html = (built["public"] / "plans" / "jincheng-2021" / "index.html").read_text(encoding="utf-8")
    section = obligation(html)
    assert re.findall(r'data-due="([\d-]+)" data-state="(\w+)"', section) == [("2021-11-20", "overdue")]
    assert "<span class=\"due-state\">未收录</span>" in section
    assert "《中华人民共和国政府信息公开条例》" in section and "市委、市政府" in section
    plain = (built["public"] / "plans" / "jinyun-2023" / "index.html").read_text(encoding="utf-8")
    assert "本计划原文未载明落实情况的报告要求" in obligation(plain)


def test_the_reports_page_lists_every_shown_plans_obligations(built):
    html = (built["public"] / "reports" / "index.html").read_text(encoding="utf-8")
    assert 'id="obligations-yangcheng-2023"' in html and 'id="obligations-jincheng-2021"' in html
    assert "已收录" in html and "未收录" in html and 'data-build="2023-11-02"' in html
    review = (built["review"] / "reports" / "index.html").read_text(encoding="utf-8")
    assert 'id="obligations-wuzhi-2022"' in review and "新区食品安全办" in review


def test_obligations_data_follows_its_schema_and_held_plans_leave_no_trace(built):
    rows = json.loads((built["public"] / "data" / "obligations.json").read_text(encoding="utf-8"))
    jsonschema.validate(rows, json.loads((built["public"] / "data" / "obligations.schema.json").read_text(encoding="utf-8")))
    assert {(r["plan"], r["due"], r["coverage"], r["report"]) for r in rows} == {
        ("jincheng-2021", "2021-11-20", "missing", None),
        ("yangcheng-2023", "2023-06-30", "covered", "yangcheng-2023-h1"),
        ("yangcheng-2023", "2023-12-31", "covered", "yangcheng-2023-q3"),
        ("yangcheng-2023", "2023-11-10", "covered", "yangcheng-2023-q3")}
    assert {r["coverage_as_of"] for r in rows} == {"2023-11-02"}
    assert all(r["sentence"].count(r["clause"]) == 1 for r in rows)  # quoted, not rewritten
    csv = (built["public"] / "data" / "obligations.csv").read_bytes().decode("utf-8-sig")
    assert "应报日期" in csv and "未收录" in csv
    assert (built["public"] / "data" / "obligations.xlsx").exists()
    assert 'id="dataset-obligations"' in (built["public"] / "data" / "index.html").read_text(encoding="utf-8")
    assert leaks(built["public"], HELD_OBLIGATION_WORDS) == []
    review = json.loads((built["review"] / "data" / "obligations.json").read_text(encoding="utf-8"))
    assert {"wuzhi-2022", "suining-xinqu-2023"} <= {r["plan"] for r in review}


def test_the_feed_has_an_entry_for_each_obligation_fallen_due_by_the_build_date(built):
    feed = (built["public"] / "feed.xml").read_text(encoding="utf-8")
    titles = re.findall(r"<title>(报告义务到期：[^<]*)</title>", feed)
    assert len(titles) == 2  # 2021-11-20 and 2023-06-30; 2023-11-10 and 2023-12-31 are after the build date
    assert "plans/jincheng-2021/#o-1" in feed and "未收录：本站没有相应的公开报告" in feed
    assert "报告义务到期（2023年12月31日）" not in feed


def test_each_due_date_carries_its_state_on_the_build_date(built):
    html = (built["public"] / "plans" / "yangcheng-2023" / "index.html").read_text(encoding="utf-8")
    states = dict(re.findall(r'<span class="due" data-due="([\d-]+)" data-state="(\w+)">', html))
    assert states["2023-11-10"] == "upcoming"  # （三十四）'s 11月10日前: eight days after the build date
    assert 'data-build="2023-11-02"' in html and "期限状态按本站构建之日" in html
    agency = (built["public"] / "agencies" / "yangcheng" / "nongye-nongcun-ju" / "index.html").read_text(encoding="utf-8")
    assert 'data-due="' in agency and 'data-build="2023-11-02"' in agency


@contextlib.contextmanager
def open_on(browser, url: str, day: datetime.datetime | None, script: bool = True):
    """A page opened with the reader's clock at `day` (Beijing time), or without JavaScript."""
    context = browser.new_context(locale="zh-CN", java_script_enabled=script)
    try:
        page = context.new_page()
        if day is not None:
            page.clock.set_fixed_time(day)
        page.goto(url)
        page.wait_for_load_state("load")
        yield page
    finally:
        context.close()


@pytest.fixture(scope="module")
def public_base(built):
    from helpers import serving

    yield from serving(built["public"])


def states(page, selector: str) -> list[tuple[str, str, str]]:
    return [tuple(s) for s in page.eval_on_selector_all(selector, "els => els.map(e => [e.dataset.due, e.dataset.state, "
                                               "(e.querySelector('.due-state') || {textContent: ''}).textContent])")]


@pytest.mark.parametrize("day, expected", [
    (datetime.datetime(2021, 8, 1, 9, tzinfo=BEIJING), ("later", "未到期")),  # more than 60 days before
    (datetime.datetime(2021, 10, 1, 9, tzinfo=BEIJING), ("upcoming", "未到期")),  # within 60 days
    (datetime.datetime(2021, 11, 20, 23, 59, tzinfo=BEIJING), ("upcoming", "未到期")),  # the last day
    (datetime.datetime(2021, 11, 21, 0, 1, tzinfo=BEIJING), ("overdue", "未收录")),  # 16:01 UTC on the 20th
    (datetime.datetime(2026, 12, 7, 9, tzinfo=BEIJING), ("overdue", "未收录")),
])
def test_an_obligation_without_a_report_turns_missing_on_the_readers_day(browser, public_base, day, expected):
    with open_on(browser, public_base + "plans/jincheng-2021/", day) as page:
        assert states(page, ".obligation-due") == [("2021-11-20", *expected)]
        request = page.locator(".obligation-request")
        assert request.is_visible() == (expected[0] == "overdue")
        note = page.locator(".due-today").inner_text()
        assert f"今天：{day.year}年{day.month}月{day.day}日" in note


def test_an_obligation_with_a_report_stays_covered_on_any_day(browser, public_base):
    for day in (datetime.datetime(2023, 1, 2, tzinfo=BEIJING), datetime.datetime(2024, 3, 1, tzinfo=BEIJING)):
        with open_on(browser, public_base + "plans/yangcheng-2023/", day) as page:
            assert [s[1:] for s in states(page, ".obligation-due")] == [("done", "已收录")] * 3


def test_the_deadlines_page_regroups_and_counts_on_the_readers_day(browser, public_base):
    def groups(page) -> dict[str, list[str]]:
        return {name: page.eval_on_selector_all(f"#{name}-table tbody tr:not([hidden])", "rs => rs.map(r => r.dataset.due)")
                for name in ("overdue", "soon", "later")}

    def counts(page) -> list[int]:
        return [int(c) for c in page.locator("h2 .due-count").all_inner_texts()]

    with open_on(browser, public_base + "deadlines/", None, script=False) as page:
        built_day = groups(page)
        assert "2023-11-10" in built_day["soon"] and "2023-11-10" not in built_day["overdue"]
        assert "期限状态按本站构建之日（2023年11月2日）计算" in page.locator(".due-today").inner_text()
    with open_on(browser, public_base + "deadlines/", datetime.datetime(2023, 11, 11, 8, tzinfo=BEIJING)) as page:
        after = groups(page)
        assert "2023-11-10" in after["overdue"] and "2023-11-10" not in after["soon"]
        assert counts(page) == [len(after["overdue"]), len(after["soon"]), len(after["later"])]
        assert len(after["overdue"]) == len(built_day["overdue"]) + 1
        for rows in after.values():
            assert rows == sorted(rows)
        assert "今天：2023年11月11日" in page.locator(".due-today").inner_text()
    with open_on(browser, public_base + "deadlines/", datetime.datetime(2023, 1, 5, 8, tzinfo=BEIJING)) as page:
        before = groups(page)
        assert before["overdue"] == [d for d in before["overdue"] if d < "2023-01-05"]
        assert all("2023-01-05" <= d <= "2023-03-06" for d in before["soon"])
        assert all(d > "2023-03-06" for d in before["later"])
        assert counts(page) == [len(before["overdue"]), len(before["soon"]), len(before["later"])]
        assert "2023-06-30" in before["later"] and "2023-11-10" in before["later"]


def test_a_plan_pages_due_dates_follow_the_readers_day_and_stay_at_the_build_date_without_script(browser, public_base):
    with open_on(browser, public_base + "plans/yangcheng-2023/", datetime.datetime(2023, 11, 11, 8, tzinfo=BEIJING)) as page:
        due = dict((d, (s, label)) for d, s, label in states(page, ".task-deadlines .due"))
        assert due["2023-11-10"] == ("overdue", "已过期限")
    with open_on(browser, public_base + "plans/yangcheng-2023/", None, script=False) as page:
        due = dict((d, (s, label)) for d, s, label in states(page, ".task-deadlines .due"))
        assert due["2023-11-10"] == ("upcoming", "60天内到期")


def test_only_the_latest_past_date_of_a_recurrence_is_listed_and_the_rest_kept_hidden(built):
    content = load(ROOT / "content")
    view = progress.deadline_view(content.plans, datetime.date(2024, 12, 1))
    yearly = [d for d in view.overdue_rows if d.deadline.words == "每年11月20日前"]
    assert [(d.date.isoformat(), d.superseded) for d in yearly] == [
        ("2022-11-20", True), ("2023-11-20", True), ("2024-11-20", False)]
    assert [d for d in view.overdue if d.deadline.words == "每年11月20日前"] == yearly[-1:]


@pytest.fixture(scope="module")
def review_base(built):
    from helpers import serving

    yield from serving(built["review"])


@pytest.mark.parametrize("day, shown", [
    (datetime.datetime(2023, 11, 2, 9, tzinfo=BEIJING), {"overdue": ["2022-11-20"], "soon": ["2023-11-20"],
                                                     "later": ["2024-11-20"]}),
    (datetime.datetime(2024, 12, 1, 9, tzinfo=BEIJING), {"overdue": ["2024-11-20"]}),
    (datetime.datetime(2022, 1, 1, 9, tzinfo=BEIJING), {"later": ["2022-11-20", "2023-11-20", "2024-11-20"]}),
])
def test_a_recurrence_shows_its_latest_past_date_on_the_readers_day(browser, review_base, day, shown):
    """武陟's 每年11月20日前 (2022–2024), in the review build: one series, three rows."""
    with open_on(browser, review_base + "deadlines/", day) as page:
        rows = page.eval_on_selector_all(
            "tr[data-series]", "rs => rs.filter(r => r.textContent.includes('每年11月20日前'))"
            ".map(r => [r.closest('table').id.replace('-table', ''), r.dataset.due, r.hidden])")
        visible: dict[str, list[str]] = {}
        for table, due, hidden in rows:
            if not hidden:
                visible.setdefault(table, []).append(due)
        assert visible == shown
