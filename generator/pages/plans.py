"""The plans index and one page per plan: metadata, notice, every section and task."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Iterator

from .. import progress, urls
from ..model import Jurisdiction, Plan, Section
from ..site import Site
from .compare import plan_context
from .plan_finder import rows as finder_rows
from .render import date_text, page, unique

REVIEW_BANNER = "未公开发布 · 仅供内部审阅"


@dataclass(frozen=True)
class Row:
    """One line of the metadata table: the document's own term and its value (None = 未载明)."""

    term: str
    value: object
    note: str | None = None


def metadata(plan: Plan, shown: dict[str, Plan] | None = None) -> list[Row]:
    """The notice's elements in GB/T 9704 terms, in the order a reader meets them."""
    n = plan.notice
    return [
        Row("索引号", n.index_number),
        *([Row("登记号", n.registration_number)] if n.registration_number else []),  # a normative document's only
        Row("主题分类", n.subject),
        Row("发文机关", n.signatory or n.issuer_mark),
        Row("发文字号", n.doc_number),
        Row("成文日期", n.date_signed and date_text(n.date_signed)),
        Row("发布日期", n.date_published and date_text(n.date_published)),
        Row("有效性", n.validity),
        Row("公开方式", n.disclosure_method),
        Row("主送机关", n.addressees),
        Row("抄送机关", n.copied_to),
        Row("印发机关", n.printed_by),
        Row("印发日期", n.date_printed and date_text(n.date_printed)),
        Row("附注", n.annotation),
        Row("公开属性", plan.disclosure.explanation),
        Row("计划期限", plan.period_text),
        Row("责任分工规则", plan.responsibility_rule),
        *([Row("替代文件", replacement_title(plan, shown or {}))] if plan.replaced_by else []),
    ]


def replacement_title(plan: Plan, shown: dict[str, Plan]) -> str:
    """The plan that replaces this one by its title; a plan this build does not show is not named."""
    instead = shown.get(plan.replaced_by) if plan.replaced_by else None
    return instead.display_title if instead else "另有文件替代（未在本站公开）"


@dataclass(frozen=True)
class Historical:
    """Why a plan is shown as historical (历史文件), and the plan to read instead, if shown."""

    reason: str
    instead: Plan | None = None


def historical(site: Site, plan: Plan, shown: dict[str, Plan]) -> Historical | None:
    """失效 / 废止 as recorded; else a newer plan of the same jurisdiction in this build; else a
    period that ended before the build's year. None for a plan still current."""
    instead = shown.get(plan.replaced_by) if plan.replaced_by else None
    if plan.notice.validity in ("失效", "废止"):
        return Historical(f"本文件{'已失效' if plan.notice.validity == '失效' else '已废止'}（有效性：{plan.notice.validity}）。",
                          instead)
    newer = [p for p in plan.jurisdiction.plans if p is not plan and (p.year or 0) > (plan.year or 0)]
    if newer and plan.year:
        latest = max(newer, key=lambda p: p.year or 0)
        return Historical(f"{plan.jurisdiction.name}已有更新的计划（{latest.period_text}）；本计划为历史文件，"
                          "其有效性原文未载明。", instead or latest)
    if plan.period and plan.period[1] < site.build_date.year:
        return Historical(f"本计划的期限（{plan.period_text}）已过，为历史文件；其有效性原文未载明，"
                          "以发文机关公布为准。", instead)
    return None


def summary(plan: Plan) -> str:
    """One line on the plan for a shared link's preview: who, when, which number, how many tasks."""
    n = plan.notice
    parts = [plan.jurisdiction.name, plan.period_text, n.doc_number or "发文字号未载明",
             f"共 {plan.task_count} 项任务及子项，逐项列明牵头和责任单位"]
    return " · ".join(parts)


def section_ids(plan: Plan) -> dict[Section, str]:
    """Anchors for sections from their position (s-2, s-2-1), stable while the text is."""
    ids: dict[Section, str] = {}

    def walk(sections: list[Section], prefix: str) -> None:
        for index, section in enumerate(sections, 1):
            ids[section] = f"{prefix}-{index}"
            walk(section.sections, f"{prefix}-{index}")

    walk(plan.sections, "s")
    return ids


def plan_themes(plan: Plan) -> list:
    return unique(theme for task in plan.walk_tasks() for theme in task.themes)


def by_jurisdiction(plans: list[Plan]) -> list[tuple[Jurisdiction, list[Plan]]]:
    """Plans grouped by jurisdiction in content order (jurisdiction name, latest year first)."""
    return [(j, list(ps)) for j, ps in groupby(plans, key=lambda p: p.jurisdiction)]


def plan_page(site: Site, plan: Plan, shown: dict[str, Plan] | None = None) -> tuple[str, str]:
    shown = {p.id: p for p in site.content.plans} if shown is None else shown
    hidden = site.review and not plan.is_published
    return page(site, urls.plan(plan), "plan.html", plan.display_title,
                robots="noindex" if hidden else None, description=summary(plan), plan=plan, hidden=hidden, banner=REVIEW_BANNER,
                hold=plan.review_hold and f"待审核：{plan.review_hold}", history=historical(site, plan, shown),
                metadata=metadata(plan, shown), themes=plan_themes(plan),
                progress=progress.summary(plan), obligations=site.obligations.get(plan.id),
                section_id=lambda section, ids=section_ids(plan): ids[section], **plan_context(site, plan))


def build(site: Site) -> Iterator[tuple[str, str]]:
    content = site.content
    shown = {p.id: p for p in content.plans}
    for p in content.plans:
        yield plan_page(site, p, shown)
    yield page(site, urls.PLANS, "plans.html", "工作计划", groups=by_jurisdiction(content.plans),
               banner=REVIEW_BANNER, finder=finder_rows(content.plans))
