"""First-view weight of a page in Chromium: every response on load, each body gzipped."""

from __future__ import annotations

import gzip

SKIPPED = {"image", "media", "font"}  # pictures load lazily; fonts are the system's


def first_view_bytes(page, url: str) -> dict:
    """{"total": gz bytes, "by_type": {resource type: gz bytes}, "urls": [...]} for a fresh load of url."""
    responses = []

    def record(response):
        responses.append(response)

    page.on("response", record)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", record)
    by_type: dict[str, int] = {}
    urls = []
    for response in responses:
        kind = response.request.resource_type
        if kind in SKIPPED or response.status != 200:
            continue
        size = len(gzip.compress(response.body(), compresslevel=6))
        by_type[kind] = by_type.get(kind, 0) + size
        urls.append(response.url)
    return {"total": sum(by_type.values()), "by_type": by_type, "urls": urls}
