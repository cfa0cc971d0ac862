"""Review mode (PLANS_REVIEW=1) shows every held plan, so it must never reach a public host.

It is allowed with `mkdocs build` (into review_dir) and `mkdocs serve` only: `gh-deploy` is
refused before anything is built; serve says on every page and in its log that it shows held
plans; a review_dir that overlaps site_dir, docs_dir or the project is refused when the
configuration is read; and a review build copied into docs_dir is refused by the next build.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from generator.site import REVIEW_MARKER
from helpers import MINI_CONTENT, build_environment, make_project, run_mkdocs

HELD = "beta-2022"  # the mini content's plan without （此件公开发布）
PUBLIC = "alpha-2023"
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def _git(where: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=where, env={**os.environ, **GIT_ENV}, check=True,
                          capture_output=True, text=True).stdout


def _project_with_remote(tmp_path: Path) -> tuple[Path, Path]:
    """A project copy in a git repository whose `origin` is a bare repository beside it."""
    project = make_project(tmp_path, MINI_CONTENT)
    remote = tmp_path / "remote.git"
    _git(tmp_path, "init", "--quiet", "--bare", str(remote))
    _git(project, "init", "--quiet")
    _git(project, "add", ".")
    _git(project, "commit", "--quiet", "-m", "content")
    _git(project, "remote", "add", "origin", str(remote))
    return project, remote


def _gh_deploy(project: Path, review: bool, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "gh-deploy", "--force"], cwd=project,
                          env=build_environment(review, {**GIT_ENV, **(env or {})}), capture_output=True, text=True,
                          timeout=600)


def test_gh_deploy_in_review_mode_is_refused_before_anything_is_built(tmp_path):
    project, remote = _project_with_remote(tmp_path)
    refused = _gh_deploy(project, review=True)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "review" in output and "gh-deploy" in output and "PLANS_REVIEW" in output, output
    assert "Traceback" not in output
    assert not (project / "site").exists() and not (project / "site-review").exists()
    assert "gh-pages" not in _git(remote, "branch", "--list")
    # the same project deploys the public site: the refusal is review mode's, not the setup's
    deployed = _gh_deploy(project, review=False)
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    pages = _git(remote, "ls-tree", "-r", "--name-only", "gh-pages")
    assert f"plans/{PUBLIC}/index.html" in pages and f"plans/{HELD}/" not in pages


def test_the_refusal_is_in_chinese_by_default(tmp_path):
    project = make_project(tmp_path, MINI_CONTENT)
    chinese = {"LANG": "zh_CN.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}
    refused = _gh_deploy(project, review=True, env=chinese)
    assert refused.returncode != 0
    assert "审阅" in refused.stderr and "mkdocs gh-deploy" in refused.stderr, refused.stderr
    assert not (project / "site").exists()


def test_the_plugin_refuses_review_mode_for_a_command_it_does_not_know():
    from mkdocs.exceptions import PluginError

    from generator.plugin import PlansPlugin

    plugin = PlansPlugin()
    plugin.load_config({"review": True})
    for command in ("build", "serve"):
        plugin.on_startup(command=command, dirty=False)
    for command in ("gh-deploy", "deploy", ""):
        with pytest.raises(PluginError, match="review"):
            plugin.on_startup(command=command, dirty=False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def test_serve_in_review_mode_says_on_every_page_and_in_its_log_that_it_shows_held_plans(tmp_path, page):
    project = make_project(tmp_path, MINI_CONTENT)
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a",
                                   f"127.0.0.1:{port}"], cwd=project, env=build_environment(True),
                                  stdout=output, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}/"
        for _ in range(600):
            if "Serving on" in log.read_text() or server.poll() is not None:
                break
            time.sleep(0.2)
        assert server.poll() is None, log.read_text()
        for path in ("", "plans/", f"plans/{PUBLIC}/", f"plans/{HELD}/", f"plans/{HELD}/source/", "about/"):
            html = _get(base + path)
            assert 'class="plans-review-notice"' in html and "包含未公开发布的文件" in html, path
        page.goto(f"{base}plans/{HELD}/")
        notice = page.locator(".plans-review-notice")
        assert notice.is_visible() and "包含未公开发布的文件" in notice.inner_text()
        text = log.read_text()
        assert "review mode" in text and "held" in text, text
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert not (project / "site").exists() and not (project / "site-review").exists()


def _set_review_dir(project: Path, review_dir: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - plans\n" in text
    config.write_text(text.replace("  - plans\n", f"  - plans:\n      review_dir: '{review_dir}'\n"), encoding="utf-8")


@pytest.mark.parametrize("review_dir, review", [
    ("site", False), ("site", True), ("site/review", True), (".", True), ("..", True),
    ("content/pages/review", True), ("content", True), ("theme", True),
])
def test_a_review_dir_overlapping_the_site_the_pages_or_the_project_is_refused(tmp_path, review_dir, review):
    project = make_project(tmp_path, MINI_CONTENT)
    _set_review_dir(project, review_dir)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = run_mkdocs(project, review=review, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "review_dir" in output and "Traceback" not in output, output
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before  # nothing written, nothing gone


def test_a_review_dir_of_its_own_is_accepted(tmp_path):
    project = make_project(tmp_path, MINI_CONTENT)
    _set_review_dir(project, "../office-review")
    run_mkdocs(project, review=True)
    assert (tmp_path / "office-review" / "plans" / HELD / "index.html").is_file()
    assert (tmp_path / "office-review" / REVIEW_MARKER).is_file()


def test_a_review_build_copied_into_the_pages_is_refused_by_the_public_build(tmp_path):
    project = make_project(tmp_path, MINI_CONTENT)
    run_mkdocs(project, review=True)
    review = project / "site-review"
    assert (review / REVIEW_MARKER).is_file() and (review / "plans" / HELD / "index.html").is_file()
    run_mkdocs(project)
    public = sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*"))
    assert not (project / "site" / REVIEW_MARKER).exists()
    os.rename(review, project / "content" / "pages" / "review")
    result = run_mkdocs(project, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "content/pages/review" in output and REVIEW_MARKER in output and "Traceback" not in output, output
    assert sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*")) == public
    assert not list((project / "site").rglob(f"*{HELD}*"))
    docs = subprocess.run([sys.executable, "-m", "generator", "docs", str(tmp_path / "out")], cwd=project,
                          env=build_environment(False), capture_output=True, text=True, timeout=300)
    assert docs.returncode == 1 and REVIEW_MARKER in docs.stderr and "Traceback" not in docs.stderr, docs.stderr
    assert not (tmp_path / "out").exists()


def test_the_docs_say_where_the_review_build_goes_and_what_review_mode_may_do():
    from generator.plugin_config import PlansConfig
    from helpers import ROOT

    default = PlansConfig.review_dir.default
    publishing = (ROOT / "docs" / "publishing.md").read_text(encoding="utf-8")
    review = publishing[publishing.index("## The review site for the office"):]
    review = review[:review.index("\n## ", 5)]
    assert f"into `{default}/`" in review and "into `site/`;" not in review
    for text in (review, (ROOT / "docs" / "disclosure.md").read_text(encoding="utf-8")):
        assert "mkdocs gh-deploy" in text and "mkdocs serve" in text and REVIEW_MARKER in text
        assert "review_dir" in text and "site_dir" in text and "docs_dir" in text
