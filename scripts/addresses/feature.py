"""The addresses feature: redirect pages at recorded addresses the build no longer serves."""

from __future__ import annotations

import sys

from ..content import GENERATED_PAGES
from ..features import Feature
from .record import Record, load_record, updated, write_record
from .redirects import plan, redirect_html


class AddressesFeature(Feature):
    def __init__(self, options, root, is_serve: bool = False):
        super().__init__(options, root, is_serve)
        self.record: Record | None = None
        self.published: dict[str, str] = {}  # address → src_uri of this build's linkable pages

    def validate(self, catalog) -> None:
        self.record = load_record(self.root, self.options, catalog.problems)

    def add_files(self, site, files, config) -> None:
        self.published = {
            file.dest_uri: file.src_uri for file in files.documentation_pages() if self._is_lasting(file, site)
        }
        if self.record is None or not self.record.exists:
            return  # no record yet: nothing has been published from this project
        produced = {file.dest_uri for file in files}
        for redirect in plan(self.record, self.published, produced):
            site.add_file(redirect.old, redirect_html(redirect.old, redirect.new))
            if redirect.message:
                print(f"{self.record.rel}:{redirect.line}: 警告: {redirect.message}", file=sys.stderr)

    @staticmethod
    def _is_lasting(file, site) -> bool:
        """Pages links may point to: materials, docs, list front pages, feature pages — not the
        numbered pages of a list or the tag and category filters, which come and go with the items."""
        page = site.pages.get(file.src_uri)
        return page is None or "xl_listing" not in page.context or file.src_uri in GENERATED_PAGES


def record_after_build(features) -> str | None:
    """After a successful `python -m scripts build`: add this build's addresses to the record."""
    feature = next((f for f in features if isinstance(f, AddressesFeature)), None)
    if feature is None or feature.record is None:
        return None
    entries = updated(feature.record, feature.published)
    if entries is None:
        return None
    added = len(set(entries) - set(feature.record.entries))
    write_record(feature.record, entries)
    return f"已发布地址的记录已更新：{feature.record.rel}（新增 {added} 个地址，请随材料一起提交）"
