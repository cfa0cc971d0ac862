"""The covering notice's GB/T 9704-2012 elements, read from the head and the tail of the text.

Head: 发文机关标志 (…文件), 发文字号, 标题 (…的通知, possibly over several lines), 主送机关
(ending with ：), 正文, 发文机关署名, 成文日期, 附注 （此件…）. Tail: 抄送机关 and 印发机关和
印发日期. Then the plan's own title line. Whatever the document lacks stays None.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .. import schema
from ..i18n import _
from .numbering import parse_label
from .responsibility import looks_like_units
from .text import Line

DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# 发文字号 as printed: 〔2024〕, [2024], （2024）, (2024) or 【2024】, digits half or full width
DOC_NUMBER = re.compile(r"^\S{1,15}[〔\[【（(［]\s*\d{4}\s*[〕\]】）)］]\s*第?\s*\d+\s*号$")
ANNOTATION = re.compile(r"^[（(]此件[^）)]*[）)]$")
# 成文日期 with the 附注 on the same line: 2024年3月1日（此件公开发布）
DATED_ANNOTATION = re.compile(r"^(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*(?P<note>[（(]此件[^）)]*[）)])$")
# Lines some documents print above the 发文机关标志: a normative document's 登记号
# (XXXD01—2024—0001), the portal's 索引号 and 公开方式. Kept as data, never as the body.
REGISTRATION = re.compile(r"^(?:(?:规范性文件)?(?:统一)?登记号[：:]\s*)?(?P<value>[A-Z]{2,6}\d{0,3}[—\-－–]+\d{4}[—\-－–]+\d{3,5})$")
ABOVE_HEAD = {"索引号": "index_number", "公开方式": "disclosure_method", "公开属性": "disclosure_method"}
FIELDS = schema.NOTICE_FIELDS  # the notice's own elements that every imported plan writes (登记号 only when found)


@dataclass
class Head:
    """What was read from the document's head and tail, and where the plan body lies."""

    notice: dict = field(default_factory=lambda: dict.fromkeys(FIELDS))
    title: str | None = None
    title_lines: list[int] = field(default_factory=list)
    body_start: int = 0
    body_end: int = 0
    unplaced: list[Line] = field(default_factory=list)
    read: list[Line] = field(default_factory=list)  # the head's lines, for a message naming what was read

    @property
    def header_missing(self) -> bool:
        """No element of the notice was found (遂宁): every notice field is then unknown."""
        return not any(self.notice.get(f) for f in FIELDS)


def _date(text: str) -> datetime.date | None:
    """A 成文日期/印发日期 as a date; None when the line is not exactly a date."""
    match = DATE.search(text)
    if not match:
        return None
    try:
        return datetime.date(*map(int, match.groups()))
    except ValueError:
        return None


def _next(lines: list[Line], i: int) -> int:
    """Index of the next non-blank line at or after i (len(lines) when none is left)."""
    while i < len(lines) and not lines[i].text:
        i += 1
    return i


def _plain(text: str) -> bool:
    """A short line without sentence punctuation: a name, a mark or a title line."""
    return len(text) <= 40 and not re.search(r"[。，；：！？]", text)


def read_head(lines: list[Line]) -> Head:
    """Read the notice elements and the plan title; the rest of the lines are the plan body."""
    head = Head(body_end=len(lines))
    _read_tail(lines, head)
    i = _above_head(lines, _next(lines, 0), head)
    n = head.notice
    if i < len(lines) and _issuer_mark(lines[i].text):
        n["issuer_mark"], i = _squeeze(lines[i].text), _next(lines, i + 1)
    if i < len(lines) and DOC_NUMBER.match(lines[i].text):
        n["doc_number"], i = doc_number(lines[i].text), _next(lines, i + 1)
    i = _notice_title(lines, i, head)
    if n["title"] and n["doc_number"] is None and i < len(lines) and DOC_NUMBER.match(lines[i].text):
        n["doc_number"], i = doc_number(lines[i].text), _next(lines, i + 1)  # 文号 under the title
    if n["title"] or _addressees(lines, i):
        i = _notice_rest(lines, i, head)  # a portal copy starts at the 主送机关 (no mark, 文号 or title)
    i = _plan_title(lines, i, head)
    head.body_start = i
    head.read = [line for line in lines[:i] if line.text]
    if n["date_signed"] is None and n["signatory"] is None:
        _signature_at_end(lines, head)
    return head


def _signature_at_end(lines: list[Line], head: Head) -> None:
    """署名, 成文日期 and 附注 after the text, where a notice whose text is the plan (or a copy
    that lost its head) has them: read there, and the plan ends before them."""
    k = head.body_end - 1
    while k > head.body_start and not lines[k].text:
        k -= 1
    annotation = None
    if k > head.body_start and ANNOTATION.match(lines[k].text):
        annotation, k = lines[k].text, k - 1
        while k > head.body_start and not lines[k].text:
            k -= 1
    if k <= head.body_start or not _date_line(lines[k].text):
        return
    n = head.notice
    dated = DATED_ANNOTATION.match(lines[k].text.strip())
    n["date_signed"] = _date(lines[k].text)
    n["annotation"] = annotation or (dated.group("note") if dated else None) or n["annotation"]
    end, k = k, k - 1
    while k > head.body_start and not lines[k].text:
        k -= 1
    text = lines[k].text
    if k > head.body_start and _plain(text) and not parse_label(text) and len(text) <= 30:
        n["signatory"], end = text, k
    head.body_end = end


def doc_number(text: str) -> str:
    """A 发文字号 as printed, spaces dropped: 〔〕 [] 【】 and full-width digits kept; a pair of
    half-width ( ) is written full width as a whole (the repair writes ( beside a Chinese
    character full width, and the ) beside a digit must match it)."""
    text = re.sub(r"\s+", "", text)
    return re.sub(r"[（(](\d{4})[）)]", r"（\1）", text)


def _squeeze(text: str) -> str:
    """Spaces that space out a heading (通　　知, 云 溪 县) go; the characters stay."""
    return re.sub(r"(?<=[\u4e00-\u9fff》《〔〕（）])\s+(?=[\u4e00-\u9fff《》〔〕（）])", "", text)


def _issuer_mark(text: str) -> bool:
    """发文机关标志: …文件 (spaced or not), a short plain line."""
    return _squeeze(text).endswith("文件") and _plain(text)


def _above_head(lines: list[Line], i: int, head: Head) -> int:
    """登记号, 索引号 and 公开方式 lines printed above the 发文机关标志: kept as data."""
    while i < len(lines):
        text = lines[i].text
        registration = REGISTRATION.match(re.sub(r"\s+", "", text))
        keyed = re.match(r"^(?P<key>\S{2,4}?)\s*[：:]\s*(?P<value>\S.*)$", text)
        if registration:
            head.notice["registration_number"] = registration.group("value")
        elif keyed and re.sub(r"\s+", "", keyed.group("key")) in ABOVE_HEAD:
            head.notice[ABOVE_HEAD[re.sub(r"\s+", "", keyed.group("key"))]] = keyed.group("value").strip()
        else:
            return i
        i = _next(lines, i + 1)
    return i


def _addressees(lines: list[Line], i: int) -> bool:
    """A 主送机关 line (各乡镇人民政府，县直各单位：) opening a copy that lost its head."""
    if i >= len(lines):
        return False
    text = lines[i].text
    return (text.endswith("：") and len(text) <= 120 and not re.search(r"[。；！？]", text)
            and not parse_label(text) and looks_like_units(text[:-1]))  # a list of units, not 各单位要…：


def _notice_title(lines: list[Line], i: int, head: Head) -> int:
    """标题: up to four lines ending with 通知; spaces the extraction left between two Chinese characters go."""
    j = i
    parts: list[str] = []
    while j < len(lines) and len(parts) < 4:
        parts.append(lines[j].text)
        joined = _squeeze("".join(parts))
        if re.search(r"通\s*知$", joined) and "关于" in joined:
            head.notice["title"] = _squeeze(joined)
            return _next(lines, j + 1)
        if len(joined) > 120 or not _plain(lines[j].text.replace("，", "")):
            break
        j = _next(lines, j + 1)
    return i


def _notice_rest(lines: list[Line], i: int, head: Head) -> int:
    """主送机关, 正文, 署名, 成文日期 and 附注, in that order, each optional."""
    n = head.notice
    if i < len(lines) and lines[i].text.endswith("："):
        n["addressees"], i = lines[i].text[:-1], _next(lines, i + 1)
    body_start, body = i, []
    while i < len(lines) and not _date_line(lines[i].text) and not _signatory(lines, i):
        body.append(lines[i].text)
        i = _next(lines, i + 1)
        if body[-1].endswith("。") and (i >= len(lines) or _date_line(lines[i].text) or _signatory(lines, i)):
            break
        if len(body) > 6:  # no 署名 or 成文日期 follows: the lines are the plan's, none is lost
            return body_start  # (a notice whose text is the plan: its 署名 and date follow the plan)
    if any(parse_label(text) for text in body) and _only_signature_left(lines, i, head):
        return body_start  # the notice's text is the plan, signed at its end: read there
    n["body"] = "".join(body) or None
    if i < len(lines) and _signatory(lines, i):
        n["signatory"], i = lines[i].text, _next(lines, i + 1)
    if i < len(lines) and _date_line(lines[i].text):
        dated = DATED_ANNOTATION.match(lines[i].text.strip())
        if dated:  # 附注 on the date's line
            n["annotation"] = dated.group("note")
        n["date_signed"], i = _date(lines[i].text), _next(lines, i + 1)
    if i < len(lines) and ANNOTATION.match(lines[i].text):
        n["annotation"], i = lines[i].text, _next(lines, i + 1)
    return i


def _only_signature_left(lines: list[Line], i: int, head: Head) -> bool:
    """Whether nothing but 署名, 成文日期 and 附注 follows line i (before the 版记)."""
    rest = [line.text for line in lines[i:head.body_end] if line.text]
    if rest and ANNOTATION.match(rest[-1]):
        rest.pop()
    if rest and _date_line(rest[-1]):
        rest.pop()
    return len(rest) <= 1 and all(_plain(text) for text in rest)


def _date_line(text: str) -> bool:
    text = text.strip()
    return bool(DATE.fullmatch(text) or DATED_ANNOTATION.match(text))


def _signatory(lines: list[Line], i: int) -> bool:
    """发文机关署名: a plain line directly followed by the 成文日期."""
    j = _next(lines, i + 1)
    return _plain(lines[i].text) and j < len(lines) and _date_line(lines[j].text) and not _date_line(lines[i].text)


def _plan_title(lines: list[Line], i: int, head: Head) -> int:
    """The plan's own title: a plain line, joined with a short plain next line (a broken title)."""
    if i >= len(lines) or not _plain(lines[i].text) or parse_label(lines[i].text):
        return i
    title, numbers = lines[i].text, [lines[i].number]
    j = _next(lines, i + 1)
    while j < len(lines) and _plain(lines[j].text) and not parse_label(lines[j].text) \
            and len(title) + len(lines[j].text) <= 60 and (not title.endswith(("）", "安排", "要点", "方案", "计划"))
                                                          or PERIOD_LINE.match(lines[j].text)):
        title, numbers = title + lines[j].text, numbers + [lines[j].number]
        j = _next(lines, j + 1)
    head.title, head.title_lines = title, numbers
    return j


PERIOD_LINE = re.compile(r"^[（(]\s*\d{4}\s*[—\-－–~至]+\s*\d{4}\s*年\s*[）)]$")


def _read_tail(lines: list[Line], head: Head) -> None:
    """抄送机关 and 印发机关和印发日期 at the end: `X  2022年7月7日印发` on one line or two."""
    n = head.notice
    k = len(lines) - 1
    while k >= 0 and not lines[k].text:
        k -= 1
    match = re.search(r"^(.*?)\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印发$", lines[k].text) if k >= 0 else None
    if not match:
        return
    n["date_printed"], end = _date(match.group(2)), k
    if match.group(1):
        n["printed_by"] = match.group(1).strip()
    else:
        p = k - 1
        while p >= 0 and not lines[p].text:
            p -= 1
        if p >= 0 and _plain(lines[p].text):
            n["printed_by"], end = lines[p].text, p
    start = end
    for c in range(end - 1, max(end - 8, -1), -1):
        if re.match(r"^抄送[：:]", lines[c].text):
            n["copied_to"] = "".join(l.text for l in lines[c:end] if l.text)[3:].strip()
            start = c
            break
    head.body_end = start


# --- what the document is, where it comes from, which years it covers ---------------------------

# Documents that look like plans (the same 一、（一） numbering) but are not: each with what it is.
_REPORT = re.compile(r"落实情况|完成情况|进展情况|开展情况|工作总结|年终总结|半年总结|自查报告|自查情况|自评报告|情况的?报告|总结报告"
                     r"|报告$")
_READING = re.compile(r"政策解读|的解读|解读$|图解")
_NEWS = re.compile(r"召开.{0,20}会议?|会议(?:召开|举行)|(?:部署|推进)会$")
_DRAFT = re.compile(r"征求意见稿|送审稿|讨论稿")


def not_a_plan(head: Head, lines: list[Line]) -> tuple[str, str] | None:
    """(what the document looks like, what to do) when it is not a work plan, else None.

    Read from its titles and first lines only: a plan's body may well speak of 落实情况."""
    first = [line.text for line in lines if line.text][:6]
    titles = [t for t in (head.notice.get("title"), head.title) if t] or first[:2]
    heads = titles + first
    if any(_DRAFT.search(t) for t in heads):
        return (_("a draft for comment (征求意见稿)"),
                _("a draft is never published as the plan: import the notice that issues the final plan"))
    if any(_READING.search(t) for t in titles):
        return (_("a policy interpretation (政策解读)"),
                _("it explains a plan and is not one: import the notice that issues the plan itself"))
    if any(_REPORT.search(t) for t in titles):
        return (_("a progress report or summary (落实情况/工作总结/自查)"),
                _("enter it as a report on its plan: `python -m generator import-report TABLE` from a progress "
                "table, or a report YAML in content/reports/ (docs/reports.md)"))
    if not head.notice.get("title") and any(_NEWS.search(t) for t in titles):
        return (_("a news item about a meeting"),
                _("a meeting's news is not a plan: import the notice that issues the plan"))
    return None


# 云溪县, 北山市新城区, 某某自治县: one or more levels of place names at the start of a name.
_PLACE = re.compile(r"^((?:[\u4e00-\u9fff]{1,7}?(?:自治县|自治州|自治旗|新区|县|市|区|旗|州|省|盟))+)")


def issuer_place(head: Head) -> tuple[str | None, list[str]]:
    """The jurisdiction's name from the issuer (署名, 发文机关标志, 印发机关, the 标题's issuer
    before 关于, the plan's own title), never from a place the body mentions; with the
    elements read (for the message asking for --jurisdiction)."""
    n = head.notice
    title_issuer = (n.get("title") or "").split("关于")[0] if "关于" in (n.get("title") or "") else None
    candidates = [("发文机关署名", n.get("signatory")), ("发文机关标志", n.get("issuer_mark")),
                  ("印发机关", n.get("printed_by")), ("标题", title_issuer), ("计划标题", head.title)]
    for _key, text in candidates:
        match = _PLACE.match(_squeeze(text or ""))
        if match and not re.match(r"^(关于|各|全)", match.group(1)):
            return match.group(1), []
    lines = head.read or []
    read = [f"{key} {text}" for key, text in candidates if text] or ["—"]
    if lines:
        read.append(_("lines {first}–{last}").format(first=lines[0].number, last=lines[-1].number) if len(lines) > 1
                    else _("line {line}").format(line=lines[0].number))
    return None, read


_SPAN = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5}


def period_of(title: str | None, preamble: list, notice_title: str | None = None) -> dict | None:
    """Years the plan covers: from its title (2022—2024年, 2024-2026年), else the notice's
    title, else the first year its preamble names; a 三年行动 from one year spans three."""
    for text in (title, notice_title):
        years = [int(y) for y in re.findall(r"(20\d{2})\s*年?", text or "")]
        if years:
            break
    words = " ".join(filter(None, (title, notice_title)))
    if not years and preamble:
        first = re.search(r"(20\d{2})\s*年", preamble[0].text)
        years = [int(first.group(1))] if first else []
    if not years:
        return None
    start, end = min(years), max(years)
    span = re.search(r"([两二三四五])年(?:行动|攻坚|提升|计划|规划|方案)", words)
    if span and start == end:
        late = re.search(r"到\s*20\d{2}\s*年", words)
        length = _SPAN[span.group(1)] - 1
        start, end = (start - length, end) if late else (start, end + length)
    return {"start": start, "end": end}
