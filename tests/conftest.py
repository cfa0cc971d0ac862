"""Shared test fixtures: real builds (MkDocs, ProperDocs, Zensical) once per session (shared by
the xdist workers), their servers, the content model, Chromium. What they are made with is in helpers.py.

Browser tests use Debian's Chromium through Playwright. Where Chromium is missing they skip
on a developer's machine and fail under CI (CI=true), so CI can never pass without them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The tests read messages in English, the language of the code (tests/test_i18n.py checks the
# Chinese ones): every process a test starts inherits this. Set before the generator is imported.
for _variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_variable, None)
os.environ["LANG"] = "en_US.UTF-8"
# Every build a test makes is dated 2023-11-02 (Beijing), the day the newest real plan was signed,
# unless the test sets its own SOURCE_DATE_EPOCH: what a page says is overdue or historical must
# not depend on the day the suite runs (tests/test_reproducible.py checks the clock's day too).
TEST_BUILD_EPOCH = "1698883200"  # 2023-11-02T00:00:00Z
os.environ["SOURCE_DATE_EPOCH"] = TEST_BUILD_EPOCH

import helpers  # noqa: E402
from generator.build import BuildOptions, load_site  # noqa: E402
from helpers import CHROMIUM, CHROMIUM_ARGS, MINI_CONTENT, ROOT, built_once, serving  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def shared_builds(tmp_path_factory, worker_id):
    """Session builds made once for all test processes: pytest-xdist's workers share the parent
    of their temporary folders, which is this session's own (see helpers.built_once)."""
    if worker_id != "master":
        helpers.SHARED_BUILDS = tmp_path_factory.getbasetemp().parent / "shared-builds"
    yield helpers.SHARED_BUILDS


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("builds")


@pytest.fixture(scope="session")
def built_with(build_dir):
    """`built_with(engine, review)`: the real content's site as `engine` builds it, once per session.

    mkdocs and properdocs build with our plugin; zensical builds the tree of `generator docs`.
    """
    def build(engine: str, review: bool = False) -> Path:
        return built_once(str(ROOT / "content"), review, True, str(build_dir), engine)
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
    return built_once(str(MINI_CONTENT), False, True, str(build_dir))


@pytest.fixture(scope="session")
def review_content():
    """The real content's model as the review build shows it (every plan)."""
    return load_site(ROOT, BuildOptions(review=True)).content


@pytest.fixture(scope="session")
def public_content():
    """The real content's model as the public build shows it."""
    return load_site(ROOT, BuildOptions(review=False)).content


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


