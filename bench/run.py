"""One benchmark run: for each N, corpus → our build → docs tree → baseline → search, as JSON."""

from __future__ import annotations

import datetime
import json
import os
import platform
import shutil
import sys
from importlib import metadata
from pathlib import Path

import psutil

from . import baseline, browser, corpus, measure

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = 1


def machine() -> dict:
    """What the figures depend on: cores, memory and the versions of every tool in the build."""
    def version(name: str) -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    return {
        "cores": os.cpu_count(), "memory_bytes": psutil.virtual_memory().total,
        "platform": platform.platform(), "python": platform.python_version(),
        "mkdocs": version("mkdocs"), "mkdocs-material": version("mkdocs-material"),
        "playwright": version("playwright"), "chromium": None,
    }


def make_project(content: Path, folder: Path) -> Path:
    """A project as tests/helpers.py makes one: mkdocs.yml and theme/ beside the corpus."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", folder / "theme")
    if content != folder / "content":
        shutil.copytree(content, folder / "content")
    return folder


def ratio(a: float | int | None, b: float | int | None) -> float | None:
    return round(a / b, 3) if a and b else None


def run_size(seed: corpus.Seed, plans: int, work: Path, rng_seed: int, queries: list[str]) -> dict:
    """Everything measured at one N; work/ is left for the caller to delete."""
    project = work / "project"
    made = corpus.write_corpus(seed, plans, project / "content", rng_seed)
    make_project(project / "content", project)
    ours = {"build": measure.mkdocs_build(project)}
    ours["site"] = measure.site_stats(project / "site")
    tree = measure.run_sampled([sys.executable, "-m", "generator", "docs", str(work / "tree")], project)
    markdown = measure.markdown_stats(work / "tree" / "docs")
    ours["docs_tree"] = {"build": tree, "markdown": markdown}
    base = work / "baseline"
    written = baseline.write_baseline(seed, markdown["pages"], markdown["bytes_per_page"], base)
    theirs = {"markdown": written, "build": measure.mkdocs_build(base)}
    theirs["site"] = measure.site_stats(base / "site")
    result = {"plans": plans, "corpus": made, "ours": ours, "baseline": theirs, "ratios": {
        "build_seconds": ratio(ours["build"]["seconds"], theirs["build"]["seconds"]),
        "peak_rss": ratio(ours["build"]["peak_rss_bytes"], theirs["build"]["peak_rss_bytes"]),
        "bytes_per_page": ratio(ours["site"]["bytes_per_page"], theirs["site"]["bytes_per_page"]),
    }}
    if queries and ours["build"]["returncode"] == 0:
        result["search"] = browser.measure_search(project / "site", queries)
    return result


def run(sizes: list[int], out: Path, work: Path, rng_seed: int = 1, queries: list[str] = browser.QUERIES,
        keep: bool = False, content: Path = ROOT / "content") -> Path:
    """Measure every size in one run; the JSON is rewritten after each size, so a cut run keeps its part."""
    seed = corpus.read_seed(content)
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.timezone.utc)
    path = out / f"{stamp:%Y-%m-%dT%H%M%SZ}.json"
    report = {"schema": SCHEMA, "date": stamp.isoformat(timespec="seconds"), "seed": rng_seed,
              "seed_content": str(content), "sizes": sizes, "queries": queries, "machine": machine(), "runs": []}
    report["machine"]["chromium"] = browser.chromium_version() if queries else None
    for plans in sizes:
        print(f"bench: N = {plans} …", file=sys.stderr, flush=True)
        folder = work / f"n{plans}"
        report["runs"].append(run_size(seed, plans, folder, rng_seed, queries))
        path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
    return path
