"""The home page: what the site is, its size, a search box and the ways in."""

from __future__ import annotations

from itertools import groupby
from typing import Iterator

from .. import urls
from ..site import Site
from .render import page

JURISDICTIONS_SHOWN = 40  # the home page stays small; the plans index lists every plan


def recent_jurisdictions(plans) -> list[tuple[object, list]]:
    """Jurisdictions with their plans (latest year first), most recently issued first, a bounded few."""
    groups = [(j, list(ps)) for j, ps in groupby(plans, key=lambda p: p.jurisdiction)]
    groups.sort(key=lambda g: max((p.year or 0) for p in g[1]), reverse=True)
    return groups[:JURISDICTIONS_SHOWN]


def build(site: Site) -> Iterator[tuple[str, str]]:
    content = site.content
    counts = {"plans": len(content.plans), "tasks": content.task_count,
              "agencies": len(content.agencies), "jurisdictions": len(content.jurisdictions)}
    yield page(site, urls.HOME, "home.html", site.options.site_name, counts=counts,
               groups=recent_jurisdictions(content.plans), themes=content.themes, kinds=content.kinds,
               jurisdictions=content.jurisdictions[:JURISDICTIONS_SHOWN])
