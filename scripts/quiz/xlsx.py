"""The common Chinese 题库 spreadsheet ↔ bank YAML.

Header row: [编号] [序号] 题型 题干 选项A … 选项F (or one 选项 column split by | or ｜) 答案 解析 分值 [出处] [标签].
答案: B / AB / A,B / A、B; 正确/错误, 对/错, √/×; 填空 blanks split by | (or ；), alternatives by /.
Every worksheet with such a header is read; a sheet named 单选/多选/判断/填空 needs no 题型 column.
Question ids: 编号, else from 序号, else from a hash of the stem — never the row number, so deleting
a row does not renumber the questions after it (the 错题本 keys on ids).
"""

from __future__ import annotations

import hashlib
import io
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import IllegalCharacterError

from ..slugs import slugify
from .bank import TYPES, Bank, Question, convert_question, question_to_yaml_data
from .cells import CellError, shown_text
from .normalise import LETTERS, normalise

HEADERS = {
    "id": ("编号", "题目编号", "id"),
    "number": ("序号", "题号", "no", "no."),
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
OPTION_SEPARATOR = re.compile(r"\s*[|｜]\s*")
BLANK_SEPARATOR = re.compile(r"\s*[|｜；;]\s*")
ALTERNATIVE_SEPARATOR = re.compile(r"\s*[/／]\s*")
TAG_SEPARATOR = re.compile(r"\s*[,，、|｜；;]\s*")
# 题型 as people write it, after NFKC and without spaces and a final 题.
TYPE_NAMES = {
    **{key: key for key in TYPES},
    **{label[:-1]: key for key, label in TYPES.items()},
    **{"单项选择": "single", "单项": "single", "多项选择": "multiple", "多项": "multiple", "不定项选择": "multiple"},
    **{"不定项": "multiple", "是非": "judge", "判断正误": "judge"},
}
# A sheet named 单选 / 一、多项选择题 / 判断题 … gives the type of its questions.
SHEET_TYPES = (
    (re.compile(r"多选|多项|不定项"), "multiple"),
    (re.compile(r"单选|单项"), "single"),
    (re.compile(r"判断|是非"), "judge"),
    (re.compile(r"填空"), "blank"),
)
MIN_HEADER_KEYS = 2  # a sheet whose first row names fewer known columns is not a question sheet


@dataclass
class ImportResult:
    questions: list[Question] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sheets: list[tuple[str, int]] = field(default_factory=list)  # (sheet name, questions read)


@dataclass
class _Sheet:
    """One worksheet being read: where its rows are named, its columns, its question type."""

    worksheet: Any
    where: str  # file:sheet
    columns: dict[str, int]
    kind: str | None  # from the sheet's name
    id_prefix: str  # for ids from 序号


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


def question_type(text: str) -> str | None:
    """单选 / 单选题 / 单项选择 / 单项选择题 / single … → single; None when unknown."""
    name = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()
    return TYPE_NAMES.get(name) or TYPE_NAMES.get(name.removesuffix("题"))


def sheet_type(title: str) -> str | None:
    name = unicodedata.normalize("NFKC", title)
    return next((kind for pattern, kind in SHEET_TYPES if pattern.search(name)), None)


def read_workbook(path: Path, sheet: str | None = None) -> ImportResult:
    """Every question of every worksheet (or of `sheet`), or every row's errors."""
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
    worksheets = [workbook[sheet]] if sheet else workbook.worksheets
    sheets = _question_sheets(path.name, worksheets, result)
    reader = _RowReader(result)
    for entry in sheets:
        before = len(result.questions)
        for number, row in enumerate(entry.worksheet.iter_rows(min_row=2), start=2):
            reader.read(entry, row, number)
        result.sheets.append((entry.worksheet.title, len(result.questions) - before))
    workbook.close()
    if sheets and not result.questions and not result.errors:
        result.errors.append(f"{sheets[0].where}:行2: 错误: 表中没有题目")
    return result


def _question_sheets(name: str, worksheets, result: ImportResult) -> list[_Sheet]:
    """The sheets that hold questions; a lone sheet must, others without a header are skipped."""
    alone = len(worksheets) == 1
    found: list[_Sheet] = []
    for worksheet in worksheets:
        where = f"{name}:{worksheet.title}"
        header = next(worksheet.iter_rows(max_row=1, values_only=True), None)
        keys = [_header_key(_cell_text(value)) for value in header or ()]
        if not alone and sum(key is not None for key in keys) < MIN_HEADER_KEYS:
            if any(_cell_text(value) for value in header or ()):
                result.warnings.append(f"{where}:行1: 警告: 第一行不是题库表头，已跳过这个工作表")
            continue
        kind = sheet_type(worksheet.title)
        columns = _columns(keys, where, kind, result)
        if columns is not None:
            found.append(_Sheet(worksheet, where, columns, kind, ""))
    if not found and not result.errors:
        result.errors.append(f"{name}:1: 错误: 没有找到题库工作表（第一行应是表头：题型、题干、选项A … 选项F、答案）")
    several = len(found) > 1
    for entry in found:
        entry.id_prefix = f"{slugify(entry.worksheet.title)}-" if several else "q"
    return found


def _columns(keys: list[str | None], where: str, kind: str | None, result: ImportResult) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for index, key in enumerate(keys):
        if key and key not in columns:
            columns[key] = index
    required = ("stem", "answer") if kind else ("type", "stem", "answer")
    missing = [COLUMN_NAMES[key] for key in required if key not in columns]
    if missing:
        result.errors.append(
            f"{where}:行1: 错误: 第一行应是表头，缺少 {'、'.join(missing)} 列"
            "（表头示例：题型、题干、选项A … 选项F、答案、解析、分值）"
        )
        return None
    return columns


class _RowReader:
    """Rows → questions, with the checks that span rows: ids, 序号, repeated stems."""

    def __init__(self, result: ImportResult):
        self.result = result
        self.ids: dict[str, tuple[_Sheet, int]] = {}  # id → where it was first used
        self.numbers: dict[tuple[str, str], int] = {}  # (sheet, 序号) → row
        self.stems: dict[str, tuple[_Sheet, int]] = {}  # normalised stem → (sheet, row)

    def read(self, sheet: _Sheet, row, number: int) -> None:
        where = f"{sheet.where}:行{number}"
        errors: list[str] = []
        reported: set[str] = set()

        def report(key: str, message: str) -> None:
            if key in reported:  # one message per column and row
                return
            reported.add(key)
            column = "选项" if key == "options" else COLUMN_NAMES.get(key, key)
            errors.append(f"{where}: 错误: [{column}] {message}")

        cells, typed = _row_texts(row, sheet.columns, report)
        if not any(cells.values()):
            return
        kind_text = cells.get("type", "")
        kind = question_type(kind_text) if kind_text else sheet.kind
        qid = self._id(sheet, cells, number, report)
        if qid is None:
            reported.add("id")  # the cause (a repeated 序号, no 题干) has its own message
        raw = {
            "id": qid,
            "type": kind or kind_text or None,
            "stem": cells.get("stem", ""),
            "options": _options(cells, report) if kind in ("single", "multiple") else None,
            "answer": _answer(cells.get("answer", ""), kind, "answer" in typed),
            "explanation": cells.get("explanation") or None,
            "source": cells.get("source") or None,
            "score": _score(cells.get("score", ""), report),
            "tags": [tag for tag in TAG_SEPARATOR.split(cells.get("tags", "")) if tag] or None,
        }
        question = convert_question(raw, report)
        if question is not None and question.id in self.ids:
            first = _row_name(*self.ids[question.id], sheet)
            errors.append(f"{where}: 错误: [编号] 题目编号 “{question.id}” 重复（第一次在{first}）")
        if errors:
            self.result.errors += errors
            return
        self.ids[question.id] = (sheet, number)
        self._check_repeats(question, sheet, number, where)
        self.result.questions.append(question)

    def _id(self, sheet: _Sheet, cells: dict[str, str], number: int, report) -> str | None:
        """编号 as written; else from 序号; else from the stem — never from the row's position."""
        if cells.get("id"):
            return cells["id"]
        serial = cells.get("number", "")
        if serial:
            key = (sheet.worksheet.title, serial)
            first = self.numbers.setdefault(key, number)
            if first != number:
                report("number", f"序号 “{serial}” 重复（第一次在行{first}）")
                return None
            digits = re.fullmatch(r"\D*?(\d+)\D*", unicodedata.normalize("NFKC", serial))
            return f"{sheet.id_prefix}{int(digits[1]):04d}" if digits else f"{sheet.id_prefix}{slugify(serial)}"
        stem = normalise(cells.get("stem", ""))
        if not stem:
            return None
        base = "q-" + hashlib.sha1(stem.encode("utf-8")).hexdigest()[:8]
        qid, count = base, 1
        while qid in self.ids:
            count += 1
            qid = f"{base}-{count}"
        return qid

    def _check_repeats(self, question: Question, sheet: _Sheet, number: int, where: str) -> None:
        first_sheet, first_row = self.stems.setdefault(normalise(question.stem), (sheet, number))
        if first_sheet is not sheet or first_row != number:
            other = _row_name(first_sheet, first_row, sheet)
            self.result.warnings.append(f"{where}: 警告: [题干] 与{other}的题干相同；是重复的题目吗？")
        seen: dict[str, str] = {}
        for letter, text in zip(LETTERS, question.options, strict=False):
            earlier = seen.setdefault(normalise(text), letter)
            if earlier != letter:
                self.result.warnings.append(f"{where}: 警告: [选项] 选项{earlier} 和选项{letter} 相同：“{text}”")


def _row_name(sheet: _Sheet, number: int, here: _Sheet) -> str:
    """行5, or 单选:行5 when named from another sheet."""
    return f"行{number}" if sheet is here else f"{sheet.worksheet.title}:行{number}"


def _row_texts(row, columns: dict[str, int], report) -> tuple[dict[str, str], set[str]]:
    """The shown text of each known column, and the columns that held a number or date (whose
    `/` is no separator); a cell we cannot read is reported with its address."""
    texts, typed = {}, set()
    for key, index in columns.items():
        cell = row[index] if index < len(row) else None
        try:
            texts[key] = shown_text(cell) if cell is not None else ""
        except CellError as error:
            report(key, f"单元格 {cell.coordinate} {error}；请在 Excel 中把它设为“文本”格式后重新输入")
            texts[key] = ""
        if cell is not None and cell.value is not None and not isinstance(cell.value, str):
            typed.add(key)
    return texts, typed


def _options(cells: dict[str, str], report) -> list[str] | None:
    lettered = sorted(key[-1] for key in cells if key.startswith("option:"))
    if lettered:
        values = [(letter, cells[f"option:{letter}"]) for letter in lettered]
        while values and not values[-1][1]:
            values.pop()
        gaps = [letter for letter, text in values if not text]
        if gaps:
            report("options", f"选项{gaps[0]} 为空，但后面的选项有内容；选项应从 A 开始连续填写")
            return None
        return [strip_label(letter, text) for letter, text in values] or None
    joined = cells.get("options", "")
    parts = [part for part in OPTION_SEPARATOR.split(joined) if part] if joined else []
    return [strip_label(letter, text) for letter, text in zip(LETTERS, parts, strict=False)] or None


def strip_label(letter: str, text: str) -> str:
    """`A.甲` / `A、甲` / `A．甲` / `(A)甲` in the A position → `甲`; `B超` stays."""
    label = re.match(rf"\s*[(（]?\s*{letter}\s*(?:[)）]\s*[.．、:：]?|[.．、:：])\s*", text, re.I)
    return text[label.end() :] if label and text[label.end() :] else text


def _answer(text: str, kind: str | None, typed: bool = False):
    if not text:
        return None
    if kind == "blank" and typed:
        return [[text]]  # a date such as 2021/7/1 is one answer
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
