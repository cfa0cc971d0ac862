"""The numbers behind the documents' labels: （十二） → 12, 14. → 14, 三是 → 3, ① → 1.

Task anchors are built from these so that a link to a task survives re-imports and the
addition of other plans.
"""

from __future__ import annotations

import datetime
import re

from .model import UNKNOWN

DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CHINESE = re.compile(r"[〇零一二两三四五六七八九十百]+")
_ARABIC = re.compile(r"[0-9０-９]+")


def chinese_number(text: str) -> int | None:
    """Value of a Chinese numeral up to the hundreds (二十八 → 28), None if it is not one."""
    if not text or not _CHINESE.fullmatch(text):
        return None
    total, current = 0, 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = DIGITS[char]
    return total + current


def label_number(label: str | None) -> int | None:
    """The number a label stands for, whatever its style; None for a label without one."""
    if not label:
        return None
    for char in label:
        if char in CIRCLED:
            return CIRCLED.index(char) + 1
    arabic = _ARABIC.search(label)
    if arabic:
        return int(arabic.group().translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    chinese = _CHINESE.search(label)
    return chinese_number(chinese.group()) if chinese else None


def date_text(value: datetime.date | None) -> str:
    """A date as the documents write it (2023年8月10日), or 未载明: pages and the feed write dates so."""
    return f"{value.year}年{value.month}月{value.day}日" if value else UNKNOWN
