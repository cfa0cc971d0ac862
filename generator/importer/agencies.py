"""Units named by a plan → entries of the jurisdiction's agencies file.

New units are added with `draft: true` (a person reviews them), an id made from the name's
pinyin, a kind guessed from keywords, and spellings of one unit (县食安办 / 县食品安全办)
grouped under one entry as aliases. Entries already in the file are never changed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pypinyin import lazy_pinyin
from pypinyin.seg.mmseg import seg

# Explicit kinds first (names whose keywords would mislead), then keywords in order.
KIND_NAMES = {"建设交运局": "housing", "党群工作部": "propaganda", "社事群工局": "social-affairs",
              "经合局": "commerce", "科工局": "industry"}
KIND_KEYWORDS = [
    ("local-government", ["人民政府", "办事处", "街道办", "管委会"]),  # before 民政: 人民政府 holds 民政
    ("food-safety-office", ["食安办", "食品安全办", "食药安办"]),
    ("market", ["市场监管", "市场监督"]), ("agriculture", ["农业农村"]), ("animal-husbandry", ["畜牧"]),
    ("education", ["教育", "教体"]), ("police", ["公安"]), ("health", ["卫健", "卫生健康"]),
    ("development", ["发改", "发展和改革"]), ("commerce", ["商务"]), ("propaganda", ["宣传部"]),
    ("cyberspace", ["网信"]), ("culture-tourism", ["文旅", "文广旅", "文化和旅游"]),
    ("transport", ["交通"]), ("housing", ["住建", "住房", "建设局"]), ("ecology", ["生态环境"]),
    ("natural-resources", ["自然资源", "林业", "自规"]), ("science", ["科技", "科协"]),
    ("industry", ["工信", "工业和信息化"]), ("justice", ["司法"]), ("court", ["法院"]),
    ("procuratorate", ["检察院"]), ("customs", ["海关"]), ("civil-affairs", ["民政"]),
    ("finance", ["财政"]), ("financial-regulation", ["银保监", "金融监管"]), ("grain", ["粮食"]),
    ("urban-management", ["城管", "城市管理"]), ("media", ["融媒体"]), ("supply-marketing", ["供销"]),
    ("approval", ["行政审批"]), ("railway", ["火车站", "东站", "铁路"]),
]
# Spellings of one unit: both sides reduced to the same key.
VARIANTS = [("食品安全办", "食安办"), ("食品药品安全办", "食药安办"), ("食品安全委员会", "食安委"),
            ("文广旅体育局", "文广旅体局"), ("县市市场", "县市场"), ("市场监督管理局", "市场监管局"),
            ("交通和运输局", "交通运输局"), ("〔市、区〕", "（市、区）")]
SUFFIXES = set("局办部委院科组处所站社")
COLLECTIVE = re.compile(r"^各|成员单位|有关部门|相关部门|有关单位|相关单位|责任单位|各单位|各部门")


def key(name: str) -> str:
    """The same key for spellings of one unit (县食安办 / 县食品安全办)."""
    for long, short in VARIANTS:
        name = name.replace(long, short)
    return name


def guess_kind(name: str) -> str | None:
    """A shared kind from keywords in the name; None when none fits (a person decides)."""
    if COLLECTIVE.search(name) and not re.search(r"人民政府|办事处|街道办", name):
        return None
    for word, kind in KIND_NAMES.items():
        if word in name:
            return kind
    for kind, words in KIND_KEYWORDS:
        if any(w in name for w in words):
            return kind
    return None


def slug(name: str) -> str:
    """An ascii id from the name's pinyin, word by word: 县农业农村局 → nongye-nongcun-ju
    (the level prefix 县/市/新区 dropped: the jurisdiction is already in the URL)."""
    core = re.sub(r"[（）()〔〕【】、，\s]", "", name)
    core = re.sub(r"^(县|市|新区)(?![委场])", "", core) or core
    words: list[str] = []
    for word in seg.cut(core):
        if len(word) == 1 and words and len(words[-1]) == 1 and word not in SUFFIXES and words[-1] not in SUFFIXES:
            words[-1] += word  # 农 业 → 农业: pair single characters the dictionary did not join
        else:
            words.append(word)
    parts = ["".join(lazy_pinyin(word)) for word in words]
    text = "-".join(re.sub(r"[^a-z0-9]", "", p.lower()) for p in parts)
    return re.sub(r"-+", "-", text).strip("-") or "unit"


def known_names(data: dict) -> set[str]:
    """Every name and alias already in an agencies file."""
    names = set()
    for unit in data.get("units") or []:
        names.add(unit["name"])
        names.update(unit.get("aliases") or [])
    return names


@dataclass
class Additions:
    """What an import added to an agencies file: new draft units, and spellings of units the
    file already had (an alias joins two names into one unit, so a person should look)."""

    units: list[str] = field(default_factory=list)  # every name of the new draft entries
    aliases: list[tuple[str, str, str]] = field(default_factory=list)  # (spelling, unit name, unit id)

    def __bool__(self) -> bool:
        return bool(self.units or self.aliases)


def merge(data: dict, names: list[str]) -> Additions:
    """Add the units not yet in the file (as drafts) and new spellings of known ones (as aliases)."""
    known = known_names(data)
    units = data.setdefault("units", [])
    by_key = {key(n): u for u in units for n in [u["name"], *(u.get("aliases") or [])]}
    existing = set(map(id, units))
    counts = Counter(names)
    added = Additions()
    for name in dict.fromkeys(names):
        if name in known:
            continue
        entry = by_key.get(key(name))
        if entry is not None and entry.get("draft"):
            _add_spelling(entry, name, counts)
        elif entry is None:
            entry = _new_entry(name, {u["id"] for u in units})
            units.append(entry)
            by_key[key(name)] = entry
        else:
            entry.setdefault("aliases", []).append(name)  # a reviewed unit gains a spelling
        known.add(name)
        if id(entry) in existing:
            added.aliases.append((name, entry["name"], entry["id"]))
        else:
            added.units.append(name)
    return added


def _add_spelling(entry: dict, name: str, counts: Counter) -> None:
    """Group a spelling under a draft entry; the most used spelling becomes the name."""
    spellings = [entry["name"], *entry["aliases"], name]
    best = max(spellings, key=lambda n: (counts[n], -spellings.index(n)))
    entry["name"] = best
    entry["aliases"] = [s for s in spellings if s != best]


def _new_entry(name: str, taken: set[str]) -> dict:
    """A draft entry for a unit the file does not know yet."""
    base = slug(name)
    unit_id, n = base, 2
    while unit_id in taken:
        unit_id, n = f"{base}-{n}", n + 1
    return {"id": unit_id, "name": name, "aliases": [], "kind": guess_kind(name),
            "collective": bool(COLLECTIVE.search(name)), "draft": True}


def jurisdiction_entry(jid: str, name: str | None) -> dict:
    """The jurisdiction block of a new agencies file; parent is for a person to fill in."""
    level = None
    if name:
        level = "新区" if "新区" in name else next((s for s in ("县", "区", "市", "旗", "州", "省") if name.endswith(s)), None)
    return {"id": jid, "name": name or jid, "level": level, "parent": None}
