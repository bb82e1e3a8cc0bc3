"""Parts of the site beyond the three Markdown content types (quizzes, schedule, search …).

Each feature is one class in its own package; the plugin calls the same hooks on every
feature in FEATURES order, so adding a feature touches no handler.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .content import Catalog
    from .pages import SiteBuilder


@dataclass
class Memory:
    """What a feature keeps across the rebuilds of one `mkdocs serve`; a feature that keeps more
    declares a subclass as its `Memory`. The plugin sets `superseded` when the next build begins:
    background work of the last build (the search index writer) checks it and stops."""

    superseded: bool = False


class Feature:
    """Hooks a feature may implement; every one is optional."""

    Memory = Memory

    def __init__(self, options: Any, root, is_serve: bool = False):
        self.options = options  # the plugin's XuanjiaoConfig
        self.root = root  # the project folder (where mkdocs.yml is)
        self.is_serve = is_serve
        # Survives the rebuilds of one `mkdocs serve` (the plugin hands each feature its own).
        self.memory = self.Memory()

    def validate(self, catalog: Catalog) -> None:
        """Load this feature's data and add problems to catalog.problems (runs for `check` too)."""

    def counts(self) -> list[str]:
        """What this feature loaded, for the summary line of `check` (e.g. "题库 2 个")."""
        return []

    def page_uris(self) -> set[str]:
        """src_uris of pages this feature generates that docs and materials may link to."""
        return set()

    def home_entries(self) -> list[dict]:
        """Entry tiles for the home page: {"label", "hint", "src_uri"}."""
        return []

    def add_files(self, site: SiteBuilder, files, config) -> None:
        """Add virtual pages (site.add_page) and data files (site.add_file) in on_files."""

    def page_markdown(self, markdown: str, page, site: SiteBuilder) -> str:
        return markdown

    def page_content(self, html: str, page, site: SiteBuilder) -> str:
        return html

    def page_context(self, context: dict, page, site: SiteBuilder) -> None:
        """Add template variables (on_page_context)."""

    def post_page(self, output: str, page, site: SiteBuilder) -> str:
        return output

    def post_build(self, config, site: SiteBuilder) -> None:
        """Write extra output into config.site_dir (on_post_build)."""

    def watch_paths(self) -> list:
        """Extra paths `mkdocs serve` should watch."""
        return []
