"""The tables people open in a spreadsheet: Chinese headers, names beside ids, text that stays
text, and no cell a spreadsheet would run as a formula (CSV and XLSX alike; JSON verbatim)."""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile

import openpyxl
import pytest

from generator.loading import load
from helpers import FIXTURES, MINI_CONTENT, export_tree

HOSTILE = FIXTURES / "hostile" / "content"
# A text starting with CR cannot reach a table from content/ (check refuses the character), so it
# is not in the hostile fixture; test_a_cell_starting_with_cr_is_neutralised covers it.
FORMULAS = ['=HYPERLINK("https://evil.example/","点我")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,1)",
            "\t=1+1"]


def test_a_cell_starting_with_cr_is_neutralised():
    from generator.exports import sheets

    assert sheets.neutralise("\r=1+1") == "'\r=1+1"
    assert sheets.neutralise("一、=1") == "一、=1"


def csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def xlsx_rows(data: bytes) -> tuple[list, list[openpyxl.cell.Cell]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    rows = list(sheet.iter_rows())
    return [c.value for c in rows[0]], rows[1:]


def test_tasks_xlsx_opens_with_chinese_headers_and_text_that_stays_text(public_site):
    headers, rows = xlsx_rows((public_site / "data" / "tasks.xlsx").read_bytes())
    assert headers[:6] == ["计划编号", "计划标题", "地区编号", "地区", "编号", "序号"]
    tasks = json.loads((public_site / "data" / "tasks.json").read_text(encoding="utf-8"))
    assert len(rows) == len(tasks)
    column = {h: i for i, h in enumerate(headers)}
    labels = [row[column["本项序号"]] for row in rows]
    assert "14." in [c.value for c in labels]  # 晋城's task 14. stays the text 14.
    assert all(c.data_type == "s" for c in labels)
    first = rows[0]
    assert first[column["计划标题"]].value == "晋城市 2021 年食品安全重点工作安排"
    assert first[column["地区"]].value == "晋城市"
    theme_names = {r[column["主题"]].value for r in rows} - {None}
    assert "校园食品" in "；".join(theme_names)


def test_csv_names_sit_beside_ids(public_site):
    rows = csv_rows((public_site / "data" / "tasks.csv").read_bytes())
    plans = {p["id"]: p["title"] for p in json.loads((public_site / "data" / "plans.json").read_text("utf-8"))}
    assert all(row["计划标题"] == plans[row["计划编号"]] for row in rows)
    campus = [r for r in rows if "campus" in r["主题编号"].split("；")]
    assert campus and all("校园食品" in r["主题"].split("；") for r in campus)


def test_urls_are_absolute_when_the_site_url_is_set(tmp_path):
    tree = export_tree(tmp_path, site_url="https://example.org/plans-site/")
    rows = csv_rows(tree["data/tasks.csv"])
    assert rows and all(r["网址"].startswith("https://example.org/plans-site/plans/") for r in rows)
    headers, cells = xlsx_rows(tree["data/plans.xlsx"])
    assert all(row[headers.index("网址")].value.startswith("https://example.org/plans-site/") for row in cells)


@pytest.fixture(scope="module")
def hostile_tree(tmp_path_factory):
    return export_tree(tmp_path_factory.mktemp("hostile"), HOSTILE)


def test_formula_cells_are_neutralised_in_csv(hostile_tree):
    for path in ("data/tasks.csv", "data/plans/hostile-2023.csv"):
        texts = [r["原文"] for r in csv_rows(hostile_tree[path])]
        for formula in FORMULAS:
            assert "'" + formula in texts, (path, formula)
        cells = [c for r in csv_rows(hostile_tree[path]) for c in r.values()]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], path


def test_formula_cells_are_neutralised_in_xlsx(hostile_tree):
    headers, rows = xlsx_rows(hostile_tree["data/tasks.xlsx"])
    texts = [row[headers.index("原文")].value for row in rows]
    for formula in FORMULAS:
        assert "'" + formula in texts, formula
    for row in rows:
        for cell in row:
            assert cell.data_type != "f", cell.value  # no formula anywhere
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value


def test_json_keeps_the_text_as_written(hostile_tree):
    texts = [t["text"] for t in json.loads(hostile_tree["data/tasks.json"])]
    for formula in FORMULAS:
        assert formula in texts


def test_xlsx_is_dated_by_the_build_not_the_clock(tmp_path, monkeypatch):
    """openpyxl stamps the zip entries and the document with the clock; ours carry the build's date
    (SOURCE_DATE_EPOCH's day in Beijing: 1700000000 is 2023-11-14T22:13Z, 2023-11-15 in China)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    data = export_tree(tmp_path / "a", MINI_CONTENT)["data/tasks.xlsx"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {i.date_time[:3] for i in archive.infolist()} == {(2023, 11, 15)}
    assert openpyxl.load_workbook(io.BytesIO(data)).properties.modified.date() == datetime.date(2023, 11, 15)
    assert export_tree(tmp_path / "b", MINI_CONTENT)["data/tasks.xlsx"] == data


def test_data_page_links_the_xlsx(public_site):
    html = (public_site / "data" / "index.html").read_text(encoding="utf-8")
    assert 'href="tasks.xlsx"' in html and 'href="plans.xlsx"' in html
