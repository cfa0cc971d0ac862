"""Progress reports (content/reports/<id>.yaml): read, checked against their plan, linked to tasks.

A report names its plan by id and each task by its ref as data/tasks.json writes it ((一),
(十二)1.) or by the task's anchor (t-2-1). Every report of every plan is checked, whichever a
build shows; only the reports a build may show (their own 附注 and their plan's) are linked
into the model, so everything built from it is gated by construction. Deadlines are read from
each shown task's words here too, once per task.
"""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

from .. import schema
from ..deadlines import read_deadlines, target_deadlines
from ..i18n import _
from ..model import (Agency, Content, Disclosure, DisclosureBasis, DisclosureStatus, Evidence, Plan, Report,
                     ReportEntry, Source, Status, Task)
from .disclosure import status_from_annotation
from .errors import ContentError
from .files import LoadedFile
from .safe_yaml import YamlPath

FOLDER = "reports"


def report_disclosure(entry: schema.ReportFile) -> Disclosure:
    """As a plan's: the recorded basis when there is one, else the report's own 附注."""
    if entry.disclosure:
        basis = DisclosureBasis(entry.disclosure.decided_by, entry.disclosure.date, entry.disclosure.reference)
        return Disclosure(DisclosureStatus(entry.disclosure.status), entry.annotation, basis)
    return Disclosure(status_from_annotation(entry.annotation), entry.annotation, None)


def task_index(plan: Plan) -> dict[str, list[Task]]:
    """Each task by its ref and by its anchor: one pass over the plan."""
    index: dict[str, list[Task]] = {}
    for task in plan.walk_tasks():
        index.setdefault(task.ref, []).append(task)
        if task.id != task.ref:
            index.setdefault(task.id, []).append(task)
    return index


class ReportLinker:
    """Builds the reports of one link, collecting every problem with its file and line."""

    def __init__(self, root: Path, plans: dict[str, Plan], names: dict[str, dict[str, Agency]],
                 problems: list[ContentError], today: datetime.date):
        self.root = root
        self.plans = plans
        self.names = names
        self.problems = problems
        self.indexes: dict[str, dict[str, list[Task]]] = {}
        self.latest = today  # the build's date (site.build_day): no report may be as of a later day

    def problem(self, file: LoadedFile, path: YamlPath, message: str) -> None:
        self.problems.append(ContentError(file.display, file.line(path), message))

    def reports(self, files: list[LoadedFile]) -> list[Report]:
        built: list[Report] = []
        owners: dict[str, str] = {}
        for file in files:
            entry: schema.ReportFile = file.entry
            if entry.id in owners:
                self.problem(file, ("id",), _("report id `{id}` is also claimed by {other}: each report needs its own "
                                              "id (it is the report's URL)").format(id=entry.id, other=owners[entry.id]))
                continue
            owners[entry.id] = file.display
            if file.path.stem != entry.id:
                self.problem(file, ("id",), _("report id `{id}` differs from the file name `{name}`: rename the file "
                                              "or change the id").format(id=entry.id, name=file.path.name))
            report = self.report(file, entry)
            if report is not None:
                built.append(report)
        return built

    def report(self, file: LoadedFile, entry: schema.ReportFile) -> Report | None:
        plan = self.plans.get(entry.plan)
        if plan is None:
            self.problem(file, ("plan",), _("unknown plan `{plan}`: use the id of a file in content/plans/")
                         .format(plan=entry.plan))
            return None
        if plan.period and entry.as_of.year < plan.period[0]:
            self.problem(file, ("as_of",), _("as_of {as_of} is before the plan's period ({period}): a report cannot "
                                             "report work before its plan; correct the date")
                         .format(as_of=entry.as_of.isoformat(), period=plan.period_text))
        if entry.as_of > self.latest:
            self.problem(file, ("as_of",), _("as_of {as_of} is after today ({today}): a report states progress up to "
                                             "a day that has passed; correct the date")
                         .format(as_of=entry.as_of.isoformat(), today=self.latest.isoformat()))
        if entry.date and entry.as_of > entry.date:
            self.problem(file, ("as_of",), _("as_of {as_of} is after the report's date {date}: a report cannot state "
                                             "progress beyond the day it was written; correct one of them")
                         .format(as_of=entry.as_of.isoformat(), date=entry.date.isoformat()))
        agency = None
        if entry.reporter is not None:
            agency = self.names.get(plan.jurisdiction.id, {}).get(entry.reporter)
            if agency is None:
                self.problem(file, ("reporter",), _("unknown unit `{unit}`: add it (or this spelling as an alias) to "
                                                    "content/agencies/{jurisdiction}.yaml")
                             .format(unit=entry.reporter, jurisdiction=plan.jurisdiction.id))
        source = None
        if entry.source is not None:
            source = Source(entry.source.file, entry.source.sha256)
            self.check_source(file, entry.source)
        report = Report(entry.id, plan, entry.title, entry.date, entry.as_of, entry.reporter, agency,
                        entry.doc_number, report_disclosure(entry), source, list(entry.preamble), list(entry.closing))
        index = self.indexes.get(plan.id)
        if index is None:
            index = self.indexes[plan.id] = task_index(plan)
        seen: dict[Task, int] = {}
        again: dict[Task, tuple[str, list[int]]] = {}  # a task reported more than once: its entries
        for number, item in enumerate(entry.entries):
            tasks = index.get(item.task, [])
            if not tasks:
                self.problem(file, ("entries", number, "task"),
                             _("plan `{plan}` has no task `{task}`: write the task's ref as data/tasks.json writes "
                               "it (e.g. （一） or （十二）1.)").format(plan=plan.id, task=item.task))
                continue
            if len(tasks) > 1:
                self.problem(file, ("entries", number, "task"),
                             _("`{task}` names {count} tasks of plan `{plan}`: write the task's id instead ({ids})")
                             .format(task=item.task, count=len(tasks), plan=plan.id,
                                     ids=", ".join(t.id for t in tasks)))
                continue
            task = tasks[0]
            if task in seen:
                again.setdefault(task, (item.task, [seen[task]]))[1].append(number)
                continue
            seen[task] = number
            evidence = [Evidence(e.title, e.url) for e in item.evidence]
            report.entries.append(ReportEntry(report, task, Status(item.status), item.text, evidence))
        for ref, numbers in again.values():  # one message per task, however often it is repeated
            self.problem(file, ("entries", numbers[1], "task"),
                         _("task `{task}` is reported {count} times in this report (entries {entries}): keep one "
                           "entry per task").format(task=ref, count=len(numbers),
                                                    entries=number_ranges([n + 1 for n in numbers])))
        return report

    def check_source(self, file: LoadedFile, source: schema.SourceEntry) -> None:
        path = self.root / "sources" / source.file
        if not path.is_file():
            self.problem(file, ("source", "file"), _("source file content/sources/{name} does not exist: add the "
                                                     "report's text as received").format(name=source.file))
            return
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != source.sha256:
            self.problem(file, ("source", "sha256"),
                         _("sha256 of content/sources/{name} is {digest}, not the recorded one: check the text and "
                           "record the new sum").format(name=source.file, digest=digest))


def link_reports(root: Path, files: list[LoadedFile], plans: dict[str, Plan],
                 names: dict[str, dict[str, Agency]], problems: list[ContentError], today: datetime.date) -> list[Report]:
    """Every report checked and built against the plans of this link (shown or not)."""
    return ReportLinker(root, plans, names, problems, today).reports(files)


def attach(content: Content, reports: list[Report], only: set[str] | None) -> None:
    """Wire the reports this build shows (those in `only`, all when None, of shown plans) into
    their plans and tasks, and read every shown task's deadlines."""
    shown_plans = set(content.plans)
    agencies = set(content.agencies)
    chosen = [r for r in reports if r.plan in shown_plans and (only is None or r.id in only)]
    chosen.sort(key=lambda r: (r.as_of, r.id))
    for report in chosen:
        if report.reporter_agency is not None and report.reporter_agency not in agencies:
            report.reporter_agency = None  # no shown plan names the unit: it has no page
        report.plan.reports.append(report)
        for item in report.entries:
            item.task.progress.append(item)
    content.reports = chosen
    for plan in content.plans:
        for task in plan.walk_tasks():
            words = read_deadlines(task.text, plan.period)
            task.deadlines = words + target_deadlines([(t.text, t.year) for t in task.targets], words)


def number_ranges(numbers: list[int]) -> str:
    """1, 2, 3, 5 → 1–3, 5: row and entry numbers in a message, however many."""
    ordered = sorted(set(numbers))
    parts: list[str] = []
    start = None
    for i, n in enumerate(ordered):
        if start is None:
            start = n
        if i + 1 == len(ordered) or ordered[i + 1] != n + 1:
            parts.append(str(start) if start == n else f"{start}–{n}")
            start = None
    return ", ".join(parts)
