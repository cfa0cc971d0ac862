"""The summary of a results JSON as Markdown: tables and the targets, reached or not.

docs/performance.md quotes this output; `python -m bench --summary FILE` reproduces it from
the JSON alone.
"""

from __future__ import annotations

import json
from pathlib import Path

MB = 1024 * 1024
TWO_CHARACTERS = 2
# The figures to reach (2-core machine, ratios within one run).
MAX_TIME_RATIO = 1.5
MAX_PEAK_RSS = 2 * 1024 * MB
MAX_PAGE_GROWTH = 1.2  # bytes per page at the largest N over N = 100
MAX_SEARCH_BYTES = 300 * 1024
MAX_FIRST_RESULT_MS = 500


def _mb(value: int | None) -> str:
    return "–" if value is None else f"{value / MB:.1f}"


def _row(cells: list) -> str:
    return "| " + " | ".join("–" if c is None else str(c) for c in cells) + " |"


def build_table(report: dict) -> list[str]:
    lines = [_row(["plans", "pages", "ours s", "baseline s", "time ×", "ours peak MB", "ours peak PSS MB",
                   "baseline peak MB", "ours B/page", "baseline B/page", "site MB", "search index MB (files)", "docs tree s"]),
             _row(["---:"] * 13)]
    for run in report["runs"]:
        ours, base, site = run["ours"], run["baseline"], run["ours"]["site"]
        lines.append(_row([
            run["plans"], site["pages"], ours["build"]["seconds"], base["build"]["seconds"],
            run["ratios"]["build_seconds"], _mb(ours["build"]["peak_rss_bytes"]),
            _mb(ours["build"].get("peak_pss_bytes")), _mb(base["build"]["peak_rss_bytes"]), site["bytes_per_page"], base["site"]["bytes_per_page"],
            _mb(site["bytes"]), f"{_mb(site['search_index']['bytes'])} ({site['search_index']['files']})",
            ours["docs_tree"]["build"]["seconds"],
        ]))
    return lines


def search_table(report: dict) -> list[str]:
    lines = [_row(["plans", "query", "first result ms", "of which after DOMContentLoaded", "KB before first result",
                   "KB fetched in all", "results shown"]), _row(["---:", "---", "---:", "---:", "---:", "---:", "---:"])]
    for run in report["runs"]:
        for q in run.get("search", {}).get("queries", []):
            before = q.get("bytes_before_first_result")
            lines.append(_row([run["plans"], q["query"], q.get("first_result_ms", q.get("error", "no result")),
                               q.get("after_dom_content_loaded_ms"),
                               None if before is None else round(before / 1024, 1),
                               round(q["search_bytes_total"] / 1024, 1), q.get("results_shown")]))
    return lines


def targets(report: dict) -> list[str]:
    """Each figure to reach, with the measured value and whether it is reached."""
    runs = {run["plans"]: run for run in report["runs"]}
    largest = runs[max(runs)]
    lines = [f"Targets, at N = {largest['plans']} (the largest size of this run):"]

    def check(name: str, value, limit, ok: bool | None) -> None:
        verdict = "not measured" if ok is None else ("reached" if ok else "NOT reached")
        lines.append(f"- {name}: {value} (limit {limit}) — {verdict}")

    time_ratio = largest["ratios"]["build_seconds"]
    check("build time / baseline", time_ratio, MAX_TIME_RATIO, None if time_ratio is None else time_ratio <= MAX_TIME_RATIO)
    peak = largest["ours"]["build"]["peak_rss_bytes"]
    check("peak memory MB", _mb(peak), _mb(MAX_PEAK_RSS), peak < MAX_PEAK_RSS)
    if 100 in runs and largest["plans"] != 100:
        growth = round(largest["ours"]["site"]["bytes_per_page"] / runs[100]["ours"]["site"]["bytes_per_page"], 3)
        check("bytes per page / at N = 100", growth, MAX_PAGE_GROWTH, growth <= MAX_PAGE_GROWTH)
    short = [q for q in largest.get("search", {}).get("queries", []) if q["characters"] == TWO_CHARACTERS]
    for q in short:
        ok = "first_result_ms" in q
        check(f"{q['query']}: KB before first result",
              round(q["bytes_before_first_result"] / 1024, 1) if ok else q.get("error"),
              MAX_SEARCH_BYTES // 1024, ok and q["bytes_before_first_result"] <= MAX_SEARCH_BYTES)
        check(f"{q['query']}: ms to first result", q.get("first_result_ms", q.get("error")), MAX_FIRST_RESULT_MS,
              ok and q["first_result_ms"] <= MAX_FIRST_RESULT_MS)
    return lines


def machine_line(report: dict) -> str:
    m = report["machine"]
    return (f"Machine: {m['cores']} cores, {_mb(m['memory_bytes'])} MB memory, {m['platform']}; Python {m['python']}, "
            f"MkDocs {m['mkdocs']}, Material {m['mkdocs-material']}, "
            f"Chromium {m['chromium']}. Run {report['date']}, seed {report['seed']}.")


def summary(report: dict) -> str:
    return "\n".join([machine_line(report), "", *build_table(report), "", *search_table(report), "",
                      *targets(report), ""])


def summary_of(path: Path) -> str:
    return summary(json.loads(path.read_text(encoding="utf-8")))
