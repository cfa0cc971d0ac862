"""The file formats of content/, as pydantic models.

These describe what a YAML file may hold, field by field, so that a bad file fails with a
message naming the field. They are not the domain model: `model.py` holds the linked objects
(a Task knows its Plan, a unit knows its Agency) built from these by `loading/`.
See docs/content-format.md for the format in prose.
"""

from __future__ import annotations

import argparse
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


# The years a date of content/ may fall in: the dates of the People's Republic's documents up
# to the end of the period a plan may cover (PeriodEntry). Beyond them the build cannot count
# days (9999-12-31 + 1 day overflows), and no notice is dated there.
FIRST_YEAR, LAST_YEAR = 1949, 2100
# The largest target value: far above any figure a plan states (a count, a percentage, an amount
# in 元), and small enough for the charts' scales.
LARGEST_TARGET = 1e12


def _plausible_date(value: datetime.date) -> datetime.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PydanticCustomError("date_out_of_range", _("{date} is outside the years this site handles ({first}–{last}): "
                                  "correct the date"), {"date": value.isoformat(), "first": FIRST_YEAR, "last": LAST_YEAR})
    return value


def _plausible_number(value: float) -> float:
    if abs(value) > LARGEST_TARGET:
        raise PydanticCustomError("number_out_of_range", _("{value} is larger than any figure a plan states (the limit "
                                  "is 10^12): check the value"), {"value": repr(value)})
    return value


Printable = Annotated[StrictStr, AfterValidator(_printable)]  # every text field of content/ is one
# Characters of markup and script (< > " ' ` & \): a 文号 or 索引号 never holds one, and one there is
# most likely an attempt to write HTML into every page that shows the number.
_MARKUP = re.compile("[<>\"'`&\\\\]")


def _no_markup(text: str) -> str:
    found = _MARKUP.search(text)
    if found:
        raise PydanticCustomError("markup_character", _("holds {char}, a character of markup that a document "
                                  "number never holds: write the number as the document prints it (〔2023〕5号)"),
                                  {"char": found.group()})
    return text


DocNumber = Annotated[Printable, AfterValidator(_no_markup)]  # a 文号 or 索引号: plain text, no markup characters
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_LENGTH = 80
Slug = Annotated[Printable, Field(pattern=SLUG_PATTERN, max_length=SLUG_LENGTH)]


def id_argument(value: str) -> str:
    """An id given on the command line (PLAN, --plan, --id), for argparse's `type=`: held to the
    rule of ids in content/ before it names a file, so `../plans/x` never becomes a path."""
    if len(value) > SLUG_LENGTH or not re.match(SLUG_PATTERN, value):
        raise argparse.ArgumentTypeError(_("`{value}` is not an id: use lowercase ascii letters, digits and - "
                                           "only (at most {length} characters), e.g. yangcheng-2023")
                                         .format(value=value, length=SLUG_LENGTH))
    return value


Text = Annotated[Printable, Field(min_length=1)]
Number = Annotated[float, Field(allow_inf_nan=False), AfterValidator(_plausible_number)]  # .nan and .inf are no target
Date = Annotated[datetime.date, AfterValidator(_plausible_date)]
Role = Literal["lead", "responsible", "supporting"]  # 牵头 / 负责 / 配合
# How a target's value binds: a floor (达到95%以上, 不少于800批次), a ceiling (控制在2%以内,
# 4/10万以下, 不超过, 低于) or a number to reach exactly (建成1个平台). A file that states none
# means a floor, as every target was read before ceilings were told apart.
Comparison = Literal["at-least", "at-most", "exactly"]
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
    comparison: Comparison = "at-least"  # ≥ (floor), ≤ (ceiling) or = (exactly)
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
    doc_number: DocNumber | None = None  # 发文字号
    title: Printable | None = None  # 标题
    addressees: Printable | None = None  # 主送机关
    body: Printable | None = None  # 正文
    signatory: Printable | None = None  # 发文机关署名
    date_signed: Date | None = None  # 成文日期
    annotation: Printable | None = None  # 附注
    copied_to: Printable | None = None  # 抄送机关
    printed_by: Printable | None = None  # 印发机关
    date_printed: Date | None = None  # 印发日期
    index_number: DocNumber | None = None  # 索引号 (the disclosure portal's)
    subject: Printable | None = None  # 主题分类
    date_published: Date | None = None  # 发布日期
    validity: Printable | None = None  # 有效性 (有效, 失效, 废止 … as the portal writes it)
    disclosure_method: Printable | None = None  # 公开方式 (主动公开, 依申请公开 …)
    registration_number: Printable | None = None  # 登记号 of a normative document (XXXD01—2024—0001), as printed


# What only a 政府信息公开 portal's metadata table states (索引号, 主题分类, 发布日期, 有效性, 公开方式):
# written by the importer for a portal page only; every other field of NoticeEntry is the
# notice's own element, written (null when absent) for every import.
PORTAL_FIELDS = ("index_number", "subject", "date_published", "validity", "disclosure_method")
# The notice's elements every imported plan writes (null when absent); the 登记号 is written only
# when a notice has one (normative documents), so it is not among them.
NOTICE_FIELDS = tuple(name for name in NoticeEntry.model_fields
                      if name not in PORTAL_FIELDS and name != "registration_number")


class DisclosureEntry(Entry):
    """A disclosure status set by hand: every field of the basis is required."""

    status: DisclosureStatus
    decided_by: Text
    date: Date
    reference: Text


class SourceEntry(Entry):
    file: Annotated[Printable, Field(pattern=r"^[^/\\]+$", max_length=200)]
    sha256: Annotated[Printable, Field(pattern=r"^[0-9a-f]{64}$")]
    url: Annotated[Printable, Field(pattern=r"^https?://\S+$")] | None = None  # the official publication


class ApprovalEntry(Entry):
    """Who approved an imported plan's parse for publication, when, and the parse they saw."""

    by: Text
    date: Date
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
    review: Literal["pending"] | None = None  # written by the importer: held until approved (generator/review.py)
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
    date: Date | None = None  # 成文日期
    as_of: Date
    reporter: Printable | None = None  # the reporting unit as the report names it
    doc_number: DocNumber | None = None  # 发文字号
    annotation: Printable | None  # 附注: a report is gated like a plan
    disclosure: DisclosureEntry | None = None
    source: SourceEntry | None = None
    preamble: list[Text] = []
    entries: list[ReportTaskEntry] = Field(min_length=1)
    closing: list[Text] = []
