"""The review page's forms: each posted form names its edit (`edit`), and its fields become the
arguments of one function of edits.py. Which document an edit changes (the plan file, or the
jurisdiction's agencies file) is said here, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from werkzeug.datastructures import MultiDict

from ..i18n import N_, _
from . import edits

# The notice's elements, as GB/T 9704 names them, in the order of the page.
NOTICE_FIELDS = {
    "issuer_mark": N_("issuer mark (发文机关标志)"), "doc_number": N_("document number (发文字号)"),
    "title": N_("title (标题)"), "addressees": N_("addressees (主送机关)"), "body": N_("body (正文)"),
    "signatory": N_("signatory (发文机关署名)"), "date_signed": N_("date signed (成文日期)"),
    "annotation": N_("annotation (附注)"), "copied_to": N_("copied to (抄送机关)"),
    "printed_by": N_("printed by (印发机关)"), "date_printed": N_("date printed (印发日期)"),
    "index_number": N_("index number (索引号)"), "subject": N_("subject (主题分类)"),
    "date_published": N_("date published (发布日期)"), "validity": N_("validity (有效性)"),
    "disclosure_method": N_("disclosure method (公开方式)"),
}
ROLE_NAMES = {"lead": "牵头", "responsible": "负责", "supporting": "配合"}  # the documents' own words


@dataclass
class Documents:
    """The two files a review page edits, loaded for round-trip editing, and what they may name."""

    plan: Any
    agencies: Any
    kinds: dict[str, str]  # id → Chinese name
    themes: dict[str, str]


def _int(form: MultiDict, name: str) -> int:
    try:
        return int(form.get(name, ""))
    except ValueError:
        raise edits.EditProblem(name, _("the form is incomplete: reload the page")) from None


def _notice(form: MultiDict, docs: Documents) -> str:
    field = form.get("field", "")
    if field not in NOTICE_FIELDS:
        raise edits.EditProblem("field", _("`{field}` is not a field of the notice").format(field=field))
    edits.set_notice(docs.plan, field, form.get("value", ""))
    return _("notice field {field} set").format(field=_(NOTICE_FIELDS[field]))


def _unit(form: MultiDict, docs: Documents) -> str:
    index = _int(form, "unit")
    edits.set_kind(docs.agencies, index, form.get("kind", ""), docs.kinds)
    edits.set_aliases(docs.agencies, index, form.get("aliases", ""))
    edits.set_collective(docs.agencies, index, form.get("collective") == "yes")
    return _("unit {name} corrected").format(name=docs.agencies["units"][index]["name"])


def _merge_unit(form: MultiDict, docs: Documents) -> str:
    index = _int(form, "unit")
    name = docs.agencies["units"][index]["name"] if 0 <= index < len(docs.agencies.get("units") or []) else ""
    into = edits.merge_unit(docs.agencies, index, _int(form, "into"))
    return _("{name} is now another spelling of {into}").format(name=name, into=into)


def _parent(form: MultiDict, docs: Documents) -> str:
    edits.set_parent(docs.agencies, form.get("parent", ""))
    return _("the jurisdiction's parent set")


def _units(form: MultiDict, docs: Documents) -> str:
    names, roles, drop = form.getlist("name"), form.getlist("role"), set(form.getlist("drop"))
    rows = [(n.strip(), r) for i, (n, r) in enumerate(zip(names, roles)) if n.strip() and str(i) not in drop]
    edits.set_units(docs.plan, form.get("path", ""), rows)
    return _("units of {label} set").format(label=form.get("label", ""))


def _note(form: MultiDict, docs: Documents) -> str:
    node = edits.node_at(docs.plan, form.get("path", ""))
    whole = (node.get("text") or "") + (node.get("note") or "")
    words = form.get("note", "")
    if words and not whole.endswith(words):
        raise edits.EditProblem("note", _("the note must be the last words of the text as it stands, "
                                          "copied exactly (or empty for no note)"))
    edits.move_note(docs.plan, form.get("path", ""), len(whole) - len(words) if words else len(whole))
    return _("text and note of {label} set").format(label=form.get("label", ""))


def _split(form: MultiDict, docs: Documents) -> str:
    label = edits.split_task(docs.plan, form.get("path", ""), form.get("words", ""))
    return _("task {label} split off").format(label=label)


def _merge(form: MultiDict, docs: Documents) -> str:
    edits.merge_with_next(docs.plan, form.get("path", ""))
    return _("task {label} merged with the next").format(label=form.get("label", ""))


def _themes(form: MultiDict, docs: Documents) -> str:
    chosen = {t: form.get(f"theme-{t}", "auto") for t in docs.themes}
    edits.set_themes(docs.plan, form.get("path", ""), [t for t, v in chosen.items() if v == "add"],
                     [t for t, v in chosen.items() if v == "remove"], set(docs.themes))
    return _("themes of {label} set").format(label=form.get("label", ""))


def _target(form: MultiDict, docs: Documents) -> str:
    comparison = form.get("comparison") if "comparison" in form else None
    edits.set_target(docs.plan, form.get("path", ""), _int(form, "target"), form.get("value", ""),
                     form.get("unit", ""), comparison)
    return _("target of {label} set").format(label=form.get("label", ""))


# edit name → (which file it changes, the function)
EDITS: dict[str, tuple[str, Callable[[MultiDict, Documents], str]]] = {
    "notice": ("plan", _notice), "unit": ("agencies", _unit), "merge-unit": ("agencies", _merge_unit),
    "parent": ("agencies", _parent), "units": ("plan", _units), "note": ("plan", _note),
    "split": ("plan", _split), "merge": ("plan", _merge), "themes": ("plan", _themes), "target": ("plan", _target),
}


def apply(form: MultiDict, docs: Documents) -> tuple[str, str]:
    """Apply the posted edit; (which file changed, what was done). EditProblem for bad input."""
    name = form.get("edit", "")
    if name not in EDITS:
        raise edits.EditProblem("edit", _("unknown correction `{edit}`").format(edit=name))
    which, function = EDITS[name]
    return which, function(form, docs)
