"""`check` and the atomic `build`: validate everything, publish only a complete site."""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.exceptions import Abort

from .addresses.feature import record_after_build
from .delivery.offline import START_PAGE
from .oserrors import reason
from .outdir import STAGING_INFIX, BuildLock, mark, output_problem, recover, swap_in
from .project import load_mkdocs_config, plugin_options, project_root
from .registry import validate_site

OFFLINE_DIR = "site.offline"


def check(config_file: str = "mkdocs.yml", include_drafts: bool = False) -> int:
    """Validate every material and docs page; print every problem; 1 on any error."""
    config = load_mkdocs_config(config_file)
    root = project_root(config)
    options = plugin_options(config)
    catalog, features = validate_site(options, root, Path(config.docs_dir), include_drafts=include_drafts)
    catalog.problems.report(sys.stderr)
    summary = "，".join(_counts(catalog, features))
    if catalog.problems.errors:
        print(f"检查未通过：{summary}；{catalog.problems.summary()}。", file=sys.stderr)
        return 1
    print(f"检查通过：{summary}；{catalog.problems.summary()}。")
    return 0


def _counts(catalog, features) -> list[str]:
    """One entry per kind: 学习单元 10 篇（另有 1 篇有错误）… then each feature's (banks, sessions)."""
    out = []
    for kind in catalog.types:
        text = f"{kind.label} {len(catalog.items[kind.key])} 篇"
        broken = sum(entry.kind == kind.key for entry in catalog.broken)
        drafts = sum(item.kind.key == kind.key for item in catalog.drafts)
        extra = ([f"草稿 {drafts} 篇"] if drafts else []) + ([f"另有 {broken} 篇有错误"] if broken else [])
        out.append(text + (f"（{'，'.join(extra)}）" if extra else ""))
    for feature in features:
        out += feature.counts()
    return out


def build(
    config_file: str = "mkdocs.yml",
    site_dir: str | None = None,
    offline: bool = False,
    record: bool = False,
    **overrides,
) -> int:
    """Build into a temporary folder beside site_dir and swap it in only on success.

    `offline`: the USB version (the plugin's `delivery_offline`, done inside the build, so it is
    as atomic as any other), into site.offline/ unless `site_dir` says otherwise.
    `record`: then add the addresses it published to materials/addresses.yml (`python -m scripts build`).
    One build at a time per output folder (a lock beside it); what a killed build left is
    cleaned up first; the swap never leaves a moment without a complete site (outdir.swap_in)."""
    config = load_mkdocs_config(config_file, **overrides)
    root = project_root(config)
    default = root / OFFLINE_DIR if offline else config.site_dir
    target = Path(site_dir or default).resolve()
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
        print(f"错误: 无法在 {target.parent} 中写入：{reason(error)}", file=sys.stderr)
        return 1
    if busy:
        print(f"错误: {busy}", file=sys.stderr)
        return 1
    with lock:
        for note in recover(target):
            print(note, file=sys.stderr)
        return _build_locked(config_file, target, offline, record, overrides)


def _build_locked(config_file: str, target: Path, offline: bool, record: bool, overrides: dict) -> int:
    try:
        staging = Path(tempfile.mkdtemp(prefix=f"{target.name}{STAGING_INFIX}", dir=target.parent))
    except OSError as error:
        print(f"错误: 无法在 {target.parent} 中创建临时文件夹：{reason(error)}", file=sys.stderr)
        return 1
    config = load_mkdocs_config(config_file, site_dir=str(staging), **overrides)
    if offline:
        plugin_options(config)["delivery_offline"] = True
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
            message = f"错误: 构建时无法写入文件：{reason(error)}"
        else:
            message = f"构建失败：{error!r}"
        print(message.strip(), file=sys.stderr)
        print(f"已保留原来的网站：{target}", file=sys.stderr)
        return 1
    try:
        swap_in(staging, target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"错误: 无法替换 {target}：{reason(error)}；已保留原来的网站", file=sys.stderr)
        return 1
    print(f"网站已生成：{target}")
    if offline:
        print(f"复制整个文件夹到 U 盘，双击其中的 {START_PAGE} 即可在浏览器中阅读。")
    if record:
        message = record_after_build(config.plugins["xuanjiao"].features)
        if message:
            print(message)
    return 0


class _CurrentStderr(logging.StreamHandler):
    """Writes to sys.stderr as it is now: a build in a later test (or a redirected run) is not sent
    to a stream that was closed since the handler was made."""

    def emit(self, record):
        self.stream = sys.stderr
        super().emit(record)


def _quiet_mkdocs() -> None:
    # Our own lines carry the problems; MkDocs' INFO chatter would bury them.
    if not logging.getLogger("mkdocs").handlers:
        handler = _CurrentStderr()
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
    return build(args.config_file, site_dir=args.site_dir, offline=args.offline, record=True)
