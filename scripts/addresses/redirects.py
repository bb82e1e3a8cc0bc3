"""Which old addresses redirect where, and the small page that does it (nginx, IIS and file://)."""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import escape

from .record import DELETED, Record


@dataclass(frozen=True)
class Redirect:
    old: str
    new: str
    line: int
    message: str | None  # the 警告, when there is something to say


def plan(record: Record, published: dict[str, str], produced: set[str]) -> list[Redirect]:
    """Redirects for recorded addresses that this build no longer serves.

    `published`: address → src_uri of the pages that links may point to; `produced`: every output file.
    """
    by_source = {src_uri: address for address, src_uri in sorted(published.items())}
    redirects = []
    for old, value in sorted(record.entries.items()):
        if old in produced or value == DELETED:
            continue
        line = record.line_of(old)
        new = by_source.get(value)
        if new is not None:
            # Said once: after `build` has recorded the new address, the redirect is known.
            known = new in record.entries
            message = None if known else f"页面地址已改变：{old} → {new}（{value}）；旧地址会跳转到新地址"
            redirects.append(Redirect(old, new, line, message))
            continue
        fallback = _section_index(old, produced)
        message = (
            f"页面 {old}（{value}）已不存在，旧地址暂时跳转到 {fallback}；"
            f"如果改了文件名，请把 {record.rel} 第 {line} 行冒号后面改成新的源文件；"
            f"如果是有意删除，请改成 {DELETED}"
        )
        redirects.append(Redirect(old, fallback, line, message))
    return redirects


def _section_index(address: str, produced: set[str]) -> str:
    section = address.split("/", 1)[0] if "/" in address else ""
    candidate = f"{section}/index.html" if section else "index.html"
    return candidate if candidate in produced else "index.html"


def redirect_html(old: str, new: str) -> str:
    """A page that forwards to `new`, relative to `old`, keeping the #fragment (JS) — with a plain link."""
    href = quote(posixpath.relpath(new, posixpath.dirname(old) or "."), safe="/")
    attr = escape(href)
    script = json.dumps(href).replace("</", "<\\/")
    return (
        "<!doctype html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={attr}">\n'
        f'<link rel="canonical" href="{attr}">\n'
        "<title>页面已移动</title>\n"
        f"<script>location.replace({script} + location.hash);</script>\n"
        "</head>\n<body>\n"
        f'<p>这个页面已移到新的地址：<a href="{attr}">点击打开</a>。</p>\n'
        "</body>\n</html>\n"
    )
