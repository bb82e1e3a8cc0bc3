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
    assert types == ["学习单元", "警示案例", "孝廉文化", "题库", "学习安排", "帮助"]
    assert [entry["group"] for entry in index.manifest["types"]] == [0, 0, 0, 0, 0, 1]
    assert [entry["rank"] for entry in index.manifest["types"]] == [0, 0, 0, 0, 1, 0]  # sessions list materials
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
