"""The project's mkdocs.yml, loaded with Chinese errors, and what commands read from it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

PLUGIN = "xuanjiao"


def load_mkdocs_config(config_file: str, **overrides):
    try:
        return load_config(config_file, **overrides)
    except (ConfigurationError, OSError) as error:
        print(f"{config_file}:1: 错误: 配置文件有误：{error}", file=sys.stderr)
        raise SystemExit(1) from None


def plugin_options(config):
    return config.plugins[PLUGIN].config


def project_root(config) -> Path:
    return Path(config.config_file_path).resolve().parent
