"""Question banks: `materials/quizzes/*.yml` → validated `Bank`s, every problem with its line.

A bank file is one YAML mapping (id, title, … , questions: [...]). The same question
rules serve the Excel importer (`xlsx.py`): `convert_question` reports through a callback
so a YAML key line or an Excel row can be named.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .. import limits
from ..hygiene import show
from ..problems import Problems
from ..schema import (
    Field,
    FieldError,
    Flag,
    Number,
    Raw,
    Slug,
    Tags,
    Text,
    TextList,
    YamlMapping,
    clean_text,
    convert_fields,
    short,
    validate,
)
from ..slugs import slugify
from ..source import parse_yaml_mapping, read_text
from .normalise import LETTERS, normalise, parse_judge, parse_letters

TYPES = {"single": "单选题", "multiple": "多选题", "judge": "判断题", "blank": "填空题"}
TYPE_ALIASES = {
    **{key: key for key in TYPES},
    **{label: key for key, label in TYPES.items()},
    **{label[:2]: key for key, label in TYPES.items()},
}
RESERVED_IDS = {"index", "wrong", "data"}
# Where a blank goes in a stem: ____ or （ ） or ( )
BLANK_MARK = re.compile(r"_{2,}|（\s*）|\(\s*\)")
MAX_OPTIONS = len(LETTERS)
MAX_SCORE = 100  # points of one question
MAX_MINUTES = 1440  # an exam's time limit: one day


@dataclass
class Question:
    id: str
    type: str
    stem: str
    answer: Any  # single "B"; multiple ["A", "C"]; judge bool; blank [[accepted, …], …]
    options: list[str] = field(default_factory=list)
    explanation: str = ""
    source: str = ""
    score: float = 1
    tags: list[str] = field(default_factory=list)
    line: int = 0
    source_line: int = 0

    @property
    def type_label(self) -> str:
        return TYPES[self.type]

    def answer_text(self) -> str:
        """The right answer as a person writes it: B / AC / 正确 / 甲；乙或丙."""
        if self.type == "single":
            return self.answer
        if self.type == "multiple":
            return "".join(self.answer)
        if self.type == "judge":
            return "正确" if self.answer else "错误"
        return "；".join(" / ".join(accepted) for accepted in self.answer)

    def data(self) -> dict:
        """What quiz.js gets: compact and complete enough to redo the question offline."""
        out: dict[str, Any] = {"id": self.id, "type": self.type, "stem": self.stem, "answer": self.answer}
        if self.options:
            out["options"] = self.options
        if self.explanation:
            out["explanation"] = self.explanation
        if self.score != 1:
            out["score"] = self.score
        return out


@dataclass
class Bank:
    id: str
    title: str
    rel: str
    questions: list[Question]
    description: str = ""
    pass_score: int = 60
    draw: int | None = None
    time_limit: float | None = None
    shuffle_options: bool = True
    tags: list[str] = field(default_factory=list)
    located: YamlMapping | None = None

    def line_of(self, key: str) -> int:
        return self.located.line_of(key) if self.located else 1

    @property
    def draw_count(self) -> int:
        return min(self.draw or len(self.questions), len(self.questions))

    @property
    def total_score(self) -> float:
        return sum(q.score for q in self.questions)

    def counts(self) -> list[tuple[str, int]]:
        return [(label, n) for key, label in TYPES.items() if (n := sum(q.type == key for q in self.questions))]


@dataclass
class Banks:
    """Every bank of the project, loaded once (with the catalog) and shared by every feature."""

    banks: list[Bank] = field(default_factory=list)

    @property
    def by_id(self) -> dict[str, Bank]:
        return {bank.id: bank for bank in self.banks}


# --- one question ---------------------------------------------------------------------

Report = Callable[[str, str], None]  # (key, message)


class QuestionType(Field):
    """single / multiple / judge / blank, or their Chinese names (单选题, 单选 …)."""

    def convert(self, value: Any) -> str:
        kind = TYPE_ALIASES.get(value.strip()) if isinstance(value, str) else None
        if kind is None:
            raise FieldError(f"未知题型 “{short(value)}”。允许的题型：{TYPE_NAMES}")
        return kind


TYPE_NAMES = "single（单选）、multiple（多选）、judge（判断）、blank（填空）"
QUESTION_FIELDS: dict[str, Field] = {
    "id": Text("编号", required=True),
    "type": QuestionType("题型", required=True, missing_hint=TYPE_NAMES),
    "stem": Text("题干", required=True, multiline=True),
    "options": Raw("选项"),
    "answer": Raw("答案"),
    "explanation": Text("解析", default="", multiline=True),
    "source": Text("出处", default=""),
    "score": Number("分值", default=1, low=0, high=MAX_SCORE, open_low=True),
    "tags": Tags("标签", default=[]),
}


def convert_question(raw: dict, report: Report) -> Question | None:
    """Check one question mapping; report(key, message) for every problem; None if unusable."""
    counted = _Counter(report)
    values = convert_fields(raw, QUESTION_FIELDS, lambda key, index, message: counted(key, message))
    kind, stem = values["type"], values["stem"]
    options = _options(raw, kind, counted)
    answer = _answer(raw, kind, options, stem or "", counted) if kind else None
    if counted.count or None in (values["id"], kind, stem, answer):
        return None
    return Question(
        values["id"],
        kind,
        stem,
        answer,
        options or [],
        values["explanation"],
        values["source"],
        values["score"],
        values["tags"],
    )


class _Counter:
    def __init__(self, report: Report):
        self.report, self.count = report, 0

    def __call__(self, key: str, message: str) -> None:
        self.count += 1
        self.report(key, message)


def _options(raw: dict, kind: str | None, report: Report) -> list[str] | None:
    value = raw.get("options")
    if kind in ("judge", "blank"):
        if value:
            report("options", f"{TYPES[kind]}不需要 options（选项）")
        return []
    if value is None:
        if kind:
            report("options", f"{TYPES[kind]}缺少 options（选项）")
        return None
    try:
        options = TextList("选项").convert(value)
    except FieldError as error:
        report("options", f"字段 “options”（选项）{error}")
        return None
    most = min(MAX_OPTIONS, limits.ACTIVE.options_per_question)
    if len(options) < 2 or len(options) > most:
        report("options", f"选项应有 2 到 {most} 个，实际有 {len(options)} 个")
        return None
    return options


def _answer(raw: dict, kind: str, options: list[str] | None, stem: str, report: Report):
    value = raw.get("answer")
    if value is None or value == "" or value == []:
        message = "多选题没有给出答案 answer" if kind == "multiple" else f"{TYPES[kind]}缺少答案 answer"
        report("answer", message)
        return None
    if kind == "judge":
        result = parse_judge(value)
        if result is None:
            report("answer", f"判断题的答案应为 正确/错误（或 true/false、对/错、√/×），实际是 “{show(value)}”")
        return result
    if kind == "blank":
        return _blank_answer(value, stem, report)
    letters = parse_letters(value)
    if letters is None:
        report("answer", f"答案 “{_show(value)}” 应为选项字母，例如 B 或 [A, C]")
        return None
    if options is None:
        return None
    allowed = LETTERS[: len(options)]
    outside = [letter for letter in letters if letter not in allowed]
    if outside:
        report(
            "answer",
            f"答案 “{''.join(outside)}” 超出了选项范围（只有 {allowed[0]}–{allowed[-1]} 共 {len(options)} 个选项）",
        )
        return None
    if kind == "single":
        if len(letters) != 1:
            report("answer", f"单选题只能有一个答案，实际是 “{''.join(letters)}”；多个答案请用 type: multiple")
            return None
        return letters[0]
    return letters


def _blank_answer(value, stem: str, report: Report):
    blanks = value if isinstance(value, list) else [value]
    result = []
    for index, blank in enumerate(blanks, start=1):
        accepted = blank if isinstance(blank, list) else [blank]
        texts = []
        for entry in accepted:
            try:
                text = clean_text(entry)
            except FieldError as error:
                report("answer", f"第 {index} 空的答案{error}")
                return None
            if normalise(text):
                texts.append(text)
        if not texts:
            report("answer", f"第 {index} 空没有可用的答案（去掉空格和标点后为空）")
            return None
        result.append(texts)
    marks = len(BLANK_MARK.findall(stem))
    if not marks:
        report("stem", f"填空题的题干中没有空：请在要填的地方写 ____ 或（ ），共 {len(result)} 处，与答案的空数一致")
        return None
    if marks != len(result):
        report("answer", f"题干中有 {marks} 处空（____ 或（ ）），答案却给了 {len(result)} 个空")
        return None
    return result


def _show(value) -> str:
    if isinstance(value, list) and len(value) <= len(LETTERS) and all(isinstance(v, (str, int)) for v in value):
        return show(", ".join(map(str, value)))
    return show(value)


# --- one bank file --------------------------------------------------------------------


BANK_FIELDS: dict[str, Field] = {
    "id": Slug("编号"),
    "title": Text("标题", required=True),
    "description": Text("说明", default="", multiline=True),
    "pass_score": Number("及格分（百分制）", default=60, integer=True, low=0, high=100),
    "draw": Number("每次抽题数", integer=True, low=1, high=100_000),
    "time_limit": Number("考试时限（分钟）", low=0, high=MAX_MINUTES, open_low=True),
    "shuffle_options": Flag("打乱选项", default=True),
    "tags": Tags("标签", default=[]),
    "questions": Raw("题目"),
}


def load_bank(path: Path, rel: str, problems: Problems) -> Bank | None:
    text = read_text(path, rel, problems)
    if text is None:
        return None
    return parse_bank(text, path, rel, problems)


def parse_bank(text: str, path: Path, rel: str, problems: Problems) -> Bank | None:
    """A bank from its YAML text (`path` names the file it is, or will be, stored in)."""
    located = parse_yaml_mapping(text, rel, problems, "题库文件应为“键: 值”的形式：id、title、questions 等")
    if located is None:
        return None
    data = located.meta
    bank = _convert_bank(located, path, problems)
    if bank is not None:
        raw = data.get("questions")
        bank.questions = _convert_questions(located, problems)
        _check_bank(bank, len(raw) if isinstance(raw, list) else 0, problems)
    return bank


def _convert_bank(located: YamlMapping, path: Path, problems: Problems) -> Bank | None:
    values = validate(located, BANK_FIELDS, problems)
    bank_id = values["id"] if located.meta.get("id") is not None else slugify(path.stem)
    if bank_id in RESERVED_IDS:
        problems.error(located.rel, located.line_of("id"), f"题库编号 “{bank_id}” 是保留字，请换一个")
        return None
    if bank_id is None or values["title"] is None:
        return None
    settings = {key: values[key] for key in ("description", "pass_score", "draw", "time_limit", "tags")}
    shuffle = values["shuffle_options"]
    return Bank(
        bank_id, values["title"], located.rel, [], shuffle_options=shuffle is not False, located=located, **settings
    )


def _convert_questions(bank: YamlMapping, problems: Problems) -> list[Question]:
    raw = bank.meta.get("questions")
    if not isinstance(raw, list) or not raw:
        problems.error(
            bank.rel, bank.line_of("questions"), "题库没有题目：请在 questions 下列出题目，每题以“- id: …”开始"
        )
        return []
    questions = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(bank.entries("questions")):
        if entry is None:
            problems.error(
                bank.rel,
                bank.line_of("questions", index),
                f"第 {index + 1} 题应为“键: 值”的形式（id、type、stem、answer …）",
            )
            continue
        qid = str(entry.meta.get("id", "")).strip()
        if qid and seen.setdefault(qid, entry.line_of("id")) != entry.line_of("id"):
            problems.error(bank.rel, entry.line_of("id"), f"题目编号 “{qid}” 重复（第一次在第 {seen[qid]} 行）")
            continue

        def report(key: str, message: str, entry=entry) -> None:
            problems.error(bank.rel, entry.line_of(key), message)

        question = convert_question(dict(entry.meta), report)
        if question is not None:
            question.line = entry.line_of("id")
            question.source_line = entry.line_of("source")
            questions.append(question)
    return questions


def _check_bank(bank: Bank, count: int, problems: Problems) -> None:
    if bank.draw and count and bank.draw > count:
        problems.error(bank.rel, bank.line_of("draw"), f"每次抽题数 draw 为 {bank.draw}，但题库只有 {count} 道题")


# The banks of the last load, keyed by every file's name, size and mtime: quizzes, the schedule
# and search all ask for them in one build, and a 5,000-question bank takes seconds to read.
_loaded: dict[tuple, tuple[list[Bank], list]] = {}


def load_banks(folder: Path, root: Path, problems: Problems) -> list[Bank]:
    """Every `*.yml`/`*.yaml` bank in folder, ids unique across files, sorted by id."""
    paths = sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]) if folder.is_dir() else []
    stats = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    key = (str(folder), str(root), stats, limits.ACTIVE)
    if key not in _loaded:
        found = Problems()
        _loaded.clear()
        _loaded[key] = (_load_banks(paths, root, found), found.items)
    banks, found_items = _loaded[key]
    problems.items.extend(found_items)
    return list(banks)


def _load_banks(paths: list[Path], root: Path, problems: Problems) -> list[Bank]:
    banks: list[Bank] = []
    seen: dict[str, Bank] = {}
    for path in paths:
        rel = path.relative_to(root).as_posix()
        bank = load_bank(path, rel, problems)
        if bank is None:
            continue
        other = seen.setdefault(bank.id, bank)
        if other is not bank:
            problems.error(rel, bank.line_of("id"), f"题库编号 “{bank.id}” 与 {other.rel}:{other.line_of('id')} 重复")
            continue
        banks.append(bank)
    return sorted(banks, key=lambda bank: bank.id)


def bank_to_yaml_data(bank_id: str, title: str, questions: list[dict], **settings) -> dict:
    """A bank as plain data in the order people read it (for import-bank and generate)."""
    data: dict[str, Any] = {"id": bank_id, "title": title}
    data.update({key: value for key, value in settings.items() if value not in (None, "", [])})
    data["questions"] = questions
    return data


def question_to_yaml_data(question: Question) -> dict:
    out: dict[str, Any] = {"id": question.id, "type": question.type, "stem": question.stem}
    if question.options:
        out["options"] = list(question.options)
    if question.type == "blank":
        out["answer"] = [accepted if len(accepted) > 1 else accepted[0] for accepted in question.answer]
    else:
        out["answer"] = question.answer
    for key in ("explanation", "source"):
        if getattr(question, key):
            out[key] = getattr(question, key)
    if question.score != 1:
        out["score"] = question.score
    if question.tags:
        out["tags"] = list(question.tags)
    return out


def dump_yaml(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=None)
