/* 宣教活动 in the browser: the site is built in advance, so every state that depends on the date is
   recomputed here from today's date. The rules are those of scripts/campaign/progress.py:
   - an activity is 未开始 before its start, 进行中 until its end, 已结束 after it;
   - a unit's cell: 已报送 / 逾期报送 by its record's date, else 未开始 / 未报送 / 逾期未报送;
   - 完成率 = on time / due (ended); ranked by 完成率, fewer 逾期未报送, more records, fewer 逾期报送.
   Data: attributes the build wrote on the elements (data-start, data-end, data-done). */
(function () {
  "use strict";

  var STATES = { done: "已报送", late: "逾期报送", waiting: "未开始", open: "未报送", overdue: "逾期未报送" };
  var SYMBOLS = { done: "✓", late: "迟", waiting: "·", open: "○", overdue: "✗" };
  var STATUS = { waiting: "未开始", running: "进行中", ended: "已结束" };

  function two(n) { return (n < 10 ? "0" : "") + n; }
  function iso(date) { return date.getFullYear() + "-" + two(date.getMonth() + 1) + "-" + two(date.getDate()); }
  function parse(text) { var p = text.split("-"); return new Date(Number(p[0]), Number(p[1]) - 1, Number(p[2])); }
  function chinese(text) { var d = parse(text); return d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日"; }
  function days(from, to) { return Math.round((parse(to) - parse(from)) / 86400000); }
  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  function status(start, end, today) {
    if (today < start) return "waiting";
    return today <= end ? "running" : "ended";
  }

  function cell(start, end, done, today) {
    if (done) return done <= end ? "done" : "late";
    if (today < start) return "waiting";
    return today <= end ? "open" : "overdue";
  }

  function percent(part, whole) { return whole ? Math.floor((part * 200 + whole) / (2 * whole)) : 100; }

  function markActivities(root, today) {
    all(root, "[data-xl-activity]").forEach(function (el) {
      var state = status(el.getAttribute("data-start"), el.getAttribute("data-end"), today);
      el.setAttribute("data-state", state);
      var label = el.hasAttribute("data-xl-status") ? el : el.querySelector("[data-xl-status]");
      if (label) label.textContent = STATUS[state];
    });
  }

  function markCells(root, today) {
    all(root, "[data-xl-cell]").forEach(function (el) {
      var state = cell(el.getAttribute("data-start"), el.getAttribute("data-end"), el.getAttribute("data-done"), today);
      el.setAttribute("data-state", state);
      el.className = el.className.replace(/xl-state--\w+/, "xl-state--" + state);
      if (el.hasAttribute("data-xl-symbol")) {
        el.textContent = SYMBOLS[state];
        el.title = el.getAttribute("data-name") + "：" + STATES[state];
      } else {
        el.textContent = STATES[state];
      }
    });
  }

  function moveToday(svg, today) {
    var line = svg.querySelector("[data-xl-today]");
    if (!line) return;
    var offset = days(svg.getAttribute("data-start"), today);
    if (offset < 0 || offset >= Number(svg.getAttribute("data-days"))) {
      line.style.display = "none";
      return;
    }
    var x = Number(svg.getAttribute("data-left")) + (offset + 0.5) * Number(svg.getAttribute("data-unit"));
    var width = svg.viewBox.baseVal.width;
    var stroke = line.querySelector("line");
    var text = line.querySelector("text");
    stroke.setAttribute("x1", x);
    stroke.setAttribute("x2", x);
    var end = x > width / 2;
    text.setAttribute("x", end ? x - 3 : x + 3);
    text.setAttribute("text-anchor", end ? "end" : "start");
    var d = parse(today);
    text.textContent = "今天 " + (d.getMonth() + 1) + "/" + d.getDate();
    line.style.display = "";
  }

  function score(row) {
    var s = { due: 0, on_time: 0, late: [], overdue: [], done: 0 };
    all(row, "[data-xl-cell]").forEach(function (el) {
      var state = el.getAttribute("data-state");
      var name = el.getAttribute("data-name");
      if (state === "done" || state === "late") s.done += 1;
      if (state === "late") s.late.push(name);
      if (state === "overdue") s.overdue.push(name);
      if (el.getAttribute("data-end") < row.today) {
        s.due += 1;
        if (state === "done") s.on_time += 1;
      }
    });
    s.rate = percent(s.on_time, s.due);
    s.key = [-s.rate, s.overdue.length, -s.done, s.late.length];
    return s;
  }

  function same(a, b) { return a.key.join() === b.key.join(); }

  function rerank(root, today) {
    var matrix = root.querySelector("[data-xl-matrix]");
    var ranking = root.querySelector("[data-xl-ranking]");
    if (!matrix || !ranking) return;
    var scores = all(matrix, "[data-xl-row]").map(function (row, index) {
      row.today = today;
      var s = score(row);
      s.unit = row.getAttribute("data-xl-row");
      s.index = index;
      return s;
    });
    scores.sort(function (a, b) {
      for (var i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return a.key[i] - b.key[i];
      return a.index - b.index;
    });
    var body = ranking.querySelector("tbody");
    var rows = {};
    all(body, "[data-xl-unit]").forEach(function (tr) { rows[tr.getAttribute("data-xl-unit")] = tr; });
    scores.forEach(function (s, n) {
      s.rank = n > 0 && same(scores[n - 1], s) ? scores[n - 1].rank : n + 1;
      var tr = rows[s.unit];
      if (!tr) return;
      var values = { rank: s.rank, due: s.due, on_time: s.on_time, late: s.late.length, overdue: s.overdue.length, rate: s.due ? s.rate + "%" : "—" };
      Object.keys(values).forEach(function (key) { tr.querySelector('[data-f="' + key + '"]').textContent = values[key]; });
      tr.classList.toggle("xl-ranking__behind", s.overdue.length > 0);
      body.appendChild(tr);
    });
    ranking.setAttribute("data-today", today);
    totals(root, scores, matrix);
    overdueList(root, scores);
  }

  function totals(root, scores, matrix) {
    var box = root.querySelector("[data-xl-totals]");
    if (!box) return;
    var sum = function (f) { return scores.reduce(function (n, s) { return n + f(s); }, 0); };
    var t = {
      units: scores.length,
      activities: all(matrix, "thead th").length - 1,
      due: sum(function (s) { return s.due; }),
      on_time: sum(function (s) { return s.on_time; }),
      late: sum(function (s) { return s.late.length; }),
      overdue: sum(function (s) { return s.overdue.length; }),
    };
    t.rate = percent(t.on_time, t.due) + "%";
    Object.keys(t).forEach(function (key) {
      var el = box.querySelector('[data-f="' + key + '"]');
      if (el) el.textContent = t[key];
    });
  }

  function overdueList(root, scores) {
    var list = root.querySelector("[data-xl-overdue-list]");
    if (!list) return;
    while (list.firstChild) list.removeChild(list.firstChild);
    scores.forEach(function (s) {
      if (!s.overdue.length && !s.late.length) return;
      var li = document.createElement("li");
      li.setAttribute("data-xl-unit", s.unit);
      var strong = document.createElement("strong");
      strong.textContent = s.unit;
      li.appendChild(strong);
      var parts = [];
      if (s.overdue.length) parts.push("逾期未报送 " + s.overdue.join("、"));
      if (s.late.length) parts.push("逾期报送 " + s.late.join("、"));
      li.appendChild(document.createTextNode("：" + parts.join("；")));
      list.appendChild(li);
    });
    if (!list.firstChild) {
      var none = document.createElement("li");
      none.className = "xl-overdue__none";
      none.textContent = "没有逾期的单位。";
      list.appendChild(none);
    }
  }

  var today = iso(new Date());
  all(document, "[data-xl-campaign]").forEach(function (root) {
    markActivities(root, today);
    markCells(root, today);
    all(root, "[data-xl-road]").forEach(function (svg) { moveToday(svg, today); });
    rerank(root, today);
    all(root, '[data-xl-date="today"]').forEach(function (el) { el.textContent = chinese(today); });
    all(root, "[data-xl-campaign-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    root.setAttribute("data-today", today);
  });
})();
