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


def test_items_docs_and_bank_titles_are_indexed_listings_are_not(index):
    rows = {row[0]: row for row in index.manifest["pages"]}
    types = index.manifest["types"]
    assert {types[row[2]] for row in rows.values()} >= {"学习单元", "警示案例", "孝廉文化", "题库"}
    assert "搜索说明.html" in rows
    assert not [url for url in rows if url.startswith(("tags/", "search.html")) or "/tag/" in url]
    assert not {"units/index.html", "cases/index.html", "culture/index.html", "quizzes/index.html"} & set(rows)
    assert not [url for url in rows if "/page/" in url or "/category/" in url or "/form/" in url]
    quiz = [url for url, row in rows.items() if types[row[2]] == "题库"]
    assert quiz and all(url.startswith("quizzes/") and url.count("/") == 1 for url in quiz)


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
    for page_id, row in enumerate(index.manifest["pages"]):
        if row[0].startswith("quizzes/"):
            assert (folder / "t" / f"{page_id}.js").read_text("utf-8") == (
                f'XL_SEARCH.d("t",{page_id},{json.dumps(descriptions[row[0]], ensure_ascii=False)});\n'
            )


def test_every_page_has_the_header_link_and_only_the_search_page_loads_search(sample_site):
    home = (sample_site / "index.html").read_text("utf-8")
    assert 'class="md-header__button md-icon xl-search-link"' in home and 'href="search.html"' in home
    assert "assets/search.css" not in home and 'src="assets/search.js"' not in home
    page = (sample_site / "search.html").read_text("utf-8")
    version = next((sample_site / "xl-search").iterdir()).name
    assert f'data-index="xl-search/{version}/"' in page
