"""`python -m scripts bench search`: our search against plain Material's (lunr + jieba).

Both sites are built from the same deterministic corpus (scripts/corpus.py) and driven in
headless Chromium at 390×844, served by a loopback server that gzips like an intranet server
does. For each query:

- recall / precision against ground truth: the pages whose text (title, the front-matter fields
  and tags the page shows, body; NFKC, lower case, straight quotes) contains every term; a term
  made of Latin letters or digits must stand as a word (2020 does not match 20201), any other
  term matches as a substring, punctuation included;
- bytes: gzip bytes the server sent for search (script, style, index, texts) for the first
  query in a fresh browser (plain Material: everything search-related, which it loads on page view);
- time: input event → results on screen, CPU throttled 4× (CDP Emulation.setCPUThrottlingRate):
  "cold" is the first query of a fresh page (downloads included), "warm" a query typed after
  another one (manifest loaded, its own shards still to fetch).
"""

from __future__ import annotations

import functools
import gzip
import re
import statistics
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..corpus import CorpusItem, write_corpus, write_plain_docs
from ..search.text import WORD_CLASS, normalise, query_terms
from . import pagefind

QUERIES = [
    "廉政", "廉洁自律", "党风廉政", "自律", "三会一课", "全面从严治党", "党风廉政建设", "主体责任",
    "警示教育", "基层党组织", "作风建设", "形式主义", "反腐败斗争", "纪律", "廉", "理想信念",
    "宣教月", "九个一", "一岗双责", "四个意识", "警示教育片", "区委", "党支部", "政治生态",
    "不敢腐不能腐不想腐", "第12篇", "12", "4月份", "x", "廉政 自律", "党风 廉政 建设", "纪律 作风",
    "学习 教育 基层", "宣教月 九个一", "区委 4月份", "火星殖民",
    # front-matter fields and tags the pages show, punctuation
    "基层党建", "留党察看", "某单位干部13号", "纪律处分条例", "结合本职工作", "学习目标", "某文化站", "剪纸",
    "廉洁纪律", "（第12篇）", "“三会一课”", "第12条", "家风 留党察看",
]  # fmt: skip
WORD = re.compile(f"[{WORD_CLASS}]")
NAME = re.compile(r"item-\d{5}")
THROTTLE = 4
SEARCH_OURS = re.compile(r"/assets/search(-mark)?\.(js|css)$|/xl-search/")
SEARCH_PLAIN = re.compile(r"search|lunr|worker", re.I)
PLAIN_INIT = """
window.__xl = {messages: []};
const NativeWorker = window.Worker;
window.Worker = class extends NativeWorker {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (event) => window.__xl.messages.push({t: performance.now(), data: event.data}));
  }
};
"""


def run(args) -> int:
    size = int((args.sizes or "1000").split(",")[0])
    out = Path(args.out or "bench-results/search.md")
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        rows, notes = measure(Path(tmp), size, args.pagefind or [])
    table = render(rows, notes, size)
    print(table)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(table, encoding="utf-8")
    print(f"已写入 {out}", file=sys.stderr)
    return 0


# --- ground truth -------------------------------------------------------------------------


def term_pattern(tokens: list[str]) -> re.Pattern:
    source = re.escape("".join(tokens))
    if WORD.match(tokens[0]):
        source = f"(?<![{WORD_CLASS}])" + source
    if WORD.match(tokens[-1]):
        source += f"(?![{WORD_CLASS}])"
    return re.compile(source)


def ground_truth(items: list[CorpusItem], query: str) -> set[str]:
    patterns = [term_pattern(tokens) for tokens in query_terms(query)]
    texts = {item.name: normalise(item.shown_text()) for item in items}
    return {name for name, text in texts.items() if patterns and all(p.search(text) for p in patterns)}


# --- serving ------------------------------------------------------------------------------


class _GzipHandler(SimpleHTTPRequestHandler):
    sent: list[tuple[str, int]] = []
    cache: dict[str, bytes] = {}

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 — the http.server API
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        key = str(path)
        if key not in self.cache:
            self.cache[key] = gzip.compress(path.read_bytes(), 6)
        body = self.cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.sent.append((self.path.split("?")[0], len(body)))


@contextmanager
def gzip_server(folder: Path):
    handler = type("Handler", (_GzipHandler,), {"sent": [], "cache": {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", handler.sent
    finally:
        server.shutdown()
        server.server_close()


# --- measuring ----------------------------------------------------------------------------


def measure(tmp: Path, size: int, pagefind_binaries: list[str]) -> tuple[list[dict], list[str]]:
    from playwright.sync_api import sync_playwright

    from ..build import build

    notes = []
    ours, plain = tmp / "ours", tmp / "plain"
    items = write_corpus(ours, size)
    started = time.perf_counter()
    assert build(str(ours / "mkdocs.yml"), site_dir=str(ours / "site")) == 0
    notes.append(f"构建 {size} 篇：本项目 {time.perf_counter() - started:.1f} 秒")
    write_plain_docs(plain, items)
    started = time.perf_counter()
    plain_ok = _build_plain(plain)
    notes.append(f"原版 Material（search 插件 lang: zh + jieba）构建 {time.perf_counter() - started:.1f} 秒")
    truth = {query: ground_truth(items, query) for query in QUERIES}
    from ..chromium import PHONE, launch

    rows = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        with gzip_server(ours / "site") as (base, sent):
            for query in QUERIES:
                rows.append(
                    {"query": query, "truth": len(truth[query]), **_ours(browser, PHONE, base, sent, query, truth)}
                )
                print(f"  本项目 {query}: {rows[-1]}", file=sys.stderr)
        if plain_ok:
            with gzip_server(plain / "site") as (base, sent):
                for row in rows:
                    row.update(_plain(browser, PHONE, base, sent, row["query"], truth))
                    print(f"  原版 {row['query']}: {row.get('p_found')}", file=sys.stderr)
        else:
            notes.append("原版 Material 构建失败：表中没有它的数字。")
        for number, binary in enumerate(pagefind_binaries):
            notes.append(_measure_pagefind(browser, tmp / f"pagefind-{number}", binary, items, rows, truth))
        browser.close()
    return rows, notes


def _measure_pagefind(browser, folder: Path, binary: str, items, rows: list[dict], truth: dict) -> str:
    from ..chromium import PHONE

    label = pagefind.version(binary)
    pagefind.write_pages(folder, items)
    started = time.perf_counter()
    pagefind.build_index(binary, folder)
    seconds = time.perf_counter() - started
    with gzip_server(folder) as (base, sent):
        script = _gzip_size(base, "pagefind/pagefind.js")
        for row in rows:
            result = pagefind.query(browser, lambda b: _page(b, PHONE), base, sent, row["query"], script)
            found = result.pop("found")
            row.setdefault("pf", {})[label] = {"found": len(found), **_scores(found, truth[row["query"]]), **result}
            print(f"  {label} {row['query']}: {row['pf'][label]}", file=sys.stderr)
    return f"{label}（扩展版，中文分词）建索引 {seconds:.1f} 秒（只含正文的裸页面，不含导航）"


def _build_plain(folder: Path) -> bool:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    try:
        mkdocs_build(load_config(str(folder / "mkdocs.yml"), site_dir=str(folder / "site")))
    except Exception as error:  # noqa: BLE001 — report, do not crash the benchmark
        print(f"原版 Material 构建失败：{error!r}", file=sys.stderr)
        return False
    return True


def _page(browser, viewport, init: str | None = None):
    context = browser.new_context(viewport=viewport, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    if init:
        page.add_init_script(init)
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
    return context, page


def _wait_ours(page, query: str) -> None:
    page.wait_for_function(
        "q => { const r = document.getElementById('xl-search');"
        " return r.dataset.query === q && /done|none/.test(r.dataset.state)"
        " && (r.dataset.state === 'none' || r.hasAttribute('data-ms-snippets')); }",
        arg=query,
        timeout=60000,
    )


def _type_ours(page, query: str) -> tuple[float, float]:
    page.evaluate("() => document.getElementById('xl-search').removeAttribute('data-ms-snippets')")
    page.fill(".xl-search__input", query)
    _wait_ours(page, query)
    ms = float(page.get_attribute("#xl-search", "data-ms") or "nan")
    snippets = page.get_attribute("#xl-search", "data-ms-snippets")
    return ms, float(snippets) if snippets else ms


def _ours(browser, viewport, base: str, sent: list, query: str, truth: dict) -> dict:
    context, page = _page(browser, viewport)
    page.goto(base + "search.html")
    page.wait_for_selector('#xl-search[data-state="idle"]')
    sent.clear()
    cold, cold_snippets = _type_ours(page, query)
    # search-mark.js, search.js and search.css came with the page itself: count them as part of the first query.
    found = {
        NAME.search(url).group()
        for url in page.evaluate(
            "XL_SEARCH.page && XL_SEARCH.page.all ? XL_SEARCH.page.all.map(r => XL_SEARCH.store.m.pages.url[r.page]) : []"
        )
        if NAME.search(url)
    }
    if page.get_attribute("#xl-search", "data-state") == "none":
        found = set()
    data = sum(size for path, size in sent if SEARCH_OURS.search(path))
    context.close()
    script = sum(_gzip_size(base, f"assets/{name}") for name in ("search-mark.js", "search.js", "search.css"))
    context, page = _page(browser, viewport)
    page.goto(base + "search.html")
    page.wait_for_selector('#xl-search[data-state="idle"]')
    _type_ours(page, "学习" if query != "学习" else "工作")
    warm, warm_snippets = _type_ours(page, query)
    context.close()
    return {
        "found": len(found),
        **_scores(found, truth[query]),
        "bytes": data + script,
        "cold": cold_snippets,
        "warm": warm,
        "warm_snippets": warm_snippets,
    }


@functools.cache
def _gzip_size(base: str, rel: str) -> int:
    import urllib.request

    request = urllib.request.Request(base + rel, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:  # noqa: S310 — our own loopback server
        return len(response.read())


def _plain(browser, viewport, base: str, sent: list, query: str, truth: dict) -> dict:
    sent.clear()
    context, page = _page(browser, viewport, PLAIN_INIT)
    # Material asks Google for fonts (no internet here): do not wait for the load event.
    page.goto(base + "index.html", wait_until="domcontentloaded")
    page.wait_for_function("window.__xl.messages.some(m => m.data.type === 1)", timeout=600000)
    page.click("label[for='__search']") if page.is_visible("label[for='__search']") else None
    started = page.evaluate("performance.now()")
    page.fill(".md-search__input", query)
    page.press(".md-search__input", "End")  # Material searches on keyup
    page.wait_for_function(
        "t => window.__xl.messages.some(m => m.data.type === 3 && m.t > t)", arg=started, timeout=600000
    )
    result = page.evaluate(
        """t => { const m = window.__xl.messages.filter(m => m.data.type === 3 && m.t > t).pop();
                  return {t: m.t, locations: m.data.data.items.map(group => group[0].location)}; }""",
        started,
    )
    found = {NAME.search(location).group() for location in result["locations"] if NAME.search(location)}
    data = sum(size for path, size in sent if SEARCH_PLAIN.search(path))
    context.close()
    scores = _scores(found, truth[query])
    return {
        "p_found": len(found),
        "p_recall": scores["recall"],
        "p_precision": scores["precision"],
        "p_bytes": data,
        "p_time": result["t"] - started,
    }


def _scores(found: set[str], truth: set[str]) -> dict:
    """None where a ratio is undefined (nothing to find, or nothing found) but the other one is not."""
    if not found and not truth:
        return {"recall": 1.0, "precision": 1.0}
    hits = len(found & truth)
    return {
        "recall": hits / len(truth) if truth else None,
        "precision": hits / len(found) if found else None,
    }


# --- the table ------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _lowest(values) -> float | None:
    return min((value for value in values if value is not None), default=None)


def _kb(value: float) -> str:
    return f"{value / 1024:.0f}"


def render(rows: list[dict], notes: list[str], size: int) -> str:
    plain = any("p_found" in row for row in rows)
    head = "| 查询 | 应有 | 本项目 找到 | 召回 | 精确 | 首次 KB(gz) | 首次 ms | 再次 ms |"
    rule = "|---|---:|---:|---:|---:|---:|---:|---:|"
    if plain:
        head += " Material 找到 | 召回 | 精确 | KB(gz) | ms |"
        rule += "---:|---:|---:|---:|---:|"
    lines = [f"# 搜索基准测试（{size} 篇，390×844，CPU 降速 {THROTTLE}×）", "", head, rule]
    for row in rows:
        line = (
            f"| {row['query']} | {row['truth']} | {row['found']} | {_pct(row['recall'])} | {_pct(row['precision'])} |"
            f" {_kb(row['bytes'])} | {row['cold']:.0f} | {row['warm']:.0f} |"
        )
        if plain:
            line += (
                f" {row['p_found']} | {_pct(row['p_recall'])} | {_pct(row['p_precision'])} |"
                f" {_kb(row['p_bytes'])} | {row['p_time']:.0f} |"
            )
        lines.append(line)
    summary = [
        "",
        f"- 本项目：召回率全部 100%：{all(row['recall'] in (1, None) for row in rows)}；"
        f"精确率全部 100%：{all(row['precision'] in (1, None) for row in rows)}",
        f"- 本项目首次查询下载（gzip）：最大 {_kb(max(r['bytes'] for r in rows))} KB，"
        f"中位数 {_kb(statistics.median(r['bytes'] for r in rows))} KB"
        "（含 search-mark.js、search.js、search.css、清单、分片、摘要文本）",
        f"- 本项目从输入到结果（含摘要）：首次最大 {max(r['cold'] for r in rows):.0f} ms；"
        f"再次最大 {max(r['warm'] for r in rows):.0f} ms，含摘要 {max(r['warm_snippets'] for r in rows):.0f} ms",
    ]
    if plain:
        summary.append(
            f"- 原版 Material：召回率最低 {_pct(_lowest(r['p_recall'] for r in rows))}，"
            f"精确率最低 {_pct(_lowest(r['p_precision'] for r in rows))}，"
            f"下载 {_kb(max(r['p_bytes'] for r in rows))} KB（打开任何页面即下载），"
            f"从输入到结果最大 {max(r['p_time'] for r in rows):.0f} ms"
        )
    labels = sorted({label for row in rows for label in row.get("pf", {})})
    if labels:
        summary += ["", *_pagefind_table(rows, labels)]
    summary += [f"- {note}" for note in notes]
    summary.append(
        "- 说明：“首次”= 新打开的搜索页中的第一次查询（下载全部所需文件）；“再次”= 已查过另一个词后输入本词"
        "（清单已在，分片按需下载）；时间为从 input 事件到结果列表出现（“首次”含摘要文本）。"
    )
    return "\n".join(lines + summary) + "\n"


def _pagefind_table(rows: list[dict], labels: list[str]) -> list[str]:
    head = "| 查询 | 应有 |" + "".join(f" {label} 找到 | 召回 | 精确 | 首次 KB(gz) | ms |" for label in labels)
    lines = ["## Pagefind（同一语料、同一浏览器设置）", "", head, "|---|---:|" + "---:|" * 5 * len(labels)]
    for row in rows:
        cells = "".join(
            f" {r['found']} | {_pct(r['recall'])} | {_pct(r['precision'])} | {_kb(r['bytes'])} | {r['ms']:.0f} |"
            for r in (row["pf"][label] for label in labels)
        )
        lines.append(f"| {row['query']} | {row['truth']} |{cells}")
    lines.append("")
    for label in labels:
        results = [row["pf"][label] for row in rows]
        lines.append(
            f"- {label}：召回率最低 {_pct(_lowest(r['recall'] for r in results))}，"
            f"精确率最低 {_pct(_lowest(r['precision'] for r in results))}，"
            f"首次查询下载最大 {_kb(max(r['bytes'] for r in results))} KB，"
            f"从查询到前 {pagefind.SHOWN} 条结果最大 {max(r['ms'] for r in results):.0f} ms"
        )
    lines.append("")
    return lines
