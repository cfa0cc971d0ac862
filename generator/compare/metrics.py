"""A metric's targets in every shown plan, as rows by jurisdiction and year."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..model import Metric, Plan, Target


@dataclass(frozen=True)
class Row:
    target: Target

    @property
    def plan(self) -> Plan:
        return self.target.statement.task.plan

    @property
    def year(self) -> int | None:
        """The year the target is for; else the plan's first year."""
        return self.target.year or self.plan.year

    @property
    def label(self) -> str:
        return f"{self.plan.jurisdiction.name} {self.year or '年份未载明'}"


def rows(metric: Metric) -> list[Row]:
    """Each target once, by jurisdiction name, then year, then plan and document order."""
    targets = list(dict.fromkeys(metric.targets))
    found = [Row(t) for t in targets]
    order = {t: i for i, t in enumerate(targets)}
    return sorted(found, key=lambda r: (r.plan.jurisdiction.name, r.year or 0, r.plan.id, order[r.target]))


def main_unit(found: list[Row]) -> str | None:
    units = Counter(r.target.unit for r in found)
    return min(units, key=lambda u: (-units[u], u)) if units else None
