"""The MkDocs plugin: MkDocs's build events wired to `build.generate_site`, and nothing else.

`on_config` generates the tree into a folder beside the site, every file as soon as it is made
(pages, data, search index, sources); `on_files` hands them to MkDocs, which reads the pages
and copies the rest like any static file. A build writes to a
temporary folder that replaces the site only when it finished (`site_swap`). A review build
goes to its own folder (`review_dir`, default `site-review/`), never to `site_dir`.

Review mode holds every plan, so it is allowed only where nothing is deployed: `mkdocs build`
(into `review_dir`) and `mkdocs serve` (which says on every page and in its log that it shows
held documents). Every other command (`gh-deploy` above all) is refused before anything is
built, and a `review_dir` that overlaps `site_dir`, `docs_dir` or the project is refused when
the configuration is read. A review build carries `site.REVIEW_MARKER`; a build that finds that
file in `docs_dir` (a review site copied among the hand-written pages) refuses to go on.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler
from mkdocs.utils.templates import TemplateContext

from . import build
from .i18n import _
from .plugin_config import PlansConfig, review_dir_problem
from .site import review_build_problem
from .site_swap import SiteSwap, SiteSwapError, temporary_folder

log = logging.getLogger("mkdocs.plugins.plans")
FILES_LABEL = "plans-files"  # the folder beside the site holding the generated files that are not pages
REVIEW_COMMANDS = ("build", "serve")  # the commands that may show held plans: neither deploys


class PlansPlugin(BasePlugin[PlansConfig]):
    """Reads content/ and theme/ beside mkdocs.yml; options in `plugin_config.PlansConfig`."""

    def __init__(self) -> None:
        self.command: str | None = None  # None: MkDocs was run without its on_startup event
        self.page_paths: set[str] = set()  # the generated pages (src_uri)
        self.passthrough: dict[str, str] = {}  # src_uri → the HTML of a generated page, set aside
        self.files_dir: Path | None = None
        self.swap: SiteSwap | None = None
        self.warnings: CountHandler | None = None  # counts warnings when --strict will abort on them
        self.build_date = ""  # this build's date (Site.build_date), ISO: the sitemap's lastmod

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self._refuse_review_outside_build_and_serve()

    def _refuse_review_outside_build_and_serve(self) -> None:
        """`PLANS_REVIEW=1 mkdocs gh-deploy` would push every held plan: refuse before building."""
        if self.config.review and self.command not in REVIEW_COMMANDS:
            raise PluginError(_("the review build (PLANS_REVIEW=1 or review: true) shows held plans and is allowed "
                                "only with `mkdocs build` (into review_dir) and `mkdocs serve`, not with `mkdocs "
                                "{command}`: unset PLANS_REVIEW (or set review: false) and run it again")
                              .format(command=self.command or "?"))

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).resolve().parent
        self._refuse_review_outside_build_and_serve()
        problem = (review_dir_problem(root, self.config.review_dir, Path(config.site_dir), Path(config.docs_dir))
                   or review_build_problem(Path(config.docs_dir)))
        if problem:
            raise PluginError(problem)
        if self.config.review and self.command == "build":  # `mkdocs serve` serves its own folder
            config.site_dir = str((root / self.config.review_dir).resolve())
        if self.config.review and self.command == "serve":
            log.warning(_("审阅版 review mode: this server shows every held (unpublished) plan; every page says so. "
                          "Do not share its address"))
        options = build.BuildOptions(review=self.config.review, site_url=config.site_url or "",
                                     site_name=config.site_name)
        site_parent = Path(config.site_dir).resolve().parent
        self._discard_files()
        try:
            self.files_dir = temporary_folder(site_parent, FILES_LABEL)
            # `mkdocs serve` runs a server thread: fork only in a plain build
            generated = build.generate_site(root, options, self.files_dir, 2 if self.command == "build" else 1)
            if self.command == "build":
                self._build_in_temporary_folder(config)
        except (build.BuildFailure, SiteSwapError) as exc:
            self._discard_files()
            raise PluginError(str(exc)) from None
        self.page_paths = set(generated.pages)
        self.build_date = generated.build_date.isoformat()
        log.info(generated.disclosure_report)
        if not config.site_url and not options.review:
            # A warning, except under --strict, where it would stop a preview or test build for a
            # setting only publishing needs: there it is said at INFO, still printed (README).
            log.log(logging.INFO if config.strict else logging.WARNING, _(
                "mkdocs.yml sets no site_url: the sitemap lists no page and the feed's links are relative. "
                "Set site_url to the address the site is served at (README, Quick start)."))
        config.extra["plans_review"] = options.review
        content = str(root / "content")
        if content not in map(str, config.watch):
            config.watch.append(content)
        return config

    def _build_in_temporary_folder(self, config: MkDocsConfig) -> None:
        if config.strict:
            self.warnings = CountHandler()
            self.warnings.setLevel(logging.WARNING)
            logging.getLogger("mkdocs").addHandler(self.warnings)
        self.swap = SiteSwap(Path(config.site_dir).resolve())
        config.site_dir = str(self.swap.building)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Our pages and files, each replacing a file of the same path in docs_dir."""
        if self.files_dir is None:
            return files
        for path in _files_under(self.files_dir):
            file = File(path, str(self.files_dir), config.site_dir, config.use_directory_urls)
            existing = files.get_file_from_path(file.src_uri)
            if existing is not None:
                files.remove(existing)
            files.append(file)
        return files

    def on_pre_page(self, page, *, config: MkDocsConfig, files: Files):
        """Date every page by the build's date: MkDocs would take its own from SOURCE_DATE_EPOCH
        or the clock (in UTC), and the sitemap would disagree with the pages."""
        if self.build_date:
            page.update_date = self.build_date
        return page

    @event_priority(-100)  # after every other plugin has changed the Markdown
    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        """Give Markdown nothing to parse on our pages; on_page_content puts their HTML back.

        A generated page is one HTML block that Markdown passes through unchanged (tests/test_bench.py
        checks every page), yet parsing that HTML took half the build at a thousand plans.
        """
        if page.file.src_uri in self.page_paths and build.is_html_block(markdown):
            self.passthrough[page.file.src_uri] = markdown.strip()
            return ""
        return markdown

    @event_priority(100)  # before any other plugin reads the page's HTML
    def on_page_content(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        return self.passthrough.pop(page.file.src_uri, html)

    @event_priority(-100)  # after every other plugin has read the page's metadata
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        """Hand the theme each page's metadata (title, description …) escaped: Material's Jinja does not
        autoescape, and a plan's title or 文号 is document text. Escaped values are Markup, so a
        template's own `| e` (theme/overrides) leaves them as they are."""
        page.meta = {key: Markup(escape(value)) if isinstance(value, str) else value
                     for key, value in page.meta.items()}
        return context

    @event_priority(-100)  # after every other plugin's post-build step, which may still write or warn
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Swap the finished build in, unless --strict is about to abort it for warnings."""
        self._discard_files()  # MkDocs copied them before it built the pages
        if self.swap is None or self._strict_will_abort():
            return
        swap, self.swap = self.swap, None
        try:
            swap.finish()
        except SiteSwapError as exc:
            swap.abandon()
            raise PluginError(str(exc)) from None
        config.site_dir = str(swap.final)

    def _strict_will_abort(self) -> bool:
        """MkDocs raises its strict-mode abort only after on_post_build, so count warnings here."""
        if self.warnings is None:
            return False
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        counts, self.warnings = self.warnings.get_counts(), None
        return bool(counts)

    def on_shutdown(self) -> None:
        self._discard_files()

    @event_priority(-100)  # last: it may end the build with a message instead of MkDocs's traceback
    def on_build_error(self, *, error: Exception) -> None:
        self._discard_files()
        if self.warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            self.warnings = None
        if self.swap is not None:
            self.swap.abandon()
            log.error("build failed: %s is left as it was", self.swap.final)
            self.swap = None
        if isinstance(error, OSError):  # MkDocs writing a page or copying a file: a full disk, a read-only folder
            raise Abort(_("the build stopped: cannot write {path} ({reason}); the published site is left as it "
                          "was. Free disk space or make the folder writable, then build again").format(
                path=error.filename or "?", reason=error.strerror or error)) from None

    def _discard_files(self) -> None:
        if self.files_dir is not None:
            shutil.rmtree(self.files_dir, ignore_errors=True)
            self.files_dir = None


def _files_under(folder: Path) -> list[str]:
    """Every file below `folder`, as sorted site-relative posix paths."""
    found = []
    for parent, _folders, names in os.walk(folder):
        relative = Path(parent).relative_to(folder)
        found += [(relative / name).as_posix() for name in names]
    return sorted(found)
