"""Charts as static SVG files, made at build time with pygal; no script reaches the browser.

Each chart is a horizontal bar chart (labels stay readable on a phone and in print) written
to charts/…svg; the page beside it carries the same numbers as a table, its text alternative.
pygal gives every chart a random id (uuid4) and a comment with today's date: the id is set
from the chart's path and comments are removed, so a chart is the same bytes on every build.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pygal
from pygal.style import Style

from .. import urls
from ..model import COMPARISON_SIGNS, Agency, Content, Metric, Plan, Role, Task
from ..site import Site
from . import metrics as metric_rows

STYLE = Style(
    background="white", plot_background="white", foreground="#222", foreground_strong="#000",
    foreground_subtle="#bbb", opacity="1", opacity_hover="1", transition="0ms",
    colors=("#1f5fa8", "#e08a1e", "#5a9e4b", "#8e44ad"),
    font_family='"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif',
    label_font_size=13, major_label_font_size=13, value_font_size=13, legend_font_size=13,
    title_font_size=15,
)
ROW = 26  # pixels per bar row: the chart grows with its rows, so labels never overlap
ROLE_SERIES = (Role.LEAD, Role.RESPONSIBLE, Role.SUPPORTING)


@dataclass(frozen=True)
class Bars:
    """What a chart draws: labels, and one list of values per named series."""

    title: str
    labels: list[str]
    series: list[tuple[str, list[float]]]
    stacked: bool = False  # series add up (roles of one unit), or stand side by side (years)


def _static(tree):
    """Drop pygal's comments (one carries today's date) and its config script (js=[] keeps
    the script files out, not this inline one): the file is then the same on every build."""
    for node in [*tree.iter("script"), *tree.iter("{http://www.w3.org/2000/svg}script")]:
        node.getparent().remove(node)
    for node in [n for n in tree.iter() if not isinstance(n.tag, str)]:
        node.getparent().remove(node)
    return tree


def render(path: str, bars: Bars) -> bytes:
    """The SVG file of a bar chart, the same bytes for the same path and data."""
    stacked = bars.stacked
    chart_type = pygal.HorizontalStackedBar if stacked else pygal.HorizontalBar
    chart = chart_type(
        style=STYLE, js=[], disable_xml_declaration=True, width=640,
        height=120 + ROW * max(len(bars.labels), 1) * (1 if stacked else len(bars.series)) + 30,
        show_legend=len(bars.series) > 1, legend_at_bottom=True, legend_at_bottom_columns=len(bars.series),
        print_values=not stacked, print_values_position="top", show_x_guides=True, show_y_guides=False,
        truncate_label=-1, truncate_legend=-1, margin=8, title=bars.title, value_formatter=_number,
        explicit_size=False, pretty_print=False, classes=["pygal-chart", "plans-chart"],
    )
    chart.uuid = hashlib.sha1(path.encode("utf-8")).hexdigest()[:12]
    chart.add_xml_filter(_static)
    chart.x_labels = bars.labels
    for name, values in bars.series:
        chart.add(name, values)
    return chart.render(is_unicode=True).encode("utf-8")


def _number(value: float) -> str:
    return f"{value:g}"


def metric_bars(metric: Metric) -> Bars | None:
    """Targets of the metric's main unit and comparison (those most of its targets have), one bar
    each: floors and ceilings are never drawn as one series."""
    rows = metric_rows.rows(metric)
    kind = metric_rows.main_kind(rows)
    shown = [r for r in rows if (r.target.unit, r.target.comparison) == kind]
    if not shown or kind is None:
        return None
    sign = COMPARISON_SIGNS[kind[1]]
    return Bars(f"{metric.name}（{sign}{kind[0]}）", [r.label for r in shown],
                [(metric.name, [r.target.value for r in shown])])


def role_bars(title: str, agencies: list[Agency], named) -> Bars | None:
    """Tasks led, responsible and supporting per unit (a task counted once, at its first role)."""
    if not agencies:
        return None
    counts = [role_counts(a) for a in agencies]
    return Bars(title, [named(a) for a in agencies],
                [(role.label, [float(c[role]) for c in counts]) for role in ROLE_SERIES], stacked=True)


def agency_label(a: Agency) -> str:
    return f"{a.jurisdiction.name} {a.name}"


def role_counts(agency: Agency) -> dict[Role, int]:
    best: dict[Task, Role] = {}
    for a in agency.assignments:
        task = a.statement.task
        if task not in best or a.role.rank < best[task].rank:
            best[task] = a.role
    return {role: sum(1 for r in best.values() if r is role) for role in ROLE_SERIES}


def theme_counts(plan: Plan) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for task in plan.walk_tasks():
        for theme in task.themes:
            counts[theme.name] = counts.get(theme.name, 0) + 1
    return list(counts.items())


def jurisdiction_theme_bars(j, themes) -> Bars | None:
    """Tasks by theme, one series per plan of the jurisdiction (its years side by side).

    One chart per jurisdiction rather than per plan: pygal takes about 60 ms a chart, and a
    thousand plans' charts would be a minute of build (docs/compare.md)."""
    plans = sorted(j.plans, key=lambda p: (p.year or 0, p.id))
    counts = [dict(theme_counts(p)) for p in plans]
    names = [t.name for t in themes if any(t.name in c for c in counts)]
    if not names:
        return None
    return Bars(f"{j.name}各计划各主题的任务数", names,
                [(p.period_text if len(plans) > 1 else "任务数", [float(c.get(n, 0)) for n in names])
                 for p, c in zip(plans, counts)])


def charts(content: Content) -> dict[str, Bars]:
    """Every chart of the site, by its file path (made once per build: `site.charts`)."""
    found: dict[str, Bars | None] = {}
    for m in content.metrics:
        found[urls.metric_chart(m)] = metric_bars(m)
    for j in content.jurisdictions:
        found[urls.themes_chart(j)] = jurisdiction_theme_bars(j, content.themes)
    for k in content.kinds:
        found[urls.kind_chart(k)] = role_bars(f"{k.name}类单位承担的任务", k.agencies, agency_label)
    return {path: bars for path, bars in found.items() if bars is not None}


def build(site: Site) -> dict[str, bytes]:
    """The chart files (a file builder: it runs beside the pages where the build forks)."""
    return {path: render(path, bars) for path, bars in site.charts.items()}
