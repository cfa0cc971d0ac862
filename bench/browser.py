"""Search as a reader meets it: bytes fetched and time until the first result, in Chromium.

The built site is served by http.server on 127.0.0.1 (the tests' server, tests/helpers.py); each query opens `search/?q=…` in a
fresh browser context (an empty cache, as for a first visit). A MutationObserver installed
before the page loads records `performance.now()` (milliseconds since navigation start) when
the first result link appears in `#search-results` (also counted from DOMContentLoaded,
which separates the page's own load from the search), and at that moment the Resource Timing
entries of the search data (the index files and the search script) are summed: the bytes
fetched before the first result. Playwright's response events give the total the query
fetched once the network is idle, as a cross-check.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote, urlparse

from tests.helpers import CHROMIUM, CHROMIUM_ARGS, serve

QUERIES = ["校园", "豇豆", "地沟油", "明厨亮灶", "校园食品安全", "农药残留",
           "市场监管局", "政办发〔2023〕"]  # two characters first; then a kind's common name and a 文号
RESULT = "#search-results a[href]"
SEARCH_DATA = r"/search/index/|/assets/[^/]*search[^/]*\.(?:js|mjs)$"  # index files, search script
TIMEOUT_MS = 15_000
REPEATS = 3  # each query is timed this many times; the median is reported

OBSERVER = """
(() => {
  const pattern = new RegExp(%s);
  const done = () => {
    if (window.__firstResult !== undefined) return true;
    if (!document.querySelector(%s)) return false;
    const now = performance.now();
    const entries = performance.getEntriesByType('resource')
      .filter(e => pattern.test(new URL(e.name).pathname) && e.responseEnd > 0 && e.responseEnd <= now);
    const nav = performance.getEntriesByType('navigation')[0];
    window.__firstResult = {
      ms: now,
      dcl: nav ? nav.domContentLoadedEventEnd : 0,
      bytes: entries.reduce((sum, e) => sum + (e.encodedBodySize || e.transferSize || 0), 0),
      files: entries.map(e => new URL(e.name).pathname),
      results: document.querySelectorAll(%s).length,
    };
    return true;
  };
  new MutationObserver((_, observer) => { if (done()) observer.disconnect(); })
    .observe(document, {childList: true, subtree: true, attributes: true});
})();
"""


def _query(browser, base: str, query: str) -> dict:
    """One query in a fresh context: first-result time and bytes, and the total fetched."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    fetched: list[tuple[str, int]] = []
    pattern = re.compile(SEARCH_DATA)

    def on_response(response) -> None:
        path = urlparse(response.url).path
        if pattern.search(path):
            try:
                fetched.append((path, len(response.body())))
            except Exception:  # a response that failed or was aborted has no body to count
                fetched.append((path, 0))

    page.on("response", on_response)
    page.add_init_script(OBSERVER % (json.dumps(SEARCH_DATA), json.dumps(RESULT), json.dumps(RESULT)))
    result: dict = {"query": query, "characters": len(query)}
    try:
        page.goto(f"{base}search/?q={quote(query)}", wait_until="commit")
        page.wait_for_function("window.__firstResult !== undefined", timeout=TIMEOUT_MS)
        first = page.evaluate("window.__firstResult")
        page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
        result.update({"first_result_ms": round(first["ms"], 1),
                       "after_dom_content_loaded_ms": round(first["ms"] - first["dcl"], 1) if first["dcl"] else None,
                       "bytes_before_first_result": first["bytes"],
                       "files_before_first_result": len(first["files"]), "results_shown": first["results"]})
    except Exception as exc:  # no result in time: recorded, not raised, so the other queries still run
        result["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    result["search_bytes_total"] = sum(size for _, size in fetched)
    result["search_files_total"] = len(fetched)
    context.close()
    return result


def _median(browser, base: str, query: str) -> dict:
    """The query REPEATS times, each in a fresh context; the run with the median time, and every time.

    The machine is shared, so one slow run says little; the bytes are the same every time."""
    runs = [_query(browser, base, query) for _ in range(REPEATS)]
    timed = sorted((r for r in runs if "first_result_ms" in r), key=lambda r: r["first_result_ms"])
    chosen = dict(timed[len(timed) // 2]) if timed else runs[0]
    chosen["first_result_ms_all"] = [r.get("first_result_ms") for r in runs]
    return chosen


def _warm_up(browser, base: str) -> None:
    """Open the home page once, so the first query does not pay for Chromium's own start."""
    context = browser.new_context(locale="zh-CN")
    context.new_page().goto(base, wait_until="load")
    context.close()


def measure_search(site: Path, queries: list[str] = QUERIES) -> dict:
    """Every query against the built `site`; Chromium's version with the results."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        return {"error": f"{CHROMIUM} is missing", "queries": []}
    page = site / "search" / "index.html"
    if not page.is_file() or 'id="search-results"' not in page.read_text(encoding="utf-8"):
        return {"error": "the site has no search page with #search-results", "queries": []}
    server, base = serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                _warm_up(browser, base)
                return {"chromium": browser.version, "repeats": REPEATS,
                        "queries": [_median(browser, base, q) for q in queries]}
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()


def chromium_version() -> str | None:
    """Chromium's version, for the machine description."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        return None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        version = browser.version
        browser.close()
        return version
