"""The studio's files: what it reads, what it may write, the version a page was shown, undo.

Every write of the studio goes through `Store.save`: the paths must lie inside the content
folder; the files are checked as `python -m generator check` checks them (on a copy of the
content with the new texts in place) before anything is written; each file's previous text
is kept under `content/.studio/history/` so the save can be undone; and a save is refused
when a file changed since the page that asked for it was shown (another tab, an editor).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import tempfile
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from .. import schema
from ..i18n import _
from ..importer.writer import write_all
from ..loading import ContentError, ContentErrors, RawContent, link, read_content, read_yaml, validate

HISTORY = Path(".studio") / "history"  # inside content/: loading reads only its own folders
KEPT_SAVES = 50  # saves kept for undo, per plan
SEEN = 200  # file versions remembered to show what changed under a page
FOLDERS: dict[str, type[BaseModel]] = {"plans": schema.PlanFile, "agencies": schema.AgenciesFile, "reports": schema.ReportFile}  # what a save writes


class OutsideContent(Exception):
    """A path that does not lie inside the content folder: never written."""


@dataclass
class Conflict(Exception):
    """A file changed since the page was shown: its difference, for the person to see."""

    display: str
    diff: str


@dataclass
class Saved:
    """What a save did: the files written (display names) and the history entry that undoes it."""

    files: list[str]
    entry: str


@dataclass
class Problems(Exception):
    """The content would not load after the save: every problem, with file and line."""

    errors: list[ContentError] = field(default_factory=list)


def digest(text: str | None) -> str:
    """A file's version as a page carries it (a missing file has one too)."""
    return hashlib.sha256(("" if text is None else text).encode("utf-8")).hexdigest()[:16]


class Store:
    """The content folder the studio works on."""

    def __init__(self, content: Path) -> None:
        self.content = content.resolve()
        self.seen: OrderedDict[str, str] = OrderedDict()  # digest → text, for the difference a conflict shows
        self._raw: tuple[dict[str, tuple], RawContent] | None = None  # the content as last read, and its files' stamps

    def _stamps(self) -> dict[str, tuple]:
        """Size and modification time of every file `read_content` reads, by its path in content/."""
        stamps: dict[str, tuple] = {}
        for folder in FOLDERS:
            try:
                entries = list(os.scandir(self.content / folder))
            except OSError:
                stamps[folder] = ("missing",)
                continue
            for entry in entries:
                stat = entry.stat(follow_symlinks=False)
                stamps[f"{folder}/{entry.name}"] = (stat.st_size, stat.st_mtime_ns, entry.is_file(follow_symlinks=False))
        for name in ("kinds.yaml", "themes.yaml"):
            try:
                stat = (self.content / name).stat()
                stamps[name] = (stat.st_size, stat.st_mtime_ns)
            except OSError:
                stamps[name] = ("missing",)
        return stamps

    def raw(self) -> RawContent:
        """The content as `read_content` reads it. A page view of a hundred plans would parse
        every file each time: files are read again only when they changed, each as
        `read_content` reads it, and anything unusual (a folder, a link, a name that is not
        .yaml, kinds or themes changed, a problem) sends the whole folder to `read_content`."""
        stamps = self._stamps()
        if self._raw is not None:
            before, raw = self._raw
            if before == stamps:
                return raw
            changed = {name for name in stamps.keys() | before.keys() if stamps.get(name) != before.get(name)}
            if all(self._plain(name, stamps.get(name)) for name in changed):
                try:
                    raw = self._reread(raw, changed, stamps)
                    self._raw = (stamps, raw)
                    return raw
                except ContentErrors:
                    pass
        raw = read_content(self.content)
        self._raw = (stamps, raw)
        return raw

    @staticmethod
    def _plain(name: str, stamp: tuple | None) -> bool:
        folder, _slash, file = name.partition("/")
        return (folder in FOLDERS and file.endswith((".yaml", ".yml")) and not file.startswith(".")
                and (stamp is None or stamp[-1] is True))

    def _reread(self, raw: RawContent, changed: set[str], stamps: dict[str, tuple]) -> RawContent:
        lists = {kind: [f for f in getattr(raw, kind) if f"{kind}/{f.path.name}" not in changed] for kind in FOLDERS}
        for name in changed:
            if name in stamps:
                path = self.content / name
                lists[name.split("/")[0]].append(self._load(path, path))
        for files in lists.values():
            files.sort(key=lambda f: f.path.name)  # read_content's order
        return RawContent(raw.root, raw.kinds, raw.themes, plans=lists["plans"], agencies=lists["agencies"],
                          synonyms=raw.synonyms, reports=lists["reports"])

    def _load(self, path: Path, text_at: Path):
        """One file read and validated as `read_content` reads it (its text may lie elsewhere)."""
        return validate(*read_yaml(text_at, self.display(path)), FOLDERS[path.parent.name], self.display(path), path)

    @property
    def root(self) -> Path:
        """The project folder (approval and the page preview read content/ and theme/ from it)."""
        return self.content.parent

    def inside(self, path: Path) -> Path:
        """The resolved path when it lies inside the content folder (links followed); raise otherwise."""
        resolved = (self.content / path).resolve()  # an absolute path stays itself
        if not resolved.is_relative_to(self.content):
            raise OutsideContent(str(path))
        return resolved

    def display(self, path: Path) -> str:
        return str(path.resolve().relative_to(self.content.parent))

    def read(self, path: Path) -> str | None:
        path = self.inside(path)
        text = path.read_text(encoding="utf-8") if path.exists() else None
        if text is not None:
            self.seen[digest(text)] = text
            self.seen.move_to_end(digest(text))
            while len(self.seen) > SEEN:
                self.seen.popitem(last=False)
        return text

    def version(self, paths: list[Path]) -> str:
        """One token for the texts of several files, as a form carries it."""
        return ",".join(digest(self.read(p)) for p in paths)

    def check_version(self, paths: list[Path], version: str) -> None:
        """Raise Conflict when a file differs from the version the page was shown with."""
        tokens = version.split(",")
        for index, path in enumerate(paths):
            token = tokens[index] if index < len(tokens) else ""
            before = self.seen.get(token)
            now = self.read(path)
            if digest(now) != token:
                raise Conflict(self.display(path), difference(before, now, self.display(path)))

    def validate(self, files: dict[Path, str], removed: tuple[Path, ...] = ()) -> None:
        """Load the content as `check` does with these texts in place (and the `removed` files
        gone); raise Problems if it would not. Each new text is read and validated as
        `read_content` reads a file (`read_yaml`, then its schema); the other files are the
        ones last read; then everything is linked, as `check` links it."""
        current = self.raw()
        replaced = {self.inside(path) for path in (*files, *removed)}
        lists = {kind: [f for f in getattr(current, kind) if f.path.resolve() not in replaced] for kind in FOLDERS}
        with tempfile.TemporaryDirectory(prefix="studio-check-") as folder:
            for path, text in files.items():
                path = self.inside(path)
                kind = path.parent.name
                if path.parent.parent != self.content or kind not in FOLDERS or path.suffix not in (".yaml", ".yml"):
                    raise OutsideContent(str(path))
                copy = Path(folder) / path.name
                copy.write_text(text, encoding="utf-8")
                try:
                    lists[kind].append(self._load(path, copy))
                except ContentErrors as exc:
                    raise Problems(list(exc.errors)) from None
        for files_of_kind in lists.values():
            files_of_kind.sort(key=lambda f: f.path.name)  # read_content's order
        after = RawContent(current.root, current.kinds, current.themes, plans=lists["plans"],
                           agencies=lists["agencies"], synonyms=current.synonyms, reports=lists["reports"])
        try:
            link(after)
        except ContentErrors as exc:
            raise Problems(list(exc.errors)) from None

    def save(self, plan_id: str, files: dict[Path, str], what: str) -> Saved:
        """Validate, keep the previous texts for undo, write all files or none."""
        targets = {self.inside(path): text for path, text in files.items()}
        self.validate(targets)
        previous = {self.display(path): self.read(path) for path in targets}
        entry = self.remember(plan_id, previous, targets, what)
        write_all(dict(targets))
        return Saved([self.display(p) for p in targets], entry)

    def remember(self, plan_id: str, previous: dict[str, str | None], now: dict[Path, str], what: str) -> str:
        folder = self.content / HISTORY / plan_id
        name = f"{time.time_ns()}.json"
        record = {"what": what, "previous": previous,
                  "written": {self.display(p): digest(t) for p, t in now.items()}}
        write_all({folder / name: json.dumps(record, ensure_ascii=False, indent=1)})
        for old in sorted(folder.glob("*.json"))[:-KEPT_SAVES]:
            old.unlink(missing_ok=True)
        return name

    def history(self, plan_id: str) -> list[tuple[str, dict]]:
        """The saves that can be undone, newest first: (entry name, record)."""
        folder = self.content / HISTORY / plan_id
        if not folder.is_dir():
            return []
        found = []
        for path in sorted(folder.glob("*.json"), reverse=True):
            try:
                found.append((path.name, json.loads(path.read_text(encoding="utf-8"))))
            except (OSError, ValueError):
                continue
        return found

    def undo(self, plan_id: str, entry: str) -> list[str]:
        """Put back the texts a save replaced, if the files are still as that save left them."""
        record = dict(self.history(plan_id)).get(entry)
        if record is None:
            raise OutsideContent(entry)
        files: dict[Path, str] = {}
        created: list[Path] = []  # files the save made: undoing it removes them
        for display, text in record["previous"].items():
            path = self.inside(self.content.parent / display)
            now = self.read(path)
            if digest(now) != record["written"].get(display):
                raise Conflict(display, difference(None, now, display))
            if text is None:
                created.append(path)
            else:
                files[path] = text
        self.validate(files, tuple(created))
        write_all(dict(files))
        for path in created:
            path.unlink(missing_ok=True)
        (self.content / HISTORY / plan_id / entry).unlink(missing_ok=True)
        return [self.display(p) for p in [*files, *created]]


def difference(before: str | None, now: str | None, display: str) -> str:
    """A unified diff of a file, as the page showed it and as it is now."""
    if before is None:
        return _("(the text shown before is not known: the file as it is now)") + "\n" + (now or "")
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), (now or "").splitlines(keepends=True),
                                        fromfile=_("{file} as shown").format(file=display),
                                        tofile=_("{file} now").format(file=display)))


