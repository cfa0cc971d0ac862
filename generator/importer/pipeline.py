"""The import, step by step: read, split head and body, build the plan, merge agencies, write."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import TypeAdapter, ValidationError
from pypinyin import lazy_pinyin

from .. import schema
from ..i18n import _
from ..loading import RESERVED_JURISDICTIONS, safe_yaml
from . import agencies, readers
from .assemble import Context, plan_data
from .body import paragraphs, place_tables, read_body, unsure
from .changes import Change, carry_decisions, changes, read_previous
from .errors import ImportProblem
from .notice import FIELDS, issuer_place, not_a_plan, period_of, read_head
from .readers import Reading
from .responsibility import document_rule
from .text import split_lines
from .verify import verify
from .writer import dump, write_all


@dataclass
class ImportResult:
    """Everything the report shows: the plan, the agencies added, where files went, what to review."""

    plan: dict  # the plan file's data, in the order it is written
    plan_path: Path
    agencies_path: Path
    added: agencies.Additions
    warnings: list[str] = field(default_factory=list)
    debris_lines: list[int] = field(default_factory=list)
    written: bool = False
    changes: list[Change] = field(default_factory=list)  # where the existing plan file differs
    unchanged: bool = False  # the existing plan file already holds what the import writes
    reading: Reading | None = None  # what the reader read, and what it repaired
    entry: schema.PlanFile | None = None  # the plan as check reads it (importer/verify.py)


def run(file: Path, content: Path, plan_id: str | None, jurisdiction: str | None, dry_run: bool,
        replace: bool = False) -> ImportResult:
    """Import one document; raise ImportProblem for input that is not a plan, and for a plan
    file that differs from what the import writes unless `replace` (a person's corrections)."""
    try:
        reading = readers.read(file)
    except OSError as exc:  # a name too long for the file system, a folder without permission …
        raise ImportProblem(str(file), _("cannot be read ({reason}): check the path, or copy the file "
                                         "to a shorter name").format(reason=exc.strerror or exc)) from None
    _check_source_name(file)
    lines, debris = split_lines(reading.text)
    if not any(line.text for line in lines) and not any(t.rows for t in reading.tables):
        raise ImportProblem(str(file), _("holds no text (only blanks or debris): export the document's text again"))
    head = read_head(lines)
    _refuse_non_plans(file, head, lines)
    paras = paragraphs(lines[head.body_start:head.body_end])
    body = read_body(paras)
    rule = document_rule([p.text for p in paras] + [c for t in reading.tables for c in t.above + t.below]
                         + [cell for t in reading.tables for r in t.rows for _r, _h, cell in r.unit_cells])
    warnings = list(reading.warnings) + list(body.warnings)
    place_tables(body, reading.tables, warnings)
    _require_plan(file, head, body, reading)
    warnings += _merge_notice(head, reading)
    period = period_of(head.title, body.preamble, head.notice["title"])
    single_year = period["start"] if period and period["start"] == period["end"] else None
    context = Context(rule, single_year, warnings)
    name, read = issuer_place(head)
    jid = jurisdiction or jurisdiction_id(name, file, read)
    pid = plan_id or f"{jid}-{period['start'] if period else 'undated'}"
    _check_id(file, pid, "--id")
    _check_id(file, jid, "--jurisdiction")
    if jid in RESERVED_JURISDICTIONS:
        raise ImportProblem(str(file), _("jurisdiction id `{jid}` is reserved (agencies/{jid}/ is another page): "
                                         "pass --jurisdiction with another id").format(jid=jid))
    portal = {"url": reading.source_url, **reading.notice} if reading.portal else None
    plan = plan_data(pid, jid, file, head, body, rule, context, portal)
    context.warnings += unsure(body.sections, plan["sections"], body.preamble)
    if body.numbered:
        plan["notes"].append("本计划部分任务原文未编号（以段落列出）；页面上这些任务的序号是导入时按段落顺序编排的。")
    if reading.tables and not all(t.numbered for t in reading.tables):
        plan["notes"].append("本计划的任务清单未为部分或全部任务编号；页面上这些任务的序号是导入时按表中行序编排的。")
    plan_path = content / "plans" / f"{pid}.yaml"
    previous = read_previous(plan_path, str(plan_path))
    carry_decisions(plan, previous)
    plan_text = dump(plan)
    agencies_path = content / "agencies" / f"{jid}.yaml"
    existing = _load_agencies(agencies_path, jid, name)
    names = [u["name"] for u in _units(plan)]
    added = agencies.merge(existing, names)
    _drop_unknown_kinds(existing, content)
    agencies_text = dump(existing)
    _check_sizes({plan_path: plan_text, agencies_path: agencies_text})
    entry = verify(plan_path, plan_text, agencies_path, agencies_text)  # never write what check refuses
    result = ImportResult(plan, plan_path, agencies_path, added, context.warnings, debris, reading=reading,
                          entry=entry)
    if previous is not None:
        result.changes = changes(previous, plan_text)
        result.unchanged = not result.changes
        if result.changes and not replace and not dry_run:
            raise ImportProblem(str(plan_path), _refusal(plan_path, result.changes))
    files: dict[Path, str | bytes] = {} if result.unchanged else {plan_path: plan_text}
    if added or not agencies_path.exists():
        files[agencies_path] = agencies_text
    _check_sizes(files)
    if not dry_run:
        kept = content / "sources" / file.name
        if kept.resolve() != file.resolve():
            _check_kept_source(file, kept)
            if not kept.exists():
                files[kept] = file.read_bytes()
        write_all(files)
        result.written = True
    return result


def _merge_notice(head, reading: Reading) -> list[str]:
    """Fill the notice's unknown elements from what the source states beside its text (a portal
    page's 发文字号, 成文日期, 发文机关; a PDF's red 发文机关标志); where both state one and they
    differ, the text's is kept and the difference reported."""
    notes = []
    stated = dict(reading.notice)
    if reading.issuer_mark:
        stated["issuer_mark"] = reading.issuer_mark
    for key in FIELDS:
        value = stated.get(key)
        if value is None:
            continue
        if head.notice.get(key) is None:
            head.notice[key] = value
        elif _plain(head.notice[key]) != _plain(value):
            notes.append(_("notice.{field}: the text says `{text}`, the {where} `{meta}`: the text's is kept; "
                           "check which is right").format(field=key, text=head.notice[key], meta=value,
                                                          where=_("page's metadata") if reading.portal
                                                          else _("layout")))
    return notes


def _plain(value) -> str:
    return re.sub(r"\s+", "", str(value))


SHOWN_CHANGES = 20


def _refusal(path: Path, found: list[Change]) -> str:
    """The message refusing to overwrite a plan someone may have corrected, with the differences."""
    listed = "\n".join("  " + c.describe(str(path)) for c in found[:SHOWN_CHANGES])
    more = _("\n  … and {count} more").format(count=len(found) - SHOWN_CHANGES) if len(found) > SHOWN_CHANGES else ""
    return _("differs from what this import would write, in {count} places (corrected by hand?); "
             "nothing was written:\n{listed}{more}\n"
             "Keep the file as it is, or run the import again with --replace to write the import's reading "
             "(its disclosure, notes and approval are kept)").format(count=len(found), listed=listed, more=more)


def _check_kept_source(file: Path, kept: Path) -> None:
    """The received text is kept in content/sources/; never replace a different text of the same name."""
    if kept.exists() and kept.read_bytes() != file.read_bytes():
        raise ImportProblem(str(file), _("content/sources/{name} already holds a different text: rename the file "
                                         "you import, or remove the old one if it is obsolete").format(name=file.name))


def _drop_unknown_kinds(existing: dict, content: Path) -> None:
    """A guessed kind the project does not define is left for a person to choose (null)."""
    path = content / "kinds.yaml"
    try:
        known = {k["id"] for k in yaml.safe_load(path.read_text(encoding="utf-8")) or [] if isinstance(k, dict)}
    except (OSError, yaml.YAMLError, TypeError, KeyError):
        return
    for unit in existing.get("units", []):
        if unit.get("draft") and unit.get("kind") not in known:
            unit["kind"] = None


def _require_plan(file: Path, head, body, reading: Reading) -> None:
    """Refuse a document with neither a notice head nor numbered parts with tasks."""
    has_tasks = any(_has_task(s) for s in body.sections)
    if has_tasks:
        return
    if reading.kind == "html":
        from .readers.html import no_notice
        raise no_notice(str(file), reading.attachments)
    found = _("a notice head but no numbered tasks") if head.notice["title"] else \
        _("no notice head and no numbered tasks")
    raise ImportProblem(str(file), _("is not a work plan notice: found {found} (expected parts 一、 with tasks "
                                     "（一） or 1. and notes naming units); check that this is the right "
                                     "file").format(found=found))


def _has_task(node) -> bool:
    return any(c.kind == "task" or _has_task(c) for c in node.children)


_SLUG = TypeAdapter(schema.Slug)


def _check_id(file: Path, value: str, option: str) -> None:
    """An id check accepts: the schema's own rule, so what the importer writes loads."""
    try:
        _SLUG.validate_python(value)
    except ValidationError:
        raise ImportProblem(str(file), _("`{value}` is not a valid id (lowercase ascii, digits, -, "
                                         "at most 80 characters): pass {option}").format(value=value, option=option)) from None


def _check_source_name(file: Path) -> None:
    """The file is kept under its own name in content/sources/: a name check refuses is refused now."""
    try:
        schema.SourceEntry(file=file.name, sha256="0" * 64)  # the name as check will read it
    except ValidationError:
        raise ImportProblem(str(file), _("its name ({length} characters) cannot be kept in content/sources/: "
                                         "rename the file (at most 200 characters, no \\ or control characters) "
                                         "and import it again").format(length=len(file.name))) from None


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.1f} MB" if count >= 1024 * 1024 else f"{count} bytes"


def _check_sizes(files: dict[Path, str | bytes]) -> None:
    """Refuse, before writing anything, a YAML file that check would refuse as too large."""
    limit = safe_yaml.MAX_FILE_BYTES
    for path, text in files.items():
        if isinstance(text, str) and len(text.encode("utf-8")) > limit:
            raise ImportProblem(str(path), _("would be {size}, over the {limit} a content file may hold, so check "
                                             "would refuse it; nothing was written: import a single work plan, or "
                                             "split the document into its plans").format(
                size=_size(len(text.encode("utf-8"))), limit=_size(limit)))


def _refuse_non_plans(file: Path, head, lines) -> None:
    """A progress report, a policy interpretation, meeting news or a draft for comment is no plan."""
    found = not_a_plan(head, lines)
    if found:
        looks, todo = found
        raise ImportProblem(str(file), _("is not a work plan: it looks like {looks}; {todo}").format(
            looks=looks, todo=todo))


def jurisdiction_id(name: str | None, file: Path, read: list[str] | None = None) -> str:
    """An ascii id from the jurisdiction's name (阳城县 → yangcheng, 北山市新城区 → beishan-xincheng)."""
    if not name:
        raise ImportProblem(str(file), _("the document names no issuer (发文机关署名, 发文机关标志, 印发机关, "
                                         "the title's issuer or a place opening the plan's title), so its "
                                         "jurisdiction is unknown; read: {read}. A place the text mentions is not "
                                         "taken as the issuer: pass --jurisdiction ID").format(read="; ".join(read or [])))
    if "新区" in name:
        city = re.match(r"^(\S+?)市", name)
        return "-".join(["".join(lazy_pinyin(city.group(1))) if city else "", "xinqu"]).strip("-")
    levels = re.findall(r"[\u4e00-\u9fff]+?(?:自治县|自治州|县|市|区|旗|州|省|盟)", name) or [name]
    cores = [re.sub(r"(自治县|自治州|县|市|区|旗|州|省|盟)$", "", level) or level for level in levels]
    return "-".join(re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(c)).lower()) for c in cores)


def _load_agencies(path: Path, jid: str, name: str | None) -> dict:
    """The jurisdiction's agencies file as data, or a new one."""
    if not path.exists():
        return {"jurisdiction": agencies.jurisdiction_entry(jid, name), "units": []}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ImportProblem(str(path), _("cannot be read as YAML ({problem}): fix it, then import again").format(
            problem=exc.__class__.__name__))
    if not isinstance(data, dict):
        raise ImportProblem(str(path), _("is not an agencies file (expected `jurisdiction:` and `units:`)"))
    data.setdefault("units", [])
    return data


def _units(plan: dict) -> list[dict]:
    from .assemble import bodies, iter_tasks
    return [u for t in iter_tasks(plan["sections"]) for b in bodies(t) for u in b.get("units", [])]
