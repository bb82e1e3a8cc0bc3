"""Proofreading rules that need no dictionary of formulations.

Each rule takes the masked prose (mask.Prose) and yields Findings (index into the text,
rule name, message with the fix). Rule names are what a line's silencing comment names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .mask import HAN, MASK, Prose
from .words import BUILTIN_ALLOW, dictionary

DOUBLE = "重复字"
PAIR = "符号配对"
HALF = "半角标点"
SPACE = "多余空格"
QUOTE = "引号混用"
ORDER = "序号"
NUMBER = "数字写法"
DICT = "规范表述"
RULES = (DICT, DOUBLE, PAIR, HALF, SPACE, QUOTE, ORDER, NUMBER)


@dataclass(frozen=True)
class Finding:
    index: int
    rule: str
    message: str


# --- doubled characters -------------------------------------------------------------------

NUMERALS = "〇零一二三四五六七八九十百千万亿两"
# Characters that are words on their own and never double up in good prose (的的, 在在, 了了是).
FUNCTION_WORDS = set("的地得了着是在和与及或就都也而之其于把被对从向给让将已很更最再又还才并且但")
_DOUBLE = re.compile(f"(?=([{HAN}])\\1)")
_LONGEST = 5


def doubled(prose: Prose, allow: set[str], extra_words: set[str]) -> Iterator[Finding]:
    """四中中全会, 的的 — but not 常常, 人人, 委员会会议, 具体体现 or 二〇一一年."""
    text = prose.text
    words = None
    for match in _DOUBLE.finditer(text):
        i = match.start()
        char = text[i]
        if char in NUMERALS and _numeral_run(text, i) >= 3:
            continue
        if _inside(text, i, allow | BUILTIN_ALLOW, 0):
            continue
        if words is None:
            words = _Words(dictionary(), extra_words)
        if _inside(text, i, words, 2):
            continue
        left = _left_word(text, i, words)
        right = _right_word(text, i + 1, words)
        if left and right:
            continue
        if not left and not right:
            if char not in FUNCTION_WORDS:
                continue  # 说说, 线线相连, 字字句句: a reduplicated word, not a slip
            context = _context(text, i)
            fixed = context.replace(char * 2, char, 1)
            yield Finding(i + 1, DOUBLE, f"“{context}” 中 “{char}” 重复了；应为 “{fixed}”")
            continue
        joined = _junction(text, i, left, right, words)
        if joined:
            start, shown, fixed = joined
            yield Finding(i + 1, DOUBLE, f"“{shown}” 中 “{char}” 重复了；应为 “{fixed}”")


class _Words:
    def __init__(self, base, extra):
        self.base, self.extra = base, extra

    def __contains__(self, word: str) -> bool:
        return word in self.base or word in self.extra


def _numeral_run(text: str, i: int) -> int:
    start = i
    while start > 0 and text[start - 1] in NUMERALS:
        start -= 1
    end = i
    while end < len(text) and text[end] in NUMERALS:
        end += 1
    return end - start


def _inside(text: str, i: int, words, shortest: int) -> bool:
    """A word of `words` covers both characters at i and i+1."""
    for start in range(max(0, i - _LONGEST + 2), i + 1):
        for end in range(i + 2, min(len(text), start + _LONGEST) + 1):
            if end - start >= max(2, shortest) and text[start:end] in words:
                return True
    return False


def _left_word(text: str, i: int, words) -> str:
    """The longest word (2+ characters) that ends with the character at i."""
    for start in range(max(0, i - _LONGEST + 1), i):
        if text[start : i + 1] in words:
            return text[start : i + 1]
    return ""


def _right_word(text: str, i: int, words) -> str:
    """The longest word (2+ characters) that starts with the character at i."""
    for end in range(min(len(text), i + _LONGEST), i + 1, -1):
        if text[i:end] in words:
            return text[i:end]
    return ""


def _junction(text: str, i: int, left: str, right: str, words) -> tuple[int, str, str] | None:
    """With one of the two characters dropped, does a longer word span the gap (四中|全会 → 四中全会)?"""
    if left:
        start = i + 1 - len(left)
        for end in range(min(len(text), i + 2 + _LONGEST), i + 2, -1):
            word = text[start : i + 1] + text[i + 2 : end]
            if len(word) >= 3 and word in words:
                return start, text[start:end], word
    else:
        end = i + 1 + len(right)
        for start in range(max(0, i - _LONGEST), i):
            word = text[start:i] + text[i + 1 : end]
            if len(word) >= 3 and word in words:
                return start, text[start:end], word
    return None


def _context(text: str, i: int) -> str:
    start, end = i, i + 2
    while start > max(0, i - 2) and re.match(f"[{HAN}]", text[start - 1]):
        start -= 1
    while end < min(len(text), i + 4) and re.match(f"[{HAN}]", text[end]):
        end += 1
    return text[start:end]


# --- paired marks ---------------------------------------------------------------------------

OPENERS = {"《": "》", "“": "”", "‘": "’", "（": "）", "【": "】"}
CLOSERS = {close: open_ for open_, close in OPENERS.items()}
MARK_NAMES = {"《": "书名号", "“": "引号", "‘": "单引号", "（": "括号", "【": "方头括号"}


def _unpaired_opener(mark: str) -> str:
    return f"左{MARK_NAMES[mark]} {mark} 没有配对的右{MARK_NAMES[mark]} {OPENERS[mark]}"


def _unpaired_closer(mark: str) -> str:
    opener = CLOSERS[mark]
    return f"右{MARK_NAMES[opener]} {mark} 前面没有配对的左{MARK_NAMES[opener]} {opener}"


_MARKS = re.compile("[" + "".join(OPENERS) + "".join(CLOSERS) + "]")


def pairs(prose: Prose) -> Iterator[Finding]:
    """Every 《》“”‘’（）【】 opened and closed within its paragraph, properly nested."""
    text = prose.text
    for start, end in prose.blocks:
        stack: list[tuple[str, int]] = []
        for match in _MARKS.finditer(text, start, end):
            mark = match.group(0)
            if mark in OPENERS:
                stack.append((mark, match.start()))
            elif stack and stack[-1][0] == CLOSERS[mark]:
                stack.pop()
            elif any(opened == CLOSERS[mark] for opened, _ in stack):
                while stack[-1][0] != CLOSERS[mark]:
                    opened, index = stack.pop()
                    yield Finding(index, PAIR, _unpaired_opener(opened))
                stack.pop()
            else:
                yield Finding(match.start(), PAIR, _unpaired_closer(mark))
        for opened, index in stack:
            yield Finding(index, PAIR, _unpaired_opener(opened))


# --- half-width punctuation and spaces ----------------------------------------------------------

FULL = {",": "，", ".": "。", ":": "：", ";": "；", "?": "？", "!": "！"}
_IS_HAN = re.compile(f"[{HAN}]")
_HALF = re.compile(r"[,.:;?!]")
_SPACE = re.compile("[ \t\u3000]+")
# Full-width punctuation a space must not follow or precede either (学习， 教育 / 学习 ，教育).
_CJK_PUNCT = set("，。、；：？！“”《》（）")


def _han(char: str) -> bool:
    return bool(_IS_HAN.match(char))


def half_width(prose: Prose) -> Iterator[Finding]:
    # Searching the rare marks first and looking at their neighbours is several times faster
    # than a look-behind over every Han character.
    text = prose.text
    for match in _HALF.finditer(text):
        start, after = match.start(), match.end()
        while after < len(text) and text[after] in " \t":
            after += 1
        if start and after < len(text) and _han(text[start - 1]) and _han(text[after]):
            mark = match.group(0)
            yield Finding(start, HALF, f"汉字之间的半角 “{mark}” 应为全角 “{FULL[mark]}”")


def spaces(prose: Prose) -> Iterator[Finding]:
    text = prose.text
    for match in _SPACE.finditer(text):
        start, end = match.start(), match.end()
        if not start or end >= len(text):
            continue
        before, after = text[start - 1], text[end]
        if (_han(before) or before in _CJK_PUNCT) and _han(after) or _han(before) and after in _CJK_PUNCT:
            kind = "全角空格" if "\u3000" in match.group(0) else "空格"
            yield Finding(start, SPACE, f"汉字之间多了{kind}；请删去")


# --- mixed quotes ------------------------------------------------------------------------------------


def quotes(prose: Prose) -> Iterator[Finding]:
    """ASCII " around Chinese text in a file that also uses “”."""
    text = prose.text
    if "“" not in text and "”" not in text:
        return
    position = text.find('"')
    while position != -1:
        before = text[position - 1] if position else ""
        after = text[position + 1] if position + 1 < len(text) else ""
        if _han(after) or before and (_han(before) or before in "，。：；"):
            yield Finding(position, QUOTE, '半角引号 " 与中文引号 “” 混用；中文里请统一用 “”')
        position = text.find('"', position + 1)


# --- ordinal sequences ---------------------------------------------------------------------------

_CN = "一二三四五六七八九十"
# (pattern, characters allowed just before the marker or None for line starts, how it is shown);
# each kind of marker is its own sequence.
_AFTER_BREAK = set("。；！？：，、 \t\n\x00”）")
_ORDINALS = [
    (re.compile(f"([{_CN}]{{1,3}})是"), _AFTER_BREAK, "{}是"),
    (re.compile(f"第([{_CN}]{{1,3}})[，、：,]"), _AFTER_BREAK - set("，、"), "第{}"),
    (re.compile(f"^[ \\t#>*-]*（([{_CN}]{{1,3}})）", re.M), None, "（{}）"),
    (re.compile(f"^[ \\t#>*-]*([{_CN}]{{1,3}})、", re.M), None, "{}、"),
    (re.compile("^[ \\t#>*-]*[（(](\\d{1,2})[）)]", re.M), None, "（{}）"),
]


def chinese_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 九十九 → 99; None for what is not a small number."""
    digits = {c: n for n, c in enumerate("〇一二三四五六七八九")}
    digits["两"] = 2
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return digits.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    value = (digits.get(tens, 0) if tens else 1) * 10
    if ones:
        if ones not in digits:
            return None
        value += digits[ones]
    return value


def ordinals(prose: Prose) -> Iterator[Finding]:
    """一是…二是…四是, （一）（二）（四）, 一、二、四、 — a skipped or repeated number."""
    text = prose.text
    for start, end in prose.scopes:
        for pattern, before, shape in _ORDINALS:
            previous = None
            for match in pattern.finditer(text, start, end):
                # 统一是 / 唯一是 / 第一是 are no markers: only after a break or at the start.
                if before is not None and match.start() > start and text[match.start() - 1] not in before:
                    continue
                number = chinese_number(match.group(1))
                if number is None:
                    continue
                if number == 1 or previous is None:
                    previous = number
                    continue
                if number == previous + 1:
                    previous = number
                    continue
                shown = shape.format(match.group(1))
                before = shape.format(_show(previous, match.group(1)))
                if number > previous + 1:
                    gap = "、".join(shape.format(_show(n, match.group(1))) for n in range(previous + 1, number))
                    message = f"“{before}” 之后是 “{shown}”，缺少 “{gap}”"
                else:
                    message = f"“{before}” 之后又是 “{shown}”，序号重复或倒退"
                yield Finding(match.start(1), ORDER, message)
                previous = number


def _show(number: int, like: str) -> str:
    if like.isdigit():
        return str(number)
    if number <= 10:
        return " 一二三四五六七八九十"[number]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else " 一二三四五六七八九"[tens]) + "十" + (" 一二三四五六七八九"[ones] if ones else "")


# --- a number written two ways ---------------------------------------------------------------

MEASURES = "个名位人项条次年月日天届章节款件元万亿岁批期类种篇家所份场轮部层级"
_SENTENCE = re.compile(f"[^。！？；\n{MASK}]+")
_ARABIC = re.compile(f"(?<![\\d.])(\\d+)[ \\t]*([{MEASURES}])")
_CHINESE = re.compile(f"([〇零一二两三四五六七八九十百千]+)([{MEASURES}])")


def numbers(prose: Prose) -> Iterator[Finding]:
    """同一句里 3个 和 三个: the same quantity (number and measure word) in figures and in characters."""
    text = prose.text
    for sentence in _SENTENCE.finditer(text):
        if not re.search(r"\d", sentence.group(0)):
            continue
        arabic = {}
        for match in _ARABIC.finditer(text, sentence.start(), sentence.end()):
            arabic.setdefault((int(match.group(1)), match.group(2)), match)
        if not arabic:
            continue
        for match in _CHINESE.finditer(text, sentence.start(), sentence.end()):
            other = arabic.get((_chinese_value(match.group(1)), match.group(2)))
            if other is None:
                continue
            first, second = sorted([other, match], key=lambda m: m.start())
            shown = [m.group(1) + m.group(2) for m in (first, second)]
            yield Finding(
                second.start(),
                NUMBER,
                f"同一句里 “{shown[0]}” 和 “{shown[1]}” 是同一个数，写法不一致；请统一成 “{other.group(1)}{other.group(2)}” 或 “{match.group(1)}{match.group(2)}”",
            )


def _chinese_value(text: str) -> int | None:
    """Chinese numerals up to thousands (三千二百), or digit by digit (二〇二四)."""
    digits = {c: n for n, c in enumerate("〇一二三四五六七八九")}
    digits.update({"零": 0, "两": 2})
    if not any(unit in text for unit in "十百千"):
        if all(c in digits for c in text):
            return int("".join(str(digits[c]) for c in text)) if len(text) > 1 else digits[text]
        return None
    value, current = 0, 0
    for char in text:
        if char in digits:
            current = digits[char]
        else:
            value += (current or 1) * {"十": 10, "百": 100, "千": 1000}[char]
            current = 0
    return value + current
