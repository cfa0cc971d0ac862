"""`python -m generator import-report TABLE.xlsx|csv --plan ID …`: a progress table into report YAML.

Offices keep progress in a spreadsheet: one row per task, a label column (序号 / 任务编号), a
status column (已完成 … or done …) and the words (进展情况). Rows are matched to the plan's
tasks by label; the report is written to content/reports/<id>.yaml only when every row
matches (or `--keep-matched` says to keep the rest). Words are kept as the table has them.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import yaml

from .i18n import _
from .loading import ContentErrors, link, read_content
from .loading.reports import number_ranges, task_index
from .model import STATUS_LABELS, Plan, Task
from .schema import id_argument

LABEL_COLUMNS = ("任务编号", "序号", "编号", "任务序号", "task")
STATUS_COLUMNS = ("进展状态", "状态", "完成状态", "进度", "status")
TEXT_COLUMNS = ("进展情况", "落实情况", "完成情况", "text")
STATUSES = {**{label: value for value, label in STATUS_LABELS.items()}, **{v: v for v in STATUS_LABELS}}
_WIDTH = str.maketrans({"(": "（", ")": "）", " ": "", "\u3000": "", "．": "."})


class TableError(Exception):
    """A table this command cannot read: the message says what to do."""


@dataclass(frozen=True)
class Row:
    number: int  # the row's number in the sheet (the header is row 1 when it is the first)
    label: str
    status: str
    text: str


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()  # a cell's own line breaks, as LF


# A progress table lists a plan's tasks: a few hundred rows. Far more is not one (a log, an export
# of a whole database, a crafted file), and reading it would take minutes and gigabytes.
MAX_ROWS = 10_000
MAX_COLUMNS = 100


def read_table(path: Path) -> list[list[str]]:
    """The sheet's rows as text: the first worksheet of an .xlsx, or a UTF-8 (or GB18030) .csv.

    Within the importer's bounds: its file sizes (importer/readers), its archive checks
    (readers/archive.py, before openpyxl inflates anything) and MAX_ROWS × MAX_COLUMNS."""
    from .importer.readers import MAX_FILE_BYTES, MAX_TEXT_BYTES

    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise TableError(_("{path}: is not an .xlsx or .csv file: save the table as one").format(path=path))
    limit = MAX_FILE_BYTES if suffix == ".xlsx" else MAX_TEXT_BYTES
    size = path.stat().st_size
    if size > limit:
        raise TableError(_("{path}: is {size} MB, over the {limit} MB a progress table may be: check that this is "
                           "the table of one plan's tasks").format(path=path, size=size // 1024 // 1024,
                                                                  limit=limit // 1024 // 1024))
    rows = _xlsx_rows(path) if suffix == ".xlsx" else _csv_rows(path)
    table = []
    for number, row in enumerate(rows, 1):
        row = list(row)
        while row and row[-1] in (None, ""):  # openpyxl pads each row to the sheet's stated width
            row.pop()
        if number > MAX_ROWS or len(row) > MAX_COLUMNS:
            raise TableError(_("{path}: has more than {rows} rows or {columns} columns, far more than a plan's "
                               "tasks: check that this is the progress table of one plan").format(
                path=path, rows=MAX_ROWS, columns=MAX_COLUMNS))
        table.append([_cell(v) for v in row])
    return table


def _xlsx_rows(path: Path) -> Iterator[tuple]:
    from openpyxl import load_workbook

    from .importer.errors import ImportProblem
    from .importer.readers.archive import open_bounded

    try:
        stream = open_bounded(path.read_bytes(), str(path), _("an Excel .xlsx workbook"))
    except ImportProblem as problem:
        raise TableError(str(problem)) from None
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise TableError(_("{path}: cannot be read as an Excel workbook ({error}): save it as .xlsx")
                         .format(path=path, error=exc)) from None
    try:
        yield from book.worksheets[0].iter_rows(values_only=True)
    except Exception as exc:  # a sheet damaged past its first rows
        raise TableError(_("{path}: cannot be read as an Excel workbook ({error}): save it as .xlsx")
                         .format(path=path, error=exc)) from None
    finally:
        book.close()


def _csv_rows(path: Path) -> Iterator[list[str]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableError(_("{path}: is neither UTF-8 nor GB18030 text: save it as UTF-8 CSV").format(path=path))
    # the csv module splits the rows itself: a quoted cell keeps its line breaks, and a U+2028 or
    # U+2029 inside a cell (str.splitlines would cut the row there) stays part of the cell
    return csv.reader(io.StringIO(text, newline=""))


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        for index, value in enumerate(header):
            if value.replace(" ", "").lower() == name:
                return index
    return None


def table_rows(cells: list[list[str]], path: Path) -> list[Row]:
    """Rows under the first line that names a label, a status and a words column."""
    for head, header in enumerate(cells):
        columns = [_column(header, names) for names in (LABEL_COLUMNS, STATUS_COLUMNS, TEXT_COLUMNS)]
        if None not in columns:
            break
    else:
        raise TableError(_("{path}: no header row names a task label column ({labels}), a status column ({statuses}) "
                           "and a 进展情况 column ({texts}): add them").format(
            path=path, labels="/".join(LABEL_COLUMNS), statuses="/".join(STATUS_COLUMNS), texts="/".join(TEXT_COLUMNS)))
    label, status, text = (column for column in columns if column is not None)  # all three, by the loop above
    rows = []
    for number, line in enumerate(cells[head + 1:], head + 2):
        values = [line[i] if i < len(line) else "" for i in (label, status, text)]
        if any(values):
            rows.append(Row(number, *values))
    return rows


def _key(label: str) -> str:
    return label.translate(_WIDTH)


def match(plan: Plan, rows: list[Row]) -> tuple[list[tuple[Row, str]], list[tuple[Row, str]]]:
    """(row, task ref) for each row that names one task with a known status and words; (row, why) for the rest."""
    index = task_index(plan)
    by_key: dict[str, list] = {}
    for key, tasks in index.items():
        by_key.setdefault(_key(key), []).extend(t for t in tasks if t not in by_key.get(_key(key), []))
    matched, unmatched = [], []
    seen: dict[Task, int] = {}
    for row in rows:
        tasks = by_key.get(_key(row.label)) or by_key.get(_key(row.label) + ".") or []
        if not row.label:
            unmatched.append((row, _("no task label")))
        elif not tasks:
            unmatched.append((row, _("plan `{plan}` has no task `{label}`").format(plan=plan.id, label=row.label)))
        elif len(tasks) > 1:
            unmatched.append((row, _("`{label}` names {count} tasks: write the full ref, e.g. （十二）1.")
                              .format(label=row.label, count=len(tasks))))
        elif row.status not in STATUSES:
            unmatched.append((row, _("unknown status `{status}`: use one of {known}")
                              .format(status=row.status, known="、".join(STATUS_LABELS.values()))))
        elif not row.text:
            unmatched.append((row, _("no words in the 进展情况 column: write what the report says of the task")))
        elif tasks[0] in seen:
            unmatched.append((row, _("task `{ref}` is already on row {other}").format(ref=tasks[0].ref,
                                                                                       other=seen[tasks[0]])))
        else:
            seen[tasks[0]] = row.number
            matched.append((row, tasks[0].ref))
    return matched, unmatched


def report_yaml(args: argparse.Namespace, matched: list[tuple[Row, str]]) -> str:
    data = {
        "id": args.id, "plan": args.plan, "title": args.title,
        "date": args.date.isoformat() if args.date else None, "as_of": args.as_of.isoformat(),
        "reporter": args.reporter, "annotation": args.annotation,
        "entries": [{"task": ref, "status": STATUSES[row.status], "text": row.text} for row, ref in matched],
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("`{value}` is not a date: write it as 2023-06-30").format(value=value))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m generator import-report", description=_(
        "Import a progress table (落实情况, .xlsx or .csv) into content/reports/ as a report YAML."))
    p.add_argument("table", help=_("the progress table (.xlsx or .csv)"))
    p.add_argument("--plan", required=True, type=id_argument, help=_("the plan's id (content/plans/<id>.yaml)"))
    p.add_argument("--id", required=True, type=id_argument, help=_("the report's id: its file name and URL (e.g. yangcheng-2023-h1)"))
    p.add_argument("--title", required=True, help=_("the report's own title, verbatim"))
    p.add_argument("--as-of", required=True, type=_date, help=_("the day the progress is reported up to (2023-06-30)"))
    p.add_argument("--date", type=_date, help=_("the report's 成文日期"))
    p.add_argument("--reporter", help=_("the reporting unit, as the report names it"))
    p.add_argument("--annotation", help=_("the report's own 附注, e.g. （此件公开发布）; without it the report is held"))
    p.add_argument("--keep-matched", action="store_true", help=_("write the rows that match even when others do not"))
    p.add_argument("--root", default=".", help=_("project folder holding content/ (default: .)"))
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    root = Path(args.root)
    target = root / "content" / "reports" / f"{args.id}.yaml"
    try:
        if target.exists():
            raise TableError(_("{target} exists already: choose another --id or remove the file").format(target=target))
        plans = {p.id: p for p in link(read_content(root / "content")).plans}
        plan = plans.get(args.plan)
        if plan is None:
            raise TableError(_("unknown plan `{plan}`: use the id of a file in content/plans/").format(plan=args.plan))
        rows = table_rows(read_table(Path(args.table)), Path(args.table))
    except (TableError, OSError) as exc:
        print(_("error: {problem}").format(problem=exc), file=sys.stderr)
        return 1
    except ContentErrors as exc:
        print(_("content/ has problems; fix them first (python -m generator check):"), file=sys.stderr)
        print(exc, file=sys.stderr)
        return 1
    matched, unmatched = match(plan, rows)
    grouped: dict[str, list[int]] = {}  # the same reason on many rows is one line (20,000 copies of a row)
    for row, why in unmatched:
        grouped.setdefault(why, []).append(row.number)
    for why, numbers in grouped.items():
        where = (f"{args.table}:{numbers[0]}" if len(numbers) == 1 else
                 _("{table}: rows {rows} ({count} rows)").format(table=args.table, rows=number_ranges(numbers),
                                                                  count=len(numbers)))
        print(f"{where}: {why}", file=sys.stderr)
    if unmatched and not args.keep_matched:
        print(_("{count} of {total} rows do not match: nothing written; correct them, or pass --keep-matched to "
                "write the {kept} that do").format(count=len(unmatched), total=len(rows), kept=len(matched)),
              file=sys.stderr)
        return 1
    if not matched:
        print(_("no row matches a task: nothing written"), file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(report_yaml(args, matched), encoding="utf-8")
    print(_("wrote {target}: {count} tasks; check it with python -m generator check").format(
        target=target, count=len(matched)))
    return 0
