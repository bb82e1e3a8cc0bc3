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

    # 学习安排 (scripts/schedule): the plan file under materials_dir, session forms, default length
    schedule_file = c.Type(str, default="schedule.yml")
    schedule_forms = c.ListOfItems(
        c.Type(str),
        default=["集中学习", "专题研讨", "专题党课", "警示教育", "观看警示教育片", "知识测试", "主题党日", "读书分享"],
    )
    schedule_minutes = c.Type(int, default=120)

    # 搜索 (scripts/search): target size in bytes of one index shard before gzip
    search_shard_bytes = c.Type(int, default=8192)

    # 地址 (scripts/addresses): the record of published page addresses under materials_dir
    addresses_file = c.Type(str, default="addresses.yml")

    # 交付 (scripts/delivery): phone-sized pictures, the USB (file://) build
    delivery_image_width = c.Type(int, default=1080)
    delivery_image_quality = c.Type(int, default=80)
    delivery_offline = c.Type(bool, default=False)
