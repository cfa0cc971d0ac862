"""What an import could not be sure of, read back from a plan file for `review`.

The importer writes what it read; a person checks it before approving (docs/office.md).
Beyond draft units and unstated fields (gate.review_list), two things need a person's eye,
each named with the plan file's line: a task whose text names no unit (the document may
name none, or name them where the importer did not look), and text that names units but is
no task (a task the importer could not place: under a part heading, or before the first
part). A unit that no agencies file knows needs no item here: loading the plan refuses it,
naming its line, before `review` lists anything.
"""

from __future__ import annotations

from .i18n import _
from .loading.files import LoadedFile


def import_gaps(file: LoadedFile) -> list[str]:
    """Review items for one plan: tasks without units, unplaced text."""
    from .importer.responsibility import find_notes, leading_note, part_note  # only review needs them

    entry = file.entry
    items: list[str] = []

    def where(path: tuple) -> str:
        return f"{file.display}:{file.line(path)}"

    def task(node, path: tuple) -> None:
        bodies = [(b, path + ("statements", i)) for i, b in enumerate(node.statements)] \
            if node.statements is not None else ([(node, path)] if node.text else [])
        if bodies and not any(b.units for b, _p in bodies):
            items.append(_("{where}: task {label} names no unit: add the units its text or its part names, or "
                           "confirm that the document names none").format(where=where(path), label=node.label))
        for index, item in enumerate(node.items):
            task(item, path + ("items", index))

    def unplaced(text: str, path: tuple) -> None:
        if not part_note(text) and (find_notes(text) or leading_note(text)):
            items.append(_("{where}: this paragraph names units but is no task (the import could not place it): "
                           "make it a task, or confirm it is not one").format(where=where(path)))

    def walk(sections, path: tuple) -> None:
        for index, section in enumerate(sections):
            here = path + ("sections", index)
            for p_index, text in enumerate(section.paragraphs):
                unplaced(text, here + ("paragraphs", p_index))
            for t_index, node in enumerate(section.tasks):
                task(node, here + ("tasks", t_index))
            walk(section.sections, here)
    for index, text in enumerate(entry.preamble):
        unplaced(text, ("preamble", index))
    walk(entry.sections, ())
    return items
