"""The site's pages: home, plans, agencies and themes, as Markdown files holding HTML.

Each page is a Markdown file (`<url>index.md`) with YAML front matter and HTML rendered from
a template in theme/templates, so the written tree builds with MkDocs and our plugin, or
with plain MkDocs, alike. Python here chooses and orders what a page shows; the markup is
in the templates.
"""

from __future__ import annotations

from . import agencies, compare, home, plans, reports, sources, themes

BUILDERS = (home.build, plans.build, agencies.build, themes.build, compare.build, sources.build, reports.build,
            reports.report_sources)


def build(site) -> dict[str, str]:
    """Every page file of the site, keyed by its path in the docs tree."""
    tree: dict[str, str] = {}
    for builder in BUILDERS:
        tree.update(builder(site))
    return tree
