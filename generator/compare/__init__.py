"""Comparing plans: metrics across places, similar tasks, the jurisdiction above, years.

Everything is computed from the gated content (`site.content`), once per build, and read by
the page builders: a held plan's tasks are never in the model, so never in a comparison.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from ..model import Content
from .hierarchy import Hierarchy
from .similarity import Similarity
from .versions import Version, versions

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass
class Comparison:
    similarity: Similarity
    hierarchy: Hierarchy
    versions: list[Version]

    def versions_of_plan(self, plan) -> list[Version]:
        return [v for v in self.versions if v.old is plan or v.new is plan]


def of(content: Content) -> Comparison:
    """The comparison of this content, made on first use and kept while the content lives."""
    found = _CACHE.get(content)
    if found is None:
        similarity = Similarity(content.plans)
        found = Comparison(similarity, Hierarchy(content, similarity), versions(content, similarity))
        _CACHE[content] = found
    return found
