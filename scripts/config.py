"""Typed options of the `xuanjiao` plugin, set under `plugins:` in mkdocs.yml.

Every value is checked when the config loads (a wrong one is an error naming the option):
numbers within their range, folder names inside the project, lists of distinct names.
"""

from __future__ import annotations

import math
import posixpath

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from .hygiene import invisible_message, show

DEFAULT_CATEGORIES = ["政治纪律", "组织纪律", "廉洁纪律", "群众纪律", "工作纪律", "生活纪律"]
DEFAULT_SECTIONS = ["案情", "剖析", "警示"]
DEFAULT_FORMS = ["剪纸", "楚剧", "小品", "书法", "绘画", "家风故事", "诗词"]


class Integer(c.BaseConfigOption[int]):
    """A whole number between `low` and `high` (both included)."""

    def __init__(self, default: int, low: int, high: int):
        super().__init__()
        self.default, self.low, self.high = default, low, high

    def run_validation(self, value: object) -> int:
        if value is None:
            return self.default
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not self.low <= value <= self.high:
            raise ValidationError(f"应为 {self.low} 到 {self.high} 之间的整数，实际是 “{show(value)}”")
        return value


class Flag(c.BaseConfigOption[bool]):
    def __init__(self, default: bool):
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> bool:
        if value is None:
            return self.default
        if not isinstance(value, bool):
            raise ValidationError(f"应为 true 或 false，实际是 “{show(value)}”")
        return value


class Folder(c.BaseConfigOption[str]):
    """A relative path inside the project: no `..`, not absolute, no backslashes."""

    def __init__(self, default: str, suffixes: tuple[str, ...] = ()):
        super().__init__()
        self.default, self.suffixes = default, suffixes

    def run_validation(self, value: object) -> str:
        if value is None:
            return self.default
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"应为项目内的相对路径，例如 {self.default}，实际是 “{show(value)}”")
        text = value.strip()
        parts = text.split("/")
        if "\\" in text or text.startswith("/") or ":" in text or ".." in parts or invisible_message(text):
            raise ValidationError(f"“{show(text)}” 应为项目内的相对路径（用 / 分隔，不能含 ..），例如 {self.default}")
        if self.suffixes and not text.endswith(self.suffixes):
            raise ValidationError(f"“{show(text)}” 应以 {' 或 '.join(self.suffixes)} 结尾")
        return posixpath.normpath(text)


class Names(c.BaseConfigOption[list]):
    """A non-empty list of distinct, non-empty, one-line names."""

    def __init__(self, default: list[str], allow_empty: bool = False):
        super().__init__()
        self.default, self.allow_empty = default, allow_empty

    def run_validation(self, value: object) -> list[str]:
        if value is None:
            return list(self.default)
        if not isinstance(value, list):
            raise ValidationError(f"应为列表，例如 [{', '.join(self.default[:2])}]，实际是 “{show(value)}”")
        if not value and not self.allow_empty:
            raise ValidationError("不能是空列表")
        names: list[str] = []
        for number, entry in enumerate(value, start=1):
            if isinstance(entry, bool) or not isinstance(entry, (str, int)) or not str(entry).strip():
                raise ValidationError(f"第 {number} 项应为文字，实际是 “{show(entry)}”")
            name = str(entry).strip()
            problem = invisible_message(name) or ("含有换行" if "\n" in name or "\r" in name else None)
            if problem:
                raise ValidationError(f"第 {number} 项 “{show(name)}” {problem}")
            if name in names:
                raise ValidationError(f"第 {number} 项 “{show(name)}” 与前面的项重复")
            names.append(name)
        return names


class Level(c.BaseConfigOption[str]):
    """warning | error | off — YAML reads a bare `off` as false, which means off too."""

    CHOICES = ("warning", "error", "off")

    def __init__(self, default: str):
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> str:
        if value is None:
            return self.default
        if value is False:
            return "off"
        if value not in self.CHOICES:
            raise ValidationError(f"应为 {'、'.join(self.CHOICES)} 之一，实际是 “{show(value)}”")
        return value


class XuanjiaoConfig(base.Config):
    materials_dir = Folder("materials")
    cases_categories = Names(DEFAULT_CATEGORIES)
    culture_forms = Names(DEFAULT_FORMS)
    # Sections every case body has, as `## 名称` headings, in this order (an empty list checks none)
    cases_sections = Names(DEFAULT_SECTIONS, allow_empty=True)
    listing_page_size = Integer(20, 1, 1000)
    listing_top_tags = Integer(8, 0, 100)
    home_latest = Integer(5, 0, 100)

    # Limits: what one material may hold before it is an error (see scripts/limits.py).
    limits_body_bytes = Integer(2_000_000, 1_000, 50_000_000)
    limits_nesting_depth = Integer(20, 2, 100)
    limits_tags_per_item = Integer(30, 1, 1000)
    limits_options_per_question = Integer(8, 2, 8)
    # Files in materials/ published although no page links them (glob patterns, e.g. culture/附件/*.pdf).
    files_publish = Names([], allow_empty=True)

    # 知识测试 (scripts/quiz): banks folder under materials_dir, questions per data file
    quiz_dir = Folder("quizzes")
    quiz_shard_size = Integer(25, 1, 10_000)

    # 学习安排 (scripts/schedule): the plan file under materials_dir, session forms, default length
    schedule_file = Folder("schedule.yml", suffixes=(".yml", ".yaml"))
    schedule_forms = Names(
        ["集中学习", "专题研讨", "专题党课", "警示教育", "观看警示教育片", "知识测试", "主题党日", "读书分享"],
    )
    schedule_minutes = Integer(120, 1, 1440)

    # 宣教活动 (scripts/campaign): campaign files and records folders under materials_dir; the
    # configured list of responsible units (镇街、部门、支部) every campaign draws on
    campaign_dir = Folder("campaigns")
    campaign_records_dir = Folder("records")
    campaign_units = Names([], allow_empty=True)

    # 搜索 (scripts/search): target size in bytes of one index shard before gzip
    search_shard_bytes = Integer(8192, 512, 10_000_000)

    # 规范表述校对 (scripts/proof): the dictionary under materials_dir; findings as warning, error or off
    proof_dictionary = Folder("规范表述.yml", suffixes=(".yml", ".yaml"))
    proof_level = Level("warning")
    # 地址 (scripts/addresses): the record of published page addresses under materials_dir
    addresses_file = c.Type(str, default="addresses.yml")

    # 交付 (scripts/delivery): phone-sized pictures, the USB (file://) build
    delivery_image_width = Integer(1080, 100, 10_000)
    delivery_image_quality = Integer(80, 1, 100)
    delivery_offline = Flag(False)
