"""Reading on a phone (390×844): 字号 that persists, 已读 marks in listings, 继续阅读 on the home page."""

from __future__ import annotations

import re

import pytest
from browser import serve_site

pytestmark = pytest.mark.browser

BODY_SIZE = "parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)"


@pytest.fixture(scope="module")
def base_url(sample_site):
    with serve_site(sample_site, prefix="/xuexi/") as url:
        yield url


def _items(sample_site, kind: str) -> list[str]:
    return sorted(f"{kind}/{p.name}" for p in (sample_site / kind).glob("*.html") if p.name != "index.html")


def test_font_size_persists_across_reload_and_page_change(phone, base_url, sample_site):
    first, second = _items(sample_site, "units")[:2]
    phone.goto(base_url + first)
    default = phone.evaluate(BODY_SIZE)
    bigger = phone.get_by_role("button", name="增大字号")
    assert bigger.is_visible()
    bigger.click()
    bigger.click()
    enlarged = phone.evaluate(BODY_SIZE)
    assert enlarged >= default * 1.2

    phone.reload()
    assert phone.evaluate(BODY_SIZE) == enlarged
    # Applied before the first paint: the attribute is already on <html> when the body starts.
    assert phone.evaluate("document.documentElement.getAttribute('data-xl-font')") == "3"

    phone.goto(base_url + second)
    assert phone.evaluate(BODY_SIZE) == enlarged
    smaller = phone.get_by_role("button", name="减小字号")
    for _ in range(5):
        if smaller.is_enabled():
            smaller.click()
    assert smaller.is_disabled()
    assert phone.evaluate(BODY_SIZE) < default
    sizes = {enlarged, default, phone.evaluate(BODY_SIZE)}
    assert len(sizes) >= 3
    assert phone.requests.external() == []


def test_page_read_to_the_end_is_marked_in_listing_and_continue_link(phone, base_url, sample_site):
    # Two cases shown on the home page's 最新警示案例, so both lists can be checked.
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    target, unread = re.findall(r'data-xl-page="(cases/[^"]+)"', home)[:2]
    phone.goto(base_url + "index.html")
    assert phone.locator("[data-xl-continue]").is_hidden()

    # One case read a little way, then another read to the end: 继续阅读 offers the unfinished one.
    phone.goto(base_url + unread)
    unread_title = phone.locator("article h1").inner_text()
    phone.mouse.wheel(0, 400)
    phone.wait_for_function("scrollY > 300")
    phone.wait_for_timeout(100)

    phone.goto(base_url + target)
    title = phone.locator("article h1").inner_text()
    assert phone.evaluate("document.documentElement.scrollHeight") > 844 * 1.5  # a real scroll, not a short page
    assert phone.locator("article.xl-item--read").count() == 0
    phone.mouse.wheel(0, 100_000)
    phone.wait_for_selector("article.xl-item--read", timeout=5000)

    phone.goto(base_url + "cases/index.html")
    read = phone.locator(f'li.xl-card[data-xl-page="{target.split("/")[1]}"]')
    assert read.get_attribute("class").split().count("xl-card--read") == 1
    assert read.locator(".xl-badge--read").inner_text() == "已读"
    other = phone.locator(f'li.xl-card[data-xl-page="{unread.split("/")[1]}"]')
    assert "xl-card--read" not in other.get_attribute("class")

    # The home page's own card list resolves data-xl-page from another folder.
    phone.goto(base_url + "index.html")
    assert phone.locator(f'li.xl-card[data-xl-page="{target}"]').get_attribute("class").count("xl-card--read") == 1
    link = phone.locator("[data-xl-continue] a")
    assert link.is_visible()
    assert unread_title in link.inner_text() and "继续阅读" in link.inner_text()
    assert title not in link.inner_text()  # never the article already read to the end
    link.click()
    phone.wait_for_url("**/" + unread)
    assert phone.locator("article h1").inner_text() == unread_title
    phone.wait_for_function("scrollY > 200")  # back where the member stopped

    # Read that one to the end too: nothing is left to continue.
    phone.mouse.wheel(0, 100_000)
    phone.wait_for_selector("article.xl-item--read", timeout=5000)
    phone.goto(base_url + "index.html")
    assert phone.locator("[data-xl-continue]").is_hidden()
    assert phone.requests.external() == []
    assert phone.requests.failed == []
