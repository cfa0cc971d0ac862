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
    label_in_text: bool = False  # the label is the start of its measures cell (not a 序号 cell)

    def note(self, rule: str | None = None) -> tuple[str | None, list[dict]]:
        """The row's note and units: a lone 责任单位 cell is the note as written and is read like a
        bracketed note (X牵头，Y配合; the document's rule applies); cells under headers that name
        a role (牵头单位 | 配合单位) are written `header：cell` and give their units that role."""
        if not self.unit_cells:
            return None, []
        if len(self.unit_cells) == 1 and self.unit_cells[0][0] == "units":
            cell = self.unit_cells[0][2]
            return cell, parse_note(_bracketed(cell), rule)
        parts, units = [], []
        for role, header, cell in self.unit_cells:
            parts.append(f"{header}：{cell}")
            if role == "units":
                units += parse_note(_bracketed(cell), rule)
            else:
                units += [{"name": n, "role": UNIT_ROLES[role]} for n in split_top(cell, "、，；,;\n")]
        return "；".join(parts), units


def _bracketed(cell: str) -> str:
    """A unit cell as a bracketed note, as parse_note reads notes (a cell's own brackets, as in
    各村（社区）, are then inside the note, not taken for it); its lines joined by 、."""
    text = cell.replace("\n", "、")
    return text if text.startswith(("（", "(", "〔", "【")) else f"（{text}）"


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


# Which text column holds the tasks, by its header's words: 措施 before 内容 before 要求 before
# 任务 (工作目标 | 工作内容 | 工作措施: the measures are the tasks, the others their headings).
MEASURE_WORDS = ("措施", "举措", "内容", "要求", "任务", "事项", "重点工作", "工作", "目标")


def _measure_column(headers: dict[int, tuple[str, str]]) -> int | None:
    """The column of the tasks' text: the text column whose header names the most specific
    words of MEASURE_WORDS (the leftmost of equals)."""
    ranked = [(next((i for i, w in enumerate(MEASURE_WORDS) if w in header), len(MEASURE_WORDS)), c)
              for c, (role, header) in headers.items() if role in ("task", "measure")]
    return min(ranked)[1] if ranked else None


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
    measure = _measure_column(headers)
    section = next((c for c, (role, _) in headers.items() if role == "section"), None)
    number = next((c for c, (role, _) in headers.items() if role == "number"), None)
    body = [r for r in range(first, len(grid.cells)) if any(grid.cells[r]) and grid.cells[r] != grid.cells[header]]
    # Text columns left of the measures (工作目标 | 工作内容 before 工作措施): those merged down
    # (or carried down) over several rows are the task's sections and headings, outermost
    # first; of the others, the nearest is the task's title and the rest are kept as text.
    left = [c for c in sorted(text_cols) if measure is not None and c < measure]
    grouping = [c for c in left if _groups_rows(grid, c, body)]
    if section is not None and section not in grouping:
        grouping.insert(0, section)  # a 类别 column groups even when each value stands once
    plain = [c for c in left if c not in grouping]
    task = plain[-1] if plain else None
    kept = plain[:-1] + [c for c in sorted(text_cols) if measure is not None and c > measure]
    unnamed = {c: re.sub(r"\s+", "", _cell(grid, header, c)) for c in range(width)
               if c not in headers and _cell(grid, header, c)}  # columns of no known role: kept as `header：value`
    numbers_groups = number is not None and bool(grouping) and _same_spans(grid, body, number, grouping[-1])
    # A measures cell holding several numbered measures makes every row a heading over its own
    # measures (the same shape for all rows of the table).
    rows_head = task is not None and any(len(_measures(_cell(grid, r, measure))) > 1 for r in body)
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
        own_number = _cell(grid, r, number) if number is not None and not numbers_groups else ""
        pieces = _measures(text)
        if rows_head and task is not None and title:
            # 序号 | 工作任务 | 工作措施 (1. 2. 3. in one cell): the row is a heading over its measures
            groups = [*groups, Group(grid.origins[r][task], own_number or None, title)]
            title, own_number = None, ""
        if own_number:
            pieces = [(own_number, text)]
        unit_cells = [(role, h, _cell(grid, r, c)) for c, (role, h) in headers.items()
                      if role in UNIT_ROLES and _cell(grid, r, c)]
        deadline = next((_cell(grid, r, c) or None for c, (role, _) in headers.items() if role == "deadline"), None)
        extra = [f"{h}：{_cell(grid, r, c)}" for c, (role, h) in headers.items()
                 if (role == "remarks" or c in kept) and _cell(grid, r, c)]
        extra += [f"{unnamed[c]}：{_cell(grid, r, c)}" for c in unnamed if _cell(grid, r, c)]
        for index, (label, text) in enumerate(pieces):
            rows.append(Row(r + 1, groups, label, title if index == 0 else None, text, unit_cells, deadline,
                            extra if index == len(pieces) - 1 else [], label_in_text=label is not None and not own_number))
        empty_band = None
    if empty_band:
        below.append(empty_band)
    _unique_labels(rows)
    return TaskTable(rows, headers, grid.line, above, below)


def _measures(text: str) -> list[tuple[str | None, str]]:
    """A measures cell as tasks: each with its own label (1. 2.), verbatim. A cell whose
    paragraphs are numbered 1. 2. … in sequence holds that many measures (one task each, with
    the row's units and 完成时限); paragraphs without a label go on the measure before them."""
    lines = text.split("\n")
    labels = [parse_label(line) for line in lines]
    first = labels[0]
    if first is None or not first.rest:
        return [(None, text)]
    numbered = [(i, lab) for i, lab in enumerate(labels) if lab and lab.style == first.style and lab.rest]
    in_sequence = [lab.number for _i, lab in numbered] == list(range(first.number, first.number + len(numbered)))
    if len(numbered) < 2 or not in_sequence:
        return [(first.label, "\n".join([first.rest, *lines[1:]]))]
    starts = [i for i, _lab in numbered] + [len(lines)]
    return [(lab.label, "\n".join([lab.rest, *lines[i + 1:starts[k + 1]]])) for k, (i, lab) in enumerate(numbered)]


def _unique_labels(rows: list[Row]) -> None:
    """Tasks of one group need labels of their own (check refuses a label twice at a level):
    where the document's labels repeat in a group, its rows keep their labels in their text
    and are numbered 1. 2. … in the table's order (the report and the plan's note say so)."""
    by_group: dict[tuple, list[Row]] = {}
    for row in rows:
        by_group.setdefault(tuple(row.groups), []).append(row)
    for siblings in by_group.values():
        labels = [row.label for row in siblings if row.label]
        if len(labels) == len(set(labels)):
            continue
        for row in siblings:
            if row.label and row.label_in_text:
                row.text = f"{row.label}{row.text}"
            row.label = None


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
