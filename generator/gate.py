"""The publication gate: the public site carries exactly the plans marked for release.

A plan is public when its 附注 says （此件公开发布）, or when a recorded basis says so. The
public build links only those plans, so everything built from the linked content (pages,
search records, agency and theme listings, counts, data, feeds) leaves the rest out by
construction. The review build links every plan and marks the ones not public.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import urls
from .i18n import _
from .loading import RawContent, link, status_from_annotation
from .model import Content, Disclosure, DisclosureStatus


@dataclass(frozen=True)
class DisclosureRow:
    """One line of the disclosure report printed by every build."""

    plan_id: str
    title: str
    disclosure: Disclosure
    published: bool

    def __str__(self) -> str:
        action = "published" if self.published else "held back"
        return f"{self.plan_id}: {self.disclosure.status.value} — {self.disclosure.explanation} — {action}"


@dataclass(frozen=True)
class ReportRow:
    """A progress report's line in the disclosure report: published only when it and its plan are public."""

    report_id: str
    plan_id: str
    disclosure: Disclosure
    plan_public: bool
    published: bool

    def __str__(self) -> str:
        action = "published" if self.published else "held back"
        plan = "" if self.plan_public else f" (its plan {self.plan_id} is not public)"
        return (f"report {self.report_id}: {self.disclosure.status.value} — {self.disclosure.explanation}{plan} "
                f"— {action}")


@dataclass
class Selection:
    """The content one build shows, and the report of what it let out and held back."""

    content: Content
    report: list[DisclosureRow]
    review: bool
    reports: list[ReportRow] = field(default_factory=list)


class GateError(Exception):
    """A plan marked public is missing from the public build."""


def select(raw: RawContent, review: bool) -> Selection:
    """Link the plans this build may show: every plan in review, the public ones otherwise."""
    everything = link(raw)
    public = {p.id for p in everything.plans if p.disclosure.is_public}
    public_reports = {r.id for r in everything.reports if r.disclosure.is_public and r.plan.id in public}
    content = everything if review else link(raw, only=public, reports=public_reports)
    shown = {p.id for p in content.plans}
    report = [
        DisclosureRow(p.id, p.display_title, p.disclosure, p.id in shown)
        for p in sorted(everything.plans, key=lambda p: p.id)
    ]
    shown_reports = {r.id for r in content.reports}
    reports = [ReportRow(r.id, r.plan.id, r.disclosure, r.plan.id in public, r.id in shown_reports)
               for r in sorted(everything.reports, key=lambda r: r.id)]
    return Selection(content, report, review, reports)


def verify(selection: Selection, tree: dict[str, object]) -> None:
    """Fail when a plan marked public has no page in the built tree: nothing public is dropped."""
    missing = [
        row for row in selection.report
        if row.disclosure.is_public and urls.page_file(f"plans/{row.plan_id}/") not in tree
    ]
    if missing:
        names = "; ".join(f"{row.plan_id} ({row.title})" for row in missing)
        raise GateError(f"plans marked public are missing from the build: {names}")
    lost = [row.report_id for row in selection.reports
            if row.disclosure.is_public and row.plan_public and urls.page_file(f"reports/{row.report_id}/") not in tree]
    if lost:
        raise GateError(f"reports marked public are missing from the build: {'; '.join(lost)}")


def report_text(selection: Selection) -> str:
    mode = "review build: every plan is shown" if selection.review else "public build"
    lines = [f"Disclosure report ({mode}):"] + [f"  {row}" for row in selection.report]
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
