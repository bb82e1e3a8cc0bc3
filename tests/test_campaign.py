"""宣教活动: validation of campaigns and records, progress by date, ranking, the Excel round trip,
the 台账 workbook, 测试汇总 of 成绩单 CSVs, generated pages and privacy."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from openpyxl import Workbook, load_workbook
from PIL import Image
from support import ROOT

from scripts.__main__ import main
from scripts.campaign import progress
from scripts.campaign.feature import CampaignFeature
from scripts.campaign.model import Activity, Campaign, Record
from scripts.campaign.tally import normal, read_results, read_roster, tally
from scripts.problems import Problems
from scripts.project import load_mkdocs_config, plugin_options
from scripts.registry import validate_site

D = datetime.date
UNITS = ["城关镇", "新华街道", "东湖镇"]

CAMPAIGN = """\
    id: ce-shi
    title: 测试宣教月
    theme: 测试主题
    start: 2026-05-04
    end: 2026-05-29
    lead: 区纪委
    units: [城关镇, 新华街道, 东湖镇]
    activities:
      - id: dong-yuan
        name: 动员部署
        start: 2026-05-04
        end: 2026-05-08
        requirements: 召开**动员会**。
        evidence: [会议照片, 签到表]
        materials: [units/a.md]
      - id: xue-xi
        name: 集中学习
        units: [城关镇, 新华街道]
        start: 2026-05-11
        end: 2026-05-15
      - id: ce-yan
        name: 知识测试
        start: 2026-05-18
        end: 2026-05-29
    """
CHENGGUAN = """\
    unit: 城关镇
    records:
      - activity: dong-yuan
        date: 2026-05-06
        participants: 30
        summary: 召开动员会。
        evidence: [{file: 照片/会场.png, caption: 动员会现场}]
      - activity: 集中学习
        date: 2026-05-18
        participants: 25
        summary: 推迟后集中学习。
    """
XINHUA = """\
    unit: 新华街道
    records:
      - activity: dong-yuan
        date: 2026-05-08
        summary: 动员部署。
    """


def png(width: int = 900, height: int = 600) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (180, 40, 40)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def campaign_site(scratch_site):
    scratch_site.unit("a", title="动员学习材料")
    scratch_site.write("materials/campaigns/ce-shi.yml", CAMPAIGN)
    scratch_site.write("materials/records/ce-shi/城关镇.yml", CHENGGUAN)
    scratch_site.write("materials/records/ce-shi/新华街道.yml", XINHUA)
    scratch_site.write_bytes("materials/records/ce-shi/照片/会场.png", png())
    return scratch_site


def load(site) -> Campaign:
    from scripts.project import load_mkdocs_config

    config = load_mkdocs_config(site.config_file)
    catalog, features = validate_site(plugin_options(config), site.path, site.path / "docs", include_drafts=False)
    assert catalog.problems.errors == []
    return next(f for f in features if isinstance(f, CampaignFeature)).campaigns[0]


# --- validation -----------------------------------------------------------------------------


def test_the_sample_and_a_valid_campaign_pass(campaign_site, capsys):
    assert campaign_site.check(capsys) == (0, [])
    campaign = load(campaign_site)
    assert [a.id for a in campaign.activities] == ["dong-yuan", "xue-xi", "ce-yan"]
    assert campaign.activity("xue-xi").units == ["城关镇", "新华街道"]
    assert campaign.activity("ce-yan").units == UNITS and campaign.activity("ce-yan").lead == "区纪委"
    assert [(r.unit, r.activity) for r in campaign.records] == [
        ("城关镇", "dong-yuan"),
        ("城关镇", "xue-xi"),  # found by its name
        ("新华街道", "dong-yuan"),
    ]


def test_campaign_mistakes_each_get_a_line(campaign_site, capsys):
    bad = (
        CAMPAIGN.replace("units: [城关镇, 新华街道, 东湖镇]", "units: [城关镇, 新华街道, 东湖镇, 西湖镇]")
        .replace("    end: 2026-05-08", "    end: 2026-05-02")
        .replace("units: [城关镇, 新华街道]", "units: [城关镇, 新华街]")
        .replace(
            "materials: [units/a.md]",
            "materials: [units/b.md]\n        quizzes: [mei-you]\n        sessions: [2026-05-07]",
        )
        .replace(
            "name: 知识测试\n        start: 2026-05-18\n        end: 2026-05-29",
            "name: 知识测试\n        colour: red\n        start: 2026-05-18\n        end: 2026-06-05",
        )
    )
    campaign_site.write("materials/campaigns/ce-shi.yml", bad)
    code, lines = campaign_site.check(capsys)
    assert code == 1
    rel = "materials/campaigns/ce-shi.yml"
    assert f"{rel}:7: 错误: 责任单位 “西湖镇” 不在 mkdocs.yml 的 campaign_units 中。是否应为 “东湖镇”？" in lines
    assert f"{rel}:12: 错误: 活动“动员部署”的结束日期 2026-05-02 早于开始日期 2026-05-04" in lines
    assert f"{rel}:15: 错误: 学习材料 “units/b.md” 找不到。是否应为 “units/a.md”？" in lines
    assert f"{rel}:16: 错误: 知识测试 “mei-you” 不存在：没有这个编号的题库。题库放在 materials/quizzes/ 中" in lines
    assert f"{rel}:17: 错误: 学习安排 “2026-05-07” 不存在。请写学习安排中那次学习的日期，例如 2026-11-26" in lines
    assert f"{rel}:20: 错误: 责任单位 “新华街” 不是本次宣教活动的责任单位。是否应为 “新华街道”？" in lines
    assert (
        f"{rel}:27: 错误: 活动“知识测试”（2026-05-18 至 2026-06-05）超出了宣教活动的时间（2026-05-04 至 2026-05-29）"
        in lines
    )
    assert any(line.startswith(f"{rel}:25: 错误: 未知字段 “colour”") for line in lines)
    assert len([line for line in lines if ": 错误: " in line]) == 8


def test_missing_fields_point_at_the_activity(campaign_site, capsys):
    campaign_site.write(
        "materials/campaigns/ce-shi.yml",
        CAMPAIGN.replace("        start: 2026-05-11\n", ""),
    )
    code, lines = campaign_site.check(capsys)
    assert code == 1
    # Reported once, at the activity; the record of that activity is not reported again.
    assert lines == ["materials/campaigns/ce-shi.yml:16: 错误: 缺少必填字段 “start”（开始日期）"]


def test_record_mistakes_each_get_a_line(campaign_site, capsys):
    campaign_site.write(
        "materials/records/ce-shi/东湖镇.yml",
        """\
        unit: 东湖镇
        records:
          - activity: dong-yaun
            date: 2026-05-06
            summary: 写错活动编号。
          - activity: xue-xi
            date: 2026-05-12
            summary: 东湖镇不是集中学习的责任单位。
          - activity: ce-yan
            date: 2026-05-32
            participants: 很多
            summary: 日期和人数都错了。
          - activity: dong-yuan
            date: 2026-05-01
            summary: 早于活动开始。
            evidence: [照片/没有这张.jpg, 说明.docx]
            materials: [cases/x.md]
          - activity: dong-yuan
            date: 2026-05-07
            summary: 同一活动第二条。
        """,
    )
    campaign_site.write("materials/records/ce-shi/重复.yml", "unit: 城关镇\nrecords: []\n")
    campaign_site.write("materials/records/ce-shi/外单位.yml", "unit: 西湖镇\nrecords: []\n")
    campaign_site.write("materials/records/mei-you/城关镇.yml", "unit: 城关镇\nrecords: []\n")
    code, lines = campaign_site.check(capsys)
    assert code == 1
    rel = "materials/records/ce-shi/东湖镇.yml"
    assert lines == sorted(
        [
            f"{rel}:3: 错误: 活动 “dong-yaun” 不在“测试宣教月”中。是否应为 “dong-yuan”？",
            f"{rel}:6: 错误: 东湖镇不是“集中学习”的责任单位",
            f"{rel}:10: 错误: 字段 “date”（开展日期）“2026-05-32” 不是有效日期，应为 YYYY-MM-DD 格式，例如 2024-03-05",
            f"{rel}:11: 错误: 字段 “participants”（参加人数）应为不小于 0 的整数，实际是 “很多”",
            f"{rel}:14: 警告: 开展日期 2026-05-01 早于“动员部署”的开始日期 2026-05-04",
            f"{rel}:16: 错误: 佐证材料 “照片/没有这张.jpg” 找不到：请把文件放到 records/ce-shi/ 文件夹中（路径相对于该文件夹）",
            f"{rel}:16: 错误: 佐证材料 “说明.docx” 应为图片（jpg、png、webp、gif、svg）或 PDF 文件",
            f"{rel}:17: 错误: 使用的材料 “cases/x.md” 找不到。应写材料的路径，例如 units/三会一课.md",
            f"{rel}:18: 错误: “动员部署”已有记实（第 13 行）；每项活动一条记实",
            "materials/records/ce-shi/外单位.yml:1: 错误: “西湖镇” 不是“测试宣教月”的责任单位。是否应为 “东湖镇”？",
            "materials/records/ce-shi/重复.yml:1: 错误: 城关镇的工作记实已在 materials/records/ce-shi/城关镇.yml 中；一个单位只用一个文件",
            "materials/records/mei-you/城关镇.yml:1: 错误: 文件夹 “mei-you” 不是任何宣教活动的编号，其中的工作记实不会被使用。现有活动：ce-shi",
        ],
        key=lambda line: (line.split(":")[0], int(line.split(":")[1]), line),
    )


def test_broken_yaml_and_wrong_shapes(campaign_site, capsys):
    campaign_site.write("materials/campaigns/ce-shi.yml", CAMPAIGN.split("activities:")[0] + "activities: 很多\n")
    campaign_site.write(
        "materials/campaigns/kong.yml", "title: 空\nstart: 2026-01-01\nend: 2026-01-31\nactivities:\n\t- x\n"
    )
    code, lines = campaign_site.check(capsys)
    assert code == 1
    assert any(line.startswith("materials/campaigns/ce-shi.yml:8: 错误: 字段 “activities” 应为列表") for line in lines)
    assert "materials/campaigns/kong.yml:5: 错误: 使用了 Tab 缩进；YAML 只能用空格缩进，请把 Tab 换成空格" in lines


# --- progress by date -------------------------------------------------------------------------


def small() -> Campaign:
    a = Activity("a", "甲", "区纪委", ["城关镇", "新华街道"], D(2026, 5, 4), D(2026, 5, 8), number=1)
    b = Activity("b", "乙", "区纪委", ["城关镇", "新华街道", "东湖镇"], D(2026, 5, 11), D(2026, 5, 15), number=2)
    c = Campaign("x", "活动", D(2026, 5, 4), D(2026, 5, 29), UNITS, [a, b])
    c.records = [
        Record("城关镇", "a", D(2026, 5, 6), "按时"),
        Record("新华街道", "a", D(2026, 5, 9), "逾期"),
        Record("城关镇", "b", D(2026, 5, 15), "最后一天"),
    ]
    return c


@pytest.mark.parametrize(
    ("day", "statuses", "cells"),
    [
        (D(2026, 5, 3), ["未开始", "未开始"], ["done", "late", "done", "waiting", "waiting"]),
        (D(2026, 5, 4), ["进行中", "未开始"], ["done", "late", "done", "waiting", "waiting"]),
        (D(2026, 5, 8), ["进行中", "未开始"], ["done", "late", "done", "waiting", "waiting"]),
        (D(2026, 5, 9), ["已结束", "未开始"], ["done", "late", "done", "waiting", "waiting"]),
        (D(2026, 5, 12), ["已结束", "进行中"], ["done", "late", "done", "open", "open"]),
        (D(2026, 5, 16), ["已结束", "已结束"], ["done", "late", "done", "overdue", "overdue"]),
    ],
)
def test_states_before_during_and_after(day, statuses, cells):
    c = small()
    a, b = c.activities
    assert [progress.activity_status(x, day) for x in (a, b)] == statuses
    pairs = [("城关镇", a), ("新华街道", a), ("城关镇", b), ("新华街道", b), ("东湖镇", b)]
    assert [progress.cell_state(x, c.record(unit, x.id), day) for unit, x in pairs] == cells


def test_ranking_by_completion_then_overdue_then_late():
    c = small()
    early = progress.ranking(c, D(2026, 5, 10))
    # Only 甲 is due: 城关镇 on time, 新华街道 late, 东湖镇 has nothing due yet (—, counted as 100%).
    assert [(s.unit, s.rank, s.due, s.on_time, s.rate_label) for s in early] == [
        ("城关镇", 1, 1, 1, "100%"),
        ("东湖镇", 2, 0, 0, "—"),
        ("新华街道", 3, 1, 0, "0%"),
    ]
    late = progress.ranking(c, D(2026, 5, 20))
    assert [(s.unit, s.rank, s.rate, len(s.overdue), len(s.late), s.done) for s in late] == [
        ("城关镇", 1, 100, 0, 0, 2),
        ("新华街道", 2, 0, 1, 1, 1),
        ("东湖镇", 3, 0, 1, 0, 0),
    ]
    assert [a.name for a in late[1].overdue] == ["乙"] and [a.name for a in late[1].late] == ["甲"]
    totals = progress.totals(c, late)
    assert (totals.due, totals.on_time, totals.rate, totals.late, totals.overdue) == (5, 2, 40, 1, 2)


def test_equal_units_share_a_rank():
    c = small()
    c.records = []
    scores = progress.ranking(c, D(2026, 5, 20))
    assert [(s.unit, s.rank) for s in scores] == [("东湖镇", 1), ("城关镇", 2), ("新华街道", 2)]


def test_percent_rounds_halves_up_like_the_browser():
    assert [progress.percent(1, 8), progress.percent(1, 3), progress.percent(2, 3), progress.percent(0, 0)] == [
        13,
        33,
        67,
        100,
    ]


# --- pages ------------------------------------------------------------------------------------


def build_at(site, day: datetime.date, monkeypatch, tmp_path):
    noon = datetime.datetime(day.year, day.month, day.day, 4, tzinfo=datetime.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(noon.timestamp())))
    out = tmp_path / f"site-{day}"
    assert site.build(out) == 0
    return out


def text(path) -> str:
    html = path.read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_pages_carry_the_build_day_states(campaign_site, monkeypatch, tmp_path):
    campaign_site.write(
        "materials/records/ce-shi/东湖镇.yml",
        'unit: 东湖镇\nrecords:\n  - activity: ce-yan\n    date: 2026-05-19\n    summary: "<script>alert(1)</script> **好**"\n',
    )
    out = build_at(campaign_site, D(2026, 5, 12), monkeypatch, tmp_path)
    base = out / "campaigns" / "ce-shi"
    assert {p.name for p in base.glob("*.html")} == {
        "index.html",
        "dong-yuan.html",
        "xue-xi.html",
        "ce-yan.html",
        "tongbao.html",
    }
    assert {p.name for p in (base / "units").glob("*.html")} == {
        "cheng-guan-zhen.html",
        "xin-hua-jie-dao.html",
        "dong-hu-zhen.html",
    }
    roadmap = (base / "index.html").read_text(encoding="utf-8")
    assert roadmap.count("data-xl-activity") == 6  # three rows of the SVG, three list entries
    assert re.findall(r'class="xl-road__row" data-xl-activity data-state="(\w+)"', roadmap) == [
        "ended",
        "running",
        "waiting",
    ]
    assert 'data-xl-today style="display:none"' not in roadmap and "今天 5/12" in roadmap
    activity = text(base / "dong-yuan.html")
    assert "召开 动员会 。" in activity and "会议照片" in activity and "动员学习材料" in activity
    states = re.findall(r'data-xl-cell data-state="(\w+)"', (base / "dong-yuan.html").read_text(encoding="utf-8"))
    assert states == ["done", "done", "overdue"]
    report = (base / "tongbao.html").read_text(encoding="utf-8")
    ranked = re.findall(r'<tr data-xl-unit="([^"]+)"', report)
    assert ranked == ["城关镇", "新华街道", "东湖镇"]
    assert "截至 2026年5月12日" in text(base / "tongbao.html")
    unit = (base / "units" / "cheng-guan-zhen.html").read_text(encoding="utf-8")
    assert re.findall(r"<h2>([一二三])、([^<]+)</h2>", unit) == [
        ("一", "动员部署"),
        ("二", "集中学习"),
        ("三", "知识测试"),
    ]
    # Records come from units' spreadsheets: their text is escaped, only **bold** and *em* are kept.
    markup = (base / "units" / "dong-hu-zhen.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in markup and "&lt;script&gt;alert(1)&lt;/script&gt; <strong>好</strong>" in markup
    thumb = base / "files" / "照片" / "_phone" / "会场.jpg"
    assert thumb.is_file() and Image.open(thumb).width == 480
    assert "files/%E7%85%A7%E7%89%87/_phone/%E4%BC%9A%E5%9C%BA.jpg" in unit and 'alt="动员会现场"' in unit


def test_states_follow_the_build_day(campaign_site, monkeypatch, tmp_path):
    before = build_at(campaign_site, D(2026, 5, 1), monkeypatch, tmp_path)
    after = build_at(campaign_site, D(2026, 6, 1), monkeypatch, tmp_path)
    for out, rows, today_hidden in ((before, ["waiting"] * 3, True), (after, ["ended"] * 3, True)):
        roadmap = (out / "campaigns/ce-shi/index.html").read_text(encoding="utf-8")
        assert re.findall(r'class="xl-road__row" data-xl-activity data-state="(\w+)"', roadmap) == rows
        assert ('data-xl-today style="display:none"' in roadmap) == today_hidden
    states = re.findall(
        r'data-xl-cell data-state="(\w+)"', (after / "campaigns/ce-shi/xue-xi.html").read_text(encoding="utf-8")
    )
    assert states == ["late", "overdue"]


def test_an_internal_campaign_is_not_published(campaign_site, monkeypatch, tmp_path):
    campaign_site.write(
        "materials/campaigns/ce-shi.yml",
        CAMPAIGN.replace("    lead: 区纪委\n", "    lead: 区纪委\n    internal: true\n", 1),
    )
    out = build_at(campaign_site, D(2026, 5, 12), monkeypatch, tmp_path)
    assert not (out / "campaigns" / "ce-shi").exists()
    everything = "".join(p.read_text(encoding="utf-8", errors="ignore") for p in out.rglob("*") if p.is_file())
    assert "测试宣教月" not in everything and "召开动员会" not in everything
    assert "还没有宣教活动" in text(out / "campaigns" / "index.html")
    # The office previews (and prints) it locally with `mkdocs serve`.
    config = load_mkdocs_config(campaign_site.config_file)
    options = plugin_options(config)
    for serving, shown in ((False, []), (True, ["ce-shi"])):
        _, features = validate_site(options, campaign_site.path, campaign_site.path / "docs", serving, serving)
        feature = next(f for f in features if isinstance(f, CampaignFeature))
        assert [c.id for c in feature.published] == shown


# --- records-template → Excel → import-records -----------------------------------------------


def run(site, *args) -> int:
    return main(["-f", site.config_file, *args])


def test_template_round_trip(campaign_site, tmp_path, capsys):
    template = tmp_path / "模板.xlsx"
    assert run(campaign_site, "records-template", "ce-shi", "--unit", "东湖镇", "--out", str(template)) == 0
    book = load_workbook(template)
    assert book.sheetnames == ["工作记实", "填写说明", "选项"] and book["选项"].sheet_state == "hidden"
    sheet = book["工作记实"]
    assert [c.value for c in sheet[1]] == [
        "责任单位",
        "活动",
        "开展日期",
        "参加人数",
        "开展情况",
        "佐证材料文件",
        "使用的学习材料",
    ]
    assert [(r[0].value, r[1].value) for r in sheet.iter_rows(min_row=2)] == [
        ("东湖镇", "动员部署"),
        ("东湖镇", "知识测试"),
    ]
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"}
    assert lists == {"A2:A202": "=选项!$A$2:$A$2", "B2:B202": "=选项!$B$2:$B$4"}
    assert "召开**动员会**。" in [c.value for c in book["填写说明"]["G"]]
    # The unit fills in one activity, with a picture it sent along, and imports.
    campaign_site.write_bytes("materials/records/ce-shi/东湖镇/动员会.png", png())
    sheet["C2"], sheet["D2"], sheet["E2"] = datetime.datetime(2026, 5, 7), 41, "召开动员会，\n明确分工。"
    sheet["F2"] = "东湖镇/动员会.png|动员会"
    book.save(template)
    assert run(campaign_site, "import-records", str(template)) == 0
    out = capsys.readouterr().out
    assert "东湖镇：新增 1 条，更新 0 条 → materials/records/ce-shi/东湖镇.yml" in out
    written = (campaign_site.path / "materials/records/ce-shi/东湖镇.yml").read_text(encoding="utf-8")
    assert (
        "  - activity: dong-yuan\n    date: 2026-05-07\n    participants: 41\n    summary: |\n      召开动员会，\n      明确分工。\n"
        in written
    )
    assert "    evidence: [{file: 东湖镇/动员会.png, caption: 动员会}]\n" in written
    # Importing again changes the row in place: no duplicate.
    sheet["D2"] = 43
    book.save(template)
    assert run(campaign_site, "import-records", str(template)) == 0
    assert "东湖镇：新增 0 条，更新 1 条" in capsys.readouterr().out
    campaign = load(campaign_site)
    assert [(r.unit, r.activity, r.participants) for r in campaign.records_of("东湖镇")] == [
        ("东湖镇", "dong-yuan", 43)
    ]
    assert campaign_site.check(capsys) == (0, [])


def test_import_keeps_other_activities_of_the_unit(campaign_site, tmp_path, capsys):
    template = tmp_path / "城关镇.xlsx"
    assert run(campaign_site, "records-template", "ce-shi", "--unit", "城关镇", "--out", str(template)) == 0
    book = load_workbook(template)
    sheet = book["工作记实"]
    rows = {r[1].value: r for r in sheet.iter_rows(min_row=2)}
    assert rows["动员部署"][2].value == datetime.datetime(2026, 5, 6)  # prefilled from the record
    for cell in rows["动员部署"][2:] + rows["集中学习"][2:]:
        cell.value = None  # the unit only sends what it did since
    rows["知识测试"][2].value, rows["知识测试"][4].value = "2026年5月20日", "组织测试。"
    book.save(template)
    assert run(campaign_site, "import-records", str(template)) == 0
    campaign = load(campaign_site)
    assert [r.activity for r in campaign.records_of("城关镇")] == ["dong-yuan", "xue-xi", "ce-yan"]
    assert campaign.record("城关镇", "ce-yan").date == D(2026, 5, 20)


def test_bad_rows_are_all_reported_and_nothing_is_written(campaign_site, tmp_path, capsys):
    template = tmp_path / "全部.xlsx"
    assert run(campaign_site, "records-template", "ce-shi", "--out", str(template)) == 0
    book = load_workbook(template)
    sheet = book["工作记实"]
    assert sheet.max_row == 1 + 3 + 3 + 2  # 东湖镇 is not in 集中学习
    sheet.append(["西湖镇", "动员部署", "2026-05-06", 3, "外单位"])
    sheet.append(["东湖镇", "集中学习", "2026-05-13", 3, "不是责任单位"])
    sheet.append(["东湖镇", "知识测试", "5月20日", -2, ""])
    sheet.append(["东湖镇", "动员部署", "2026-05-06", "", "有图", "没有.jpg"])
    sheet.append(["东湖镇", "动员部署", "2026-05-07", "", "第二行"])
    book.save(template)
    before = sorted(p.read_bytes() for p in (campaign_site.path / "materials/records/ce-shi").glob("*.yml"))
    assert run(campaign_site, "import-records", str(template)) == 1
    err = capsys.readouterr().err.splitlines()
    where = "全部.xlsx:工作记实"
    assert err == [
        f"{where}:行10: 错误: [责任单位] “西湖镇” 不是“测试宣教月”的责任单位；请从下拉列表中选择",
        f"{where}:行11: 错误: [活动] 东湖镇不是“集中学习”的责任单位",
        f"{where}:行12: 错误: [开展日期] “5月20日” 不是有效日期，应写成 2026-11-20",
        f"{where}:行12: 错误: [参加人数] 应为不小于 0 的整数，实际是 “-2”",
        f"{where}:行12: 错误: [开展情况] 不能为空：请简要写明活动开展情况",
        f"{where}:行13: 错误: [佐证材料文件] 佐证材料 “没有.jpg” 找不到：请把文件放到 records/ce-shi/ 文件夹中（路径相对于该文件夹）",
        f"{where}:行14: 错误: [活动] 东湖镇的“动员部署”已在行13填写；每个单位每项活动一行",
        "导入未完成：共 7 个错误，没有写入任何文件。",
    ]
    after = sorted(p.read_bytes() for p in (campaign_site.path / "materials/records/ce-shi").glob("*.yml"))
    assert after == before


def test_a_foreign_workbook_needs_the_campaign_and_a_header(campaign_site, tmp_path, capsys):
    path = tmp_path / "随便.xlsx"
    book = Workbook()
    book.active.append(["单位", "活动名称", "人数"])
    book.save(path)
    assert run(campaign_site, "import-records", str(path)) == 1
    assert "请用 --campaign 指定活动编号" in capsys.readouterr().err
    assert run(campaign_site, "import-records", str(path), "--campaign", "ce-shi") == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "随便.xlsx:Sheet:行1: 错误: 第一行应是表头，缺少 开展日期、开展情况 列（请使用 records-template 生成的模板）"
    )


# --- ledger ---------------------------------------------------------------------------------


def test_ledger_workbook_cell_by_cell(campaign_site, tmp_path):
    path = tmp_path / "台账.xlsx"
    assert run(campaign_site, "ledger", "ce-shi", "--out", str(path), "--date", "2026-05-20") == 0
    book = load_workbook(path)
    assert book.sheetnames == ["汇总", "城关镇", "新华街道", "东湖镇", "1 动员部署", "2 集中学习", "3 知识测试"]
    rows = [list(r) for r in book["汇总"].iter_rows(min_row=4, values_only=True)]
    assert rows == [
        [
            "责任单位",
            "1 动员部署",
            "2 集中学习",
            "3 知识测试",
            "应报送",
            "按时报送",
            "逾期报送",
            "逾期未报送",
            "完成率",
            "排名",
        ],
        ["城关镇", "已报送 05-06", "逾期报送 05-18", "未报送", 2, 1, 1, 0, "50%", 1],
        ["新华街道", "已报送 05-08", "逾期未报送", "未报送", 2, 1, 0, 1, "50%", 2],
        ["东湖镇", "逾期未报送", "—", "未报送", 1, 0, 0, 1, "0%", 3],
    ]
    assert book["汇总"]["A2"].value == "统计日期：2026年5月20日"
    assert book["汇总"]["C6"].fill.fgColor.rgb.endswith("FFCDD2")  # 逾期未报送 in red
    unit = [list(r) for r in book["城关镇"].iter_rows(min_row=5, values_only=True)]
    day = datetime.datetime
    assert unit[0][:8] == [1, "动员部署", day(2026, 5, 4), day(2026, 5, 8), "区纪委", "已报送", day(2026, 5, 6), 30]
    assert unit[0][8:] == ["召开动员会。", "照片/会场.png（动员会现场）", None]
    assert [r[5] for r in unit] == ["已报送", "逾期报送", "未报送"]
    activity = [list(r) for r in book["2 集中学习"].iter_rows(min_row=5, values_only=True)]
    assert activity == [
        [1, "城关镇", "逾期报送", datetime.datetime(2026, 5, 18), 25, "推迟后集中学习。", None, None],
        [2, "新华街道", "逾期未报送", None, None, None, None, None],
    ]


def test_workbooks_are_never_written_where_the_site_is_built_from(campaign_site, capsys):
    for folder in ("docs", "materials/units"):
        target = campaign_site.path / folder / "台账.xlsx"
        assert run(campaign_site, "ledger", "ce-shi", "--out", str(target)) == 1
        assert not target.exists()
        assert "错误: 不能写到" in capsys.readouterr().err


# --- 测试汇总 -----------------------------------------------------------------------------------

V1 = (
    '"姓名","所在支部","测试","交卷时间","用时","得分","满分","百分制得分","结果","答对题数","题数"\r\n'
    '"{name}","{branch}","知识测试","{time}","3 分 1 秒","{score}","10","{pct}","{result}","{score}","10"\r\n'
    "\r\n"
    '"题号","题目编号","题型","题目","你的答案","正确答案","结果","得分"\r\n'
    '"1","q1","判断题","题目","正确","正确","对","1"\r\n'
)
# Format 2 (quiz.js CSV_FORMAT = 2): the bank id and the format version as the last two columns.
V2_COLUMNS = (
    '"姓名","所在支部","测试","交卷时间","用时","得分","满分","百分制得分","结果","答对题数","题数","题库编号","格式版本"\r\n'
    '"{name}","{branch}","知识测试","{time}","1 分","{score}","10","{pct}","{result}","{score}","10","ti-ku","2"\r\n'
    "\r\n"
    '"题号","题目编号","题型","题目","你的答案","正确答案","结果","得分"\r\n'
)
V2_ROWS = '"成绩单格式","2"\r\n"题库编号","ti-ku"\r\n' + V1


def sheet(name, branch, pct, time="2026-05-20 10:00:00", form=V1) -> str:
    score = pct // 10
    return "\ufeff" + form.format(
        name=name, branch=branch, pct=pct, score=score, time=time, result="合格" if pct >= 60 else "不合格"
    )


def write_csvs(folder, entries) -> list[str]:
    paths = []
    for n, entry in enumerate(entries):
        path = folder / f"成绩单-{n}.csv"
        path.write_text(sheet(*entry[:4]) if len(entry) < 5 else sheet(*entry), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_both_csv_formats_read_the_same(tmp_path):
    problems = Problems()
    results = []
    for n, form in enumerate((V1, V2_COLUMNS, V2_ROWS)):
        path = tmp_path / f"{n}.csv"
        path.write_text(sheet("'=张三", "第一支部", 80, form=form), encoding="utf-8")
        results += read_results(path, path.name, problems)
    assert problems.items == []
    assert [(r.name, r.branch, r.percent, r.passed, r.version, r.bank) for r in results] == [
        ("=张三", "第一支部", 80, True, 1, ""),
        ("=张三", "第一支部", 80, True, 2, "ti-ku"),
        ("=张三", "第一支部", 80, True, 2, "ti-ku"),
    ]
    assert results[0].ended == datetime.datetime(2026, 5, 20, 10, 0, 0)


def test_excel_resaved_gbk_csv_is_read_with_a_warning(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes(sheet("李四", "第二支部", 90, time="2026/5/20 10:03").lstrip("\ufeff").encode("gbk"))
    problems = Problems()
    [result] = read_results(path, "gbk.csv", problems)
    assert (result.name, result.ended) == ("李四", datetime.datetime(2026, 5, 20, 10, 3))
    assert [str(p) for p in problems.items] == [
        "gbk.csv:1: 警告: 文件不是 UTF-8 编码，已按 GBK 读取；请用“另存为”选择 UTF-8 编码保存"
    ]


def test_bad_files_and_rows_are_reported(tmp_path):
    (tmp_path / "a.csv").write_text("随便,什么\n1,2\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(sheet("", "第一支部", 120, time="昨天"), encoding="utf-8")
    (tmp_path / "c.csv").write_text(
        sheet("王五", "第一支部", 70, form=V2_COLUMNS).replace('"ti-ku","2"', '"ti-ku","3"'), encoding="utf-8"
    )
    problems = Problems()
    for name in ("a.csv", "b.csv", "c.csv"):
        assert read_results(tmp_path / name, name, problems) == []
    assert [str(p) for p in problems.sorted()] == [
        "a.csv:1: 错误: 不是成绩单 CSV：找不到“姓名、所在支部、得分……”表头（请交知识测试成绩单上“下载表格（Excel 可打开）”得到的文件）",
        "b.csv:2: 错误: 交卷时间 “昨天” 无法识别，应为 2026-11-26 14:05:09",
        "b.csv:2: 错误: 姓名为空",
        "b.csv:2: 错误: 百分制得分 “120” 应为 0 到 100 的数字",
        "c.csv:2: 错误: 成绩单格式版本 3 比本程序认识的新（最高 2）；请更新网站程序后再汇总",
    ]


def test_duplicates_roster_and_same_names(tmp_path):
    roster_path = tmp_path / "花名册.csv"
    roster_path.write_text(
        "序号,姓名,所在支部\n1,张 三,第一支部\n2,李四,第一支部\n3,王芳,第二支部\n4,王芳,第二支部\n5,赵六,第二支部\n6,孙七,第二支部\n",
        encoding="utf-8",
    )
    problems = Problems()
    roster = read_roster(roster_path, "花名册.csv", problems)
    entries = [
        ("张三", "第一支部", 50, "2026-05-20 10:00:00"),
        ("张三", "第一支部", 90, "2026-05-20 11:00:00"),
        ("张三", "第一支部", 70, "2026-05-20 12:00:00"),
        ("李四", "第一支部", 60, "2026-05-20 10:00:00"),
        ("王芳", "第二支部", 80, "2026-05-20 10:00:00"),
        ("赵六", "第二支部", 40, "2026-05-20 10:00:00"),
        ("ＬＩ　Ｍｉｎｇ", "第一支部", 100, "2026-05-20 10:00:00"),  # full-width letters and space
        ("孙七", "第三支部", 100, "2026-05-20 10:00:00"),
    ]
    results = []
    for path in write_csvs(tmp_path, entries):
        results += read_results(tmp_path / path, path, problems)
    assert problems.items == []
    best = tally(results, roster, "best")
    by_name = {r.name: r for r in best.results if r.name != "王芳"}
    assert (
        by_name["张三"].percent == 90
        and by_name["张三"].attempts == 3
        and by_name["张三"].note == "提交 3 次，取最高分"
    )
    assert {r.name: r.percent for r in tally(results, roster, "latest").results}["张三"] == 70
    assert [(r.name, r.note) for r in best.results if r.name == "王芳"] == [("王芳", "同名，待核对")]
    rows = [(b.branch, b.expected, b.took, b.average, b.passed, b.participation, b.pass_rate) for b in best.branches]
    assert rows == [
        ("第一支部", 2, 3, 83.3, 3, "150%", "100%"),
        ("第二支部", 4, 2, 60.0, 1, "50%", "50%"),
        ("第三支部", 0, 1, 100.0, 1, "—", "100%"),
    ]
    assert [(p.name, p.branch) for p in best.absent] == [("王芳", "第二支部"), ("孙七", "第二支部")]
    checks = {(name, branch): note for name, branch, note in best.checks}
    assert checks[("王芳", "第二支部")].startswith("花名册中本支部有 2 人同名（花名册.csv 第 4、5 行）")
    assert checks[("孙七", "第三支部")] == "花名册中没有本支部的此人；同名者在：第二支部（支部名称是否填错？）"
    assert checks[("ＬＩ　Ｍｉｎｇ", "第一支部")] == "花名册中没有此人"
    assert normal("ＬＩ　Ｍｉｎｇ") == "LIMing" and normal(" 张 三 ") == "张三"


def test_tally_command_writes_the_workbook_and_feeds_a_record(campaign_site, tmp_path, capsys):
    roster = tmp_path / "花名册.csv"
    roster.write_text("姓名,所在支部\n甲,城关镇\n乙,城关镇\n丙,东湖镇\n", encoding="utf-8")
    csvs = write_csvs(
        tmp_path, [("甲", "城关镇", 90), ("乙", "城关镇", 50), ("乙", "城关镇", 70), ("丙", "东湖镇", 80)]
    )
    out = tmp_path / "测试汇总.xlsx"
    args = [
        "tally",
        *csvs,
        "--roster",
        str(roster),
        "--out",
        str(out),
        "--campaign",
        "ce-shi",
        "--activity",
        "知识测试",
    ]
    assert run(campaign_site, *args) == 0
    printed = capsys.readouterr().out
    assert "已汇总 4 份成绩单、3 人" in printed and "城关镇：新增 1 条，更新 0 条" in printed
    book = load_workbook(out)
    assert book.sheetnames == ["汇总", "成绩明细", "未参加", "需核对"]
    summary = [list(r) for r in book["汇总"].iter_rows(min_row=3, values_only=True)]
    assert summary == [
        ["所在支部", "应参加（花名册）", "参加人数", "参与率", "平均分（百分制）", "合格人数", "合格率"],
        ["城关镇", 2, 2, "100%", 80, 2, "100%"],
        ["东湖镇", 1, 1, "100%", 80, 1, "100%"],
        ["合计", 3, 3, "100%", 80, 3, "100%"],
    ]
    details = [list(r)[:10] for r in book["成绩明细"].iter_rows(min_row=2, values_only=True)]
    assert [(d[0], d[7], d[9]) for d in details] == [("丙", 80, 1), ("乙", 70, 2), ("甲", 90, 1)]
    campaign = load(campaign_site)
    record = campaign.record("东湖镇", "ce-yan")
    assert (record.participants, record.date) == (1, D(2026, 5, 20))
    assert record.summary == "组织“知识测试”，1 人参加，平均分 80 分，合格率 100%。"
    assert campaign.record("城关镇", "ce-yan").participants == 2


def test_tally_refuses_mixed_tests_unless_a_bank_is_chosen(campaign_site, tmp_path, capsys):
    a = tmp_path / "a.csv"
    b = tmp_path / "b.csv"
    a.write_text(sheet("甲", "城关镇", 90, form=V2_COLUMNS), encoding="utf-8")
    b.write_text(sheet("乙", "城关镇", 90, form=V2_COLUMNS).replace("ti-ku", "ling-yi-ge"), encoding="utf-8")
    out = tmp_path / "汇总.xlsx"
    assert run(campaign_site, "tally", str(a), str(b), "--out", str(out)) == 1
    assert "成绩单来自不同的测试：ling-yi-ge、ti-ku；请用 --bank 指定要汇总的题库编号" in capsys.readouterr().err
    assert not out.exists()
    assert run(campaign_site, "tally", str(a), str(b), "--bank", "ti-ku", "--out", str(out)) == 0
    assert "这份成绩单是 ling-yi-ge 的，不是 ti-ku，已跳过" in capsys.readouterr().err
    assert [r[0] for r in load_workbook(out)["成绩明细"].iter_rows(min_row=2, values_only=True)] == ["甲"]


# --- the sample and privacy ----------------------------------------------------------------------


def test_sample_tally_and_ledger_show_every_state(tmp_path, capsys):
    samples = ROOT / "samples" / "测试汇总"
    out = tmp_path / "测试汇总.xlsx"
    csvs = [str(p) for p in sorted(samples.glob("*.csv"))]
    assert (
        main(
            [
                "-f",
                str(ROOT / "mkdocs.yml"),
                "tally",
                *csvs,
                "--roster",
                str(samples / "花名册.xlsx"),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    book = load_workbook(out)
    notes = [r[11] for r in book["成绩明细"].iter_rows(min_row=2, values_only=True)]
    assert "同名，待核对" in notes and any(note and note.startswith("提交 2 次") for note in notes)
    assert book["未参加"].max_row > 1 and book["需核对"].max_row > 2
    ledger = tmp_path / "台账.xlsx"
    assert (
        main(
            [
                "-f",
                str(ROOT / "mkdocs.yml"),
                "ledger",
                "xuan-jiao-yue-2026",
                "--out",
                str(ledger),
                "--date",
                "2026-11-27",
            ]
        )
        == 0
    )
    cells = {
        str(c).split(" ")[0]
        for r in load_workbook(ledger)["汇总"].iter_rows(min_row=5, max_col=10, values_only=True)
        for c in r[1:]
    }
    assert {"已报送", "逾期报送", "未报送", "逾期未报送", "未开始", "—"} <= cells


def test_no_member_name_or_score_reaches_the_site(sample_site):
    """Roster and 成绩单 names live outside what the build publishes; only unit-level counts do."""
    samples = ROOT / "samples" / "测试汇总"
    problems = Problems()
    names = {p.name for p in read_roster(samples / "花名册.xlsx", "花名册.xlsx", problems)}
    for path in samples.glob("*.csv"):
        names |= {normal(r.name) for r in read_results(path, path.name, problems)}
    assert problems.errors == [] and len(names) >= 10
    published = [p for p in sample_site.rglob("*") if p.is_file()]
    assert any("campaigns" in p.parts for p in published)
    for path in published:
        data = path.read_bytes()
        text_ = data.decode("utf-8", errors="ignore")
        leaked = [name for name in names if name in text_ or name.encode("utf-8") in data]
        assert leaked == [], f"{path.relative_to(sample_site)} contains {leaked}"
        assert path.suffix not in (".csv", ".xlsx")


def test_samples_folder_is_outside_the_published_sources():
    config = load_mkdocs_config(str(ROOT / "mkdocs.yml"))
    samples = (ROOT / "samples").resolve()
    assert not samples.is_relative_to((ROOT / config.docs_dir).resolve())
    assert not samples.is_relative_to((ROOT / "materials").resolve())
