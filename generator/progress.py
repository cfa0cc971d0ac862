"""What the shown reports say of a plan's tasks, and which deadlines are near or past.

Read by the pages and the data alike; knows nothing of MkDocs. A task no shown report
mentions is unreported (未报告): never given a status by guess.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .deadlines import Deadline
from .model import UNREPORTED, Plan, Status, Task

DUE_SOON_DAYS = 60  # a deadline this close ahead is listed as due soon
CLOSED = (Status.DONE, Status.DROPPED)  # a deadline of such a task is no longer open
# A due date's state as the pages write it (theme/assets/deadlines.js has the same words)
DUE_LABELS = {"overdue": "已过期限", "upcoming": f"{DUE_SOON_DAYS}天内到期", "later": "以后到期", "done": "已完成或已调整"}


def is_reportable(task: Task) -> bool:
    """A task with words of its own, or one a report names (a heading can be reported as a whole)."""
    return bool(task.statements or task.progress)


def status_value(task: Task) -> str | None:
    latest = task.latest
    return latest.status.value if latest else None


def status_label(task: Task) -> str:
    latest = task.latest
    return latest.status.label if latest else UNREPORTED


@dataclass(frozen=True)
class Count:
    status: str  # a Status value, or "unreported"
    label: str
    count: int
    percent: float


@dataclass(frozen=True)
class Summary:
    """A plan's progress in one view: counts by status (unreported last), and the reports."""

    total: int
    reported: int
    counts: list[Count]

    @property
    def any(self) -> bool:
        return self.reported > 0


def summary(plan: Plan) -> Summary:
    tasks = [t for t in plan.walk_tasks() if is_reportable(t)]
    counts: dict[str, int] = {}
    for task in tasks:
        key = status_value(task) or "unreported"
        counts[key] = counts.get(key, 0) + 1
    total = len(tasks) or 1
    rows = [Count(s.value, s.label, counts[s.value], 100 * counts[s.value] / total) for s in Status if s.value in counts]
    if counts.get("unreported"):
        rows.append(Count("unreported", UNREPORTED, counts["unreported"], 100 * counts["unreported"] / total))
    return Summary(len(tasks), len(tasks) - counts.get("unreported", 0), rows)


def is_closed(task: Task) -> bool:
    """Whether the latest shown report says the task is done (or dropped): its deadlines are no longer open."""
    latest = task.latest
    return latest is not None and latest.status in CLOSED


def due_state(day: datetime.date, today: datetime.date, closed: bool = False) -> str:
    """A due date's state on `today`: done (closed), overdue, upcoming (within DUE_SOON_DAYS) or later.

    The pages carry the state of the build's date; theme/assets/deadlines.js sets the reader's
    with the same rule (tests/test_deadline_states.py holds the two to it)."""
    if closed:
        return "done"
    if day < today:
        return "overdue"
    return "upcoming" if (day - today).days <= DUE_SOON_DAYS else "later"


def task_due_state(task: Task, day: datetime.date, today: datetime.date) -> str:
    return due_state(day, today, is_closed(task))


@dataclass(frozen=True)
class Due:
    """One due date of one task's deadline, with its state on the build's date. `series` numbers
    a recurrence (0: none); `superseded` marks an earlier past date of one (only the latest past
    date of a recurrence is listed as overdue; the page keeps the others hidden for a reader
    whose day is earlier than the build's)."""

    task: Task
    deadline: Deadline
    date: datetime.date
    state: str = "later"
    series: int = 0
    superseded: bool = False

    @property
    def closed(self) -> bool:
        return is_closed(self.task)


@dataclass(frozen=True)
class DeadlineView:
    today: datetime.date
    overdue: list[Due]  # past, and no report says the task is done (or dropped)
    soon: list[Due]  # within DUE_SOON_DAYS from today, task not closed
    later: list[Due]  # further ahead, task not closed
    undated: list[tuple[Task, Deadline]]  # words with no year to place them (a plan of several years)
    superseded: list[Due]  # earlier past dates of open recurrences: on the page, hidden

    @property
    def overdue_rows(self) -> list[Due]:
        """The overdue table's rows by date, the superseded ones among them (hidden)."""
        return sorted(self.overdue + self.superseded, key=_order)


def _order(d: Due) -> tuple:
    return (d.date, d.task.plan.id, d.task.ref)


def deadline_view(plans: list[Plan], today: datetime.date) -> DeadlineView:
    """Every open task's due dates sorted into overdue, due soon and later on `today`; for a
    recurrence only its latest past date counts as overdue (the earlier ones are history).
    A task a report says is done or dropped has no open deadline."""
    groups: dict[str, list[Due]] = {"overdue": [], "upcoming": [], "later": []}
    undated: list[tuple[Task, Deadline]] = []
    superseded: list[Due] = []
    series = 0
    for plan in plans:
        for task in plan.walk_tasks():
            if not task.deadlines:
                continue
            closed = is_closed(task)
            for deadline in task.deadlines:
                if not deadline.dates:
                    undated.append((task, deadline))
                    continue
                if closed:
                    continue
                number = 0
                if deadline.every:
                    series += 1
                    number = series
                past = [d for d in deadline.dates if d < today]
                for d in deadline.dates:
                    state = due_state(d, today)
                    hidden = bool(deadline.every) and state == "overdue" and d != past[-1]
                    due = Due(task, deadline, d, state, number, hidden)
                    (superseded if hidden else groups[state]).append(due)
    return DeadlineView(today, sorted(groups["overdue"], key=_order), sorted(groups["upcoming"], key=_order),
                        sorted(groups["later"], key=_order), undated, sorted(superseded, key=_order))
