"""Command line: `python -m scripts <command>`.

Commands come from modules listed in `registry.COMMAND_MODULES`; each has
`register(commands)` that adds its sub-parsers with `set_defaults(run=function)`.

Run with a Python that lacks the project's packages (the system `python` instead of
`.venv/bin/python`), it prints how to run it instead of a traceback: this file imports
nothing from outside the standard library before that check.
"""

from __future__ import annotations

import argparse
import importlib
import sys

OWN_PACKAGE = __package__ or "scripts"


def _missing_environment(error: ImportError | None) -> int:
    command = " ".join(sys.argv[1:]) or "check"
    found = f"（缺少 {error.name}）" if error is not None and error.name else ""
    version = ".".join(map(str, sys.version_info[:2]))
    print(
        f"错误: 当前的 Python（{sys.executable}，版本 {version}）没有安装本项目需要的软件包{found}。\n"
        "请先在项目文件夹中运行 make serve 或 make check（会自动建好 .venv 运行环境），然后：\n"
        f"  make check / make site / make proof，或 .venv/bin/python -m scripts {command}\n"
        f"  Windows：.venv\\Scripts\\python -m scripts {command}\n"
        "没有 make 的电脑上建立运行环境的步骤见 README.md“Windows 上手工安装”。",
        file=sys.stderr,
    )
    return 1


def main(argv: list[str] | None = None) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 — this file must explain itself to any Python
        return _missing_environment(None)
    try:
        registry = importlib.import_module(f"{OWN_PACKAGE}.registry")
        for name in registry.COMMAND_MODULES:
            importlib.import_module(name)
    except ImportError as error:
        if error.name and not error.name.startswith(OWN_PACKAGE):
            return _missing_environment(error)
        raise
    parser = argparse.ArgumentParser(prog="python -m scripts", description="党员学习教育网站的构建工具")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="MkDocs 配置文件（默认 mkdocs.yml）")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令")
    for name in registry.COMMAND_MODULES:
        importlib.import_module(name).register(commands)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
