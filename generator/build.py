"""Generation as one pure step: content/ in, a tree of page files and assets out.

The MkDocs plugin adds this tree to a build; `python -m generator docs DIR` writes it to a
folder that plain MkDocs (or another generator reading mkdocs.yml) can build without our
plugin. Nothing here knows about MkDocs.
"""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import jinja2

from . import gate
from .loading import read_content
from .model import Content

Tree = dict[str, str | bytes]  # site-relative path (posix) → file content
REVIEW_ENV = "PLANS_REVIEW"


@dataclass(frozen=True)
class BuildOptions:
    review: bool = False
    site_url: str = ""  # absolute base URL, for feeds and the sitemap ("" when unknown)
    site_name: str = "食品安全工作计划公开库"

    @classmethod
    def from_env(cls, site_url: str = "", site_name: str | None = None) -> BuildOptions:
        review = os.environ.get(REVIEW_ENV, "").strip().lower() not in ("", "0", "false", "no")
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
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root / "theme" / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def load_site(root: Path, options: BuildOptions) -> Site:
    """Read and gate content/ (raises loading.ContentErrors on bad content)."""
    raw = read_content(root / "content")
    selection = gate.select(raw, options.review)
    return Site(selection, options, root, template_environment(root))


def _sources(site: Site) -> Tree:
    """The original text of each shown plan, as received, for readers to check against."""
    return {f"sources/{p.source.file}": (site.root / "content" / "sources" / p.source.file).read_bytes()
            for p in site.content.plans}


def _assets(site: Site) -> Tree:
    folder = site.root / "theme" / "assets"
    if not folder.is_dir():
        return {}
    return {f"assets/{p.relative_to(folder).as_posix()}": p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def builders() -> list[Callable[[Site], Tree]]:
    from . import exports, pages, search_index

    return [pages.build, _assets, _sources, exports.build, search_index.build]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the model and the tree are built.

    Loading and generating allocate millions of objects that live to the end of the build, and
    every full collection walks all of them again: 40 % of generation time at 1,000 plans
    (docs/performance.md). Little cyclic garbage is made meanwhile; the next collection takes it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def is_page(path: str) -> bool:
    """A page MkDocs renders with the theme; every other path is a file copied as it is."""
    return path.endswith(".md")


def generate(site: Site, files_to: Path | None = None) -> Tree:
    """Run every builder and merge their trees; a path claimed twice is a bug, not content.

    With `files_to`, each file that is not a page (data, search index, sources, assets) is
    written under that folder as soon as its builder returns, and only the pages are returned:
    a large site's files are then never all held in memory at once.
    """
    tree: Tree = {}
    written: set[str] = set()
    for build in builders():
        for path, data in build(site).items():
            if path in tree or path in written:
                raise RuntimeError(f"{path} is produced twice ({build.__module__})")
            if files_to is not None and not is_page(path):
                write_file(files_to / path, data)
                written.add(path)
            else:
                tree[path] = data
    gate.verify(site.selection, tree)  # plan pages are pages: always in the tree
    return dict(sorted(tree.items()))


def is_html_block(markdown: str) -> bool:
    """True when Markdown would pass this page text through as it is: HTML from its first
    character, no blank line (which ends an HTML block) and no `markdown` attribute (md_in_html)."""
    text = markdown.strip()
    return text.startswith("<") and "\n\n" not in text and 'markdown="' not in text


def write_file(target: Path, data: str | bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        target.write_text(data, encoding="utf-8", newline="\n")
    else:
        target.write_bytes(data)


def write_tree(tree: Tree, folder: Path) -> None:
    for path, data in tree.items():
        write_file(folder / path, data)
