"""Explanations for front matter keys that mean something elsewhere.

A `media:` in a case is not a typo of `summary`: it is a field of another content type.
The editor needs to hear what to do instead, not the nearest spelling.
"""

from __future__ import annotations

from .base import ContentType

PICTURE_IN_BODY = "图片请在正文里用 ![说明](文件名) 插入，图片文件放在本文件旁边（见编写指南“图片”一节）"
# (this type's key, field) → explanation; the rest get the generic one below.
SPECIAL = {
    ("units", "media"): f"学习单元没有 media 字段；{PICTURE_IN_BODY}",
    ("cases", "media"): f"警示案例没有 media 字段；{PICTURE_IN_BODY}",
}


# Names editors reach for when they want a picture.
PICTURE_KEYS = ("image", "images", "img", "picture", "pictures", "pic", "photo", "photos", "cover", "图片", "照片")


def field_hints(kind: ContentType, types: list[ContentType]) -> dict[str, str]:
    """Key → explanation for every key another type (or a Chinese field label) would mean."""
    own = kind.all_fields
    hints: dict[str, str] = {}
    for other in types:
        if other.key == kind.key:
            continue
        for key, field in other.fields.items():
            if key not in own:
                hints.setdefault(
                    key,
                    SPECIAL.get((kind.key, key))
                    or f"{kind.label}没有 {key} 字段（{key} 是{other.label}的“{field.label}”）",
                )
    for key in PICTURE_KEYS:
        if "media" in own:
            hints.setdefault(key, "图片、音频、视频都写在 media 字段里，例如 media: [剪纸-清莲.jpg]")
        else:
            hints.setdefault(key, f"{kind.label}没有 {key} 字段；{PICTURE_IN_BODY}")
    for key, field in own.items():
        # 标题: … written with the Chinese label instead of the key.
        hints.setdefault(field.label, f"字段名要用英文：{field.label}应写成 “{key}: …”")
    return hints
