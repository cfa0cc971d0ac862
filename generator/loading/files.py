"""Finding the files of content/ and validating each one on its own, against its schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .. import schema
from ..i18n import _
from .errors import ContentError, ContentErrors
from .messages import describe
from .safe_yaml import YamlPath, read_yaml

Model = TypeVar("Model", bound=BaseModel)


@dataclass
class LoadedFile:
    """A validated file with the line of every value, for messages about cross-references."""

    path: Path
    display: str
    entry: Any
    lines: dict[YamlPath, int]

    def line(self, path: YamlPath) -> int | None:
        """Line of the value at `path`, or of the nearest enclosing value that has one."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None


@dataclass
class RawContent:
    """Every content file, validated one by one but not yet linked."""

    root: Path
    kinds: LoadedFile
    themes: LoadedFile
    plans: list[LoadedFile] = field(default_factory=list)
    agencies: list[LoadedFile] = field(default_factory=list)
    synonyms: LoadedFile | None = None  # content/synonyms.yaml: optional
    reports: list[LoadedFile] = field(default_factory=list)  # content/reports/: optional


def validate(data: Any, lines: dict[YamlPath, int], model: type[Model], display: str, path: Path) -> LoadedFile:
    """Check one file's data against its schema; all problems at once, each with its line."""
    try:
        entry = model.model_validate(data)
    except ValidationError as exc:
        problems = []
        loaded = LoadedFile(path, display, None, lines)
        for error in exc.errors():
            loc, message = describe(error)
            problems.append(ContentError(display, loaded.line(loc), message))
        raise ContentErrors(problems) from None
    return LoadedFile(path, display, entry, lines)


def outside(path: Path, root: Path) -> str | None:
    """Where a link (or a file in a linked folder) leads when that is out of content/, else None.

    Content is what an editor put under content/; a link out of it would publish whatever it
    points at (another project's drafts, /etc/passwd)."""
    try:
        target = path.resolve()
        inside = target.is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return str(path)
    return None if inside else str(target)


def outside_problem(display: str, target: str) -> ContentError:
    return ContentError(display, None, _("is a link to a file outside content/ ({target}): copy the file into "
                                         "content/ instead, or remove the link").format(target=target))


def _load_list(path: Path, display: str, model: type[Model]) -> LoadedFile:
    data, lines = read_yaml(path, display)
    if not isinstance(data, list):
        raise ContentErrors([ContentError(display, 1, _("must be a list of entries, each starting with `- `"))])
    entries, problems = [], []
    for index, item in enumerate(data):
        sub_lines = {k[1:]: v for k, v in lines.items() if k[:1] == (index,)}
        try:
            entries.append(validate(item, sub_lines, model, display, path).entry)
        except ContentErrors as exc:
            problems.extend(exc.errors)
    if problems:
        raise ContentErrors(problems)
    return LoadedFile(path, display, entries, lines)


def read_content(root: Path) -> RawContent:
    """Read and validate every file of content/ on its own; collect every problem."""
    root = Path(root)
    files: dict[str, list[LoadedFile]] = {"plans": [], "agencies": [], "reports": []}
    lists: dict[str, LoadedFile | None] = {"kinds": None, "themes": None}
    problems: list[ContentError] = []

    def display(path: Path) -> str:
        try:
            return str(path.relative_to(root.parent))
        except ValueError:
            return str(path)

    def attempt(fn, *args):
        try:
            return fn(*args)
        except ContentErrors as exc:
            problems.extend(exc.errors)
            return None

    for kind, folder, model in (("plans", "plans", schema.PlanFile), ("agencies", "agencies", schema.AgenciesFile),
                                ("reports", "reports", schema.ReportFile)):
        directory = root / folder
        if kind == "reports" and not directory.exists():
            continue  # a site without progress reports
        if not directory.is_dir():
            problems.append(ContentError(display(directory), None, _("is missing: create the folder")))
            continue
        for path in sorted(directory.iterdir()):
            if path.name.startswith(".") or path.is_dir():
                continue
            if path.suffix not in (".yaml", ".yml"):
                problems.append(ContentError(display(path), None, _("is not a .yaml file: rename or move it")))
                continue
            target = outside(path, root)
            if target is not None:
                problems.append(outside_problem(display(path), target))
                continue
            loaded = attempt(lambda p: validate(*read_yaml(p, display(p)), model, display(p), p), path)
            if loaded:
                files[kind].append(loaded)
    for name, entry_model in (("kinds", schema.KindEntry), ("themes", schema.ThemeEntry)):
        path = root / f"{name}.yaml"
        if not path.exists():
            problems.append(ContentError(display(path), None, _("is missing: create it (see docs/content-format.md)")))
            continue
        target = outside(path, root)
        if target is not None:
            problems.append(outside_problem(display(path), target))
            continue
        lists[name] = attempt(_load_list, path, display(path), entry_model)
    kinds, themes = lists["kinds"], lists["themes"]
    synonyms = root / "synonyms.yaml"  # optional: a site without a vocabulary searches the words as typed
    synonyms_file = None
    if synonyms.exists():
        target = outside(synonyms, root)
        if target is not None:
            problems.append(outside_problem(display(synonyms), target))
        else:
            synonyms_file = attempt(_load_list, synonyms, display(synonyms), schema.SynonymsEntry)
    if problems or kinds is None or themes is None:
        raise ContentErrors(problems)
    return RawContent(root, kinds, themes, synonyms=synonyms_file, **files)
