"""警示教育案例: cases classified by the 六项纪律, with outcome and legal basis."""

from __future__ import annotations

import re
from functools import partial

from ..problems import Problems
from ..schema import Choice, Text, TextList
from .base import ContentType, Item
from .structure import check_sections, section_name

# The configured sections (`cases_sections`, 案情/剖析/警示 by default) get these looks, by position.
SECTION_CLASSES = ("facts", "analysis", "warning")
_H2 = re.compile(r"(?=<h2[\s>])")
_TAGS = re.compile(r"<[^>]+>")


def content_type(config) -> ContentType:
    fields = {
        "category": Choice("纪律类别", required=True, choices=tuple(config.cases_categories), shown="value"),
        "subject": Text("当事人", default="", shown="heading"),
        "outcome": Text("处理结果", default="", shown="heading"),
        "basis": TextList("纪法依据", default=[], shown="heading"),
    }
    names = tuple(config.cases_sections)
    return ContentType(
        key="cases",
        label="警示案例",
        fields=fields,
        template="xl/case.html",
        facet="category",
        facet_label="纪律类别",
        check=partial(_check_body, names=names),
        render=partial(render_sections, names=names),
        home_hint="以案说纪 · 六项纪律",
        latest_heading="最新警示案例",
    )


def _check_body(item: Item, problems: Problems, names: tuple[str, ...]) -> None:
    source = item.source
    check_sections(source.rel, source.body, source.body_line, names, problems)


def render_sections(item, html: str, names=("案情", "剖析", "警示")) -> str:
    """Wrap the 案情 / 剖析 / 警示 sections (the configured names) so each gets its own look."""
    classes = dict(zip(names, SECTION_CLASSES, strict=False))
    parts = _H2.split(html)
    out = [parts[0]]
    for part in parts[1:]:
        heading = section_name(_TAGS.sub("", part[: part.find("</h2>")]))
        css = classes.get(heading)
        out.append(f'<section class="xl-case-section xl-case-section--{css}">{part}</section>' if css else part)
    return "".join(out)
