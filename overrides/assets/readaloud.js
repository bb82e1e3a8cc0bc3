/* 朗读 (read aloud): the browser reads the article with one of this device's own Chinese voices
   (speechSynthesis, nothing is sent over the network), highlights the sentence being read and keeps
   it on screen. Pause/continue, stop, speed 0.75×–1.5×; a tap on a sentence while reading jumps there.
   article.js shows the 朗读 button when the device has an offline Chinese voice, and loads this
   script at the first tap. A classic script, so that it also runs when the site is opened from file://. */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var article = document.querySelector("article.xl-item");

  var RATES = [0.75, 1, 1.25, 1.5], RATE_KEY = "xl-aloud-rate", LONG = 80, PIECE = 50;
  var BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, figcaption, blockquote, td, th, pre, .xl-line";
  var SKIP = ".xl-tools, .xl-meta, .xl-kicker, .xl-tags, .xl-neighbours, .xl-print-footer, .xl-draft, " +
    ".xl-unit-quiz, sup, .footnote, .headerlink, script, style, noscript, [aria-hidden='true']";
  var SAYABLE = /[0-9A-Za-z\u3400-\u9fff\uf900-\ufaff]/;
  var ENDS = "。！？!?；;…", CLOSERS = "”’」』）)》〉\"'", PAUSES = "，、,：:";

  var voice = null, sentences = null, state = "idle", index = 0, turn = 0, failures = 0, current = null;
  var rate = loadRate(), startButton = null, bar = null, toggleButton = null;

  function loadRate() {
    var saved;
    try { saved = parseFloat(localStorage.getItem(RATE_KEY)); } catch (e) { saved = NaN; }
    return RATES.indexOf(saved) >= 0 ? saved : 1;
  }

  // --- sentences: the article's text, cut after 。！？； and wrapped in spans to highlight -------
  function collect() {
    var groups = [], group = null, node;
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, null);
    while ((node = walker.nextNode())) {
      var parent = node.parentElement;
      if (!parent || parent.closest(SKIP) || !parent.getClientRects().length) continue;
      var block = parent.closest(BLOCKS);
      if (!block || !article.contains(block)) block = parent;
      if (!group || group.block !== block) {
        group = { block: block, nodes: [] };
        groups.push(group);
      }
      group.nodes.push(node);
    }
    var list = [];
    for (var g = 0; g < groups.length; g++) wrapGroup(groups[g], list);
    return list;
  }

  function cutPoints(text, forced) {
    var cuts = [], i = 0;
    while (i < text.length) {
      var ch = text.charAt(i);
      if (ENDS.indexOf(ch) >= 0 || ch === "\n") {
        var j = i + 1;
        while (j < text.length && (ENDS.indexOf(text.charAt(j)) >= 0 || CLOSERS.indexOf(text.charAt(j)) >= 0)) j++;
        cuts.push(j);
        i = j;
      } else {
        i++;
      }
    }
    cuts = cuts.concat(forced, [text.length]).sort(function (a, b) { return a - b; });
    // Long sentences are cut again after a comma, so that the highlight follows the voice closely.
    var out = [], from = 0;
    for (var k = 0; k < cuts.length; k++) {
      var to = cuts[k];
      while (to - from > LONG) {
        var comma = -1;
        for (var c = from + PIECE; c > from + 10; c--) {
          if (PAUSES.indexOf(text.charAt(c - 1)) >= 0) { comma = c; break; }
        }
        if (comma < 0) break;
        out.push(comma);
        from = comma;
      }
      if (to > from) out.push(to);
      from = Math.max(from, to);
    }
    return out;
  }

  function wrapGroup(group, list) {
    var text = "", starts = [], forced = [];
    for (var n = 0; n < group.nodes.length; n++) {
      starts.push(text.length);
      text += group.nodes[n].nodeValue;
      // A role name in a 小品 script is said on its own, like the "：" that follows it on screen.
      if (group.nodes[n].parentElement.closest(".xl-role")) forced.push(text.length);
    }
    var ranges = [], from = 0, cuts = cutPoints(text, forced);
    for (var c = 0; c < cuts.length; c++) {
      var words = text.slice(from, cuts[c]).replace(/\s+/g, " ").trim();
      if (words && SAYABLE.test(words)) ranges.push({ from: from, to: cuts[c], words: words, index: list.length + ranges.length });
      from = cuts[c];
    }
    for (var r = 0; r < ranges.length; r++) list.push({ text: ranges[r].words, spans: [] });
    for (var m = group.nodes.length - 1; m >= 0; m--) {
      var start = starts[m], end = start + group.nodes[m].nodeValue.length, node = group.nodes[m];
      for (var q = ranges.length - 1; q >= 0; q--) {
        var a = Math.max(ranges[q].from, start), b = Math.min(ranges[q].to, end);
        if (a >= b) continue;
        if (b < end) node.splitText(b - start);
        var piece = a > start ? node.splitText(a - start) : node;
        end = a;
        if (!piece.nodeValue.trim()) continue;
        var span = document.createElement("span");
        span.className = "xl-say";
        span.setAttribute("data-xl-say", String(ranges[q].index));
        piece.parentNode.insertBefore(span, piece);
        span.appendChild(piece);
        list[ranges[q].index].spans.unshift(span);
      }
    }
  }

  // --- speaking, one sentence at a time --------------------------------------------------------------
  function speak(i, interrupt) {
    turn++;
    var mine = turn;
    if (interrupt) synth.cancel();
    if (i >= sentences.length) return stop();
    index = i;
    mark(i);
    var utterance = new SpeechSynthesisUtterance(sentences[i].text);
    utterance.lang = voice.lang;
    try { utterance.voice = voice; } catch (e) { /* the language alone picks a voice */ }
    utterance.rate = rate;
    utterance.onend = function () {
      if (mine !== turn || state !== "playing") return;
      failures = 0;
      speak(index + 1, false);
    };
    utterance.onerror = function (event) {
      if (mine !== turn || state !== "playing") return;
      if (event && (event.error === "interrupted" || event.error === "canceled")) return;
      if (++failures >= 3) return stop();
      speak(index + 1, false);
    };
    current = utterance; // kept: Chrome drops the events of an utterance that was garbage-collected
    if (synth.paused) synth.resume();
    synth.speak(utterance);
  }

  function mark(i) {
    var old = article.querySelectorAll(".xl-say--now");
    for (var o = 0; o < old.length; o++) old[o].classList.remove("xl-say--now");
    if (i < 0 || !sentences[i]) return;
    var spans = sentences[i].spans;
    for (var s = 0; s < spans.length; s++) spans[s].classList.add("xl-say--now");
    keepInView(spans[0]);
  }

  function keepInView(span) {
    if (!span) return;
    var box = span.getBoundingClientRect();
    var bottom = window.innerHeight - (bar && !bar.hidden ? bar.offsetHeight : 0);
    if (box.top < 64 || box.bottom > bottom - 16) {
      window.scrollBy({ top: box.top - (64 + bottom) / 2 + box.height / 2, behavior: "smooth" });
    }
  }

  function play() {
    if (!voice) return;
    if (!sentences) sentences = collect();
    if (!sentences.length) return;
    failures = 0;
    setState("playing");
    speak(index, false);
  }

  function pause() {
    turn++;
    setState("paused");
    synth.cancel(); // pause() is unreliable on Android; the sentence starts again on 继续
  }

  function stop() {
    turn++;
    synth.cancel();
    index = 0;
    mark(-1);
    setState("idle");
  }

  function setRate(next) {
    rate = next;
    try { localStorage.setItem(RATE_KEY, String(next)); } catch (e) { /* private mode: not kept */ }
    showRate();
    if (state === "playing") speak(index, true);
  }

  // --- controls: the 朗读 button (made by article.js) and the bar at the bottom -------------------
  function buildBar() {
    bar = document.createElement("div");
    bar.className = "xl-aloud";
    bar.setAttribute("role", "region");
    bar.setAttribute("aria-label", "朗读");
    bar.hidden = true;
    toggleButton = button("xl-aloud__toggle", "暂停");
    toggleButton.addEventListener("click", function () {
      if (state === "playing") pause();
      else play();
    });
    var stopButton = button("xl-aloud__stop", "停止");
    stopButton.addEventListener("click", stop);
    var rates = document.createElement("div");
    rates.className = "xl-aloud__rates";
    rates.setAttribute("role", "group");
    rates.setAttribute("aria-label", "语速");
    var label = document.createElement("span");
    label.className = "xl-aloud__label";
    label.setAttribute("aria-hidden", "true");
    label.textContent = "语速";
    rates.appendChild(label);
    for (var i = 0; i < RATES.length; i++) {
      var choice = button("xl-aloud__rate", RATES[i] + "×");
      choice.setAttribute("data-xl-rate", String(RATES[i]));
      choice.setAttribute("aria-label", "语速 " + RATES[i] + " 倍");
      rates.appendChild(choice);
    }
    rates.addEventListener("click", function (event) {
      var choice = event.target.closest("[data-xl-rate]");
      if (choice) setRate(parseFloat(choice.getAttribute("data-xl-rate")));
    });
    bar.appendChild(toggleButton);
    bar.appendChild(stopButton);
    bar.appendChild(rates);
    document.body.appendChild(bar);
    showRate();
  }

  function button(className, text) {
    var node = document.createElement("button");
    node.type = "button";
    node.className = className;
    node.textContent = text;
    return node;
  }

  function showRate() {
    var choices = bar ? bar.querySelectorAll("[data-xl-rate]") : [];
    for (var i = 0; i < choices.length; i++) {
      choices[i].setAttribute("aria-pressed", String(parseFloat(choices[i].getAttribute("data-xl-rate")) === rate));
    }
  }

  function setState(next) {
    state = next;
    if (!bar) buildBar();
    bar.hidden = next === "idle";
    document.documentElement.classList.toggle("xl-aloud-on", next !== "idle");
    toggleButton.textContent = next === "playing" ? "暂停" : "继续";
    startButton.lastChild.textContent = next === "playing" ? "暂停朗读" : next === "paused" ? "继续朗读" : "朗读";
    startButton.setAttribute("aria-pressed", String(next === "playing"));
  }

  // A tap on a sentence while reading moves the voice there (links still open as usual).
  article.addEventListener("click", function (event) {
    if (state === "idle" || !event.target.closest) return;
    var span = event.target.closest(".xl-say");
    if (!span || event.target.closest("a, button")) return;
    setState("playing");
    speak(parseInt(span.getAttribute("data-xl-say"), 10), true);
  });

  window.addEventListener("pagehide", function () {
    if (state !== "idle") stop();
  });

  // The 朗读 button: start, pause or continue with the voice article.js chose.
  window.xlAloud = {
    toggle: function (chosen, button) {
      voice = chosen;
      startButton = button;
      if (state === "playing") pause();
      else play();
    },
  };
})();
