"""Body structure the guide asks for: no H1 in any body, a case's 案情/剖析/警示 sections.

The page title comes from `title:`; a `# 标题` in the body would make a second one.
Section names are configurable (`cases_sections` in mkdocs.yml).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..problems import Problems

_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
# 一、案情 / 1. 案情 / 案情： all name the section 案情
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）])\s*")


def section_name(heading: str) -> str:
    return _ORDINAL.sub("", heading.strip()).rstrip("：: ").strip()


def headings(body: str, first_line: int) -> Iterator[tuple[int, int, str]]:
    """(line, level, text) of every ATX heading and setext H1 outside code fences."""
    text = _FENCE.sub(lambda match: "\n" * match.group(0).count("\n"), body)
    lines = text.split("\n")
    for index, line in enumerate(lines):
        match = _ATX.match(line)
        if match:
            yield first_line + index, len(match.group(1)), match.group(2).strip()
        elif index and _SETEXT_H1.match(line) and lines[index - 1].strip():
            yield first_line + index - 1, 1, lines[index - 1].strip()


def check_no_h1(rel: str, body: str, first_line: int, problems: Problems) -> None:
    for line, level, text in headings(body, first_line):
        if level == 1:
            problems.error(
                rel, line, f"正文不能用一级标题 “# {text}”：页面标题来自 title 字段；请改成二级标题 “## {text}”"
            )


def check_sections(rel: str, body: str, first_line: int, names: Sequence[str], problems: Problems) -> None:
    """Every configured section once, in order, as a heading (an H1 counts: it has its own error)."""
    if not names:
        return
    found = [(line, section_name(text)) for line, level, text in headings(body, first_line) if level <= 2]
    expected = "、".join(f"## {name}" for name in names)
    present = [name for _, name in found if name in names]
    others = [(line, name) for line, name in found if name not in names]
    missing = [name for name in names if name not in present]
    # Renamed headings: as many unexpected as missing pair up in order, else each by its place.
    paired = dict(zip(missing, others, strict=False)) if len(others) == len(missing) else {}
    absent = []
    for name in missing:
        slot = paired.get(name) or _slot(found, names, name, present)
        if slot is not None:
            problems.error(rel, slot[0], f"小节 “## {slot[1]}” 应为 “## {name}”（案例正文应依次有 {expected}）")
        else:
            absent.append(name)
    if absent:
        line = _where(found, names, absent[0], body, first_line)
        listed = "、".join(f"“## {name}”" for name in absent)
        problems.error(rel, line, f"案例正文缺少 {listed}{' 一节' if len(absent) == 1 else ''}（应依次有 {expected}）")
    if not missing:
        order = [(line, names.index(name)) for line, name in found if name in names]
        for (line, index), (_, previous) in zip(order[1:], order, strict=False):
            if index < previous:
                problems.error(rel, line, f"案例正文的小节顺序应为 {expected}")
                break


def _where(found: list[tuple[int, str]], names: Sequence[str], name: str, body: str, first_line: int) -> int:
    """Where a missing section belongs: at the next section's heading, else the body's last line."""
    later = set(names[names.index(name) + 1 :])
    line = next((line for line, heading in found if heading in later), None)
    if line is not None:
        return line
    if found:
        return first_line + max(0, body.rstrip("\n").count("\n"))
    return first_line + len(body) - len(body.lstrip("\n")) if body.strip() else first_line


def _slot(found: list[tuple[int, str]], names: Sequence[str], name: str, present: list[str]) -> tuple[int, str] | None:
    """The unexpected heading standing where `name` should be: after its predecessor, before its successor."""
    index = names.index(name)
    before = set(names[:index])
    after = set(names[index + 1 :])
    seen_before = not before & set(present)
    for line, heading in found:
        if heading in after:
            return None
        if heading in before:
            seen_before = True
            continue
        if seen_before and heading not in names:
            return line, heading
    return None
