"""The catalog: every material of every type, validated, with links checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..links import check_links, file_exists_in
from ..problems import Problems
from ..quiz.bank import Banks, load_banks
from ..source import read_text, split_front_matter
from . import case, culture, unit
from .base import ContentType, Item, load_items

CONTENT_MODULES = (unit, case, culture)
# Pages the plugin generates that docs and materials may link to.
GENERATED_PAGES = {"units/index.md", "cases/index.md", "culture/index.md", "tags/index.md"}


@dataclass
class Catalog:
    types: list[ContentType]
    items: dict[str, list[Item]]
    drafts: list[Item] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    banks: Banks = field(default_factory=Banks)
    docs_dir: Path = Path("docs")

    def all_items(self) -> list[Item]:
        return [item for kind in self.types for item in self.items[kind.key]]


def load_catalog(config, root: Path, docs_dir: Path, include_drafts: bool) -> Catalog:
    """Load every material and validate it (links are checked by `check_all_links`)."""
    problems = Problems()
    materials = root / config.materials_dir
    types = [module.content_type(config) for module in CONTENT_MODULES]
    items: dict[str, list[Item]] = {}
    drafts: list[Item] = []
    for kind in types:
        loaded = load_items(kind, materials / kind.key, root, problems)
        items[kind.key] = [item for item in loaded if include_drafts or not item.is_draft]
        drafts += [item for item in loaded if item.is_draft and not include_drafts]
    banks = Banks(load_banks(materials / config.quiz_dir, root, problems))
    return Catalog(types, items, drafts, problems, banks, docs_dir)


def _docs_pages(docs_dir: Path) -> list[Path]:
    return sorted(docs_dir.rglob("*.md")) if docs_dir.is_dir() else []


def check_all_links(catalog: Catalog, materials: Path, root: Path, docs_dir: Path, extra_pages=()) -> None:
    """Check links from materials and docs; `extra_pages` are src_uris features generate."""
    docs = {path.relative_to(docs_dir).as_posix(): path for path in _docs_pages(docs_dir)}
    pages = set(docs) | GENERATED_PAGES | set(extra_pages) | {item.src_uri for item in catalog.all_items()}
    drafts = {item.src_uri for item in catalog.drafts}
    exists = file_exists_in(materials, docs_dir)
    problems = catalog.problems
    for item in catalog.all_items():
        source = item.source
        check_links(source.rel, item.src_uri, source.body, source.body_line, pages, exists, drafts, problems)
    for src_uri, path in docs.items():
        rel = path.relative_to(root).as_posix()
        text = read_text(path, rel, problems)
        if text is None:
            continue
        body, first_line = text, 1
        if text.startswith("---\n"):
            parts = split_front_matter(text, rel, Problems())
            if parts:
                _, body, first_line = parts
        check_links(rel, src_uri, body, first_line, pages, exists, drafts, problems)
