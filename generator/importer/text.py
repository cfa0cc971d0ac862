"""Decoding text and repairing extraction debris, nothing more (the formats are read in readers/).

The sources were extracted from PDFs (or arrive as .docx): lines break at page ends, bold
markers `**` and Markdown `#` are debris, and half-width `( ) , : ;` appear between Chinese
characters where the printed document has full-width ones. This module undoes exactly
that (docs/content-format.md, "Fidelity rules") and never touches the authors' wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..i18n import _
from .errors import ImportProblem

HALF_TO_FULL = {"(": "（", ")": "）", ",": "，", ":": "：", ";": "；"}
# Characters that count as "Chinese" around a half-width mark: CJK, CJK/full-width punctuation, quotes.
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’《》—…、]")
_HALF = re.compile(r"[(),:;]")
_DEBRIS_RULE = re.compile(r"^\s*-{3,}\s*$")  # Markdown horizontal rule
_TERMINAL = tuple("。！？）〕】：")


@dataclass
class Line:
    """One non-blank line of the source: its 1-based number and its repaired text."""

    number: int
    text: str


def decode(data: bytes, name: str) -> str:
    """Decode UTF-8 (with or without BOM); else detect GB18030/GBK/GB2312; else refuse clearly."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    best = from_bytes(data).best()
    encoding = (best.encoding if best else "") or ""
    if encoding.replace("_", "").lower() in {"gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "cp936"}:
        codec = "gb18030" if encoding.lower() in {"gbk", "gb2312", "cp936"} else encoding
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    if _looks_gb18030(data):
        return data.decode("gb18030")
    looks = _(" (looks like {encoding})").format(encoding=encoding) if encoding else ""
    raise ImportProblem(name, _("is neither UTF-8 nor a Chinese encoding (GB18030/GBK) that could be detected"
                                "{looks}: save the text as UTF-8 and import it again").format(looks=looks))


def _looks_gb18030(data: bytes) -> bool:
    """Strict GB18030 decode that yields mostly CJK text: short files defeat detectors."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    return cjk >= max(2, len(text.strip()) // 3)


def full_width(text: str) -> str:
    """Write `( ) , : ;` full width when a neighbour is Chinese, as the printed document has them."""
    chars = list(text)
    for i, char in enumerate(chars):
        if char not in HALF_TO_FULL:
            continue
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if _CJK.match(before or " ") or _CJK.match(after or " "):
            chars[i] = HALF_TO_FULL[char]
    return "".join(chars)


def clean_line(raw: str) -> str:
    """One line without debris: `**`, leading `#`, surrounding spaces; width of punctuation fixed."""
    text = raw.replace("**", "").replace("\u00a0", " ").replace("\ufeff", "")
    text = re.sub(r"^\s*#+\s*", "", text)
    if _DEBRIS_RULE.match(text):
        return ""
    return full_width(text.strip())


def split_lines(text: str) -> tuple[list[Line], list[int]]:
    """Cleaned lines with their numbers, keeping blank lines as empty text (they mark paragraphs).

    Also returns the numbers of lines that held only debris (a `---` rule), for the report.
    """
    lines, debris = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        cleaned = clean_line(raw)
        if not cleaned and raw.strip():
            debris.append(number)
        lines.append(Line(number, cleaned))
    return lines, debris


def join_text(left: str, right: str) -> str:
    """Join two pieces of one sentence; keep a space where the extraction put ASCII next to it."""
    if left and right and (left[-1].isascii() and left[-1].isalnum() or right[0].isascii() and right[0].isalnum()):
        return left + " " + right
    return left + right


def ends_sentence(text: str) -> bool:
    """Whether a line ends where a paragraph may end (so a following line is a new paragraph)."""
    return text.endswith(_TERMINAL) and open_depth(text) == 0


OPEN, CLOSE = "（〔【([", "）〕】)]"


def open_depth(text: str) -> int:
    """How many brackets are still open at the end of text (any style; styles are mixed)."""
    depth = 0
    for char in text:
        if char in OPEN:
            depth += 1
        elif char in CLOSE and depth:
            depth -= 1
    return depth
