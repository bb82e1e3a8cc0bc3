/*
 * 搜索 (2 of 2): the search page — box, filters, results — over the index scripts/search writes.
 *
 * Loaded only by the search page, after search-mark.js (the query rules it shares with the
 * highlighter on a page opened from a result). Index files are classic scripts calling
 * XL_SEARCH.d(kind, id, data): a query loads the manifest once, then only the shards of its own
 * tokens and pairs, then the texts of the results it shows. The manifest's pages are named
 * columns (scripts/search/index.py COLUMNS): pages.url[id], pages.title[id] …
 */
(function () {
  "use strict";

  var ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ$_";
  var DIGIT = new Int8Array(128);
  for (var d = 0; d < ALPHABET.length; d++) DIGIT[ALPHABET.charCodeAt(d)] = d;
  var PAGE = 1048576; // 2^20: a pair's global position is page * PAGE + position
  var FLAG_BITS = 3, TITLE = 1, FIELD = 2, HEADING = 4; // a token's flags in its single-token postings
  var SHOWN = 20; // results per "显示更多"
  var EAGER = 6; // snippets fetched at once; the rest when scrolled into view

  var api = (window.XL_SEARCH = window.XL_SEARCH || {});
  var rules = api.text; // search-mark.js
  var queryTerms = rules.queryTerms, findRanges = rules.findRanges, appendMarked = rules.appendMarked;
  var store = { m: null, u: {}, b: {}, t: {} };
  var loading = {};
  var decoded = {};
  api.d = function (kind, id, data) {
    if (kind === "m") store.m = data;
    else store[kind][id] = data;
  };

  // --- index ------------------------------------------------------------------------

  function load(base, kind, id) {
    var key = kind + "/" + id;
    if (!loading[key]) {
      loading[key] = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = base + (kind === "m" ? "m.js" : kind + "/" + id + ".js");
        tag.onload = function () {
          resolve(kind === "m" ? store.m : store[kind][id]);
        };
        tag.onerror = function () {
          delete loading[key];
          reject(new Error(tag.src));
        };
        document.head.appendChild(tag);
      });
    }
    return loading[key];
  }

  function fnv1a(key) {
    var h = 0x811c9dc5;
    for (var ch of key) h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0;
    return h;
  }

  function shardOf(manifest, kind, key) {
    var own = manifest[kind + "o"];
    return Object.prototype.hasOwnProperty.call(own, key) ? "k" + own[key] : fnv1a(key) % manifest[kind];
  }

  function varints(text) {
    var values = [], value = 0, scale = 1;
    for (var i = 0; i < text.length; i++) {
      var digit = DIGIT[text.charCodeAt(i)];
      if (digit >= 32) {
        value += (digit - 32) * scale;
        scale *= 32;
      } else {
        values.push(value + digit * scale);
        value = 0;
        scale = 1;
      }
    }
    return values;
  }

  /* Map page → {count, flags} of one token (a CJK character, a word or a punctuation mark). */
  function unigram(key) {
    var cache = "u" + key;
    if (decoded[cache]) return decoded[cache];
    var shard = store.u[shardOf(store.m, "u", key)] || {};
    var values = varints(shard[key] || ""), hits = new Map(), page = -1;
    for (var i = 0; i + 1 < values.length; i += 2) {
      page += values[i] + 1;
      hits.set(page, { count: values[i + 1] >> FLAG_BITS, flags: values[i + 1] & ((1 << FLAG_BITS) - 1) });
    }
    return (decoded[cache] = hits);
  }

  /* Map page → sorted positions of one adjacent pair. */
  function pair(key) {
    var cache = "b" + key;
    if (decoded[cache]) return decoded[cache];
    var shard = store.b[shardOf(store.m, "b", key)] || {};
    var values = varints(shard[key] || ""), hits = new Map(), at = 0, page = -1, list = null;
    for (var i = 0; i < values.length; i++) {
      at += values[i];
      var p = Math.floor(at / PAGE);
      if (p !== page) {
        page = p;
        list = [];
        hits.set(page, list);
      }
      list.push(at - p * PAGE);
    }
    return (decoded[cache] = hits);
  }

  /* Offsets of the pairs that cover a term: 0, 2, 4 … and the last one. */
  function cover(tokens) {
    var offsets = [];
    for (var o = 0; o <= tokens.length - 2; o += 2) offsets.push(o);
    if (offsets[offsets.length - 1] !== tokens.length - 2) offsets.push(tokens.length - 2);
    return offsets;
  }

  function needed(terms) {
    var shards = [];
    terms.forEach(function (tokens) {
      if (tokens.length === 1) shards.push(["u", shardOf(store.m, "u", tokens[0])]);
      else cover(tokens).forEach(function (o) {
        shards.push(["b", shardOf(store.m, "b", tokens[o] + tokens[o + 1])]);
      });
    });
    return shards;
  }

  function contains(sorted, value) {
    var lo = 0, hi = sorted.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] === value) return true;
      if (sorted[mid] < value) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /* Map page → {count, title, field, heading, positions} for pages that contain the term exactly. */
  function evaluate(tokens) {
    var pages = store.m.pages, out = new Map();
    if (tokens.length === 1) {
      unigram(tokens[0]).forEach(function (hit, page) {
        out.set(page, {
          count: hit.count,
          title: !!(hit.flags & TITLE),
          field: !!(hit.flags & FIELD),
          heading: !!(hit.flags & HEADING),
          positions: null,
        });
      });
      return out;
    }
    var offsets = cover(tokens);
    var lists = offsets.map(function (o) { return pair(tokens[o] + tokens[o + 1]); });
    var smallest = lists.reduce(function (a, b) { return a.size <= b.size ? a : b; });
    smallest.forEach(function (unused, page) {
      var starts = lists[0].get(page);
      for (var k = 1; k < lists.length && starts; k++) {
        var others = lists[k].get(page), shift = offsets[k];
        starts = others ? starts.filter(function (p) { return contains(others, p + shift); }) : null;
      }
      if (!starts || !starts.length) return;
      var titleEnd = pages.title_end[page], fieldEnd = pages.field_end[page], headingEnd = pages.heading_end[page];
      out.set(page, {
        count: starts.length,
        title: starts[0] < titleEnd,
        field: starts.some(function (p) { return p >= titleEnd && p < fieldEnd; }),
        heading: starts.some(function (p) { return p >= fieldEnd && p < headingEnd; }),
        positions: starts,
      });
    });
    return out;
  }

  function nearest(sorted, value) {
    var lo = 0, hi = sorted.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] < value) lo = mid + 1;
      else hi = mid;
    }
    var best = Infinity;
    if (lo < sorted.length) best = sorted[lo] - value;
    if (lo > 0) best = Math.min(best, value - sorted[lo - 1]);
    return best;
  }

  /* Where each term is found at best: the title (1000), a field such as a tag or 当事人 (500), a
     heading (200), or only the body (0); summed over the terms. */
  function tier(hits) {
    return hits.reduce(function (total, hit) {
      return total + (hit.title ? 1000 : hit.field ? 500 : hit.heading ? 200 : 0);
    }, 0);
  }

  /* Within a tier: how often, and how close together the terms are. */
  function score(hits) {
    var total = 0;
    hits.forEach(function (hit) { total += 20 * Math.log2(1 + hit.count); });
    if (hits.length > 1 && hits.every(function (hit) { return hit.positions; })) {
      var span = Infinity;
      hits[0].positions.slice(0, 50).forEach(function (p) {
        var widest = 0;
        for (var k = 1; k < hits.length; k++) widest = Math.max(widest, nearest(hits[k].positions, p));
        span = Math.min(span, widest);
      });
      total += 100 / (1 + span / 8);
    }
    return total;
  }

  function search(terms) {
    var perTerm = terms.map(evaluate);
    var counts = perTerm.map(function (map) { return map.size; });
    var smallest = perTerm.reduce(function (a, b) { return a.size <= b.size ? a : b; });
    var results = [];
    smallest.forEach(function (unused, page) {
      var hits = [];
      for (var k = 0; k < perTerm.length; k++) {
        var hit = perTerm[k].get(page);
        if (!hit) return;
        hits.push(hit);
      }
      results.push({ page: page, tier: tier(hits), score: score(hits) });
    });
    // Study materials before help pages (a type's group); then the tier; in a tier, a material before
    // a page that lists materials (a type's rank: a 学习安排 session); then score, newer first.
    var pages = store.m.pages, types = store.m.types;
    var type = function (page) { return types[pages.type[page]]; };
    results.sort(function (a, b) {
      var ta = type(a.page), tb = type(b.page);
      return (
        ta.group - tb.group ||
        b.tier - a.tier ||
        ta.rank - tb.rank ||
        b.score - a.score ||
        pages.year[b.page] - pages.year[a.page] ||
        a.page - b.page
      );
    });
    return { results: results, counts: counts };
  }
  api.search = search;
  api.store = store;
  api.codec = { fnv1a: fnv1a, varints: varints }; // for tests/test_search_parity.py

  // --- the search page ----------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function SearchPage(root) {
    this.root = root;
    this.base = new URL(root.getAttribute("data-index"), location.href).href;
    this.input = root.querySelector(".xl-search__input");
    this.filtersBox = root.querySelector(".xl-search__filters");
    this.status = root.querySelector(".xl-search__status");
    this.list = root.querySelector(".xl-search__results");
    this.more = root.querySelector(".xl-search__more");
    try {
      this.tags = JSON.parse(root.getAttribute("data-tags") || "[]");
    } catch (error) {
      this.tags = [];
    }
    this.filters = { type: -1, facet: -1, year: 0 };
    this.run = 0;
    this.timer = 0;
    this.composing = false;
    var self = this;
    root.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      self.update(0);
    });
    // An input method composing pinyin (jiafeng → 家风) types letters first: search only what it commits.
    this.input.addEventListener("compositionstart", function () {
      self.composing = true;
      clearTimeout(self.timer);
      self.warm();
    });
    this.input.addEventListener("compositionend", function () {
      self.composing = false;
      self.started = performance.now();
      self.update(60);
    });
    this.input.addEventListener("input", function (event) {
      self.warm();
      if (self.composing || event.isComposing) return;
      self.started = performance.now();
      self.update(60);
    });
    var params = new URLSearchParams(location.search);
    this.input.value = params.get("q") || "";
    if (this.input.value) {
      this.started = performance.now();
      this.update(0);
    } else {
      this.showEmpty();
    }
    this.input.focus();
  }

  // The manifest starts loading at the first key, while pinyin is still being composed into 汉字.
  SearchPage.prototype.warm = function () {
    load(this.base, "m", 0).catch(function () {}); // a failure is reported by the query that needs it
  };

  SearchPage.prototype.update = function (delay) {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.query(); }, delay);
  };

  SearchPage.prototype.setState = function (state) {
    this.root.setAttribute("data-query", state === "idle" ? "" : this.input.value.trim());
    this.root.setAttribute("data-state", state);
  };

  SearchPage.prototype.query = function () {
    var self = this, text = this.input.value.trim(), run = ++this.run;
    var url = new URL(location.href);
    if (text) url.searchParams.set("q", text);
    else url.searchParams.delete("q");
    try {
      history.replaceState(null, "", url.href);
    } catch (error) {
      /* file:// in some browsers */
    }
    var terms = queryTerms(text);
    if (!terms.length) return this.showEmpty();
    this.setState("loading");
    load(this.base, "m", 0)
      .then(function () {
        return Promise.all(needed(terms).map(function (shard) { return load(self.base, shard[0], shard[1]); }));
      })
      .then(function () {
        if (run !== self.run) return;
        self.terms = terms;
        self.text = text;
        var found = search(terms);
        self.all = found.results;
        self.counts = found.counts;
        self.render();
      })
      .catch(function (error) {
        if (run !== self.run) return;
        self.clear();
        self.status.textContent = "搜索数据加载失败，请刷新页面再试。（" + error.message + "）";
        self.setState("error");
      });
  };

  SearchPage.prototype.clear = function () {
    this.list.textContent = "";
    this.more.textContent = "";
    this.filtersBox.textContent = "";
    this.filtersBox.hidden = true;
    this.status.textContent = "";
  };

  SearchPage.prototype.showEmpty = function () {
    this.clear();
    this.status.appendChild(el("p", null, "输入关键词，在学习单元、警示案例、孝廉文化、题库、学习安排和帮助中查找。多个词用空格分开，表示同时包含。"));
    this.appendTags(this.status, "按标签浏览：");
    this.setState("idle");
  };

  SearchPage.prototype.appendTags = function (parent, label) {
    if (!this.tags.length) return;
    var row = el("p", "xl-search__tags", label);
    this.tags.forEach(function (tag) {
      var link = el("a", null, tag[0]);
      link.href = tag[1];
      row.appendChild(link);
    });
    parent.appendChild(row);
  };

  SearchPage.prototype.matches = function (page) {
    var pages = store.m.pages, f = this.filters;
    return (
      (f.type < 0 || pages.type[page] === f.type) &&
      (f.facet < 0 || pages.facet[page] === f.facet) &&
      (!f.year || pages.year[page] === f.year)
    );
  };

  SearchPage.prototype.render = function () {
    var self = this;
    this.clear();
    this.shown = this.all.filter(function (result) { return self.matches(result.page); });
    if (this.all.length) this.renderFilters(); // no "全部 0" when nothing was found
    if (!this.shown.length) return this.showNone();
    this.status.textContent = "找到 " + this.shown.length + " 篇" + (this.shown.length < this.all.length ? "（共 " + this.all.length + " 篇，已筛选）" : "");
    this.count = 0;
    this.showMore();
    this.root.setAttribute("data-ms", String(Math.round(performance.now() - (this.started || performance.now()))));
    this.setState("done");
  };

  SearchPage.prototype.showMore = function () {
    var self = this, next = this.shown.slice(this.count, this.count + SHOWN);
    this.count += next.length;
    var run = this.run;
    var first = this.count === next.length;
    var pending = next.map(function (result, k) { return self.renderResult(result.page, first && k >= EAGER); });
    this.more.textContent = "";
    if (this.count < this.shown.length) {
      var button = el("button", "md-button xl-search__more-button", "显示更多（还有 " + (this.shown.length - this.count) + " 篇）");
      button.type = "button";
      button.addEventListener("click", function () { self.showMore(); });
      this.more.appendChild(button);
    }
    Promise.all(pending).then(function () {
      if (run === self.run) self.root.setAttribute("data-ms-snippets", String(Math.round(performance.now() - self.started)));
    });
  };

  SearchPage.prototype.renderResult = function (page, lazy) {
    var self = this, pages = store.m.pages, terms = this.terms, type = store.m.types[pages.type[page]];
    var item = el("li", "xl-search__hit");
    item.setAttribute("data-group", String(type.group));
    var link = el("a", "xl-search__title");
    link.href = pages.url[page] + "?h=" + encodeURIComponent(this.text);
    appendMarked(link, pages.title[page], findRanges(pages.title[page], terms));
    item.appendChild(link);
    var meta = [type.label];
    if (pages.facet[page] >= 0) meta.push(store.m.facets[pages.facet[page]]);
    if (pages.date[page]) meta.push(pages.date[page]);
    else if (pages.year[page]) meta.push(pages.year[page] + "年");
    item.appendChild(el("p", "xl-search__meta", meta.join(" · ")));
    var snippet = el("p", "xl-search__snippet", "…");
    item.appendChild(snippet);
    this.list.appendChild(item);
    var fill = function () {
      return load(self.base, "t", page).then(function (text) {
        snippet.textContent = "";
        self.fillSnippet(snippet, text || "", terms);
      }, function () {
        snippet.textContent = "";
      });
    };
    if (!lazy || !window.IntersectionObserver) return fill();
    var observer = new IntersectionObserver(function (entries) {
      if (!entries.some(function (entry) { return entry.isIntersecting; })) return;
      observer.disconnect();
      fill();
    }, { rootMargin: "200px" });
    observer.observe(item);
    return Promise.resolve();
  };

  /* The sentence around the first match, the matches marked; the page's start if none. */
  SearchPage.prototype.fillSnippet = function (node, text, terms) {
    var ranges = findRanges(text, terms), start = 0, end = Math.min(text.length, 90);
    if (ranges.length) {
      var first = ranges[0][0];
      var lineStart = text.lastIndexOf("\n", first) + 1;
      var lineEnd = text.indexOf("\n", first);
      if (lineEnd < 0) lineEnd = text.length;
      start = Math.max(lineStart, first - 30);
      end = Math.min(lineEnd, start + 90);
    } else {
      var stop = text.indexOf("\n", 0);
      end = Math.min(stop < 0 ? text.length : stop, 90);
    }
    var piece = text.slice(start, end);
    var inside = ranges
      .filter(function (r) { return r[0] >= start && r[1] <= end; })
      .map(function (r) { return [r[0] - start, r[1] - start]; });
    if (start > 0) node.appendChild(document.createTextNode("…"));
    appendMarked(node, piece.replace(/\n/g, " "), inside);
    if (end < text.length) node.appendChild(document.createTextNode("…"));
  };

  SearchPage.prototype.renderFilters = function () {
    var self = this, pages = store.m.pages, types = {}, facets = {}, years = {};
    this.all.forEach(function (result) {
      var type = pages.type[result.page], facet = pages.facet[result.page], year = pages.year[result.page];
      types[type] = (types[type] || 0) + 1;
      if (facet >= 0 && (self.filters.type < 0 || type === self.filters.type)) facets[facet] = (facets[facet] || 0) + 1;
      if (year) years[year] = (years[year] || 0) + 1;
    });
    var box = this.filtersBox;
    var chips = el("div", "xl-search__types");
    chips.setAttribute("role", "group");
    chips.setAttribute("aria-label", "内容类型");
    var chip = function (label, value, count) {
      var button = el("button", "xl-search__chip", label + " " + count);
      button.type = "button";
      button.setAttribute("data-type", String(value));
      button.setAttribute("aria-pressed", String(self.filters.type === value));
      button.addEventListener("click", function () {
        self.filters.type = value;
        self.filters.facet = -1;
        self.render();
      });
      chips.appendChild(button);
    };
    chip("全部", -1, this.all.length);
    store.m.types.forEach(function (type, index) {
      if (types[index]) chip(type.label, index, types[index]);
    });
    box.appendChild(chips);
    var selects = el("div", "xl-search__selects");
    var select = function (name, label, options, current, apply) {
      if (!options.length) return;
      var wrap = el("label", "xl-search__select", label + " ");
      var node = el("select");
      node.name = name;
      var all = el("option", null, "全部");
      all.value = "";
      node.appendChild(all);
      options.forEach(function (option) {
        var opt = el("option", null, option[1] + "（" + option[2] + "）");
        opt.value = String(option[0]);
        opt.selected = option[0] === current;
        node.appendChild(opt);
      });
      node.addEventListener("change", function () {
        apply(node.value === "" ? null : Number(node.value));
        self.render();
      });
      wrap.appendChild(node);
      selects.appendChild(wrap);
    };
    var facetOptions = Object.keys(facets).map(Number).sort(function (a, b) { return a - b; }).map(function (index) {
      return [index, store.m.facets[index], facets[index]];
    });
    select("facet", "类别／形式", facetOptions, this.filters.facet, function (value) {
      self.filters.facet = value == null ? -1 : value;
    });
    var yearOptions = Object.keys(years).map(Number).sort(function (a, b) { return b - a; }).map(function (year) {
      return [year, year + "年", years[year]];
    });
    select("year", "年份", yearOptions, this.filters.year, function (value) {
      self.filters.year = value || 0;
    });
    box.appendChild(selects);
    box.hidden = false;
  };

  SearchPage.prototype.showNone = function () {
    var self = this, status = this.status;
    var quoted = rules.quoted(this.terms.map(function (tokens) { return tokens.join(""); }).join(" "));
    var filtered = this.all.length > 0;
    status.appendChild(el("p", "xl-search__none", (filtered ? "当前筛选条件下没有" : "没有找到") + "包含 " + quoted + " 的内容。"));
    var tips = el("ul", "xl-search__tips");
    var tip = function (node) {
      var li = el("li");
      li.appendChild(node);
      tips.appendChild(li);
    };
    if (filtered) {
      var clear = el("button", "xl-search__link", "清除筛选，查看全部 " + this.all.length + " 篇");
      clear.type = "button";
      clear.addEventListener("click", function () {
        self.filters = { type: -1, facet: -1, year: 0 };
        self.render();
      });
      tip(clear);
    }
    if (this.terms.length > 1) {
      var each = this.terms.map(function (tokens, k) { return rules.quoted(tokens.join("")) + " " + self.counts[k] + " 篇"; });
      tip(document.createTextNode("减少关键词：多个词之间是“同时包含”的关系（" + each.join("，") + "）。"));
    }
    var longest = this.terms.reduce(function (a, b) { return b.length > a.length ? b : a; });
    if (longest.length > 2) {
      var shorter = longest.slice(0, 2).join("");
      var button = el("button", "xl-search__link", "换一个更短的词，例如 “" + shorter + "”");
      button.type = "button";
      button.addEventListener("click", function () {
        self.input.value = shorter;
        self.started = performance.now();
        self.update(0);
      });
      tip(button);
    } else {
      tip(document.createTextNode("换一个更短或更常用的词。"));
    }
    tip(document.createTextNode("检查是否有错别字，或换一种说法（例如“八项规定”“廉洁自律”）。"));
    status.appendChild(tips);
    this.appendTags(status, "也可以按标签浏览：");
    this.root.setAttribute("data-ms", String(Math.round(performance.now() - (this.started || performance.now()))));
    this.setState("none");
  };

  function start() {
    var root = document.getElementById("xl-search");
    if (root) api.page = new SearchPage(root);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
