"""学习安排: loading and validating schedule.yml, "this week" selection, .ics output, generated pages."""

from __future__ import annotations

import datetime
import re
import textwrap
from pathlib import Path

import icalendar
import pytest

from scripts.content import load_catalog
from scripts.problems import Problems
from scripts.project import load_mkdocs_config, plugin_options
from scripts.schedule import ics
from scripts.schedule.feature import known_ids
from scripts.schedule.model import Known, Session, load_plan
from scripts.schedule.select import RECENT_DAYS, label, month_is_past, recent, upcoming

FORMS = ["集中学习", "专题研讨", "警示教育"]
D = datetime.date

UNIT = """\
    ---
    title: 学查改做
    date: 2024-05-09
    objectives:
      - 目标一
    discussion:
      - 本支部查摆的问题改到位了吗？
      - 怎样把自己摆进去？
    ---
    ## 为什么学

    学是前提。

    ## 怎样做

    见[三会一课](三会一课.md)。
    """
CASE = """\
    ---
    title: 某局原局长张某违规收受礼金案
    date: 2024-05-09
    id: zhang-mou
    category: 廉洁纪律
    ---
    ## 案情

    案情。

    ## 剖析

    剖析。

    ## 警示

    警示。
    """


def write_materials(site) -> None:
    site.write("materials/units/学查改做.md", UNIT)
    site.unit("三会一课", title="三会一课")
    site.write("materials/cases/张某案.md", CASE)


def load(tmp_path: Path, text: str, known: Known | None = None):
    path = tmp_path / "schedule.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    problems = Problems()
    known = known or Known(units={"xue-cha-gai-zuo": "学查改做"}, cases={"zhang-mou": "张某案"}, banks={"bank-a"})
    plan = load_plan(path, "materials/schedule.yml", FORMS, known, problems)
    return plan, [str(p) for p in problems.sorted()]


def session(day: D, audience=(), topic="学习") -> Session:
    s = Session(date=day, topic=topic, audience=list(audience))
    s.slug = day.isoformat()
    return s


# --- loading -----------------------------------------------------------------------


def test_plan_loads_sorted_with_every_field(tmp_path):
    plan, problems = load(
        tmp_path,
        """\
        title: 2026 年度学习安排
        statement: 年度有计划、月度有安排。
        months:
          2026-09: 学党章
        sessions:
          - date: 2026-09-10
            time: "14:30-16:30"
            location: 三楼会议室
            topic: 第二次
            form: 警示教育
            host: 王书记
            units: [xue-cha-gai-zuo]
            cases: [zhang-mou]
            quiz: bank-a
            audience: [第一支部, 第二支部]
            notes: 带党章
          - date: 2026-09-03
            time: 14:30
            topic: 第一次
        """,
    )
    assert problems == []
    assert plan.title == "2026 年度学习安排"
    assert plan.statement == "年度有计划、月度有安排。"
    assert plan.months == {(2026, 9): "学党章"}
    first, second = plan.sessions
    assert (first.date, first.topic, first.form, first.time) == (D(2026, 9, 3), "第一次", "集中学习", "14:30")
    assert first.times == (datetime.time(14, 30), None)
    assert first.audience_label == "全体党员" and first.slug == "2026-09-03"
    assert second.times == (datetime.time(14, 30), datetime.time(16, 30))
    assert (second.units, second.cases, second.quiz, second.host) == (
        ["xue-cha-gai-zuo"],
        ["zhang-mou"],
        "bank-a",
        "王书记",
    )
    assert second.audience_label == "第一支部、第二支部"
    assert second.uid == "20260910-all@xuanjiao"  # from its address: alone on its date
    assert [(key, text, [s.topic for s in sessions]) for key, text, sessions in plan.by_month()] == [
        ((2026, 9), "学党章", ["第一次", "第二次"])
    ]


def test_missing_file_is_an_empty_plan(tmp_path):
    problems = Problems()
    plan = load_plan(tmp_path / "none.yml", "materials/schedule.yml", FORMS, Known(), problems)
    assert plan.sessions == [] and problems.items == []


def test_several_branches_on_one_day_get_their_own_pages(tmp_path):
    plan, problems = load(
        tmp_path,
        """\
        sessions:
          - {date: 2026-09-03, topic: 一支部, audience: [第一支部]}
          - {date: 2026-09-03, topic: 二支部, audience: [第二支部]}
        """,
    )
    assert problems == []
    assert [s.slug for s in plan.sessions] == ["2026-09-03-di-er-zhi-bu", "2026-09-03-di-yi-zhi-bu"]
    assert len({s.uid for s in plan.sessions}) == 2


# --- validation: exact lines ---------------------------------------------------------


def test_every_mistake_has_its_line(tmp_path):
    _, problems = load(
        tmp_path,
        """\
        title: 测试
        mouths:
          2026-09: x
        sessions:
          - date: 2026-09-03
            topic: 第一次
            units: [xue-cha-gai-zuo, xue-cha-gai]
            cases:
              - zhang-mu
            quiz: bank-b
          - date: 2026-09-03
            topic: 同一天
            audience: [第一支部]
          - date: 2026-09-09
            topic: 星期三
            form: 集中学
          - date: 2026-13-01
            topic: 坏日期
          - date: 2026-09-17
            time: 下午
            topci: 拼错
          - date: 2026-09-24
            topic: 时间不对
            time: 下午两点
          - 只是文字
        """,
    )
    assert problems == [
        "materials/schedule.yml:2: 错误: 未知字段 “mouths”，是否应为 “months”？",
        "materials/schedule.yml:7: 错误: 字段 “units”（学习单元）中的 “xue-cha-gai” 不是已有学习单元的编号；是否应为 “xue-cha-gai-zuo”？",
        "materials/schedule.yml:9: 错误: 字段 “cases”（警示案例）中的 “zhang-mu” 不是已有警示案例的编号；是否应为 “zhang-mou”？",
        "materials/schedule.yml:10: 错误: 字段 “quiz”（知识测试）“bank-b” 不是已有题库的编号；是否应为 “bank-a”？",
        "materials/schedule.yml:11: 错误: 2026-09-03 已有面向全体党员的学习安排（第 5 行）；同一对象同一天只能安排一次",
        "materials/schedule.yml:14: 警告: 2026-09-09 是星期三，不是星期四（周四学习日）",
        "materials/schedule.yml:16: 错误: 字段 “form”（形式）“集中学” 不在允许的列表中。是否应为 “集中学习”？允许的值：集中学习、专题研讨、警示教育",
        "materials/schedule.yml:17: 错误: 字段 “date”（日期）“2026-13-01” 不是有效日期，应为 YYYY-MM-DD 格式，例如 2024-03-05",
        "materials/schedule.yml:19: 错误: 缺少必填字段 “topic”（主题）",
        "materials/schedule.yml:21: 错误: 未知字段 “topci”，是否应为 “topic”？",
        "materials/schedule.yml:24: 错误: 字段 “time”（时间）“下午两点” 应写成 14:30 或 14:30-16:30",
        "materials/schedule.yml:25: 错误: 每一项学习安排应为“键: 值”的形式（date、topic……），实际是文字",
    ]


def test_same_day_for_different_branches_is_fine_but_shared_branch_is_not(tmp_path):
    _, problems = load(
        tmp_path,
        """\
        sessions:
          - {date: 2026-09-03, topic: 一, audience: [第一支部]}
          - {date: 2026-09-03, topic: 二, audience: [第二支部]}
          - {date: 2026-09-03, topic: 三, audience: [第二支部, 第三支部]}
        """,
    )
    assert problems == [
        "materials/schedule.yml:4: 错误: 2026-09-03 已有面向第二支部的学习安排（第 3 行）；同一对象同一天只能安排一次"
    ]


def test_bad_top_level_shapes(tmp_path):
    assert load(tmp_path, "- 一\n- 二\n")[1] == [
        "materials/schedule.yml:1: 错误: 学习安排文件应为“键: 值”的形式（含 sessions 列表），实际是列表"
    ]
    assert load(tmp_path, "sessions: 每周四\nmonths:\n  九月: x\n")[1] == [
        "materials/schedule.yml:1: 错误: 字段 “sessions”（学习安排）应为列表，每一项以“- date: …”开头，实际是文字",
        "materials/schedule.yml:3: 错误: 月份 “九月” 应写成 YYYY-MM，例如 2026-09",
    ]
    assert load(tmp_path, "sessions:\n\t- date: 2026-09-03\n")[1] == [
        "materials/schedule.yml:2: 错误: 使用了 Tab 缩进；YAML 只能用空格缩进，请把 Tab 换成空格"
    ]
    assert load(tmp_path, "months:\n  2026-09: [学党章]\n")[1] == [
        "materials/schedule.yml:2: 错误: 月份 “2026-09” 的月度安排应为一段文字"
    ]


def test_check_names_drafts_titles_and_quiz_banks(scratch_site, capsys):
    write_materials(scratch_site)
    scratch_site.unit("四个合格", title="做四个合格党员", status="draft")
    scratch_site.write(
        "materials/schedule.yml",
        """\
        sessions:
          - date: 2026-09-03
            topic: 第一次
            units: [学查改做, si-ge-he-ge]
            cases: [某局原局长张某违规收受礼金案]
            quiz: san-hui-yi-ke
        """,
    )
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert lines == [
        "materials/schedule.yml:4: 错误: 字段 “units”（学习单元）中的 “si-ge-he-ge” 是草稿，正式网站不包含它",
        "materials/schedule.yml:4: 错误: 字段 “units”（学习单元）中的 “学查改做” 不是已有学习单元的编号；是否应为 “xue-cha-gai-zuo”？",
        "materials/schedule.yml:5: 错误: 字段 “cases”（警示案例）中的 “某局原局长张某违规收受礼金案” 不是已有警示案例的编号；是否应为 “zhang-mou”？",
        "materials/schedule.yml:6: 错误: 字段 “quiz”（知识测试）“san-hui-yi-ke” 不是已有题库的编号；请先在 materials/quizzes/ 中建立这个题库",
    ]


def test_valid_schedule_passes_check(scratch_site, capsys):
    write_materials(scratch_site)
    scratch_site.write(
        "materials/schedule.yml", "sessions:\n  - {date: 2026-09-03, topic: 学, units: [xue-cha-gai-zuo]}\n"
    )
    assert scratch_site.check(capsys) == (0, [])


BANK = """\
    id: {id}
    title: 题库
    questions:
      - id: q1
        type: judge
        stem: 支部党员大会一般每季度召开一次。
        answer: 对
    """


def test_quiz_ids_come_from_the_banks_loaded_once_with_the_catalog(scratch_site):
    scratch_site.write("materials/quizzes/甲.yml", BANK.format(id="bank-a"))
    scratch_site.write("materials/quizzes/坏.yml", "id: [\n")
    config = load_mkdocs_config(scratch_site.config_file)
    catalog = load_catalog(plugin_options(config), scratch_site.path, scratch_site.path / "docs", False)
    assert known_ids(catalog).banks == {"bank-a"}
    assert [p.path for p in catalog.problems.errors] == ["materials/quizzes/坏.yml"]  # reported once, by the loader


# --- this week -------------------------------------------------------------------------


PLAN = [session(D(2026, 9, 3)), session(D(2026, 9, 10), ["一支部"]), session(D(2026, 9, 10), ["二支部"])]


@pytest.mark.parametrize(
    ("today", "dates", "text"),
    [
        (D(2026, 8, 1), [D(2026, 9, 3)], "下次学习"),  # before the plan starts
        (D(2026, 8, 31), [D(2026, 9, 3)], "本周学习"),  # Monday of the session's week
        (D(2026, 9, 3), [D(2026, 9, 3)], "今天学习"),  # the day itself
        (D(2026, 9, 4), [D(2026, 9, 10), D(2026, 9, 10)], "下次学习"),  # the day after: next week's
        (D(2026, 9, 6), [D(2026, 9, 10), D(2026, 9, 10)], "下次学习"),  # Sunday: still another week
        (D(2026, 9, 7), [D(2026, 9, 10), D(2026, 9, 10)], "本周学习"),
    ],
)
def test_upcoming_sessions_and_label(today, dates, text):
    chosen = upcoming(PLAN, today)
    assert [s.date for s in chosen] == dates
    assert label(chosen[0].date, today) == text


def test_two_branches_on_the_day_are_both_shown():
    assert [s.audience for s in upcoming(PLAN, D(2026, 9, 9))] == [["一支部"], ["二支部"]]


def test_nothing_after_the_last_session_or_in_an_empty_plan():
    assert upcoming(PLAN, D(2026, 9, 11)) == []
    assert upcoming([], D(2026, 9, 3)) == []


@pytest.mark.parametrize(
    ("today", "dates"),
    [
        (D(2026, 8, 1), []),
        (D(2026, 9, 3), []),  # the day itself is 今天学习, not 上次学习
        (D(2026, 9, 4), [D(2026, 9, 3)]),  # Friday: who missed Thursday finds it
        (D(2026, 9, 6), [D(2026, 9, 3)]),  # Sunday, the third day after
        (D(2026, 9, 7), []),  # Monday: gone
        (D(2026, 9, 11), [D(2026, 9, 10), D(2026, 9, 10)]),  # both branches of the day
    ],
)
def test_recent_sessions_stay_a_few_days(today, dates):
    assert RECENT_DAYS == 3
    assert [s.date for s in recent(PLAN, today)] == dates


def test_months_are_past_when_their_sessions_are():
    september = [s for s in PLAN if s.date.month == 9]
    assert month_is_past((2026, 9), september, D(2026, 9, 11))
    assert not month_is_past((2026, 9), september, D(2026, 9, 10))  # the last session is today
    assert month_is_past((2026, 8), [], D(2026, 9, 1))  # a month without sessions, ended
    assert not month_is_past((2026, 9), [], D(2026, 9, 30))


# --- iCalendar -------------------------------------------------------------------------


def calendar_of(sessions, minutes=120):
    stamp = datetime.datetime(2026, 8, 20, 1, 2, 3, tzinfo=datetime.UTC)
    long = "备注" + "很长的说明，" * 30
    return ics.calendar(sessions, "年度学习安排", stamp, minutes, lambda s: f"形式：集中学习\n{long}", lambda s: None)


def test_calendar_parses_back_with_icalendar():
    timed = Session(date=D(2026, 9, 3), topic="学党章; 守党规, 明党纪", time="14:30-16:00", location="三楼会议室")
    open_ended = Session(date=D(2026, 9, 10), topic="警示教育", time="15:00", audience=["第一支部"])
    all_day = Session(date=D(2026, 9, 17), topic="主题党日")
    text = calendar_of([timed, open_ended, all_day], minutes=90)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "\n" not in text.replace("\r\n", "")
    cal = icalendar.Calendar.from_ical(text)
    zone = cal.walk("VTIMEZONE")[0]
    assert str(zone["TZID"]) == "Asia/Shanghai"
    events = cal.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [
        "20260903-all@xuanjiao",
        "20260910-di-yi-zhi-bu@xuanjiao",
        "20260917-all@xuanjiao",
    ]
    first, second, third = events
    assert str(first["SUMMARY"]) == "周四学习日：学党章; 守党规, 明党纪"
    assert str(first["LOCATION"]) == "三楼会议室"
    start, end = first["DTSTART"].dt, first["DTEND"].dt
    assert (start.replace(tzinfo=None), end.replace(tzinfo=None)) == (
        datetime.datetime(2026, 9, 3, 14, 30),
        datetime.datetime(2026, 9, 3, 16, 0),
    )
    assert start.utcoffset() == datetime.timedelta(hours=8)
    assert first["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert second["DTEND"].dt - second["DTSTART"].dt == datetime.timedelta(minutes=90)
    assert third["DTSTART"].dt == D(2026, 9, 17) and third["DTEND"].dt == D(2026, 9, 18)
    assert first["DTSTAMP"].dt == datetime.datetime(2026, 8, 20, 1, 2, 3, tzinfo=datetime.UTC)
    assert str(first["DESCRIPTION"]).startswith("形式：集中学习\n备注很长的说明，")
    assert str(first["DESCRIPTION"]).endswith("很长的说明，")


def test_uids_do_not_depend_on_audience_order():
    a = Session(date=D(2026, 9, 3), topic="x", audience=["第二支部", "第一支部"])
    b = Session(date=D(2026, 9, 3), topic="y", audience=["第一支部", "第二支部"])
    assert a.uid == b.uid


# --- the built site --------------------------------------------------------------------


SCHEDULE = """\
    title: 测试年度学习安排
    statement: 年度有计划。
    months:
      2026-09: 九月安排
    sessions:
      - date: 2026-09-03
        time: "14:30-16:30"
        topic: 第一次学习
        host: 王书记
        units: [xue-cha-gai-zuo]
        cases: [zhang-mou]
      - date: 2026-09-10
        topic: <b>第二次</b>学习
      - date: 2026-09-17
        topic: 第三次学习
    """


@pytest.fixture
def built(scratch_site, monkeypatch):
    # Built "on" Tuesday 2026-09-08: the first session is past, the second is this week.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime.datetime(2026, 9, 8, 2, tzinfo=datetime.UTC).timestamp())))
    write_materials(scratch_site)
    scratch_site.write("materials/schedule.yml", SCHEDULE)
    assert scratch_site.build() == 0
    return scratch_site.path / "site"


def test_listing_marks_past_and_next_as_of_the_build(built):
    html = (built / "schedule" / "index.html").read_text(encoding="utf-8")
    states = re.findall(r'<li class="xl-session(?: xl-session--(\w+))?" id="s-[\w-]+" data-date="([\d-]+)"', html)
    assert states == [("past", "2026-09-03"), ("next", "2026-09-10"), ("", "2026-09-17")]
    # September is not over: open; the jump link points at the next session; the title is said once.
    assert re.search(r'<details class="xl-month" data-month="2026-09" open>', html)
    assert 'href="#s-2026-09-10" data-xl-jump>跳到下次学习' in html
    assert html.count("测试年度学习安排</h1>") == 1 and "<h2>年度学习安排</h2>" not in html
    assert "测试年度学习安排" in html and "九月安排" in html and "年度有计划。" in html
    assert "&lt;b&gt;第二次&lt;/b&gt;学习" in html and "<b>第二次" not in html
    assert 'href="学习安排.ics"' in html or 'href="%E5%AD%A6%E4%B9%A0%E5%AE%89%E6%8E%92.ics"' in html


def test_home_card_falls_back_to_the_build_dates_session(built):
    html = (built / "index.html").read_text(encoding="utf-8")
    card = html[html.index("data-xl-session-card") : html.index("</section>", html.index("data-xl-session-card"))]
    assert "<span data-xl-session-label>本周学习</span>" in card
    assert 'href="schedule/2026-09-10.html"' in card and "第一次学习" not in card
    assert "data-xl-session-recent hidden" in card  # the last session was five days before
    assert '<script defer src="schedule/schedule-data.js"></script>' in html
    assert '<script defer src="assets/schedule.js"></script>' in html
    data = (built / "schedule" / "schedule-data.js").read_text(encoding="utf-8")
    assert data.startswith("/* 学习安排") and '"url": "schedule/2026-09-17.html"' in data


def test_session_page_gathers_agenda_materials_and_discussion(built):
    html = (built / "schedule" / "2026-09-03.html").read_text(encoding="utf-8")
    assert "<h1>第一次学习</h1>" in html
    assert "学习：学查改做" in html and "以案说纪：某局原局长张某违规收受礼金案" in html
    assert 'href="../units/xue-cha-gai-zuo.html"' in html and 'href="../cases/zhang-mou.html"' in html
    assert "本支部查摆的问题改到位了吗？" in html and "怎样把自己摆进去？" in html
    for target in ("2026-09-03-cailiao.html", "2026-09-03-qiandao.html", "2026-09-03-jilu.html", "2026-09-03.ics"):
        assert f'href="{target}"' in html
        assert (built / "schedule" / target).is_file()


def test_packet_holds_the_units_in_full_with_working_links(built):
    html = (built / "schedule" / "2026-09-03-cailiao.html").read_text(encoding="utf-8")
    assert "学习单元：学查改做</h2>" in html and "警示案例：某局原局长张某违规收受礼金案</h2>" in html
    assert re.search(r"<h3[^>]*>为什么学</h3>", html)
    assert 'href="../units/san-hui-yi-ke.html"' in html


def test_sheets_have_their_tables(built):
    signin = (built / "schedule" / "2026-09-03-qiandao.html").read_text(encoding="utf-8")
    assert "<th>姓名</th><th>支部</th><th>签名</th>" in signin and signin.count('<td class="xl-sheet__no">') == 20
    record = (built / "schedule" / "2026-09-03-jilu.html").read_text(encoding="utf-8")
    assert "<th>实到人数</th>" in record and "研讨交流情况" in record and "学习单元：学查改做" in record


def test_calendar_files_of_the_build(built):
    cal = icalendar.Calendar.from_ical((built / "schedule" / "学习安排.ics").read_bytes())
    assert [str(e["UID"]) for e in cal.walk("VEVENT")] == [f"202609{d}-all@xuanjiao" for d in ("03", "10", "17")]
    assert cal.walk("VEVENT")[0]["DTSTAMP"].dt == datetime.datetime(2026, 9, 8, 2, tzinfo=datetime.UTC)
    one = icalendar.Calendar.from_ical((built / "schedule" / "2026-09-10.ics").read_bytes())
    assert [str(e["SUMMARY"]) for e in one.walk("VEVENT")] == ["周四学习日：<b>第二次</b>学习"]


def test_item_pages_show_tools_and_no_qr_without_site_url(built):
    html = (built / "units" / "xue-cha-gai-zuo.html").read_text(encoding="utf-8")
    assert "data-xl-projector" in html and "data-xl-print" in html
    assert 'media="print" href="../assets/print.css"' in html
    assert "<svg" not in html.split('class="xl-tools"')[1].split("</details>")[0]
    assert "data-xl-here" in html  # the browser fills in (and draws) the page's own address
    assert "site_url" not in html  # member-facing words only


def test_qr_code_of_the_page_url_with_site_url(scratch_site):
    write_materials(scratch_site)
    assert scratch_site.build() == 0  # without site_url first, then with it
    site = scratch_site.path / "site2"
    from scripts.build import build

    assert build(scratch_site.config_file, site_dir=str(site), site_url="http://10.0.0.8/xuexi/") == 0
    html = (site / "units" / "xue-cha-gai-zuo.html").read_text(encoding="utf-8")
    assert '<p class="xl-qr__url">http://10.0.0.8/xuexi/units/xue-cha-gai-zuo.html</p>' in html
    assert html.count('<svg viewBox="0 0 ') >= 2  # the panel and the print footer


def test_empty_schedule_still_has_its_page_and_no_card(scratch_site):
    assert scratch_site.build() == 0
    html = (scratch_site.path / "site" / "schedule" / "index.html").read_text(encoding="utf-8")
    assert "还没有学习安排" in html
    assert "data-xl-session-card" not in (scratch_site.path / "site" / "index.html").read_text(encoding="utf-8")


def test_sample_sessions_link_their_quiz_pages(sample_site):
    sample = Path(__file__).resolve().parent.parent / "materials" / "schedule.yml"
    quizzed = re.findall(
        r"- date: ([\d-]+)\n(?:    (?!quiz:).*\n)*    quiz: ([a-z0-9-]+)", sample.read_text(encoding="utf-8")
    )
    assert quizzed
    for day, bank in quizzed:
        html = (sample_site / "schedule" / f"{day}.html").read_text(encoding="utf-8")
        assert f'<a href="../quizzes/{bank}.html">进入知识测试</a>' in html
        assert (sample_site / "quizzes" / f"{bank}.html").is_file()
