"""Front matter declared as data: one small class per field type (as in Lektor)."""

from __future__ import annotations

import datetime
import difflib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from . import limits
from .hygiene import invisible_message, normalise_newlines, one_line, show
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


def closest(value: str, allowed: Sequence[str]) -> str | None:
    """The allowed value most like `value`; ties go to the one sharing more positions (廉政→廉洁)."""

    def score(candidate: str) -> tuple[float, int]:
        ratio = difflib.SequenceMatcher(None, value, candidate).ratio()
        return ratio, sum(a == b for a, b in zip(value, candidate, strict=False))

    if len(value) > 100:  # nobody mistypes a hundred characters; difflib would take long
        return None
    best = max(allowed, key=score, default=None)
    return best if best is not None and score(best)[0] >= 0.3 else None


@dataclass
class Field:
    label: str
    required: bool = False
    default: Any = None

    def convert(self, value: Any) -> Any:
        return value


def clean_text(value: Any, multiline: bool = False, index: int | None = None) -> str:
    """A text value: numbers as written, no invisible characters, line breaks only where allowed."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        where = f"第 {index + 1} 项" if index is not None else ""
        raise FieldError(f"{where}应为文字，实际是{kind_name(value)}", index)
    if isinstance(value, float) and not math.isfinite(value):
        raise FieldError(f"应为文字，实际是 “{show(value)}”", index)
    text = str(value).strip()
    problem = invisible_message(text)
    if problem:
        raise FieldError(f"{f'第 {index + 1} 项' if index is not None else ''}“{show(text)}” {problem}", index)
    return normalise_newlines(text) if multiline else one_line(text)


@dataclass
class Text(Field):
    multiline: bool = False  # one-line fields get their line breaks replaced by spaces

    def convert(self, value: Any) -> str:
        text = clean_text(value, self.multiline)
        if self.required and not text:
            raise FieldError("不能为空")
        return text


@dataclass
class Date(Field):
    def convert(self, value: Any) -> datetime.date:
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        if text is not None and DATE.match(text):
            try:
                return datetime.date.fromisoformat(text)
            except ValueError:
                pass
        shown = show(text) if text is not None else kind_name(value)
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
            text = clean_text(item, index=index)
            if text:
                items.append(text)
        return items


@dataclass
class Tags(TextList):
    """Tags: at most `limits_tags_per_item` (each one becomes pages of its own)."""

    def convert(self, value: Any) -> list[str]:
        tags = super().convert(value)
        most = limits.ACTIVE.tags_per_item
        if len(tags) > most:
            raise FieldError(f"有 {len(tags)} 个，超过上限 {most} 个（limits_tags_per_item）；每个标签都会生成页面，请精简")
        return tags


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
        raise FieldError(f"“{show(text)}” 不在允许的列表中。{hint}允许的值：{allowed}")


@dataclass
class Slug(Field):
    def convert(self, value: Any) -> str:
        text = Text(self.label).convert(value)
        if not SLUG.match(text):
            raise FieldError(f"“{show(text)}” 只能包含小写英文字母、数字和连字符“-”，例如 xue-cha-gai-zuo")
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
            return Media(clean_text(item, index=index))
        if isinstance(item, dict) and isinstance(item.get("file"), str) and item["file"].strip():
            unknown = sorted(set(item) - {"file", "caption"}, key=str)
            if unknown:
                raise FieldError(f"第 {index + 1} 项有未知字段 “{show(unknown[0])}”（只能有 file 和 caption）", index)
            caption = clean_text(item.get("caption") or "", index=index)
            return Media(clean_text(item["file"], index=index), caption)
        raise FieldError(f"第 {index + 1} 项应为文件名，或 {{file: 文件名, caption: 说明}}", index)


COMMON_FIELDS: dict[str, Field] = {
    "title": Text("标题", required=True),
    "date": Date("日期", required=True),
    "tags": Tags("标签", default=[]),
    "summary": Text("摘要", default=""),
    "id": Slug("编号"),
    "status": Choice("状态", default="published", choices=("published", "draft")),
}


def validate(source: Source, fields: dict[str, Field], problems: Problems) -> dict[str, Any]:
    """Convert every front matter value; report each bad one. Missing optionals get defaults."""
    values: dict[str, Any] = {}
    for key in source.meta:
        if key not in fields:
            guess = closest(str(key), list(fields))
            hint = f"是否应为 “{guess}”？" if guess else f"允许的字段：{', '.join(fields)}"
            problems.error(source.rel, source.line_of(key), f"未知字段 “{show(key)}”，{hint}")
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
