"""Shared test fixtures: project copies, real MkDocs builds, a loopback server, Chromium.

Browser tests use Debian's Chromium through Playwright. Where Chromium is missing they skip
on a developer's machine and fail under CI (CI=true), so CI can never pass without them.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

# The tests read messages in English, the language of the code (tests/test_i18n.py checks the
# Chinese ones): every process a test starts inherits this.
for _variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_variable, None)
os.environ["LANG"] = "en_US.UTF-8"

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI_CONTENT = FIXTURES / "mini" / "content"
OUTPUT = ROOT / "test-output"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def make_project(tmp_path: Path, content: Path | None = None) -> Path:
    """A copy of the project (mkdocs.yml, theme/, content/) to build or break in a test."""
    project = tmp_path / "project"
    project.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", project / "theme")
    shutil.copytree(content or ROOT / "content", project / "content")
    if not (project / "content" / "pages").exists():
        shutil.copytree(ROOT / "content" / "pages", project / "content" / "pages")
    return project


def run_mkdocs(project: Path, *args: str, review: bool = False, check: bool = True,
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build` in `project`, as a user runs it; returns the finished process."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    environment.pop("PLANS_REVIEW", None)
    if review:
        environment["PLANS_REVIEW"] = "1"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args],
        cwd=project, env=environment, capture_output=True, text=True, timeout=900,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return result


@functools.cache
def _built(content: str, review: bool, strict: bool, base: str) -> Path:
    project = make_project(Path(base) / f"{Path(content).parent.name}-{'review' if review else 'public'}",
                           Path(content))
    run_mkdocs(project, *(["--strict"] if strict else []), review=review)
    return built_site(project, review)


def built_site(project: Path, review: bool = False) -> Path:
    """Where `mkdocs build` put the site: site/, or site-review/ for a review build."""
    return project / ("site-review" if review else "site")


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("builds")


@pytest.fixture(scope="session")
def public_site(build_dir) -> Path:
    """The real content built as the public site, once per session."""
    return _built(str(ROOT / "content"), False, True, str(build_dir))


@pytest.fixture(scope="session")
def review_site(build_dir) -> Path:
    """The real content built as the review site (PLANS_REVIEW=1), once per session."""
    return _built(str(ROOT / "content"), True, True, str(build_dir))


@pytest.fixture(scope="session")
def mini_site(build_dir) -> Path:
    return _built(str(MINI_CONTENT), False, True, str(build_dir))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(folder: Path, prefix: str = "") -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `folder` on 127.0.0.1 (optionally under `prefix`, as GitHub Pages serves a project)."""
    root = folder
    if prefix:
        root = folder.parent / f"{folder.name}-served"
        shutil.rmtree(root, ignore_errors=True)
        (root / prefix).parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(folder, root / prefix)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/" + (f"{prefix.strip('/')}/" if prefix else "")
    return server, base


def _serving(folder: Path):
    server, base = serve(folder)
    yield base
    server.shutdown()


@pytest.fixture(scope="session")
def public_server(public_site):
    yield from _serving(public_site)


@pytest.fixture(scope="session")
def review_server(review_site):
    yield from _serving(review_site)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; a missing browser fails under CI."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required under CI but {CHROMIUM} is missing (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    """Save a screenshot under test-output/ for a person to look at."""
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
