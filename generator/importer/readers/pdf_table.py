"""A ruled table on a PDF page (a 任务清单 printed in a GB/T 9704 notice), read as a Grid.

A PDF has no tables, only characters and the thin rectangles or lines that draw the rules
between cells. The rules' positions give the grid's columns and rows; a cell boundary
without a rule is a merged cell (a 工作任务 spanning three 工作措施 has no horizontal rule
between them), so each position gets the origin of the cell that covers it, as the .docx and
.xlsx readers give. Each character goes to the cell its centre falls in; a cell's lines are
joined as the printed cell shows them (a line break inside a cell is the cell's width, not
a new paragraph). One table a page, bounded by its outer rules; a table that goes on over a
page break is joined with its continuation by the caller (readers/pdf.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from .table import Grid

THIN = 2.0  # points: a rule is at most this thick
NEAR = 1.5  # points: rules this close are one


@dataclass
class Rule:
    x0: float
    x1: float
    y0: float  # bottom
    y1: float  # top

    @property
    def across(self) -> bool:
        return self.y1 - self.y0 <= THIN < self.x1 - self.x0

    @property
    def down(self) -> bool:
        return self.x1 - self.x0 <= THIN < self.y1 - self.y0


@dataclass
class Found:
    """A table found on a page: its grid, its top (PDF points, from the bottom) and left edge."""

    grid: Grid
    top: float
    left: float
    columns: int


def _levels(values: list[float]) -> list[float]:
    """Distinct positions, rules within NEAR of each other taken as one."""
    out: list[float] = []
    for value in sorted(values):
        if out and value - out[-1] <= NEAR:
            continue
        out.append(value)
    return out


def find(rules: list[Rule], chars: Sequence, line_text: Callable[[list], str]) -> tuple[Found | None, list]:
    """The page's ruled table and the characters outside it (its characters are the table's).

    `chars` have x0, x1, bottom, top; `line_text(chars)` gives a cell's text from its characters
    (grouped into lines by the caller's rule)."""
    across = [r for r in rules if r.across]
    down = [r for r in rules if r.down]
    if len(across) < 2 or len(down) < 3:
        return None, list(chars)
    ys = _levels([(r.y0 + r.y1) / 2 for r in across])[::-1]  # top to bottom
    xs = _levels([(r.x0 + r.x1) / 2 for r in down])
    if len(ys) < 3 or len(xs) < 3:
        return None, list(chars)
    top, bottom, left, right = ys[0], ys[-1], xs[0], xs[-1]

    def ruled_across(y: float, xa: float, xb: float) -> bool:
        middle = (xa + xb) / 2
        return any(abs((r.y0 + r.y1) / 2 - y) <= NEAR and r.x0 <= middle <= r.x1 for r in across)

    def ruled_down(x: float, ya: float, yb: float) -> bool:
        middle = (ya + yb) / 2
        return any(abs((r.x0 + r.x1) / 2 - x) <= NEAR and r.y0 <= middle <= r.y1 for r in down)

    rows, cols = len(ys) - 1, len(xs) - 1
    origins: list[list[tuple[int, int]]] = []
    for r in range(rows):
        line: list[tuple[int, int]] = []
        for c in range(cols):
            if c > 0 and not ruled_down(xs[c], ys[r + 1], ys[r]):
                line.append(line[c - 1])  # no rule on its left: the cell to the left goes on
            elif r > 0 and not ruled_across(ys[r], xs[c], xs[c + 1]):
                line.append(origins[r - 1][c])  # no rule above: the cell above goes on
            else:
                line.append((r, c))
        origins.append(line)
    inside: dict[tuple[int, int], list] = {}
    outside = []
    for char in chars:
        cx, cy = (char.x0 + char.x1) / 2, (char.bottom + char.top) / 2
        if not (left < cx < right and bottom < cy < top):
            outside.append(char)
            continue
        r = next(i for i in range(rows) if cy >= ys[i + 1])
        c = next(i for i in range(cols) if cx <= xs[i + 1])
        inside.setdefault(origins[r][c], []).append(char)
    texts = {origin: line_text(found) for origin, found in inside.items()}
    cells = [[texts.get(origins[r][c], "") for c in range(cols)] for r in range(rows)]
    if not any(any(row) for row in cells):
        return None, list(chars)
    return Found(Grid(cells, origins), top, left, cols), outside


def join(first: Grid, second: Grid) -> Grid:
    """A table and its continuation on the next page: the continuation's rows after the first's,
    without its first row when it repeats the first's header row."""
    rows = second.cells
    skip = 1 if rows and first.cells and rows[0] == first.cells[0] else 0
    offset = len(first.cells) - skip
    origins = [[(r + offset, c) for r, c in row] for row in second.origins[skip:]]
    return Grid(first.cells + rows[skip:], first.origins + origins)
