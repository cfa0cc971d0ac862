"""Importing notices as they are distributed: GB/T 9704 PDFs, portal web pages, task tables.

Each test makes the document a user would receive (tests/documents.py, or the small files in
fixtures/import/), runs `python -m generator import` on it as a user does, and checks what a
person would check: every task, sub-item, unit and role as in the notice, the notice's
elements, no page number or site chrome in any text, every piece of the text kept, and a
clear message (status 2, nothing written) for what cannot be read.
"""

from __future__ import annotations

import re
import shutil
import struct
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest
import yaml

import documents
from documents import Layout, Notice, Para
from generator.importer import main
from helpers import FIXTURES, ROOT, as_date, normal, source_pieces, strings


CONTENT = ROOT / "content"
IMPORT_FIXTURES = FIXTURES / "import"
SEED_000 = (CONTENT / "sources" / "000_c35e34fda0cddad2.txt").read_text(encoding="utf-8")
PAGE_FURNITURE = re.compile(r"[—－-]\s*\d+\s*[—－-]|第\s*\d+\s*页|人民政府办公室文件")


def run(args, capsys) -> tuple[int, str, str]:
    status = main([str(a) for a in args])
    out = capsys.readouterr()
    return status, out.out, out.err


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def import_file(source: Path, tmp_path: Path, capsys, plan_id: str, jurisdiction: str) -> tuple[dict, str]:
    content = tmp_path / "content"
    status, out, err = run([source, "--content", content, "--id", plan_id, "--jurisdiction", jurisdiction], capsys)
    assert status == 0, err
    return load(content / "plans" / f"{plan_id}.yaml"), out


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def tasks_of(sections):
    for section in sections:
        yield from tasks_of(section.get("sections", []))
        for task in section.get("tasks", []):
            yield task
            yield from _items(task)


def _items(task):
    for item in task.get("items", []):
        yield item
        yield from _items(item)


def shape(data: dict) -> list:
    """Every task and sub-item as a reader checks it: labels, title, words (spaces aside), note,
    units with roles, targets; the parts and sub-parts they stand in."""
    def squeeze(text):
        return re.sub(r"\s+", "", text) if isinstance(text, str) else text

    def body(b):
        return (squeeze(b.get("text")), b.get("note"), [(u["name"], u["role"]) for u in b.get("units", [])],
                [(t["value"], t["unit"], t["year"]) for t in b.get("targets", [])])

    def task(t):
        return (t["label"], squeeze(t.get("title")), body(t) if t.get("text") else None,
                [body(s) for s in t.get("statements") or []], [task(i) for i in t.get("items", [])])

    def section(s):
        return (s["label"], squeeze(s["title"]), [squeeze(p) for p in s["paragraphs"]],
                [section(x) for x in s["sections"]], [task(t) for t in s["tasks"]])
    return [section(s) for s in data["sections"]]


def notice_text(notice: Notice) -> str:
    """Everything the PDF prints, as text (for the fidelity check)."""
    parts = [notice.issuer_mark or "", notice.doc_number or "", *(p.text for p in notice.paragraphs)]
    if notice.copied_to:
        parts.append("抄送：" + notice.copied_to)
    parts += [notice.printed_by or "", (notice.date_printed or "") + "印发"]
    return "\n".join(parts)


def assert_every_piece_kept(source_text: str, data: dict) -> None:
    """The fidelity check of test_fidelity.py: each piece of the source is in the plan."""
    haystack = normal("\n".join(strings(data)))
    dates = {data["notice"]["date_signed"], data["notice"]["date_printed"]}
    missing = [p for p in source_pieces(source_text) if not (as_date(p) in dates if as_date(p) else p in haystack)]
    assert missing == []


def no_furniture(data: dict) -> None:
    for task in tasks_of(data["sections"]):
        for text in [task.get("text") or "", task.get("note") or "", *(s["text"] for s in task.get("statements") or [])]:
            assert not PAGE_FURNITURE.search(text), (task["label"], text)


# --- PDF -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def yangcheng_pdf(tmp_path_factory) -> tuple[Path, Notice]:
    notice = documents.notice_from_text(SEED_000, issuer_mark="阳城县人民政府办公室文件")
    path = tmp_path_factory.mktemp("pdf") / "yangcheng.pdf"
    return documents.gbt9704_pdf(notice, path), notice


def test_gbt9704_pdf_imports_with_every_task_unit_and_role_as_the_text(yangcheng_pdf, tmp_path, capsys):
    pdf, notice = yangcheng_pdf
    data, out = import_file(pdf, tmp_path, capsys, "yangcheng-2023", "yangcheng")
    committed = load(CONTENT / "plans" / "yangcheng-2023.yaml")
    assert shape(data) == shape(committed)
    assert data["preamble"] == committed["preamble"]
    assert data["notice"]["issuer_mark"] == "阳城县人民政府办公室文件"  # the red mark, by its layout
    for field in ("doc_number", "title", "addressees", "body", "signatory", "date_signed", "annotation",
                  "copied_to", "printed_by", "date_printed"):
        assert data["notice"][field] == committed["notice"][field], field
    no_furniture(data)
    assert_every_piece_kept(notice_text(notice), data)
    assert "read as: PDF, read with pypdfium2" in out
    assert "page numbers dropped on pages 1–" in out and "line breaks inside paragraphs joined" in out
    kept = tmp_path / "content" / "sources" / "yangcheng.pdf"
    assert kept.read_bytes() == pdf.read_bytes()
    assert data["source"] == {"file": "yangcheng.pdf", "sha256": __import__("hashlib").sha256(pdf.read_bytes()).hexdigest()}


SEEDS = {"wuzhi-2022": "001_a1d7dc5c527cc8fc.txt", "jincheng-2021": "002_189fcdb2a2e48eaf.txt",
         "jinyun-2023": "003_e32cfc722f65882d.txt", "suining-xinqu-2023": "004_5fba058414e2687e.txt"}


@pytest.mark.parametrize("plan_id, layout", [
    ("wuzhi-2022", Layout(page_number="-{n}-", justify=True)),
    ("jincheng-2021", Layout(page_number="- {n} -", first_page_number=9)),  # two-digit numbers from page 2 on
    ("jinyun-2023", Layout(page_number="第 {n} 页", running_head="缙云县食品药品安全委员会办公室", lines_per_page=20)),
    ("suining-xinqu-2023", Layout()),  # no notice header at all, as the seed
], ids=["dashes-justified", "two-digit", "running-head", "no-header"])
def test_pdf_layouts_import_as_the_text_does(plan_id, layout, tmp_path, capsys):
    notice = documents.notice_from_text((CONTENT / "sources" / SEEDS[plan_id]).read_text(encoding="utf-8"),
                                        layout=layout)
    pdf = documents.gbt9704_pdf(notice, tmp_path / f"{plan_id}.pdf")
    committed = load(CONTENT / "plans" / f"{plan_id}.yaml")
    data, out = import_file(pdf, tmp_path, capsys, plan_id, committed["jurisdiction"])
    assert shape(data) == shape(committed)
    assert data["responsibility_rule"] == committed["responsibility_rule"]
    assert data["header_missing"] == committed["header_missing"]
    no_furniture(data)
    assert_every_piece_kept(notice_text(notice), data)
    if layout.running_head:
        assert "running head dropped on pages 2–" in out
        assert layout.running_head not in "".join(strings(data))


def test_note_split_over_a_page_and_heading_at_a_page_foot(tmp_path, capsys):
    long_task = ("（二）规范农业投入品使用。持续深入实施食用农产品“治违禁控药残促提升”三年专项行动，聚焦重点品种，"
                 "严打禁限用药物违法使用，严控常规药物残留超标。（县农业农村局牵头，县法院、县检察院、县市场监管局、"
                 "县公安局、县卫健局按职责分工负责）")
    notice = Notice([
        Para("某县2024年食品安全重点工作安排", "title"),
        Para("一、强化源头治理", "heading"),
        Para("（一）强化产地环境治理。加强耕地土壤污染源头防控。（县生态环境局）"),
        Para(long_task, split=3),  # its last lines, the note's end, go over the page
        Para("二、深化重点领域监管", "heading", foot=True),  # the last line of its page
        Para("（三）严格特殊食品监管。严格特殊食品生产安全日常监管。（县市场监管局）"),
    ], layout=Layout(page_number="— {n} —"))
    pdf = documents.gbt9704_pdf(notice, tmp_path / "split.pdf")
    data, out = import_file(pdf, tmp_path, capsys, "mou-2024", "mouxian")
    first, second = data["sections"]
    split = first["tasks"][1]
    assert split["text"] == long_task[3:long_task.index("（县农业")]
    assert split["note"] == long_task[long_task.index("（县农业"):]
    assert [u["name"] for u in split["units"]] == ["县农业农村局", "县法院", "县检察院", "县市场监管局", "县公安局", "县卫健局"]
    assert (second["label"], second["title"]) == ("二、", "深化重点领域监管")
    assert second["tasks"][0]["note"] == "（县市场监管局）"
    assert "across a page break (1→2)" in out or "across a page break (1→2, " in out


def test_pdf_printed_by_a_browser_with_embedded_fonts(tmp_path, capsys):
    """Chromium's PDF embeds subset fonts whose maps name some ideographs by Kangxi radical code
    points; the plan must hold the ideographs (人, 民, 食), never the radicals."""
    data, out = import_file(IMPORT_FIXTURES / "printed-chromium.pdf", tmp_path, capsys, "mou-2024", "mouxian")
    assert data["notice"]["issuer_mark"] == "某县食品安全委员会办公室文件"
    assert data["notice"]["doc_number"] == "某食安办〔2024〕5号"
    assert data["notice"]["title"] == "某县食品安全委员会办公室关于印发某县2024年食品安全重点工作安排的通知"
    assert str(data["notice"]["date_signed"]) == "2024-04-02" and data["notice"]["annotation"] == "（此件公开发布）"
    assert not re.search(r"[\u2e80-\u2fdf]", "".join(strings(data)))
    tasks = {t["label"]: t for t in tasks_of(data["sections"])}
    assert [(u["name"], u["role"]) for u in tasks["（三）"]["units"]] == [
        ("县教育局", "lead"), ("县市场监管局", "supporting"), ("县卫健局", "supporting")]
    heading = next(t for t in tasks_of(data["sections"]) if t.get("title") == "推进反食品浪费工作")
    assert [i["label"] for i in heading["items"]] == ["1.", "2.", "3."]
    assert heading["items"][2]["note"] == "（县市场监管局、县商务局按职责分工负责）"
    no_furniture(data)
    html = (IMPORT_FIXTURES / "printed.html").read_text(encoding="utf-8")
    printed = "\n".join(re.sub(r"<[^>]+>", "", line) for line in html.split("<body>")[1].splitlines())
    assert_every_piece_kept(printed, data)


def _image_pdf(path: Path, password: str | None = None, owner_only: bool = False, text: str | None = None) -> Path:
    from PIL import Image
    from reportlab.lib import pdfencrypt
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    encrypt = None
    if password is not None:
        encrypt = pdfencrypt.StandardEncryption("" if owner_only else password, ownerPassword=password,
                                                canPrint=1, canCopy=0)
    pdf = canvas.Canvas(str(path), encrypt=encrypt)
    if text is None:
        pdf.drawImage(ImageReader(Image.new("RGB", (200, 280), "white")), 50, 50, 500, 700)
    else:
        pdf.setFont(documents.font(), 16)
        for i, line in enumerate(text.splitlines()):
            pdf.drawString(80, 760 - 30 * i, line)
    pdf.showPage()
    pdf.save()
    return path


def test_encrypted_pdf_with_permissions_only_is_read(tmp_path, capsys):
    text = "\n".join(["某县2024年食品安全工作要点", "一、强化源头治理", "（一）加强耕地土壤污染排查。（县农业农村局）"])
    pdf = _image_pdf(tmp_path / "locked.pdf", password="owner", owner_only=True, text=text)
    data, out = import_file(pdf, tmp_path, capsys, "mou-2024", "mouxian")
    assert data["sections"][0]["tasks"][0]["note"] == "（县农业农村局）"
    assert "encrypted with permissions only" in out


# --- portal pages ----------------------------------------------------------------------------

PAGES = {
    "county-table": (lambda: documents.portal_table_page(SEED_000).encode("utf-8"),
                     "http://www.yczf.gov.cn/zwgk/xxgk/202308/t20230814_1845362.shtml", "有效"),
    "platform-gbk": (lambda: documents.portal_gov_page(SEED_000),
                     "https://www.shanxi.gov.cn/zfxxgk/zfxxgkzl/fdzdgknr/202308/t20230814_9032.shtml", None),
    "list-br": (lambda: documents.portal_list_page(SEED_000).encode("utf-8"),
                "https://www.yczf.gov.cn/art/2023/8/14/art_1845362.html", None),
}
CHROME = re.compile(r"浏览|阅读量|ICP|公网安备|打印|关闭窗口|当前位置|位置：|分享|标识码|首页|扫一扫|字体|版权所有|政务公开")


@pytest.mark.parametrize("template", sorted(PAGES))
def test_portal_page_imports_without_the_site(template, tmp_path, capsys):
    make, url, validity = PAGES[template]
    page = tmp_path / "notice.html"
    page.write_bytes(make())
    data, out = import_file(page, tmp_path, capsys, "yangcheng-2023", "yangcheng")
    committed = load(CONTENT / "plans" / "yangcheng-2023.yaml")
    assert shape(data) == shape(committed)
    notice = data["notice"]
    for field in ("doc_number", "title", "addressees", "body", "signatory", "date_signed", "annotation"):
        assert notice[field] == committed["notice"][field], field
    assert notice["index_number"] == "11140522MB1957153Q/2023-00342"
    assert notice["subject"] == "市场监管、安全生产监管\\食品药品监管"
    assert str(notice["date_published"]) == "2023-08-14"
    assert notice["validity"] == validity  # the platform and list templates do not state it: null
    assert notice["disclosure_method"] == (None if template == "platform-gbk" else "主动公开")
    assert data["source"]["url"] == url
    assert not [s for s in strings(data) if CHROME.search(s)]
    assert "read as: web page" in out and "metadata table read" in out
    assert_every_piece_kept("\n".join(documents._notice_parts(SEED_000)[1]), data)
    themes = _themes_after_loading(tmp_path, tmp_path / "content", "yangcheng-2023")  # the new fields validate
    assert "food-waste" in themes[("深化重点领域监管", "（十二）1.")]


def test_page_without_a_notice_is_refused(tmp_path, capsys):
    page = tmp_path / "list.html"
    page.write_text("<html><head><meta charset='utf-8'><title>通知公告_某县人民政府</title></head><body>"
                    "<div class='nav'><a href='/'>首页</a></div><ul class='list'>"
                    + "".join(f"<li><a href='/t{i}.html'>某县关于开展第{i}批食品安全抽检的公告</a><span>2024-0{i}-01</span></li>"
                              for i in range(1, 9)) + "</ul><div class='footer'>网站标识码：1405220001</div></body></html>",
                    encoding="utf-8")
    content = tmp_path / "content"
    status, out, err = run([page, "--content", content], capsys)
    assert status == 2 and str(page) in err and "web page without a work plan notice" in err
    assert "Traceback" not in out + err and not content.exists()


def test_page_with_the_plan_attached_names_the_attachment(tmp_path, capsys):
    head = documents._notice_parts(SEED_000)[1][:6]
    page = tmp_path / "notice.html"
    page.write_text("<html><head><meta charset='utf-8'></head><body><h1>阳城县人民政府办公室关于印发《阳城县2023年食品安全"
                    "重点工作安排》的通知</h1><div id='zoom'>" + "".join(f"<p>{p}</p>" for p in head)
                    + "<p>附件：<a href='/u/cms/2023/0814.pdf'>阳城县2023年食品安全重点工作安排.pdf</a></p></div></body></html>",
                    encoding="utf-8")
    status, _, err = run([page, "--content", tmp_path / "content"], capsys)
    assert status == 2 and "阳城县2023年食品安全重点工作安排.pdf" in err and "download" in err


# --- task tables -----------------------------------------------------------------------------

def _themes_after_loading(tmp_path: Path, content: Path, plan_id: str) -> dict[tuple[str, str], list[str]]:
    """The themes each task gets when the project loads the imported plan ((its section's title,
    its labels) → theme ids)."""
    from generator.loading import load as load_content
    for name in ("kinds.yaml", "themes.yaml"):
        shutil.copy(CONTENT / name, content / name)
    for path in (content / "agencies").glob("*.yaml"):
        data = load(path)
        data["jurisdiction"]["parent"] = "某省某市"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    plan = next(p for p in load_content(content).plans if p.id == plan_id)
    return {(t.section.title, t.ref): [th.id for th in t.themes] for t in plan.walk_tasks()}


def test_docx_task_table(tmp_path, capsys):
    source = documents.task_table_docx(tmp_path / "tasks.docx")
    data, out = import_file(source, tmp_path, capsys, "mou-2024", "mouxian")
    assert data["notice"]["doc_number"] == "某政办发〔2024〕9号" and data["notice"]["annotation"] == "（此件公开发布）"
    assert data["title"] == "某县2024年食品安全重点工作任务清单"
    first, second = data["sections"]
    assert (first["label"], first["title"]) == ("一、", "强化源头治理")  # the row across the table
    soil, inputs = first["sections"]
    assert (soil["label"], soil["title"]) == ("1", "开展耕地土壤污染排查")  # 序号 and 工作任务 merged down
    assert [t["text"] for t in soil["tasks"]] == ["对受污染耕地开展安全利用，受污染耕地安全利用率达到95%以上。",
                                                  "组织开展农用地土壤重金属污染源头防治行动。"]
    lead = soil["tasks"][0]
    assert lead["note"] == "县农业农村局牵头，县生态环境局配合"
    assert [(u["name"], u["role"]) for u in lead["units"]] == [("县农业农村局", "lead"), ("县生态环境局", "supporting")]
    assert lead["deadline"] == "2024年12月底前" and soil["tasks"][1]["deadline"] == "2024年9月底前"
    assert lead["targets"][0]["value"] == 95
    assert (inputs["label"], inputs["title"]) == ("2", "规范农业投入品使用")
    assert inputs["tasks"][0]["deadline"] == "长期坚持"
    waste = second["sections"][0]
    assert waste["title"] == "推进反食品浪费工作" and len(waste["tasks"]) == 3
    assert waste["tasks"][1]["deadline"] == "2024年6月底前"  # 完成时限 merged over two rows
    assert [u["name"] for u in waste["tasks"][2]["units"]] == ["县市场监管局", "县商务局"]
    assert "task table of 7 rows read by its headers: 序号 | 工作任务 | 工作措施 | 责任单位 | 完成时限" in out
    assert "labelled 1. 2." in out and data["notes"]  # its measures carry no number of their own
    cells = [c for row in documents.TABLE_ROWS for c in row if c] + documents.TABLE_HEAD
    assert_every_piece_kept("\n".join(cells), data)
    # The three measures under 推进反食品浪费工作 are in 反食品浪费, whatever words each uses.
    themes = _themes_after_loading(tmp_path, tmp_path / "content", "mou-2024")
    assert ["food-waste" in themes[("推进反食品浪费工作", t["label"])] for t in waste["tasks"]] == [True] * 3
    assert "food-waste" not in themes[("开展耕地土壤污染排查", "1.")]


def test_xlsx_task_table(tmp_path, capsys):
    source = documents.task_table_xlsx(tmp_path / "tasks.xlsx")
    data, out = import_file(source, tmp_path, capsys, "mou-2024", "mouxian")
    assert data["title"] == "某县2024年食品安全重点工作任务清单" and data["header_missing"] is True
    soil, waste = data["sections"]
    assert (soil["label"], soil["title"]) == ("1", "强化源头治理")
    first = soil["tasks"][0]
    assert first["note"] == "牵头单位：县农业农村局；配合单位：县生态环境局"  # 责任单位 over 牵头单位 | 配合单位
    assert [(u["name"], u["role"]) for u in first["units"]] == [("县农业农村局", "lead"), ("县生态环境局", "supporting")]
    assert soil["tasks"][1]["text"].endswith("备注：结合第三次土壤普查")  # a column of no role is kept
    assert [t["deadline"] for t in waste["tasks"]] == ["长期坚持", "长期坚持"]  # merged down
    assert [(u["name"], u["role"]) for u in waste["tasks"][0]["units"]] == [
        ("县市场监管局", "lead"), ("县商务局", "supporting"), ("县文旅局", "supporting")]
    assert "sheet 任务清单: a task table of 4 rows" in out


def test_sub_parts_pass_their_heading_themes_to_their_tasks(tmp_path, capsys):
    """（五）推进反食品浪费工作 as a sub-part with 1. 2. 3. under it (the 缙云 shape): all three in 反食品浪费."""
    source = tmp_path / "plan.txt"
    source.write_text("某县2024年食品安全工作要点\n\n一、强化重点领域监管\n\n（一）加强校园食品安全\n\n"
                      "1.开展春季开学专项检查。（县教育局）\n\n（二）推进反食品浪费工作\n\n"
                      "2.督促餐饮服务经营者主动提示消费者适量点餐。（县市场监管局）\n\n"
                      "3.推广绿色储粮技术。（县发改局）\n\n4.引导建立专区专柜。（县商务局）\n", encoding="utf-8")
    data, _ = import_file(source, tmp_path, capsys, "mou-2024", "mouxian")
    part = data["sections"][0]["sections"][1]
    assert part["title"] == "推进反食品浪费工作" and [t["label"] for t in part["tasks"]] == ["2.", "3.", "4."]
    themes = _themes_after_loading(tmp_path, tmp_path / "content", "mou-2024")
    assert [("food-waste" in themes[key]) for key in [("加强校园食品安全", "1."), ("推进反食品浪费工作", "2."),
                                                      ("推进反食品浪费工作", "3."), ("推进反食品浪费工作", "4.")]] == [
        False, True, True, True]


# --- archives --------------------------------------------------------------------------------

def _zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip archive written field by field: (name, deflated data, stated size, crc) per entry."""
    out, directory = b"", b""
    for name, data, size, crc in entries:
        raw = name.encode()
        header = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(data), size, len(raw), 0)
        directory += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                                 len(raw), 0, 0, 0, 0, 0, len(out)) + raw
        out += header + raw + data
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), len(out), 0)
    return out + directory + end


def _zeros(megabytes: int) -> bytes:
    """A raw deflate stream that inflates to that many MB of zeros, made without inflating it:
    one 1 MB block (about 1 KB deflated, closed by a full flush) repeated."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(b"\0" * (1 << 20)) + packer.flush(zlib.Z_FULL_FLUSH)
    return block * megabytes + packer.flush()


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


@pytest.mark.parametrize("name, part", [("bomb.docx", "word/document.xml"), ("bomb.xlsx", "xl/workbook.xml")])
def test_zip_bomb_is_refused_from_its_directory(tmp_path, capsys, name, part):
    """1 MB holding a 1 GB part: refused from the zip directory, before anything is inflated."""
    bomb = _zeros(1024)
    source = tmp_path / name
    source.write_bytes(_zip([("[Content_Types].xml", _deflate(TYPES), len(TYPES), zlib.crc32(TYPES)),
                             (part, bomb, 1 << 30, 0)]))
    assert source.stat().st_size < 1_200_000
    tracemalloc.start()
    status, out, err = run([source, "--content", tmp_path / "content"], capsys)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert status == 2 and str(source) in err and "zip bomb" in err and "1024 MB" in err
    assert peak < 30 * 1024 * 1024  # nothing near the 1 GB was inflated (speed belongs in bench/)
    assert "Traceback" not in out + err and not (tmp_path / "content").exists()


def test_archive_whose_directory_understates_a_part_is_refused(tmp_path, capsys):
    """The directory says 4 KB, the part inflates to 20 MB: reading stops at 4 KB and refuses."""
    real = _zeros(20)
    source = tmp_path / "liar.docx"
    source.write_bytes(_zip([("[Content_Types].xml", _deflate(TYPES), len(TYPES), zlib.crc32(TYPES)),
                             ("word/document.xml", real, 4096, zlib.crc32(b"\0" * 4096))]))
    tracemalloc.start()
    status, out, err = run([source, "--content", tmp_path / "content"], capsys)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert status == 2 and str(source) in err and "cannot be read as a Word .docx document" in err
    assert peak < 30 * 1024 * 1024 and "Traceback" not in out + err


def test_archive_of_too_many_entries_is_refused(tmp_path, capsys):
    empty = _deflate(b"")
    source = tmp_path / "many.xlsx"
    source.write_bytes(_zip([("xl/workbook.xml", empty, 0, 0)] + [(f"xl/x{i}.xml", empty, 0, 0) for i in range(3000)]))
    status, _, err = run([source, "--content", tmp_path / "content"], capsys)
    assert status == 2 and "3001 entries" in err and "zip bomb" in err


# --- bad input, and files whose names lie ---------------------------------------------------

def _ofd() -> bytes:
    buffer = __import__("io").BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("OFD.xml", '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"/>')
        archive.writestr("Doc_0/Document.xml", "<ofd:Document/>")
    return buffer.getvalue()


def _png() -> bytes:
    buffer = __import__("io").BytesIO()
    __import__("PIL.Image").Image.new("RGB", (20, 20), "white").save(buffer, "PNG")
    return buffer.getvalue()


def _xlsx_without_tasks() -> bytes:
    import openpyxl
    buffer = __import__("io").BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "电话"])
    workbook.save(buffer)
    return buffer.getvalue()


BAD = [
    ("scan.pdf", lambda tmp: _image_pdf(tmp / "x.pdf").read_bytes(), "scanned PDF"),
    ("locked.pdf", lambda tmp: _image_pdf(tmp / "x.pdf", password="secret", text="某县").read_bytes(), "password"),
    ("empty.pdf", lambda tmp: _image_pdf(tmp / "x.pdf", text="").read_bytes(), "no text"),
    ("damaged.pdf", lambda tmp: b"%PDF-1.7\n1 0 obj <<", "damaged"),
    ("notice.ofd", lambda tmp: _ofd(), "export or print it to PDF"),
    ("notice.doc", lambda tmp: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "save it as .docx"),
    ("photo.pdf", lambda tmp: _png(), "is an image"),
    ("broken.xlsx", lambda tmp: b"PK\x03\x04 truncated workbook", "Excel"),
    ("people.xlsx", lambda tmp: _xlsx_without_tasks(), "holds no task table"),
    ("notice.rtf", lambda tmp: b"{\\rtf1\\ansi hello}", "RTF"),
]


@pytest.mark.parametrize("name, make, words", BAD, ids=[b[0] for b in BAD])
def test_unreadable_files_get_a_message_and_nothing_is_written(tmp_path, capsys, name, make, words):
    content = tmp_path / "content"
    (content / "plans").mkdir(parents=True)
    (content / "plans" / "keep.yaml").write_text("id: keep\n", encoding="utf-8")
    before = snapshot(content)
    source = tmp_path / name
    source.write_bytes(make(tmp_path))
    status, out, err = run([source, "--content", content, "--id", "x-2024", "--jurisdiction", "x"], capsys)
    assert status == 2, out
    assert str(source) in err and words in err
    assert "Traceback" not in out + err
    assert snapshot(content) == before


def test_a_file_is_read_by_what_it_holds_not_its_name(yangcheng_pdf, tmp_path, capsys):
    pdf, _ = yangcheng_pdf
    misnamed = tmp_path / "notice.docx"
    misnamed.write_bytes(pdf.read_bytes())
    data, out = import_file(misnamed, tmp_path, capsys, "yangcheng-2023", "yangcheng")
    assert "the file is named .docx but holds PDF: read as PDF" in out
    assert len(list(tasks_of(data["sections"]))) == 56
    page = tmp_path / "page.txt"
    page.write_bytes(documents.portal_list_page(SEED_000).encode("utf-8"))
    data, out = import_file(page, tmp_path / "2", capsys, "yangcheng-2023", "yangcheng")
    assert "holds web page: read as web page" in out and data["notice"]["index_number"]
