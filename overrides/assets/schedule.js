/* 学习安排 in the browser: the site is built in advance, so today's session is chosen here.
   The rules are those of scripts/schedule/select.py: the sessions of the first session day
   on or after today; 今天学习 on the day, 本周学习 in the same Monday–Sunday week, else 下次学习;
   上次学习 for recentDays after a session day; months whose sessions are over are folded.
   Data: window.XL_SCHEDULE from schedule/schedule-data.js (a classic script, so file:// works). */
(function () {
  "use strict";

  function iso(date) {
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return date.getFullYear() + "-" + two(date.getMonth() + 1) + "-" + two(date.getDate());
  }

  function parse(text) {
    var parts = text.split("-");
    return new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]));
  }

  function monday(text) {
    var date = parse(text);
    date.setDate(date.getDate() - ((date.getDay() + 6) % 7));
    return iso(date);
  }

  function upcoming(sessions, today) {
    var future = sessions.filter(function (s) { return s.date >= today; });
    if (!future.length) return [];
    var first = future.reduce(function (min, s) { return s.date < min ? s.date : min; }, future[0].date);
    return future.filter(function (s) { return s.date === first; });
  }

  // The sessions of the last session day in the `days` before today (上次学习).
  function recent(sessions, today, days) {
    var since = parse(today);
    since.setDate(since.getDate() - days);
    since = iso(since);
    var past = sessions.filter(function (s) { return s.date >= since && s.date < today; });
    if (!past.length) return [];
    var last = past.reduce(function (max, s) { return s.date > max ? s.date : max; }, past[0].date);
    return past.filter(function (s) { return s.date === last; });
  }

  // A month folded on the 学习安排 page: all its sessions are over (or, without any, it has ended).
  function monthIsPast(month, dates, today) {
    if (dates.length) return dates.every(function (day) { return day < today; });
    return month < today.slice(0, 7);
  }

  function label(day, today) {
    if (day === today) return "今天学习";
    if (monday(day) === monday(today)) return "本周学习";
    return "下次学习";
  }

  var WEEKDAYS = "日一二三四五六";

  // The card's lines: for whom (the branch first, not at the end of a long line), when, where and how.
  function describe(s) {
    var date = parse(s.date);
    var where = [];
    if (s.location) where.push(s.location);
    if (s.form) where.push(s.form);
    if (s.host) where.push("主讲人：" + s.host);
    var lines = [
      ["xl-session-card__who", s.audience],
      ["xl-session-card__meta", date.getFullYear() + "年" + (date.getMonth() + 1) + "月" + date.getDate() + "日 星期" + WEEKDAYS[date.getDay()] + (s.time ? " " + s.time : "")],
    ];
    if (where.length) lines.push(["xl-session-card__meta", where.join(" · ")]);
    return lines;
  }

  function sessionLink(s, base) {
    var link = document.createElement("a");
    link.className = "xl-session-card__link";
    link.href = base.replace(/\/$/, "") + "/" + s.url;
    var topic = document.createElement("strong");
    topic.className = "xl-session-card__topic";
    topic.textContent = s.topic;
    link.appendChild(topic);
    describe(s).forEach(function (line) {
      var span = document.createElement("span");
      span.className = line[0];
      span.textContent = line[1];
      link.appendChild(span);
    });
    return link;
  }

  function updateCard(card, data, today) {
    var chosen = upcoming(data.sessions, today);
    var base = card.getAttribute("data-base") || ".";
    var body = card.querySelector("[data-xl-session-body]");
    card.querySelector("[data-xl-session-label]").textContent = chosen.length ? label(chosen[0].date, today) : "学习安排";
    while (body.firstChild) body.removeChild(body.firstChild);
    chosen.forEach(function (s) { body.appendChild(sessionLink(s, base)); });
    if (!chosen.length) {
      var none = document.createElement("p");
      none.className = "xl-session-card__none";
      none.textContent = "近期没有学习安排。";
      body.appendChild(none);
    }
    var last = recent(data.sessions, today, data.recentDays || 0);
    var box = card.querySelector("[data-xl-session-recent]");
    if (box) {
      var list = box.querySelector("[data-xl-session-recent-body]");
      while (list.firstChild) list.removeChild(list.firstChild);
      last.forEach(function (s) { list.appendChild(sessionLink(s, base)); });
      box.hidden = !last.length;
    }
    card.setAttribute("data-today", today);
  }

  function markListing(list, sessions, today) {
    var next = upcoming(sessions, today);
    var nextDate = next.length ? next[0].date : null;
    var first = null;
    Array.prototype.forEach.call(list.querySelectorAll("[data-date]"), function (item) {
      var day = item.getAttribute("data-date");
      var state = day < today ? "past" : day === nextDate ? "next" : "";
      item.classList.remove("xl-session--past", "xl-session--next");
      if (state) item.classList.add("xl-session--" + state);
      if (state === "next" && !first) first = item;
      var badge = item.querySelector("[data-xl-badge]");
      if (badge) badge.textContent = state === "past" ? "已结束" : state === "next" ? label(day, today) : "";
    });
    // Months that are over are folded; the month of the next session is always open.
    Array.prototype.forEach.call(list.querySelectorAll("details[data-month]"), function (month) {
      var dates = Array.prototype.map.call(month.querySelectorAll("[data-date]"), function (item) { return item.getAttribute("data-date"); });
      var past = monthIsPast(month.getAttribute("data-month"), dates, today);
      month.classList.toggle("xl-month--past", past);
      month.open = !past || (!!first && month.contains(first));
    });
    Array.prototype.forEach.call(list.querySelectorAll("[data-xl-jump]"), function (jump) {
      jump.hidden = !first;
      if (first) jump.setAttribute("href", "#" + first.id);
    });
    list.setAttribute("data-today", today);
    return first;
  }

  // The page opens at the next session, unless the reader asked for a place (an #anchor) or the
  // browser is restoring one (reload, Back).
  function openAt(item) {
    if (!item || location.hash) return;
    var entry = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
    if (entry && entry.type !== "navigate") return;
    var box = item.getBoundingClientRect();
    if (box.top >= 0 && box.bottom <= window.innerHeight) return; // already in sight
    // From its month's heading when that still leaves the whole session in sight.
    var month = item.closest("details[data-month]");
    var heading = month ? month.querySelector("summary") : null;
    var room = window.innerHeight - 80;
    var target = heading && box.bottom - heading.getBoundingClientRect().top <= room ? heading : item;
    target.scrollIntoView({ block: "start" });
  }

  var data = window.XL_SCHEDULE || { sessions: [] };
  var today = iso(new Date());
  Array.prototype.forEach.call(document.querySelectorAll("[data-xl-session-card]"), function (card) {
    updateCard(card, data, today);
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-xl-schedule]"), function (list) {
    openAt(markListing(list, data.sessions, today));
  });
})();
