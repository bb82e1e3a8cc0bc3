"""The 知识测试 feature: validation, pages per bank, and the data files quiz.js loads.

Pages (all excluded from search):
  quizzes/index.html            the list of banks
  quizzes/wrong.html            错题本
  quizzes/<id>.html             the quiz (练习/考试), no answers in the HTML
  quizzes/<id>/paper.html       试卷 for printing
  quizzes/<id>/answers.html     答案与解析 for printing
Data: quizzes/data/<id>/<n>.js, each `XLQuiz.register(id, n, [...])` — classic scripts, so
they load from file:// too. Shard n holds questions n, n+K, n+2K … (K shards), so every
shard spans the whole bank and an exam needs only a few of them.
"""

from __future__ import annotations

import json
import math
import posixpath
from dataclasses import dataclass

from mkdocs.structure.files import File

from ..content.broken import Broken, reference_message
from ..features import Feature
from ..schema import closest
from .bank import TYPES, Bank, Question
from .markup import render_blocks, render_inline

BASE = "quizzes"
INDEX = f"{BASE}/index.md"
WRONG = f"{BASE}/wrong.md"
TEMPLATES = {
    "index": "xl/quiz-index.html",
    "wrong": "xl/quiz-wrong.html",
    "quiz": "xl/quiz.html",
    "paper": "xl/quiz-paper.html",
    "answers": "xl/quiz-answers.html",
}


def quiz_uri(bank_id: str) -> str:
    return f"{BASE}/{bank_id}.md"


def paper_uri(bank_id: str) -> str:
    return f"{BASE}/{bank_id}/paper.md"


def answers_uri(bank_id: str) -> str:
    return f"{BASE}/{bank_id}/answers.md"


def shard_count(total: int, size: int) -> int:
    return max(1, math.ceil(total / max(1, size)))


def shards(questions: list, size: int) -> list[list]:
    count = shard_count(len(questions), size)
    return [questions[n::count] for n in range(count)]


@dataclass
class QuizPage:
    """What a quiz template gets as `xl_quiz`: the bank, the addresses of its pages."""

    kind: str
    bank: Bank | None
    banks: list[Bank]
    shards: int = 0
    data_dir: str = ""

    inline = staticmethod(render_inline)
    blocks = staticmethod(render_blocks)
    index_uri = INDEX
    wrong_uri = WRONG
    quiz_uri = staticmethod(quiz_uri)
    paper_uri = staticmethod(paper_uri)
    answers_uri = staticmethod(answers_uri)

    @property
    def sections(self) -> list[tuple[str, list[tuple[int, Question]]]]:
        """Questions grouped by type for the paper test, numbered straight through."""
        groups, number = [], 0
        for key, label in TYPES.items():
            chosen = [q for q in self.bank.questions if q.type == key]
            if chosen:
                groups.append((label, [(number + n, q) for n, q in enumerate(chosen, start=1)]))
                number += len(chosen)
        return groups


# Quiz pages show nothing but the banks, whose files are in the site-wide stamp (freshness.site_stamp).
PAGE_KEY = "quiz"
NOT_SEARCHED = {"exclude": True}


class QuizFeature(Feature):
    def __init__(self, options, root, is_serve: bool = False):
        super().__init__(options, root, is_serve)
        self.banks: list[Bank] = []
        self.broken: list[Broken] = []

    # --- validate ------------------------------------------------------------------

    @property
    def folder(self):
        return self.root / self.options.materials_dir / self.options.quiz_dir

    def validate(self, catalog) -> None:
        problems = catalog.problems
        self.banks = catalog.banks.banks
        by_id = catalog.banks.by_id
        self.broken = [entry for entry in catalog.broken if entry.kind == BASE]
        broken = {entry.slug: entry for entry in self.broken}
        broken_pages = {entry.src_uri: entry for entry in catalog.broken}
        units = [item for item in catalog.all_items() + catalog.drafts if item.kind.key == "units"]
        for item in units:
            wanted = item.values.get("quiz")
            if wanted in broken:
                message = reference_message(f"知识测试 “{wanted}” ", broken[wanted])
                problems.warning(item.source.rel, item.source.line_of("quiz"), message)
            elif wanted and wanted not in by_id:
                guess = closest(wanted, list(by_id))
                hint = (
                    f"是否应为 “{guess}”？"
                    if guess
                    else f"题库放在 {self.options.materials_dir}/{self.options.quiz_dir}/ 中"
                )
                line = item.source.line_of("quiz")
                problems.error(item.source.rel, line, f"知识测试 “{wanted}” 不存在：没有这个编号的题库。{hint}")
        published = {item.src_uri for item in catalog.all_items()}
        docs_dir = catalog.docs_dir
        docs = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")} if docs_dir.is_dir() else set()
        for bank in self.banks:
            for question in bank.questions:
                target = _source_uri(question.source) if question.source else None
                if target in broken_pages:
                    message = reference_message(f"出处 “{question.source}” ", broken_pages[target])
                    problems.warning(bank.rel, question.source_line, message)
                elif question.source and target not in published | docs:
                    problems.error(
                        bank.rel,
                        question.source_line,
                        f"出处 “{question.source}” 找不到：应写材料的路径，例如 units/三会一课.md（草稿不能作为出处）",
                    )

    def counts(self) -> list[str]:
        questions = sum(len(bank.questions) for bank in self.banks)
        text = f"题库 {len(self.banks)} 个（{questions} 题"
        broken = sum(entry.kind == BASE for entry in self.broken)
        return [text + (f"，另有 {broken} 个题库有错误）" if broken else "）")]

    def page_uris(self) -> set[str]:
        uris = {INDEX, WRONG}
        for bank in self.banks:
            uris |= {quiz_uri(bank.id), paper_uri(bank.id), answers_uri(bank.id)}
        return uris

    def home_entries(self) -> list[dict]:
        return [{"label": "知识测试", "hint": "练习 · 考试 · 错题本", "src_uri": INDEX}]

    def watch_paths(self) -> list:
        return [self.folder] if self.folder.is_dir() else []

    # --- files ---------------------------------------------------------------------

    def add_files(self, site, files, config) -> None:
        self._add_page(site, INDEX, "index", None, "知识测试")
        self._add_page(site, WRONG, "wrong", None, "错题本")
        for bank in self.banks:
            # A bank's own page is found by its title and description only — never a question or an answer.
            search = {"text": bank.description or "", "kind": "题库"}
            page = self._add_page(site, quiz_uri(bank.id), "quiz", bank, bank.title, search)
            self._add_page(site, paper_uri(bank.id), "paper", bank, f"{bank.title} · 试卷")
            self._add_page(site, answers_uri(bank.id), "answers", bank, f"{bank.title} · 答案与解析")
            for number, chunk in enumerate(shards(bank.questions, self.options.quiz_shard_size)):
                data = [self._question_data(q, page, site) for q in chunk]
                text = f"XLQuiz.register({json.dumps(bank.id)},{number},{_json(data)});\n"
                site.add_file(f"{BASE}/data/{bank.id}/{number}.js", text)

    def _add_page(self, site, src_uri: str, kind: str, bank: Bank | None, title: str, search=NOT_SEARCHED):
        count = shard_count(len(bank.questions), self.options.quiz_shard_size) if bank else 0
        data_dir = f"data/{bank.id}/" if bank else ""
        context = {"xl_quiz": QuizPage(kind, bank, self.banks, count, data_dir)}
        return site.add_page(src_uri, TEMPLATES[kind], title, context=context, key=PAGE_KEY, search=search)

    def _question_data(self, question: Question, page: File, site) -> dict:
        data = question.data()
        if question.source:
            uri, _, fragment = _source_uri(question.source, keep_fragment=True).partition("#")
            target = site.files.get_file_from_path(uri)
            if target is not None:
                item = site.items.get(uri)
                url = target.url_relative_to(page) + (f"#{fragment}" if fragment else "")
                data["source"] = {"url": url, "title": item.title if item else posixpath.basename(uri)}
        return data

    # --- pages ---------------------------------------------------------------------

    def page_context(self, context: dict, page, site) -> None:
        item = site.items.get(page.file.src_uri)
        wanted = item.values.get("quiz") if item is not None and item.kind.key == "units" else None
        bank = next((bank for bank in self.banks if bank.id == wanted), None)
        if bank is not None:
            context["xl_unit_quiz"] = {"bank": bank, "src_uri": quiz_uri(bank.id)}


def _source_uri(source: str, keep_fragment: bool = False) -> str:
    """`../units/x.md#a` or `units/x.md#a` → `units/x.md` (with `#a` if asked)."""
    path, _, fragment = source.strip().partition("#")
    while path.startswith("../"):
        path = path[3:]
    path = path[2:] if path.startswith("./") else path
    return f"{path}#{fragment}" if keep_fragment and fragment else path


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
