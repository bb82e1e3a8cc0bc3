"""Search in a phone-sized Chromium: results, filters, highlight, no-results, nothing loaded early."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from browser import serve_site

from scripts.corpus import write_corpus
from scripts.search.query import Index

pytestmark = pytest.mark.browser
SEARCH_FILES = re.compile(r"search\.(js|css)|/xl-search/")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from scripts.build import build

    root = tmp_path_factory.mktemp("search")
    write_corpus(root, 60)
    (root / "materials/units/ppt.md").write_text(
        textwrap.dedent(
            """\
            ---
            title: 2020年ＰＰＴ课件使用说明
            date: 2024-03-01
            ---
            ## 党风廉政专题

            本课件用于党风廉政建设专题学习。廉洁自律准则全文见附件。
            """
        ),
        encoding="utf-8",
    )
    assert build(str(root / "mkdocs.yml"), site_dir=str(root / "site")) == 0
    return root / "site"


@pytest.fixture(scope="module")
def index(site) -> Index:
    return Index.from_folder(next((site / "xl-search").iterdir()))


def search(page, query: str, state: str = "done") -> None:
    page.fill(".xl-search__input", query)
    page.wait_for_function(
        "([q, s]) => { const r = document.getElementById('xl-search'); return r.dataset.query === q && r.dataset.state === s; }",
        arg=[query, state],
    )


def not_loaded(page) -> list[str]:
    """Search files that failed (a favicon aborted by a quick navigation is not ours)."""
    return [url for url in page.requests.failed if SEARCH_FILES.search(url)]


def shown_urls(page) -> set[str]:
    return set(page.evaluate("XL_SEARCH.page.all.map(r => XL_SEARCH.store.m.pages[r.page][0])"))


def test_nothing_search_related_loads_before_search_is_opened(site, phone):
    with serve_site(site, prefix="/xuexi/") as base:
        phone.goto(base + "index.html")
        phone.goto(base + "units/index.html")
        phone.click(".md-content a[href$='.html'] >> nth=5")
        phone.wait_for_load_state("load")
        assert phone.locator("a.xl-search-link").count() == 1
        assert [url for url in phone.requests.urls if SEARCH_FILES.search(url)] == []
        phone.click("a.xl-search-link")
        phone.wait_for_selector('#xl-search[data-state="idle"]')
        assert any(url.endswith("assets/search.js") for url in phone.requests.urls)
        assert not [url for url in phone.requests.urls if "/xl-search/" in url]  # no index before a query
        assert phone.requests.external() == [] and not_loaded(phone) == []


def test_typing_shows_exact_results_with_snippets(site, index, phone):
    with serve_site(site, prefix="/xuexi/") as base:
        phone.goto(base + "search.html")
        for query in ["廉洁自律", "党风廉政", "2020年", "ppt", "廉政 自律", "全面从严治党"]:
            search(phone, query)
            assert shown_urls(phone) == index.search(query), query
            count = len(index.search(query))
            assert phone.inner_text(".xl-search__status").startswith(f"找到 {count} 篇")
        search(phone, "廉洁自律")
        first = phone.locator(".xl-search__hit").first
        phone.wait_for_function("() => document.querySelector('.xl-search__snippet mark')")
        assert first.locator(".xl-search__snippet mark").first.inner_text() == "廉洁自律"
        assert phone.locator(".xl-search__hit").count() == min(20, len(index.search("廉洁自律")))
        assert phone.requests.external() == [] and not_loaded(phone) == []


def test_title_matches_rank_first(site, phone):
    with serve_site(site) as base:
        phone.goto(base + "search.html?q=ppt")
        phone.wait_for_selector('#xl-search[data-state="done"]')
        title = phone.locator(".xl-search__title").first
        assert title.inner_text() == "2020年ＰＰＴ课件使用说明"
        assert title.locator("mark").inner_text() == "ＰＰＴ"


def test_a_filter_narrows_the_results(site, index, phone):
    with serve_site(site) as base:
        phone.goto(base + "search.html")
        search(phone, "廉政")
        total = len(index.search("廉政"))
        phone.click(".xl-search__chip[data-type='1']")  # 警示案例
        phone.wait_for_selector(".xl-search__chip[data-type='1'][aria-pressed='true']")
        status = phone.inner_text(".xl-search__status")
        narrowed = int(re.match(r"找到 (\d+) 篇", status).group(1))
        assert 0 < narrowed < total
        metas = phone.locator(".xl-search__meta").all_inner_texts()
        assert metas and all(meta.startswith("警示案例") for meta in metas)
        phone.select_option("select[name=year]", index=1)
        after_year = int(re.match(r"找到 (\d+) 篇", phone.inner_text(".xl-search__status")).group(1))
        assert after_year < narrowed


def test_clicking_a_result_opens_the_page_with_the_match_highlighted(site, phone):
    with serve_site(site, prefix="/xuexi/") as base:
        phone.goto(base + "search.html")
        search(phone, "党风廉政")
        phone.wait_for_selector("#xl-search[data-ms-snippets]")  # every snippet in: no load aborted
        phone.wait_for_load_state("networkidle")
        phone.click(".xl-search__title >> nth=0")
        phone.wait_for_selector("mark.xl-hit")
        assert "?h=" in phone.url
        marks = phone.locator(".xl-body mark.xl-hit").all_inner_texts()
        assert marks and set(marks) == {"党风廉政"}
        assert "已标出" in phone.inner_text(".xl-search-bar")
        phone.click(".xl-search-bar button")
        assert phone.locator("mark.xl-hit").count() == 0
        assert phone.requests.external() == [] and not_loaded(phone) == []


def test_no_results_shows_suggestions(site, phone):
    with serve_site(site) as base:
        phone.goto(base + "search.html")
        search(phone, "火星殖民计划", state="none")
        text = phone.inner_text(".xl-search__status")
        assert "没有找到包含 “火星殖民计划” 的内容" in text
        assert "错别字" in text and "按标签浏览" in text
        phone.click("text=换一个更短的词")
        phone.wait_for_function("document.querySelector('.xl-search__input').value === '火星'")
        search(phone, "廉政 火星", state="none")
        assert "减少关键词" in phone.inner_text(".xl-search__status")


def test_search_works_from_file_urls(site, index, phone):
    phone.goto((site / "search.html").as_uri() + "?q=廉洁自律")
    phone.wait_for_selector('#xl-search[data-state="done"]')
    assert shown_urls(phone) == index.search("廉洁自律")
