"""Phone-sized copies of large pictures in materials/, and the <img> rewriting that uses them.

A picture wider than `delivery_image_width` (or heavier than `SMALL_ENOUGH` bytes) gets a copy
`<kind>/_phone/<name>.jpg|png`, at most that wide and compressed. Pages show the copy with
`loading="lazy"`. Every picture from materials that is not already a link becomes a link to its
original: viewer.js opens it full-screen; without JavaScript the browser opens the file.
"""

from __future__ import annotations

import io
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from markupsafe import escape

RASTER = {".jpg", ".jpeg", ".png", ".webp"}
SMALL_ENOUGH = 200_000  # bytes: a picture this light and narrow enough is served as it is
PHONE_FOLDER = "_phone"

_cache: dict[tuple, Phone | None] = {}


@dataclass(frozen=True)
class Phone:
    """A phone-sized copy of one picture."""

    data: bytes
    ext: str
    width: int
    height: int


def phone_uri(src_uri: str, ext: str) -> str:
    folder, name = posixpath.split(src_uri)
    return posixpath.join(folder, PHONE_FOLDER, posixpath.splitext(name)[0] + ext)


def make_phone(path: Path, max_width: int = 1080, quality: int = 80) -> Phone | None:
    """The phone copy of `path`, or None when the original is already small (cached per file state)."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size, max_width, quality)
    if key not in _cache:
        _cache[key] = _render(path, stat.st_size, max_width, quality)
    return _cache[key]


def _render(path: Path, size: int, max_width: int, quality: int) -> Phone | None:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(path) as opened:
            if getattr(opened, "n_frames", 1) > 1:
                return None  # animations stay as they are
            image = ImageOps.exif_transpose(opened)
            image.load()
    except (UnidentifiedImageError, OSError):
        return None
    if image.width <= max_width and size <= SMALL_ENOUGH:
        return None
    if image.width > max_width:
        height = max(1, round(image.height * max_width / image.width))
        image = image.resize((max_width, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if image.mode in ("RGBA", "LA", "P") and _has_alpha(image):
        image.save(out, "PNG", optimize=True)
        ext = ".png"
    else:
        image.convert("RGB").save(out, "JPEG", quality=quality, optimize=True, progressive=True)
        ext = ".jpg"
    if out.tell() >= size and image.width <= max_width and size <= SMALL_ENOUGH:
        return None
    return Phone(out.getvalue(), ext, image.width, image.height)


def _has_alpha(image) -> bool:
    if image.mode == "P":
        return "transparency" in image.info
    return image.getchannel("A").getextrema()[0] < 255


# Starts with a literal "<" so the regex engine skips straight to tags (an optional group first
# would make it try every character of the page); group 1 is an <a …> right before the picture,
# without its "<".
IMG = re.compile(r"<(?:(a\b[^>]*>\s*)<)?img\b([^>]*?)\s*/?>", re.IGNORECASE)
SRC = re.compile(r'(?<![\w-])src="([^"]*)"')
ALT = re.compile(r'(?<![\w-])alt="([^"]*)"')


def rewrite_images(html: str, page_dest: str, phones: dict[str, tuple[str, Phone]], kinds: tuple[str, ...]) -> str:
    """Point <img> at phone copies, lazy-load pictures from materials, link bare pictures to the original.

    `phones` maps the dest path of an original to (dest path of its copy, the copy).
    """
    base = posixpath.dirname(page_dest)

    def replace(match: re.Match) -> str:
        opener, attrs = "<" + match.group(1) if match.group(1) else "", match.group(2)
        src = SRC.search(attrs)
        if not src or "://" in src.group(1) or src.group(1).startswith(("data:", "/", "#")):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(base, unquote(src.group(1).split("#")[0].split("?")[0])))
        if not target.startswith(tuple(kind + "/" for kind in kinds)):
            return match.group(0)
        copy = phones.get(target)
        if copy:
            url = quote(posixpath.relpath(copy[0], base or "."))
            attrs = attrs[: src.start(1)] + str(escape(url)) + attrs[src.end(1) :]
            if " width=" not in attrs:
                attrs += f' width="{copy[1].width}" height="{copy[1].height}"'
        if "loading=" not in attrs:
            attrs += ' loading="lazy"'
        if "decoding=" not in attrs:
            attrs += ' decoding="async"'
        img = f"<img{attrs}>"
        if opener or _inside_link(html, match.start()):
            return opener + img
        alt = ALT.search(attrs)
        label = f"放大查看：{alt.group(1)}" if alt and alt.group(1).strip() else "放大查看图片"
        return f'<a class="xl-original" href="{escape(src.group(1))}" aria-label="{label}">{img}</a>'

    return IMG.sub(replace, html)


def _inside_link(html: str, position: int) -> bool:
    """True when an <a> opened before `position` is not closed yet (a picture inside linked text)."""
    return html.rfind("<a ", 0, position) > html.rfind("</a>", 0, position)
