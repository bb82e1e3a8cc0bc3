"""import-bank on real 题库 files: Excel's dates and percentages, several sheets, stable ids, --force."""

from __future__ import annotations

import datetime
import re
import zipfile

import yaml
from openpyxl import Workbook

from scripts.__main__ import main
from scripts.problems import Problems
from scripts.quiz.bank import load_bank
from scripts.quiz.xlsx import read_workbook

HEADER = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案"]


def workbook(path, sheets: dict[str, list[list]], formats: dict[tuple[str, str], str] | None = None):
    """Write sheets {name: rows} (first row the header); formats {(sheet, "C2"): number format}."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    for (name, cell), code in (formats or {}).items():
        book[name][cell].number_format = code
    book.save(path)
    return path


# --- cells as Excel shows them -----------------------------------------------------------


def test_date_and_percent_cells_read_as_excel_shows_them(tmp_path):
    rows = [
        HEADER,
        ["填空", "党的十八届六中全会于____召开", "", "", "", "", datetime.datetime(2016, 10, 24)],
        ["填空", "比例是____", "", "", "", "", 0.005],
        ["单选", "占比", 0.5, 0.25, "", "", "A"],
        ["填空", "开会时间____", "", "", "", "", datetime.time(14, 30)],
        ["填空", "日期____", "", "", "", "", datetime.datetime(2021, 7, 1)],
    ]
    formats = {
        ("Sheet1", "G2"): 'yyyy"年"m"月"d"日"',
        ("Sheet1", "G3"): "0.0%",
        ("Sheet1", "C4"): "0%",
        ("Sheet1", "D4"): "0.00%",
        ("Sheet1", "G5"): "h:mm",
        ("Sheet1", "G6"): "yyyy/m/d",
    }
    result = read_workbook(workbook(tmp_path / "t.xlsx", {"Sheet1": rows}, formats))
    assert result.errors == []
    answers = [q.answer for q in result.questions]
    assert answers[0] == [["2016年10月24日"]]
    assert answers[1] == [["0.5%"]]
    assert result.questions[2].options == ["50%", "25.00%"]
    assert answers[3] == [["14:30"]]
    assert answers[4] == [["2021/7/1"]]


def _with_builtin_format(path, custom: str, builtin: int):
    """Rewrite styles.xml so cells use Excel's built-in number format `builtin` (as Excel and WPS save
    `2016年1月1日` typed in a Chinese Excel) instead of openpyxl's custom copy of it."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    styles = parts["xl/styles.xml"].decode()
    escaped = re.escape(custom.replace('"', "&quot;"))
    number = re.search(rf'<numFmt numFmtId="(\d+)" formatCode="{escaped}"', styles)
    assert number, styles
    styles = styles.replace(f'numFmtId="{number[1]}"', f'numFmtId="{builtin}"')
    parts["xl/styles.xml"] = styles.encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def test_chinese_builtin_date_format_reads_as_shown(tmp_path):
    rows = [HEADER, ["填空", "《准则》自____起施行", "", "", "", "", datetime.datetime(2016, 1, 1)]]
    code = 'yyyy"年"m"月"d"日"'
    path = workbook(tmp_path / "b.xlsx", {"Sheet1": rows}, {("Sheet1", "G2"): code})
    result = read_workbook(_with_builtin_format(path, code, 31))
    assert result.errors == [] and result.questions[0].answer == [["2016年1月1日"]]


def test_a_date_format_that_cannot_be_shown_is_an_error_naming_the_cell(tmp_path):
    rows = [HEADER, ["填空", "日期____", "", "", "", "", datetime.datetime(2016, 1, 1)]]
    formats = {("Sheet1", "G2"): '[DBNum1]yyyy"年"m"月"d"日"'}
    result = read_workbook(workbook(tmp_path / "d.xlsx", {"Sheet1": rows}, formats))
    assert result.errors == [
        'd.xlsx:Sheet1:行2: 错误: [答案] 单元格 G2 的日期格式 “[DBNum1]yyyy"年"m"月"d"日"” 无法换算为文字；'
        "请在 Excel 中把它设为“文本”格式后重新输入"
    ]


# --- question ids ------------------------------------------------------------------------


def test_ids_come_from_serial_numbers_and_survive_a_deleted_row(tmp_path):
    header = ["序号", "题型", "题干", "选项A", "选项B", "答案"]
    rows = [[n, "单选", f"第{n}题", "甲", "乙", "A"] for n in (1, 2, 3, 4)]
    before = read_workbook(workbook(tmp_path / "a.xlsx", {"Sheet1": [header, *rows]}))
    assert [q.id for q in before.questions] == ["q0001", "q0002", "q0003", "q0004"]
    after = read_workbook(workbook(tmp_path / "b.xlsx", {"Sheet1": [header, rows[0], *rows[2:]]}))
    assert [(q.id, q.stem) for q in after.questions] == [("q0001", "第1题"), ("q0003", "第3题"), ("q0004", "第4题")]


def test_ids_without_number_columns_come_from_the_stem_not_the_row(tmp_path):
    rows = [["单选", f"第{n}题", "甲", "乙", "", "", "A"] for n in (1, 2, 3)]
    before = read_workbook(workbook(tmp_path / "a.xlsx", {"Sheet1": [HEADER, *rows]}))
    after = read_workbook(workbook(tmp_path / "b.xlsx", {"Sheet1": [HEADER, *rows[1:]]}))
    ids = {q.stem: q.id for q in before.questions}
    assert all(re.fullmatch(r"q-[0-9a-f]{8}", qid) for qid in ids.values()) and len(set(ids.values())) == 3
    assert {q.stem: q.id for q in after.questions} == {"第2题": ids["第2题"], "第3题": ids["第3题"]}


def test_an_id_column_wins_and_repeated_serial_numbers_are_errors(tmp_path):
    header = ["编号", "序号", "题型", "题干", "选项A", "选项B", "答案"]
    rows = [["dj-1", 1, "单选", "甲题", "甲", "乙", "A"], ["", 1, "单选", "乙题", "甲", "乙", "B"]]
    result = read_workbook(workbook(tmp_path / "a.xlsx", {"Sheet1": [header, *rows]}))
    assert result.errors == []  # 序号 1 is not used for the first row: it has an 编号
    assert [q.id for q in result.questions] == ["dj-1", "q0001"]
    rows = [["", 1, "单选", "甲题", "甲", "乙", "A"], ["", 1, "单选", "乙题", "甲", "乙", "B"]]
    result = read_workbook(workbook(tmp_path / "b.xlsx", {"Sheet1": [header, *rows]}))
    assert result.errors == ["b.xlsx:Sheet1:行3: 错误: [序号] 序号 “1” 重复（第一次在行2）"]


# --- every worksheet ---------------------------------------------------------------------


def three_sheets(path):
    header = ["序号", "题干", "选项A", "选项B", "选项C", "答案"]
    return workbook(
        path,
        {
            "说明": [["本题库供宣教月知识测试使用"]],
            "一、单选题": [header, [1, "单选一", "甲", "乙", "丙", "B"], [2, "单选二", "甲", "乙", "", "A"]],
            "多项选择题": [header, [1, "多选一", "甲", "乙", "丙", "AC"]],
            "判断": [["序号", "题干", "答案"], [1, "判断一", "正确"], [2, "判断二", "×"]],
            "Sheet5": [],
        },
    )


def test_every_sheet_is_read_and_its_name_gives_the_type(tmp_path):
    result = read_workbook(three_sheets(tmp_path / "宣教月.xlsx"))
    assert result.errors == []
    assert result.warnings == ["宣教月.xlsx:说明:行1: 警告: 第一行不是题库表头，已跳过这个工作表"]
    got = [(q.id, q.type, q.answer) for q in result.questions]
    assert got == [
        ("yi-dan-xuan-ti-0001", "single", "B"),
        ("yi-dan-xuan-ti-0002", "single", "A"),
        ("duo-xiang-xuan-ze-ti-0001", "multiple", ["A", "C"]),
        ("pan-duan-0001", "judge", True),
        ("pan-duan-0002", "judge", False),
    ]
    assert result.sheets == [("一、单选题", 2), ("多项选择题", 1), ("判断", 2)]


def test_one_sheet_by_name(tmp_path):
    result = read_workbook(three_sheets(tmp_path / "x.xlsx"), "判断")
    assert result.errors == [] and result.warnings == []
    assert [(q.id, q.type) for q in result.questions] == [("q0001", "judge"), ("q0002", "judge")]


def test_a_sheet_without_a_type_in_its_name_or_a_column_is_an_error(tmp_path):
    rows = [["题干", "答案"], ["题", "正确"]]
    result = read_workbook(workbook(tmp_path / "x.xlsx", {"题目": rows, "判断": rows}))
    assert result.errors == [
        "x.xlsx:题目:行1: 错误: 第一行应是表头，缺少 题型 列（表头示例：题型、题干、选项A … 选项F、答案、解析、分值）"
    ]


# --- duplicates, separators, type names, option labels ----------------------------------


def test_repeated_options_and_stems_are_warnings(tmp_path):
    header = ["题型", "题干", "选项A", "选项B", "选项C", "答案"]
    sheets = {
        "单选": [header, ["", "两个维护", "甲", "乙", "甲 ", "A"], ["", "四个意识", "甲", "乙", "丙", "B"]],
        "多选": [header, ["", "两个维护。", "甲", "乙", "丙", "AB"]],
    }
    result = read_workbook(workbook(tmp_path / "dup.xlsx", sheets))
    assert result.errors == []
    assert result.warnings == [
        "dup.xlsx:单选:行2: 警告: [选项] 选项A 和选项C 相同：“甲”",
        "dup.xlsx:多选:行2: 警告: [题干] 与单选:行2的题干相同；是重复的题目吗？",
    ]
    assert len(result.questions) == 3  # warnings do not drop anything


def test_fullwidth_bar_type_names_and_option_labels(tmp_path):
    header = ["题型", "题干", "选项", "答案"]
    rows = [
        header,
        ["单项选择", "甲", "A.党章｜B、党规｜C．纪律", "A"],
        ["多项选择", "乙", "（A）一｜(B) 二｜C：三", "AB"],
        ["判断题", "丙", "", "对"],
        ["填空题", "丁____和____", "", "一｜二"],
        ["单项选择题", "戊", "B超|A.乙", "A"],
    ]
    result = read_workbook(workbook(tmp_path / "s.xlsx", {"Sheet1": rows}))
    assert result.errors == []
    got = [(q.type, q.options, q.answer) for q in result.questions]
    assert got == [
        ("single", ["党章", "党规", "纪律"], "A"),
        ("multiple", ["一", "二", "三"], ["A", "B"]),
        ("judge", [], True),
        ("blank", [], [["一"], ["二"]]),
        ("single", ["B超", "A.乙"], "A"),  # a label is stripped only where it names its own position
    ]


def test_option_columns_lose_their_labels(tmp_path):
    rows = [HEADER, ["单选", "题", "A.甲", "B、乙", "C．丙", "D 丁", "C"]]
    result = read_workbook(workbook(tmp_path / "o.xlsx", {"Sheet1": rows}))
    assert result.errors == [] and result.questions[0].options == ["甲", "乙", "丙", "D 丁"]


# --- the command -------------------------------------------------------------------------

SETTINGS = """\
# 宣教月题库：标题和抽题规则由党办维护
id: xuan-jiao
title: 党风廉政建设宣教月知识测试
description: 每人随机 2 题
pass_score: 80
draw: 2
time_limit: 15
shuffle_options: false
tags: [宣教月]
questions:
  - id: old
    type: judge
    stem: 旧题
    answer: true
"""


def test_force_replaces_only_the_questions(scratch_site, capsys, tmp_path):
    target = scratch_site.write("materials/quizzes/xuan-jiao.yml", SETTINGS)
    source = three_sheets(tmp_path / "新题.xlsx")
    config = ["-f", scratch_site.config_file]
    assert main([*config, "import-bank", str(source), "--id", "xuan-jiao"]) == 1
    assert "文件已存在；要覆盖请加 --force" in capsys.readouterr().err
    assert main([*config, "import-bank", str(source), "--id", "xuan-jiao", "--force"]) == 0
    out, err = capsys.readouterr()
    assert "已保留题库设置：id、title、description、pass_score、draw、time_limit、shuffle_options、tags" in out
    assert "已导入 5 道题" in out
    assert "工作表 “一、单选题” 2 道；工作表 “多项选择题” 1 道；工作表 “判断” 2 道" in out
    assert err.splitlines() == ["新题.xlsx:说明:行1: 警告: 第一行不是题库表头，已跳过这个工作表"]
    text = target.read_text(encoding="utf-8")
    assert text.startswith(SETTINGS[: SETTINGS.index("questions:")])  # settings and comment as they were
    bank = load_bank(target, "x", Problems())
    assert (bank.title, bank.pass_score, bank.draw, bank.time_limit, bank.shuffle_options, bank.tags) == (
        "党风廉政建设宣教月知识测试",
        80,
        2,
        15,
        False,
        ["宣教月"],
    )
    assert bank.description == "每人随机 2 题"
    assert [q.stem for q in bank.questions] == ["单选一", "单选二", "多选一", "判断一", "判断二"]
    assert scratch_site.check(capsys)[0] == 0


def test_force_with_a_title_replaces_the_title_too(scratch_site, capsys, tmp_path):
    target = scratch_site.write("materials/quizzes/xuan-jiao.yml", SETTINGS)
    source = three_sheets(tmp_path / "新题.xlsx")
    args = ["-f", scratch_site.config_file, "import-bank", str(source), "--id", "xuan-jiao", "--force"]
    assert main([*args, "--title", "新标题"]) == 0
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["title"] == "新标题" and data["draw"] == 2 and len(data["questions"]) == 5


def test_force_refuses_a_bank_file_it_cannot_read(scratch_site, capsys, tmp_path):
    target = scratch_site.write("materials/quizzes/xuan-jiao.yml", "id: [unclosed\n")
    source = three_sheets(tmp_path / "新题.xlsx")
    args = ["-f", scratch_site.config_file, "import-bank", str(source), "--id", "xuan-jiao", "--force"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert f"{target}:1: 错误: 现有题库文件无法读取，--force 无法保留它的设置；请先改正或删除这个文件" in err
    assert target.read_text(encoding="utf-8") == "id: [unclosed\n"
