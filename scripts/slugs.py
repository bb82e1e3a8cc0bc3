"""Readable, stable URL slugs: pinyin for Chinese, kept as-is for ASCII."""

from __future__ import annotations

import re
from functools import cache

from pypinyin import Style, lazy_pinyin

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@cache
def slugify(text: str) -> str:
    """学查改做 → xue-cha-gai-zuo; 2024年PPT → 2024-nian-ppt."""
    syllables = lazy_pinyin(text, style=Style.NORMAL)
    slug = _NOT_SLUG.sub("-", "-".join(syllables).lower()).strip("-")
    return re.sub(r"-{2,}", "-", slug) or "item"


@cache
def pinyin_key(text: str) -> tuple[str, str]:
    """Sort key in the order of a Chinese dictionary (pinyin, then tone), not by code point:
    党章党规, 家风, 廉洁自律, 组织生活 rather than 党章党规, 廉洁自律, 家风, 组织生活."""
    return (" ".join(lazy_pinyin(text.lower(), style=Style.TONE3)), text)


def unique_slugs(names: list[str]) -> dict[str, str]:
    """Slug for each name; names that share a slug get -2, -3 … in sorted order."""
    taken: dict[str, int] = {}
    result = {}
    for name in sorted(set(names)):
        base = slugify(name)
        count = taken.get(base, 0) + 1
        taken[base] = count
        result[name] = base if count == 1 else f"{base}-{count}"
    return result
