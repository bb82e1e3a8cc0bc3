"""What a page contributes to search: its title, the fields it shows, its headings and body.

By kind of page:

- a material (unit, case, culture work): its title; every front-matter field its content
  type declares shown (`schema.Field.shown`), as the page shows it; its rendered body. A
  field added to a type later is searchable as soon as it is declared shown.
- a generated page that describes itself in its `search` meta (`SiteBuilder.add_page(search=…)`):
  `{"kind": label, "date": datetime.date, "fields": [text, …], "text": body}`, every key but
  `kind` optional. A 学习安排 session gives its date and what the page shows; a quiz bank gives
  `text`, its description: the rendered page (its questions) is then never read. With
  `"rendered": True` the text is what the page's template rendered, read from the finished
  page (`text.shown_content`): a 宣教活动 page shows only what its template builds.
- a hand-written docs page: its title and body. Its `audience` front matter says who it is
  for: 帮助 (the default) lists it after the study materials, labelled 帮助; 编辑 (editing and
  deployment) keeps it out of member search.

Never indexed: `search: {exclude: true}`, the home page, listings, tag pages and every other
generated page.
"""

from __future__ import annotations

import datetime
import html as html_module
from pathlib import Path

from ..problems import Problems
from ..schema import Choice, FieldError
from ..source import parse_yaml, read_text, split_front_matter
from .index import HELP, PageRecord
from .text import html_to_text

AUDIENCE_HELP = "帮助"
AUDIENCE_EDITOR = "编辑"
AUDIENCES = (AUDIENCE_HELP, AUDIENCE_EDITOR)


def shown_fields(item) -> list[str]:
    """The texts of an item's shown fields, in declaration order, labelled as the page labels them."""
    texts: list[str] = []
    for key, field in item.kind.all_fields.items():
        values = field.texts(item.values.get(key)) if field.shown else []
        if not values:
            continue
        if field.shown == "heading":  # 学习目标 over a list, 当事人 beside its value
            texts += [field.label, *values]
        elif field.shown == "inline":  # 作者：某某
            texts += [f"{field.label}：{value}" for value in values]
        else:
            texts += values
    return texts


def date_label(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def item_record(url: str, item, content: str) -> PageRecord:
    headings, body = html_to_text(content)
    facet = item.facet_value or ""
    return PageRecord(url, item.title, item.kind.label, facet, item.date.year, "", shown_fields(item), headings, body)


def declared_record(url: str, title: str, declared: dict, content: str) -> PageRecord:
    """A generated page that says what it shows (its `search` meta)."""
    headings, body = ([], str(declared["text"])) if "text" in declared else html_to_text(content)
    day = declared.get("date")
    is_date = isinstance(day, datetime.date)
    fields = [str(text) for text in declared.get("fields") or [] if str(text)]
    return PageRecord(
        url,
        title,
        str(declared["kind"]),
        year=day.year if is_date else 0,
        date=date_label(day) if is_date else "",
        fields=fields,
        headings=headings,
        body=body,
    )


def docs_record(url: str, title: str, audience, content: str) -> PageRecord | None:
    if audience == AUDIENCE_EDITOR:
        return None
    headings, body = html_to_text(content)
    return PageRecord(url, title, HELP, headings=headings, body=body)


def page_title(page) -> str:
    """A page's title as plain text (the plugin stores titles HTML-escaped)."""
    return html_module.unescape(str(page.title or ""))


def check_audiences(docs_dir: Path, root: Path, problems: Problems) -> None:
    """A docs page's `audience` must be one of AUDIENCES: a typo would put an editor page in member search."""
    field = Choice("读者", choices=AUDIENCES)
    for path in sorted(docs_dir.rglob("*.md")) if docs_dir.is_dir() else []:
        rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
        text = read_text(path, rel, Problems())  # the link check reports unreadable files
        parts = split_front_matter(text, rel, Problems()) if text and text.startswith("---\n") else None
        parsed = parse_yaml(parts[0], rel, Problems()) if parts else None
        if not parsed or not isinstance(parsed[0], dict) or parsed[0].get("audience") is None:
            continue
        try:
            field.convert(parsed[0]["audience"])
        except FieldError as error:
            line = next((key.start_mark.line + 2 for key, _ in parsed[1].value if key.value == "audience"), 1)
            problems.error(rel, line, f"字段 “audience”（读者）{error}")
