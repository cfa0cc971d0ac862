"""Rules that place tasks and targets: themes by keyword and by hand, metrics by keyword."""

from __future__ import annotations

from typing import Callable

from .. import schema
from ..i18n import _
from ..model import Metric, Target, Task, Theme
from .safe_yaml import YamlPath


def themes_of(task: Task, entry: schema.TaskEntry, path: YamlPath, themes: dict[str, Theme],
              problem: Callable[[YamlPath, str], None]) -> list[Theme]:
    """Themes by keyword in the task's words, its title or the titles of the headings above it; then the
    task's own `themes: {add, remove}` overrides, in the order of content/themes.yaml."""
    haystack = "".join(filter(None, [task.title, task.text, *task.heading_titles]))
    chosen = [t for t in themes.values() if any(k in haystack for k in t.keywords)]
    if entry.themes:
        for key in ("add", "remove"):
            for index, theme_id in enumerate(getattr(entry.themes, key)):
                theme = themes.get(theme_id)
                if theme is None:
                    problem(path + ("themes", key, index), _("unknown theme `{id}`: use an id from content/themes.yaml").format(id=theme_id))
                elif key == "add" and theme not in chosen:
                    chosen.append(theme)
                elif key == "remove" and theme in chosen:
                    chosen.remove(theme)
    order = list(themes.values())
    return sorted(chosen, key=order.index)


def metric_of(target: Target, metrics: list[Metric]) -> Metric | None:
    """The first metric (themes.yaml order) whose keyword the target's measure or text contains.

    Every metric is tried, not only those of the task's themes: a 明厨亮灶 target of a task
    that is in 校园食品 but not 餐饮质量 is the same metric on both theme pages."""
    words = (target.measure or "") + target.text
    for metric in metrics:
        if any(k in words for k in metric.keywords):
            return metric
    return None
