"""What one build is: its options, and the gated content with the templates every builder reads.

Kept apart from `build.py` (which imports the builders) so that every builder can name the
`Site` it is given.
"""

from __future__ import annotations

import datetime
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
    from .obligations import PlanObligations
    from .pages.compare import Fragments

REVIEW_ENV = "PLANS_REVIEW"
DATE_ENV = "SOURCE_DATE_EPOCH"  # https://reproducible-builds.org/specs/source-date-epoch/
CHINA = datetime.timezone(datetime.timedelta(hours=8))  # the documents' and the readers' day: Beijing time (no DST)
# The build dates we accept: 1980 (XLSX files are zip archives, whose dates start then) up to
# 2099, so that every date the site computes from it (a deadline 60 days on, a zip stamp) exists.
FIRST_BUILD_DAY = datetime.date(1980, 1, 1)
LAST_BUILD_DAY = datetime.date(2099, 12, 31)
TRUE_VALUES = ("1", "true", "yes", "on")  # PLANS_REVIEW values that make a review build
FALSE_VALUES = ("", "0", "false", "no", "off")
# Every review build carries this file at its root: a build that finds it in docs_dir (a review
# site copied among the hand-written pages) refuses to publish it (plugin.py).
REVIEW_MARKER = "plans-review-build.txt"
REVIEW_MARKER_TEXT = ("审阅版构建：本文件夹是内部审阅构建，包含未公开发布的文件，请勿上传、转发或放入 docs_dir。\n"
                      "A review build: this folder holds documents that are not public. Do not upload it.\n")


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


def build_day(value: str | None = None, now: datetime.datetime | None = None) -> datetime.date:
    """The build's date, the one "today" of every page, file and feed of a build: the day (in
    China) of SOURCE_DATE_EPOCH when it is set, else of the clock. `value` is the variable's
    text (None: read it here, the only place that does); `now` stands in for the clock.

    Raises OptionError, in words, for a value that is not a whole number of seconds from 1980 to
    2099: a negative or huge number must not end in a traceback or a page dated year 9999."""
    if value is None:
        value = os.environ.get(DATE_ENV)
    if value is None or not value.strip():
        return (now or datetime.datetime.now(datetime.timezone.utc)).astimezone(CHINA).date()
    text = value.strip()
    first = int(datetime.datetime.combine(FIRST_BUILD_DAY, datetime.time(), CHINA).timestamp())
    last = int(datetime.datetime.combine(LAST_BUILD_DAY, datetime.time.max, CHINA).timestamp())
    if not text.isascii() or not text.isdigit() or not first <= int(text) <= last:
        raise OptionError(_("{name}={value!r} is not a build time: write the seconds since 1970-01-01 UTC as a whole "
                            "number from {first} ({first_day}) to {last} ({last_day}), e.g. the commit's time "
                            "(git log -1 --format=%ct), or leave it unset to date the build by the clock")
                          .format(name=DATE_ENV, value=value[:40], first=first, last=last,
                                  first_day=FIRST_BUILD_DAY.isoformat(), last_day=LAST_BUILD_DAY.isoformat()))
    return datetime.datetime.fromtimestamp(int(text), CHINA).date()


def review_build_problem(docs_dir: Path) -> str | None:
    """Why a build must not copy `docs_dir` (a few hand-written pages, cheap to walk): a folder in it
    holds a review build's marker, and would publish every held plan; None when none does."""
    marked = sorted(Path(parent) for parent, _dirs, names in os.walk(docs_dir) if REVIEW_MARKER in names)
    if not marked:
        return None
    return _("{folder} holds a review build (it has {marker}), with every held plan: a build would publish it "
             "from docs_dir. Move that folder out of {docs} and build again").format(
        folder=marked[0], marker=REVIEW_MARKER, docs=docs_dir)


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
    """What every builder reads: the gated content, the options, the templates and the build's
    date, and what several builders compute from them once per build (the cached properties
    below), which lives and goes with the build's Site instead of in module globals.
    `build_date` is the one "today" of the build (`build_day`), fixed when the site is made:
    every page, data file (XLSX dates), the feed and the sitemap read it here, so two builds in
    one process (`mkdocs serve`) each have their own and nothing sets it globally."""

    selection: gate.Selection
    options: BuildOptions
    root: Path
    templates: jinja2.Environment = field(repr=False)
    build_date: datetime.date = field(default_factory=build_day)

    @cached_property
    def obligations(self) -> dict[str, PlanObligations]:
        """Each shown plan's 报告义务 (obligations.py), read once per build for pages, data and feed."""
        from . import obligations

        return obligations.of_content(self.content)

    @property
    def build_time(self) -> datetime.datetime:
        """The build's date as an instant, for files that hold a time (XLSX): its midnight in UTC,
        so that the zip entries' local dates and the document's UTC date both read the build's day."""
        return datetime.datetime.combine(self.build_date, datetime.time(), datetime.timezone.utc)

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
