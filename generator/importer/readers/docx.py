"""Word (.docx): the body's paragraphs and tables in document order.

Each paragraph is a line (a manual line break inside one starts a new line), with a blank
line between paragraphs. A table whose header names tasks and units (a 任务清单) is read as
task rows (readers/table.py); any other table (the layout tables of a 版记 or a 发文机关标志)
gives its cells' text as lines, row by row. The archive is checked against the bounds of
readers/archive.py before python-docx opens it.
"""

from __future__ import annotations

from ...i18n import _
from ..errors import ImportProblem
from . import Format, Reading, register
from .archive import open_bounded
from .table import Grid, task_table


def read_docx(data: bytes, name: str) -> Reading:
    stream = open_bounded(data, name, _("a Word .docx document"))
    try:
        import docx  # python-docx
        document = docx.Document(stream)
        blocks = list(document.iter_inner_content())
    except Exception as exc:  # a damaged document: python-docx and lxml raise many kinds
        raise ImportProblem(name, _("cannot be read as a Word .docx document ({error}): open it in Word or WPS "
                                    "and save it again as .docx, or export it as PDF").format(
            error=type(exc).__name__)) from None
    lines: list[str] = []
    reading = Reading("docx", _("Word .docx, read with python-docx"), "")
    layout = 0
    for block in blocks:
        if hasattr(block, "rows"):
            grid = _grid(block)
            grid.line = len(lines)
            table = task_table(grid) if grid.cells else None
            if table is None:
                layout += 1
                for row in grid.cells:
                    for text in dict.fromkeys(c for c in row if c.strip()):
                        _add(lines, text)
                continue
            for text in table.above:
                _add(lines, text)
            table.line = len(lines)
            reading.tables.append(table)
            for text in table.below:
                _add(lines, text)
        else:
            _add(lines, block.text)
    if layout:
        reading.repairs.append(_("{count} table(s) that are not task tables (layout) read as lines of text, "
                                 "cell by cell").format(count=layout))
    for table in reading.tables:
        reading.repairs.append(_("a task table of {rows} rows read by its headers: {headers}").format(
            rows=len(table.rows), headers=" | ".join(h for role, h in table.headers.values())))
    reading.text = "\n".join(lines)
    return reading


def _add(lines: list[str], text: str) -> None:
    """A paragraph as lines (a manual line break starts a new one), then a blank line."""
    for piece in text.split("\n"):
        lines.append(piece)
    lines.append("")


def _grid(table) -> Grid:
    """The table's cells: a merged cell repeats its text at each position, with its origin."""
    cells: list[list[str]] = []
    origins: list[list[tuple[int, int]]] = []
    seen: dict[int, tuple[int, int]] = {}
    keep = []  # hold the cells so that lxml keeps one proxy per element (identity = same cell)
    for r, row in enumerate(table.rows):
        texts, where = [], []
        for c, cell in enumerate(row.cells):
            keep.append(cell._tc)  # noqa: SLF001 -- the cell's element tells merged positions apart
            key = id(cell._tc)  # noqa: SLF001
            origin = seen.setdefault(key, (r, c))
            texts.append("\n".join(p.text for p in cell.paragraphs))
            where.append(origin)
        cells.append(texts)
        origins.append(where)
    return Grid(cells, origins)


FORMAT = register(Format("docx", "Word .docx", (".docx",), read_docx, zip_entry="word/document.xml"))
