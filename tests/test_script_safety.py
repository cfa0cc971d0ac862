"""No text of content/ runs as script on our site, in the public build or the review build.

A 文号, title or name is escaped wherever the theme writes it (Material's <meta name="description">
does not escape), and `check` refuses markup characters in a 文号 or 索引号 outright. A received
file is published under a name a browser will not run (urls.published_name: an allow-list of
inert suffixes, `.txt` after every other name), checked here through a real server and Chromium.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import urllib.request
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from generator import urls
from helpers import MINI_CONTENT, built_site, make_project, run_mkdocs, serve

HOSTILE = '"><img src=x onerror="window.__pwned=1;alert(document.domain)">'
NAMES = {"alpha-2023": f"示例县{HOSTILE}", "beta-2022": f"示例市{HOSTILE}"}  # in the plan page's description
TITLE = f"示例县2023年食品安全重点工作安排{HOSTILE}"
# A received page a browser runs as XHTML when it is served under its own name
XHT = (b'<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
       b'<script>window.__ran = 1; alert("xht")</script><p>\xe7\xa4\xba\xe4\xbe\x8b</p></body></html>\n')
SVG = (b'<svg xmlns="http://www.w3.org/2000/svg"><script>window.__ran = 1; alert("svg")</script>'
       b'<text y="20">\xe7\xa4\xba\xe4\xbe\x8b</text></svg>\n')


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _receive(content: Path, plan: str, old: str, new: str, data: bytes) -> None:
    """The plan's source replaced by `data` under the name `new`, with its sha256."""
    (content / "sources" / old).unlink()
    (content / "sources" / new).write_bytes(data)
    path = content / "plans" / f"{plan}.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("source: {")
    end = text.index("}", start)
    path.write_text(text[:start] + f"source: {{file: '{new}', sha256: {hashlib.sha256(data).hexdigest()}" + text[end:],
                    encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    """The mini content with hostile names and titles and active received files, built public and review."""
    project = make_project(tmp_path_factory.mktemp("hostile"), MINI_CONTENT)
    content = project / "content"
    _replace(content / "agencies" / "alpha.yaml", "name: 示例县,", f"name: '{NAMES['alpha-2023']}',")
    _replace(content / "agencies" / "beta.yaml", "name: 示例市,", f"name: '{NAMES['beta-2022']}',")
    _replace(content / "plans" / "alpha-2023.yaml", "title: 示例县2023年食品安全重点工作安排", f"title: '{TITLE}'")
    _receive(content, "alpha-2023", "alpha.txt", "alpha.xht", XHT)
    _receive(content, "beta-2022", "beta.txt", "beta.SVG. ", SVG)  # held: published by the review build only
    run_mkdocs(project, "--strict")
    run_mkdocs(project, "--strict", review=True)
    return {"public": built_site(project), "review": built_site(project, review=True)}


def _watch(page) -> list[str]:
    dialogs: list[str] = []

    def dismiss(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    return dialogs


@pytest.mark.parametrize("build, plan", [("public", "alpha-2023"), ("review", "alpha-2023"), ("review", "beta-2022")])
def test_a_hostile_name_or_title_does_not_run_on_the_plan_page(hostile, page, build, plan):
    site = hostile[build]
    html = (site / "plans" / plan / "index.html").read_text(encoding="utf-8")
    head = lxml.html.fromstring(html).head
    assert not head.xpath(".//img") and not lxml.html.fromstring(html).xpath("//img[@onerror]")
    description = head.xpath("string(.//meta[@name='description']/@content)")
    assert NAMES[plan] in description  # the name as text, whole, in the attribute
    server, base = serve(site)
    try:
        dialogs = _watch(page)
        for path in (f"plans/{plan}/", f"plans/{plan}/source/", "plans/", "agencies/", ""):
            page.goto(base + path)
            page.wait_for_load_state("load")
            assert page.evaluate("window.__pwned") is None, path
        assert dialogs == []
    finally:
        server.shutdown()


def test_the_feed_carries_a_hostile_title_as_text(hostile):
    feed = lxml.etree.parse(str(hostile["public"] / "feed.xml"))
    assert not feed.xpath("//*[local-name()='img']")
    assert TITLE in "".join(feed.xpath("//*[local-name()='title']/text()"))


@pytest.mark.parametrize("name, published", [
    ("notice.txt", "notice.txt"), ("notice.PDF", "notice.PDF"), ("n.docx", "n.docx"), ("t.XLSX", "t.XLSX"),
    ("t.csv", "t.csv"), ("n.ofd", "n.ofd"),
    ("n.html", "n.html.txt"), ("n.xht", "n.xht.txt"), ("n.xhtm", "n.xhtm.txt"), ("n.XHTML", "n.XHTML.txt"),
    ("n.svgz", "n.svgz.txt"), ("n.xsl", "n.xsl.txt"), ("n.shtml", "n.shtml.txt"), ("n.mht", "n.mht.txt"),
    ("n.html ", "n.html .txt"), ("n.html.", "n.html..txt"), ("n.txt ", "n.txt .txt"), ("n.pdf.", "n.pdf..txt"),
    ("n", "n.txt"), ("n.doc", "n.doc.txt"), ("n.xml", "n.xml.txt"), ("n.wasm", "n.wasm.txt"),
])
def test_a_received_file_is_published_under_an_inert_name(name, published):
    assert urls.published_name(name) == published


def _served(base: str, path: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(base + urllib.request.quote(path)) as response:
        return response.headers.get("Content-Type", ""), response.read()


@pytest.mark.parametrize("build, received, data", [
    ("public", "alpha.xht", XHT), ("review", "alpha.xht", XHT), ("review", "beta.SVG. ", SVG),
])
def test_a_received_active_file_is_served_as_text_and_does_not_run(hostile, page, build, received, data):
    site = hostile[build]
    plan = "alpha-2023" if received.startswith("alpha") else "beta-2022"
    published = [p for p in (site / "sources").iterdir() if p.read_bytes() == data]
    assert [p.name for p in published] == [f"{received}.txt"]
    downloads = [p for p in (site / "plans" / plan / "source").iterdir() if p.suffix != ".html"]
    assert [p.name for p in downloads] == [f"{plan}-source.txt"] and downloads[0].read_bytes() == data
    server, base = serve(site)
    try:
        dialogs = _watch(page)
        for path in (f"sources/{received}.txt", f"plans/{plan}/source/{plan}-source.txt"):
            kind, body = _served(base, path)
            assert kind.startswith("text/plain") and body == data, (path, kind)
            page.goto(base + urllib.request.quote(path))
            page.wait_for_load_state("load")
            assert page.evaluate("window.__ran") is None, path
        assert dialogs == []
    finally:
        server.shutdown()


@pytest.mark.parametrize("field, where", [
    ("  doc_number: 示政办发〔2023〕1号", "notice.doc_number"),
    ("  annotation: （此件公开发布）", "notice.index_number"),
], ids=["文号", "索引号"])
def test_check_refuses_markup_characters_in_a_document_number(tmp_path, field, where):
    project = make_project(tmp_path, MINI_CONTENT)
    plan = project / "content" / "plans" / "alpha-2023.yaml"
    hostile = "  doc_number: '示政办发〔2023〕1号\"><img src=x onerror=alert(1)>'"
    if where == "notice.index_number":
        hostile = f"{field}\n  index_number: \"11410800-2023-<script>\""
    _replace(plan, field, hostile)
    line = plan.read_text(encoding="utf-8").splitlines().index(hostile.splitlines()[-1]) + 1
    result = subprocess.run([sys.executable, "-m", "generator", "check", "--root", str(project)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout
    assert f"content/plans/alpha-2023.yaml:{line}: {where}: holds " in result.stderr, result.stderr
    assert "markup" in result.stderr and "Traceback" not in result.stderr
    built = run_mkdocs(project, check=False)
    assert built.returncode != 0 and not (project / "site").exists()
