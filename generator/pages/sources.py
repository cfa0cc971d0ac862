"""The 原文 page of each plan: the text as received, verbatim, with its sha256, a download
under a name that says what it is, and the official publication's address when recorded.
Also the one place that copies received files into the site (`received`): each plan's and
report's source under sources/, and each plan's download beside its 原文 page.

A browser shows a bare .txt from a server that names no charset (python -m http.server) in
the wrong encoding; this page is HTML in UTF-8, so the text reads right everywhere. The text
is shown line by line (numbered: the importer's messages cite lines), escaped like all text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from .. import urls
from ..model import Plan, Source
from ..site import Site
from .render import page


def source_text(path: Path) -> str:
    """The received document as text, as the importer's reader for its format reads it (the
    download beside it is the file itself, byte for byte)."""
    from ..importer import readers
    from ..importer.errors import ImportProblem

    try:
        return readers.read(path).text
    except ImportProblem:
        return path.read_bytes().decode("utf-8", errors="replace")


def download_name(plan: Plan) -> str:
    """The name a reader's browser saves the file under: 阳城县 2023 年…安排（原文）.txt."""
    suffix = urls.source_download(plan).rsplit(".", 1)[-1]
    title = plan.title if plan.title and plan.title_complete else plan.display_title
    safe = "".join("_" if c in '\\/:*?"<>|' or ord(c) < 32 else c for c in title)
    return f"{safe}（原文）.{suffix}"


def received_path(site: Site, source: Source) -> Path:
    """Where a received file is kept: content/sources/."""
    return site.root / "content" / "sources" / source.file


def source_page(site: Site, plan: Plan) -> tuple[str, str]:
    path = received_path(site, plan.source)
    lines = source_text(path).splitlines()
    hidden = site.review and not plan.is_published
    return page(site, urls.plan_source(plan), "source.html", f"{plan.display_title}（原文）",
                robots="noindex" if hidden else None, plan=plan, lines=lines, size=path.stat().st_size,
                download_name=download_name(plan), hidden=hidden)


def build(site: Site) -> Iterator[tuple[str, str]]:
    for plan in site.content.plans:
        yield source_page(site, plan)


def received(site: Site) -> Iterator[tuple[str, bytes]]:
    """Every received file of the shown plans and reports, byte for byte: under sources/ once
    per file (a report may share its plan's), and each plan's under the download name its 原文
    page links."""
    copied: set[str] = set()
    for source in [p.source for p in site.content.plans] + [r.source for r in site.content.reports if r.source]:
        if source.file not in copied:
            copied.add(source.file)
            yield urls.source_file(source), received_path(site, source).read_bytes()
    for plan in site.content.plans:
        yield urls.source_download(plan), received_path(site, plan.source).read_bytes()
