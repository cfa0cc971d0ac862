"""Excel (.xlsx): a 任务清单 on a worksheet, read with openpyxl.

The first sheet whose header row names tasks and units is read as task rows
(readers/table.py); rows above the header (a title merged across the sheet) are the
document's text, read by the parser like any title. Cells show their stored values; a date
cell is written as the date (2024-06-30) and reported, since the sheet's display format is
not the document's text. The archive is checked against the bounds of readers/archive.py
before openpyxl opens it.
"""

from __future__ import annotations

import datetime

from ...i18n import _
from ..errors import ImportProblem
from . import Format, Reading, register
from .archive import open_bounded
from .table import Grid, task_table

MAX_CELLS = 200_000  # rows × columns of the used range: a plan's task list is far smaller


def read_xlsx(data: bytes, name: str) -> Reading:
    stream = open_bounded(data, name, _("an Excel .xlsx workbook"))
    try:
        import openpyxl
        workbook = openpyxl.load_workbook(stream, data_only=True)
        sheets = [(ws.title, _sheet_grid(ws, name)) for ws in workbook.worksheets]
    except ImportProblem:
        raise
    except Exception as exc:  # a damaged workbook: openpyxl raises many kinds
        raise ImportProblem(name, _("cannot be read as an Excel .xlsx workbook ({error}): open it in Excel or WPS "
                                    "and save it again as .xlsx").format(error=type(exc).__name__)) from None
    reading = Reading("xlsx", _("Excel .xlsx, read with openpyxl"), "")
    for title, (grid, dates) in sheets:
        table = task_table(grid) if grid.cells else None
        if table is None:
            continue
        lines: list[str] = []
        for text in table.above:
            lines += [*text.split("\n"), ""]
        table.line = len(lines)
        reading.tables.append(table)
        for text in table.below:
            lines += [*text.split("\n"), ""]
        reading.text = "\n".join(lines)
        reading.repairs.append(_("sheet {sheet}: a task table of {rows} rows read by its headers: {headers}").format(
            sheet=title, rows=len(table.rows), headers=" | ".join(h for role, h in table.headers.values())))
        if dates:
            reading.warnings.append(_("sheet {sheet}: date cells written as dates (YYYY-MM-DD), not as the sheet "
                                      "displays them: {cells}").format(sheet=title, cells=", ".join(dates)))
        others = [t for t, unused in sheets if t != title]
        if others:
            reading.warnings.append(_("only sheet {sheet} was read; the workbook also has: {others}").format(
                sheet=title, others=", ".join(others)))
        return reading
    raise ImportProblem(name, _("holds no task table: no sheet has a header row naming the tasks (工作任务 or "
                                "工作措施) and the units (责任单位) or deadlines (完成时限); check that this is the "
                                "task list, or import the notice itself"))


def _sheet_grid(ws, name: str) -> tuple[Grid, list[str]]:
    rows, cols = ws.max_row or 0, ws.max_column or 0
    if rows * cols > MAX_CELLS:
        raise ImportProblem(name, _("has a sheet ({sheet}) of {rows} rows and {cols} columns, far more than a task "
                                    "list: check that this is the plan's task list").format(
            sheet=ws.title, rows=rows, cols=cols))
    origin_of: dict[tuple[int, int], tuple[int, int]] = {}
    for merged in ws.merged_cells.ranges:
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                origin_of[(r, c)] = (merged.min_row, merged.min_col)
    values: dict[tuple[int, int], str] = {}
    dates: list[str] = []
    for row in ws.iter_rows(min_row=1, max_row=rows, max_col=cols):
        for cell in row:
            if cell.value is not None and not type(cell).__name__ == "MergedCell":
                values[(cell.row, cell.column)] = _text(cell.value)
                if isinstance(cell.value, (datetime.date, datetime.datetime)):
                    dates.append(cell.coordinate)
    cells, origins = [], []
    for r in range(1, rows + 1):
        texts, where = [], []
        for c in range(1, cols + 1):
            origin = origin_of.get((r, c), (r, c))
            texts.append(values.get(origin, ""))
            where.append((origin[0] - 1, origin[1] - 1))
        cells.append(texts)
        origins.append(where)
    return Grid(cells, origins), dates


def _text(value) -> str:
    """A cell's value as text: whole numbers without .0, dates as dates."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("_x000D_", "")


FORMAT = register(Format("xlsx", "Excel .xlsx", (".xlsx",), read_xlsx, zip_entry="xl/workbook.xml"))
