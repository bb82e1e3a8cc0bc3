"""What every content type shares: the item, the type declaration, the loader."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..cjk_breaks import join_text
from ..problems import Problems
from ..schema import COMMON_FIELDS, Field, validate
from ..slugs import slugify
from ..source import Source, load_source
from .broken import Broken, broken_file
from .structure import check_no_h1

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
READING_SPEED = 400  # Han characters a minute, a relaxed pace for study
SUMMARY_LENGTH = 120
RESERVED_SLUGS = {"index", "page", "tag", "category", "form"}


@dataclass
class Item:
    """One material: validated front matter plus body, and where its page lives."""

    kind: ContentType
    source: Source
    values: dict[str, Any]
    slug: str
    file: Any = None  # the MkDocs File of its page, set by SiteBuilder.add_files

    @property
    def src_uri(self) -> str:
        return f"{self.kind.key}/{self.source.path.name}"

    @property
    def title(self) -> str:
        return self.values["title"]

    @property
    def date(self) -> datetime.date:
        return self.values["date"]

    @property
    def tags(self) -> list[str]:
        return self.values["tags"]

    @property
    def is_draft(self) -> bool:
        return self.values["status"] == "draft"

    @property
    def facet_value(self) -> str | None:
        return self.values.get(self.kind.facet) if self.kind.facet else None

    @property
    def summary(self) -> str:
        return self.values["summary"] or first_paragraph(self.source.body)

    @property
    def reading_minutes(self) -> int:
        return max(1, round(len(HAN.findall(self.source.body)) / READING_SPEED))


@dataclass(frozen=True)
class ContentType:
    """A kind of material, declared as data: folder, fields, facet, template."""

    key: str
    label: str
    fields: dict[str, Field]
    template: str
    facet: str | None = None
    facet_label: str = ""
    check: Callable[[Item, Problems], None] = field(default=lambda item, problems: None)
    # The rendered body's type-specific touches (case sections, 小品 dialogue): (item, html) → html.
    render: Callable[[Item, str], str] = field(default=lambda item, html: html)
    # The home page's entry tile (a hint under the label) and its list of the latest items.
    home_hint: str = ""
    latest_heading: str = ""

    @property
    def all_fields(self) -> dict[str, Field]:
        return {**COMMON_FIELDS, **self.fields}


def first_paragraph(body: str) -> str:
    """The first plain paragraph, without Markdown syntax, cut to a summary's length."""
    paragraph: list[str] = []
    for line in body.split("\n"):
        stripped = line.strip()
        if not stripped:
            if paragraph:
                break
            continue
        if re.match(r"^(#|>|[-*+] |\d+\. |\||!\[|<|```|---)", stripped):
            if paragraph:
                break
            continue
        paragraph.append(stripped)
    text = join_text("\n".join(paragraph)).replace("\n", " ")  # the line-break rule of cjk_breaks
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`]+", "", text)
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"


def load_items(
    kind: ContentType,
    folder: Path,
    root: Path,
    problems: Problems,
    broken: list[Broken] | None = None,
    hints: dict[str, str] | None = None,
) -> list[Item]:
    """Load and validate every `*.md` in one type's folder (drafts included).

    Files that cannot become an item are added to `broken` (still known by path and id)."""
    items = []
    broken = broken if broken is not None else []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        if path.name == "index.md":
            problems.error(rel, 1, "文件名 index.md 保留给列表页，请换一个文件名")
            continue
        source = load_source(path, rel, problems)
        if source is None:
            broken.append(broken_file(kind.key, path, root))
            continue
        values = validate(source, kind.all_fields, problems, hints)
        slug = values.get("id") or slugify(path.stem)
        if slug in RESERVED_SLUGS:
            problems.error(rel, source.line_of("id"), f"页面地址 “{slug}” 是保留字，请设置其他 id")
            broken.append(broken_file(kind.key, path, root))
            continue
        if values["title"] is None or values["date"] is None:
            broken.append(broken_file(kind.key, path, root))
            continue
        item = Item(kind, source, values, slug)
        check_no_h1(rel, source.body, source.body_line, problems)
        kind.check(item, problems)
        items.append(item)
    _check_unique_slugs(items, problems)
    return sorted(items, key=lambda item: (-item.date.toordinal(), item.slug))


def _check_unique_slugs(items: list[Item], problems: Problems) -> None:
    seen: dict[str, Item] = {}
    for item in items:
        other = seen.setdefault(item.slug, item)
        if other is item:
            continue
        if item.values.get("id"):
            where = f"{other.source.rel}:{other.source.line_of('id')}"
            problems.error(item.source.rel, item.source.line_of("id"), f"id “{item.slug}” 与 {where} 重复")
        else:
            problems.error(
                item.source.rel, 1, f"页面地址 “{item.slug}” 与 {other.source.rel} 相同；请在其中一个文件设置不同的 id"
            )
