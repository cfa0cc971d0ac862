"""The site's pages: home, plans, agencies and themes, as Markdown files holding HTML.

Each page is a Markdown file (`<url>index.md`) with YAML front matter and HTML rendered from
a template in theme/templates, so the written tree builds with MkDocs and our plugin, or
with plain MkDocs, alike. Python here chooses and orders what a page shows; the markup is
in the templates.
"""

from __future__ import annotations

from typing import Iterator

from ..site import Site
from . import agencies, compare, data, home, plans, reports, search, sources, themes

BUILDERS = (home.build, plans.build, agencies.build, themes.build, compare.build, sources.build, reports.build,
            sources.received)

# Pages made from what the data builders compute (the datasets' rows, the search index): build.py
# runs them beside the data, in its second process, where those are made.
DATA_PAGES = (data.build, search.build)


def build(site: Site) -> Iterator[tuple[str, str | bytes]]:
    """Every page file of the site with its path in the docs tree, one at a time: a thousand
    plans' pages are never all in memory (`dict(build(site))` holds them, for a test)."""
    for builder in BUILDERS:
        yield from builder(site)
