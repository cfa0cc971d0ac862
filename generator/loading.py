"""Loading and validating content/: YAML in, a linked `Content` (or every problem) out.

Each problem is reported with its file and line and a plain message, all at once, so an
editor can fix a file in one pass. Nothing here raises anything but `ContentErrors`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from . import schema
from .labels import label_number
from .model import (
    Agency,
    Assignment,
    Content,
    Disclosure,
    DisclosureBasis,
    DisclosureStatus,
    Jurisdiction,
    Kind,
    Metric,
    Notice,
    Plan,
    Role,
    Section,
    Source,
    Statement,
    Target,
    Task,
    Theme,
)

MAX_FILE_BYTES = 8 * 1024 * 1024
RESERVED_JURISDICTIONS = {"kinds"}  # agencies/kinds/ holds the pages of kinds of unit (urls.kind)
Model = TypeVar("Model", bound=BaseModel)
Path_ = tuple[Any, ...]


@dataclass(frozen=True, order=True)
class ContentError:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class ContentErrors(Exception):
    """Every problem found in content/, each with file, line and what to do."""

    def __init__(self, errors: Iterable[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(map(str, self.errors)))


@dataclass
class LoadedFile:
    """A validated file with the line of every value, for messages about cross-references."""

    path: Path
    display: str
    entry: Any
    lines: dict[Path_, int]

    def line(self, path: Path_) -> int | None:
        """Line of the value at `path`, or of the nearest enclosing value that has one."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None


@dataclass
class RawContent:
    """Every content file, validated one by one but not yet linked."""

    root: Path
    plans: list[LoadedFile] = field(default_factory=list)
    agencies: list[LoadedFile] = field(default_factory=list)
    kinds: LoadedFile | None = None
    themes: LoadedFile | None = None


MAX_DEPTH = 40  # real plans nest about 8 deep; deeper is a broken file, not a plan


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text and refuses aliases and absurd nesting.

    Content files have no use for `*alias` references: refusing them keeps a file from
    referring to itself (endless recursion) or multiplying itself (a "billion laughs").
    """

    depth = 0

    class Refused(yaml.composer.ComposerError):
        """A construct YAML allows but content files may not use."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise self.Refused(None, None, f"uses the alias *{event.anchor}: write the value out in full",
                               event.start_mark)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise self.Refused(None, None, f"nests values more than {MAX_DEPTH} levels deep: "
                                   "check the indentation", self.peek_event().start_mark)
            return yaml.composer.Composer.compose_node(self, parent, index)
        finally:
            self.depth -= 1


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_FastLoader = None
if getattr(yaml, "__with_libyaml__", False):
    class _FastLoader(yaml.composer.Composer, yaml.cyaml.CParser, yaml.constructor.SafeConstructor,
                      yaml.resolver.Resolver):
        """_Loader with libyaml's scanner and parser: six times faster on a thousand plans.

        Composing (where aliases and nesting are refused) stays _Loader's Python code."""

        depth = 0
        Refused = _Loader.Refused
        compose_node = _Loader.compose_node
        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

        def __init__(self, stream: str) -> None:
            yaml.cyaml.CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)


_ComposingLoader = None
if getattr(yaml, "__with_libyaml__", False):
    class _ComposingLoader(yaml.cyaml.CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        """libyaml composes as well: three times faster again, for files `_composable_in_c` lets through.

        Its composer expands nothing but shares an aliased node, and recurses on the C stack."""

        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

        def __init__(self, stream: str) -> None:
            yaml.cyaml.CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)


_DEEP_BLOCK = re.compile(r"^[ \t]{200}|^[ \t]*(?:[-?][ \t]+){4}", re.MULTILINE)  # far deeper than any plan
_FLOW_BRACKET = re.compile(r"[\[\]{}]")


def _composable_in_c(text: str) -> bool:
    """No `&` or `*` (so no anchor or alias) and nesting far from what could exhaust the C stack.

    Conservative: a file that fails this (an asterisk in a task's text is enough) is composed
    by _Loader's Python code, which refuses aliases and nesting beyond MAX_DEPTH with a message.
    """
    if "&" in text or "*" in text or _DEEP_BLOCK.search(text):
        return False
    depth = 0
    for bracket in _FLOW_BRACKET.findall(text):  # quoted brackets only make this more cautious
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_DEPTH:
            return False
    return True


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]  # keys count as _Loader counts them
    if isinstance(node, yaml.SequenceNode):
        return node.value
    return []


def _deeper_than(node: yaml.Node, limit: int) -> bool:
    """Whether values nest more than `limit` levels, counted level by level (no recursion)."""
    level = [node]
    for _ in range(limit):
        level = [child for parent in level for child in _children(parent)]
        if not level:
            return False
    return True


def _line_map(node: yaml.Node, path: Path_, lines: dict[Path_, int], duplicates: list[tuple[str, int]]) -> None:
    """Record the line of every value; note keys written twice in one mapping (YAML keeps the last)."""
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if path + (key,) in lines and isinstance(key, str):
                duplicates.append((key, line))
            lines[path + (key,)] = line
            _line_map(value_node, path + (key,), lines, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, path + (index,), lines, duplicates)


def _parse(text: str) -> tuple[Any, yaml.Node | None]:
    """Parse with libyaml when it is there; a file it refuses is parsed again by _Loader,
    whose messages and lines are the ones users see."""
    if _ComposingLoader is not None and _composable_in_c(text):
        try:
            data, node = _parse_with(_ComposingLoader, text)
            if node is None or not _deeper_than(node, MAX_DEPTH):
                return data, node
        except (yaml.YAMLError, ValueError, OverflowError):
            pass
    if _FastLoader is not None:
        try:
            return _parse_with(_FastLoader, text)
        except (yaml.YAMLError, ValueError, OverflowError):
            pass
    return _parse_with(_Loader, text)


def _parse_with(loader_class, text: str) -> tuple[Any, yaml.Node | None]:
    """Compose and construct one YAML document in a single pass."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


def read_yaml(path: Path, display: str) -> tuple[Any, dict[Path_, int]]:
    """Parse one YAML file; raise ContentErrors naming the file and line on any problem."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentErrors([ContentError(display, None, f"cannot be read ({exc.strerror})")]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ContentErrors(
            [ContentError(display, None, f"is {len(raw) // 1024 // 1024} MB; content files are limited to "
                          f"{MAX_FILE_BYTES // 1024 // 1024} MB: split the plan or remove what is not its text")]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentErrors(
            [ContentError(display, line, "is not UTF-8 text: save it as UTF-8 (GB18030 files: "
                          "`iconv -f GB18030 -t UTF-8`)")]
        ) from None
    if not text.strip():
        raise ContentErrors([ContentError(display, None, "is empty: write the content or delete the file")])
    try:
        data, node = _parse(text)
    except _Loader.Refused as exc:
        raise ContentErrors([ContentError(display, exc.problem_mark.line + 1, exc.problem)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "bad YAML"
        raise ContentErrors(
            [ContentError(display, line, f"is not valid YAML ({problem}): check indentation, quotes and colons")]
        ) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 if isinstance(exc.position, int) else None
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        raise ContentErrors([ContentError(display, line, f"holds a control character (#x{char:04x}) "
                                          "that YAML does not allow: delete it")]) from None
    except (yaml.YAMLError, ValueError, OverflowError) as exc:  # e.g. an integer of 5,000 digits
        raise ContentErrors([ContentError(display, None, f"is not valid content ({exc})")]) from None
    lines: dict[Path_, int] = {}
    duplicates: list[tuple[str, int]] = []
    if node is not None:
        _line_map(node, (), lines, duplicates)
    if duplicates:
        raise ContentErrors([ContentError(display, line, f"`{key}` is written twice in the same place: keep one")
                             for key, line in duplicates])
    return data, lines


_HINTS = {
    "missing": "add it",
    "extra_forbidden": "remove it or correct its spelling (see docs/content-format.md)",
    "string_type": "write it as text (quote values such as 1. or 2023)",
    "string_pattern_mismatch": "use lowercase ascii letters, digits and - only",
    "model_type": "write it as fields (`key: value` lines), as docs/content-format.md shows",
    "dict_type": "write it as fields (`key: value` lines), as docs/content-format.md shows",
}


def _describe(error: dict[str, Any]) -> tuple[Path_, str]:
    loc = tuple(part for part in error["loc"] if not (isinstance(part, str) and part.startswith("function-")))
    where = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in loc).replace(".[", "[")
    message = error["msg"]
    if error["type"] == "missing":
        message = "is required"
    if error["type"] == "extra_forbidden":
        message = "is not a known field"
    hint = _HINTS.get(error["type"])
    text = f"{where}: {message}" if where else message
    return loc, f"{text}; {hint}" if hint else text


def validate(data: Any, lines: dict[Path_, int], model: type[Model], display: str, path: Path) -> LoadedFile:
    """Check one file's data against its schema; all problems at once, each with its line."""
    try:
        entry = model.model_validate(data)
    except ValidationError as exc:
        problems = []
        loaded = LoadedFile(path, display, None, lines)
        for error in exc.errors():
            loc, message = _describe(error)
            problems.append(ContentError(display, loaded.line(loc), message))
        raise ContentErrors(problems) from None
    return LoadedFile(path, display, entry, lines)


def _load_list(path: Path, display: str, model: type[Model]) -> LoadedFile:
    data, lines = read_yaml(path, display)
    if not isinstance(data, list):
        raise ContentErrors([ContentError(display, 1, "must be a list of entries, each starting with `- `")])
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
    raw = RawContent(root)
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

    for kind, folder, model in (("plans", "plans", schema.PlanFile), ("agencies", "agencies", schema.AgenciesFile)):
        directory = root / folder
        if not directory.is_dir():
            problems.append(ContentError(display(directory), None, "is missing: create the folder"))
            continue
        for path in sorted(directory.iterdir()):
            if path.name.startswith(".") or path.is_dir():
                continue
            if path.suffix not in (".yaml", ".yml"):
                problems.append(ContentError(display(path), None, "is not a .yaml file: rename or move it"))
                continue
            loaded = attempt(lambda p: validate(*read_yaml(p, display(p)), model, display(p), p), path)
            if loaded:
                getattr(raw, kind).append(loaded)
    for name, model in (("kinds", schema.KindEntry), ("themes", schema.ThemeEntry)):
        path = root / f"{name}.yaml"
        if not path.exists():
            problems.append(ContentError(display(path), None, "is missing: create it (see docs/content-format.md)"))
            continue
        setattr(raw, name, attempt(_load_list, path, display(path), model))
    if problems:
        raise ContentErrors(problems)
    return raw


def _disclosure(entry: schema.PlanFile) -> Disclosure:
    annotation = entry.notice.annotation
    if entry.disclosure:
        basis = DisclosureBasis(entry.disclosure.decided_by, entry.disclosure.date, entry.disclosure.reference)
        return Disclosure(DisclosureStatus(entry.disclosure.status), annotation, basis)
    return Disclosure(status_from_annotation(annotation), annotation, None)


def status_from_annotation(annotation: str | None) -> DisclosureStatus:
    """（此件公开发布） → public; （此件依申请公开） → on request; （此件不予公开） → withheld."""
    text = re.sub(r"\s", "", annotation or "")
    if "依申请公开" in text:
        return DisclosureStatus.ON_REQUEST
    if "不予公开" in text or "不公开" in text:
        return DisclosureStatus.WITHHELD
    if "公开发布" in text or "主动公开" in text:
        return DisclosureStatus.PUBLIC
    return DisclosureStatus.UNMARKED


class _Linker:
    """Builds the linked model from validated files, collecting every cross-reference problem."""

    def __init__(self, raw: RawContent):
        self.raw = raw
        self.problems: list[ContentError] = []
        self.kinds = {k.id: Kind(k.id, k.name) for k in raw.kinds.entry}
        self.jurisdictions: dict[str, Jurisdiction] = {}
        self.agencies: list[Agency] = []
        self.names: dict[str, dict[str, Agency]] = {}  # jurisdiction id → name or alias → agency
        self.themes: dict[str, Theme] = {}

    def problem(self, file: LoadedFile, path: Path_, message: str) -> None:
        self.problems.append(ContentError(file.display, file.line(path), message))

    def link_kinds_and_themes(self) -> None:
        self._duplicates(self.raw.kinds, [k.id for k in self.raw.kinds.entry], "kind id")
        self._duplicates(self.raw.themes, [t.id for t in self.raw.themes.entry], "theme id")
        for entry in self.raw.themes.entry:
            theme = Theme(entry.id, entry.name, entry.description, list(entry.keywords))
            theme.metrics = [Metric(m.id, m.name, list(m.keywords), theme) for m in entry.metrics]
            self.themes[entry.id] = theme

    def _duplicates(self, file: LoadedFile, ids: list[str], what: str) -> None:
        seen: dict[str, int] = {}
        for index, value in enumerate(ids):
            if value in seen:
                self.problem(file, (index,), f"{what} `{value}` is used twice (also entry {seen[value] + 1}): "
                                             "make it unique")
            seen.setdefault(value, index)

    def link_agencies(self) -> None:
        for file in self.raw.agencies:
            entry: schema.AgenciesFile = file.entry
            jid = entry.jurisdiction.id
            if file.path.stem != jid:
                self.problem(file, ("jurisdiction", "id"),
                             f"jurisdiction id `{jid}` differs from the file name `{file.path.name}`: rename one")
            if jid in RESERVED_JURISDICTIONS:
                self.problem(file, ("jurisdiction", "id"),
                             f"jurisdiction id `{jid}` is reserved (agencies/{jid}/ is another page): choose another")
                continue
            if jid in self.jurisdictions:
                self.problem(file, ("jurisdiction", "id"), f"jurisdiction `{jid}` is defined twice")
                continue
            jurisdiction = Jurisdiction(jid, entry.jurisdiction.name, entry.jurisdiction.level,
                                        entry.jurisdiction.parent)
            self.jurisdictions[jid] = jurisdiction
            names: dict[str, Agency] = {}
            ids: set[str] = set()
            for index, unit in enumerate(entry.units):
                if unit.id in ids:
                    self.problem(file, ("units", index, "id"), f"unit id `{unit.id}` is used twice: make it unique")
                ids.add(unit.id)
                kind = None
                if unit.kind is not None:
                    kind = self.kinds.get(unit.kind)
                    if kind is None:
                        self.problem(file, ("units", index, "kind"),
                                     f"unknown kind `{unit.kind}`: use an id from content/kinds.yaml or add it there")
                agency = Agency(unit.id, jurisdiction, unit.name, list(unit.aliases), kind, unit.collective,
                                unit.draft)
                for name in [unit.name, *unit.aliases]:
                    if name in names and names[name] is not agency:
                        self.problem(file, ("units", index),
                                     f"the name `{name}` belongs to two units (`{names[name].id}` and `{unit.id}`): "
                                     "keep it on one")
                    names[name] = agency
                self.agencies.append(agency)
                jurisdiction.agencies.append(agency)
                if kind:
                    kind.agencies.append(agency)
            self.names[jid] = names

    def link_plans(self, only: set[str] | None) -> list[Plan]:
        plans: list[Plan] = []
        owners: dict[str, str] = {}
        for file in self.raw.plans:
            entry: schema.PlanFile = file.entry
            if entry.id in owners:
                self.problem(file, ("id",), f"plan id `{entry.id}` is also claimed by {owners[entry.id]}: "
                                            "each plan needs its own id (it is the plan's URL)")
                continue
            owners[entry.id] = file.display
            if file.path.stem != entry.id:
                self.problem(file, ("id",), f"plan id `{entry.id}` differs from the file name `{file.path.name}`: "
                                            "rename the file or change the id")
            plan = self._plan(file, entry)
            if plan is not None and (only is None or plan.id in only):
                plans.append(plan)
        return plans

    def _plan(self, file: LoadedFile, entry: schema.PlanFile) -> Plan | None:
        jurisdiction = self.jurisdictions.get(entry.jurisdiction)
        if jurisdiction is None:
            self.problem(file, ("jurisdiction",),
                         f"unknown jurisdiction `{entry.jurisdiction}`: add content/agencies/{entry.jurisdiction}.yaml")
            return None
        self._check_source(file, entry)
        n = entry.notice
        notice = Notice(n.issuer_mark, n.doc_number, n.title, n.addressees, n.body, n.signatory, n.date_signed,
                        n.annotation, n.copied_to, n.printed_by, n.date_printed)
        plan = Plan(
            id=entry.id, jurisdiction=jurisdiction, title=entry.title, title_complete=entry.title_complete,
            period=(entry.period.start, entry.period.end) if entry.period else None,
            source=Source(entry.source.file, entry.source.sha256), notice=notice,
            header_missing=entry.header_missing, responsibility_rule=entry.responsibility_rule,
            disclosure=_disclosure(entry), preamble=list(entry.preamble), closing=list(entry.closing),
            notes=list(entry.notes),
        )
        anchors: dict[str, Path_] = {}
        plan.sections = [self._section(file, plan, None, s, ("sections", i), anchors, ())
                         for i, s in enumerate(entry.sections)]
        return plan

    def _check_source(self, file: LoadedFile, entry: schema.PlanFile) -> None:
        path = self.raw.root / "sources" / entry.source.file
        if not path.is_file():
            self.problem(file, ("source", "file"),
                         f"source file content/sources/{entry.source.file} does not exist: add the text as received")
            return
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != entry.source.sha256:
            self.problem(file, ("source", "sha256"),
                         f"sha256 of content/sources/{entry.source.file} is {digest}, not the recorded one: "
                         "the source changed since import; check it and record the new sum")

    def _section(self, file, plan, parent, entry: schema.SectionEntry, path: Path_, anchors, numbers) -> Section:
        section = Section(plan, parent, entry.label, entry.title, list(entry.paragraphs))
        number = label_number(entry.label)
        own = numbers + ((number if number is not None else path[-1] + 1),)
        self._sibling_labels(file, path, [t.label for t in entry.tasks], "tasks")
        section.tasks = [self._task(file, plan, section, None, t, path + ("tasks", i), anchors, own)
                         for i, t in enumerate(entry.tasks)]
        section.sections = [self._section(file, plan, section, s, path + ("sections", i), anchors, own)
                            for i, s in enumerate(entry.sections)]
        return section

    def _sibling_labels(self, file, path: Path_, labels: list[str], key: str) -> None:
        seen: set[str] = set()
        for index, label in enumerate(labels):
            if label in seen:
                self.problem(file, path + (key, index, "label"),
                             f"label `{label}` appears twice at this level: correct the numbering")
            seen.add(label)

    def _task(self, file, plan, section, parent, entry: schema.TaskEntry, path: Path_, anchors, numbers) -> Task:
        number = label_number(entry.label)
        own = numbers + ((number if number is not None else path[-1] + 1),)
        anchor = entry.id or "t-" + "-".join(map(str, own))
        if anchor in anchors:
            self.problem(file, path, f"task anchor `{anchor}` is used twice in this plan: give one task an `id:`")
        anchors[anchor] = path
        task = Task(plan, section, parent, anchor, entry.label, entry.title)
        if entry.statements is not None:
            bodies = [(s, path + ("statements", i)) for i, s in enumerate(entry.statements)]
        elif entry.text:
            bodies = [(entry, path)]
        else:
            bodies = []
        for body, body_path in bodies:
            task.statements.append(self._statement(file, plan, task, body, body_path))
        self._sibling_labels(file, path, [t.label for t in entry.items], "items")
        task.items = [self._task(file, plan, section, task, t, path + ("items", i), anchors, own)
                      for i, t in enumerate(entry.items)]
        task.themes = self._themes_of(file, task, entry, path)
        return task

    def _statement(self, file, plan: Plan, task: Task, body, path: Path_) -> Statement:
        statement = Statement(task, body.text, body.note)
        names = self.names.get(plan.jurisdiction.id, {})
        for index, unit in enumerate(body.units):
            agency = names.get(unit.name)
            if agency is None:
                self.problem(file, path + ("units", index, "name"),
                             f"unknown unit `{unit.name}`: add it (or this spelling as an alias) to "
                             f"content/agencies/{plan.jurisdiction.id}.yaml")
                continue
            statement.assignments.append(Assignment(agency, Role(unit.role), unit.name, statement))
        if body.note and body.units:
            for index, unit in enumerate(body.units):
                if unit.name not in body.note:
                    self.problem(file, path + ("units", index, "name"),
                                 f"unit `{unit.name}` is not in the note `{body.note}`: name it as the note writes it")
        for index, target in enumerate(body.targets):
            if target.text not in body.text:
                self.problem(file, path + ("targets", index, "text"),
                             f"target text `{target.text}` is not in the task's text: quote the text exactly")
            if target.measure and target.measure not in body.text:
                self.problem(file, path + ("targets", index, "measure"),
                             f"target measure `{target.measure}` is not in the task's text: quote the text exactly")
            statement.targets.append(Target(target.text, target.measure, target.value, target.unit, target.year,
                                            statement))
        return statement

    def _themes_of(self, file, task: Task, entry: schema.TaskEntry, path: Path_) -> list[Theme]:
        """Themes by keyword in the task's words, its title or the titles of the headings above it; then overrides."""
        haystack = "".join(filter(None, [task.title, task.body, *task.heading_titles]))
        chosen = [t for t in self.themes.values() if any(k in haystack for k in t.keywords)]
        if entry.themes:
            for key in ("add", "remove"):
                for index, theme_id in enumerate(getattr(entry.themes, key)):
                    theme = self.themes.get(theme_id)
                    if theme is None:
                        self.problem(file, path + ("themes", key, index),
                                     f"unknown theme `{theme_id}`: use an id from content/themes.yaml")
                    elif key == "add" and theme not in chosen:
                        chosen.append(theme)
                    elif key == "remove" and theme in chosen:
                        chosen.remove(theme)
        return sorted(chosen, key=list(self.themes.values()).index)

    def content(self, plans: list[Plan]) -> Content:
        """Wire the back-links of the chosen plans only, and drop what no chosen plan names."""
        for plan in plans:
            plan.jurisdiction.plans.append(plan)
            for task in plan.tasks():
                for statement in task.statements:
                    for assignment in statement.assignments:
                        assignment.agency.assignments.append(assignment)
                    for target in statement.targets:
                        target.metric = self._metric(task, target)
                for theme in task.themes:
                    theme.tasks.append(task)
        agencies = [a for a in self.agencies if a.assignments]
        named = set(map(id, agencies))
        for holder in [*self.jurisdictions.values(), *self.kinds.values()]:
            holder.agencies = [a for a in holder.agencies if id(a) in named]
        jurisdictions = [j for j in self.jurisdictions.values() if j.plans]
        kinds = [k for k in self.kinds.values() if k.agencies]
        plans.sort(key=lambda p: (p.jurisdiction.name, -(p.year or 0), p.id))
        return Content(plans, jurisdictions, agencies, kinds, list(self.themes.values()))

    @staticmethod
    def _metric(task: Task, target: Target) -> Metric | None:
        words = (target.measure or "") + target.text
        for theme in task.themes:
            for metric in theme.metrics:
                if any(k in words for k in metric.keywords):
                    return metric
        return None


def link(raw: RawContent, only: set[str] | None = None) -> Content:
    """Link validated files into a Content holding the plans in `only` (all when None).

    Cross-references of every plan are checked whatever `only` says, so a build that leaves
    a plan out still refuses broken content.
    """
    linker = _Linker(raw)
    linker.link_kinds_and_themes()
    linker.link_agencies()
    plans = linker.link_plans(only)
    if linker.problems:
        raise ContentErrors(linker.problems)
    return linker.content(plans)


def load(root: Path, only: set[str] | None = None) -> Content:
    """Read, validate and link content/ in one call."""
    return link(read_content(Path(root)), only)
