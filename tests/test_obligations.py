"""报告义务 read from a plan's words: every form the five plans and the guide's layouts use, each
part quoted, nothing invented, and which report covers which due date."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from generator.obligations import dues, read_obligations

D = datetime.date


def plan_with(*texts: str, period=(2023, 2023)):
    """The part of a plan read_obligations looks at: its tasks' words and its period."""
    tasks = [SimpleNamespace(text=t, ref=f"（{i}）") for i, t in enumerate(texts, 1)]
    return SimpleNamespace(period=period, walk_tasks=lambda: iter(tasks), reports=[])


def parts(plan) -> list[tuple]:
    return [(o.reporter, o.recipient, o.subject, o.when_words, o.every, tuple(o.dates), o.basis)
            for o in read_obligations(plan)]


def test_yangcheng_half_yearly_and_yearly_clauses_share_the_sentences_subject():
    plan = plan_with("各乡（镇）、各有关部门每半年向县食品安全办提交食品安全重点工作安排的贯彻落实情况，"
                     "11月10日前向县委、县政府报告年度食品安全工作情况并抄送县食品安全办。")
    assert parts(plan) == [
        ("各乡（镇）、各有关部门", "县食品安全办", "食品安全重点工作安排的贯彻落实情况", "每半年", "half-year",
         (D(2023, 6, 30), D(2023, 12, 31)), "plan_year"),
        ("各乡（镇）、各有关部门", "县委、县政府", "年度食品安全工作情况", "11月10日前", None, (D(2023, 11, 10),), "plan_year"),
    ]
    first, second = read_obligations(plan)
    assert first.sentence == second.sentence and first.sentence.startswith("各乡（镇）")
    assert [first.anchor, second.anchor] == ["o-1", "o-2"]


def test_two_dates_for_a_half_year_and_a_full_year_report():
    plan = plan_with("各成员单位于7月10日前、12月10日前分别报送半年和全年工作落实情况。")
    assert parts(plan) == [("各成员单位", None, "半年和全年工作落实情况", "7月10日前、12月10日前", None,
                            (D(2023, 7, 10), D(2023, 12, 10)), "plan_year")]


def test_a_clause_without_its_own_recipient_says_none_and_a_count_word_is_not_the_subject():
    plan = plan_with("各乡（镇）、各有关部门每半年向县食安办报送一次重点工作落实情况，12月10日前报送年度工作总结。")
    assert [(o.recipient, o.subject) for o in read_obligations(plan)] == [
        ("县食安办", "重点工作落实情况"), (None, "年度工作总结")]


def test_a_work_plan_to_hand_in_is_not_a_report_and_a_full_date_is_the_texts():
    plan = plan_with("各牵头部门要于2022年7月15日前向县政府食品安全委员会办公室报送专项攻坚行动工作方案，"
                     "并于每年11月20日前向县政府食品安全委员会办公室报送年度工作总结。", period=(2022, 2024))
    assert parts(plan) == [("各牵头部门", "县政府食品安全委员会办公室", "年度工作总结", "每年11月20日前", "year",
                            (D(2022, 11, 20), D(2023, 11, 20), D(2024, 11, 20)), "plan_year")]
    stated = plan_with("各单位于2023年12月10日前向市食安办报送全年工作落实情况。")
    assert parts(stated)[0][5:] == ((D(2023, 12, 10),), "text")


def test_no_subject_stays_unknown_and_words_that_are_not_obligations_give_none():
    assert parts(plan_with("每半年向新区食品安全办提交本部门对食品安全重点工作安排的贯彻落实情况。"))[0][:2] == \
        (None, "新区食品安全办")
    for text in ("将落实情况作为向新区党工委、管委会报告的重要内容。", "完善食品安全突发事件信息报送机制。",
                 "建立每周食品安全排查治理报告制度。", "自查报告率达到100%。"):
        assert read_obligations(plan_with(text)) == [], text


def test_a_date_without_a_year_in_a_plan_of_several_years_has_no_due_date():
    obligation, = read_obligations(plan_with("各部门11月10日前向县委报告年度工作情况。", period=(2022, 2024)))
    assert obligation.dates == [] and obligation.basis_label is None


def test_a_report_covers_a_due_date_when_it_is_as_of_a_day_in_the_window_before_it():
    obligation, yearly = read_obligations(plan_with(
        "各部门每半年向县食安办提交落实情况，11月10日前向县委报告年度工作情况。"))
    h1, q3, late = (SimpleNamespace(id=i, as_of=d) for i, d in
                    (("h1", D(2023, 6, 30)), ("q3", D(2023, 9, 30)), ("late", D(2024, 1, 15))))
    assert [(d.date, d.report and d.report.id) for d in dues(obligation, [h1, q3, late])] == [
        (D(2023, 6, 30), "h1"), (D(2023, 12, 31), "q3")]
    assert [(d.date, d.report) for d in dues(yearly, [h1])] == [(D(2023, 11, 10), None)]  # June is not the year's
    due, = dues(yearly, [q3])
    assert [due.state(D(2023, 1, 1)), due.state(D(2024, 1, 1))] == ["done", "done"]
    missing, = dues(yearly, [])
    assert [missing.state(D(2023, 8, 1)), missing.state(D(2023, 11, 10)), missing.state(D(2023, 11, 11))] == \
        ["later", "upcoming", "overdue"]
