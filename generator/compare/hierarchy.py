"""The jurisdiction above: a county's plan beside its city's plan (阳城县 → 晋城市).

A jurisdiction's `parent` (content/agencies) names the one above: its id, its name, or its
own parent's name followed by its name (山西省晋城市 is 晋城市, whose parent is 山西省). A county
plan is compared with its parent's plan of the same year, else the latest one before it,
else the earliest after it; every task on either side is matched to its most similar task on
the other (similarity.THRESHOLD), so the pages can say which city tasks a county carries and
which county tasks have no counterpart above.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Content, Jurisdiction, Plan, Task
from .similarity import Similar, Similarity


@dataclass
class Link:
    """A county plan and the city plan it is compared with, task by task."""

    child: Plan
    parent: Plan
    up: dict[Task, Similar]  # child task → the parent task most like it
    down: dict[Task, Similar]  # parent task → the child task most like it


@dataclass
class Hierarchy:
    content: Content
    similarity: Similarity
    above: dict[Plan, Link] = field(default_factory=dict)  # child plan → its link
    below: dict[Plan, list[Link]] = field(default_factory=dict)  # parent plan → links

    def __post_init__(self) -> None:
        by_key: dict[str, Jurisdiction] = {}
        for j in self.content.jurisdictions:  # 阳城县's parent is written 山西省晋城市
            for key in (j.id, j.name, (j.parent or "") + j.name):
                by_key.setdefault(key, j)
        for plan in self.content.plans:
            up = by_key.get(plan.jurisdiction.parent or "")
            if up is None or up is plan.jurisdiction or not up.plans:
                continue
            parent = counterpart(plan, up.plans)
            tasks, others = list(plan.walk_tasks()), list(parent.walk_tasks())
            link = Link(plan, parent, self.similarity.best_matches(tasks, others),
                        self.similarity.best_matches(others, tasks))
            self.above[plan] = link
            self.below.setdefault(parent, []).append(link)

    def link_above(self, plan: Plan) -> Link | None:
        return self.above.get(plan)

    def links_below(self, plan: Plan) -> list[Link]:
        return self.below.get(plan, [])

    def carried_by(self, task: Task) -> list[tuple[Plan, Similar]]:
        """The plans below that carry a task like this city task, with the most similar one."""
        return [(link.child, link.down[task]) for link in self.below.get(task.plan, [])
                if task in link.down]

    def counterpart_above(self, task: Task) -> tuple[Plan, Similar | None] | None:
        link = self.above.get(task.plan)
        if link is None:
            return None
        return link.parent, link.up.get(task)

    def unmatched(self, link: Link, side: str) -> list[Task]:
        """Tasks of the child (side "child") with no counterpart above, or of the parent with
        none below; headings with no words of their own are left out."""
        plan, found = (link.child, link.up) if side == "child" else (link.parent, link.down)
        return [t for t in plan.walk_tasks() if not t.is_heading and t not in found]


def counterpart(plan: Plan, candidates: list[Plan]) -> Plan:
    """The plan above of the same year, else the latest before, else the earliest after."""
    year = plan.year or 0
    before = [p for p in candidates if (p.year or 0) <= year]
    if before:
        return max(before, key=lambda p: (p.year or 0, p.id))
    return min(candidates, key=lambda p: (p.year or 0, p.id))
