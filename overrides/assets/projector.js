/* 放映模式 (classic script: works from file:// too). Loaded by article.js at the first tap on 放映.
   Slides: the title (with a large QR code), then the h2 sections of the article. Every slide fits
   the screen: a section too long for one slide continues on 续页 slides that repeat its heading
   with a "（续）" mark; it is cut between blocks, list items, table rows and, for a very long
   paragraph, between sentences. Only a piece that cannot be cut is set smaller (down to MIN_SCALE).
   Keys: → ↓ PageDown Space Enter next; ← ↑ PageUp Backspace previous; Home/End; Esc leaves.
   Tap or click the right two thirds of the screen for next, the left third for previous. */
(function () {
  "use strict";

  var SKIP = ".xl-tools, .xl-no-slide, .xl-print-footer, .xl-screen-only, .xl-tags, .xl-neighbours, .xl-draft, script, style, link, nav";
  var MIN_SCALE = 0.8;
  var BLOCK = /^(ADDRESS|ARTICLE|ASIDE|BLOCKQUOTE|DD|DETAILS|DIV|DL|DT|FIELDSET|FIGCAPTION|FIGURE|FOOTER|FORM|H[1-6]|HEADER|HR|LI|MAIN|OL|P|PRE|SECTION|TABLE|TBODY|TFOOT|THEAD|TR|UL)$/;
  var CONTAINER = /^(OL|UL|DL|TABLE|TBODY|THEAD|TFOOT)$/;
  var KEEP_WITH_NEXT = /^(H3|H4|H5|H6|DT)$/;
  // Where a long paragraph may be cut: after a sentence, or failing that after a comma.
  var CUTS = [/[。！？；!?;…]+[”’」』）)"']*/g, /[，、,：:]+/g];

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
    box.appendChild(el("p", "", svg ? (document.querySelector("[data-xl-qr] .xl-qr__url") || {}).textContent : window.xlTools.here()));
    return box;
  }

  // --- the article as sections: {title, head: [nodes above the content], blocks: [nodes]} ----------

  function sectionsOf(article) {
    var title = { title: true, head: [], blocks: [] };
    var sections = [title];
    var current = title;

    function walk(parent) {
      Array.prototype.forEach.call(parent.children, function (child) {
        if (child.matches(SKIP)) return;
        if (child.tagName === "H1" && current === title) {
          title.head.push(child);
          title.heading = child;
        } else if (child.tagName === "H2") {
          current = { head: [child], heading: child, blocks: [] };
          sections.push(current);
        } else if (child.querySelector("h2")) {
          walk(child);
        } else if (current === title && !title.heading) {
          title.head.push(child); // the kicker above the title
        } else {
          current.blocks.push(child);
        }
      });
    }
    walk(article);
    return sections;
  }

  function cleanClone(node, deep) {
    var copy = node.cloneNode(deep);
    if (copy.nodeType !== 1) return copy;
    copy.removeAttribute("id");
    if (deep) {
      Array.prototype.forEach.call(copy.querySelectorAll(SKIP), function (skipped) { skipped.remove(); });
      Array.prototype.forEach.call(copy.querySelectorAll("[id]"), function (node) { node.removeAttribute("id"); });
      Array.prototype.forEach.call(copy.querySelectorAll("img[loading]"), function (img) { img.loading = "eager"; });
    }
    return copy;
  }

  // --- cutting a piece that does not fit on an empty slide -----------------------------------------

  // A leaf is what is placed on a slide in one go: nodes of the article (or cut text) and the chain
  // of the article's elements around them, which a slide re-creates as shallow copies.
  function leaf(nodes, chain, level) {
    return { nodes: nodes, chain: chain, level: level || 0 };
  }

  function meaningful(node) {
    return node.nodeType === 1 ? !node.matches(SKIP) : node.nodeType === 3 && node.data.trim() !== "";
  }

  // In running text a space between two inline elements counts.
  function inlinePart(node) {
    return node.nodeType === 3 || (node.nodeType === 1 && !node.matches(SKIP));
  }

  function isContainer(node) {
    if (CONTAINER.test(node.tagName)) return true;
    return Array.prototype.some.call(node.children, function (child) { return BLOCK.test(child.tagName); });
  }

  function cutText(text, level) {
    var pattern = CUTS[level];
    var pieces = [];
    var last = 0;
    var match;
    pattern.lastIndex = 0;
    while ((match = pattern.exec(text))) {
      var end = match.index + match[0].length;
      if (end > last && end < text.length) {
        pieces.push(text.slice(last, end));
        last = end;
      }
    }
    pieces.push(text.slice(last));
    return pieces.filter(function (piece) { return piece !== ""; });
  }

  // Runs of inline nodes, each ending at a cut inside a text node.
  function runs(nodes, level) {
    var out = [[]];
    nodes.forEach(function (node) {
      if (node.nodeType !== 3) return out[out.length - 1].push(node);
      cutText(node.data, level).forEach(function (piece, n, all) {
        out[out.length - 1].push(document.createTextNode(piece));
        if (n < all.length - 1) out.push([]);
      });
    });
    return out.filter(function (run) { return run.length; });
  }

  function split(piece) {
    var nodes = piece.nodes;
    if (nodes.length === 1 && nodes[0].nodeType === 1 && isContainer(nodes[0])) {
      var chain = piece.chain.concat([nodes[0]]);
      var kids = Array.prototype.filter.call(nodes[0].childNodes, meaningful).filter(function (kid) {
        return !/^(CAPTION|COLGROUP|THEAD)$/.test(kid.tagName); // repeated by every copy of the table
      });
      return kids.length ? kids.map(function (kid) { return leaf([kid], chain); }) : null;
    }
    var inner = nodes.length === 1 && nodes[0].nodeType === 1;
    var parts = inner ? Array.prototype.filter.call(nodes[0].childNodes, inlinePart) : nodes;
    var around = inner ? piece.chain.concat([nodes[0]]) : piece.chain;
    for (var level = piece.level; level < CUTS.length; level++) {
      var pieces = runs(parts, level);
      if (pieces.length > 1 || (inner && pieces.length === 1)) {
        return pieces.map(function (run) { return leaf(run, around, level); });
      }
    }
    return null;
  }

  // --- slides ----------------------------------------------------------------------------------------

  function Slide(stage, section, part, qr) {
    var node = (this.node = el("section", "xl-slide" + (qr ? " xl-slide--title" : "")));
    node.setAttribute("aria-roledescription", "幻灯片");
    var text = (this.text = el("div", "xl-slide__text"));
    var head = el("div", "xl-slide__head");
    (part ? [section.heading].filter(Boolean) : section.head).forEach(function (original) {
      var copy = head.appendChild(cleanClone(original, true));
      if (part && original === section.heading) copy.appendChild(el("span", "xl-slide__cont", "（续）"));
    });
    text.appendChild(head);
    this.body = text.appendChild(el("div", "xl-slide__body"));
    node.appendChild(text);
    if (qr) node.appendChild(qrPanel());
    this.section = section;
    this.part = part;
    this.qr = !!qr;
    this.open = []; // [{original, copy}] from the outermost element still open at the end of the body
    this.placed = [];
    stage.appendChild(node);
  }

  Slide.prototype.place = function (piece) {
    var open = this.open;
    var k = 0;
    while (k < open.length && k < piece.chain.length && open[k].original === piece.chain[k]) k++;
    var record = { piece: piece, open: open.slice(), created: null, added: [] };
    open.length = k;
    var parent = k ? open[k - 1].copy : this.body;
    for (var i = k; i < piece.chain.length; i++) {
      var copy = shallowCopy(piece.chain[i], piece.chain[i + 1] || piece.nodes[0]);
      parent.appendChild(copy);
      if (!record.created) record.created = copy;
      open.push({ original: piece.chain[i], copy: copy });
      parent = copy;
    }
    piece.nodes.forEach(function (node) { record.added.push(parent.appendChild(cleanClone(node, true))); });
    this.placed.push(record);
  };

  function keptWithNext(record) {
    var nodes = record ? record.piece.nodes : [];
    return nodes.length === 1 && KEEP_WITH_NEXT.test(nodes[0].tagName || "");
  }

  // Something besides headings that wait for their text.
  Slide.prototype.hasContent = function () {
    return this.placed.some(function (record) { return !keptWithNext(record); });
  };

  Slide.prototype.undo = function () {
    var record = this.placed.pop();
    (record.created ? [record.created] : record.added).forEach(function (node) { node.remove(); });
    this.open = record.open;
    return record.piece;
  };

  Slide.prototype.fits = function () {
    var node = this.node;
    var box = node.getBoundingClientRect();
    var style = getComputedStyle(node);
    var top = box.top + parseFloat(style.paddingTop) - 1;
    var bottom = box.bottom - parseFloat(style.paddingBottom) + 1;
    if (node.scrollWidth > node.clientWidth + 1 || this.text.scrollWidth > this.text.clientWidth + 1) return false;
    return Array.prototype.every.call(node.children, function (child) {
      var rect = child.getBoundingClientRect();
      return rect.top >= top && rect.bottom <= bottom;
    });
  };

  Slide.prototype.shrink = function () {
    for (var scale = 0.9; !this.fits() && scale >= MIN_SCALE - 0.001; scale -= 0.1) {
      this.node.style.fontSize = Math.round(scale * 100) + "%";
    }
  };

  function shallowCopy(original, child) {
    var copy = cleanClone(original, false);
    if (original.tagName === "OL" && child && child.tagName === "LI") {
      var items = Array.prototype.filter.call(original.children, function (kid) { return kid.tagName === "LI"; });
      copy.start = (original.start || 1) + Math.max(0, items.indexOf(child));
    }
    if (original.tagName === "TABLE") {
      Array.prototype.forEach.call(original.children, function (kid) {
        if (/^(CAPTION|COLGROUP|THEAD)$/.test(kid.tagName) && kid !== child) copy.appendChild(cleanClone(kid, true));
      });
    }
    return copy;
  }

  // Fill slides greedily; a piece that does not fit on an empty slide is cut, or set smaller.
  function paginate(stage, sections) {
    var slides = [];
    sections.forEach(function (section) {
      var slide = new Slide(stage, section, 0, section.title);
      var queue = section.blocks.map(function (block) { return leaf([block], []); });
      function next() {
        slide.node.hidden = true;
        slides.push(slide);
        slide = new Slide(stage, section, slide.part + 1, false);
      }
      while (queue.length) {
        var piece = queue.shift();
        slide.place(piece);
        if (slide.fits()) continue;
        slide.undo();
        if (slide.hasContent() || slide.qr) {
          // A heading or a term is not left alone at the bottom: it moves on with what follows.
          if (keptWithNext(slide.placed[slide.placed.length - 1])) queue.unshift(slide.undo());
          queue.unshift(piece);
          next();
          continue;
        }
        var pieces = split(piece);
        if (pieces) {
          queue = pieces.concat(queue);
          continue;
        }
        slide.place(piece);
        slide.shrink();
        if (queue.length) next();
      }
      slide.node.hidden = true;
      slides.push(slide);
    });
    slides.forEach(function (slide, n) {
      var following = slides[n + 1];
      slide.continues = !!following && following.section === slide.section;
    });
    return slides;
  }

  // --- the projector ---------------------------------------------------------------------------------

  function Projector(article) {
    this.sections = sectionsOf(article);
    this.slides = [];
    this.index = 0;
    var root = (this.root = el("div", "xl-projector"));
    root.setAttribute("role", "dialog");
    root.setAttribute("aria-modal", "true");
    root.setAttribute("aria-label", "放映模式");
    root.tabIndex = -1;
    var stage = (this.stage = el("div", "xl-projector__stage"));
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
    button("‹", "上一页", function () { self.step(-1); });
    this.count = el("span", "xl-projector__count");
    this.count.setAttribute("aria-live", "polite");
    bar.appendChild(this.count);
    button("›", "下一页", function () { self.step(1); });
    this.more = el("span", "xl-projector__more", "下页续");
    this.more.hidden = true;
    bar.appendChild(this.more);
    button("二维码", "显示本页二维码", function () { big.hidden = !big.hidden; });
    button("退出", "退出放映", function () { self.close(); });
    root.appendChild(stage);
    root.appendChild(bar);

    stage.addEventListener("click", function (event) {
      if (event.target.closest("a, button, summary, input, audio, video")) return;
      if (!big.hidden) { big.hidden = true; return; }
      var box = stage.getBoundingClientRect();
      self.step(event.clientX - box.left < box.width / 3 ? -1 : 1);
    });
    this.onKey = function (event) { self.key(event); };
    this.onFullscreen = function () {
      if (!document.fullscreenElement && self.wasFullscreen) self.close();
      self.wasFullscreen = !!document.fullscreenElement;
    };
    var pending = null;
    function later(force) {
      clearTimeout(pending);
      pending = setTimeout(function () { self.layout(force); }, 120);
    }
    this.onResize = function () { later(false); };
    stage.addEventListener("load", function (event) {
      if (/^(IMG|VIDEO)$/.test(event.target.tagName)) later(true); // a picture's real size is known
    }, true);
  }

  // Cut the article into slides for the stage's size; again only when that size changed (entering
  // full screen, turning a tablet) or a picture's size became known.
  Projector.prototype.layout = function (force) {
    var size = this.stage.clientWidth + "x" + this.stage.clientHeight;
    if (this.slides.length && size === this.size && !force) return;
    this.size = size;
    var was = this.slides[this.index];
    this.slides.forEach(function (slide) { slide.node.remove(); });
    this.slides = paginate(this.stage, this.sections);
    var self = this;
    function partsOf(section) {
      return self.slides.filter(function (slide) { return slide.section === section; });
    }
    this.slides.forEach(function (slide) { slide.parts = partsOf(slide.section).length; });
    var index = 0;
    if (was) {
      // The same section, at the same share of its way through.
      var same = partsOf(was.section);
      index = this.slides.indexOf(same[Math.min(same.length - 1, Math.round((was.part / was.parts) * same.length))]);
    }
    this.go(Math.max(0, index));
  };

  Projector.prototype.open = function () {
    document.body.appendChild(this.root);
    document.documentElement.classList.add("xl-projecting");
    document.addEventListener("keydown", this.onKey);
    document.addEventListener("fullscreenchange", this.onFullscreen);
    window.addEventListener("resize", this.onResize);
    this.layout();
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
    window.removeEventListener("resize", this.onResize);
    if (document.fullscreenElement && document.exitFullscreen) document.exitFullscreen().catch(function () {});
    this.root.remove();
    document.documentElement.classList.remove("xl-projecting");
    if (this.opener) this.opener.focus();
  };

  Projector.prototype.go = function (index) {
    this.index = Math.max(0, Math.min(this.slides.length - 1, index));
    var current = this.slides[this.index];
    this.slides.forEach(function (slide) { slide.node.hidden = slide !== current; });
    current.node.scrollTop = 0;
    this.count.textContent = this.index + 1 + " / " + this.slides.length;
    this.more.hidden = !current.continues;
    this.root.setAttribute("data-slide", String(this.index + 1));
  };

  // Next or previous: what a slide still hides (only a piece too big even when set smaller) is
  // scrolled into view before the next slide comes.
  Projector.prototype.step = function (direction) {
    var node = this.slides[this.index].node;
    var page = Math.max(40, node.clientHeight * 0.8);
    if (direction > 0 && node.scrollTop + node.clientHeight < node.scrollHeight - 4) {
      node.scrollTop += page;
    } else if (direction < 0 && node.scrollTop > 0) {
      node.scrollTop -= page;
    } else {
      this.go(this.index + direction);
    }
  };

  Projector.prototype.key = function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var next = ["ArrowRight", "ArrowDown", "PageDown", "Enter"];
    var previous = ["ArrowLeft", "ArrowUp", "PageUp", "Backspace"];
    if (event.key === " ") {
      this.step(event.shiftKey ? -1 : 1);
    } else if (next.indexOf(event.key) >= 0) {
      this.step(1);
    } else if (previous.indexOf(event.key) >= 0) {
      this.step(-1);
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
    window.xlTools.ensureQr(function () {
      var projector = new Projector(article);
      projector.opener = button;
      projector.open();
    });
  }

  window.xlProjector = { start: start };
})();
