"""Reproducible builds: the same content gives the same bytes, whoever builds it and when.

Two separate copies of the project (different folders, as two machines would have) are built
with the same site_url, and their site/ trees must be identical file for file. Since both
builds run on the same day, a leaked build date would not show as a difference; so no file may
contain today's date either. The build date MkDocs writes into the sitemap comes from
SOURCE_DATE_EPOCH: the newest shown plan's date unless the builder sets it (CI: commit time).
"""

from __future__ import annotations

import datetime
import hashlib
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import MINI_CONTENT, make_project, run_mkdocs


SITE_URL = "https://example.org/plans-site/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def build_copy(tmp: Path, content: Path | None = None, env: dict[str, str] | None = None,
               separate: bool = False) -> Path:
    """A fresh copy of the project, built as CI builds it (site_url set, --strict); `separate`:
    by `python -m mkdocs` in a process of its own, else by MkDocs in the test's process."""
    project = make_project(tmp, content)
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(f"\nsite_url: {SITE_URL}\n")
    run_mkdocs(project, "--strict", env=env, separate=separate)
    return project / "site"


def digests(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    if "SOURCE_DATE_EPOCH" in os.environ:
        pytest.fail("unset SOURCE_DATE_EPOCH: this test checks the date the build chooses itself")
    # one build in a process of its own, one in the test's: neither the process nor what an
    # earlier build left in it may change a byte
    return (build_copy(tmp_path_factory.mktemp("first"), separate=True), build_copy(tmp_path_factory.mktemp("second")))


def test_two_builds_of_the_same_content_are_byte_identical(two_builds):
    first, second = map(digests, two_builds)
    assert len(first) > 50
    only = sorted(set(first) ^ set(second))
    differ = sorted(path for path in set(first) & set(second) if first[path] != second[path])
    assert not only and not differ, f"files in one build only: {only}\nfiles that differ: {differ}"


def test_no_built_file_carries_the_date_of_the_build(two_builds):
    today = datetime.datetime.now(datetime.timezone.utc).date()
    stamps = {today.isoformat().encode(), today.strftime("%Y%m%d").encode(), today.strftime("%Y年%-m月%-d日").encode()}
    carrying = [p.relative_to(two_builds[0]).as_posix() for p in sorted(two_builds[0].rglob("*")) if p.is_file()
                and any(stamp in p.read_bytes() for stamp in stamps)]
    assert not carrying, f"files holding today's date: {carrying}"


def test_sitemap_is_dated_by_the_newest_plan_unless_the_builder_sets_source_date_epoch(tmp_path):
    if "SOURCE_DATE_EPOCH" in os.environ:
        pytest.fail("unset SOURCE_DATE_EPOCH: this test checks the date the build chooses itself")
    site = build_copy(tmp_path / "own", MINI_CONTENT)
    dates = {e.text for e in ET.parse(site / "sitemap.xml").getroot().iter(f"{SITEMAP}lastmod")}
    assert dates == {"2023-03-01"}  # alpha-2023, the newest plan the public mini site shows
    chosen = build_copy(tmp_path / "chosen", MINI_CONTENT, env={"SOURCE_DATE_EPOCH": "1700000000"})
    dates = {e.text for e in ET.parse(chosen / "sitemap.xml").getroot().iter(f"{SITEMAP}lastmod")}
    assert dates == {"2023-11-14"}


def test_a_second_process_changes_nothing_in_the_output(tmp_path):
    """`generate` with the file builders forked off gives the pages and files of the plain run."""
    from generator import build

    root = Path(__file__).resolve().parent.parent
    site = build.load_site(root, build.BuildOptions(review=True))
    one = build.generate(site, files_to=tmp_path / "one", processes=1)
    two = build.generate(site, files_to=tmp_path / "two", processes=2)
    assert one == two and "search/index.md" in two and "data/index.md" in two
    assert digests(tmp_path / "one") == digests(tmp_path / "two")
    assert any(name.startswith("search/index/p/") for name in digests(tmp_path / "two"))
    in_memory = build.generate(site)  # no folder: every file in the returned tree, as `generator docs` had it
    assert {path: data for path, data in in_memory.items() if build.is_page(path)} == one
    assert {path for path in in_memory if not build.is_page(path)} == set(digests(tmp_path / "one"))


def test_a_failure_in_the_second_process_stops_the_build_with_its_cause(tmp_path, monkeypatch):
    from generator import build

    def broken(site):
        raise ValueError("an index builder bug")

    root = Path(__file__).resolve().parent.parent
    site = build.load_site(root, build.BuildOptions(review=True))
    monkeypatch.setattr(build, "file_builders", lambda: [broken])
    with pytest.raises(RuntimeError, match="the second build process failed:(.|\n)*an index builder bug"):
        build.generate(site, files_to=tmp_path / "out", processes=2)
