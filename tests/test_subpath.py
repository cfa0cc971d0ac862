"""The site published under a sub-path, as GitHub Pages serves a project site.

The real content is built with `site_url` = http://127.0.0.1:PORT/plans-site/ (the way CI sets
the Pages URL) and served on loopback under /plans-site/ only. Every internal link and asset
(href/src/action in every HTML file, url() in every stylesheet, the feed's and the sitemap's
URLs) must resolve under that path and be fetched with status 200; links to an anchor must
find it on the target page. A browser then opens a few pages and nothing it loads may fail.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import gate
from generator.loading import read_content
from helpers import ROOT, make_project, run_mkdocs


PREFIX = "plans-site"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
LINK_ATTRIBUTES = {"href", "src", "action", "poster", "data"}
NOT_FETCHED = ("mailto:", "tel:", "javascript:", "data:", "blob:", "about:")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class SubPathSite:
    """A built site served at `base` (…/plans-site/); fetched pages are cached."""

    def __init__(self, folder: Path, base: str):
        self.folder, self.base = folder, base
        self.cache: dict[str, tuple[int, bytes]] = {}
        self.anchors: dict[str, set[str]] = {}

    def fetch(self, url: str) -> tuple[int, bytes]:
        url = url.partition("#")[0]
        if url not in self.cache:
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    self.cache[url] = (response.status, response.read())
            except urllib.error.HTTPError as error:
                self.cache[url] = (error.code, b"")
        return self.cache[url]

    def ids(self, url: str) -> set[str]:
        """The ids and names on the page at `url` (parsed once: many links point into a page)."""
        url = url.partition("#")[0]
        if url not in self.anchors:
            self.anchors[url] = parse(self.fetch(url)[1]).ids
        return self.anchors[url]

    def url_of(self, path: Path) -> str:
        """The URL a built file is served at (x/index.html → base + x/)."""
        rel = path.relative_to(self.folder).as_posix()
        return self.base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory) -> SubPathSite:
    """Serve first (to learn the port), then build with site_url on that port, then publish."""
    served = tmp_path_factory.mktemp("served")
    handler = functools.partial(_Quiet, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/{PREFIX}/"
    project = make_project(tmp_path_factory.mktemp("subpath"))
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(f"\nsite_url: {base}\n")  # as the publishing workflow does
    run_mkdocs(project, "--strict")
    shutil.copytree(project / "site", served / PREFIX)
    yield SubPathSite(served / PREFIX, base)
    server.shutdown()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            if name in LINK_ATTRIBUTES and value is not None and not (tag == "meta"):
                self.links.append(value)
            if name == "srcset" and value:
                self.links.extend(part.split()[0] for part in value.split(",") if part.strip())


def parse(html: bytes) -> _Links:
    parser = _Links()
    parser.feed(html.decode("utf-8"))
    return parser


def internal(site: SubPathSite, source: str, link: str) -> str | None:
    """The absolute URL of an internal link, or None for one that leaves the site by design."""
    if not link or link.startswith(NOT_FETCHED):
        return None
    url = urllib.parse.urljoin(source, link)
    if urllib.parse.urlsplit(url).netloc != urllib.parse.urlsplit(site.base).netloc:
        return None  # another host (Material's footer credit): not ours to check offline
    return url


def broken_links(site: SubPathSite, source: str, links: list[str]) -> list[str]:
    problems = []
    for link in links:
        url = internal(site, source, link)
        if url is None:
            continue
        if not url.startswith(site.base):
            problems.append(f"{source}: {link} leaves {site.base} ({url})")
            continue
        status, _ = site.fetch(url)
        if status != 200:
            problems.append(f"{source}: {link} → {url} gives {status}")
            continue
        fragment = urllib.parse.unquote(urllib.parse.urlsplit(url).fragment)
        if fragment and url.partition("#")[0].endswith("/") and fragment not in site.ids(url):
            problems.append(f"{source}: {link} → no element #{fragment} on {url.partition('#')[0]}")
    return problems


def test_every_link_and_asset_in_every_page_resolves_under_the_sub_path(subpath_site):
    problems, pages = [], sorted(subpath_site.folder.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        page_url = subpath_site.url_of(path)
        links = parse(path.read_bytes()).links
        problems += broken_links(subpath_site, page_url, sorted(set(links)))
    assert not problems, f"{len(problems)} broken links:\n" + "\n".join(problems[:40])


def test_every_url_in_every_stylesheet_resolves_under_the_sub_path(subpath_site):
    problems = []
    for path in sorted(subpath_site.folder.rglob("*.css")):
        css = path.read_text(encoding="utf-8")
        links = {m.group(2) for m in re.finditer(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)", css)}
        links = {link for link in links if not link.startswith("#")}  # SVG filter references
        problems += broken_links(subpath_site, subpath_site.url_of(path), sorted(links))
    assert not problems, "\n".join(problems[:40])


def public_plans() -> list:
    return gate.select(read_content(ROOT / "content"), review=False).content.plans


def test_feed_links_are_absolute_under_the_sub_path_and_resolve(subpath_site):
    feed_url = subpath_site.base + "feed.xml"
    status, body = subpath_site.fetch(feed_url)
    assert status == 200
    feed = ET.fromstring(body)
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert links and all(link.startswith(subpath_site.base) for link in links)
    assert broken_links(subpath_site, feed_url, links) == []
    entries = [e.find(f"{ATOM}link").get("href") for e in feed.iter(f"{ATOM}entry")]
    plans = sorted(e for e in entries if "#" not in e)
    assert plans == sorted(f"{subpath_site.base}plans/{p.id}/" for p in public_plans())
    assert all(e.split("#")[0] in plans for e in entries if "#" in e)  # obligations fallen due: #o-1 …


def test_sitemap_lists_every_public_plan_under_the_sub_path_dated_by_the_build_date(subpath_site):
    status, body = subpath_site.fetch(subpath_site.base + "sitemap.xml")
    assert status == 200
    root = ET.fromstring(body)
    locs = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert locs and all(loc.startswith(subpath_site.base) for loc in locs)
    assert broken_links(subpath_site, subpath_site.base, locs) == []
    plan_pages = {m.group(1) for loc in locs if (m := re.search(r"/plans/([^/]+)/$", loc))}
    assert plan_pages == {p.id for p in public_plans()}
    assert {lastmod.text for lastmod in root.iter(f"{SITEMAP}lastmod")} == {"2023-11-02"}  # conftest.py's build date


@pytest.mark.parametrize("path", ["", "plans/", "data/", "search/", "themes/"])
def test_pages_open_in_a_browser_under_the_sub_path_without_a_failed_request(subpath_site, page, path):
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(f"{request.url} ({request.failure})"))
    page.on("response", lambda response: failed.append(f"{response.url} → {response.status}")
            if response.status >= 400 else None)
    page.goto(subpath_site.base + path, wait_until="networkidle")
    local = [f for f in failed if f.startswith("http://127.0.0.1")]
    assert not local, "\n".join(local)
    assert page.title()


def test_publishing_workflow_tests_everything_and_deploys_main_under_the_pages_url():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    runs = lambda job: "\n".join(step.get("run", "") for step in jobs[job]["steps"])  # noqa: E731
    uses = lambda job: [step.get("uses", "").split("@")[0] for step in jobs[job]["steps"]]  # noqa: E731
    assert "make test" in runs("test") and jobs["test"]["env"]["CI"] == "true"
    assert jobs["build"]["needs"] == "test" and "refs/heads/main" in jobs["build"]["if"]
    assert "site_url: %s/" in runs("build") and "steps.pages.outputs.base_url" in runs("build")
    assert "make site" in runs("build") and "SOURCE_DATE_EPOCH" in runs("build")
    assert "PLANS_REVIEW" not in runs("build")
    assert "actions/upload-pages-artifact" in uses("build") and "actions/deploy-pages" in uses("deploy")
