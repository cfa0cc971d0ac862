"""A portal's web page (.html saved from a 政府信息公开 page), read with lxml.

A portal wraps a notice in its site: navigation, breadcrumbs (当前位置), the metadata table
(索引号, 主题分类, 发文机关, 成文日期, 发文字号, 发布日期, 有效性, 公开方式), share and print
links, 浏览次数, and a footer with 网站标识码 and ICP numbers. This reader reads the
metadata table into the notice's fields, removes the site's chrome, finds the element that
holds the notice's text (the smallest one holding nearly all of what is left), and gives its
blocks as lines. The page's heading is put first when the text does not start with it (the
text of a portal page usually starts at the 主送机关). The page's own address (canonical
link or og:url) is kept as the source's URL.
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import urljoin, urlsplit

from ...i18n import N_, _
from ..errors import ImportProblem
from ..text import decode
from . import Format, Reading, looks_html, register
from .table import Grid, task_table

# The metadata table's labels (spaces inside them vary: 索 引 号) → notice fields.
META = {
    "索引号": "index_number", "主题分类": "subject", "主题类别": "subject", "分类": "subject",
    "发文机关": "signatory", "发布机构": "signatory", "发文单位": "signatory",
    "成文日期": "date_signed", "发文日期": "date_signed",
    "发文字号": "doc_number", "文号": "doc_number",
    "发布日期": "date_published", "公开日期": "date_published",
    "有效性": "validity", "时效性": "validity", "效力状态": "validity",
    "公开方式": "disclosure_method", "公开形式": "disclosure_method",
    "标题": "title", "名称": "title", "文件名称": "title",
}
DATE_FIELDS = {"date_signed", "date_published"}
_LABEL = re.compile("^(" + "|".join(sorted(META, key=len, reverse=True)) + ")[:：]?(.*)$")
BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "td", "th", "table", "section",
          "article", "blockquote", "dd", "dt", "dl", "ul", "ol", "center", "pre", "main", "hr", "caption", "form"}
DROP_TAGS = ("script", "style", "noscript", "iframe", "nav", "aside", "select", "button", "input", "textarea",
             "svg", "object", "embed", "template", "map", "video", "audio", "img")
# Class and id words (at the start of a word) of the site's chrome.
CHROME_NAMES = ("nav", "menu", "breadcrumb", "crumb", "foot", "share", "bdshare", "print", "toolbar", "tool",
                "copyright", "sidebar", "friend", "qrcode", "ewm", "search", "pager", "pagination", "location",
                "position", "weizhi", "dqwz", "bottom", "related", "comment")
CHROME_LINES = re.compile(
    r"^(当前位置|您(现在)?的?(当前)?位置|所在位置)[:：]|首页\s*[>＞»›/]|"
    r"(浏览|阅读|访问|点击)(次数|量|数)[:：]?|"
    r"^[【\[]?\s*(打印|关闭|打印本页|关闭窗口|返回顶部|收藏|分享到?|字体|字号|纠错|我要纠错)|"
    r"网站标识码|ICP\s*备|公网安备|版权所有|主办单位[:：]|承办单位[:：]|技术支持[:：]|网站地图|联系我们|"
    r"建议使用.{0,20}浏览器|分辨率|扫一扫|上一篇|下一篇|^来源[:：]|^信息来源[:：]|^【?\s*字体[:：]")
CJK = re.compile(r"[\u3400-\u9fff]")
ATTACHMENT = re.compile(r"\.(pdf|docx?|wps|ofd|xlsx?|et|zip|rar)$", re.I)


def read_html(data: bytes, name: str) -> Reading:
    import lxml.html
    from lxml import etree

    text = _decode(data, name)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        raise ImportProblem(name, _("cannot be read as a web page: it holds no HTML document; save the page "
                                    "again (in the browser: Save page as, Web page, HTML only)")) from None
    reading = Reading("html", _("web page, read with lxml"), "", portal=True)
    reading.source_url = _address(root, reading)
    reading.attachments = _attachments(root)
    removed = _drop_chrome(root)
    meta = _metadata(root)
    heading = meta.pop("title", None) or _heading(root)
    for key, value in meta.items():
        if key in DATE_FIELDS:
            date = _date(value)
            if date is None:
                reading.warnings.append(_("the page's {label} `{value}` is not a date: left null").format(
                    label=key, value=value))
            reading.notice[key] = date
        else:
            reading.notice[key] = value
    if meta:
        reading.repairs.append(_("the page's metadata table read into the notice: {fields}").format(
            fields=", ".join(meta)))
    content = _content(root)
    if content is None:
        raise no_notice(name, reading.attachments)
    lines, dropped = _lines(content, reading)
    if heading and not _starts_with(lines, heading):
        lines.insert(0, heading)
        reading.repairs.append(_("the page's heading put first as the notice's title: {heading}").format(
            heading=heading))
    if removed or dropped:
        samples = "; ".join(dict.fromkeys(dropped))[:200]
        reading.repairs.append(_("the site's chrome removed (navigation, breadcrumbs, share and print links, "
                                 "footer: {elements} elements, {lines} lines{samples})").format(
            elements=removed, lines=len(dropped), samples=f": {samples}" if samples else ""))
    reading.text = "\n\n".join(lines)
    return reading


def no_notice(name: str, attachments: list[str]) -> ImportProblem:
    """The message for a page that holds no plan: its attachments, if it links any, are the way on."""
    if attachments:
        return ImportProblem(name, _("is a web page without the plan's tasks in its text; the page links "
                                     "attachments: {files}; download the one that holds the plan (PDF, .docx "
                                     "or .xlsx) and import it").format(files="、".join(attachments)))
    return ImportProblem(name, _("is a web page without a work plan notice in it: no numbered tasks were found in "
                                 "its text (expected parts 一、 with tasks （一） or 1.); save the page of the notice "
                                 "itself, or import its attached PDF or .docx"))


def _decode(data: bytes, name: str) -> str:
    """The page's text, in the encoding its BOM or <meta charset> names, else detected."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    match = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_-]+)", data[:8192], re.I)
    if match:
        codec = match.group(1).decode("ascii").lower()
        codec = "gb18030" if codec in {"gb2312", "gbk", "cp936", "x-gbk", "gb_2312-80"} else codec
        try:
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, name)


def _address(root, reading: Reading) -> str | None:
    """The page's own address: its canonical link, else og:url; absolute http(s) only."""
    base = next(iter(root.xpath("//base/@href")), "")
    for href in root.xpath("//link[translate(@rel,'CANOLIC','canolic')='canonical']/@href") + \
            root.xpath("//meta[@property='og:url']/@content"):
        href = urljoin(base, href.strip()) if base else href.strip()
        if urlsplit(href).scheme in ("http", "https") and not re.search(r"\s", href):
            return href
        reading.warnings.append(_("the page names its address as `{href}`, not a full http(s) address: "
                                  "source.url left null; fill it in").format(href=href))
        return None
    return None


def _attachments(root) -> list[str]:
    """Files the page links as attachments (附件): their link text, else their file name."""
    found = []
    for link in root.xpath("//a[@href]"):
        path = urlsplit(link.get("href", "")).path
        if ATTACHMENT.search(path):
            label = re.sub(r"\s+", "", link.text_content()) or path.rsplit("/", 1)[-1]
            if label not in found:
                found.append(label)
    return found


def _drop_chrome(root) -> int:
    """Remove the site's scripts, navigation, headers and footers; return how many elements went."""
    count = 0
    for element in root.xpath("//comment() | //processing-instruction()"):
        _remove(element)
    for element in list(root.iter(*DROP_TAGS)):
        _remove(element)
        count += 1
    for element in list(root.iter("header", "footer")):
        if element.tag == "footer" or not any(a.tag in ("article", "main") for a in element.iterancestors()):
            _remove(element)
            count += 1
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        names = re.split(r"[\s_\-]+", f"{element.get('class', '')} {element.get('id', '')}".lower())
        if any(n.startswith(CHROME_NAMES) for n in names if n) and not _holds_notice(element):
            _remove(element)
            count += 1
    for element in list(root.iter("ul", "ol", "div", "table", "td", "p", "span")):
        if element.getparent() is not None and _mostly_links(element):
            _remove(element)
            count += 1
    return count


def _holds_notice(element) -> bool:
    """A chrome-named element that holds the notice (a print area wrapping the article)."""
    return len(CJK.findall(element.text_content())) > 300


def _mostly_links(element) -> bool:
    """A list of links (navigation, related articles): most of its text is in <a>."""
    text = len(re.sub(r"\s+", "", element.text_content()))
    if text == 0 or text > 600:
        return False
    linked = sum(len(re.sub(r"\s+", "", a.text_content())) for a in element.iter("a"))
    return linked / text > 0.6 and not ATTACHMENT.search(" ".join(a.get("href", "") for a in element.iter("a")))


def _remove(element) -> None:
    """Remove an element but keep its tail text (the text after it belongs to its parent)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _runs(root):
    """The page's text runs in order, each with the element it belongs to."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.text and element.text.strip():
            yield element.text, element
        for child in element:
            if child.tail and child.tail.strip():
                yield child.tail, element


def _squeeze(text: str) -> str:
    return re.sub(r"[\s\u00a0\u3000]+", "", text)


def _metadata(root) -> dict[str, str]:
    """The metadata table's values by field, and its elements removed from the page.

    A label is a text run that starts with one of META's labels (spaces inside ignored); its
    value is the rest of the run after the colon, else the next run of text.
    """
    runs = list(_runs(root))
    found: dict[str, str] = {}
    used = []
    for index, (text, element) in enumerate(runs):
        squeezed = _squeeze(text)
        match = _LABEL.match(squeezed)
        if not match or len(squeezed) > 80:
            continue
        label, rest = match.group(1), match.group(2)
        if not rest and not re.search(r"[:：]\s*$", text) and element.tag not in ("td", "th", "dt", "span", "b",
                                                                                  "strong", "label", "em", "li"):
            continue
        value_element = element
        if not rest:
            following = runs[index + 1] if index + 1 < len(runs) else None
            if following is None or _LABEL.match(_squeeze(following[0])):
                continue
            rest, value_element = following[0], following[1]
        field = META[label]
        value = re.sub(r"^[\s\u00a0\u3000]+|[\s\u00a0\u3000]+$", "", re.sub(r"[ \t\r\n\u00a0]+", " ", rest))
        if field not in found and value:
            found[field] = value
            used += [element, value_element]
    if len(found) >= 2:  # a metadata table, not a stray word in the text
        for element in used:
            cell = _cell_of(element)
            if cell.getparent() is not None:
                _remove(cell)
        return found
    return {}


def _cell_of(element):
    """The cell or item holding a label or value (td, li, dd, p …), to remove with it."""
    for candidate in [element, *element.iterancestors()]:
        if candidate.tag in ("td", "th", "li", "dd", "dt", "p", "tr") or candidate.tag == "div" and \
                len(_squeeze(candidate.text_content())) < 120:
            return candidate
    return element


def _heading(root) -> str | None:
    """The notice's title as the page heads it: a heading (h1, h2, an element named title, the
    <title> without the site's name) that reads like one (…的通知, …安排/方案/要点); else None."""
    candidates = []
    for xpath in ("//h1", "//h2", "//h3", "//*[contains(@class,'title') or contains(@id,'title')]"):
        candidates += [_inline(e.text_content()) for e in root.xpath(xpath)]
    title = next(iter(root.xpath("//title")), None)
    if title is not None:
        candidates += [_inline(p) for p in re.split(r"[_|]|\s-\s", title.text_content()) if p.strip()]
    candidates = [c for c in candidates if 6 <= len(_squeeze(c)) <= 120]
    for pattern in (r"关于.+的通知$", r"通知$", r"(安排|方案|要点|计划)$"):
        for candidate in candidates:
            if re.search(pattern, candidate):
                return candidate
    return None


def _content(root):
    """The smallest element holding nearly all of the page's remaining text."""
    body = next(iter(root.xpath("//body")), root)
    total = _weight(body)
    if total == 0:
        return None
    element = body
    while True:
        children = [c for c in element if isinstance(c.tag, str)]
        best = max(children, key=_weight, default=None)
        if best is None or _weight(best) < 0.85 * _weight(element):
            return element
        element = best


def _weight(element) -> int:
    return len(CJK.findall(element.text_content()))


def _lines(content, reading: Reading) -> tuple[list[str], list[str]]:
    """The content's blocks as lines; chrome lines dropped (returned for the report). A task table
    in the content is read as rows (readers/table.py) where it stands."""

    def on_table(element, lines: list[str]) -> bool:
        grid = _grid(element)
        table = task_table(grid) if grid.cells else None
        if table is None:
            return False
        lines.extend(table.above)
        table.line = 2 * len(lines)
        reading.tables.append(table)
        lines.extend(table.below)
        reading.repairs.append(_("a task table of {rows} rows read by its headers: {headers}").format(
            rows=len(table.rows), headers=" | ".join(h for role, h in table.headers.values())))
        return True

    kept, dropped = [], []
    for line in _blocks(content, on_table):
        if len(line) <= 120 and CHROME_LINES.search(line):
            dropped.append(line)
        else:
            kept.append(line)
    return kept, dropped


def _blocks(element, on_table=None) -> list[str]:
    """The text of element as lines, one per block (p, div, br, li, tr, td …), as a browser lays
    it out; `on_table(table, lines)` may take a table and return True to skip its cells."""
    pieces: list[str] = []
    lines: list[str] = []

    def flush() -> None:
        text = _inline("".join(pieces))
        pieces.clear()
        if text:
            lines.append(text)

    def walk(node) -> None:
        if node.tag == "table" and on_table is not None:
            flush()
            if on_table(node, lines):
                return
        block = node.tag in BLOCKS
        if block:
            flush()
        if node.text:
            pieces.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                pieces.append(child.tail)
        if block:
            flush()

    walk(element)
    flush()
    return lines


def _inline(text: str) -> str:
    """Text of a block as a browser shows it: a line break between two Chinese characters is no
    space (CSS Text, segment breaks), other runs of white space are one; ends trimmed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])[ \t]*\n[ \t\n]*(?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])",
                  "", text)
    text = re.sub(r"[ \t\n]+", " ", text)
    return text.replace("\u00a0", " ").strip(" \u3000")


def _grid(table) -> Grid:
    """An HTML table as a grid: rowspan and colspan repeat a cell's text, with its origin."""
    cells: list[list[str]] = []
    origins: list[list[tuple[int, int]]] = []
    pending: dict[tuple[int, int], tuple[str, tuple[int, int]]] = {}
    rows = [tr for tr in table.iter("tr") if next(tr.iterancestors("table"), None) is table]
    for r, tr in enumerate(rows):
        texts, where, c = [], [], 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in pending:
                text, origin = pending.pop((r, c))
                texts.append(text)
                where.append(origin)
                c += 1
            text = "\n".join(_blocks(cell))
            span_c = _span(cell.get("colspan"))
            span_r = _span(cell.get("rowspan"))
            for dc in range(span_c):
                for dr in range(1, span_r):
                    pending[(r + dr, c + dc)] = (text, (r, c))
                texts.append(text)
                where.append((r, c))
            c += span_c
        while (r, c) in pending:
            text, origin = pending.pop((r, c))
            texts.append(text)
            where.append(origin)
            c += 1
        cells.append(texts)
        origins.append(where)
    return Grid(cells, origins)


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1


def _date(text: str) -> datetime.date | None:
    match = re.search(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})", text)
    if not match:
        return None
    try:
        return datetime.date(*map(int, match.groups()))
    except ValueError:
        return None


def _starts_with(lines: list[str], heading: str) -> bool:
    start = _squeeze("".join(lines[:4]))
    return _squeeze(heading)[:20] in start


FORMAT = register(Format("html", N_("web page"), (".html", ".htm", ".shtml", ".xhtml"), read_html, sniff=looks_html,
                         order=70, text=True))
