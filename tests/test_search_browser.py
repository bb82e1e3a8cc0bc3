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
SEARCH_FILES = re.compile(r"search(-mark)?\.(js|css)|/xl-search/")
PHRASE = "纪律检查委员会"
# Text pasted from a PDF: hard-wrapped inside paragraphs and inside a YAML list item; the phrase
# crosses a line break four times (at different splits, once inside bold text).
WRAPPED = """\
---
title: 硬换行的学习材料
date: 2024-04-01
objectives:
  - 了解纪律
    检查委员会的职责
---
中国共产党纪律检查委员会是党内监督专责机关。各级纪
律检查委员会在同级党委和上级纪律检查委员会双重领导下进行工作。纪律检查
委员会的主要任务是维护党的章程，**纪律检查委员
会**要加强对党员干部的监督。使用 PPT
课件时，纪律检查委员会的同志要一脉
相承地讲清楚。
"""


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
    (root / "materials/units/wrapped.md").write_text(WRAPPED, encoding="utf-8")
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
    return set(page.evaluate("XL_SEARCH.page.all.map(r => XL_SEARCH.store.m.pages.url[r.page])"))


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
        assert any(url.endswith("assets/search-mark.js") for url in phone.requests.urls)
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
        before = len(phone.requests.urls)
        phone.click(".xl-search__title >> nth=0")
        phone.wait_for_selector("mark.xl-hit")
        assert "?h=" in phone.url
        # a page opened from a result loads the highlighter, not the search page's code
        opened = [url.rsplit("/", 1)[-1] for url in phone.requests.urls[before:] if "/assets/search" in url]
        assert opened == ["search-mark.js", "search.css"]
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


def test_hard_wrapped_chinese_renders_searches_and_highlights_without_breaks(site, phone):
    occurrences = WRAPPED.replace("\n", "").replace(" ", "").replace("**", "").count(PHRASE)
    assert occurrences == 7  # 1 in the objective, 6 in the body
    with serve_site(site) as base:
        phone.goto(base + "units/wrapped.html")
        body = phone.inner_text(".xl-body")
        assert body.count(PHRASE) == 6 and "一脉相承" in body  # no stray space at the breaks
        assert "PPT 课件" in body  # a Latin word keeps its space
        assert "了解纪律检查委员会的职责" in phone.inner_text(".xl-objectives")
        phone.goto(base + "search.html")
        search(phone, PHRASE)
        assert "units/wrapped.html" in shown_urls(phone)
        search(phone, "一脉相承")
        assert shown_urls(phone) == {"units/wrapped.html"}
        phone.goto(base + "units/wrapped.html?h=" + PHRASE)
        phone.wait_for_selector(".xl-search-bar")
        assert phone.get_attribute(".xl-search-bar", "data-count") == str(occurrences)
        assert "".join(phone.locator("mark.xl-hit").all_inner_texts()) == PHRASE * occurrences
        assert f"已标出 {occurrences} 处 “{PHRASE}”" in phone.inner_text(".xl-search-bar")


def test_the_highlight_bar_does_not_double_quotes(site, phone):
    with serve_site(site) as base:
        phone.goto(base + "units/wrapped.html?h=" + "“一脉相承”")
        phone.wait_for_selector(".xl-search-bar")
        assert "本页没有找到 “一脉相承”" in phone.inner_text(".xl-search-bar")
        assert "““" not in phone.inner_text(".xl-search-bar")


def test_an_input_method_composing_pinyin_does_not_search_until_it_commits(site, phone):
    with serve_site(site) as base:
        phone.goto(base + "search.html")
        phone.wait_for_selector('#xl-search[data-state="idle"]')
        phone.evaluate(
            """() => {
              const root = document.getElementById("xl-search");
              window.__seen = [];
              window.__composing = [];
              root.querySelector("input").addEventListener("input", (e) => e.isComposing && __composing.push(e.target.value));
              new MutationObserver(() => __seen.push(root.dataset.state + ":" + root.dataset.query))
                .observe(root, {attributes: true, attributeFilter: ["data-state", "data-query"]});
            }"""
        )
        phone.focus(".xl-search__input")
        cdp = phone.context.new_cdp_session(phone)
        for typed in ["j", "ji", "jia", "jiaf", "jiafe", "jiafeng"]:
            cdp.send(
                "Input.imeSetComposition", {"text": typed, "selectionStart": len(typed), "selectionEnd": len(typed)}
            )
            phone.wait_for_timeout(80)  # longer than the search's 60 ms debounce
        phone.wait_for_timeout(300)
        assert phone.evaluate("__composing").count("jiafeng") == 1  # the browser did send input events
        assert phone.evaluate("__seen") == [] and phone.get_attribute("#xl-search", "data-state") == "idle"
        # Meanwhile the manifest came (the first key starts it), and nothing that depends on the words.
        index_files = [url.split("/xl-search/")[1] for url in phone.requests.urls if "/xl-search/" in url]
        assert [name.split("/", 1)[1] for name in index_files] == ["m.js"]
        cdp.send("Input.insertText", {"text": "家风"})
        phone.wait_for_function("document.getElementById('xl-search').dataset.query === '家风'")
        phone.wait_for_selector('#xl-search[data-state="done"]')
        assert not [state for state in phone.evaluate("__seen") if "j" in state or state.startswith("none")]
