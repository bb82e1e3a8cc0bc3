"""Parts of the site beyond the three Markdown content types (quizzes, schedule, search …).

Each feature is one class in its own package; the plugin calls the same hooks on every
feature in FEATURES order, so adding a feature touches no handler.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .content import Catalog
    from .pages import SiteBuilder


class Feature:
    """Hooks a feature may implement; every one is optional."""

    def __init__(self, options: Any, root, is_serve: bool = False):
        self.options = options  # the plugin's XuanjiaoConfig
        self.root = root  # the project folder (where mkdocs.yml is)
        self.is_serve = is_serve
        # Survives the rebuilds of one `mkdocs serve` (the plugin hands each feature its own dict);
        # the plugin sets memory["superseded"] = True when the next build begins.
        self.memory: dict = {}

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
        """Add virtual pages, data files and assets (on_files)."""

    def page_key(self, file, site: SiteBuilder) -> str | None:
        """For a page this feature generated: a string that changes whenever what the page shows
        changes (beyond the site-wide stamp of freshness.site_stamp), so `mkdocs serve --dirty`
        can skip it; None re-renders it on every build."""
        return None

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


def load_features(options, root, is_serve: bool = False) -> list[Feature]:
    # Imported here so that a feature package may import from scripts.* freely.
    from . import registry

    return [feature(options, root, is_serve) for feature in registry.FEATURES]


def validate_site(options, root, docs_dir, include_drafts: bool, is_serve: bool = False):
    """Everything `check`, `build` and `mkdocs build` validate, in one place."""
    from .content import check_all_links, load_catalog

    catalog = load_catalog(options, root, docs_dir, include_drafts)
    features = load_features(options, root, is_serve)
    for feature in features:
        feature.validate(catalog)
    pages = set().union(*(feature.page_uris() for feature in features))
    check_all_links(catalog, root / options.materials_dir, root, docs_dir, pages)
    return catalog, features
