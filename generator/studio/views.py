"""The studio's pages: home, import, a plan's review page with its corrections, undo, approval
and the preview of the public page, progress reports. Each view calls the project's own
functions (importer.run, gate, approval.approve, report_import, loading) and renders a template.
"""

from __future__ import annotations

import argparse
import atexit
import bisect
import datetime
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from werkzeug.datastructures import MultiDict

from .. import gate, report_import

from .. import review as review_gate  # the review gate: holds, fingerprints, review's list
from ..approval import ApprovalProblem, approve as record_approval
from ..i18n import _
from ..importer import ImportProblem
from ..importer import run as run_import
from ..importer.readers import read as read_source
from ..importer.report import report_lines
from ..loading import ContentErrors, LoadedFile, RawContent, link
from ..model import Plan, Task
from . import edits, forms
from .app import store
from .store import Conflict, OutsideContent, Problems

studio = Blueprint("studio", __name__)
_WHERE = re.compile(r"^(?P<file>[^\s:：]+?)(?::(?P<line>\d+))?[:：] ?(?P<text>.*)$", re.DOTALL)
_last_import: dict[str, str] = {}  # plan id → the importer's report of its last import here
_tables: dict[str, Path] = {}  # upload key → a progress table waiting to be saved


@atexit.register
def _forget_tables() -> None:
    """Tables uploaded and never saved go with the studio."""
    for path in _tables.values():
        shutil.rmtree(path.parent, ignore_errors=True)


# Reading the content ------------------------------------------------------------------------

def _content() -> RawContent:
    return store().raw()


def _plan_file(raw: RawContent, plan_id: str) -> LoadedFile:
    file = next((f for f in raw.plans if f.entry.id == plan_id), None)
    if file is None:
        abort(404)
    return file


def _agencies_file(raw: RawContent, plan: LoadedFile) -> LoadedFile | None:
    return next((f for f in raw.agencies if f.entry.jurisdiction.id == plan.entry.jurisdiction), None)


def _paths(raw: RawContent, plan: LoadedFile) -> list[Path]:
    agencies = _agencies_file(raw, plan)
    return [plan.path, agencies.path if agencies else raw.root / "agencies" / f"{plan.entry.jurisdiction}.yaml"]


@studio.errorhandler(ContentErrors)
def _problems_page(exc: ContentErrors):
    """Content that `check` refuses (edited outside the studio): its problems, to fix in the files."""
    return render_template("problems.html", problems=exc.errors), 500


# Home ---------------------------------------------------------------------------------------

@studio.get("/")
def home():
    raw = _content()
    selection = gate.select(raw, review=False)
    rows = selection.disclosure_report
    return render_template("home.html", awaiting=[r for r in rows if r.hold],
                           held=[r for r in rows if not r.published and not r.hold],
                           published=[r for r in rows if r.published])


def _upload_name(name: str) -> str:
    """The uploaded file's own name (it is kept under it in content/sources/), without any folder."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    if not name or name in (".", "..") or any(unicodedata.category(c) == "Cc" for c in name):
        raise ImportProblem(name or "?", _("the file has no usable name: rename it and upload it again"))
    return name


@studio.post("/import")
def import_notice():
    upload = request.files.get("notice")
    if upload is None or not upload.filename:
        return render_template("import_failed.html", message=_("choose the notice's file first")), 400
    folder = Path(tempfile.mkdtemp(prefix="studio-import-"))
    name = upload.filename
    try:
        name = _upload_name(upload.filename)
        path = folder / name
        upload.save(path)
        result = run_import(path, store().content, request.form.get("plan_id") or None,
                            request.form.get("jurisdiction") or None, dry_run=False,
                            replace=request.form.get("replace") == "yes")
    except ImportProblem as problem:
        message = str(problem).replace(str(folder) + "/", "")
        return render_template("import_failed.html", message=message), 422
    except OSError as exc:
        return render_template("import_failed.html", message=_("{file}: cannot be saved for the import ({reason})")
                               .format(file=name, reason=exc.strerror or exc)), 422
    except Exception as exc:  # a file no reader foresaw: the importer's own words for it
        return render_template("import_failed.html", message=_(
            "error: {file}: the importer failed on this file ({error}: {detail}) and stopped. Check that it "
            "is the notice; if it is, save it again as PDF or .docx and retry, and report the file to the "
            "project").format(file=name, error=type(exc).__name__, detail=exc)), 422
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    plan_id = result.plan["id"]
    _last_import[plan_id] = "".join(line + "\n" for line in report_lines(result)).replace(str(folder) + "/", "")
    return redirect(url_for("studio.plan", plan_id=plan_id))


# A plan's review page -----------------------------------------------------------------------

@dataclass
class Body:
    """A task's text with its note, units and targets (the task itself, or one of its statements)."""

    path: str
    text: str
    note: str | None
    units: list
    targets: list


@dataclass
class Row:
    """One task of the plan as the review page shows it."""

    path: str
    depth: int
    entry: Any
    model: Task | None
    line: int | None
    bodies: list[Body]
    items: list[str] = field(default_factory=list)
    section: str | None = None  # the heading this task is the first under


def _rows(file: LoadedFile, plan: Plan | None) -> list[Row]:
    rows: list[Row] = []

    def task_rows(tasks, models, path: str, depth: int, heading: str | None) -> None:
        for index, task in enumerate(tasks):
            here = f"{path}.{index}" if path else str(index)
            model = models[index] if models and index < len(models) else None
            steps = tuple(int(p) if p.isdigit() else p for p in here.split("."))
            if task.statements is not None:
                bodies = [Body(f"{here}.statements.{i}", s.text, s.note, list(s.units), list(s.targets))
                          for i, s in enumerate(task.statements)]
            else:
                bodies = [Body(here, task.text or "", task.note, list(task.units), list(task.targets))]
            rows.append(Row(here, depth, task, model, file.line(steps), bodies, section=heading))
            heading = None
            task_rows(task.items, model.items if model else None, f"{here}.items", depth + 1, None)

    def section_rows(sections, models, path: str, depth: int) -> None:
        for index, section in enumerate(sections):
            here = f"{path}.sections.{index}" if path else f"sections.{index}"
            model = models[index] if models and index < len(models) else None
            heading = " ".join(filter(None, [section.label, section.title])) or "—"
            before = len(rows)
            task_rows(section.tasks, model.tasks if model else None, f"{here}.tasks", depth, heading)
            if len(rows) == before:
                rows.append(Row(here, depth, None, None, None, [], section=heading))
            section_rows(section.sections, model.sections if model else None, here, depth + 1)

    section_rows(file.entry.sections, plan.sections if plan else None, "", 0)
    return rows


def _review_items(raw: RawContent, plan_id: str) -> list[tuple[str, int | None, str]]:
    """`review`'s list as (file, line, what to decide)."""
    found = []
    for item in review_gate.review_list(raw, plan_id):
        match = _WHERE.match(item)
        if match:
            found.append((match["file"], int(match["line"]) if match["line"] else None, match["text"]))
        else:
            found.append(("", None, item))
    return found


def _source_pages(raw: RawContent, file: LoadedFile) -> list[tuple[int | None, list[tuple[int, str]]]]:
    """The notice as received, as the importer reads it: (page or None, numbered lines)."""
    path = raw.root / "sources" / file.entry.source.file
    try:
        reading = read_source(store().inside(path))
    except (ImportProblem, OutsideContent, OSError) as exc:
        return [(None, [(0, str(exc))])]
    pages: list[tuple[int | None, list[tuple[int, str]]]] = [(None, [])]
    starts = sorted(reading.pages)
    for number, line in enumerate(reading.text.splitlines(), 1):
        at = bisect.bisect_right(starts, number)
        if at and reading.pages[starts[at - 1]] != pages[-1][0]:
            pages.append((reading.pages[starts[at - 1]], []))
        if line.strip():  # blank lines keep their numbers (the importer's messages name them) but no room
            pages[-1][1].append((number, line))
    return [p for p in pages if p[1]]


def _review_context(plan_id: str) -> dict:
    raw = _content()
    content = link(raw)
    file = _plan_file(raw, plan_id)
    agencies = _agencies_file(raw, file)
    plan = next(p for p in content.plans if p.id == plan_id)
    items = _review_items(raw, plan_id)
    hold = review_gate.review_hold(raw, file)
    rows = _rows(file, plan)
    placed: set[int] = set()

    def take(where: str, line: int | None) -> list[str]:
        """The review items about this file and line, each placed once."""
        found = [n for n, (w, l, _t) in enumerate(items) if w == where and l == line and n not in placed]
        placed.update(found)
        return [items[n][2] for n in found]

    for row in rows:
        if row.line:
            row.items += take(file.display, row.line)
    units = []
    used = {index for a, index in review_gate.plan_units(raw, file) if agencies and a.path == agencies.path}
    parent_items: list[str] = []
    if agencies is not None:
        for index, unit in enumerate(agencies.entry.units):
            units.append({"index": index, "unit": unit, "items": take(agencies.display, agencies.line(("units", index))),
                          "used": index in used})
        parent_items = take(agencies.display, agencies.line(("jurisdiction", "parent")))
    store_ = store()
    paths = _paths(raw, file)
    kinds = {k.id: k.name for k in raw.kinds.entry} if raw.kinds else {}
    themes = {t.id: t.name for t in raw.themes.entry} if raw.themes else {}
    return dict(
        raw=raw, file=file, plan=plan, agencies=agencies, rows=rows, units=[u for u in units if u["used"] or
                                                                           u["unit"].draft],
        items=items, loose=[items[n][2] for n in range(len(items)) if n not in placed and (not hold or hold not in items[n][2])], parent_items=parent_items,
        version=store_.version(paths), fingerprint=review_gate.fingerprint(raw, file), hold=hold,
        kinds=kinds, themes=themes, notice_fields=forms.NOTICE_FIELDS, roles=forms.ROLE_NAMES,
        source=_source_pages(raw, file), history=store_.history(plan_id),
        report=_last_import.get(plan_id), comparison="comparison" in _target_fields(),
        open_items=_open_items(raw, plan_id),
        notice=file.entry.notice)


def _target_fields() -> set[str]:
    from .. import schema
    return set(schema.TargetEntry.model_fields)


@studio.get("/plans/<plan_id>")
def plan(plan_id: str):
    context = _review_context(plan_id)
    return render_template("plan.html", **context)


def _rerender(plan_id: str, status: int, **extra):
    """The review page again, with the person's input and what went wrong beside the form."""
    context = _review_context(plan_id)
    return render_template("plan.html", **context, **extra), status


@studio.post("/plans/<plan_id>/edit")
def edit(plan_id: str):
    form = request.form
    raw = _content()
    file = _plan_file(raw, plan_id)
    paths = _paths(raw, file)
    s = store()
    failed = dict(form=form, failed=form.get("form_id"))
    try:
        s.check_version(paths, form.get("version", ""))
        plan_text, agencies_text = (s.read(p) for p in paths)
        if plan_text is None or agencies_text is None:
            raise edits.EditProblem("unit", _("the jurisdiction has no agencies file: import the notice again"))
        texts = {paths[0]: plan_text, paths[1]: agencies_text}
        kinds = {k.id: k.name for k in raw.kinds.entry} if raw.kinds else {}
        themes = {t.id: t.name for t in raw.themes.entry} if raw.themes else {}
        docs = forms.Documents(edits.load(plan_text), edits.load(agencies_text), kinds, themes)
        which, what = forms.apply(form, docs)
        changed = paths[0] if which == "plan" else paths[1]
        text = edits.dump(docs.plan if which == "plan" else docs.agencies)
        if text == texts[changed]:
            flash(_("nothing changed"))
            return redirect(url_for("studio.plan", plan_id=plan_id) + "#" +
                            form.get("form_id", ""))
        s.save(plan_id, {changed: text}, what)
    except Conflict as conflict:
        return _rerender(plan_id, 409, conflict=conflict, **failed)
    except edits.EditProblem as problem:
        return _rerender(plan_id, 422, problems=[problem.message], **failed)
    except Problems as problems:
        return _rerender(plan_id, 422, problems=[str(p) for p in problems.errors], **failed)
    flash(_("saved: {what}").format(what=what))
    return redirect(url_for("studio.plan", plan_id=plan_id) + "#" +
                    form.get("form_id", ""))


@studio.post("/plans/<plan_id>/undo")
def undo(plan_id: str):
    _plan_file(_content(), plan_id)  # a plan's own history only
    try:
        files = store().undo(plan_id, request.form.get("entry", ""))
    except OutsideContent:
        abort(404)
    except Conflict as conflict:
        return _rerender(plan_id, 409, conflict=conflict)
    except Problems as problems:
        return _rerender(plan_id, 422, problems=[str(p) for p in problems.errors], failed="undo")
    flash(_("undone: {files} as before the save").format(files="、".join(files)))
    return redirect(url_for("studio.plan", plan_id=plan_id))


@studio.post("/plans/<plan_id>/approve")
def approve(plan_id: str):
    form = request.form
    raw = _content()
    file = _plan_file(raw, plan_id)
    by = form.get("by", "").strip()
    if not by:
        return _rerender(plan_id, 422, problems=[_("write the name of the person approving (审核人)")],
                         failed="approve", form=form)
    now = review_gate.fingerprint(raw, file)
    if form.get("fingerprint") != now:
        return _rerender(plan_id, 409, problems=[_(
            "the plan changed since this page was shown (fingerprint {shown}, now {now}): check it again below, "
            "then approve").format(shown=form.get("fingerprint"), now=now)], failed="approve", form=form)
    if _open_items(raw, plan_id) and form.get("confirm") != "yes":
        return _rerender(plan_id, 409, confirm=True, failed="approve", form=form)
    paths = _paths(raw, file)
    previous = {store().display(p): store().read(p) for p in paths}
    try:
        done = record_approval(store().root, plan_id, by, datetime.date.today(), expect=form.get("fingerprint", ""))
    except ApprovalProblem as problem:
        return _rerender(plan_id, 422, problems=[str(problem)], failed="approve", form=form)
    store().remember(plan_id, previous, {p: store().read(p) or "" for p in paths}, _("approval by {by}").format(by=by))
    flash("\n".join(done))
    return redirect(url_for("studio.preview", plan_id=plan_id))


def _open_items(raw: RawContent, plan_id: str) -> list[str]:
    """`review`'s items but the hold itself (待审核: …), which approval lifts."""
    hold = review_gate.review_hold(raw, _plan_file(raw, plan_id))
    return [i for i in review_gate.review_list(raw, plan_id) if not hold or hold not in i]


@studio.get("/plans/<plan_id>/preview")
def preview(plan_id: str):
    """The plan's page as the public site will show it (or, when the gate holds it, why not)."""
    from ..pages.plans import plan_page
    from ..site import BuildOptions, Site, template_environment

    s = store()
    raw = _content()

    def site_of(review: bool) -> Site:  # as build.load_site makes it, from the content as last read
        return Site(gate.select(raw, review), BuildOptions(review=review), s.root, template_environment(s.root))

    site = site_of(False)
    public = next((p for p in site.content.plans if p.id == plan_id), None)
    row = next((r for r in site.selection.disclosure_report if r.plan_id == plan_id), None)
    if row is None:
        abort(404)
    shown = public
    if shown is None:
        site = site_of(True)
        shown = next(p for p in site.content.plans if p.id == plan_id)
    _path, text = plan_page(site, shown)
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    return render_template("preview.html", plan_id=plan_id, row=row, published=public is not None, body=body)


@studio.get("/theme/<name>")
def theme_asset(name: str):
    """The site's own style sheets, for the preview."""
    folder = store().root / "theme" / "assets"
    if not re.fullmatch(r"[\w-]+\.css", name) or not (folder / name).is_file():
        abort(404)
    return send_file(folder / name, mimetype="text/css")


# Progress reports ---------------------------------------------------------------------------

def _report_args(form: MultiDict) -> argparse.Namespace:
    def day(name: str, required: bool) -> datetime.date | None:
        value = form.get(name, "").strip()
        if not value and not required:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise report_import.TableError(_("`{value}` is not a date: write it as 2023-06-30").format(value=value))
    for name in ("plan", "id", "title"):
        if not form.get(name, "").strip():
            raise report_import.TableError(_("fill in the report's plan, id and title"))
    return argparse.Namespace(plan=form["plan"].strip(), id=form["id"].strip(), title=form["title"].strip(),
                              as_of=day("as_of", True), date=day("date", False),
                              reporter=form.get("reporter", "").strip() or None,
                              annotation=form.get("annotation", "").strip() or None)


@studio.get("/reports")
def reports():
    raw = _content()
    return render_template("report.html", plans=sorted(f.entry.id for f in raw.plans), form=request.args)


@studio.post("/reports")
def report_upload():
    """Read the table and match its rows to the plan's tasks; the table waits for Save."""
    form = request.form
    key = form.get("key", "")
    raw = _content()

    def page(status: int = 200, **shown):
        return render_template("report.html", plans=sorted(f.entry.id for f in raw.plans), form=form, key=key,
                               **shown), status

    try:
        args = _report_args(form)
        plan = next((p for p in link(raw).plans if p.id == args.plan), None)
        if plan is None:
            raise report_import.TableError(_("unknown plan `{plan}`: use the id of a file in content/plans/")
                                           .format(plan=args.plan))
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", args.id) or len(args.id) > 80:
            raise report_import.TableError(_("`{value}` is not a valid id (lowercase ascii, digits, -, "
                                             "at most 80 characters): pass {option}").format(value=args.id,
                                                                                              option="id"))
        target = store().inside(store().content / "reports" / f"{args.id}.yaml")
        if target.exists():
            raise report_import.TableError(_("{target} exists already: choose another --id or remove the file")
                                           .format(target=store().display(target)))
        upload = request.files.get("table")
        name = _upload_name(upload.filename) if upload is not None and upload.filename else ""
        if upload is not None and name:
            folder = Path(tempfile.mkdtemp(prefix="studio-report-"))
            upload.save(folder / f"table{Path(name).suffix.lower()}")
            key = folder.name
            _tables[key] = folder / f"table{Path(name).suffix.lower()}"
        path = _tables.get(key)
        if path is None:
            raise report_import.TableError(_("choose the progress table (.xlsx or .csv) first"))
        shown = Path(name or path.name)
        try:  # within the importer's bounds (report_import.read_table)
            rows = report_import.table_rows(report_import.read_table(path), shown)
        except report_import.TableError as exc:  # the table is refused: it is not kept for Save
            shutil.rmtree(_tables.pop(key).parent, ignore_errors=True)
            key = ""
            raise report_import.TableError(str(exc).replace(str(path), str(shown))) from None
        matched, unmatched = report_import.match(plan, rows)
    except (report_import.TableError, ImportProblem, OSError) as exc:
        return page(422, problems=[str(exc)])
    if form.get("save") != "yes":
        return page(matched=matched, unmatched=unmatched)
    if unmatched and form.get("keep_matched") != "yes" or not matched:
        problem = (_("no row matches a task: nothing written") if not matched else
                   _("{count} of {total} rows do not match: nothing written; correct them, or pass --keep-matched "
                     "to write the {kept} that do").format(count=len(unmatched), total=len(rows), kept=len(matched)))
        return page(422, matched=matched, unmatched=unmatched, problems=[problem])
    try:
        store().save(args.plan, {target: report_import.report_yaml(args, matched)},
                     _("progress report {id}").format(id=args.id))
    except Problems as problems:
        return page(422, matched=matched, unmatched=unmatched, problems=[str(p) for p in problems.errors])
    shutil.rmtree(_tables.pop(key).parent, ignore_errors=True)
    flash(_("wrote {target}: {count} tasks").format(target=store().display(target), count=len(matched)))
    return redirect(url_for("studio.home"))


