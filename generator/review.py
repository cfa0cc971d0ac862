"""The review gate: a plan the importer wrote waits for a person, and `review` lists what to check.

A plan is held for review when it has the importer's `review: pending`, names units the
importer added (`draft: true`) with no approval, or has an `approval:` whose fingerprint
differs from the plan as it is now. The fingerprint is a hash of everything a reader of the
plan sees, so an edit after approval holds the plan again. gate.py asks `review_holds` which
plans to hold; `check` prints `review_warnings`; `review PLAN` prints `review_list` and the
fingerprint; approval.py records an approval with it.
"""

from __future__ import annotations

import hashlib
import json

from .i18n import _
from .import_gaps import import_gaps
from .loading import LoadedFile, RawContent, YamlPath, link
from .model import Content, Plan, Section, Task
from .schema import PORTAL_FIELDS, SectionEntry, TaskEntry  # 索引号, 主题分类, 发布日期, 有效性, 公开方式

PENDING_LABEL = "待审核"  # how the disclosure report and the review build name a plan held for review


def _units_by_name(raw: RawContent) -> dict[str, dict[str, tuple[LoadedFile, int]]]:
    """jurisdiction id → every name and alias of its units → (agencies file, unit index)."""
    found: dict[str, dict[str, tuple[LoadedFile, int]]] = {}
    for file in raw.agencies:
        names = found.setdefault(file.entry.jurisdiction.id, {})
        for index, unit in enumerate(file.entry.units):
            for name in (unit.name, *unit.aliases):
                names.setdefault(name, (file, index))
    return found


def _named_units(entry) -> list[str]:
    """Every unit name the plan's notes give, in document order, once each."""
    names: dict[str, None] = {}

    def walk_tasks(tasks) -> None:
        for task in tasks:
            for body in (task.statements or [task]):
                names.update(dict.fromkeys(u.name for u in body.units))
            walk_tasks(task.items)

    def walk_sections(sections) -> None:
        for section in sections:
            walk_tasks(section.tasks)
            walk_sections(section.sections)

    walk_sections(entry.sections)
    return list(names)


def plan_units(raw: RawContent, file: LoadedFile, units=None) -> list[tuple[LoadedFile, int]]:
    """The agencies entries (file, index) of the units a plan names, each once."""
    names = (units or _units_by_name(raw)).get(file.entry.jurisdiction, {})
    seen: dict[tuple[str, int], tuple[LoadedFile, int]] = {}
    for name in _named_units(file.entry):
        if name in names:
            agencies, index = names[name]
            seen.setdefault((agencies.display, index), (agencies, index))
    return list(seen.values())


# What the fingerprint leaves out: the importer's mark, the approval itself, and the disclosure
# decision (a recorded basis with its own who/when/reference, read by the 附注 gate directly).
_NOT_FINGERPRINTED = {"review", "approval", "disclosure"}


def fingerprint(raw: RawContent, file: LoadedFile, units=None) -> str:
    """A short sha256 of everything a reader of the plan sees: the whole plan file (id, title,
    period, notice and portal fields, preamble, sections and tasks with their words, notes, units
    and roles, targets and theme overrides, closing, notes, replaced_by, the source's name,
    sha256 and address) but its review mark, approval and disclosure decision; the received
    file's bytes; its jurisdiction's entry; and the entries (id, name, aliases, kind, collective)
    of the units it names. An approval records it; a change to any of these holds the plan again.

    Fields left at their defaults are left out, so a field added to the schema later does not
    change the fingerprint of a plan that does not use it."""
    entry = file.entry
    named = []
    for agencies, index in plan_units(raw, file, units):
        unit = agencies.entry.units[index]
        named.append({"id": unit.id, "name": unit.name, "aliases": list(unit.aliases), "kind": unit.kind,
                      "collective": unit.collective})
    own = next((f.entry.jurisdiction for f in raw.agencies if f.entry.jurisdiction.id == entry.jurisdiction), None)
    source = raw.root / "sources" / entry.source.file
    parse = {"plan": entry.model_dump(mode="json", exclude=_NOT_FINGERPRINTED, exclude_defaults=True),
             "jurisdiction": own.model_dump(mode="json") if own else entry.jurisdiction,
             "source": hashlib.sha256(source.read_bytes()).hexdigest() if source.is_file() else None,
             "units": named}
    text = json.dumps(parse, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def review_hold(raw: RawContent, file: LoadedFile, units=None) -> str | None:
    """Why the review gate holds this plan, or None. The only release is an approval whose
    fingerprint matches the parse as it is now."""
    entry = file.entry
    units = units or _units_by_name(raw)
    if entry.review is not None:
        return _("imported and not yet approved (review: {value})").format(value=entry.review)
    drafts = [agencies.entry.units[index].name for agencies, index in plan_units(raw, file, units)
              if agencies.entry.units[index].draft]
    if entry.approval is None:
        if drafts:
            return _("names units the importer added and no person has approved: {names}").format(names="、".join(drafts))
        return None
    now = fingerprint(raw, file, units)
    if now != entry.approval.fingerprint:
        return _("its parse changed since {by} approved it on {date} (fingerprint {then}, now {now})").format(
            by=entry.approval.by, date=entry.approval.date.isoformat(), then=entry.approval.fingerprint, now=now)
    if drafts:
        return _("names units still marked draft: {names}").format(names="、".join(drafts))
    return None


def review_holds(raw: RawContent) -> dict[str, str]:
    """plan id → why the review gate holds it, for every held plan."""
    units = _units_by_name(raw)
    holds = {}
    for file in raw.plans:
        reason = review_hold(raw, file, units)
        if reason:
            holds[file.entry.id] = reason
    return holds


def review_warnings(raw: RawContent) -> list[str]:
    """For `check`: each plan held for review, where, why and how to release it; then each
    jurisdiction without a parent and each unit without a kind (a person fills them in)."""
    warnings = []
    units = _units_by_name(raw)
    for file in raw.plans:
        reason = review_hold(raw, file, units)
        if reason:
            key = next((k for k in ("review", "approval") if (k,) in file.lines), "id")
            warnings.append(_("warning: {where}: {label}, held from the public site: {reason}; list what to check with "
                              "`python -m generator review {plan}`, then approve it with "
                              "`python -m generator approve {plan} --by NAME` (docs/office.md)")
                            .format(where=f"{file.display}:{file.line((key,))}", label=PENDING_LABEL, reason=reason,
                                    plan=file.entry.id))
    for file in raw.agencies:
        warnings += [_("note: {item}").format(item=item) for item in agencies_gaps(file)]
    return warnings


def agencies_gaps(file: LoadedFile, only: set[int] | None = None) -> list[str]:
    """A jurisdiction without a parent, units without a kind (those in `only`, when given)."""
    gaps = []
    entry = file.entry
    if not entry.jurisdiction.parent:
        gaps.append(_("{where}: jurisdiction `{name}` has no parent (上级行政区): write it, e.g. `parent: 山西省晋城市`")
                    .format(where=f"{file.display}:{file.line(('jurisdiction', 'parent'))}", name=entry.jurisdiction.name))
    for index, unit in enumerate(entry.units):
        if unit.kind is None and not unit.collective and (only is None or index in only):
            gaps.append(_("{where}: unit `{name}` has no kind: choose one from content/kinds.yaml")
                        .format(where=f"{file.display}:{file.line(('units', index))}", name=unit.name))
    return gaps


def review_list(raw: RawContent, plan_id: str, content: Content | None = None) -> list[str]:
    """What still needs a person in one plan, each with file and line: draft units, units
    without a kind, a jurisdiction without a parent, themes assigned only by keyword (as the
    site assigns them: `content` is the linked content, linked here when not given), and
    fields the document did not state (null, shown as 未载明)."""
    file = next((f for f in raw.plans if f.entry.id == plan_id), None)
    if file is None:
        raise KeyError(plan_id)
    plan = next(p for p in (content or link(raw)).plans if p.id == plan_id)
    entry = file.entry
    units = _units_by_name(raw)
    items = []
    reason = review_hold(raw, file, units)
    if reason:
        items.append(_("{where}: {label}: {reason}").format(where=file.display, label=PENDING_LABEL, reason=reason))
    used = plan_units(raw, file, units)
    for agencies, index in used:
        unit = agencies.entry.units[index]
        if unit.draft:
            items.append(_("{where}: unit `{name}` was added by the importer (draft): check its name, aliases, kind "
                           "and collective").format(where=f"{agencies.display}:{agencies.line(('units', index))}",
                                                   name=unit.name))
    by_file: dict[str, tuple[LoadedFile, set[int]]] = {}
    for agencies, index in used:
        by_file.setdefault(agencies.display, (agencies, set()))[1].add(index)
    own = next((f for f in raw.agencies if f.entry.jurisdiction.id == entry.jurisdiction), None)
    if own is not None and own.display not in by_file:
        by_file[own.display] = (own, set())
    for agencies, indexes in by_file.values():
        items += agencies_gaps(agencies, indexes)
    items += _keyword_themes(file, plan)
    items += import_gaps(file)
    missing = [f"notice.{name}" for name, value in entry.notice
               if value is None and name not in PORTAL_FIELDS + ("registration_number",)]  # 登记号: normative documents only
    missing += [name for name in ("title", "period") if getattr(entry, name) is None]
    if missing:
        items.append(_("{where}: not stated in the document (shown as 未载明), confirm against the source: {fields}")
                     .format(where=file.display, fields=", ".join(missing)))
    portal = [f"notice.{name}" for name in PORTAL_FIELDS if getattr(entry.notice, name) is None]
    if entry.source.url is None:
        portal.append("source.url")
    if portal:
        items.append(_("{where}: the disclosure portal's fields are not recorded (shown as 未载明): copy them from "
                       "the government's publication if it has them: {fields}")
                     .format(where=file.display, fields=", ".join(portal)))
    return items


def _keyword_themes(file: LoadedFile, plan: Plan) -> list[str]:
    """Tasks placed in themes by keyword alone (no `themes:` set by a person), with the themes
    the site gives them: the linked plan's, so the rules (words, title, the headings above)
    are loading/rules.py's and nowhere else. The plan's tasks are built from the file's in
    order, so the two trees are walked side by side for the file's lines."""
    found = []

    def check(entry: TaskEntry, task: Task, path: YamlPath) -> None:
        if entry.themes is None and task.themes:
            found.append(_("{where}: task {label} is in {themes} by keyword only: confirm, or set `themes:`")
                         .format(where=f"{file.display}:{file.line(path)}", label=task.label,
                                 themes="、".join(t.name for t in task.themes)))
        for index, (item_entry, item) in enumerate(zip(entry.items, task.items, strict=True)):
            check(item_entry, item, path + ("items", index))

    def walk(entries: list[SectionEntry], sections: list[Section], path: YamlPath) -> None:
        for index, (entry, section) in enumerate(zip(entries, sections, strict=True)):
            here = path + ("sections", index)
            for t_index, (task_entry, task) in enumerate(zip(entry.tasks, section.tasks, strict=True)):
                check(task_entry, task, here + ("tasks", t_index))
            walk(entry.sections, section.sections, here)

    walk(file.entry.sections, plan.sections, ())
    return found
