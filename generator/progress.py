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


@dataclass(frozen=True)
class Due:
    """One due date of one task's deadline, with the task's status as the shown reports give it."""

    task: Task
    deadline: Deadline
    date: datetime.date

    @property
    def closed(self) -> bool:
        latest = self.task.latest
        return latest is not None and latest.status in CLOSED


@dataclass(frozen=True)
class DeadlineView:
    today: datetime.date
    overdue: list[Due]  # past, and no report says the task is done (or dropped)
    soon: list[Due]  # within DUE_SOON_DAYS from today, task not closed
    later: list[Due]  # further ahead, task not closed
    undated: list[tuple[Task, Deadline]]  # words with no year to place them (a plan of several years)


def deadline_view(plans: list[Plan], today: datetime.date) -> DeadlineView:
    """Every shown task's due dates sorted into overdue, due soon and later; for a recurrence
    only its latest past date counts as overdue (the earlier ones are history)."""
    overdue: list[Due] = []
    soon: list[Due] = []
    later: list[Due] = []
    undated: list[tuple[Task, Deadline]] = []
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    for plan in plans:
        for task in plan.walk_tasks():
            for deadline in task.deadlines:
                if not deadline.dates:
                    undated.append((task, deadline))
                    continue
                past = [d for d in deadline.dates if d < today]
                if past:
                    overdue.append(Due(task, deadline, past[-1] if deadline.every else past[0]))
                    if not deadline.every:
                        overdue.extend(Due(task, deadline, d) for d in past[1:])
                for d in deadline.dates:
                    if d >= today:
                        (soon if d <= horizon else later).append(Due(task, deadline, d))
    def order(d: Due) -> tuple:
        return (d.date, d.task.plan.id, d.task.ref)
    return DeadlineView(today, sorted((d for d in overdue if not d.closed), key=order),
                        sorted((d for d in soon if not d.closed), key=order),
                        sorted((d for d in later if not d.closed), key=order), undated)
