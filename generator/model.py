"""The domain: plans, their sections and tasks, the units responsible, themes and targets.

Objects here are linked (a Task knows its Plan, an Agency knows its assignments) and know
nothing of MkDocs or of files: `loading/` builds them, the page, search and data builders
read them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from .deadlines import Deadline


class Role(StrEnum):
    LEAD = "lead"  # 牵头
    RESPONSIBLE = "responsible"  # 负责
    SUPPORTING = "supporting"  # 配合

    @property
    def label(self) -> str:
        return {"lead": "牵头", "responsible": "负责", "supporting": "配合"}[self.value]

    @property
    def rank(self) -> int:
        return ["lead", "responsible", "supporting"].index(self.value)


class DisclosureStatus(StrEnum):
    PUBLIC = "public"  # 此件公开发布 (主动公开)
    ON_REQUEST = "on-request"  # 此件依申请公开
    WITHHELD = "withheld"  # 此件不予公开
    UNMARKED = "unmarked"  # no 附注
    UNRECOGNISED = "unrecognised"  # a 附注 in no form the gate knows: a person must decide

    @property
    def label(self) -> str:
        return {
            "public": "主动公开（全文公开发布）",
            "on-request": "依申请公开",
            "withheld": "不予公开",
            "unmarked": "未标注公开属性",
            "unrecognised": "附注无法识别，须由人工决定",
        }[self.value]


UNKNOWN = "未载明"  # how the site writes a field the document does not state


@dataclass(eq=False)
class Kind:
    """A kind of unit shared across jurisdictions (市场监管, 农业农村 …)."""

    id: str
    name: str
    agencies: list[Agency] = field(default_factory=list)
    common_names: list[str] = field(default_factory=list)  # 市场监管局, 市场监督管理局 …: search expands them to the kind


@dataclass(eq=False)
class Jurisdiction:
    id: str
    name: str
    level: str | None
    parent: str | None
    agencies: list[Agency] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)


@dataclass(eq=False)
class Agency:
    """A unit (单位) of one jurisdiction, as the agencies file lists it."""

    id: str
    jurisdiction: Jurisdiction
    name: str
    aliases: list[str]
    kind: Kind | None
    collective: bool
    draft: bool
    assignments: list[Assignment] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.jurisdiction.id}/{self.id}"

    @property
    def tasks(self) -> list[Task]:
        """Each task it is named in once, in the order of its assignments."""
        return list(dict.fromkeys(a.statement.task for a in self.assignments))


@dataclass(eq=False)
class Assignment:
    """A unit named in a responsibility note, with its role: the link Task ↔ Agency."""

    agency: Agency
    role: Role
    name_as_written: str
    statement: Statement


COMPARISON_SIGNS = {"at-least": "≥", "at-most": "≤", "exactly": ""}  # schema.Comparison → what a page shows


@dataclass(eq=False)
class Target:
    """A quantified goal (覆盖率达到 100%), with the year it applies to and how its value binds:
    a floor (at-least), a ceiling (at-most: 控制在2%以内) or exactly."""

    text: str
    measure: str | None
    value: float
    unit: str
    year: int | None
    statement: Statement
    metric: Metric | None = None
    comparison: str = "at-least"

    @property
    def value_text(self) -> str:
        """The value as pages show it, with its sign: ≥ 95%, ≤ 2%, 1 个."""
        number = f"{self.value:g}"
        sign = COMPARISON_SIGNS[self.comparison]
        shown = f"{number}{self.unit}" if self.unit == "%" else f"{number} {self.unit}"
        return f"{sign} {shown}" if sign else shown


@dataclass(eq=False)
class Statement:
    """Text with its own responsibility note; most tasks have one, some several."""

    task: Task
    text: str
    note: str | None
    assignments: list[Assignment] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)


@dataclass(eq=False)
class Task:
    """A numbered task of a plan, or a sub-item of one (then `parent` is set)."""

    plan: Plan
    section: Section
    parent: Task | None
    id: str
    label: str
    title: str | None
    statements: list[Statement] = field(default_factory=list)
    items: list[Task] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)  # read from its words (deadlines.py)
    progress: list[ReportEntry] = field(default_factory=list)  # shown reports' entries, oldest as_of first

    @property
    def latest(self) -> ReportEntry | None:
        """The entry of the shown report with the latest as_of; None: no report mentions it (未报告)."""
        return self.progress[-1] if self.progress else None

    @property
    def text(self) -> str:
        """The task's own words without the responsibility notes: its statements' `text`, as in the YAML."""
        return "".join(s.text for s in self.statements)

    @property
    def text_with_notes(self) -> str:
        """The task's own words with the notes (（县市场监管局牵头）), as the document reads."""
        return "".join(s.text + (s.note or "") for s in self.statements)

    @property
    def ref(self) -> str:
        """The document's labels from the outermost task in: （十二）3."""
        return (self.parent.ref if self.parent else "") + self.label

    @property
    def assignments(self) -> list[Assignment]:
        return [a for s in self.statements for a in s.assignments]

    @property
    def targets(self) -> list[Target]:
        return [t for s in self.statements for t in s.targets]

    @property
    def heading_titles(self) -> list[str]:
        """Titles of the headings it stands under, nearest first: its parent tasks', then its
        sections' (阳城 （十二）推进反食品浪费工作 over 1. 2. 3.; a 任务清单's 工作任务 over its measures)."""
        titles = []
        parent = self.parent
        while parent is not None:
            titles.append(parent.title)
            parent = parent.parent
        section: Section | None = self.section
        while section is not None:
            titles.append(section.title)
            section = section.parent
        return [t for t in titles if t]

    @property
    def is_heading(self) -> bool:
        """A heading with sub-items and no words of its own (阳城 （十二）推进反食品浪费工作)."""
        return not self.statements

    def walk(self) -> Iterator[Task]:
        yield self
        for item in self.items:
            yield from item.walk()


@dataclass(eq=False)
class Section:
    plan: Plan
    parent: Section | None
    label: str | None
    title: str | None
    paragraphs: list[str]
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)  # its own numbered tasks; walk_tasks() adds sub-items and sub-sections'

    @property
    def heading(self) -> str:
        return f"{self.label or ''}{self.title or ''}"

    def walk_tasks(self) -> Iterator[Task]:
        for task in self.tasks:
            yield from task.walk()
        for sub in self.sections:
            yield from sub.walk_tasks()


@dataclass(frozen=True)
class Notice:
    """The covering notice (通知): GB/T 9704-2012's elements; None where the document has none."""

    issuer_mark: str | None  # 发文机关标志
    doc_number: str | None  # 发文字号
    title: str | None  # 标题
    addressees: str | None  # 主送机关
    body: str | None  # 正文
    signatory: str | None  # 发文机关署名
    date_signed: datetime.date | None  # 成文日期
    annotation: str | None  # 附注
    copied_to: str | None  # 抄送机关
    printed_by: str | None  # 印发机关
    date_printed: datetime.date | None  # 印发日期
    index_number: str | None = None  # 索引号: the disclosure portal's fields, None = 未载明
    subject: str | None = None  # 主题分类
    date_published: datetime.date | None = None  # 发布日期
    validity: str | None = None  # 有效性: 有效 / 失效 / 废止
    disclosure_method: str | None = None  # 公开方式
    registration_number: str | None = None  # 登记号 (规范性文件)


@dataclass(frozen=True)
class DisclosureBasis:
    """Who set a plan's disclosure status by hand, when, and on what reference."""

    decided_by: str
    date: datetime.date
    reference: str


@dataclass(frozen=True)
class Disclosure:
    status: DisclosureStatus
    annotation: str | None  # 附注 as written
    basis: DisclosureBasis | None  # set when the status does not come from the 附注

    @property
    def is_public(self) -> bool:
        return self.status is DisclosureStatus.PUBLIC

    @property
    def explanation(self) -> str:
        """What the status means, in plain words, for the plan page and the build report."""
        if self.basis:
            return (
                f"{self.status.label}：由{self.basis.decided_by}于{self.basis.date.isoformat()}决定"
                f"（依据：{self.basis.reference}）"
            )
        if self.status is DisclosureStatus.UNRECOGNISED:
            return f"附注“{self.annotation}”无法识别（not recognised）：须由人工决定（a person must decide），不予发布"
        if self.annotation:
            return f"附注“{self.annotation}”：{self.status.label}"
        return "文件无附注，未标注公开属性"


@dataclass(frozen=True)
class Source:
    file: str
    sha256: str
    url: str | None = None  # the official publication's address, when recorded


@dataclass(eq=False)
class Plan:
    id: str
    jurisdiction: Jurisdiction
    title: str | None
    title_complete: bool
    period: tuple[int, int] | None
    source: Source
    notice: Notice
    header_missing: bool
    responsibility_rule: str | None
    disclosure: Disclosure
    preamble: list[str]
    closing: list[str]
    notes: list[str]
    sections: list[Section] = field(default_factory=list)
    replaced_by: str | None = None  # id of the plan that replaces this one
    review_hold: str | None = None  # why the review gate holds this plan (review.py); None when it does not
    reports: list[Report] = field(default_factory=list)  # shown progress reports, by as_of then id

    @property
    def is_published(self) -> bool:
        """What the public build shows: public by its disclosure, and not held for review."""
        return self.disclosure.is_public and self.review_hold is None

    @property
    def display_title(self) -> str:
        """The title to show; a cut-off title says so rather than being completed by guess."""
        if self.title and self.title_complete:
            return self.title
        prefix = self.jurisdiction.name
        shown = self.title or "标题缺失"
        return f"{prefix} · {shown}（原文标题不全）" if self.title else f"{prefix}（原文{shown}）"

    @property
    def year(self) -> int | None:
        return self.period[0] if self.period else None

    @property
    def period_text(self) -> str:
        if not self.period:
            return UNKNOWN
        start, end = self.period
        return f"{start}年" if start == end else f"{start}—{end}年"

    @property
    def date(self) -> datetime.date | None:
        """The date a reader orders plans by: signed, else printed."""
        return self.notice.date_signed or self.notice.date_printed

    def walk_tasks(self) -> Iterator[Task]:
        """Every task and sub-item, in document order."""
        for section in self.sections:
            yield from section.walk_tasks()

    @property
    def task_count(self) -> int:
        """Its tasks and sub-items (任务及子项), the number every page and file shows."""
        return sum(1 for _ in self.walk_tasks())

    def walk_sections(self) -> Iterator[Section]:
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            yield section
            stack.extend(reversed(section.sections))


@dataclass(eq=False)
class Metric:
    """A comparable quantity (明厨亮灶覆盖率): one object per id, whichever themes declare it."""

    id: str
    name: str
    keywords: list[str]
    theme: Theme  # the first theme that declares it
    themes: list[Theme] = field(default_factory=list)  # every theme that declares it
    targets: list[Target] = field(default_factory=list)  # every shown target it measures


@dataclass(eq=False)
class Theme:
    """An action theme (校园食品, 反食品浪费 …) and the tasks its keywords or overrides give it."""

    id: str
    name: str
    description: str
    keywords: list[str]
    metrics: list[Metric] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)

    @property
    def targets(self) -> list[Target]:
        return [t for task in self.tasks for t in task.targets]

    @property
    def plans(self) -> list[Plan]:
        """The plans its tasks are in, each once, in the order of its tasks."""
        return list(dict.fromkeys(task.plan for task in self.tasks))


@dataclass(eq=False)
class Content:
    """A linked set of plans, jurisdictions, agencies, kinds and themes: what one site shows."""

    plans: list[Plan]
    jurisdictions: list[Jurisdiction]
    agencies: list[Agency]
    kinds: list[Kind]
    themes: list[Theme]
    metrics: list[Metric] = field(default_factory=list)  # those with a shown target, themes.yaml order
    reports: list[Report] = field(default_factory=list)  # the shown progress reports (落实情况)
    synonyms: list[list[str]] = field(default_factory=list)  # groups of equivalent words for search (content/synonyms.yaml)

    def walk_tasks(self) -> Iterator[Task]:
        """Every task and sub-item of every plan."""
        for plan in self.plans:
            yield from plan.walk_tasks()

    @property
    def task_count(self) -> int:
        return sum(plan.task_count for plan in self.plans)


class Status(StrEnum):
    """A task's progress as a report states it."""

    DONE = "done"  # 已完成
    ON_TRACK = "on-track"  # 按计划推进
    BEHIND = "behind"  # 滞后
    NOT_STARTED = "not-started"  # 未启动
    ONGOING = "ongoing"  # 持续推进
    DROPPED = "dropped"  # 已调整

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.value]


STATUS_LABELS = {"done": "已完成", "on-track": "按计划推进", "behind": "滞后", "not-started": "未启动",
                 "ongoing": "持续推进", "dropped": "已调整"}
UNREPORTED = "未报告"  # a task no shown report mentions: never a guessed status


@dataclass(frozen=True)
class Evidence:
    title: str
    url: str | None


@dataclass(eq=False)
class ReportEntry:
    """What one report says of one task: its status and its own words."""

    report: Report
    task: Task
    status: Status
    text: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(eq=False)
class Report:
    """A progress report (落实情况, 工作总结) on one plan, gated like a plan by its own 附注."""

    id: str
    plan: Plan
    title: str
    date: datetime.date | None  # 成文日期
    as_of: datetime.date  # the day the progress is reported up to
    reporter: str | None  # the unit that reports, as written
    reporter_agency: Agency | None
    doc_number: str | None
    disclosure: Disclosure
    source: Source | None
    preamble: list[str]
    closing: list[str]
    entries: list[ReportEntry] = field(default_factory=list)

    @property
    def annotation(self) -> str | None:
        return self.disclosure.annotation
