"""Page budget: a first view of a unit or case page is ≤ 80 KB gzipped, and page HTML does not grow with the corpus."""

from __future__ import annotations

import pytest
from browser import serve_site

from scripts.delivery.measure import first_view_bytes

BUDGET = 80 * 1024
# With the other tests that use the built corpora, on one worker: built once per run (`--dist loadgroup`).
pytestmark = pytest.mark.xdist_group("corpora")


def _page_of(site, kind: str, title: str):
    for page in sorted((site / kind).glob("*.html")):
        if f">{title}</h1>" in page.read_text(encoding="utf-8"):
            return page
    raise AssertionError(f"no page for {title}")


def _probe(items, kind: str):
    # An item in the middle of the small corpus, so that it exists at both sizes with the same content.
    return [item for item in items if item.kind == kind][len(items) // 6]


@pytest.mark.parametrize("kind", ["units", "cases"])
def test_item_html_does_not_grow_with_the_corpus(corpora, kind):
    (small_site, small_items), (large_site, _) = (corpora[n] for n in sorted(corpora))
    probe = _probe(small_items, kind)
    small = _page_of(small_site, kind, probe.title).stat().st_size
    large = _page_of(large_site, kind, probe.title).stat().st_size
    # Only the neighbours' titles may differ between the two corpora.
    assert abs(large - small) <= 400, (small, large)
    assert large < 60_000
    assert (large_site / kind / "index.html").stat().st_size <= (small_site / kind / "index.html").stat().st_size * 1.15


def test_home_does_not_grow_with_the_corpus(corpora):
    small, large = ((site / "index.html").stat().st_size for site, _ in (corpora[n] for n in sorted(corpora)))
    # Only tag counts and the newest titles differ; the nav lists sections, never items.
    assert abs(large - small) < 2500, (small, large)


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["units", "cases"])
def test_first_view_within_budget_at_both_sizes(corpora, browser, kind):
    small_items = corpora[min(corpora)][1]
    for n, (site, _) in corpora.items():
        rel = f"{kind}/" + _page_of(site, kind, _probe(small_items, kind).title).name
        context = browser.new_context(viewport={"width": 390, "height": 844})
        try:
            with serve_site(site, prefix="/xuexi/") as base:
                weight = first_view_bytes(context.new_page(), base + rel)
        finally:
            context.close()
        assert weight["by_type"].get("document", 0) > 2000  # the page itself was measured
        assert weight["by_type"].get("script", 0) > 10_000  # and Material's JavaScript
        assert weight["total"] <= BUDGET, (n, kind, weight["by_type"])
