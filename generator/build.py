"""Generation as one step: content/ in, a tree of page files and assets out (it reads content/
and theme/ and writes only the folder it is given; its date is the Site's, read once from
SOURCE_DATE_EPOCH or the clock, and never written back to the environment).

The MkDocs plugin adds this tree to a build; `python -m generator docs DIR` writes it to a
folder that plain MkDocs (or another generator reading mkdocs.yml) can build without our
plugin. Nothing here knows about MkDocs.
"""

from __future__ import annotations

import ctypes
import datetime
import gc
import multiprocessing
import os
import signal
import threading
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from . import gate
from .i18n import _
from .loading import ContentErrors, read_content
from .site import (REVIEW_ENV, REVIEW_MARKER, REVIEW_MARKER_TEXT, BuildOptions, OptionError, Site, build_day,
                   template_environment)

__all__ = ["REVIEW_ENV", "BuildFailure", "BuildOptions", "Generated", "Site", "Tree", "generate", "generate_site",
           "load_site", "template_environment"]

Tree = dict[str, str | bytes]  # site-relative path (posix) → file content


def load_site(root: Path, options: BuildOptions) -> Site:
    """Read and gate content/ (raises loading.ContentErrors on bad content)."""
    day = build_day()  # once per build: the gate's report checks and every builder read this day
    raw = read_content(root / "content")
    selection = gate.select(raw, options.review, today=day)
    return Site(selection, options, root, template_environment(root), build_date=day)


class BuildFailure(Exception):
    """Why a build cannot go on, in words for the person building (never a traceback)."""


@dataclass
class Generated:
    pages: list[str]  # the pages' paths; they and every other file were written to the folder given
    disclosure_report: str  # the disclosure report's text (公开情况), printed by every build
    build_date: datetime.date  # the build's date (Site.build_date), for the engine's own dates (sitemap)


def generate_site(root: Path, options: BuildOptions, files_to: Path, processes: int = 1) -> Generated:
    """Load, gate and generate the site of the project at `root` into `files_to`, for a build
    engine to render.

    Every file is written as soon as it is made, pages too: a thousand plans' pages held in memory
    until the engine reads them were a third of the build's peak memory (docs/performance.md).
    Returns the build's date for the engine's own dates (the sitemap's: the plugin sets them;
    nothing is written into the environment) and frees the model before the engine renders.
    """

    try:
        with collector_paused():
            site = load_site(root, options)
            pages = list(generate(site, files_to=files_to, processes=processes, pages_too=True))
    except ContentErrors as exc:
        count = len(exc.errors)
        raise BuildFailure(_("{count} problem(s) in {folder}:\n{problems}")
                           .format(count=count, folder=root / "content", problems=exc)) from None
    except (gate.GateError, OptionError) as exc:
        raise BuildFailure(str(exc)) from None
    except OSError as exc:
        raise BuildFailure(_("cannot write {file} ({reason}): free disk space or fix the folder's permissions, "
                             "then build again; the site is left as it was")
                           .format(file=exc.filename or files_to, reason=exc.strerror or exc)) from None
    generated = Generated(pages, gate.report_text(site.selection), site.build_date)
    del site
    gc.collect()  # the model links plans and tasks both ways: free it before the engine holds every page
    return generated


def _assets(site: Site) -> Tree:
    folder = site.root / "theme" / "assets"
    if not folder.is_dir():
        return {}
    return {f"assets/{p.relative_to(folder).as_posix()}": p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# A builder makes files from the model: a Tree, or (path, data) pairs one at a time (the pages:
# then only the file being written is in memory).
Builder = Callable[[Site], Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes]]]
Output = tuple[str, str, str | bytes | None]  # path, the module that made it, its data (None: written to disk)


def _review_marker(site: Site) -> Tree:
    """The file that marks a review build as one, so no build publishes it (plugin.py)."""
    return {REVIEW_MARKER: REVIEW_MARKER_TEXT} if site.review else {}


def page_builders() -> list[Builder]:
    from . import pages

    return [pages.build, _assets, _review_marker]


def file_builders() -> list[Builder]:
    """Builders that read only the model and make files (the data, the search index, the charts)
    and the pages made from those files (the data and search pages): `generate` can run them in
    a second process while the first renders the other pages."""
    from . import exports, pages, search_index
    from .compare import charts

    return [exports.build, search_index.build, charts.build, *pages.DATA_PAGES]


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


def generate(site: Site, files_to: Path | None = None, processes: int = 1,
             pages_too: bool = False) -> dict[str, str | bytes | None]:
    """Run every builder and merge their trees; a path claimed twice is a bug, not content.

    With `files_to`, each file that is not a page (data, search index, sources, assets) is
    written under that folder as soon as its builder returns, and only the pages are returned:
    a large site's files are then never all held in memory at once; with `pages_too`, the pages
    are written as well and come back as paths with no data (None). With `processes=2` as
    well, and where the system can fork, the file builders run in a second process meanwhile
    (the machines this runs on have two cores or more).
    """
    tree: dict[str, str | bytes | None] = {}
    written: dict[str, str] = {}  # path → the module that made it

    def take(outputs: Iterable[Output]) -> None:
        for path, made_by, data in outputs:
            if path in tree or path in written:
                raise RuntimeError(_("{path} is produced twice ({made_by})").format(path=path, made_by=made_by))
            if data is None:
                written[path] = made_by
                if pages_too and is_page(path):
                    tree[path] = None
            else:
                tree[path] = data

    beside = None
    if files_to is not None and processes > 1 and "fork" in multiprocessing.get_all_start_methods():
        beside = _Beside(site, file_builders(), files_to, pages_too)
    try:
        take(_outputs(site, page_builders() + ([] if beside else file_builders()), files_to, pages_too))
        if beside:
            take(beside.result())
    finally:
        if beside:
            beside.stop()
    gate.verify(site.selection, tree)  # plan pages are pages: always in the tree
    return dict(sorted(tree.items()))


def _outputs(site: Site, builds: list[Builder], files_to: Path | None, pages_too: bool = False) -> Iterator[Output]:
    """What the builders make, one file at a time; with `files_to`, a file that is not a page
    (any file, with `pages_too`) is written there at once and comes out without its data."""
    for build in builds:
        made = build(site)
        for path, data in made.items() if isinstance(made, Mapping) else made:
            if files_to is not None and (pages_too or not is_page(path)):
                write_file(files_to / path, data)
                data = None
            yield path, build.__module__, data


class _Beside:
    """Builders run in a forked process: it writes their files under `files_to` and sends back
    its outputs (pages with their data), or the traceback of what failed."""

    def __init__(self, site: Site, builds: list[Builder], files_to: Path, pages_too: bool) -> None:
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)
        self.process = context.Process(target=self._run, args=(site, builds, files_to, pages_too, send, os.getpid()),
                                       daemon=True)
        self.process.start()
        send.close()
        self.received = False

    @staticmethod
    def _run(site: Site, builds: list[Builder], files_to: Path, pages_too: bool, send, parent: int) -> None:
        _die_with_parent(parent)
        try:
            send.send(("done", list(_outputs(site, builds, files_to, pages_too))))
        except OSError as exc:  # a full disk, a folder not writable: the first process words it
            send.send(("os-error", (exc.errno, exc.strerror, exc.filename)))
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
            raise RuntimeError(_("the second build process ended without a result (exit code {code})").format(
                code=self.process.exitcode)) from None
        if message[0] == "os-error":
            raise OSError(*message[1])
        if message[0] == "failed":
            raise RuntimeError(_("the second build process failed:\n{problem}").format(problem=message[1]))
        return message[1]

    def stop(self) -> None:
        """Wait for the process after its result; end it when the first process failed first."""
        if not self.received and self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.receive.close()


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent(parent: int) -> None:
    """End this forked process when the build that started it ends, however it ends.

    A SIGTERM or SIGKILL to `mkdocs build` gives it no chance to stop its second process, which
    would go on for minutes, blocked on its pipe and holding the caller's output open. Linux's
    parent-death signal kills it at once; elsewhere a thread watches for the parent to go.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    if os.getppid() != parent:  # the parent went before the signal was set
        os._exit(1)
    threading.Thread(target=watch, daemon=True).start()


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
