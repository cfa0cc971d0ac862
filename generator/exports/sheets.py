"""The tables people open in a spreadsheet: CSV and XLSX with Chinese column headers.

Each column of a table is a record field (JSON keeps the English keys); beside each id
stands the name it stands for (计划标题 beside 计划编号, 主题 beside 主题编号). Cells hold
the documents' words, with one change, in CSV and XLSX alike: a cell that starts with `=`,
`+`, `-`, `@`, a TAB or a CR gets a leading `'`, as OWASP recommends against formula
injection ("CSV injection"), so no spreadsheet runs a document's text as a formula.
In the XLSX every text cell is typed text (`14.` stays `14.`); numbers stay numbers.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Callable

from ..model import Role

# Record field → column header, for every dataset (a field is named the same in each).
HEADERS = {
    "id": "编号", "key": "单位键", "plan": "计划编号", "plan_title": "计划标题", "jurisdiction": "地区编号",
    "jurisdiction_name": "地区", "jurisdiction_parent": "上级行政区", "title": "标题", "title_as_written": "原文标题",
    "title_complete": "标题完整", "doc_number": "发文字号", "notice_title": "通知标题", "issuer": "发文机关",
    "date_signed": "成文日期", "date_printed": "印发日期", "printed_by": "印发机关", "annotation": "附注",
    "index_number": "索引号", "subject": "主题分类", "date_published": "发布日期", "validity": "有效性",
    "disclosure_method": "公开方式", "registration_number": "登记号", "replaced_by": "替代计划编号", "replaced_by_title": "替代计划标题",
    "disclosure": "公开属性代码", "disclosure_explanation": "公开属性", "header_missing": "缺少版头",
    "responsibility_rule": "责任分工规则", "period_start": "起始年度", "period_end": "截止年度",
    "source_file": "原文文件名", "source_sha256": "原文SHA-256", "source_url": "原文下载地址",
    "source_page": "原文页面", "official_url": "发布机关网站原文", "task_count": "任务数", "target_count": "量化目标数",
    "agency_count": "责任单位数", "url": "网址", "data_json": "JSON数据", "data_csv": "CSV数据",
    "ref": "序号", "label": "本项序号", "parent": "上级任务编号", "section": "所在标题", "text": "原文",
    "notes": "责任单位括注", "units": "责任单位（角色）", "themes": "主题编号", "theme_names": "主题",
    "targets": "量化目标", "lead_units": "牵头单位", "responsible_units": "负责单位",
    "supporting_units": "配合单位", "agencies": "单位键列表", "task": "任务编号", "measure": "衡量对象",
    "value": "数值", "unit": "单位", "comparison": "约束", "year": "年度", "metric": "指标编号", "metric_name": "指标",
    "theme": "主题编号", "theme_name": "主题", "name": "名称", "aliases": "其他写法", "kind": "类别编号",
    "kind_name": "类别", "collective": "泛指多个单位", "draft": "待审核（导入添加）", "plans": "计划编号列表",
    "lead_count": "牵头任务数", "responsible_count": "负责任务数", "supporting_count": "配合任务数",
    "description": "说明", "keywords": "关键词", "metrics": "可比指标", "plan_count": "计划数",
    "report": "报告编号", "reporter": "报告单位", "date": "成文日期", "as_of": "进展截至", "status": "状态代码",
    "status_label": "落实状态", "evidence": "佐证材料", "latest": "为最新进展", "task_url": "任务网址",
    "status_as_of": "状态截至", "status_report": "状态来源报告", "report_count": "报告次数", "deadlines": "完成时限",
    "due_dates": "到期日",
}
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
JOIN = "；"
ROLE_LABELS = {role.value: role.label for role in Role}


def neutralise(text: str) -> str:
    """A leading `'` before a cell that a spreadsheet would read as a formula (OWASP)."""
    return "'" + text if text.startswith(DANGEROUS) else text


class Names:
    """Look-ups from ids to names, made once per build from the shown content."""

    def __init__(self, content):
        self.plans = {p.id: p.display_title for p in content.plans}
        self.jurisdictions = {j.id: j.name for j in content.jurisdictions}
        self.themes = {t.id: t.name for t in content.themes}


# Name columns inserted after an id column: (id field, name field, how to find the name).
NAME_COLUMNS: list[tuple[str, str, Callable[[Names, dict], object]]] = [
    ("plan", "plan_title", lambda n, r: n.plans.get(r["plan"])),
    ("jurisdiction", "jurisdiction_name", lambda n, r: n.jurisdictions.get(r["jurisdiction"])),
    ("themes", "theme_names", lambda n, r: [n.themes.get(t, t) for t in r["themes"]]),
    ("theme", "theme_name", lambda n, r: n.themes.get(r["theme"]) if r["theme"] else None),
    ("replaced_by", "replaced_by_title", lambda n, r: n.plans.get(r["replaced_by"]) if r["replaced_by"] else None),
]


def list_item(key: str, item: object) -> str:
    if not isinstance(item, dict):
        return "" if item is None else str(item)
    if key == "units":
        return f"{item['name']}（{ROLE_LABELS[item['role']]}）"
    if key == "targets":
        return item["text"]
    if key == "deadlines":
        return item["words"]
    if key == "evidence":
        return f"{item['title']} {item['url']}" if item.get("url") else item["title"]
    return item.get("name") or item.get("id") or ""


def value(key: str, raw: object) -> object:
    """A record value as a cell: text, a number, or None (an empty cell)."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, list):
        return JOIN.join(list_item(key, item) for item in raw)
    if isinstance(raw, (int, float)):
        return raw
    return str(raw)


def spread(record: dict) -> dict:
    """Units by role and agency keys, each in its own column, for filtering."""
    if "units" not in record:
        return {}
    units = record["units"]
    return {**{f"{role.value}_units": [u["name"] for u in units if u["role"] == role.value] for role in Role},
            "agencies": [u["agency"] for u in units]}


def columns(schema: dict) -> list[str]:
    """The fields of a table: the schema's, each id followed by its name, then the spread columns."""
    fields = list(schema["items"]["properties"])
    out = []
    for field in fields:
        out.append(field)
        out += [name for key, name, _ in NAME_COLUMNS if key == field and name not in fields]
    if "units" in fields:
        out += [f"{role.value}_units" for role in Role] + ["agencies"]
    return out


def table(names: Names, records: list[dict], fields: list[str]) -> tuple[list[str], list[list[object]]]:
    """Headers and rows of cell values (neutralised text, numbers, None)."""
    finders = {name: find for key, name, find in NAME_COLUMNS if key in fields}
    rows = []
    for record in records:
        full = {**record, **spread(record)}
        for name, find in finders.items():
            if name not in record:
                full[name] = find(names, record)
        row = []
        for field in fields:
            cell = value(field, full.get(field))
            row.append(neutralise(cell) if isinstance(cell, str) else cell)
        rows.append(row)
    return [HEADERS.get(f, f) for f in fields], rows


def to_csv(headers: list[str], rows: list[list[object]]) -> bytes:
    """CSV bytes: UTF-8 with a BOM (Excel reads a BOM-less file as the local code page), CRLF."""
    import csv

    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([["" if c is None else c for c in row] for row in rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(sheet_title: str, headers: list[str], rows: list[list[object]], when: datetime.datetime) -> bytes:
    """An XLSX workbook, one sheet: text cells typed as text, the header row frozen, the same
    bytes for the same content (fixed document dates and zip timestamps)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    book.properties.created = book.properties.modified = when.replace(tzinfo=None)
    book.properties.creator = "generator"
    sheet = book.create_sheet(sheet_title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(content: object, header: bool = False):
        item = WriteOnlyCell(sheet)
        if isinstance(content, str):
            item.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", content)  # XML 1.0 cannot hold control characters
            item.data_type = "s"  # text, never a formula or a number
        else:
            item.value = content
        if header:
            item.font = bold
        return item

    sheet.append([cell(h, True) for h in headers])
    for row in rows:
        sheet.append([cell(c) for c in row])
    raw = io.BytesIO()
    book.save(raw)
    return _fixed_zip(raw.getvalue(), when)


def _fixed_zip(data: bytes, when: datetime.datetime) -> bytes:
    """The same archive with every entry, and the document's modified date, set to `when`:
    openpyxl stamps both with the clock when it saves."""
    import re

    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + iso.encode() + rb"\g<2>", body)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, body)
    return out.getvalue()
