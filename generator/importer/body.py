"""The plan body as a tree: sections (一、 and sub-parts), tasks, sub-items, paragraphs.

Documents differ in what a label means: in 阳城 （一） is a task and 1. its sub-item, in 缙云
（一） is a sub-part and 1. … 32. are the tasks. The level of tasks is the first level whose
entries are not all bare headings over deeper entries. A label that breaks its sequence but
continues another level's (缙云's 六、 after （五）) is kept verbatim at the level it continues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..i18n import _
from .numbering import RANK, Label, is_heading, parse_label
from .readers.table import Row, TaskTable
from .text import Line, clean_line, ends_sentence, join_text, open_depth


@dataclass
class Para:
    """A paragraph: page-break pieces joined; `lines` are the source line numbers it came from."""

    text: str
    lines: list[int]
    label: Label | None = None


@dataclass
class Node:
    """A section or task under construction, with the paragraphs of its own body."""

    kind: str  # "section" | "task"
    label: str | None
    title: str | None = None
    body: list[Para] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    line: int = 0
    style: str = ""
    row: "Row | None" = None  # the table row a task was read from (its cells give note, units, 完成时限)


@dataclass
class Body:
    """Result of reading the body: preamble, top sections and what needs a person's eye."""

    preamble: list[Para]
    sections: list[Node]
    warnings: list[str]


def paragraphs(lines: list[Line]) -> list[Para]:
    """Join lines broken at a page end; blank lines otherwise separate paragraphs."""
    paras: list[Para] = []
    for line in lines:
        if not line.text:
            continue
        if paras and _continues(paras[-1].text, line.text):
            paras[-1].text = join_text(paras[-1].text, line.text)
            paras[-1].lines.append(line.number)
        else:
            paras.append(Para(line.text, [line.number]))
    for para in paras:
        para.label = parse_label(para.text)
    return paras


def _continues(previous: str, current: str) -> bool:
    """Whether current is the rest of previous, cut by a page break (not a new paragraph)."""
    if open_depth(previous) > 0:
        return True
    if parse_label(current) or ends_sentence(previous):
        return False
    label = parse_label(previous)
    first = re.split(r"[。，；：]", current, maxsplit=1)[0]
    if len(first) <= 3 and len(first) < len(current):
        return True  # 存。推进… : a sentence never starts with a fragment that short
    if label and is_heading(label.rest) and not re.search(r"[，、]", label.rest):
        return False
    return not (previous.startswith("——") and current.startswith("——"))


def read_body(paras: list[Para]) -> Body:
    """Build the tree: fix mislabels, decide which level holds tasks, then nest."""
    warnings: list[str] = []
    _relabel(paras, warnings)
    levels = _levels(paras)
    preamble: list[Para] = []
    roots: list[Node] = []
    stack: list[tuple[int, Node]] = []
    for index, para in enumerate(paras):
        label = para.label
        if label is None or label.style not in levels:
            if stack:
                stack[-1][1].body.append(para)
            elif roots:
                roots[-1].body.append(para)
            else:
                preamble.append(para)
            continue
        level, kind = levels[label.style]
        node = _node(para, label, kind)
        while stack and stack[-1][0] >= level:
            stack.pop()
        if stack:
            stack[-1][1].children.append(node)
        elif level == 0:
            roots.append(node)
        else:
            warnings.append(_("line {line}: `{label}` comes before any part 一、; placed in a part without label").format(
                line=para.lines[0], label=label.label))
            roots.append(Node("section", None, children=[node], line=para.lines[0]))
        stack.append((level, node))
    _check_sequences(paras, levels, warnings)
    return Body(preamble, roots, warnings)


def _node(para: Para, label: Label, kind: str) -> Node:
    """A node from its labelled paragraph (`label` is its label): a bare heading becomes the
    title, text the body."""
    node = Node(kind, label.label, line=para.lines[0], style=label.style)
    if kind == "section" or is_heading(label.rest):
        node.title = label.rest or None
    else:
        node.body.append(Para(label.rest, para.lines))
    return node


def _levels(paras: list[Para]) -> dict[str, tuple[int, str]]:
    """Map each label style to (depth, "section"|"task"): sections down to the task level."""
    styles = sorted({p.label.style for p in paras if p.label}, key=lambda style: RANK[style])
    levels: dict[str, tuple[int, str]] = {}
    task_found = False
    for depth, style in enumerate(styles):
        if style == "cn":
            levels[style] = (depth, "section")
        elif not task_found and _all_containers(paras, style):
            levels[style] = (depth, "section")
        else:
            levels[style] = (depth, "task")
            task_found = True
    return levels


def _all_containers(paras: list[Para], style: str) -> bool:
    """Every entry of this style is a bare heading directly followed by a deeper label."""
    found = False
    for i, para in enumerate(paras):
        if para.label and para.label.style == style:
            found = True
            following = paras[i + 1].label if i + 1 < len(paras) else None
            if not (is_heading(para.label.rest) and following and RANK[following.style] > RANK[style]):
                return False
    return found


def _relabel(paras: list[Para], warnings: list[str]) -> None:
    """A top label that breaks its sequence but continues the sub-part sequence moves down a level."""
    last: dict[str, int] = {}
    for para in paras:
        label = para.label
        if not label:
            continue
        if label.style == "cn" and last.get("cn") is not None and label.number != last["cn"] + 1 \
                and last.get("paren_cn") is not None and label.number == last["paren_cn"] + 1:
            warnings.append(_("line {line}: `{label}` breaks the sequence of parts (expected {expected}、) but "
                              "continues the sub-parts after （{after}）: kept as written, placed as a sub-part of "
                              "the current part").format(line=para.lines[0], label=label.label,
                                                         expected=_cn(last["cn"] + 1), after=_cn(last["paren_cn"])))
            label.style = "paren_cn"
        last[label.style] = label.number
        for style, rank in RANK.items():
            if rank > RANK[label.style] and style != "arabic":
                last.pop(style, None)


def _check_sequences(paras: list[Para], levels: dict, warnings: list[str]) -> None:
    """Report labels that neither continue their level's numbering nor restart it at 1."""
    last: dict[str, int] = {}
    for para in paras:
        label = para.label
        if not label or label.style not in levels:
            continue
        previous = last.get(label.style)
        if previous is not None and label.number not in (previous + 1, 1) or previous is None and label.number != 1 \
                and label.style == "cn":
            after = _("the previous {number}").format(number=previous) if previous else _("the start")
            warnings.append(_("line {line}: label `{label}` does not follow {after}: kept as written").format(
                line=para.lines[0], label=label.label, after=after))
        last[label.style] = label.number


def _cn(number: int) -> str:
    """A small number in Chinese (for messages)."""
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    tens, ones = divmod(number, 10)
    return (digits[tens] if tens > 1 else "") + "十" + (digits[ones] if ones else "")


def table_nodes(table: TaskTable, warnings: list[str]) -> list[Node]:
    """The rows of a task table as nodes: its groups as sections, each row a task.

    Rows without a label of the document's own (no 序号 column, no label in the text) are
    numbered 1. 2. … within their group, and the report says so.
    """
    roots: list[Node] = []
    by_group: dict = {}
    ungrouped: Node | None = None
    counters: dict[int, int] = {}
    for row in table.rows:
        parent: Node | None = None
        siblings = roots
        for group in row.groups:
            node = by_group.get(group)
            if node is None:
                node = Node("section", _clean(group.label), _clean(group.title), line=table.line + 1)
                by_group[group] = node
                siblings.append(node)
            parent, siblings = node, node.children
        if parent is None:
            if ungrouped is None:
                ungrouped = Node("section", None, line=table.line + 1)
                roots.append(ungrouped)
            parent = ungrouped
        label = row.label
        if not label:
            counters[id(parent)] = counters.get(id(parent), 0) + 1
            label = f"{counters[id(parent)]}."
        task = Node("task", _clean(label), _clean(row.title) or None, line=table.line + 1, row=row)
        task.body.append(Para(_clean(row.text) or "", [table.line + 1]))
        parent.children.append(task)
    if not table.numbered:
        warnings.append(_("the task table numbers none or only some of its rows: rows without a number are "
                          "labelled 1. 2. … in their group, in the order of the table; check the labels"))
    return roots


def _clean(text: str | None) -> str | None:
    """A cell's text with debris repaired as for a line (its line breaks kept as paragraph breaks)."""
    if text is None:
        return None
    return "\n".join(c for c in (clean_line(piece) for piece in text.split("\n")) if c)


def place_tables(body: Body, tables: list[TaskTable], warnings: list[str]) -> None:
    """Put each table's sections where the table stands: under the part whose heading comes
    before it (二、重点任务 followed by the table), else at the top level in document order."""
    for table in tables:
        nodes = table_nodes(table, warnings)
        before = [s for s in body.sections if s.line and s.line <= table.line]
        if before:
            part = before[-1]
            for node in nodes:
                if node.label is None and node.title is None and part.kind == "section":
                    part.children.extend(node.children)  # an ungrouped table: its tasks go in the part
                else:
                    part.children.append(node)
        else:
            after = [i for i, s in enumerate(body.sections) if s.line > table.line]
            at = after[0] if after else len(body.sections)
            body.sections[at:at] = nodes
