"""PDF (the GB/T 9704 layout), read with pypdfium2: the text in reading order, as paragraphs.

PDFium gives each character with its box, size and colour. Characters are gathered into
lines by their height on the page (so the order in which the file draws them does not
matter), lines are put top to bottom, and then joined into paragraphs by the layout, as a
reader sees them: a line that runs to the right edge of the text block continues on the
next line when that one starts at the left edge (a new paragraph starts indented, 首行缩进),
on the same page or the next. A Chinese line break is not a space: lines are joined without
one, except where a word of Latin letters wraps, or the line ended with a space.

Dropped, and reported: page numbers (`— 1 —`, `-1-`, `- 12 -`, `第 1 页`) at the top or foot
of a page, running heads and feet (the same text at the edge of several pages, set apart
from the body), rotated characters (a seal's text). The red 发文机关标志 on top of page one
is recognised by its colour and size. Code points for Kangxi radicals that some fonts map
their ideographs to (⼈ for 人) are written as the ideographs.
"""

from __future__ import annotations

import ctypes
import math
import re
import statistics
import unicodedata
from dataclasses import dataclass, field

from ...i18n import _
from ...loading.reports import number_ranges as _ranges  # 1, 2, 3, 5 → 1–3, 5
from ..errors import ImportProblem
from ..numbering import parse_label
from . import Format, Reading, register
from . import pdf_table
from .table import task_table

TABLE_MARK = "\ue000"  # stands in the page's lines where a ruled table is, until its place is known

MAX_PAGES = 300
PAGE_NUMBER = re.compile(
    r"^(?:[-—–‒―－~～·]{0,2}\s*\d{1,3}\s*[-—–‒―－~～·]{0,2}"
    r"|第\s*\d{1,3}\s*页(?:\s*[，,]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*[/／]\s*\d{1,3})$")
DASHED = re.compile(r"[-—–‒―－~～]")
LATIN = re.compile(r"[A-Za-z0-9]")
# CJK Radicals Supplement code points that fonts' cmaps give for common ideographs (no Unicode
# decomposition exists for them); the Kangxi Radicals block is decomposed by NFKC.
RADICALS = {"⺠": "民", "⻝": "食", "⻓": "长", "⻅": "见", "⻆": "角", "⻋": "车", "⻔": "门", "⻘": "青",
            "⻢": "马", "⻜": "飞", "⻉": "贝", "⻛": "风", "⻩": "黄", "⻰": "龙", "⻬": "齐", "⻮": "齿",
            "⻚": "页", "⻥": "鱼", "⻦": "鸟", "⻨": "麦", "⻄": "西", "⻣": "骨", "⻤": "鬼", "⻁": "虎",
            "⺟": "母", "⻳": "龟", "⺝": "月"}


@dataclass
class Char:
    text: str
    x0: float
    x1: float
    bottom: float
    top: float
    size: float
    red: bool

    @property
    def middle(self) -> float:
        return (self.bottom + self.top) / 2


@dataclass
class Line:
    """A line of text on a page: its characters left to right and where it stands."""

    page: int  # 1-based
    chars: list[Char]
    text: str = ""
    size: float = 0.0
    red: bool = False

    def __post_init__(self) -> None:
        self.text = _line_text(self.chars)
        sizes = [c.size for c in self.chars if not c.text.isspace()] or [c.size for c in self.chars]
        self.size = statistics.median(sizes)
        self.red = sum(c.red for c in self.chars) > len(self.chars) / 2

    @property
    def x0(self) -> float:
        return min(c.x0 for c in self.chars if not c.text.isspace())

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.chars if not c.text.isspace())

    @property
    def top(self) -> float:
        return max(c.top for c in self.chars)

    @property
    def bottom(self) -> float:
        return min(c.bottom for c in self.chars)

    def first_word_width(self) -> float:
        """Width of the Latin word the line starts with (a word that did not fit on the line before)."""
        chars = [c for c in self.chars if not c.text.isspace()]
        run = []
        for char in chars:
            if not LATIN.match(char.text) and char.text not in ".%-/+:":
                break
            run.append(char)
        return run[-1].x1 - run[0].x0 if run else 0.0


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    images: int = 0
    rotated: int = 0
    unmapped: int = 0
    characters: int = 0  # every character PDFium found, mapped or not
    unembedded: set[str] = field(default_factory=set)  # fonts the PDF names without embedding them
    in_unembedded: int = 0  # pieces of text (text objects) set in those fonts
    lost: int = 0  # of which PDFium extracted nothing: whitespace, or characters no font here has
    table: pdf_table.Found | None = None  # a ruled table on the page (readers/pdf_table.py)


def read_pdf(data: bytes, name: str) -> Reading:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ImportProblem(name, _("is an encrypted PDF that needs a password to open: ask the publisher for "
                                        "an unprotected copy, or open it with its password and print it to a new "
                                        "PDF, then import that")) from None
        if exc.err_code == pdfium_c.FPDF_ERR_SECURITY:
            raise ImportProblem(name, _("is an encrypted PDF whose protection cannot be opened: ask the publisher "
                                        "for an unprotected copy, or import the notice's web page or .docx")) from None
        raise ImportProblem(name, _("cannot be read as a PDF: the file is damaged or incomplete; download it "
                                    "again, or import the notice's web page or .docx")) from None
    try:
        reading = _read(document, name, pdfium, pdfium_c)
    finally:
        document.close()
    return reading


def _read(document, name: str, pdfium, pdfium_c) -> Reading:
    count = len(document)
    if count == 0:
        raise ImportProblem(name, _("is a PDF without pages: download it again"))
    if count > MAX_PAGES:
        raise ImportProblem(name, _("is a PDF of {count} pages, more than a work plan has (the limit is {limit}): "
                                    "check that this is the plan, not a collection").format(count=count,
                                                                                            limit=MAX_PAGES))
    reading = Reading("pdf", _("PDF, read with pypdfium2 {version}").format(version=pdfium.version.PYPDFIUM_INFO), "")
    if pdfium_c.FPDF_GetSecurityHandlerRevision(document) != -1:
        reading.repairs.append(_("the PDF is encrypted with permissions only (no password to open it): read as is"))
    try:
        pages = [_page(document, index, pdfium_c) for index in range(count)]
    except pdfium.PdfiumError:
        raise ImportProblem(name, _("cannot be read as a PDF: a page of it is damaged; download it again, or "
                                    "import the notice's web page or .docx")) from None
    _extractable(pages, name, reading)
    chars = sum(len(line.text) for page in pages for line in page.lines)
    with_images = [p.number for p in pages if p.images and not p.lines]
    if chars < 20 * count:
        if any(p.images for p in pages):
            raise ImportProblem(name, _("is a scanned PDF: its pages are images with no text layer, so there is no "
                                        "text to read; find the notice as text (the portal's web page, a .docx, or a "
                                        "PDF exported from the document), or run OCR on it (e.g. ocrmypdf -l chi_sim) "
                                        "and check the recognised text against the scan before importing"))
        if chars == 0:
            raise ImportProblem(name, _("is a PDF with no text in it: check that this is the notice; export the "
                                        "PDF again from the document"))
    if with_images:
        reading.warnings.append(_("pages {pages} hold only images (scanned pages?): their text is missing; check "
                                  "the plan against the PDF").format(pages=_ranges(with_images)))
    rotated = [p.number for p in pages if p.rotated]
    if rotated:
        reading.repairs.append(_("rotated text (a seal's?) dropped on pages {pages}").format(pages=_ranges(rotated)))
    body_size = _body_size(pages)
    _drop_page_furniture(pages, body_size, reading)
    mark = _issuer_mark(pages, body_size)
    if mark:
        mark = _radicals(mark)[0]
        reading.issuer_mark = mark
        reading.repairs.append(_("发文机关标志 recognised by its layout (red, large, on top of page 1): {mark}").format(
            mark=mark))
    paragraphs = _paragraphs(pages, body_size, reading)
    lines: list[str] = []
    tables = [p.table for p in pages if p.table is not None]
    previous_mark = False
    for text, page in paragraphs:
        if TABLE_MARK in text:
            found = tables.pop(0)
            if previous_mark and reading.tables and found.columns == len(reading.tables[-1].grid.cells[0]):
                found.grid = pdf_table.join(reading.tables.pop().grid, found.grid)  # goes on over the page break
            found.grid.line = len(lines)
            reading.tables.append(found)
            previous_mark = True
            text = text.replace(TABLE_MARK, "").strip()
            if not text:
                continue
        else:
            previous_mark = False
        reading.pages[len(lines) + 1] = page
        lines += [text, ""]
    lines = _place_tables(reading, lines)
    text = "\n".join(lines)
    text, radicals = _radicals(text)
    if radicals:
        reading.repairs.append(_("{count} Kangxi radical code points written as the ideographs they show "
                                 "(⼈ → 人)").format(count=radicals))
    reading.text = text
    return reading


def _extractable(pages: list[Page], name: str, reading: Reading) -> None:
    """Refuse a PDF whose glyphs mostly have no Unicode mapping (no ToUnicode map, no usable
    encoding): what it says cannot be read from it. Warn when some do, or when its fonts are
    not embedded (the text was read through this machine's fonts). Refuse one whose text in
    fonts it does not embed came out empty, piece after piece: this machine has no font for them."""
    lost = [p.number for p in pages if p.lost]
    # A piece of whitespace extracts nothing too, so a few empty pieces are no sign; a missing font
    # empties every piece set character by character (justified lines), most of such a page's.
    if lost and sum(p.lost for p in pages) * 5 >= sum(p.in_unembedded for p in pages):
        fonts = "、".join(sorted(set().union(*(p.unembedded for p in pages))))
        raise ImportProblem(name, _("its text cannot be extracted on this machine: {count} pieces of text on pages "
                                    "{pages} are set in fonts the PDF does not embed ({fonts}), and no font installed "
                                    "here has their characters, so the text read would miss them. Install CJK fonts "
                                    "(Debian: apt-get install fonts-noto-cjk) and import again, or ask for a PDF with "
                                    "embedded fonts, the .docx or the notice's web page").format(
            count=sum(p.lost for p in pages), pages=_ranges(lost), fonts=fonts))
    unmapped = sum(p.unmapped for p in pages)
    total = sum(p.characters for p in pages)
    if unmapped and unmapped * 10 >= total:
        raise ImportProblem(name, _("its text cannot be extracted: {count} of its {total} characters are glyphs "
                                    "without a Unicode mapping in the PDF's fonts (no ToUnicode map), so the words "
                                    "cannot be read from it. Ask for the notice as .docx, as its web page, or as a "
                                    "PDF exported from the document; or run OCR on it (e.g. ocrmypdf -l chi_sim "
                                    "--force-ocr) and check the recognised text before importing").format(
            count=unmapped, total=total))
    if unmapped:
        reading.warnings.append(_("{count} characters have no Unicode mapping in the PDF's fonts and may read "
                                  "wrong: compare the plan's text with the PDF").format(count=unmapped))
    unembedded = sorted(set().union(*(p.unembedded for p in pages)))
    if unembedded:
        reading.warnings.append(_("the PDF does not embed its fonts ({fonts}): its text was read with this "
                                  "machine's fonts; compare the plan's text with the PDF").format(
            fonts="、".join(unembedded)))


def _fonts(page, textpage, result: Page, pdfium_c) -> None:
    """Note the fonts the page names without embedding, and count the pieces of text set in them
    that PDFium extracts nothing from (on a machine without such a font it drops the characters)."""
    name = ctypes.create_string_buffer(128)
    for text in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,), max_depth=3):
        font = pdfium_c.FPDFTextObj_GetFont(text.raw)
        if not font or pdfium_c.FPDFFont_GetIsEmbedded(font):
            continue
        pdfium_c.FPDFFont_GetBaseFontName(font, name, len(name))
        result.unembedded.add(name.value.decode("latin-1") or "?")
        result.in_unembedded += 1
        size = pdfium_c.FPDFTextObj_GetText(text.raw, textpage.raw, None, 0)
        words = ctypes.create_string_buffer(max(size, 2))
        if size > 2:
            pdfium_c.FPDFTextObj_GetText(text.raw, textpage.raw, ctypes.cast(words, ctypes.POINTER(pdfium_c.FPDF_WCHAR)),
                                         size)
        if not words.raw[:max(size - 2, 0)].decode("utf-16-le", "replace").strip():
            result.lost += 1


def _place_tables(reading: Reading, lines: list[str]) -> list[str]:
    """Each ruled table read as a task table (readers/table.py) where its header names tasks and
    units; any other ruled table gives its cells' text as lines, row by row, where it stood."""
    found, reading.tables = reading.tables, []
    for item in reversed(found):
        grid = item.grid
        table = task_table(grid)
        if table is not None:
            at = grid.line
            above = [piece for text in table.above for piece in (text, "")]
            lines[at:at] = above
            table.line = at + len(above)
            reading.tables.insert(0, table)
            reading.repairs.append(_("a ruled table of {rows} rows read as a task table by its headers: {headers}")
                                   .format(rows=len(table.rows),
                                           headers=" | ".join(h for _role, h in table.headers.values())))
        else:
            cells = [piece for row in grid.cells for text in dict.fromkeys(c for c in row if c) for piece in (text, "")]
            lines[grid.line:grid.line] = cells
            reading.repairs.append(_("a ruled table that is not a task table read as lines of text, cell by cell"))
    return lines


def _page(document, index: int, pdfium_c) -> Page:
    page = document[index]
    width, height = page.get_size()
    result = Page(index + 1, width, height)
    try:
        result.images = sum(1 for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3))
        textpage = page.get_textpage()
        chars: list[Char] = []
        r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
        count = textpage.count_chars()
        index_ = 0
        while index_ < count:
            i = index_
            index_ += 1
            if pdfium_c.FPDFText_IsGenerated(textpage, i) == 1:
                continue
            result.characters += 1
            if pdfium_c.FPDFText_HasUnicodeMapError(textpage, i) == 1:
                result.unmapped += 1
            code = pdfium_c.FPDFText_GetUnicode(textpage, i)
            if 0xD800 <= code < 0xDC00 and index_ < count:
                low = pdfium_c.FPDFText_GetUnicode(textpage, index_)
                if 0xDC00 <= low < 0xE000:
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    index_ += 1
            if code < 0x20 and code != 0x09 or code in (0xFFFE, 0xFFFF) or 0xD800 <= code < 0xE000:
                continue
            angle = pdfium_c.FPDFText_GetCharAngle(textpage, i)
            if angle >= 0 and min(angle, 2 * math.pi - angle) > 0.05:
                result.rotated += 1
                continue
            x0, bottom, x1, top = textpage.get_charbox(i, loose=True)
            size = pdfium_c.FPDFText_GetFontSize(textpage, i) or (top - bottom)
            red = False
            if pdfium_c.FPDFText_GetFillColor(textpage, i, r, g, b, a):
                red = r.value >= 150 and r.value - max(g.value, b.value) >= 90
            text = "\t" if code == 0x09 else chr(code)
            chars.append(Char(text, x0, x1, bottom, top, size, red))
        _fonts(page, textpage, result, pdfium_c)
        textpage.close()
        rules = [pdf_table.Rule(*_bounds(o)) for o in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=3)]
        result.table, chars = pdf_table.find(rules, chars, lambda found: "".join(
            line.text for line in _lines(found, index + 1)))
        result.lines = _lines(chars, index + 1)
        if result.table is not None:
            mark = Line(index + 1, [Char(TABLE_MARK, result.table.left, result.table.left + 1, result.table.top - 1,
                                         result.table.top, 0.01, False)])
            at = next((i for i, line in enumerate(result.lines) if line.chars[0].middle < result.table.top),
                      len(result.lines))
            result.lines.insert(at, mark)
    finally:
        page.close()
    return result


def _bounds(obj) -> tuple[float, float, float, float]:
    """x0, x1, bottom, top of a page object (a rule of a table is a thin path)."""
    left, bottom, right, top = obj.get_bounds()
    return left, right, bottom, top


def _lines(chars: list[Char], page: int) -> list[Line]:
    """Characters gathered into lines by their height on the page, top to bottom, left to right."""
    groups: list[list[Char]] = []
    total = size = 0.0  # running sum of the current line's middles, and its largest size
    for char in sorted(chars, key=lambda c: -c.middle):
        if groups and abs(char.middle - total / len(groups[-1])) <= 0.4 * max(size, char.size):
            groups[-1].append(char)
            total += char.middle
            size = max(size, char.size)
            continue
        groups.append([char])
        total, size = char.middle, char.size
    result = []
    for group in groups:
        group.sort(key=lambda c: c.x0)
        if any(not c.text.isspace() for c in group):
            result.append(Line(page, group))
    return result


def _line_text(chars: list[Char]) -> str:
    """The line's text: a wide gap is two spaces, a gap beside a Latin letter or digit one space."""
    out = []
    previous: Char | None = None
    for char in chars:
        if previous is not None and not char.text.isspace() and not previous.text.isspace():
            gap = char.x0 - previous.x1
            em = max(char.size, previous.size)
            if gap > 1.5 * em:
                out.append("  ")
            elif gap > 0.2 * em and (LATIN.match(char.text) or LATIN.match(previous.text)):
                out.append(" ")
        out.append(char.text)
        previous = char
    return re.sub(r"[ \t\u3000]+$", "", re.sub(r"^[ \t\u3000]+", "", "".join(out)))


def _body_size(pages: list[Page]) -> float:
    """The body text's size: the size most characters have."""
    counts: dict[float, int] = {}
    for page in pages:
        for line in page.lines:
            key = round(line.size * 2) / 2
            counts[key] = counts.get(key, 0) + len(line.text)
    return max(counts, key=lambda size: counts[size]) if counts else 12.0


def _drop_page_furniture(pages: list[Page], size: float, reading: Reading) -> None:
    """Page numbers and running heads or feet go; what was dropped is reported."""
    numbered, samples = [], []
    for page in pages:
        for line in (page.lines[-1:] + page.lines[:1]) if page.lines else []:
            if PAGE_NUMBER.match(line.text.strip()) and _at_edge(page, line) \
                    and (DASHED.search(line.text) or "页" in line.text or "/" in line.text or _far_out(page, line)):
                page.lines.remove(line)
                numbered.append(page.number)
                samples.append(line.text.strip())
                break
    if numbered:
        reading.repairs.append(_("page numbers dropped on pages {pages} ({samples})").format(
            pages=_ranges(numbered), samples=", ".join(dict.fromkeys(samples[:3]))))
    pitch = _pitch(pages, size)
    seen: dict[tuple[str, str], list[tuple[Page, Line]]] = {}
    for page in pages:
        if len(page.lines) < 2:
            continue
        for where, line, neighbour in (("top", page.lines[0], page.lines[1]), ("foot", page.lines[-1], page.lines[-2])):
            if _gap(line, neighbour) >= 1.6 * pitch or abs(line.size - size) > 0.15 * size:
                key = re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))
                seen.setdefault((where, key), []).append((page, line))
    for (where, _key), found in seen.items():
        if len(found) >= 2 and len(found) >= len(pages) / 2:
            for page, line in found:
                if line in page.lines:
                    page.lines.remove(line)
            reading.repairs.append(_("running {where} dropped on pages {pages}: {text}").format(
                where=_("head") if where == "top" else _("foot"), pages=_ranges([p.number for p, _l in found]),
                text=found[0][1].text))


def _at_edge(page: Page, line: Line) -> bool:
    """In the top or bottom fifth of the page (where page numbers stand)."""
    return line.bottom < page.height * 0.2 or line.top > page.height * 0.8


def _far_out(page: Page, line: Line) -> bool:
    """A bare number counts as a page number only in the outer tenth of the page."""
    return line.bottom < page.height * 0.1 or line.top > page.height * 0.9


def _gap(a: Line, b: Line) -> float:
    """Distance between the middles of two lines."""
    return abs((a.top + a.bottom) / 2 - (b.top + b.bottom) / 2)


def _pitch(pages: list[Page], size: float) -> float:
    """The usual distance from one body line to the next."""
    gaps = [_gap(a, b) for p in pages for a, b in zip(p.lines, p.lines[1:])
            if abs(a.size - size) <= 0.15 * size and abs(b.size - size) <= 0.15 * size]
    return statistics.median(gaps) if gaps else 1.8 * size


def _issuer_mark(pages: list[Page], size: float) -> str | None:
    """The red, large lines on top of page 1 (发文机关标志), joined; removed from the text."""
    first = pages[0]
    mark = []
    for line in list(first.lines[:4]):
        if line.red and line.size >= 1.3 * size:
            mark.append(line)
        elif mark:
            break
    if not mark:
        return None
    for line in mark:
        first.lines.remove(line)
    return "".join(re.sub(r"\s+", "", line.text) for line in mark)


def _margins(pages: list[Page], size: float) -> dict[int, tuple[float, float]]:
    """Left and right edge of the text block of each page (a sparse page takes the document's)."""
    edges: dict[int, tuple[float, float]] = {}
    for page in pages:
        body = [line for line in page.lines if abs(line.size - size) <= 0.15 * size]
        if len(body) < 3:
            continue
        left = min(line.x0 for line in body)
        widest = max(line.x1 for line in body)
        right = statistics.median([line.x1 for line in body if line.x1 >= widest - 3 * size])
        edges[page.number] = (left, right)
    if edges:
        default = (statistics.median(e[0] for e in edges.values()), statistics.median(e[1] for e in edges.values()))
    else:
        default = (min((l.x0 for p in pages for l in p.lines), default=0.0),
                   max((l.x1 for p in pages for l in p.lines), default=0.0))
    return {page.number: edges.get(page.number, default) for page in pages}


def _paragraphs(pages: list[Page], size: float, reading: Reading) -> list[tuple[str, int]]:
    """Lines joined into paragraphs by the layout; (text, page of its first line)."""
    margins = _margins(pages, size)
    pitch = _pitch(pages, size)
    paragraphs: list[tuple[str, int]] = []
    joined = 0
    across: list[str] = []
    previous: Line | None = None
    for page in pages:
        for line in page.lines:
            if previous is not None and _continues(previous, line, margins, size, pitch):
                text, first_page = paragraphs[-1]
                paragraphs[-1] = (_join(text, line.text, previous.chars[-1].text.isspace()), first_page)
                joined += 1
                if line.page != previous.page:
                    across.append(f"{previous.page}→{line.page}")
            else:
                paragraphs.append((line.text, line.page))
            previous = line
    if joined:
        reading.repairs.append(_("{joined} line breaks inside paragraphs joined (a Chinese line break is not a "
                                 "space), {across} of them across a page break{pages}").format(
            joined=joined, across=len(across), pages=f" ({', '.join(across)})" if across else ""))
    return paragraphs


def _continues(previous: Line, line: Line, margins: dict, size: float, pitch: float) -> bool:
    """Whether line goes on with previous's paragraph: previous runs to the right edge, line starts
    at the left edge, both in the body's size and colour, and (on one page) at the usual spacing."""
    if abs(previous.size - line.size) > 0.15 * size or previous.red != line.red:
        return False
    if line.page == previous.page and _gap(previous, line) > 1.4 * pitch:
        return False
    if line.page not in (previous.page, previous.page + 1):
        return False
    left = margins[line.page][0]
    right = margins[previous.page][1]
    if line.x0 > left + 0.8 * size:
        return False  # indented: a new paragraph (or a centred or right-aligned line)
    if previous.x0 > margins[previous.page][0] + 4 * size and previous.x1 < right - 0.5 * size:
        return False  # a centred or right-aligned line before
    if previous.text.endswith(("。", "；", "）", "〕", "】")) and parse_label(line.text):
        return False  # a numbered paragraph set flush left after a full line that ended a sentence
    reach = previous.x1 + line.first_word_width()
    return previous.x1 >= right - 1.2 * size or reach >= right - 0.3 * size


def _join(left: str, right: str, spaced: bool) -> str:
    """Two pieces of one paragraph: no space (a Chinese line break is not one), except where the
    line ended with a space beside a Latin letter or digit (氧乐果等 4 | 种), or between two
    letters (a word wrapped); never inside a number (5 | 0% is 50%)."""
    if left and right and (spaced and (LATIN.match(left[-1]) or LATIN.match(right[0]))
                           or left[-1].isascii() and left[-1].isalpha() and right[0].isascii() and right[0].isalpha()):
        return left + " " + right
    return left + right


def _radicals(text: str) -> tuple[str, int]:
    """Kangxi radicals (U+2F00–U+2FD5) and CJK radical forms written as the ideographs they show."""
    count = 0
    out = []
    for char in text:
        if "\u2f00" <= char <= "\u2fd5":
            out.append(unicodedata.normalize("NFKC", char))
            count += 1
        elif char in RADICALS:
            out.append(RADICALS[char])
            count += 1
        else:
            out.append(char)
    return "".join(out), count



FORMAT = register(Format("pdf", "PDF", (".pdf",), read_pdf, sniff=lambda head: b"%PDF-" in head[:1024], order=10))
