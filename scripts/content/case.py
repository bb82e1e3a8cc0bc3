"""警示教育案例: cases classified by the 六项纪律, with outcome and legal basis."""

from __future__ import annotations

import re

from ..schema import Choice, Text, TextList
from .base import ContentType

SECTION_CLASSES = {"案情": "facts", "剖析": "analysis", "警示": "warning"}
_H2 = re.compile(r"(?=<h2[\s>])")
_TAGS = re.compile(r"<[^>]+>")


def content_type(config) -> ContentType:
    fields = {
        "category": Choice("纪律类别", required=True, choices=tuple(config.cases_categories)),
        "subject": Text("当事人", default=""),
        "outcome": Text("处理结果", default=""),
        "basis": TextList("纪法依据", default=[]),
    }
    return ContentType(
        key="cases",
        label="警示案例",
        fields=fields,
        template="xl/case.html",
        facet="category",
        facet_label="纪律类别",
        render=render_sections,
        home_hint="以案说纪 · 六项纪律",
        latest_heading="最新警示案例",
    )


def render_sections(item, html: str) -> str:
    """Wrap the 案情 / 剖析 / 警示 sections so each gets its own look."""
    parts = _H2.split(html)
    out = [parts[0]]
    for part in parts[1:]:
        heading = _TAGS.sub("", part[: part.find("</h2>")]).strip()
        css = SECTION_CLASSES.get(heading)
        out.append(f'<section class="xl-case-section xl-case-section--{css}">{part}</section>' if css else part)
    return "".join(out)
