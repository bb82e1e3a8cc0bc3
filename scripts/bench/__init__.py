"""`python -m scripts bench [build|search|campaign]`: benchmarks against plain Material for MkDocs.

Not timed tests: tools people run. Each suite prints a Markdown table and writes it to a file.
"""

from __future__ import annotations

import importlib

SUITES = {
    "build": "scripts.bench.build",  # issue: delivery (build time, memory, page weight, serve rebuild)
    "search": "scripts.bench.search",  # issue: Chinese search (recall, precision, bytes, latency)
    "proof": "scripts.bench.proof",  # issue 14: 规范表述 proofreading time, sample site and corpora
    "campaign": "scripts.bench.campaign",  # issue 15: what the 宣教活动 pages add to a build
}


def register(commands) -> None:
    parser = commands.add_parser("bench", help="性能基准测试（与原版 Material for MkDocs 对比）")
    parser.add_argument("suite", nargs="?", default="build", choices=sorted(SUITES), help="测试项目（默认 build）")
    parser.add_argument("--sizes", default=None, help="语料规模，逗号分隔，例如 200,1000,5000")
    parser.add_argument("--out", default=None, help="结果表格写入的文件（Markdown）")
    parser.add_argument(
        "--pagefind",
        action="append",
        metavar="BIN",
        help="（仅 search）同时测量这个 Pagefind 可执行文件，可重复给出以比较不同版本",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    return importlib.import_module(SUITES[args.suite]).run(args)
