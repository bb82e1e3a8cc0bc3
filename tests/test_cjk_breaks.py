"""A line break between Chinese characters is no space: Markdown, rendered HTML and YAML text."""

from __future__ import annotations

import markdown
import pytest

from scripts.cjk_breaks import CjkBreaksExtension, join_html, join_text
from scripts.problems import Problems
from scripts.source import parse_yaml


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>一脉\n相承</p>", "<p>一脉相承</p>"),
        ("<p>科学\n  发展观</p>", "<p>科学发展观</p>"),
        ("<p>纪律<em>检查</em>\n<strong>委员会</strong></p>", "<p>纪律<em>检查</em><strong>委员会</strong></p>"),
        ("<p>要求，\n“三个代表”</p>", "<p>要求，“三个代表”</p>"),  # CJK punctuation on either side
        ("<p>PPT\n课件</p>", "<p>PPT\n课件</p>"),  # a Latin word keeps its space
        ("<p>课件\n2024年</p>", "<p>课件\n2024年</p>"),
        ("<p>英文\nword</p>", "<p>英文\nword</p>"),
        ("<p>한국\n어</p>", "<p>한국\n어</p>"),  # Korean is written with spaces
        ("<pre><code>党\n政</code></pre>\n<p>党\n政</p>", "<pre><code>党\n政</code></pre>\n<p>党政</p>"),
        ("<p>一</p>\n<p>二</p>", "<p>一</p>\n<p>二</p>"),  # between blocks: left alone
    ],
)
def test_soft_breaks_in_rendered_html(html, expected):
    assert join_html(html) == expected


def test_the_markdown_extension_joins_hard_wrapped_chinese_and_keeps_code():
    md = markdown.Markdown(extensions=[CjkBreaksExtension(), "fenced_code"])
    html = md.convert(
        "中国共产党纪律\n检查委员会，**一脉\n相承**。Latin\nwords 和 PPT\n课件。\n\n```\n代码\n换行\n```\n"
    )
    assert "中国共产党纪律检查委员会，<strong>一脉相承</strong>。Latin\nwords 和 PPT\n课件。" in html
    assert "代码\n换行" in html


def test_plain_text():
    assert join_text("固定学习时间，\n  全年安排\nPPT\n课件") == "固定学习时间，全年安排\nPPT\n课件"


def test_yaml_text_folded_across_lines_has_no_stray_space():
    text = (
        "statement: 固定学习时间，\n  全年安排\n"
        "title: 第一章 总则\n"  # a space written on one line stays
        'quoted: "党风\n  廉政 PPT\n  课件"\n'
        "literal: |\n  第一行\n  第二行\n  English\n  words\n"
        "objectives:\n  - 学习党章\n    总纲\n  - 另一项\n"
        "months:\n  2026-09: 开学季，\n    学党章\n"
    )
    data, node = parse_yaml(text, "x.yml", Problems(), first_line=1)
    assert data == {
        "statement": "固定学习时间，全年安排",
        "title": "第一章 总则",
        "quoted": "党风廉政 PPT 课件",
        "literal": "第一行第二行\nEnglish\nwords\n",
        "objectives": ["学习党章总纲", "另一项"],
        "months": {"2026-09": "开学季，学党章"},
    }
    # readers of the raw nodes (the schedule reads month texts from them) see the same text
    months = dict((key.value, value) for key, value in node.value)["months"]
    assert months.value[0][1].value == "开学季，学党章"
    # lines are those of the file
    assert [key.start_mark.line + 1 for key, _ in node.value] == [1, 3, 4, 7, 12, 16]
