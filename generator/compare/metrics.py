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


def main_kind(found: list[Row]) -> tuple[str, str] | None:
    """The (unit, comparison) most of the metric's targets have: only those are compared in one
    chart, since a ceiling (不合格率控制在2%以内) set beside floors (合格率达到98%以上) reads as a
    low target when it is a strict one."""
    kinds = Counter((r.target.unit, r.target.comparison) for r in found)
    return min(kinds, key=lambda k: (-kinds[k], k)) if kinds else None


def main_unit(found: list[Row]) -> str | None:
    kind = main_kind(found)
    return kind[0] if kind else None
