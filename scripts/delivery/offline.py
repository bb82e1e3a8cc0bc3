"""The USB version (`python -m scripts build --offline`, or the plugin option `delivery_offline`):
a site that works opened straight from a folder (file://).

The normal build is already close: relative links, `.html` pages, classic scripts (data files
included), no fetch for the reading tools. Inside the build (DeliveryFeature.post_build, so into
the staging folder and as atomic as any build), this
- moves the whole site into one folder, SITE_FOLDER, so that the stick's top level shows only
  打开网站.html and that folder (`usb_layout`);
- points every link to a folder at the folder's index.html (file:// shows no index pages);
- checks that every local link and picture resolves to a file, and warns about those that do not.
Opened from file:// without site_url, pages show no QR code (head-extra.html, xl.css): it would hold
a file:// address, which no phone can open.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

LINK = re.compile(r'(?P<attr>\b(?:href|src|poster|data-xl-page)=")(?P<url>[^"]*)"')
START_PAGE = "打开网站.html"
SITE_FOLDER = "网站文件"


def finish_offline(site: Path) -> None:
    """Make a freshly built site work from file://; problems are printed as warnings."""
    folder = usb_layout(site)
    fixed = link_folders_to_index(folder)
    for page, url in broken_links(folder):
        print(f"{SITE_FOLDER}/{page}:1: 警告: 离线网站中的链接打不开：{url}", file=sys.stderr)
    print(f"离线版：{fixed} 处目录链接已改为 index.html", file=sys.stderr)


def usb_layout(site: Path) -> Path:
    """Leave only START_PAGE and SITE_FOLDER at the top of `site`; returns the folder holding the site.

    Links inside the site are relative, so they work unchanged one level down."""
    folder = site / SITE_FOLDER
    folder.mkdir()
    for entry in sorted(site.iterdir()):
        if entry != folder:
            entry.rename(folder / entry.name)
    (site / START_PAGE).write_text(_start_page(f"{SITE_FOLDER}/index.html"), encoding="utf-8")
    return folder


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


def _start_page(home: str) -> str:
    url = quote(home)
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="0; url={url}"><title>党员学习教育园地</title></head>
<body><p><a href="{url}">打开网站</a></p></body></html>
"""
