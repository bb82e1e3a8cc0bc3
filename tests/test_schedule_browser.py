"""学习安排 in real headless Chromium at 390×844 and 1280×720: the home card by a faked date,
the projector by key and tap, QR codes decoded from the screen, and A4 handouts printed to PDF."""

from __future__ import annotations

import datetime
import io
import unicodedata
from pathlib import Path

import pytest
import zxingcpp
from browser import PHONE, PHONE_DEVICE, logged_page, serve_site
from PIL import Image
from pypdf import PdfReader
from support import ROOT

from scripts.build import build
from scripts.project import load_mkdocs_config, plugin_options
from scripts.registry import validate_site
from scripts.schedule.feature import ScheduleFeature
from scripts.schedule.select import TIMEZONE, label, month_is_past, recent, upcoming

pytestmark = pytest.mark.browser

SITE_URL = "http://10.8.0.1/xuexi/"
UNIT = "units/xue-cha-gai-zuo.html"
VIEWPORTS = {"phone": PHONE, "desktop": {"width": 1280, "height": 720}}
A4 = (595.28, 841.89)  # 210 × 297 mm in points (Chromium rounds to whole pixels)
NAVIGATION = ("使用说明", "编写指南", "上一篇", "下一篇", "全部标签")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The sample, built with a site_url so that pages carry QR codes."""
    out = tmp_path_factory.mktemp("schedule") / "site"
    assert build(str(ROOT / "mkdocs.yml"), site_dir=str(out), site_url=SITE_URL) == 0
    return out


@pytest.fixture(scope="module")
def base_url(site):
    with serve_site(site, prefix="/xuexi/") as url:
        yield url


@pytest.fixture(scope="module")
def plan():
    config = load_mkdocs_config(str(ROOT / "mkdocs.yml"))
    _, features = validate_site(plugin_options(config), ROOT, ROOT / "docs", include_drafts=False)
    return next(feature for feature in features if isinstance(feature, ScheduleFeature)).plan


@pytest.fixture(params=list(VIEWPORTS))
def page(browser, request):
    phone = request.param == "phone"
    context = browser.new_context(
        viewport=VIEWPORTS[request.param],
        device_scale_factor=2 if phone else 1,
        is_mobile=phone,
        has_touch=phone,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    page = logged_page(context)
    page.kind = request.param
    yield page
    assert page.requests.external() == []
    assert page.requests.failed == []
    context.close()


def at(page, day: datetime.date) -> None:
    """Make the page believe it is 10:00 in Beijing on `day`."""
    page.clock.set_fixed_time(datetime.datetime(day.year, day.month, day.day, 10, tzinfo=TIMEZONE))


# --- 本周学习 ---------------------------------------------------------------------------


def _cases(plan):
    sessions = plan.sessions
    middle = sessions[len(sessions) // 2].date
    return [
        middle - datetime.timedelta(days=3),  # the Monday before: 本周学习
        sessions[-3].date,  # the day itself: 今天学习
        sessions[0].date - datetime.timedelta(days=20),  # weeks before: 下次学习 (two branches that day)
        sessions[-1].date + datetime.timedelta(days=1),  # the day after the last session: none
    ]


def test_home_card_follows_the_faked_date(page, base_url, plan):
    seen = set()
    for day in _cases(plan):
        at(page, day)
        page.goto(base_url + "index.html")
        card = page.locator("[data-xl-session-card]")
        assert card.get_attribute("data-today") == day.isoformat()
        expected = upcoming(plan.sessions, day)
        links = card.locator("[data-xl-session-body] .xl-session-card__topic")
        assert links.all_inner_texts() == [s.topic for s in expected]
        heading = card.locator("[data-xl-session-label]").inner_text()
        if expected:
            assert heading == label(expected[0].date, day)
            first = card.locator(".xl-session-card__link").first
            first.click()
            page.wait_for_url(f"**/schedule/{expected[0].slug}.html")
            assert page.locator("article h1").inner_text() == expected[0].topic
        else:
            assert heading == "学习安排"
            assert card.locator(".xl-session-card__none").inner_text() == "近期没有学习安排。"
        seen.add(heading)
    assert seen == {"本周学习", "今天学习", "下次学习", "学习安排"}


def test_listing_marks_past_and_next_by_the_faked_date(page, base_url, plan):
    day = _cases(plan)[0]
    at(page, day)
    page.goto(base_url + "schedule/index.html")
    past = page.locator("li.xl-session--past")
    nexts = page.locator("li.xl-session--next")
    assert past.count() == sum(1 for s in plan.sessions if s.date < day)
    assert [n.get_attribute("data-date") for n in nexts.all()] == [
        s.date.isoformat() for s in upcoming(plan.sessions, day)
    ]
    assert nexts.first.locator("[data-xl-badge]").inner_text() == "本周学习"
    assert past.first.locator("[data-xl-badge]").text_content() == "已结束"  # in a folded month


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(**PHONE_DEVICE, timezone_id="Asia/Shanghai")
    page = logged_page(context)
    yield page
    assert page.requests.external() == [] and page.requests.failed == []
    context.close()


def _in_view(page, locator) -> bool:
    """Wholly on screen, below the header."""
    box = locator.bounding_box()
    header = page.locator(".md-header").bounding_box()
    return (
        box is not None
        and box["y"] >= header["y"] + header["height"] - 1
        and box["y"] + box["height"] <= PHONE["height"]
    )


def test_schedule_opens_at_the_next_session(phone_page, base_url, plan, tmp_path):
    """On the Friday after a session in late autumn: the months that are over are folded and the
    page opens at the next session; 跳到下次学习 goes there again."""
    page = phone_page
    friday = next(s.date for s in plan.sessions if s.date.month == 11 and s.date.day > 20) + datetime.timedelta(days=1)
    at(page, friday)
    page.goto(base_url + "schedule/index.html")
    expected = upcoming(plan.sessions, friday)
    first = page.locator(f"li#s-{expected[0].slug}")
    assert "xl-session--next" in first.get_attribute("class")
    assert _in_view(page, first), "the next session is on screen when the page opens"
    page.screenshot(path=str(tmp_path / "schedule-opened.png"))
    months = plan.by_month()
    folded = [key for key, _, sessions in months if month_is_past(key, sessions, friday)]
    assert len(folded) >= 3  # September to November are over
    for key, _, _ in months:
        month = page.locator(f"details[data-month='{key[0]:04d}-{key[1]:02d}']")
        assert month.evaluate("node => node.open") == (key not in folded), key
    past = next(s for s in plan.sessions if s.date < friday)
    assert page.locator(f"li#s-{past.slug}").is_hidden()
    # The title is not repeated: the year's statement is a folded note, not a second heading.
    assert page.locator("h1").inner_text() == plan.title
    assert page.get_by_role("heading", name="年度学习安排", exact=True).count() == 0
    # 跳到下次学习 from the top, and a folded month still opens by a tap.
    page.evaluate("window.scrollTo(0, 0)")
    assert not _in_view(page, first)
    page.locator("[data-xl-jump]").click()
    assert page.evaluate("location.hash") == f"#s-{expected[0].slug}"
    assert _in_view(page, first)
    page.locator("details[data-month] > summary").first.click()
    assert page.locator(f"li#s-{plan.sessions[0].slug}").is_visible()


def test_home_shows_the_last_session_for_a_few_days(phone_page, base_url, plan):
    page = phone_page
    session = next(s for s in plan.sessions if s.date.month == 11 and s.date.day > 20)
    shown = []
    for days in range(0, 6):
        day = session.date + datetime.timedelta(days=days)
        at(page, day)
        page.goto(base_url + "index.html")
        box = page.locator("[data-xl-session-recent]")
        topics = box.locator(".xl-session-card__topic").all_inner_texts() if box.is_visible() else []
        assert topics == [s.topic for s in recent(plan.sessions, day)]
        shown.append(bool(topics))
        if topics:
            box.locator(".xl-session-card__link").first.click()
            page.wait_for_url(f"**/schedule/{session.slug}.html")
    assert shown == [False, True, True, True, False, False]  # Thursday itself, then Friday to Sunday


# --- 放映模式 ---------------------------------------------------------------------------


def _tap(page, right: bool) -> None:
    stage = page.locator(".xl-projector__stage")
    box = stage.bounding_box()
    point = {"x": box["width"] * (0.85 if right else 0.1), "y": box["height"] - 12}
    if page.kind == "phone":
        stage.tap(position=point)
    else:
        stage.click(position=point)


def _slide(page) -> tuple[str, str]:
    return page.locator(".xl-projector__count").inner_text(), page.locator(
        ".xl-slide:not([hidden]) :is(h1, h2)"
    ).first.inner_text()


@pytest.mark.parametrize("path", [UNIT, "schedule/2026-12-03.html"])
def test_projector_moves_by_key_and_tap(page, base_url, path):
    page.goto(base_url + path)
    title = page.locator("article h1").inner_text()
    headings = page.locator("article h2").all_inner_texts()
    assert len(headings) >= 3
    page.locator("[data-xl-projector]").click()
    page.wait_for_selector(".xl-slide")  # projector.js is fetched at the first tap
    projector = page.locator(".xl-projector")
    assert projector.is_visible()
    total = int(page.locator(".xl-projector__count").inner_text().split(" / ")[1])
    assert page.locator(".xl-slide:not([hidden]) h1").inner_text() == title
    font = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.xl-slide:not([hidden]) h1')).fontSize)")
    assert font >= 32
    # Every slide once with →: the sections in order, a long one continued on slides marked 续.
    slides = [_slide(page)]
    for _ in range(total - 1):
        page.keyboard.press("ArrowRight")
        slides.append(_slide(page))
    assert [count for count, _ in slides] == [f"{n} / {total}" for n in range(1, total + 1)]
    shown = [heading.removesuffix("（续）") for _, heading in slides]
    assert [h for n, h in enumerate(shown) if not n or shown[n - 1] != h] == [title, *headings]
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    assert _slide(page) == slides[1]
    page.keyboard.press("Space")
    assert _slide(page) == slides[2]
    page.keyboard.press("ArrowLeft")
    assert _slide(page) == slides[1]
    _tap(page, right=True)
    assert _slide(page) == slides[2]
    _tap(page, right=True)
    assert _slide(page) == slides[3]
    _tap(page, right=False)
    assert _slide(page) == slides[2]
    page.keyboard.press("End")
    assert _slide(page) == slides[-1]
    page.keyboard.press("ArrowRight")  # stays on the last slide
    assert page.locator(".xl-projector__count").inner_text() == f"{total} / {total}"
    page.keyboard.press("Escape")
    assert projector.count() == 0
    assert page.locator("article h1").is_visible()


# --- QR codes ---------------------------------------------------------------------------


def decode(png: bytes) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))]


def test_qr_codes_decode_to_the_page_url(page, base_url):
    for path in (UNIT, "schedule/2026-12-03.html"):
        page.goto(base_url + path)
        assert page.locator("[data-xl-qr]").is_hidden()
        page.locator(".xl-qr > summary").click()
        code = page.locator("[data-xl-qr] svg")
        assert code.is_visible()
        assert decode(code.screenshot()) == [SITE_URL + path]
        assert page.locator("[data-xl-qr] .xl-qr__url").inner_text() == SITE_URL + path
    # Large in projector mode: on the title slide, more than half the screen's shorter side.
    page.locator("[data-xl-projector]").click()
    page.wait_for_selector(".xl-slide")  # projector.js is fetched at the first tap
    big = page.locator(".xl-slide:not([hidden]) .xl-slide__qr svg")
    assert big.bounding_box()["height"] >= 0.55 * min(page.viewport_size.values())
    assert decode(big.screenshot()) == [SITE_URL + "schedule/2026-12-03.html"]


# --- print ------------------------------------------------------------------------------


def pdf_of(page, url: str) -> PdfReader:
    page.goto(url)
    return PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))


def _text(reader: PdfReader) -> str:
    # Chromium's CJK fonts map some glyphs to Kangxi radicals (⼼ for 心): NFKC folds them back.
    text = "".join(p.extract_text() for p in reader.pages)
    return _norm(text).replace(" ", "").replace("\n", "")


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def test_handouts_print_on_a4_without_navigation(browser, base_url, plan):
    busiest = max(plan.sessions, key=lambda s: (len(s.units) + len(s.cases) + bool(s.quiz), s.date))
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="zh-CN")
    page = logged_page(context)
    unit = pdf_of(page, base_url + UNIT)
    signin = pdf_of(page, base_url + "schedule/2026-12-03-qiandao.html")
    record = pdf_of(page, base_url + "schedule/2026-12-03-jilu.html")
    busy_record = pdf_of(page, base_url + f"schedule/{busiest.slug}-jilu.html")
    packet = pdf_of(page, base_url + "schedule/2026-12-03-cailiao.html")
    for reader in (unit, signin, record, packet):
        for sheet in reader.pages:
            size = (float(sheet.mediabox.width), float(sheet.mediabox.height))
            assert size == pytest.approx(A4, abs=1.5), f"{size} is not A4"
        text = _text(reader)
        assert not [word for word in NAVIGATION if word in text]
        assert "党员学习教育园地" not in text.replace("党员学习教育园地·签到表", "").replace(
            "党员学习教育园地·学习记录", ""
        )
    assert len(signin.pages) == 1 and len(record.pages) == 1 and len(busy_record.pages) == 1
    assert 1 <= len(unit.pages) <= 4
    unit_text = _text(unit)
    assert _norm("学查改做：把初心使命落到日常") in unit_text and "研讨题" in unit_text
    assert (SITE_URL + UNIT) in unit_text  # the address in the footer
    assert "放映" not in unit_text and "二维码" not in unit_text
    assert all(word in _text(signin) for word in ("签到表", "如实报告个人有关事项", "姓名", "支部", "签名", "李委员"))
    assert all(word in _text(record) for word in ("学习记录", "实到人数", "研讨交流情况", "李委员"))
    assert len(packet.pages) >= 3 and _norm("学习材料：如实报告个人有关事项") in _text(packet)
    assert page.requests.external() == []
    context.close()


def test_card_listing_and_projector_work_from_file_urls(browser, site, plan):
    """Opened from a USB stick: classic scripts and a .js data file, no fetch()."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"], timezone_id="Asia/Shanghai")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    day = _cases(plan)[1]
    at(page, day)
    page.goto((site / "index.html").as_uri())
    assert page.locator("[data-xl-session-label]").inner_text() == "今天学习"
    page.goto((site / "schedule" / "index.html").as_uri())
    assert page.locator("li.xl-session--next").first.get_attribute("data-date") == day.isoformat()
    page.goto((site / "units" / "xue-cha-gai-zuo.html").as_uri())
    page.locator("[data-xl-projector]").click()
    page.wait_for_selector(".xl-slide")  # projector.js is fetched at the first tap
    page.keyboard.press("ArrowRight")
    assert page.locator(".xl-projector__count").inner_text().startswith("2 / ")
    assert errors == []
    context.close()
