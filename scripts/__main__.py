"""Command line: `python -m scripts <command>`."""

from __future__ import annotations

import argparse
import sys

from . import build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts", description="党员学习教育网站的构建工具")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="MkDocs 配置文件（默认 mkdocs.yml）")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令")

    check = commands.add_parser("check", help="检查全部材料，列出所有问题")
    check.add_argument("--drafts", action="store_true", help="同时检查草稿之间的链接")

    site = commands.add_parser("build", help="检查后生成网站（失败时保留原来的网站）")
    site.add_argument("-d", "--site-dir", default=None, help="输出目录（默认 site/）")

    args = parser.parse_args(argv)
    if args.command == "check":
        return build.check(args.config_file, include_drafts=args.drafts)
    if args.command == "build":
        return build.build(args.config_file, site_dir=args.site_dir)
    return 2


if __name__ == "__main__":
    sys.exit(main())
