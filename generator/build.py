"""Generation as one pure step: content/ in, a tree of page files and assets out.

The MkDocs plugin adds this tree to a build; `python -m generator docs DIR` writes it to a
folder that plain MkDocs (or another generator reading mkdocs.yml) can build without our
plugin. Nothing here knows about MkDocs.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

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


Builder = Callable[[Site], Tree]
Output = tuple[str, str, str | bytes | None]  # path, the module that made it, its data (None: written to disk)


def page_builders() -> list[Builder]:
    from . import pages

    return [pages.build, _assets, _sources]


def file_builders() -> list[Builder]:
    """Builders that read only the model and make mostly files (the data, the search index):
    `generate` can run them in a second process while the first renders the pages."""
    from . import exports, search_index
    from .compare import charts

    return [exports.build, search_index.build, charts.build]


def builders() -> list[Builder]:
    return page_builders() + file_builders()


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


def generate(site: Site, files_to: Path | None = None, processes: int = 1) -> Tree:
    """Run every builder and merge their trees; a path claimed twice is a bug, not content.

    With `files_to`, each file that is not a page (data, search index, sources, assets) is
    written under that folder as soon as its builder returns, and only the pages are returned:
    a large site's files are then never all held in memory at once. With `processes=2` as
    well, and where the system can fork, the file builders run in a second process meanwhile
    (the machines this runs on have two cores or more).
    """
    tree: Tree = {}
    written: dict[str, str] = {}  # path → the module that made it

    def take(outputs: Iterable[Output]) -> None:
        for path, made_by, data in outputs:
            if path in tree or path in written:
                raise RuntimeError(f"{path} is produced twice ({made_by})")
            if data is None:
                written[path] = made_by
            else:
                tree[path] = data

    beside = None
    if files_to is not None and processes > 1 and "fork" in multiprocessing.get_all_start_methods():
        beside = _Beside(site, file_builders(), files_to)
    try:
        take(_outputs(site, page_builders() + ([] if beside else file_builders()), files_to))
        if beside:
            take(beside.result())
    finally:
        if beside:
            beside.stop()
    gate.verify(site.selection, tree)  # plan pages are pages: always in the tree
    return dict(sorted(tree.items()))


def _outputs(site: Site, builds: list[Builder], files_to: Path | None) -> Iterator[Output]:
    """What the builders make, one file at a time; with `files_to`, a file that is not a page
    is written there at once and comes out without its data."""
    for build in builds:
        for path, data in build(site).items():
            if files_to is not None and not is_page(path):
                write_file(files_to / path, data)
                data = None
            yield path, build.__module__, data


class _Beside:
    """Builders run in a forked process: it writes their files under `files_to` and sends back
    its outputs (pages with their data), or the traceback of what failed."""

    def __init__(self, site: Site, builds: list[Builder], files_to: Path) -> None:
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)
        self.process = context.Process(target=self._run, args=(site, builds, files_to, send), daemon=True)
        self.process.start()
        send.close()
        self.received = False

    @staticmethod
    def _run(site: Site, builds: list[Builder], files_to: Path, send) -> None:
        try:
            send.send(("done", list(_outputs(site, builds, files_to))))
        except BaseException:
            send.send(("failed", traceback.format_exc()))
        finally:
            send.close()

    def result(self) -> list[Output]:
        try:
            message = self.receive.recv()
            self.received = True
        except EOFError:
            self.process.join()
            raise RuntimeError(f"the second build process ended without a result (exit code {self.process.exitcode})") from None
        if message[0] == "failed":
            raise RuntimeError(f"the second build process failed:\n{message[1]}")
        return message[1]

    def stop(self) -> None:
        """Wait for the process after its result; end it when the first process failed first."""
        if not self.received and self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.receive.close()


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
