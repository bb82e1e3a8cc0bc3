"""`check` and the atomic `build`: validate everything, publish only a complete site."""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from .features import validate_site
from .outdir import STAGING_INFIX, BuildLock, mark, output_problem, recover, swap_in

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def load_mkdocs_config(config_file: str, **overrides):
    """MkDocs' config, every problem of it said as `mkdocs.yml:line: 错误: …` and exit 1."""
    try:
        with _collect_config_errors() as errors:
            return load_config(config_file, **overrides)
    except (ConfigurationError, Abort, OSError, yaml.YAMLError) as error:
        text = _read_config_text(config_file)
        lines = errors or [("", str(error))]
        for name, message in lines:
            line, option, message = _config_line(text, name, message)
            print(f"{config_file}:{line}: 错误: 配置项 {option} {message}".replace("配置项  ", ""), file=sys.stderr)
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
    logger.propagate = False  # said once, in Chinese, below
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
    return config.plugins["xuanjiao"].config


def check(config_file: str = "mkdocs.yml", include_drafts: bool = False) -> int:
    """Validate every material and docs page; print every problem; 1 on any error."""
    config = load_mkdocs_config(config_file)
    root = Path(config.config_file_path).resolve().parent
    catalog, _ = validate_site(plugin_options(config), root, Path(config.docs_dir), include_drafts=include_drafts)
    catalog.problems.report(sys.stderr)
    counts = {kind.label: len(catalog.items[kind.key]) for kind in catalog.types}
    summary = "，".join(f"{label} {count} 篇" for label, count in counts.items())
    if catalog.problems.errors:
        print(f"检查未通过：{catalog.problems.summary()}。", file=sys.stderr)
        return 1
    print(f"检查通过：{summary}；{catalog.problems.summary()}。")
    return 0


def build(config_file: str = "mkdocs.yml", site_dir: str | None = None, **overrides) -> int:
    """Build into a temporary folder beside site_dir and swap it in only on success.

    One build at a time per output folder (a lock beside it); what a killed build left is
    cleaned up first; the swap never leaves a moment without a complete site (outdir.swap_in).
    """
    config = load_mkdocs_config(config_file, **overrides)
    target = Path(site_dir or config.site_dir).resolve()
    root = Path(config.config_file_path).resolve().parent
    # Checked against the real target: the staging config below would hide it from every later check.
    problem = output_problem(target, root, (Path(config.docs_dir),))
    if problem:
        print(f"错误: {problem}", file=sys.stderr)
        return 1
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        lock = BuildLock(target)
        busy = lock.acquire()
    except OSError as error:
        print(f"错误: 无法在 {target.parent} 中写入：{_reason(error)}", file=sys.stderr)
        return 1
    if busy:
        print(f"错误: {busy}", file=sys.stderr)
        return 1
    with lock:
        for note in recover(target):
            print(note, file=sys.stderr)
        return _build_locked(config_file, target, overrides)


def _build_locked(config_file: str, target: Path, overrides: dict) -> int:
    try:
        staging = Path(tempfile.mkdtemp(prefix=f"{target.name}{STAGING_INFIX}", dir=target.parent))
    except OSError as error:
        print(f"错误: 无法在 {target.parent} 中创建临时文件夹：{_reason(error)}", file=sys.stderr)
        return 1
    config = load_mkdocs_config(config_file, site_dir=str(staging), **overrides)
    _quiet_mkdocs()
    try:
        # As `mkdocs build` does: plugin instances outlive one build within a process.
        config.plugins.on_startup(command="build", dirty=False)
        mkdocs_build(config)
        mark(staging)
    except (Abort, SystemExit, Exception) as error:  # noqa: BLE001 — any failure must leave site/ alone
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, Abort):
            message = str(error)
        elif isinstance(error, OSError):
            message = f"错误: 构建时无法写入文件：{_reason(error)}"
        else:
            message = f"构建失败：{error!r}"
        print(message.strip(), file=sys.stderr)
        print(f"已保留原来的网站：{target}", file=sys.stderr)
        return 1
    try:
        swap_in(staging, target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"错误: 无法替换 {target}：{_reason(error)}；已保留原来的网站", file=sys.stderr)
        return 1
    print(f"网站已生成：{target}")
    return 0


def _reason(error: OSError) -> str:
    """An OSError in Chinese, with the file it concerns."""
    reasons = {
        errno.EACCES: "没有写入权限",
        errno.EPERM: "没有写入权限",
        errno.EROFS: "文件系统是只读的",
        errno.ENOSPC: "磁盘空间不足",
        errno.ENOENT: "文件夹不存在",
        errno.ENOTDIR: "路径中有一部分不是文件夹",
        errno.EISDIR: "这是一个文件夹",
        errno.EEXIST: "文件已存在",
        errno.ENAMETOOLONG: "文件名太长",
    }
    text = reasons.get(error.errno, error.strerror or type(error).__name__)
    return f"{text}（{error.filename}）" if error.filename else text


def _quiet_mkdocs() -> None:
    # Our own lines carry the problems; MkDocs' INFO chatter would bury them.
    if not logging.getLogger("mkdocs").handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)


def register(commands) -> None:
    parser = commands.add_parser("check", help="检查全部材料，列出所有问题")
    parser.add_argument("--drafts", action="store_true", help="把草稿也当作要发布的内容检查")
    parser.set_defaults(run=lambda args: check(args.config_file, include_drafts=args.drafts))

    parser = commands.add_parser("build", help="检查后生成网站（失败时保留原来的网站）")
    parser.add_argument("-d", "--site-dir", default=None, help="输出目录（默认 site/；--offline 时默认 site.offline/）")
    parser.add_argument("--offline", action="store_true", help="生成可直接从文件夹（U 盘）打开的离线网站")
    parser.set_defaults(run=_run_build)


def _run_build(args) -> int:
    if args.offline:
        from .delivery.offline import build_offline

        return build_offline(args.config_file, site_dir=args.site_dir)
    return build(args.config_file, site_dir=args.site_dir)
