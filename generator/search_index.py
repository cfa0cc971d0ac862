"""The search page and its static index: exact Chinese search at task level, with facets.

Every task (sub-items included; headings without words of their own left out) is one
record. A record's searchable string joins, with a separator no query can contain, the
task's text (words and notes), its title and labels, its plan's title and jurisdiction, the
names and aliases of its units and its themes' names. Characters are normalised one by one
(NFKC, lower case) and whitespace is dropped, in Python here and in theme/assets/search.js
alike, so that a query matches exactly the records whose string contains it.

The index is written under `search/index/` as gzip-compressed JSON (the browser inflates it,
so the bytes fetched are the compressed ones on any host):

- `meta.json.gz`: plans (with their first record and count), themes, kinds, the shard count.
- `facets.json.gz`: per record its themes and units, and the units' labels and kinds; loaded
  after the first results are shown (before them only when the URL selects a filter).
- `p/<k>.json.gz`: postings of the unigrams and bigrams hashed to shard k: for each key, the
  records holding it, delta-coded, each with a weight (occurrences × 2, +1 when one occurs
  outside the task's own text). A one- or two-character query needs only this shard.
- `x/<k>.json.gz`: for the same bigrams, per record the length of its text and the positions:
  a longer query is checked here for consecutive bigrams, so results and counts are exact.
- `r/<n>.json.gz`: what a result shows (label, title, text, anchor), by chunks of records.

Nothing is scraped from rendered pages: everything comes from `site.content`.
"""

from __future__ import annotations

import functools
import gzip
import json
import operator
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from . import urls
from .model import Content, Plan, Task
from .pages import render

FOLDER = "search/index/"
SEPARATOR = "\u0001"  # between fields: no bigram spans two fields
RECORDS_PER_CHUNK = 8
POSTINGS_PER_SHARD = 4000  # about how many (key, record) pairs one shard holds
FORMAT = 1


@functools.cache  # a few thousand distinct characters, millions of calls
def normal_char(c: str) -> str:
    """One character as search compares it; the same rule as `normalChar` in search.js."""
    n = unicodedata.normalize("NFKC", c).lower()
    return n if len(n) == 1 else c.lower()


def normalise(text: str) -> str:
    """Whitespace dropped (the documents write both 2023年 and 2023 年), each character normalised."""
    return "".join(normal_char(c) for c in text if not c.isspace())


def shard_of(key: str, shards: int) -> int:
    """FNV-1a over the key's code points; search.js computes the same."""
    h = 0x811C9DC5
    for c in key:
        h = ((h ^ ord(c)) * 0x01000193) & 0xFFFFFFFF
    return h % shards


@dataclass(frozen=True)
class Record:
    """One task as search sees it."""

    task: Task
    plan_index: int
    searchable: str  # normalised fields joined by SEPARATOR; the text comes first
    text_length: int  # normalised length of the task's text: matches beyond it are in labels, units …


def searchable_fields(task: Task) -> list[str]:
    """What a query may match, most specific first: the task's text leads (for positions)."""
    plan = task.plan
    units = [name for a in task.assignments for name in [a.agency.name, *a.agency.aliases]]
    return [task.text, task.title or "", task.ref, plan.display_title, plan.jurisdiction.name,
            *dict.fromkeys(units), *(t.name for t in task.themes)]


def records(content: Content) -> list[Record]:
    """Every task with words of its own, plan by plan in document order."""
    out = []
    for index, plan in enumerate(content.plans):
        for task in plan.tasks():
            if task.is_heading and not task.title:
                continue
            fields = [normalise(f) for f in searchable_fields(task)]
            out.append(Record(task, index, SEPARATOR.join(fields), len(fields[0])))
    return out


def keys(searchable: str) -> dict[str, list[int]]:
    """Each unigram and bigram of the string with the positions where it starts."""
    found: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(searchable):
        found[c].append(i)
    for i, pair in enumerate(map(operator.add, searchable, searchable[1:])):  # bigrams, made in C
        found[pair].append(i)
    for key in [k for k in found if SEPARATOR in k]:
        del found[key]
    return found


def _gz(data: object) -> bytes:
    """Compact JSON, gzip without a timestamp: two builds give the same bytes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)


def key_count(searchable: str) -> int:
    """len(keys(searchable)), counted with sets: cheaper, and nothing kept."""
    pairs = set(map(operator.add, searchable, searchable[1:]))
    return len(set(searchable) - {SEPARATOR}) + sum(SEPARATOR not in p for p in pairs)


def _postings(recs: list[Record], shards: int) -> tuple[list[dict], list[dict]]:
    """Per shard: key → [delta, weight, …] and bigram key → [[position deltas] per record]."""
    ids: dict[str, list[int]] = {}  # key → its list, across shards; split into shards at the end
    positions: dict[str, list[list[int]]] = {}
    last: dict[str, int] = {}
    sub = operator.sub
    for rid, rec in enumerate(recs):
        text_length = rec.text_length
        for key, where in keys(rec.searchable).items():  # one record's keys at a time: they are many
            weight = len(where) * 2 + (1 if where[-1] >= text_length else 0)
            found = ids.get(key)
            if found is None:
                ids[key] = [rid, weight]
            else:
                found += (rid - last[key], weight)
            last[key] = rid
            if len(key) == 2:  # the text's length first: matches beyond it are in labels, units …
                deltas = [text_length, *map(sub, where, [0, *where])]
                seen = positions.get(key)
                if seen is None:
                    positions[key] = [deltas]
                else:
                    seen.append(deltas)
    by_shard: list[dict] = [{} for _ in range(shards)]
    positions_by_shard: list[dict] = [{} for _ in range(shards)]
    for key, found in ids.items():
        k = shard_of(key, shards)
        by_shard[k][key] = found
        if key in positions:
            positions_by_shard[k][key] = positions[key]
    return by_shard, positions_by_shard


def _meta(content: Content, recs: list[Record], shards: int) -> dict:
    """Labels and ids of every facet value; plans carry their first record and count."""
    first: dict[int, int] = {}
    count: dict[int, int] = defaultdict(int)
    for rid, rec in enumerate(recs):
        first.setdefault(rec.plan_index, rid)
        count[rec.plan_index] += 1
    return {
        "format": FORMAT,
        "shards": shards,
        "records": len(recs),
        "chunk": RECORDS_PER_CHUNK,
        "plans": [_plan_meta(p, first.get(i, 0), count[i])
                  for i, p in enumerate(content.plans)],
        "themes": [{"id": t.id, "name": t.name} for t in content.themes],
        "kinds": [{"id": k.id, "name": k.name} for k in content.kinds],
    }


def _plan_meta(plan: Plan, first: int, count: int) -> dict:
    years = list(range(plan.period[0], plan.period[1] + 1)) if plan.period else []
    return {"id": plan.id, "title": plan.display_title, "j": plan.jurisdiction.name,
            "jid": plan.jurisdiction.id, "years": years, "first": first, "count": count,
            "url": urls.relative(urls.SEARCH, urls.plan(plan))}


def _facets(content: Content, recs: list[Record]) -> dict:
    """Per record its themes and units (columns), and the units' labels and kinds: for filters and counts."""
    themes = {id(t): i for i, t in enumerate(content.themes)}
    units = {id(a): i for i, a in enumerate(content.agencies)}
    kinds = {k.id: i for i, k in enumerate(content.kinds)}
    return {
        "themes": [sorted(themes[id(t)] for t in r.task.themes) for r in recs],
        "units": [sorted({units[id(a.agency)] for a in r.task.assignments}) for r in recs],
        "unitTable": [{"id": a.key, "name": a.name, "j": a.jurisdiction.name,
                       "kind": kinds[a.kind.id] if a.kind else -1} for a in content.agencies],
    }


def _shown(rec: Record) -> dict:
    """What one result shows; units and themes are indices into meta."""
    t = rec.task
    return {"id": t.id, "ref": t.ref, "title": t.title or "", "text": t.text,
            "roles": [[a.agency.name, a.role.label] for a in t.assignments],
            "themes": [theme.name for theme in t.themes]}


def index_files(content: Content) -> dict[str, bytes]:
    """The whole index, keyed by its path in the site."""
    recs = records(content)
    pairs = sum(key_count(r.searchable) for r in recs)
    shards = max(1, -(-pairs // POSTINGS_PER_SHARD))
    ids, positions = _postings(recs, shards)
    tree = {f"{FOLDER}meta.json.gz": _gz(_meta(content, recs, shards)),
            f"{FOLDER}facets.json.gz": _gz(_facets(content, recs))}
    for k in range(shards):
        tree[f"{FOLDER}p/{k}.json.gz"] = _gz(ids[k])
        tree[f"{FOLDER}x/{k}.json.gz"] = _gz(positions[k])
    for start in range(0, len(recs), RECORDS_PER_CHUNK):
        chunk = [_shown(r) for r in recs[start:start + RECORDS_PER_CHUNK]]
        tree[f"{FOLDER}r/{start // RECORDS_PER_CHUNK}.json.gz"] = _gz(chunk)
    return tree


def build(site) -> dict[str, str | bytes]:
    """The search page and its index."""
    files = index_files(site.content)
    shards = sum(1 for name in files if name.startswith(f"{FOLDER}p/"))  # the page carries it: see search.js
    index = FOLDER.removeprefix(urls.SEARCH)
    path, text = render.page(site, urls.SEARCH, "search.html", "搜索", index=index, search_index=index, shards=shards)
    return {path: text, **files}
