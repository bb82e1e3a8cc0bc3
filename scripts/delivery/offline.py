"""`python -m scripts build --offline`: a site that works opened straight from a folder (file://).

The normal build is already close: relative links, `.html` pages, classic scripts, no fetch for
the reading tools. This build additionally
- tells features it is offline (`is_offline(options)`), so they can ship `.js` data files
  instead of JSON they would fetch (Chromium refuses fetch() and module scripts from file://);
- points every link to a folder at the folder's index.html (file:// shows no index pages);
- checks that every local link and picture resolves to a file, and warns about those that do not;
- writes 打开网站.html at the top, a shortcut for people who open the stick in Explorer.
"""

from __future__ import annotations

import os
import re
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

OFFLINE_ENV = "XUANJIAO_OFFLINE"
DEFAULT_DIR = "site.offline"
LINK = re.compile(r'(?P<attr>\b(?:href|src|poster|data-xl-page)=")(?P<url>[^"]*)"')
START_PAGE = "打开网站.html"


def is_offline(options=None) -> bool:
    """True while building for file:// (the option `delivery_offline` or `build --offline`)."""
    return bool(options is not None and options.get("delivery_offline")) or os.environ.get(OFFLINE_ENV) == "1"


@contextmanager
def offline_mode():
    previous = os.environ.get(OFFLINE_ENV)
    os.environ[OFFLINE_ENV] = "1"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(OFFLINE_ENV, None)
        else:
            os.environ[OFFLINE_ENV] = previous


def build_offline(config_file: str = "mkdocs.yml", site_dir: str | None = None) -> int:
    from ..build import build

    if site_dir is None:
        site_dir = str(Path(config_file).resolve().parent / DEFAULT_DIR)
    with offline_mode():
        code = build(config_file, site_dir=site_dir)
    if code:
        return code
    site = Path(site_dir).resolve()
    fixed = link_folders_to_index(site)
    missing = broken_links(site)
    for page, url in missing:
        print(f"{page}:1: 警告: 离线网站中的链接打不开：{url}", file=sys.stderr)
    (site / START_PAGE).write_text(_start_page(), encoding="utf-8")
    print(f"离线网站已生成：{site}（{fixed} 处目录链接已改为 index.html）")
    print(f"复制整个文件夹到 U 盘，双击其中的 {START_PAGE} 或 index.html 即可在浏览器中阅读。")
    return 0


def _local(url: str) -> bool:
    parts = urlsplit(url)
    return not (parts.scheme or parts.netloc or url.startswith(("#", "/")) or not parts.path)


def _pages(site: Path):
    for page in sorted(site.rglob("*.html")):
        if page.name != "404.html":  # served by a web server at any depth; not used from file://
            yield page


def link_folders_to_index(site: Path) -> int:
    """Rewrite `href="units/"` to `href="units/index.html"` where that file exists; returns the count."""
    total = 0
    for page in _pages(site):
        text, count = _index_links(page, page.read_text(encoding="utf-8"))
        if count:
            page.write_text(text, encoding="utf-8")
            total += count
    return total


def _index_links(page: Path, text: str) -> tuple[str, int]:
    count = 0

    def fix(match: re.Match) -> str:
        nonlocal count
        url = match.group("url")
        if not _local(url):
            return match.group(0)
        parts = urlsplit(url)
        target = page.parent / unquote(parts.path)
        if not (target.is_dir() and (target / "index.html").is_file()):
            return match.group(0)
        count += 1
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        rest = (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
        return f'{match.group("attr")}{path}index.html{rest}"'

    return LINK.sub(fix, text), count


def broken_links(site: Path) -> list[tuple[str, str]]:
    """(page, url) for every local link or picture that does not resolve to a file in the site."""
    missing = []
    for page in _pages(site):
        for match in LINK.finditer(page.read_text(encoding="utf-8")):
            url = match.group("url").replace("&amp;", "&")
            if url.startswith("/") and not url.startswith("//"):
                missing.append((page.relative_to(site).as_posix(), url))
                continue
            if not _local(url):
                continue
            target = page.parent / unquote(urlsplit(url).path)
            if not target.is_file():
                missing.append((page.relative_to(site).as_posix(), url))
    return missing


def _start_page() -> str:
    return """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="0; url=index.html"><title>党员学习教育园地</title></head>
<body><p><a href="index.html">打开网站</a></p></body></html>
"""
