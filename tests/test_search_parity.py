"""The query rules in Python (scripts/search) and in JavaScript (search-mark.js, search.js) agree.

One table of cases; each row is checked against the Python function and against the
JavaScript function running in Chromium. The index is written by Python and read by the
browser, so tokenising, normalising, hashing and the number encoding must match exactly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.search.index import decode, fnv1a
from scripts.search.text import normalise, query_terms

pytestmark = pytest.mark.browser
ASSETS = Path(__file__).resolve().parent.parent / "overrides" / "assets"

# query → its terms: split at spaces, a token per CJK character, word, or punctuation mark
TERMS = [
    ("廉政 自律", [["廉", "政"], ["自", "律"]]),
    ("廉政　自律", [["廉", "政"], ["自", "律"]]),  # ideographic space
    (" 廉政 廉政 ", [["廉", "政"]]),  # repeats dropped
    ("", []),
    ("  \t ", []),
    ("（一）", [["(", "一", ")"]]),  # full-width brackets become ASCII, and stay
    ("㈠", [["(", "一", ")"]]),  # NFKC spells out the parenthesised ideograph
    ("《条例》", [["《", "条", "例", "》"]]),
    ("“三个代表”", [['"', "三", "个", "代", "表", '"']]),  # curly quotes become straight
    ("‘单引号’", [["'", "单", "引", "号", "'"]]),
    ("廉政，自律", [["廉", "政", ",", "自", "律"]]),
    ("廉政,,自律", [["廉", "政", ",", ",", "自", "律"]]),
    ("ＰＰＴ课件２０２０", [["ppt", "课", "件", "2020"]]),
    ("2020年 PPT", [["2020", "年"], ["ppt"]]),
    ("covid-19", [["covid", "-", "19"]]),
    ("3.14%", [["3", ".", "14", "%"]]),
    ("e.g.", [["e", ".", "g", "."]]),
    ("a\tb\nc", [["a"], ["b"], ["c"]]),
    ("ﬁle", [["file"]]),  # a ligature
    ("x²", [["x2"]]),
    ("①号", [["1", "号"]]),
    ("𠮷野家", [["𠮷", "野", "家"]]),  # a CJK character beyond the BMP
    ("한국어 검색", [["한", "국", "어"], ["검", "색"]]),
    ("Καλημέρα Straße", [["καλημέρα"], ["straße"]]),
    ("……——", [[".", ".", ".", ".", ".", ".", "—", "—"]]),  # NFKC: … is three dots
]
# text → what search compares
NORMALISED = [
    ("ＰＰＴ“引号”（一）", 'ppt"引号"(一)'),
    ("ＡＢＣ　ｄｅｆ", "abc def"),
    ("第一章 总则", "第一章 总则"),
]
# key → its 32-bit FNV-1a (the shard a key lives in)
HASHES = [("a", 0xE40C292C), ("廉政", 4017324737), ("ppt", 1736401595), ("𠮷野", 3812502952), (",党", 806973507)]
# varint text → numbers (postings)
VARINTS = [("0vw1Nwww3REPTR3", [0, 31, 32, 1048576 * 3 + 17, 123456789])]


@pytest.fixture(scope="module")
def js(browser):
    page = browser.new_page()
    page.set_content('<html><body><div class="md-content__inner"></div></body></html>')
    page.add_script_tag(path=str(ASSETS / "search-mark.js"))
    page.add_script_tag(path=str(ASSETS / "search.js"))
    yield page
    page.close()


@pytest.mark.parametrize(("query", "terms"), TERMS)
def test_query_terms(js, query, terms):
    assert query_terms(query) == terms
    assert js.evaluate("q => XL_SEARCH.text.queryTerms(q)", query) == terms


@pytest.mark.parametrize(("text", "expected"), NORMALISED)
def test_normalise(js, text, expected):
    assert normalise(text) == expected
    assert js.evaluate("t => XL_SEARCH.text.normalise(t)", text) == expected


@pytest.mark.parametrize(("key", "expected"), HASHES)
def test_fnv1a(js, key, expected):
    assert fnv1a(key) == expected
    assert js.evaluate("k => XL_SEARCH.codec.fnv1a(k)", key) == expected


@pytest.mark.parametrize(("text", "numbers"), VARINTS)
def test_varints(js, text, numbers):
    assert decode(text) == numbers
    assert js.evaluate("t => XL_SEARCH.codec.varints(t)", text) == numbers


def test_the_highlighter_finds_what_the_terms_say(js):
    """findRanges (search-mark.js) marks a term where the index would match it: words whole."""
    text = "ＰＰＴ课件、PPT2、（一）和(一)，“三个代表”"
    cases = {
        "ppt": ["ＰＰＴ"],  # not inside PPT2
        "（一）": ["（一）", "(一)"],
        '"三个代表"': ["“三个代表”"],
    }
    for query, expected in cases.items():
        found = js.evaluate(
            "([t, q]) => XL_SEARCH.text.findRanges(t, XL_SEARCH.text.queryTerms(q)).map(r => t.slice(r[0], r[1]))",
            [text, query],
        )
        assert found == expected, query
