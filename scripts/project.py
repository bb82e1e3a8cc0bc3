"""The project's mkdocs.yml, loaded with Chinese errors, and what commands read from it."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
from pathlib import Path

import yaml
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

PLUGIN = "xuanjiao"


def load_mkdocs_config(config_file: str, **overrides):
    """MkDocs' config, every problem of it said as `mkdocs.yml:line: 错误: …` and exit 1."""
    try:
        with _collect_config_errors() as errors:
            return load_config(config_file, **overrides)
    except (ConfigurationError, Abort, OSError, yaml.YAMLError) as error:
        text = _read_config_text(config_file)
        for name, message in errors or [("", str(error))]:
            line, option, message = _config_line(text, name, message)
            where = f"配置项 {option} " if option else ""
            print(f"{config_file}:{line}: 错误: {where}{message}", file=sys.stderr)
        raise SystemExit(1) from None


_PLUGIN_OPTION = re.compile(r"Plugin '([^']+)' option '([^']+)': (.*)", re.S)


@contextlib.contextmanager
def _collect_config_errors():
    """MkDocs logs each config error before raising Abort; keep them to print in our form."""
    errors: list[tuple[str, str]] = []

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            match = re.match(r"Config value '([^']+)': (.*)", record.getMessage(), re.S)
            if match and record.levelno >= logging.ERROR:
                errors.append((match.group(1), match.group(2)))

    logger = logging.getLogger("mkdocs.config")
    handler, propagate = Catch(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False  # said once, in Chinese, by load_mkdocs_config
    try:
        yield errors
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _config_line(text: str, name: str, message: str) -> tuple[int, str, str]:
    """(line, option name, message) of one MkDocs config error."""
    plugin = _PLUGIN_OPTION.match(message)
    if plugin:
        name, message = plugin.group(2), plugin.group(3)
    message = message.strip().replace("\n", " ")
    if not name:
        return 1, "", f"配置文件有误：{message}"
    found = re.search(rf"^\s*-?\s*{re.escape(name)}\s*:", text, re.M)
    line = text.count("\n", 0, found.start()) + 1 if found else 1
    return line, name, message if re.search(r"[\u4e00-\u9fff]", message) else f"有误：{message}"


def _read_config_text(config_file: str) -> str:
    try:
        return Path(config_file).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""


def plugin_options(config):
    return config.plugins[PLUGIN].config


def project_root(config) -> Path:
    return Path(config.config_file_path).resolve().parent
