"""孝廉文化作品: paper-cuts, 楚剧, 小品 scripts, family stories, with local media."""

from __future__ import annotations

import posixpath
import re

from ..hygiene import show
from ..problems import Problems
from ..schema import Choice, MediaList, Text
from .base import ContentType, Item

IMAGE_TYPES = {".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp"}
AUDIO_TYPES = {".mp3", ".m4a", ".ogg", ".wav", ".aac"}
VIDEO_TYPES = {".mp4", ".webm", ".m4v", ".ogv"}
# 角色：台词 — a role of at most 8 characters, then a full-width colon.
_DIALOGUE_LINE = re.compile(r"^([^\s：<>]{1,8})：(.+)$")
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_STAGE_DIRECTION = re.compile(r"^[（(].*[)）]$")


def content_type(config) -> ContentType:
    fields = {
        "form": Choice("作品形式", required=True, choices=tuple(config.culture_forms), shown="value"),
        "author": Text("作者", default="", shown="inline"),
        "media": MediaList("媒体文件", default=[], shown="value"),  # the captions
    }
    return ContentType(
        key="culture",
        label="孝廉文化",
        fields=fields,
        template="xl/culture.html",
        facet="form",
        facet_label="作品形式",
        check=check_media,
        render=render_script,
        home_hint="剪纸 · 楚剧 · 小品 · 家风",
        latest_heading="最新孝廉文化作品",
    )


MEDIA_GROUPS = {"image": "images", "audio": "audio", "video": "video", "file": "files"}


def media_groups(item: Item, url_of) -> dict[str, list[dict]]:
    """An item's media grouped for the gallery and the players; `url_of(src_uri)` makes links."""
    groups: dict[str, list[dict]] = {group: [] for group in MEDIA_GROUPS.values()}
    for media in item.values.get("media") or []:
        entry = {"url": url_of(f"{item.kind.key}/{media.file}"), "caption": media.caption, "name": media.file}
        groups[MEDIA_GROUPS[media_kind(media.file)]].append(entry)
    return groups


def media_kind(name: str) -> str:
    ext = posixpath.splitext(name.lower())[1]
    if ext in IMAGE_TYPES:
        return "image"
    if ext in AUDIO_TYPES:
        return "audio"
    if ext in VIDEO_TYPES:
        return "video"
    return "file"


def check_media(item: Item, problems: Problems) -> None:
    """Media must be local files beside the material (or in a subfolder of its folder): the intranet
    cannot fetch URLs. The file itself is checked with every other published file (scripts/assets.py)."""
    for index, media in enumerate(item.values.get("media") or []):
        line = item.source.line_of("media", index)
        name = media.file
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", name, re.I):
            problems.error(
                item.source.rel, line, f"媒体文件 “{show(name)}” 是外部网址；内网无法加载，请把文件放到本文件旁边"
            )
        elif "\\" in name:
            problems.error(item.source.rel, line, f"媒体文件 “{show(name)}” 含有反斜杠 \\；文件夹之间请用 / 分隔")
        elif name.startswith("/") or ".." in name.split("/"):
            problems.error(
                item.source.rel,
                line,
                f"媒体文件 “{show(name)}” 应放在 {item.source.rel} 所在的文件夹（或它的子文件夹）里，"
                "并写成相对路径，例如 图片/剪纸.jpg",
            )
        else:
            media.file = posixpath.normpath(name)
            continue
        media.file = ""  # not published; the error above stops the build


def render_script(item: Item, html: str) -> str:
    return render_dialogue(html) if item.values["form"] == "小品" else html


def render_dialogue(html: str) -> str:
    """Render 小品 paragraphs of `角色：台词` lines as a readable script."""

    def paragraph(match: re.Match) -> str:
        lines = [line.strip() for line in match.group(1).split("\n") if line.strip()]
        if lines and all(_STAGE_DIRECTION.match(line) for line in lines):
            return f'<p class="xl-stage">{match.group(1)}</p>'
        spoken = [_DIALOGUE_LINE.match(line) for line in lines]
        if not lines or not all(spoken):
            return match.group(0)
        rows = "".join(
            f'<p class="xl-line"><span class="xl-role">{m.group(1)}</span><span class="xl-words">{m.group(2)}</span></p>'
            for m in spoken
        )
        return f'<div class="xl-dialogue">{rows}</div>'

    return _PARAGRAPH.sub(paragraph, html)
