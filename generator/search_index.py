"""The static search index: exact Chinese search at task level, with facets (the search page
that reads it is pages/search.py).

Every task (sub-items included; headings without words of their own left out) is one
record. A record's searchable string joins, with a separator no query can contain, the
task's text (words and notes), its title and labels, its plan's title and jurisdiction, the
names and aliases of its units and its themes' names. Characters are normalised one by one
(NFKC, lower case, every kind of bracket as one) and whitespace is dropped, in Python here and in theme/assets/search.js
alike, so that a query matches exactly the records whose string contains it.

The index is written under `search/index/` as gzip-compressed JSON (the browser inflates it,
so the bytes fetched are the compressed ones on any host):

- `meta.json.gz`: plans (with their first record and count), themes, kinds, the shard count.
- `facets.json.gz`: per record its themes and units, and the units' labels and kinds; loaded
  after the first results are shown (before them only when the URL selects a filter).
- `p/<k>.json.gz`: postings of the unigrams and bigrams hashed to shard k: for each key, the
  records holding it, delta-coded, each with a weight (occurrences × 2, +1 when one occurs
  outside the task's own text). A one- or two-character query needs only this shard.
- `x/<k>.json.gz`: for the same bigrams, one flat list per key: for each of its records, in
  postings order, the length of the record's text, then the deltas of the positions where the
  bigram starts (as many as the posting's occurrences, weight >> 1). A longer query is checked
  here for consecutive bigrams, so results and counts are exact.
- `r/<n>.json.gz`: what a result shows (label, title, text, anchor), by chunks of records.

Nothing is scraped from rendered pages: everything comes from `site.content`.
"""

from __future__ import annotations

import functools
import gzip
import json
import unicodedata
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from . import search_terms, urls
from .model import STATUS_LABELS, UNREPORTED, Agency, Content, Plan, Task
from .site import Site

FOLDER = "search/index/"
SEPARATOR = "\u0001"  # between fields: no bigram spans two fields
RECORDS_PER_CHUNK = 8
POSTINGS_PER_SHARD = 4000  # about how many (key, record) pairs one shard holds
FORMAT = 4  # 2: positions are one flat list per key; 3: documents, kinds' records, traditional characters, terms;
# 4: brackets folded, synonyms
# Brackets are one character to search, whatever a reader types for the 文号's 〔〕: (2021), [2021],
# 【2021】, ［2021］, （2021）. Applied after NFKC (which makes （ ［ ｛ ﹝ into ( [ { 〔).
BRACKETS = {**dict.fromkeys("[{【〔〖〘〚", "("), **dict.fromkeys("]}】〕〗〙〛", ")")}


@functools.cache  # a few thousand distinct characters, millions of calls
def normal_char(c: str) -> str:
    """One character as search compares it; the same rule as `normalChar` in search.js."""
    n = unicodedata.normalize("NFKC", c).lower()
    return BRACKETS.get(n, n) if len(n) == 1 else c.lower()


def normalise(text: str) -> str:
    """Whitespace dropped (the documents write both 2023年 and 2023 年), each character normalised."""
    return "".join(normal_char(c) for c in text if not c.isspace())


def fnv1a(key: str) -> int:
    """FNV-1a (32 bits) over the key's code points; search.js computes the same."""
    h = 0x811C9DC5
    for c in key:
        h = ((h ^ ord(c)) * 0x01000193) & 0xFFFFFFFF
    return h


def shard_of(key: str, shards: int) -> int:
    return fnv1a(key) % shards


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
    return [task.text_with_notes, task.title or "", task.ref, plan.display_title, plan.jurisdiction.name,
            *dict.fromkeys(units), *(t.name for t in task.themes)]


def records(content: Content) -> list[Record]:
    """Every task with words of its own, plan by plan in document order."""
    out = []
    for index, plan in enumerate(content.plans):
        for task in plan.walk_tasks():
            if task.is_heading and not task.title:
                continue
            fields = [normalise(f) for f in searchable_fields(task)]
            out.append(Record(task, index, SEPARATOR.join(fields), len(fields[0])))
    return out


def _gz(data: object) -> bytes:
    """Compact JSON, gzip without a timestamp: two builds give the same bytes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)


CODE_BITS = 21  # every code point fits; a key is first << CODE_BITS | second
ONE_CHARACTER = (1 << CODE_BITS) - 1  # `second` of a one-character key: no code point is this large
# keys are sorted group by group, to bound the arrays held at once; 8 bigram batches: the top
# 3 bits of a 32-bit hash of the pair
UNIGRAM_BATCHES, BIGRAM_BATCHES = 4, 8


def _key_text(key: int) -> str:
    second = key & ONE_CHARACTER
    return chr(key >> CODE_BITS) + ("" if second == ONE_CHARACTER else chr(second))


@dataclass
class _Postings:
    """Every key's postings and positions, as slices of flat arrays (a pair of arrays per batch).

    For a key, `ids[b][i:j]` holds record-id deltas and weights alternately, and for a
    two-character key `places[b][k:l]` holds, per record in the same order, its text length and
    then the deltas of the positions where the key starts (weight >> 1 of them).
    """

    ids: list[np.ndarray]
    places: list[np.ndarray | None]
    keys: list[tuple[str, int, int, int, int, int]]  # key, batch, i, j, k, l
    pairs: int = 0  # (key, record) pairs: the index's size, which sets the shard count


def _postings(recs: list[Record]) -> _Postings:
    """Every unigram and bigram of every record, with its records, weights and positions.

    Done on arrays (numpy) rather than key by key in Python (2.5 times faster at 1,000 plans):
    one entry per character and per pair of characters within a field, sorted stably by key so
    that each key's entries stay in record and position order. Keys are taken in batches (by a
    hash of the key), so only one batch's sorted copies exist at a time.
    """
    lengths = np.fromiter((len(r.searchable) for r in recs), dtype=np.int32, count=len(recs))
    codes = np.frombuffer("".join(r.searchable for r in recs).encode("utf-32-le"), dtype=np.uint32)
    text_lengths = np.fromiter((r.text_length for r in recs), dtype=np.int32, count=len(recs))
    record = np.repeat(np.arange(len(recs), dtype=np.int32), lengths)
    position = np.arange(len(codes), dtype=np.int32) - np.repeat(np.cumsum(lengths, dtype=np.int32) - lengths, lengths)
    word = codes != ord(SEPARATOR)
    pair = word[:-1] & word[1:] & (record[:-1] == record[1:])  # both characters in one field of one record
    unigram_batch = (codes % UNIGRAM_BATCHES).astype(np.int8)
    bigram_batch = ((codes[:-1] * np.uint32(0x9E3779B1) + codes[1:]) >> np.uint32(29)).astype(np.int8)
    found = _Postings([], [], [])
    for b in range(UNIGRAM_BATCHES + BIGRAM_BATCHES):
        if b < UNIGRAM_BATCHES:
            at = np.flatnonzero(word & (unigram_batch == b))
            keys = (codes[at].astype(np.uint64) << np.uint64(CODE_BITS)) | np.uint64(ONE_CHARACTER)
        else:
            at = np.flatnonzero(pair & (bigram_batch == b - UNIGRAM_BATCHES))
            keys = (codes[at].astype(np.uint64) << np.uint64(CODE_BITS)) | codes[at + 1]
        order = np.argsort(keys, kind="stable")
        at = at[order]
        _batch(found, keys[order], record[at], position[at], text_lengths, places=b >= UNIGRAM_BATCHES)
    return found


def _batch(found: _Postings, keys: np.ndarray, records: np.ndarray, positions: np.ndarray,
           text_lengths: np.ndarray, places: bool) -> None:
    """One batch of entries sorted by key, then record, then position: its keys' lists."""
    n, b = len(keys), len(found.ids)
    if n == 0:
        found.ids.append(np.zeros(0, dtype=np.int32))
        found.places.append(None)
        return
    new_pair = np.ones(n, dtype=bool)
    new_pair[1:] = (keys[1:] != keys[:-1]) | (records[1:] != records[:-1])
    pair_start = np.flatnonzero(new_pair)
    pair_end = np.append(pair_start[1:], n)
    pair_record = records[pair_start]
    pair_key = keys[pair_start]
    outside = positions[pair_end - 1] >= text_lengths[pair_record]  # the last occurrence is beyond the text
    new_key = np.ones(len(pair_start), dtype=bool)
    new_key[1:] = pair_key[1:] != pair_key[:-1]
    key_start = np.flatnonzero(new_key)
    key_end = np.append(key_start[1:], len(pair_start))
    deltas = np.diff(pair_record, prepend=np.int32(0))
    deltas[key_start] = pair_record[key_start]
    ids = np.empty(2 * len(pair_start), dtype=np.int32)
    ids[0::2], ids[1::2] = deltas, (pair_end - pair_start) * 2 + outside
    found.ids.append(ids)
    found.pairs += len(pair_start)
    segment = np.zeros(len(pair_start) + 1, dtype=np.int64)
    if places:  # per pair its text length, then its position deltas
        steps = np.diff(positions, prepend=np.int32(0))
        steps[pair_start] = positions[pair_start]
        flat = np.empty(n + len(pair_start), dtype=np.int32)
        flat[np.arange(n) + np.cumsum(new_pair)] = steps  # entry i of pair p goes after p + 1 text lengths
        segment[:-1] = pair_start + np.arange(len(pair_start))
        segment[-1] = len(flat)
        flat[segment[:-1]] = text_lengths[pair_record]
        found.places.append(flat)
    else:
        found.places.append(None)
    for key, ks, ke in zip(pair_key[key_start].tolist(), key_start.tolist(), key_end.tolist()):
        found.keys.append((_key_text(key), b, 2 * ks, 2 * ke, int(segment[ks]), int(segment[ke])))


def _shards(found: _Postings, shards: int) -> list[list[int]]:
    """Per shard, the indices into `found.keys` of the keys that hash to it."""
    members: list[list[int]] = [[] for _ in range(shards)]
    for i, entry in enumerate(found.keys):
        members[shard_of(entry[0], shards)].append(i)
    return members


def _shard_files(found: _Postings, members: list[int]) -> tuple[bytes, bytes]:
    """One shard's postings file and positions file."""
    ids, places = {}, {}
    for i in members:
        key, b, a, e, c, d = found.keys[i]
        ids[key] = found.ids[b][a:e].tolist()
        block = found.places[b]
        if block is not None:
            places[key] = block[c:d].tolist()
    return _gz(ids), _gz(places)


def _meta(content: Content, recs: list[Record], shards: int, traditional: str = "") -> dict:
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
        # a kind's common names as hashes (fnv1a of the normalised name): a query equal to one is
        # recognised, yet the site carries no name that only a held plan's unit bears
        "kinds": [{"id": k.id, "name": k.name, "keys": sorted({fnv1a(normalise(n)) for n in [k.name, *k.common_names]})}
                  for k in content.kinds],
        "traditional": traditional,  # the keys of t2s.json.gz: a query with one of them fetches it
        "synonyms": search_terms.synonyms(content, recs),
    }


def _plan_meta(plan: Plan, first: int, count: int) -> dict:
    years = list(range(plan.period[0], plan.period[1] + 1)) if plan.period else []
    return {"id": plan.id, "title": plan.display_title, "j": plan.jurisdiction.name,
            "jid": plan.jurisdiction.id, "years": years, "first": first, "count": count,
            "url": urls.relative(urls.SEARCH, urls.plan(plan))}


STATUSES = [("unreported", UNREPORTED), *STATUS_LABELS.items()]  # the status facet's values, 未报告 first
STATUS_INDEX = {value: index for index, (value, _) in enumerate(STATUSES)}


def _facets(content: Content, recs: list[Record]) -> dict:
    """Per record its themes and units (columns), and the units' labels and kinds: for filters and counts."""
    themes = {t: i for i, t in enumerate(content.themes)}
    units = {a: i for i, a in enumerate(content.agencies)}
    kinds = {k.id: i for i, k in enumerate(content.kinds)}
    return {
        "themes": [sorted(themes[t] for t in r.task.themes) for r in recs],
        "units": [sorted({units[a.agency] for a in r.task.assignments}) for r in recs],
        # per record, parallel to its units: the roles each has there, bits 1 牵头, 2 负责, 4 配合
        "roles": [_role_masks(r.task, units) for r in recs],
        "unitTable": [{"id": a.key, "name": a.name, "aliases": a.aliases, "j": a.jurisdiction.name,
                       "kind": kinds[a.kind.id] if a.kind else -1} for a in content.agencies],
        # per record its status (an index into STATUSES): the latest shown report's, else 未报告
        "status": [STATUS_INDEX[r.task.latest.status.value] if r.task.latest else 0 for r in recs],
        "statusTable": [{"id": value, "name": label} for value, label in STATUSES],
    }


def _role_masks(task: Task, units: dict[Agency, int]) -> list[int]:
    masks: dict[int, int] = defaultdict(int)
    for a in task.assignments:
        masks[units[a.agency]] |= 1 << a.role.rank
    return [masks[u] for u in sorted(masks)]


def _shown(rec: Record, kinds: dict[str, int]) -> dict:
    """What one result shows: units with their role and kind (an index into meta's kinds, -1 for none)."""
    t = rec.task
    return {"id": t.id, "ref": t.ref, "title": t.title or "", "text": t.text_with_notes,
            "roles": [[a.agency.name, a.role.label, kinds[a.agency.kind.id] if a.agency.kind else -1]
                      for a in t.assignments],
            "themes": [theme.name for theme in t.themes]}


def index_files(content: Content) -> dict[str, bytes]:
    """The whole index, keyed by its path in the site."""
    recs = records(content)
    found = _postings(recs)
    shards = max(1, -(-found.pairs // POSTINGS_PER_SHARD))
    members = _shards(found, shards)
    docs = search_terms.documents(content, [urls.relative(urls.SEARCH, urls.plan(p)) for p in content.plans])
    characters = {c for r in recs for c in r.searchable} | {
        c for d in docs for _, value in d["fields"] for c in normalise(value)}
    table = search_terms.traditional_table(characters)
    tree = {f"{FOLDER}meta.json.gz": _gz(_meta(content, recs, shards, "".join(sorted(table)))),
            f"{FOLDER}facets.json.gz": _gz(_facets(content, recs)),
            f"{FOLDER}docs.json.gz": _gz(docs),
            f"{FOLDER}t2s.json.gz": _gz(table),
            f"{FOLDER}vocab.json.gz": _gz(search_terms.vocabulary(content))}
    for k, kind_ids in enumerate(search_terms.kind_records(content, recs)):
        tree[f"{FOLDER}k/{k}.json.gz"] = _gz(kind_ids)
    # zlib lets go of the interpreter while it compresses: two threads keep both cores busy
    with ThreadPoolExecutor(max_workers=2) as pool:
        for k, (ids, places) in enumerate(pool.map(lambda m: _shard_files(found, m), members)):
            tree[f"{FOLDER}p/{k}.json.gz"] = ids
            tree[f"{FOLDER}x/{k}.json.gz"] = places
        chunks = [recs[start:start + RECORDS_PER_CHUNK] for start in range(0, len(recs), RECORDS_PER_CHUNK)]
        kinds = {k.id: i for i, k in enumerate(content.kinds)}
        for n, data in enumerate(pool.map(lambda chunk: _gz([_shown(r, kinds) for r in chunk]), chunks)):
            tree[f"{FOLDER}r/{n}.json.gz"] = data
    return tree


def build(site: Site) -> dict[str, bytes]:
    """The index files (made once per build: `site.search_index`)."""
    return site.search_index


def shard_count(files: dict[str, bytes]) -> int:
    """How many posting shards the index has (the search page carries it: see search.js)."""
    return sum(1 for name in files if name.startswith(f"{FOLDER}p/"))
