"""A deterministic question bank of any size from the seed speech, for benchmarks and tests.

`generate_bank(5000)` gives the data of a bank YAML (all four types, answers checkable);
`write_bank(path, n)` writes it. The same n always gives the same bank.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from ..corpus import seed_sentences
from .bank import bank_to_yaml_data, dump_yaml

HAN_RUN = re.compile(r"[\u4e00-\u9fff]{4,}")
TYPES = ("single", "multiple", "judge", "blank")


def _phrases(sentences: list[str]) -> list[str]:
    found = sorted({run[:8] for sentence in sentences for run in HAN_RUN.findall(sentence)})
    return found or ["学习教育"]


def _question(number: int, rng: random.Random, sentences: list[str], phrases: list[str]) -> dict:
    kind = TYPES[number % 4]
    sentence = rng.choice(sentences)
    qid = f"g{number:05d}"
    explanation = f"见第{number}题出处：{sentence[:40]}"
    if kind == "blank":
        runs = HAN_RUN.findall(sentence) or ["学习"]
        word = rng.choice(runs)[:2]
        stem = sentence.replace(word, "____", 1)
        return {"id": qid, "type": kind, "stem": stem, "answer": [word], "explanation": explanation}
    if kind == "judge":
        return {"id": qid, "type": kind, "stem": sentence, "answer": bool(number % 3), "explanation": explanation}
    options = rng.sample(phrases, 4)
    answer = sorted(rng.sample("ABCD", 2 if kind == "multiple" else 1))
    stem = f"（第{number}题）{sentence[:60]}下列哪{'些' if kind == 'multiple' else '项'}说法符合原文？"
    question = {"id": qid, "type": kind, "stem": stem, "options": options}
    question["answer"] = answer if kind == "multiple" else answer[0]
    question["explanation"] = explanation
    return question


def generate_bank(n: int, bank_id: str = "sheng-cheng-ti-ku", draw: int = 20, seed: int = 20240509) -> dict:
    """Data of a bank with n questions (n ≥ 1), draw questions per exam."""
    rng = random.Random(seed)
    sentences = seed_sentences()
    phrases = _phrases(sentences)
    questions = [_question(number, rng, sentences, phrases) for number in range(1, n + 1)]
    return bank_to_yaml_data(
        bank_id,
        f"生成题库（{n} 题）",
        questions,
        description="由种子讲话稿自动生成，用于性能测试。",
        draw=min(draw, n),
        time_limit=30,
    )


def write_bank(path: Path, n: int, **options) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_yaml(generate_bank(n, **options)), encoding="utf-8")
    return path
