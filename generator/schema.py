"""The file formats of content/, as pydantic models.

These describe what a YAML file may hold, field by field, so that a bad file fails with a
message naming the field. They are not the domain model: `model.py` holds the linked objects
(a Task knows its Plan, a unit knows its Agency) built from these by `loading/`.
See docs/content-format.md for the format in prose.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, model_validator

Slug = Annotated[StrictStr, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
Text = Annotated[StrictStr, Field(min_length=1)]
Role = Literal["lead", "responsible", "supporting"]  # 牵头 / 负责 / 配合
DisclosureStatus = Literal["public", "on-request", "withheld", "unmarked"]


class Entry(BaseModel):
    """Base for every entry: unknown keys are errors, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class UnitRefEntry(Entry):
    """A unit as a responsibility note names it, with the role the document gives it."""

    name: Text
    role: Role


class TargetEntry(Entry):
    """A quantified goal stated in a task's text (覆盖率达到 100%, 5 批次/千人 …)."""

    text: Text
    measure: StrictStr | None = None
    value: float
    unit: StrictStr
    year: StrictInt | None = None


class StatementEntry(Entry):
    """One sentence (or run of sentences) with its own responsibility note."""

    text: Text
    note: StrictStr | None = None
    units: list[UnitRefEntry] = []
    targets: list[TargetEntry] = []


class ThemeOverrideEntry(Entry):
    add: list[Slug] = []
    remove: list[Slug] = []


class TaskEntry(Entry):
    """A numbered task (（十二）, 14., 三是 …); its sub-items are tasks of the same shape."""

    id: Slug | None = None
    label: Text
    title: StrictStr | None = None
    text: StrictStr | None = None
    note: StrictStr | None = None
    units: list[UnitRefEntry] = []
    targets: list[TargetEntry] = []
    statements: list[StatementEntry] | None = None
    items: list[TaskEntry] = []
    themes: ThemeOverrideEntry | None = None

    @model_validator(mode="after")
    def _one_body(self) -> TaskEntry:
        if self.statements is not None and (self.text or self.note or self.units or self.targets):
            raise ValueError("a task has either text (with note, units, targets) or statements, not both")
        if not (self.text or self.statements or self.items or self.title):
            raise ValueError("a task needs text, statements, a title or items")
        if (self.note or self.units or self.targets) and not self.text:
            raise ValueError("note, units and targets belong to a task's text; add the text")
        return self


class SectionEntry(Entry):
    """A heading of the document (一、, （一） under a part …) and what stands under it."""

    label: StrictStr | None = None
    title: StrictStr | None = None
    paragraphs: list[Text] = []
    sections: list[SectionEntry] = []
    tasks: list[TaskEntry] = []


class NoticeEntry(Entry):
    """The covering notice's elements named by GB/T 9704-2012; null where the document has none."""

    issuer_mark: StrictStr | None = None  # 发文机关标志
    doc_number: StrictStr | None = None  # 发文字号
    title: StrictStr | None = None  # 标题
    addressees: StrictStr | None = None  # 主送机关
    body: StrictStr | None = None  # 正文
    signatory: StrictStr | None = None  # 发文机关署名
    date_signed: datetime.date | None = None  # 成文日期
    annotation: StrictStr | None = None  # 附注
    copied_to: StrictStr | None = None  # 抄送机关
    printed_by: StrictStr | None = None  # 印发机关
    date_printed: datetime.date | None = None  # 印发日期


class DisclosureEntry(Entry):
    """A disclosure status set by hand: every field of the basis is required."""

    status: DisclosureStatus
    decided_by: Text
    date: datetime.date
    reference: Text


class SourceEntry(Entry):
    file: Annotated[StrictStr, Field(pattern=r"^[^/\\]+$")]
    sha256: Annotated[StrictStr, Field(pattern=r"^[0-9a-f]{64}$")]


class PeriodEntry(Entry):
    start: Annotated[StrictInt, Field(ge=1949, le=2100)]
    end: Annotated[StrictInt, Field(ge=1949, le=2100)]

    @model_validator(mode="after")
    def _ordered(self) -> PeriodEntry:
        if self.end < self.start:
            raise ValueError("period ends before it starts")
        return self


class PlanFile(Entry):
    """content/plans/<id>.yaml"""

    id: Slug
    jurisdiction: Slug
    title: StrictStr | None = None
    title_complete: StrictBool = True
    period: PeriodEntry | None = None
    source: SourceEntry
    notice: NoticeEntry = NoticeEntry()
    header_missing: StrictBool = False
    responsibility_rule: StrictStr | None = None
    disclosure: DisclosureEntry | None = None
    preamble: list[Text] = []
    sections: list[SectionEntry] = Field(min_length=1)
    closing: list[Text] = []
    notes: list[Text] = []


class JurisdictionEntry(Entry):
    id: Slug
    name: Text
    level: StrictStr | None = None
    parent: StrictStr | None = None


class UnitEntry(Entry):
    id: Slug
    name: Text
    aliases: list[Text] = []
    kind: Slug | None = None
    collective: StrictBool = False
    draft: StrictBool = False


class AgenciesFile(Entry):
    """content/agencies/<jurisdiction>.yaml"""

    jurisdiction: JurisdictionEntry
    units: list[UnitEntry] = []


class KindEntry(Entry):
    id: Slug
    name: Text
    common_names: list[Text] = []  # what readers call such a unit (市场监管局, 公安分局): search finds every unit of the kind by them


class MetricEntry(Entry):
    id: Slug
    name: Text
    keywords: list[Text] = Field(min_length=1)


class ThemeEntry(Entry):
    id: Slug
    name: Text
    description: Text
    keywords: list[Text] = Field(min_length=1)
    metrics: list[MetricEntry] = []
