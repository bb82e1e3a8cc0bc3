"""`python -m scripts bench proof`: 规范表述 proofreading time on the sample site and on corpora.

Each measurement runs in its own process (a cold start: jieba's word list and the dictionary
are loaded once, as in one `check`), and reports wall and CPU time of the proofreading alone,
files, findings and time per file, so linear growth can be read off the table.
Writes bench-results/proof.md (or --out).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..corpus import write_corpus

PROJECT = Path(__file__).resolve().parent.parent.parent
DEFAULT_SIZES = [200, 1000, 5000]

_MEASURE = """
import json, sys, time
from pathlib import Path
from scripts.project import load_mkdocs_config, plugin_options
from scripts.problems import Problems
from scripts.proof import proof_file
from scripts.proof.feature import cached_dictionary, dictionary_path, proofread_files

root = Path(sys.argv[1])
options = plugin_options(load_mkdocs_config(str(root / "mkdocs.yml")))
wall, cpu = time.perf_counter(), time.process_time()
problems = Problems()
dictionary = cached_dictionary(dictionary_path(options, root), "dictionary", problems)
files = proofread_files(options, root)
findings = sum(len(proof_file(path, path.name, dictionary, problems)) for path in files)
print(json.dumps({"files": len(files), "findings": findings,
                  "wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}))
"""


def measure(root: Path) -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(PROJECT)}
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(root)], capture_output=True, text=True, env=env)
    if out.returncode:
        raise RuntimeError(out.stderr.strip())
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(args) -> int:
    sizes = [int(size) for size in args.sizes.split(",")] if args.sizes else DEFAULT_SIZES
    out = Path(args.out or PROJECT / "bench-results" / "proof.md")
    rows = [("示例网站", measure(PROJECT))]
    with tempfile.TemporaryDirectory(prefix="xl-bench-proof-") as work:
        for n in sizes:
            folder = Path(work) / str(n)
            write_corpus(folder, n)
            dictionary = PROJECT / "materials" / "规范表述.yml"
            (folder / "materials" / dictionary.name).write_bytes(dictionary.read_bytes())
            rows.append((f"{n:,} 篇语料", measure(folder)))
    machine = f"{os.cpu_count()} 核，Python {sys.version.split()[0]}，{time.strftime('%Y-%m-%d %H:%M')}"
    lines = [
        "# 规范表述校对基准",
        "",
        f"机器：{machine}。每行在单独的进程中运行（冷启动：含读取 jieba 词表和规范表述词典）。",
        "",
        "| 对象 | 文件 | 发现 | 用时（墙钟） | CPU | 每个文件 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, row in rows:
        per_file = row["wall"] / max(1, row["files"]) * 1000
        lines.append(
            f"| {label} | {row['files']} | {row['findings']} | {row['wall']:.2f} s | {row['cpu']:.2f} s | {per_file:.2f} ms |"
        )
    sample = rows[0][1]
    lines += [
        "",
        "墙钟时间受机器上其他进程影响（共用的机器上可能是 CPU 时间的数倍），目标按 CPU 时间判断：",
        f"- 示例网站 < 2 s：CPU {sample['cpu']:.2f} s {'✔' if sample['cpu'] < 2 else '✘'}（墙钟 {sample['wall']:.2f} s）",
    ]
    by_size = dict(zip(sizes, [row for _, row in rows[1:]], strict=True))
    if 1000 in by_size and 5000 in by_size:
        small, large = by_size[1000], by_size[5000]
        ratio = (large["cpu"] / large["files"]) / (small["cpu"] / small["files"])
        lines.append(
            f"- 线性：5,000 篇与 1,000 篇每个文件的 CPU 时间之比 {ratio:.2f}（≤ 1.25 视为线性）{'✔' if ratio <= 1.25 else '✘'}"
        )
    text = "\n".join(lines + [""])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text)
    print(f"结果已写入：{out}", file=sys.stderr)
    return 0
