"""学习单元: theory study units with objectives, discussion questions and a quiz."""

from __future__ import annotations

from ..schema import Text, TextList
from .base import ContentType

FIELDS = {
    "objectives": TextList("学习目标", default=[], shown="heading"),
    "discussion": TextList("研讨题", default=[], shown="heading"),
    "source": Text("出处", default="", shown="inline"),
    "quiz": Text("知识测试", default=""),
}


def content_type(config) -> ContentType:
    return ContentType(
        key="units",
        label="学习单元",
        fields=FIELDS,
        template="xl/unit.html",
        home_hint="理论学习 · 党章党规",
        latest_heading="最新学习单元",
    )
