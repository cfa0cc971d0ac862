"""Wall time and peak memory of a build, and what the build wrote.

Memory is the resident set (RSS) of the whole process tree, summed and sampled every
SAMPLE_SECONDS with psutil (descendants listed anew every REFRESH_SECONDS): a build that
starts helpers (our forked second process, for one) is counted with them. The summed RSS
counts memory a forked process still shares with its parent twice, so it is an upper bound;
the proportional set size (PSS, where shared pages are split between the processes sharing
them) is recorded beside it where the system gives it (Linux). A spike shorter than one
sample, or a helper that lives less than REFRESH_SECONDS, can be missed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psutil

SAMPLE_SECONDS = 0.1
REFRESH_SECONDS = 0.5
SEARCH_FOLDERS = ("search/index",)  # where the search index lives in the built site


class _Tree:
    """A process and its descendants; the list is refreshed every REFRESH_SECONDS, because
    walking /proc for children costs more than reading the members' memory."""

    def __init__(self, root: psutil.Process):
        self.root, self.members, self.listed = root, [root], 0.0

    def memory(self) -> tuple[int, int | None]:
        """Summed RSS and PSS now (a process that just ended counts 0; PSS None where unknown)."""
        now = time.perf_counter()
        if now - self.listed > REFRESH_SECONDS:
            try:
                self.members = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return 0, None
            self.listed = now
        rss, pss = 0, 0
        for member in self.members:
            try:
                info = member.memory_full_info()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            rss += info.rss
            pss = pss + info.pss if pss is not None and hasattr(info, "pss") else None
        return rss, pss


def run_sampled(args: list[str], cwd: Path, env: dict[str, str] | None = None,
                timeout: float = 3600) -> dict:
    """Run `args` to its end; return seconds, peak tree RSS, exit code and the output's tail."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    environment.pop("PLANS_REVIEW", None)
    log = cwd / "bench-build.log"
    with open(log, "wb") as out:
        start = time.perf_counter()
        process = psutil.Popen(args, cwd=cwd, env=environment, stdout=out, stderr=subprocess.STDOUT)
        tree, peak, peak_pss = _Tree(process), 0, 0
        while process.poll() is None:
            rss, pss = tree.memory()
            peak = max(peak, rss)
            peak_pss = max(peak_pss, pss) if pss is not None and peak_pss is not None else None
            if time.perf_counter() - start > timeout:
                process.kill()
                process.wait()
                break
            time.sleep(SAMPLE_SECONDS)
        seconds = time.perf_counter() - start
    tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
    return {"seconds": round(seconds, 3), "peak_rss_bytes": peak, "peak_pss_bytes": peak_pss,
            "returncode": process.returncode,
            "output_tail": tail if process.returncode else ""}


def mkdocs_build(project: Path) -> dict:
    """`mkdocs build` in `project`, as a user runs it, measured."""
    return run_sampled([sys.executable, "-m", "mkdocs", "build"], project)


def folder_size(folder: Path) -> dict:
    files = [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}


def site_stats(site: Path) -> dict:
    """Pages (HTML files but 404.html) and bytes written, and the search index's size."""
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"]
    page_bytes = sum(p.stat().st_size for p in pages)
    total = folder_size(site)
    search = {name: folder_size(site / name) for name in SEARCH_FOLDERS if (site / name).is_dir()}
    return {
        "files": total["files"], "bytes": total["bytes"], "pages": len(pages), "page_bytes": page_bytes,
        "bytes_per_page": round(page_bytes / len(pages)) if pages else 0,
        "search_index": {"folders": sorted(search), "files": sum(s["files"] for s in search.values()),
                         "bytes": sum(s["bytes"] for s in search.values())},
    }


def markdown_stats(docs: Path) -> dict:
    """Pages of a docs tree (Markdown files) and their average size: what the baseline copies."""
    pages = list(docs.rglob("*.md"))
    size = sum(p.stat().st_size for p in pages)
    return {"pages": len(pages), "bytes": size, "bytes_per_page": round(size / len(pages)) if pages else 0}
