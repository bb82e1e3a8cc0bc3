/* Reading on a phone: 字号 (font size), 已读 (read) marks and 继续阅读 (continue reading).
   Everything is kept in this device's localStorage; nothing is sent anywhere.
   A classic deferred script so that it also runs when the site is opened from file://. */
(function () {
  "use strict";
  var root = document.documentElement;
  var FONT = "xl-font", READ = "xl-read", LAST = "xl-last", RESUME = "xl-resume";
  var SIZES = 5, DEFAULT_SIZE = 1, KEEP = 3000, UNFINISHED = 5;

  // Storage may be blocked (privacy settings, file:// in some browsers): every access is guarded,
  // and every value read back is checked, since anything may have been stored under our keys.
  function load(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function save(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode or full: reading still works */ }
  }
  function loadJson(key) {
    try { return JSON.parse(load(key)); } catch (e) { return null; }
  }
  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }
  // xl-read: { path: time read } — anything else counts as nothing read.
  function loadRead() {
    var stored = loadJson(READ), read = {};
    if (!isObject(stored)) return read;
    Object.keys(stored).forEach(function (key) {
      var time = stored[key];
      if (typeof time === "number" && isFinite(time) && time > 0) read[key] = time;
    });
    return read;
  }
  // xl-last: the articles not read to the end, newest first, as { url, title, y } with y between 0 and 1
  // (an older version kept one such object); entries that are anything else are dropped.
  function lastEntry(stored) {
    if (!isObject(stored) || typeof stored.url !== "string") return null;
    var y = typeof stored.y === "number" && isFinite(stored.y) ? Math.min(1, Math.max(0, stored.y)) : 0;
    return { url: stored.url, title: typeof stored.title === "string" ? stored.title : "", y: y };
  }
  function loadUnfinished() {
    var stored = loadJson(LAST);
    return (Array.isArray(stored) ? stored : [stored]).map(lastEntry).filter(Boolean).slice(0, UNFINISHED);
  }
  function session(method, key, value) {
    try { return window.sessionStorage[method](key, value); } catch (e) { return null; }
  }
  // A page is known by its path, so a mark survives query strings, anchors and relative links.
  function pageKey(url) {
    return new URL(url, location.href).pathname;
  }
  function samePage(url, key) {
    try { return pageKey(url) === key; } catch (e) { return false; }
  }
  // 继续阅读 offers only articles not read to the end: finishing one takes it off the list.
  function keepUnfinished(key, entry) {
    var list = loadUnfinished().filter(function (other) { return !samePage(other.url, key); });
    if (entry) list.unshift(entry);
    save(LAST, JSON.stringify(list.slice(0, UNFINISHED)));
  }

  // --- 字号 ---------------------------------------------------------------------
  function fontLevel() {
    var level = parseInt(load(FONT), 10);
    return isNaN(level) ? DEFAULT_SIZE : Math.min(SIZES - 1, Math.max(0, level));
  }
  function showFont(level) {
    root.setAttribute("data-xl-font", String(level));
    var buttons = document.querySelectorAll("[data-xl-font-step]");
    for (var i = 0; i < buttons.length; i++) {
      var step = parseInt(buttons[i].getAttribute("data-xl-font-step"), 10);
      buttons[i].disabled = (step < 0 && level === 0) || (step > 0 && level === SIZES - 1);
    }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-xl-font-step]");
    if (!button) return;
    var level = Math.min(SIZES - 1, Math.max(0, fontLevel() + parseInt(button.getAttribute("data-xl-font-step"), 10)));
    save(FONT, String(level));
    showFont(level);
  });
  showFont(fontLevel());

  // --- 已读 and the last page read ------------------------------------------------
  var read = loadRead();
  var article = document.querySelector("article.xl-item");
  if (article) {
    var here = pageKey(location.href);
    var heading = article.querySelector("h1");
    var last = { url: location.href.split("#")[0], title: heading ? heading.textContent.trim() : document.title, y: 0 };
    var pending = false;
    var finished = !!read[here]; // read to the end before: never offered as 继续阅读 again

    var markRead = function () {
      read = loadRead();
      if (!read[here]) {
        read[here] = Date.now();
        var keys = Object.keys(read);
        if (keys.length > KEEP) {
          keys.sort(function (a, b) { return read[a] - read[b]; });
          for (var i = 0; i < keys.length - KEEP; i++) delete read[keys[i]];
        }
        save(READ, JSON.stringify(read));
      }
      article.classList.add("xl-item--read");
      finished = true;
      keepUnfinished(here, null);
    };
    var check = function () {
      pending = false;
      var height = document.documentElement.scrollHeight - window.innerHeight;
      last.y = height > 0 ? Math.round((window.scrollY / height) * 1000) / 1000 : 0;
      if (article.getBoundingClientRect().bottom <= window.innerHeight + 40) {
        if (!article.classList.contains("xl-item--read")) markRead();
      } else if (!finished) keepUnfinished(here, last);
    };
    var resume = session("getItem", RESUME);
    if (resume !== null && resume !== undefined) {
      session("removeItem", RESUME);
      var saved = loadUnfinished().filter(function (entry) { return samePage(entry.url, here); })[0];
      if (saved) {
        last.y = saved.y;
        window.scrollTo(0, last.y * (document.documentElement.scrollHeight - window.innerHeight));
      }
    }
    window.addEventListener("scroll", function () {
      if (!pending) { pending = true; window.requestAnimationFrame(check); }
    }, { passive: true });
    window.addEventListener("load", check);
    check();
  }

  var cards = document.querySelectorAll("li.xl-card[data-xl-page]");
  for (var c = 0; c < cards.length; c++) {
    if (!read[pageKey(cards[c].getAttribute("data-xl-page"))]) continue;
    cards[c].classList.add("xl-card--read");
    var meta = cards[c].querySelector(".xl-card__meta");
    if (meta && !meta.querySelector(".xl-badge--read")) {
      var badge = document.createElement("span");
      badge.className = "xl-badge xl-badge--read";
      badge.textContent = "已读";
      meta.appendChild(badge);
    }
  }

  // --- 继续阅读 on the home page ----------------------------------------------------
  var box = document.querySelector("[data-xl-continue]");
  var lastRead = box && loadUnfinished().filter(function (entry) {
    try { return !read[pageKey(entry.url)]; } catch (e) { return false; }
  })[0];
  if (lastRead) {
    var target;
    try { target = new URL(lastRead.url); } catch (e) { target = null; }
    if (target && /^(https?|file):$/.test(target.protocol) && target.origin === location.origin) {
      var link = box.querySelector("a");
      link.href = target.href;
      box.querySelector(".xl-continue__title").textContent = String(lastRead.title || "");
      link.addEventListener("click", function () {
        session("setItem", RESUME, "1");
      });
      box.hidden = false;
    }
  }
})();
