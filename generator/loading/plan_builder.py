"""One plan file's entry into the model's tree: plan → sections → tasks → statements.

Each level checks what it alone can see (labels twice at a level, anchors twice in a plan,
unknown units, targets not quoted from the text) and reports it with the line of the value.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .. import schema
from ..i18n import _
from ..labels import label_number
from ..model import Agency, Assignment, Notice, Plan, Role, Section, Source, Statement, Target, Task, Theme
from .disclosure import disclosure_of
from .errors import ContentError
from .files import LoadedFile, outside
from .rules import themes_of
from .safe_yaml import YamlPath


@dataclass(frozen=True)
class Place:
    """Where a section or task sits: its section and parent task, its path in the file, and
    the numbers of the labels above it (which make its default anchor, `t-1-3-2`)."""

    section: Section | None
    parent: Task | None
    path: YamlPath
    numbers: tuple[int, ...]

    def below(self, label: str | None, path: YamlPath, section: Section | None = None,
              parent: Task | None = None) -> Place:
        """The place of an entry labelled `label` at `path`, one level under this one."""
        number = label_number(label)
        own = number if number is not None else path[-1] + 1  # unnumbered: its position
        return Place(section or self.section, parent, path, self.numbers + (own,))


@dataclass
class PlanBuilder:
    """Builds one plan from its validated file, collecting the problems it finds."""

    file: LoadedFile
    names: dict[str, Agency]  # every name and alias of the plan's jurisdiction → its unit
    themes: dict[str, Theme]
    problems: list[ContentError]
    anchors: dict[str, YamlPath] = field(default_factory=dict)

    def problem(self, path: YamlPath, message: str) -> None:
        self.problems.append(ContentError(self.file.display, self.file.line(path), message))

    def plan(self, entry: schema.PlanFile, jurisdiction) -> Plan:
        n = entry.notice
        notice = Notice(n.issuer_mark, n.doc_number, n.title, n.addressees, n.body, n.signatory, n.date_signed,
                        n.annotation, n.copied_to, n.printed_by, n.date_printed,
                        n.index_number, n.subject, n.date_published, n.validity, n.disclosure_method,
                        n.registration_number)
        plan = Plan(
            id=entry.id, jurisdiction=jurisdiction, title=entry.title, title_complete=entry.title_complete,
            period=(entry.period.start, entry.period.end) if entry.period else None,
            source=Source(entry.source.file, entry.source.sha256, entry.source.url), notice=notice,
            header_missing=entry.header_missing, responsibility_rule=entry.responsibility_rule,
            disclosure=disclosure_of(entry), preamble=list(entry.preamble), closing=list(entry.closing),
            notes=list(entry.notes), replaced_by=entry.replaced_by,
        )
        top = Place(None, None, (), ())
        plan.sections = [self.section(plan, s, top.below(s.label, ("sections", i)))
                         for i, s in enumerate(entry.sections)]
        return plan

    def check_source(self, sources: Path, entry: schema.PlanFile) -> None:
        path = sources / entry.source.file
        try:
            if not path.is_file():
                self.problem(("source", "file"),
                             _("source file content/sources/{file} does not exist: add the text as received").format(
                                 file=entry.source.file))
                return
            target = outside(path, sources.parent)
            if target is not None:
                self.problem(("source", "file"), _("source file content/sources/{file} is a link to a file outside "
                                                   "content/ ({target}): copy the text into content/sources/ instead")
                             .format(file=entry.source.file, target=target))
                return
            data = path.read_bytes()
        except OSError as exc:  # a name too long for the file system, a folder without permission …
            self.problem(("source", "file"), _("source file content/sources/{file} cannot be read ({reason}): "
                                               "give the file a shorter name, or make it readable").format(
                file=entry.source.file, reason=exc.strerror or exc))
            return
        digest = hashlib.sha256(data).hexdigest()
        if digest != entry.source.sha256:
            self.problem(("source", "sha256"),
                         _("sha256 of content/sources/{file} is {digest}, not the recorded one: "
                           "the source changed since import; check it and record the new sum").format(
                             file=entry.source.file, digest=digest))

    def section(self, plan: Plan, entry: schema.SectionEntry, place: Place) -> Section:
        section = Section(plan, place.section, entry.label, entry.title, list(entry.paragraphs))
        self.sibling_labels(place.path, [t.label for t in entry.tasks], "tasks")
        section.tasks = [self.task(plan, t, place.below(t.label, place.path + ("tasks", i), section=section))
                         for i, t in enumerate(entry.tasks)]
        section.sections = [self.section(plan, s, place.below(s.label, place.path + ("sections", i), section=section))
                            for i, s in enumerate(entry.sections)]
        return section

    def sibling_labels(self, path: YamlPath, labels: list[str], key: str) -> None:
        seen: set[str] = set()
        for index, label in enumerate(labels):
            if label in seen:
                self.problem(path + (key, index, "label"), _("label `{label}` appears twice at this level: correct the numbering").format(label=label))
            seen.add(label)

    def task(self, plan: Plan, entry: schema.TaskEntry, place: Place) -> Task:
        anchor = entry.id or "t-" + "-".join(map(str, place.numbers))
        if anchor in self.anchors:
            self.problem(place.path, _("task anchor `{anchor}` is used twice in this plan: give one task an `id:`").format(anchor=anchor))
        self.anchors[anchor] = place.path
        assert place.section is not None, "a task is placed under a section"
        task = Task(plan, place.section, place.parent, anchor, entry.label, entry.title)
        bodies: list[tuple[schema.StatementEntry | schema.TaskEntry, YamlPath]]
        if entry.statements is not None:
            bodies = [(s, place.path + ("statements", i)) for i, s in enumerate(entry.statements)]
        elif entry.text:
            bodies = [(entry, place.path)]
        else:
            bodies = []
        task.statements = [self.statement(task, body, path) for body, path in bodies]
        self.sibling_labels(place.path, [t.label for t in entry.items], "items")
        task.items = [self.task(plan, t, place.below(t.label, place.path + ("items", i), parent=task))
                      for i, t in enumerate(entry.items)]
        task.themes = themes_of(task, entry, place.path, self.themes, self.problem)
        return task

    def statement(self, task: Task, body: schema.StatementEntry | schema.TaskEntry, path: YamlPath) -> Statement:
        text = body.text or ""  # a task's body has its text (TaskEntry's validator): never empty here
        statement = Statement(task, text, body.note)
        jurisdiction = task.plan.jurisdiction.id
        for index, unit in enumerate(body.units):
            agency = self.names.get(unit.name)
            if agency is None:
                self.problem(path + ("units", index, "name"),
                             _("unknown unit `{name}`: add it (or this spelling as an alias) to "
                               "content/agencies/{jurisdiction}.yaml").format(name=unit.name, jurisdiction=jurisdiction))
                continue
            statement.assignments.append(Assignment(agency, Role(unit.role), unit.name, statement))
        if body.note and body.units:
            for index, unit in enumerate(body.units):
                if unit.name not in body.note:
                    self.problem(path + ("units", index, "name"),
                                 _("unit `{name}` is not in the note `{note}`: name it as the note writes it").format(
                                     name=unit.name, note=body.note))
        for index, target in enumerate(body.targets):
            if target.text not in text:
                self.problem(path + ("targets", index, "text"),
                             _("target text `{text}` is not in the task's text: quote the text exactly").format(text=target.text))
            if target.measure and target.measure not in text:
                self.problem(path + ("targets", index, "measure"),
                             _("target measure `{measure}` is not in the task's text: quote the text exactly").format(
                                 measure=target.measure))
            statement.targets.append(Target(target.text, target.measure, target.value, target.unit, target.year,
                                            statement, comparison=target.comparison))
        return statement
