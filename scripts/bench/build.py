"""`python -m scripts bench` (suite `build`): our build against plain Material for MkDocs.

For each corpus size (default 200, 1000, 5000; `--sizes`), from the same deterministic corpus
(scripts/corpus.py, plus a 5,000-question bank from scripts/quiz/generate.py):
- full build time and peak memory (each build in its own process), ours and plain Material's;
- output size, HTML bytes of one unit page, first-view gzipped bytes of that page in Chromium;
- `mkdocs serve` rebuild time after editing one material (ours; plain with --serve-plain).
Prints a Markdown table and writes it to bench-results/build.md (or --out).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..corpus import write_corpus, write_plain_docs
from ..loopback import free_port, get_text

PROJECT = Path(__file__).resolve().parent.parent.parent
DEFAULT_SIZES = [200, 1000, 5000]
BANK_SIZE = 5000
PROBE = 3  # item-00003 is a unit at every size (KINDS[3 % 3])

# Runs one command and reports its wall time and the peak RSS of it and its children.
_MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
seconds = time.perf_counter() - start
print(json.dumps({"code": code, "seconds": seconds, "rss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def measure(command: list[str], cwd: Path) -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    out = subprocess.run([sys.executable, "-c", _MEASURE, *command], cwd=cwd, capture_output=True, text=True, env=env)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["code"]:
        raise RuntimeError(f"{' '.join(command)} 失败（退出码 {result['code']}）")
    return result


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def write_bank(folder: Path) -> str:
    try:
        from ..quiz.generate import write_bank as write
    except ImportError:
        return "（未生成题库：scripts/quiz/generate.py 不存在）"
    target = folder / "materials" / "quizzes" / "sheng-cheng-ti-ku.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    write(target, BANK_SIZE)
    return f"题库 {BANK_SIZE} 题"


def our_probe_page(site: Path, title: str) -> Path:
    for page in sorted((site / "units").glob("*.html")):
        if f">{title}</h1>" in page.read_text(encoding="utf-8"):
            return page
    raise RuntimeError(f"找不到探测页：{title}")


def first_view(site: Path, rel: str) -> int:
    """Gzipped bytes of everything but pictures, fonts and media that Chromium loads for a first view."""
    from playwright.sync_api import sync_playwright

    from ..chromium import PHONE, launch, serve_site
    from ..delivery.measure import first_view_bytes

    with sync_playwright() as playwright, serve_site(site, prefix="/xuexi/") as base:
        browser = launch(playwright)
        try:
            page = browser.new_page(viewport=PHONE)
            return first_view_bytes(page, base + rel)["total"]
        finally:
            browser.close()


def serve_rebuild(project: Path, source: Path, url_path: str, timeout: float = 900) -> float:
    """Seconds from saving an edited material until `mkdocs serve` serves the changed page."""
    port = free_port()
    # --dirty, as `make serve` runs it: pages whose inputs did not change are skipped.
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(command, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    url = f"http://127.0.0.1:{port}/{url_path}"
    original = source.read_text(encoding="utf-8")
    try:
        deadline = time.monotonic() + timeout
        while get_text(url) is None:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("mkdocs serve 没有启动")
            time.sleep(0.2)
        time.sleep(1.0)  # let the watcher settle after the first build
        marker = f"基准测试修改标记{time.time_ns()}"
        start = time.perf_counter()
        source.write_text(original + f"\n\n{marker}\n", encoding="utf-8")
        while True:
            page = get_text(url)
            if page and marker in page:
                return time.perf_counter() - start
            if time.perf_counter() - start > timeout:
                raise RuntimeError("mkdocs serve 没有重建")
            time.sleep(0.05)
    finally:
        source.write_text(original, encoding="utf-8")
        process.terminate()
        process.wait(timeout=30)


def bench_size(n: int, work: Path, serve_plain: bool) -> dict:
    ours, plain = work / f"ours-{n}", work / f"plain-{n}"
    items = write_corpus(ours, n)
    bank = write_bank(ours)
    write_plain_docs(plain, items)
    probe = next(item for item in items if item.name == f"item-{PROBE:05d}")
    row = {"n": n, "bank": bank}
    print(f"[{n}] 构建（本项目）…", file=sys.stderr)
    row["ours"] = measure([sys.executable, "-m", "scripts", "build", "-d", str(ours / "site")], ours)
    print(f"[{n}] 构建（原版 Material）…", file=sys.stderr)
    row["plain"] = measure([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(plain / "site")], plain)
    page = our_probe_page(ours / "site", probe.title)
    our_rel = page.relative_to(ours / "site").as_posix()
    plain_rel = f"units/{probe.name}/index.html"
    row["ours_out"], row["plain_out"] = folder_bytes(ours / "site"), folder_bytes(plain / "site")
    row["ours_html"], row["plain_html"] = page.stat().st_size, (plain / "site" / plain_rel).stat().st_size
    print(f"[{n}] 首屏（Chromium）…", file=sys.stderr)
    row["ours_first"], row["plain_first"] = first_view(ours / "site", our_rel), first_view(plain / "site", plain_rel)
    print(f"[{n}] mkdocs serve 重建…", file=sys.stderr)
    source = ours / "materials" / "units" / f"{probe.name}.md"
    row["ours_serve"] = serve_rebuild(ours, source, our_rel)
    row["plain_serve"] = (
        serve_rebuild(plain, plain / "docs" / "units" / f"{probe.name}.md", f"units/{probe.name}/")
        if serve_plain
        else None
    )
    return row


def _kb(value: int) -> str:
    return f"{value / 1024:,.1f} KB"


def _mb(value: int) -> str:
    return f"{value / 1024 / 1024:,.1f} MB"


def table(rows: list[dict]) -> str:
    head = ["语料规模", "构建时间 本项目", "构建时间 原版", "时间比", "峰值内存 本项目", "峰值内存 原版",
            "输出 本项目", "输出 原版", "单页 HTML 本项目", "单页 HTML 原版", "首屏 gz 本项目", "首屏 gz 原版",
            "serve 重建 本项目", "serve 重建 原版"]  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        ours, plain = row["ours"], row["plain"]
        cells = [
            f"{row['n']:,}（{row['bank']}）",
            f"{ours['seconds']:.1f} s",
            f"{plain['seconds']:.1f} s",
            f"{ours['seconds'] / plain['seconds']:.2f}",
            _mb(ours["rss_kib"] * 1024),
            _mb(plain["rss_kib"] * 1024),
            _mb(row["ours_out"]),
            _mb(row["plain_out"]),
            _kb(row["ours_html"]),
            _kb(row["plain_html"]),
            _kb(row["ours_first"]),
            _kb(row["plain_first"]),
            f"{row['ours_serve']:.2f} s",
            f"{row['plain_serve']:.2f} s" if row["plain_serve"] is not None else "—",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def goals(rows: list[dict]) -> list[str]:
    by_n = {row["n"]: row for row in rows}
    out = []
    if 1000 in by_n:
        ratio = by_n[1000]["ours"]["seconds"] / by_n[1000]["plain"]["seconds"]
        out.append(f"- 1,000 篇构建时间 ≤ 原版的 ¼：{ratio:.2f} {'✔' if ratio <= 0.25 else '✘'}")
        out.append(
            f"- 1,000 篇 serve 重建 ≤ 2 s：{by_n[1000]['ours_serve']:.2f} s {'✔' if by_n[1000]['ours_serve'] <= 2 else '✘'}"
        )
    if 1000 in by_n and 5000 in by_n:
        growth = by_n[5000]["ours"]["seconds"] / by_n[1000]["ours"]["seconds"]
        out.append(f"- 5,000 篇 ≤ 5.5 × 1,000 篇：{growth:.2f} × {'✔' if growth <= 5.5 else '✘'}")
    worst = max(row["ours_first"] for row in rows)
    out.append(f"- 首屏 ≤ 80 KB gz（各规模最大值）：{_kb(worst)} {'✔' if worst <= 80 * 1024 else '✘'}")
    return out


def run(args) -> int:
    sizes = [int(size) for size in args.sizes.split(",")] if args.sizes else DEFAULT_SIZES
    out = Path(args.out or PROJECT / "bench-results" / "build.md")
    serve_plain = os.environ.get("BENCH_SERVE_PLAIN") == "1"
    rows = []
    with tempfile.TemporaryDirectory(prefix="xl-bench-") as work:
        for n in sizes:
            rows.append(bench_size(n, Path(work), serve_plain))
    machine = f"{os.cpu_count()} 核，Python {sys.version.split()[0]}，{time.strftime('%Y-%m-%d %H:%M')}"
    text = "\n".join(
        [
            "# 构建基准：本项目 与 原版 Material for MkDocs（默认导航 + 内置搜索 + jieba）",
            "",
            f"机器：{machine}。单页指 item-{PROBE:05d}（学习单元）；首屏为 Chromium 加载该页时 HTML、CSS、JS 及数据的 gzip 字节数。",
            "",
            table(rows),
            "",
            "目标：",
            *goals(rows),
            "",
        ]
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text)
    print(f"结果已写入：{out}", file=sys.stderr)
    return 0
