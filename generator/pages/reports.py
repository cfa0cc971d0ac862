"""Progress reports as pages: one per report (reports/<id>/), their index, and the deadlines page."""

from __future__ import annotations

from typing import Iterator

from .. import progress, urls
from ..model import Report
from ..site import Site
from .plans import REVIEW_BANNER
from .render import page


def report_page(site: Site, report: Report) -> tuple[str, str]:
    hidden = site.review and not (report.disclosure.is_public and report.plan.disclosure.is_public)
    return page(site, urls.report(report), "report.html", report.title, robots="noindex" if hidden else None,
                report=report, hidden=hidden, banner=REVIEW_BANNER)


def build(site: Site) -> Iterator[tuple[str, str]]:
    content = site.content
    for r in content.reports:
        yield report_page(site, r)
    newest = sorted(content.reports, key=lambda r: (r.as_of, r.id), reverse=True)
    yield page(site, urls.REPORTS, "reports.html", "落实情况报告", reports=newest)
    view = progress.deadline_view(content.plans, site.build_date)
    yield page(site, urls.DEADLINES, "deadlines.html", "任务期限", view=view, soon_days=progress.DUE_SOON_DAYS)

