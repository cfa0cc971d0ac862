"""Every sentence of each source is in its plan, word for word, and the numbering is complete.

The source is cleaned only as docs/content-format.md allows (`**`, leading `#`, half/full-width
punctuation); whitespace is ignored. Every piece between punctuation marks, 6+ characters long,
must occur in the plan's string values; date pieces must equal the notice's dates.
"""

from __future__ import annotations


import pytest
import yaml
from helpers import ROOT, as_date, normal, source_pieces, strings

CONTENT = ROOT / "content"
PLANS = ["yangcheng-2023", "wuzhi-2022", "jincheng-2021", "jinyun-2023", "suining-xinqu-2023"]


def plan(plan_id: str) -> dict:
    return yaml.safe_load((CONTENT / "plans" / f"{plan_id}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("plan_id", PLANS)
def test_every_piece_of_the_source_is_in_the_plan(plan_id):
    data = plan(plan_id)
    source = (CONTENT / "sources" / data["source"]["file"]).read_text(encoding="utf-8")
    haystack = normal("\n".join(strings(data)))
    dates = {data["notice"]["date_signed"], data["notice"]["date_printed"]}
    missing = []
    for piece in source_pieces(source):
        if as_date(piece):
            assert as_date(piece) in dates, piece
        elif piece not in haystack:
            missing.append(piece)
    assert missing == []


def all_tasks(sections):
    for section in sections:
        yield from all_tasks(section.get("sections", []))
        yield from section.get("tasks", [])


def items(tasks):
    return [i for t in tasks for i in t.get("items", [])]


CN = "一二三四五六七八九十"


def cn_labels(n: int, style: str) -> list[str]:
    def number(k):
        tens, ones = divmod(k, 10)
        return (CN[tens - 1] if tens > 1 else "") + ("十" if tens else "") + (CN[ones - 1] if ones else "")
    return [style.format(number(k)) for k in range(1, n + 1)]


def test_yangcheng_numbering():
    tasks = list(all_tasks(plan("yangcheng-2023")["sections"]))
    assert [t["label"] for t in tasks] == cn_labels(34, "（{}）")
    assert len(items(tasks)) == 22
    assert [i["label"] for i in next(t for t in tasks if t["label"] == "（十二）")["items"]] == ["1.", "2.", "3.", "4."]


def test_wuzhi_numbering():
    sections = plan("wuzhi-2022")["sections"]
    assert [s["title"] for s in sections] == ["总体要求", "基本原则", "主要任务", "工作措施"]
    assert [len(s["paragraphs"]) for s in sections[:2]] == [1, 5] and sections[0]["tasks"] == []
    assert [t["label"] for t in sections[2]["tasks"]] == cn_labels(12, "（{}）")
    assert [t["label"] for t in sections[3]["tasks"]] == cn_labels(6, "（{}）")


def test_jincheng_numbering_runs_across_sections():
    sections = plan("jincheng-2021")["sections"]
    assert len(sections) == 10
    assert [t["label"] for t in all_tasks(sections)] == [f"{n}." for n in range(1, 60)]


def test_jinyun_numbering():
    sections = plan("jinyun-2023")["sections"]
    assert [s["title"] for s in sections] == ["食品安全工作要点", "药品安全工作要点"]
    assert [t["label"] for t in all_tasks(sections)] == [f"{n}." for n in range(1, 33)]
    assert len(sections[0]["sections"]) == 6 and len(sections[1]["sections"]) == 3


def test_suining_numbering():
    tasks = list(all_tasks(plan("suining-xinqu-2023")["sections"]))
    assert [t["label"] for t in tasks] == cn_labels(26, "（{}）")
    for task in tasks:
        labels = [i["label"] for i in task.get("items", [])]
        assert labels == [f"{c}是" for c in "一二三四五六"[:len(labels)]]
    nine = next(t for t in tasks if t["label"] == "（九）")
    assert "校外供餐" in nine["items"][0]["text"]
