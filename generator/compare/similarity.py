"""Similar tasks across plans: character bigrams weighted by rarity, MinHash LSH for candidates.

The score of two tasks is the cosine of their bigram sets, each bigram weighted by its inverse
document frequency over the distinct task texts shown (a 「明厨」 shared counts, a 「食品」 shared
hardly). Comparing every task with every other grows with the square of the tasks (53,000
tasks at 1,000 plans: 1.4 billion pairs), so candidates come from MinHash LSH (datasketch)
over each text's *informative* bigrams (those in at most COMMON of the texts): a task is scored
only against the texts that share an LSH bucket with it. docs/compare.md has the measurements
behind the choice and the thresholds.

Texts are grouped first: identical texts are hashed and queried once, and a task's list is
filled from the groups in order, so work stays linear when many plans repeat a task.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from ..model import Content, Plan, Task

THRESHOLD = 0.15  # weighted cosine: at and above, a task is listed as similar (docs/compare.md)
LSH_THRESHOLD = 0.1  # Jaccard of the informative bigrams at which LSH bands are tuned
COMMON = 0.05  # bigrams in more of the texts than this share say little (食品, 安全, 加强 …)
NUM_PERM = 128
NEIGHBOURS = 5  # similar tasks listed per task
MIN_BIGRAMS = 8  # shorter texts (a bare 「加强监管」) match too much to mean anything
_NOT_TEXT = re.compile(r"[\W_]+")  # punctuation and spaces: 「，」 is no part of a task's meaning


def bigrams(text: str) -> frozenset[str]:
    """The set of two-character runs of the words, punctuation dropped."""
    runs = [r for r in _NOT_TEXT.split(text) if r]
    return frozenset(run[i:i + 2] for run in runs for i in range(len(run) - 1))


def _hash(shingle: bytes) -> int:
    """A 32-bit hash in C (crc32): deterministic across runs, unlike Python's hash()."""
    return zlib.crc32(shingle)


@dataclass(frozen=True)
class Similar:
    """Another plan's task and how alike the two are (Jaccard index of their bigram sets)."""

    task: Task
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)


class Similarity:
    """The similarity of the tasks of a set of plans (only those plans: built from the gated
    content, no list can name a held plan's task)."""

    def __init__(self, plans: list[Plan]):
        self.groups: list[list[Task]] = []  # tasks with the same bigram set, in plan order
        self.sets: list[frozenset[str]] = []
        self.group_of: dict[Task, int] = {}  # task → group index
        index: dict[frozenset[str], int] = {}
        by_text: dict[str, int | None] = {}  # a task's text → its group (None: too short); a text is split once
        for plan in plans:
            for task in plan.walk_tasks():
                text = task.text
                g = by_text.get(text, -1)
                if g == -1:  # a text not seen yet: its bigrams, then its group (texts differing
                    shingles = bigrams(text)  # only in punctuation share one)
                    g = None if len(shingles) < MIN_BIGRAMS else index.setdefault(shingles, len(self.groups))
                    if g == len(self.groups):
                        self.groups.append([])
                        self.sets.append(shingles)
                    by_text[text] = g
                if g is None:
                    continue
                self.groups[g].append(task)
                self.group_of[task] = g
        count = len(self.sets)
        df = Counter(b for shingles in self.sets for b in shingles)
        self.weight = {b: math.log((1 + count) / (1 + n)) + 1 for b, n in df.items()}
        self.norm = [math.sqrt(sum(self.weight[b] ** 2 for b in shingles)) for shingles in self.sets]
        common = {b for b, n in df.items() if n > COMMON * count and count >= 20}
        informative = [sorted(shingles - common) for shingles in self.sets]
        self._minhashes = MinHash.bulk(([b.encode("utf-8") for b in bs] for bs in informative),
                                       num_perm=NUM_PERM, hashfunc=_hash)
        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self._indexed = [bool(bs) for bs in informative]
        for g, hashes in enumerate(self._minhashes):
            if self._indexed[g]:
                self._lsh.insert(g, hashes, check_duplication=False)
        self._near: dict[int, list[tuple[int, float]]] = {}
        self._by_plan: dict[int, dict[Plan, list[Task]]] = {}

    def cosine(self, g: int, h: int) -> float:
        if g == h:
            return 1.0
        a, b = self.sets[g], self.sets[h]
        shared = sum(self.weight[x] ** 2 for x in (a & b))
        return shared / (self.norm[g] * self.norm[h])

    def near_groups(self, g: int) -> list[tuple[int, float]]:
        """Groups whose score with group g is at least THRESHOLD, best first."""
        if g not in self._near:
            found = []
            if self._indexed[g]:
                for other in self._lsh.query(self._minhashes[g]):
                    if other != g:
                        score = self.cosine(g, other)
                        if score >= THRESHOLD:
                            found.append((other, score))
            found.sort(key=lambda pair: (-pair[1], pair[0]))
            self._near[g] = found
        return self._near[g]

    def similar(self, task: Task, limit: int = NEIGHBOURS) -> list[Similar]:
        """The most similar tasks of other plans, best first, at most `limit`, one per plan.

        Tasks of the same words come first (score 1), then the near groups; within a group,
        plans in content order. Work per task is bounded by `limit` and the plans skipped."""
        g = self.group_of.get(task)
        if g is None:
            return []
        found: list[Similar] = []
        plans = {task.plan}
        for other, score in [(g, 1.0), *self.near_groups(g)]:
            for candidate in self.groups[other]:
                if candidate.plan in plans:
                    continue
                plans.add(candidate.plan)
                found.append(Similar(candidate, score))
                if len(found) == limit:
                    return found
        return found

    def score(self, a: Task, b: Task) -> float:
        """The score of two tasks (0 when either is too short to compare)."""
        ga, gb = self.group_of.get(a), self.group_of.get(b)
        if ga is None or gb is None:
            return 0.0
        return self.cosine(ga, gb)

    def candidates(self, task: Task, plan: Plan) -> list[tuple[Task, float]]:
        """Tasks of `plan` at or above THRESHOLD with this task, best first."""
        g = self.group_of.get(task)
        if g is None:
            return []
        return [(other, score) for h, score in [(g, 1.0), *self.near_groups(g)]
                for other in self._in_plans(h).get(plan, [])]

    def _in_plans(self, g: int) -> dict[Plan, list[Task]]:
        """Group g's tasks by plan (made on first use): a group of many copies is not walked."""
        if g not in self._by_plan:
            by_plan: dict[Plan, list[Task]] = {}
            for task in self.groups[g]:
                by_plan.setdefault(task.plan, []).append(task)
            self._by_plan[g] = by_plan
        return self._by_plan[g]

    def best_matches(self, tasks: list[Task], others: list[Task]) -> dict[Task, Similar]:
        """For each task (by id) its most similar task among `others` (two plans' tasks),
        when at or above THRESHOLD: only the LSH candidates of each task are scored."""
        where: dict[int, list[Task]] = {}
        for other in others:
            g = self.group_of.get(other)
            if g is not None:
                where.setdefault(g, []).append(other)
        best: dict[Task, Similar] = {}
        for task in tasks:
            g = self.group_of.get(task)
            if g is None:
                continue
            for h, score in [(g, 1.0), *self.near_groups(g)]:
                if h in where:
                    best[task] = Similar(where[h][0], score)
                    break
        return best


def build(content: Content) -> Similarity:
    return Similarity(content.plans)
