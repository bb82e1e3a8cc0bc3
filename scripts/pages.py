"""Generated pages: one per item, paginated listings, facet filters and tags.

Pages are virtual (`File.generated`); nothing is written into materials/ or docs/.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from mkdocs.structure.files import File, Files, InclusionLevel

from .content import Catalog
from .content.base import ContentType, Item
from .freshness import RenderKeys, digest
from .slugs import pinyin_key, unique_slugs

NOT_IN_NAV = InclusionLevel.NOT_IN_NAV
TAG_INDEX = "tags/index.md"


# --- addresses of generated pages (src_uris), the one place that spells them ------------


def listing_uri(kind_key: str) -> str:
    return f"{kind_key}/index.md"


def facet_uri(kind: ContentType, slug: str) -> str:
    return f"{kind.key}/{kind.facet}/{slug}/index.md"


def tag_uri(slug: str, kind_key: str | None = None) -> str:
    return f"{kind_key}/tag/{slug}/index.md" if kind_key else f"tags/{slug}/index.md"


def dest_uri(src_uri: str, use_directory_urls: bool) -> str:
    """Where a generated page's HTML goes: `units/x.md` → `units/x.html` (or `units/x/index.html`)."""
    stem = src_uri[: -len(".md")]
    if not use_directory_urls or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


@dataclass
class GeneratedPage:
    """A virtual page: the template that renders it, its title, and what the template gets."""

    src_uri: str
    template: str
    title: str
    context: dict = field(default_factory=dict)
    description: str = ""
    # Material's `search` meta: {"exclude": True}, or what search indexes (scripts/search/record.py).
    search: dict | None = None
    # The page's Markdown when it is made from data at render time (skipped pages never pay for it).
    markdown: Callable[[], str] | None = None


@dataclass
class Filter:
    """One link of a filter row: a facet value or a tag, with its count."""

    label: str
    src_uri: str
    count: int
    active: bool = False


@dataclass
class Listing:
    """One page of a paginated list of items."""

    title: str
    items: list[Item]
    number: int
    page_uris: list[str]
    filter_rows: list[tuple[str, list[Filter]]] = field(default_factory=list)

    def key(self) -> str:
        """Everything this page shows (see freshness.RenderKeys)."""
        cards = [(i.src_uri, i.slug, i.title, i.date, i.summary, i.facet_value, i.is_draft) for i in self.items]
        return digest(self.title, self.number, self.page_uris, cards, self.filter_rows)

    @property
    def years(self) -> list[tuple[int, list[Item]]]:
        return [(year, list(group)) for year, group in groupby(self.items, key=lambda item: item.date.year)]

    @property
    def previous_uri(self) -> str | None:
        return self.page_uris[self.number - 2] if self.number > 1 else None

    @property
    def next_uri(self) -> str | None:
        return self.page_uris[self.number] if self.number < len(self.page_uris) else None


@dataclass
class TagIndex:
    tags: list[Filter]

    def key(self) -> str:
        return digest(self.tags)


def page_uris(base: str, count: int) -> list[str]:
    """`units/index.md`, `units/page/2.md`, … — pages of one list."""
    return [f"{base}/index.md"] + [f"{base}/page/{n}.md" for n in range(2, count + 1)]


def paginate(items: list[Item], size: int) -> list[list[Item]]:
    return [items[start : start + size] for start in range(0, len(items), size)] or [[]]


class SiteBuilder:
    """Turns the catalog into MkDocs files and remembers what each generated page shows."""

    def __init__(self, catalog: Catalog, plugin_config, mkdocs_config, materials: Path, keys: RenderKeys):
        self.catalog = catalog
        self.keys = keys
        self.options = plugin_config
        self.config = mkdocs_config
        self.materials = materials
        self.items: dict[str, Item] = {}
        self.pages: dict[str, GeneratedPage] = {}
        self.files: Files | None = None
        self.tag_slugs = unique_slugs([tag for item in catalog.all_items() for tag in item.tags])
        self.facet_slugs = {
            kind.key: unique_slugs([item.facet_value for item in catalog.items[kind.key]])
            for kind in catalog.types
            if kind.facet
        }
        self._positions = {id(item): n for items in catalog.items.values() for n, item in enumerate(items)}

    # --- files -----------------------------------------------------------------

    def add_files(self, files: Files) -> None:
        self.files = files
        for kind in self.catalog.types:
            for item in self.catalog.items[kind.key]:
                self._add_item(item)
            self._add_listings(kind)
        self._add_tags()
        self._add_static(files)

    def add_page(
        self,
        src_uri: str,
        template: str,
        title: str,
        *,
        context: dict | None = None,
        key: str | None = None,
        search: dict | None = None,
        content: str = "",
        markdown: Callable[[], str] | None = None,
        description: str = "",
        dest: str | None = None,
    ) -> File:
        """Add a virtual page. `key` is everything the page shows (freshness.RenderKeys): with it,
        `mkdocs serve --dirty` skips the page while the key stays the same; None renders it every time."""
        file = File.generated(self.config, src_uri, content=content, inclusion=NOT_IN_NAV)
        file.dest_uri = dest or self.dest_uri(src_uri)
        self.pages[src_uri] = GeneratedPage(src_uri, template, title, context or {}, description, search, markdown)
        self.files.append(file)
        self.keys.track(file, key)
        return file

    def add_file(self, src_uri: str, content: str | bytes | None = None, *, abs_src_path: str | None = None) -> File:
        """Add a generated file that is not a page (data scripts, calendars, pictures), or copy one
        from `abs_src_path` to `src_uri` (a file outside docs/ and materials' content folders)."""
        file = File.generated(self.config, src_uri, content=content, abs_src_path=abs_src_path)
        self.files.append(file)
        return file

    def dest_uri(self, src_uri: str) -> str:
        return dest_uri(src_uri, self.config.use_directory_urls)

    def _add_item(self, item: Item) -> None:
        before, after = self.neighbours(item)
        shown = [(other.slug, other.title) for other in (before, after) if other]
        links = (
            [self.tag_slugs[tag] for tag in item.tags],
            self.facet_slugs.get(item.kind.key, {}).get(item.facet_value),
        )
        key = digest(item.source.body, sorted(item.values.items()), item.slug, shown, links)
        self.items[item.src_uri] = item
        context = {"xl_item": item, "xl_neighbours": (before, after)}
        item.file = self.add_page(
            item.src_uri,
            item.kind.template,
            item.title,
            context=context,
            key=key,
            content=item.source.body,
            description=item.summary,
            dest=self.dest_uri(f"{item.kind.key}/{item.slug}.md"),
        )

    def _add_static(self, files: Files) -> None:
        # Only the files a published page uses (decided with the links: scripts/assets.py).
        for src_uri in self.catalog.assets:
            files.append(File(src_uri, str(self.materials), self.config.site_dir, self.config.use_directory_urls))

    def _add_list(self, base: str, title: str, items: list[Item], rows) -> None:
        chunks = paginate(items, self.options.listing_page_size)
        uris = page_uris(base, len(chunks))
        for number, chunk in enumerate(chunks, start=1):
            listing = Listing(title, chunk, number, uris, rows)
            self.add_page(
                uris[number - 1],
                "xl/listing.html",
                title,
                context={"xl_listing": listing},
                key=listing.key(),
                search={"exclude": True},
            )

    # --- listings ----------------------------------------------------------------

    def _add_listings(self, kind: ContentType) -> None:
        items = self.catalog.items[kind.key]
        self._add_list(kind.key, kind.label, items, self._filter_rows(kind, None))
        if kind.facet:
            for value, slug in self.facet_slugs[kind.key].items():
                chosen = [item for item in items if item.facet_value == value]
                rows = self._filter_rows(kind, ("facet", value))
                base = f"{kind.key}/{kind.facet}/{slug}"
                self._add_list(base, f"{value} · {kind.label}", chosen, rows)
        for tag in sorted({tag for item in items for tag in item.tags}):
            chosen = [item for item in items if tag in item.tags]
            rows = self._filter_rows(kind, ("tag", tag))
            base = f"{kind.key}/tag/{self.tag_slugs[tag]}"
            self._add_list(base, f"{tag} · {kind.label}", chosen, rows)

    def _filter_rows(self, kind: ContentType, active: tuple[str, str] | None) -> list[tuple[str, list[Filter]]]:
        items = self.catalog.items[kind.key]
        rows = []
        everything = Filter("全部", listing_uri(kind.key), len(items), active is None)
        if kind.facet:
            counts = Counter(item.facet_value for item in items)
            facet = [
                Filter(value, facet_uri(kind, slug), counts[value], active == ("facet", value))
                for value, slug in sorted(
                    self.facet_slugs[kind.key].items(), key=lambda pair: self._facet_order(kind, pair[0])
                )
            ]
            rows.append((kind.facet_label, [everything, *facet]))
        counts = Counter(tag for item in items for tag in item.tags)
        top = sorted(counts, key=lambda tag: (-counts[tag], pinyin_key(tag)))[: self.options.listing_top_tags]
        if active and active[0] == "tag" and active[1] not in top:
            top.append(active[1])
        tags = [Filter(tag, tag_uri(self.tag_slugs[tag], kind.key), counts[tag], active == ("tag", tag)) for tag in top]
        if tags:
            rows.append(("标签", tags if kind.facet else [everything, *tags]))
        return rows

    def _facet_order(self, kind: ContentType, value: str) -> tuple[int, str]:
        choices = list(kind.all_fields[kind.facet].choices)
        return (choices.index(value) if value in choices else len(choices), value)

    def _add_tags(self) -> None:
        everything = sorted(self.catalog.all_items(), key=lambda item: (-item.date.toordinal(), item.slug))
        counts = Counter(tag for item in everything for tag in item.tags)
        tags = sorted(self.tag_slugs.items(), key=lambda pair: pinyin_key(pair[0]))
        index = TagIndex([Filter(tag, tag_uri(slug), counts[tag]) for tag, slug in tags])
        context = {"xl_tags": index}
        self.add_page(TAG_INDEX, "xl/tags.html", "全部标签", context=context, key=index.key(), search={"exclude": True})
        for tag, slug in self.tag_slugs.items():
            chosen = [item for item in everything if tag in item.tags]
            self._add_list(tag_uri(slug)[: -len("/index.md")], f"标签：{tag}", chosen, [])

    # --- neighbours --------------------------------------------------------------

    def neighbours(self, item: Item) -> tuple[Item | None, Item | None]:
        """Previous and next item of the same type, in listing order."""
        items = self.catalog.items[item.kind.key]
        index = self._positions[id(item)]
        before = items[index - 1] if index > 0 else None
        after = items[index + 1] if index + 1 < len(items) else None
        return before, after

    def latest(self, key: str) -> list[Item]:
        return self.catalog.items.get(key, [])[: self.options.home_latest]
