"""Deterministic test and benchmark corpora made from the seed speech.

`write_corpus(folder, n)` writes n materials (units, cases, culture works) into
folder/materials, a copy of the project's docs/, overrides link and mkdocs.yml, so the
folder builds exactly like the sample site. `write_plain_docs` writes the same pages as
ordinary docs for plain Material for MkDocs, the baseline every benchmark compares with.
"""

from __future__ import annotations

import datetime
import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from .config import DEFAULT_CATEGORIES, DEFAULT_FORMS

SEED = Path(__file__).with_name("data") / "seed.txt"
PROJECT = Path(__file__).resolve().parent.parent
TAGS = [
    "主题教育",
    "党章党规",
    "组织生活",
    "作风建设",
    "廉洁自律",
    "家风",
    "警示教育",
    "周四学习日",
    "四个意识",
    "基层党建",
]
OUTCOMES = [
    "给予党内警告处分",
    "给予党内严重警告处分",
    "给予撤销党内职务处分",
    "给予留党察看一年处分",
    "给予开除党籍处分",
]
OBJECTIVES = ["准确把握全面从严治党的要求", "对照检查自身的差距", "联系实际抓好整改落实", "熟悉党内法规的主要内容"]
DISCUSSION = [
    "本支部在落实“三会一课”方面还有哪些差距？",
    "怎样把学习成果转化为工作成效？",
    "身边有哪些值得学习的榜样？",
]
HAN_PER_ITEM = 2870  # the size of a real study page, and what the search benchmark assumes
KINDS = ("units", "cases", "culture")


@dataclass
class CorpusItem:
    kind: str
    name: str
    title: str
    date: datetime.date
    tags: list[str]
    body: str
    extra: dict

    def front_matter(self) -> str:
        lines = ["---", f"title: {self.title}", f"date: {self.date.isoformat()}", f"tags: [{', '.join(self.tags)}]"]
        lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in self.extra.items()]
        return "\n".join(lines + ["---", ""])

    def markdown(self) -> str:
        return f"{self.front_matter()}\n{self.body}\n"

    def shown_fields(self) -> list[str]:
        """What the item's page shows of its front matter, as xl/unit.html, case.html and culture.html
        show it (labels included); tests/test_search_oracle.py checks those templates against search."""
        extra, shown = self.extra, []
        if self.kind == "units":
            shown = ["学习目标", *extra["objectives"], "研讨题", *extra["discussion"]]
        elif self.kind == "cases":
            shown = [extra["category"], "当事人", extra["subject"], "处理结果", extra["outcome"], "纪法依据"]
            shown += extra["basis"]
        elif self.kind == "culture":
            shown = [extra["form"], f"作者：{extra['author']}"]
        return shown + self.tags

    def shown_text(self) -> str:
        """Title, shown fields and body: the text a member can find the page by."""
        return "\n".join([self.title, *self.shown_fields(), self.body])


def seed_sentences() -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    return [s.strip() for s in re.split(r"(?<=[。！？；])", text) if len(s.strip()) > 8]


def _title(rng: random.Random, sentences: list[str], number: int) -> str:
    phrase = re.sub(r"[^\u4e00-\u9fff]", "", rng.choice(sentences))
    start = rng.randrange(max(1, len(phrase) - 10))
    return f"{phrase[start : start + rng.randint(6, 10)]}（第{number}篇）"


def _body(rng: random.Random, sentences: list[str], headings: list[str]) -> str:
    paragraphs, han = [], 0
    while han < HAN_PER_ITEM:
        paragraph = "".join(rng.choice(sentences) for _ in range(rng.randint(2, 4)))
        han += len(re.findall(r"[\u4e00-\u9fff]", paragraph))
        paragraphs.append(paragraph)
    per_section = max(1, len(paragraphs) // len(headings))
    out = []
    for index, heading in enumerate(headings):
        chunk = paragraphs[index * per_section : (index + 1) * per_section if index < len(headings) - 1 else None]
        out.append(f"## {heading}\n\n" + "\n\n".join(chunk))
    return "\n\n".join(out)


def make_items(count: int) -> list[CorpusItem]:
    """The same `count` items on every machine and every run."""
    sentences = seed_sentences()
    items = []
    for number in range(1, count + 1):
        rng = random.Random(number)
        kind = KINDS[number % 3]
        date = datetime.date(2020, 1, 2) + datetime.timedelta(days=(number * 37) % 2190)
        tags = sorted(rng.sample(TAGS, 2))
        if kind == "cases":
            headings, extra = (
                ["案情", "剖析", "警示"],
                {
                    "category": DEFAULT_CATEGORIES[number % 6],
                    "subject": f"某单位干部{number}号",
                    "outcome": OUTCOMES[number % len(OUTCOMES)],
                    "basis": [f"《中国共产党纪律处分条例》第{number % 140 + 1}条"],
                },
            )
        elif kind == "culture":
            headings, extra = (
                ["作品", "创作说明"],
                {"form": DEFAULT_FORMS[number % len(DEFAULT_FORMS)], "author": "某文化站"},
            )
        else:
            headings, extra = (
                ["学习要点", "深入理解", "联系实际"],
                {
                    "objectives": [OBJECTIVES[number % len(OBJECTIVES)], OBJECTIVES[(number + 1) % len(OBJECTIVES)]],
                    "discussion": ["结合本职工作谈体会", DISCUSSION[number % len(DISCUSSION)]],
                },
            )
        items.append(
            CorpusItem(
                kind,
                f"item-{number:05d}",
                _title(rng, sentences, number),
                date,
                tags,
                _body(rng, sentences, headings),
                extra,
            )
        )
    return items


def _config_without_docs() -> str:
    """The project's mkdocs.yml with nav entries for hand-written pages other than the home page removed."""
    config = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))

    def keep(entry) -> bool:
        target = next(iter(entry.values())) if isinstance(entry, dict) else entry
        if isinstance(target, list):
            target[:] = [child for child in target if keep(child)]
            return bool(target)
        return target == "index.md" or not (PROJECT / "docs" / target).is_file()

    config["nav"] = [entry for entry in config["nav"] if keep(entry)]
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def write_corpus(folder: Path, count: int) -> list[CorpusItem]:
    """A buildable project folder with `count` generated materials (no sample materials)."""
    folder.mkdir(parents=True, exist_ok=True)
    # Only the home page: the other docs link to the sample materials, which a corpus lacks.
    (folder / "mkdocs.yml").write_text(_config_without_docs(), encoding="utf-8")
    (folder / "docs").mkdir(exist_ok=True)
    shutil.copy(PROJECT / "docs" / "index.md", folder / "docs" / "index.md")
    if not (folder / "overrides").exists():
        (folder / "overrides").symlink_to(PROJECT / "overrides")
    items = make_items(count)
    for kind in KINDS:
        (folder / "materials" / kind).mkdir(parents=True, exist_ok=True)
    for item in items:
        (folder / "materials" / item.kind / f"{item.name}.md").write_text(item.markdown(), encoding="utf-8")
    return items


PLAIN_MKDOCS_YML = """\
site_name: 党员学习教育园地（对照组）
theme:
  name: material
  language: zh
plugins:
  - search:
      lang: zh
markdown_extensions:
  - toc
  - tables
  - admonition
  - attr_list
  - md_in_html
  - footnotes
"""


def write_plain_docs(folder: Path, items: list[CorpusItem]) -> None:
    """The same pages for plain Material for MkDocs: ordinary docs, default nav, built-in search."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text(PLAIN_MKDOCS_YML, encoding="utf-8")
    docs = folder / "docs"
    (docs).mkdir(exist_ok=True)
    (docs / "index.md").write_text("# 党员学习教育园地\n", encoding="utf-8")
    for item in items:
        target = docs / item.kind / f"{item.name}.md"
        target.parent.mkdir(exist_ok=True)
        fields = "".join(f"- {text}\n" for text in item.shown_fields())  # what our item page shows too
        target.write_text(
            f"---\ntitle: {item.title}\n---\n\n# {item.title}\n\n{fields}\n{item.body}\n", encoding="utf-8"
        )
