"""Comparing plans: metrics across places, similar tasks, the jurisdiction above, years.

Everything is computed from the gated content (`site.content`), once per build (the Site
keeps it: `site.comparison`), and read by the page builders: a held plan's tasks are never in
the model, so never in a comparison.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Content
from .hierarchy import Hierarchy
from .similarity import Similarity
from .versions import Version, versions


@dataclass
class Comparison:
    similarity: Similarity
    hierarchy: Hierarchy
    versions: list[Version]

    def versions_of_plan(self, plan) -> list[Version]:
        return [v for v in self.versions if v.old is plan or v.new is plan]


def compare_content(content: Content) -> Comparison:
    """The comparison of this content (a build asks its Site, which makes it once: `site.comparison`)."""
    similarity = Similarity(content.plans)
    return Comparison(similarity, Hierarchy(content, similarity), versions(content, similarity))
