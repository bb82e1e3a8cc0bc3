"""The catalog: every material of every type, validated, with links checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import limits
from ..assets import Publisher, check_symlinks
from ..hygiene import show
from ..links import check_links
from ..outputs import check_outputs
from ..problems import Problems
from ..quiz.bank import Banks, load_banks
from ..source import read_text, split_front_matter
from ..targets import MissingTargets
from . import case, culture, unit
from .base import ContentType, Item, load_items
from .broken import Broken, broken_files
from .hints import field_hints

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
    # Files of materials/ the site publishes (src_uri → path): see scripts/assets.py.
    assets: dict[str, Path] = field(default_factory=dict)
    publish_patterns: list[str] = field(default_factory=list)
    # Files there but unusable, still known by path and id (content/broken.py): materials and banks.
    broken: list[Broken] = field(default_factory=list)

    def all_items(self) -> list[Item]:
        return [item for kind in self.types for item in self.items[kind.key]]


def load_catalog(config, root: Path, docs_dir: Path, include_drafts: bool) -> Catalog:
    """Load every material and validate it (links are checked by `check_all_links`)."""
    limits.configure(config)
    problems = Problems()
    materials = root / config.materials_dir
    types = [module.content_type(config) for module in CONTENT_MODULES]
    items: dict[str, list[Item]] = {}
    drafts: list[Item] = []
    broken: list[Broken] = []
    for kind in types:
        loaded = load_items(kind, materials / kind.key, root, problems, broken, field_hints(kind, types))
        items[kind.key] = [item for item in loaded if include_drafts or not item.is_draft]
        drafts += [item for item in loaded if item.is_draft and not include_drafts]
    banks = Banks(load_banks(materials / config.quiz_dir, root, problems))
    broken += broken_files("quizzes", materials / config.quiz_dir, root, {bank.rel for bank in banks.banks})
    patterns = list(getattr(config, "files_publish", None) or [])
    return Catalog(types, items, drafts, problems, banks, docs_dir, publish_patterns=patterns, broken=broken)


def _docs_pages(docs_dir: Path) -> list[Path]:
    return sorted(docs_dir.rglob("*.md")) if docs_dir.is_dir() else []


def check_all_links(catalog: Catalog, materials: Path, root: Path, docs_dir: Path, extra_pages=()) -> None:
    """Check links from materials and docs; `extra_pages` are src_uris features generate.

    Decides, on the way, which files of materials/ are published (`catalog.assets`).
    """
    docs = {path.relative_to(docs_dir).as_posix(): path for path in _docs_pages(docs_dir)}
    pages = set(docs) | GENERATED_PAGES | set(extra_pages) | {item.src_uri for item in catalog.all_items()}
    drafts = {item.src_uri for item in catalog.drafts}
    problems = catalog.problems
    check_symlinks(materials, root, problems)
    check_symlinks(docs_dir, root, problems)
    publisher = Publisher(root, materials, docs_dir, catalog.publish_patterns)
    found: set[str] = set()
    missing = MissingTargets(pages, (materials, docs_dir), {entry.src_uri: entry for entry in catalog.broken})
    for item in catalog.all_items():
        source = item.source
        check_links(
            source.rel,
            item.src_uri,
            source.body,
            source.body_line,
            pages,
            publisher.problem,
            drafts,
            problems,
            found,
            missing,
        )
        _check_media(item, publisher, problems, found)
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
        if not limits.check_body(body, rel, first_line, problems):
            continue
        check_links(rel, src_uri, body, first_line, pages, publisher.problem, drafts, problems, found, missing)
    for uri in sorted(found):
        publisher.publish(uri)
    publisher.add_patterns(problems, "mkdocs.yml")
    catalog.assets = dict(sorted(publisher.files.items()))
    check_outputs(catalog, docs, docs_dir, root, extra_pages)


def _check_media(item: Item, publisher: Publisher, problems: Problems, found: set[str]) -> None:
    """`media:` files (already checked for their form by the type) must be publishable."""
    for index, media in enumerate(item.values.get("media") or []):
        if not media.file:
            continue
        uri = f"{item.kind.key}/{media.file}"
        problem = publisher.problem(uri)
        if problem:
            line = item.source.line_of("media", index)
            if problem == "不存在":
                message = f"找不到媒体文件 “{show(media.file)}”（应放在 {item.source.rel} 旁边）"
            else:
                message = f"媒体文件 “{show(media.file)}” {problem}"
            problems.error(item.source.rel, line, message)
        else:
            found.add(uri)
