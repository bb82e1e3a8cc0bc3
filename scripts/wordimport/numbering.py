"""Word's automatic numbering (numbering.xml): the label a paragraph shows, such as 一、 or （1）."""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.ns import qn

CHINESE_DIGITS = "〇一二三四五六七八九"
CELESTIAL_STEMS = "甲乙丙丁戊己庚辛壬癸"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"))
ROMAN += ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
CHINESE_FORMATS = {"chineseCounting", "chineseCountingThousand", "ideographDigital", "japaneseCounting"}
CHINESE_FORMATS |= {"chineseLegalSimplified", "taiwaneseCounting", "taiwaneseCountingThousand"}


@dataclass
class Level:
    fmt: str  # numFmt: bullet, decimal, chineseCounting …
    text: str  # lvlText: "%1、", "（%1）", "•"
    start: int = 1


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一 (up to 99; larger numbers as digits)."""
    if n < 10:
        return CHINESE_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else CHINESE_DIGITS[tens]) + "十" + (CHINESE_DIGITS[ones] if ones else "")
    return str(n)


def roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    if fmt in CHINESE_FORMATS:
        return chinese_number(n)
    if fmt == "ideographTraditional":
        return CELESTIAL_STEMS[(n - 1) % 10]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 0 < n <= len(CIRCLED):
        return CIRCLED[n - 1]
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperRoman":
        return roman(n)
    if fmt == "lowerRoman":
        return roman(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class Numbering:
    """Counts numbered paragraphs in document order and renders their labels."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, Level]] = {}  # numId → ilvl → Level
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract = {}
        for node in root.findall(qn("w:abstractNum")):
            abstract[node.get(qn("w:abstractNumId"))] = _levels(node)
        for node in root.findall(qn("w:num")):
            ref = node.find(qn("w:abstractNumId"))
            levels = dict(abstract.get(ref.get(qn("w:val")) if ref is not None else "", {}))
            for override in node.findall(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                start = override.find(qn("w:startOverride"))
                if start is not None and ilvl in levels:
                    levels[ilvl] = Level(levels[ilvl].fmt, levels[ilvl].text, int(start.get(qn("w:val"), "1")))
            self.levels[node.get(qn("w:numId"))] = levels

    def level(self, num_id: str, ilvl: int) -> Level | None:
        return self.levels.get(num_id, {}).get(ilvl)

    def next_label(self, num_id: str, ilvl: int) -> tuple[Level | None, str]:
        """Advance the counter of (num_id, ilvl) and return its level and label text."""
        level = self.level(num_id, ilvl)
        if level is None:
            return None, ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [key for key in counters if key > ilvl]:
            del counters[deeper]
        if level.fmt in ("bullet", "none"):
            return level, ""
        label = level.text
        for depth in range(ilvl + 1):
            outer = self.level(num_id, depth)
            value = counters.get(depth, outer.start if outer else 1)
            label = label.replace(f"%{depth + 1}", format_number(value, outer.fmt if outer else "decimal"))
        return level, label


def _levels(node) -> dict[int, Level]:
    levels = {}
    for lvl in node.findall(qn("w:lvl")):
        fmt = lvl.find(qn("w:numFmt"))
        text = lvl.find(qn("w:lvlText"))
        start = lvl.find(qn("w:start"))
        levels[int(lvl.get(qn("w:ilvl"), "0"))] = Level(
            fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
            text.get(qn("w:val"), "") if text is not None else "",
            int(start.get(qn("w:val"), "1")) if start is not None else 1,
        )
    return levels
