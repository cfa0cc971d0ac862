"""Reproducible builds: the same content and the same SOURCE_DATE_EPOCH give the same bytes,
whoever builds it and where.

Two separate copies of the project (different folders, as two machines would have) are built
with the same site_url and build date, and their site/ trees must be identical file for file.
Since both builds run on the same day, a leaked clock would not show as a difference; so no file
may contain the clock's date either (the tests' builds are dated 2023-11-02, conftest.py). The
build's date is SOURCE_DATE_EPOCH's day in Beijing, else the clock's: one date, held by the Site,
for pages, files, feed and the sitemap; no module writes it into the environment.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import MINI_CONTENT, make_project, run_mkdocs


SITE_URL = "https://example.org/plans-site/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def build_copy(tmp: Path, content: Path | None = None, env: dict[str, str | None] | None = None,
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
    assert os.environ["SOURCE_DATE_EPOCH"] == "1698883200"  # conftest.py: every test build is dated 2023-11-02
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


def lastmods(site: Path) -> set[str | None]:
    return {e.text for e in ET.parse(site / "sitemap.xml").getroot().iter(f"{SITEMAP}lastmod")}


def test_the_sitemap_is_dated_by_the_build_date_in_beijing_or_the_clock(tmp_path):
    chosen = build_copy(tmp_path / "chosen", MINI_CONTENT, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert lastmods(chosen) == {"2023-11-15"}  # 2023-11-14T22:13:20Z is the 15th in Beijing (MkDocs says 14th)
    with gzip.open(chosen / "sitemap.xml.gz") as packed:
        assert packed.read() == (chosen / "sitemap.xml").read_bytes()
    clock = build_copy(tmp_path / "clock", MINI_CONTENT, env={"SOURCE_DATE_EPOCH": None})
    today = datetime.datetime.now(BEIJING).date()
    assert lastmods(clock) <= {today.isoformat(), (today + datetime.timedelta(days=1)).isoformat()}
    page = (clock / "deadlines" / "index.html").read_text(encoding="utf-8")
    assert f'data-build="{today.isoformat()}"' in page or f'data-build="{today + datetime.timedelta(days=1)}"' in page


@pytest.mark.parametrize("value", ["-1", "99999999999", "1e9", "２０２３", "abc", " -86400 "])
def test_a_source_date_epoch_out_of_range_stops_the_build_with_a_message(tmp_path, value):
    project = make_project(tmp_path, MINI_CONTENT)
    result = run_mkdocs(project, env={"SOURCE_DATE_EPOCH": value, "LANG": "zh_CN.UTF-8"}, check=False)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert "SOURCE_DATE_EPOCH" in result.stderr and "不是有效的构建时间" in result.stderr, result.stderr
    assert not (project / "site").exists()


def test_two_builds_in_one_process_each_have_their_own_date_and_leave_the_environment_alone(tmp_path, monkeypatch):
    """`mkdocs serve` rebuilds in the same process: each build takes the day it is made."""
    from generator import build

    root = Path(__file__).resolve().parent.parent
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1688169600")  # 2023-07-01T00:00:00Z
    first = build.generate_site(root, build.BuildOptions(), tmp_path / "one")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    second = build.generate_site(root, build.BuildOptions(), tmp_path / "two")
    assert "SOURCE_DATE_EPOCH" not in os.environ
    assert first.build_date == datetime.date(2023, 7, 1)
    assert second.build_date in {datetime.datetime.now(BEIJING).date() + datetime.timedelta(days=d) for d in (-1, 0)}
    assert 'data-build="2023-07-01"' in (tmp_path / "one" / "deadlines" / "index.md").read_text(encoding="utf-8")


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


def test_check_refuses_a_source_date_epoch_out_of_range_in_words(tmp_path):
    import subprocess
    import sys

    from helpers import build_environment

    for value in ("-1", "253402300800"):
        result = subprocess.run([sys.executable, "-m", "generator", "check", "--root", str(Path(__file__).resolve().parent.parent)],
                                env=build_environment(False, {"SOURCE_DATE_EPOCH": value, "LANG": "zh_CN.UTF-8"}),
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert f"SOURCE_DATE_EPOCH='{value}' 不是有效的构建时间" in result.stderr
