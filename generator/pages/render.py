"""Rendering one page: the template, the relative links it needs, its front matter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

import yaml

from .. import obligations, progress, urls
from ..labels import date_text
from ..model import (UNKNOWN, UNREPORTED, Agency, Jurisdiction, Kind, Metric, Plan, Report, Statement, Target, Task,
                     Theme)
from ..site import Site

if TYPE_CHECKING:
    from ..compare.versions import Version

_BLANK_LINES = re.compile(r"\n\s*\n+")


@dataclass(frozen=True)
class Links:
    """Relative links from one page: the site then works under any sub-path."""

    here: str

    def to(self, url: str) -> str:
        return urls.relative(self.here, url)

    def plan(self, p: Plan) -> str:
        return self.to(urls.plan(p))

    def task(self, t: Task) -> str:
        return self.to(urls.task(t))

    def agency(self, a: Agency) -> str:
        return self.to(urls.agency(a))

    def report(self, r) -> str:
        return self.to(urls.report(r))

    @property
    def reports(self) -> str:
        return self.to(urls.REPORTS)

    @property
    def deadlines(self) -> str:
        return self.to(urls.DEADLINES)

    def jurisdiction(self, j: Jurisdiction) -> str:
        return self.to(urls.jurisdiction(j))

    def kind(self, k: Kind) -> str:
        return self.to(urls.kind(k))

    def theme(self, t: Theme) -> str:
        return self.to(urls.theme(t))

    def source(self, p: Plan | Report) -> str:
        """The received text of a plan, or of a report that has one (templates ask only then)."""
        if p.source is None:
            raise ValueError(f"{p.id} has no received text to link to")
        return self.to(urls.source(p.source))

    def plan_source(self, p: Plan) -> str:
        return self.to(urls.plan_source(p))

    def source_download(self, p: Plan) -> str:
        return self.to(urls.source_download(p))

    def plan_data(self, p: Plan, extension: str) -> str:
        return self.to(urls.plan_data(p, extension))

    def metric(self, m: Metric) -> str:
        return self.to(urls.metric(m))

    @property
    def metrics(self) -> str:
        return self.to(urls.METRICS)

    def version(self, v: Version) -> str:
        return self.to(urls.version(v))

    @property
    def home(self) -> str:
        return self.to(urls.HOME)

    @property
    def plans(self) -> str:
        return self.to(urls.PLANS)

    @property
    def agencies(self) -> str:
        return self.to(urls.AGENCIES)

    @property
    def themes(self) -> str:
        return self.to(urls.THEMES)

    @property
    def search(self) -> str:
        return self.to(urls.SEARCH)

    @property
    def data(self) -> str:
        return self.to(urls.DATA)

    @property
    def about(self) -> str:
        return self.to(urls.ABOUT)


@dataclass(frozen=True)
class Segment:
    """A run of a statement's text; `targets` is set on a run that states targets.

    One run can state several targets (武陟: 分别达到50%、70%、80% is one target a year).
    """

    text: str
    targets: tuple[Target, ...] = ()


def _spans(statement: Statement) -> list[tuple[int, int, list[Target]]]:
    """Where each target's text stands, in order, without overlaps; equal texts share a span."""
    text, cut = statement.text, 0
    spans: list[tuple[int, int, list[Target]]] = []
    for target in statement.targets:
        same = next((s for s in spans if text[s[0]:s[1]] == target.text), None)
        if same:
            same[2].append(target)
            continue
        start = text.find(target.text, cut) if target.text else -1
        if start >= 0:
            spans.append((start, start + len(target.text), [target]))
            cut = start + len(target.text)
    return spans


def segments(statement: Statement) -> list[Segment]:
    """Split the text at its targets so the template can wrap each in <mark> and escape all."""
    text, parts, pos = statement.text, [], 0
    for start, end, targets in _spans(statement):
        if start > pos:
            parts.append(Segment(text[pos:start]))
        parts.append(Segment(text[start:end], tuple(targets)))
        pos = end
    if pos < len(text):
        parts.append(Segment(text[pos:]))
    return parts


def or_unknown(value: object) -> object:
    return UNKNOWN if value is None or value == "" else value


HELPERS = {"segments": segments, "date_text": date_text, "or_unknown": or_unknown, "UNKNOWN": UNKNOWN,
           "UNREPORTED": UNREPORTED, "task_due_state": progress.task_due_state, "DUE_SOON_DAYS": progress.DUE_SOON_DAYS,
           "DUE_LABELS": progress.DUE_LABELS, "OBLIGATION_LABELS": obligations.STATE_LABELS}


def front_matter(title: str, robots: str | None = None, search: dict | None = None,
                 description: str | None = None) -> str:
    meta = {"title": title, **({"robots": robots} if robots else {}), **({"search": search} if search else {}),
            **({"description": description} if description else {})}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000) + "---\n"


def page(site: Site, url: str, template: str, title: str, *, robots: str | None = None,
         search: dict | None = None, description: str | None = None, **context) -> tuple[str, str]:
    """(file path, file text) of the page at `url`; the HTML is one block Markdown leaves alone.

    `search` (the search page only): `index`, the index folder relative to the page, and
    `shards`, its shard count, for the script that theme/overrides/main.html puts in <head>.
    `description`: the page's summary for search engines and shared links (og:description)."""
    html = site.templates.get_template(template).render(
        site=site, links=Links(url), review=site.review, title=title, **HELPERS, **context)
    body = _BLANK_LINES.sub("\n", html).strip()
    return urls.page_file(url), f"{front_matter(title, robots, search, description)}\n{body}\n"


def unique(items: Iterable) -> list:
    """Items in first-seen order, each once (objects compare by identity)."""
    return list(dict.fromkeys(items))
