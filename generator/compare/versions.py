"""Year over year: two plans of one jurisdiction, task by task (kept, added, dropped, changed).

Tasks of the later plan are matched one to one with the earlier plan's, most similar pairs
first, when their score reaches MATCH (higher than the similar-task threshold: a kept task
says nearly the same). For each kept pair the page shows the words that changed (diff-match-
patch, character level), the targets whose value changed and the lead units that changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from diff_match_patch import diff_match_patch

from ..model import Content, Plan, Target, Task
from .similarity import Similarity

MATCH = 0.5  # weighted cosine from which two tasks of successive plans are the same task


@dataclass(frozen=True)
class Change:
    """A kept task: before and after, the diff of its words, its changed targets and leads."""

    old: Task
    new: Task
    score: float
    diff: list[tuple[int, str]]  # (-1 deleted / 0 same / 1 inserted, text)
    targets: list[tuple[Target | None, Target | None]]
    leads: tuple[list[str], list[str]] | None  # lead units before and after, when they differ

    @property
    def same_words(self) -> bool:
        return self.old.text == self.new.text

    @property
    def changed(self) -> bool:
        return not self.same_words or bool(self.targets) or self.leads is not None


@dataclass
class Version:
    """Two plans of one jurisdiction, the earlier first."""

    old: Plan
    new: Plan
    kept: list[Change] = field(default_factory=list)
    added: list[Task] = field(default_factory=list)
    dropped: list[Task] = field(default_factory=list)

    @property
    def changed(self) -> list[Change]:
        return [c for c in self.kept if c.changed]


def _differ() -> diff_match_patch:
    differ = diff_match_patch()
    differ.Diff_Timeout = 0  # no time limit: the same diff on every machine and every build
    return differ


def diff(old: str, new: str) -> list[tuple[int, str]]:
    differ = _differ()
    result = differ.diff_main(old, new)
    differ.diff_cleanupSemantic(result)
    return [(op, text) for op, text in result]


class _Diffs:
    """Diffs by pair of texts: plans that copy their tasks (a county's plan year after year)
    repeat the same pairs, and diff-match-patch in Python is the costly part of a comparison.
    A diff depends only on its two texts, so a kept result is the same as a new one."""

    def __init__(self) -> None:
        self._found: dict[tuple[str, str], list[tuple[int, str]]] = {}

    def __call__(self, old: str, new: str) -> list[tuple[int, str]]:
        key = (old, new)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = diff(old, new)
        return found


def _leads(task: Task) -> list[str]:
    return sorted({a.agency.name for a in task.assignments if a.role.value == "lead"})


def _target_key(target: Target) -> str:
    return target.metric.id if target.metric else (target.measure or target.text)


def target_changes(old: Task, new: Task) -> list[tuple[Target | None, Target | None]]:
    """Targets paired by metric (else by measure) and year; pairs whose value differ, and
    targets on one side only."""
    before = {(_target_key(t), t.year): t for t in old.targets}
    after = {(_target_key(t), t.year): t for t in new.targets}
    # a target restated for another year is the same target: pair what is left by key alone
    loose_before = {k[0]: t for k, t in before.items() if k not in after}
    changes: list[tuple[Target | None, Target | None]] = []
    for key, target in after.items():
        was = before.get(key) or loose_before.pop(key[0], None)
        if was is None:
            changes.append((None, target))
        elif (was.value, was.unit, was.comparison) != (target.value, target.unit, target.comparison):
            changes.append((was, target))
    paired = {c[0] for c in changes if c[0]} | {before[k] for k in before if k in after}
    changes += [(t, None) for t in loose_before.values() if t not in paired]
    return changes


def compare(old: Plan, new: Plan, similarity: Similarity, diffs=diff) -> Version:
    version = Version(old, new)
    old_tasks = [t for t in old.walk_tasks() if not t.is_heading]
    new_tasks = [t for t in new.walk_tasks() if not t.is_heading]
    pairs = []
    for task in new_tasks:
        for other, score in similarity.candidates(task, old):
            if score >= MATCH:
                pairs.append((score, task, other))
    order = {t: i for i, t in enumerate(new_tasks)}
    pairs.sort(key=lambda p: (-p[0], order[p[1]]))
    taken_old: set[Task] = set()
    matched: dict[Task, tuple[float, Task]] = {}
    for score, task, other in pairs:
        if task in matched or other in taken_old:
            continue
        matched[task] = (score, other)
        taken_old.add(other)
    for task in new_tasks:
        if task not in matched:
            version.added.append(task)
            continue
        score, other = matched[task]
        leads = (_leads(other), _leads(task))
        version.kept.append(Change(other, task, score, diffs(other.text, task.text),
                                   target_changes(other, task), leads if leads[0] != leads[1] else None))
    version.dropped = [t for t in old_tasks if t not in taken_old]
    return version


def versions(content: Content, similarity: Similarity) -> list[Version]:
    """Each jurisdiction's plans, year after year: one comparison per successive pair of years."""
    found = []
    diffs = _Diffs()
    for jurisdiction in content.jurisdictions:
        plans = sorted((p for p in jurisdiction.plans if p.year), key=lambda p: (p.year, p.id))
        for old, new in zip(plans, plans[1:]):
            if old.year != new.year:
                found.append(compare(old, new, similarity, diffs))
    return found
