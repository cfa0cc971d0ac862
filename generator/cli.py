"""What the commands do; messages for people, exit status for scripts, never a traceback."""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import sys
import tempfile
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.utils.yaml import ConfigDirPlaceholder, DocsDirPlaceholder, RelativeDirPlaceholder, get_yaml_loader, yaml_load

from . import build, gate
from .i18n import N_, _
from .review import fingerprint, review_hold, review_list, review_warnings
from .loading import ContentErrors, link, read_content
from .site import OptionError, review_build_problem

# Zensical draws Material's look only with the classic variant (its default is its own, "modern");
# Material and MkDocs ignore the key.
ZENSICAL_VARIANT = "classic"
# `docs OUT` replaces OUT whole, so it writes only into a folder that is empty or that it made
# itself: this file, left in OUT, says so.
DOCS_MARKER = ".generator-docs"
DOCS_MARKER_TEXT = ("本文件夹由 python -m generator docs 生成，下次运行时整个替换。\n"
                    "Written by `python -m generator docs`: the next run replaces this folder whole.\n")


# argparse's own words (usage, option headings, its errors), for the catalog: argparse looks each up
# through its module's `_` and `ngettext` at the moment it prints, so pointing those at ours makes
# every command's --help and argument errors Chinese by default and English by locale.
ARGPARSE_MESSAGES = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"), N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"), N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"), N_("expected one argument"),
    N_("expected at most one argument"), N_("expected at least one argument"), N_("expected %s argument"),
    N_("expected %s arguments"), N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"), N_("ignored explicit argument %r"),
    N_("can't open '%(filename)s': %(error)s"), N_("unexpected option string: %s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)


def localise_argparse() -> None:
    """Have argparse speak the office's language: its messages go through our catalog."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = lambda singular, plural, n: _(singular if n == 1 else plural)  # type: ignore[attr-defined]


class ConfigError(Exception):
    """mkdocs.yml cannot be read: the message names the file and what is wrong."""


def run(args: argparse.Namespace) -> int:
    try:
        if args.command == "check":
            return check(Path(args.root))
        if args.command == "docs":
            return docs(Path(args.root), Path(args.dir), args.review)
        if args.command == "review":
            return review(Path(args.root), args.plan)
        if args.command == "approve":
            return approve(Path(args.root), args.plan, args.by, args.date, args.expect)
    except ContentErrors as exc:
        count = len(exc.errors)
        print((_("{count} problems found:") if count != 1 else _("{count} problem found:")).format(count=count),
              file=sys.stderr)
        print(exc, file=sys.stderr)
        return 1
    except (gate.GateError, ConfigError, OptionError) as exc:  # OptionError: SOURCE_DATE_EPOCH out of range
        print(_("error: {problem}").format(problem=exc), file=sys.stderr)
        return 1
    return 2


def check(root: Path) -> int:
    """Validate everything (every plan, public or not) and show what a public build would publish."""
    raw = read_content(root / "content")
    content = link(raw)
    print(_("ok: {plans} plans, {tasks} tasks and sub-items, {agencies} agencies named, "
            "{themes} themes, {reports} progress reports").format(
        plans=len(content.plans), tasks=content.task_count, agencies=len(content.agencies), themes=len(content.themes),
        reports=len(content.reports)))
    print(gate.report_text(gate.select(raw, review=False)))
    for warning in gate.unrecognised_annotations(raw) + review_warnings(raw):
        print(warning, file=sys.stderr)
    return 0


def read_config(path: Path) -> dict:
    """mkdocs.yml as `mkdocs build` reads it (MkDocs's own loader: `!ENV`, `!relative`, `INHERIT`).

    The user's settings only, without MkDocs's defaults, so they can be written out again.
    """
    if not path.exists():
        return {}
    loader = get_yaml_loader(config=MkDocsConfig(config_file_path=str(path.resolve())))
    try:
        with path.open("rb") as stream:
            config = yaml_load(stream, loader)
    except (ConfigurationError, OSError) as exc:
        raise ConfigError(_("{file} cannot be read: {problem}\nFix the file so that `mkdocs build` accepts it, "
                            "then run this again.").format(file=path, problem=exc)) from None
    if not isinstance(config, dict):
        raise ConfigError(_("{file} holds no settings (it must be a mapping like `site_name: …`).").format(file=path))
    return config


class _ConfigDumper(yaml.Dumper):
    """Writes back what MkDocs's loader read: `!!python/name:` values as such, `!relative $config_dir`
    paths resolved (they point beside the original mkdocs.yml), the other `!relative` values as tags
    (the written docs/ holds the same pages)."""


_ConfigDumper.add_representer(ConfigDirPlaceholder, lambda dumper, value: dumper.represent_str(os.fspath(value)))
_ConfigDumper.add_representer(
    DocsDirPlaceholder,
    lambda dumper, value: dumper.represent_scalar("!relative", "/".join(filter(None, ("$docs_dir", value.suffix)))))
_ConfigDumper.add_representer(RelativeDirPlaceholder, lambda dumper, value: dumper.represent_scalar("!relative", ""))


def review(root: Path, plan_id: str) -> int:
    """List what in one plan still needs a person; exit 0 either way (it is a list, not a check)."""
    raw = read_content(root / "content")
    content = link(raw)
    try:
        items = review_list(raw, plan_id, content)
    except KeyError:
        known = ", ".join(sorted(f.entry.id for f in raw.plans))
        print(_("error: no plan `{plan}` in content/plans/ (plans: {known})").format(plan=plan_id, known=known),
              file=sys.stderr)
        return 1
    if not items:
        print(_("{plan}: nothing left for a person to check").format(plan=plan_id))
    else:
        print(_("{plan}: {count} things to check before approving:").format(plan=plan_id, count=len(items)))
        for item in items:
            print(f"  {item}")
    file = next(f for f in raw.plans if f.entry.id == plan_id)
    now = fingerprint(raw, file)
    print(_("fingerprint of the plan as it is now: {fp} (approve records it)").format(fp=now))
    if review_hold(raw, file):
        print(_("when they are right: python -m generator approve {plan} --by NAME --expect {fp} "
                "(refused if the plan changes in between)").format(plan=plan_id, fp=now))
    return 0


def approve(root: Path, plan_id: str, by: str, date: str | None, expect: str | None = None) -> int:
    """Record a person's approval of a plan's parse (see approval.py)."""
    from .approval import ApprovalProblem
    from .approval import approve as record

    try:
        day = datetime.date.fromisoformat(date) if date else datetime.date.today()
    except ValueError:
        print(_("error: --date {date} is not a date: write it as YYYY-MM-DD").format(date=date), file=sys.stderr)
        return 1
    try:
        done = record(root, plan_id, by, day, expect=expect)
    except ApprovalProblem as problem:
        print(_("error: {problem}").format(problem=problem), file=sys.stderr)
        return 1
    for line in done:
        print(line)
    raw = read_content(root / "content")
    row = next(r for r in gate.select(raw, review=False).disclosure_report if r.plan_id == plan_id)
    if row.published:
        print(_("{plan} is published by the next public build").format(plan=plan_id))
    else:
        print(_("{plan} is approved but stays held: {why}").format(plan=plan_id, why=row.disclosure.explanation))
    return 0


def docs_target_problem(root: Path, out: Path) -> str | None:
    """Why `docs` must not replace `out` (a resolved path), or None: it holds the project, lies in
    content/, theme/, generator/ or .git/, is a file, or is a folder neither empty nor made by an
    earlier `docs`."""
    project = root.resolve()
    if project.is_relative_to(out):
        return _("{out} holds the project ({project}): `docs` replaces its folder whole. Give a new or empty "
                 "folder, e.g. python -m generator docs ../plans-docs").format(out=out, project=project)
    for kept in ("content", "theme", "generator", ".git"):
        if out.is_relative_to(project / kept):
            return _("{out} lies in the project's {kept}/: `docs` replaces its folder whole. Give a new or empty "
                     "folder outside it").format(out=out, kept=kept)
    if out.exists() or out.is_symlink():
        if not out.is_dir():
            return _("{out} is a file, not a folder: give a new or empty folder").format(out=out)
        if any(out.iterdir()) and not (out / DOCS_MARKER).is_file():
            return _("{out} is not empty and was not written by `docs` (it has no {marker}): `docs` replaces its "
                     "folder whole, so it writes only into a new or empty folder, or one it made. Give another "
                     "folder, or empty this one yourself").format(out=out, marker=DOCS_MARKER)
    return None


def docs(root: Path, out: Path, review: bool) -> int:
    """Write the page tree to OUT/docs and a plugin-free OUT/mkdocs.yml, replacing OUT whole
    (only a new or empty folder, or one an earlier run made: `docs_target_problem`)."""
    problem = docs_target_problem(root, out.resolve()) or review_build_problem(root / "content" / "pages")
    if problem:
        print(_("error: {problem}").format(problem=problem), file=sys.stderr)
        return 1
    config = read_config(root / "mkdocs.yml")
    options = build.BuildOptions(review=review, site_url=config.get("site_url") or "",
                                 site_name=config.get("site_name") or build.BuildOptions.site_name)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)  # staging beside OUT: renamed into place, never copied
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        with build.collector_paused():
            build.generate(build.load_site(root, options), files_to=staging / "docs", processes=2, pages_too=True)
        for name in ("pages",):
            hand = root / "content" / name
            if hand.is_dir():
                shutil.copytree(hand, staging / "docs", dirs_exist_ok=True)
        overrides = root / "theme" / "overrides"
        if overrides.is_dir():
            shutil.copytree(overrides, staging / "overrides")
        config["docs_dir"] = "docs"
        config["site_dir"] = "site"
        theme = config.get("theme") or "mkdocs"  # MkDocs's default theme when none is named
        config["theme"] = theme = {"name": theme} if isinstance(theme, str) else theme
        theme.setdefault("variant", ZENSICAL_VARIANT)  # a variant chosen in mkdocs.yml is kept
        if overrides.is_dir():
            theme["custom_dir"] = "overrides"
        config["plugins"] = _engine_search_off(_without_plans(config.get("plugins") or []))
        config.pop("watch", None)
        config.setdefault("extra", {})["plans_review"] = review
        (staging / DOCS_MARKER).write_text(DOCS_MARKER_TEXT, encoding="utf-8")
        (staging / "mkdocs.yml").write_text(
            yaml.dump(config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    written = sum(len(names) for _, _, names in os.walk(out / "docs"))
    print(_("wrote {count} files to {docs} and {config}; build it with: mkdocs build -f {config} "
            "(or zensical build -f {config}, see docs/engines.md)").format(
        count=written, docs=out / "docs", config=out / "mkdocs.yml"))
    return 0


def _engine_search_off(plugins: list | dict) -> list | dict:
    """The plugins with the engine's own search index switched off, unless mkdocs.yml lists it.

    MkDocs builds no search index when `plugins` does not name `search` (ours does not: our
    search page has its own index). Zensical writes its `search.json` unless told not to, and
    its index refuses a page past 16,384 token positions, which stops the build of a thousand
    plans (docs/engines.md); `enabled: false` means the same to Material's search plugin.
    """
    names = plugins if isinstance(plugins, dict) else [p if isinstance(p, str) else next(iter(p)) for p in plugins]
    if "search" in names:
        return plugins
    if isinstance(plugins, dict):
        return {**plugins, "search": {"enabled": False}}
    return [*plugins, {"search": {"enabled": False}}]


def _without_plans(plugins: list | dict) -> list | dict:
    """The plugins of mkdocs.yml but ours, in either of MkDocs's forms (a list, or a mapping of name → options)."""
    if isinstance(plugins, dict):
        return {name: options for name, options in plugins.items() if name != "plans"}
    return [p for p in plugins if (p if isinstance(p, str) else next(iter(p))) != "plans"]
