"""What the importer prints: what it found, and every line or field a person should look at."""

from __future__ import annotations

import re

from ..i18n import _
from .assemble import PORTAL_FIELDS, bodies, iter_tasks
from .notice import FIELDS


def counts(plan: dict) -> dict[str, int]:
    """Sections, tasks (top level), sub-items, statements, units, targets of a plan."""
    sections = _sections(plan["sections"])
    tasks = [t for s in sections for t in s.get("tasks", [])]
    every = list(iter_tasks(plan["sections"]))
    parts = [b for t in every for b in bodies(t)]
    return {
        "sections": len(sections), "tasks": len(tasks), "sub-items": len(every) - len(tasks),
        "statements": sum(len(t["statements"]) for t in every if t.get("statements") is not None),
        "units": len({u["name"] for b in parts for u in b.get("units", [])}),
        "targets": sum(len(b.get("targets", [])) for b in parts),
    }


def _sections(sections: list[dict]) -> list[dict]:
    out = []
    for section in sections:
        out.append(section)
        out += _sections(section.get("sections", []))
    return out


def needs_review(plan: dict) -> list[str]:
    """Fields the document lacks (null) and must be confirmed by a person."""
    fields = FIELDS + (PORTAL_FIELDS if "url" in plan["source"] else ())
    missing = [f"notice.{f}" for f in fields if plan["notice"].get(f) is None]
    if "url" in plan["source"] and plan["source"]["url"] is None:
        missing.append("source.url")
    missing += [f for f in ("title", "period") if plan.get(f) is None]
    if not plan.get("title_complete"):
        missing.append(_("title_complete (title looks cut off)"))
    return missing


def where(text: str, pages: dict[int, int]) -> str:
    """`line N: …` of the read text, with the source's page when the reader knows it (a PDF)."""
    if not pages:
        return text
    starts = sorted(pages)

    def page_of(match: re.Match) -> str:
        number = int(match.group(1) or match.group(2))
        before = [s for s in starts if s <= number]
        return _("line {line} (page {page})").format(line=number, page=pages[before[-1]]) if before else match.group(0)
    return re.sub(r"\bline (\d+)|第 (\d+) 行", page_of, text)  # the English message, or the Chinese


def report_lines(result) -> list[str]:
    """The summary of an import, line by line: printed by `import`, shown by the studio."""
    lines: list[str] = []
    plan = result.plan
    c = counts(plan)
    reading = result.reading
    pages = reading.pages if reading else {}
    if reading is not None:
        lines.append(_("read as: {reader}").format(reader=reading.reader))
        for repair in reading.repairs:
            lines.append(_("repaired: {repair}").format(repair=repair))
    lines.append(_("plan {id} ({title}), jurisdiction {jurisdiction}").format(
        id=plan["id"], title=plan["title"] or "无标题", jurisdiction=plan["jurisdiction"]))
    lines.append(_("found: {sections} sections, {tasks} tasks, {subitems} sub-items, {statements} statements, "
                   "{units} units, {targets} targets").format(subitems=c["sub-items"], **c))
    lines.append(_("附注: {annotation}; responsibility rule: {rule}").format(
        annotation=plan["notice"]["annotation"] or _("none"), rule=plan["responsibility_rule"] or _("none")))
    if plan["header_missing"]:
        lines.append(_("the notice header is missing: every notice field is null"))
    review = needs_review(plan)
    if review:
        lines.append(_("needs review (not in the document, left null): {fields}").format(fields=", ".join(review)))
    if result.added.units:
        lines.append(_("new units added as drafts to {path}: {names}").format(
            path=result.agencies_path, names="、".join(result.added.units)))
    for spelling, name, unit_id in result.added.aliases:
        lines.append(_("alias added to {path}: {spelling} is taken as another spelling of {name} ({unit_id}); "
                       "check that it is the same unit").format(path=result.agencies_path, spelling=spelling,
                                                                name=name, unit_id=unit_id))
    for line in result.debris_lines:
        lines.append(where(_("line {line}: debris removed (a Markdown rule)").format(line=line), pages))
    for warning in result.warnings:
        lines.append(where(warning, pages))
    for change in result.changes:
        verb = _("replaced") if result.written else _("differs")
        lines.append(f"{verb}: {change.describe(str(result.plan_path))}")
    if result.changes and not result.written:
        lines.append(_("{path} differs from this import: run it with --replace to write the import's reading "
                       "(disclosure, notes and approval are kept)").format(path=result.plan_path))
    if result.unchanged:
        lines.append(_("{path} already holds what this import writes: nothing to do").format(path=result.plan_path))
    if result.written and not result.unchanged:
        if result.added:
            lines.append(_("wrote {path} and {agencies}").format(path=result.plan_path, agencies=result.agencies_path))
        else:
            lines.append(_("wrote {path}").format(path=result.plan_path))
    elif result.written and result.added:
        lines.append(_("wrote {path}").format(path=result.agencies_path))
    elif not result.written:
        lines.append(_("dry run: nothing written"))
    return lines


def print_report(result) -> None:
    """Print the summary of an import."""
    for line in report_lines(result):
        print(line)
