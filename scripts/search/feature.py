"""Search as a Feature: collect each page's text while MkDocs renders, write the index after.

The search page (`search.html`) is the only page that loads search code and data; every
other page carries a header link to it and a one-line bootstrap that loads the highlighter
only when the URL asks for it (`?h=词语`, set by a search result link).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import posixpath
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..features import Feature, Memory
from ..pages import tag_uri
from .index import IndexBuilder, IndexCancelled, PageRecord, content_hash
from .record import check_audiences, declared_record, docs_record, item_record, page_title
from .text import shown_content

SEARCH_URI = "search.md"
INDEX_DIR = "xl-search"
PLACEHOLDER = "@XL_SEARCH_INDEX@"
INDEX_ATTRIBUTE = re.compile(rf'data-index="{INDEX_DIR}/([^"/]+)/"')
SUGGESTED_TAGS = 8


@dataclass
class SearchMemory(Memory):
    records: dict[str, PageRecord | None] = field(default_factory=dict)  # by src_uri, of every page rendered
    version: str | None = None  # the complete index search.html points at
    writer: Any = None  # the background index writer of the last `mkdocs serve` build


class SearchFeature(Feature):
    Memory = SearchMemory

    def __init__(self, options, root, is_serve: bool = False):
        super().__init__(options, root, is_serve)
        self.builder = IndexBuilder(options.search_shard_bytes)

    def validate(self, catalog) -> None:
        check_audiences(catalog.docs_dir, Path(self.root), catalog.problems)

    def page_uris(self) -> set[str]:
        return {SEARCH_URI}

    def add_files(self, site, files, config) -> None:
        # `mkdocs serve`: an index the last build is still writing in the background is out of date.
        _stop(self.memory.writer)
        self.memory.writer = None
        site_dir = Path(config.site_dir)
        self.memory.version = _version_in(site_dir, site_dir / site.dest_uri(SEARCH_URI))
        context = {"xl_search": {"index": f"{INDEX_DIR}/{PLACEHOLDER}/", "tags": self._tags(site)}}
        site.add_page(SEARCH_URI, "xl/search.html", "搜索", context=context, search={"exclude": True})

    def page_content(self, html: str, page, site) -> str:
        # Kept across rebuilds: `mkdocs serve --dirty` skips unchanged pages, whose records still count.
        if not _declared(page).get("rendered"):
            self.memory.records[page.file.src_uri] = self._record(html, page, site)
        return html

    def post_page(self, output: str, page, site) -> str:
        declared = _declared(page)
        if declared.get("rendered") and not declared.get("exclude"):
            content = shown_content(output)
            self.memory.records[page.file.src_uri] = declared_record(
                page.file.dest_uri, page_title(page), declared, content
            )
        return output

    def post_build(self, config, site) -> None:
        records = self.memory.records
        for file in site.files.documentation_pages():
            if records.get(file.src_uri) is not None:
                self.builder.add(records[file.src_uri])
        site_dir = Path(config.site_dir)
        page = site_dir / site.dest_uri(SEARCH_URI)
        if not self.is_serve:
            _write_index(self.builder, site_dir, page)
            return
        # `mkdocs serve`: the edited page shows at once and the index follows a few seconds later;
        # meanwhile search.html keeps using the last complete index (still on disk in a --dirty build).
        if self.memory.version:
            _point(page, self.memory.version)
        self.memory.superseded = False
        self.memory.writer = _start(self.builder, site_dir, page, lambda: self.memory.superseded)

    # --- what a page contributes ---------------------------------------------------

    def _record(self, html: str, page, site) -> PageRecord | None:
        """What this page contributes to search, or None (see record.py for the rules)."""
        uri, url = page.file.src_uri, page.file.dest_uri
        search = _declared(page)
        if search.get("exclude"):
            return None
        item = site.items.get(uri)
        if item is not None:
            return item_record(url, item, html)
        if search.get("kind"):
            return declared_record(url, page_title(page), search, html)
        if uri in site.pages or page.file.generated_by is not None or page.is_homepage:
            return None  # listings, tag pages, the home page, other generated pages
        return docs_record(url, page_title(page), page.meta.get("audience"), html)

    def _tags(self, site) -> str:
        """The most used tags with their URLs, for the empty and no-results states (JSON)."""
        counts = Counter(tag for item in site.catalog.all_items() for tag in item.tags)
        top = sorted(counts, key=lambda tag: (-counts[tag], tag))[:SUGGESTED_TAGS]
        here = posixpath.dirname(site.dest_uri(SEARCH_URI)) or "."
        tags = [[tag, posixpath.relpath(site.dest_uri(tag_uri(site.tag_slugs[tag])), here)] for tag in top]
        return json.dumps(tags, ensure_ascii=False)


def _declared(page) -> dict:
    """What a page says of itself for search (its `search` meta), {} when nothing."""
    search = page.meta.get("search")
    return search if isinstance(search, dict) else {"exclude": True} if search is not None else {}


def _write_index(builder: IndexBuilder, site_dir: Path, page: Path, stop=None) -> None:
    """Write the index into a folder named by its content hash, then point search.html at it."""
    try:
        files = builder.build(stop=stop)
    except IndexCancelled:
        return
    version = content_hash(files)
    target = site_dir / INDEX_DIR / version
    for number, (rel, text) in enumerate(files.items()):
        if stop and number % 64 == 0 and stop():
            return
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _point(page, version)


def _start(builder: IndexBuilder, site_dir: Path, page: Path, stop):
    """Write the index in the background: a forked process where there is fork (it shares no GIL with
    the server, whose file watcher and request handling would otherwise wait on it), else a thread
    that checks `stop`."""
    if "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        writer = context.Process(target=_write_index, args=(builder, site_dir, page), daemon=True)
    else:
        writer = threading.Thread(target=_write_index, args=(builder, site_dir, page, stop), daemon=True)
    writer.start()
    return writer


def _stop(writer) -> None:
    if writer is None:
        return
    if isinstance(writer, multiprocessing.process.BaseProcess):
        writer.terminate()
    writer.join()  # a thread returns at its next check of `stop` (the plugin set `superseded`)


def _version_in(site_dir: Path, page: Path) -> str | None:
    """The index folder search.html uses now, if that folder is complete."""
    if not page.is_file():
        return None
    match = INDEX_ATTRIBUTE.search(page.read_text(encoding="utf-8"))
    version = match.group(1) if match else None
    return version if version and (site_dir / INDEX_DIR / version / "m.js").is_file() else None


def _point(page: Path, version: str) -> None:
    """Make search.html use the index folder `version` (atomically: a browser may be reading it)."""
    if not page.is_file():
        return
    html = INDEX_ATTRIBUTE.sub(f'data-index="{INDEX_DIR}/{version}/"', page.read_text(encoding="utf-8"), count=1)
    partial = page.with_name(page.name + ".part")
    partial.write_text(html, encoding="utf-8")
    os.replace(partial, page)
