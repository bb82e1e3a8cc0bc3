"""Excel for the office: the 工作记实 template units fill in, its import, and the 台账 workbook.

Template sheets: 工作记实 (one row per unit and activity, drop-downs for both), 填写说明 (how to fill
in, every activity's dates and evidence), 选项 (hidden: the drop-down lists and the campaign id).
佐证材料文件: file names relative to the campaign's records folder, one per line (or separated by
；), each optionally `文件名|说明`.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..schema import Media
from .model import Campaign, Known, Record, evidence_problem, find_activity, material_problem
from .progress import STATES, cell_state, ranking

DATA_SHEET = "工作记实"
HELP_SHEET = "填写说明"
LISTS_SHEET = "选项"
COLUMNS = {
    "unit": ("责任单位", "单位"),
    "activity": ("活动", "活动名称", "活动项目"),
    "date": ("开展日期", "日期", "开展时间"),
    "participants": ("参加人数", "人数"),
    "summary": ("开展情况", "活动开展情况", "情况"),
    "evidence": ("佐证材料文件", "佐证材料", "佐证"),
    "materials": ("使用的学习材料", "学习材料", "使用的材料"),
}
LABELS = {key: names[0] for key, names in COLUMNS.items()}
REQUIRED = ("unit", "activity")
SPLIT = re.compile(r"\s*(?:\n|；|;)\s*")
DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
FILLS = {
    "done": PatternFill("solid", fgColor="E8F5E9"),
    "late": PatternFill("solid", fgColor="FFF3E0"),
    "overdue": PatternFill("solid", fgColor="FFCDD2"),
    "open": PatternFill("solid", fgColor="ECEFF1"),
}


# --- the template ------------------------------------------------------------------------


def write_template(campaign: Campaign, path: Path, unit: str | None = None) -> int:
    """The template for every unit (or one); returns the number of prefilled rows."""
    units = [unit] if unit else campaign.units
    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    sheet.append([LABELS[key] for key in COLUMNS])
    rows = 0
    for name in units:
        for activity in campaign.activities_of(name):
            record = campaign.record(name, activity.id)
            sheet.append([name, activity.name, *(_record_cells(record) if record else [None] * 5)])
            rows += 1
    _style_data_sheet(sheet, rows)
    lists = book.create_sheet(LISTS_SHEET)
    lists.append(["责任单位", "活动", "", "活动编号", campaign.id])
    for n in range(max(len(units), len(campaign.activities))):
        lists.append(
            [
                units[n] if n < len(units) else None,
                campaign.activities[n].name if n < len(campaign.activities) else None,
            ]
        )
    lists.sheet_state = "hidden"
    last = rows + 200
    for column, count, letter in (("A", len(units), "A"), ("B", len(campaign.activities), "B")):
        check = DataValidation(
            type="list", formula1=f"={LISTS_SHEET}!${letter}$2:${letter}${count + 1}", allow_blank=True
        )
        check.error, check.errorTitle = "请从下拉列表中选择", "填写有误"
        check.add(f"{column}2:{column}{last}")
        sheet.add_data_validation(check)
    day = DataValidation(type="date", operator="greaterThan", formula1="DATE(2000,1,1)", allow_blank=True)
    day.error, day.errorTitle = "请填写日期，例如 2026-11-20", "日期有误"
    day.add(f"C2:C{last}")
    count = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    count.error, count.errorTitle = "参加人数应为整数", "人数有误"
    count.add(f"D2:D{last}")
    sheet.add_data_validation(day)
    sheet.add_data_validation(count)
    _write_help(book.create_sheet(HELP_SHEET, 1), campaign, unit)
    book.save(path)
    return rows


def _record_cells(record: Record) -> list:
    evidence = "\n".join(f"{m.file}|{m.caption}" if m.caption else m.file for m in record.evidence)
    return [
        record.date,
        record.participants,
        record.summary.strip(),
        evidence or None,
        "\n".join(record.materials) or None,
    ]


def _style_data_sheet(sheet, rows: int) -> None:
    for cell in sheet[1]:
        cell.font = BOLD
    sheet.freeze_panes = "C2"
    for letter, width in zip("ABCDEFG", (14, 24, 13, 10, 60, 34, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2, max_row=rows + 1):
        row[2].number_format = "yyyy-mm-dd"
        for cell in row[4:]:
            cell.alignment = WRAP


def _write_help(sheet, campaign: Campaign, unit: str | None) -> None:
    lines = [
        [f"{campaign.title} · 工作记实填写说明"],
        [f"责任单位：{unit}" if unit else "责任单位：全部"],
        [],
        ["1. 在“工作记实”表中，每项活动一行；已开展的活动填写开展日期、参加人数、开展情况。尚未开展的行留空即可。"],
        ["2. 责任单位和活动请从下拉列表中选择，不要修改名称。开展日期写成 2026-11-20。"],
        [
            "3. 佐证材料文件：照片、签到表扫描件等（图片或 PDF）随本表一起报送，这里填写文件名，每行一个；可写“文件名|说明”。"
        ],
        [
            f"4. 填好后交{campaign.lead or '牵头单位'}，用 python -m scripts import-records 导入；再次导入会更新同一单位同一活动的记实，不会重复。"
        ],
        [],
        ["序号", "活动", "开始日期", "结束日期", "牵头单位", "佐证材料要求", "要求"],
    ]
    for row in lines:
        sheet.append(row)
    for activity in campaign.activities:
        sheet.append(
            [
                activity.number,
                activity.name,
                activity.start,
                activity.end,
                activity.lead,
                "、".join(activity.evidence),
                activity.requirements.strip(),
            ]
        )
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[9]:
        cell.font = BOLD
    for row in sheet.iter_rows(min_row=10):
        row[2].number_format = row[3].number_format = "yyyy-mm-dd"
        row[6].alignment = WRAP
    for letter, width in zip("ABCDEFG", (6, 24, 12, 12, 14, 36, 60), strict=True):
        sheet.column_dimensions[letter].width = width


# --- import ------------------------------------------------------------------------------


@dataclass
class Imported:
    campaign_id: str | None = None
    records: list[Record] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def campaign_of(path: Path) -> str | None:
    """The campaign id a template carries (hidden sheet 选项), if any."""
    try:
        book = load_workbook(path, read_only=True)
    except Exception:  # noqa: BLE001 — read_records reports the unreadable file
        return None
    try:
        if LISTS_SHEET not in book.sheetnames:
            return None
        row = next(book[LISTS_SHEET].iter_rows(min_row=1, max_row=1, values_only=True), ())
        return str(row[4]).strip() if len(row) > 4 and row[3] == "活动编号" and row[4] else None
    finally:
        book.close()


def read_records(path: Path, campaign: Campaign, known: Known) -> Imported:
    result = Imported(campaign.id)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 — any unreadable file is one message
        result.errors.append(
            f"{path.name}:1: 错误: 无法读取 Excel 文件（{type(error).__name__}）；请另存为 .xlsx 格式后再导入"
        )
        return result
    sheet = book[DATA_SHEET] if DATA_SHEET in book.sheetnames else book.worksheets[0]
    where = f"{path.name}:{sheet.title}"
    rows = sheet.iter_rows(values_only=True)
    columns = _columns(next(rows, None) or (), where, result)
    if columns is not None:
        seen: dict[tuple[str, str], int] = {}
        for number, row in enumerate(rows, start=2):
            _read_row(row, columns, f"{where}:行{number}", number, campaign, known, seen, result)
    book.close()
    if columns is not None and not result.records and not result.errors:
        result.errors.append(f"{where}:行2: 错误: 表中没有已填写的工作记实（开展日期、开展情况都是空的）")
    return result


def _header(value) -> str | None:
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    return next((key for key, names in COLUMNS.items() if text in names), None)


def _columns(header, where: str, result: Imported) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for index, value in enumerate(header):
        key = _header(value)
        if key and key not in columns:
            columns[key] = index
    missing = [LABELS[key] for key in ("unit", "activity", "date", "summary") if key not in columns]
    if missing:
        result.errors.append(
            f"{where}:行1: 错误: 第一行应是表头，缺少 {'、'.join(missing)} 列（请使用 records-template 生成的模板）"
        )
        return None
    return columns


def _cell(row, columns: dict[str, int], key: str):
    index = columns.get(key)
    value = row[index] if index is not None and index < len(row) else None
    return value.strip() if isinstance(value, str) else value


def _read_row(row, columns, where: str, number: int, campaign: Campaign, known: Known, seen, result: Imported) -> None:
    values = {key: _cell(row, columns, key) for key in COLUMNS}
    if all(values[key] in (None, "") for key in ("date", "participants", "summary", "evidence", "materials")):
        return  # not reported yet (the template lists every activity)
    errors: list[str] = []

    def report(key: str, message: str) -> None:
        errors.append(f"{where}: 错误: [{LABELS[key]}] {message}")

    unit, activity = _unit_and_activity(values, campaign, report)
    day = _date(values["date"], report)
    participants = _count(values["participants"], report)
    summary = str(values["summary"] or "").strip()
    if not summary:
        report("summary", "不能为空：请简要写明活动开展情况")
    evidence = _evidence(values["evidence"], campaign, report)
    materials = [line for line in SPLIT.split(str(values["materials"] or "")) if line]
    for uri in materials:
        message = material_problem(uri, known)
        if message:
            report("materials", message)
    if unit and activity:
        key = (unit, activity.id)
        if key in seen:
            report("activity", f"{unit}的“{activity.name}”已在行{seen[key]}填写；每个单位每项活动一行")
        else:
            seen[key] = number
    if errors:
        result.errors += errors
        return
    result.records.append(
        Record(unit, activity.id, day, summary, participants, evidence, materials, rel=where, line=number)
    )


def _unit_and_activity(values: dict, campaign: Campaign, report):
    unit = str(values["unit"] or "").strip()
    if not unit:
        report("unit", "不能为空")
    elif unit not in campaign.units:
        report("unit", f"“{unit}” 不是“{campaign.title}”的责任单位；请从下拉列表中选择")
        unit = None
    name = str(values["activity"] or "").strip()
    activity = find_activity(campaign, name) if name else None
    if not name:
        report("activity", "不能为空")
    elif activity is None:
        report("activity", f"“{name}” 不是“{campaign.title}”中的活动；请从下拉列表中选择")
    elif unit and unit not in activity.units:
        report("activity", f"{unit}不是“{activity.name}”的责任单位")
        activity = None
    return unit or None, activity


def _date(value, report) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = DATE_TEXT.match(str(value or "").strip())
    if match:
        try:
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    report("date", f"“{value or ''}” 不是有效日期，应写成 2026-11-20" if value not in (None, "") else "不能为空")
    return None


def _count(value, report) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    report("participants", f"应为不小于 0 的整数，实际是 “{value}”")
    return None


def _evidence(value, campaign: Campaign, report) -> list[Media]:
    media = []
    for entry in SPLIT.split(str(value or "")):
        if not entry:
            continue
        name, _, caption = entry.partition("|")
        name = name.strip()
        message = evidence_problem(name, campaign.records_dir)
        if message:
            report("evidence", message)
        media.append(Media(name, caption.strip()))
    return media


# --- the 台账 workbook ----------------------------------------------------------------------


def write_ledger(campaign: Campaign, path: Path, today: datetime.date) -> None:
    book = Workbook()
    _summary_sheet(book.active, campaign, today)
    used = {book.active.title}
    for unit in campaign.units:
        _unit_sheet(book.create_sheet(_sheet_name(unit, used)), campaign, unit, today)
    for activity in campaign.activities:
        _activity_sheet(
            book.create_sheet(_sheet_name(f"{activity.number} {activity.name}", used)), campaign, activity, today
        )
    book.save(path)


def _sheet_name(text: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", text)[:31]
    name, n = base, 2
    while name in used:
        name = f"{base[:28]}({n})"
        n += 1
    used.add(name)
    return name


def state_text(campaign: Campaign, unit: str, activity, today: datetime.date) -> tuple[str, str]:
    """(state key, the cell's text): 已报送 11-11, 逾期报送 11-17, 未报送 …"""
    record = campaign.record(unit, activity.id)
    state = cell_state(activity, record, today)
    text = STATES[state] + (f" {record.date:%m-%d}" if record else "")
    return state, text


def _title(sheet, title: str, today: datetime.date, width: int) -> None:
    sheet.append([title])
    sheet.append([f"统计日期：{today.year}年{today.month}月{today.day}日"])
    sheet.append([])
    sheet["A1"].font = Font(bold=True, size=14)


def _header_row(sheet, labels: list[str]) -> None:
    sheet.append(labels)
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD


def _summary_sheet(sheet, campaign: Campaign, today: datetime.date) -> None:
    sheet.title = "汇总"
    _title(sheet, f"{campaign.title} · 工作记实台账汇总", today, len(campaign.activities) + 7)
    _header_row(
        sheet,
        [
            "责任单位",
            *(f"{a.number} {a.name}" for a in campaign.activities),
            "应报送",
            "按时报送",
            "逾期报送",
            "逾期未报送",
            "完成率",
            "排名",
        ],
    )
    scores = {score.unit: score for score in ranking(campaign, today)}
    for unit in campaign.units:
        cells, states = [unit], []
        for activity in campaign.activities:
            if unit in activity.units:
                state, text = state_text(campaign, unit, activity, today)
            else:
                state, text = "none", "—"
            cells.append(text)
            states.append(state)
        s = scores[unit]
        cells += [s.due, s.on_time, len(s.late), len(s.overdue), s.rate_label, s.rank]
        sheet.append(cells)
        for cell, state in zip(sheet[sheet.max_row][1:], states, strict=False):
            if state in FILLS:
                cell.fill = FILLS[state]
    sheet.freeze_panes = "B5"
    sheet.column_dimensions["A"].width = 14
    for n in range(2, len(campaign.activities) + 8):
        sheet.column_dimensions[get_column_letter(n)].width = 12


def _unit_sheet(sheet, campaign: Campaign, unit: str, today: datetime.date) -> None:
    _title(sheet, f"{unit} · 工作记实台账（{campaign.title}）", today, 10)
    _header_row(
        sheet,
        [
            "序号",
            "活动",
            "开始日期",
            "结束日期",
            "牵头单位",
            "状态",
            "开展日期",
            "参加人数",
            "开展情况",
            "佐证材料",
            "使用的学习材料",
        ],
    )
    for n, activity in enumerate(campaign.activities_of(unit), start=1):
        record = campaign.record(unit, activity.id)
        state, _ = state_text(campaign, unit, activity, today)
        sheet.append(
            [n, activity.name, activity.start, activity.end, activity.lead, STATES[state], *_record_columns(record)]
        )
        sheet.cell(sheet.max_row, 6).fill = FILLS.get(state, PatternFill())
    _widths(sheet, (6, 24, 12, 12, 12, 12, 12, 10, 60, 34, 30), date_columns=(3, 4, 7), wrap_from=9)


def _activity_sheet(sheet, campaign: Campaign, activity, today: datetime.date) -> None:
    _title(sheet, f"{activity.number} {activity.name}（{activity.start} 至 {activity.end}）", today, 8)
    _header_row(sheet, ["序号", "责任单位", "状态", "开展日期", "参加人数", "开展情况", "佐证材料", "使用的学习材料"])
    for n, unit in enumerate(activity.units, start=1):
        record = campaign.record(unit, activity.id)
        state, _ = state_text(campaign, unit, activity, today)
        sheet.append([n, unit, STATES[state], *_record_columns(record)])
        sheet.cell(sheet.max_row, 3).fill = FILLS.get(state, PatternFill())
    _widths(sheet, (6, 14, 12, 12, 10, 60, 34, 30), date_columns=(4,), wrap_from=6)


def _record_columns(record: Record | None) -> list:
    if record is None:
        return [None, None, None, None, None]
    evidence = "\n".join(f"{m.file}（{m.caption}）" if m.caption else m.file for m in record.evidence)
    return [
        record.date,
        record.participants,
        record.summary.strip(),
        evidence or None,
        "\n".join(record.materials) or None,
    ]


def _widths(sheet, widths, date_columns=(), wrap_from: int = 99) -> None:
    for n, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    for row in sheet.iter_rows(min_row=5):
        for column in date_columns:
            row[column - 1].number_format = "yyyy-mm-dd"
        for cell in row[wrap_from - 1 :]:
            cell.alignment = WRAP
    sheet.freeze_panes = "A5"
