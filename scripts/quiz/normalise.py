"""How answers are compared: blank answers after NFKC, without spaces and punctuation.

quiz.js implements the same rule (`normalise` there); tests/test_quiz_parity.py checks both
against one table of cases (the JavaScript in Chromium).
"""

from __future__ import annotations

import re
import unicodedata

LETTERS = "ABCDEFGH"
# Separators people put between letters: AB, A,B, A、B, A，B, A B, A;B
LETTER_SEPARATORS = re.compile(r"[\s,，、;；/|]+")
JUDGE_WORDS = {
    True: {"true", "t", "正确", "对", "是", "√", "✓", "✔", "yes", "y"},
    False: {"false", "f", "错误", "错", "否", "×", "✗", "✘", "x", "no", "n"},
}


# Dropped by Unicode category, the same set as quiz.js's /[\p{Z}\p{P}\p{Cc}\p{Cf}]/gu: separators
# (spaces of every width), punctuation, control characters (tab, new line) and invisible format
# characters (zero-width space, BOM, soft hyphen) that phone keyboards and pasted text carry.
DROPPED = ("Z", "P", "Cc", "Cf")


def normalise(text: str) -> str:
    """Full-width → half-width (NFKC), lower case, no spaces, punctuation or invisible characters."""
    text = unicodedata.normalize("NFKC", str(text)).lower()
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith(DROPPED))


def blank_matches(given: str, accepted: list[str]) -> bool:
    wanted = normalise(given)
    return bool(wanted) and any(wanted == normalise(answer) for answer in accepted)


def parse_letters(value) -> list[str] | None:
    """`B`, `ACD`, `A,C`, `A、C`, `[A, C]` → ["A", "C", "D"]; None if something is not a letter."""
    parts = value if isinstance(value, list) else [value]
    letters: list[str] = []
    for part in parts:
        if isinstance(part, bool) or not isinstance(part, (str, int)):
            return None
        text = unicodedata.normalize("NFKC", str(part)).upper()
        for chunk in LETTER_SEPARATORS.split(text):
            for letter in chunk:
                if letter not in LETTERS:
                    return None
                if letter not in letters:
                    letters.append(letter)
    return sorted(letters)


def parse_judge(value) -> bool | None:
    """true/false, 正确/错误, 对/错, √/× … → bool; None when it is none of those."""
    if isinstance(value, bool):
        return value
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).strip().lower()
    for result, words in JUDGE_WORDS.items():
        if text in words:
            return result
    return None
