"""The Atom feed of plans (feed.xml), newest first, so readers learn when a plan is added.

Entry ids are `urn:uuid` names derived from the plan id: they stay the same when the site
moves to another address. Links are absolute when the site's address (site_url) is known,
else relative to the feed, which sits at the site root. Markup is in theme/templates/feed.xml.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from .. import urls
from ..model import UNKNOWN, Plan
from ..site import CHINA  # the documents' dates are Beijing time
from ..obligations import Due as ObligationDue
from ..labels import date_text
from ..site import Site
from .records import absolute_url

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
NAMESPACE = uuid.UUID("5b0c8f0e-2f2a-4d55-9a53-6d1c4b8e7a10")  # this project's ids; never change it


@dataclass(frozen=True)
class Entry:
    plan: Plan
    id: str
    href: str
    published: str | None
    updated: str
    summary: str
    title: str = ""  # a report's title; a plan's entry shows the plan's
    author: str | None = None


def report_entry(site: Site, report, fallback: str) -> Entry:
    """A new progress report: its own title and date, the counts of what it reports."""
    date = report.date or report.as_of
    counts: dict[str, int] = {}
    for item in report.entries:
        counts[item.status.label] = counts.get(item.status.label, 0) + 1
    summary = "；".join([f"落实情况报告，截至{report.as_of.isoformat()}", f"计划：{report.plan.display_title}",
                        *(f"{label} {n} 项" for label, n in counts.items())])
    return Entry(plan=report.plan, id=f"urn:uuid:{uuid.uuid5(NAMESPACE, 'report:' + report.id)}",
                 href=absolute_url(site, urls.report(report)), published=stamp(date), updated=stamp(date) or fallback,
                 summary=summary, title=report.title, author=report.reporter)


def stamp(date: datetime.date) -> str:
    """RFC 3339 time for a document date: midnight in China."""
    return datetime.datetime.combine(date, datetime.time(), CHINA).isoformat()


def newest_first(plans: list[Plan]) -> list[Plan]:
    """By date signed (else printed), newest first; undated plans last; ties by id."""
    dated = sorted(((p.date, p) for p in plans if p.date), key=lambda dp: (-dp[0].toordinal(), dp[1].id))
    return [p for _, p in dated] + sorted((p for p in plans if not p.date), key=lambda p: p.id)


def summary(plan: Plan, task_count: int) -> str:
    """One line of facts from the notice; what it does not state is 未载明."""
    notice = plan.notice
    date = notice.date_signed or notice.date_printed
    parts = [
        f"发文字号：{notice.doc_number or UNKNOWN}",
        f"发文机关：{notice.signatory or UNKNOWN}",
        f"成文日期：{date.isoformat() if date else UNKNOWN}",
        f"年度：{plan.period_text}",
        f"任务及子项 {task_count} 项",
    ]
    return "；".join(parts)


def entry(site: Site, plan: Plan, fallback: str) -> Entry:
    published = stamp(plan.date) if plan.date else None
    return Entry(
        plan=plan,
        id=f"urn:uuid:{uuid.uuid5(NAMESPACE, 'plan:' + plan.id)}",
        href=absolute_url(site, urls.plan(plan)),
        published=published,
        updated=published or fallback,
        summary=summary(plan, plan.task_count),
    )


def obligation_entry(site: Site, due: ObligationDue) -> Entry:
    """A plan's reporting clause fallen due by the build's date: what it asks, and whether this
    site holds the report (updated when one is added)."""
    o, report = due.obligation, due.report
    held = f"已收录：{report.title}" if report else "未收录：本站没有相应的公开报告"
    summary = "；".join([f"报告义务到期（{date_text(due.date)}）", f"计划：{o.plan.display_title} {o.task.ref}",
                        f"报告单位：{o.reporter or UNKNOWN}", f"报送对象：{o.recipient or UNKNOWN}",
                        f"报告内容：{o.subject or UNKNOWN}", f"原文：“{o.clause}”", held])
    published = stamp(due.date)
    updated = max(published, stamp(report.date or report.as_of)) if report else published
    return Entry(plan=o.plan, id=f"urn:uuid:{uuid.uuid5(NAMESPACE, f'obligation:{o.plan.id}:{o.number}:{due.date}')}",
                 href=absolute_url(site, urls.plan(o.plan)) + "#" + o.anchor, published=published, updated=updated,
                 summary=summary, title=f"报告义务到期：{o.plan.display_title}——{o.subject or o.clause}")


def build(site: Site) -> str:
    """feed.xml's text: plans, reports and the reporting obligations fallen due by the build's
    date, newest first. The feed's `updated` is the newest entry's date, so it is stable for a
    given build date."""
    plans = newest_first(site.content.plans)
    updated = stamp(plans[0].date) if plans and plans[0].date else EPOCH.isoformat()
    entries = [entry(site, plan, updated) for plan in plans]
    fallen = [due for owed in site.obligations.values() for due in owed.all_dues if due.date <= site.build_date]
    if site.content.reports or fallen:  # a new report, an obligation fallen due: news as a new plan is
        dates = [updated] if plans and plans[0].date else []
        news = [report_entry(site, r, updated) for r in site.content.reports] + [obligation_entry(site, d) for d in fallen]
        updated = max(dates + [e.updated for e in news])
        entries = sorted(entries + news, key=lambda e: (e.published is None, -_ordinal(e.published), e.id))
    return site.templates.get_template("feed.xml").render(
        site=site,
        feed_id=f"urn:uuid:{uuid.uuid5(NAMESPACE, 'feed:' + site.options.site_name)}",
        self_href=absolute_url(site, urls.FEED),
        home_href=absolute_url(site, urls.PLANS),
        updated=updated,
        entries=entries,
    )


def _ordinal(published: str | None) -> int:
    return datetime.date.fromisoformat(published[:10]).toordinal() if published else 0
