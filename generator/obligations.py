"""报告义务: the reports a plan orders of itself, read from its own words, and whether this site
holds a report for each due date. Pure functions over the model; knows nothing of MkDocs.

Plans say who reports what to whom and when: 阳城 "各乡（镇）、各有关部门每半年向县食品安全办提交
食品安全重点工作安排的贯彻落实情况，11月10日前向县委、县政府报告年度食品安全工作情况"; others
"于7月10日前、12月10日前分别报送半年和全年工作落实情况". A clause is an obligation when it has a
reporting verb (报送, 提交, 报告, 上报) whose object is a report of progress (…情况, …总结, 进展)
and says when (a date or 每半年/每季度/每年). Each part is quoted as written: the reporter is the
sentence's subject (the words before its first clause's time or 向), the recipient the words
after 向, the subject of the report the verb's object; a part the words do not give is None
(未载明 on the page). Nothing is inferred beyond the due dates `deadlines.read_deadlines` reads
(marked 按计划年度推定 where the plan's year gives them).

A due date is covered (已收录) by a shown report of the same plan whose as_of falls within the
window before it (a quarter, a half-year, or four months for a yearly or one-off report): the
report that states the progress the obligation asks for. Past and not covered: 未收录; ahead:
未到期. The state is the build date's in the files; the pages' script sets the reader's.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from .deadlines import BASIS_LABELS, EVERY_LABELS, Deadline, read_deadlines
from .model import Content, Plan, Report, Task

_SENTENCES = re.compile(r"[^。；;]+[。；;]?")
_CLAUSES = re.compile(r"[^，,。；;]+")
_VERB = re.compile(r"(报送|提交|上报|报告)")
_REPORT_OBJECT = re.compile(r"情况|总结|进展")
_WHEN = re.compile(r"每半年|每季度|每个季度|每年|\d{1,4}\s*[年月]")
_RECIPIENT = re.compile(r"向(.+?)(?:报送|提交|上报|报告)")
_SUBJECT_END = re.compile(r"\s*(?:要|应|须|需)?\s*(?:于|在)?\s*(?:每半年|每季度|每个季度|每年|\d{1,4}\s*[年月]|向)")
_OBJECT_START = re.compile(r"^(?:一次|1次)")
WINDOWS = {"quarter": 92, "half-year": 183}  # days before a due date a covering report's as_of may fall
DEFAULT_WINDOW = 122  # about four months: a yearly or one-off report


@dataclass(frozen=True)
class Obligation:
    """One reporting clause of a plan: its words and the parts they give (None: 未载明)."""

    plan: Plan
    task: Task
    number: int  # 1, 2 … within the plan, in text order: the anchor o-<number>
    sentence: str  # the whole sentence, word for word
    clause: str  # the clause that orders this report
    reporter: str | None
    recipient: str | None
    subject: str | None  # what is reported: 年度食品安全工作情况
    deadlines: tuple[Deadline, ...]

    @property
    def anchor(self) -> str:
        return f"o-{self.number}"

    @property
    def every(self) -> str | None:
        return next((d.every for d in self.deadlines if d.every), None)

    @property
    def every_label(self) -> str | None:
        return EVERY_LABELS.get(self.every) if self.every else None

    @property
    def dates(self) -> list[datetime.date]:
        return sorted({d for deadline in self.deadlines for d in deadline.dates})

    @property
    def basis(self) -> str:
        """text, or plan_year when any of its dates takes the plan's year."""
        worked = [d.basis for d in self.deadlines if d.dates and d.basis != "text"]
        return worked[0] if worked else "text"

    @property
    def basis_label(self) -> str | None:
        return BASIS_LABELS.get(self.basis) if self.dates else None

    @property
    def when_words(self) -> str:
        return "、".join(d.words for d in self.deadlines)

    @property
    def window(self) -> int:
        return WINDOWS.get(self.every or "", DEFAULT_WINDOW)


@dataclass(frozen=True)
class Due:
    """One due date of an obligation, with the shown report that covers it (None: none does)."""

    obligation: Obligation
    date: datetime.date
    report: Report | None

    def state(self, today: datetime.date) -> str:
        """done (已收录), overdue (未收录) or upcoming / later (未到期), as progress.due_state."""
        from .progress import due_state

        return due_state(self.date, today, self.report is not None)


STATE_LABELS = {"done": "已收录", "overdue": "未收录", "upcoming": "未到期", "later": "未到期"}


def _strip(text: str | None) -> str | None:
    text = (text or "").strip(" 　，、")
    return text or None


def read_obligations(plan: Plan) -> list[Obligation]:
    """Every reporting clause in the plan's tasks, in text order."""
    found: list[Obligation] = []
    for task in plan.walk_tasks():
        text = task.text
        if not text or not _VERB.search(text):
            continue
        for sentence in (m.group(0) for m in _SENTENCES.finditer(text)):
            if not _VERB.search(sentence):
                continue
            clauses = [m.group(0) for m in _CLAUSES.finditer(sentence)]
            head = _SUBJECT_END.search(clauses[0]) if clauses else None
            reporter = _strip(clauses[0][:head.start()]) if head else None
            for clause in clauses:
                verb = _VERB.search(clause)
                if not verb or not _WHEN.search(clause):
                    continue
                obj = _OBJECT_START.sub("", clause[verb.end():])
                obj = re.split(r"并|同时", obj)[0]
                if not _REPORT_OBJECT.search(obj):
                    continue
                deadlines = tuple(read_deadlines(clause, plan.period))
                if not deadlines:
                    continue
                recipient = _RECIPIENT.search(clause)
                found.append(Obligation(plan, task, len(found) + 1, sentence.strip(), clause.strip(), reporter,
                                        _strip(recipient.group(1)) if recipient else None, _strip(obj), deadlines))
    return found


def dues(obligation: Obligation, reports: list[Report]) -> list[Due]:
    """Each due date with the newest shown report of the plan whose as_of falls in its window."""
    result = []
    for day in obligation.dates:
        start = day - datetime.timedelta(days=obligation.window)
        covering = [r for r in reports if start < r.as_of <= day]
        result.append(Due(obligation, day, max(covering, key=lambda r: (r.as_of, r.id)) if covering else None))
    return result


@dataclass(frozen=True)
class PlanObligations:
    plan: Plan
    obligations: list[Obligation]
    dues: dict[int, list[Due]]  # obligation number → its due dates

    def of(self, obligation: Obligation) -> list[Due]:
        return self.dues[obligation.number]

    @property
    def all_dues(self) -> list[Due]:
        return [d for o in self.obligations for d in self.dues[o.number]]


def of_content(content: Content) -> dict[str, PlanObligations]:
    """Every shown plan's obligations (plan id → them), judged against the shown reports only:
    a held plan is not in `content`, so its obligations leave no trace."""
    result = {}
    for plan in content.plans:
        found = read_obligations(plan)
        result[plan.id] = PlanObligations(plan, found, {o.number: dues(o, plan.reports) for o in found})
    return result
