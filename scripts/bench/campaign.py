"""`python -m scripts bench campaign`: what the 宣教活动 pages add to a build.

On the deterministic corpus (default 1,000 items; `--sizes`), the same project is built in this
process without a campaign and with the sample campaign (nine activities, eight units, its records
and pictures; its links to sample materials left out, as the corpus has none). Reported: the full
build time of each (median of three), and inside the campaign builds the feature's own time —
validation, adding pages and files (thumbnails), and rendering its pages (in both of MkDocs'
passes, timed between this feature's hooks). Prints a Markdown table and writes bench-results/campaign.md.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

from .. import registry
from ..build import build
from ..campaign.feature import CampaignFeature
from ..corpus import write_corpus

PROJECT = Path(__file__).resolve().parent.parent.parent
SAMPLE = "2026宣教月.yml"
RUNS = 3


def now() -> float:
    """CPU seconds of this process: on a shared machine, wall time mostly measures the neighbours."""
    return time.process_time()


class Clock:
    def __init__(self):
        self.validate = self.add_files = self.render = 0.0
        self.pages = 0
        self.started: dict[str, float] = {}


def timed_feature(clock: Clock) -> type:
    class TimedCampaignFeature(CampaignFeature):
        def validate(self, catalog) -> None:
            start = now()
            super().validate(catalog)
            clock.validate += now() - start

        def add_files(self, site, files, config) -> None:
            start = now()
            super().add_files(site, files, config)
            clock.add_files += now() - start

        # MkDocs renders in two passes over all pages (Markdown → HTML, then HTML → template), so each
        # campaign page is timed in both: page_markdown → page_content and page_context → post_page.
        def page_markdown(self, markdown: str, page, site) -> str:
            self._start(page)
            return markdown

        def page_content(self, html: str, page, site) -> str:
            self._stop(page)
            return html

        def page_context(self, context: dict, page, site) -> None:
            self._start(page)

        def post_page(self, output: str, page, site) -> str:
            if self._stop(page):
                clock.pages += 1
            return output

        @staticmethod
        def _start(page) -> None:
            if page.file.src_uri.startswith("campaigns/"):
                clock.started[page.file.src_uri] = now()

        @staticmethod
        def _stop(page) -> bool:
            start = clock.started.pop(page.file.src_uri, None)
            if start is not None:
                clock.render += now() - start
            return start is not None

    return TimedCampaignFeature


def add_campaign(folder: Path) -> None:
    """The sample campaign and records, without links to the sample's materials and sessions."""
    data = yaml.safe_load((PROJECT / "materials" / "campaigns" / SAMPLE).read_text(encoding="utf-8"))
    for activity in data["activities"]:
        for key in ("materials", "quizzes", "sessions"):
            activity.pop(key, None)
    target = folder / "materials" / "campaigns"
    target.mkdir(parents=True, exist_ok=True)
    (target / SAMPLE).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    records = folder / "materials" / "records" / data["id"]
    shutil.copytree(PROJECT / "materials" / "records" / data["id"], records)
    for path in records.glob("*.yml"):
        unit = yaml.safe_load(path.read_text(encoding="utf-8"))
        for record in unit["records"]:
            record.pop("materials", None)
        path.write_text(yaml.safe_dump(unit, allow_unicode=True, sort_keys=False), encoding="utf-8")


def timed_build(folder: Path, clock: Clock | None) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one full build in this process."""
    index = registry.FEATURES.index(CampaignFeature)
    if clock is not None:
        registry.FEATURES[index] = timed_feature(clock)
    try:
        start, wall = now(), time.perf_counter()
        code = build(str(folder / "mkdocs.yml"), site_dir=str(folder / "site"))
        seconds, wall = now() - start, time.perf_counter() - wall
    finally:
        registry.FEATURES[index] = CampaignFeature
    if code != 0:
        raise SystemExit(f"构建失败：{folder}")
    return seconds, wall


def bench_size(n: int, work: Path) -> dict:
    plain, with_campaign = work / f"plain-{n}", work / f"campaign-{n}"
    write_corpus(plain, n)
    write_corpus(with_campaign, n)
    add_campaign(with_campaign)
    clock = Clock()
    row: dict = {"n": n, "without": [], "with": []}
    for _ in range(RUNS):
        print(f"[{n}] 构建（无宣教活动）…", file=sys.stderr)
        row["without"].append(timed_build(plain, None))
        print(f"[{n}] 构建（示例宣教活动）…", file=sys.stderr)
        row["with"].append(timed_build(with_campaign, clock))
    row["clock"] = clock
    row["files"] = sum(1 for p in (with_campaign / "site" / "campaigns").rglob("*") if p.is_file())
    return row


def table(rows: list[dict]) -> str:
    lines = [
        "| 语料 | 构建（无宣教活动） | 构建（示例宣教活动） | 差值 | 宣教活动页面 | 其中：检查 | 加页面和文件（含缩略图） | 渲染页面 |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        without = statistics.median(cpu for cpu, _ in row["without"])
        with_ = statistics.median(cpu for cpu, _ in row["with"])
        walls = [wall for _, wall in row["without"] + row["with"]]
        clock, runs = row["clock"], len(row["with"])
        pages = clock.pages // runs
        lines.append(
            f"| {row['n']:,} | {without:.1f} s | {with_:.1f} s | {with_ - without:+.1f} s | "
            f"{pages} 页、{row['files'] - pages} 个文件 | {clock.validate / runs * 1000:.0f} ms | "
            f"{clock.add_files / runs * 1000:.0f} ms | {clock.render / runs * 1000:.0f} ms |"
        )
        lines.append(f"\n（这 {len(walls)} 次构建的墙钟时间 {min(walls):.1f}–{max(walls):.1f} s。）")
    return "\n".join(lines)


def run(args) -> int:
    sizes = [int(size) for size in args.sizes.split(",")] if args.sizes else [1000]
    load = " / ".join(f"{value:.1f}" for value in os.getloadavg())
    out = Path(args.out or PROJECT / "bench-results" / "campaign.md")
    with tempfile.TemporaryDirectory(prefix="xl-bench-campaign-") as work:
        rows = [bench_size(n, Path(work)) for n in sizes]
    machine = f"{os.cpu_count()} 核，Python {sys.version.split()[0]}，{time.strftime('%Y-%m-%d %H:%M')}"
    text = "\n".join(
        [
            "# 宣教活动页面的构建开销",
            "",
            f"机器：{machine}，测量开始时负载 {load}。时间是本进程的 CPU 时间（time.process_time，"
            "机器与其他进程共用时墙钟时间主要反映别人的负载）；整站构建取 "
            f"{RUNS} 次的中位数，后三列是宣教活动功能自己的时间（{RUNS} 次平均）。",
            "",
            table(rows),
            "",
        ]
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text)
    print(f"结果已写入：{out}", file=sys.stderr)
    return 0
