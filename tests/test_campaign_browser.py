"""宣教活动 in headless Chromium: states and ranking by a faked date, the build-day fallback without
JavaScript, 390×844 screenshots without horizontal scroll, the A4 台账 printed to PDF, and 测试汇总 of
成绩单 CSVs downloaded from the real exam page."""

from __future__ import annotations

import datetime
import io
import re
import unicodedata

import pytest
from browser import PHONE, PHONE_DEVICE, logged_page, serve_site
from openpyxl import load_workbook
from pypdf import PdfReader
from support import ROOT, ScratchSite

from scripts.__main__ import main
from scripts.campaign import progress
from scripts.campaign.feature import CampaignFeature
from scripts.project import load_mkdocs_config, plugin_options
from scripts.registry import validate_site
from scripts.schedule.select import TIMEZONE

pytestmark = pytest.mark.browser

BASE = "campaigns/xuan-jiao-yue-2026/"
A4 = (595.28, 841.89)
D = datetime.date


@pytest.fixture(scope="module")
def campaign():
    config = load_mkdocs_config(str(ROOT / "mkdocs.yml"))
    _, features = validate_site(plugin_options(config), ROOT, ROOT / "docs", include_drafts=False)
    feature = next(f for f in features if isinstance(f, CampaignFeature))
    return next(c for c in feature.campaigns if c.id == "xuan-jiao-yue-2026")


@pytest.fixture(scope="module")
def base_url(sample_site):
    with serve_site(sample_site, prefix="/xuexi/") as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(**PHONE_DEVICE, timezone_id="Asia/Shanghai")
    page = logged_page(context)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    assert page.errors == [] and page.requests.external() == [] and page.requests.failed == []
    context.close()


def at(page, day: datetime.date) -> None:
    page.clock.set_fixed_time(datetime.datetime(day.year, day.month, day.day, 10, tzinfo=TIMEZONE))


def days_of(campaign) -> list[datetime.date]:
    """Before the campaign, inside it (every activity state at once), after it."""
    return [campaign.start - datetime.timedelta(days=3), D(2026, 11, 27), campaign.end + datetime.timedelta(days=10)]


STATUS_KEYS = {progress.WAITING: "waiting", progress.RUNNING: "running", progress.ENDED: "ended"}


def test_states_and_ranking_follow_the_faked_date(page, base_url, campaign):
    seen_cells, seen_status = set(), set()
    for day in days_of(campaign):
        at(page, day)
        page.goto(base_url + BASE + "index.html")
        assert page.get_attribute("[data-xl-campaign]", "data-today") == day.isoformat()
        rows = page.locator(".xl-road [data-xl-activity]")
        expected = [STATUS_KEYS[progress.activity_status(a, day)] for a in campaign.activities]
        assert [rows.nth(n).get_attribute("data-state") for n in range(rows.count())] == expected
        assert page.locator(".xl-activities [data-xl-status]").all_inner_texts() == [
            progress.activity_status(a, day) for a in campaign.activities
        ]
        seen_status |= set(expected)
        today = page.locator("[data-xl-today]")
        inside = campaign.start <= day <= campaign.end
        assert today.is_visible() == inside
        if inside:
            assert today.locator("text").text_content() == f"今天 {day.month}/{day.day}"
        for activity in (campaign.activities[0], campaign.activity("zhi-shi-ce-shi")):
            page.goto(base_url + BASE + f"{activity.id}.html")
            states = page.locator(".xl-progress [data-xl-cell]")
            wanted = [progress.cell_state(activity, campaign.record(u, activity.id), day) for u in activity.units]
            assert [states.nth(n).get_attribute("data-state") for n in range(states.count())] == wanted
            assert states.all_inner_texts() == [progress.STATES[s] for s in wanted]
            seen_cells |= set(wanted)
        page.goto(base_url + BASE + "tongbao.html")
        ranking = progress.ranking(campaign, day)
        shown = page.locator("[data-xl-ranking] tbody tr")
        assert [shown.nth(n).get_attribute("data-xl-unit") for n in range(shown.count())] == [s.unit for s in ranking]
        assert page.locator('[data-xl-ranking] [data-f="rank"]').all_inner_texts() == [str(s.rank) for s in ranking]
        assert page.locator('[data-xl-ranking] [data-f="rate"]').all_inner_texts() == [s.rate_label for s in ranking]
        totals = progress.totals(campaign, ranking)
        assert page.locator('[data-xl-totals] [data-f="rate"]').inner_text() == f"{totals.rate}%"
        assert page.locator('[data-xl-totals] [data-f="overdue"]').inner_text() == str(totals.overdue)
        behind = [s.unit for s in ranking if s.overdue or s.late]
        assert page.locator("[data-xl-overdue-list] li strong").all_inner_texts() == behind
        assert page.locator('[data-xl-date="today"]').first.inner_text() == f"{day.year}年{day.month}月{day.day}日"
    assert seen_status == {"waiting", "running", "ended"}
    assert seen_cells == {"done", "late", "waiting", "open", "overdue"}


def test_without_javascript_the_build_day_is_shown(browser, base_url, campaign):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(base_url + BASE + "tongbao.html")
    built = D.fromisoformat(page.get_attribute("[data-xl-campaign]", "data-built"))
    ranking = progress.ranking(campaign, built)
    rows = page.locator("[data-xl-ranking] tbody tr")
    assert [rows.nth(n).get_attribute("data-xl-unit") for n in range(rows.count())] == [s.unit for s in ranking]
    page.goto(base_url + BASE + "index.html")
    rows = page.locator(".xl-road [data-xl-activity]")
    expected = [STATUS_KEYS[progress.activity_status(a, built)] for a in campaign.activities]
    assert [rows.nth(n).get_attribute("data-state") for n in range(rows.count())] == expected
    assert page.locator("[data-xl-campaign-print]").first.is_hidden()  # printing needs JavaScript
    context.close()


@pytest.mark.parametrize("path", ["index.html", "units/cheng-guan-zhen.html", "tongbao.html"])
def test_phone_pages_have_no_horizontal_scroll(page, base_url, path, tmp_path):
    at(page, D(2026, 11, 27))
    page.goto(base_url + BASE + path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    if path == "index.html":
        box = page.locator(".xl-road").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        name = page.locator(".xl-road__name").first.bounding_box()
        assert name["height"] >= 12  # activity names readable on a phone
        link = page.locator(".xl-road a").first
        link.click()
        page.wait_for_url(f"**/{BASE}ji-zhong-xue-xi.html")
    if path.startswith("units/"):
        pictures = page.locator(".xl-evidence img")
        assert pictures.count() >= 5
        pictures.first.scroll_into_view_if_needed()
        page.wait_for_function("document.querySelector('.xl-evidence img').naturalWidth > 0")
        assert "_phone/" in pictures.first.get_attribute("src")


def test_unit_ledger_prints_as_an_a4_ledger(browser, base_url, campaign):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    at(page, D(2026, 11, 27))
    page.goto(base_url + BASE + "units/cheng-guan-zhen.html")
    page.wait_for_load_state("networkidle")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    context.close()
    # The PDF's text layer uses radicals for some characters (⼯ for 工, ⻚ for 页): NFKC and a map; no spaces.
    radicals = str.maketrans({"⻚": "页", "⻛": "风"})
    pages = [
        re.sub(r"\s+", "", unicodedata.normalize("NFKC", p.extract_text()).translate(radicals)) for p in reader.pages
    ]
    entries = campaign.activities_of("城关镇")
    assert len(pages) >= 2 + len(entries)  # cover, contents, one section (at least a page) per activity
    for sheet in reader.pages:
        size = (float(sheet.mediabox.width), float(sheet.mediabox.height))
        assert size == pytest.approx(A4, abs=1.5)  # Chromium rounds to whole pixels
    cover, contents = pages[0], pages[1]
    assert "工作记实台账" in cover and "城关镇" in cover and "廉政建设宣传教育月" in cover
    assert "第1页" not in cover and "目录" in contents and "第2页" in contents
    for n, page_text in enumerate(pages[1:], start=2):
        assert f"第{n}页" in page_text
    # Each activity starts a page, its heading first; the order is that of the unit page.
    numerals = "一二三四五六七八九"
    bodies = [re.sub(r"^第\d+页", "", text) for text in pages]  # the footer comes first in the text layer
    starts = [next((n for n, t in enumerate(bodies) if t.startswith(f"{numerals[i]}、")), None) for i in range(9)]
    assert None not in starts and starts == sorted(starts)
    for text in pages:
        assert "宣教活动›" not in text and "打印台账" not in text  # no navigation on paper
    pictures = sum(len(p.images) for p in reader.pages)
    evidence = sum(len(r.evidence) for r in campaign.records_of("城关镇"))
    assert pictures >= evidence
    assert "填报单位(盖章)" in pages[-1]  # NFKC made the brackets half-width


# --- 测试汇总 of CSVs from the real exam page ------------------------------------------------------

BANK = """\
id: ce-yan
title: 测验题库
draw: 2
pass_score: 60
shuffle_options: false
questions:
  - {id: j1, type: judge, stem: 判断一, answer: 正确}
  - {id: j2, type: judge, stem: 判断二, answer: 错误}
"""
RIGHT = {"判断一": "正确", "判断二": "错误"}
WRONG = {"判断一": "错误", "判断二": "错误"}


@pytest.fixture(scope="module")
def exam_site(tmp_path_factory):
    site = ScratchSite(tmp_path_factory.mktemp("exam"))
    site.write("materials/quizzes/ce-yan.yml", BANK)
    out = site.path / "site"
    assert site.build(out) == 0
    with serve_site(out, prefix="/xuexi/") as base:
        yield site, base


def take_exam(phone, base: str, answers: dict, name: str, branch: str, folder) -> str:
    phone.goto(f"{base}quizzes/ce-yan.html")
    phone.click("[data-mode=exam]")
    for number in range(2):
        phone.wait_for_selector(".xl-q")
        stem = phone.locator(".xl-q-text").inner_text()
        phone.locator("label.xl-opt", has_text=answers[stem]).click()
        if number == 0:
            phone.click("button:text-is('下一题')")
    phone.click("[data-submit-exam]")
    phone.wait_for_selector(".xl-result")
    phone.fill("input[name=name]", name)
    phone.fill("input[name=branch]", branch)
    phone.click("button:text-is('生成成绩单')")
    with phone.expect_download() as download:
        phone.click("[data-csv]")
    path = folder / f"{len(list(folder.iterdir()))}-{download.value.suggested_filename}"
    download.value.save_as(path)
    return str(path)


def test_tally_of_csvs_downloaded_from_the_exam_page(phone, exam_site, tmp_path, capsys):
    site, base = exam_site
    folder = tmp_path / "成绩单"
    folder.mkdir()
    csvs = [
        take_exam(phone, base, RIGHT, "张三", "第一支部", folder),
        take_exam(phone, base, WRONG, "张三", "第一支部", folder),  # a second try, worse
        take_exam(phone, base, RIGHT, "李 四", "第一支部", folder),  # a space the roster does not have
        take_exam(phone, base, WRONG, "王芳", "第二支部", folder),  # two 王芳 in that branch
    ]
    roster = tmp_path / "花名册.csv"
    roster.write_text(
        "姓名,所在支部\n张三,第一支部\n李四,第一支部\n赵五,第一支部\n王芳,第二支部\n王芳,第二支部\n", encoding="utf-8"
    )
    out = tmp_path / "测试汇总.xlsx"
    assert main(["-f", site.config_file, "tally", *csvs, "--roster", str(roster), "--out", str(out)]) == 0
    assert "需核对: 第二支部 王芳：花名册中本支部有 2 人同名" in capsys.readouterr().err
    book = load_workbook(out)
    summary = [list(r) for r in book["汇总"].iter_rows(min_row=4, values_only=True)]
    assert summary == [
        ["第一支部", 3, 2, "67%", 100, 2, "100%"],
        ["第二支部", 2, 1, "50%", 50, 0, "0%"],
        ["合计", 5, 3, "60%", 83.3, 2, "67%"],
    ]
    details = {(r[0], r[1]): r for r in book["成绩明细"].iter_rows(min_row=2, values_only=True)}
    assert details[("张三", "第一支部")][7] == 100 and details[("张三", "第一支部")][9] == 2
    assert details[("张三", "第一支部")][2] == "测验题库" and details[("王芳", "第二支部")][11] == "同名，待核对"
    assert ("李 四", "第一支部") in details
    assert [list(r) for r in book["未参加"].iter_rows(min_row=2, values_only=True)] == [
        ["赵五", "第一支部"],
        ["王芳", "第二支部"],
    ]
