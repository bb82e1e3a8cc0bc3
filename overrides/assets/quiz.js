/* 知识测试: 练习模式, 考试模式, 错题本, 成绩单. Loaded only by quiz pages (overrides/xl/quiz-base.html).
 *
 * Question data comes from classic <script> files the build writes (quizzes/data/<bank>/<n>.js),
 * each calling XLQuiz.register(bank, n, questions): they load from file:// as well as from a server.
 * Every text from data is inserted with createTextNode/textContent (see `inline`), never innerHTML.
 */
(function () {
  "use strict";

  var STORE_KEY = "xl-quiz-v1";
  var STORE_VERSION = 1;
  var MAX_WRONG = 500;
  var LETTERS = "ABCDEFGH";
  var TYPE_LABEL = { single: "单选题", multiple: "多选题", judge: "判断题", blank: "填空题" };

  // --- small DOM helpers ---------------------------------------------------------

  function el(tag, parent, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        if (key === "className") node.className = attrs[key];
        else node.setAttribute(key, attrs[key]);
      });
    }
    if (parent) parent.appendChild(node);
    return node;
  }

  function button(parent, text, onClick, className) {
    var node = el("button", parent, text, { type: "button", className: "xl-quiz-button" + (className ? " " + className : "") });
    node.addEventListener("click", onClick);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  // The Markdown subset of scripts/quiz/markup.py: `code`, **bold**, *em*; everything else is text.
  var INLINE = /`([^`\n]+)`|\*\*([^*\n]+?)\*\*|\*([^*\s][^*\n]*?)\*/g;

  function inline(parent, text) {
    text = String(text === undefined || text === null ? "" : text);
    var last = 0;
    var match;
    INLINE.lastIndex = 0;
    while ((match = INLINE.exec(text))) {
      if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      var tag = match[1] != null ? "code" : match[2] != null ? "strong" : "em";
      el(tag, parent, match[1] != null ? match[1] : match[2] != null ? match[2] : match[3]);
      last = INLINE.lastIndex;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
    return parent;
  }

  // The same text without the Markdown marks: for CSV cells and plain answer lines.
  function plain(text) {
    return String(text === undefined || text === null ? "" : text).replace(INLINE, function (match, code, bold, em) {
      return code != null ? code : bold != null ? bold : em;
    });
  }

  function blocks(parent, text) {
    String(text || "")
      .trim()
      .split(/\n\s*\n/)
      .forEach(function (paragraph) {
        if (!paragraph.trim()) return;
        var p = el("p", parent);
        paragraph.trim().split("\n").forEach(function (line, index) {
          if (index) el("br", p);
          inline(p, line);
        });
      });
    return parent;
  }

  function shuffle(list) {
    var copy = list.slice();
    for (var i = copy.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var swap = copy[i];
      copy[i] = copy[j];
      copy[j] = swap;
    }
    return copy;
  }

  function range(n) {
    var out = [];
    for (var i = 0; i < n; i++) out.push(i);
    return out;
  }

  // --- answers -------------------------------------------------------------------

  // Same rule as scripts/quiz/normalise.py (tests/test_quiz_parity.py): NFKC, lower case, without
  // separators, punctuation, control and format characters (by Unicode category).
  function normalise(text) {
    return String(text).normalize("NFKC").toLowerCase().replace(/[\p{Z}\p{P}\p{Cc}\p{Cf}]/gu, "");
  }

  function blankRight(accepted, given) {
    var wanted = normalise(given || "");
    return wanted !== "" && accepted.some(function (answer) { return normalise(answer) === wanted; });
  }

  // Whether an option's value ("A", "true" …) is part of the right answer.
  function isAnswer(q, value) {
    if (q.type === "judge") return String(q.answer) === value;
    if (q.type === "single") return q.answer === value;
    return q.answer.indexOf(value) >= 0;
  }

  function isCorrect(q, given) {
    if (given === null || given === undefined) return false;
    if (q.type === "single") return given === q.answer;
    if (q.type === "multiple") return given.slice().sort().join("") === q.answer.join("");
    if (q.type === "judge") return given === q.answer;
    return q.answer.every(function (accepted, index) { return blankRight(accepted, given[index]); });
  }

  function optionalString(value) {
    return value === undefined || typeof value === "string";
  }

  function validQuestion(q) {
    if (!q || typeof q !== "object" || typeof q.id !== "string" || typeof q.stem !== "string") return false;
    if (!optionalString(q.explanation)) return false;
    if (q.score !== undefined && !(typeof q.score === "number" && isFinite(q.score) && q.score > 0)) return false;
    if (q.source !== undefined && !(q.source && typeof q.source === "object" && optionalString(q.source.title) && optionalString(q.source.url))) return false;
    if (q.type === "single" || q.type === "multiple") {
      if (!Array.isArray(q.options) || q.options.length < 2) return false;
      if (!q.options.every(function (option) { return typeof option === "string"; })) return false;
      var letters = q.type === "single" ? [q.answer] : q.answer;
      return Array.isArray(letters) && letters.length > 0 && letters.every(function (letter) {
        return typeof letter === "string" && LETTERS.indexOf(letter) >= 0 && LETTERS.indexOf(letter) < q.options.length;
      });
    }
    if (q.type === "judge") return typeof q.answer === "boolean";
    if (q.type === "blank") {
      return Array.isArray(q.answer) && q.answer.length > 0 && q.answer.every(function (accepted) {
        return Array.isArray(accepted) && accepted.length > 0 && accepted.every(function (a) { return typeof a === "string"; });
      });
    }
    return false;
  }

  function score(q) {
    return typeof q.score === "number" && isFinite(q.score) && q.score > 0 ? q.score : 1;
  }

  // Text of an answer; `order` maps displayed position → original option index.
  function answerText(q, answer, order) {
    if (answer === null || answer === undefined) return "未作答";
    if (q.type === "judge") return answer ? "正确" : "错误";
    if (q.type === "blank") {
      return answer.map(function (value) { return Array.isArray(value) ? value.join(" / ") : value || "（空）"; }).join("；");
    }
    var letters = q.type === "single" ? [answer] : answer.slice().sort();
    return letters
      .map(function (letter) {
        var original = LETTERS.indexOf(letter);
        var shown = order ? order.indexOf(original) : original;
        return LETTERS[shown] + ". " + q.options[original];
      })
      .sort()
      .join("；");
  }

  // --- 错题本 storage: one versioned key, checked on every read ---------------------

  function emptyStore() {
    return { v: STORE_VERSION, wrong: {} };
  }

  function readStore() {
    var raw;
    try {
      raw = window.localStorage.getItem(STORE_KEY);
    } catch (error) {
      return emptyStore();
    }
    if (!raw) return emptyStore();
    var data;
    try {
      data = JSON.parse(raw);
    } catch (error) {
      data = null;
    }
    if (!data || data.v !== STORE_VERSION || !data.wrong || typeof data.wrong !== "object" || Array.isArray(data.wrong)) {
      discardStore();
      return emptyStore();
    }
    var store = emptyStore();
    Object.keys(data.wrong).forEach(function (key) {
      var entry = data.wrong[key];
      if (
        entry && typeof entry === "object" && typeof entry.bank === "string" && optionalString(entry.title) &&
        typeof entry.streak === "number" && isFinite(entry.streak) && validQuestion(entry.q)
      ) {
        store.wrong[key] = {
          bank: entry.bank, title: entry.title || "", q: entry.q, streak: entry.streak,
          t: typeof entry.t === "number" && isFinite(entry.t) ? entry.t : 0,
        };
      }
    });
    return store;
  }

  function discardStore() {
    try {
      window.localStorage.removeItem(STORE_KEY);
    } catch (error) {
      /* storage unavailable: nothing to discard */
    }
  }

  function writeStore(store) {
    var keys = Object.keys(store.wrong);
    if (keys.length > MAX_WRONG) {
      keys
        .sort(function (a, b) { return (store.wrong[a].t || 0) - (store.wrong[b].t || 0); })
        .slice(0, keys.length - MAX_WRONG)
        .forEach(function (key) { delete store.wrong[key]; });
    }
    try {
      window.localStorage.setItem(STORE_KEY, JSON.stringify(store));
    } catch (error) {
      /* private mode or full: the quiz still works, only the 错题本 is not kept */
    }
  }

  // A wrong answer keeps a full copy of the question, so the 错题本 works offline.
  function record(bank, bankTitle, q, correct) {
    var store = readStore();
    var key = bank + "/" + q.id;
    if (!correct) {
      store.wrong[key] = { bank: bank, title: bankTitle, q: q, streak: 0, t: Date.now() };
    } else if (store.wrong[key]) {
      store.wrong[key].streak += 1;
      if (store.wrong[key].streak >= 2) delete store.wrong[key];
    } else {
      return;
    }
    writeStore(store);
  }

  // --- data files ------------------------------------------------------------------

  var waiting = {};
  var loaded = {};

  window.XLQuiz = {
    register: function (bank, shard, questions) {
      var key = bank + "/" + shard;
      var done = waiting[key];
      delete waiting[key];
      if (done && Array.isArray(questions)) done(questions.filter(validQuestion));
    },
  };

  function loadShard(src, bank, shard) {
    var key = bank + "/" + shard;
    if (!loaded[key]) {
      loaded[key] = new Promise(function (resolve, reject) {
        waiting[key] = resolve;
        var script = document.createElement("script");
        script.src = src + shard + ".js";
        script.onerror = function () {
          delete loaded[key];
          reject(new Error("题目数据加载失败"));
        };
        document.head.appendChild(script);
      });
    }
    return loaded[key];
  }

  // --- one question on screen ------------------------------------------------------

  var uid = 0;

  // Renders q into parent; returns {read(): answer in original letters or null, lock()}.
  function renderQuestion(parent, q, order, given, heading) {
    uid += 1;
    var name = "xl-q" + uid;
    var fieldset = el("fieldset", parent, null, { className: "xl-q xl-q--" + q.type });
    var legend = el("legend", fieldset, null, { className: "xl-q-stem" });
    el("span", legend, TYPE_LABEL[q.type], { className: "xl-q-type" });
    if (score(q) !== 1) el("span", legend, score(q) + " 分", { className: "xl-q-score" });
    inline(el("span", legend, null, { className: "xl-q-text", id: name + "-stem" }), q.stem);
    if (heading) legend.setAttribute("tabindex", "-1");
    var inputs = [];
    var labels = [];
    if (q.type === "single" || q.type === "multiple") {
      order.forEach(function (original, shown) {
        var label = el("label", fieldset, null, { className: "xl-opt" });
        var input = el("input", label, null, { type: q.type === "single" ? "radio" : "checkbox", name: name, value: LETTERS[original] });
        el("span", label, LETTERS[shown] + ".", { className: "xl-opt-letter" });
        inline(el("span", label, null, { className: "xl-opt-text" }), q.options[original]);
        if (given && (q.type === "single" ? given === LETTERS[original] : given.indexOf(LETTERS[original]) >= 0)) input.checked = true;
        inputs.push(input);
        labels.push(label);
      });
    } else if (q.type === "judge") {
      [["true", "正确"], ["false", "错误"]].forEach(function (pair) {
        var label = el("label", fieldset, null, { className: "xl-opt" });
        var input = el("input", label, null, { type: "radio", name: name, value: pair[0] });
        el("span", label, pair[1], { className: "xl-opt-text" });
        if (given !== null && given !== undefined && String(given) === pair[0]) input.checked = true;
        inputs.push(input);
        labels.push(label);
      });
    } else {
      q.answer.forEach(function (_, index) {
        var label = el("label", fieldset, null, { className: "xl-blank" });
        el("span", label, q.answer.length > 1 ? "第 " + (index + 1) + " 空" : "答案", { className: "xl-blank-label" });
        var input = el("input", label, null, { type: "text", autocomplete: "off", autocapitalize: "off", spellcheck: "false" });
        if (given && given[index]) input.value = given[index];
        inputs.push(input);
        labels.push(label);
      });
    }
    return {
      fieldset: fieldset,
      legend: legend,
      read: function () {
        if (q.type === "blank") {
          var values = inputs.map(function (input) { return input.value; });
          return values.some(function (v) { return v.trim(); }) ? values : null;
        }
        var checked = inputs.filter(function (input) { return input.checked; }).map(function (input) { return input.value; });
        if (!checked.length) return null;
        if (q.type === "judge") return checked[0] === "true";
        return q.type === "single" ? checked[0] : checked.sort();
      },
      lock: function () {
        inputs.forEach(function (input) { input.disabled = true; });
      },
      // After the answer: the right options and the chosen wrong ones are marked where they are,
      // by colour and by a sign with words (✓ 正确答案 / ✗ 你的选择), never by colour alone.
      mark: function () {
        labels.forEach(function (label, n) {
          var state;
          if (q.type === "blank") {
            state = blankRight(q.answer[n], inputs[n].value) ? "right" : "wrong";
          } else {
            var right = isAnswer(q, inputs[n].value);
            state = right ? "right" : inputs[n].checked ? "wrong" : "";
          }
          if (!state) return;
          label.classList.add("is-" + state);
          var words = state === "right" ? (q.type === "blank" ? "✓ 正确" : "✓ 正确答案") : q.type === "blank" ? "✗ 错误" : "✗ 你的选择";
          el("span", label, words, { className: "xl-opt-mark" });
        });
      },
      onChange: function (fn) {
        inputs.forEach(function (input) { input.addEventListener(q.type === "blank" ? "input" : "change", fn); });
      },
    };
  }

  // A link from stored data: only a relative address within the site. Cleaned the way a browser
  // cleans it (control and invisible characters dropped, spaces trimmed at both ends) before the
  // scheme is looked at, so " javascript:" or "java\tscript:" is refused like "javascript:".
  var URL_NOISE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
  function localHref(url) {
    if (typeof url !== "string") return null;
    var clean = url.replace(URL_NOISE, "").replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, "");
    if (!clean || /^[a-z][a-z0-9+.\-]*:/i.test(clean) || /^[\/\\]{2}/.test(clean) || clean.indexOf("\\") >= 0) return null;
    return clean;
  }

  function explain(parent, q, given, order, correct) {
    var box = el("div", parent, null, { className: "xl-feedback " + (correct ? "is-right" : "is-wrong") });
    el("p", box, correct ? "✓ 回答正确" : "✗ 回答错误", { className: "xl-feedback-result" });
    if (!correct) {
      el("p", box, "你的答案：" + answerText(q, given, order));
    }
    el("p", box, "正确答案：" + answerText(q, q.answer, order), { className: "xl-feedback-answer" });
    if (q.explanation) {
      var explanation = el("div", box, null, { className: "xl-feedback-explanation" });
      el("strong", explanation, "解析");
      blocks(explanation, q.explanation);
    }
    var href = q.source ? localHref(q.source.url) : null;
    if (href) {
      var source = el("p", box, "出处：", { className: "xl-feedback-source" });
      el("a", source, q.source.title || "学习材料", { href: href });
    }
    return box;
  }

  function progress(parent, done, total) {
    var bar = el("div", parent, null, { className: "xl-progress" });
    el("span", bar, "第 " + (done + 1) + " / " + total + " 题", { className: "xl-progress-text" });
    el("progress", bar, null, { max: String(total), value: String(done + 1), "aria-label": "答题进度" });
  }

  // --- 练习模式 (also the 错题本 redo) -------------------------------------------------

  // source: {total, get(i) → Promise<{q, bank, title}>, finish(summary)}
  function practice(app, source) {
    var right = 0;
    function show(index) {
      source.get(index).then(function (entry) {
        clear(app);
        progress(app, index, source.total);
        var view = renderQuestion(app, entry.q, range((entry.q.options || []).length), null, true);
        var status = el("p", app, null, { className: "xl-quiz-hint", role: "status" });
        var actions = el("div", app, null, { className: "xl-actions" });
        var submit = button(actions, "提交答案", function () {
          var given = view.read();
          if (given === null) {
            status.textContent = "请先作答，再提交。";
            return;
          }
          var correct = isCorrect(entry.q, given);
          if (correct) right += 1;
          record(entry.bank, entry.title, entry.q, correct);
          view.lock();
          view.mark();
          status.textContent = "";
          var feedback = explain(app, entry.q, given, null, correct);
          feedback.setAttribute("tabindex", "-1");
          app.appendChild(actions);
          clear(actions);
          var last = index + 1 >= source.total;
          var next = button(actions, last ? "完成练习" : "下一题", function () {
            if (last) source.finish(right, source.total);
            else show(index + 1);
          }, "xl-primary");
          feedback.focus();
          next.setAttribute("data-next", "");
        }, "xl-primary");
        view.legend.focus();
        submit.setAttribute("data-submit", "");
      }, function (error) { failed(app, error); });
    }
    show(0);
  }

  function failed(app, error) {
    clear(app);
    el("p", app, (error && error.message) || "题目数据加载失败", { className: "xl-quiz-note", role: "alert" });
  }

  function bankPractice(app, bank) {
    var shards = bank.shards;
    var queue = [];
    var next = 0;
    function fill(index) {
      if (index < queue.length || next >= shards) return Promise.resolve();
      return loadShard(bank.src, bank.id, next++).then(function (questions) {
        queue = queue.concat(questions);
        return fill(index);
      });
    }
    practice(app, {
      total: bank.total,
      get: function (index) {
        return fill(index).then(function () {
          if (index + 3 >= queue.length && next < shards) fill(queue.length); // prefetch the next file
          if (!queue[index]) throw new Error("题目数据不完整");
          return { q: queue[index], bank: bank.id, title: bank.title };
        });
      },
      finish: function (right, total) {
        clear(app);
        el("h2", app, "练习完成", { tabindex: "-1" }).focus();
        el("p", app, "答对 " + right + " / " + total + " 题。答错的题已收进错题本。");
        start(app, bank);
      },
    });
  }

  // --- 考试模式: an exam is an object with named states ---------------------------------------
  //
  //   idle ──begin()─────────▶ running ──submit()──▶ submitted
  //   idle ──resume(saved)───▶ running   (after a reload or Back: the copy saved while running)
  //   idle ──abandon()───────▶ idle      (the saved copy is thrown away)
  //
  // While running, every change is saved in localStorage (EXAM_KEY + bank id): the questions drawn,
  // their option order, the answers, the question on screen and the deadline. The clock is the
  // deadline itself, so time away from the page counts; an exam resumed after it is submitted at once.

  var EXAM_KEY = "xl-quiz-exam-v1:";
  var EXAM_VERSION = 1;

  // Load random shards until the pool holds twice the draw (every shard spans the whole bank).
  function drawQuestions(bank) {
    var picked = [];
    var pool = 0;
    var perShard = bank.total / bank.shards;
    shuffle(range(bank.shards)).forEach(function (shard) {
      if (pool < Math.min(bank.total, bank.draw * 2)) {
        picked.push(shard);
        pool += perShard;
      }
    });
    return Promise.all(picked.map(function (shard) { return loadShard(bank.src, bank.id, shard); })).then(function (lists) {
      return shuffle([].concat.apply([], lists)).slice(0, bank.draw);
    });
  }

  function validOrder(order, n) {
    return Array.isArray(order) && order.length === n && range(n).every(function (i) { return order.indexOf(i) >= 0; });
  }

  function validGiven(q, given) {
    if (given === null) return true;
    function letter(value) {
      return typeof value === "string" && LETTERS.indexOf(value) >= 0 && LETTERS.indexOf(value) < q.options.length;
    }
    if (q.type === "single") return letter(given);
    if (q.type === "multiple") return Array.isArray(given) && given.length > 0 && given.every(letter);
    if (q.type === "judge") return typeof given === "boolean";
    return Array.isArray(given) && given.length === q.answer.length && given.every(function (v) { return typeof v === "string"; });
  }

  // The saved running exam of a bank, checked like the 错题本: anything odd is thrown away.
  function readExam(bankId) {
    var data;
    try {
      data = JSON.parse(window.localStorage.getItem(EXAM_KEY + bankId) || "null");
    } catch (error) {
      data = undefined;
    }
    if (data === null) return null;
    var ok = data && data.v === EXAM_VERSION && data.bank === bankId && data.state === "running" &&
      typeof data.started === "number" && (data.deadline === null || typeof data.deadline === "number") &&
      typeof data.index === "number" && Array.isArray(data.items) && data.items.length > 0 &&
      data.items.every(function (item) {
        return item && validQuestion(item.q) && validOrder(item.order, (item.q.options || []).length) && validGiven(item.q, item.given);
      });
    if (ok) return data;
    dropExam(bankId);
    return null;
  }

  function writeExam(bankId, data) {
    try {
      window.localStorage.setItem(EXAM_KEY + bankId, JSON.stringify(data));
    } catch (error) {
      /* storage unavailable: the exam goes on, it only cannot be resumed */
    }
  }

  function dropExam(bankId) {
    try {
      window.localStorage.removeItem(EXAM_KEY + bankId);
    } catch (error) {
      /* nothing saved */
    }
  }

  function clockText(ms) {
    var seconds = Math.max(0, Math.ceil(ms / 1000));
    return Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
  }

  // 答案与解析 stays out of sight while an exam is running or waiting to be resumed.
  function showAnswerLinks(show) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-xl-answers]"), function (link) { link.hidden = !show; });
  }

  // Leaving a running exam: the browser asks (beforeunload); links on the page ask here first.
  var guard = {
    exam: null,
    leaving: false,
    beforeUnload: function (event) {
      if (!guard.exam || guard.leaving) return undefined;
      guard.exam.save();
      event.preventDefault();
      event.returnValue = "";
      return "";
    },
    click: function (event) {
      if (!guard.exam || event.defaultPrevented || event.button !== 0) return;
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      var link = event.target.closest ? event.target.closest("a[href]") : null;
      if (!link || link.hasAttribute("download") || (link.target && link.target !== "_self")) return;
      if (link.getAttribute("href").charAt(0) === "#") return;
      event.preventDefault();
      guard.exam.confirmLeave(link.href);
    },
  };
  document.addEventListener("click", guard.click, true);

  function Exam(app, bank) {
    this.app = app;
    this.bank = bank;
    this.state = "idle";
    this.items = [];
    this.index = 0;
    this.started = 0;
    this.deadline = null;
    this.timer = null;
  }

  Exam.prototype.setState = function (state) {
    this.state = state;
    (this.app.closest(".xl-quiz") || this.app).setAttribute("data-exam", state);
    showAnswerLinks(state !== "running");
    var running = state === "running";
    if (running && guard.exam !== this) window.addEventListener("beforeunload", guard.beforeUnload);
    if (!running && guard.exam === this) window.removeEventListener("beforeunload", guard.beforeUnload);
    if (running) guard.exam = this;
    else if (guard.exam === this) guard.exam = null;
  };

  Exam.prototype.begin = function () {
    var self = this;
    drawQuestions(this.bank).then(function (questions) {
      self.items = questions.map(function (q) {
        var order = range((q.options || []).length);
        return { q: q, order: self.bank.shuffle ? shuffle(order) : order, given: null };
      });
      self.started = Date.now();
      self.deadline = self.bank.time ? self.started + self.bank.time * 60000 : null;
      self.index = 0;
      self.run();
    }, function (error) { failed(self.app, error); });
  };

  Exam.prototype.resume = function (saved) {
    this.items = saved.items;
    this.started = saved.started;
    this.deadline = saved.deadline;
    this.index = Math.max(0, Math.min(saved.index, saved.items.length - 1));
    this.run();
  };

  Exam.prototype.abandon = function () {
    dropExam(this.bank.id);
    this.setState("idle");
  };

  Exam.prototype.save = function () {
    if (this.state !== "running") return;
    writeExam(this.bank.id, {
      v: EXAM_VERSION, bank: this.bank.id, state: "running", started: this.started, deadline: this.deadline, index: this.index,
      items: this.items.map(function (item) { return { q: item.q, order: item.order, given: item.given }; }),
    });
  };

  Exam.prototype.run = function () {
    var self = this;
    this.setState("running");
    this.render();
    this.save();
    if (this.deadline) {
      this.tick();
      if (this.state !== "running") return; // resumed after the deadline: already submitted
      this.timer = setInterval(function () { self.tick(); }, 250);
    }
    this.go(this.index);
  };

  Exam.prototype.render = function () {
    var self = this;
    var app = clear(this.app);
    var bar = el("div", app, null, { className: "xl-exam-bar" });
    this.clock = this.deadline ? el("span", bar, "", { className: "xl-timer", role: "timer", "aria-label": "剩余时间" }) : null;
    this.counter = el("span", bar, "", { className: "xl-exam-count" });
    this.sheetToggle = button(bar, "答题卡", function () { self.toggleSheet(); });
    this.sheetToggle.setAttribute("aria-expanded", "false");
    this.sheetToggle.setAttribute("aria-controls", "xl-answer-sheet");
    this.sheetToggle.setAttribute("data-sheet-toggle", "");
    this.sheet = el("nav", app, null, { className: "xl-answer-sheet", id: "xl-answer-sheet", "aria-label": "答题卡" });
    this.sheet.hidden = true; // collapsed until asked for
    this.body = el("div", app, null, { className: "xl-exam-body" });
    var actions = el("div", app, null, { className: "xl-actions" });
    this.prev = button(actions, "上一题", function () { self.go(self.index - 1); });
    this.next = button(actions, "下一题", function () { self.go(self.index + 1); });
    button(actions, "交卷", function () { self.confirmSubmit(); }, "xl-primary").setAttribute("data-submit-exam", "");
    this.confirmBox = el("div", app, null, { className: "xl-confirm", role: "alert" });
    this.confirmBox.hidden = true;
  };

  Exam.prototype.toggleSheet = function (open) {
    if (open === undefined) open = this.sheet.hidden;
    this.sheet.hidden = !open;
    this.sheetToggle.setAttribute("aria-expanded", String(open));
  };

  Exam.prototype.drawSheet = function () {
    var self = this;
    clear(this.sheet);
    this.items.forEach(function (item, n) {
      var cell = button(self.sheet, String(n + 1), function () {
        self.go(n);
        self.toggleSheet(false);
      });
      cell.className = "xl-quiz-button xl-sheet-cell" + (item.given !== null ? " is-answered" : "") + (n === self.index ? " is-current" : "");
      cell.setAttribute("aria-label", "第 " + (n + 1) + " 题，" + (item.given !== null ? "已答" : "未答"));
      if (n === self.index) cell.setAttribute("aria-current", "true");
    });
  };

  Exam.prototype.go = function (n) {
    if (this.state !== "running" || n < 0 || n >= this.items.length) return;
    var self = this;
    this.index = n;
    clear(this.body);
    this.confirmBox.hidden = true;
    this.counter.textContent = "第 " + (n + 1) + " / " + this.items.length + " 题";
    var item = this.items[n];
    var view = renderQuestion(this.body, item.q, item.order, item.given, true);
    view.onChange(function () {
      item.given = view.read();
      self.drawSheet();
      self.save();
    });
    this.prev.disabled = n === 0;
    this.next.disabled = n === this.items.length - 1;
    this.drawSheet();
    this.save();
    view.legend.focus();
  };

  Exam.prototype.confirmSubmit = function () {
    var self = this;
    var open = this.items.filter(function (item) { return item.given === null; }).length;
    if (!open) return this.submit(false);
    var box = clear(this.confirmBox);
    box.hidden = false;
    el("p", box, "还有 " + open + " 题没有作答，确定交卷吗？");
    button(box, "确定交卷", function () { self.submit(false); }, "xl-primary");
    button(box, "继续答题", function () { box.hidden = true; });
    box.querySelector("button").focus();
  };

  Exam.prototype.tick = function () {
    var left = this.deadline - Date.now();
    this.clock.textContent = "剩余 " + clockText(left);
    if (left <= 0) this.submit(true);
  };

  Exam.prototype.submit = function (auto) {
    if (this.state !== "running") return;
    if (this.timer) clearInterval(this.timer);
    dropExam(this.bank.id);
    this.setState("submitted");
    var bank = this.bank;
    var results = this.items.map(function (item) {
      var correct = isCorrect(item.q, item.given);
      record(bank.id, bank.title, item.q, correct);
      return { item: item, correct: correct, earned: correct ? score(item.q) : 0 };
    });
    var ended = this.deadline ? Math.min(Date.now(), this.deadline) : Date.now();
    showResult(this.app, bank, results, { started: new Date(this.started), ended: new Date(ended), auto: auto });
  };

  // An in-page question before a link takes the member away from a running exam.
  Exam.prototype.confirmLeave = function (href) {
    var self = this;
    var old = document.querySelector(".xl-leave");
    if (old) old.remove();
    // On <body>, above the header too; md-typeset gives it the page's type and buttons.
    var overlay = el("div", document.body, null, { className: "xl-leave md-typeset" });
    var panel = el("div", overlay, null, { className: "xl-leave-panel", role: "alertdialog", "aria-modal": "true", "aria-labelledby": "xl-leave-title" });
    el("h2", panel, "考试还没有交卷", { id: "xl-leave-title" });
    el("p", panel, "离开后，已答的题保存在这台手机（电脑）上，回到本页可以接着答。计时不会暂停。");
    var actions = el("div", panel, null, { className: "xl-actions" });
    function stay() {
      overlay.remove();
      document.removeEventListener("keydown", onKey);
      var legend = self.body.querySelector(".xl-q-stem");
      if (legend) legend.focus();
    }
    function onKey(event) {
      if (event.key === "Escape") stay();
    }
    document.addEventListener("keydown", onKey);
    button(actions, "继续答题", stay, "xl-primary").setAttribute("data-stay", "");
    button(actions, "离开本页", function () {
      self.save();
      guard.leaving = true;
      window.location.href = href;
    }).setAttribute("data-leave", "");
    actions.querySelector("button").focus();
  };

  // On the bank's page: a saved running exam is offered before anything else.
  function offerResume(app, bank, saved) {
    showAnswerLinks(false);
    var box = el("section", app, null, { className: "xl-resume", "aria-labelledby": "xl-resume-title" });
    el("h2", box, "有一场考试还没有交卷", { id: "xl-resume-title" });
    var answered = saved.items.filter(function (item) { return item.given !== null; }).length;
    var left = saved.deadline === null ? null : saved.deadline - Date.now();
    var facts = "已答 " + answered + " / " + saved.items.length + " 题";
    if (left !== null) facts += left > 0 ? "，剩余 " + clockText(left) : "，考试时间已到";
    el("p", box, facts + "。", { className: "xl-resume-facts" });
    var actions = el("div", box, null, { className: "xl-actions" });
    var exam = new Exam(app, bank);
    var label = left !== null && left <= 0 ? "交卷并查看成绩" : "继续考试";
    button(actions, label, function () { exam.resume(saved); }, "xl-primary").setAttribute("data-resume", "");
    button(actions, "放弃这场考试", function () {
      var confirmBox = clear(box.querySelector(".xl-confirm"));
      confirmBox.hidden = false;
      el("p", confirmBox, "放弃后这场考试不计成绩，已答的题不再保存。确定放弃吗？");
      button(confirmBox, "确定放弃", function () {
        exam.abandon();
        clear(app);
        start(app, bank);
      }, "xl-primary").setAttribute("data-abandon-confirm", "");
      button(confirmBox, "取消", function () { confirmBox.hidden = true; });
      confirmBox.querySelector("button").focus();
    }).setAttribute("data-abandon", "");
    el("div", box, null, { className: "xl-confirm", role: "alert" }).hidden = true;
  }

  function total(results, key) {
    return results.reduce(function (sum, r) { return sum + (key ? r[key] : score(r.item.q)); }, 0);
  }

  function round(value) {
    return Math.round(value * 10) / 10;
  }

  function showResult(app, bank, results, times) {
    var earned = total(results, "earned");
    var possible = total(results);
    var percent = possible ? round((earned / possible) * 100) : 0;
    var passed = percent >= bank.pass;
    var summary = { bank: bank, results: results, earned: earned, possible: possible, percent: percent, passed: passed, times: times };
    clear(app);
    var head = el("div", app, null, { className: "xl-result " + (passed ? "is-pass" : "is-fail") });
    el("h2", head, times.auto ? "时间到，已自动交卷" : "已交卷", { tabindex: "-1", className: "xl-result-title" });
    el("p", head, "得分 " + round(earned) + " / " + round(possible) + "（百分制 " + percent + " 分）", { className: "xl-score" });
    el("p", head, passed ? "合格" : "不合格（" + bank.pass + " 分及格）", { className: "xl-verdict" });
    el("p", head, "答对 " + results.filter(function (r) { return r.correct; }).length + " / " + results.length + " 题。答错的题已收进错题本。");
    reportForm(app, summary);
    var review = el("section", app, null, { className: "xl-review", "aria-label": "逐题回顾" });
    el("h2", review, "逐题回顾");
    var list = el("ol", review);
    results.forEach(function (r) {
      var li = el("li", list, null, { className: "xl-review-q " + (r.correct ? "is-right" : "is-wrong") });
      var stem = el("p", li, null, { className: "xl-review-stem" });
      el("span", stem, TYPE_LABEL[r.item.q.type], { className: "xl-q-type" });
      inline(stem, r.item.q.stem);
      if (r.item.q.options && r.item.q.type !== "judge") {
        var options = el("ul", li, null, { className: "xl-review-options" });
        r.item.order.forEach(function (original, shown) {
          var option = inline(el("li", options, LETTERS[shown] + ". "), r.item.q.options[original]);
          var letter = LETTERS[original];
          var given = r.item.given;
          var chosen = given !== null && (typeof given === "string" ? given === letter : given.indexOf(letter) >= 0);
          var state = isAnswer(r.item.q, letter) ? "right" : chosen ? "wrong" : "";
          if (!state) return;
          option.className = "is-" + state;
          el("span", option, state === "right" ? "✓ 正确答案" : "✗ 你的选择", { className: "xl-opt-mark" });
        });
      }
      explain(li, r.item.q, r.item.given, r.item.order, r.correct);
    });
    start(app, bank);
    head.querySelector("h2").focus();
  }

  // --- 成绩单 --------------------------------------------------------------------------

  function pad(n) {
    return String(n).padStart(2, "0");
  }

  function stamp(date, chinese) {
    if (chinese) {
      return date.getFullYear() + "年" + (date.getMonth() + 1) + "月" + date.getDate() + "日 " + pad(date.getHours()) + ":" + pad(date.getMinutes());
    }
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) + " " + pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds());
  }

  function duration(times) {
    var seconds = Math.round((times.ended - times.started) / 1000);
    return Math.floor(seconds / 60) + " 分 " + (seconds % 60) + " 秒";
  }

  function reportForm(app, summary) {
    var form = el("form", app, null, { className: "xl-report-form" });
    el("h2", form, "成绩单");
    el("p", form, "填写姓名和所在支部，生成可打印的成绩单，或下载表格交给支部书记登记台账。");
    var nameLabel = el("label", form, "姓名", { className: "xl-field" });
    var name = el("input", nameLabel, null, { type: "text", name: "name", required: "", autocomplete: "name" });
    var branchLabel = el("label", form, "所在支部", { className: "xl-field" });
    var branch = el("input", branchLabel, null, { type: "text", name: "branch", required: "" });
    var actions = el("div", form, null, { className: "xl-actions" });
    el("button", actions, "生成成绩单", { type: "submit", className: "xl-quiz-button xl-primary" });
    var holder = el("div", app, null, { className: "xl-report-holder" });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!name.value.trim() || !branch.value.trim()) {
        (name.value.trim() ? branch : name).focus();
        return;
      }
      summary.name = name.value.trim();
      summary.branch = branch.value.trim();
      renderReport(clear(holder), summary);
    });
  }

  function renderReport(holder, s) {
    document.documentElement.classList.add("xl-has-report");
    var sheet = el("section", holder, null, { className: "xl-report", "aria-label": "成绩单" });
    el("h2", sheet, s.bank.title + " · 成绩单");
    var facts = el("table", sheet, null, { className: "xl-report-facts" });
    [
      ["姓名", s.name],
      ["所在支部", s.branch],
      ["交卷时间", stamp(s.times.ended, true)],
      ["用时", duration(s.times)],
      ["得分", round(s.earned) + " / " + round(s.possible) + "（百分制 " + s.percent + " 分）"],
      ["结果", s.passed ? "合格" : "不合格"],
    ].forEach(function (row) {
      var tr = el("tr", facts);
      el("th", tr, row[0], { scope: "row" });
      el("td", tr, row[1]);
    });
    // On screen one card a question; the table is for paper only (quiz.css).
    var cards = el("ol", sheet, null, { className: "xl-report-cards" });
    s.results.forEach(function (r, n) {
      var q = r.item.q;
      var card = el("li", cards, null, { className: "xl-report-card " + (r.correct ? "is-right" : "is-wrong") });
      var head = el("p", card, null, { className: "xl-report-card-head" });
      el("span", head, "第 " + (n + 1) + " 题 · " + TYPE_LABEL[q.type]);
      el("span", head, r.correct ? "✓ 答对" : "✗ 答错", { className: "xl-report-card-mark" });
      inline(el("p", card, null, { className: "xl-report-card-stem" }), q.stem);
      var answers = el("dl", card);
      el("dt", answers, "你的答案");
      el("dd", answers, plain(answerText(q, r.item.given, r.item.order)));
      el("dt", answers, "正确答案");
      el("dd", answers, plain(answerText(q, q.answer, r.item.order)));
    });
    var table = el("table", sheet, null, { className: "xl-report-table" });
    var headRow = el("tr", el("thead", table));
    ["题号", "题型", "题目", "你的答案", "正确答案", "结果"].forEach(function (label) { el("th", headRow, label, { scope: "col" }); });
    var body = el("tbody", table);
    s.results.forEach(function (r, n) {
      var tr = el("tr", body);
      el("td", tr, n + 1);
      el("td", tr, TYPE_LABEL[r.item.q.type]);
      inline(el("td", tr), r.item.q.stem);
      el("td", tr, plain(answerText(r.item.q, r.item.given, r.item.order)));
      el("td", tr, plain(answerText(r.item.q, r.item.q.answer, r.item.order)));
      el("td", tr, r.correct ? "✓" : "✗");
    });
    var actions = el("div", sheet, null, { className: "xl-actions xl-no-print" });
    button(actions, "打印成绩单", function () { window.print(); });
    button(actions, "下载表格（Excel 可打开）", function () { downloadCsv(s); }).setAttribute("data-csv", "");
    sheet.setAttribute("tabindex", "-1");
    sheet.focus();
  }

  function csvCell(value) {
    var text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text; // no formulas from typed names in Excel
    return '"' + text.replace(/"/g, '""') + '"';
  }

  function csvRow(values) {
    return values.map(csvCell).join(",") + "\r\n";
  }

  // The 成绩单 CSV (columns in docs/知识测试说明.md): a summary header and row, a blank line, then
  // one row a question. Every cell is plain text; CSV_FORMAT goes up when columns change meaning.
  var CSV_FORMAT = 2;

  function downloadCsv(s) {
    var csv = csvRow(["姓名", "所在支部", "测试", "交卷时间", "用时", "得分", "满分", "百分制得分", "结果", "答对题数", "题数", "题库编号", "格式版本"]);
    csv += csvRow([
      s.name, s.branch, s.bank.title, stamp(s.times.ended), duration(s.times), round(s.earned), round(s.possible), s.percent,
      s.passed ? "合格" : "不合格", s.results.filter(function (r) { return r.correct; }).length, s.results.length, s.bank.id, CSV_FORMAT,
    ]);
    csv += "\r\n" + csvRow(["题号", "题目编号", "题型", "题目", "你的答案", "正确答案", "结果", "得分"]);
    s.results.forEach(function (r, n) {
      var q = r.item.q;
      csv += csvRow([
        n + 1, q.id, TYPE_LABEL[q.type], plain(q.stem), plain(answerText(q, r.item.given, r.item.order)),
        plain(answerText(q, q.answer, r.item.order)), r.correct ? "对" : "错", r.earned,
      ]);
    });
    var blob = new Blob(["\ufeff" + csv], { type: "text/csv;charset=utf-8" });
    var link = el("a", document.body, null, { href: URL.createObjectURL(blob), download: "成绩单-" + s.name + "-" + s.bank.title + ".csv" });
    link.click();
    setTimeout(function () {
      URL.revokeObjectURL(link.href);
      link.remove();
    }, 1000);
  }

  // --- pages -----------------------------------------------------------------------------

  function start(app, bank) {
    var saved = readExam(bank.id);
    if (saved) return offerResume(app, bank, saved);
    showAnswerLinks(true);
    var choose = el("div", app, null, { className: "xl-modes" });
    var practiceButton = button(choose, "练习模式", function () { bankPractice(app, bank); }, "xl-primary");
    practiceButton.setAttribute("data-mode", "practice");
    el("span", choose, "逐题作答，即时看答案和解析", { className: "xl-mode-hint" });
    var examButton = button(choose, "考试模式", function () { new Exam(app, bank).begin(); }, "xl-primary");
    examButton.setAttribute("data-mode", "exam");
    var rule = "随机抽 " + bank.draw + " 题" + (bank.time ? "，限时 " + bank.time + " 分钟，到时自动交卷" : "") + "，" + bank.pass + " 分及格";
    el("span", choose, rule, { className: "xl-mode-hint" });
  }

  function wrongPage(app) {
    var store = readStore();
    var entries = Object.keys(store.wrong).map(function (key) { return store.wrong[key]; });
    entries.sort(function (a, b) { return (a.t || 0) - (b.t || 0); });
    clear(app);
    if (!entries.length) {
      el("p", app, "错题本是空的。练习或考试中答错的题会自动出现在这里。", { className: "xl-wrong-empty" });
      return;
    }
    el("p", app, "共 " + entries.length + " 道错题。", { className: "xl-wrong-count" });
    var actions = el("div", app, null, { className: "xl-actions" });
    button(actions, "重做错题", function () {
      practice(app, {
        total: entries.length,
        get: function (index) {
          var entry = entries[index];
          return Promise.resolve({ q: entry.q, bank: entry.bank, title: entry.title });
        },
        finish: function () { wrongPage(app); },
      });
    }, "xl-primary").setAttribute("data-redo", "");
    button(actions, "清空错题本", function () {
      clear(confirmBox).hidden = false;
      el("p", confirmBox, "确定清空全部错题吗？");
      button(confirmBox, "确定清空", function () {
        writeStore(emptyStore());
        wrongPage(app);
      }, "xl-primary");
      button(confirmBox, "取消", function () { confirmBox.hidden = true; });
    });
    var confirmBox = el("div", app, null, { className: "xl-confirm", role: "alert" });
    confirmBox.hidden = true;
    var list = el("ul", app, null, { className: "xl-wrong-list" });
    entries.forEach(function (entry) {
      var li = el("li", list);
      el("span", li, entry.title + " · " + TYPE_LABEL[entry.q.type], { className: "xl-wrong-bank" });
      inline(el("span", li, null, { className: "xl-wrong-stem" }), entry.q.stem);
      if (entry.streak) el("span", li, "已连续答对 " + entry.streak + " 次", { className: "xl-wrong-streak" });
    });
  }

  function init() {
    var root = document.getElementById("xl-quiz");
    if (!root) return;
    var app = root.querySelector(".xl-quiz-app");
    if (root.dataset.wrong) return wrongPage(app);
    var d = root.dataset;
    var bank = {
      id: d.bank,
      title: d.title,
      total: parseInt(d.total, 10),
      shards: parseInt(d.shards, 10),
      draw: parseInt(d.draw, 10),
      pass: parseFloat(d.pass),
      time: d.time ? parseFloat(d.time) : 0,
      shuffle: d.shuffle === "true",
      src: d.dir,
    };
    start(app, bank);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();

  // For tests and curious readers: the pure helpers.
  window.XLQuiz.normalise = normalise;
  window.XLQuiz.isCorrect = isCorrect;
  window.XLQuiz.plain = plain;
})();
