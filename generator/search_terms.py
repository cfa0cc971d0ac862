"""What search knows besides the tasks' postings: documents, kinds of unit, traditional characters, terms.

Everything here is made from the gated content (`site.content`), like the postings, so the
public build holds nothing of a held plan: not its 文号, not a term of its tasks, not even a
character only it uses (the conversion table is reduced to the characters of the index).

- `docs.json.gz`: per plan its 文号, 发文机关, titles (and 索引号 where the notice has one), to
  find a document by them; fetched with meta.
- `k/<i>.json.gz`: per kind of unit (index into meta's kinds), the records with a unit of that
  kind, delta-coded: a term equal to a kind's name or common name also finds them.
- `t2s.json.gz`: traditional → simplified characters (OpenCC's t2s), only for characters the
  index does not hold whose simplified form it holds; meta lists the keys, so the browser
  fetches the table only for a query with such a character.
- `vocab.json.gz`: known terms with a weight, for "did you mean" when a query finds little.
- meta's `synonyms`: the groups of content/synonyms.yaml, each as the hashes of all its terms (a
  query equal to one is recognised) and the text of only those terms a shown task uses (what the
  page searches and shows): a word only a held plan uses is not on the public site.
"""

from __future__ import annotations

import re
from collections import Counter

from .model import Content, Plan

# CJK Unified Ideographs and Extension A: where OpenCC's traditional characters are
_CJK = [*range(0x4E00, 0xA000), *range(0x3400, 0x4DC0)]
TERM_SPLIT = re.compile(r"[\s，。；、：:;,.!?！？（）()〔〕\[\]【】《》“”\"'‘’…—\-/]+")
QUOTED = re.compile(r"[“《「]([^“”《》「」]{2,12})[”》」]")
FRAGMENT_LENGTHS = (2, 8)  # a task term is a piece between punctuation marks of this many characters
FRAGMENT_MIN_TASKS = 2  # … found in at least this many tasks
VOCABULARY_SIZE = 20000  # the most frequent terms are kept


def _issuers(plan: Plan) -> list[str]:
    n = plan.notice
    return list(dict.fromkeys(x for x in (n.signatory, n.issuer_mark) if x))


def document(plan: Plan) -> list[list[str]]:
    """The fields a document is found by, as [label, value] in the order a result shows them."""
    n = plan.notice
    fields: list[tuple[str, str | None]] = [
        ("文号", n.doc_number), *[("发文机关", x) for x in _issuers(plan)], ("标题", plan.display_title),
        ("通知标题", n.title), ("索引号", n.index_number)]
    return [[label, value] for label, value in fields if value]


def documents(content: Content, plan_urls: list[str]) -> list[dict]:
    return [{"fields": document(plan), "url": url, "date": plan.date.isoformat() if plan.date else ""}
            for plan, url in zip(content.plans, plan_urls)]


def synonyms(content: Content, recs) -> list[dict]:
    """The synonym groups with a term that some record holds: keys (FNV-1a of every term,
    normalised) and the shown terms. A group none of whose terms a shown task uses is left out."""
    from .search_index import SEPARATOR, fnv1a, normalise  # the index's own rules

    everything = SEPARATOR.join(r.searchable for r in recs)
    out = []
    for group in content.synonyms:
        shown = [t for t in dict.fromkeys(group) if normalise(t) and normalise(t) in everything]
        if shown:
            out.append({"keys": sorted({fnv1a(normalise(t)) for t in group}), "terms": shown})
    return out


def kind_records(content: Content, recs) -> list[list[int]]:
    """Per kind (content.kinds order), the delta-coded ids of the records with a unit of that kind."""
    index = {k: i for i, k in enumerate(content.kinds)}
    lists: list[list[int]] = [[] for _ in content.kinds]
    for rid, rec in enumerate(recs):
        for k in sorted({index[a.agency.kind] for a in rec.task.assignments if a.agency.kind}):
            lists[k].append(rid)
    return [[ids[0], *(b - a for a, b in zip(ids, ids[1:]))] if ids else [] for ids in lists]


def traditional_table(characters: set[str]) -> dict[str, str]:
    """Traditional → simplified for characters absent from the index whose simplified form it holds.

    A query character the index holds is never converted, so conversion cannot lose a match the
    literal query has.
    """
    import opencc  # only the build needs it

    candidates = [chr(c) for c in _CJK if chr(c) not in characters]
    converted = opencc.OpenCC("t2s").convert("\n".join(candidates)).split("\n")
    return {t: s for t, s in zip(candidates, converted) if s != t and len(s) == 1 and s in characters}


def vocabulary(content: Content) -> list[list]:
    """Known terms, most used first, each with the number of tasks it stands for."""
    weight: Counter[str] = Counter()
    for agency in content.agencies:
        for name in [agency.name, *agency.aliases]:
            weight[name] += len(agency.tasks)
    for kind in content.kinds:
        count = len({t for a in kind.agencies for t in a.tasks})
        # a common name is suggested only where a shown unit's name holds it (no held plan's unit name)
        spelled = [n for a in kind.agencies for n in [a.name, *a.aliases]]
        for name in [kind.name, *(n for n in kind.common_names if any(n in s for s in spelled))]:
            weight[name] += count
    for theme in content.themes:
        for name in [theme.name, *theme.keywords, *(m.name for m in theme.metrics),
                     *(k for m in theme.metrics for k in m.keywords)]:
            weight[name] += len(theme.tasks)
    pieces: Counter[str] = Counter()
    quoted: set[str] = set()  # a quoted name (“放心午餐”) is a term even when one task uses it
    low, high = FRAGMENT_LENGTHS
    for task in content.walk_tasks():
        text = (task.title or "") + "。" + task.text
        found = {p for p in TERM_SPLIT.split(text) if low <= len(p) <= high}
        names = set(QUOTED.findall(text))
        quoted |= names
        pieces.update(found | names)
    for piece, count in pieces.items():
        if count >= FRAGMENT_MIN_TASKS or piece in weight or piece in quoted:
            weight[piece] += count
    ranked = sorted(weight.items(), key=lambda item: (-item[1], item[0]))[:VOCABULARY_SIZE]
    return [[term, count] for term, count in ranked]
