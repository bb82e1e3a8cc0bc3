"""Command line: `python -m scripts <command>`.

Commands come from modules listed in `registry.COMMAND_MODULES`; each has
`register(commands)` that adds its sub-parsers with `set_defaults(run=function)`.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from . import registry


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts", description="党员学习教育网站的构建工具")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="MkDocs 配置文件（默认 mkdocs.yml）")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令")
    for name in registry.COMMAND_MODULES:
        importlib.import_module(name).register(commands)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
