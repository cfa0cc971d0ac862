/* Chinese search over the static index written by generator/search_index.py and search_terms.py.
 *
 * A query is one or more terms separated by spaces; a task is a result when its searchable
 * string (text, labels, plan, units, themes) contains every term. One- and two-character
 * terms are looked up directly; longer terms are checked for consecutive bigrams using the
 * positions the index stores, so results and facet counts are exact. Three expansions, all
 * said on the page and all turned off by `exact=1` in the URL: a term equal to a kind of
 * unit's name or common name (公安, 市场监管局) also finds the tasks of every unit of that kind,
 * a term of a synonym group (content/synonyms.yaml) also searches the group's other words,
 * and traditional characters the index lacks are read as their simplified forms. Brackets of
 * every kind are one character (a 文号's 〔〕 typed as [], (), 【】). Documents
 * are found by their 文号, 发文机关 and titles. The state (q and the filters) lives in the
 * URL's query string. Content is put into the page with textContent only, never as HTML.
 */
(() => {
  "use strict";

  /* The script runs from the search page's <head> (async), before the page's elements exist:
     it requests the query's index files at once and searches when the result list is in the page. */
  const script = document.currentScript;
  if (!script || !script.hasAttribute("data-index")) return;
  const BASE = script.getAttribute("data-index");
  /* the shard count, also in meta: with it the posting shards are fetched alongside meta */
  const SHARDS = Number(script.getAttribute("data-shards")) || 0;
  const PAGE = 10;
  const SEPARATOR = "\u0001";
  /* scoring: each term's occurrences count up to TF_CAP; a hit in the labels, title, units,
     themes or plan title adds OUTSIDE_BONUS; a task found only through its unit's kind scores
     as one occurrence outside the text */
  const TF_CAP = 5;
  const OUTSIDE_BONUS = 4;
  const KIND_ONLY = { tf: 1, outside: true };
  /* a snippet shows SNIPPET_LENGTH characters, starting SNIPPET_LEAD before the first hit */
  const SNIPPET_LENGTH = 160;
  const SNIPPET_LEAD = 40;
  const HEADING_WORDS = 24;  /* a task without a title is headed by its first words, at most this many */
  const FEW = 2;  /* a query finding at most this many tasks gets suggestions */
  const SUGGESTIONS = 5;
  const ROLES = [["lead", "牵头"], ["responsible", "负责"], ["supporting", "配合"]];  /* bit i of a role mask */

  /* ---- the same normalisation and hashing as search_index.py ---- */
  /* every kind of bracket is one character (after NFKC): 〔2021〕 = [2021] = 【2021】 = （2021） */
  const BRACKETS = Object.fromEntries([..."[{【〔〖〘〚"].map((c) => [c, "("]).concat([..."]}】〕〗〙〛"].map((c) => [c, ")"])));
  const normalChar = (c) => {
    const n = c.normalize("NFKC").toLowerCase();
    return Array.from(n).length === 1 ? BRACKETS[n] || n : c.toLowerCase();
  };
  /* Most characters are CJK unified ideographs (U+4E00–U+9FFF, which NFKC leaves as they are)
     or printable ASCII: those skip normalize(), which a thousand documents' fields at every
     query made 40–50 ms of the main thread; every other character takes the full rule. */
  const normalise = (text) => {
    let out = "";
    for (const c of text) {
      const code = c.codePointAt(0);
      if (code >= 0x4e00 && code <= 0x9fff) out += c;
      else if (code > 0x20 && code < 0x7f) out += c >= "A" && c <= "Z" ? c.toLowerCase() : BRACKETS[c] || c;
      else if (!/\s/.test(c)) out += normalChar(c);
    }
    return out;
  };
  const fnv1a = (key) => {
    let h = 0x811c9dc5;
    for (const c of key) h = Math.imul(h ^ c.codePointAt(0), 0x01000193) >>> 0;
    return h;
  };
  const shardOf = (key, shards) => fnv1a(key) % shards;

  /* ---- loading gzip-compressed JSON; a host that already inflated it is fine too ---- */
  const cache = new Map();
  const load = (path) => {
    if (!cache.has(path)) cache.set(path, fetchJson(path));
    return cache.get(path);
  };
  async function fetchJson(path) {
    const response = await fetch(BASE + path);
    if (!response.ok) throw new Error(path + ": " + response.status);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return JSON.parse(new TextDecoder().decode(bytes));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return JSON.parse(await new Response(stream).text());
  }

  /* ---- matching ---- */
  async function postings(key, shards) {
    const shard = await load("p/" + shardOf(key, shards) + ".json.gz");
    const flat = shard[key] || [], out = new Map();
    for (let i = 0, rid = 0; i < flat.length; i += 2) { rid += flat[i]; out.set(rid, flat[i + 1]); }
    return out;
  }
  async function positions(key, shards) {
    const [weights, shard] = await Promise.all([postings(key, shards), load("x/" + shardOf(key, shards) + ".json.gz")]);
    /* per record, in postings order: its text length, then (weight >> 1) position deltas */
    const flat = shard[key] || [], out = new Map();
    let i = 0;
    weights.forEach((weight, rid) => {
      const textLength = flat[i++], at = new Set();
      for (let n = weight >> 1, p = 0; n > 0; n--) { p += flat[i++]; at.add(p); }
      out.set(rid, { textLength, at });
    });
    return out;
  }
  /* rid → {tf, outside}: the records whose string contains the normalised term */
  async function matchLiteral(term, shards) {
    const chars = Array.from(term), out = new Map();
    if (chars.length <= 2) {
      (await postings(term, shards)).forEach((w, rid) => out.set(rid, { tf: w >> 1, outside: (w & 1) === 1 }));
      return out;
    }
    const grams = chars.slice(0, -1).map((c, i) => c + chars[i + 1]);
    const maps = await Promise.all(grams.map((g) => positions(g, shards)));
    maps[0].forEach((starts, rid) => {
      if (!maps.every((m) => m.has(rid))) return;
      let tf = 0, outside = false;
      starts.at.forEach((p) => {
        for (let k = 1; k < maps.length; k++) if (!maps[k].get(rid).at.has(p + k)) return;
        tf += 1;
        if (p >= starts.textLength) outside = true;
      });
      if (tf) out.set(rid, { tf, outside });
    });
    return out;
  }
  async function kindRecords(kind) {
    const deltas = await load("k/" + kind + ".json.gz"), out = new Set();
    let rid = 0;
    for (const d of deltas) { rid += d; out.add(rid); }
    return out;
  }
  const words = (q) => q.split(/\s+/).filter((w) => w && normalise(w) && normalise(w).indexOf(SEPARATOR) < 0);

  /* What the query means, once meta is known: each word normalised (traditional characters the
     index lacks read as simplified, unless exact), the kinds it names and the units it equals. */
  async function understand(state, meta) {
    const raw = words(state.q), exact = state.exact === "1";
    let table = null;
    if (!exact && meta.traditional && raw.some((w) => Array.from(w).some((c) => meta.traditional.includes(c)))) {
      table = await load("t2s.json.gz");
    }
    const terms = raw.map((w) => {
      const shown = table ? Array.from(w).map((c) => table[c] || c).join("") : w;
      const term = normalise(shown);
      const key = fnv1a(term);  /* kinds carry their names' hashes only */
      const kinds = exact ? [] : meta.kinds.flatMap((k, i) => (k.keys.includes(key) ? [i] : []));
      /* the other words of the term's synonym groups that shown tasks use (content/synonyms.yaml) */
      const also = exact ? [] : Array.from(new Set((meta.synonyms || []).filter((g) => g.keys.includes(key))
        .flatMap((g) => g.terms).filter((s) => normalise(s) !== term)));
      return { word: w, shown, term, kinds, also, converted: shown !== w };
    });
    return { terms, exact };
  }
  /* rid → score for the records holding every term (a kind's records count for a term naming it) */
  async function matchAll(query, meta) {
    if (!query.terms.length) {
      const all = new Map(Array.from({ length: meta.records }, (_, r) => [r, 0]));
      return { scores: all, literal: all };
    }
    const maps = await Promise.all(query.terms.map(async (t) => {
      const [literal, ...others] = await Promise.all([t.term, ...t.also.map(normalise)].map((w) => matchLiteral(w, meta.shards)));
      if (!t.kinds.length && !others.length) return { all: literal, literal };
      const all = new Map(literal);
      others.forEach((found) => found.forEach((hit, rid) => { if (!all.has(rid)) all.set(rid, hit); }));
      for (const set of await Promise.all(t.kinds.map(kindRecords))) set.forEach((rid) => { if (!all.has(rid)) all.set(rid, KIND_ONLY); });
      return { all, literal };
    }));
    const intersect = (key) => {
      const lists = maps.map((m) => m[key]).sort((a, b) => a.size - b.size);
      const out = new Map();
      lists[0].forEach((_, rid) => {
        if (!lists.every((m) => m.has(rid))) return;
        out.set(rid, lists.reduce((score, m) => { const hit = m.get(rid); return score + Math.min(hit.tf, TF_CAP) + (hit.outside ? OUTSIDE_BONUS : 0); }, 0));
      });
      return out;
    };
    const scores = intersect("all");
    return { scores, literal: query.terms.some((t) => t.kinds.length || t.also.length) ? intersect("literal") : scores };
  }
  /* documents whose 文号, 发文机关, titles or 索引号 hold every term; with the fields that matched.
     Brackets aside too: 晋市政办202126号 finds 晋市政办〔2021〕26号 */
  const bare = (text) => text.replace(/[()]/g, "");
  function matchDocuments(query, docs) {
    if (!query.terms.length) return [];
    const holds = (f, t) => f.norm.includes(t.term) || (bare(t.term) !== "" && f.bare.includes(bare(t.term)));
    return docs.flatMap((doc, i) => {
      const fields = doc.fields.map(([label, value]) => { const norm = normalise(value); return { label, value, norm, bare: bare(norm) }; });
      if (!query.terms.every((t) => fields.some((f) => holds(f, t)))) return [];
      return [{ index: i, doc, matched: fields.filter((f) => query.terms.some((t) => holds(f, t))) }];
    });
  }

  /* ---- facets: each says how a record's values are found and how a value is labelled; a new
     one (a status, say) is one more entry here ---- */
  function planOf(rid, meta) {
    let lo = 0, hi = meta.plans.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (meta.plans[mid].first <= rid) lo = mid; else hi = mid - 1;
    }
    return meta.plans[lo];
  }
  const FACETS = [
    { id: "plan", name: "计划", values: (rid, c) => [planOf(rid, c.meta).id],
      label: (v, c) => { const p = c.meta.plans.find((x) => x.id === v); return p ? (p.title.includes(p.j) ? p.title : p.title + "（" + p.j + "）") : v; } },
    { id: "year", name: "年份", values: (rid, c) => planOf(rid, c.meta).years.map(String), label: (v) => v + "年" },
    { id: "theme", name: "主题", values: (rid, c) => c.facets.themes[rid].map((t) => c.meta.themes[t].id),
      label: (v, c) => (c.meta.themes.find((t) => t.id === v) || { name: v }).name },
    { id: "kind", name: "单位类别", values: (rid, c) => Array.from(new Set(c.facets.units[rid].map((u) => c.facets.unitTable[u].kind).filter((k) => k >= 0).map((k) => c.meta.kinds[k].id))),
      label: (v, c) => (c.meta.kinds.find((k) => k.id === v) || { name: v }).name },
    { id: "unit", name: "责任单位", values: (rid, c) => c.facets.units[rid].map((u) => c.facets.unitTable[u].id),
      label: (v, c) => { const u = c.facets.unitTable.find((x) => x.id === v); return u ? u.name + "（" + u.j + "）" : v; } },
    /* the roles of the units in focus (the selected unit or kind, else the units or kinds the query
       names), else of all its units: 公安 + 牵头 is what 公安 leads */
    { id: "role", name: "角色", values: (rid, c) => rolesOf(rid, c), label: (v) => (ROLES.find((r) => r[0] === v) || [v, v])[1] },
    /* the latest shown progress report's status (落实情况), 未报告 where none mentions the task */
    { id: "status", name: "落实状态", values: (rid, c) => [c.facets.statusTable[c.facets.status[rid]].id],
      label: (v, c) => (c.facets.statusTable.find((s) => s.id === v) || { name: v }).name },
  ];
  function rolesOf(rid, c) {
    let mask = 0;
    c.facets.units[rid].forEach((u, i) => { if (!c.focus || c.focus.has(u)) mask |= c.facets.roles[rid][i]; });
    return ROLES.filter((_, bit) => mask & (1 << bit)).map((r) => r[0]);
  }
  /* the units a role refers to: a selected unit, else a selected kind's, else those the query's words name */
  function focusOf(state, query, facets, meta) {
    const table = facets.unitTable;
    const pick = (test) => new Set(table.flatMap((u, i) => (test(u) ? [i] : [])));
    if (state.unit) return pick((u) => u.id === state.unit);
    if (state.kind) return pick((u) => u.kind >= 0 && meta.kinds[u.kind].id === state.kind);
    const kinds = new Set(query.terms.flatMap((t) => t.kinds)), named = new Set(query.terms.map((t) => t.term));
    const focus = pick((u) => kinds.has(u.kind) || [u.name, ...(u.aliases || [])].some((n) => named.has(normalise(n))));
    return focus.size ? focus : null;
  }

  /* ---- the state in the URL ---- */
  const PARAMS = ["q", ...FACETS.map((f) => f.id), "exact"];
  function readState() {
    const params = new URLSearchParams(location.search);
    return Object.fromEntries(PARAMS.map((p) => [p, params.get(p) || ""]));
  }
  function stateUrl(state) {
    const params = new URLSearchParams();
    PARAMS.forEach((p) => { if (state[p]) params.set(p, state[p]); });
    const s = params.toString();
    return location.pathname + (s ? "?" + s : "");
  }
  const filtered = (state) => FACETS.some((f) => state[f.id]);

  /* Everything one state's results need, in one promise per state: the prefetch while the page
     loads and run() afterwards share it. Matching needs only the shards, so it starts before meta. */
  const found = new Map();
  function results(state) {
    const key = stateUrl(state);
    if (!found.has(key)) found.set(key, compute(state));
    return found.get(key);
  }
  async function compute(state) {
    for (const w of words(state.q)) if (SHARDS) matchLiteral(normalise(w), SHARDS).catch(() => {});  /* warm the shards */
    const [meta, docs, facets] = await Promise.all([load("meta.json.gz"), load("docs.json.gz"),
      filtered(state) ? load("facets.json.gz") : null]);
    const query = await understand(state, meta);
    const { scores, literal } = await matchAll(query, meta);
    let hits = Array.from(scores.keys()).sort((a, b) => scores.get(b) - scores.get(a) || a - b);
    const context = facets && { meta, facets, focus: focusOf(state, query, facets, meta) };
    if (context) hits = hits.filter((rid) => FACETS.every((f) => !state[f.id] || f.values(rid, context).includes(state[f.id])));
    const widened = literal === scores ? 0 : hits.filter((rid) => !literal.has(rid)).length;
    return { meta, query, hits, widened, context, docs };
  }
  /* the documents a search finds, matched once its tasks are known: the record chunks of the
     first results are requested first (prefetch), the documents' fields are read meanwhile */
  function documentsOf(state, r) {
    if (!r.documents) r.documents = filtered(state) ? [] : matchDocuments(r.query, r.docs);
    return r.documents;
  }
  /* what each of these records shows: a promise per record, its chunk requested at once */
  const shownRecords = (rids, meta) => rids.map(async (rid) => (await load("r/" + Math.floor(rid / meta.chunk) + ".json.gz"))[rid % meta.chunk]);
  /* Request what run() will need for the first page of results while the page still loads. */
  async function prefetch(state) {
    if (!words(state.q).length && !filtered(state)) return;
    try {
      const r = await results(state);
      await Promise.all(shownRecords(r.hits.slice(0, PAGE), r.meta));
    } catch (error) { /* run() reports a file that does not load */ }
  }

  /* ---- rendering (DOM built with textContent only) ---- */
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  const byId = (id) => document.getElementById(id);
  function stateLink(state, text, className) {
    const a = el("a", className, text);
    a.href = stateUrl(state);
    a.addEventListener("click", (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      history.pushState(null, "", a.href);
      run();
    });
    return a;
  }
  /* ranges [start, end) of the original text where a term occurs (whitespace ignored) */
  function hitRanges(text, terms) {
    const chars = Array.from(text), norm = [], index = [];
    chars.forEach((c, i) => { if (!/\s/.test(c)) { norm.push(normalChar(c)); index.push(i); } });
    const ranges = [];
    terms.forEach((t) => {
      const needle = Array.from(t);
      for (let at = indexOfChars(norm, needle, 0); at >= 0; at = indexOfChars(norm, needle, at + 1)) {
        ranges.push([index[at], index[at + needle.length - 1] + 1]);
      }
    });
    ranges.sort((a, b) => a[0] - b[0]);
    const merged = [];
    ranges.forEach((r) => {
      const last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push(r.slice());
    });
    return { chars, ranges: merged };
  }
  /* search on arrays of characters so that indices stay in characters */
  function indexOfChars(hay, needle, from) {
    outer: for (let i = from; i + needle.length <= hay.length; i++) {
      for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
      return i;
    }
    return -1;
  }
  /* the text (or a window of `limit` characters around its first hit) with the hits marked */
  function marked(node, text, terms, limit) {
    const { chars, ranges } = hitRanges(text, terms);
    let start = 0, end = chars.length;
    if (limit && chars.length > limit) {
      start = ranges.length ? Math.max(0, ranges[0][0] - SNIPPET_LEAD) : 0;
      end = Math.min(chars.length, start + limit);
    }
    if (start > 0) node.append("…");
    let pos = start;
    ranges.forEach(([a, b]) => {
      if (b <= start || a >= end) return;
      a = Math.max(a, start); b = Math.min(b, end);
      if (a > pos) node.append(chars.slice(pos, a).join(""));
      node.appendChild(el("mark", "", chars.slice(a, b).join("")));
      pos = b;
    });
    if (pos < end) node.append(chars.slice(pos, end).join(""));
    if (end < chars.length) node.append("…");
    return node;
  }
  /* a task's heading: its labels and its title, else its first words (up to the first stop) */
  function headingWords(shown) {
    if (shown.title) return shown.title;
    const chars = Array.from(shown.text || "");
    let end = chars.findIndex((c) => "。；：".includes(c));
    if (end < 0) end = chars.length;
    return end > HEADING_WORDS ? chars.slice(0, HEADING_WORDS).join("") + "…" : chars.slice(0, end).join("");
  }
  /* the words marked in a result: the terms and the synonyms searched with them */
  const marks = (query) => query.terms.flatMap((t) => [t.term, ...t.also.map(normalise)]);
  function resultItem(rid, shown, meta, query) {
    const plan = planOf(rid, meta), terms = marks(query);
    const kinds = new Set(query.terms.flatMap((t) => t.kinds));
    const li = el("li", "search-result");
    const head = el("h3", "search-result-head");
    const link = el("a", "search-result-link");
    link.href = plan.url + "#" + shown.id;
    link.appendChild(el("span", "search-result-ref", shown.ref));
    link.appendChild(marked(el("span", "search-result-title"), headingWords(shown), terms));
    head.appendChild(link);
    li.appendChild(head);
    li.appendChild(el("p", "search-result-plan", plan.title + " · " + plan.j));
    li.appendChild(marked(el("p", "search-snippet"), shown.text || shown.title, terms, SNIPPET_LENGTH));
    /* each unit once, with every role it has in the task */
    const units = new Map();
    shown.roles.forEach(([name, role, kind]) => {
      const u = units.get(name) || { roles: [], kind };
      if (!u.roles.includes(role)) u.roles.push(role);
      u.roles.sort((a, b) => ROLES.findIndex((r) => r[1] === a) - ROLES.findIndex((r) => r[1] === b));
      units.set(name, u);
    });
    if (units.size) {
      const list = el("ul", "search-result-units");
      list.setAttribute("aria-label", "责任单位");
      units.forEach((u, name) => {
        const item = el("li");
        if (kinds.has(u.kind)) item.appendChild(el("mark", "search-kind-hit", name));  /* found by its kind */
        else marked(item, name, terms);
        item.append("（" + u.roles.join("、") + "）");
        list.appendChild(item);
      });
      li.appendChild(list);
    }
    if (shown.themes.length) {
      const list = el("ul", "search-result-themes");
      list.setAttribute("aria-label", "主题");
      shown.themes.forEach((name) => list.appendChild(marked(el("li"), name, terms)));
      li.appendChild(list);
    }
    return li;
  }
  function documentItem(hit, query) {
    const terms = query.terms.map((t) => t.term), doc = hit.doc;
    const value = (label) => (doc.fields.find((f) => f[0] === label) || [])[1];
    const li = el("li", "search-result search-doc");
    const head = el("h3", "search-result-head");
    head.appendChild(el("span", "search-doc-badge", "文件"));
    const link = el("a", "search-doc-link");
    link.href = doc.url;
    marked(link, value("标题") || value("通知标题") || doc.url, terms);
    head.appendChild(link);
    li.appendChild(head);
    li.appendChild(el("p", "search-doc-meta", [value("文号"), value("发文机关"), doc.date].filter(Boolean).join(" · ")));
    const list = el("dl", "search-doc-matched");
    hit.matched.forEach((f) => {
      list.appendChild(el("dt", "", f.label));
      list.appendChild(marked(el("dd"), f.value, terms));
    });
    li.appendChild(list);
    return li;
  }
  function renderFacets(state, counts, context) {
    const box = byId("search-facets");
    box.textContent = "";
    FACETS.forEach((f) => {
      const values = Object.keys(counts[f.id]);
      if (state[f.id] && !values.includes(state[f.id])) values.push(state[f.id]);
      if (!values.length) return;
      const label = (v) => f.label(v, context);
      values.sort((a, b) => (counts[f.id][b] || 0) - (counts[f.id][a] || 0) || label(a).localeCompare(label(b), "zh"));
      const group = el("section", "search-facet");
      group.setAttribute("data-facet", f.id);
      group.appendChild(el("h2", "search-facet-name", f.name));
      const list = el("ul", "search-facet-values");
      values.forEach((v) => {
        const selected = v === state[f.id];
        const item = el("li", selected ? "selected" : "");
        const link = stateLink({ ...state, [f.id]: selected ? "" : v }, "", "search-facet-value");
        link.setAttribute("data-value", v);
        link.appendChild(el("span", "search-facet-label", label(v)));
        link.appendChild(el("span", "search-facet-count", String(counts[f.id][v] || 0)));
        if (selected) {
          link.setAttribute("aria-current", "true");  /* a link to the state without it, not a toggle button */
          link.title = "取消筛选：" + label(v);
        }
        item.appendChild(link);
        list.appendChild(item);
      });
      group.appendChild(list);
      box.appendChild(group);
    });
    const chosen = FACETS.filter((f) => state[f.id]).length;
    byId("search-filters-count").textContent = chosen ? "（已选 " + chosen + " 项）" : "";
  }
  /* for each facet value, how many of the results have it */
  function count(hits, context) {
    const counts = Object.fromEntries(FACETS.map((f) => [f.id, {}]));
    hits.forEach((rid) => FACETS.forEach((f) => f.values(rid, context).forEach((v) => { counts[f.id][v] = (counts[f.id][v] || 0) + 1; })));
    return counts;
  }
  /* what the page did with the query: expansions (with the way to turn them off) and hints */
  function renderNotes(state, r) {
    const notes = byId("search-notes");
    notes.textContent = "";
    const q = r.query, said = [];
    q.terms.filter((t) => t.converted).forEach((t) => said.push("“" + t.word + "”按简体字“" + t.shown + "”搜索"));
    q.terms.forEach((t) => t.kinds.forEach((k) => said.push("含各地" + r.meta.kinds[k].name + "类单位的任务")));
    const also = q.terms.flatMap((t) => t.also);
    if (also.length) said.push("同时搜索了：" + also.join("、"));
    if (said.length) {
      const p = el("p", "search-note search-expanded", said.join("；") + (r.widened ? "（其中 " + r.widened + " 项因此列入）" : "") + "。");
      p.append(" ");
      p.appendChild(stateLink({ ...state, exact: "1" }, "只搜原词", "search-exact-link"));
      notes.appendChild(p);
    } else if (q.exact) {
      const p = el("p", "search-note", "只搜原词：不含同类单位和同义词，不转换繁体字。");
      p.append(" ");
      p.appendChild(stateLink({ ...state, exact: "" }, "恢复扩展", "search-exact-link"));
      notes.appendChild(p);
    }
    /* 公安 牵头: the role is a filter, not a word to find */
    const role = ROLES.find(([, name]) => q.terms.some((t) => t.term === name));
    if (role && !state.role && q.terms.length > 1) {
      const rest = q.terms.filter((t) => t.term !== role[1]).map((t) => t.word).join(" ");
      const p = el("p", "search-note search-role-hint", "要找“" + rest + "”" + role[1] + "的任务？");
      p.appendChild(stateLink({ ...state, q: rest, role: role[0] }, "按角色筛选：" + role[1], "search-role-link"));
      notes.appendChild(p);
    }
  }
  /* near misses: known terms within one (short queries) or two characters of a query word */
  async function renderSuggestions(state, r, mine) {
    const vocab = await load("vocab.json.gz");
    if (mine !== generation) return;
    const word = r.query.terms.map((t) => t.term).join("");
    const length = Array.from(word).length, limit = length <= 3 ? 1 : 2;
    const near = [];
    for (const [term, weight] of vocab) {
      const norm = normalise(term);
      if (norm === word || Math.abs(Array.from(norm).length - length) > limit) continue;
      const d = distance(Array.from(word), Array.from(norm), limit);
      if (d <= limit) near.push({ term, d, weight });
    }
    near.sort((a, b) => a.d - b.d || b.weight - a.weight);
    if (!near.length) return;
    const p = el("p", "search-note search-suggest", "您是不是要找：");
    near.slice(0, SUGGESTIONS).forEach(({ term }, i) => {
      if (i) p.append("、");
      p.appendChild(stateLink({ q: term }, term, "search-suggestion"));
    });
    byId("search-notes").appendChild(p);
  }
  /* A search that finds nothing says what to try, each with how many it finds: the words without
     the filters, each word alone, the expansions back on. Every count comes from this (public)
     index: nothing hints at a document the site does not carry. */
  async function renderTry(state, r, mine) {
    const tries = [], plain = { q: state.q, exact: state.exact }, ws = words(state.q);
    if (filtered(state)) tries.push([plain, "去掉筛选条件"]);
    if (ws.length > 1) ws.forEach((w) => tries.push([{ ...state, q: w }, "只搜“" + w + "”"]));
    if (state.exact === "1") tries.push([{ ...state, exact: "" }, "包括同类单位、同义词和繁体字"]);
    const counted = await Promise.all(tries.map(async ([s, text]) => {
      const x = await results(s);
      return [s, text, x.hits.length + documentsOf(s, x).length];
    }));
    if (mine !== generation) return;
    const p = el("p", "search-note search-try", "可以试试：");
    const useful = counted.filter(([, , n]) => n > 0);
    useful.forEach(([s, text, n], i) => {
      if (i) p.append("；");
      p.appendChild(stateLink(s, text, "search-try-link"));
      p.append("（" + n + " 项）");
    });
    if (useful.length) p.append("。");
    p.append((useful.length ? "也可以" : "") + "换一个说法、减少词语，或从页首的“工作计划”“责任单位”“主题”浏览。");
    byId("search-notes").appendChild(p);
  }
  /* edit distance, giving up (limit + 1) once every path is beyond the limit */
  function distance(a, b, limit) {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const next = [i];
      for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (Math.min(...next) > limit) return limit + 1;
      row = next;
    }
    return row[b.length];
  }
  function statusText(state, r, shown) {
    const words = state.q.trim(), n = r.hits.length, docs = documentsOf(state, r).length;
    const quoted = words ? "“" + words + "”：" : "";
    if (!n && filtered(state)) return quoted + "没有符合所选筛选条件的任务。";
    if (!n && !docs) return "没有找到与“" + words + "”相符的任务或文件。";
    if (!n) return quoted + "找到 " + docs + " 份文件，没有相符的任务。";
    return quoted + "找到 " + n + " 项任务" + (docs ? "，另有 " + docs + " 份文件" : "") +
      (n > shown ? "，显示前 " + shown + " 项" : "") + "。";
  }

  /* ---- one search: from the state in the URL to the page ---- */
  let generation = 0;
  async function run() {
    const state = readState(), mine = ++generation;
    const input = byId("search-q"), status = byId("search-status"), list = byId("search-results"), box = byId("search-facets");
    if (document.activeElement !== input) input.value = state.q;
    if (!words(state.q).length && !filtered(state)) {
      list.textContent = box.textContent = byId("search-notes").textContent = "";
      byId("search-more")?.remove();
      status.textContent = "输入词语搜索各计划的任务和文件，如 明厨亮灶、晋城海关、HACCP、文号或发文机关；多个词用空格分开。";
      return;
    }
    status.textContent = "正在搜索……";
    box.setAttribute("aria-busy", "true");
    try {
      const r = await results(state);
      if (mine !== generation) return;
      list.textContent = "";
      renderNotes(state, r);
      documentsOf(state, r).forEach((hit) => list.appendChild(documentItem(hit, r.query)));
      const few = r.query.terms.length && !filtered(state) && r.hits.length <= FEW;
      const suggested = few ? renderSuggestions(state, r, mine) : null;
      await showPage(state, r, 0);
      const tried = r.hits.length || documentsOf(state, r).length ? null : renderTry(state, r, mine);
      const context = r.context || { meta: r.meta, facets: await load("facets.json.gz") };
      if (mine !== generation) return;
      if (!r.context) context.focus = focusOf(state, r.query, context.facets, r.meta);
      renderFacets(state, count(r.hits, context), context);
      await Promise.all([suggested, tried]);
    } catch (error) {
      if (mine === generation) status.textContent = "搜索索引无法载入：" + error.message;
    } finally {
      if (mine === generation) box.removeAttribute("aria-busy");
    }
  }
  /* One page of results. The count is known from the postings, so the status comes first; each
     result is added, in order, as soon as its chunk has arrived (the chunks load in parallel). */
  async function showPage(state, r, from) {
    const list = byId("search-results"), mine = generation;
    const page = r.hits.slice(from, from + PAGE);
    byId("search-more")?.remove();
    byId("search-status").textContent = statusText(state, r, from + page.length);
    const records = shownRecords(page, r.meta);
    for (let i = 0; i < page.length; i++) {
      const record = await records[i];
      if (mine !== generation) return;
      list.appendChild(resultItem(page[i], record, r.meta, r.query));
    }
    if (r.hits.length <= from + page.length) return;
    const more = el("button", "search-more", "显示更多结果");
    more.id = "search-more";
    more.type = "button";
    more.addEventListener("click", () => showPage(state, r, from + PAGE));
    list.after(more);
  }
  function whenPresent(id, then) {
    if (byId(id)) return then();
    const observer = new MutationObserver(() => {
      if (!byId(id)) return;
      observer.disconnect();
      then();
    });
    observer.observe(document.documentElement, { childList: true, subtree: true });
  }
  /* filters sit in a panel: open beside the results on wide screens, closed above them on phones */
  function placeFilters() {
    const panel = byId("search-filters"), wide = matchMedia("(min-width: 60em)");
    const apply = () => { panel.open = wide.matches; };
    apply();
    wide.addEventListener("change", apply);
  }

  prefetch(readState());
  /* the result list comes last in the search page's body: the form, status and filters are there too */
  whenPresent("search-results", () => {
    placeFilters();
    byId("search-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const state = { ...readState(), q: byId("search-q").value.trim() };
      history.pushState(null, "", stateUrl(state));
      run();
    });
    window.addEventListener("popstate", run);
    run();
  });
})();
