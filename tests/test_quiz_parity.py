"""Blank answers are judged alike at build time (scripts/quiz/normalise.py) and on the phone
(overrides/assets/quiz.js): one table of cases, checked against the Python functions and against
the JavaScript functions run in headless Chromium."""

from __future__ import annotations

import pytest
from support import ROOT

from scripts.quiz.normalise import blank_matches, normalise

pytestmark = pytest.mark.browser

# (typed text, what is compared)
NORMALISED = [
    ("制度", "制度"),
    ("  制　度。", "制度"),
    ("Ｐｏｗｅｒ　Point，。", "powerpoint"),
    ("ＡＢＣ", "abc"),
    ("１９２１年", "1921年"),
    ("“四个意识”", "四个意识"),
    ("《中国共产党章程》", "中国共产党章程"),
    ("一岗双责、三会一课；", "一岗双责三会一课"),
    ("a_b-c/d", "abcd"),
    ("a+b=c<d>$", "a+b=c<d>$"),  # symbols are not punctuation: kept
    ("①②", "12"),
    ("Ⅷ", "viii"),
    ("ﬁ", "fi"),
    ("İ", "i\u0307"),
    ("\u00a0a\u2003b\u3000c", "abc"),  # no-break, em and ideographic spaces
    ("a\tb\nc\r\n", "abc"),
    ("\ufeff三会\u200b一课\u00ad", "三会一课"),  # BOM, zero-width space, soft hyphen
    ("a\x1cb\x85c", "abc"),  # control characters Python calls space and JavaScript does not
    ("a\u2028b\u2029c", "abc"),
    ("，。！？", ""),
    ("", ""),
]

# (typed text, accepted answers, judged right)
MATCHES = [
    (" 三会 一课。", ["三会一课"], True),
    ("“一言堂”", ["一言堂"], True),
    ("１９２１", ["1921"], True),
    ("ＰＯＷＥＲ point", ["PowerPoint"], True),
    ("肆", ["四", "肆"], True),
    ("三会", ["三会一课"], False),
    ("，。", ["，"], False),  # nothing left after normalising is never right
    ("", [""], False),
    ("\u200b", ["\u200b"], False),
]


@pytest.fixture(scope="module")
def quiz_js(browser):
    page = browser.new_page()
    page.set_content("<!doctype html><meta charset=utf-8><title>quiz.js</title>")
    page.add_script_tag(path=str(ROOT / "overrides/assets/quiz.js"))
    yield page
    page.close()


def test_table_is_what_python_does():
    assert [normalise(text) for text, _ in NORMALISED] == [expected for _, expected in NORMALISED]
    assert [blank_matches(given, accepted) for given, accepted, _ in MATCHES] == [right for *_, right in MATCHES]


def test_table_is_what_javascript_does(quiz_js):
    normalised = quiz_js.evaluate("texts => texts.map(window.XLQuiz.normalise)", [text for text, _ in NORMALISED])
    assert normalised == [expected for _, expected in NORMALISED]
    judged = quiz_js.evaluate(
        """cases => cases.map(([given, accepted]) =>
             window.XLQuiz.isCorrect({type: "blank", answer: [accepted]}, [given]))""",
        [[given, accepted] for given, accepted, _ in MATCHES],
    )
    assert judged == [right for *_, right in MATCHES]
