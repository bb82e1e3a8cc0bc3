"""Pagefind beside our search in `python -m scripts bench search --pagefind BIN …`.

Pagefind is not a dependency of this project: the benchmark runs whatever binaries it is
given (for example `pagefind_extended` from the `pagefind-bin-extended` wheel of each version
to compare). Each corpus item becomes one bare HTML page (`<main data-pagefind-body>` with the
title and body only, `lang="zh-cn"`), the best case for Pagefind: no navigation to over-match.
A query runs through Pagefind's own JavaScript API in the same throttled Chromium page setup
as ours; the first six results' fragments are loaded, as a results list shows them.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

SHOWN = 6  # results whose excerpts a first screen shows (ours fetches as many eagerly)
NAME = re.compile(r"item-\d{5}")

HARNESS = """<!doctype html>
<html lang="zh-cn"><head><meta charset="utf-8"><title>Pagefind</title></head><body>
<script type="module">
window.__pf = await import("./pagefind/pagefind.js");
window.__ready = true;
</script>
</body></html>
"""

QUERY = """async ([q, shown]) => {
  const started = performance.now();
  const search = await window.__pf.search(q);
  await Promise.all(search.results.slice(0, shown).map(r => r.data()));
  window.__last = search;
  return {ms: performance.now() - started, count: search.results.length};
}"""

URLS = "async () => (await Promise.all(window.__last.results.map(r => r.data()))).map(d => d.url)"


def version(binary: str) -> str:
    result = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True)
    return result.stdout.strip() or Path(binary).name


def write_pages(folder: Path, items) -> None:
    """One bare page per item, and the harness page that loads Pagefind's API."""
    (folder / "items").mkdir(parents=True, exist_ok=True)
    for item in items:
        blocks = [f"<h1>{html.escape(item.title)}</h1>"] + [f"<p>{html.escape(t)}</p>" for t in item.shown_fields()]
        for block in item.body.split("\n\n"):
            block = block.strip()
            if block.startswith("## "):
                blocks.append(f"<h2>{html.escape(block[3:])}</h2>")
            elif block:
                blocks.append(f"<p>{html.escape(block)}</p>")
        page = (
            '<!doctype html>\n<html lang="zh-cn"><head><meta charset="utf-8">'
            f"<title>{html.escape(item.title)}</title></head>"
            f"<body><main data-pagefind-body>{''.join(blocks)}</main></body></html>\n"
        )
        (folder / "items" / f"{item.name}.html").write_text(page, encoding="utf-8")
    (folder / "index.html").write_text(HARNESS, encoding="utf-8")


def build_index(binary: str, folder: Path) -> None:
    subprocess.run([binary, "--site", str(folder), "--silent"], check=True)


def query(browser, open_page, base: str, sent: list, query_text: str, pagefind_js_bytes: int) -> dict:
    """found (item names), bytes (gzip, first query incl. pagefind.js) and ms for one fresh page."""
    context, page = open_page(browser)
    page.goto(base + "index.html")
    page.wait_for_function("window.__ready === true")
    sent.clear()
    result = page.evaluate(QUERY, [query_text, SHOWN])
    data = sum(size for path, size in sent if "/pagefind/" in path)
    found = {NAME.search(url).group() for url in page.evaluate(URLS) if NAME.search(url)}
    context.close()
    return {"found": found, "bytes": data + pagefind_js_bytes, "ms": result["ms"]}
