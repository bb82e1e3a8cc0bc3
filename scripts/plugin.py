"""The `xuanjiao` MkDocs plugin: materials/ → validated, virtual pages.

Each handler delegates: loading to `content`, page generation to `pages`,
per-type HTML touches to the type's module.
"""

from __future__ import annotations

import sys
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files

from . import cjk_breaks, serving
from .config import XuanjiaoConfig
from .content import Catalog, culture
from .features import Feature, Memory
from .freshness import MemoryBytecodeCache, RenderKeys, site_stamp
from .outdir import mark, output_problem
from .outputs import check_files
from .pages import TAG_INDEX, SiteBuilder, facet_uri, listing_uri, tag_uri
from .problems import Problems
from .registry import validate_site

log = get_plugin_logger(__name__)


class XuanjiaoPlugin(BasePlugin[XuanjiaoConfig]):
    def __init__(self):
        self.is_serve = False
        self.catalog: Catalog | None = None
        self.site: SiteBuilder | None = None
        self.features: list[Feature] = []
        # Kept across rebuilds of one `mkdocs serve` (MkDocs keeps plugins that define on_startup).
        self.keys = RenderKeys()
        self.templates = MemoryBytecodeCache()
        self.memory: dict[str, Memory] = {}
        # `mkdocs serve`: the problems of a broken build (shown in the browser), what the last build wrote.
        self.broken: Problems | None = None
        self.written: set[str] = set()

    def on_startup(self, *, command, dirty):
        # Drafts are previewed in `mkdocs serve` and left out of every build.
        self.is_serve = command == "serve"
        self.keys = RenderKeys()
        self.memory = {}
        self.written = set()

    @property
    def root(self) -> Path:
        return Path(self.mkdocs_config.config_file_path or ".").resolve().parent

    @property
    def materials(self) -> Path:
        return self.root / self.config.materials_dir

    def on_config(self, config):
        self.mkdocs_config = config
        # Before MkDocs cleans site_dir: `mkdocs build -d materials` must not wipe the sources.
        problem = output_problem(Path(config.site_dir), self.root, (Path(config.docs_dir),))
        if problem:
            raise Abort(f"错误: {problem}")
        # A (re)build begins: background work a feature left running for the last one may stop now,
        # before validation, whose file I/O would otherwise wait on that thread for the GIL.
        for memory in self.memory.values():
            memory.superseded = True
        cjk_breaks.register(config)
        return config

    def on_pre_build(self, *, config):
        # Validate before MkDocs cleans site_dir: a content mistake leaves the old site as it was.
        docs_dir = Path(config.docs_dir)
        catalog, features = validate_site(self.config, self.root, docs_dir, self.is_serve, self.is_serve)
        catalog.problems.report(sys.stderr)
        self.broken = None
        if catalog.problems.errors:
            if not self.is_serve:
                raise Abort(f"内容检查未通过（{catalog.problems.summary()}），网站没有生成。")
            # serve: the browser shows the problems instead of waiting for a build that never comes.
            self.broken = catalog.problems
        self.catalog, self.features = catalog, features
        for feature in features:
            feature.memory = self.memory.setdefault(type(feature).__name__, feature.Memory())

    def on_files(self, files, *, config):
        if self.broken is not None:
            config["nav"] = None  # no pages: nothing for the nav to point at
            return Files([])
        addresses = {item.src_uri: item.slug for item in self.catalog.all_items()}
        theme_dirs = [config.theme.custom_dir] if config.theme.custom_dir else []
        self.keys.start(site_stamp(Path(config.config_file_path), theme_dirs, self.materials, addresses))
        self.site = SiteBuilder(self.catalog, self.config, config, self.materials, self.keys)
        self.site.add_files(files)
        for feature in self.features:
            feature.add_files(self.site, files, config)
        clashes = Problems()
        check_files(files, {item.src_uri: item.source.rel for item in self.catalog.all_items()}, self.root, clashes)
        if clashes.errors:
            clashes.report(sys.stderr)
            if not self.is_serve:
                raise Abort(f"生成的文件地址重复（{clashes.summary()}），网站没有生成。")
            self.broken = clashes
            config["nav"] = None
            return Files([])
        self._track_other_pages(files)
        self.files = files
        return files

    def _track_other_pages(self, files) -> None:
        """Generated pages carry their own render keys (SiteBuilder.add_page); hand-written docs are
        always rebuilt (the home page shows the latest items, so its own mtime says too little)."""
        for file in files.documentation_pages():
            if file.generated_by is None:
                file.is_modified = lambda: True

    def on_env(self, env, *, config, files):
        # Our templates (and every partial they include) escape by default; Material's keep their own rules.
        env.autoescape = lambda name: bool(name) and name.startswith("xl/")
        # Templates do not change during a build: skip Jinja's stat() on every one of ~40 lookups a page.
        env.auto_reload = False
        env.bytecode_cache = self.templates
        return env

    def on_page_markdown(self, markdown, *, page, config, files):
        generated = self.site.pages.get(page.file.src_uri)
        if generated is not None:
            page.meta["template"] = generated.template
            page.meta["title"] = escape(generated.title)
            if generated.description:
                page.meta["description"] = escape(generated.description)
            if generated.search is not None:
                page.meta["search"] = generated.search
            if generated.markdown is not None:
                markdown = generated.markdown()
        for feature in self.features:
            markdown = feature.page_markdown(markdown, page, self.site)
        return markdown

    def on_page_content(self, html, *, page, config, files):
        item = self.site.items.get(page.file.src_uri)
        if item is not None:
            html = item.kind.render(item, html)
        for feature in self.features:
            html = feature.page_content(html, page, self.site)
        return html

    def on_page_context(self, context, *, page, config, nav):
        context["xl"] = TemplateHelpers(self.site, page, self.features)
        generated = self.site.pages.get(page.file.src_uri)
        if generated is not None:
            context.update(generated.context)
        for feature in self.features:
            feature.page_context(context, page, self.site)
        return context

    def on_post_page(self, output, *, page, config):
        for feature in self.features:
            output = feature.post_page(output, page, self.site)
        return output

    def on_post_build(self, *, config):
        site_dir = Path(config.site_dir)
        if self.broken is not None:
            serving.show_problems(site_dir, self.broken.sorted(), self.broken.summary())
            mark(site_dir)
            self.written = set()
            return
        for feature in self.features:
            feature.post_build(config, self.site)
        mark(site_dir)
        self.keys.finish()
        # `serve --dirty` never cleans site_dir: a deleted material's page must go by hand.
        written = {file.dest_uri for file in self.files}
        serving.remove_stale(site_dir, self.written, written)
        self.written = written

    def on_serve(self, server, *, config, builder):
        server.watch(str(self.materials))
        for feature in self.features:
            for path in feature.watch_paths():
                server.watch(str(path))
        return server


class TemplateHelpers:
    """What templates call: relative URLs to generated pages, latest items."""

    def __init__(self, site: SiteBuilder, page, features):
        self._site = site
        self._page = page
        self._features = features

    def url(self, target) -> str:
        """URL of an item, a File, or a generated page's src_uri, relative to this page."""
        file = getattr(target, "file", target)
        if isinstance(file, str):
            file = self._site.files.get_file_from_path(file)
        return file.url_relative_to(self._page.file)

    def entries(self) -> list[dict]:
        return [entry for feature in self._features for entry in feature.home_entries()]

    def latest(self, key: str):
        return self._site.latest(key)

    tag_index = TAG_INDEX

    def kinds(self):
        """The content types, for the home tiles (ContentType.home_hint)."""
        return self._site.catalog.types

    def tag_url(self, tag: str, kind=None) -> str:
        return self.url(tag_uri(self._site.tag_slugs[tag], kind.key if kind else None))

    def facet_url(self, item) -> str:
        return self.url(facet_uri(item.kind, self._site.facet_slugs[item.kind.key][item.facet_value]))

    def listing_url(self, kind_key: str) -> str:
        return self.url(listing_uri(kind_key))

    def media(self, item) -> dict[str, list[dict]]:
        return culture.media_groups(item, self.url)

    @staticmethod
    def date(value) -> Markup:
        return Markup(f"{value.year}年{value.month}月{value.day}日")
