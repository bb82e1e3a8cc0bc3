"""The search indexer: tokens, exact matches, AND, shards (no browser)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from scripts.content.base import ContentType, Item
from scripts.schema import Media, MediaList, Text, TextList
from scripts.search.index import HELP, IndexBuilder, IndexCancelled, PageRecord, decode, fnv1a, varint
from scripts.search.query import Index, parse
from scripts.search.record import item_record
from scripts.search.text import html_to_text, normalise, query_terms, shown_content, tokens
from scripts.source import Source

PAGES = {
    "a.html": ("党风廉政建设", "加强党风廉政建设，推进反腐败斗争。"),
    "b.html": ("廉洁自律准则", "党员干部要廉洁自律，严守纪律。"),
    "c.html": ("会议纪要", "廉，政治站位要高。2020年召开PPT培训会。"),
    "d.html": ("学习安排", "２０２０年度学习计划，ＰＰＴ课件见附件。"),
    "e.html": ("三会一课", "落实三会一课制度；中央八项规定精神。covid19 与 2020x 不是 2020。"),
    "f.html": ("第一章", "（一）学习《条例》，践行“三个代表”重要思想。"),
    "g.html": ("第二章", "三个代表重要思想，一以贯之。"),
}


@pytest.fixture(scope="module")
def index() -> Index:
    builder = IndexBuilder(shard_bytes=64)  # tiny shards: keys spread over many files
    for url, (title, body) in PAGES.items():
        builder.add(PageRecord(url, title, "学习单元", body=body))
    return Index(builder.build())


def test_normalise_full_width_to_half_width_lower_case_and_straight_quotes():
    assert normalise("ＰＰＴ２０２０年（一）“三个代表”") == 'ppt2020年(一)"三个代表"'


def test_tokens_are_characters_words_and_punctuation_marks_with_gaps_at_spaces():
    assert tokens("廉政,ppt2020年 (党)") == [
        (0, "廉"),
        (1, "政"),
        (2, ","),
        (3, "ppt2020"),
        (4, "年"),
        (6, "("),
        (7, "党"),
        (8, ")"),
    ]


def test_query_terms_split_at_spaces_only_keep_punctuation_and_drop_repeats():
    assert query_terms("廉政 2020年，PPT　廉政 （一）") == [["廉", "政"], ["2020", "年", ",", "ppt"], ["(", "一", ")"]]
    assert query_terms(" ， ") == [[","]]
    assert query_terms("   ") == []


def test_shown_content_is_the_content_element_without_what_it_does_not_show_as_text():
    page = (
        '<html><body><nav class="md-nav"><a>导航</a></nav>'
        '<article class="md-content__inner md-typeset">'
        '<p class="xl-kicker"><a data-xl-nosearch>宣教活动</a> › <a>某活动</a></p>'
        "<h1>标题 &amp; 副题</h1>"
        '<p>确保<strong>规定动作</strong>不走样<br>第二行<img src="a.png" alt="图"></p>'
        "<p>状态：<span data-xl-live><span>进行中</span></span>，人数 <b>30</b></p>"
        "<div data-xl-nosearch><p>封面</p><div><p>更深</p></div></div>"
        "<svg><text>图上的字</text></svg><button hidden>打印</button><p hidden>隐藏</p>"
        "<ul><li>一<li>二</ul><p>结尾"
        "</article><footer>页脚</footer></body></html>"
    )
    headings, text = html_to_text(shown_content(page))
    assert headings == ["标题 & 副题"]
    assert text.split("\n") == [
        "› 某活动",
        "标题 & 副题",
        "确保规定动作不走样",
        "第二行",
        "状态：，人数 30",
        "一",
        "二",
        "结尾",
    ]


def test_html_to_text_keeps_blocks_apart_and_a_line_break_inside_a_block_is_a_space():
    headings, body = html_to_text("<h2>一、总&amp;要求</h2>\n<p>党风廉政 <em>建设</em></p><p>PPT\nfile</p>")
    assert headings == ["一、总&要求"]
    assert body == "一、总&要求\n党风廉政 建设\nPPT file"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("廉政", {"a.html"}),  # not b (廉洁自律) and not c (廉，政: punctuation between)
        ("党风廉政", {"a.html"}),
        ("廉洁自律", {"b.html"}),
        ("自律", {"b.html"}),
        ("廉", {"a.html", "b.html", "c.html"}),
        ("风廉政建", {"a.html"}),
        ("廉政建设反", set()),  # the comma breaks it
        ("2020", {"c.html", "d.html", "e.html"}),  # full-width digits in d; a word, not 2020x
        ("2020年", {"c.html", "d.html"}),
        ("ppt", {"c.html", "d.html"}),
        ("PPT课件", {"d.html"}),
        ("202", set()),  # Latin and digits match whole words
        ("三会一课 八项规定", {"e.html"}),  # AND
        ("三会一课 廉政", set()),
        ("廉洁 自律 准则", {"b.html"}),
        ("规定精神", {"e.html"}),
        ("课制度中", set()),  # across ； never matches
        ("，。", set()),
        # punctuation in a query is part of the sequence to find
        ("廉，政", {"c.html"}),
        ("（一）", {"f.html"}),
        ("(一)", {"f.html"}),  # full-width and ASCII brackets are the same after NFKC
        ("《条例》", {"f.html"}),
        ("“三个代表”", {"f.html"}),
        ('"三个代表"', {"f.html"}),  # straight quotes find curly ones
        ("三个代表", {"f.html", "g.html"}),
        ("一", {"e.html", "f.html", "g.html"}),
        ("精神。covid19", {"e.html"}),
        ("covid19与", set()),  # a space stands between them
    ],
)
def test_search_is_exact(index, query, expected):
    assert index.search(query) == expected


def test_long_terms_need_every_pair_at_its_offset():
    builder = IndexBuilder()
    builder.add(PageRecord("x.html", "甲", "其他", body="廉洁奉公。自律严格。廉洁自觉。"))
    builder.add(PageRecord("y.html", "乙", "其他", body="要廉洁自律严格"))
    index = Index(builder.build())
    # x has 廉洁, 洁自? no; 自律 and 律严 yes, but never in one run: only y matches.
    assert index.search("廉洁自律严格") == {"y.html"}
    assert index.search("自律严格") == {"x.html", "y.html"}


def test_manifest_pages_are_named_columns_and_counts_cover_title_and_body(index):
    pages = index.pages()
    assert [page["url"] for page in pages] == sorted(PAGES)  # page ids follow URLs
    assert pages[0]["title"] == "党风廉政建设" and pages[0]["title_end"] == len("党风廉政建设") + 1
    assert index.manifest["types"] == [{"label": "学习单元", "group": 0, "rank": 0}]
    assert index.term_pages(["廉", "政"]) == {0: 2}  # title + body of a.html


def test_fields_sit_between_title_and_headings_and_are_flagged():
    builder = IndexBuilder()
    builder.add(
        PageRecord("x.html", "案例", "警示案例", fields=["留党察看", "家风"], headings=["剖析"], body="剖析\n正文")
    )
    builder.add(PageRecord("y.html", "帮助", HELP, body="留党察看是什么"))
    index = Index(builder.build())
    x = index.page(0)
    assert (x["title_end"], x["field_end"], x["heading_end"]) == (3, 3 + 5 + 3, 3 + 5 + 3 + 3)
    assert index.search("留党察看") == {"x.html", "y.html"}
    assert index.search("看家") == set()  # two fields are apart
    flags = decode(parse(index.files[index.shards_for("家")[0]])[2]["家"])
    assert flags[1] & 7 == 2  # 家 only in a field
    assert index.manifest["types"] == [
        {"label": "警示案例", "group": 0, "rank": 0},
        {"label": HELP, "group": 1, "rank": 0},
    ]
    assert "留党察看" in parse(index.files["t/0.js"])[2]  # a field is in the snippet text


def test_a_query_reads_only_its_own_shards(index):
    shards = index.shards_for("廉洁自律")
    assert shards and all(path.startswith("b/") for path in shards)
    assert len(shards) <= 2  # 廉洁 and 自律 cover the term
    assert index.shards_for("廉") and index.shards_for("廉")[0].startswith("u/")
    assert len([path for path in index.files if path.startswith("b/")]) > 4


def test_varint_round_trip_and_hash_is_stable():
    numbers = [0, 1, 31, 32, 1023, 1024, 32767, 32768, 5 << 20, 123456789]
    assert decode("".join(map(varint, numbers))) == numbers
    assert fnv1a("廉政") != fnv1a("政廉")
    assert fnv1a("a") == 0xE40C292C  # the published FNV-1a test vector


def test_a_build_told_to_stop_ends_early_and_one_never_told_finishes():
    builder = IndexBuilder()
    for number in range(5):
        builder.add(PageRecord(f"p{number}.html", f"第{number}页", "学习单元", body="廉洁自律"))
    asked = []

    def stop_after_two() -> bool:
        asked.append(True)
        return len(asked) > 2

    with pytest.raises(IndexCancelled):
        builder.build(stop=stop_after_two)
    assert len(asked) == 3  # stopped inside the page loop, not after all the work
    assert Index(builder.build(stop=lambda: False)).search("廉洁自律") == {f"p{n}.html" for n in range(5)}


def test_a_field_a_content_type_declares_shown_is_searchable_without_search_code():
    """A new type (or a new field) only declares how its page shows the field."""
    fields = {
        "motto": Text("格言", shown="inline"),
        "steps": TextList("步骤", shown="heading"),
        "note": Text("内部备注"),  # not shown: not searchable
        "media": MediaList("媒体文件", shown="value"),
    }
    kind = ContentType(key="activities", label="活动", fields=fields, template="xl/activity.html")
    values = {
        "title": "读书会",
        "date": datetime.date(2026, 5, 1),
        "tags": ["读书"],
        "motto": "学而不厌",
        "steps": ["领读", "交流"],
        "note": "只给编辑看",
        "media": [Media("a.svg", "会场照片"), Media("b.svg")],
        "summary": "",
        "status": "published",
    }
    item = Item(kind, Source(Path("materials/activities/x.md"), "materials/activities/x.md"), values, "x")
    record = item_record("activities/x.html", item, "<p>正文</p>")
    assert record.fields == ["读书", "格言：学而不厌", "步骤", "领读", "交流", "会场照片"]
    builder = IndexBuilder()
    builder.add(record)
    index = Index(builder.build())
    assert index.search("学而不厌") == index.search("会场照片") == {"activities/x.html"}
    assert index.search("只给编辑看") == set()
    assert index.manifest["types"][0]["label"] == "活动"
