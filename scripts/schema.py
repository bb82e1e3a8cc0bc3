"""Front matter declared as data: one small class per field type (as in Lektor)."""

from __future__ import annotations

import datetime
import difflib
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import yaml

from . import limits
from .hygiene import invisible_message, normalise_newlines, one_line, show
from .problems import Problems

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

    if len(value) > 100:  # nobody mistypes a hundred characters; difflib would take long
        return None
    if threshold is None:
        threshold = 0.5 if len(value) <= 2 else 0.65
    best = max(allowed, key=score, default=None)
    return best if best is not None and score(best)[0] >= threshold else None


@dataclass
class Field:
    label: str
    required: bool = False
    default: Any = None
    # Said after 缺少必填字段 when a required value is missing (e.g. the allowed values).
    missing_hint: str = ""
    # How the item page shows the value: "" not at all, "value" alone, under its label as a
    # "heading", or "inline" as 标签：值. Search indexes what is shown (scripts/search/record.py).
    shown: str = ""

    def convert(self, value: Any) -> Any:
        return value

    def fresh_default(self) -> Any:
        return list(self.default) if isinstance(self.default, list) else self.default

    def texts(self, value: Any) -> list[str]:
        """The converted value as the text(s) a page shows."""
        if value is None or value == "":
            return []
        return [str(entry) for entry in value if str(entry)] if isinstance(value, list) else [str(value)]


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


def finite(value: Any) -> bool:
    """A real number YAML may give: not a bool, not .nan or .inf, not beyond what a float holds."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


@dataclass
class Number(Field):
    """A finite number, optionally whole and within bounds (`open_low`: strictly above `low`)."""

    integer: bool = False
    low: float | None = None
    high: float | None = None
    open_low: bool = False

    def convert(self, value: Any) -> int | float:
        wrong = not finite(value) or (self.integer and not float(value).is_integer())
        if not wrong:
            below = self.low is not None and (value <= self.low if self.open_low else value < self.low)
            wrong = below or (self.high is not None and value > self.high)
        if wrong:
            bounds = self._bounds()
            kind = "整数" if self.integer else "数字"
            raise FieldError(f"应为{bounds + '的' if bounds else ''}{kind}，实际是 “{short(value)}”")
        return int(value) if self.integer or float(value).is_integer() else float(value)

    def _bounds(self) -> str:
        """The allowed range as it stands between 应为 and 的 (a space on each side of a number)."""
        if self.open_low:
            return f"大于 {self.low}" + (f"、不超过 {self.high} " if self.high is not None else " ")
        if self.low is not None and self.high is not None:
            return f" {self.low} 到 {self.high} "
        return f"不小于 {self.low} " if self.low is not None else ""


@dataclass
class Flag(Field):
    def convert(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise FieldError(f"应为 true 或 false，实际是 “{short(value)}”")
        return value


@dataclass
class Raw(Field):
    """Taken as written; a later check of the whole record looks at it (a bank's questions, an answer)."""


@dataclass
class Tags(TextList):
    """Tags: at most `limits_tags_per_item` (each one becomes pages of its own)."""

    def convert(self, value: Any) -> list[str]:
        tags = super().convert(value)
        most = limits.ACTIVE.tags_per_item
        if len(tags) > most:
            raise FieldError(
                f"有 {len(tags)} 个，超过上限 {most} 个（limits_tags_per_item）；每个标签都会生成页面，请精简"
            )
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

    def texts(self, value: Any) -> list[str]:
        return [media.caption for media in value or [] if media.caption]


COMMON_FIELDS: dict[str, Field] = {
    "title": Text("标题", required=True),
    "date": Date("日期", required=True),
    "tags": Tags("标签", default=[], shown="value"),
    "summary": Text("摘要", default=""),
    "id": Slug("编号"),
    "status": Choice("状态", default="published", choices=("published", "draft")),
}


def short(value: Any, limit: int = 40) -> str:
    """A value for a message: text cut to `limit` characters with its length, invisible characters
    as <U+XXXX>, lists and mappings by type and size (see hygiene.show)."""
    return show(value, limit)


def unknown_key(key: Any, allowed: Sequence[str], hints: Mapping[str, str] | None = None) -> str:
    """The one message for a key that is not declared: an explanation when the key means something
    elsewhere (content/hints.py: `media` in a case), else the closest allowed key, or all of them."""
    if hints and str(key) in hints:
        return f"未知字段 “{key}”：{hints[str(key)]}"
    guess = closest(str(key), list(allowed))
    hint = f"是否应为 “{guess}”？" if guess else f"允许的字段：{', '.join(allowed)}"
    return f"未知字段 “{show(key)}”，{hint}"


# --- the engine: declared fields over any located mapping ---------------------------------

Report = Callable[[str, "int | str | None", str], None]  # (key, index in its value or None, message)


def convert_fields(
    values: Mapping, fields: Mapping[str, Field], report: Report, hints: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Convert every declared value and report each bad one; missing optionals get defaults,
    bad or missing required values become None."""
    converted: dict[str, Any] = {}
    for key in values:
        if key not in fields:
            report(str(key), None, unknown_key(key, list(fields), hints))
    for key, field in fields.items():
        value = values.get(key)
        if value is None or (field.required and isinstance(value, str) and not value.strip()):
            if field.required:
                hint = f"：{field.missing_hint}" if field.missing_hint else ""
                report(key, None, f"缺少必填字段 “{key}”（{field.label}）{hint}")
                converted[key] = None
            else:
                converted[key] = field.fresh_default()
            continue
        try:
            converted[key] = field.convert(value)
        except FieldError as error:
            report(key, error.index, f"字段 “{key}”（{field.label}）{error}")
            converted[key] = None
    return converted


class Located(Protocol):
    """A mapping of values that knows the file and line of each key (front matter, a YAML entry)."""

    rel: str
    meta: Mapping

    def line_of(self, key: str, index: int | str | None = None) -> int: ...


def validate(
    located: Located, fields: Mapping[str, Field], problems: Problems, hints: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Convert every value of `located`; each problem is reported at its line."""

    def report(key: str, index, message: str) -> None:
        problems.error(located.rel, located.line_of(key, index), message)

    return convert_fields(located.meta, fields, report, hints)


@dataclass
class YamlMapping:
    """A mapping parsed from a YAML file, with the lines of its keys and entries.

    `first_line` is the file line of the YAML text's first line (front matter starts on line 2)."""

    rel: str
    meta: Mapping
    node: yaml.Node | None = None
    first_line: int = 1

    @property
    def line(self) -> int:
        return self.node.start_mark.line + self.first_line if self.node is not None else 1

    def _pairs(self) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if not isinstance(self.node, yaml.MappingNode):
            return {}
        return {str(key.value): (key, value) for key, value in self.node.value}

    def line_of(self, key: str, index: int | str | None = None) -> int:
        """Line of a key; with `index`, of the index-th entry (or the entry keyed `index`) of its value."""
        pair = self._pairs().get(key)
        if pair is None:
            return self.line
        node = pair[1]
        if isinstance(index, int) and isinstance(node, yaml.SequenceNode) and index < len(node.value):
            return node.value[index].start_mark.line + self.first_line
        if isinstance(index, str) and isinstance(node, yaml.MappingNode):
            for child_key, _ in node.value:
                if str(child_key.value) == index:
                    return child_key.start_mark.line + self.first_line
        return pair[0].start_mark.line + self.first_line

    def written(self, key: str) -> str | None:
        """A scalar exactly as written (`14:30` stays text, which YAML 1.1 reads as a number)."""
        pair = self._pairs().get(key)
        return str(pair[1].value) if pair and isinstance(pair[1], yaml.ScalarNode) else None

    def entries(self, key: str) -> list[YamlMapping | None]:
        """Each entry of a list value, located (None for an entry that is not a mapping)."""
        value = self.meta.get(key)
        pair = self._pairs().get(key)
        nodes = pair[1].value if pair and isinstance(pair[1], yaml.SequenceNode) else []
        if not isinstance(value, list):
            return []
        return [
            YamlMapping(self.rel, entry, nodes[n] if n < len(nodes) else None, self.first_line)
            if isinstance(entry, dict)
            else None
            for n, entry in enumerate(value)
        ]

    def entry_line(self, key: str, index: int) -> int:
        return self.line_of(key, index)
