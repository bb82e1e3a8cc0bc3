"""知识测试 in headless Chromium at 390×844: practice, exam, timeout, 错题本, 成绩单, XSS, loading."""

from __future__ import annotations

import csv
import io
import re

import pytest
from browser import serve_site
from support import ScratchSite

from scripts.quiz.bank import dump_yaml
from scripts.quiz.generate import generate_bank

pytestmark = pytest.mark.browser

PRACTICE = """\
id: lian-xi
title: 练习题库
shuffle_options: false
questions:
  - id: p1
    type: single
    stem: 支部党员大会多久开一次？
    options: [每月, 每季度, 每年]
    answer: B
    explanation: 一般**每季度**一次。
    source: units/a.md
  - id: p2
    type: judge
    stem: 会议记录可以事后补记。
    answer: 错误
  - id: p3
    type: blank
    stem: 三会一课是组织生活的基本____。
    answer: [制度]
"""

EXAM = """\
id: kao-shi
title: 考试题库
draw: 3
pass_score: 60
time_limit: 10
questions:
  - id: e1
    type: single
    stem: 第一问
    options: [甲, 乙, 丙]
    answer: A
  - id: e2
    type: multiple
    stem: 第二问
    options: [甲, 乙, 丙, "**丁**"]
    answer: BD
    score: 2
  - id: e3
    type: judge
    stem: "`第三问`"
    answer: 正确
  - id: e4
    type: blank
    stem: 第四问____
    answer: [[四, 肆]]
"""
# stem → what a member who knows the answer picks or types
RIGHT = {"第一问": ["甲"], "第二问": ["乙", "丁"], "第三问": ["正确"], "第四问____": " 肆。"}
# stem on screen → (id, 题目 and 正确答案 in the CSV, letters left out)
PLAIN = {
    "第一问": ("e1", "第一问", ["甲"]),
    "第二问": ("e2", "第二问", ["丁", "乙"]),
    "第三问": ("e3", "第三问", ["正确"]),
    "第四问____": ("e4", "第四问____", ["四 / 肆"]),
}

TIMEOUT = """\
id: ji-shi
title: 计时题库
time_limit: 0.05
questions:
  - {id: t1, type: judge, stem: 计时题一, answer: 对}
  - {id: t2, type: judge, stem: 计时题二, answer: 错}
"""

XSS = """\
id: xss
title: 安全题库
shuffle_options: false
questions:
  - id: x1
    type: single
    stem: "<img src=x onerror=alert(1)> **粗体**"
    options: ["<script>window.__xss = 1</script>", "<b onmouseover=alert(1)>乙</b>"]
    answer: A
    explanation: "<img src=y onerror=\\"window.__xss = 2\\"> 解析"
"""


@pytest.fixture(scope="module")
def quiz_site(tmp_path_factory):
    site = ScratchSite(tmp_path_factory.mktemp("quiz"))
    site.unit("a", title="三会一课", quiz="lian-xi")
    for name, text in (("practice", PRACTICE), ("exam", EXAM), ("timeout", TIMEOUT), ("xss", XSS)):
        site.write(f"materials/quizzes/{name}.yml", text)
    big = generate_bank(300, bank_id="da-ti-ku", draw=20)
    (site.path / "materials/quizzes/big.yml").write_text(dump_yaml(big), encoding="utf-8")
    out = site.path / "site"
    assert site.build(out) == 0
    with serve_site(out, prefix="/xuexi/") as base:
        yield base, out


def open_quiz(phone, base, bank, mode):
    errors = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.goto(f"{base}quizzes/{bank}.html")
    phone.click(f"[data-mode={mode}]")
    phone.wait_for_selector(".xl-q")
    return errors


def stem(phone) -> str:
    return phone.locator(".xl-q-text").inner_text()


def answer(phone, wanted):
    if isinstance(wanted, str):
        phone.locator(".xl-blank input").first.fill(wanted)
    else:
        for text in wanted:
            phone.locator("label.xl-opt", has_text=text).click()


def test_practice_gives_feedback_after_each_question(phone, quiz_site):
    base, _ = quiz_site
    errors = open_quiz(phone, base, "lian-xi", "practice")
    assert phone.locator(".xl-progress-text").inner_text() == "第 1 / 3 题"
    assert stem(phone) == "支部党员大会多久开一次？"
    assert phone.locator(".xl-feedback").count() == 0  # nothing about the answer before answering
    phone.click("[data-submit]")
    assert phone.locator("[role=status]").inner_text() == "请先作答，再提交。"
    answer(phone, ["每月"])
    phone.click("[data-submit]")
    feedback = phone.locator(".xl-feedback")
    assert feedback.locator(".xl-feedback-result").inner_text() == "✗ 回答错误"
    assert "正确答案：B. 每季度" in feedback.inner_text()
    assert feedback.locator("strong", has_text="每季度").count() == 1  # **bold** in the 解析
    assert feedback.locator("a").get_attribute("href") == "../units/a.html"
    assert phone.locator(".xl-opt input:disabled").count() == 3
    phone.click("[data-next]")
    assert phone.locator(".xl-progress-text").inner_text() == "第 2 / 3 题"
    answer(phone, ["错误"])
    phone.click("[data-submit]")
    assert phone.locator(".xl-feedback-result").inner_text() == "✓ 回答正确"
    phone.click("[data-next]")
    answer(phone, "  制　度。")
    phone.click("[data-submit]")
    assert phone.locator(".xl-feedback-result").inner_text() == "✓ 回答正确"
    phone.click("[data-next]")
    assert "答对 2 / 3 题" in phone.locator(".xl-quiz-app").inner_text()
    assert errors == [] and phone.requests.external() == []


def test_touch_targets_are_at_least_44px(phone, quiz_site):
    base, _ = quiz_site
    open_quiz(phone, base, "lian-xi", "practice")
    for selector in ("label.xl-opt", "[data-submit]"):
        for box in [element.bounding_box() for element in phone.locator(selector).all()]:
            assert box["height"] >= 44
    # Keyboard: Tab reaches the first option, Space picks it, Enter on the button submits.
    phone.locator("label.xl-opt input").first.focus()
    phone.keyboard.press("ArrowDown")
    assert phone.locator("label.xl-opt input").nth(1).is_checked()
    phone.locator("[data-submit]").focus()
    phone.keyboard.press("Enter")
    assert phone.locator(".xl-feedback-result").inner_text() == "✓ 回答正确"


def test_exam_submits_scores_and_reviews(phone, quiz_site, tmp_path):
    base, _ = quiz_site
    errors = open_quiz(phone, base, "kao-shi", "exam")
    assert re.match(r"剩余 (9:5\d|10:00)", phone.locator(".xl-timer").inner_text())
    drawn = []
    for number in range(3):
        drawn.append(stem(phone))
        if number < 2:
            phone.click("button:text-is('下一题')")
    assert len(set(drawn)) == 3 and set(drawn) <= set(RIGHT)
    # The 答题卡 jumps straight back to question 1 and shows what is answered.
    phone.click("button:text-is('答题卡')")
    phone.click(".xl-sheet-cell >> nth=0")
    answer(phone, RIGHT[stem(phone)])
    phone.click("button:text-is('答题卡')")
    assert phone.locator(".xl-sheet-cell.is-answered").count() == 1
    phone.click(".xl-sheet-cell >> nth=1")
    answer(phone, RIGHT[stem(phone)])
    phone.click("[data-submit-exam]")
    assert "还有 1 题没有作答" in phone.locator(".xl-confirm").inner_text()
    phone.click("button:text-is('继续答题')")
    phone.click("button:text-is('答题卡')")
    phone.click(".xl-sheet-cell >> nth=2")
    answer(phone, RIGHT[stem(phone)])
    phone.click("[data-submit-exam]")
    result = phone.locator(".xl-result").inner_text()
    possible = sum(2 if s == "第二问" else 1 for s in drawn)
    assert f"得分 {possible} / {possible}（百分制 100 分）" in result and "合格" in result
    assert phone.locator(".xl-review-q").count() == 3
    assert phone.locator(".xl-review-q.is-right").count() == 3
    assert phone.locator(".xl-review .xl-feedback-answer").count() == 3

    # 成绩单: one card a question on the phone, the table only on paper; a CSV with a BOM.
    phone.fill("input[name=name]", "=张三")
    phone.fill("input[name=branch]", "第一党支部")
    phone.click("button:text-is('生成成绩单')")
    report = phone.locator(".xl-report")
    assert "第一党支部" in report.inner_text()
    cards = report.locator(".xl-report-card")
    assert cards.count() == 3 and report.locator(".xl-report-table").is_hidden()
    first = cards.first.inner_text()
    assert all(word in first for word in ("第 1 题", "你的答案", "正确答案", "✓ 答对"))
    assert "**" not in report.inner_text() and "`" not in report.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    report.screenshot(path=str(tmp_path / "report-phone.png"))
    phone.emulate_media(media="print")
    assert report.locator(".xl-report-table tbody tr").count() == 3 and report.locator(".xl-report-table").is_visible()
    assert cards.first.is_hidden()
    phone.emulate_media(media="screen")
    with phone.expect_download() as download:
        phone.click("[data-csv]")
    path = tmp_path / "result.csv"
    download.value.save_as(path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == [
        "姓名",
        "所在支部",
        "测试",
        "交卷时间",
        "用时",
        "得分",
        "满分",
        "百分制得分",
        "结果",
        "答对题数",
        "题数",
        "题库编号",
        "格式版本",
    ]
    summary = dict(zip(rows[0], rows[1], strict=True))
    assert summary["姓名"] == "'=张三"  # no formula injection
    assert (summary["所在支部"], summary["测试"], summary["结果"]) == ("第一党支部", "考试题库", "合格")
    assert (summary["题库编号"], summary["格式版本"]) == ("kao-shi", "2")
    assert rows[2] == [] and rows[3] == ["题号", "题目编号", "题型", "题目", "你的答案", "正确答案", "结果", "得分"]
    questions = {row[1]: row for row in rows[4:]}
    assert set(questions) == {PLAIN[text][0] for text in drawn}
    for text in drawn:  # plain text: the Markdown marks of 题目 and options are gone
        row = questions[PLAIN[text][0]]
        options = sorted(re.sub(r"^[A-H]\. ", "", part) for part in row[5].split("；"))
        assert (row[3], options, row[6]) == (PLAIN[text][1], PLAIN[text][2], "对")
    assert errors == [] and phone.requests.external() == []


def test_exam_auto_submits_when_time_is_up(phone, quiz_site):
    base, _ = quiz_site
    phone.clock.install()  # the 3-second limit runs out on the page's clock, not the test's
    errors = open_quiz(phone, base, "ji-shi", "exam")
    answer(phone, ["正确"])
    phone.clock.run_for(2000)
    assert phone.locator(".xl-review-q").count() == 0  # still running
    phone.clock.run_for(1500)
    phone.wait_for_selector("text=时间到，已自动交卷")
    assert phone.locator(".xl-review-q").count() == 2
    assert phone.locator(".xl-score").inner_text().startswith("得分 ")
    assert errors == []


def test_wrong_answers_survive_reload_and_leave_after_two_right(phone, quiz_site):
    base, _ = quiz_site
    open_quiz(phone, base, "lian-xi", "practice")
    answer(phone, ["每年"])
    phone.click("[data-submit]")
    phone.goto(f"{base}quizzes/wrong.html")
    assert phone.locator(".xl-wrong-count").inner_text() == "共 1 道错题。"
    phone.reload()
    assert "支部党员大会多久开一次？" in phone.locator(".xl-wrong-list").inner_text()
    for streak in (1, 2):
        phone.click("[data-redo]")
        answer(phone, ["每季度"])
        phone.click("[data-submit]")
        assert phone.locator(".xl-feedback-result").inner_text() == "✓ 回答正确"
        phone.click("[data-next]")
        if streak == 1:
            assert "已连续答对 1 次" in phone.locator(".xl-wrong-list").inner_text()
    assert phone.locator(".xl-wrong-empty").is_visible()
    phone.reload()
    assert phone.locator(".xl-wrong-empty").is_visible()


@pytest.mark.parametrize("stored", ["{not json", '{"v": 0, "wrong": {}}', '{"v": 1, "wrong": {"a/b": {"bank": "a"}}}'])
def test_corrupt_or_old_storage_is_discarded(phone, quiz_site, stored):
    base, _ = quiz_site
    errors = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.goto(f"{base}quizzes/wrong.html")
    phone.evaluate("value => localStorage.setItem('xl-quiz-v1', value)", stored)
    phone.reload()
    assert phone.locator(".xl-wrong-empty").is_visible()
    open_quiz(phone, base, "lian-xi", "practice")
    answer(phone, ["每月"])
    phone.click("[data-submit]")
    saved = phone.evaluate("JSON.parse(localStorage.getItem('xl-quiz-v1'))")
    assert saved["v"] == 1 and list(saved["wrong"]) == ["lian-xi/p1"]
    assert errors == []


def test_markup_in_data_runs_nothing(phone, quiz_site):
    base, _ = quiz_site
    dialogs = []
    phone.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    errors = open_quiz(phone, base, "xss", "practice")
    assert stem(phone) == "<img src=x onerror=alert(1)> 粗体"
    assert phone.locator(".xl-q-text strong").inner_text() == "粗体"
    assert "<script>window.__xss = 1</script>" in phone.locator(".xl-q").inner_text()
    phone.locator("label.xl-opt").nth(1).hover()
    answer(phone, ["__xss"])
    phone.click("[data-submit]")
    assert '<img src=y onerror="window.__xss = 2"> 解析' in phone.locator(".xl-feedback").inner_text()
    phone.wait_for_timeout(300)
    assert phone.locator(".xl-quiz img, .xl-quiz script, .xl-quiz b").count() == 0
    assert phone.evaluate("window.__xss") is None
    assert dialogs == [] and errors == []


def test_exam_from_a_big_bank_loads_only_a_few_data_files(phone, quiz_site):
    base, site = quiz_site
    assert len(list((site / "quizzes/data/da-ti-ku").glob("*.js"))) == 12
    open_quiz(phone, base, "da-ti-ku", "exam")
    data = [url for url in phone.requests.urls if "/quizzes/data/" in url]
    assert len(data) == 2, data  # 2 × 25 questions ≥ 2 × draw(20)
    assert phone.locator(".xl-exam-count").inner_text() == "第 1 / 20 题"


def test_quiz_works_from_a_usb_stick(phone, quiz_site):
    _, site = quiz_site
    phone.goto((site / "quizzes/lian-xi.html").as_uri())
    phone.click("[data-mode=practice]")
    phone.wait_for_selector(".xl-q")
    assert stem(phone) == "支部党员大会多久开一次？"


def test_other_pages_load_no_quiz_bytes(phone, quiz_site):
    base, _ = quiz_site
    for rel in ("index.html", "units/a.html"):
        phone.goto(base + rel)
        phone.wait_for_load_state("load")
    assert phone.locator("a", has_text="练习题库").count() == 1  # the unit links to its test
    assert [url for url in phone.requests.urls if "quiz" in url.rsplit("/", 1)[-1]] == []
    assert phone.requests.external() == []


def test_paper_and_answers_print_on_a4(browser, quiz_site):
    import io
    import unicodedata

    from pypdf import PdfReader

    base, _ = quiz_site
    page = browser.new_page()
    try:
        for rel, present, absent in (
            (
                "quizzes/lian-xi/paper.html",
                ["姓名", "所在支部", "得分", "支部党员大会多久开一次？", "每季度"],
                ["一般每季度一次", "返回在线测试"],
            ),
            ("quizzes/lian-xi/answers.html", ["答案：B", "一般每季度一次", "制度"], ["返回在线测试"]),
        ):
            page.goto(base + rel)
            reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
            width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
            assert (round(width), round(height)) == (595, 842)  # A4 in points
            text = "".join(sheet.extract_text() for sheet in reader.pages)
            text = unicodedata.normalize("NFKC", text).replace(" ", "")  # PDF text uses Kangxi radicals
            assert all(unicodedata.normalize("NFKC", word) in text for word in present), text
            assert not any(word in text for word in absent), text
    finally:
        page.close()


# --- practice marks, 答题卡, a running exam kept safe ---------------------------------------


def _mark(phone, text):
    option = phone.locator("label.xl-opt", has=phone.locator(".xl-opt-text", has_text=re.compile(f"^{text}$")))
    colour = option.evaluate("node => getComputedStyle(node).borderTopColor")
    marks = option.locator(".xl-opt-mark").all_inner_texts()
    return option.get_attribute("class").split(), colour, marks


def test_practice_marks_the_right_and_the_chosen_wrong_option_in_place(phone, quiz_site, tmp_path):
    base, _ = quiz_site
    errors = open_quiz(phone, base, "lian-xi", "practice")
    answer(phone, ["每月"])
    assert phone.locator(".xl-opt-mark").count() == 0  # nothing marked before the answer is in
    phone.click("[data-submit]")
    green, red = "rgb(46, 125, 50)", "rgb(198, 40, 40)"
    wrong, right, other = _mark(phone, "每月"), _mark(phone, "每季度"), _mark(phone, "每年")
    assert "is-wrong" in wrong[0] and wrong[1:] == (red, ["✗ 你的选择"])
    assert "is-right" in right[0] and right[1:] == (green, ["✓ 正确答案"])
    assert "is-right" not in other[0] and "is-wrong" not in other[0] and other[2] == []
    phone.locator(".xl-q").screenshot(path=str(tmp_path / "practice-marks.png"))
    phone.click("[data-next]")
    answer(phone, ["错误"])  # right: only the chosen option is marked, and as right
    phone.click("[data-submit]")
    assert _mark(phone, "错误")[2] == ["✓ 正确答案"] and _mark(phone, "正确")[2] == []
    phone.click("[data-next]")
    answer(phone, "制定")
    phone.click("[data-submit]")
    blank = phone.locator(".xl-blank")
    assert "is-wrong" in blank.get_attribute("class") and blank.locator(".xl-opt-mark").inner_text() == "✗ 错误"
    assert errors == []


def test_answer_sheet_is_collapsed_and_toggles(phone, quiz_site):
    base, _ = quiz_site
    errors = open_quiz(phone, base, "da-ti-ku", "exam")
    sheet = phone.locator(".xl-answer-sheet")
    toggle = phone.locator("[data-sheet-toggle]")
    assert sheet.is_hidden() and toggle.get_attribute("aria-expanded") == "false"
    assert phone.locator(".xl-q").bounding_box()["y"] < 500  # the question, not 20 numbers, comes first
    toggle.click()
    assert sheet.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    assert phone.locator(".xl-sheet-cell").count() == 20
    toggle.click()
    assert sheet.is_hidden() and toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    phone.click(".xl-sheet-cell >> nth=4")
    assert sheet.is_hidden() and phone.locator(".xl-exam-count").inner_text() == "第 5 / 20 题"
    assert errors == []


def _answers_link(phone):
    return phone.locator("[data-xl-answers]")


def _saved(phone, bank="kao-shi"):
    return phone.evaluate("key => JSON.parse(localStorage.getItem(key))", f"xl-quiz-exam-v1:{bank}")


def _seconds(clock: str) -> int:
    minutes, seconds = clock.removeprefix("剩余 ").split(":")
    return int(minutes) * 60 + int(seconds)


def _answer_two(phone) -> list[str]:
    """Answer questions 1 and 2 of 3, leave question 2 on screen; the stems in exam order."""
    stems = []
    for number in range(3):
        stems.append(stem(phone))
        if number < 2:
            answer(phone, RIGHT[stems[-1]])
        if number < 2:
            phone.click("button:text-is('下一题')")
    phone.click("button:text-is('上一题')")
    return stems


def test_exam_resumes_after_a_reload(phone, quiz_site):
    base, _ = quiz_site
    dialogs = []
    phone.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    phone.clock.install()
    errors = open_quiz(phone, base, "kao-shi", "exam")
    assert _answers_link(phone).is_hidden()  # no 答案与解析 during the exam
    stems = _answer_two(phone)
    saved = _saved(phone)
    assert saved["state"] == "running" and saved["index"] == 1
    assert [item["given"] is not None for item in saved["items"]] == [True, True, False]
    phone.clock.run_for(2500)
    phone.reload()
    resume = phone.locator(".xl-resume")
    assert "已答 2 / 3 题" in resume.inner_text() and _answers_link(phone).is_hidden()
    assert phone.locator("[data-mode=exam]").count() == 0
    phone.click("[data-resume]")
    # The same questions in the same order, the answers, the question on screen, the same deadline.
    assert phone.locator(".xl-exam-count").inner_text() == "第 2 / 3 题" and stem(phone) == stems[1]
    assert phone.locator(".xl-sheet-cell.is-answered").count() == 2
    left = _seconds(phone.locator(".xl-timer").inner_text())
    expected = phone.evaluate("deadline => Math.ceil((deadline - Date.now()) / 1000)", saved["deadline"])
    assert abs(left - expected) <= 1 and left <= 600 - 2
    assert _saved(phone)["deadline"] == saved["deadline"]
    phone.click("button:text-is('上一题')")
    assert stem(phone) == stems[0] and phone.locator(".xl-q input:checked, .xl-q input[type=text]").count() >= 1
    phone.click("button:text-is('下一题')")
    phone.click("button:text-is('下一题')")
    assert stem(phone) == stems[2]
    answer(phone, RIGHT[stems[2]])
    phone.click("[data-submit-exam]")
    assert "答对 3 / 3 题" in phone.locator(".xl-result").inner_text()
    assert _saved(phone) is None and _answers_link(phone).is_visible()
    phone.reload()
    assert phone.locator(".xl-resume").count() == 0 and phone.locator("[data-mode=exam]").is_visible()
    assert dialogs == ["beforeunload"]  # asked while running, not once submitted
    assert errors == []


def test_exam_resumes_after_an_accidental_back(phone, quiz_site):
    base, _ = quiz_site
    phone.on("dialog", lambda dialog: dialog.accept())
    phone.goto(f"{base}quizzes/index.html")
    phone.click("a:text-is('考试题库')")
    phone.click("[data-mode=exam]")
    phone.wait_for_selector(".xl-q")
    stems = _answer_two(phone)
    phone.go_back()
    phone.wait_for_url("**/quizzes/index.html")
    phone.click("a:text-is('考试题库')")
    phone.click("[data-resume]")
    assert stem(phone) == stems[1] and phone.locator(".xl-sheet-cell.is-answered").count() == 2
    # Giving up asks first, then the exam is gone for good.
    phone.reload()
    phone.click("[data-abandon]")
    assert phone.locator(".xl-resume").is_visible()
    phone.click("[data-abandon-confirm]")
    assert phone.locator("[data-mode=exam]").is_visible() and _saved(phone) is None


def test_leaving_a_running_exam_asks_first(phone, quiz_site, tmp_path):
    base, _ = quiz_site
    dialogs = []
    phone.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    open_quiz(phone, base, "kao-shi", "exam")
    answer(phone, RIGHT[stem(phone)])
    url = phone.url
    phone.click(".xl-kicker a")  # an ordinary link on the page: 知识测试
    leave = phone.locator(".xl-leave [role=alertdialog]")
    assert leave.is_visible() and "考试还没有交卷" in leave.inner_text() and phone.url == url
    assert phone.evaluate("document.activeElement.hasAttribute('data-stay')")
    phone.screenshot(path=str(tmp_path / "leave.png"))
    phone.click("[data-stay]")
    assert phone.locator(".xl-leave").count() == 0 and phone.locator(".xl-q").is_visible()
    phone.keyboard.press("Escape")
    phone.click(".xl-kicker a")
    phone.keyboard.press("Escape")  # Esc stays too
    assert phone.locator(".xl-leave").count() == 0 and phone.url == url
    phone.click(".xl-kicker a")
    phone.click("[data-leave]")
    phone.wait_for_url("**/quizzes/index.html")
    assert dialogs == []  # the page asked already: no second question from the browser
    # Back on the bank's page the exam waits, answers kept.
    phone.go_back()
    phone.click("[data-resume]")
    assert phone.locator(".xl-sheet-cell.is-answered").count() == 1
