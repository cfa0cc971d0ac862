"""The baseline: plain MkDocs with Material, no plugin, over as many pages as our site.

The pages are plain Chinese Markdown (the real plans' task texts, cut into paragraphs) of the
same average size as our generated Markdown pages, and the nav lists the top-level pages
only, as ours does. A nav that lists every page puts every page's link on every page, and
the output grows with the square of the page count; the baseline avoids that as we must.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import yaml

from .corpus import Seed, _section_tasks

TOP = [("首页", "index.md"), ("工作计划", "plans/index.md"), ("责任单位", "agencies/index.md"),
       ("主题", "themes/index.md"), ("搜索", "search/index.md"), ("开放数据", "data/index.md"),
       ("关于", "about/index.md")]


def paragraphs(seed: Seed) -> list[str]:
    """Every task text of the real plans, in order: plain Chinese prose to fill pages with."""
    texts = []
    for plan in seed.plans:
        for section in plan["sections"]:
            for task in _section_tasks(section):
                texts.extend(b["text"] for b in [task, *(task.get("statements") or [])] if b.get("text"))
    return texts


def config(site_name: str) -> dict:
    return {
        "site_name": site_name, "docs_dir": "docs", "use_directory_urls": True,
        "theme": {"name": "material", "language": "zh", "font": False,
                  "features": ["navigation.tabs", "navigation.top", "content.code.copy"]},
        "plugins": [],  # no plugin at all: Material's search would be one, and ours has none
        "markdown_extensions": ["attr_list", "md_in_html", "tables"],
        "nav": [{title: path} for title, path in TOP],
    }


def write_baseline(seed: Seed, pages: int, bytes_per_page: int, out: Path) -> dict:
    """A MkDocs project in `out` (replaced) with `pages` Markdown pages of about `bytes_per_page`."""
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    texts = itertools.cycle(paragraphs(seed))
    paths = [path for _, path in TOP] + [f"p/{i:05d}.md" for i in range(max(0, pages - len(TOP)))]
    written = 0
    for index, path in enumerate(paths[:pages]):
        body = [f"# 第 {index + 1} 页\n"]
        size = len(body[0].encode("utf-8"))
        while size < bytes_per_page:
            body.append(next(texts) + "\n")
            size += len(body[-1].encode("utf-8")) + 1
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        text = "\n".join(body)
        target.write_text(text, encoding="utf-8")
        written += len(text.encode("utf-8"))
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config("基准站点"), allow_unicode=True, sort_keys=False),
                                    encoding="utf-8")
    return {"pages": min(pages, len(paths)), "bytes": written,
            "bytes_per_page": round(written / max(1, min(pages, len(paths))))}
