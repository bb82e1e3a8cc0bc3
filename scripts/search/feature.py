"""Search as a Feature: collect each page's text while MkDocs renders, write the index after.

The search page (`search.html`) is the only page that loads search code and data; every
other page carries a header link to it and a one-line bootstrap that loads the highlighter
only when the URL asks for it (`?h=词语`, set by a search result link).
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections import Counter
from pathlib import Path

from mkdocs.structure.files import File, InclusionLevel

from ..features import Feature
from .index import TYPES, IndexBuilder, PageRecord, content_hash
from .text import html_to_text

SEARCH_URI = "search.md"
INDEX_DIR = "xl-search"
PLACEHOLDER = "@XL_SEARCH_INDEX@"
INDEX_ATTRIBUTE = re.compile(rf'data-index="{INDEX_DIR}/[^"/]+/"')
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
        # In `mkdocs serve` the previous build's index may still be being written: let it finish
        # before this build renders search.html again.
        writer = self.memory.pop("writer", None)
        if writer is not None:
            writer.join()
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
            self._write_index(site_dir, page)
            return
        # `mkdocs serve`: the edited page shows at once and the index follows a few seconds later;
        # meanwhile search.html keeps using the last index (still on disk in a --dirty build).
        previous = self.memory.get("version")
        if previous and (site_dir / INDEX_DIR / previous / "m.js").is_file():
            _point(page, previous)
        writer = threading.Thread(target=self._write_index, args=(site_dir, page), daemon=True)
        self.memory["writer"] = writer
        writer.start()

    def _write_index(self, site_dir: Path, page: Path) -> None:
        files = self.builder.build()
        version = content_hash(files)
        target = site_dir / INDEX_DIR / version
        for rel, text in files.items():
            path = target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        _point(page, version)
        self.memory["version"] = version

    # --- what a page contributes ---------------------------------------------------

    def _record(self, html: str, page, site) -> PageRecord | None:
        uri = page.file.src_uri
        url = page.file.dest_uri
        bank = self.banks.get(uri)
        if bank is not None:
            # A quiz bank: its title and description only — never a question or an answer.
            return PageRecord(url, bank[0], "题库", body=bank[1])
        search = page.meta.get("search") or {}
        if not isinstance(search, dict) or search.get("exclude") or uri in site.pages or uri == SEARCH_URI:
            return None
        item = site.items.get(uri)
        if item is not None:
            kind = item.kind.label if item.kind.label in TYPES else "其他"
            headings, body = html_to_text(html)
            return PageRecord(url, item.title, kind, item.facet_value or "", item.date.year, headings, body)
        title = str(page.title or "")
        if uri.startswith(QUIZ_FOLDER):
            return None  # quiz pages other than a bank's own page are never indexed
        if "text" in search:
            return PageRecord(url, title, "其他", body=str(search["text"]))
        headings, body = html_to_text(html)
        return PageRecord(url, title, "其他", headings=headings, body=body)

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


def _point(page: Path, version: str) -> None:
    """Make search.html use the index folder `version` (atomically: a browser may be reading it)."""
    if not page.is_file():
        return
    html = INDEX_ATTRIBUTE.sub(f'data-index="{INDEX_DIR}/{version}/"', page.read_text(encoding="utf-8"), count=1)
    partial = page.with_name(page.name + ".part")
    partial.write_text(html, encoding="utf-8")
    os.replace(partial, page)
