"""Typed options of the `xuanjiao` plugin, set under `plugins:` in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

DEFAULT_CATEGORIES = ["政治纪律", "组织纪律", "廉洁纪律", "群众纪律", "工作纪律", "生活纪律"]
DEFAULT_FORMS = ["剪纸", "楚剧", "小品", "书法", "绘画", "家风故事", "诗词"]


class XuanjiaoConfig(base.Config):
    materials_dir = c.Type(str, default="materials")
    cases_categories = c.ListOfItems(c.Type(str), default=DEFAULT_CATEGORIES)
    culture_forms = c.ListOfItems(c.Type(str), default=DEFAULT_FORMS)
    listing_page_size = c.Type(int, default=20)
    listing_top_tags = c.Type(int, default=8)
    home_latest = c.Type(int, default=5)

    # 知识测试 (scripts/quiz): banks folder under materials_dir, questions per data file
    quiz_dir = c.Type(str, default="quizzes")
    quiz_shard_size = c.Type(int, default=25)
