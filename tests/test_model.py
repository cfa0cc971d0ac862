"""The model as a reader meets it: anchors from the documents' labels, roles, themes, URLs."""

from __future__ import annotations

import pytest

from generator import urls
from generator.labels import label_number
from generator.loading import load, status_from_annotation
from generator.model import DisclosureStatus, Role
from helpers import MINI_CONTENT


@pytest.mark.parametrize("label, number", [
    ("（十二）", 12), ("(二十八)", 28), ("14.", 14), ("1．", 1), ("2、", 2), ("三是", 3), ("①", 1),
    ("（1）", 1), ("一、", 1), ("六、", 6), ("（三十四）", 34), ("前言", None),
])
def test_label_numbers_follow_the_documents_numbering(label, number):
    assert label_number(label) == number


@pytest.mark.parametrize("annotation, status", [
    ("（此件公开发布）", DisclosureStatus.PUBLIC),
    ("(此件公开发布)", DisclosureStatus.PUBLIC),
    ("（此件依申请公开）", DisclosureStatus.ON_REQUEST),
    ("（此件不予公开）", DisclosureStatus.WITHHELD),
    (None, DisclosureStatus.UNMARKED),
    ("", DisclosureStatus.UNMARKED),
])
def test_disclosure_status_comes_from_the_annotation_as_written(annotation, status):
    assert status_from_annotation(annotation) is status


def test_tasks_get_anchors_from_their_label_path_and_keep_their_units_and_roles():
    content = load(MINI_CONTENT)
    alpha = next(p for p in content.plans if p.id == "alpha-2023")
    tasks = {t.id: t for t in alpha.walk_tasks()}
    assert list(tasks) == ["t-1-1", "t-1-2", "t-1-2-1", "t-1-2-2"]
    first = tasks["t-1-1"]
    assert [(a.agency.name, a.role) for a in first.assignments] == [("县教育局", Role.LEAD),
                                                                    ("县市场监管局", Role.RESPONSIBLE)]
    assert tasks["t-1-2-2"].ref == "（二）2."
    assert len(tasks["t-1-2-2"].statements) == 2


def test_themes_come_from_keywords_and_sub_items_inherit_their_heading():
    content = load(MINI_CONTENT)
    alpha = next(p for p in content.plans if p.id == "alpha-2023")
    tasks = {t.id: t for t in alpha.walk_tasks()}
    assert [t.id for t in tasks["t-1-1"].themes] == ["campus"]
    # 开展制止餐饮浪费专项行动 is in 反食品浪费 by its own words; 加强宣传 only by its heading.
    assert "food-waste" in [t.id for t in tasks["t-1-2-2"].themes]


def test_targets_are_linked_to_the_metric_of_their_theme():
    content = load(MINI_CONTENT)
    target = next(t for t in content.walk_tasks() if t.targets).targets[0]
    assert (target.value, target.unit, target.year) == (100, "%", 2023)
    assert target.metric is not None and target.metric.name == "明厨亮灶覆盖率"


def test_only_units_a_plan_names_are_in_the_content():
    content = load(MINI_CONTENT)
    names = {a.name for a in content.agencies}
    assert "县卫健局" not in names  # listed in the agencies file, named by no plan
    assert {"县教育局", "市场监管局"} <= names


@pytest.mark.parametrize("page, target, link", [
    ("plans/a/", "agencies/x/y/", "../../agencies/x/y/"),
    ("", "plans/a/#t-1", "plans/a/#t-1"),
    ("plans/a/", "plans/a/#t-1", "#t-1"),
    ("plans/a/", "", "../../"),
    ("search/", "search/", "./"),
    ("agencies/x/y/", "sources/a.txt", "../../../sources/a.txt"),
])
def test_links_between_pages_are_relative_so_any_sub_path_works(page, target, link):
    assert urls.relative(page, target) == link
