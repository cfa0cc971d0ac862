"""A 任务清单: a table whose rows are tasks (工作任务 | 工作措施 | 责任单位 | 完成时限).

The .docx, .xlsx and web page readers turn a table into a `Grid` (cell texts with the origin
of merged cells). This module finds the header row, gives each column its role by its
header's words (never by its position), and reads each row below as one task: its text, its
units and roles, its 完成时限 verbatim, and the groups it stands in. A cell merged down over
several rows (or left empty below a value) carries its group down, so a 工作任务 merged over
three 工作措施 is one section with three tasks. A row whose one cell spans the whole width is
a heading over the rows after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..numbering import parse_label
from ..responsibility import parse_note, split_top

# (role, words): a header is given the role of the first entry with a word it contains.
ROLES = [
    ("number", ("序号", "编号")),
    ("lead", ("牵头单位", "牵头部门", "主办单位", "主责单位", "牵头")),
    ("supporting", ("配合单位", "配合部门", "协办单位", "协同单位", "配合")),
    ("units", ("责任单位", "责任部门", "责任主体", "实施单位", "承办单位", "单位", "部门")),
    ("deadline", ("完成时限", "完成时间", "时间节点", "完成期限", "时限", "时间", "期限", "进度")),
    ("measure", ("措施", "举措", "内容", "要求")),
    ("task", ("任务", "事项", "重点工作", "工作", "目标")),
    ("section", ("类别", "领域", "分类", "方面", "板块", "项目", "类型")),
    ("remarks", ("备注", "说明")),
]
UNIT_ROLES = {"lead": "lead", "supporting": "supporting", "units": "responsible"}
MAX_HEADER = 12  # characters of a header cell; longer cells are content


@dataclass
class Grid:
    """A table as read: the text at each grid position (a merged cell repeats its text at every
    position it covers) and the position of the cell that holds it."""

    cells: list[list[str]]
    origins: list[list[tuple[int, int]]]
    line: int = 0  # how many text lines of the document come before the table


@dataclass(frozen=True)
class Group:
    """A heading over rows: a cell merged down (or carried down), or a row spanning the table."""

    origin: tuple[int, int]
    label: str | None
    title: str


@dataclass
class Row:
    """One task read from a row."""

    row: int  # 1-based row of the table, for messages
    groups: list[Group]  # the groups it stands in, outermost first
    label: str | None
    title: str | None
    text: str
    unit_cells: list[tuple[str, str, str]]  # (role, header, cell) of each non-empty unit column
    deadline: str | None
    extra: list[str] = field(default_factory=list)  # other columns, as `header：value`

    def note(self, rule: str | None = None) -> tuple[str | None, list[dict]]:
        """The row's note and units: a lone 责任单位 cell is the note as written and is read like a
        bracketed note (X牵头，Y配合; the document's rule applies); cells under headers that name
        a role (牵头单位 | 配合单位) are written `header：cell` and give their units that role."""
        if not self.unit_cells:
            return None, []
        if len(self.unit_cells) == 1 and self.unit_cells[0][0] == "units":
            cell = self.unit_cells[0][2]
            return cell, parse_note(cell.replace("\n", "、"), rule)
        parts, units = [], []
        for role, header, cell in self.unit_cells:
            parts.append(f"{header}：{cell}")
            if role == "units":
                units += parse_note(cell.replace("\n", "、"), rule)
            else:
                units += [{"name": n, "role": UNIT_ROLES[role]} for n in split_top(cell, "、，；,;\n")]
        return "；".join(parts), units


@dataclass
class TaskTable:
    rows: list[Row]
    headers: dict[int, tuple[str, str]]  # column → (role, header text)
    line: int
    above: list[str]  # text rows above the header (a title merged across the table)
    below: list[str]  # text rows after the last task (a note under the table)

    @property
    def numbered(self) -> bool:
        """Whether every task has a label of the document's own (a 序号 or a label in its text)."""
        return all(row.label for row in self.rows)


def column_role(header: str) -> str | None:
    text = re.sub(r"\s+", "", header)
    if not text or len(text) > MAX_HEADER:
        return None
    for role, words in ROLES:
        if any(w in text for w in words):
            return role
    return None


def _header_row(grid: Grid) -> int | None:
    """The first row (of the first eight) naming a text column and a unit or deadline column."""
    for r, row in enumerate(grid.cells[:8]):
        roles = {column_role(c) for c in row}
        if roles & {"task", "measure"} and roles & {"units", "lead", "supporting", "deadline"}:
            return r
    return None


def task_table(grid: Grid) -> TaskTable | None:
    """The grid read as a task table, or None when it is not one (a layout or metadata table)."""
    header = _header_row(grid)
    if header is None:
        return None
    width = max(len(r) for r in grid.cells)
    headers: dict[int, tuple[str, str]] = {}
    for c in range(width):
        texts = []
        for r in range(header, len(grid.cells)):
            cell = _cell(grid, r, c)
            if r > header and not _is_header_row(grid, r):
                break
            if cell and cell not in texts:
                texts.append(cell)
        role = next((column_role(t) for t in reversed(texts) if column_role(t)), None)
        if role:
            headers[c] = (role, re.sub(r"\s+", "", texts[-1]))
    first = header + 1
    while first < len(grid.cells) and _is_header_row(grid, first):
        first += 1
    above = _distinct(grid.cells[r] for r in range(header))
    text_cols = [c for c, (role, _) in headers.items() if role in ("task", "measure")]
    measure = next((c for c, (role, _) in headers.items() if role == "measure"), None)
    task = next((c for c, (role, _) in headers.items() if role == "task"), None)
    if measure is None:
        measure, task = task, None
    section = next((c for c, (role, _) in headers.items() if role == "section"), None)
    number = next((c for c, (role, _) in headers.items() if role == "number"), None)
    body = [r for r in range(first, len(grid.cells)) if any(grid.cells[r]) and grid.cells[r] != grid.cells[header]]
    grouping = [c for c in (section, task) if c is not None and _groups_rows(grid, c, body)]
    if section is not None and section not in grouping:
        grouping.insert(0, section)  # a 类别 column groups even when each value stands once
    unnamed = {c: re.sub(r"\s+", "", _cell(grid, header, c)) for c in range(width)
               if c not in headers and _cell(grid, header, c)}  # columns of no known role: kept as `header：value`
    numbers_groups = number is not None and bool(grouping) and _same_spans(grid, body, number, grouping[-1])
    rows: list[Row] = []
    below: list[str] = []
    band: Group | None = None
    carried: dict[int, Group] = {}
    empty_band: str | None = None  # a row across the table with no task under it yet
    for r in body:
        cells = grid.cells[r]
        if _spans_row(grid, r):
            if empty_band:
                below.append(empty_band)  # a row across the table over no task: kept as text
            band = _group(grid.origins[r][0], None, cells[0].strip())
            empty_band = cells[0].strip()
            carried.clear()
            continue
        text = _cell(grid, r, measure)
        if not text and not any(_cell(grid, r, c) for c in text_cols):
            below += [c for c in _distinct([cells]) if c]
            continue
        groups = [band] if band else []
        for depth, c in enumerate(grouping):
            value = _cell(grid, r, c)
            if value and (c not in carried or carried[c].origin != grid.origins[r][c]):
                innermost = depth == len(grouping) - 1
                label = (_cell(grid, r, number) or None) if numbers_groups and innermost else None
                carried[c] = _group(grid.origins[r][c], label, value)
                for deeper in grouping[depth + 1:]:
                    carried.pop(deeper, None)
            if c in carried:
                groups.append(carried[c])
        title = _cell(grid, r, task) if task is not None and task not in grouping else None
        if not text:
            text, title = title or "", None
        if not text:
            continue  # a row that only starts a group: the group carries on to the rows below
        label = None
        if number is not None and not numbers_groups:
            label = _cell(grid, r, number) or None
        if label is None:
            own = parse_label(text)
            if own and own.rest:
                label, text = own.label, own.rest
        unit_cells = [(role, h, _cell(grid, r, c)) for c, (role, h) in headers.items()
                      if role in UNIT_ROLES and _cell(grid, r, c)]
        deadline = next((_cell(grid, r, c) or None for c, (role, _) in headers.items() if role == "deadline"), None)
        extra = [f"{h}：{_cell(grid, r, c)}" for c, (role, h) in headers.items()
                 if role == "remarks" and _cell(grid, r, c)]
        extra += [f"{unnamed[c]}：{_cell(grid, r, c)}" for c in unnamed if _cell(grid, r, c)]
        rows.append(Row(r + 1, groups, label, title, text, unit_cells, deadline, extra))
        empty_band = None
    if empty_band:
        below.append(empty_band)
    return TaskTable(rows, headers, grid.line, above, below)


def _group(origin: tuple[int, int], label: str | None, text: str) -> Group:
    """A group from its cell: a label it starts with (一、强化源头治理) is its label."""
    if label is None:
        own = parse_label(text)
        if own and own.rest:
            return Group(origin, own.label, own.rest)
    return Group(origin, label, text)


def _cell(grid: Grid, r: int, c: int | None) -> str:
    if c is None or r >= len(grid.cells) or c >= len(grid.cells[r]):
        return ""
    return grid.cells[r][c].strip()


def _is_header_row(grid: Grid, r: int) -> bool:
    """A row of headers only (a second header row under merged ones: 责任单位 over 牵头 | 配合)."""
    cells = [c for c in grid.cells[r] if c.strip()]
    return bool(cells) and all(column_role(c) for c in cells)


def _spans_row(grid: Grid, r: int) -> bool:
    """One cell across the whole row: a heading over the rows below."""
    row = grid.origins[r]
    return len(row) > 1 and len(set(row)) == 1 and bool(grid.cells[r][0].strip())


def _groups_rows(grid: Grid, c: int, body: list[int]) -> bool:
    """Whether a column carries values down: a cell merged over rows, or left empty below one."""
    seen: dict[tuple[int, int], int] = {}
    for r in body:
        if c < len(grid.origins[r]):
            if not grid.cells[r][c].strip() and any(grid.cells[r]):
                return True
            seen[grid.origins[r][c]] = seen.get(grid.origins[r][c], 0) + 1
    return any(n > 1 for n in seen.values())


def _same_spans(grid: Grid, body: list[int], a: int, b: int) -> bool:
    """Whether column a is merged down exactly as column b wherever b is (序号 merged with its
    工作任务: the number labels the task's group, not its rows)."""
    spans: dict[int, list] = {a: [], b: []}
    for column in (a, b):
        previous = None
        for r in body:
            origin = grid.origins[r][column] if column < len(grid.origins[r]) else None
            if origin != previous:
                spans[column].append(r)
            previous = origin
    return spans[a] == spans[b] and len(spans[b]) < len(body)


def _distinct(rows) -> list[str]:
    out: list[str] = []
    for row in rows:
        for cell in row:
            cell = cell.strip()
            if cell and cell not in out:
                out.append(cell)
    return out
