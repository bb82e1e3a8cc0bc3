"""What the sample site's search index holds, and what it must never hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scripts.problems import Problems
from scripts.quiz.bank import load_banks
from scripts.search.query import Index

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def index(sample_site) -> Index:
    folders = list((sample_site / "xl-search").iterdir())
    assert len(folders) == 1  # one version folder per build
    return Index.from_folder(folders[0])


def test_items_sessions_help_and_bank_titles_are_indexed_listings_and_editor_pages_are_not(index):
    rows = {page["url"]: page for page in index.pages()}
    types = [entry["label"] for entry in index.manifest["types"]]
    assert types == ["学习单元", "警示案例", "孝廉文化", "题库", "学习安排", "宣教活动", "帮助"]
    assert [entry["group"] for entry in index.manifest["types"]] == [0, 0, 0, 0, 0, 0, 1]
    # sessions and 宣教活动 pages list materials: after the materials themselves
    assert [entry["rank"] for entry in index.manifest["types"]] == [0, 0, 0, 0, 1, 1, 0]
    kind = {url: types[row["type"]] for url, row in rows.items()}
    assert {url for url, label in kind.items() if label == "帮助"} == {
        "使用说明.html",
        "搜索说明.html",
        "知识测试说明.html",
        "学习安排说明.html",
    }
    assert not {"编写指南.html", "部署指南.html", "index.html"} & set(rows)  # editor pages, the home page
    assert not [url for url in rows if url.startswith(("tags/", "search.html")) or "/tag/" in url]
    assert not {"units/index.html", "cases/index.html", "culture/index.html", "quizzes/index.html"} & set(rows)
    assert not [url for url in rows if "/page/" in url or "/category/" in url or "/form/" in url]
    assert "schedule/index.html" not in rows
    quiz = [url for url, label in kind.items() if label == "题库"]
    assert quiz and all(url.startswith("quizzes/") and url.count("/") == 1 for url in quiz)
    sessions = [row for url, row in rows.items() if kind[url] == "学习安排"]
    assert sessions and all(
        url.startswith("schedule/") and not url.endswith(("-qiandao.html", "-jilu.html", "-cailiao.html"))
        for url in (row["url"] for row in sessions)
    )
    first = rows["schedule/2026-09-03.html"]
    assert (first["date"], first["year"]) == ("2026年9月3日", 2026)
    # 宣教活动: the roadmap, every activity and every unit's 台账; not the list of campaigns, not the ranking
    campaign = sorted(url for url, label in kind.items() if label == "宣教活动")
    assert "campaigns/xuan-jiao-yue-2026/index.html" in campaign
    assert "campaigns/xuan-jiao-yue-2026/units/cheng-guan-zhen.html" in campaign
    assert len(campaign) == 1 + 9 + 8
    assert not {"campaigns/index.html", "campaigns/xuan-jiao-yue-2026/tongbao.html"} & set(rows)
    assert rows["campaigns/xuan-jiao-yue-2026/jia-feng-jiao-yu.html"]["date"] == "2026年11月23日"


def test_a_campaign_page_is_found_by_what_it_shows_but_not_by_states_that_change_with_the_day(index):
    unit = "campaigns/xuan-jiao-yue-2026/units/cheng-guan-zhen.html"
    found = index.search("蝇贪之害")  # a record's 开展情况 on its unit's 台账
    assert {url for url in found if url.startswith("campaigns/")} == {unit}
    activity = "campaigns/xuan-jiao-yue-2026/jia-feng-jiao-yu.html"
    assert activity in index.search("家书传廉")  # the activity's 要求
    # 进行中 / 已结束 / 逾期未报送 are recomputed in the browser: a stale index would mislead.
    for state in ("进行中", "已结束", "逾期未报送"):
        assert not [url for url in index.search(state) if url.startswith("campaigns/")], state


def test_shown_fields_and_tags_are_found_as_fields(index):
    case = "cases/sun-mou-xuan-ren-yong-ren.html"
    assert case in index.search("撤销党内职务")  # its 处理结果
    assert index.search("留党察看") == {
        "cases/mou-ju-yuan-fu-ju-zhang-chen-mou-cha-shou-gong-cheng-zhao-tou-biao-an.html"
    }
    tagged = index.search("廉洁自律")
    assert "culture/qing-feng-lian-yun.html" in tagged  # tagged 廉洁自律, its body never says it
    assert "编写指南.html" not in tagged


def test_questions_and_answers_are_never_indexed(index, sample_site):
    banks = load_banks(ROOT / "materials" / "quizzes", ROOT, Problems())
    stems = [question.stem for bank in banks for question in bank.questions]
    assert stems
    for stem in stems:
        assert not [url for url in index.search(stem) if url.startswith("quizzes/")], stem
    # A bank's page contributes its description, nothing else (the stems may well appear in
    # a unit or a docs page that quotes them: those are ordinary content).
    folder = next((sample_site / "xl-search").iterdir())
    descriptions = {f"quizzes/{bank.id}.html": bank.description for bank in banks}
    for page_id, url in enumerate(index.manifest["pages"]["url"]):
        if url.startswith("quizzes/"):
            assert (folder / "t" / f"{page_id}.js").read_text("utf-8") == (
                f'XL_SEARCH.d("t",{page_id},{json.dumps(descriptions[url], ensure_ascii=False)});\n'
            )


def test_every_page_has_the_header_link_and_only_the_search_page_loads_search(sample_site):
    home = (sample_site / "index.html").read_text("utf-8")
    assert 'class="md-header__button md-icon xl-search-link"' in home and 'href="search.html"' in home
    assert "assets/search.css" not in home and 'src="assets/search.js"' not in home
    assert 'src="assets/search-mark.js"' not in home  # only loaded by the bootstrap when ?h= asks
    page = (sample_site / "search.html").read_text("utf-8")
    version = next((sample_site / "xl-search").iterdir()).name
    assert f'data-index="xl-search/{version}/"' in page


def test_a_docs_page_audience_must_be_帮助_or_编辑(scratch_site, capsys):
    scratch_site.write("docs/说明.md", "---\ntitle: 说明\naudience: 编集\n---\n\n正文。\n")
    scratch_site.write("docs/帮助.md", "---\ntitle: 帮助\naudience: 帮助\n---\n\n正文。\n")
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert lines == [
        "docs/说明.md:3: 错误: 字段 “audience”（读者）“编集” 不在允许的列表中。是否应为 “编辑”？允许的值：帮助、编辑"
    ]
