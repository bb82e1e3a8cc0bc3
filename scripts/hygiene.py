"""Text hygiene: invisible characters, line breaks in one-line fields, values shown in messages.

A title, id, tag or schedule field that holds a zero-width or right-to-left character looks
like another one (two tags that print the same, an id that looks valid in a message). Such
characters are errors, never silently stripped: the editor sees where they are and removes
them, and nothing that was published under one spelling changes address behind their back.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

# Characters that print as nothing (or reorder what follows) but are not white space.
_NAMED = {
    "\u00ad": "软连字符",
    "\u034f": "组合用字素连接符",
    "\u061c": "阿拉伯字母标记",
    "\u115f": "朝鲜文填充符",
    "\u1160": "朝鲜文填充符",
    "\u17b4": "高棉文元音符",
    "\u17b5": "高棉文元音符",
    "\u180e": "蒙古文元音分隔符",
    "\u200b": "零宽空格",
    "\u200c": "零宽不连字",
    "\u200d": "零宽连字",
    "\u200e": "从左到右标记",
    "\u200f": "从右到左标记",
    "\u2028": "行分隔符",
    "\u2029": "段落分隔符",
    "\u202a": "从左到右嵌入",
    "\u202b": "从右到左嵌入",
    "\u202c": "方向格式结束",
    "\u202d": "从左到右强制",
    "\u202e": "从右到左强制",
    "\u2060": "字连接符",
    "\u2066": "从左到右隔离",
    "\u2067": "从右到左隔离",
    "\u2068": "第一强方向隔离",
    "\u2069": "方向隔离结束",
    "\u3164": "朝鲜文填充符",
    "\ufeff": "零宽不换行空格（BOM）",
    "\uffa0": "半角朝鲜文填充符",
}
_LINE_BREAKS = re.compile(r"\s*[\r\n\u0085]+\s*")
SHOWN_LENGTH = 40


def invisible_name(char: str) -> str | None:
    """Chinese name of an invisible or control character; None for an ordinary one."""
    if char in _NAMED:
        return _NAMED[char]
    category = unicodedata.category(char)
    if category == "Cc" and char not in "\t\n\r":
        return "控制字符"
    if category == "Cf":
        return "格式字符"
    if category in ("Co", "Cs"):
        return "无效字符"
    return None


def find_invisible(text: str) -> tuple[int, str, str] | None:
    """(position counted from 1, U+XXXX, name) of the first invisible character, or None."""
    if len(text) < 500:  # the usual title or tag: a plain loop, no pattern to build
        for index, char in enumerate(text):
            name = invisible_name(char)
            if name:
                return index + 1, f"U+{ord(char):04X}", name
        return None
    match = _invisible_pattern().search(text)
    if match is None:
        return None
    char = match.group(0)
    return match.start() + 1, f"U+{ord(char):04X}", invisible_name(char)


@functools.cache
def _invisible_pattern() -> re.Pattern:
    """One character class of everything `invisible_name` names (built once, on first use):
    a 200,000-character title is then searched in C, not character by character."""
    # The Basic Multilingual Plane, and the few places beyond it where Unicode has format characters.
    beyond = [(0x110B0, 0x110D0), (0x13430, 0x13460), (0x1BCA0, 0x1BCA4), (0x1D173, 0x1D17B), (0xE0000, 0xE0080)]
    planes = [*range(0x10000), *(code for low, high in beyond for code in range(low, high))]
    found = [code for code in planes if invisible_name(chr(code))]
    ranges = [(0xF0000, 0xFFFFD), (0x100000, 0x10FFFD)]  # private use planes: all Co
    for code in found:
        if ranges and ranges[-1][1] == code - 1 and ranges[-1][0] < 0xF0000:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    ranges.sort()
    parts = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[{parts}]")


def invisible_message(text: str) -> str | None:
    """The error for a one-line value with an invisible character, or None when it is clean."""
    found = find_invisible(text)
    if found is None:
        return None
    position, code, name = found
    return f"第 {position} 个字符是看不见的{name}（{code}）；它会让看起来相同的文字并不相同，请删除"


def one_line(text: str) -> str:
    """A one-line field with its line breaks (CR, LF, CRLF) made single spaces."""
    return _LINE_BREAKS.sub(" ", text).strip() if ("\n" in text or "\r" in text or "\x85" in text) else text


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def show(value: Any, limit: int = SHOWN_LENGTH) -> str:
    """A value as a message may quote it: short text as it is, invisible characters as <U+XXXX>,
    long text cut with its length, lists and mappings described by type and size."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "空值"
    if isinstance(value, list):
        return f"列表（{len(value)} 项）"
    if isinstance(value, dict):
        return f"键值对（{len(value)} 项）"
    text = str(value) if not isinstance(value, float) else _float_text(value)
    visible = "".join(f"<U+{ord(c):04X}>" if invisible_name(c) or c in "\r\n" else c for c in text[: limit + 1])
    if len(text) <= limit:
        return visible
    cut = "".join(f"<U+{ord(c):04X}>" if invisible_name(c) or c in "\r\n" else c for c in text[:limit])
    return f"{cut}…（共 {len(text)} 个字符）"


def _float_text(value: float) -> str:
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    return repr(value)
