"""What the deadlines page's script costs (docs/reports.md): bytes, and time to render, in Chromium.

`python -m bench.deadlines SITE [--page-of CONTENT]`: SITE is a built public site (e.g. a bench
project's site/, built with SOURCE_DATE_EPOCH=1698883200, 2023-11-02, as the tests). It is served
on 127.0.0.1 and deadlines/ opened in fresh contexts, each three times (the median is reported):
without JavaScript; with the reader's clock on the build's day (the script finds every state as
built and moves nothing); on the next day (what a reader meets with the daily rebuild: the rows
due that day change table); and on 2026-12-07 (every open date has passed: most rows move).
deadlines.js is served wrapped in performance.now() marks that end with a forced layout, so the
re-layout its changes cause is counted, and with Date.now giving the reader's day while it runs
(Playwright's clock would fake performance.now too); the load event's time from navigation start
is reported beside it.

`--page-of CONTENT` first replaces the page's content with the deadlines page the generator makes
from CONTENT (e.g. a 1,000-plan corpus, bench/corpus.py), in the same Material page: the page at
1,000 plans without building the whole 1,000-plan site (what a shared machine could not afford).
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from tests.helpers import CHROMIUM, CHROMIUM_ARGS, serve

DAYS = {"no script": None, "build day 2023-11-02": "2023-11-02T09:00:00+08:00",
        "next day 2023-11-03": "2023-11-03T09:00:00+08:00", "2026-12-07": "2026-12-07T09:00:00+08:00"}
REPEATS = 5
WRAP = ("window.__deadlines = {};(function(){var now = Date.now; Date.now = function () { return %d; };"
        "var t0 = performance.now();\n%s\n"
        "window.__deadlines.dom = performance.now() - t0; document.body.offsetHeight;"
        "window.__deadlines.ms = performance.now() - t0; Date.now = now;})();")


def generated_page(content: Path) -> tuple[str, float]:
    """The deadlines page's HTML as the generator makes it from `content`, and the seconds it took."""
    from generator import build, urls
    from generator.pages import reports

    root = Path(tempfile.mkdtemp(prefix="deadlines-bench-"))
    try:
        shutil.copytree(content, root / "content")
        shutil.copytree(Path(__file__).resolve().parent.parent / "theme", root / "theme")
        site = build.load_site(root, build.BuildOptions())
        start = time.perf_counter()
        text = next(text for path, text in reports.build(site) if path == urls.page_file(urls.DEADLINES))
        return text.split("---\n", 2)[2], time.perf_counter() - start
    finally:
        shutil.rmtree(root, ignore_errors=True)


def replace_content(site: Path, html: str) -> Path:
    """A copy of `site` whose deadlines page holds `html` in place of its own content."""
    copy = Path(tempfile.mkdtemp(prefix="deadlines-site-")) / "site"
    shutil.copytree(site, copy)
    page = copy / "deadlines" / "index.html"
    text = page.read_text(encoding="utf-8")
    start = text.index('<div class="plans-page deadlines-page">')
    end = text.index("</div>", text.index("<p>任务一经报告", start)) + len("</div>")  # the page's last paragraph
    page.write_text(text[:start] + html.strip().removesuffix("\n") + text[end:], encoding="utf-8")
    return copy


def measure(site: Path) -> dict:
    from playwright.sync_api import sync_playwright

    page_file = site / "deadlines" / "index.html"
    script = (site / "assets" / "deadlines.js").read_bytes()
    html = page_file.read_bytes()
    result: dict = {"page_bytes": len(html), "page_gzip_bytes": len(gzip.compress(html)),
                    "rows": html.count(b"<tr data-due="), "script_bytes": len(script),
                    "script_gzip_bytes": len(gzip.compress(script)), "runs": {}}
    server, base = serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for name, day in DAYS.items():
                samples = [_open(browser, base, script, day) for _ in range(REPEATS)]
                result["runs"][name] = {key: statistics.median(s[key] for s in samples if s[key] is not None)
                                        if any(s[key] is not None for s in samples) else None for key in samples[0]}
            browser.close()
    finally:
        server.shutdown()
    return result


def _open(browser, base: str, script: bytes, day: str | None) -> dict:
    context = browser.new_context(locale="zh-CN", java_script_enabled=day is not None)
    try:
        page = context.new_page()
        if day:
            body = WRAP % (int(datetime.datetime.fromisoformat(day).timestamp() * 1000), script.decode("utf-8"))
            page.route("**/assets/deadlines.js", lambda route: route.fulfill(
                status=200, content_type="text/javascript", body=body))
        page.goto(base + "deadlines/", wait_until="load")
        load = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") if day else None
        ms = page.evaluate("window.__deadlines && window.__deadlines.ms") if day else None
        dom = page.evaluate("window.__deadlines && window.__deadlines.dom") if day else None
        counts = page.locator("h2 .due-count").all_inner_texts()
        return {"script_ms": ms, "script_without_layout_ms": dom, "load_ms": load, "overdue": int(counts[0]), "soon": int(counts[1]),
                "later": int(counts[2])}
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--page-of", type=Path, help="content whose deadlines page replaces the site's")
    args = parser.parse_args()
    site, generated = args.site, None
    if args.page_of:
        html, seconds = generated_page(args.page_of)
        site = replace_content(args.site, html)
        generated = {"content": str(args.page_of), "render_seconds": round(seconds, 2)}
    result = measure(site)
    result["generated"] = generated
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
