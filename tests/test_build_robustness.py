"""A build that is stopped, misconfigured or short of disk says so and leaves nothing behind.

Tried as an operator would: PLANS_REVIEW set to a word the docs don't name; `mkdocs build`
killed halfway; the site's folder a mount point; the site's parent not a folder; the disk
full while the data files are written. Each gets a message (never a traceback), the previous
site stays as it was, and no process or temporary folder outlives the build.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from generator import build, site_swap
from helpers import MINI_CONTENT, ROOT, built_site, make_project, run_mkdocs


def _hashes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("value", ["off", "0", "no", "false", ""])
def test_plans_review_off_words_build_the_public_site(tmp_path, value):
    project = make_project(tmp_path, MINI_CONTENT)
    result = run_mkdocs(project, env={"PLANS_REVIEW": value})
    assert "Disclosure report (public build)" in result.stdout + result.stderr
    assert not (project / "site" / "plans" / "beta-2022").exists()
    assert not (project / "site-review").exists()


@pytest.mark.parametrize("value", ["n", "none", "disabled", "2", "review"])
def test_plans_review_with_an_undocumented_value_is_refused(tmp_path, value):
    project = make_project(tmp_path, MINI_CONTENT)
    result = run_mkdocs(project, env={"PLANS_REVIEW": value}, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"PLANS_REVIEW={value!r} is not understood" in output and "PLANS_REVIEW=1" in output
    assert "Traceback" not in output
    assert not (project / "site").exists() and not (project / "site-review").exists()


def test_the_review_build_goes_to_its_own_folder_and_leaves_the_public_site(tmp_path):
    project = make_project(tmp_path, MINI_CONTENT)
    run_mkdocs(project)
    public = _hashes(project / "site")
    run_mkdocs(project, review=True)
    assert _hashes(project / "site") == public
    assert (built_site(project, review=True) / "plans" / "beta-2022" / "index.html").is_file()


CORPUS_BUILD_EPOCH = "1735689600"  # bench.corpus.BUILD_EPOCH: a build date at which the corpus is valid


def _corpus_project(tmp_path: Path, plans: int) -> Path:
    sys.path.insert(0, str(ROOT))
    from bench import corpus

    project = make_project(tmp_path, MINI_CONTENT)
    corpus.write_corpus(corpus.read_seed(ROOT / "content"), plans, project / "content")
    assert corpus.BUILD_EPOCH == CORPUS_BUILD_EPOCH
    return project


def _temporary_folders(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def test_a_killed_build_takes_its_second_process_with_it_and_the_next_build_cleans_up(tmp_path):
    project = _corpus_project(tmp_path, 150)
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": CORPUS_BUILD_EPOCH}
    environment.pop("PLANS_REVIEW", None)
    parent = subprocess.Popen([sys.executable, "-m", "mkdocs", "build"], cwd=project, env=environment,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: list[psutil.Process] = []
    deadline = time.monotonic() + 240
    while not children and parent.poll() is None and time.monotonic() < deadline:
        children = psutil.Process(parent.pid).children()
        time.sleep(0.05)
    assert children, "the build never started its second process"
    assert _temporary_folders(project), "the build made no temporary folder"
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    gone, alive = psutil.wait_procs(children, timeout=30)
    assert alive == [], f"still running after the build was killed: {alive}"

    # the next build, of a small content (what it cleans up does not depend on the content's size)
    pages = project / "content" / "pages"
    shutil.move(pages, project / "pages")
    shutil.rmtree(project / "content")
    shutil.copytree(MINI_CONTENT, project / "content")
    shutil.move(project / "pages", pages)
    run_mkdocs(project, env={"SOURCE_DATE_EPOCH": CORPUS_BUILD_EPOCH})
    assert _temporary_folders(project) == []
    assert (project / "site" / "index.html").is_file()


def test_a_site_folder_that_cannot_be_renamed_is_filled_in_place(tmp_path, monkeypatch):
    """A site/ that is a mount point cannot be renamed (EBUSY): its contents are replaced instead."""
    final = tmp_path / "site"
    final.mkdir()
    (final / "old.html").write_text("old", encoding="utf-8")
    swap = site_swap.SiteSwap(final)
    (swap.building / "index.html").write_text("new", encoding="utf-8")
    (swap.building / "data").mkdir()
    (swap.building / "data" / "plans.json").write_text("[]", encoding="utf-8")
    real_rename = Path.rename

    def rename(self, target):
        if self == final:
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(self))
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    swap.finish()
    assert _hashes(final) == {"index.html": b"new", "data/plans.json": b"[]"}
    assert _temporary_folders(tmp_path) == []


def test_a_site_dir_that_cannot_be_made_gets_a_message(tmp_path):
    project = make_project(tmp_path, MINI_CONTENT)
    (project / "not-a-folder").write_text("a file", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "site_dir: not-a-folder/site\n", encoding="utf-8")
    result = run_mkdocs(project, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "cannot write in" in output and "not-a-folder" in output and "site_dir" in output
    assert "Traceback" not in output


def test_a_full_disk_while_writing_the_data_gets_a_message_and_keeps_the_site(tmp_path, monkeypatch, caplog):
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    project = make_project(tmp_path, MINI_CONTENT)
    run_mkdocs(project)
    before = _hashes(project / "site")
    real_write = build.write_file

    def write_file(target, data):
        if target.name == "tasks.csv":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        return real_write(target, data)

    monkeypatch.setattr(build, "write_file", write_file)
    monkeypatch.chdir(project)
    monkeypatch.delenv("PLANS_REVIEW", raising=False)
    with pytest.raises(Abort):
        mkdocs_build(load_config(str(project / "mkdocs.yml")))
    assert "tasks.csv" in caplog.text and "No space left on device" in caplog.text and "free disk space" in caplog.text
    assert _hashes(project / "site") == before
    assert _temporary_folders(project) == []
