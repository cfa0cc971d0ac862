"""The 原文 page of each plan: the text as received, verbatim, with its sha256, a download
under a name that says what it is, and the official publication's address when recorded.

A browser shows a bare .txt from a server that names no charset (python -m http.server) in
the wrong encoding; this page is HTML in UTF-8, so the text reads right everywhere. The text
is shown line by line (numbered: the importer's messages cite lines), escaped like all text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from .. import urls
from ..model import Plan
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


def source_page(site: Site, plan: Plan) -> dict[str, str | bytes]:
    path = site.root / "content" / "sources" / plan.source.file
    data = path.read_bytes()
    lines = source_text(path).splitlines()
    hidden = site.review and not plan.is_published
    page_path, text = page(site, urls.plan_source(plan), "source.html", f"{plan.display_title}（原文）",
                           robots="noindex" if hidden else None, plan=plan, lines=lines, size=len(data),
                           download_name=download_name(plan), hidden=hidden)
    return {page_path: text, urls.source_download(plan): data}


def build(site: Site) -> Iterator[tuple[str, str | bytes]]:
    for plan in site.content.plans:
        yield from source_page(site, plan).items()
