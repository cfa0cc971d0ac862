"""The data page (data/index.md): every download with what it holds, its size and its schema."""

from __future__ import annotations

from dataclasses import dataclass

from .. import urls
from ..exports import DATASETS, EXPORT_FORMATS, PLAN_SCHEMA, Dataset, ExportFormat, task_rows
from ..model import Plan
from ..site import Site
from . import render


@dataclass(frozen=True)
class Download:
    """A row of the data page's table."""

    dataset: Dataset
    count: int
    fields: list[tuple[str, str]]  # (field, what it means) from the schema

    @property
    def files(self) -> list[tuple[str, ExportFormat]]:
        """Its file in each export format, in the registry's order."""
        return [(self.dataset.path(f.suffix), f) for f in EXPORT_FORMATS]


@dataclass(frozen=True)
class PlanDownload:
    plan: Plan
    count: int
    json: str
    csv: str


def fields(dataset: Dataset) -> list[tuple[str, str]]:
    properties = dataset.schema["items"]["properties"]
    return [(name, spec.get("description", "")) for name, spec in properties.items()]


def build(site: Site) -> dict[str, str]:
    downloads = [Download(d, len(d.rows(site)), fields(d)) for d in DATASETS]
    plans = [PlanDownload(p, len(task_rows(site, [p])), urls.plan_data(p, "json"), urls.plan_data(p, "csv"))
             for p in sorted(site.content.plans, key=lambda p: p.id)]
    path, text = render.page(
        site, urls.DATA, "data.html", "开放数据", robots="noindex" if site.review else None,
        downloads=downloads, plan_downloads=plans, plan_schema=PLAN_SCHEMA, feed=urls.FEED,
        sitemap="sitemap.xml", absolute=bool(site.options.site_url))
    return {path: text}
