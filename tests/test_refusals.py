"""What used to pass without a word or end in a traceback now ends in a message that names the
file and line and says what to do, in Chinese through the catalog (#24 items 10 and 11):
dates and numbers the build cannot handle, pydantic's own English, a common name of two kinds,
a replaced_by circle, a mistyped --content, approve's date and a full disk, CSV cells with line
breaks, thousands of duplicate rows, MkDocs's own write errors."""

from __future__ import annotations

import datetime
import errno
import os
import re
import shutil
from pathlib import Path

import pytest
from helpers import ROOT, make_project

from generator import approval, cli
from generator.__main__ import main
from generator.importer import main as import_main
from generator.loading import ContentErrors, link, read_content

REPORT = ROOT / "tests" / "fixtures" / "reports" / "yangcheng" / "yangcheng-2023-h1.yaml"
PYDANTIC_ENGLISH = re.compile(r"Input should|should have|String should|Value should|Datetimes provided|"
                              r"must be a date|is too long|is not a web address|valid")


@pytest.fixture
def content(tmp_path) -> Path:
    """A copy of content/ with one progress report."""
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    (folder / "reports").mkdir(exist_ok=True)
    shutil.copy(REPORT, folder / "reports")
    return folder


@pytest.fixture
def chinese(monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(content: Path) -> str:
    with pytest.raises(ContentErrors) as caught:
        link(read_content(content))
    return str(caught.value)


PLAN = "plans/yangcheng-2023.yaml"
REPORT_FILE = "reports/yangcheng-2023-h1.yaml"
REFUSED = {
    # what is changed → (file:line, words of the message)
    "a plan dated 9999-12-31": ((PLAN, "date_signed: 2023-08-10", "date_signed: 9999-12-31"),
                                "yangcheng-2023.yaml:18: notice.date_signed: 9999-12-31 超出本站可处理的年份（1949–2100）"),
    "a report dated 9999-12-31": ((REPORT_FILE, "date: 2023-07-10", "date: 9999-12-31"),
                                  "yangcheng-2023-h1.yaml:4: date: 9999-12-31 超出本站可处理的年份"),
    "a target of 1e308": ((PLAN, "value: 91", "value: 1.0e+308"),
                          "yangcheng-2023.yaml:50: sections[0].tasks[1].targets[0].value: 1e+308 大于计划可能写明的任何数字"),
    "as_of: 20230630": ((REPORT_FILE, "as_of: 2023-06-30", "as_of: 20230630"),
                        "yangcheng-2023-h1.yaml:5: as_of: 须为日期，不带时间; 请写成 YYYY-MM-DD：只写数字（20230630）"),
    "as_of a datetime": ((REPORT_FILE, "as_of: 2023-06-30", "as_of: 2023-06-30T10:00:00"),
                         "yangcheng-2023-h1.yaml:5: as_of: 须为日期，不带时间"),
    "a javascript: URL": ((REPORT_FILE, "url: https://example.org/yangcheng/briefing-5", "url: javascript:alert(1)"),
                          "evidence[0].url: 不是网址; 请写以 https:// 或 http:// 开头的网址"),
    "an 81-character id": ((REPORT_FILE, "id: yangcheng-2023-h1", "id: " + "a" * 81),
                           "yangcheng-2023-h1.yaml:1: id: 过长（最多 80 个）"),
}


@pytest.mark.parametrize("change", REFUSED.values(), ids=REFUSED.keys())
def test_check_refuses_in_chinese_what_the_build_cannot_handle(content, chinese, change):
    (file, old, new), expected = change
    edit(content / file, old, new)
    found = problems(content)
    assert expected in found, found
    assert not PYDANTIC_ENGLISH.search(found), found


def test_a_common_name_of_two_kinds_is_refused(content):
    edit(content / "kinds.yaml", "common_names: [行政审批局, 审批局]", "common_names: [行政审批局, 审批局, 市场监管局]")
    found = problems(content)
    assert re.search(r"kinds\.yaml:\d+: .*the common name `市场监管局` is given to two kinds", found), found


def test_a_replaced_by_circle_is_refused(content):
    edit(content / "plans" / "jincheng-2021.yaml", "\npreamble:", "\nreplaced_by: yangcheng-2023\npreamble:")
    edit(content / "plans" / "yangcheng-2023.yaml", "\npreamble:", "\nreplaced_by: jinyun-2023\npreamble:")
    edit(content / "plans" / "jinyun-2023.yaml", "\npreamble:", "\nreplaced_by: jincheng-2021\npreamble:")
    found = problems(content)
    assert found.count("goes round in a circle") == 1, found
    assert "jincheng-2021 → yangcheng-2023 → jinyun-2023 → jincheng-2021" in found


@pytest.mark.parametrize("folder", ["nonexistent", "project/contnet"])
def test_import_into_a_content_folder_that_does_not_exist_writes_nothing(tmp_path, capsys, folder):
    """A folder not named content (a typo) is no new project's."""
    missing = tmp_path / folder
    status = import_main([str(ROOT / "tests" / "fixtures" / "import" / "public_notice.txt"), "--content", str(missing)])
    assert status == 2
    err = capsys.readouterr().err
    assert f"{missing}: no such content folder: nothing written" in err
    assert not missing.exists() and not (tmp_path / "project").exists()


def test_a_new_projects_content_folder_is_made_in_a_folder_that_exists(tmp_path, capsys):
    content = tmp_path / "content"
    assert import_main([str(ROOT / "tests" / "fixtures" / "import" / "public_notice.txt"), "--content", str(content)]) == 0
    assert (content / "plans" / "shili-2024.yaml").exists()


# --- approve ---------------------------------------------------------------------------------


@pytest.fixture
def imported(tmp_path) -> Path:
    project = make_project(tmp_path)
    assert import_main([str(ROOT / "tests" / "fixtures" / "import" / "public_notice.txt"),
                        "--content", str(project / "content")]) == 0
    return project


def test_approve_refuses_a_date_the_site_cannot_handle(imported, capsys):
    plan = imported / "content" / "plans" / "shili-2024.yaml"
    before = plan.read_text(encoding="utf-8")
    assert main(["approve", "shili-2024", "--by", "张三", "--date", "9999-12-31", "--root", str(imported)]) == 1
    err = capsys.readouterr().err
    assert "--date 9999-12-31 is outside the years this site handles" in err and "Traceback" not in err
    assert plan.read_text(encoding="utf-8") == before


def _full_disk(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("where", ["writing the files", "trying them first"])
def test_approve_on_a_full_disk_says_so_and_writes_nothing(imported, capsys, monkeypatch, where):
    plan = imported / "content" / "plans" / "shili-2024.yaml"
    before = plan.read_text(encoding="utf-8")
    if where == "writing the files":
        monkeypatch.setattr("generator.importer.writer.os.fdopen", _full_disk)
    else:
        monkeypatch.setattr("generator.approval.shutil.copytree", _copy_fails)
    assert cli.approve(imported, "shili-2024", "张三", "2024-05-01") == 1
    err = capsys.readouterr().err
    assert os.strerror(errno.ENOSPC) in err and "approve again" in err, err
    assert "import again" not in err
    assert plan.read_text(encoding="utf-8") == before
    assert not list(plan.parent.glob(".*.tmp"))


def _copy_fails(source, target, *args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))


def test_approval_api_refuses_a_date_too(imported):
    with pytest.raises(approval.ApprovalProblem, match="outside the years"):
        approval.approve(imported, "shili-2024", "张三", datetime.date(9999, 12, 31))


# --- import-report's CSV ---------------------------------------------------------------------


def import_report(project: Path, table: Path, *more: str) -> int:
    return main(["import-report", str(table), "--plan", "yangcheng-2023", "--id", "yc-t", "--title", "测试报告",
                 "--as-of", "2023-06-30", "--root", str(project), *more])


def test_a_quoted_two_line_cell_keeps_its_line_break_and_u2028_splits_no_row(tmp_path, capsys):
    project = make_project(tmp_path)
    table = tmp_path / "progress.csv"
    table.write_bytes("任务编号,状态,进展情况\r\n（一）,已完成,\"测试样例：第一行。\r\n测试样例：第二行。\"\r\n"
                      "（二）,已完成,测试样例：前半\u2028后半。\r\n".encode("utf-8"))
    assert import_report(project, table) == 0, capsys.readouterr().err
    written = read_content(project / "content")
    entries = {e.task: e.text for r in written.reports for e in r.entry.entries}
    assert entries == {"（一）": "测试样例：第一行。\n测试样例：第二行。", "（二）": "测试样例：前半\u2028后半。"}


def test_thousands_of_duplicate_rows_are_one_line(tmp_path, capsys):
    """9,000 copies of one row (a table of 20,000 rows is refused whole by import-report's row limit)."""
    project = make_project(tmp_path)
    table = tmp_path / "progress.csv"
    table.write_text("任务编号,状态,进展情况\n" + "（一）,已完成,测试样例：完成。\n" * 9_000, encoding="utf-8")
    assert import_report(project, table) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2, err[:5]
    assert err[0] == f"{table}: rows 3–9001 (8999 rows): task `（一）` is already on row 2"


def test_twenty_thousand_duplicate_entries_are_one_problem(content):
    report = content / REPORT_FILE
    text = report.read_text(encoding="utf-8")
    entry = "  - task: （一）\n    status: on-track\n    text: 测试样例：重复。\n"
    report.write_text(text.replace("entries:\n", "entries:\n" + entry * 20_000, 1), encoding="utf-8")
    found = problems(content).splitlines()
    assert len(found) == 1, found[:3]
    assert "task `（一）` is reported 20001 times in this report (entries 1–20001)" in found[0]


# --- MkDocs's own write error ----------------------------------------------------------------


def test_mkdocs_running_out_of_disk_is_a_message(tmp_path, monkeypatch):
    from click.testing import CliRunner
    from mkdocs import utils
    from mkdocs.__main__ import cli as mkdocs

    project = make_project(tmp_path)
    write = utils.write_file

    def full(content: bytes, output_path: str) -> None:
        if "yangcheng-2023" in output_path:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), output_path)
        write(content, output_path)

    monkeypatch.setattr(utils, "write_file", full)
    monkeypatch.chdir(project)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("PLANS_REVIEW", raising=False)
    result = CliRunner().invoke(mkdocs, ["build", "-q"])
    assert result.exit_code == 1
    assert not isinstance(result.exception, OSError), result.exception
    assert "the build stopped: cannot write" in result.output and os.strerror(errno.ENOSPC) in result.output
    assert not (project / "site").exists()


def test_the_largest_target_check_accepts_is_one_the_charts_can_draw():
    from generator.compare.charts import Bars, render
    from generator.schema import LARGEST_TARGET

    for value in (LARGEST_TARGET, -LARGEST_TARGET):
        assert b"<svg" in render("metrics/x.svg", Bars("测试", ["甲", "乙"], [("目标", [value, 95.0])]))
