"""One plain record (JSON-ready dict) per plan, task, target, agency and theme.

Records hold the documents' own words (task text, notes, labels) unchanged and `None` where
the document does not say a thing; the data page and the schemas describe every field. Keys
keep one order so two builds of the same content write the same bytes.
"""

from __future__ import annotations

import datetime

from .. import urls
from ..deadlines import due_dates
from ..model import UNKNOWN, UNREPORTED, Agency, Assignment, Plan, ReportEntry, Role, Section, Target, Task, Theme
from ..obligations import STATE_LABELS, Obligation
from ..obligations import Due as ObligationDue
from ..site import Site


def absolute_url(site: Site, url: str) -> str:
    """An absolute URL when the site's address is known, else a path relative to the site root."""
    base = site.options.site_url
    return f"{base.rstrip('/')}/{url}" if base else url


def iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def number(value: float) -> int | float:
    """100.0 → 100: whole numbers are written without a decimal point."""
    return int(value) if float(value).is_integer() else value


def plan_record(site: Site, plan: Plan) -> dict:
    """A plan and its notice's elements (通知要素), with counts and where to get it."""
    notice, tasks = plan.notice, list(plan.walk_tasks())
    return {
        "id": plan.id,
        "title": plan.display_title,
        "title_as_written": plan.title,
        "title_complete": plan.title_complete,
        "jurisdiction": plan.jurisdiction.id,
        "jurisdiction_name": plan.jurisdiction.name,
        "jurisdiction_parent": plan.jurisdiction.parent,
        "doc_number": notice.doc_number,  # 发文字号
        "notice_title": notice.title,  # 通知标题
        "issuer": notice.signatory,  # 发文机关署名
        "date_signed": iso(notice.date_signed),  # 成文日期
        "date_printed": iso(notice.date_printed),  # 印发日期
        "printed_by": notice.printed_by,  # 印发机关
        "annotation": notice.annotation,  # 附注
        "index_number": notice.index_number,  # 索引号
        "subject": notice.subject,  # 主题分类
        "date_published": iso(notice.date_published),  # 发布日期
        "validity": notice.validity,  # 有效性
        "disclosure_method": notice.disclosure_method,  # 公开方式
        "registration_number": notice.registration_number,  # 登记号 (规范性文件)
        "replaced_by": plan.replaced_by if plan.replaced_by in site.shown_ids else None,
        "disclosure": plan.disclosure.status.value,
        "disclosure_explanation": plan.disclosure.explanation,
        "header_missing": plan.header_missing,
        "responsibility_rule": plan.responsibility_rule,
        "period_start": plan.period[0] if plan.period else None,
        "period_end": plan.period[1] if plan.period else None,
        "source_file": plan.source.file,
        "source_sha256": plan.source.sha256,
        "source_url": absolute_url(site, urls.source(plan.source)),
        "source_page": absolute_url(site, urls.plan_source(plan)),
        "official_url": plan.source.url,
        "task_count": plan.task_count,
        "target_count": sum(len(t.targets) for t in tasks),
        "agency_count": len({a.agency.key for t in tasks for a in t.assignments}),
        "url": absolute_url(site, urls.plan(plan)),
        "data_json": absolute_url(site, urls.plan_data(plan, "json")),
        "data_csv": absolute_url(site, urls.plan_data(plan, "csv")),
    }


def unit_record(assignment: Assignment) -> dict:
    agency = assignment.agency
    return {"name": agency.name, "role": assignment.role.value, "agency": agency.key,
            "as_written": assignment.name_as_written}


def units(task: Task) -> list[dict]:
    """Each unit a task names, once per role, in the order the notes name them."""
    seen: dict[tuple[str, str], dict] = {}
    for assignment in task.assignments:
        seen.setdefault((assignment.agency.key, assignment.role.value), unit_record(assignment))
    return list(seen.values())


def target_fields(target: Target) -> dict:
    return {
        "text": target.text,
        "measure": target.measure,
        "value": number(target.value),
        "unit": target.unit,
        "comparison": target.comparison,
        "year": target.year,
        "metric": target.metric.id if target.metric else None,
    }


def section_path(task: Task) -> list[str]:
    """The headings above a task, outermost first (一、强化全过程质量安全管控)."""
    path: list[str] = []
    section: Section | None = task.section
    while section is not None:
        if section.heading:
            path.append(section.heading)
        section = section.parent
    return path[::-1]


def task_record(site: Site, task: Task) -> dict:
    """A task or sub-item: its labels, its words verbatim (notes included) and who does it."""
    return {
        "plan": task.plan.id,
        "jurisdiction": task.plan.jurisdiction.id,
        "id": task.id,
        "ref": task.ref,
        "label": task.label,
        "parent": task.parent.id if task.parent else None,
        "section": section_path(task),
        "title": task.title,
        "text": task.text_with_notes,
        "notes": [s.note for s in task.statements if s.note],
        "units": units(task),
        "themes": [t.id for t in task.themes],
        "targets": [target_fields(t) for t in task.targets],
        **progress_fields(task),
        "url": absolute_url(site, urls.task(task)),
    }


def progress_fields(task: Task) -> dict:
    """The task's current status (the shown report with the latest as_of; null: 未报告) and its deadlines."""
    latest = task.latest
    return {
        "status": latest.status.value if latest else None,
        "status_label": latest.status.label if latest else UNREPORTED,
        "status_as_of": iso(latest.report.as_of) if latest else None,
        "status_report": latest.report.id if latest else None,
        "report_count": len(task.progress),
        "deadlines": [{"words": d.words, "dates": [x.isoformat() for x in d.dates], "every": d.every, "basis": d.basis}
                      for d in task.deadlines],
        "due_dates": [x.isoformat() for x in due_dates(task.deadlines)],
    }


def report_entry_record(site: Site, entry: ReportEntry) -> dict:
    """One task's progress in one report, with the report's elements: reports.json's rows."""
    report, task = entry.report, entry.task
    return {
        "report": report.id,
        "title": report.title,
        "plan": report.plan.id,
        "jurisdiction": report.plan.jurisdiction.id,
        "reporter": report.reporter,
        "doc_number": report.doc_number,
        "date": iso(report.date),
        "as_of": iso(report.as_of),
        "annotation": report.annotation,
        "disclosure": report.disclosure.status.value,
        "task": task.id,
        "ref": task.ref,
        "status": entry.status.value,
        "status_label": entry.status.label,
        "text": entry.text,
        "evidence": [{"title": e.title, "url": e.url} for e in entry.evidence],
        "latest": task.latest is entry,
        "url": absolute_url(site, urls.report(report)),
        "task_url": absolute_url(site, urls.task(task)),
    }


OBLIGATION_STATUS = {"done": "covered", "overdue": "missing", "upcoming": "pending", "later": "pending"}


def obligation_record(site: Site, obligation: Obligation, due: ObligationDue | None) -> dict:
    """One due date of a plan's reporting clause (None: a clause whose dates have no year), with
    whether a shown report covers it on the build's date: obligations.json's rows."""
    state = due.state(site.build_date) if due else None
    report = due.report if due else None
    return {
        "plan": obligation.plan.id,
        "jurisdiction": obligation.plan.jurisdiction.id,
        "obligation": obligation.number,
        "task": obligation.task.id,
        "ref": obligation.task.ref,
        "sentence": obligation.sentence,
        "clause": obligation.clause,
        "reporter": obligation.reporter,
        "recipient": obligation.recipient,
        "report_on": obligation.subject,
        "when": obligation.when_words,
        "every": obligation.every,
        "due": iso(due.date) if due else None,
        "basis": obligation.basis,
        "coverage": OBLIGATION_STATUS[state] if state else None,
        "coverage_label": STATE_LABELS[state] if state else UNKNOWN,
        "coverage_as_of": iso(site.build_date),
        "report": report.id if report else None,
        "report_url": absolute_url(site, urls.report(report)) if report else None,
        "url": absolute_url(site, urls.plan(obligation.plan)) + "#" + obligation.anchor,
        "task_url": absolute_url(site, urls.task(obligation.task)),
    }


def target_record(site: Site, target: Target) -> dict:
    """A quantified goal with the task and plan it belongs to: the table for comparing targets."""
    task = target.statement.task
    return {
        "plan": task.plan.id,
        "jurisdiction": task.plan.jurisdiction.id,
        "jurisdiction_name": task.plan.jurisdiction.name,
        "task": task.id,
        "ref": task.ref,
        **target_fields(target),
        "metric_name": target.metric.name if target.metric else None,
        "theme": target.metric.theme.id if target.metric else None,
        "url": absolute_url(site, urls.task(task)),
    }


def tasks_with_role(agency: Agency, role: Role) -> int:
    return len({a.statement.task for a in agency.assignments if a.role is role})


def agency_record(site: Site, agency: Agency) -> dict:
    """A unit as its jurisdiction's agencies file lists it, with what the shown plans give it."""
    plans = sorted({a.statement.task.plan.id for a in agency.assignments})
    return {
        "key": agency.key,
        "id": agency.id,
        "name": agency.name,
        "aliases": list(agency.aliases),
        "jurisdiction": agency.jurisdiction.id,
        "jurisdiction_name": agency.jurisdiction.name,
        "kind": agency.kind.id if agency.kind else None,
        "kind_name": agency.kind.name if agency.kind else None,
        "collective": agency.collective,
        "draft": agency.draft,
        "plans": plans,
        "task_count": len(agency.tasks),
        "lead_count": tasks_with_role(agency, Role.LEAD),
        "responsible_count": tasks_with_role(agency, Role.RESPONSIBLE),
        "supporting_count": tasks_with_role(agency, Role.SUPPORTING),
        "url": absolute_url(site, urls.agency(agency)),
    }


def theme_record(site: Site, theme: Theme) -> dict:
    """An action theme, the keywords that assign tasks to it, and how many tasks it holds."""
    return {
        "id": theme.id,
        "name": theme.name,
        "description": theme.description,
        "keywords": list(theme.keywords),
        "metrics": [{"id": m.id, "name": m.name, "keywords": list(m.keywords)} for m in theme.metrics],
        "task_count": len(theme.tasks),
        "plan_count": len(theme.plans),
        "target_count": len(theme.targets),
        "url": absolute_url(site, urls.theme(theme)),
    }
