"""QR codes of page addresses, made at build time as inline SVG (segno; nothing online)."""

from __future__ import annotations

import posixpath
from functools import cache
from urllib.parse import quote

import segno
from markupsafe import Markup


def absolute_url(site_url: str | None, dest_uri: str) -> str | None:
    """The page's address on the intranet, from mkdocs.yml's site_url; None when unset."""
    if not site_url:
        return None
    base = site_url if site_url.endswith("/") else site_url + "/"
    return base + quote(posixpath.normpath(dest_uri).lstrip("/"), safe="/")


@cache
def qr_svg(url: str) -> Markup:
    """A scalable SVG (viewBox only, sized by CSS) with one path: about 1–2 KB."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(
        scale=1, border=4, dark="#000", light="#fff", omitsize=True, svgclass="xl-qr__code", title="本页二维码"
    )
    return Markup(svg)
