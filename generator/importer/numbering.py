"""Recognising the documents' labels (一、 （一） 1. （1） ① 一是) and checking their sequence.

Official documents number parts 一、, sub-parts （一）, items 1. and finer items （1） ①;
一是 二是 enumerates points inside a task. Widths and punctuation vary (（一）/(一), 1./1．/1、),
so a label is recognised by its style and number, and kept verbatim for the data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..labels import chinese_number

CN = "〇零一二两三四五六七八九十百"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# style, pattern; order matters (（1） before 1.). Group "num" (or "long") is the number, "label" the verbatim label.
_STYLES = [
    ("cn", re.compile(rf"^(?P<label>(?P<num>[{CN}]+)、)")),
    ("paren_cn", re.compile(rf"^(?P<label>[（(]\s*(?P<num>[{CN}]+)\s*[）)])")),
    ("paren_arabic", re.compile(r"^(?P<label>[（(]\s*(?P<num>[0-9０-９]{1,3})\s*[）)])")),
    # 1. to 999. as written; from 1000. on, only when no digit follows (2023、2024年 is no label)
    ("arabic", re.compile(r"^(?P<label>(?:(?P<num>[0-9０-９]{1,3})(?:\.(?!\d)|．|、)"
                          r"|(?P<long>[1-9１-９][0-9０-９]{3,4})[.．、](?![0-9０-９])))\s*")),
    ("circled", re.compile(rf"^(?P<label>(?P<num>[{CIRCLED}]))")),
    ("shi", re.compile(rf"^(?P<label>(?P<num>[{CN}]+)是)")),
]
# Rank in the usual hierarchy of official documents; 一是 is always an enumeration inside a task.
RANK = {"cn": 0, "paren_cn": 1, "arabic": 2, "paren_arabic": 3, "circled": 4, "shi": 5}


@dataclass
class Label:
    """A recognised label: its style, its number, the label as written and the text after it."""

    style: str
    number: int
    label: str
    rest: str


def _number(style: str, raw: str) -> int | None:
    """The integer behind a label's number in any of the styles."""
    if style == "circled":
        return CIRCLED.index(raw) + 1
    if raw[0] in CN:
        return chinese_number(raw)
    return int(raw.translate(str.maketrans("０１２３４５６７８９", "0123456789")))


def parse_label(text: str) -> Label | None:
    """The label a paragraph starts with, or None. `2023 年…` or `10 批次` are not labels."""
    for style, pattern in _STYLES:
        match = pattern.match(text)
        if not match:
            continue
        rest = text[match.end():].lstrip()
        if style == "shi" and not rest:
            return None
        if style == "cn" and len(match.group("num")) > 3:
            return None
        value = _number(style, match.group("num") or match.group("long"))
        if value is None:  # Chinese numerals that make no number (十十): no label
            return None
        return Label(style, value, match.group("label").strip(), rest)
    return None


def is_heading(rest: str) -> bool:
    """A labelled line that is only a heading: no sentence punctuation, no responsibility note."""
    return bool(rest) and not re.search(r"[。；！？]", rest) and not rest.endswith(("）", "〕", "】"))
