"""DeliveryFeature: phone-sized pictures; the reading tools are templates and reading.js."""

from __future__ import annotations

import posixpath
from pathlib import Path

from ..features import Feature
from . import deploy, images, offline

KINDS = ("units", "cases", "culture")


class DeliveryFeature(Feature):
    def __init__(self, options, root, is_serve: bool = False):
        super().__init__(options, root, is_serve)
        self.phones: dict[str, tuple[str, images.Phone]] = {}

    def add_files(self, site, files, config) -> None:
        self.phones = {}
        taken: set[str] = set()
        materials = Path(site.materials)
        for file in list(files):
            if not file.src_uri.startswith(tuple(k + "/" for k in KINDS)) or file.generated_by:
                continue
            if Path(file.src_uri).suffix.lower() not in images.RASTER or not file.abs_src_path:
                continue
            if not Path(file.abs_src_path).is_relative_to(materials):
                continue
            phone = images.make_phone(
                Path(file.abs_src_path), self.options.delivery_image_width, self.options.delivery_image_quality
            )
            if phone is None:
                continue
            uri = images.phone_uri(file.src_uri, phone.ext)
            stem, ext = posixpath.splitext(file.src_uri)
            while uri in taken:  # 图.png and 图.jpg side by side would share _phone/图.jpg
                stem += "-" + ext.lstrip(".").lower()
                uri = images.phone_uri(stem + ext, phone.ext)
            taken.add(uri)
            site.add_file(uri, phone.data)
            self.phones[file.dest_uri] = (uri, phone)

    def post_page(self, output: str, page, site) -> str:
        if "<img" not in output:
            return output
        return images.rewrite_images(output, page.file.dest_uri, self.phones, KINDS)

    def post_build(self, config, site) -> None:
        # IIS reads web.config from the site folder: MIME types, compression, caching (docs/部署指南.md).
        (Path(config.site_dir) / "web.config").write_text(deploy.IIS_WEB_CONFIG, encoding="utf-8")
        if self.options.delivery_offline and not self.is_serve:  # `mkdocs serve` needs the usual layout
            offline.finish_offline(Path(config.site_dir))
