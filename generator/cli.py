"""What the commands do; messages for people, exit status for scripts, never a traceback."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

from . import build, gate
from .loading import ContentErrors, link, read_content


def run(args: argparse.Namespace) -> int:
    try:
        if args.command == "check":
            return check(Path(args.root))
        if args.command == "docs":
            return docs(Path(args.root), Path(args.dir), args.review)
    except ContentErrors as exc:
        count = len(exc.errors)
        print(f"{count} problem{'s' * (count != 1)} found:", file=sys.stderr)
        print(exc, file=sys.stderr)
        return 1
    except gate.GateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 2


def check(root: Path) -> int:
    """Validate everything (every plan, public or not) and show what a public build would publish."""
    raw = read_content(root / "content")
    content = link(raw)
    tasks = sum(1 for _ in content.tasks())
    print(f"ok: {len(content.plans)} plans, {tasks} tasks and sub-items, {len(content.agencies)} agencies named, "
          f"{len(content.themes)} themes, {len(content.reports)} progress reports")
    print(gate.report_text(gate.select(raw, review=False)))
    for warning in gate.unrecognised_annotations(raw):
        print(warning, file=sys.stderr)
    return 0


def docs(root: Path, out: Path, review: bool) -> int:
    """Write the page tree to OUT/docs and a plugin-free OUT/mkdocs.yml, replacing OUT whole."""
    config_path = root / "mkdocs.yml"
    config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader) if config_path.exists() else {}
    options = build.BuildOptions(review=review, site_url=config.get("site_url") or "",
                                 site_name=config.get("site_name") or build.BuildOptions.site_name)
    out = out.resolve()
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent if out.parent.exists() else None))
    try:
        with build.collector_paused():
            pages = build.generate(build.load_site(root, options), files_to=staging / "docs", processes=2)
        build.write_tree(pages, staging / "docs")
        for name in ("pages",):
            hand = root / "content" / name
            if hand.is_dir():
                shutil.copytree(hand, staging / "docs", dirs_exist_ok=True)
        overrides = root / "theme" / "overrides"
        if overrides.is_dir():
            shutil.copytree(overrides, staging / "overrides")
        config["docs_dir"] = "docs"
        config["site_dir"] = "site"
        config.setdefault("theme", {})
        if overrides.is_dir():
            config["theme"]["custom_dir"] = "overrides"
        config["plugins"] = [p for p in config.get("plugins", []) if (p if isinstance(p, str) else next(iter(p))) != "plans"]
        config.pop("watch", None)
        config.setdefault("extra", {})["plans_review"] = review
        (staging / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                            encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    written = sum(len(names) for _, _, names in os.walk(out / "docs"))
    print(f"wrote {written} files to {out}/docs and {out}/mkdocs.yml; build it with: mkdocs build -f {out}/mkdocs.yml")
    return 0
