"""Deadlines read from a task's own words: every form the plans use, and what is not a deadline."""

from __future__ import annotations

import datetime

from hypothesis import given, strategies as st

from generator.deadlines import Deadline, due_dates, read_deadlines, target_deadlines

D = datetime.date


def test_wuzhi_full_date_and_yearly_recurrence():
    text = "各牵头部门要于2022年7月15日前向县政府食品安全委员会办公室报送专项攻坚行动工作方案，并于每年11月20日前报送年度工作总结"
    assert read_deadlines(text, (2022, 2024)) == [
        Deadline("2022年7月15日前", (D(2022, 7, 15),)),
        Deadline("每年11月20日前", (D(2022, 11, 20), D(2023, 11, 20), D(2024, 11, 20)), "year", "plan_year"),
    ]


def test_yangcheng_half_yearly_and_a_date_without_year_in_a_yearly_plan():
    text = "每半年向县食品安全办提交食品安全重点工作安排的贯彻落实情况，11月10日前向县委、县政府报告年度食品安全工作情况"
    assert read_deadlines(text, (2023, 2023)) == [
        Deadline("每半年", (D(2023, 6, 30), D(2023, 12, 31)), "half-year", "plan_year"),
        Deadline("11月10日前", (D(2023, 11, 10),), basis="plan_year"),
    ]


def test_a_date_without_year_in_a_plan_of_several_years_keeps_its_words_and_no_guessed_date():
    assert read_deadlines("11月10日前报告", (2022, 2024)) == [Deadline("11月10日前", ())]
    assert read_deadlines("年底前完成", None) == [Deadline("年底前", ())]


def test_month_end_year_end_and_quarters():
    assert read_deadlines("6月底前完成摸排，年底前实现全覆盖，每季度通报", (2023, 2023)) == [
        Deadline("6月底前", (D(2023, 6, 30),), basis="plan_year"),
        Deadline("年底前", (D(2023, 12, 31),), basis="plan_year"),
        Deadline("每季度", (D(2023, 3, 31), D(2023, 6, 30), D(2023, 9, 30), D(2023, 12, 31)), "quarter", "plan_year"),
    ]
    assert read_deadlines("2月底前", (2024, 2024)) == [Deadline("2月底前", (D(2024, 2, 29),), basis="plan_year")]


def test_years_ending_by_year_end():
    assert read_deadlines("到2024年底，全县保健食品", (2022, 2024)) == [Deadline("到2024年底", (D(2024, 12, 31),))]
    assert read_deadlines("2023年底前，创建小", (2022, 2024)) == [Deadline("2023年底前", (D(2023, 12, 31),))]
    assert read_deadlines("到2022年、2023年、2024年底，全县达到", (2022, 2024)) == [
        Deadline("到2022年、2023年、2024年底", (D(2022, 12, 31), D(2023, 12, 31), D(2024, 12, 31)))]


def test_words_that_are_not_deadlines():
    for text in ("每年至少开展一次应急演练", "建立每周食品安全排查治理报告制度", "开展到2025年化学农药减量行动",
                 "2023 年是全面贯彻落实党的二十大精神开局之年", "提前做好准备"):
        assert read_deadlines(text, (2023, 2023)) == [], text


def test_an_impossible_date_gives_no_date():
    assert read_deadlines("2月30日前", (2023, 2023)) == [Deadline("2月30日前", ())]
    assert read_deadlines("13月1日前", (2023, 2023)) == [Deadline("13月1日前", ())]


def test_targets_carry_their_year_unless_the_words_already_end_it():
    words = read_deadlines("到2022年、2023年、2024年底，覆盖率分别达到50%、70%、80%", (2022, 2024))
    assert target_deadlines([("分别达到50%", 2022), ("70%", 2023)], words) == []
    assert target_deadlines([("安全利用率达到 91%", 2023), ("无年份", None)], []) == [
        Deadline("安全利用率达到 91%", (D(2023, 12, 31),), basis="target_year")]


def test_a_date_the_words_do_not_give_says_where_its_year_comes_from():
    """按计划年度推定 / 按目标年度推定 on the page; `basis` in the data; nothing for the text's own dates."""
    stated, = read_deadlines("2022年7月15日前报送", (2022, 2024))
    from_plan, = read_deadlines("年底前完成", (2023, 2023))
    from_target, = target_deadlines([("覆盖率达到90%", 2023)], [])
    undated, = read_deadlines("11月10日前报告", (2022, 2024))
    assert [d.basis for d in (stated, from_plan, from_target, undated)] == ["text", "plan_year", "target_year", "text"]
    assert [d.basis_label for d in (stated, from_plan, from_target, undated)] == [None, "按计划年度推定", "按目标年度推定", None]


def test_due_dates_are_sorted_and_unique():
    deadlines = read_deadlines("每半年报告，6月底前完成", (2023, 2023))
    assert due_dates(deadlines) == [D(2023, 6, 30), D(2023, 12, 31)]


@given(st.text(alphabet="0123456789年月日底前每半季度到、，底末 内", max_size=40),
       st.integers(min_value=2000, max_value=2030), st.integers(min_value=0, max_value=3))
def test_any_text_reads_without_error_and_every_deadline_quotes_it(text, start, length):
    for deadline in read_deadlines(text, (start, start + length)):
        assert deadline.words and deadline.words in text
        assert list(deadline.dates) == sorted(deadline.dates)
