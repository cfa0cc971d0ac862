"""The MkDocs plugin: a thin wire from MkDocs's build events to `build.generate`.

`on_config` loads and gates the content (a content error stops the build with its file and
line) and generates the tree: pages stay in memory and `on_files` adds them with
`File.generated`; every other file (data, search index, sources) is written at once to a
folder beside the site, which MkDocs copies like any static file, so the build never holds
them all. The build goes to a temporary folder that replaces site/ only when it finished, so
a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import CountHandler

from . import build, exports, gate
from .loading import ContentErrors

log = logging.getLogger("mkdocs.plugins.plans")


class PlansPlugin(BasePlugin):
    """Reads content/ and theme/ beside mkdocs.yml; takes no options."""

    def __init__(self) -> None:
        self.pages: build.Tree = {}  # the generated pages, until on_files hands them to MkDocs
        self.page_paths: set[str] = set()
        self.files_dir: Path | None = None  # the generated files that are not pages
        self.command = "build"
        self.final_site_dir: Path | None = None
        self.building_dir: str | None = None
        self.warnings: CountHandler | None = None  # counts warnings when --strict will abort on them
        self.passthrough: dict[str, str] = {}  # src_uri → the HTML of a generated page, set aside

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).resolve().parent
        content = root / "content"
        options = build.BuildOptions.from_env(config.site_url or "", config.site_name)
        site_parent = Path(config.site_dir).resolve().parent
        site_parent.mkdir(parents=True, exist_ok=True)
        self._discard_files()
        self.files_dir = Path(tempfile.mkdtemp(prefix=".plans-files-", dir=site_parent))
        try:
            with build.collector_paused():
                site = build.load_site(root, options)
                # `mkdocs serve` runs a server thread: fork only in a plain build
                self.pages = build.generate(site, files_to=self.files_dir, processes=2 if self.command == "build" else 1)
        except BaseException as exc:
            self._discard_files()
            if isinstance(exc, ContentErrors):
                count = len(exc.errors)
                raise PluginError(f"{count} problem{'s' * (count != 1)} in {content}:\n{exc}") from None
            if isinstance(exc, gate.GateError):
                raise PluginError(str(exc)) from None
            raise
        log.info(gate.report_text(site.selection))
        exports.set_source_date_epoch(site.content)  # reproducible: MkDocs dates sitemap.xml by it
        del site
        gc.collect()  # the model links plans and tasks both ways: free it before MkDocs holds every page
        config.extra["plans_review"] = options.review
        if str(content) not in map(str, config.watch):
            config.watch.append(str(content))
        if self.command == "build":
            self._build_in_temporary_folder(config)
        return config

    def _build_in_temporary_folder(self, config: MkDocsConfig) -> None:
        if config.strict:
            self.warnings = CountHandler()
            self.warnings.setLevel(logging.WARNING)
            logging.getLogger("mkdocs").addHandler(self.warnings)
        final = Path(config.site_dir).resolve()
        final.parent.mkdir(parents=True, exist_ok=True)
        self.final_site_dir = final
        config.site_dir = self.building_dir = tempfile.mkdtemp(prefix=f".{final.name}-building-", dir=final.parent)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Our pages and files, each replacing a file of the same path in docs_dir."""
        generated = [File.generated(config, path, content=data) for path, data in self.pages.items()]
        if self.files_dir is not None:
            generated += [File(path, str(self.files_dir), config.site_dir, config.use_directory_urls)
                          for path in _files_under(self.files_dir)]
        for file in generated:
            existing = files.get_file_from_path(file.src_uri)
            if existing is not None:
                files.remove(existing)
            files.append(file)
        self.page_paths, self.pages = set(self.pages), {}
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
        if self.final_site_dir is None or self._strict_will_abort():
            return
        built, final = Path(config.site_dir), self.final_site_dir
        old = final.with_name(f".{final.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            final.rename(old)
        built.rename(final)
        shutil.rmtree(old, ignore_errors=True)
        config.site_dir = str(final)
        self.final_site_dir = None

    def _strict_will_abort(self) -> bool:
        """MkDocs raises its strict-mode abort only after on_post_build, so count warnings here."""
        if self.warnings is None:
            return False
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        counts, self.warnings = self.warnings.get_counts(), None
        return bool(counts)

    def _discard_files(self) -> None:
        if self.files_dir is not None:
            shutil.rmtree(self.files_dir, ignore_errors=True)
            self.files_dir = None

    def on_shutdown(self) -> None:
        self._discard_files()

    def on_build_error(self, *, error: Exception) -> None:
        self._discard_files()
        if self.warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            self.warnings = None
        if self.final_site_dir is not None and self.building_dir:
            shutil.rmtree(self.building_dir, ignore_errors=True)
            log.error("build failed: %s is left as it was", self.final_site_dir)
            self.final_site_dir = None


def _files_under(folder: Path) -> list[str]:
    """Every file below `folder`, as sorted site-relative posix paths."""
    found = []
    for parent, _, names in os.walk(folder):
        relative = Path(parent).relative_to(folder)
        found += [(relative / name).as_posix() for name in names]
    return sorted(found)
