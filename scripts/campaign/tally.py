"""测试汇总: the 成绩单 CSVs members download from an exam, tallied per branch, with a roster.

A 成绩单 CSV (overrides/assets/quiz.js, downloadCsv) is UTF-8 with a BOM: a header row
(姓名, 所在支部, 测试, 交卷时间, 用时, 得分, 满分, 百分制得分, 结果, 答对题数, 题数), one result row,
a blank row, then the questions. Format 2 adds the format version and the bank id, either as
columns of the header (格式版本, 题库编号) or as `键,值` rows before it; format 1 has neither and
names the test by title only. Columns are found by name, so both (and a file re-saved by Excel,
GBK and all) read the same. A cell that quiz.js guarded against Excel formulas ('=…) is unguarded.

Nothing here is written into the site: the output is the office's own workbook.
"""

from __future__ import annotations

import csv
import datetime
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from ..problems import Problems
from ..source import read_text

SUPPORTED = (1, 2)  # 成绩单 format versions this reader knows
COLUMNS = {
    "version": ("格式版本", "成绩单格式", "格式", "版本", "format", "version"),
    "bank": ("题库编号", "题库", "测试编号", "bank"),
    "name": ("姓名",),
    "branch": ("所在支部", "支部", "所在党支部", "党支部"),
    "test": ("测试", "测试名称", "题库名称"),
    "ended": ("交卷时间", "时间"),
    "duration": ("用时",),
    "earned": ("得分",),
    "possible": ("满分",),
    "percent": ("百分制得分", "百分制"),
    "result": ("结果",),
    "correct": ("答对题数",),
    "count": ("题数",),
}
GUARDED = re.compile(r"^'(?=[=+\-@\t\r])")
STAMP = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
SPACE = re.compile(r"\s+")


def normal(text: str) -> str:
    """For matching names and branches: full-width → half-width, every space removed."""
    return SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


@dataclass
class Result:
    name: str
    branch: str
    test: str
    bank: str  # the bank id, or "" in a format-1 file
    ended: datetime.datetime
    duration: str
    earned: float
    possible: float
    percent: float
    passed: bool
    version: int
    rel: str
    line: int
    attempts: int = 1
    note: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return normal(self.name), normal(self.branch)


@dataclass
class Person:
    name: str
    branch: str
    rel: str
    line: int

    @property
    def key(self) -> tuple[str, str]:
        return normal(self.name), normal(self.branch)


# --- reading ---------------------------------------------------------------------------------


def _unguard(text: str) -> str:
    return GUARDED.sub("", text.strip())


def _key_of(text: str) -> str | None:
    text = normal(text).lower()
    return next((key for key, names in COLUMNS.items() if text in names), None)


def read_results(path: Path, rel: str, problems: Problems) -> list[Result]:
    """Every result row of one 成绩单 CSV (usually one)."""
    text = read_text(path, rel, problems)
    if text is None:
        return []
    rows = list(csv.reader(text.split("\n")))
    meta: dict[str, str] = {}
    for index, row in enumerate(rows):
        keys = [_key_of(cell) for cell in row]
        if "name" in keys and ("percent" in keys or "earned" in keys):
            return _result_rows(rows, index, keys, meta, rel, problems)
        if len(row) >= 2 and _key_of(row[0]) in ("version", "bank"):
            meta[_key_of(row[0])] = _unguard(row[1])
    problems.error(
        rel,
        1,
        "不是成绩单 CSV：找不到“姓名、所在支部、得分……”表头（请交知识测试成绩单上“下载表格（Excel 可打开）”得到的文件）",
    )
    return []


def _result_rows(rows, header: int, keys, meta, rel: str, problems: Problems) -> list[Result]:
    columns = {key: n for n, key in reversed(list(enumerate(keys))) if key}
    missing = [COLUMNS[key][0] for key in ("branch", "ended") if key not in columns]
    if missing:
        problems.error(rel, header + 1, f"成绩单表头缺少 {'、'.join(missing)} 列")
        return []
    results = []
    for number, row in enumerate(rows[header + 1 :], start=header + 2):
        if not any(cell.strip() for cell in row) or (row and normal(row[0]) == "题号"):
            break
        result = _result(row, columns, meta, rel, number, problems)
        if result is not None:
            results.append(result)
    if not results and not any(p.path == rel for p in problems.errors):
        problems.error(rel, header + 2, "成绩单中没有成绩")
    return results


def _result(row, columns, meta, rel: str, line: int, problems: Problems) -> Result | None:
    def cell(key: str) -> str:
        index = columns.get(key)
        return _unguard(row[index]) if index is not None and index < len(row) else meta.get(key, "")

    found = Problems()
    name, branch = cell("name"), cell("branch")
    if not name:
        found.error(rel, line, "姓名为空")
    if not branch:
        found.error(rel, line, "所在支部为空")
    version = _version(cell("version"), rel, line, found)
    ended = _stamp(cell("ended"), rel, line, found)
    earned, possible = _number(cell("earned")), _number(cell("possible"))
    percent = _number(cell("percent"))
    if percent is None and earned is not None and possible:
        percent = round(earned * 100 / possible)
    if percent is None or not 0 <= percent <= 100:
        found.error(rel, line, f"百分制得分 “{cell('percent')}” 应为 0 到 100 的数字")
    problems.items.extend(found.items)
    if found.errors:
        return None
    passed = cell("result") == "合格"
    return Result(
        name=name,
        branch=branch,
        test=cell("test"),
        bank=cell("bank"),
        ended=ended,
        duration=cell("duration"),
        earned=earned if earned is not None else percent,
        possible=possible if possible is not None else 100,
        percent=percent,
        passed=passed,
        version=version or 1,
        rel=rel,
        line=line,
    )


def _version(text: str, rel: str, line: int, problems: Problems) -> int | None:
    if not text:
        return 1
    digits = re.sub(r"[^0-9]", "", text)
    if not digits:
        problems.error(rel, line, f"成绩单格式版本 “{text}” 无法识别")
        return None
    if int(digits) not in SUPPORTED:
        problems.error(
            rel, line, f"成绩单格式版本 {digits} 比本程序认识的新（最高 {max(SUPPORTED)}）；请更新网站程序后再汇总"
        )
        return None
    return int(digits)


def _stamp(text: str, rel: str, line: int, problems: Problems) -> datetime.datetime:
    match = STAMP.match(text.strip())
    if match:
        try:
            parts = [int(part) if part else 0 for part in match.groups()]
            return datetime.datetime(*parts)
        except ValueError:
            pass
    problems.error(rel, line, f"交卷时间 “{text}” 无法识别，应为 2026-11-26 14:05:09")
    return datetime.datetime.min


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return int(value) if value.is_integer() else value


def read_roster(path: Path, rel: str, problems: Problems) -> list[Person]:
    """花名册: .xlsx (first sheet) or .csv with 姓名 and 所在支部 columns."""
    try:
        rows, where = _roster_rows(path, rel)
    except Exception as error:  # noqa: BLE001 — any unreadable file is one message
        problems.error(rel, 1, f"无法读取花名册（{type(error).__name__}）；请另存为 .xlsx 或 UTF-8 的 .csv")
        return []
    header = next((n for n, row in enumerate(rows) if "name" in [_key_of(str(c or "")) for c in row]), None)
    if header is None:
        problems.error(where, 1, "花名册中找不到“姓名”和“所在支部”表头")
        return []
    keys = [_key_of(str(c or "")) for c in rows[header]]
    if "branch" not in keys:
        problems.error(where, header + 1, "花名册缺少“所在支部”列")
        return []
    name_at, branch_at = keys.index("name"), keys.index("branch")
    people = []
    for number, row in enumerate(rows[header + 1 :], start=header + 2):
        cells = [str(c).strip() if c is not None else "" for c in row]
        name = cells[name_at] if name_at < len(cells) else ""
        branch = cells[branch_at] if branch_at < len(cells) else ""
        if not name and not branch:
            continue
        if not name or not branch:
            problems.error(where, number, "姓名和所在支部都要填写")
            continue
        people.append(Person(name, branch, where, number))
    return people


def _roster_rows(path: Path, rel: str) -> tuple[list[list], str]:
    if path.suffix.lower() == ".csv":
        found = Problems()
        text = read_text(path, rel, found)
        if text is None:
            raise ValueError(str(found.items[0]) if found.items else rel)
        return list(csv.reader(text.split("\n"))), rel
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)], f"{rel}:{sheet.title}"
    finally:
        book.close()


# --- tallying --------------------------------------------------------------------------------


@dataclass
class BranchRow:
    branch: str
    expected: int | None  # people on the roster
    took: int = 0
    passed: int = 0
    total: float = 0.0

    @property
    def average(self) -> float | None:
        return round(self.total / self.took, 1) if self.took else None

    @property
    def pass_rate(self) -> str:
        return f"{self.passed * 100 / self.took:.0f}%" if self.took else "—"

    @property
    def participation(self) -> str:
        return f"{self.took * 100 / self.expected:.0f}%" if self.expected else "—"


@dataclass
class Tally:
    results: list[Result] = field(default_factory=list)  # one per person (or every attempt of a same-name case)
    branches: list[BranchRow] = field(default_factory=list)
    absent: list[Person] = field(default_factory=list)
    checks: list[tuple[str, str, str]] = field(default_factory=list)  # (姓名, 所在支部, 说明)
    test: str = ""


def keep_one(attempts: list[Result], keep: str) -> Result:
    """best: the highest score (the later one on a tie); latest: the last handed in."""
    if keep == "latest":
        chosen = max(attempts, key=lambda r: r.ended)
    else:
        chosen = max(attempts, key=lambda r: (r.percent, r.ended))
    chosen.attempts = len(attempts)
    return chosen


def tally(results: list[Result], roster: list[Person] | None, keep: str = "best") -> Tally:
    out = Tally(test=next((r.test for r in results if r.test), ""))
    people: dict[tuple[str, str], list[Person]] = defaultdict(list)
    for person in roster or []:
        people[person.key].append(person)
    twins = {key for key, group in people.items() if len(group) > 1}
    for key in sorted(twins):
        first = people[key][0]
        lines = "、".join(str(p.line) for p in people[key])
        out.checks.append(
            (
                first.name,
                first.branch,
                f"花名册中本支部有 {len(people[key])} 人同名（{first.rel} 第 {lines} 行），成绩无法区分，没有合并，请人工核对",
            )
        )
    grouped: dict[tuple[str, str], list[Result]] = defaultdict(list)
    for result in results:
        grouped[result.key].append(result)
    for key, attempts in grouped.items():
        attempts.sort(key=lambda r: r.ended)
        if key in twins:
            for result in attempts:
                result.note = "同名，待核对"
            out.results += attempts
            continue
        chosen = keep_one(attempts, keep)
        if len(attempts) > 1:
            chosen.note = f"提交 {len(attempts)} 次，取{'最高分' if keep == 'best' else '最后一次'}"
        out.results.append(chosen)
        if roster is not None and key not in people:
            out.checks.append((chosen.name, chosen.branch, _not_on_roster(key, people)))
    out.results.sort(key=lambda r: (normal(r.branch), normal(r.name), r.ended))
    out.branches = _branches(out.results, roster, people, twins)
    if roster is not None:
        out.absent = _absent(roster, grouped, people)
    return out


def _not_on_roster(key: tuple[str, str], people: dict) -> str:
    elsewhere = sorted({p.branch for k, group in people.items() if k[0] == key[0] for p in group})
    if elsewhere:
        return f"花名册中没有本支部的此人；同名者在：{'、'.join(elsewhere)}（支部名称是否填错？）"
    return "花名册中没有此人"


def _branches(results: list[Result], roster, people, twins) -> list[BranchRow]:
    order: list[str] = []
    names: dict[str, str] = {}
    for person in roster or []:
        if normal(person.branch) not in names:
            names[normal(person.branch)] = person.branch
            order.append(normal(person.branch))
    for result in results:
        if normal(result.branch) not in names:
            names[normal(result.branch)] = result.branch
            order.append(normal(result.branch))
    expected = defaultdict(int)
    for person in roster or []:
        expected[normal(person.branch)] += 1
    rows = {key: BranchRow(names[key], expected[key] if roster is not None else None) for key in order}
    counted: dict[tuple[str, str], int] = defaultdict(int)
    for result in results:
        limit = len(people[result.key]) if result.key in twins else 1
        if counted[result.key] >= limit:
            continue  # more papers than people of that name: not counted twice
        counted[result.key] += 1
        row = rows[normal(result.branch)]
        row.took += 1
        row.passed += result.passed
        row.total += result.percent
    return [rows[key] for key in order]


def _absent(roster: list[Person], grouped, people) -> list[Person]:
    absent = []
    for key, group in people.items():
        taken = len(grouped.get(key, []))
        if taken == 0:
            absent += group
        elif len(group) > 1 and taken < len(group):
            absent += group[taken:]
    return sorted(absent, key=lambda p: (p.line, p.rel))


def totals(rows: list[BranchRow]) -> BranchRow:
    expected = [row.expected for row in rows if row.expected is not None]
    total = BranchRow("合计", sum(expected) if expected else None)
    for row in rows:
        total.took += row.took
        total.passed += row.passed
        total.total += row.total
    return total


# --- the workbook ----------------------------------------------------------------------------

BOLD = Font(bold=True)


def write_tally(result: Tally, path: Path, title: str) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "汇总"
    sheet.append([f"{title} · 测试汇总"])
    sheet.append([])
    sheet.append(["所在支部", "应参加（花名册）", "参加人数", "参与率", "平均分（百分制）", "合格人数", "合格率"])
    for row in [*result.branches, totals(result.branches)]:
        sheet.append([row.branch, row.expected, row.took, row.participation, row.average, row.passed, row.pass_rate])
    _bold(sheet, (1, 3, sheet.max_row))
    details = book.create_sheet("成绩明细")
    details.append(
        [
            "姓名",
            "所在支部",
            "测试",
            "交卷时间",
            "用时",
            "得分",
            "满分",
            "百分制得分",
            "结果",
            "提交次数",
            "来源文件",
            "备注",
        ]
    )
    for r in result.results:
        details.append(
            [
                r.name,
                r.branch,
                r.test,
                r.ended,
                r.duration,
                r.earned,
                r.possible,
                r.percent,
                "合格" if r.passed else "不合格",
                r.attempts,
                r.rel,
                r.note,
            ]
        )
    for row in details.iter_rows(min_row=2):
        row[3].number_format = "yyyy-mm-dd hh:mm:ss"
    _bold(details, (1,))
    absent = book.create_sheet("未参加")
    absent.append(["姓名", "所在支部"])
    for person in result.absent:
        absent.append([person.name, person.branch])
    _bold(absent, (1,))
    checks = book.create_sheet("需核对")
    checks.append(["姓名", "所在支部", "说明"])
    for check in result.checks:
        checks.append(list(check))
    _bold(checks, (1,))
    for ws, widths in (
        (sheet, (16, 16, 10, 10, 16, 10, 10)),
        (details, (10, 16, 24, 20, 12, 8, 8, 12, 8, 10, 30, 24)),
        (absent, (10, 16)),
        (checks, (10, 16, 60)),
    ):
        for n, width in enumerate(widths):
            ws.column_dimensions[chr(ord("A") + n)].width = width
    book.save(path)


def _bold(sheet, rows) -> None:
    for number in rows:
        for cell in sheet[number]:
            cell.font = BOLD
