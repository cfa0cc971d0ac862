"""The file formats of content/, as pydantic models.

These describe what a YAML file may hold, field by field, so that a bad file fails with a
message naming the field. They are not the domain model: `model.py` holds the linked objects
(a Task knows its Plan, a unit knows its Agency) built from these by `loading/`.
See docs/content-format.md for the format in prose.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, model_validator
from pydantic_core import PydanticCustomError

from .i18n import _

# C0 and C1 controls but TAB and LF (YAML escapes can write them: "\x0c", "\0"), lone
# surrogates ("\uD800") and the noncharacters U+FFFE/U+FFFF: no page, feed or JSON file carries them.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _printable(text: str) -> str:
    """Refuse characters that YAML holds but XML, HTML and JSON output cannot."""
    found = _UNPRINTABLE.search(text)
    if found:
        code = ord(found.group())
        char = f"U+{code:04X}"
        if 0xD800 <= code <= 0xDFFF:
            raise PydanticCustomError("lone_surrogate", _("holds {char}, half of a surrogate pair and no character "
                                      "by itself: write the whole character (as itself, or as one \\U0001xxxx escape), or delete it"), {"char": char})
        if code >= 0xFFFE:
            raise PydanticCustomError("noncharacter", _("holds {char}, which is no character: delete it"), {"char": char})
        raise PydanticCustomError("control_character", _("holds the control character {char}, which pages, feeds and "
                                  "data files cannot carry: delete it (write a line break as a new line)"),
                                  {"char": char})
    return text


Printable = Annotated[StrictStr, AfterValidator(_printable)]  # every text field of content/ is one
Slug = Annotated[Printable, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
Text = Annotated[Printable, Field(min_length=1)]
Number = Annotated[float, Field(allow_inf_nan=False)]  # .nan and .inf are no target
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
    measure: Printable | None = None
    value: Number
    unit: Printable
    year: StrictInt | None = None


class StatementEntry(Entry):
    """One sentence (or run of sentences) with its own responsibility note."""

    text: Text
    note: Printable | None = None
    units: list[UnitRefEntry] = []
    targets: list[TargetEntry] = []


class ThemeOverrideEntry(Entry):
    add: list[Slug] = []
    remove: list[Slug] = []


class TaskEntry(Entry):
    """A numbered task (（十二）, 14., 三是 …); its sub-items are tasks of the same shape."""

    id: Slug | None = None
    label: Text
    title: Printable | None = None
    text: Printable | None = None
    note: Printable | None = None
    units: list[UnitRefEntry] = []
    targets: list[TargetEntry] = []
    statements: list[StatementEntry] | None = None
    items: list[TaskEntry] = []
    themes: ThemeOverrideEntry | None = None
    deadline: Printable | None = None  # 完成时限 as written (a task table's column); null = 未载明

    @model_validator(mode="after")
    def _one_body(self) -> TaskEntry:
        if self.statements is not None and (self.text or self.note or self.units or self.targets):
            raise ValueError(_("a task has either text (with note, units, targets) or statements, not both"))
        if not (self.text or self.statements or self.items or self.title):
            raise ValueError(_("a task needs text, statements, a title or items"))
        if (self.note or self.units or self.targets) and not self.text:
            raise ValueError(_("note, units and targets belong to a task's text; add the text"))
        return self


class SectionEntry(Entry):
    """A heading of the document (一、, （一） under a part …) and what stands under it."""

    label: Printable | None = None
    title: Printable | None = None
    paragraphs: list[Text] = []
    sections: list[SectionEntry] = []
    tasks: list[TaskEntry] = []


class NoticeEntry(Entry):
    """The covering notice's elements named by GB/T 9704-2012; null where the document has none."""

    issuer_mark: Printable | None = None  # 发文机关标志
    doc_number: Printable | None = None  # 发文字号
    title: Printable | None = None  # 标题
    addressees: Printable | None = None  # 主送机关
    body: Printable | None = None  # 正文
    signatory: Printable | None = None  # 发文机关署名
    date_signed: datetime.date | None = None  # 成文日期
    annotation: Printable | None = None  # 附注
    copied_to: Printable | None = None  # 抄送机关
    printed_by: Printable | None = None  # 印发机关
    date_printed: datetime.date | None = None  # 印发日期
    index_number: Printable | None = None  # 索引号 (the disclosure portal's)
    subject: Printable | None = None  # 主题分类
    date_published: datetime.date | None = None  # 发布日期
    validity: Printable | None = None  # 有效性 (有效, 失效, 废止 … as the portal writes it)
    disclosure_method: Printable | None = None  # 公开方式 (主动公开, 依申请公开 …)


class DisclosureEntry(Entry):
    """A disclosure status set by hand: every field of the basis is required."""

    status: DisclosureStatus
    decided_by: Text
    date: datetime.date
    reference: Text


class SourceEntry(Entry):
    file: Annotated[Printable, Field(pattern=r"^[^/\\]+$", max_length=200)]
    sha256: Annotated[Printable, Field(pattern=r"^[0-9a-f]{64}$")]
    url: Annotated[Printable, Field(pattern=r"^https?://\S+$")] | None = None  # the official publication


class ApprovalEntry(Entry):
    """Who approved an imported plan's parse for publication, when, and the parse they saw."""

    by: Text
    date: datetime.date
    fingerprint: Annotated[Printable, Field(pattern=r"^[0-9a-f]{16}$")]


class PeriodEntry(Entry):
    start: Annotated[StrictInt, Field(ge=1949, le=2100)]
    end: Annotated[StrictInt, Field(ge=1949, le=2100)]

    @model_validator(mode="after")
    def _ordered(self) -> PeriodEntry:
        if self.end < self.start:
            raise ValueError(_("period ends before it starts"))
        return self


class PlanFile(Entry):
    """content/plans/<id>.yaml"""

    id: Slug
    jurisdiction: Slug
    title: Printable | None = None
    title_complete: StrictBool = True
    period: PeriodEntry | None = None
    source: SourceEntry
    notice: NoticeEntry = NoticeEntry()
    header_missing: StrictBool = False
    responsibility_rule: Printable | None = None
    disclosure: DisclosureEntry | None = None
    review: Literal["pending"] | None = None  # written by the importer: held until approved (generator/gate.py)
    approval: ApprovalEntry | None = None
    replaced_by: Slug | None = None  # the plan that replaces this one (有效性 失效 / 废止)
    preamble: list[Text] = []
    sections: list[SectionEntry] = Field(min_length=1)
    closing: list[Text] = []
    notes: list[Text] = []


class JurisdictionEntry(Entry):
    id: Slug
    name: Text
    level: Printable | None = None
    parent: Printable | None = None


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


class SynonymsEntry(Entry):
    """content/synonyms.yaml: words readers use for one thing (餐厨垃圾, 餐厨废弃物); search finds each by the others."""

    terms: list[Text]
    note: Text | None = None  # why they are taken as one (the source of the usage), for the office

    @model_validator(mode="after")
    def _two_words(self) -> SynonymsEntry:
        if len(set(self.terms)) < 2:
            raise PydanticCustomError("synonyms", _("a group needs at least two different words that mean the same "
                                                    "thing: add the other word or remove the group"))
        return self


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


ReportStatus = Literal["done", "on-track", "behind", "not-started", "ongoing", "dropped"]
# 已完成 / 按计划推进 / 滞后 / 未启动 / 持续推进 / 已调整


class EvidenceEntry(Entry):
    """A document or page that shows the work done (a notice, a news item, a photo set)."""

    title: Text
    url: Annotated[Printable, Field(pattern=r"^https?://\S+$")] | None = None  # a web address, nothing else


class ReportTaskEntry(Entry):
    """What a report says of one task: the task's ref as data/tasks.json writes it, a status, its words."""

    task: Text
    status: ReportStatus
    text: Text
    evidence: list[EvidenceEntry] = []


class ReportFile(Entry):
    """content/reports/<id>.yaml: one published progress report (落实情况) on one plan."""

    id: Slug
    plan: Slug
    title: Text
    date: datetime.date | None = None  # 成文日期
    as_of: datetime.date
    reporter: Printable | None = None  # the reporting unit as the report names it
    doc_number: Printable | None = None  # 发文字号
    annotation: Printable | None  # 附注: a report is gated like a plan
    disclosure: DisclosureEntry | None = None
    source: SourceEntry | None = None
    preamble: list[Text] = []
    entries: list[ReportTaskEntry] = Field(min_length=1)
    closing: list[Text] = []
