"""From the read document (notice head, body tree) to the plan data of docs/content-format.md."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import schema
from ..i18n import _
from .body import Body, Node
from .notice import Head, period_of
from .responsibility import Segment, inherit_part_units, parse_note, segments
from .targets import find_targets

PORTAL_FIELDS = schema.PORTAL_FIELDS  # what only a portal page's metadata table states


@dataclass
class Context:
    """What every task needs: the document's rule, the plan's single year, and the report."""

    rule: str | None
    plan_year: int | None
    warnings: list[str] = field(default_factory=list)


def plan_data(plan_id: str, jurisdiction: str, source: Path, head: Head, body: Body, rule: str | None,
              context: Context, portal: dict | None = None) -> dict:
    """The plan as a dict in the order of docs/content-format.md.

    `portal` holds what a portal page states beside the text: `url` (its address) and the
    metadata fields of PORTAL_FIELDS; they are written (null when the page lacks one) only
    for a portal page, since no other source can state them.
    """
    period = period_of(head.title, body.preamble, head.notice["title"])
    header_missing = head.header_missing
    source_entry: dict[str, str | None] = {"file": source.name, "sha256": hashlib.sha256(source.read_bytes()).hexdigest()}
    notice = dict(head.notice)
    if portal is not None:
        source_entry["url"] = portal.get("url")
        notice.update({f: portal.get(f) or notice.get(f) for f in PORTAL_FIELDS})
    return {
        "id": plan_id,
        "jurisdiction": jurisdiction,
        "title": head.title,
        "title_complete": title_complete(head.title, header_missing),
        "period": period,
        "source": source_entry,
        "notice": notice,
        "header_missing": header_missing,
        "responsibility_rule": rule,
        "disclosure": None,
        "review": "pending",  # held from the public build until a person approves it (docs/office.md)
        "preamble": [p.text for p in body.preamble],
        "sections": [section_data(s, context) for s in body.sections],
        "closing": [],
        "notes": [],
    }


def title_complete(title: str | None, header_missing: bool) -> bool:
    """A title without year or place (遂宁's 重点工作安排) was cut off with the missing header."""
    if title is None:
        return False
    return not header_missing or bool(re.search(r"\d{4}|[县市区省州旗]", title))


def section_data(node: Node, context: Context) -> dict:
    """A section: label, title, its own paragraphs, nested sections and tasks."""
    data = {
        "label": node.label,
        "title": node.title,
        "paragraphs": [p.text for p in node.body],
        "sections": [section_data(c, context) for c in node.children if c.kind == "section"],
        "tasks": [task_data(c, context) for c in node.children if c.kind == "task"],
    }
    inherit_part_units(data, context.rule)
    return data


def task_data(node: Node, context: Context) -> dict:
    """A task: text with its note, or statements when several sentences carry their own notes."""
    task: dict = {"label": node.label}
    if node.title:
        task["title"] = node.title
    if node.row is not None:
        return _row_task(task, node, context)
    parts = _segments(node, context)
    noted = [s for s in parts if s.note]
    if len(noted) >= 2:
        task["statements"] = [_body(s.text, s.note, node, context) for s in parts]
    elif parts:
        text = "\n\n".join(s.text for s in parts if s.text)
        task.update(_body(text, noted[0].note if noted else None, node, context))
    if node.children:
        task["items"] = [task_data(c, context) for c in node.children]
    return task


def _row_task(task: dict, node: Node, context: Context) -> dict:
    """A task read from a table row: its text cell, its unit cells as the note, its 完成时限."""
    row = node.row
    assert row is not None, "called for a node read from a table row"
    note, units = row.note(context.rule)
    text = "\n\n".join(p.text for p in node.body if p.text)
    for extra in row.extra:
        text += "\n\n" + extra
    task.update(_body(text, note, node, context, units))
    task["deadline"] = row.deadline
    return task


def _segments(node: Node, context: Context) -> list[Segment]:
    """Sentence groups of the task body; a note on a line of its own closes the text before it."""
    parts: list[Segment] = []
    for para in node.body:
        for seg in segments(para.text):
            if seg.text:
                parts.append(seg)
            elif parts and parts[-1].note is None:
                parts[-1].note = seg.note
            else:
                context.warnings.append(_("line {line}: note `{note}` follows no text: not placed").format(
                    line=para.lines[0], note=seg.note))
    return parts


def _body(text: str, note: str | None, node: Node, context: Context, units: list[dict] | None = None) -> dict:
    """text, note, units and targets of one task or statement."""
    if units is None:
        units = parse_note(note, context.rule) if note else []
    if note and not units:
        context.warnings.append(_("line {line}: no unit could be read from note `{note}`").format(line=node.line, note=note))
    return {"text": text, "note": note, "units": units, "targets": find_targets(text, context.plan_year)}


def all_notes(sections: list[dict]) -> list[str]:
    """Every note of the plan, in order (for the rule and for the report)."""
    notes = []
    for task in iter_tasks(sections):
        notes += [b["note"] for b in bodies(task) if b.get("note")]
    return notes


def iter_tasks(sections: list[dict]):
    """All tasks and sub-items of the sections, depth first."""
    for section in sections:
        yield from iter_tasks(section.get("sections", []))
        stack = list(reversed(section.get("tasks", [])))
        while stack:
            task = stack.pop()
            yield task
            stack.extend(reversed(task.get("items", [])))


def bodies(task: dict) -> list[dict]:
    """The text-bearing parts of a task: its statements, or itself when it has text."""
    if task.get("statements") is not None:
        return task["statements"]
    return [task] if task.get("text") else []
