"""What one build is: its options, and the gated content with the templates every builder reads.

Kept apart from `build.py` (which imports the builders) so that every builder can name the
`Site` it is given.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from . import gate
from .i18n import _
from .model import Content

if TYPE_CHECKING:  # imported where first used: they read the Site, not the other way round
    from .compare import Comparison
    from .compare.charts import Bars
    from .exports.sheets import Names
    from .pages.compare import Fragments

REVIEW_ENV = "PLANS_REVIEW"
TRUE_VALUES = ("1", "true", "yes", "on")  # PLANS_REVIEW values that make a review build
FALSE_VALUES = ("", "0", "false", "no", "off")


class OptionError(ValueError):
    """An option whose value is none of those documented: refused, never guessed."""


def review_flag(value: object, name: str = REVIEW_ENV) -> bool:
    """Whether `value` asks for the review build. Only the documented words count either way:
    `PLANS_REVIEW=n` or `disabled` must not build a site holding every plan, nor a public one
    its writer did not mean; it is refused with a message."""
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip().lower()
    if text in TRUE_VALUES:
        return True
    if text in FALSE_VALUES:
        return False
    raise OptionError(_("{name}={value!r} is not understood: write {name}=1 for the review build "
                        "(also true, yes, on), or leave it unset (or 0, false, no, off) for the public build")
                      .format(name=name, value=str(value)))


@dataclass(frozen=True)
class BuildOptions:
    review: bool = False
    site_url: str = ""  # absolute base URL, for feeds and the sitemap ("" when unknown)
    site_name: str = "食品安全工作计划公开库"

    @classmethod
    def from_env(cls, site_url: str = "", site_name: str | None = None) -> BuildOptions:
        """Options of a build whose review flag is PLANS_REVIEW (raises OptionError when it is
        not one of the documented values)."""
        review = review_flag(os.environ.get(REVIEW_ENV, ""))
        return cls(review=review, site_url=site_url or "", site_name=site_name or cls.site_name)


@dataclass
class Site:
    """What every builder reads: the gated content, the options and the templates, and what
    several builders compute from them once per build (the cached properties below), which
    lives and goes with the build's Site instead of in module globals."""

    selection: gate.Selection
    options: BuildOptions
    root: Path
    templates: jinja2.Environment = field(repr=False)

    @property
    def content(self) -> Content:
        return self.selection.content

    @property
    def review(self) -> bool:
        return self.options.review

    @cached_property
    def shown_ids(self) -> frozenset[str]:
        """The ids of the plans this build shows: a replacement the build holds is not named."""
        return frozenset(p.id for p in self.content.plans)

    @cached_property
    def comparison(self) -> Comparison:
        """Similar tasks, the plans above and below, year-over-year versions (compare/)."""
        from .compare import compare_content

        return compare_content(self.content)

    @cached_property
    def fragments(self) -> Fragments:
        """Markup that many pages repeat word for word, rendered once each (pages/compare.py)."""
        from .pages.compare import Fragments

        return Fragments()

    @cached_property
    def charts(self) -> dict[str, Bars]:
        """Every chart's bars by the chart's path (compare/charts.py; pages show them beside the SVG)."""
        from .compare.charts import charts

        return charts(self.content)

    @cached_property
    def search_index(self) -> dict[str, bytes]:
        """The search index's files (search_index.py), read by the index builder and the search page."""
        from .search_index import index_files

        return index_files(self.content)

    @cached_property
    def sheet_names(self) -> Names:
        """The id → name look-ups of the data tables (exports/sheets.py)."""
        from .exports.sheets import Names

        return Names(self.content)


def template_environment(root: Path) -> jinja2.Environment:
    """Jinja for our page templates in theme/templates; every value is escaped unless marked safe."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root / "theme" / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
