/* Exact Chinese search over the static index written by generator/search_index.py.
 *
 * A query is one or more terms separated by spaces; a task is a result when its searchable
 * string (text, labels, plan, units, themes) contains every term. One- and two-character
 * terms are looked up directly; longer terms are checked for consecutive bigrams using the
 * positions the index stores, so results and facet counts are exact. The state (q and the
 * filters) lives in the URL's query string. Content is put into the page with textContent
 * only, never as HTML.
 */
(function () {
  "use strict";

  /* The script runs from the search page's <head> (async), before the page's elements exist:
     it requests the query's index files at once and searches when the result list is in the page. */
  var script = document.currentScript;
  if (!script || !script.hasAttribute("data-index")) return;
  var BASE = script.getAttribute("data-index");
  /* the shard count, also in meta: with it the posting shards are fetched alongside meta */
  var SHARDS = Number(script.getAttribute("data-shards")) || 0;
  var FACETS = ["plan", "year", "theme", "kind", "unit"];
  var FACET_NAMES = { plan: "计划", year: "年份", theme: "主题", kind: "单位类别", unit: "责任单位" };
  var PAGE = 10;
  var SEPARATOR = "\u0001";

  /* ---- the same normalisation and hashing as search_index.py ---- */
  function normalChar(c) {
    var n = c.normalize("NFKC").toLowerCase();
    return Array.from(n).length === 1 ? n : c.toLowerCase();
  }
  function normalise(text) {
    var out = "";
    Array.from(text).forEach(function (c) { if (!/\s/.test(c)) out += normalChar(c); });
    return out;
  }
  function shardOf(key, shards) {
    var h = 0x811c9dc5;
    Array.from(key).forEach(function (c) { h = Math.imul(h ^ c.codePointAt(0), 0x01000193) >>> 0; });
    return h % shards;
  }

  /* ---- loading gzip-compressed JSON; a host that already inflated it is fine too ---- */
  var cache = {};
  function load(path) {
    if (!cache[path]) {
      cache[path] = fetch(BASE + path).then(function (response) {
        if (!response.ok) throw new Error(path + ": " + response.status);
        return response.arrayBuffer();
      }).then(function (buffer) {
        var bytes = new Uint8Array(buffer);
        if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new TextDecoder().decode(bytes);
        var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
        return new Response(stream).text();
      }).then(JSON.parse);
    }
    return cache[path];
  }

  /* ---- matching ---- */
  function postings(key, meta) {
    return load("p/" + shardOf(key, meta.shards) + ".json.gz").then(function (shard) {
      var flat = shard[key] || [], out = new Map(), rid = 0;
      for (var i = 0; i < flat.length; i += 2) { rid += flat[i]; out.set(rid, flat[i + 1]); }
      return out;
    });
  }
  function positions(key, meta) {
    return Promise.all([postings(key, meta), load("x/" + shardOf(key, meta.shards) + ".json.gz")])
      .then(function (both) {
        /* per record, in postings order: its text length, then (weight >> 1) position deltas */
        var flat = both[1][key] || [], i = 0, out = new Map();
        both[0].forEach(function (weight, rid) {
          var textLength = flat[i++], p = 0, at = new Set();
          for (var n = weight >> 1; n > 0; n--) { p += flat[i++]; at.add(p); }
          out.set(rid, { textLength: textLength, at: at });
        });
        return out;
      });
  }
  /* rid → {tf, outside} for one normalised term */
  function matchTerm(term, meta) {
    var chars = Array.from(term);
    if (chars.length <= 2) {
      return postings(term, meta).then(function (map) {
        var out = new Map();
        map.forEach(function (w, rid) { out.set(rid, { tf: w >> 1, outside: (w & 1) === 1 }); });
        return out;
      });
    }
    var grams = [];
    for (var i = 0; i + 1 < chars.length; i++) grams.push(chars[i] + chars[i + 1]);
    return Promise.all(grams.map(function (g) { return positions(g, meta); })).then(function (maps) {
      var out = new Map();
      maps[0].forEach(function (starts, rid) {
        if (!maps.every(function (m) { return m.has(rid); })) return;
        var tf = 0, outside = false;
        starts.at.forEach(function (p) {
          for (var k = 1; k < maps.length; k++) if (!maps[k].get(rid).at.has(p + k)) return;
          tf += 1;
          if (p >= starts.textLength) outside = true;
        });
        if (tf) out.set(rid, { tf: tf, outside: outside });
      });
      return out;
    });
  }
  function terms(q) {
    return q.split(/\s+/).map(normalise).filter(function (t) { return t && t.indexOf(SEPARATOR) < 0; });
  }
  /* every record containing all terms, with a score: occurrences, and hits in labels, units, themes, titles */
  function matchAll(ts, meta) {
    if (!ts.length) {
      var all = new Map();
      for (var r = 0; r < meta.records; r++) all.set(r, 0);
      return Promise.resolve(all);
    }
    return Promise.all(ts.map(function (t) { return matchTerm(t, meta); })).then(function (maps) {
      maps.sort(function (a, b) { return a.size - b.size; });
      var out = new Map();
      maps[0].forEach(function (_, rid) {
        if (!maps.every(function (m) { return m.has(rid); })) return;
        var score = 0;
        maps.forEach(function (m) { var hit = m.get(rid); score += Math.min(hit.tf, 5) + (hit.outside ? 4 : 0); });
        out.set(rid, score);
      });
      return out;
    });
  }

  /* ---- facets ---- */
  function planOf(rid, meta) {
    var lo = 0, hi = meta.plans.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (meta.plans[mid].first <= rid) lo = mid; else hi = mid - 1;
    }
    return meta.plans[lo];
  }
  function facetValues(rid, meta, facets) {
    var plan = planOf(rid, meta);
    var units = facets.units[rid];
    var kinds = {};
    units.forEach(function (u) { var k = facets.unitTable[u].kind; if (k >= 0) kinds[meta.kinds[k].id] = true; });
    return {
      plan: [plan.id],
      year: plan.years.map(String),
      theme: facets.themes[rid].map(function (t) { return meta.themes[t].id; }),
      kind: Object.keys(kinds),
      unit: units.map(function (u) { return facets.unitTable[u].id; }),
    };
  }
  function labels(meta, facets) {
    var out = { plan: {}, year: {}, theme: {}, kind: {}, unit: {} };
    meta.plans.forEach(function (p) { out.plan[p.id] = p.title.indexOf(p.j) >= 0 ? p.title : p.title + "（" + p.j + "）"; p.years.forEach(function (y) { out.year[y] = y + "年"; }); });
    meta.themes.forEach(function (t) { out.theme[t.id] = t.name; });
    meta.kinds.forEach(function (k) { out.kind[k.id] = k.name; });
    facets.unitTable.forEach(function (u) { out.unit[u.id] = u.name + "（" + u.j + "）"; });
    return out;
  }

  /* ---- the state in the URL ---- */
  function readState() {
    var params = new URLSearchParams(location.search), state = { q: params.get("q") || "" };
    FACETS.forEach(function (f) { state[f] = params.get(f) || ""; });
    return state;
  }
  function stateUrl(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FACETS.forEach(function (f) { if (state[f]) params.set(f, state[f]); });
    var s = params.toString();
    return location.pathname + (s ? "?" + s : "");
  }
  function withFacet(state, facet, value) {
    var next = Object.assign({}, state);
    next[facet] = value;
    return next;
  }

  /* ---- rendering (DOM built with textContent only) ---- */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function stateLink(state, text, className) {
    var a = el("a", className, text);
    a.href = stateUrl(state);
    a.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      history.pushState(null, "", a.href);
      run();
    });
    return a;
  }
  /* ranges [start, end) of the original text where a term occurs (whitespace ignored) */
  function hitRanges(text, ts) {
    var chars = Array.from(text), norm = [], index = [];
    chars.forEach(function (c, i) { if (!/\s/.test(c)) { norm.push(normalChar(c)); index.push(i); } });
    var joined = norm.join(""), ranges = [];
    ts.forEach(function (t) {
      var tl = Array.from(t).length, from = 0, at;
      var normChars = norm;
      /* search on the array of characters so indices stay in characters */
      while ((at = indexOfChars(normChars, Array.from(t), from)) >= 0) {
        ranges.push([index[at], index[at + tl - 1] + 1]);
        from = at + 1;
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push(r.slice());
    });
    return { chars: chars, ranges: merged, joined: joined };
  }
  function indexOfChars(hay, needle, from) {
    outer: for (var i = from; i + needle.length <= hay.length; i++) {
      for (var k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
      return i;
    }
    return -1;
  }
  function snippet(text, ts) {
    var found = hitRanges(text, ts), chars = found.chars, ranges = found.ranges;
    var start = 0, end = chars.length, LIMIT = 160;
    if (chars.length > LIMIT) {
      start = ranges.length ? Math.max(0, ranges[0][0] - 40) : 0;
      end = Math.min(chars.length, start + LIMIT);
    }
    var p = el("p", "search-snippet");
    if (start > 0) p.appendChild(document.createTextNode("…"));
    var pos = start;
    ranges.forEach(function (r) {
      if (r[1] <= start || r[0] >= end) return;
      var a = Math.max(r[0], start), b = Math.min(r[1], end);
      if (a > pos) p.appendChild(document.createTextNode(chars.slice(pos, a).join("")));
      p.appendChild(el("mark", "", chars.slice(a, b).join("")));
      pos = b;
    });
    if (pos < end) p.appendChild(document.createTextNode(chars.slice(pos, end).join("")));
    if (end < chars.length) p.appendChild(document.createTextNode("…"));
    return p;
  }
  function resultItem(rid, shown, meta, ts) {
    var plan = planOf(rid, meta);
    var li = el("li", "search-result");
    var head = el("p", "search-result-head");
    var link = el("a", "search-result-link");
    link.href = plan.url + "#" + shown.id;
    link.appendChild(el("span", "search-result-ref", shown.ref));
    if (shown.title) link.appendChild(el("span", "search-result-title", shown.title));
    head.appendChild(link);
    li.appendChild(head);
    li.appendChild(el("p", "search-result-plan", plan.title + " · " + plan.j));
    li.appendChild(snippet(shown.text || shown.title, ts));
    if (shown.roles.length) {
      var units = el("ul", "search-result-units");
      units.setAttribute("aria-label", "责任单位");
      shown.roles.forEach(function (r) { units.appendChild(el("li", "", r[0] + "（" + r[1] + "）")); });
      li.appendChild(units);
    }
    if (shown.themes.length) {
      var list = el("ul", "search-result-themes");
      list.setAttribute("aria-label", "主题");
      shown.themes.forEach(function (name) { list.appendChild(el("li", "", name)); });
      li.appendChild(list);
    }
    return li;
  }
  /* what each of these records shows: a promise per record, its chunk requested at once */
  function shownRecords(rids, meta) {
    return rids.map(function (rid) {
      return load("r/" + Math.floor(rid / meta.chunk) + ".json.gz").then(function (chunk) { return chunk[rid % meta.chunk]; });
    });
  }
  function renderFacets(state, counts, meta, facets) {
    var box = document.getElementById("search-facets"), names = labels(meta, facets);
    box.textContent = "";
    FACETS.forEach(function (f) {
      var values = Object.keys(counts[f]);
      if (state[f] && values.indexOf(state[f]) < 0) values.push(state[f]);
      if (!values.length) return;
      values.sort(function (a, b) { return counts[f][b] - counts[f][a] || (names[f][a] || a).localeCompare(names[f][b] || b, "zh"); });
      var group = el("section", "search-facet");
      group.setAttribute("data-facet", f);
      group.appendChild(el("h2", "search-facet-name", FACET_NAMES[f]));
      var list = el("ul", "search-facet-values");
      values.forEach(function (v) {
        var item = el("li", v === state[f] ? "selected" : "");
        var label = names[f][v] || v;
        var link = stateLink(withFacet(state, f, v === state[f] ? "" : v), "", "search-facet-value");
        link.setAttribute("data-value", v);
        link.appendChild(el("span", "search-facet-label", label));
        link.appendChild(el("span", "search-facet-count", String(counts[f][v] || 0)));
        if (v === state[f]) {
          link.setAttribute("aria-current", "true");  /* a link to the state without it, not a toggle button */
          link.title = "取消筛选：" + label;
        }
        item.appendChild(link);
        list.appendChild(item);
      });
      group.appendChild(list);
      box.appendChild(group);
    });
  }

  /* ---- one search: from the state in the URL to the page ---- */
  var generation = 0;
  function run() {
    var state = readState(), mine = ++generation;
    var input = document.getElementById("search-q");
    if (document.activeElement !== input) input.value = state.q;
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var ts = terms(state.q);
    var filtered = FACETS.some(function (f) { return state[f]; });
    if (!ts.length && !filtered) {
      list.textContent = "";
      document.getElementById("search-facets").textContent = "";
      status.textContent = "输入词语搜索各计划的任务，如 明厨亮灶、晋城海关、HACCP；多个词用空格分开。";
      return Promise.resolve();
    }
    status.textContent = "正在搜索……";
    box().setAttribute("aria-busy", "true");
    var early = SHARDS && ts.length ? matchAll(ts, { shards: SHARDS }) : null;  // matching needs only shards
    return load("meta.json.gz").then(function (meta) {
      if (meta.shards !== SHARDS) early = null;
      return Promise.all([early || matchAll(ts, meta), filtered ? load("facets.json.gz") : null]).then(function (both) {
        if (mine !== generation) return;
        var scores = both[0], facets = both[1];
        var hits = ranked(scores);
        if (facets) hits = hits.filter(function (rid) { return passes(rid, state, meta, facets); });
        return showPage(hits, 0, meta, ts, state, true).then(function () {
          return facets || load("facets.json.gz");
        }).then(function (facets) {
          if (mine !== generation) return;
          renderFacets(state, count(hits, meta, facets), meta, facets);
          box().removeAttribute("aria-busy");
        });
      });
    }).catch(function (error) {
      status.textContent = "搜索索引无法载入：" + error.message;
    });
  }
  function box() { return document.getElementById("search-facets"); }
  /* record ids, best score first, then in document order */
  function ranked(scores) {
    return Array.from(scores.keys()).sort(function (a, b) { return scores.get(b) - scores.get(a) || a - b; });
  }
  /* Request what run() will need for the first page of results while the page still loads;
     load() keeps each file's promise, so run() finds them fetched or on the way. */
  function prefetch(state) {
    var ts = terms(state.q);
    if (!ts.length || !SHARDS || FACETS.some(function (f) { return state[f]; })) return;
    Promise.all([load("meta.json.gz"), matchAll(ts, { shards: SHARDS })]).then(function (both) {
      if (both[0].shards === SHARDS) return Promise.all(shownRecords(ranked(both[1]).slice(0, PAGE), both[0]));
    }).catch(function () { /* run() reports a file that does not load */ });
  }
  function whenPresent(id, then) {
    if (document.getElementById(id)) return then();
    var observer = new MutationObserver(function () {
      if (!document.getElementById(id)) return;
      observer.disconnect();
      then();
    });
    observer.observe(document.documentElement, { childList: true, subtree: true });
  }
  function passes(rid, state, meta, facets) {
    var values = facetValues(rid, meta, facets);
    return FACETS.every(function (f) { return !state[f] || values[f].indexOf(state[f]) >= 0; });
  }
  /* for each facet value, how many of the results have it */
  function count(hits, meta, facets) {
    var counts = {};
    FACETS.forEach(function (f) { counts[f] = {}; });
    hits.forEach(function (rid) {
      var values = facetValues(rid, meta, facets);
      FACETS.forEach(function (f) { values[f].forEach(function (v) { counts[f][v] = (counts[f][v] || 0) + 1; }); });
    });
    return counts;
  }
  /* One page of results. The count is known from the postings, so the status comes first; each
     result is added, in order, as soon as its chunk has arrived (the chunks load in parallel). */
  function showPage(hits, from, meta, ts, state, fresh) {
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var mine = generation;
    var page = hits.slice(from, from + PAGE);
    if (fresh) list.textContent = "";
    var old = document.getElementById("search-more");
    if (old) old.remove();
    var words = state.q.trim();
    if (!hits.length) {
      status.textContent = words ? "没有找到与“" + words + "”相符的任务。" : "没有符合所选筛选条件的任务。";
    } else {
      status.textContent = (words ? "“" + words + "”：" : "") + "找到 " + hits.length + " 项任务" +
        (hits.length > from + page.length ? "，显示前 " + (from + page.length) + " 项" : "") + "。";
    }
    var shown = Promise.resolve();
    shownRecords(page, meta).forEach(function (record, i) {
      shown = shown.then(function () { return record; }).then(function (record) {
        if (mine === generation) list.appendChild(resultItem(page[i], record, meta, ts));
      });
    });
    return shown.then(function () {
      if (mine !== generation || hits.length <= from + page.length) return;
      var more = el("button", "search-more", "显示更多结果");
      more.id = "search-more";
      more.type = "button";
      more.addEventListener("click", function () { showPage(hits, from + PAGE, meta, ts, state, false); });
      list.parentNode.insertBefore(more, list.nextSibling);
    });
  }

  prefetch(readState());
  window.plansSearch = { normalise: normalise, shardOf: shardOf, run: run };
  /* the result list comes last in the search page's body: the form and status are there too */
  whenPresent("search-results", function () {
    document.getElementById("search-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var state = readState();
      state.q = document.getElementById("search-q").value.trim();
      history.pushState(null, "", stateUrl(state));
      run();
    });
    window.addEventListener("popstate", run);
    run();
  });
})();
