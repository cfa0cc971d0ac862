"""The publication gate: the public site carries exactly the plans marked for release.

A plan is public when its 附注 says （此件公开发布）, or when a recorded basis says so, and
the review gate does not hold it: a plan the importer wrote (`review: pending`), a plan
naming units the importer added (`draft: true`), and a plan whose parse changed since its
`approval:` wait for a person (`python -m generator approve PLAN --by NAME`). The public
build links only those plans, so everything built from the linked content (pages,
search records, agency and theme listings, counts, data, feeds) leaves the rest out by
construction. The review build links every plan and marks the ones not public.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Mapping

from . import urls
from .i18n import _
from .loading import LoadedFile, RawContent, link, status_from_annotation
from .model import Content, Disclosure, DisclosureStatus

# The fields a disclosure portal shows beside the document (索引号, 主题分类, 发布日期, 有效性, 公开方式).
PORTAL_FIELDS = ("index_number", "subject", "date_published", "validity", "disclosure_method")
PENDING_LABEL = "待审核"  # how the report and the review build name a plan held for review


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
        action = _("published") if self.published else _("held back")
        plan = "" if self.plan_public else _(" (its plan {plan} is not public)").format(plan=self.plan_id)
        return _("report {report}: {status} — {explanation}{plan} — {action}").format(
            report=self.report_id, status=self.disclosure.status.value, explanation=self.disclosure.explanation,
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


def select(raw: RawContent, review: bool) -> Selection:
    """Link the plans this build may show: every plan in review, the public ones otherwise."""
    everything = link(raw)
    holds = review_holds(raw)
    for plan in everything.plans:
        plan.review_hold = holds.get(plan.id)
    public = {p.id for p in everything.plans if p.is_published}
    public_reports = {r.id for r in everything.reports if r.disclosure.is_public and r.plan.id in public}
    content = everything if review else link(raw, only=public, reports=public_reports)
    for plan in content.plans:
        plan.review_hold = holds.get(plan.id)
    shown = {p.id for p in content.plans}
    report = [
        DisclosureRow(p.id, p.display_title, p.disclosure, p.id in shown, holds.get(p.id))
        for p in sorted(everything.plans, key=lambda p: p.id)
    ]
    shown_reports = {r.id for r in content.reports}
    reports = [ReportRow(r.id, r.plan.id, r.disclosure, r.plan.id in public, r.id in shown_reports)
               for r in sorted(everything.reports, key=lambda r: r.id)]
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


# The review gate: an imported plan waits for a person. -------------------------------------

def _units_by_name(raw: RawContent) -> dict[str, dict[str, tuple[LoadedFile, int]]]:
    """jurisdiction id → every name and alias of its units → (agencies file, unit index)."""
    found: dict[str, dict[str, tuple[LoadedFile, int]]] = {}
    for file in raw.agencies:
        names = found.setdefault(file.entry.jurisdiction.id, {})
        for index, unit in enumerate(file.entry.units):
            for name in (unit.name, *unit.aliases):
                names.setdefault(name, (file, index))
    return found


def _named_units(entry) -> list[str]:
    """Every unit name the plan's notes give, in document order, once each."""
    names: dict[str, None] = {}

    def walk_tasks(tasks) -> None:
        for task in tasks:
            for body in (task.statements or [task]):
                names.update(dict.fromkeys(u.name for u in body.units))
            walk_tasks(task.items)

    def walk_sections(sections) -> None:
        for section in sections:
            walk_tasks(section.tasks)
            walk_sections(section.sections)

    walk_sections(entry.sections)
    return list(names)


def plan_units(raw: RawContent, file: LoadedFile, units=None) -> list[tuple[LoadedFile, int]]:
    """The agencies entries (file, index) of the units a plan names, each once."""
    names = (units or _units_by_name(raw)).get(file.entry.jurisdiction, {})
    seen: dict[tuple[str, int], tuple[LoadedFile, int]] = {}
    for name in _named_units(file.entry):
        if name in names:
            agencies, index = names[name]
            seen.setdefault((agencies.display, index), (agencies, index))
    return list(seen.values())


def fingerprint(raw: RawContent, file: LoadedFile, units=None) -> str:
    """A short sha256 of the plan's parse: its sections and tasks (words, notes, units and
    roles, targets, theme overrides) and the entries (id, name, kind, collective) of the units
    it names. An approval records it; a change to any of these holds the plan again."""
    entry = file.entry
    named = []
    for agencies, index in plan_units(raw, file, units):
        unit = agencies.entry.units[index]
        named.append({"id": unit.id, "name": unit.name, "aliases": list(unit.aliases), "kind": unit.kind,
                      "collective": unit.collective})
    parse = {"jurisdiction": entry.jurisdiction,
             "sections": [s.model_dump(mode="json") for s in entry.sections], "units": named}
    text = json.dumps(parse, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def review_hold(raw: RawContent, file: LoadedFile, units=None) -> str | None:
    """Why the review gate holds this plan, or None. The only release is an approval whose
    fingerprint matches the parse as it is now."""
    entry = file.entry
    units = units or _units_by_name(raw)
    if entry.review is not None:
        return _("imported and not yet approved (review: {value})").format(value=entry.review)
    drafts = [agencies.entry.units[index].name for agencies, index in plan_units(raw, file, units)
              if agencies.entry.units[index].draft]
    if entry.approval is None:
        if drafts:
            return _("names units the importer added and no person has approved: {names}").format(names="、".join(drafts))
        return None
    now = fingerprint(raw, file, units)
    if now != entry.approval.fingerprint:
        return _("its parse changed since {by} approved it on {date} (fingerprint {then}, now {now})").format(
            by=entry.approval.by, date=entry.approval.date.isoformat(), then=entry.approval.fingerprint, now=now)
    if drafts:
        return _("names units still marked draft: {names}").format(names="、".join(drafts))
    return None


def review_holds(raw: RawContent) -> dict[str, str]:
    """plan id → why the review gate holds it, for every held plan."""
    units = _units_by_name(raw)
    holds = {}
    for file in raw.plans:
        reason = review_hold(raw, file, units)
        if reason:
            holds[file.entry.id] = reason
    return holds


def review_warnings(raw: RawContent) -> list[str]:
    """For `check`: each plan held for review, where, why and how to release it; then each
    jurisdiction without a parent and each unit without a kind (a person fills them in)."""
    warnings = []
    units = _units_by_name(raw)
    for file in raw.plans:
        reason = review_hold(raw, file, units)
        if reason:
            key = next((k for k in ("review", "approval") if (k,) in file.lines), "id")
            warnings.append(_("warning: {where}: {label}, held from the public site: {reason}; list what to check with "
                              "`python -m generator review {plan}`, then approve it with "
                              "`python -m generator approve {plan} --by NAME` (docs/office.md)")
                            .format(where=f"{file.display}:{file.line((key,))}", label=PENDING_LABEL, reason=reason,
                                    plan=file.entry.id))
    for file in raw.agencies:
        warnings += [f"note: {item}" for item in agencies_gaps(file)]
    return warnings


def agencies_gaps(file: LoadedFile, only: set[int] | None = None) -> list[str]:
    """A jurisdiction without a parent, units without a kind (those in `only`, when given)."""
    gaps = []
    entry = file.entry
    if not entry.jurisdiction.parent:
        gaps.append(_("{where}: jurisdiction `{name}` has no parent (上级行政区): write it, e.g. `parent: 山西省晋城市`")
                    .format(where=f"{file.display}:{file.line(('jurisdiction', 'parent'))}", name=entry.jurisdiction.name))
    for index, unit in enumerate(entry.units):
        if unit.kind is None and not unit.collective and (only is None or index in only):
            gaps.append(_("{where}: unit `{name}` has no kind: choose one from content/kinds.yaml")
                        .format(where=f"{file.display}:{file.line(('units', index))}", name=unit.name))
    return gaps


def review_list(raw: RawContent, plan_id: str) -> list[str]:
    """What still needs a person in one plan, each with file and line: draft units, units
    without a kind, a jurisdiction without a parent, themes assigned only by keyword, and
    fields the document did not state (null, shown as 未载明)."""
    file = next((f for f in raw.plans if f.entry.id == plan_id), None)
    if file is None:
        raise KeyError(plan_id)
    entry = file.entry
    units = _units_by_name(raw)
    items = []
    reason = review_hold(raw, file, units)
    if reason:
        items.append(_("{where}: {label}: {reason}").format(where=file.display, label=PENDING_LABEL, reason=reason))
    used = plan_units(raw, file, units)
    for agencies, index in used:
        unit = agencies.entry.units[index]
        if unit.draft:
            items.append(_("{where}: unit `{name}` was added by the importer (draft): check its name, aliases, kind "
                           "and collective").format(where=f"{agencies.display}:{agencies.line(('units', index))}",
                                                   name=unit.name))
    by_file: dict[str, tuple[LoadedFile, set[int]]] = {}
    for agencies, index in used:
        by_file.setdefault(agencies.display, (agencies, set()))[1].add(index)
    own = next((f for f in raw.agencies if f.entry.jurisdiction.id == entry.jurisdiction), None)
    if own is not None and own.display not in by_file:
        by_file[own.display] = (own, set())
    for agencies, indexes in by_file.values():
        items += agencies_gaps(agencies, indexes)
    items += _keyword_themes(raw, file)
    missing = [f"notice.{name}" for name, value in entry.notice if value is None and name not in PORTAL_FIELDS]
    missing += [name for name in ("title", "period") if getattr(entry, name) is None]
    if missing:
        items.append(_("{where}: not stated in the document (shown as 未载明), confirm against the source: {fields}")
                     .format(where=file.display, fields=", ".join(missing)))
    portal = [f"notice.{name}" for name in PORTAL_FIELDS if getattr(entry.notice, name) is None]
    if entry.source.url is None:
        portal.append("source.url")
    if portal:
        items.append(_("{where}: the disclosure portal's fields are not recorded (shown as 未载明): copy them from "
                       "the government's publication if it has them: {fields}")
                     .format(where=file.display, fields=", ".join(portal)))
    return items


def _keyword_themes(raw: RawContent, file: LoadedFile) -> list[str]:
    """Tasks whose themes come from keywords alone (no `themes:` set by a person)."""
    themes = {t.id: t for t in raw.themes.entry}
    found = []

    def check(task, path, parent_title=None) -> None:
        if task.themes is None:
            words = "".join(filter(None, [task.title, task.text, *(s.text for s in task.statements or []),
                                          parent_title]))
            chosen = [t.name for t in themes.values() if any(k in words for k in t.keywords)]
            if chosen:
                found.append(_("{where}: task {label} is in {themes} by keyword only: confirm, or set `themes:`")
                             .format(where=f"{file.display}:{file.line(path)}", label=task.label,
                                     themes="、".join(chosen)))
        for index, item in enumerate(task.items):
            check(item, path + ("items", index), task.title)

    def walk(sections, path) -> None:
        for index, section in enumerate(sections):
            here = path + ("sections", index)
            for t_index, task in enumerate(section.tasks):
                check(task, here + ("tasks", t_index))
            walk(section.sections, here)

    walk(file.entry.sections, ())
    return found
