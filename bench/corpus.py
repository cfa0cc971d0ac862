"""A synthetic corpus of N plans that looks like the real content at any N.

Each synthetic plan is written for a fictional county and year; its sections are whole
sections of the real plans (tasks, notes, units and targets as the importer wrote them),
drawn with a seeded random generator until the plan holds about as many tasks as a real plan
chosen as its model. Every fictional county gets an agencies file holding every unit name its
plans use, copied from the real agencies files. The corpus is deterministic for a given seed
and N, is marked （此件公开发布） so the public build shows it, and passes
`python -m generator check`.
"""

from __future__ import annotations

import hashlib
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml

from generator.labels import label_number
from generator.loading import load, read_yaml

YEARS = (2020, 2021, 2022, 2023, 2024)  # each fictional county publishes one plan a year
PUBLIC = "（此件公开发布）"  # 附注 that makes the public build show a plan
NUMERALS = "一二三四五六七八九十"

# Syllables of fictional county names (汉字, pinyin); 20 × 20 = 400 names.
FIRST = [("东", "dong"), ("西", "xi"), ("南", "nan"), ("北", "bei"), ("清", "qing"), ("安", "an"),
         ("平", "ping"), ("永", "yong"), ("长", "chang"), ("新", "xin"), ("丰", "feng"), ("和", "he"),
         ("宁", "ning"), ("康", "kang"), ("兴", "xing"), ("福", "fu"), ("泰", "tai"), ("华", "hua"),
         ("嘉", "jia"), ("明", "ming")]
SECOND = [("川", "chuan"), ("山", "shan"), ("河", "he"), ("阳", "yang"), ("原", "yuan"), ("林", "lin"),
          ("源", "yuan"), ("城", "cheng"), ("陵", "ling"), ("州", "zhou"), ("江", "jiang"), ("湖", "hu"),
          ("泉", "quan"), ("溪", "xi"), ("峰", "feng"), ("谷", "gu"), ("岭", "ling"), ("水", "shui"),
          ("台", "tai"), ("口", "kou")]


@dataclass
class Seed:
    """The real content the corpus recombines: plans and agencies as YAML data."""

    root: Path
    plans: list[dict[str, Any]]
    agencies: dict[str, dict[str, Any]]  # jurisdiction id → agencies file data
    pool: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (jurisdiction id, section)

    def unit(self, jurisdiction: str, name: str) -> dict[str, Any]:
        """The real unit entry that `name` (a name or alias) refers to in `jurisdiction`."""
        for unit in self.agencies[jurisdiction]["units"]:
            if name == unit["name"] or name in unit.get("aliases", []):
                return unit
        raise KeyError(f"{name} is not a unit of {jurisdiction}")

    def identity(self, jurisdiction: str, unit: dict[str, Any]) -> tuple[str, ...]:
        """Which county unit a real unit becomes: one per kind (县市场监管局 and 市市场监督管理局 are
        spellings of the county's one market regulator), unless its kind is shared or absent."""
        kind = unit.get("kind")
        same = [u for u in self.agencies[jurisdiction]["units"] if u.get("kind") == kind]
        if kind and not unit.get("collective") and len(same) == 1:
            return ("kind", kind)
        return ("unit", jurisdiction, unit["id"])


def read_seed(content: Path) -> Seed:
    """Read the real content; it must pass validation, or the corpus would be broken too."""
    load(content)  # raises ContentErrors with file:line when the seed is broken
    plans = [read_yaml(p, p.name)[0] for p in sorted((content / "plans").glob("*.yaml"))]
    agencies = {}
    for path in sorted((content / "agencies").glob("*.yaml")):
        data = read_yaml(path, path.name)[0]
        agencies[data["jurisdiction"]["id"]] = data
    seed = Seed(content, plans, agencies)
    for plan in plans:
        for section in plan["sections"]:
            seed.pool.extend((plan["jurisdiction"], s) for s in _leaf_sections(section))
    return seed


def _leaf_sections(section: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """A part made only of sub-sections (缙云's 食品安全工作要点) is split into them."""
    if section.get("sections") and not section.get("tasks"):
        for sub in section["sections"]:
            yield from _leaf_sections(sub)
    else:
        yield section


def _walk(tasks: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for task in tasks:
        yield task
        yield from _walk(task.get("items", []))


def _section_tasks(section: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from _walk(section.get("tasks", []))
    for sub in section.get("sections", []):
        yield from _section_tasks(sub)


def _unit_names(section: dict[str, Any]) -> Iterator[str]:
    for task in _section_tasks(section):
        for body in [task, *(task.get("statements") or [])]:
            for unit in body.get("units", []):
                yield unit["name"]


def numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (section labels of up to 99 sections)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else NUMERALS[tens - 1] + "十")
    return head + (NUMERALS[ones - 1] if ones else "")


@dataclass
class County:
    """A fictional jurisdiction (县) and the agencies file its plans need."""

    id: str
    name: str
    units: list[dict[str, Any]] = field(default_factory=list)
    names: dict[str, dict[str, Any]] = field(default_factory=dict)  # name or alias → unit
    origins: dict[tuple[str, ...], dict[str, Any]] = field(default_factory=dict)  # Seed.identity → unit

    def adopt(self, seed: Seed, jurisdiction: str, name: str) -> None:
        """Make `name` a unit (or an alias of one) here, copied from the real agencies file."""
        if name in self.names:
            return
        real = seed.unit(jurisdiction, name)
        key = seed.identity(jurisdiction, real)
        origin = self.origins.get(key)
        if origin is not None:
            origin["aliases"].append(name)
            self.names[name] = origin
            return
        ids = {u["id"] for u in self.units}
        unit_id, n = real["id"], 2
        while unit_id in ids:
            unit_id, n = f"{real['id']}-{n}", n + 1
        unit = {"id": unit_id, "name": name, "aliases": [], "kind": real.get("kind"),
                "collective": bool(real.get("collective", False)), "draft": False}
        self.units.append(unit)
        self.names[name] = unit
        self.origins[key] = unit

    def agencies_file(self) -> dict[str, Any]:
        return {"jurisdiction": {"id": self.id, "name": self.name, "level": "县", "parent": "示范省示范市"},
                "units": self.units}


def counties(count: int) -> list[County]:
    """`count` distinct fictional counties, in a fixed order."""
    if count > len(FIRST) * len(SECOND):
        raise ValueError(f"at most {len(FIRST) * len(SECOND) * len(YEARS)} plans")
    result, ids = [], set()
    for index in range(count):
        (a, pa), (b, pb) = FIRST[index % len(FIRST)], SECOND[(index // len(FIRST) + index) % len(SECOND)]
        cid = pa + pb
        while cid in ids:
            cid += "x"
        ids.add(cid)
        result.append(County(cid, f"{a}{b}县"))
    return result


def _plan(seed: Seed, rng: random.Random, county: County, year: int, number: int) -> dict[str, Any]:
    """One synthetic plan: a real plan's preamble and size, sections drawn from all real plans."""
    model = rng.choice(seed.plans)
    wanted = sum(1 for s in model["sections"] for _ in _section_tasks(s))
    sections, have = [], 0
    for jurisdiction, section in rng.sample(seed.pool, len(seed.pool)):
        if have >= wanted:
            break
        for name in _unit_names(section):
            county.adopt(seed, jurisdiction, name)
        sections.append({**section, "label": numeral(len(sections) + 1) + "、"})
        have += sum(1 for _ in _section_tasks(section))
    title = f"{county.name} {year} 年食品安全重点工作安排"
    office = f"{county.name}人民政府办公室"
    date = f"{year}-{rng.randint(2, 9):02d}-{rng.randint(1, 28):02d}"
    return {
        "id": f"{county.id}-{year}", "jurisdiction": county.id, "title": title, "title_complete": True,
        "period": {"start": year, "end": year},
        "source": {"file": f"{county.id}-{year}.txt", "sha256": ""},
        "notice": {"issuer_mark": None, "doc_number": f"{county.name[:2]}政办发〔{year}〕{number}号",
                   "title": f"{office}关于印发《{title}》的通知",
                   "addressees": "各乡（镇）人民政府，县直各单位",
                   "body": f"《{title}》已经县人民政府同意，现印发给你们，请认真贯彻执行。",
                   "signatory": office, "date_signed": date, "annotation": PUBLIC, "copied_to": None,
                   "printed_by": office, "date_printed": date},
        "header_missing": False, "responsibility_rule": None, "disclosure": None,
        "preamble": list(model.get("preamble", [])), "sections": sections,
        "closing": list(model.get("closing", [])), "notes": ["基准测试用的合成计划，由真实计划的章节重组而成。"],
    }


REPORT_STATUSES = ["done", "on-track", "behind", "not-started", "ongoing", "dropped"]
# A build date at which the corpus is valid content: its reports are as of dates up to 2024-06-30,
# and no report may be as of a day after the build's. For builds whose SOURCE_DATE_EPOCH is pinned
# earlier (the tests pin 2023-11-02): 2025-01-01T00:00:00Z.
BUILD_EPOCH = "1735689600"


def _report(rng: random.Random, plan: dict[str, Any]) -> dict[str, Any]:
    """A synthetic half-year progress report on a plan: its sections' first tasks, named by anchor."""
    year = plan["period"]["start"]
    entries = []
    for n, section in enumerate(plan["sections"], 1):
        for i, task in enumerate(section.get("tasks", [])[:3]):
            number = label_number(task["label"])
            anchor = task.get("id") or f"t-{n}-{number if number is not None else i + 1}"
            entries.append({"task": anchor, "status": rng.choice(REPORT_STATUSES),
                            "text": f"基准测试用的合成进展：{task['label']}项工作情况。"})
    return {"id": f"{plan['id']}-h1", "plan": plan["id"], "title": f"{plan['title']}上半年落实情况（合成）",
            "date": f"{year}-07-10", "as_of": f"{year}-06-30", "reporter": None, "annotation": PUBLIC,
            "entries": entries}


def source_text(plan: dict[str, Any]) -> str:
    """The plan as a plain text document, standing in for the text as received."""
    notice = plan["notice"]
    lines = [notice["doc_number"], notice["title"], notice["addressees"] + "：", notice["body"], "",
             notice["signatory"], notice["date_signed"], notice["annotation"], "", plan["title"],
             *plan["preamble"]]

    def tasks(items: list[dict[str, Any]]) -> None:
        for task in items:
            head = task["label"] + (task.get("title") or "")
            bodies = task.get("statements") or ([task] if task.get("text") else [])
            lines.append(head + "".join(b["text"] + (b.get("note") or "") for b in bodies))
            tasks(task.get("items", []))

    def section(s: dict[str, Any]) -> None:
        lines.append((s.get("label") or "") + (s.get("title") or ""))
        lines.extend(s.get("paragraphs", []))
        tasks(s.get("tasks", []))
        for sub in s.get("sections", []):
            section(sub)

    for s in plan["sections"]:
        section(s)
    lines.extend(plan["closing"])
    return "\n".join(lines) + "\n"


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Writes shared objects out in full: content files may not use YAML aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(data: Any, path: Path) -> None:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True,
                     sort_keys=False, width=10_000)
    path.write_text(text, encoding="utf-8")


def write_corpus(seed: Seed, plans: int, out: Path, rng_seed: int = 1) -> dict[str, int]:
    """Write content/ for `plans` synthetic plans into `out` (replaced); return what it holds."""
    if out.exists():
        shutil.rmtree(out)
    for folder in ("plans", "agencies", "sources", "reports"):
        (out / folder).mkdir(parents=True)
    for name in ("kinds.yaml", "themes.yaml", "synonyms.yaml"):  # synonyms.yaml is optional
        if (seed.root / name).exists():
            shutil.copy(seed.root / name, out / name)
    if (seed.root / "pages").is_dir():
        shutil.copytree(seed.root / "pages", out / "pages")
    rng = random.Random(rng_seed)
    report_rng = random.Random(rng_seed + 1)  # its own stream: the plans stay those of earlier runs
    places = counties(-(-plans // len(YEARS)))
    tasks = reports = 0
    for index in range(plans):
        county, year = places[index // len(YEARS)], YEARS[index % len(YEARS)]
        plan = _plan(seed, rng, county, year, index + 1)
        data = source_text(plan).encode("utf-8")
        (out / "sources" / plan["source"]["file"]).write_bytes(data)
        plan["source"]["sha256"] = hashlib.sha256(data).hexdigest()
        _dump(plan, out / "plans" / f"{plan['id']}.yaml")
        tasks += sum(1 for s in plan["sections"] for _ in _section_tasks(s))
        if index % 2 == 0:  # every other plan has a progress report, so the figures include them
            _dump(_report(report_rng, plan), out / "reports" / f"{plan['id']}-h1.yaml")
            reports += 1
    for county in places:
        _dump(county.agencies_file(), out / "agencies" / f"{county.id}.yaml")
    return {"plans": plans, "jurisdictions": len(places), "tasks": tasks, "reports": reports}
