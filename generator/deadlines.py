"""Deadlines a task sets itself, read from its own words: pure functions, no model.

A plan writes its dates in a handful of ways: `2022年7月15日前`, `6月底前`, `年底前`, `到2024年底`,
`2023年底前`, `到2022年、2023年、2024年底`, `每年11月20日前`, `每半年`, `每季度`. A date without
a year (`11月10日前`) takes the plan's year when the plan covers one year; in a plan of several
years it takes none, and the deadline keeps its words with no date (never a guessed year).
Recurrences (`每半年` …) are expanded into their due dates within the plan's period.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

EVERY_LABELS = {"year": "每年", "half-year": "每半年", "quarter": "每季度"}

# A run of years joined by 、 or 和 ending in 底/末 (到2022年、2023年、2024年底).
_YEARS_END = re.compile(r"(?:到|至)?\s*((?:\d{4}\s*年\s*[、和及]\s*)*\d{4}\s*年)\s*(?:年)?(?:底|末)(?:前|以前|之前)?")
_FULL_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日|(底|末))\s*(?:前|以前|之前)")
_EVERY_YEAR = re.compile(r"每年\s*(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日|(底|末))\s*(?:前|以前|之前)")
_MONTH_DATE = re.compile(r"(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日|(底|末))\s*(?:前|以前|之前)")
_YEAR_END = re.compile(r"(?:年底|年末)(?:前|以前|之前)")
_EVERY_HALF = re.compile(r"每半年")
_EVERY_QUARTER = re.compile(r"每季度|每个季度")
_MARKS = "月底末半季"  # every pattern above needs one of these characters


@dataclass(frozen=True)
class Deadline:
    """A deadline as the task writes it: its words, its due dates (none when the text gives no
    year), and `every` for a recurrence (year, half-year, quarter)."""

    words: str
    dates: tuple[datetime.date, ...]
    every: str | None = None

    @property
    def every_label(self) -> str | None:
        return EVERY_LABELS.get(self.every) if self.every else None


def _day(year: int, month: int, day: str | None) -> datetime.date | None:
    """The date, or the month's last day for 底/末; None for an impossible date (13月, 2月30日)."""
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    number = int(day) if day else last
    return datetime.date(year, month, number) if 1 <= number <= last else None


def _years(period: tuple[int, int] | None) -> list[int]:
    return list(range(period[0], period[1] + 1)) if period else []


def _single_year(period: tuple[int, int] | None) -> int | None:
    return period[0] if period and period[0] == period[1] else None


def read_deadlines(text: str, period: tuple[int, int] | None) -> list[Deadline]:
    """Every deadline in `text`, in the order the text states them, each once.

    `period` is the plan's (first year, last year): it gives a year to dates written without
    one (single-year plans only) and bounds the recurrences."""
    if not any(c in text for c in _MARKS):
        return []  # most tasks set no date: skip the patterns
    found: list[tuple[int, Deadline]] = []
    taken: list[tuple[int, int]] = []

    def free(match: re.Match) -> bool:
        return all(match.end() <= a or match.start() >= b for a, b in taken)

    def add(match: re.Match, deadline: Deadline) -> None:
        taken.append(match.span())
        found.append((match.start(), deadline))

    for m in _FULL_DATE.finditer(text):
        date = _day(int(m[1]), int(m[2]), m[3])
        add(m, Deadline(m[0], (date,) if date else ()))
    for m in _YEARS_END.finditer(text):
        if free(m):
            years = sorted({int(y) for y in re.findall(r"\d{4}", m[1])})
            add(m, Deadline(m[0].strip(), tuple(datetime.date(y, 12, 31) for y in years)))
    for m in _EVERY_YEAR.finditer(text):
        if free(m):
            dates = tuple(d for y in _years(period) if (d := _day(y, int(m[1]), m[2])))
            add(m, Deadline(m[0], dates, "year"))
    year = _single_year(period)
    for m in _MONTH_DATE.finditer(text):
        if free(m):
            date = _day(year, int(m[1]), m[2]) if year else None
            add(m, Deadline(m[0], (date,) if date else ()))
    for m in _YEAR_END.finditer(text):
        if free(m):
            add(m, Deadline(m[0], (datetime.date(year, 12, 31),) if year else ()))
    for m in _EVERY_HALF.finditer(text):
        if free(m):
            dates = tuple(datetime.date(y, mo, d) for y in _years(period) for mo, d in ((6, 30), (12, 31)))
            add(m, Deadline(m[0], dates, "half-year"))
    for m in _EVERY_QUARTER.finditer(text):
        if free(m):
            dates = tuple(datetime.date(y, mo, calendar.monthrange(y, mo)[1])
                          for y in _years(period) for mo in (3, 6, 9, 12))
            add(m, Deadline(m[0], dates, "quarter"))
    found.sort(key=lambda item: item[0])
    unique: dict[Deadline, None] = {}
    for _, deadline in found:
        unique.setdefault(deadline)
    return list(unique)


def target_deadlines(targets: list[tuple[str, int | None]], already: list[Deadline]) -> list[Deadline]:
    """A year-end deadline for each target (its text, its year) whose year no deadline of the
    task's words already ends: 武陟's 50%/70%/80% in 2022/2023/2024 carry their year."""
    ends = {d for deadline in already for d in deadline.dates}
    extra: dict[Deadline, None] = {}
    for words, year in targets:
        if year is not None and datetime.date(year, 12, 31) not in ends:
            extra.setdefault(Deadline(words, (datetime.date(year, 12, 31),)))
    return list(extra)


def due_dates(deadlines: list[Deadline]) -> list[datetime.date]:
    """Every due date of the deadlines, sorted, each once."""
    return sorted({d for deadline in deadlines for d in deadline.dates})
