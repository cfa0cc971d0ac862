"""Comparison pages: one per metric (metrics/<id>/), their index, and year-over-year pages
(compare/<jurisdiction>/<year>-<year>/). The numbers come from generator/compare/."""

from __future__ import annotations

from .. import compare, urls
from ..compare import charts, metrics
from ..compare.versions import Version
from .render import page


def chart_context(site) -> dict:
    """What the templates need to show comparisons and charts (plan, theme, agency pages)."""
    return {"compare": compare.of(site.content), "curls": urls, "charts": charts}


def versions_of(site, jurisdiction) -> list[Version]:
    return [v for v in compare.of(site.content).versions if v.new.jurisdiction is jurisdiction]


def build(site) -> dict[str, str]:
    content = site.content
    context = chart_context(site)
    tree = {}
    for metric in content.metrics:
        rows = metrics.rows(metric)
        path, text = page(site, urls.metric(metric), "metric.html", metric.name, metric=metric, rows=rows,
                          unit=metrics.main_unit(rows), **context)
        tree[path] = text
    path, text = page(site, urls.METRICS, "metrics.html", "可比指标", metrics=content.metrics,
                      rows=metrics.rows, **context)
    tree[path] = text
    for version in context["compare"].versions:
        title = f"{version.new.jurisdiction.name} {version.old.year}年与{version.new.year}年计划对比"
        path, text = page(site, urls.version(version), "version.html", title, version=version, **context)
        tree[path] = text
    return tree
