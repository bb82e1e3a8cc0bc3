"""The sample site in real headless Chromium at a phone viewport."""

from __future__ import annotations

import pytest
from browser import serve_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(sample_site):
    with serve_site(sample_site, prefix="/xuexi/") as url:
        yield url


def _first_item(sample_site, kind: str) -> str:
    page = sorted(p for p in (sample_site / kind).glob("*.html") if p.name != "index.html")[0]
    return f"{kind}/{page.name}"


@pytest.mark.parametrize("kind", ["units", "cases"])
def test_item_and_listing_render_on_a_phone(phone, base_url, sample_site, kind, tmp_path):
    for path in (_first_item(sample_site, kind), f"{kind}/index.html"):
        response = phone.goto(base_url + path)
        assert response.status == 200
        heading = phone.locator("article h1, .xl-listing h1").first
        assert heading.is_visible()
        text = heading.inner_text()
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text)
        # Chinese glyphs really render: a Han string is wider than the same count of narrow Latin letters.
        widths = phone.evaluate(
            """() => { const c = document.createElement('canvas').getContext('2d');
                      c.font = getComputedStyle(document.body).font;
                      return [c.measureText('学习教育').width, c.measureText('iiii').width]; }"""
        )
        assert widths[0] > 2 * widths[1]
        overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        phone.screenshot(path=str(tmp_path / f"{kind}.png"), full_page=True)  # for a person to look at
    assert phone.requests.external() == []
    assert phone.requests.failed == []


def test_body_text_is_large_enough_for_older_readers(phone, base_url, sample_site):
    phone.goto(base_url + _first_item(sample_site, "units"))
    size = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('.xl-body p')).fontSize)")
    assert size >= 17


def test_gallery_picture_opens_in_the_viewer(phone, base_url, sample_site):
    pages = [
        p for p in (sample_site / "culture").glob("*.html") if 'class="xl-gallery"' in p.read_text(encoding="utf-8")
    ]
    phone.goto(base_url + f"culture/{pages[0].name}")
    phone.locator(".xl-figure__open").first.click()
    box = phone.get_by_role("dialog").locator("img")
    box.wait_for()  # viewer.js is loaded at the first tap
    phone.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=box.element_handle())
    phone.get_by_role("dialog").get_by_role("button", name="关闭").click()
    assert phone.get_by_role("dialog").count() == 0


def test_filters_work_as_links_and_prefetch_on_touch(phone, base_url):
    phone.goto(base_url + "cases/index.html")
    link = phone.locator(".xl-filter", has_text="廉洁纪律")
    link.hover()
    hint = phone.locator('link[rel="prefetch"]')
    assert hint.count() == 1 and "lian-jie-ji-lv" in hint.get_attribute("href")
    link.click()
    phone.wait_for_url("**/cases/category/lian-jie-ji-lv/index.html")
    cards = phone.locator(".xl-card .xl-badge").all_inner_texts()
    assert cards and set(cards) == {"廉洁纪律"}


def test_qr_code_without_site_url_is_drawn_from_the_browser_address(phone, base_url, sample_site):
    import io

    import zxingcpp
    from PIL import Image

    url = base_url + _first_item(sample_site, "units")
    phone.goto(url)
    assert not any("vendor/qrcode.js" in u for u in phone.requests.urls), "the encoder loads only on demand"
    phone.locator("details.xl-qr summary").click()
    svg = phone.locator("[data-xl-qr] svg")
    svg.wait_for()
    png = svg.screenshot()
    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))]
    assert decoded == [url]
    assert phone.requests.external() == []
