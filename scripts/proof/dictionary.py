"""The project's dictionary of 规范表述: wrong → right, each with a note and its source.

The file (materials/规范表述.yml by default, `proof_dictionary` in mkdocs.yml) is the
editors' own: the project ships a starter set, every entry sourced from an official text.

    entries:
      - wrong: 十九届四中中全会          # or a list of wrong forms
        right: 十九届四中全会
        note: 多了一个“中”
        source: 《中国共产党第十九届中央委员会第四次全体会议公报》
      - order: [政治意识, 大局意识, 核心意识, 看齐意识]   # a fixed enumeration
        name: 四个意识
        source: 党的十九大报告
    allow: [某某]                       # words the 重复字 rule must leave alone
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problems
from ..schema import unknown_key
from ..source import read_yaml_mapping
from .mask import MASK, Prose
from .rules import DICT, Finding

ENTRY_KEYS = {"wrong", "right", "note", "source", "order", "name"}


@dataclass(frozen=True)
class Entry:
    wrong: str
    right: str
    note: str = ""
    source: str = ""


@dataclass(frozen=True)
class Order:
    items: tuple[str, ...]
    name: str
    source: str = ""


@dataclass
class Dictionary:
    entries: list[Entry] = field(default_factory=list)
    orders: list[Order] = field(default_factory=list)
    allow: set[str] = field(default_factory=set)
    _pattern: re.Pattern | None = None

    @property
    def words(self) -> set[str]:
        """Right forms count as words for the 重复字 rule (四中全会 …)."""
        return {entry.right.strip("《》“”") for entry in self.entries} | self.allow

    def pattern(self) -> re.Pattern | None:
        if self._pattern is None and self.entries:
            wrongs = sorted({entry.wrong for entry in self.entries}, key=len, reverse=True)
            self._pattern = re.compile("|".join(map(re.escape, wrongs)))
        return self._pattern

    def find(self, prose: Prose) -> Iterator[tuple[Finding, int]]:
        """(finding, end index) of every wrong form and every enumeration out of order."""
        pattern = self.pattern()
        text = prose.text
        by_wrong = {entry.wrong: entry for entry in self.entries}
        for match in pattern.finditer(text) if pattern else ():
            entry = by_wrong[match.group(0)]
            if _inside_right(text, match, entry.right):
                continue
            note = f"：{entry.note}" if entry.note else ""
            source = f"（依据：{entry.source}）" if entry.source else ""
            yield Finding(match.start(), DICT, f"“{entry.wrong}” 应为 “{entry.right}”{note}{source}"), match.end()
        for order in self.orders:
            yield from _check_order(text, order)


def _inside_right(text: str, match: re.Match, right: str) -> bool:
    """The right form itself contains the wrong one here (never flag correct text)."""
    start = max(0, match.start() - len(right))
    window = text[start : match.end() + len(right)]
    position = window.find(right)
    while position != -1:
        if start + position <= match.start() and start + position + len(right) >= match.end():
            return True
        position = window.find(right, position + 1)
    return False


_SENTENCE = re.compile(f"[^。！？；\n{MASK}]+")


def _check_order(text: str, order: Order) -> Iterator[tuple[Finding, int]]:
    alternation = re.compile("|".join(map(re.escape, order.items)))
    if not all(item in text for item in order.items):
        return
    for sentence in _SENTENCE.finditer(text):
        found = [(m.start(), m.group(0)) for m in alternation.finditer(text, sentence.start(), sentence.end())]
        names = [name for _, name in found]
        if len(set(names)) < len(order.items):
            continue
        sequence = [order.items.index(name) for name in dict.fromkeys(names)]
        if sequence != sorted(sequence):
            expected = "、".join(order.items)
            source = f"（依据：{order.source}）" if order.source else ""
            message = f"“{order.name}”的顺序应为 {expected}{source}"
            yield Finding(found[0][0], DICT, message), found[-1][0]


def load_dictionary(path: Path, rel: str, problems: Problems) -> Dictionary:
    """Read and check the dictionary; a missing file is an empty dictionary."""
    dictionary = Dictionary()
    if not path.is_file():
        return dictionary
    shape = "规范表述词典应为“键: 值”的形式：entries（词条列表）和 allow（允许的词）"
    mapping = read_yaml_mapping(path, rel, problems, shape, empty=True)
    if mapping is None:
        return dictionary
    data = mapping.meta
    for key in data:
        if key not in ("entries", "allow"):
            problems.error(rel, mapping.line_of(str(key)), unknown_key(key, ["entries", "allow"]))
    allow = data.get("allow") or []
    if not isinstance(allow, list) or not all(isinstance(word, str) for word in allow):
        problems.error(rel, mapping.line_of("allow"), "allow 应为词语列表，例如 allow: [某某, 丽丽]")
    else:
        dictionary.allow = {word.strip() for word in allow if word.strip()}
    entries = data.get("entries") or []
    if not isinstance(entries, list):
        problems.error(rel, mapping.line_of("entries"), "entries 应为词条列表，每条以“- wrong: …”开始")
        return dictionary
    for index, raw in enumerate(entries):
        _add_entry(dictionary, raw, mapping.line_of("entries", index), rel, problems)
    return dictionary


def _add_entry(dictionary: Dictionary, raw, line: int, rel: str, problems: Problems) -> None:
    if not isinstance(raw, dict):
        problems.error(rel, line, "词条应为“键: 值”的形式：wrong、right、note、source")
        return
    unknown = sorted(set(map(str, raw)) - ENTRY_KEYS)
    if unknown:
        problems.error(
            rel, line, f"词条有未知字段 “{unknown[0]}”（只能有 wrong、right、note、source，或 order、name、source）"
        )
        return
    note, source = str(raw.get("note") or "").strip(), str(raw.get("source") or "").strip()
    if "order" in raw:
        items = raw.get("order")
        if not isinstance(items, list) or len(items) < 2 or not all(isinstance(i, str) and i for i in items):
            problems.error(
                rel, line, "order 应为至少两项的词语列表，例如 order: [道路自信, 理论自信, 制度自信, 文化自信]"
            )
            return
        dictionary.orders.append(Order(tuple(items), str(raw.get("name") or "、".join(items)), source))
        return
    wrongs = raw.get("wrong")
    wrongs = [wrongs] if isinstance(wrongs, str) else wrongs
    right = raw.get("right")
    if not isinstance(wrongs, list) or not wrongs or not all(isinstance(w, str) and w.strip() for w in wrongs):
        problems.error(rel, line, "词条缺少 wrong（错误写法），或 wrong 不是文字")
        return
    if not isinstance(right, str) or not right.strip():
        problems.error(rel, line, f"词条 “{wrongs[0]}” 缺少 right（正确写法）")
        return
    for wrong in wrongs:
        if wrong.strip() == right.strip():
            problems.error(rel, line, f"词条 “{wrong}” 的错误写法和正确写法相同")
            continue
        dictionary.entries.append(Entry(wrong.strip(), right.strip(), note, source))
