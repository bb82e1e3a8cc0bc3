"""放映模式 at 1280×720 and 1024×768: every slide of every case, unit and session fits the stage,
keeps its heading on screen, and stepping through the slides shows every text of the article."""

from __future__ import annotations

import re

import pytest
from browser import RequestLog, serve_site
from support import ScratchSite

pytestmark = pytest.mark.browser

SCREENS = {"1280x720": {"width": 1280, "height": 720}, "1024x768": {"width": 1024, "height": 768}}
MIN_FONT_PX = 18  # the smallest text on a slide (the address under the QR code); body text is 26 px and up

# What a member reads on the page: visible text of the article, without the page's own tools and
# what the page marks as no slide (a session's calendar and organiser sheets).
SOURCE = r"""
() => {
  const skip = "nav, .xl-tools, .xl-no-slide, .xl-tags, .xl-neighbours, .xl-print-footer, script, style";
  const article = document.querySelector("article");
  const texts = [];
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!node.data.trim() || parent.closest(skip) || !parent.checkVisibility({visibilityProperty: true})) continue;
    texts.push(node.data);
  }
  const headings = [...article.querySelectorAll("h1, h2")]
    .filter((h) => !h.closest(skip)).map((h) => h.textContent.trim());
  return {texts, headings};
}
"""

# Every slide in turn, moved on by the clicker's PageDown: texts wholly inside the stage, anything
# that is not, the slide's heading and its smallest text.
SLIDES = r"""
async () => {
  document.querySelector("[data-xl-projector]").click();
  for (let wait = 0; wait < 500 && !document.querySelector(".xl-slide"); wait++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const report = () => {
    const stage = document.querySelector(".xl-projector__stage").getBoundingClientRect();
    const view = {left: 0, top: 0, right: innerWidth, bottom: innerHeight};
    const slides = [...document.querySelectorAll(".xl-slide")].filter((s) => s.checkVisibility());
    const slide = slides[0];
    const inside = (r) => (r.width === 0 && r.height === 0) || (
      r.left >= Math.max(stage.left, view.left) - 1 && r.right <= Math.min(stage.right, view.right) + 1 &&
      r.top >= Math.max(stage.top, view.top) - 1 && r.bottom <= Math.min(stage.bottom, view.bottom) + 1);
    const texts = [], outside = [];
    let smallest = 1000;
    const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (!node.data.trim() || !node.parentElement.checkVisibility({visibilityProperty: true})) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const rects = [...range.getClientRects()];
      if (rects.length && rects.every(inside)) texts.push(node.data);
      else outside.push(node.data);
      smallest = Math.min(smallest, parseFloat(getComputedStyle(node.parentElement).fontSize));
    }
    for (const element of slide.querySelectorAll("*")) {
      if (element.checkVisibility() && !inside(element.getBoundingClientRect())) outside.push("<" + element.tagName + ">");
    }
    const heading = slide.querySelector("h1, h2");
    return {
      visible: slides.length,
      count: document.querySelector(".xl-projector__count").textContent,
      heading: heading ? heading.textContent.trim() : null,
      headingInside: !!heading && inside(heading.getBoundingClientRect()),
      texts, outside, smallest,
    };
  };
  const total = Number(document.querySelector(".xl-projector__count").textContent.split("/")[1]);
  const reports = [];
  for (let n = 0; n < total; n++) {
    reports.push(report());
    document.dispatchEvent(new KeyboardEvent("keydown", {key: "PageDown", bubbles: true}));
  }
  document.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true}));
  return reports;
}
"""

CUT = re.compile(r"[。！？；!?;…，、,：:]+")


def pieces(text: str) -> list[str]:
    """A text cut where the projector may cut a long paragraph, without white space."""
    return [piece for piece in (re.sub(r"\s+", "", part) for part in CUT.split(text)) if piece]


def projected_pages(site) -> list[str]:
    cases = [p for p in sorted(site.glob("cases/*.html")) if p.name != "index.html"]
    units = [p for p in sorted(site.glob("units/*.html")) if p.name != "index.html"]
    sessions = [
        p
        for p in sorted(site.glob("schedule/*.html"))
        if p.name != "index.html" and not re.search(r"-(qiandao|jilu|cailiao)\.html$", p.name)
    ]
    assert len(cases) >= 9 and len(units) >= 9 and len(sessions) >= 40
    return [p.relative_to(site).as_posix() for p in cases + units + sessions]


def check_projection(page, url: str, source: dict) -> int:
    """Open the projector, step to the last slide with PageDown (a clicker), check every slide."""
    reports = page.evaluate(SLIDES)
    total = len(reports)
    assert [r["count"] for r in reports] == [f"{n} / {total}" for n in range(1, total + 1)], "one slide a press"
    headings = []
    for number, report in enumerate(reports, 1):
        where = f"{url} slide {number}"
        assert report["visible"] == 1, where
        assert report["heading"] and report["headingInside"], f"{where}: no heading on screen"
        assert report["outside"] == [], f"{where}: not on screen: {report['outside'][:5]}"
        assert report["smallest"] >= MIN_FONT_PX, f"{where}: {report['smallest']} px text"
        heading = report["heading"].removesuffix("（续）")
        if not headings or headings[-1] != heading:
            headings.append(heading)
        else:
            assert report["heading"].endswith("（续）"), f"{where}: a continued slide is marked 续"
    assert headings == source["headings"], url
    shown = re.sub(r"\s+", "", "".join(text for report in reports for text in report["texts"]))
    missing = [piece for text in source["texts"] for piece in pieces(text) if piece not in shown]
    assert missing == [], f"{url}: never shown: {missing[:5]}"
    return total


def test_every_slide_fits_and_shows_everything(browser, sample_site):
    """Both projector sizes on one page load each (the projector lays out again when resized)."""
    context = browser.new_context(viewport=SCREENS["1280x720"], locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.requests = RequestLog(page)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    slides = {screen: 0 for screen in SCREENS}
    with serve_site(sample_site, prefix="/xuexi/") as base:
        pages = projected_pages(sample_site)
        for rel in pages:
            page.goto(base + rel)
            source = page.evaluate(SOURCE)
            for screen, size in SCREENS.items():
                page.set_viewport_size(size)
                slides[screen] += check_projection(page, f"{rel} at {screen}", source)
    # Long sections really are continued on 续页 slides at these sizes (not merely scrolled).
    assert all(count > len(pages) * 3 for count in slides.values()), slides
    assert errors == [] and page.requests.external() == []
    context.close()


# --- a scratch unit made to overflow: a long list, a long table, long paragraphs ----------------

LONG = """\
## 长列表

{items}

## 长表格

| 序号 | 事项 |
| --- | --- |
{rows}

## 长段落

{paragraph}

## 不可分的一段

{blob}

## 结束

最后一节。
"""


@pytest.fixture(scope="module")
def long_site(tmp_path_factory):
    site = ScratchSite(tmp_path_factory.mktemp("projector"))
    body = LONG.format(
        items="\n".join(f"{n}. 第{n}条：严守政治纪律和政治规矩，做到令行禁止。" for n in range(1, 31)),
        rows="\n".join(f"| {n} | 第{n}项整改事项 |" for n in range(1, 41)),
        paragraph="".join(f"第{n}句话讲学习教育要落到实处，不能搞形式走过场。" for n in range(1, 41)),
        blob="廉" * 1500,
    )
    site.unit("chang", title="放映分页的长单元", body=body)
    out = site.path / "site"
    assert site.build(out) == 0
    with serve_site(out, prefix="/xuexi/") as base:
        yield base


@pytest.fixture(params=list(SCREENS))
def screen(browser, request):
    context = browser.new_context(viewport=SCREENS[request.param], locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def _state(page) -> dict:
    return page.evaluate(
        """() => {
          const slide = [...document.querySelectorAll(".xl-slide")].find((s) => !s.hidden);
          return {count: document.querySelector(".xl-projector__count").textContent,
                  heading: slide.querySelector("h1, h2").textContent,
                  top: slide.scrollTop, scrolls: slide.scrollHeight > slide.clientHeight + 1,
                  starts: [...slide.querySelectorAll("ol")].map((ol) => ol.start),
                  items: [...slide.querySelectorAll("ol > li")].length,
                  header: slide.querySelectorAll("thead th").length,
                  rows: [...slide.querySelectorAll("tbody tr td:first-child")].map((td) => td.textContent)}
        }"""
    )


def test_long_sections_continue_on_marked_slides(screen, long_site):
    page = screen
    page.goto(long_site + "units/chang.html")
    page.locator("[data-xl-projector]").click()
    page.wait_for_selector(".xl-slide")  # opens once the QR encoder has loaded
    seen = []
    for _ in range(80):
        state = _state(page)
        seen.append(state)
        if state["count"].split(" / ")[0] == state["count"].split(" / ")[1] and not state["scrolls"]:
            break
        page.keyboard.press("ArrowRight")
    by_heading = {}
    for state in seen:
        by_heading.setdefault(state["heading"].removesuffix("（续）"), []).append(state)
    # The list: several slides, numbering carried on, every item once.
    lists = by_heading["长列表"]
    assert len(lists) >= 2 and all(s["heading"].endswith("（续）") for s in lists[1:])
    starts = [s["starts"][0] for s in lists]
    assert starts[0] == 1 and all(b == a + s["items"] for a, b, s in zip(starts, starts[1:], lists, strict=False))
    assert sum(s["items"] for s in lists) == 30
    # The table: its header row on every slide, every row once and in order.
    tables = by_heading["长表格"]
    assert len(tables) >= 2 and all(s["header"] == 2 for s in tables)
    assert [row for s in tables for row in s["rows"]] == [str(n) for n in range(1, 41)]
    # A long paragraph is cut between sentences: no slide scrolls.
    assert len(by_heading["长段落"]) >= 2 and not any(s["scrolls"] for s in by_heading["长段落"])
    # A piece that cannot be cut: → scrolls it before the next slide, and the heading stays.
    blob = by_heading["不可分的一段"]
    assert len({s["count"] for s in blob}) == 1 and blob[0]["scrolls"]
    assert [s["top"] for s in blob] == sorted({s["top"] for s in blob}) and len(blob) >= 2
    heading = page.locator(".xl-slide:not([hidden]) h2")
    assert "结束" in seen[-1]["heading"]
    page.keyboard.press("PageUp")  # back to the long piece
    assert "不可分的一段" in heading.inner_text() and heading.is_visible()
    box = heading.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


def test_clicker_keys_match_arrow_keys(screen, long_site):
    page = screen
    page.goto(long_site + "units/chang.html")
    page.locator("[data-xl-projector]").click()
    page.wait_for_selector(".xl-slide")  # opens once the QR encoder has loaded
    by_arrow, by_clicker = [], []
    for key, log in (("ArrowRight", by_arrow), ("PageDown", by_clicker)):
        page.keyboard.press("Home")
        for _ in range(6):
            page.keyboard.press(key)
            log.append(_state(page)["count"])
    assert by_arrow == by_clicker and len(set(by_arrow)) == 6
    page.keyboard.press("PageUp")
    assert _state(page)["count"] == by_clicker[-2]
