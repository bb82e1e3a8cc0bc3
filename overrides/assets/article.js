/* The tools of a page's article, the light part loaded with every page that has them; the heavy
   parts are fetched at first use (with article.css):
   - 放映 (projector.js), 二维码 (the page's address, drawn by vendor/qrcode.js when the build had
     no site_url) and 打印, under the title of items and sessions and on the printable sheets;
   - on item pages (units, cases, culture): a tapped picture opens in viewer.js, and the 朗读 button
     shows when this device has a Chinese voice that works offline (never a network voice), loading
     readaloud.js when it is tapped.
   Classic scripts added with <script> tags, so that they also run when the site is opened from file://. */
(function () {
  "use strict";
  var BASE = ((document.currentScript || {}).src || "").replace(/article\.js([?#].*)?$/, "");
  var OPENERS = "a.xl-figure__open, a.xl-original";
  var SPEAKER = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" style="width:1.15em;height:1.15em;margin-right:0.3em;flex:none;fill:currentColor"><path d="M3 9v6h4l5 5V4L7 9H3zm13.5 3A4.5 4.5 0 0 0 14 7.97v8.05A4.5 4.5 0 0 0 16.5 12zM14 3.23v2.06a7 7 0 0 1 0 13.42v2.06A9 9 0 0 0 14 3.23z"/></svg>';
  var loading = {};

  // Load article.css and assets/<name>.js once, then call `done` (at once if already loaded).
  function need(name, done) {
    var entry = loading[name];
    if (entry === true) return done();
    if (entry) return entry.push(done);
    var waiting = (loading[name] = [done]), pending = 1;
    var ready = function () {
      if (--pending > 0) return;
      loading[name] = true;
      for (var i = 0; i < waiting.length; i++) waiting[i]();
    };
    if (!loading.css) {
      pending++;
      loading.css = document.createElement("link");
      loading.css.rel = "stylesheet";
      loading.css.href = BASE + "article.css";
      loading.css.onload = loading.css.onerror = function () { loading.cssDone = true; ready(); };
      document.head.appendChild(loading.css);
    } else if (!loading.cssDone) {
      pending++;
      loading.css.addEventListener("load", ready);
      loading.css.addEventListener("error", ready);
    }
    var script = document.createElement("script");
    script.src = BASE + name + ".js";
    script.onload = ready;
    script.onerror = function () { loading[name] = undefined; };
    document.head.appendChild(script);
  }

  // --- 放映 / 二维码 / 打印 ---------------------------------------------------------------------------
  var each = function (selector, f) { Array.prototype.forEach.call(document.querySelectorAll(selector), f); };

  function here() {
    return location.href.split("#")[0];
  }

  // Without site_url the build cannot know the page's address, so the QR code is drawn from
  // location.href by a vendored encoder, downloaded only when someone asks for the code.
  function ensureQr(done) {
    var panel = document.querySelector("[data-xl-qr]");
    if (!panel || panel.querySelector("svg") || !BASE) return done();
    if (window.qrcode) { drawQr(panel); return done(); }
    var script = document.createElement("script");
    script.src = BASE + "vendor/qrcode.js";
    script.onload = function () { drawQr(panel); done(); };
    script.onerror = function () { done(); };
    document.head.appendChild(script);
  }

  function drawQr(panel) {
    var code = window.qrcode(0, "M");
    code.addData(here());
    code.make();
    // The encoder's SVG holds only the modules' geometry: no text from the page or the URL.
    var holder = document.createElement("div");
    holder.innerHTML = code.createSvgTag({ cellSize: 4, margin: 4, scalable: true });
    var svg = holder.querySelector("svg");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "本页地址的二维码");
    panel.insertBefore(svg, panel.firstChild);
    var note = panel.querySelector(".xl-qr__note");
    if (note) note.hidden = true;
  }

  window.xlTools = { here: here, ensureQr: ensureQr };
  each("[data-xl-projector]", function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      need("projector", function () { window.xlProjector.start(button); });
    });
  });
  each("[data-xl-print]", function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  each("[data-xl-here]", function (node) { node.textContent = here(); });
  each("details.xl-qr", function (details) {
    details.addEventListener("toggle", function () { if (details.open) ensureQr(function () {}); });
  });

  // Pictures and 朗读 are for the reading pages, not for a session's agenda and sheets.
  var article = document.querySelector("article.xl-item:not(.xl-session-page)");
  if (!article) return;

  // --- pictures ----------------------------------------------------------------------------------
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest && event.target.closest(OPENERS);
    if (!link || !link.querySelector("img") || !article.contains(link)) return;
    event.preventDefault();
    need("viewer", function () { window.xlViewer.open(link); });
  });

  // --- 朗读 -----------------------------------------------------------------------------------------
  var synth = window.speechSynthesis, voice = null, button = null;
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") return;

  function rank(candidate) {
    if (candidate.localService === false) return 99; // a network voice would send the text away
    var lang = String(candidate.lang || "").replace(/_/g, "-").toLowerCase();
    if (lang === "zh-cn" || lang === "cmn-cn" || lang === "zh-hans-cn" || lang === "cmn-hans-cn") return 0;
    if (/^(zh-hans|cmn)/.test(lang) || lang === "zh") return 1;
    if (/^zh-(tw|hant)/.test(lang)) return 2;
    if (/^(zh|yue)/.test(lang)) return 3;
    return 99;
  }

  function checkVoices() {
    var voices = (synth.getVoices && synth.getVoices()) || [], best = null, bestRank = 99;
    for (var i = 0; i < voices.length; i++) {
      var r = rank(voices[i]);
      if (r < bestRank) { best = voices[i]; bestRank = r; }
    }
    if (best) {
      voice = best;
      showButton();
    }
  }

  function showButton() {
    if (button) return;
    button = document.createElement("button");
    button.type = "button";
    button.className = "xl-tool xl-aloud__start";
    button.setAttribute("data-xl-aloud", "");
    button.innerHTML = SPEAKER + "<span>朗读</span>";
    button.addEventListener("click", function () {
      need("readaloud", function () { window.xlAloud.toggle(voice, button); });
    });
    var tools = article.querySelector(".xl-tools");
    var after = article.querySelector(".xl-meta") || article.querySelector("h1");
    if (tools) tools.insertBefore(button, tools.firstChild);
    else after.parentNode.insertBefore(button, after.nextSibling);
  }

  // Voices arrive late in Chrome (voiceschanged) and without an event in some Android browsers.
  if (synth.addEventListener) synth.addEventListener("voiceschanged", checkVoices);
  else synth.onvoiceschanged = checkVoices;
  checkVoices();
  setTimeout(checkVoices, 800);
  setTimeout(checkVoices, 3000);
})();
