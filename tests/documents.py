"""Test documents made as the notices are distributed: GB/T 9704 PDFs, Word files with task tables,
workbooks, and portal pages.

The PDFs are laid out as the standard has them (A4, text block 156 × 225 mm from 37 mm at the
top and 28 mm at the left, 3号 body text at 22 lines a page, a red 发文机关标志, page numbers
`— 1 —` at the foot, odd pages on the right and even ones on the left, the 版记 at the foot of
the last page), with lines broken wherever the width ends, so the reader meets what a real
notice gives it. Options change the page numbers, add a running head, justify the lines, and
place a paragraph at a page foot or across a page break.

The PDFs embed the font they are drawn with, as real notices do, so what a test reads does not
depend on the fonts of the machine it runs on (a font that is only named, like Adobe's
STSong-Light, is read through a system CJK font, and without one PDFium drops characters).
The font is made here with fontTools: one box-shaped glyph for every CJK and full-width code
point (1 em wide) and one for ASCII (½ em), with the cmap that maps each code point to it, so
every character any test writes is covered and its text layer is exact. The glyphs are boxes:
the importer reads the text layer and the layout, not the letter shapes.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass, field
from pathlib import Path

MM = 72 / 25.4
SONG = "TestSong"  # the embedded test font (font() below), standing for the 宋体 of a notice
# Code points drawn 1 em wide: general punctuation to CJK symbols, kana, CJK ideographs (with
# extension A), full-width forms.
FULL_WIDTH = [(0x2000, 0x2BFF), (0x2E80, 0x2FDF), (0x3000, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
              (0xFF01, 0xFF60), (0xFFE0, 0xFFE6)]
# Code points drawn ½ em wide: ASCII, Latin-1 and Latin Extended (· × ° é …), Greek and Cyrillic.
HALF_WIDTH = [(0x21, 0x7E), (0xA1, 0x2FF), (0x370, 0x4FF)]


def covered(char: str) -> bool:
    """Whether the test font draws the character (every other character is a mistake of a test)."""
    code = ord(char)
    return char in " \u3000" or any(first <= code <= last for first, last in FULL_WIDTH + HALF_WIDTH)
NO_LINE_START = set("，。、；：？！）》”’〕】」…—%")


@dataclass
class Para:
    """A paragraph of the document and how it is set."""

    text: str
    style: str = "body"  # body | heading | plain | title | centre | right | annotation
    foot: bool = False  # push it down so that it is the last line of its page
    split: int = 0  # push it down so that it breaks after this many lines at a page end


@dataclass
class Layout:
    page_number: str = "— {n} —"
    running_head: str | None = None
    justify: bool = False
    size: float = 16.0  # 3号
    lines_per_page: int = 22
    first_page_number: int = 1


@dataclass
class Notice:
    """A notice's parts in the order GB/T 9704 sets them."""

    paragraphs: list[Para]
    issuer_mark: str | None = None
    doc_number: str | None = None
    copied_to: str | None = None
    printed_by: str | None = None
    date_printed: str | None = None
    layout: Layout = field(default_factory=Layout)


def font_file() -> bytes:
    """The test font as TrueType bytes (see the module's docstring)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    ascent, descent = 880, -120

    def glyph(width: int, ink: bool = True):
        pen = TTGlyphPen(None)
        if ink:
            margin = 60
            pen.moveTo((margin, descent + margin))
            pen.lineTo((margin, ascent - margin))
            pen.lineTo((width - margin, ascent - margin))
            pen.lineTo((width - margin, descent + margin))
            pen.closePath()
        return pen.glyph()

    cmap = {0x20: "space", 0x3000: "ideographic-space"}
    for ranges, glyph_name in ((HALF_WIDTH, "half"), (FULL_WIDTH, "full")):
        for first, last in ranges:
            for code in range(first, last + 1):
                cmap.setdefault(code, glyph_name)
    widths = {".notdef": 500, "space": 500, "half": 500, "full": 1000, "ideographic-space": 1000}
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(list(widths))
    builder.setupCharacterMap(cmap)
    builder.setupGlyf({name: glyph(width, ink="space" not in name) for name, width in widths.items()})
    builder.setupHorizontalMetrics({name: (width, 0 if "space" in name else 60) for name, width in widths.items()})
    builder.setupHorizontalHeader(ascent=ascent, descent=descent)
    builder.setupNameTable({"familyName": SONG, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=ascent, sTypoDescender=descent, usWinAscent=ascent, usWinDescent=-descent)
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


@functools.cache
def font() -> str:
    """Register the test font with reportlab (once); its name, for `setFont`."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(SONG, io.BytesIO(font_file())))
    return SONG


class _Setter:
    """Puts lines on pages (reportlab's canvas), keeping count of the line on the page."""

    def __init__(self, layout: Layout, path: Path):
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfgen import canvas
        font()
        self.metrics = pdfmetrics
        self.layout = layout
        self.height = 297 * MM
        self.pdf = canvas.Canvas(str(path), pagesize=(210 * MM, self.height), invariant=1)
        self.left = 28 * MM
        self.width = 156 * MM
        self.top = 37 * MM
        self.pitch = 225 * MM / layout.lines_per_page
        self.line = layout.lines_per_page
        self.pages = 0

    def width_of(self, text: str, size: float) -> float:
        return self.metrics.stringWidth(text, SONG, size)

    def new_page(self) -> None:
        if self.pages:
            self._page_number()
            self.pdf.showPage()
        self.pages += 1
        self.line = 0
        if self.layout.running_head and self.pages > 1:
            self._text(self.left, self.top - 12 * MM, self.layout.running_head, 10.5)

    def _text(self, x: float, y_from_top: float, text: str, size: float, red: bool = False) -> None:
        missing = sorted({f"U+{ord(c):04X}" for c in text if not covered(c)})
        assert not missing, f"the test font has no glyph for {missing}: add their range to tests/documents.py"
        self.pdf.setFont(SONG, size)
        self.pdf.setFillColorRGB(0.86, 0, 0) if red else self.pdf.setFillColorRGB(0, 0, 0)
        self.pdf.drawString(x, self.height - y_from_top, text)

    def _page_number(self) -> None:
        number = self.layout.page_number.format(n=self.pages + self.layout.first_page_number - 1)
        width = self.width_of(number, 14)
        x = self.left + self.width - 14 - width if self.pages % 2 else self.left + 14
        self._text(x, self.top + 225 * MM + 7 * MM + 10, number, 14)

    def finish(self) -> None:
        self._page_number()
        self.pdf.showPage()
        self.pdf.save()

    def room(self) -> int:
        return self.layout.lines_per_page - self.line

    def baseline(self) -> float:
        return self.top + self.line * self.pitch + self.layout.size * 0.88

    def rule(self, red: bool = False, width: float = 0.7) -> None:
        y = self.height - (self.top + self.line * self.pitch)
        self.pdf.setStrokeColorRGB(0.86, 0, 0) if red else self.pdf.setStrokeColorRGB(0, 0, 0)
        self.pdf.setLineWidth(width)
        self.pdf.line(self.left, y, self.left + self.width, y)

    def wrap(self, text: str, size: float, first_indent: float, width: float) -> list[str]:
        """Lines of text as they fit the width, with the 避头尾 rule (no closing mark starts a line)."""
        lines, current, used = [], "", 0.0
        for char in text:
            limit = width - (first_indent if not lines else 0)
            step = self.width_of(char, size)
            if current and used + step > limit + 0.01 and char not in NO_LINE_START:
                lines.append(current)
                current, used = "", 0.0
            current += char
            used += step
        if current:
            lines.append(current)
        return lines

    def put(self, text: str, x: float, size: float, red: bool = False, fill: float | None = None) -> None:
        y = self.baseline()
        if fill is None or len(text) < 2:
            self._text(x, y, text, size, red)
            return
        extra = (fill - self.width_of(text, size)) / (len(text) - 1)
        for char in text:
            self._text(x, y, char, size, red)
            x += self.width_of(char, size) + extra


def gbt9704_pdf(notice: Notice, path: Path) -> Path:
    """Write the notice as a GB/T 9704 PDF."""
    layout = notice.layout
    s = _Setter(layout, path)
    size = layout.size
    s.new_page()
    if notice.issuer_mark:
        mark = 42 if len(notice.issuer_mark) <= 10 else 30
        s.line = 1
        s.put(notice.issuer_mark, s.left + (s.width - s.width_of(notice.issuer_mark, mark)) / 2, mark, red=True)
        s.line = 4
    if notice.doc_number:
        s.put(notice.doc_number, s.left + (s.width - s.width_of(notice.doc_number, size)) / 2, size)
        s.line += 1
        s.rule(red=True, width=1.2)
        s.line += 1
    for para in notice.paragraphs:
        _set(s, para)
    if notice.copied_to or notice.printed_by:
        _imprint(s, notice)
    s.finish()
    return path


def _set(s: _Setter, para: Para) -> None:
    size = s.layout.size
    big = 22 if para.style == "title" else size
    indent = 2 * size if para.style in ("body", "heading", "annotation") else 0
    lines = s.wrap(para.text, big, indent, s.width)
    if para.style in ("title", "centre", "right") and len(lines) > 1 and para.style != "title":
        lines = [para.text]
    if para.foot:
        if s.room() < 1:
            s.new_page()
        s.line = s.layout.lines_per_page - 1
    if para.split:
        if s.room() < para.split:
            s.new_page()
        s.line = s.layout.lines_per_page - para.split
    for index, text in enumerate(lines):
        if s.room() < 1:
            s.new_page()
        width = s.width_of(text, big)
        if para.style in ("title", "centre"):
            x = s.left + (s.width - width) / 2
        elif para.style == "right":
            x = s.left + s.width - 4 * size - width
        else:
            x = s.left + (indent if index == 0 else 0)
        last = index == len(lines) - 1
        fill = None
        if s.layout.justify and para.style in ("body", "plain", "annotation", "heading") and not last:
            fill = s.left + s.width - x
        s.put(text, x, big, fill=fill)
        s.line += 1


def _imprint(s: _Setter, notice: Notice) -> None:
    """The 版记 at the foot of the last page: 抄送 and 印发机关和印发日期 between rules."""
    size = 14  # 4号
    lines = []
    if notice.copied_to:
        lines += s.wrap("抄送：" + notice.copied_to, size, 0, s.width - 2 * size)
    needed = len(lines) + 1
    if s.room() < needed + 1:
        s.new_page()
    s.line = s.layout.lines_per_page - needed
    s.rule()
    for index, text in enumerate(lines):
        s.put(text, s.left + size + (0 if index == 0 else 3 * size), size)
        s.line += 1
    s.rule()
    if notice.printed_by:
        s.put(notice.printed_by, s.left + size, size)
    if notice.date_printed:
        stamp = notice.date_printed + "印发"
        s.put(stamp, s.left + s.width - size - s.width_of(stamp, size), size)
    s.line += 1
    s.rule()


def notice_from_text(text: str, **options) -> Notice:
    """A notice laid out from a plain text notice (a seed): its elements found by their shape.

    Blank-line paragraphs of the text become paragraphs; `**`, `#` and page-break splits of
    the extraction are undone first, as the text importer would.
    """
    import re

    from generator.importer.body import paragraphs
    from generator.importer.notice import read_head
    from generator.importer.text import split_lines

    lines, _ = split_lines(text)
    head = read_head(lines)
    n = head.notice
    paras: list[Para] = []
    if n["title"]:
        title = n["title"]
        cut = title.find("关于")
        paras.append(Para(title[:cut], "title"))
        paras.append(Para(title[cut:], "title"))
    if n["addressees"]:
        paras.append(Para(n["addressees"] + "：", "plain"))
    if n["body"]:
        paras.append(Para(n["body"]))
    if n["signatory"]:
        paras.append(Para(n["signatory"], "right"))
    if n["date_signed"]:
        d = n["date_signed"]
        paras.append(Para(f"{d.year}年{d.month}月{d.day}日", "right"))
    if n["annotation"]:
        paras.append(Para(n["annotation"], "annotation"))
    if head.title:
        paras.append(Para(head.title, "title"))
    for para in paragraphs(lines[head.body_start:head.body_end]):
        heading = re.match(r"^[一二三四五六七八九十]+、", para.text) and len(para.text) < 40
        paras.append(Para(para.text, "heading" if heading else "body"))
    date = n["date_printed"]
    return Notice(paras, issuer_mark=options.pop("issuer_mark", n["issuer_mark"]), doc_number=n["doc_number"],
                  copied_to=n["copied_to"], printed_by=n["printed_by"],
                  date_printed=f"{date.year}年{date.month}月{date.day}日" if date else None, **options)


# --- portal pages ----------------------------------------------------------------------------

def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _notice_parts(text: str) -> tuple[dict, list[str]]:
    """The notice's head fields and the paragraphs of its text from the 主送机关 on, as a portal
    page shows them (the title and 文号 are in the page's heading and metadata table)."""
    from generator.importer.body import paragraphs
    from generator.importer.notice import read_head
    from generator.importer.text import split_lines

    lines, _ = split_lines(text)
    head = read_head(lines)
    n = head.notice
    paras = []
    if n["addressees"]:
        paras.append(n["addressees"] + "：")
    for key in ("body", "signatory"):
        if n[key]:
            paras.append(n[key])
    if n["date_signed"]:
        d = n["date_signed"]
        paras.append(f"{d.year}年{d.month}月{d.day}日")
    if n["annotation"]:
        paras.append(n["annotation"])
    if head.title:
        paras.append(head.title)
    paras += [p.text for p in paragraphs(lines[head.body_start:head.body_end])]
    return n, paras


META_ROWS = [("索引号", "11140522MB1957153Q/2023-00342"), ("主题分类", "市场监管、安全生产监管\\食品药品监管"),
             ("发文机关", "阳城县人民政府办公室"), ("成文日期", "2023-08-10"), ("发文字号", "阳政办发〔2023〕61号"),
             ("发布日期", "2023-08-14"), ("有效性", "有效"), ("公开方式", "主动公开")]


def portal_table_page(text: str) -> str:
    """A county portal's 政府信息公开 page: menus, 当前位置, a four-column metadata table, the text
    in div#zoom as <p>, share and print links, 浏览次数, a footer with 网站标识码 and ICP."""
    n, paras = _notice_parts(text)
    cells = "".join(f"<td class='t1'>{k}：</td><td class='t2'>{_escape(v)}</td>" + ("</tr><tr>" if i % 2 else "")
                    for i, (k, v) in enumerate(META_ROWS))
    body = "\n".join(f'<p style="text-indent:2em;">{_escape(p)}</p>' for p in paras)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{_escape(n['title'])}_阳城县人民政府</title>
<link rel="canonical" href="http://www.yczf.gov.cn/zwgk/xxgk/202308/t20230814_1845362.shtml">
<script>var _hmt = _hmt || [];</script><style>.nav li{{float:left}}</style></head>
<body>
<div class="top"><a href="/">阳城县人民政府</a> <a href="/en/">English</a> 无障碍</div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="main">
<div class="dqwz">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开</div>
<table class="xxgk_table"><tr>{cells}</tr></table>
<div class="article">
<h1 class="title">{_escape(n['title'])}</h1>
<div class="info">发布时间：2023-08-14 09:12 <span>浏览次数：<script>document.write(1234)</script>1234</span>
【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>
<div id="zoom" class="content">
{body}
</div>
<div class="article-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a>
<div class="bdsharebuttonbox">分享到：<a class="bds_weixin">微信</a><a class="bds_tsina">微博</a></div></div>
</div></div>
<div class="footer"><p>主办单位：阳城县人民政府办公室 承办单位：阳城县融媒体中心</p>
<p>网站标识码：1405220001 晋ICP备05003445号 晋公网安备 14052202000123号</p></div>
</body></html>"""


def portal_gov_page(text: str) -> bytes:
    """A 政府信息公开 page in the style of a provincial platform, saved in GBK: a metadata table
    with spaced labels (索 引 号), og:url, the text repeating the title, in div.pages_content."""
    n, paras = _notice_parts(text)
    rows = "".join(f"<tr><td><b>{' '.join(k) if len(k) == 3 else k}：</b></td><td>{_escape(v)}</td></tr>"
                   for k, v in META_ROWS[:6])
    title = _escape(n["title"])
    body = "\n".join(f"<p>　　{_escape(p)}</p>" for p in paras)
    page = f"""<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<meta property="og:url" content="https://www.shanxi.gov.cn/zfxxgk/zfxxgkzl/fdzdgknr/202308/t20230814_9032.shtml">
<title>{title}</title></head><body>
<div id="header"><img src="logo.png"><div class="search"><input name="q"><button>搜索</button></div></div>
<div class="position">您现在的位置：首页 » 政府信息公开 » 政策文件</div>
<table class="bd1" width="100%">{rows}</table>
<div class="pages_content">
<p style="text-align:center"><b>{title}</b></p>
<p style="text-align:center">{_escape(n['doc_number'] or '')}</p>
{body}
</div>
<div id="share">扫一扫在手机打开当前页</div>
<div class="bottom">版权所有：山西省人民政府办公厅 网站标识码：1400000052 晋ICP备05005512号</div>
</body></html>"""
    return page.encode("gb18030")


def portal_list_page(text: str) -> str:
    """A portal page in a third template: metadata as a list of spans, the text as one block of
    <br>-separated lines indented with &nbsp;, the heading in an <article>'s <header>."""
    n, paras = _notice_parts(text)
    items = "".join(f"<li><span class='lab'>{k}：</span><span class='val'>{_escape(v)}</span></li>"
                    for k, v in META_ROWS if k not in ("有效性",))
    body = "<br/>\n".join("&nbsp;&nbsp;&nbsp;&nbsp;" + _escape(p) for p in paras)
    return f"""<!doctype html><html><head><meta charset="UTF-8"><title>阳城县人民政府</title>
<meta property="og:url" content="https://www.yczf.gov.cn/art/2023/8/14/art_1845362.html"></head>
<body><header class="site"><nav><a href="/">首页</a> | <a href="/xxgk/">信息公开</a></nav></header>
<div class="crumbs">首页 &gt; 信息公开 &gt; 通知公告</div>
<main><article><header><h1>{_escape(n['title'])}</h1></header>
<ul class="meta">{items}</ul>
<div class="art-con">{body}</div>
<p class="views">阅读量：2048</p>
</article></main>
<footer><p>阳城县人民政府 版权所有 网站标识码：1405220001</p><p><a href="https://beian.miit.gov.cn">晋ICP备05003445号-1</a></p></footer>
</body></html>"""


# --- task tables (任务清单) -------------------------------------------------------------------

TABLE_HEAD = ["某政办发〔2024〕9号", "某县人民政府办公室", "关于印发某县2024年食品安全重点工作任务清单的通知",
              "各乡（镇）人民政府，县直各单位：", "现将《某县2024年食品安全重点工作任务清单》印发给你们，请认真抓好落实。",
              "某县人民政府办公室", "2024年3月15日", "（此件公开发布）", "某县2024年食品安全重点工作任务清单"]
# (序号, 工作任务, 工作措施, 责任单位, 完成时限); None = merged with the cell above
TABLE_ROWS = [
    ("一、强化源头治理",),
    ("1", "开展耕地土壤污染排查", "对受污染耕地开展安全利用，受污染耕地安全利用率达到95%以上。", "县农业农村局牵头，县生态环境局配合", "2024年12月底前"),
    (None, None, "组织开展农用地土壤重金属污染源头防治行动。", "县生态环境局", "2024年9月底前"),
    ("2", "规范农业投入品使用", "开展豇豆农药残留突出问题攻坚治理，加密巡查检查和抽检频次。", "县农业农村局", "长期坚持"),
    ("二、深化重点领域监管",),
    ("3", "推进反食品浪费工作", "督促餐饮服务经营者主动提示消费者适量点餐。", "县市场监管局", "2024年6月底前"),
    (None, None, "推广绿色储粮技术和工艺，强化节粮减损工作指导。", "县发改局", None),
    (None, None, "督促食品销售企业做好临近保质期食品处置。", "县市场监管局、县商务局", "2024年12月底前"),
    ("4", "加强校园食品安全", "推进学校食堂“互联网+明厨亮灶”覆盖率达到100%。", "县教育局牵头，县市场监管局配合", "2024年9月1日前"),
]


def task_table_docx(path: Path) -> Path:
    """A notice in Word whose plan is a 任务清单 table: 序号 and 工作任务 merged down over their
    measures, a row across the table for each part, 完成时限 merged where two rows share one."""
    import docx
    document = docx.Document()
    for text in TABLE_HEAD:
        document.add_paragraph(text)
    table = document.add_table(rows=1 + len(TABLE_ROWS), cols=5)
    for c, header in enumerate(["序号", "工作任务", "工作措施", "责任单位", "完成时限"]):
        table.cell(0, c).text = header
    for r, row in enumerate(TABLE_ROWS, start=1):
        if len(row) == 1:
            merged = table.cell(r, 0).merge(table.cell(r, 4))
            merged.text = row[0]
            continue
        for c, value in enumerate(row):
            if value is None:
                above = r - 1
                while TABLE_ROWS[above - 1][c] is None:
                    above -= 1
                table.cell(above, c).merge(table.cell(r, c))
            elif not table.cell(r, c).text:
                table.cell(r, c).text = value
    document.add_paragraph("抄送：县委办，县人大办。")
    document.add_paragraph("某县人民政府办公室    2024年3月15日印发")
    document.save(path)
    return path


def task_table_xlsx(path: Path) -> Path:
    """The same task list as a workbook: a title merged across, a two-row header (责任单位 over
    牵头单位 | 配合单位), 重点任务 merged down, a 备注 column."""
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "任务清单"
    ws.append(["某县2024年食品安全重点工作任务清单"])
    ws.merge_cells("A1:G1")
    ws.append(["序号", "重点任务", "具体措施", "责任单位", None, "完成时间", "备注"])
    ws.append([None, None, None, "牵头单位", "配合单位", None, None])
    for column in "ABCFG":
        ws.merge_cells(f"{column}2:{column}3")
    ws.merge_cells("D2:E2")
    rows = [
        (1, "强化源头治理", "开展耕地土壤污染排查，受污染耕地安全利用率达到95%以上。", "县农业农村局", "县生态环境局", "2024年12月底前", None),
        (None, None, "组织开展农用地土壤重金属污染源头防治行动。", "县生态环境局", None, "2024年9月底前", "结合第三次土壤普查"),
        (2, "推进反食品浪费工作", "督促餐饮服务经营者主动提示消费者适量点餐。", "县市场监管局", "县商务局、县文旅局", "长期坚持", None),
        (None, None, "推广绿色储粮技术和工艺，强化节粮减损工作指导。", "县发改局", None, None, None),
    ]
    for row in rows:
        ws.append(list(row))
    ws.merge_cells("A4:A5")
    ws.merge_cells("B4:B5")
    ws.merge_cells("A6:A7")
    ws.merge_cells("B6:B7")
    ws.merge_cells("F6:F7")
    wb.save(path)
    return path
