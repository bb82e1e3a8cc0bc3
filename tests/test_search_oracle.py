"""Search finds what pages show: an oracle that knows nothing of the indexer.

The sample site is built once; every searchable page is opened in Chromium and its visible
content text taken (page chrome hidden: breadcrumbs' type link, date and reading time, tool
buttons, previous/next links, quiz runner); for each query, the pages whose text contains it
are exactly the pages the search page lists.

A query's words must all occur (AND); within a word the text must contain the exact sequence
after NFKC, lower case and straight quotes; a word starting or ending with a Latin letter or
digit must stand as a whole word there (2024 is not in 20241).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from browser import PHONE, serve_site

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("oracle")]  # the page texts are read once
ROOT = Path(__file__).resolve().parent.parent

# What is not content: hidden before the text is read.
CHROME = """
.xl-kicker > a:first-child, .xl-item:not(.xl-session-page) .xl-meta time, .xl-reading-time,
.xl-tools, .xl-print-footer, .xl-neighbours, .xl-session-links, .xl-unit-quiz, .xl-session-quiz,
.xl-draft, .xl-quiz-facts, .xl-quiz-more, .xl-quiz-app, a[download],
.xl-campaign .xl-status, .xl-campaign .xl-state, .xl-roadmap__legend, .xl-roadmap__chart { display: none !important; }
"""
# (宣教活动: an activity's or a unit's state changes with the day the page is read; the roadmap is a picture.)
LISTING = re.compile(r"(^|/)(index|search|404)\.html$|/(page|tag|category|form)/")

QUERIES = [
    # titles
    "违规收受礼金",
    "清风莲韵",
    "三会一课",
    "周四学习日怎么学",
    # bodies
    "一岗双责",
    "函询",
    "对折剪法",
    "千刻不落",
    # case fields: 当事人, 处理结果, 纪法依据 (and their labels)
    "某局原局长张某",
    "留党察看",
    "撤销党内职务",
    "开除党籍",
    "纪律处分条例",
    "政务处分法",
    "处理结果",
    # unit fields: 学习目标, 研讨题, 出处
    "准确表述",
    "把自己摆进去",
    "研讨题",
    "动员讲话",
    # culture: 作者, form, captions
    "文化站",
    "剪纸",
    "竹有节",
    "楚剧",
    # case category
    "廉洁纪律",
    # tags
    "廉洁自律",
    "家风",
    "宣教月",
    # sessions: agenda, speaker, place, date line, audience, notes
    "学查改做：把初心使命落到日常",
    "主持人小结",
    "围绕研讨题交流发言",
    "王书记",
    "三楼党员活动室",
    "2027年1月7日",
    "参学对象",
    "第二支部",
    # numbers
    "2026",
    "12",
    "第九十七条",
    "14:30",
    # punctuation
    "“九个一”",
    "《红包》",
    "（第二支部）",
    "《条例》",
    "学习：",
    "（试行）",
    # multi-word
    "廉洁 家风",
    "纪律 处分",
    "张委员 三会一课",
    "剪纸 廉洁自律",
    # help pages, and what only an editor page says
    "错题本",
    "字号",
    "另存为",
    "nginx",
    # 宣教活动: a campaign's theme, an activity's requirements, a unit's record, a lead unit
    "贯彻六中全会精神",
    "家书传廉",
    "蝇贪之害",
    "区妇联",
    "佐证材料要求",
    "城关镇",
    # nothing
    "量子纠缠",
]

NOWHERE = {"量子纠缠", "另存为", "nginx"}  # the last two: on editor pages only
WORD = "0-9a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u04ff"
QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().translate(QUOTES)


def pattern(word: str) -> re.Pattern:
    source = re.escape(word)
    if re.match(f"[{WORD}]", word):
        source = f"(?<![{WORD}])" + source
    if re.search(f"[{WORD}]$", word):
        source += f"(?![{WORD}])"
    return re.compile(source)


def contains(text: str, query: str) -> bool:
    words = fold(query).split()
    return bool(words) and all(pattern(word).search(text) for word in words)


def editor_pages() -> set[str]:
    """Docs pages whose front matter says they are for editors (audience: 编辑)."""
    pages = set()
    for path in (ROOT / "docs").rglob("*.md"):
        head = path.read_text("utf-8").split("\n---\n", 1)[0]
        if re.search(r"^audience:\s*编辑\s*$", head, re.M):
            pages.add(path.relative_to(ROOT / "docs").with_suffix(".html").as_posix())
    return pages


def searchable_pages(site: Path) -> list[str]:
    """Materials, quiz banks, sessions, 宣教活动 pages and help pages, found from the built files alone."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        html = path.read_text("utf-8")
        top = rel.split("/")[0]
        # A campaign's roadmap, activities and units' 台账; not the list of campaigns, not the ranking.
        if top == "campaigns" and re.search(r"xl-campaign--(roadmap|activity|unit)\b", html):
            pages.append(rel)
            continue
        if LISTING.search(rel) or rel.startswith(("assets/", "xl-search/")):
            continue
        if top in ("units", "cases", "culture") and rel.count("/") == 1:
            pages.append(rel)
        elif top == "quizzes" and 'id="xl-quiz"' in html and "data-bank=" in html and rel.count("/") == 1:
            pages.append(rel)
        elif top == "schedule" and "xl-session-links" in html:  # a session page links its 签到表 …
            pages.append(rel)
        elif "/" not in rel and rel not in editor_pages():
            pages.append(rel)
    return pages


@pytest.fixture(scope="module")
def served(sample_site):
    with serve_site(sample_site) as base:
        yield base


@pytest.fixture(scope="module")
def texts(sample_site, served, browser) -> dict[str, str]:
    """Visible content text of every searchable page, folded like the oracle compares."""
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.route("**/*.{svg,png,jpg,mp3,mp4}", lambda route: route.abort())
    out = {}
    for rel in searchable_pages(sample_site):
        page.goto(served + rel, wait_until="domcontentloaded")
        page.add_style_tag(content=CHROME)
        out[rel] = fold(page.inner_text(".md-content__inner"))
    context.close()
    return out


def test_the_oracle_sees_every_kind_of_page(texts):
    kinds = {rel.split("/")[0] if "/" in rel else "docs" for rel in texts}
    assert kinds == {"units", "cases", "culture", "quizzes", "schedule", "campaigns", "docs"}
    assert "编写指南.html" not in texts and "部署指南.html" not in texts and "使用说明.html" in texts
    # chrome is gone: no reading time, no previous/next, no tool buttons
    materials = {rel: text for rel, text in texts.items() if "/" in rel}
    assert not [rel for rel, text in materials.items() if "阅读约" in text or "上一篇" in text or "二维码" in text]


def test_the_index_holds_exactly_the_searchable_pages(texts, sample_site):
    from scripts.search.query import Index

    index = Index.from_folder(next((sample_site / "xl-search").iterdir()))
    assert set(index.manifest["pages"]["url"]) == set(texts)


def test_every_query_finds_exactly_the_pages_that_show_it(texts, served, browser):
    assert len(QUERIES) >= 40
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(served + "search.html")
    page.wait_for_selector('#xl-search[data-state="idle"]')
    wrong = {}
    for query in QUERIES:
        page.fill(".xl-search__input", query)
        page.wait_for_function(
            "q => { const r = document.getElementById('xl-search');"
            " return r.dataset.query === q && /^(done|none)$/.test(r.dataset.state); }",
            arg=query,
        )
        found = set(page.evaluate("(XL_SEARCH.page.all || []).map(r => XL_SEARCH.store.m.pages.url[r.page])"))
        if page.get_attribute("#xl-search", "data-state") == "none":
            found = set()
        expected = {rel for rel, text in texts.items() if contains(text, query)}
        if found != expected:
            wrong[query] = {"missing": sorted(expected - found), "extra": sorted(found - expected)}
    context.close()
    assert wrong == {}


@pytest.mark.parametrize("query", QUERIES)
def test_each_query_is_shown_somewhere_unless_meant_not_to_be(texts, query):
    """The oracle's queries test something: each is on some page, but for those meant for none."""
    shown = [rel for rel, text in texts.items() if contains(text, query)]
    assert bool(shown) == (query not in NOWHERE), shown


# --- what a member sees on the search page ----------------------------------------------


def run_search(page, query: str) -> list[dict]:
    """Every result of a query, in order: url, type label and group (search.js's own list)."""
    page.fill(".xl-search__input", query)
    page.wait_for_function(
        "q => { const r = document.getElementById('xl-search'); return r.dataset.query === q && r.dataset.state === 'done'; }",
        arg=query,
    )
    return page.evaluate(
        """() => XL_SEARCH.page.all.map(r => {
             const m = XL_SEARCH.store.m, type = m.types[m.pages.type[r.page]];
             return {url: m.pages.url[r.page], label: type.label, group: type.group};
           })"""
    )


@pytest.fixture
def search_page(served, phone):
    phone.goto(served + "search.html")
    phone.wait_for_selector('#xl-search[data-state="idle"]')
    return phone


def tagged(tag: str) -> set[str]:
    from scripts.config import XuanjiaoConfig
    from scripts.content import load_catalog

    options = XuanjiaoConfig()
    options.load_dict({})
    catalog = load_catalog(options, ROOT, ROOT / "docs", include_drafts=False)
    return {f"{item.kind.key}/{item.slug}.html" for item in catalog.all_items() if tag in item.tags}


def test_the_search_box_example_lists_every_tagged_material_before_any_help_page(search_page):
    results = run_search(search_page, "廉洁自律")
    urls = [result["url"] for result in results]
    expected = tagged("廉洁自律")
    assert len(expected) >= 10 and expected <= set(urls)
    help_pages = [n for n, result in enumerate(results) if result["label"] == "帮助"]
    assert help_pages, "the help pages that mention it are found too, after the materials"
    assert max(urls.index(url) for url in expected) < min(help_pages)
    assert [result["group"] for result in results] == sorted(result["group"] for result in results)
    metas = search_page.locator(".xl-search__hit[data-group='1'] .xl-search__meta").all_inner_texts()
    assert metas and all(meta == "帮助" for meta in metas)


def test_a_session_result_says_学习安排_and_its_date(search_page):
    results = run_search(search_page, "三会一课：支部组织生活的基本制度")
    assert {"units/san-hui-yi-ke.html", "schedule/2026-11-26.html"} <= {result["url"] for result in results}
    hits = search_page.locator(".xl-search__hit")
    by_url = {hits.nth(n).locator("a").get_attribute("href").split("?")[0]: n for n in range(hits.count())}
    session = hits.nth(by_url["schedule/2026-11-26.html"]).locator(".xl-search__meta").inner_text()
    unit = hits.nth(by_url["units/san-hui-yi-ke.html"]).locator(".xl-search__meta").inner_text()
    assert session == "学习安排 · 2026年11月26日"
    assert unit.startswith("学习单元 · ")
    assert by_url["units/san-hui-yi-ke.html"] < by_url["schedule/2026-11-26.html"]  # the material first


def test_editor_pages_are_never_results(search_page):
    results = run_search(search_page, "编写指南")  # 使用说明 names it and links to it
    assert results and not {"编写指南.html", "部署指南.html"} & {result["url"] for result in results}
    search_page.fill(".xl-search__input", "另存为")  # only 编写指南 says it
    search_page.wait_for_selector('#xl-search[data-state="none"][data-query="另存为"]')
