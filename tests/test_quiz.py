"""知识测试: bank loading, validation lines, answer normalisation, Excel round trip, pages."""

from __future__ import annotations

import json
import re

import pytest
from openpyxl import Workbook, load_workbook
from support import ROOT

from scripts.problems import Problems
from scripts.quiz.bank import load_bank
from scripts.quiz.feature import shards
from scripts.quiz.generate import generate_bank
from scripts.quiz.markup import render_blocks, render_inline
from scripts.quiz.normalise import blank_matches, normalise, parse_judge, parse_letters
from scripts.quiz.xlsx import read_workbook, write_workbook

BANK = """\
id: ce-shi
title: 测试题库
draw: 3
questions:
  - id: q1
    type: single
    stem: 第一题
    options: [甲, 乙, 丙]
    answer: B
  - id: q2
    type: multiple
    stem: 第二题
    options: [甲, 乙, 丙, 丁]
    answer: ACD
  - id: q3
    type: judge
    stem: 第三题
    answer: 正确
  - id: q4
    type: blank
    stem: 第____题和第____题
    answer: [[四, 4], 五]
    source: units/a.md
"""


def bank_lines(scratch_site, capsys, text: str, name: str = "bank.yml") -> tuple[int, list[str]]:
    scratch_site.unit("a", title="单元")
    scratch_site.write(f"materials/quizzes/{name}", text)
    return scratch_site.check(capsys)


# --- answers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, letters",
    [
        ("B", ["B"]),
        ("ACD", ["A", "C", "D"]),
        ("A,C", ["A", "C"]),
        ("A、C", ["A", "C"]),
        (["C", "a"], ["A", "C"]),
        ("Ａ，Ｂ", ["A", "B"]),
        ("A C", ["A", "C"]),
        ("AX", None),
        (True, None),
    ],
)
def test_answer_letters_in_every_style(value, letters):
    assert parse_letters(value) == letters


@pytest.mark.parametrize(
    "value, result",
    [
        (True, True),
        ("正确", True),
        ("对", True),
        ("√", True),
        ("✓", True),
        ("错误", False),
        ("错", False),
        ("×", False),
        ("false", False),
        ("也许", None),
        (3, None),
    ],
)
def test_judge_answers_in_every_style(value, result):
    assert parse_judge(value) is result


def test_blank_answers_ignore_width_spaces_and_punctuation():
    assert normalise("Ｐｏｗｅｒ　Point，。") == "powerpoint"
    assert blank_matches(" 三会 一课。", ["三会一课"])
    assert blank_matches("“一言堂”", ["一言堂"])
    assert blank_matches("１９２１", ["1921"])
    assert not blank_matches("三会", ["三会一课"])
    assert not blank_matches("，。", ["，"])  # nothing left after normalising is never right


# --- loading and validation --------------------------------------------------------------


def test_valid_bank_loads_with_every_type(scratch_site, capsys):
    assert bank_lines(scratch_site, capsys, BANK) == (0, [])
    bank = load_bank(scratch_site.path / "materials/quizzes/bank.yml", "bank.yml", Problems())
    answers = [q.answer for q in bank.questions]
    assert answers == ["B", ["A", "C", "D"], True, [["四", "4"], ["五"]]]
    assert bank.draw == 3 and bank.pass_score == 60 and bank.shuffle_options is True


def test_every_question_mistake_names_its_line(scratch_site, capsys):
    text = """\
id: ce-shi
title: 测试
draw: 9
questions:
  - id: q1
    type: single
    stem: 答案越界
    options: [甲, 乙]
    answer: C
  - id: q2
    type: multiple
    stem: 多选没有答案
    options: [甲, 乙]
  - id: q1
    type: judge
    stem: 编号重复
    answer: 对
  - id: q4
    type: choice
    stem: 未知题型
    answer: A
  - id: q5
    type: single
    stem: 单选两个答案
    options: [甲, 乙]
    answer: AB
  - id: q6
    type: blank
    stem: 两个空____和____
    answer: [一]
  - id: q7
    type: judge
    stem: 判断
    answer: 也许
    scroe: 2
"""
    code, lines = bank_lines(scratch_site, capsys, text)
    rel = "materials/quizzes/bank.yml"
    assert code == 1
    assert lines == [
        f"{rel}:3: 错误: 每次抽题数 draw 为 9，但题库只有 7 道题",
        f"{rel}:9: 错误: 答案 “C” 超出了选项范围（只有 A–B 共 2 个选项）",
        f"{rel}:10: 错误: 多选题没有给出答案 answer",
        f"{rel}:14: 错误: 题目编号 “q1” 重复（第一次在第 5 行）",
        f"{rel}:19: 错误: 字段 “type”（题型）未知题型 “choice”。允许的题型：single（单选）、multiple（多选）、judge（判断）、blank（填空）",
        f"{rel}:26: 错误: 单选题只能有一个答案，实际是 “AB”；多个答案请用 type: multiple",
        f"{rel}:30: 错误: 题干中有 2 处空（____ 或（ ）），答案却给了 1 个空",
        f"{rel}:34: 错误: 判断题的答案应为 正确/错误（或 true/false、对/错、√/×），实际是 “也许”",
        f"{rel}:35: 错误: 未知字段 “scroe”，是否应为 “score”？",
    ]


def test_bank_settings_are_checked(scratch_site, capsys):
    text = "id: Bad Id\ntitle: 测试\npass_score: 120\ntime_limit: 0\nshuffle_options: 是的\nquestions: []\n"
    code, lines = bank_lines(scratch_site, capsys, text)
    rel = "materials/quizzes/bank.yml"
    assert code == 1
    settings = [
        f"{rel}:3: 错误: 字段 “pass_score”（及格分（百分制））应为 0 到 100 的整数，实际是 “120”",
        f"{rel}:4: 错误: 字段 “time_limit”（考试时限（分钟））应为大于 0、不超过 1440 的数字，实际是 “0”",
        f"{rel}:5: 错误: 字段 “shuffle_options”（打乱选项）应为 true 或 false，实际是 “是的”",
    ]
    # Every setting is checked even when the id is wrong: all problems in one run.
    bad_id = f"{rel}:1: 错误: 字段 “id”（编号）“Bad Id” 只能包含小写英文字母、数字和连字符“-”，例如 xue-cha-gai-zuo"
    assert lines == [bad_id, *settings]
    code, lines = bank_lines(scratch_site, capsys, text.replace("Bad Id", "ok"))
    assert lines == [*settings, f"{rel}:6: 错误: 题库没有题目：请在 questions 下列出题目，每题以“- id: …”开始"]


def test_fractional_time_limit_is_allowed(scratch_site, capsys):
    assert bank_lines(scratch_site, capsys, BANK.replace("draw: 3", "time_limit: 0.05")) == (0, [])


def test_duplicate_bank_ids_across_files(scratch_site, capsys):
    scratch_site.write("materials/quizzes/a.yml", BANK)
    code, lines = bank_lines(scratch_site, capsys, BANK, name="b.yml")
    assert lines == ["materials/quizzes/b.yml:1: 错误: 题库编号 “ce-shi” 与 materials/quizzes/a.yml:1 重复"]


def test_yaml_syntax_error_in_a_bank(scratch_site, capsys):
    code, lines = bank_lines(scratch_site, capsys, "id: x\ntitle: 测试\nquestions:\n\t- id: 1\n")
    assert lines == ["materials/quizzes/bank.yml:4: 错误: 使用了 Tab 缩进；YAML 只能用空格缩进，请把 Tab 换成空格"]


def test_unit_naming_a_missing_bank_is_reported_at_its_quiz_line(scratch_site, capsys):
    scratch_site.write("materials/quizzes/bank.yml", BANK)
    scratch_site.unit("a", title="单元")
    scratch_site.unit("b", title="单元二", tags=["组织生活"], quiz="ce-sh")
    code, lines = scratch_site.check(capsys)
    assert lines == ["materials/units/b.md:6: 错误: 知识测试 “ce-sh” 不存在：没有这个编号的题库。是否应为 “ce-shi”？"]


def test_source_must_name_a_material(scratch_site, capsys):
    code, lines = bank_lines(scratch_site, capsys, BANK.replace("units/a.md", "units/不存在.md"))
    assert lines == [
        "materials/quizzes/bank.yml:23: 错误: 出处 “units/不存在.md” 找不到：应写材料的路径，例如 units/三会一课.md（草稿不能作为出处）"
    ]


def test_the_sample_banks_are_valid_and_use_every_type():
    problems = Problems()
    from scripts.quiz.bank import load_banks

    banks = load_banks(ROOT / "materials/quizzes", ROOT, problems)
    assert problems.items == []
    questions = [q for bank in banks for q in bank.questions]
    assert len(banks) >= 2 and len(questions) >= 30
    assert {q.type for q in questions} == {"single", "multiple", "judge", "blank"}


# --- markup ------------------------------------------------------------------------------


def test_inline_markdown_escapes_first():
    assert render_inline("**党章** 与 *准则* 与 `代码` <img src=x onerror=alert(1)>") == (
        "<strong>党章</strong> 与 <em>准则</em> 与 <code>代码</code> &lt;img src=x onerror=alert(1)&gt;"
    )
    assert render_blocks("一段\n续行\n\n<b>二段</b>") == "<p>一段<br>续行</p><p>&lt;b&gt;二段&lt;/b&gt;</p>"


# --- shards and the generated bank -------------------------------------------------------


def test_shards_interleave_the_whole_bank():
    parts = shards(list(range(10)), 4)
    assert parts == [[0, 3, 6, 9], [1, 4, 7], [2, 5, 8]]
    assert shards(list(range(3)), 25) == [[0, 1, 2]]


def test_generated_bank_is_deterministic_and_valid(tmp_path):
    assert generate_bank(40) == generate_bank(40)
    from scripts.quiz.generate import write_bank

    problems = Problems()
    bank = load_bank(write_bank(tmp_path / "g.yml", 40), "g.yml", problems)
    assert problems.items == []
    assert len(bank.questions) == 40 and {q.type for q in bank.questions} == {"single", "multiple", "judge", "blank"}


# --- Excel -----------------------------------------------------------------------------


def write_xlsx(path, header, rows, title="Sheet1"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


LETTER_HEADER = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "答案", "解析", "分值"]


def test_import_reads_every_answer_style(tmp_path):
    rows = [
        ["单选题", "单选", "甲", "乙", "丙", "", "", "", "B", "因为乙", 2],
        ["多选题", "多选 AB", "甲", "乙", "丙", "丁", "", "", "AB", "", None],
        ["多选", "多选 逗号", "甲", "乙", "丙", "", "", "", "A,C", "", None],
        ["多选", "多选 顿号", "甲", "乙", "丙", "", "", "", "A、B、C", "", None],
        ["判断题", "判断 正确", "", "", "", "", "", "", "正确", "", None],
        ["判断", "判断 对勾", "", "", "", "", "", "", "√", "", None],
        ["判断", "判断 叉", "", "", "", "", "", "", "×", "", None],
        ["填空题", "两空____和____", "", "", "", "", "", "", "一/1|二", "", None],
        ["填空", "数字____", "", "", "", "", "", "", 1921, "", None],
    ]
    result = read_workbook(write_xlsx(tmp_path / "题库.xlsx", LETTER_HEADER, rows))
    assert result.errors == []
    got = [(q.type, q.answer) for q in result.questions]
    assert got == [
        ("single", "B"),
        ("multiple", ["A", "B"]),
        ("multiple", ["A", "C"]),
        ("multiple", ["A", "B", "C"]),
        ("judge", True),
        ("judge", True),
        ("judge", False),
        ("blank", [["一", "1"], ["二"]]),
        ("blank", [["1921"]]),
    ]
    assert result.questions[0].score == 2 and result.questions[0].explanation == "因为乙"
    assert result.questions[0].options == ["甲", "乙", "丙"]


def test_import_reads_one_options_column(tmp_path):
    header = ["题型", "题干", "选项", "答案"]
    result = read_workbook(write_xlsx(tmp_path / "a.xlsx", header, [["单选", "题", "甲|乙|丙", "C"]]))
    assert result.errors == [] and result.questions[0].options == ["甲", "乙", "丙"]


def test_import_reports_every_bad_row(tmp_path):
    rows = [
        ["单选", "好题", "甲", "乙", "", "", "", "", "A", "", None],
        ["单选", "越界", "甲", "乙", "", "", "", "", "D", "", None],
        ["问答题", "题型不对", "", "", "", "", "", "", "A", "", None],
        ["多选", "没有答案", "甲", "乙", "", "", "", "", "", "", None],
        ["单选", "选项断开", "甲", "", "丙", "", "", "", "A", "", None],
        ["判断", "分值", "", "", "", "", "", "", "对", "", "两分"],
    ]
    result = read_workbook(write_xlsx(tmp_path / "bad.xlsx", LETTER_HEADER, rows))
    assert result.errors == [
        "bad.xlsx:Sheet1:行3: 错误: [答案] 答案 “D” 超出了选项范围（只有 A–B 共 2 个选项）",
        "bad.xlsx:Sheet1:行4: 错误: [题型] 字段 “type”（题型）未知题型 “问答题”。允许的题型：single（单选）、multiple（多选）、judge（判断）、blank（填空）",
        "bad.xlsx:Sheet1:行5: 错误: [答案] 多选题没有给出答案 answer",
        "bad.xlsx:Sheet1:行6: 错误: [选项] 选项B 为空，但后面的选项有内容；选项应从 A 开始连续填写",
        "bad.xlsx:Sheet1:行7: 错误: [分值] 分值应为数字，实际是 “两分”",
    ]


def test_import_without_a_header_row(tmp_path):
    result = read_workbook(write_xlsx(tmp_path / "h.xlsx", ["单选", "题", "甲"], []))
    assert result.errors == [
        "h.xlsx:Sheet1:行1: 错误: 第一行应是表头，缺少 题型、题干、答案 列（表头示例：题型、题干、选项A … 选项F、答案、解析、分值）"
    ]


def test_cli_round_trip_keeps_every_question(scratch_site, capsys, tmp_path):
    scratch_site.unit("a", title="单元")
    scratch_site.write(
        "materials/quizzes/bank.yml", BANK.replace("answer: B", "answer: B\n    score: 2.5\n    tags: [甲, 乙]")
    )
    config = ["-f", scratch_site.config_file]
    from scripts.__main__ import main

    exported = tmp_path / "out.xlsx"
    assert main([*config, "export-bank", "ce-shi", str(exported)]) == 0
    sheet = load_workbook(exported).active
    assert [c.value for c in sheet[1]][:4] == ["编号", "题型", "题干", "选项A"]
    imported = scratch_site.path / "materials/quizzes/again.yml"
    assert main([*config, "import-bank", str(exported), "--id", "again", "--out", str(imported)]) == 0
    before = load_bank(scratch_site.path / "materials/quizzes/bank.yml", "a", Problems()).questions
    after = load_bank(imported, "b", Problems()).questions
    strip = [({**vars(q), "line": 0, "source_line": 0}) for q in before]
    assert [({**vars(q), "line": 0, "source_line": 0}) for q in after] == strip
    assert scratch_site.check(capsys)[0] == 0
    # A second import onto the same file needs --force.
    assert main([*config, "import-bank", str(exported), "--id", "again", "--out", str(imported)]) == 1
    assert "文件已存在" in capsys.readouterr().err


def test_cli_import_errors_write_nothing(scratch_site, capsys, tmp_path):
    source = write_xlsx(
        tmp_path / "坏.xlsx", LETTER_HEADER, [["单选", "题", "甲", "乙", "", "", "", "", "Z", "", None]]
    )
    from scripts.__main__ import main

    assert main(["-f", scratch_site.config_file, "import-bank", str(source), "--id", "bad"]) == 1
    err = capsys.readouterr().err
    assert "坏.xlsx:Sheet1:行2: 错误: [答案] 答案 “Z” 应为选项字母，例如 B 或 [A, C]" in err
    assert not (scratch_site.path / "materials/quizzes/bad.yml").exists()


def test_exported_workbook_reads_back(tmp_path):
    bank = load_bank(ROOT / "materials/quizzes/三会一课应知应会.yml", "x", Problems())
    write_workbook(bank, tmp_path / "x.xlsx")
    result = read_workbook(tmp_path / "x.xlsx")
    assert result.errors == [] and len(result.questions) == len(bank.questions)


# --- the built pages -------------------------------------------------------------------


def test_sample_quiz_pages_keep_answers_out_of_html(sample_site):
    quizzes = sample_site / "quizzes"
    page = (quizzes / "san-hui-yi-ke-ying-zhi-ying-hui.html").read_text(encoding="utf-8")
    assert 'id="xl-quiz"' in page and "assets/quiz.js" in page
    # An explanation and an answer list only appear in the data file and the 答案与解析 page.
    explanation = "这些频次是**底线**要求"
    assert "底线" not in page
    data = (quizzes / "data/san-hui-yi-ke-ying-zhi-ying-hui/0.js").read_text(encoding="utf-8")
    assert data.startswith('XLQuiz.register("san-hui-yi-ke-ying-zhi-ying-hui",0,[')
    questions = json.loads(data[data.index("[") : data.rindex("]") + 1])
    assert explanation in json.dumps(questions, ensure_ascii=False)
    answers = (quizzes / "san-hui-yi-ke-ying-zhi-ying-hui/answers.html").read_text(encoding="utf-8")
    assert "这些频次是<strong>底线</strong>要求" in answers and "quiz.js" not in answers
    paper = (quizzes / "san-hui-yi-ke-ying-zhi-ying-hui/paper.html").read_text(encoding="utf-8")
    assert "姓名" in paper and "底线" not in paper and "quiz.js" not in paper


def test_no_quiz_bytes_on_other_pages(sample_site):
    for rel in ("index.html", "units/san-hui-yi-ke.html", "cases/index.html"):
        html = (sample_site / rel).read_text(encoding="utf-8")
        assert "quiz.js" not in html and "quiz.css" not in html and "XLQuiz" not in html
    unit = (sample_site / "units/san-hui-yi-ke.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="\.\./quizzes/san-hui-yi-ke-ying-zhi-ying-hui\.html">', unit)
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert 'href="quizzes/index.html"><strong>知识测试</strong>' in home


def test_quiz_pages_are_not_searched_and_a_bank_page_shows_only_its_description(scratch_site):
    from scripts.quiz.bank import Bank, Question
    from scripts.quiz.feature import QuizFeature

    class Recorder:
        """Stands in for SiteBuilder: records what the feature adds."""

        files = None
        items: dict = {}

        def __init__(self):
            self.pages: dict[str, dict] = {}

        def add_page(self, src_uri, template, title, **options):
            self.pages[src_uri] = options
            return object()

        def add_file(self, src_uri, content):
            pass

    question = Question("q1", "judge", "题干中的秘密", True, explanation="解析中的秘密")
    bank = Bank("x", "题库", "x.yml", [question], description="题库说明")

    class Options:
        quiz_shard_size = 25

    feature = QuizFeature(Options(), scratch_site.path)
    feature.banks = [bank]
    site = Recorder()
    feature.add_files(site, None, None)
    searched = {uri: options["search"] for uri, options in site.pages.items() if not options["search"].get("exclude")}
    assert set(site.pages) == {
        "quizzes/index.md",
        "quizzes/wrong.md",
        "quizzes/x.md",
        "quizzes/x/paper.md",
        "quizzes/x/answers.md",
    }
    assert searched == {"quizzes/x.md": {"text": "题库说明", "kind": "题库"}}


def test_questions_and_explanations_stay_out_of_every_other_file(sample_site):
    # A stem and an explanation that exist only in the sample banks.
    secrets = ("开会次数不得超过", "张某在函询中隐瞒事实")
    leaks = [
        path.relative_to(sample_site).as_posix()
        for path in sample_site.rglob("*")
        if path.is_file()
        and path.suffix in (".html", ".js", ".json")
        and not path.relative_to(sample_site).as_posix().startswith("quizzes/")
        and any(secret in path.read_text(encoding="utf-8", errors="ignore") for secret in secrets)
    ]
    assert leaks == []
    assert any(
        secret in p.read_text(encoding="utf-8") for p in (sample_site / "quizzes").rglob("*.js") for secret in secrets
    )
