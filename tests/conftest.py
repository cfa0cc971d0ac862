"""Shared test fixtures: project copies, real builds (MkDocs, ProperDocs, Zensical), a loopback
server, Chromium.

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
               env: dict[str, str] | None = None, engine: str = "mkdocs") -> subprocess.CompletedProcess:
    """`mkdocs build` (or `properdocs build`, its fork) in `project`, as a user runs it; the finished process."""
    result = subprocess.run(
        [sys.executable, "-m", engine, "build", *args],
        cwd=project, env=build_environment(review, env), capture_output=True, text=True, timeout=900,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"{engine} build failed:\n{result.stdout}\n{result.stderr}")
    return result


def build_environment(review: bool, env: dict[str, str] | None = None) -> dict[str, str]:
    """The test run's environment, with the review switch as asked and Material's notice off."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    environment.pop("PLANS_REVIEW", None)
    if review:
        environment["PLANS_REVIEW"] = "1"
    return environment


def run_zensical(project: Path, out: Path, review: bool = False) -> Path:
    """Zensical as it builds our site: `python -m generator docs OUT`, then `zensical build` on OUT.

    Zensical runs no third-party plugin and exits 0 whatever it skipped, so its exit status proves
    little: the tests compare what it wrote.
    """
    environment = build_environment(False)
    for command, where in (([sys.executable, "-m", "generator", "docs", str(out), *(["--review"] * review)], project),
                           ([sys.executable, "-m", "zensical", "build", "--strict", "-f", "mkdocs.yml"], out)):
        result = subprocess.run(command, cwd=where, env=environment, capture_output=True, text=True, timeout=900)
        if result.returncode != 0:
            raise AssertionError(f"{' '.join(command[2:4])} failed:\n{result.stdout}\n{result.stderr}")
    return out / "site"


ENGINES = ("mkdocs", "properdocs", "zensical")


@functools.cache
def _built(content: str, review: bool, strict: bool, base: str, engine: str = "mkdocs") -> Path:
    name = f"{Path(content).parent.name}-{'review' if review else 'public'}" + (f"-{engine}" if engine != "mkdocs" else "")
    project = make_project(Path(base) / name, Path(content))
    if engine == "zensical":
        return run_zensical(project, project.parent / "out", review=review)
    # ProperDocs reads mkdocs.yml only as a fallback, with a notice to rename it, unless it is named
    run_mkdocs(project, *(["--strict"] if strict else []), *(["-f", "mkdocs.yml"] if engine == "properdocs" else []),
               review=review, engine=engine)
    return built_site(project, review)


def built_site(project: Path, review: bool = False) -> Path:
    """Where `mkdocs build` put the site: site/, or site-review/ for a review build (plugin option review_dir)."""
    return project / ("site-review" if review else "site")


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("builds")


@pytest.fixture(scope="session")
def built_with(build_dir):
    """`built_with(engine, review)`: the real content's site as `engine` builds it, once per session.

    mkdocs and properdocs build with our plugin; zensical builds the tree of `generator docs`.
    """
    def build(engine: str, review: bool = False) -> Path:
        return _built(str(ROOT / "content"), review, True, str(build_dir), engine)
    return build


@pytest.fixture(scope="session")
def public_site(built_with) -> Path:
    """The real content built as the public site, once per session."""
    return built_with("mkdocs")


@pytest.fixture(scope="session")
def review_site(built_with) -> Path:
    """The real content built as the review site (PLANS_REVIEW=1), once per session."""
    return built_with("mkdocs", review=True)


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


def serving(folder: Path):
    """For a fixture: `yield from serving(site)` serves it until the fixture ends."""
    server, base = serve(folder)
    yield base
    server.shutdown()


@pytest.fixture(scope="session")
def public_server(public_site):
    yield from serving(public_site)


@pytest.fixture(scope="session")
def review_server(review_site):
    yield from serving(review_site)


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
