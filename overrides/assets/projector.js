/* 放映模式, 打印 and the page address for the QR panel (classic script: works from file:// too).
   Slides: the title (with a large QR code), then one slide per h2 section of the article.
   Keys: → ↓ PageDown Space Enter next; ← ↑ PageUp Backspace previous; Home/End; Esc leaves.
   Tap or click the right two thirds of the screen for next, the left third for previous. */
(function () {
  "use strict";

  // Without site_url the build cannot know the page's address, so the QR code is drawn here from
  // location.href by a vendored encoder, downloaded only when someone asks for the code.
  var ENCODER = ((document.currentScript || {}).src || "").replace(/projector\.js([?#].*)?$/, "vendor/qrcode.js");

  var SKIP = ".xl-tools, .xl-no-slide, .xl-print-footer, .xl-screen-only, .xl-tags, .xl-neighbours, .xl-draft, script, style, link, nav";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function qrPanel() {
    var svg = document.querySelector("[data-xl-qr] svg");
    var box = el("div", "xl-slide__qr");
    if (svg) box.appendChild(svg.cloneNode(true));
    box.appendChild(el("p", "", svg ? (document.querySelector("[data-xl-qr] .xl-qr__url") || {}).textContent : here()));
    return box;
  }

  function here() {
    return location.href.split("#")[0];
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

  function ensureQr(done) {
    var panel = document.querySelector("[data-xl-qr]");
    if (!panel || panel.querySelector("svg") || !ENCODER) return done();
    if (window.qrcode) { drawQr(panel); return done(); }
    var script = document.createElement("script");
    script.src = ENCODER;
    script.onload = function () { drawQr(panel); done(); };
    script.onerror = function () { done(); };
    document.head.appendChild(script);
  }

  function buildSlides(article) {
    var title = el("section", "xl-slide xl-slide--title");
    var text = el("div", "xl-slide__text");
    title.appendChild(text);
    title.appendChild(qrPanel());
    var slides = [title];
    var current = text;

    function walk(parent) {
      Array.prototype.forEach.call(parent.children, function (child) {
        if (child.matches(SKIP)) return;
        if (child.tagName === "H2") {
          var slide = el("section", "xl-slide");
          slides.push(slide);
          current = slide;
          current.appendChild(child.cloneNode(true));
        } else if (child.querySelector("h2")) {
          walk(child);
        } else {
          current.appendChild(child.cloneNode(true));
        }
      });
    }
    walk(article);
    return slides;
  }

  function Projector(article) {
    this.slides = buildSlides(article);
    this.index = 0;
    var root = (this.root = el("div", "xl-projector"));
    root.setAttribute("role", "dialog");
    root.setAttribute("aria-modal", "true");
    root.setAttribute("aria-label", "放映模式");
    root.tabIndex = -1;
    var stage = (this.stage = el("div", "xl-projector__stage"));
    this.slides.forEach(function (slide) { stage.appendChild(slide); });
    var big = (this.big = el("div", "xl-projector__bigqr"));
    big.hidden = true;
    Array.prototype.forEach.call(qrPanel().childNodes, function (node) { big.appendChild(node); });
    stage.appendChild(big);
    var bar = el("div", "xl-projector__bar");
    var self = this;
    function button(label, name, action) {
      var b = el("button", "", label);
      b.type = "button";
      b.setAttribute("aria-label", name);
      b.addEventListener("click", function (event) { event.stopPropagation(); action(); });
      bar.appendChild(b);
      return b;
    }
    button("‹", "上一页", function () { self.go(self.index - 1); });
    this.count = el("span", "xl-projector__count");
    this.count.setAttribute("aria-live", "polite");
    bar.appendChild(this.count);
    button("›", "下一页", function () { self.go(self.index + 1); });
    button("二维码", "显示本页二维码", function () { big.hidden = !big.hidden; });
    button("退出", "退出放映", function () { self.close(); });
    root.appendChild(stage);
    root.appendChild(bar);

    stage.addEventListener("click", function (event) {
      if (event.target.closest("a, button, summary, input, audio, video")) return;
      if (!big.hidden) { big.hidden = true; return; }
      var box = stage.getBoundingClientRect();
      self.go(event.clientX - box.left < box.width / 3 ? self.index - 1 : self.index + 1);
    });
    this.onKey = function (event) { self.key(event); };
    this.onFullscreen = function () {
      if (!document.fullscreenElement && self.wasFullscreen) self.close();
      self.wasFullscreen = !!document.fullscreenElement;
    };
  }

  Projector.prototype.open = function () {
    document.body.appendChild(this.root);
    document.documentElement.classList.add("xl-projecting");
    document.addEventListener("keydown", this.onKey);
    document.addEventListener("fullscreenchange", this.onFullscreen);
    this.go(0);
    this.root.focus();
    if (this.root.requestFullscreen) {
      try {
        var pending = this.root.requestFullscreen();
        if (pending && pending.catch) pending.catch(function () {});
      } catch (error) { /* full screen is a bonus: the overlay already fills the window */ }
    }
  };

  Projector.prototype.close = function () {
    document.removeEventListener("keydown", this.onKey);
    document.removeEventListener("fullscreenchange", this.onFullscreen);
    if (document.fullscreenElement && document.exitFullscreen) document.exitFullscreen().catch(function () {});
    this.root.remove();
    document.documentElement.classList.remove("xl-projecting");
    if (this.opener) this.opener.focus();
  };

  Projector.prototype.go = function (index) {
    this.index = Math.max(0, Math.min(this.slides.length - 1, index));
    var current = this.index;
    this.slides.forEach(function (slide, n) { slide.hidden = n !== current; });
    this.slides[current].scrollTop = 0;
    this.count.textContent = current + 1 + " / " + this.slides.length;
    this.root.setAttribute("data-slide", String(current + 1));
  };

  Projector.prototype.key = function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var next = ["ArrowRight", "ArrowDown", "PageDown", "Enter"];
    var previous = ["ArrowLeft", "ArrowUp", "PageUp", "Backspace"];
    if (event.key === " ") {
      this.go(this.index + (event.shiftKey ? -1 : 1));
    } else if (next.indexOf(event.key) >= 0) {
      this.go(this.index + 1);
    } else if (previous.indexOf(event.key) >= 0) {
      this.go(this.index - 1);
    } else if (event.key === "Home") {
      this.go(0);
    } else if (event.key === "End") {
      this.go(this.slides.length - 1);
    } else if (event.key === "Escape") {
      this.close();
    } else {
      return;
    }
    event.preventDefault();
  };

  function start(button) {
    var article = button.closest("article") || document.querySelector("article") || document.querySelector(".md-content__inner");
    if (!article) return;
    ensureQr(function () {
      var projector = new Projector(article);
      projector.opener = button;
      projector.open();
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-xl-projector]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { start(button); });
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-xl-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-xl-here]"), function (node) {
    node.textContent = here();
  });
  Array.prototype.forEach.call(document.querySelectorAll("details.xl-qr"), function (details) {
    details.addEventListener("toggle", function () { if (details.open) ensureQr(function () {}); });
  });
})();
