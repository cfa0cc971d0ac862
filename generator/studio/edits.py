"""The corrections a person makes in the studio, as edits of the YAML documents themselves.

Files are read and written with ruamel.yaml's round-trip mode, so comments, key order and
quoting survive a save; only the values an edit touches change. Each edit checks its own
input (a path into the plan, words that must occur in a task's text) and raises EditProblem
with a message for the field; whether the result is valid content is `check`'s business
(store.Store.validate), not this module's.

The document's characters never change: moving words between a task's text and its note,
splitting a task where the document starts a new number, merging two tasks (the second's
label goes back into the text) only move the boundaries.
"""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..i18n import _
from ..importer.numbering import parse_label

ROLES = ("lead", "responsible", "supporting")
DATE_FIELDS = ("date_signed", "date_printed", "date_published")
_STEPS = ("sections", "tasks", "items", "statements")


class EditProblem(Exception):
    """The input of an edit cannot be used: the message says why, for the field it names."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _yaml() -> YAML:
    yaml = YAML()  # round-trip: comments, order and quotes are kept
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)  # the importer's layout (lists indented under their key)
    yaml.width = 100_000  # long Chinese lines stay on one line, as the importer writes them
    yaml.representer.add_representer(type(None), _null)
    return yaml


def _null(representer, _value):
    """`null` written out, as the importer writes it (ruamel leaves the value empty)."""
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def load(text: str) -> Any:
    return _yaml().load(text)


def dump(document: Any) -> str:
    out = io.StringIO()
    _yaml().dump(document, out)
    return out.getvalue()


def parse_path(path: str) -> tuple[str | int, ...]:
    """`sections.0.tasks.2` → ("sections", 0, "tasks", 2); only the plan's own steps are allowed."""
    parts = path.split(".") if path else []
    if not parts or len(parts) % 2:
        raise EditProblem("path", _("`{path}` is not a place in the plan").format(path=path))
    steps: list[str | int] = []
    for key, index in zip(parts[::2], parts[1::2]):
        if key not in _STEPS or not index.isdigit():
            raise EditProblem("path", _("`{path}` is not a place in the plan").format(path=path))
        steps += [key, int(index)]
    return tuple(steps)


def node_at(document: Any, path: str) -> CommentedMap:
    """The task, statement or section at `path` in the plan document."""
    node = document
    for step in parse_path(path):
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            raise EditProblem("path", _("`{path}` is not a place in the plan").format(path=path)) from None
    if not isinstance(node, CommentedMap):
        raise EditProblem("path", _("`{path}` is not a place in the plan").format(path=path))
    return node


def _parent_list(document: Any, path: str) -> tuple[CommentedSeq, int]:
    steps = parse_path(path)
    node_at(document, path)
    container = document
    for step in steps[:-1]:
        container = container[step]
    return container, int(steps[-1])


# The notice ---------------------------------------------------------------------------------

def set_notice(document: Any, field: str, value: str) -> None:
    """Set one element of the notice; an empty value is null (未载明)."""
    notice = document.setdefault("notice", CommentedMap())
    if field not in notice and field not in DATE_FIELDS + ("index_number", "subject", "validity",
                                                           "disclosure_method"):
        raise EditProblem(field, _("`{field}` is not a field of the notice").format(field=field))
    value = value.strip()
    if not value:
        notice[field] = None
    elif field in DATE_FIELDS:
        try:
            notice[field] = datetime.date.fromisoformat(value)
        except ValueError:
            raise EditProblem(field, _("`{value}` is not a date: write it as 2024-04-02").format(value=value)) from None
    else:
        notice[field] = value


# Units and the jurisdiction (the agencies file) ---------------------------------------------

def _unit(agencies: Any, index: int) -> CommentedMap:
    units = agencies.get("units") or []
    if not 0 <= index < len(units):
        raise EditProblem("unit", _("there is no unit {n} in the agencies file").format(n=index + 1))
    return units[index]


def set_kind(agencies: Any, index: int, kind: str, known: dict[str, str]) -> None:
    """A unit's kind, chosen among content/kinds.yaml's (empty: none yet)."""
    if kind and kind not in known:
        raise EditProblem("kind", _("`{kind}` is not a kind of content/kinds.yaml").format(kind=kind))
    _unit(agencies, index)["kind"] = kind or None


def set_collective(agencies: Any, index: int, collective: bool) -> None:
    _unit(agencies, index)["collective"] = collective


def set_aliases(agencies: Any, index: int, text: str) -> None:
    """A unit's other spellings, one per line."""
    names = [line.strip() for line in text.splitlines() if line.strip()]
    _unit(agencies, index)["aliases"] = CommentedSeq(dict.fromkeys(names))


def merge_unit(agencies: Any, index: int, into: int) -> str:
    """Make unit `index` another spelling of unit `into`: its name and aliases become aliases of
    `into`, and its entry goes. The plans keep the names they print; loading maps them to `into`."""
    if index == into:
        raise EditProblem("into", _("choose another unit to merge into"))
    unit, target = _unit(agencies, index), _unit(agencies, into)
    aliases = target.get("aliases")
    if aliases is None:
        target["aliases"] = aliases = CommentedSeq()
    for name in (unit["name"], *(unit.get("aliases") or [])):
        if name not in aliases and name != target["name"]:
            aliases.append(name)
    del agencies["units"][index]
    return str(target["name"])


def set_parent(agencies: Any, parent: str) -> None:
    agencies["jurisdiction"]["parent"] = parent.strip() or None


# Tasks --------------------------------------------------------------------------------------

def set_units(document: Any, path: str, rows: list[tuple[str, str]]) -> None:
    """A task's (or statement's) units and their roles, as the rows of the form give them."""
    node = node_at(document, path)
    units = CommentedSeq()
    for name, role in rows:
        if role not in ROLES:
            raise EditProblem("role", _("`{role}` is not a role").format(role=role))
        entry = CommentedMap()
        entry["name"] = name
        entry["role"] = role
        units.append(entry)
    node["units"] = units


def move_note(document: Any, path: str, note_from: int) -> None:
    """Put the boundary between text and note at character `note_from` of the two together:
    the characters stay the same and in the same order, only which part holds them changes."""
    node = node_at(document, path)
    whole = (node.get("text") or "") + (node.get("note") or "")
    if not 0 < note_from <= len(whole):
        raise EditProblem("note_from", _("the note must start inside the text (after character 1, at most {n})")
                          .format(n=len(whole)))
    node["text"] = whole[:note_from]
    if note_from == len(whole):
        node["note"] = None
    else:
        node["note"] = whole[note_from:]


def split_task(document: Any, path: str, words: str) -> str:
    """Split a task where its text reaches `words`, which must start with the document's own
    number for the second task (2. or （二）): the second task takes that number as its label,
    the rest of the text, the note, the units and the targets its words hold."""
    container, index = _parent_list(document, path)
    task = container[index]
    if "statements" in task and task["statements"] is not None or task.get("items"):
        raise EditProblem("words", _("a task with statements or sub-items cannot be split here: edit the file"))
    text = task.get("text") or ""
    words = words.strip()
    at = text.find(words) if words else -1
    if at <= 0 or text.find(words, at + 1) != -1:
        raise EditProblem("words", _("the words must occur exactly once in the task's text, after its start"))
    label = parse_label(text[at:])
    if label is None:
        raise EditProblem("words", _("the second task must start with its number as the document prints it "
                                     "(2. or （二）): nothing else can be split"))
    rest = text[at + len(text[at:]) - len(label.rest):]
    second = CommentedMap()
    second["label"] = text[at:at + len(text[at:]) - len(label.rest)].strip() or label.label
    second["text"] = rest
    second["note"] = task.get("note")
    second["units"] = task.get("units") or CommentedSeq()
    targets = task.get("targets") or []
    second["targets"] = CommentedSeq(t for t in targets if t["text"] in rest)
    task["text"] = text[:at]
    task["note"] = None
    task["units"] = CommentedSeq()
    task["targets"] = CommentedSeq(t for t in targets if t["text"] not in rest)
    container.insert(index + 1, second)
    return str(second["label"])


def merge_with_next(document: Any, path: str) -> None:
    """Join a task with the next one at its level: the second's label goes back into the text
    (the importer read a number inside a sentence as a new task); the note is the second's,
    with the units it names; the targets join."""
    container, index = _parent_list(document, path)
    if index + 1 >= len(container):
        raise EditProblem("merge", _("this is the last task at its level: there is no next task to merge"))
    first, second = container[index], container[index + 1]
    for task in (first, second):
        if task.get("statements") is not None or task.get("items"):
            raise EditProblem("merge", _("a task with statements or sub-items cannot be merged here: edit the file"))
    first["text"] = "".join(filter(None, [first.get("text"), first.get("note"), second["label"], second.get("text")]))
    first["note"] = note = second.get("note")
    units = CommentedSeq()
    for unit in [*(first.get("units") or []), *(second.get("units") or [])]:
        # a unit belongs to the note that names it: the first's note is now words of the text
        if all(u["name"] != unit["name"] for u in units) and (note is None or unit["name"] in note):
            units.append(unit)
    first["units"] = units
    first["targets"] = CommentedSeq([*(first.get("targets") or []), *(second.get("targets") or [])])
    del container[index + 1]


def set_themes(document: Any, path: str, add: list[str], remove: list[str], known: set[str]) -> None:
    """A person's theme decision for a task: themes added, themes removed (an empty decision
    still confirms the keywords' choice, so the task leaves the review list)."""
    node = node_at(document, path)
    unknown = [t for t in (*add, *remove) if t not in known]
    if unknown:
        raise EditProblem("themes", _("unknown theme `{id}`").format(id=unknown[0]))
    if set(add) & set(remove):
        raise EditProblem("themes", _("a theme cannot be both added and removed"))
    themes = CommentedMap()
    themes["add"] = CommentedSeq(add)
    themes["remove"] = CommentedSeq(remove)
    node["themes"] = themes


def set_target(document: Any, path: str, index: int, value: str, unit: str,
               comparison: str | None = None) -> None:
    """A target's number, unit (and comparison, where the schema has one)."""
    node = node_at(document, path)
    targets = node.get("targets") or []
    if not 0 <= index < len(targets):
        raise EditProblem("target", _("there is no target {n} in this task").format(n=index + 1))
    text = value.strip().replace(",", "")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise EditProblem("value", _("`{value}` is not a number: write digits, e.g. 95 or 1.2").format(value=value))
    number = float(text)
    targets[index]["value"] = int(number) if number.is_integer() and "." not in text else number
    targets[index]["unit"] = unit.strip()
    if comparison:  # where the schema has it: at-least / at-most / exactly (check refuses anything else)
        targets[index]["comparison"] = comparison
