"""Command line: `python -m scripts <command>`.

Commands come from modules listed in `registry.COMMAND_MODULES`; each has
`register(commands)` that adds its sub-parsers with `set_defaults(run=function)`.

Every failure ends in Chinese with exit code 1: a content or usage mistake as its own
message, anything unexpected as one line naming a log file that holds the traceback.
Run with a Python that lacks the project's packages (the system `python` instead of
`.venv/bin/python`), it says how to run it: this file imports nothing from outside the
standard library before that check.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import os
import re
import sys
import tempfile
import traceback
from pathlib import Path

OWN_PACKAGE = __package__ or "scripts"

# argparse's English usage errors, said in Chinese.
_USAGE_ERRORS = [
    (re.compile(r"the following arguments are required: (.+)"), "缺少参数：{0}"),
    (
        re.compile(r"argument (\S+): invalid choice: '?([^' ]*)'? \(choose from (.+)\)"),
        "参数 {0} 的值 “{1}” 无效，可选：{2}",
    ),
    (re.compile(r"argument (\S+): expected one argument"), "参数 {0} 后面需要一个值"),
    (re.compile(r"argument (\S+): invalid (\w+) value: '(.*)'"), "参数 {0} 的值 “{2}” 无效"),
    (re.compile(r"unrecognized arguments: (.+)"), "不认识的参数：{0}"),
]


class ChineseParser(argparse.ArgumentParser):
    def error(self, message: str):
        for pattern, text in _USAGE_ERRORS:
            match = pattern.search(message)
            if match:
                message = text.format(*match.groups())
                break
        self.print_usage(sys.stderr)
        print(f"错误: {message}；用 {self.prog} -h 查看用法", file=sys.stderr)
        raise SystemExit(1)


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


def _load_registry():
    """The registry with every command module imported, or None when a package is missing."""
    if sys.version_info < (3, 11):  # noqa: UP036 — this file must explain itself to any Python
        _missing_environment(None)
        return None
    try:
        registry = importlib.import_module(f"{OWN_PACKAGE}.registry")
        for name in registry.COMMAND_MODULES:
            importlib.import_module(name)
    except ImportError as error:
        if error.name and not error.name.startswith(OWN_PACKAGE):
            _missing_environment(error)
            return None
        raise
    return registry


def main(argv: list[str] | None = None) -> int:
    registry = _load_registry()
    if registry is None:
        return 1
    parser = ChineseParser(prog="python -m scripts", description="党员学习教育网站的构建工具")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="MkDocs 配置文件（默认 mkdocs.yml）")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令", parser_class=ChineseParser)
    for name in registry.COMMAND_MODULES:
        importlib.import_module(name).register(commands)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("错误: 已中断（Ctrl+C）；正在构建的网站没有替换原来的网站", file=sys.stderr)
        return 1
    except SystemExit as stop:  # a command that stopped with its own Chinese message
        return stop.code if isinstance(stop.code, int) else 1
    except Exception:  # noqa: BLE001 — the last line of defence: one line, the details in a file
        log = write_error_log(argv if argv is not None else sys.argv[1:])
        error = sys.exc_info()[1]
        where = f"详细信息已写入 {log}，请把这个文件发给维护人员" if log else "详细信息无法写入日志文件"
        print(f"错误: 程序内部出错（{type(error).__name__}），这不是材料的问题。{where}", file=sys.stderr)
        return 1


def write_error_log(argv: list[str]) -> Path | None:
    """The traceback of the exception being handled, in a file of its own; its path (None if unwritable)."""
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = (
        f"命令: python -m scripts {' '.join(argv)}\n工作目录: {os.getcwd()}\nPython: {sys.version}\n\n"
        + traceback.format_exc()
    )
    for folder in (Path(tempfile.gettempdir()) / "xuanjiao-errors", Path.home()):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f"xuanjiao-error-{stamp}-", suffix=".log", dir=folder)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            return Path(name)
        except OSError:
            continue
    return None


if __name__ == "__main__":
    sys.exit(main())
