"""Comparison pages: one per metric (metrics/<id>/), their index, and year-over-year pages
(compare/<jurisdiction>/<year>-<year>/). The numbers come from generator/compare/.

Also the view data other pages show of the comparisons (a plan's 对照与统计, each task's
similar tasks, the charts with their tables): made here, once per page, so that templates
only read what they are given and never query compare/ or build URLs themselves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from markupsafe import Markup

from .. import urls
from ..compare import metrics
from ..compare.charts import Bars
from ..compare.hierarchy import Link
from ..compare.similarity import Similar
from ..compare.versions import Version
from ..model import Jurisdiction, Metric, Plan, Target, Task
from ..site import Site
from .render import page


class Fragments:
    """Pieces of markup that many pages repeat word for word, rendered once each.

    A similar-task list is the same on the plan page of every plan that shares the task's
    words (one list per distinct text, but for the plans that skip themselves): at a thousand
    plans 53,000 lists hold a few thousand distinct ones, and rendering each with its macro was
    most of the time the comparisons added to plan pages. A list's markup depends only on its
    links (relative to the page), its tasks and their percentages, which make the key; the
    macro still writes the markup, on the first page that needs it."""

    def __init__(self) -> None:
        self._lists: dict[tuple, Markup] = {}

    def similar_list(self, macro, links, items) -> Markup:
        key = tuple((links.task(s.task), s.task, s.percent) for s in items)
        found = self._lists.get(key)
        if found is None:
            found = self._lists[key] = macro(items)
        return found


@dataclass(frozen=True)
class Chart:
    """A chart as a page shows it: the SVG's URL, its bars (the table beside it) and its caption."""

    url: str
    bars: Bars
    caption: str


def chart(site: Site, url: str, caption: str) -> Chart | None:
    """The chart at `url` (urls.metric_chart, themes_chart, kind_chart), None where it has no bars."""
    bars = site.charts.get(url)
    return Chart(url, bars, caption) if bars else None


@dataclass(frozen=True)
class TaskComparison:
    """What a task shows of the comparisons below it on its plan page."""

    measured: list[Target]  # its targets of a comparable metric
    similar: list[Similar]  # similar tasks of other plans
    above: tuple[Plan, Similar | None] | None  # the plan above, and its task most like this one
    below: list[Similar]  # the plans below that carry it, by their most similar task


@dataclass(frozen=True)
class Counterparts:
    """A plan above or below this one, and this plan's tasks with no counterpart there."""

    link: Link
    unmatched: list[Task]


@dataclass(frozen=True)
class PlanComparison:
    """The 对照与统计 section of a plan page."""

    below: list[Counterparts]
    above: Counterparts | None
    versions: list[Version]
    chart: Chart | None


def task_comparison(site: Site, task: Task) -> TaskComparison:
    comparison = site.comparison
    return TaskComparison([t for t in task.targets if t.metric], comparison.similarity.similar(task),
                          comparison.hierarchy.counterpart_above(task),
                          [similar for _, similar in comparison.hierarchy.carried_by(task)])


def plan_comparison(site: Site, plan: Plan) -> PlanComparison:
    hierarchy = site.comparison.hierarchy
    up = hierarchy.link_above(plan)
    return PlanComparison(
        [Counterparts(link, hierarchy.unmatched(link, "parent")) for link in hierarchy.links_below(plan)],
        Counterparts(up, hierarchy.unmatched(up, "child")) if up else None,
        site.comparison.versions_of_plan(plan),
        chart(site, urls.themes_chart(plan.jurisdiction), "各主题的任务数（一项任务可属多个主题）"))


def plan_context(site: Site, plan: Plan) -> dict:
    """What a plan page's templates need to show comparisons: the plan's and each task's."""
    return {"plan_compare": plan_comparison(site, plan), "fragments": site.fragments,
            "task_compare": {t: task_comparison(site, t) for t in plan.walk_tasks() if not t.is_heading}}


def versions_of(site: Site, jurisdiction: Jurisdiction) -> list[Version]:
    return [v for v in site.comparison.versions if v.new.jurisdiction is jurisdiction]


@dataclass(frozen=True)
class MetricCount:
    """A line of the metrics index: the metric, its targets and the plans that set them."""

    metric: Metric
    targets: int
    plans: int


def metric_counts(metric: Metric) -> MetricCount:
    rows = metrics.rows(metric)
    return MetricCount(metric, len(rows), len({r.plan for r in rows}))


def build(site: Site) -> Iterator[tuple[str, str]]:
    content = site.content
    for metric in content.metrics:
        rows = metrics.rows(metric)
        unit = metrics.main_unit(rows)
        yield page(site, urls.metric(metric), "metric.html", metric.name, metric=metric, rows=rows, unit=unit,
                   chart=chart(site, urls.metric_chart(metric), f"{metric.name}：各地目标值（{unit}）"))
    yield page(site, urls.METRICS, "metrics.html", "可比指标", metrics=[metric_counts(m) for m in content.metrics])
    for version in site.comparison.versions:
        title = f"{version.new.jurisdiction.name} {version.old.year}年与{version.new.year}年计划对比"
        yield page(site, urls.version(version), "version.html", title, version=version)
