/* The plans index as a document finder: filter the shown plans by jurisdiction, 发文机关, year,
 * 文号, 有效性 and 公开属性, sort by date, with the counts. The rows come from the JSON the form
 * carries in data-plans (generator/pages/plan_finder.py); the state lives in the URL. Text goes in with
 * textContent only. */
(() => {
  "use strict";
  const form = document.getElementById("plan-finder");
  if (!form || !form.dataset.plans) return;
  const plans = JSON.parse(form.dataset.plans);
  const count = document.getElementById("plan-finder-count");
  const results = document.getElementById("plan-finder-results");
  const CHOICES = { j: (p) => [p.j], issuer: (p) => (p.issuer ? [p.issuer] : []), year: (p) => p.years.map(String),
    validity: (p) => (p.validity ? [p.validity] : []), disclosure: (p) => [p.disclosure] };
  const el = (tag, text) => { const n = document.createElement(tag); if (text !== undefined) n.textContent = text; return n; };
  const params = new URLSearchParams(location.search);

  /* each select lists its values with how many plans have them */
  Object.entries(CHOICES).forEach(([name, values]) => {
    const select = form.elements[name], tally = new Map();
    plans.forEach((p) => values(p).forEach((v) => tally.set(v, (tally.get(v) || 0) + 1)));
    if (!tally.size && name === "validity") { form.querySelector("[data-optional=validity]").hidden = true; return; }
    select.appendChild(new Option("全部（" + plans.length + "）", ""));
    Array.from(tally.keys()).sort((a, b) => (name === "year" ? b.localeCompare(a) : a.localeCompare(b, "zh")))
      .forEach((v) => select.appendChild(new Option(v + "（" + tally.get(v) + "）", v)));
  });
  Array.from(form.elements).forEach((field) => { if (field.name && params.has(field.name)) field.value = params.get(field.name); });

  /* a 文号 as typed: widths (NFKC), spaces and the kind of bracket aside, as search does
     (〔2023〕 = [2023] = （2023） = 【2023】) */
  const numberKey = (text) => text.normalize("NFKC").replace(/\s+/g, "").replace(/[[{【〔〖]/g, "(").replace(/[\]}】〕〗]/g, ")");
  function show() {
    const chosen = Object.fromEntries(Array.from(form.elements).filter((f) => f.name).map((f) => [f.name, f.value.trim()]));
    const number = numberKey(chosen.number);
    const shown = plans.filter((p) => Object.entries(CHOICES).every(([name, values]) => !chosen[name] || values(p).includes(chosen[name]))
      && (!number || numberKey(p.number).includes(number)));
    shown.sort((a, b) => (chosen.sort === "date-asc" ? 1 : -1) * ((a.date || "").localeCompare(b.date || "")));
    count.textContent = "共 " + plans.length + " 份文件，显示 " + shown.length + " 份。";
    const table = el("table"), head = el("tr");
    table.className = "plan-list stack";
    ["计划", "地区", "发文机关", "发文字号", "成文日期", "公开属性", "任务"].forEach((h) => { const th = el("th", h); th.scope = "col"; head.appendChild(th); });
    table.appendChild(el("thead")).appendChild(head);
    const body = table.appendChild(el("tbody"));
    shown.forEach((p) => {
      const tr = body.appendChild(el("tr")), link = el("a", p.title);
      link.href = p.url;
      tr.appendChild(el("td")).appendChild(link);
      [["地区", p.j], ["发文机关", p.issuer || "未载明"], ["发文字号", p.number || "未载明"], ["成文日期", p.date || "未载明"],
        ["公开属性", p.disclosure + (p.validity ? " · " + p.validity : "")], ["任务", String(p.tasks)]]
        .forEach(([label, text]) => { const td = tr.appendChild(el("td", text)); td.dataset.label = label; });
      tr.firstChild.dataset.label = "计划";
    });
    results.replaceChildren(table);
    const state = new URLSearchParams(Object.entries(chosen).filter(([k, v]) => v && !(k === "sort" && v === "date-desc")));
    history.replaceState(null, "", location.pathname + (state.toString() ? "?" + state : ""));
  }
  form.hidden = count.hidden = results.hidden = false;
  document.querySelectorAll("[data-finder-fallback]").forEach((s) => { s.hidden = true; });
  form.addEventListener("input", show);
  form.addEventListener("submit", (event) => event.preventDefault());
  show();
})();
