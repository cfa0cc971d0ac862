"""The MkDocs plugin: MkDocs's build events wired to `build.generate_site`, and nothing else.

`on_config` generates the tree into a folder beside the site, every file as soon as it is made
(pages, data, search index, sources); `on_files` hands them to MkDocs, which reads the pages
and copies the rest like any static file. A build writes to a
temporary folder that replaces the site only when it finished (`site_swap`). A review build
goes to its own folder (`review_dir`, default `site-review/`), never to `site_dir`.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import CountHandler

from . import build
from .plugin_config import PlansConfig
from .site_swap import SiteSwap, SiteSwapError, temporary_folder

log = logging.getLogger("mkdocs.plugins.plans")
FILES_LABEL = "plans-files"  # the folder beside the site holding the generated files that are not pages


class PlansPlugin(BasePlugin[PlansConfig]):
    """Reads content/ and theme/ beside mkdocs.yml; options in `plugin_config.PlansConfig`."""

    def __init__(self) -> None:
        self.command = "build"
        self.page_paths: set[str] = set()  # the generated pages (src_uri)
        self.passthrough: dict[str, str] = {}  # src_uri → the HTML of a generated page, set aside
        self.files_dir: Path | None = None
        self.swap: SiteSwap | None = None
        self.warnings: CountHandler | None = None  # counts warnings when --strict will abort on them

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).resolve().parent
        if self.config.review and self.command == "build":  # `mkdocs serve` serves its own folder
            config.site_dir = str((root / self.config.review_dir).resolve())
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
        log.info(generated.disclosure_report)
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

    def on_build_error(self, *, error: Exception) -> None:
        self._discard_files()
        if self.warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            self.warnings = None
        if self.swap is not None:
            self.swap.abandon()
            log.error("build failed: %s is left as it was", self.swap.final)
            self.swap = None

    def _discard_files(self) -> None:
        if self.files_dir is not None:
            shutil.rmtree(self.files_dir, ignore_errors=True)
            self.files_dir = None


def _files_under(folder: Path) -> list[str]:
    """Every file below `folder`, as sorted site-relative posix paths."""
    found = []
    for parent, _, names in os.walk(folder):
        relative = Path(parent).relative_to(folder)
        found += [(relative / name).as_posix() for name in names]
    return sorted(found)
