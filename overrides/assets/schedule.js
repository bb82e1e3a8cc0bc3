/* 学习安排 in the browser: the site is built in advance, so today's session is chosen here.
   The rule is the same as scripts/schedule/select.py: the sessions of the first session day
   on or after today; 今天学习 on the day, 本周学习 in the same Monday–Sunday week, else 下次学习.
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

  function updateCard(card, sessions, today) {
    var chosen = upcoming(sessions, today);
    var base = card.getAttribute("data-base") || ".";
    var body = card.querySelector("[data-xl-session-body]");
    card.querySelector("[data-xl-session-label]").textContent = chosen.length ? label(chosen[0].date, today) : "学习安排";
    while (body.firstChild) body.removeChild(body.firstChild);
    chosen.forEach(function (s) {
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
      body.appendChild(link);
    });
    if (!chosen.length) {
      var none = document.createElement("p");
      none.className = "xl-session-card__none";
      none.textContent = "近期没有学习安排。";
      body.appendChild(none);
    }
    card.setAttribute("data-today", today);
  }

  function markListing(list, sessions, today) {
    var next = upcoming(sessions, today);
    var nextDate = next.length ? next[0].date : null;
    Array.prototype.forEach.call(list.querySelectorAll("[data-date]"), function (item) {
      var day = item.getAttribute("data-date");
      var state = day < today ? "past" : day === nextDate ? "next" : "";
      item.classList.remove("xl-session--past", "xl-session--next");
      if (state) item.classList.add("xl-session--" + state);
      var badge = item.querySelector("[data-xl-badge]");
      if (badge) badge.textContent = state === "past" ? "已结束" : state === "next" ? label(day, today) : "";
    });
    list.setAttribute("data-today", today);
  }

  var data = window.XL_SCHEDULE || { sessions: [] };
  var today = iso(new Date());
  Array.prototype.forEach.call(document.querySelectorAll("[data-xl-session-card]"), function (card) {
    updateCard(card, data.sessions, today);
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-xl-schedule]"), function (list) {
    markListing(list, data.sessions, today);
  });
})();
