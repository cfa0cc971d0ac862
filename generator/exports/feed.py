"""The Atom feed of plans (feed.xml), newest first, so readers learn when a plan is added.

Entry ids are `urn:uuid` names derived from the plan id: they stay the same when the site
moves to another address. Links are absolute when the site's address (site_url) is known,
else relative to the feed, which sits at the site root. Markup is in theme/templates/feed.xml.
"""

from __future__ import annotations

import datetime
import os
import uuid
from dataclasses import dataclass

from .. import urls
from ..model import UNKNOWN, Plan
from ..site import Site
from .records import absolute_url

CHINA = datetime.timezone(datetime.timedelta(hours=8))  # the documents' dates are Beijing time
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


def build(site: Site) -> str:
    """feed.xml's text. The feed's `updated` is the newest plan's date, so it is stable."""
    plans = newest_first(site.content.plans)
    updated = stamp(plans[0].date) if plans and plans[0].date else EPOCH.isoformat()
    entries = [entry(site, plan, updated) for plan in plans]
    if site.content.reports:  # a new report is news as a new plan is: newest first, together
        dates = [updated] if plans and plans[0].date else []
        updated = max(dates + [stamp(r.date or r.as_of) for r in site.content.reports])
        entries = sorted(entries + [report_entry(site, r, updated) for r in site.content.reports],
                         key=lambda e: (e.published is None, -_ordinal(e.published), e.id))
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


def source_date_epoch(content) -> int:
    """SOURCE_DATE_EPOCH for a reproducible build: the newest shown plan's or report's date (UTC midnight), else 0.

    MkDocs writes the build date into sitemap.xml (lastmod) and sitemap.xml.gz; with this the
    same content gives the same bytes.
    """
    dates = [p.date for p in content.plans if p.date] + [r.date or r.as_of for r in content.reports]
    if not dates:
        return 0
    newest = datetime.datetime.combine(max(dates), datetime.time(), datetime.timezone.utc)
    return int((newest - EPOCH).total_seconds())


def build_date(content) -> datetime.date:
    """"Today" for the pages that compare dates with it (deadlines due or overdue): the day of
    SOURCE_DATE_EPOCH when whoever runs the build sets it (CI: the commit time), else the day
    `source_date_epoch` fixes from the content, so the same content gives the same pages."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    seconds = int(value) if value.isdigit() else source_date_epoch(content)
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).date()


_chosen: dict[str, str] = {}  # the value this process set, so a rebuild (mkdocs serve) can update it


def set_source_date_epoch(content) -> None:
    """Give MkDocs a build date fixed by the content, unless whoever runs the build chose one (CI: the commit time)."""
    current = os.environ.get("SOURCE_DATE_EPOCH")
    if current is None or current == _chosen.get("value"):
        _chosen["value"] = os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch(content))
