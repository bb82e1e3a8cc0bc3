"""The common Chinese 题库 spreadsheet ↔ bank YAML.

Header row: [编号] 题型 题干 选项A … 选项F (or one 选项 column split by |) 答案 解析 分值 [出处] [标签].
答案: B / AB / A,B / A、B; 正确/错误, 对/错, √/×; 填空 blanks split by | (or ；), alternatives by /.
"""

from __future__ import annotations

import io
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import IllegalCharacterError

from .bank import TYPE_ALIASES, TYPES, Bank, Question, convert_question, question_to_yaml_data
from .normalise import LETTERS

EXTRA_TYPE_NAMES = {"单项选择题": "single", "多项选择题": "multiple", "不定项选择题": "multiple", "是非题": "judge"}
HEADERS = {
    "id": ("编号", "题目编号", "id"),
    "type": ("题型", "类型", "题目类型", "type"),
    "stem": ("题干", "题目", "试题", "试题内容", "题目内容", "stem"),
    "options": ("选项", "选项内容", "options"),
    "answer": ("答案", "正确答案", "参考答案", "标准答案", "answer"),
    "explanation": ("解析", "答案解析", "试题解析", "explanation"),
    "score": ("分值", "分数", "score"),
    "source": ("出处", "来源", "source"),
    "tags": ("标签", "知识点", "tags"),
}
COLUMN_NAMES = {key: names[0] for key, names in HEADERS.items()}
OPTION_COLUMN = re.compile(r"^选项\s*([A-H])$")
BLANK_SEPARATOR = re.compile(r"\s*[|｜；;]\s*")
ALTERNATIVE_SEPARATOR = re.compile(r"\s*[/／]\s*")
TAG_SEPARATOR = re.compile(r"\s*[,，、|；;]\s*")


@dataclass
class ImportResult:
    questions: list[Question] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _header_key(text: str) -> str | None:
    text = unicodedata.normalize("NFKC", text).strip()
    match = OPTION_COLUMN.match(text.upper() if text.isascii() else text.replace("选项 ", "选项"))
    if match or re.fullmatch(r"[A-H]", text):
        return "option:" + (match.group(1) if match else text)
    for key, names in HEADERS.items():
        if text in names or text.lower() in names:
            return key
    return None


def read_workbook(path: Path, sheet: str | None = None) -> ImportResult:
    """Every row of the sheet as a checked Question, or the rows' errors."""
    result = ImportResult()
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 — any unreadable file is one message
        result.errors.append(
            f"{path.name}:1: 错误: 无法读取 Excel 文件（{type(error).__name__}）；请另存为 .xlsx 格式后再导入"
        )
        return result
    if sheet and sheet not in workbook.sheetnames:
        result.errors.append(
            f"{path.name}:1: 错误: 没有名为 “{sheet}” 的工作表；现有：{'、'.join(workbook.sheetnames)}"
        )
        return result
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    rows = worksheet.iter_rows(values_only=True)
    where = f"{path.name}:{worksheet.title}"
    header = next(rows, None)
    columns = _columns(header or (), where, result)
    if columns is None:
        return result
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        cells = [_cell_text(value) for value in row]
        if not any(cells):
            continue
        _read_row(cells, columns, f"{where}:行{number}", number, seen, result)
    workbook.close()
    if not result.questions and not result.errors:
        result.errors.append(f"{where}:行2: 错误: 表中没有题目")
    return result


def _columns(header, where: str, result: ImportResult) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for index, value in enumerate(header):
        key = _header_key(_cell_text(value))
        if key and key not in columns:
            columns[key] = index
    missing = [COLUMN_NAMES[key] for key in ("type", "stem", "answer") if key not in columns]
    if missing:
        result.errors.append(
            f"{where}:行1: 错误: 第一行应是表头，缺少 {'、'.join(missing)} 列"
            "（表头示例：题型、题干、选项A … 选项F、答案、解析、分值）"
        )
        return None
    return columns


def _read_row(cells, columns, where: str, number: int, seen: dict[str, int], result: ImportResult) -> None:
    def cell(key: str) -> str:
        index = columns.get(key)
        return cells[index] if index is not None and index < len(cells) else ""

    errors: list[str] = []
    reported: set[str] = set()

    def report(key: str, message: str) -> None:
        if key in reported:  # one message per column and row
            return
        reported.add(key)
        column = "选项" if key == "options" else COLUMN_NAMES.get(key, key)
        errors.append(f"{where}: 错误: [{column}] {message}")

    kind_text = cell("type")
    kind = TYPE_ALIASES.get(kind_text) or EXTRA_TYPE_NAMES.get(kind_text)
    raw = {
        "id": cell("id") or f"q{number - 1:04d}",
        "type": kind or kind_text or None,
        "stem": cell("stem"),
        "options": _options(cell, columns, report) if kind in ("single", "multiple") else None,
        "answer": _answer(cell("answer"), kind),
        "explanation": cell("explanation") or None,
        "source": cell("source") or None,
        "score": _score(cell("score"), report),
        "tags": [tag for tag in TAG_SEPARATOR.split(cell("tags")) if tag] or None,
    }
    question = convert_question(raw, report)
    if question is not None and question.id in seen:
        errors.append(f"{where}: 错误: [编号] 题目编号 “{question.id}” 重复（第一次在行{seen[question.id]}）")
    if errors:
        result.errors += errors
    else:
        seen[question.id] = number
        result.questions.append(question)


def _options(cell, columns, report) -> list[str] | None:
    lettered = [(key[-1], index) for key, index in columns.items() if key.startswith("option:")]
    if lettered:
        values = [(letter, cell(f"option:{letter}")) for letter, _ in sorted(lettered)]
        while values and not values[-1][1]:
            values.pop()
        gaps = [letter for letter, text in values if not text]
        if gaps:
            report("options", f"选项{gaps[0]} 为空，但后面的选项有内容；选项应从 A 开始连续填写")
            return None
        return [text for _, text in values] or None
    joined = cell("options")
    return [part.strip() for part in joined.split("|") if part.strip()] if joined else None


def _answer(text: str, kind: str | None):
    if not text:
        return None
    if kind == "blank":
        return [
            [alt for alt in ALTERNATIVE_SEPARATOR.split(part) if alt] for part in BLANK_SEPARATOR.split(text) if part
        ]
    return text


def _score(text: str, report):
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        report("score", f"分值应为数字，实际是 “{text}”")
        return None
    return int(value) if value.is_integer() else value


# --- export ---------------------------------------------------------------------------


def answer_cell(question: Question) -> str:
    if question.type == "blank":
        return "|".join("/".join(accepted) for accepted in question.answer)
    return question.answer_text()


class ExportError(Exception):
    """A bank that cannot go to Excel and come back unchanged; `line` is the question's line."""

    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.line = line


def write_workbook(bank: Bank, path: Path) -> None:
    path.write_bytes(workbook_bytes(bank))


def workbook_bytes(bank: Bank) -> bytes:
    """The bank as an .xlsx file, every cell text (a stem starting with = is never a formula),
    checked to read back into exactly the same questions."""
    data = _render_workbook(bank)
    _check_round_trip(bank, data)
    return data


def _render_workbook(bank: Bank) -> bytes:
    width = max([6, *(len(q.options) for q in bank.questions)])
    header = [
        "编号",
        "题型",
        "题干",
        *[f"选项{letter}" for letter in LETTERS[:width]],
        "答案",
        "解析",
        "分值",
        "出处",
        "标签",
    ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    rows = [header]
    for question in bank.questions:
        options = question.options + [""] * (width - len(question.options))
        rows.append(
            [
                question.id,
                TYPES[question.type],
                question.stem,
                *options,
                answer_cell(question),
                question.explanation,
                str(question.score),
                question.source,
                "、".join(question.tags),
            ]
        )
    for number, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            _text_cell(sheet, number, column, value, rows)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, size in (("A", 10), ("B", 8), ("C", 60)):
        sheet.column_dimensions[column].width = size
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _text_cell(sheet, row: int, column: int, value: str, rows) -> None:
    """A cell holding `value` as text: never a formula, shown and edited as text (format @)."""
    cell = sheet.cell(row=row, column=column)
    try:
        cell.value = value
    except IllegalCharacterError:
        qid = rows[row - 1][0]
        raise ExportError(f"题目 “{qid}” 含有 Excel 不能保存的控制字符；请先删除它") from None
    cell.data_type = "s"
    cell.number_format = "@"


def _check_round_trip(bank: Bank, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bank.xlsx"
        path.write_bytes(data)
        result = read_workbook(path)
    back = {question.id: question for question in result.questions}
    for question in bank.questions:
        again = back.get(question.id)
        before = question_to_yaml_data(question)
        after = question_to_yaml_data(again) if again is not None else {}
        changed = [key for key in before if before.get(key) != after.get(key)] or (
            [key for key in after if key not in before]
        )
        if again is None or changed:
            field = COLUMN_NAMES.get(changed[0], changed[0]) if changed else "题目"
            raise ExportError(
                f"题目 “{question.id}” 的{field}导出到 Excel 后无法原样导回"
                "（可能含有表格用作分隔的 | / 、 ; 等符号）；请改写后再导出",
                question.line or 1,
            )


def questions_yaml(questions: list[Question]) -> list[dict]:
    return [question_to_yaml_data(q) for q in questions]
