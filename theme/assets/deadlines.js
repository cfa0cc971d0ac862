// Due dates on the reader's day (docs/reports.md). The pages carry each due date's state on the
// build's date (data-due, data-state); this script sets the state of the reader's day in Beijing
// time, with the rule of generator/progress.py: done stays done; before today: overdue; within
// data-soon days: upcoming; else later. On the deadlines page it also moves the rows between the
// three tables (they stay in date order: each table is a range of dates) and updates the counts;
// of a recurrence (data-series) only the latest past date is shown.
(function () {
  "use strict";
  var DAY = 86400000;
  var note = document.querySelector(".due-today[data-build]");
  if (!note) return;
  var soon = parseInt(note.getAttribute("data-soon"), 10) || 60;
  var now = Date.now() + 8 * 3600000; // Beijing is UTC+8 all year (no daylight saving since 1991)
  var today = iso(now);
  var horizon = iso(now + soon * DAY);
  var LABELS = {
    deadline: {overdue: "已过期限", upcoming: soon + "天内到期", later: "以后到期", done: "已完成或已调整"},
    obligation: {overdue: "未收录", upcoming: "未到期", later: "未到期", done: "已收录"}
  };

  function iso(ms) { return new Date(ms).toISOString().slice(0, 10); }
  function words(day) { var p = day.split("-"); return +p[0] + "年" + +p[1] + "月" + +p[2] + "日"; }
  function state(el) {
    var due = el.getAttribute("data-due");
    return el.getAttribute("data-state") === "done" ? "done"
      : due < today ? "overdue" : due <= horizon ? "upcoming" : "later";
  }

  var items = document.querySelectorAll("[data-due]");
  for (var i = 0; i < items.length; i++) {
    var el = items[i], value = state(el);
    if (el.getAttribute("data-state") !== value) el.setAttribute("data-state", value);
    var label = el.querySelector(".due-state");
    if (label) label.textContent = LABELS[el.getAttribute("data-kind") || "deadline"][value];
  }
  var todayTime = '<time datetime="' + today + '">' + words(today) + "</time>";
  var notes = document.querySelectorAll(".due-today[data-build]");
  for (var n = 0; n < notes.length; n++) {
    notes[n].innerHTML = "今天：" + todayTime + "（北京时间）。期限状态按今天计算；本页构建于" + words(notes[n].getAttribute("data-build")) + "。";
  }

  var page = document.querySelector(".deadlines-page");
  if (page) regroup(page);

  function regroup(page) {
    var tables = {overdue: "overdue-table", upcoming: "soon-table", later: "later-table"};
    var rows = page.querySelectorAll("tr[data-due]"), groups = {overdue: [], upcoming: [], later: []};
    var latest = {}, moved = false, r, row;
    for (r = 0; r < rows.length; r++) { // rows in date order: the last past one of a series wins
      row = rows[r];
      if (row.getAttribute("data-state") === "overdue" && row.hasAttribute("data-series")) {
        latest[row.getAttribute("data-series")] = row;
      }
    }
    for (r = 0; r < rows.length; r++) {
      row = rows[r];
      var group = row.getAttribute("data-state"), series = row.getAttribute("data-series");
      if (!groups[group]) continue;
      var hidden = group === "overdue" && series !== null && latest[series] !== row;
      if (row.hidden !== hidden) row.hidden = hidden;
      groups[group].push(row);
      if (row.parentNode.parentNode.id !== tables[group]) moved = true;
    }
    for (var key in tables) {
      var table = document.getElementById(tables[key]), list = groups[key], shown = 0;
      if (!table) continue;
      if (moved) { // move only the rows that change table, each to its place in date order
        var body = table.tBodies[0], cursor = body.firstElementChild;
        for (r = 0; r < list.length; r++) {
          while (cursor && cursor.getAttribute("data-state") !== key) cursor = cursor.nextElementSibling;
          if (cursor === list[r]) cursor = cursor.nextElementSibling;
          else body.insertBefore(list[r], cursor);
        }
      }
      for (r = 0; r < list.length; r++) if (!list[r].hidden) shown++;
      var wrap = table.parentNode, none = wrap.nextElementSibling;
      wrap.hidden = shown === 0;
      if (none && none.classList.contains("due-none")) none.hidden = shown > 0;
      var heading = wrap.previousElementSibling;
      while (heading && heading.tagName !== "H2") heading = heading.previousElementSibling;
      var count = heading && heading.querySelector(".due-count");
      if (count) count.textContent = String(shown);
    }
  }
})();
