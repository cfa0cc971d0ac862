"""Targets as written (#25 layout 9): floors, ceilings, scores, rates and counts, each with the
measure the same clause states before its value and the comparison its words give."""

from __future__ import annotations

import pytest

from generator.importer.targets import find_targets


@pytest.mark.parametrize("text, expected", [
    # ceilings: upper bounds
    ("食品抽检不合格率控制在2%以内。", [("食品抽检不合格率", 2, "%", "at-most")]),
    ("集体性食物中毒事故报告发生率低于4/10万。", [("集体性食物中毒事故报告发生率", 4, "/10万", "at-most")]),
    ("集体性食物中毒事故年报告发生率控制在4/10万以下，市民食品安全基本知识知晓度评分91分以上。",
     [("集体性食物中毒事故年报告发生率", 4, "/10万", "at-most"), ("市民食品安全基本知识知晓度评分", 91, "分", "at-least")]),
    ("农药残留超标率不超过1%。", [("农药残留超标率", 1, "%", "at-most")]),
    # floors, scores and rates
    ("农产品质量安全监测合格率稳定在98%以上。", [("农产品质量安全监测合格率", 98, "%", "at-least")]),
    ("食品安全群众满意度测评得分85分以上。", [("食品安全群众满意度测评得分", 85, "分", "at-least")]),
    ("食品抽检量达到5批次/千人。", [("食品抽检量", 5, "批次/千人", "at-least")]),
    ("备案率不低于95%。", [("备案率", 95, "%", "at-least")]),
    # 达标率100% without 达到; the measure is never a quoted name alone
    ("推动大中型超市开展“守信超市”创建，“守信超市”达标率100%。", [("“守信超市”达标率", 100, "%", "at-least")]),
    ("新建“阳光餐饮街区”1条。", [("新建“阳光餐饮街区”", 1, "条", "exactly")]),
    # counts
    ("全年完成抽检不少于800批次。", [("全年完成抽检", 800, "批次", "at-least")]),
    ("每季度开展乡村厨师培训1次。", [("乡村厨师培训", 1, "次", "exactly")]),
    ("修订地方标准2条。", [("地方标准", 2, "条", "exactly")]),
    ("建成智慧监管平台1个。", [("智慧监管平台", 1, "个", "exactly")]),
    # not targets
    ("聚焦 11 个重点品种，严打禁限用药物。", []),
    ("每次检查用时不超过30分钟。", []),
])
def test_targets_as_written(text, expected):
    found = find_targets(text, 2025)
    assert [(t["measure"], t["value"], t["unit"], t["comparison"]) for t in found] == expected
    assert all(t["text"] in text and t["measure"] in text for t in found)  # both quoted from the text


def test_comparison_goes_from_the_file_to_the_model_the_data_and_the_charts(tmp_path):
    """A file without `comparison` keeps meaning a floor; a ceiling is shown ≤ and kept out of a
    metric chart of floors."""
    import shutil

    import yaml

    from generator.compare import metrics
    from generator.exports.records import target_fields
    from generator.loading import load
    from helpers import ROOT

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    path = content / "plans" / "yangcheng-2023.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    bodies = [t for s in data["sections"] for t in s.get("tasks", []) if t.get("targets")]
    floor, ceiling = bodies[0]["targets"][0], bodies[1]["targets"][0]
    del floor["comparison"]  # as files written before comparisons were read
    ceiling["comparison"] = "at-most"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    plan = next(p for p in load(content).plans if p.id == "yangcheng-2023")
    targets = [t for task in plan.walk_tasks() for t in task.targets]
    first = next(t for t in targets if t.text == floor["text"])
    second = next(t for t in targets if t.text == ceiling["text"])
    assert first.comparison == "at-least" and first.value_text.startswith("≥ ")
    assert second.comparison == "at-most" and second.value_text.startswith("≤ ")
    assert target_fields(second)["comparison"] == "at-most"
    if second.metric is not None:
        rows = metrics.rows(second.metric)
        kind = metrics.main_kind(rows)
        assert kind is not None and (len(rows) == 1 or kind[1] == "at-least")
