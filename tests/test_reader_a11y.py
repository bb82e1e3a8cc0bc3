"""Readable for every member, on every page type of the sample site, at 390×844:

- axe-core (the copy pinned in axe-playwright-python) finds no WCAG 2.1 A/AA violation of impact serious or
  critical, in light and dark mode, at the smallest and the largest 字号;
- at the largest 字号 no visible text is smaller than 18 px;
- at every 字号 step nothing sticks out to the right (no horizontal scrolling);
- every button, chip and link that is not a word inside running text is at least 44 × 44 px.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.base import AXE_SCRIPT  # axe-core 4.12.1, pinned with the package
from browser import PHONE, serve_site

pytestmark = pytest.mark.browser

BANK = "quizzes/san-hui-yi-ke-ying-zhi-ying-hui.html"
SMALLEST, DEFAULT, LARGEST = 0, 1, 4
FLOOR_PX = 18  # the smallest text allowed at the largest 字号
ROOT_PX = {0: 18, 1: 20, 2: 22.4, 3: 25, 4: 28}  # html font size per step (Material's 20 px at the default)
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def _answer(page):
    """Answer the question on screen (drawn at random): the last option, or a wrong word in a blank."""
    blank = page.locator(".xl-blank input")
    if blank.count():
        blank.first.fill("不知道")
    else:
        page.locator("label.xl-opt").last.click()


def _practice_answered(page, base):
    """Practice mode with the first question answered (feedback shown)."""
    page.click("[data-mode=practice]")
    page.wait_for_selector(".xl-q")
    _answer(page)
    page.click("[data-submit]")
    page.wait_for_selector(".xl-feedback")


def _exam(page, base):
    page.click("[data-mode=exam]")
    page.wait_for_selector(".xl-q")


def _result(page, base):
    _exam(page, base)
    _answer(page)
    page.click("[data-submit-exam]")
    page.locator(".xl-confirm button").first.click()
    page.wait_for_selector(".xl-result")


def _report(page, base):
    _result(page, base)
    page.fill("input[name=name]", "张三")
    page.fill("input[name=branch]", "机关第一支部")
    page.click(".xl-report-form [type=submit]")
    page.wait_for_selector(".xl-report")


def _wrong_book(page, base):
    _practice_answered(page, base)
    page.goto(base + "quizzes/wrong.html")
    page.wait_for_selector(".xl-quiz-app :is(li, p)")


def _search(page, base):
    page.wait_for_selector(".xl-search__results li .xl-search__snippet mark")


def _projector(page, base):
    page.click("[data-xl-projector]")
    page.wait_for_selector(".xl-projector")


# page type → (address, what a member does there before we look)
PAGES = {
    "home": ("index.html", None),
    "units": ("units/index.html", None),
    "cases": ("cases/index.html", None),
    "cases-category": ("cases/category/lian-jie-ji-lv/index.html", None),
    "culture": ("culture/index.html", None),
    "unit": ("units/dang-zhang-dang-gui.html", None),
    "case": ("cases/zhang-mou-shou-li-jin.html", None),
    "culture-item": ("culture/jian-zhi-mei-xiang-lian-yun.html", None),
    "tags": ("tags/index.html", None),
    "tag": ("tags/ba-xiang-gui-ding/index.html", None),
    "search": ("search.html?q=廉洁", _search),
    "quizzes": ("quizzes/index.html", None),
    "quiz-start": (BANK, None),
    "quiz-practice": (BANK, _practice_answered),
    "quiz-exam": (BANK, _exam),
    "quiz-result": (BANK, _result),
    "quiz-report": (BANK, _report),
    "wrong-book": (BANK, _wrong_book),
    "quiz-paper": (BANK.replace(".html", "/paper.html"), None),
    "quiz-answers": (BANK.replace(".html", "/answers.html"), None),
    "schedule": ("schedule/index.html", None),
    "session": ("schedule/2026-09-03.html", None),
    "signin-sheet": ("schedule/2026-09-03-qiandao.html", None),
    "record-sheet": ("schedule/2026-09-03-jilu.html", None),
    "packet": ("schedule/2026-09-03-cailiao.html", None),
    "campaigns": ("campaigns/index.html", None),
    "projector": ("units/dang-zhang-dang-gui.html", _projector),
    "help": ("使用说明.html", None),
    "campaign": ("campaigns/xuan-jiao-yue-2026/index.html", None),
    "campaign-activity": ("campaigns/xuan-jiao-yue-2026/zhi-shi-ce-shi.html", None),
    "campaign-unit": ("campaigns/xuan-jiao-yue-2026/units/cheng-guan-zhen.html", None),
    "campaign-report": ("campaigns/xuan-jiao-yue-2026/tongbao.html", None),
}


@pytest.fixture(scope="module")
def base(sample_site):
    with serve_site(sample_site, prefix="/xuexi/") as url:
        yield url


def visit(page, base, name):
    """The page (a new phone for each test: the member's storage starts empty) showing that page type."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    path, action = PAGES[name]
    page.goto(base + path)
    if action:
        action(page, base)
    # Switching scheme or size below must show its final colours at once, not a 125 ms colour transition.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    assert errors == [], errors
    return page


def show(page, scheme: str, level: int):
    """Switch the page to a colour scheme and a 字号 step, as the header's toggle and A−/A+ do."""
    page.evaluate(
        """([scheme, level]) => {
          document.body.setAttribute("data-md-color-scheme", scheme);
          document.documentElement.setAttribute("data-xl-font", String(level));
        }""",
        ["slate" if scheme == "dark" else "default", level],
    )
    root = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert root == pytest.approx(ROOT_PX[level], abs=0.1), f"字号 step {level} not applied"


def _serious(page) -> list[str]:
    # axe-core is injected once per page, then run as often as the page is switched.
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    # With the projector open, only the projector is on screen.
    context = ".xl-projector" if page.locator(".xl-projector").count() else "html"
    response = page.evaluate("([context, options]) => axe.run(context, options)", [context, AXE_OPTIONS])
    return [
        f"{v['id']} ({v['impact']}): {v['help']} → "
        + "; ".join(f"{' '.join(n['target'])} {n.get('failureSummary', '')[:160]!r}" for n in v["nodes"][:4])
        for v in response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


SMALL_TEXT = """floor => {
  const small = [];
  let seen = 0;
  // With the projector open, only the projector is on screen.
  const walker = document.createTreeWalker(document.querySelector(".xl-projector") || document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode()); ) {
    if (!node.textContent.trim()) continue;
    const element = node.parentElement;
    if (!element || element.closest("script, style, noscript, template, svg")) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    if (![...range.getClientRects()].some(r => r.width > 1 && r.height > 1)) continue;
    let hidden = false;
    for (let e = element; e && !hidden; e = e.parentElement) {
      const s = getComputedStyle(e);
      hidden = s.visibility !== "visible" || s.opacity === "0" || s.clipPath === "inset(50%)"
        || (s.clip.startsWith("rect(0") || (s.overflow === "hidden" && e.clientWidth <= 1));
    }
    if (hidden) continue;
    seen += 1;
    const size = parseFloat(getComputedStyle(element).fontSize);
    if (size < floor) {
      const where = element.tagName.toLowerCase() + (element.className ? "." + String(element.className).split(" ")[0] : "");
      small.push(`${size.toFixed(1)} px ${where}: ${node.textContent.trim().slice(0, 24)}`);
    }
  }
  return {seen, small};
}"""


OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const e of document.body.querySelectorAll("*")) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1) continue;
    // Off-canvas drawers, and content inside its own scroll box (a wide table), do not scroll the page.
    if (e.closest(".md-sidebar, .md-search, .md-tooltip, .md-top")) continue;
    let boxed = false;
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(p).overflowX)) { boxed = true; break; }
    }
    if (!boxed) out.push(e.tagName.toLowerCase() + "." + String(e.className).split(" ")[0] + " right=" + Math.round(r.right));
  }
  return {scroll: document.documentElement.scrollWidth - width, out: out.slice(0, 6)};
}"""


SMALL_TARGETS = """min => {
  const controls = "a[href], button, summary, select, input:not([type=hidden]):not([type=radio]):not([type=checkbox]), label.xl-opt";
  const blocks = ["block", "list-item", "table-cell", "flex", "grid", "flow-root"];
  const small = [];
  for (const e of (document.querySelector(".xl-projector") || document).querySelectorAll(controls)) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || e.closest(".md-skip, [hidden], .xl-print-footer")) continue;
    const s = getComputedStyle(e);
    if (s.visibility !== "visible" || s.opacity === "0") continue;
    if (e.tagName === "A" && s.display === "inline") {
      // A link inside running text is exempt (WCAG 2.5.5): its block has words outside the link.
      let block = e.parentElement;
      while (block && !blocks.includes(getComputedStyle(block).display)) block = block.parentElement;
      // Other controls, and what is hidden, are not running text.
      const text = [...block.childNodes].filter(n => n !== e && !(n.nodeType === 1 && n.matches("a, button, [hidden]"))).map(n => n.textContent).join("").trim();
      if (text) continue;
    }
    if (r.height < min - 0.5 || r.width < min - 0.5) {
      small.push(`${Math.round(r.width)}×${Math.round(r.height)} ${e.tagName.toLowerCase()}.${String(e.className).split(" ")[0]}: ${(e.textContent || e.getAttribute("aria-label") || "").trim().slice(0, 20)}`);
    }
  }
  return small;
}"""


@pytest.mark.parametrize("name", PAGES)
def test_page_type_is_readable(phone, base, name):
    """One visit per page type; every check at the sizes and schemes it is about."""
    page = visit(phone, base, name)
    problems = []
    for scheme in ("light", "dark"):
        for level in (SMALLEST, LARGEST):
            show(page, scheme, level)
            problems += [f"axe, {scheme}, 字号 {level}: {p}" for p in _serious(page)]
    show(page, "light", LARGEST)
    text = page.evaluate(SMALL_TEXT, FLOOR_PX)
    assert text["seen"] >= 10  # the walk saw the page's text, including the header and the drawer
    problems += [f"under {FLOOR_PX} px at 字号 {LARGEST}: {p}" for p in text["small"]]
    for level in range(5):
        show(page, "light", level)
        found = page.evaluate(OVERFLOW)
        if found["scroll"] > 0 or found["out"]:
            problems.append(f"sticks out at 字号 {level}: {found}")
        if level in (SMALLEST, DEFAULT):
            problems += [f"under 44 px at 字号 {level}: {p}" for p in page.evaluate(SMALL_TARGETS, 44)]
    assert problems == []


HEADER = """() => {
  const name = document.querySelector(".md-header__topic:first-child .md-ellipsis");
  const box = name.getBoundingClientRect();
  const buttons = [...document.querySelectorAll(".md-header__inner > .md-header__button, .md-header__option > .md-header__button:not([hidden]), .xl-fontsize__button, .xl-search-link")]
    .map(b => b.getBoundingClientRect()).filter(r => r.width > 0);
  const overlap = buttons.filter(r => r.left < box.right && r.right > box.left && r.top < box.bottom && r.bottom > box.top);
  return {cut: name.scrollWidth > name.clientWidth + 1, text: name.textContent.trim(), overlap: overlap.length,
          right: Math.max(...buttons.map(r => r.right)), buttons: buttons.length,
          small: buttons.filter(r => r.width < 44 || r.height < 44).length};
}"""


def test_header_shows_the_whole_site_name_at_every_size(phone, base):
    page = visit(phone, base, "unit")
    for level in range(5):
        show(page, "light", level)
        header = page.evaluate(HEADER)
        assert header["text"] == "党员学习教育园地"
        assert not header["cut"] and header["overlap"] == 0, (level, header)
        assert header["buttons"] >= 5 and header["small"] == 0 and header["right"] <= PHONE["width"], (level, header)


def test_tool_pills_line_up_at_the_largest_size(phone, base):
    page = visit(phone, base, "unit")
    show(page, "light", LARGEST)
    tops = page.evaluate(
        "[...document.querySelectorAll('.xl-tools > button.xl-tool:not([hidden]), .xl-qr > summary')]"
        ".map(e => Math.round(e.getBoundingClientRect().top))"
    )
    assert len(tops) == 3 and max(tops) - min(tops) <= 1, tops


def test_links_are_underlined_and_focus_is_visible(phone, base):
    page = visit(phone, base, "unit")
    link = page.locator(".xl-body a").first
    assert page.evaluate("e => getComputedStyle(e).textDecorationLine", link.element_handle()) == "underline"
    card_like = page.locator(".xl-tag").first
    assert page.evaluate("e => getComputedStyle(e).textDecorationLine", card_like.element_handle()) == "none"
    for _ in range(3):
        page.keyboard.press("Tab")
    ring = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [document.activeElement.tagName, s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
    )
    assert ring[0] != "BODY" and ring[1] == "solid" and ring[2] >= 3, ring


def test_search_without_results_shows_no_empty_filters(phone, base):
    page = phone
    page.goto(base + "search.html?q=不存在的词语甲乙")
    page.wait_for_selector(".xl-search__none")
    assert page.locator(".xl-search__filters").is_hidden()
    assert "全部 0" not in page.locator("#xl-search").inner_text()


def test_the_audit_catches_what_it_is_for(phone, base):
    """The checks above can fail: salmon links, small text and a wide box are all reported."""
    page = visit(phone, base, "unit")
    page.evaluate(
        """() => {
          const p = document.createElement("p");
          p.innerHTML = '读 <a href="#" style="color:#ef5552;text-decoration:none">这里</a> 学习';
          p.style.cssText = "font-size:12px;width:600px";
          document.querySelector(".xl-body").prepend(p);
        }"""
    )
    show(page, "light", LARGEST)
    assert any(problem.startswith("color-contrast") for problem in _serious(page))
    assert any("12.0 px" in problem for problem in page.evaluate(SMALL_TEXT, FLOOR_PX)["small"])
    assert page.evaluate(OVERFLOW)["out"]
