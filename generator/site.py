"""What one build is: its options, and the gated content with the templates every builder reads.

Kept apart from `build.py` (which imports the builders) so that every builder can name the
`Site` it is given.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import gate
from .i18n import _
from .model import Content

REVIEW_ENV = "PLANS_REVIEW"
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
    """What every builder reads: the gated content, the options and the templates."""

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
