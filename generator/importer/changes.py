"""What a re-import would change in a plan file that exists: field by field, with lines.

A person corrects an imported plan by hand (a task's wording, the responsibility rule, the
发文机关标志); importing the source again must not undo that silently. The importer compares
what it would write with what the file holds and lists each difference with its path and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..i18n import _
from ..loading import ContentErrors, YamlPath, read_yaml
from .errors import ImportProblem

# What a person decides, never the importer: carried over into a replaced file.
DECISIONS = ("disclosure", "notes", "approval")
SHOWN = 60  # characters of a value shown in a difference


@dataclass(frozen=True)
class Change:
    """One value that differs: where it is, what the file has, what the import would write."""

    path: YamlPath
    line: int | None
    old: Any
    new: Any

    def describe(self, display: str) -> str:
        where = f"{display}:{self.line}" if self.line else display
        return _("{where}: {field}: the file has {old}, the import gives {new}").format(
            where=where, field=field_name(self.path), old=_shown(self.old), new=_shown(self.new))


@dataclass(frozen=True)
class Previous:
    """The plan file as it is before the import: its data and the line of every value."""

    data: Any
    lines: dict[YamlPath, int]


def read_previous(path: Path, display: str) -> Previous | None:
    """The existing plan file, or None when there is none; unreadable ones are refused."""
    if not path.exists():
        return None
    try:
        data, lines = read_yaml(path, display)
    except ContentErrors as exc:
        raise ImportProblem(str(path), _("exists but cannot be read ({problem}): fix or remove it, "
                                         "then import again").format(problem=exc.errors[0].message)) from None
    return Previous(data, lines)


def carry_decisions(plan: dict, previous: Previous | None) -> None:
    """Keep what a person decided in the existing file: disclosure basis, notes, approval."""
    if previous is None or not isinstance(previous.data, dict):
        return
    for key in DECISIONS:
        if key in previous.data:
            plan[key] = previous.data[key]


def changes(previous: Previous, new_text: str) -> list[Change]:
    """Every value where the file differs from the import's text (layout and quoting aside)."""
    found: list[Change] = []
    new = yaml.load(new_text, Loader=_TextDates)
    _compare(previous.data, new, (), found, previous.lines)
    return found


class _TextDates(yaml.SafeLoader):
    """Dates as text, as loading reads them, so both sides compare alike."""


_TextDates.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _compare(old: Any, new: Any, path: YamlPath, found: list[Change], lines: dict[YamlPath, int]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            _compare(old.get(key), new.get(key), path + (key,), found, lines)
    elif isinstance(old, list) and isinstance(new, list):
        for index in range(max(len(old), len(new))):
            _compare(old[index] if index < len(old) else None, new[index] if index < len(new) else None,
                     path + (index,), found, lines)
    elif old != new or type(old) is not type(new):
        found.append(Change(path, _line(lines, path), old, new))


def _line(lines: dict[YamlPath, int], path: YamlPath) -> int | None:
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def field_name(path: YamlPath) -> str:
    """sections[0].tasks[2].text, as messages of `check` name fields."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _shown(value: Any) -> str:
    if value is None:
        return _("nothing")
    text = value if isinstance(value, str) else yaml.safe_dump(value, allow_unicode=True, default_flow_style=True,
                                                                width=10_000).strip()
    text = text.replace("\n", "⏎")
    return f"“{text[:SHOWN]}…”" if len(text) > SHOWN else f"“{text}”"
