/*
 * 搜索 (1 of 2): the query rules and the highlighter — all that a page opened from a search
 * result needs (the search page loads this file, then search.js).
 *
 * - XL_SEARCH.text: normalise, queryTerms, findRanges, appendMarked, quoted. normalise and
 *   queryTerms are the rules of scripts/search/text.py; tests/test_search_parity.py checks the
 *   two against one table of cases.
 * - On a page whose address carries ?h=词语 (a result link): mark every occurrence in the page
 *   content, say how many in a bar, scroll to the first one in the body.
 *
 * A classic script (no modules): it must run from file:// (the USB build) as well.
 */
(function () {
  "use strict";

  var CJK = "\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uac00-\\ud7af\\u{20000}-\\u{3134f}";
  var WORD = "0-9a-z\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u024f\\u0370-\\u03ff\\u0400-\\u04ff";
  var SPACE = "\\x00-\\x20\\x7f-\\x9f\\u1680\\u2000-\\u200b\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff\\u{f0000}-\\u{10ffff}";
  var RUN = new RegExp("([" + CJK + "]+)|([" + WORD + "]+)|([^" + CJK + WORD + SPACE + "]+)", "gu");
  var SPACES = new RegExp("[" + SPACE + "]+", "u");
  var WORD_START = new RegExp("^[" + WORD + "]", "u");
  var QUOTE = /[\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b]/g;
  var STRAIGHT = { "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'" };
  var BLOCK = "p,div,li,ul,ol,h1,h2,h3,h4,h5,h6,tr,td,th,table,pre,blockquote,section,article,aside,dl,dt,dd,figure,figcaption,details,summary,header,footer,nav";
  // Page chrome the index leaves out: the highlighter leaves it alone too.
  var SKIP = "script,style,noscript,textarea,.xl-search-bar,.xl-neighbours,.xl-tools,.xl-session-links";

  var api = (window.XL_SEARCH = window.XL_SEARCH || {});
  var script = document.currentScript;

  /* What search compares: NFKC (full-width → half-width), lower case, straight quotes. */
  function normalise(text) {
    return text.normalize("NFKC").toLowerCase().replace(QUOTE, function (q) { return STRAIGHT[q]; });
  }

  /* A query's terms (AND): split at spaces; each term is its token list, repeats dropped.
     A token is a CJK character, a run of letters and digits, or one punctuation mark. */
  function queryTerms(query) {
    var terms = [], seen = {};
    normalise(query).split(SPACES).forEach(function (chunk) {
      var term = [], match;
      RUN.lastIndex = 0;
      while ((match = RUN.exec(chunk))) {
        if (match[2]) term.push(match[2]);
        else term.push.apply(term, Array.from(match[0]));
      }
      var key = term.join("\u0001");
      if (term.length && !seen[key]) {
        seen[key] = true;
        terms.push(term);
      }
    });
    return terms;
  }

  /* Normalised text with, for each of its UTF-16 units, the offset it came from. */
  function mapped(text) {
    var norm = "", from = [], i = 0;
    while (i < text.length) {
      var code = text.codePointAt(i);
      var width = code > 0xffff ? 2 : 1;
      var ch = text.slice(i, i + width);
      var out = code < 128 ? ch.toLowerCase() : code >= 0x4e00 && code <= 0x9fff ? ch : normalise(ch);
      for (var k = 0; k < out.length; k++) from.push(i);
      norm += out;
      i += width;
    }
    from.push(text.length);
    return { norm: norm, from: from };
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  /* One regex finding any of the terms the way the index matches them (words whole). */
  function termsPattern(terms) {
    var parts = terms.map(function (tokens) {
      var source = escapeRegExp(tokens.join(""));
      if (WORD_START.test(tokens[0])) source = "(?<![" + WORD + "])" + source;
      if (WORD_START.test(tokens[tokens.length - 1])) source += "(?![" + WORD + "])";
      return source;
    });
    parts.sort(function (a, b) { return b.length - a.length; });
    return new RegExp(parts.join("|"), "gu");
  }

  /* [start, end) ranges of the original text where a term matches. */
  function findRanges(text, terms) {
    if (!terms.length) return [];
    var m = mapped(text), pattern = termsPattern(terms), ranges = [], match;
    while ((match = pattern.exec(m.norm))) {
      if (!match[0].length) { pattern.lastIndex++; continue; }
      ranges.push([m.from[match.index], m.from[match.index + match[0].length]]);
    }
    return ranges;
  }

  /* Append text to parent with the ranges wrapped in <mark>. */
  function appendMarked(parent, text, ranges) {
    var at = 0;
    ranges.forEach(function (range) {
      if (range[0] < at) return;
      parent.appendChild(document.createTextNode(text.slice(at, range[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(range[0], range[1]);
      parent.appendChild(mark);
      at = range[1];
    });
    parent.appendChild(document.createTextNode(text.slice(at)));
  }

  /* “词语” for each word of a query; a word already in quotes keeps its own. */
  function quoted(query) {
    return query.trim().split(/\s+/).map(function (word) {
      return /^["\u201c\u2018'「『].*["\u201d\u2019'」』]$/.test(word) ? word : "\u201c" + word + "\u201d";
    }).join(" ");
  }

  api.text = { normalise: normalise, queryTerms: queryTerms, findRanges: findRanges, appendMarked: appendMarked, quoted: quoted };

  // --- highlight on the page a result opened ------------------------------------------------

  /* The content's text nodes and their concatenated text; blocks are kept apart by a line break. */
  function textOf(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentNode.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    var nodes = [], starts = [], text = "", block = null;
    while (walker.nextNode()) {
      var node = walker.currentNode, own = node.parentNode.closest(BLOCK);
      if (own !== block) {
        text += "\n";
        block = own;
      }
      nodes.push(node);
      starts.push(text.length);
      text += node.nodeValue;
    }
    return { nodes: nodes, starts: starts, text: text };
  }

  function highlightPage(query) {
    var terms = queryTerms(query);
    var root = document.querySelector(".md-content__inner") || document.body;
    if (!terms.length || !root) return;
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL("search.css", script.src).href;
    document.head.appendChild(css);
    var content = textOf(root), nodes = content.nodes, starts = content.starts;
    var ranges = findRanges(content.text, terms);
    var marks = [];
    for (var r = ranges.length - 1; r >= 0; r--) {
      for (var n = nodes.length - 1; n >= 0; n--) {
        var from = Math.max(ranges[r][0], starts[n]);
        var to = Math.min(ranges[r][1], starts[n] + nodes[n].nodeValue.length);
        if (from >= to) continue;
        var piece = nodes[n].splitText(from - starts[n]);
        piece.splitText(to - from);
        var mark = document.createElement("mark");
        mark.className = "xl-hit";
        piece.parentNode.replaceChild(mark, piece);
        mark.appendChild(piece);
        marks.unshift(mark);
      }
    }
    var bar = document.createElement("div");
    bar.className = "xl-search-bar";
    bar.setAttribute("role", "status");
    bar.setAttribute("data-count", String(ranges.length));
    var label = document.createElement("span");
    label.textContent = ranges.length ? "已标出 " + ranges.length + " 处 " + quoted(query) : "本页没有找到 " + quoted(query);
    bar.appendChild(label);
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "清除";
    close.addEventListener("click", function () {
      document.querySelectorAll("mark.xl-hit").forEach(function (mark) {
        mark.replaceWith(document.createTextNode(mark.textContent));
      });
      bar.remove();
    });
    bar.appendChild(close);
    root.insertBefore(bar, root.firstChild);
    var first = root.querySelector(".xl-body mark.xl-hit") || marks[0];
    if (first) first.scrollIntoView({ block: "center" });
  }

  function start() {
    if (document.getElementById("xl-search")) return; // the search page: search.js takes over
    var query = new URLSearchParams(location.search).get("h");
    if (query) highlightPage(query);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
