"""Commands write only where they should: `docs OUT` never replaces the project or a folder it did
not make, and no id given on the command line reaches the disk as a path outside content/.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import DOCS_MARKER, docs_target_problem
from helpers import MINI_CONTENT, ROOT, make_project


def _tree(folder: Path) -> dict[str, str]:
    """Every file and folder below `folder` (hidden ones too), with the sha256 of each file."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


def _generator(where: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=where, capture_output=True, text=True,
                          timeout=300)


def _project(tmp_path: Path) -> Path:
    project = make_project(tmp_path, MINI_CONTENT)
    (project / "notes").mkdir()
    (project / "notes" / "todo.txt").write_text("the office's own notes\n", encoding="utf-8")
    (project / "README.txt").write_text("a file\n", encoding="utf-8")
    return project


@pytest.mark.parametrize("out", ["content", ".", "..", "content/pages", "content/plans/new", "theme", "notes",
                                 "README.txt"])
def test_docs_refuses_the_project_its_folders_and_any_folder_it_did_not_make(tmp_path, out):
    project = _project(tmp_path)
    before = _tree(tmp_path)
    result = _generator(project, "docs", out)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "error:" in result.stderr
    assert str((project / out).resolve()) in result.stderr, result.stderr
    assert _tree(tmp_path) == before  # the project survives, byte for byte, and nothing was added


def test_docs_refuses_the_real_project_and_its_package():
    """The check itself, on this repository (never the command: it would delete what it fails to refuse)."""
    for out in (ROOT, ROOT.parent, ROOT / "content", ROOT / "generator", ROOT / "generator" / "pages",
                ROOT / "theme", ROOT / ".git", ROOT / "tests"):
        assert docs_target_problem(ROOT, out), out


def test_docs_writes_into_a_new_or_empty_folder_and_replaces_only_its_own(tmp_path):
    project = _project(tmp_path)
    (tmp_path / "empty").mkdir()
    for out in (tmp_path / "new" / "docs-out", tmp_path / "empty"):
        result = _generator(project, "docs", str(out))
        assert result.returncode == 0, result.stderr
        assert (out / DOCS_MARKER).is_file() and (out / "mkdocs.yml").is_file()
        assert (out / "docs" / "plans" / "alpha-2023" / "index.md").is_file()
        (out / "docs" / "stale.md").write_text("left by the last run\n", encoding="utf-8")
        again = _generator(project, "docs", str(out))  # its own folder: replaced whole
        assert again.returncode == 0, again.stderr
        assert not (out / "docs" / "stale.md").exists() and (out / DOCS_MARKER).is_file()


def _row_table(tmp_path: Path) -> Path:
    """A progress table whose row matches the mini plan's task （一）: on its own it would be written."""
    table = tmp_path / "progress.csv"
    table.write_text("任务编号,状态,进展情况\n（一）,已完成,测试样例：完成。\n", encoding="utf-8")
    return table


REPORT = ["--title", "测试报告", "--as-of", "2023-06-30"]
NOTICE = ROOT / "tests" / "fixtures" / "import" / "public_notice.txt"


@pytest.mark.parametrize("args, value", [
    (["import-report", "{table}", "--plan", "alpha-2023", "--id", "../../../x", *REPORT], "../../../x"),
    (["import-report", "{table}", "--plan", "alpha-2023", "--id", "../plans/x", *REPORT], "../plans/x"),
    (["import-report", "{table}", "--plan", "alpha-2023", "--id", "{outside}", *REPORT], "{outside}"),
    (["import-report", "{table}", "--plan", "../plans/alpha-2023", "--id", "ok-1", *REPORT], "../plans/alpha-2023"),
    (["review", "../plans/alpha-2023"], "../plans/alpha-2023"),
    (["approve", "../plans/alpha-2023", "--by", "张三"], "../plans/alpha-2023"),
    (["approve", "alpha-2023/../../x", "--by", "张三"], "alpha-2023/../../x"),
    (["import", str(NOTICE), "--content", "content", "--id", "../plans/x"], "../plans/x"),
    (["import", str(NOTICE), "--content", "content", "--jurisdiction", "../x"], "../x"),
], ids=["report-id-up", "report-id-into-plans", "report-id-absolute", "report-plan", "review", "approve",
        "approve-dots", "import-id", "import-jurisdiction"])
def test_an_id_that_would_be_a_path_is_refused_and_nothing_is_written(tmp_path, args, value):
    project = make_project(tmp_path, MINI_CONTENT)
    table = _row_table(tmp_path)
    outside = str(tmp_path / "x")  # an absolute path outside content/, where the test can see a write
    before = _tree(tmp_path)
    result = _generator(project, *[a.replace("{table}", str(table)).replace("{outside}", outside) for a in args])
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"`{value.replace('{outside}', outside)}` is not" in result.stderr and "id" in result.stderr, result.stderr
    assert _tree(tmp_path) == before
    assert not (tmp_path / "x.yaml").exists()


def test_the_same_table_with_a_plain_id_is_written(tmp_path):
    """The refusals above are the ids': the same command with a plain id writes the report."""
    project = make_project(tmp_path, MINI_CONTENT)
    result = _generator(project, "import-report", str(_row_table(tmp_path)), "--plan", "alpha-2023", "--id",
                        "alpha-2023-t", *REPORT)
    assert result.returncode == 0, result.stderr
    assert (project / "content" / "reports" / "alpha-2023-t.yaml").is_file()


# --- import-report's bounds ------------------------------------------------------------------


def _report(project: Path, table: Path) -> subprocess.CompletedProcess:
    return _generator(project, "import-report", str(table), "--plan", "alpha-2023", "--id", "alpha-2023-t", *REPORT)


def _assert_refused(project: Path, table: Path, *words: str) -> None:
    """import-report of `table` exits 1 with a message naming it and `words`, and writes nothing."""
    before = _tree(project)
    result = _report(project, table)
    assert result.returncode == 1, result.stdout + result.stderr
    assert str(table) in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert all(word in result.stderr for word in words), result.stderr
    assert _tree(project) == before


def _workbook(path: Path, rows: list[list[str]]) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_import_report_refuses_a_zip_bomb_workbook_and_writes_nothing(tmp_path):
    """A workbook whose sheet inflates from kilobytes to 60 MB (it parses: padding between rows)."""
    import zipfile

    project = make_project(tmp_path, MINI_CONTENT)
    plain = _workbook(tmp_path / "plain.xlsx", [["任务编号", "状态", "进展情况"], ["（一）", "已完成", "测试样例：完成。"]])
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b"</row>", b"</row>" + b" " * (60 * 1024 * 1024), 1)
            target.writestr(item.filename, data)
    assert bomb.stat().st_size < 1024 * 1024
    _assert_refused(project, bomb, "zip bomb")


def test_import_report_refuses_a_million_rows_and_writes_nothing(tmp_path):
    project = make_project(tmp_path, MINI_CONTENT)
    table = tmp_path / "rows.csv"
    table.write_text("任务编号,状态,进展情况\n（一）,已完成,测试样例：完成。\n" + ",,\n" * 1_000_000, encoding="utf-8")
    _assert_refused(project, table, "rows")


def test_import_report_refuses_a_workbook_of_more_rows_than_a_plan_has_tasks(tmp_path):
    from generator.report_import import MAX_ROWS

    project = make_project(tmp_path, MINI_CONTENT)
    rows = [["任务编号", "状态", "进展情况"], ["（一）", "已完成", "测试样例：完成。"]] + [["", "", ""]] * MAX_ROWS
    table = _workbook(tmp_path / "rows.xlsx", rows)
    _assert_refused(project, table, f"more than {MAX_ROWS} rows")
    accepted = _report(project, _workbook(tmp_path / "few.xlsx", rows[:MAX_ROWS]))  # within the bound: written
    assert accepted.returncode == 0, accepted.stderr
