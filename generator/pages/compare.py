"""Comparison pages: one per metric (metrics/<id>/), their index, and year-over-year pages
(compare/<jurisdiction>/<year>-<year>/). The numbers come from generator/compare/."""

from __future__ import annotations

from typing import Iterator

from markupsafe import Markup

from .. import urls
from ..compare import charts, metrics
from ..compare.versions import Version
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


def chart_context(site: Site) -> dict:
    """What the templates need to show comparisons and charts (plan, theme, agency pages)."""
    return {"compare": site.comparison, "curls": urls, "charts": charts, "fragments": site.fragments}


def versions_of(site: Site, jurisdiction) -> list[Version]:
    return [v for v in site.comparison.versions if v.new.jurisdiction is jurisdiction]


def build(site: Site) -> Iterator[tuple[str, str]]:
    content = site.content
    context = chart_context(site)
    for metric in content.metrics:
        rows = metrics.rows(metric)
        yield page(site, urls.metric(metric), "metric.html", metric.name, metric=metric, rows=rows,
                   unit=metrics.main_unit(rows), **context)
    yield page(site, urls.METRICS, "metrics.html", "可比指标", metrics=content.metrics, rows=metrics.rows, **context)
    for version in context["compare"].versions:
        title = f"{version.new.jurisdiction.name} {version.old.year}年与{version.new.year}年计划对比"
        yield page(site, urls.version(version), "version.html", title, version=version, **context)
