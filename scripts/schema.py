"""Front matter declared as data: one small class per field type (as in Lektor)."""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .problems import Problems
from .source import Source

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class FieldError(Exception):
    """A value that does not fit its field; `index` points into a list."""

    def __init__(self, message: str, index: int | None = None):
        super().__init__(message)
        self.index = index


def kind_name(value: Any) -> str:
    """Chinese name of a YAML value's type, for "expected X but got Y" messages."""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "是/否（布尔值）"
    if isinstance(value, (int, float)):
        return "数字"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "键值对"
    return "文字"


def closest(value: str, allowed: Sequence[str], threshold: float | None = None) -> str | None:
    """The allowed value most like `value`, or None when nothing is alike enough to suggest.

    Ties go to the one sharing more positions (廉政→廉洁). A suggestion is only made above a
    similarity threshold: 0.65, or 0.5 for two characters (剪子→剪纸); an unrelated guess
    misleads more than none (an editor would "fix" a schedule to point at the wrong case).
    """

    def score(candidate: str) -> tuple[float, int]:
        ratio = difflib.SequenceMatcher(None, value, candidate).ratio()
        return ratio, sum(a == b for a, b in zip(value, candidate, strict=False))

    if threshold is None:
        threshold = 0.5 if len(value) <= 2 else 0.65
    best = max(allowed, key=score, default=None)
    return best if best is not None and score(best)[0] >= threshold else None


def unknown_field(key: str, allowed: Sequence[str], hints: dict[str, str] | None = None) -> str:
    """The message for a key no field has: an explanation when the key means something
    elsewhere (see content/hints.py), else the closest allowed key, else the list."""
    if hints and key in hints:
        return f"未知字段 “{key}”：{hints[key]}"
    guess = closest(key, allowed)
    hint = f"是否应为 “{guess}”？" if guess else f"允许的字段：{', '.join(allowed)}"
    return f"未知字段 “{key}”，{hint}"


@dataclass
class Field:
    label: str
    required: bool = False
    default: Any = None

    def convert(self, value: Any) -> Any:
        return value


@dataclass
class Text(Field):
    def convert(self, value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise FieldError(f"应为文字，实际是{kind_name(value)}")
        text = str(value).strip()
        if self.required and not text:
            raise FieldError("不能为空")
        return text


@dataclass
class Date(Field):
    def convert(self, value: Any) -> datetime.date:
        text = str(value).strip() if isinstance(value, (str, int)) else None
        if text is not None and DATE.match(text):
            try:
                return datetime.date.fromisoformat(text)
            except ValueError:
                pass
        shown = text if text is not None else kind_name(value)
        raise FieldError(f"“{shown}” 不是有效日期，应为 YYYY-MM-DD 格式，例如 2024-03-05")


@dataclass
class TextList(Field):
    """A list of strings; a single string is accepted as a one-item list."""

    def convert(self, value: Any) -> list[str]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise FieldError(f"应为列表，实际是{kind_name(value)}")
        items = []
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                raise FieldError(f"第 {index + 1} 项应为文字，实际是{kind_name(item)}", index)
            if str(item).strip():
                items.append(str(item).strip())
        return items


@dataclass
class Choice(Field):
    choices: Sequence[str] = ()

    def convert(self, value: Any) -> str:
        text = Text(self.label).convert(value)
        if text in self.choices:
            return text
        allowed = "、".join(self.choices)
        guess = closest(text, self.choices)
        hint = f"是否应为 “{guess}”？" if guess else ""
        raise FieldError(f"“{text}” 不在允许的列表中。{hint}允许的值：{allowed}")


@dataclass
class Slug(Field):
    def convert(self, value: Any) -> str:
        text = Text(self.label).convert(value)
        if not SLUG.match(text):
            raise FieldError(f"“{text}” 只能包含小写英文字母、数字和连字符“-”，例如 xue-cha-gai-zuo")
        return text


@dataclass
class Media:
    file: str
    caption: str = ""


@dataclass
class MediaList(Field):
    """Local files shown with an item: `name.svg` or `{file: name.svg, caption: 说明}`."""

    def convert(self, value: Any) -> list[Media]:
        if isinstance(value, (str, dict)):
            value = [value]
        if not isinstance(value, list):
            raise FieldError(f"应为列表，实际是{kind_name(value)}")
        return [self._entry(item, index) for index, item in enumerate(value)]

    def _entry(self, item: Any, index: int) -> Media:
        if isinstance(item, str) and item.strip():
            return Media(item.strip())
        if isinstance(item, dict) and isinstance(item.get("file"), str):
            unknown = sorted(set(item) - {"file", "caption"})
            if unknown:
                raise FieldError(f"第 {index + 1} 项有未知字段 “{unknown[0]}”（只能有 file 和 caption）", index)
            return Media(item["file"].strip(), str(item.get("caption") or "").strip())
        raise FieldError(f"第 {index + 1} 项应为文件名，或 {{file: 文件名, caption: 说明}}", index)


COMMON_FIELDS: dict[str, Field] = {
    "title": Text("标题", required=True),
    "date": Date("日期", required=True),
    "tags": TextList("标签", default=[]),
    "summary": Text("摘要", default=""),
    "id": Slug("编号"),
    "status": Choice("状态", default="published", choices=("published", "draft")),
}


def validate(
    source: Source, fields: dict[str, Field], problems: Problems, hints: dict[str, str] | None = None
) -> dict[str, Any]:
    """Convert every front matter value; report each bad one. Missing optionals get defaults."""
    values: dict[str, Any] = {}
    for key in source.meta:
        if key not in fields:
            problems.error(source.rel, source.line_of(key), unknown_field(str(key), list(fields), hints))
    for key, field in fields.items():
        if key not in source.meta or source.meta[key] is None:
            if field.required:
                problems.error(source.rel, 1, f"缺少必填字段 “{key}”（{field.label}）")
            values[key] = list(field.default) if isinstance(field.default, list) else field.default
            continue
        try:
            values[key] = field.convert(source.meta[key])
        except FieldError as error:
            line = source.line_of(key, error.index)
            problems.error(source.rel, line, f"字段 “{key}”（{field.label}）{error}")
            values[key] = None
    return values
