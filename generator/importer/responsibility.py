"""Finding responsibility notes in a task's text and reading the units and roles they name.

Notes come in many shapes: （X牵头，Y按职责分工负责） 〔责任单位：X，Y〕 【X】 (X负责)
（牵头单位：X；配合单位：Y、Z） and a bare （X）. A document may state a rule once
(排名第一的为牵头单位，下同 / 逗号前为牵头单位，下同) that decides roles for every note.
Notes are kept verbatim; units are named exactly as the note writes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import CLOSE, OPEN

STRONG = re.compile(r"负责|牵头|配合|责任单位|主办|协办|承办")
UNIT_END = re.compile(r"(局|委|办|院|中心|部|政府|社|科|组|所|队|站|会|单位|协|室|处|关|分局|组织|部门|街道|公司|团|庭|馆|台|厅|署)$")
RULE = re.compile(r"(排名第一的为牵头单位|逗号前为牵头单位|排在第一位的为牵头单位|第一个为牵头单位)[，,]?\s*下同")
ROLE_MARKERS = [  # suffix of a clause → role of the units gathered so far
    ("按照职责分工负责", "responsible"), ("按照职责负责", "responsible"), ("依职责负责", "responsible"),
    ("按职责分工负责", "responsible"), ("按职责负责", "responsible"), ("按负责", "responsible"),
    ("承办", "lead"),
    ("牵头相关部门", "lead"), ("牵头", "lead"), ("配合", "supporting"), ("协办", "supporting"),
    ("负责", "responsible"), ("主办", "lead"),
]
KEYED = {"牵头单位": "lead", "主办单位": "lead", "责任单位": "responsible", "配合单位": "supporting",
         "协办单位": "supporting"}


@dataclass
class Note:
    """A note found in text: where it is, its verbatim text and the bracketed content."""

    start: int
    end: int
    text: str
    inner: str


@dataclass
class Segment:
    """A piece of a task's text and the note that closes it (None if no note follows)."""

    text: str
    note: str | None = None
    units: list[dict] = field(default_factory=list)


def bracket_spans(text: str) -> list[tuple[int, int]]:
    """Top-level bracket spans (start, end-exclusive), brackets of any style, nesting respected."""
    spans, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char in OPEN:
            if depth == 0:
                start = i
            depth += 1
        elif char in CLOSE and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def split_top(text: str, seps: str) -> list[str]:
    """Split on separators outside brackets: 各县（市、区）人民政府 stays one piece."""
    parts, depth, current = [], 0, ""
    for char in text:
        if char in OPEN:
            depth += 1
        elif char in CLOSE and depth:
            depth -= 1
        if char in seps and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def looks_like_units(inner: str) -> bool:
    """Whether a bracket's content is a bare list of units, e.g. （县发改局） or 〔晋城海关〕."""
    body = re.sub(r"^责任单位[：:]", "", inner)
    pieces = split_top(body, "、，；")
    return bool(pieces) and all(UNIT_END.search(re.sub(r"[（(〔][^）)〕]*[）)〕]$", "", p)) and len(p) <= 30
                                for p in pieces)


def is_note(text: str, start: int, end: int) -> bool:
    """A bracket is a note when it names units and closes a sentence (not （园长） inside one)."""
    inner = text[start + 1:end - 1]
    if STRONG.search(inner) and (looks_like_units(_strip_markers(inner)) or inner.startswith(tuple(KEYED))):
        return True
    if not looks_like_units(inner):
        return False
    before = text[:start].rstrip()
    if re.search(r"责任单位[：:]$", before):
        return True  # 责任单位：（市场监管局、…）, the key written outside the bracket
    return not before or before[-1] in "。；！？）〕】" or end == len(text.rstrip())


def _strip_markers(inner: str) -> str:
    """Note content with role words removed, to test whether what remains is a list of units."""
    body = re.sub(r"^责任单位[：:]", "", inner)
    body = re.sub(r"[（(]?备注[：:].*$", "", body)
    body = RULE.sub("", body).rstrip("。，")
    for suffix, _ in ROLE_MARKERS:
        body = body.replace(suffix, "")
    return body.replace("相关部门", "部门")


def find_notes(text: str) -> list[Note]:
    """Every note in text with its full verbatim extent (责任单位： before it, a （备注…） after it)."""
    notes = []
    for start, end in bracket_spans(text):
        if not is_note(text, start, end):
            continue
        inner = text[start + 1:end - 1]
        lead = re.search(r"责任单位[：:]\s*$", text[:start])
        if lead:
            start = lead.start()
        remark = re.match(r"\s*[（(]备注[：:][^）)]*[）)]", text[end:])
        if remark:
            end += remark.end()
        if text[end:end + 1] == "。" and end + 1 == len(text):
            end += 1  # a stray full stop after the note ends the paragraph: keep it with the note
        notes.append(Note(start, end, text[start:end], inner))
    return notes


# Responsibility written before the task: （一）由X负责，Y配合，开展… / X牵头、Y配合：… — the
# note is the words up to the comma or colon that ends it, the task's text is the rest.
_ROLE_BRACKET = r"(?:[（(](?:承办|主办|协办|牵头|配合)[）)])?"
LEADING = re.compile(r"^(?P<note>(?P<by>由)?[^。；：:！？（(]{2,120}?(?:负责|牵头|主办|承办)" + _ROLE_BRACKET
                     + r"(?:[，、][^。；：:！？，（(]{2,120}?(?:配合|协办|参与)" + _ROLE_BRACKET + r")?(?P<end>[，：:]))")


def leading_note(text: str) -> str | None:
    """The responsibility note a text starts with (由X负责，Y配合，), verbatim, or None."""
    match = LEADING.match(text)
    if not match or (not match.group("by") and match.group("end") == "，" and "、" not in match.group("note")
                     and "配合" not in match.group("note")):
        return None
    return match.group("note") if looks_like_units(_strip_markers(_unbracketed(match.group("note")))) else None


_KEYED_LINE = re.compile(r"^(?:(?:牵头|主办|承办|责任|配合|协办)单位[：:][^：:。；;]+[；;，]?)+$")


def part_note(text: str) -> bool:
    """A line under a part heading that only names its units: 由X牵头（承办），Y、Z配合（协办）。
    or 牵头单位：X；配合单位：Y、Z。"""
    body = text.rstrip("。")
    if _KEYED_LINE.match(body):
        lists = re.findall(r"单位[：:]([^：:。；;]+)", body)
        return all(looks_like_units(units.rstrip("，")) for units in lists)
    return text.endswith("。") and leading_note(body + "：") == body + "："


def segments(text: str) -> list[Segment]:
    """Cut text at its notes: each sentence group with the note that closes it (or, when the
    text starts with its note, the note that opens it). A paragraph that only names units by
    their keys (责任单位：X（牵头），Y / 牵头单位：X；配合单位：Y) is one note without text, which a
    task's body gives to the text before it, as it gives a bracketed note on its own line."""
    if _KEYED_LINE.match(text.rstrip("。")) and part_note(text):
        return [Segment("", text)]
    lead = leading_note(text)
    if lead and text[len(lead):].strip():
        return [Segment(text[len(lead):].strip(), lead)]
    result, position = [], 0
    for note in find_notes(text):
        result.append(Segment(text[position:note.start].strip(), note.text))
        position = note.end
    tail = text[position:].strip()
    if tail:
        result.append(Segment(tail))
    return result


def document_rule(texts: list[str]) -> str | None:
    """The document's own rule for roles (e.g. 排名第一的为牵头单位，下同), verbatim, if stated."""
    for text in texts:
        match = RULE.search(text)
        if match:
            return match.group(0)
    return None


def parse_note(note: str, rule: str | None = None) -> list[dict]:
    """Units and roles of a note, read by the document's convention. Names as written."""
    inner = _inner(note)
    if re.search(r"(牵头|配合|主办|协办)单位[：:]", inner):
        return _keyed(inner)
    inner = re.sub(r"^责任单位[：:]\s*", "", inner)
    inner = _inner(inner) if inner[:1] in OPEN else inner
    inner = RULE.sub("", inner).strip().rstrip("。，,")
    units = _marked(inner)
    clauses = split_top(inner, "，；")
    if rule and "排名第一" in rule and units:
        units[0]["role"] = "lead"
    elif rule and "逗号前" in rule:
        _lead_before_comma(units, clauses)
    elif len(clauses) > 1 and not _has_marker(clauses[0]) and len(split_top(clauses[0], "、")) == 1 \
            and _has_marker(clauses[-1]) and "牵头" not in inner:
        units[0]["role"] = "lead"  # （县市场监管局，县司法局…按职责分工负责）: the unit before the comma leads
    return units


def _unbracketed(note: str) -> str:
    """A note written without brackets (由X牵头（承办），Y配合：) as a list of units and role words."""
    note = re.sub(r"^由", "", note.strip()).rstrip("，：:,。")
    # 牵头（承办） → 承办, X（牵头） → X牵头: a role in brackets is the role
    return re.sub(r"(?:牵头|主办|承办|配合|协办|负责)?[（(](承办|主办|协办|牵头|配合|负责)[）)]", r"\1", note)


def _inner(note: str) -> str:
    """The content of the note's first bracket, without a 责任单位： outside it or a trailing remark."""
    note = note.strip().rstrip("。")
    if note[:1] not in OPEN and not re.match(r"^责任单位[：:]\s*[（(〔【\[]", note):
        return _unbracketed(note)  # a note before the task, a part's line, a table's cell
    prefix = re.match(r"^责任单位[：:]\s*", note)
    spans = bracket_spans(note)
    if not spans:
        return note
    start, end = spans[0]
    inner = note[start + 1:end - 1]
    return ("责任单位：" + inner) if prefix and start == prefix.end() else inner


def _has_marker(clause: str) -> bool:
    return any(clause.endswith(suffix) for suffix, _ in ROLE_MARKERS)


def _marked(inner: str) -> list[dict]:
    """Units in order; each gathered group takes the role of the marker that ends it."""
    units, pending = [], []
    for piece in split_top(inner, "，、；"):
        role = None
        for suffix, marker_role in ROLE_MARKERS:
            if piece.endswith(suffix):
                piece, role = piece[: -len(suffix)].strip(), marker_role
                break
        if piece:
            pending.append({"name": piece, "role": "responsible"})
        if role:
            for unit in pending:
                unit["role"] = role
            units.extend(pending)
            pending = []
    units.extend(pending)
    return [u for u in units if u["name"] not in {"相关部门", "有关部门"}]


def _lead_before_comma(units: list[dict], clauses: list[str]) -> None:
    """逗号前为牵头单位: units named before the first comma lead (only when there is a comma)."""
    if len(clauses) < 2:
        return
    first = set(split_top(clauses[0], "、"))
    for unit in units:
        if unit["name"] in first:
            unit["role"] = "lead"


def _keyed(inner: str) -> list[dict]:
    """（牵头单位：X；配合单位：Y、Z）: each key names the role of the units after it."""
    units = []
    for clause in split_top(inner, "；;。"):
        match = re.match(r"^(\S+?单位)[：:]\s*(.*)$", clause)
        if not match:
            continue
        role = KEYED.get(match.group(1), "responsible")
        units += [{"name": n, "role": role} for n in split_top(match.group(2), "、，")]
    return units


def inherit_part_units(section: dict, rule: str | None = None) -> None:
    """A part's line of units (由X牵头（承办），Y、Z配合（协办）。) applies to each of its tasks
    that names no unit of its own; the line stays the part's paragraph, verbatim, and such a
    task's note stays null (its text names no unit)."""
    line = next((p for p in section.get("paragraphs", []) if part_note(p)), None)
    if line is None:
        return
    units = parse_note(line, rule)

    def tasks(sec: dict):
        for sub in sec.get("sections", []):
            yield from tasks(sub)
        yield from sec.get("tasks", [])
    for task in tasks(section):
        if task.get("statements") is None and task.get("text") and not task.get("units"):
            task["units"] = [dict(u) for u in units]
