"""The covering notice's GB/T 9704-2012 elements, read from the head and the tail of the text.

Head: 发文机关标志 (…文件), 发文字号, 标题 (…的通知, possibly over several lines), 主送机关
(ending with ：), 正文, 发文机关署名, 成文日期, 附注 （此件…）. Tail: 抄送机关 and 印发机关和
印发日期. Then the plan's own title line. Whatever the document lacks stays None.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .numbering import parse_label
from .text import Line

DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
DOC_NUMBER = re.compile(r"^\S{1,15}[〔\[【（(]\s*\d{4}\s*[〕\]】）)]\s*\d+\s*号$")
ANNOTATION = re.compile(r"^（此件[^）]*）$")
FIELDS = ("issuer_mark", "doc_number", "title", "addressees", "body", "signatory", "date_signed",
          "annotation", "copied_to", "printed_by", "date_printed")


@dataclass
class Head:
    """What was read from the document's head and tail, and where the plan body lies."""

    notice: dict = field(default_factory=lambda: dict.fromkeys(FIELDS))
    title: str | None = None
    title_lines: list[int] = field(default_factory=list)
    body_start: int = 0
    body_end: int = 0
    unplaced: list[Line] = field(default_factory=list)


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
    i = _next(lines, 0)
    n = head.notice
    if i < len(lines) and lines[i].text.endswith("文件") and _plain(lines[i].text):
        n["issuer_mark"], i = lines[i].text, _next(lines, i + 1)
    if i < len(lines) and DOC_NUMBER.match(lines[i].text):
        n["doc_number"], i = re.sub(r"\s+", "", lines[i].text), _next(lines, i + 1)
    i = _notice_title(lines, i, head)
    if n["title"] and n["doc_number"] is None and i < len(lines) and DOC_NUMBER.match(lines[i].text):
        n["doc_number"], i = re.sub(r"\s+", "", lines[i].text), _next(lines, i + 1)  # 文号 under the title
    if n["title"]:
        i = _notice_rest(lines, i, head)
    i = _plan_title(lines, i, head)
    head.body_start = i
    return head


def _notice_title(lines: list[Line], i: int, head: Head) -> int:
    """标题: up to four lines ending with 通知; spaces the extraction left between two Chinese characters go."""
    j = i
    parts: list[str] = []
    while j < len(lines) and len(parts) < 4:
        parts.append(lines[j].text)
        joined = "".join(parts)
        if joined.endswith("通知") and "关于" in joined:
            head.notice["title"] = re.sub(r"(?<=[\u4e00-\u9fff》《])\s+(?=[\u4e00-\u9fff《》])", "", joined)
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
    body = []
    while i < len(lines) and not _date_line(lines[i].text) and not _signatory(lines, i):
        body.append(lines[i].text)
        i = _next(lines, i + 1)
        if body[-1].endswith("。") and (i >= len(lines) or _date_line(lines[i].text) or _signatory(lines, i)):
            break
        if len(body) > 6:
            return i  # not a covering notice after all: leave the lines to the body
    n["body"] = "".join(body) or None
    if i < len(lines) and _signatory(lines, i):
        n["signatory"], i = lines[i].text, _next(lines, i + 1)
    if i < len(lines) and _date_line(lines[i].text):
        n["date_signed"], i = _date(lines[i].text), _next(lines, i + 1)
    if i < len(lines) and ANNOTATION.match(lines[i].text):
        n["annotation"], i = lines[i].text, _next(lines, i + 1)
    return i


def _date_line(text: str) -> bool:
    return bool(DATE.fullmatch(text.strip()))


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
            and len(title) + len(lines[j].text) <= 60 and not title.endswith(("）", "安排", "要点", "方案")):
        title, numbers = title + lines[j].text, numbers + [lines[j].number]
        j = _next(lines, j + 1)
    head.title, head.title_lines = title, numbers
    return j


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
