"""Browser storage is input too (issue 11, item 11): whatever is stored under our keys, and storage
that is blocked altogether, must leave every page working; stored links never run script."""

from __future__ import annotations

import json

import pytest
from browser import serve_site
from support import ScratchSite

pytestmark = pytest.mark.browser

BANK = """\
id: lian-xi
title: 练习题库
shuffle_options: false
questions:
  - id: p1
    type: single
    stem: 支部党员大会多久开一次？
    options: [每月, 每季度, 每年]
    answer: B
    source: units/a.md
"""

BLOCK_STORAGE = """
for (const name of ["localStorage", "sessionStorage"]) {
  Object.defineProperty(window, name, {
    configurable: true,
    get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
  });
}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    scratch = ScratchSite(tmp_path_factory.mktemp("storage"))
    scratch.unit("a", title="三会一课", body="正文。\n\n" * 3, quiz="lian-xi")
    scratch.unit("b", title="第二篇")
    scratch.write("materials/quizzes/lian-xi.yml", BANK)
    out = scratch.path / "site"
    assert scratch.build(out) == 0
    with serve_site(out, prefix="/xuexi/") as base:
        yield base


def watch(page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (errors.append("dialog: " + dialog.message), dialog.dismiss()))
    return errors


@pytest.mark.parametrize("stored", ["5", '"text"', "[1, 2]", "true", '{"/x": "yesterday"}'])
def test_any_stored_read_marks_leave_item_pages_working(phone, site, stored):
    errors = watch(phone)
    phone.goto(site + "units/a.html")
    phone.evaluate(
        "value => { localStorage.setItem('xl-read', value); localStorage.setItem('xl-last', value); }", stored
    )
    phone.reload()
    phone.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    phone.wait_for_selector("article.xl-item--read")
    saved = phone.evaluate("JSON.parse(localStorage.getItem('xl-read'))")
    assert isinstance(saved, dict) and any(key.endswith("/units/a.html") for key in saved)
    phone.goto(site + "units/index.html")
    assert phone.locator("li.xl-card--read").count() == 1
    phone.goto(site + "index.html")
    assert errors == []


def test_a_stored_last_page_elsewhere_or_odd_is_not_offered(phone, site):
    errors = watch(phone)
    phone.goto(site + "index.html")
    for last in ({"url": "javascript:alert(1)", "title": "x"}, {"url": 5}, {"url": "https://evil.example/", "y": "x"}):
        phone.evaluate("value => localStorage.setItem('xl-last', value)", json.dumps(last))
        phone.reload()
        assert phone.locator("[data-xl-continue]").is_hidden()
    assert errors == []


def test_blocked_storage_degrades_to_no_memory(browser, site):
    from browser import PHONE

    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    context.add_init_script(BLOCK_STORAGE)
    page = context.new_page()
    try:
        errors = watch(page)
        page.goto(site + "units/a.html")
        page.click("[data-xl-font-step='1']")
        assert page.evaluate("document.documentElement.getAttribute('data-xl-font')") == "2"
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_selector("article.xl-item--read")  # read marks work for the visit
        page.goto(site + "index.html")
        assert page.locator("[data-xl-continue]").is_hidden()
        page.goto(site + "quizzes/wrong.html")
        assert page.locator(".xl-wrong-empty").is_visible()
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize(
    "url",
    [
        " javascript:alert(1)",
        "\tjavascript:alert(1)",
        "java\nscript:alert(1)",
        "\u200bjavascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/",
        "\\\\evil.example\\share",
    ],
)
def test_wrong_book_source_links_are_filtered_after_cleaning(phone, site, url):
    errors = watch(phone)
    phone.goto(site + "quizzes/wrong.html")
    question = {
        "id": "p1",
        "type": "single",
        "stem": "被篡改的错题",
        "options": ["每月", "每季度"],
        "answer": "B",
        "source": {"title": "出处", "url": url},
    }
    store = {"v": 1, "wrong": {"lian-xi/p1": {"bank": "lian-xi", "title": "练习题库", "q": question, "streak": 0}}}
    phone.evaluate("value => localStorage.setItem('xl-quiz-v1', value)", json.dumps(store))
    phone.reload()
    phone.click("[data-redo]")
    phone.locator("label.xl-opt", has_text="每月").click()
    phone.click("[data-submit]")
    feedback = phone.locator(".xl-feedback")
    assert "正确答案" in feedback.inner_text()
    assert feedback.locator("a").count() == 0
    assert errors == []


def test_a_relative_source_link_still_shows(phone, site):
    phone.goto(site + "quizzes/lian-xi.html")
    phone.click("[data-mode=practice]")
    phone.locator("label.xl-opt", has_text="每月").click()
    phone.click("[data-submit]")
    link = phone.locator(".xl-feedback-source a")
    assert link.count() == 1 and link.inner_text() == "三会一课"
