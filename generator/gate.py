"""The publication gate: the public site carries exactly the plans marked for release.

A plan is public when its 附注 says （此件公开发布）, or when a recorded basis says so, and
the review gate (review.py) does not hold it: a plan the importer wrote, and one changed
since its approval, wait for a person. Every plan is built and checked once; the public
build wires only those plans into the content, so everything built from it (pages, search
records, agency and theme listings, counts, data, feeds) leaves the rest out by
construction. The review build wires every plan and marks the ones not public.

Here: the selection (`select`), the check that nothing public was dropped (`verify`) and the
disclosure report every build prints (`report_text`, and `unrecognised_annotations`, the
warning for a 附注 the allow-list does not know).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Mapping

from . import urls
from .i18n import N_, _
from .loading import RawContent, link_all, status_from_annotation
from .review import PENDING_LABEL, review_holds
from .model import Content, Disclosure, DisclosureStatus



# The status as the disclosure report prints it: the English word (the YAML's value) by locale,
# Chinese by default.
STATUS_WORDS = {DisclosureStatus.PUBLIC: N_("public"), DisclosureStatus.ON_REQUEST: N_("on-request"),
                DisclosureStatus.WITHHELD: N_("withheld"), DisclosureStatus.UNMARKED: N_("unmarked"),
                DisclosureStatus.UNRECOGNISED: N_("unrecognised")}


def status_word(status: DisclosureStatus) -> str:
    return _(STATUS_WORDS[status])


@dataclass(frozen=True)
class DisclosureRow:
    """One line of the disclosure report printed by every build."""

    plan_id: str
    title: str
    disclosure: Disclosure
    published: bool
    hold: str | None = None  # why the review gate holds the plan (待审核), None when it does not

    @property
    def expected_public(self) -> bool:
        """Whether a public build must carry this plan: public by disclosure and approved."""
        return self.disclosure.is_public and self.hold is None

    def __str__(self) -> str:
        action = _("published") if self.published else _("held back")
        if self.hold:
            action += f" ({PENDING_LABEL}: {self.hold})"
        return f"{self.plan_id}: {status_word(self.disclosure.status)} — {self.disclosure.explanation} — {action}"


@dataclass(frozen=True)
class ReportRow:
    """A progress report's line in the disclosure report: published only when it and its plan are public."""

    report_id: str
    plan_id: str
    disclosure: Disclosure
    plan_public: bool
    published: bool

    def __str__(self) -> str:
        action = _("published") if self.published else _("held back")
        plan = "" if self.plan_public else _(" (its plan {plan} is not public)").format(plan=self.plan_id)
        return _("report {report}: {status} — {explanation}{plan} — {action}").format(
            report=self.report_id, status=status_word(self.disclosure.status), explanation=self.disclosure.explanation,
            plan=plan, action=action)


@dataclass
class Selection:
    """The content one build shows, and the disclosure report (公开情况) of what it let out and
    held back: a row per plan, and a row per progress report (落实情况)."""

    content: Content
    disclosure_report: list[DisclosureRow]
    review: bool
    reports: list[ReportRow] = field(default_factory=list)  # the progress reports' rows


class GateError(Exception):
    """A plan marked public is missing from the public build."""


def select(raw: RawContent, review: bool, today: datetime.date | None = None) -> Selection:
    """Link the plans this build may show: every plan in review, the public ones otherwise
    (`today`: the build's date, see loading.link). Every plan is built and checked once; only the
    chosen ones are wired into the content."""
    linked = link_all(raw, today=today)
    holds = review_holds(raw)
    for plan in linked.plans:
        plan.review_hold = holds.get(plan.id)
    public = {p.id for p in linked.plans if p.is_published}
    public_reports = {r.id for r in linked.reports if r.disclosure.is_public and r.plan.id in public}
    content = linked.content() if review else linked.content(only=public, reports=public_reports)
    shown = {p.id for p in content.plans}
    report = [
        DisclosureRow(p.id, p.display_title, p.disclosure, p.id in shown, holds.get(p.id))
        for p in sorted(linked.plans, key=lambda p: p.id)
    ]
    shown_reports = {r.id for r in content.reports}
    reports = [ReportRow(r.id, r.plan.id, r.disclosure, r.plan.id in public, r.id in shown_reports)
               for r in sorted(linked.reports, key=lambda r: r.id)]
    return Selection(content, report, review, reports)


def verify(selection: Selection, tree: Mapping[str, object]) -> None:
    """Fail when a plan marked public has no page in the built tree: nothing public is dropped."""
    missing = [
        row for row in selection.disclosure_report
        if row.expected_public and urls.page_file(urls.plan_by_id(row.plan_id)) not in tree
    ]
    if missing:
        names = "; ".join(f"{row.plan_id} ({row.title})" for row in missing)
        raise GateError(_("plans marked public are missing from the build: {names}").format(names=names))
    lost = [row.report_id for row in selection.reports
            if row.disclosure.is_public and row.plan_public and urls.page_file(urls.report_by_id(row.report_id)) not in tree]
    if lost:
        raise GateError(_("reports marked public are missing from the build: {names}").format(names="; ".join(lost)))


def report_text(selection: Selection) -> str:
    mode = _("review build: every plan is shown") if selection.review else _("public build")
    lines = [_("Disclosure report ({mode}):").format(mode=mode)] + [f"  {row}" for row in selection.disclosure_report]
    lines += [f"  {row}" for row in selection.reports]
    return "\n".join(lines)


def unrecognised_annotations(raw: RawContent) -> list[str]:
    """A warning for each plan held because its 附注 is in no form the gate knows and no basis
    is recorded: the wording may be a typo for （此件公开发布）, or a refusal; a person decides."""
    warnings = []
    for file in raw.plans:
        entry = file.entry
        if entry.disclosure is None and status_from_annotation(entry.notice.annotation) is DisclosureStatus.UNRECOGNISED:
            where = f"{file.display}:{file.line(('notice', 'annotation'))}"
            warnings.append(_("warning: {where}: the 附注 `{annotation}` is not recognised, so the plan is held "
                              "from the public site: if the document says （此件公开发布）, write it exactly so; "
                              "otherwise record the decision under `disclosure:` (docs/disclosure.md)")
                            .format(where=where, annotation=entry.notice.annotation))
    for file in raw.reports:
        entry = file.entry
        if entry.disclosure is None and status_from_annotation(entry.annotation) is DisclosureStatus.UNRECOGNISED:
            where = f"{file.display}:{file.line(('annotation',))}"
            warnings.append(_("warning: {where}: the 附注 `{annotation}` is not recognised, so the report is held "
                              "from the public site: if the report says （此件公开发布）, write it exactly so; "
                              "otherwise record the decision under `disclosure:` (docs/reports.md)")
                            .format(where=where, annotation=entry.annotation))
    return warnings
