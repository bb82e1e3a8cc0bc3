"""A few hundred generated bad inputs through `check` (issue 11, "Done when").

Each input is one file — a material, a question bank or the schedule — made by breaking a valid
one: random bytes, truncation, deep nesting, huge values, invisible characters, aliases,
repeated keys, odd values and link schemes. For every one, `check` must exit 0 or 1, print no
traceback, and say each problem as `path:line: 错误|警告: …`. Every input that passes is then
built (several at once, in as few sites as they fit), and every page and file the built site
links must exist.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from support import ScratchSite
from test_build import collect, html_pages, resolve
from test_hardening import complete_docs

import scripts.build as build_module
from scripts.project import load_mkdocs_config

SEED = 20261128
SVG = b"<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/>"
PROBLEM_LINE = re.compile(r"^\S.*?:\d+: (错误|警告): \S")
SUMMARY = re.compile(r"^检查(未)?通过：")
INVISIBLE = ["\u200b", "\u200d", "\u200e", "\u202e", "\u2066", "\ufeff", "\u00ad", "\x00", "\x1b", "\x85", "\u2028"]

UNIT = """\
---
title: 学查改做
date: 2024-05-09
tags: [主题教育, 党章]
summary: 学习党章党规
objectives:
  - 理解四个合格
---
## 学习要点

正文第一段，链接到[另一篇](xue-xi.md)。

![插图](tu.svg)

- 列表一
    - 列表二
"""

CULTURE = """\
---
title: 剪纸作品
date: 2024-06-01
form: 剪纸
author: 李师傅
media:
  - tu2.svg
  - {file: tu2.svg, caption: 说明}
---
作品介绍。
"""

BANK = """\
title: 测试题库
description: 说明
pass_score: 60
draw: 2
time_limit: 10
tags: [党章]
questions:
  - id: q1
    type: single
    stem: 第一题
    options: [甲, 乙, 丙]
    answer: B
    explanation: 解析
    score: 2
  - id: q2
    type: multiple
    stem: 第二题
    options: [甲, 乙, 丙, 丁]
    answer: [A, C]
  - id: q3
    type: judge
    stem: 第三题
    answer: 正确
  - id: q4
    type: blank
    stem: 第四题____
    answer: [[四, 肆]]
"""

SCHEDULE = """\
title: 年度学习安排
statement: 说明
months:
  2026-09: 开学季
sessions:
  - date: 2026-09-03
    time: "14:30-16:30"
    location: 三楼会议室
    topic: 学党章、守党规
    form: 集中学习
    host: 王书记
    units: [xue-xi]
    cases: [an-li]
    quiz: ce-shi
    audience: [机关第一支部]
    notes: 请提前通读党章
  - date: 2026-09-10
    topic: 警示教育
"""

TEMPLATES = {"unit": UNIT, "culture": CULTURE, "bank": BANK, "schedule": SCHEDULE}


# --- the bad inputs --------------------------------------------------------------------------------


def _random_bytes(rng: random.Random, template: str) -> bytes:
    size = rng.choice([0, 1, 3, 40, 300, 2000])
    if rng.random() < 0.5:
        return bytes(rng.randrange(256) for _ in range(size))
    return template.encode("utf-8")[: rng.randrange(len(template))] + bytes(rng.randrange(256) for _ in range(size))


def _truncated(rng: random.Random, template: str) -> bytes:
    data = template.encode("utf-8")
    return data[: rng.randrange(1, len(data))]


def _deep(rng: random.Random, template: str) -> str:
    depth = rng.choice([15, 21, 60, 400, 1200])
    flavour = rng.randrange(4)
    if flavour == 0:
        value = "[" * depth + "]" * depth
    elif flavour == 1:
        value = "{a: " * depth + "1" + "}" * depth
    elif flavour == 2:
        value = "\n" + "\n".join(
            "  " * (level + 1) + "- x" if level == 0 else "  " * (level + 1) + "- " for level in range(depth)
        )
    else:
        body = "\n".join("    " * level + "- 层" for level in range(depth))
        return template + "\n" + (body if template.startswith("---") else "")
    key = rng.choice(["title", "summary", "tags", "questions", "sessions", "extra"])
    return _set(template, key, value)


def _huge(rng: random.Random, template: str) -> str:
    choice = rng.randrange(7)
    if choice == 0:
        return _set(template, "title", "长" * rng.choice([1000, 200_000]))
    if choice == 1:
        return _set(template, "tags", "[" + ", ".join(f"标签{n}" for n in range(rng.choice([31, 5000]))) + "]")
    if choice == 2:
        return template + "正文" * rng.choice([600_000, 1_100_000]) if template.startswith("---") else template
    if choice == 3:
        return template.replace("score: 2", "score: 1" + "0" * 400).replace("draw: 2", "draw: 9" * 30)
    if choice == 4:
        return template.replace("[甲, 乙, 丙]", "[" + ", ".join(f"选项{n}" for n in range(2000)) + "]")
    if choice == 5:
        return template.replace('"14:30-16:30"', '"99:99-' + "1" * 5000 + '"')
    return template.replace("date: 2024-05-09", "date: " + "9" * 1000).replace("date: 2026-09-03", "date: 99999-1-1")


def _invisible(rng: random.Random, template: str) -> str:
    lines = template.split("\n")
    candidates = [
        n for n, line in enumerate(lines) if re.search(r"(title|topic|id|tags|host|location|- |stem|form):?", line)
    ]
    n = rng.choice(candidates)
    line = lines[n]
    position = rng.randrange(len(line) + 1)
    lines[n] = line[:position] + rng.choice(INVISIBLE) + line[position:]
    return "\n".join(lines)


def _alias(rng: random.Random, template: str) -> str:
    bomb = "\n".join(
        [f"a0: &a0 [{', '.join(['x'] * 9)}]"]
        + [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, rng.choice([2, 6, 10]))]
    )
    if template.startswith("---"):
        return template.replace("---\n", "---\n" + bomb + "\n", 1).replace("summary: 学习党章党规", "summary: *a0")
    return bomb + "\n" + template.replace("title: ", "title: &t ", 1) + "extra: *t\n"


def _duplicate_key(rng: random.Random, template: str) -> str:
    lines = template.split("\n")
    keyed = [n for n, line in enumerate(lines) if re.match(r"^\s*-?\s*\w+:", line)]
    n = rng.choice(keyed)
    lines.insert(n + 1, lines[n].replace("- ", "  ", 1))
    return "\n".join(lines)


ODD_VALUES = [
    ".nan",
    ".inf",
    "-.inf",
    "[]",
    "{}",
    "null",
    "yes",
    "1e400",
    "2024-02-30",
    "'  '",
    "[[1]]",
    "~",
    "!!binary AAAA",
]


def _odd_value(rng: random.Random, template: str) -> str:
    lines = template.split("\n")
    keyed = [n for n, line in enumerate(lines) if re.match(r"^\s*-?\s*\w+: \S", line)]
    n = rng.choice(keyed)
    key = lines[n].split(":", 1)[0]
    lines[n] = f"{key}: {rng.choice(ODD_VALUES)}"
    return "\n".join(lines)


SCHEMES = [
    "javascript:alert(1)",
    " javascript:x",
    "&#106;avascript:x",
    "data:text/html,x",
    "file:///etc/passwd",
    "smb://s/x",
    "vbscript:x",
    "//evil.example/",
    "\\\\server\\share",
    "JaVaScRiPt:x",
    "http://ok.example/",
    "mailto:a@b.cn",
    "../cases/none.md",
    "/abs.html",
    "tu.svg#x",
    "?q",
    "<javascript:x>",
]


def _scheme(rng: random.Random, template: str) -> str:
    links = "\n\n".join(
        rng.choice(["[链接]({})", "![图]({})", '<a href="{}">网页</a>', "[引用][r{n}]\n\n[r{n}]: {}"]).format(
            rng.choice(SCHEMES), n=k
        )
        for k in range(rng.randrange(1, 4))
    )
    if template.startswith("---"):
        return template + "\n" + links + "\n"
    return template.replace("stem: 第一题", f"stem: '{links.splitlines()[0]}'")


def _line_edit(rng: random.Random, template: str) -> str:
    lines = template.split("\n")
    for _ in range(rng.randrange(1, 4)):
        n = rng.randrange(len(lines))
        edit = rng.randrange(6)
        if edit == 0:
            del lines[n]
        elif edit == 1:
            lines.insert(n, lines[n])
        elif edit == 2:
            lines[n] = "\t" + lines[n]
        elif edit == 3:
            lines[n] = lines[n].replace(":", "：", 1)
        elif edit == 4:
            lines[n] = lines[n] + rng.choice(['"', "'", ":", " #", " [", "{", "*", "&", "|", ">"])
        else:
            m = rng.randrange(len(lines))
            lines[n], lines[m] = lines[m], lines[n]
    return "\n".join(lines)


MUTATIONS = [
    (_random_bytes, 30),
    (_truncated, 45),
    (_deep, 25),
    (_huge, 20),
    (_invisible, 50),
    (_alias, 12),
    (_duplicate_key, 25),
    (_odd_value, 45),
    (_scheme, 25),
    (_line_edit, 45),
]


def _set(template: str, key: str, value: str) -> str:
    lines = template.split("\n")
    for n, line in enumerate(lines):
        if line.startswith(f"{key}:"):
            lines[n] = f"{key}: {value}"
            return "\n".join(lines)
    head = 1 if template.startswith("---") else 0
    lines.insert(head, f"{key}: {value}")
    return "\n".join(lines)


def generate() -> list[tuple[str, str, bytes]]:
    """(name, path in the project, content) of every bad input; the same every run."""
    rng = random.Random(SEED)
    cases = []
    for mutate, count in MUTATIONS:
        for number in range(count):
            kind = rng.choices(list(TEMPLATES), weights=[3, 2, 3, 1])[0]  # one schedule a site: fewer of them
            made = mutate(rng, TEMPLATES[kind])
            data = made if isinstance(made, bytes) else made.encode("utf-8", errors="surrogatepass")
            name = f"{mutate.__name__.strip('_')}-{number}-{kind}"
            rel = {
                "unit": f"materials/units/fz-{len(cases)}.md",
                "culture": f"materials/culture/fz-{len(cases)}.md",
                "bank": f"materials/quizzes/fz-{len(cases)}.yml",
                "schedule": "materials/schedule.yml",
            }[kind]
            cases.append((name, rel, data))
    return cases


# --- the harness -----------------------------------------------------------------------------------


def baseline(path: Path) -> ScratchSite:
    """A small valid project every input is added to (the schedule's references resolve in it)."""
    path.mkdir(parents=True, exist_ok=True)
    site = ScratchSite(path)
    site.unit("xue-xi", title="学习", id="xue-xi")
    site.case("an-li", id="an-li")
    site.write_bytes("materials/units/tu.svg", SVG)
    site.write_bytes("materials/culture/tu2.svg", SVG)
    site.write("materials/quizzes/ce-shi.yml", "id: ce-shi\n" + BANK)
    complete_docs(site)
    return site


@pytest.fixture
def cached_config(monkeypatch):
    """mkdocs.yml read once per project: the checks then take a fraction of a second each."""
    configs: dict[tuple, object] = {}

    def load(config_file: str, **overrides):
        key = (config_file, tuple(sorted(overrides.items())))
        if key not in configs:
            configs[key] = load_mkdocs_config(config_file, **overrides)
        return configs[key]

    monkeypatch.setattr(build_module, "load_mkdocs_config", load)


def checked(site: ScratchSite, capsys, name: str) -> int:
    code = build_module.check(site.config_file)
    captured = capsys.readouterr()
    said = captured.out + captured.err
    assert code in (0, 1), name
    assert "Traceback" not in said, f"{name}: {said[-2000:]}"
    for line in captured.err.splitlines():
        assert PROBLEM_LINE.match(line) or SUMMARY.match(line), f"{name}: {line[:300]!r}"
    assert (code == 1) == bool(re.search(r": 错误: ", captured.err)), name
    return code


def test_generated_bad_inputs(tmp_path, capsys, cached_config):
    cases = generate()
    assert len(cases) >= 300
    alone = baseline(tmp_path / "alone")
    buckets: list[tuple[ScratchSite, list[str]]] = []
    passed = 0
    for name, rel, data in cases:
        target = alone.write_bytes(rel, data)
        code = checked(alone, capsys, name)
        target.unlink()
        if code:
            continue
        passed += 1
        _add_to_a_bucket(buckets, tmp_path, capsys, name, rel, data)
    assert 0 < passed < len(cases)  # the generator makes both kinds
    with capsys.disabled():
        print(f"\n{len(cases)} inputs, {passed} passed check, built in {len(buckets)} sites")
    for number, (site, names) in enumerate(buckets):
        out = tmp_path / f"site-{number}"
        code = site.build(out)
        said = capsys.readouterr()
        assert code == 0, f"{names}: {said.err[-2000:]}"
        assert "Traceback" not in said.out + said.err
        _every_link_resolves(out, names)


def _add_to_a_bucket(buckets, tmp_path: Path, capsys, name: str, rel: str, data: bytes) -> None:
    """Put a passing input into the first site where everything still passes (or a new one)."""
    for site, names in buckets:
        if (site.path / rel).exists():
            continue
        target = site.write_bytes(rel, data)
        if checked(site, capsys, name) == 0:
            names.append(name)
            return
        target.unlink()
    site = baseline(tmp_path / f"bucket-{len(buckets)}")
    site.write_bytes(rel, data)
    assert checked(site, capsys, name) == 0, name
    buckets.append((site, [name]))


def _every_link_resolves(site: Path, names: list[str]) -> None:
    missing = []
    for page in [p for p in html_pages(site) if p.name != "404.html"]:
        found = collect(page.read_text(encoding="utf-8"))
        for url in found.links + found.fetched:
            target = resolve(site, page, url)
            if target is not None and not target.exists():
                missing.append(f"{page.relative_to(site)} → {url}")
    assert missing == [], names


def test_the_generator_is_deterministic_and_varied():
    first, second = generate(), generate()
    assert first == second
    assert {name.split("-")[0] for name, _, _ in first} == {mutate.__name__.strip("_") for mutate, _ in MUTATIONS}
    assert {rel.split("/")[1] for _, rel, _ in first} == {"units", "culture", "quizzes", "schedule.yml"}
