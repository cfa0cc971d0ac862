"""Quantified targets in a task's text: 覆盖率达到 100%, 5 批次/千人, 完成 650 批次…, 新增…4 家,
控制在2%以内, 4/10万以下, 85分以上, 培训1次.

Each target quotes the text that states it and what it measures, both verbatim, so a reader
can find them in the sentence; the measure is the words of the same clause before the value
(达标率 in “守信超市”达标率100%, never the quoted name alone). Its comparison is what the words
around the value say: a ceiling (控制在…以内, …以下, 不超过, 低于) is `at-most`; a floor (达到,
不少于, 不低于, 至少, …以上) and a rate or score stated bare (覆盖率100%) are `at-least`; a count
stated bare (建成平台1个, 培训1次) is `exactly`. A yearly series (到2022年、2023年、2024年底 … 分别达到50%、70%、
80%) becomes one target per year. The year is the one the text states, else the plan's year
when the plan covers one year, else unknown (null).
"""

from __future__ import annotations

import re

UNITS = r"%|批次/千人|件/千人|/10万|分(?![钟别局之类级期批])|批次|家|个|条|次"
VALUE = re.compile(rf"(?<![\d.—\-~～至/])(\d+(?:\.\d+)?)\s*({UNITS})")
COUNT_UNITS = {"批次", "家", "个", "条", "次"}
VERBS = re.compile(r"提升至|提高到|保持在|稳定在|控制在|不少于|不低于|不超过|不高于|(?<!不)低于|(?<!不)少于|改造提升|至少开展|"
                   r"至少|达到|达(?![标成])|新增|新建|建成|完成|创建|保持")
EVENT_VERBS = re.compile(r"开展|组织|召开|举办|制定|修订|出台|培育|打造")  # …培训1次, 修订标准2条: a count of what is done
CEILING = re.compile(r"控制在|不超过|不高于|(?<!不)低于|(?<!不)少于|(?<!不)小于")
FLOOR = re.compile(r"达到|达(?![标成])|不少于|不低于|至少|提升至|提高到|(?<!不)高于|(?<!不)超过")
DELIMS = "，。；：！？"
LEAD_WORDS = ("的", "动态保持", "推进", "确保", "推动", "实现", "其中", "开展", "完成", "全面", "力争", "进一步", "、", "和")
TRAIL_WORDS = ("动态", "均", "继续", "分别", "持续", "要", "的", "稳定")
YEAR = re.compile(r"(20\d{2})\s*年")


def _strip(text: str) -> tuple[int, int]:
    """Offsets that trim filler words (推进…, …分别) from both ends of a measure."""
    start, end = 0, len(text)
    changed = True
    while changed:
        changed = False
        inner = text[start:end]
        stripped = inner.strip()
        if stripped != inner:
            start += len(inner) - len(inner.lstrip())
            end -= len(inner) - len(inner.rstrip())
            changed = True
            continue
        for word in LEAD_WORDS:
            if inner.startswith(word) and len(inner) > len(word):
                start, changed = start + len(word), True
                break
        for word in TRAIL_WORDS:
            if text[start:end].endswith(word) and end - start > len(word):
                end, changed = end - len(word), True
                break
    return start, end


ANY_VALUE = re.compile(rf"\d+(?:\.\d+)?\s*(?:{UNITS})(?:以上|以下|以内)?")


def _clause_start(text: str, pos: int, floor: int) -> int:
    """Where the clause holding position pos begins: after a comma, full stop …, after an
    earlier quantity (食品小作坊3—5家、食品小经营店…), or at floor."""
    start = max((text.rfind(d, 0, pos) for d in DELIMS), default=-1) + 1
    ends = [m.end() for m in ANY_VALUE.finditer(text, start, pos)]
    return max(start, floor, *ends)


def _in_title(text: str, pos: int) -> bool:
    """Inside 《…》: a number in a document's title is not a target."""
    return text.rfind("《", 0, pos) > text.rfind("》", 0, pos)


def _measure(text: str, start: int, value_start: int, value_end: int, unit: str) -> tuple[int, int, int] | None:
    """(measure start, measure end, quote start): what is measured, before the verb (覆盖率达到),
    after it (新增…4 家) or after the value (完成 650 批次…任务); the quote includes the verb."""
    pre = text[start:value_start]
    verbs = list(VERBS.finditer(pre))
    if unit in COUNT_UNITS and not verbs:
        verbs = list(EVENT_VERBS.finditer(pre))
    if unit in COUNT_UNITS and not verbs and not pre.lstrip().startswith("、"):
        return None  # 聚焦 11 个重点品种 names a scope, not a target
    verb = verbs[-1] if verbs else None
    before = _strip(pre[:verb.start()]) if verb else _strip(pre)
    after = tuple(verb.end() + x for x in _strip(pre[verb.end():])) if verb else (0, 0)
    quote_verb = start + verb.start() if verb else value_start
    stops = DELIMS + ("、" if unit in COUNT_UNITS else "")
    follow_end = min([i for i in (text.find(d, value_end) for d in stops) if i != -1] or [len(text)])
    fs, fe = _strip(re.sub(r"^以[上下内]", "  ", text[value_end:follow_end]))
    candidates = {
        "before": (start + before[0], start + before[1], start + before[0]),
        "after": (start + after[0], start + after[1], quote_verb),
        "follow": (value_end + fs, value_end + fe, quote_verb),
    }
    order = ["after", "follow", "before"] if unit in COUNT_UNITS else ["before", "after", "follow"]
    quoted = False
    for name in order:
        s, e, q = candidates[name]
        if e - s >= 3 and QUOTED.fullmatch(text[s:e]):
            quoted = True  # “守信超市” alone names a thing, not what is measured: take the clause
        elif e - s >= 3:
            return s, e, min(q, s)
    if quoted:
        whole = _strip(pre)
        return start + whole[0], start + whole[1], start + whole[0]
    return None


QUOTED = re.compile(r"[“\"《「][^”\"》」]*[”\"》」]")  # a quoted name alone (“守信超市”) measures nothing


def comparison(text: str, start: int, value_start: int, value_end: int, unit: str) -> str:
    """at-most, at-least or exactly, from the words around the value (see the module's doc)."""
    after = text[value_end:value_end + 2]
    if after == "以上":
        return "at-least"
    if after in ("以下", "以内"):
        return "at-most"
    pre = text[start:value_start]
    bounds = [(m.start(), "at-most") for m in CEILING.finditer(pre)] + [(m.start(), "at-least") for m in FLOOR.finditer(pre)]
    if bounds:
        return max(bounds)[1]  # the word nearest the value
    return "exactly" if unit in COUNT_UNITS else "at-least"


def _years(text: str, pos: int) -> list[int]:
    """Years stated before pos: in the same sentence, else the last one stated earlier in the text."""
    sentence_start = text.rfind("。", 0, pos) + 1
    found = [int(m.group(1)) for m in YEAR.finditer(text, sentence_start, pos) if not _in_title(text, m.start())]
    if found:
        return found
    earlier = [m for m in YEAR.finditer(text, 0, sentence_start) if not _in_title(text, m.start())]
    if not earlier:
        return []
    last_sentence = text.rfind("。", 0, earlier[-1].start()) + 1
    return [int(m.group(1)) for m in earlier if m.start() >= last_sentence]


def find_targets(text: str, plan_year: int | None) -> list[dict]:
    """All targets stated in text, in order, as dicts of the content format."""
    groups: list[list[re.Match]] = []
    for match in VALUE.finditer(text):
        if _in_title(text, match.start()):
            continue
        if groups and re.fullmatch(r"(以上)?\s*、\s*", text[groups[-1][-1].end():match.start()]) \
                and groups[-1][-1].group(2) == match.group(2):
            groups[-1].append(match)
        else:
            groups.append([match])
    targets, floor = [], 0
    for group in groups:
        targets += _group_targets(text, group, floor, plan_year)
        floor = group[-1].end()
    return targets


def _group_targets(text: str, group: list[re.Match], floor: int, plan_year: int | None) -> list[dict]:
    """Targets of one value or one 、-separated series of values sharing a measure."""
    first, last = group[0], group[-1]
    unit = first.group(2)
    start = _clause_start(text, first.start(), floor)
    if "按照" in text[start:first.start()]:
        return []  # 按照…不少于1个样品的要求: a norm quoted, not a target
    span = _measure(text, start, first.start(), first.end(), unit)
    if span is None:
        return []
    end = last.end() + (2 if text.startswith(("以上", "以下", "以内"), last.end()) else 0)
    quote = text[span[2]:max(end, span[1])].strip()
    measure = text[span[0]:span[1]]
    years = _years(text, first.start())
    result = []
    year: int | None
    for index, match in enumerate(group):
        if len(group) > 1 and len(years) == len(group):
            year = years[index]
        elif len(years) == 1:
            year = years[0]
        else:
            year = plan_year
        value = float(match.group(1))
        result.append({"text": quote, "measure": measure, "value": int(value) if value.is_integer() else value,
                       "unit": unit, "comparison": comparison(text, start, match.start(), match.end(), unit), "year": year})
    return result
