"""`python -m generator approve PLAN --by NAME`: a person's approval, written into the files.

The plan file gains `approval: {by, date, fingerprint}` where its `review: pending` line was
(or beside `disclosure:`), and the units the importer added that the plan names lose their
`draft: true`. Each file is edited as text, one line at a time, so comments and layout stay
as the editor left them; the result is validated before anything is written.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import tempfile
from pathlib import Path

from . import review
from .i18n import _
from .importer.errors import ImportProblem
from .importer.writer import write_all
from .loading import ContentErrors, LoadedFile, RawContent, link, read_content
from .schema import FIRST_YEAR, LAST_YEAR

_PLAIN = re.compile(r"^[\w\u3400-\u9fff（）〔〕《》、·][\w\u3400-\u9fff（）〔〕《》、· .-]*$")


class ApprovalProblem(Exception):
    """The approval cannot be written; the message says why and what to do."""


def scalar(text: str) -> str:
    """A name as YAML: plain when it is letters and CJK, double-quoted (JSON escapes) otherwise."""
    return text if _PLAIN.match(text) and not text.endswith(" ") else json.dumps(text, ensure_ascii=False)


def _block(by: str, date: datetime.date, fingerprint: str) -> list[str]:
    return ["approval:\n", f"  by: {scalar(by)}\n", f"  date: {date.isoformat()}\n",
            f"  fingerprint: {fingerprint}\n"]


def _top_level_span(lines: list[str], key: str) -> tuple[int, int] | None:
    """The lines (start, end) of a top-level key and the indented lines under it."""
    for start, line in enumerate(lines):
        if re.match(rf"^{key}\s*:", line):
            end = start + 1
            while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
                end += 1
            while end > start + 1 and not lines[end - 1].strip():
                end -= 1
            return start, end
    return None


def plan_text_approved(text: str, block: list[str]) -> str:
    """The plan's text with the approval block in place of `review:` or an older `approval:`,
    or inserted after the `disclosure:` entry (before `preamble:` / `sections:`)."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    for key in ("approval", "review"):
        span = _top_level_span(lines, key)
        if span:
            lines[span[0]:span[1]] = block
            other = _top_level_span(lines, "review")
            if other:  # both were there: the review marker goes too
                del lines[other[0]:other[1]]
            return "".join(lines)
    for key in ("disclosure", "responsibility_rule", "header_missing"):
        span = _top_level_span(lines, key)
        if span:
            lines[span[1]:span[1]] = block
            return "".join(lines)
    anchor = _top_level_span(lines, "sections")
    at = anchor[0] if anchor else len(lines)
    lines[at:at] = block
    return "".join(lines)


def undraft(text: str, lines: dict, indexes: list[int], display: str) -> str:
    """The agencies file's text with `draft: true` → `draft: false` on each listed unit's line."""
    rows = text.splitlines(keepends=True)
    for index in indexes:
        line = lines.get(("units", index, "draft"))
        if line is None:
            raise ApprovalProblem(_("{display}: unit {n} has no `draft:` line to change: set `draft: false` by hand")
                                  .format(display=display, n=index + 1))
        new, count = re.subn(r"(\bdraft\s*:\s*)true\b", r"\1false", rows[line - 1], count=1)
        if not count:
            raise ApprovalProblem(_("{display}:{line}: cannot read `draft: true` on this line: set `draft: false` "
                                    "by hand").format(display=display, line=line))
        rows[line - 1] = new
    return "".join(rows)


def _plan_file(raw: RawContent, plan_id: str) -> LoadedFile:
    file = next((f for f in raw.plans if f.entry.id == plan_id), None)
    if file is None:
        known = ", ".join(sorted(f.entry.id for f in raw.plans))
        raise ApprovalProblem(_("no plan `{plan}` in content/plans/ (plans: {known})").format(plan=plan_id, known=known))
    return file


def fingerprint_of(root: Path, plan_id: str) -> str:
    """The fingerprint `approve` would record for the plan now (what `review` shows): a person
    who reviewed this fingerprint passes it to `approve(..., expect=…)`, so an edit made in
    between is refused rather than approved unseen. Raises ContentErrors or ApprovalProblem."""
    raw = read_content(root / "content")
    link(raw)
    return review.fingerprint(raw, _plan_file(raw, plan_id))


def approve(root: Path, plan_id: str, by: str, date: datetime.date, expect: str | None = None) -> list[str]:
    """Record the approval and un-draft the plan's units; return what was done, line by line.

    With `expect` (the fingerprint `review` showed), refuse when the plan is no longer what the
    person reviewed."""
    content = root / "content"
    raw = read_content(content)
    link(raw)  # broken content is refused before anything is approved
    file = _plan_file(raw, plan_id)
    if not by.strip():
        raise ApprovalProblem(_("--by needs the name of the person approving"))
    if not FIRST_YEAR <= date.year <= LAST_YEAR:
        raise ApprovalProblem(_("--date {date} is outside the years this site handles ({first}–{last}): write the "
                                "day of the approval").format(date=date.isoformat(), first=FIRST_YEAR, last=LAST_YEAR))
    # The fingerprint of the parse as it will be (draft is not part of it).
    fingerprint = review.fingerprint(raw, file)
    if expect is not None and expect.strip().lower() != fingerprint:
        raise ApprovalProblem(_("{plan} changed since it was reviewed (fingerprint {expected} reviewed, {now} now); "
                                "nothing written: run `python -m generator review {plan}` again and approve what it "
                                "shows").format(plan=plan_id, expected=expect.strip(), now=fingerprint))
    drafts: dict[str, tuple[LoadedFile, list[int]]] = {}
    for agencies, index in review.plan_units(raw, file):
        if agencies.entry.units[index].draft:
            drafts.setdefault(agencies.display, (agencies, []))[1].append(index)
    files: dict[Path, str | bytes] = {}
    for agencies, indexes in drafts.values():
        text = agencies.path.read_text(encoding="utf-8")
        files[agencies.path] = undraft(text, agencies.lines, indexes, agencies.display)
    files[file.path] = plan_text_approved(file.path.read_text(encoding="utf-8"), _block(by.strip(), date, fingerprint))
    _validate_after(raw, files, plan_id)
    try:
        write_all(files, then=_("run approve again"))
    except ImportProblem as problem:
        raise ApprovalProblem(str(problem)) from None
    done = [_("{where}: approval recorded: by {by} on {date}, fingerprint {fp}").format(
        where=file.display, by=by.strip(), date=date.isoformat(), fp=fingerprint)]
    for agencies, indexes in drafts.values():
        names = "、".join(agencies.entry.units[i].name for i in indexes)
        done.append(_("{where}: no longer draft: {names}").format(where=agencies.display, names=names))
    return done


def _validate_after(raw: RawContent, files: dict[Path, str | bytes], plan_id: str) -> None:
    """Load the content as it would be after writing; refuse to write what would not load."""
    folder = None
    try:
        folder = Path(tempfile.mkdtemp(prefix="approve-"))
        shutil.copytree(raw.root, folder / "content")
        for path, text in files.items():
            data = text.encode("utf-8") if isinstance(text, str) else text
            (folder / "content" / path.relative_to(raw.root)).write_bytes(data)
        after = read_content(folder / "content")
        hold = review.review_holds(after).get(plan_id)
    except ContentErrors as exc:
        raise ApprovalProblem(_("the approved files would not load, nothing written:\n{errors}").format(errors=exc))
    except OSError as exc:
        raise ApprovalProblem(_("cannot try the approved files in a temporary folder ({reason}): nothing written; "
                                "free disk space, then run approve again").format(reason=exc.strerror or exc)) from None
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    if hold:
        raise ApprovalProblem(_("the plan would still be held ({reason}); nothing written").format(reason=hold))
