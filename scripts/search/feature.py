"""Search as a Feature: collect each page's text while MkDocs renders, write the index after.

The search page (`search.html`) is the only page that loads search code and data; every
other page carries a header link to it and a one-line bootstrap that loads the highlighter
only when the URL asks for it (`?h=词语`, set by a search result link).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import threading
from collections import Counter
from pathlib import Path

from mkdocs.structure.files import File, InclusionLevel

from ..features import Feature
from .index import IndexBuilder, IndexCancelled, PageRecord, content_hash
from .record import bank_record, declared_record, docs_record, item_record, page_title

SEARCH_URI = "search.md"
INDEX_DIR = "xl-search"
PLACEHOLDER = "@XL_SEARCH_INDEX@"
INDEX_ATTRIBUTE = re.compile(rf'data-index="{INDEX_DIR}/([^"/]+)/"')
QUIZ_FOLDER = "quizzes/"  # the quiz feature's pages (scripts/quiz/feature.py BASE)
SUGGESTED_TAGS = 8


class SearchFeature(Feature):
    def __init__(self, options, root, is_serve: bool = False):
        super().__init__(options, root, is_serve)
        self.builder = IndexBuilder(options.search_shard_bytes)
        self.banks: dict[str, tuple[str, str]] = {}

    def validate(self, catalog) -> None:
        self.banks = _quiz_banks(self.options, self.root)

    def page_uris(self) -> set[str]:
        return {SEARCH_URI}

    def add_files(self, site, files, config) -> None:
        # `mkdocs serve`: an index the last build is still writing in the background is out of date.
        _stop(self.memory.pop("writer", None))
        site_dir = Path(config.site_dir)
        self.memory["version"] = _version_in(site_dir, site_dir / site._dest(SEARCH_URI))
        file = File.generated(config, SEARCH_URI, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        file.dest_uri = site._dest(SEARCH_URI)
        files.append(file)

    def page_markdown(self, markdown: str, page, site) -> str:
        if page.file.src_uri == SEARCH_URI:
            page.meta["template"] = "xl/search.html"
            page.meta["title"] = "搜索"
            page.meta["search"] = {"exclude": True}
        return markdown

    def page_content(self, html: str, page, site) -> str:
        # Kept across rebuilds: `mkdocs serve --dirty` skips unchanged pages, whose records still count.
        self.memory.setdefault("records", {})[page.file.src_uri] = self._record(html, page, site)
        return html

    def page_context(self, context: dict, page, site) -> None:
        if page.file.src_uri == SEARCH_URI:
            context["xl_search"] = {"index": f"{INDEX_DIR}/{PLACEHOLDER}/", "tags": self._tags(site, page)}

    def post_build(self, config, site) -> None:
        records = self.memory.get("records", {})
        for file in site.files.documentation_pages():
            if records.get(file.src_uri) is not None:
                self.builder.add(records[file.src_uri])
        site_dir = Path(config.site_dir)
        page = site_dir / site._dest(SEARCH_URI)
        if not self.is_serve:
            _write_index(self.builder, site_dir, page)
            return
        # `mkdocs serve`: the edited page shows at once and the index follows a few seconds later;
        # meanwhile search.html keeps using the last complete index (still on disk in a --dirty build).
        if self.memory.get("version"):
            _point(page, self.memory["version"])
        self.memory["superseded"] = False
        self.memory["writer"] = _start(self.builder, site_dir, page, lambda: self.memory["superseded"])

    # --- what a page contributes ---------------------------------------------------

    def _record(self, html: str, page, site) -> PageRecord | None:
        """What this page contributes to search, or None (see record.py for the rules)."""
        uri = page.file.src_uri
        url = page.file.dest_uri
        bank = self.banks.get(uri)
        if bank is not None:
            return bank_record(url, *bank)
        search = page.meta.get("search") or {}
        if not isinstance(search, dict) or search.get("exclude") or uri == SEARCH_URI:
            return None
        item = site.items.get(uri)
        if item is not None:
            return item_record(url, item, html)
        if search.get("type"):
            return declared_record(url, page_title(page), search, html)
        if page.file.generated_by is not None or page.is_homepage or uri in site.pages:
            return None  # listings, tag pages, the home page, other generated pages
        return docs_record(url, page_title(page), page.meta.get("audience"), html)

    def _tags(self, site, page) -> str:
        """The most used tags with their URLs, for the empty and no-results states (JSON)."""
        counts = Counter(tag for item in site.catalog.all_items() for tag in item.tags)
        top = sorted(counts, key=lambda tag: (-counts[tag], tag))[:SUGGESTED_TAGS]
        tags = []
        for tag in top:
            file = site.files.get_file_from_path(f"tags/{site.tag_slugs[tag]}/index.md")
            if file is not None:
                tags.append([tag, file.url_relative_to(page.file)])
        return json.dumps(tags, ensure_ascii=False)


def _quiz_banks(options, root) -> dict[str, tuple[str, str]]:
    """{bank page src_uri: (title, description)}; the quiz feature reports the banks' problems."""
    try:
        from ..problems import Problems
        from ..quiz.bank import load_banks
    except ImportError:  # pragma: no cover — a site without the quiz feature
        return {}
    folder = Path(root) / options.materials_dir / getattr(options, "quiz_dir", "quizzes")
    banks = load_banks(folder, Path(root), Problems()) if folder.is_dir() else []
    return {f"{QUIZ_FOLDER}{bank.id}.md": (bank.title, bank.description or "") for bank in banks}


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
    writer.join()  # a thread returns at its next check of `stop` (the plugin set "superseded")


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
