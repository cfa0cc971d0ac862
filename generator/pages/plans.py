"""The plans index and one page per plan: metadata, notice, every section and task."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from .. import urls
from ..model import Jurisdiction, Plan, Section
from .plan_finder import rows as finder_rows
from .render import date_text, page, unique

REVIEW_BANNER = "未公开发布 · 仅供内部审阅"


@dataclass(frozen=True)
class Row:
    """One line of the metadata table: the document's own term and its value (None = 未载明)."""

    term: str
    value: object
    note: str | None = None


def metadata(plan: Plan) -> list[Row]:
    """The notice's elements in GB/T 9704 terms, in the order a reader meets them."""
    n = plan.notice
    return [
        Row("发文机关", n.signatory or n.issuer_mark),
        Row("发文字号", n.doc_number),
        Row("成文日期", n.date_signed and date_text(n.date_signed)),
        Row("主送机关", n.addressees),
        Row("抄送机关", n.copied_to),
        Row("印发机关", n.printed_by),
        Row("印发日期", n.date_printed and date_text(n.date_printed)),
        Row("附注", n.annotation),
        Row("公开属性", plan.disclosure.explanation),
        Row("计划期限", plan.period_text),
        Row("责任分工规则", plan.responsibility_rule),
    ]


def section_ids(plan: Plan) -> dict[int, str]:
    """Anchors for sections from their position (s-2, s-2-1), stable while the text is."""
    ids: dict[int, str] = {}

    def walk(sections: list[Section], prefix: str) -> None:
        for index, section in enumerate(sections, 1):
            ids[id(section)] = f"{prefix}-{index}"
            walk(section.sections, f"{prefix}-{index}")

    walk(plan.sections, "s")
    return ids


def plan_themes(plan: Plan) -> list:
    return unique(theme for task in plan.tasks() for theme in task.themes)


def task_count(plan: Plan) -> int:
    return sum(1 for _ in plan.tasks())


def by_jurisdiction(plans: list[Plan]) -> list[tuple[Jurisdiction, list[Plan]]]:
    """Plans grouped by jurisdiction in content order (jurisdiction name, latest year first)."""
    return [(j, list(ps)) for j, ps in groupby(plans, key=lambda p: p.jurisdiction)]


def plan_page(site, plan: Plan) -> tuple[str, str]:
    hidden = site.review and not plan.disclosure.is_public
    return page(site, urls.plan(plan), "plan.html", plan.display_title,
                robots="noindex" if hidden else None, plan=plan, hidden=hidden, banner=REVIEW_BANNER,
                metadata=metadata(plan), task_count=task_count(plan), themes=plan_themes(plan),
                section_id=lambda section, ids=section_ids(plan): ids[id(section)])


def build(site) -> dict[str, str]:
    content = site.content
    tree = dict(plan_page(site, p) for p in content.plans)
    path, text = page(site, urls.PLANS, "plans.html", "工作计划", groups=by_jurisdiction(content.plans),
                      task_count=task_count, banner=REVIEW_BANNER, finder=finder_rows(content.plans))
    tree[path] = text
    return tree
