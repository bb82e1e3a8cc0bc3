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
    """Slug for each name; names that share a slug get -2, -3 … in sorted order.

    A numbered slug never takes one that another name has as its own (`学习` next to the tags
    `xue xi` and `xue-xi-2` becomes xue-xi-3): two names never share an address.
    """
    wanted = {name: slugify(name) for name in set(names)}
    taken: set[str] = set()
    result = {}
    for name in sorted(wanted):
        base = slug = wanted[name]
        number = 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        result[name] = slug
    return result
