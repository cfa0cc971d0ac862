"""Theme pages: every task in a theme, grouped by plan, and its targets compared across places."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Iterator

from .. import urls
from ..model import Metric, Plan, Target, Task, Theme
from ..site import Site
from .render import page, unique

FULL_TEXT_PLANS = 30  # up to this many plans a theme page quotes each task; beyond, it links to them


@dataclass(frozen=True)
class TargetGroup:
    """Targets measured the same way (one metric), or the theme's other targets (metric None)."""

    metric: Metric | None
    targets: list[Target]


def tasks_by_plan(theme: Theme, plans: list[Plan]) -> list[tuple[Plan, list[Task]]]:
    """The theme's tasks grouped by plan, plans in content order, tasks in document order."""
    order = {p: index for index, p in enumerate(plans)}
    tasks = sorted(theme.tasks, key=lambda t: order[t.plan])
    return [(plan, list(ts)) for plan, ts in groupby(tasks, key=lambda t: t.plan)]


def target_groups(theme: Theme) -> list[TargetGroup]:
    """The theme's metrics with every target each measures, in any theme (so a metric's table
    is the same on every theme page and on its own page), then the theme's targets of no metric."""
    def place(t: Target) -> tuple:
        plan = t.statement.task.plan
        return (plan.jurisdiction.name, t.year or plan.year or 0, plan.id)

    targets = unique(theme.targets)
    metrics = unique([*theme.metrics, *(t.metric for t in targets if t.metric)])
    groups = [TargetGroup(m, sorted(unique(m.targets), key=place)) for m in metrics]
    others = sorted((t for t in targets if t.metric is None), key=place)
    return [g for g in groups if g.targets] + ([TargetGroup(None, others)] if others else [])


def theme_units(task: Task) -> list:
    return unique(a.agency for a in task.assignments)


def build(site: Site) -> Iterator[tuple[str, str]]:
    content = site.content
    for theme in content.themes:
        groups = tasks_by_plan(theme, content.plans)
        yield page(site, urls.theme(theme), "theme.html", theme.name, theme=theme, groups=groups,
                   target_groups=target_groups(theme), theme_units=theme_units,
                   full_text=len(groups) <= FULL_TEXT_PLANS, metric_url=urls.metric)
    yield page(site, urls.THEMES, "themes.html", "主题", themes=content.themes)
