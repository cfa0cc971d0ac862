"""Where every page lives. URLs are site-relative paths ending in `/` ("" is the home page).

They depend only on ids written in content/, so a plan's URL never changes when another plan
is added. Links inside pages are made relative (`relative`), so the site works under any
sub-path and from any static host.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote

from typing import TYPE_CHECKING

from .model import Agency, Jurisdiction, Kind, Metric, Plan, Report, Source, Task, Theme

if TYPE_CHECKING:
    from .compare.versions import Version

HOME = ""
PLANS = "plans/"
AGENCIES = "agencies/"
THEMES = "themes/"
SEARCH = "search/"
DATA = "data/"
ABOUT = "about/"
REPORTS = "reports/"  # progress reports (落实情况)
DEADLINES = "deadlines/"


def plan(p: Plan) -> str:
    return plan_by_id(p.id)


def plan_by_id(plan_id: str) -> str:
    """A plan's URL from its id alone (the gate's report rows name plans by id)."""
    return f"plans/{plan_id}/"


def task(t: Task) -> str:
    return f"{plan(t.plan)}#{t.id}"


def report(r: Report) -> str:
    return report_by_id(r.id)


def report_by_id(report_id: str) -> str:
    return f"reports/{report_id}/"


def jurisdiction(j: Jurisdiction) -> str:
    return f"agencies/{j.id}/"


def agency(a: Agency) -> str:
    return f"agencies/{a.jurisdiction.id}/{a.id}/"


def kind(k: Kind) -> str:
    return f"agencies/kinds/{k.id}/"


def theme(t: Theme) -> str:
    return f"themes/{t.id}/"


# Received files are published under a name whose type no browser runs, by allow-list: these
# suffixes (any case) are kept, every other name gets .txt after it (a portal page saved with its
# scripts, an .xht, an .svgz, an .shtml, a name ending in a space or a dot), which every static
# server sends as text. A deny-list of active types always misses one.
INERT_SUFFIXES = {".txt", ".pdf", ".docx", ".xlsx", ".csv", ".ofd"}


def published_name(file: str) -> str:
    """The name a received file is published under: its own when its suffix is inert, else with .txt after it."""
    return file if posixpath.splitext(file)[1].lower() in INERT_SUFFIXES else f"{file}.txt"


def source_file(s: Source) -> str:
    """The file a received text is published as: sources/ and its published name."""
    return f"sources/{published_name(s.file)}"


def source(s: Source) -> str:
    """A plan's or a report's received text, as a URL: the file name quoted, so `#`, `%` and `?`
    in it are the name's own."""
    return quote(source_file(s))


def plan_source(p: Plan) -> str:
    """The plan's 原文 page: the received text, its sha256 and where it was published."""
    return f"plans/{p.id}/source/"


def source_download(p: Plan) -> str:
    """The received file, under a name that says what it is (yangcheng-2023-source.txt)."""
    suffix = posixpath.splitext(published_name(p.source.file))[1].lower() or ".txt"
    return f"{plan_source(p)}{p.id}-source{suffix}"


def page_file(url: str) -> str:
    """The Markdown file that renders as `url` (plans/x/ → plans/x/index.md)."""
    return f"{url}index.md"


def relative(from_url: str, to: str) -> str:
    """Link from the page at `from_url` to `to`, as a relative URL that keeps `to`'s slash and fragment."""
    path, _, fragment = to.partition("#")
    if path == from_url and fragment:
        return f"#{fragment}"
    rel = _relpath(path or ".", from_url.rstrip("/") or ".")
    if path.endswith("/") or path == "":
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{fragment}" if fragment else "")


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath for site-relative paths, without its cwd look-ups: a third of the
    time spent on pages at a thousand plans went to them. Paths with `..` go to relpath."""
    if ".." in path or ".." in start or path.startswith("/") or start.startswith("/"):
        return posixpath.relpath(path, start)
    to = [part for part in path.split("/") if part and part != "."]
    base = [part for part in start.split("/") if part and part != "."]
    common = 0
    for a, b in zip(to, base):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


def plan_data(p: Plan, extension: str) -> str:
    """A plan's own data download: data/plans/<id>.json or .csv."""
    return f"data/plans/{p.id}.{extension}"


FEED = "feed.xml"
METRICS = "metrics/"
COMPARE = "compare/"


def metric(m: Metric) -> str:
    return f"metrics/{m.id}/"


def version(v: Version) -> str:
    """The comparison of two plans of one jurisdiction: compare/<jurisdiction>/<year>-<year>/."""
    return f"compare/{v.new.jurisdiction.id}/{v.old.year}-{v.new.year}/"


# Charts (SVG files, compare/charts.py), shown on the metric, plan, jurisdiction and kind pages.
def metric_chart(m: Metric) -> str:
    return f"charts/metrics/{m.id}.svg"


def themes_chart(j: Jurisdiction) -> str:
    return f"charts/themes/{j.id}.svg"


def kind_chart(k: Kind) -> str:
    return f"charts/kinds/{k.id}.svg"
