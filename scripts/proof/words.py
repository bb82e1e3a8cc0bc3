"""Which strings are Chinese words: jieba's dictionary (pinned), loaded only when needed.

Only the word list is used (no segmentation model): the doubled-character rule asks a
handful of "is this a word?" questions per candidate, and a set answers them in O(1).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

# Abbreviated plenums (四中全会) are words in official texts though not all are in jieba's list.
MEETINGS = {f"{n}中全会" for n in "一二三四五六七八九"}
# Reduplications that are fine in these materials but missing from the dictionary.
BUILTIN_ALLOW = {"某某"}


@cache
def dictionary() -> frozenset[str]:
    import jieba

    # Each line is "word frequency tag": every third token is a word (0.1–0.2 s for 349,000 words).
    tokens = Path(jieba.__file__).with_name("dict.txt").read_text(encoding="utf-8").split()
    return frozenset(tokens[::3]) | MEETINGS
