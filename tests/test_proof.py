"""规范表述 proofreading: the dictionary, the rules, silencing, `proof` and `check` (issue 14, item 6)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from support import ROOT

from scripts.problems import Problems
from scripts.proof import proof_text
from scripts.proof.dictionary import Dictionary, load_dictionary
from scripts.proof.feature import cached_dictionary, proofread_files

DICTIONARY_FILE = ROOT / "materials" / "规范表述.yml"


@pytest.fixture(scope="module")
def dictionary() -> Dictionary:
    problems = Problems()
    loaded = load_dictionary(DICTIONARY_FILE, "materials/规范表述.yml", problems)
    assert problems.items == []
    return loaded


def found(text: str, dictionary: Dictionary, kind: str = "markdown") -> list[str]:
    return [f"{f.line}:{f.col}: {f.text()}" for f in proof_text(textwrap.dedent(text).lstrip("\n"), kind, dictionary)]


EVERY_CLASS = """
---
title: 学习贯彻十九届四中中全会精神
date: 2024-05-09
summary: 牢固树立“四个意识”，坚定“四个自信，做到“两个维护”。
---

## 学习要点

深入学习习近平新时代特色社会主义思想，学习《中国共产党党纪处分条例》。

我们的的工作要增强政治意识、核心意识、大局意识、看齐意识。

全体党员要认真学习,深刻领会党的创新理论。

学习 教育要常态化。

他说："要学习”，大家都说“好”。

一是加强学习。二是改进作风。四是严肃纪律。

（一）总体要求

（二）主要任务

（四）保障措施

本次共有3名党员参加，其中三名是新党员。
"""


def test_every_error_class_is_found_with_line_column_and_fix(dictionary):
    assert found(EVERY_CLASS, dictionary) == [
        "2:17: 重复字：“四中中全会” 中 “中” 重复了；应为 “四中全会”",
        "4:23: 符号配对：左引号 “ 没有配对的右引号 ”",
        "9:5: 规范表述：“习近平新时代特色社会主义思想” 应为 “习近平新时代中国特色社会主义思想”"
        "（依据：《中国共产党章程》总纲（党的十九大部分修改）；党的十九大报告）",
        "9:23: 规范表述：“中国共产党党纪处分条例” 应为 “中国共产党纪律处分条例”"
        "（依据：《中国共产党纪律处分条例》（2023年12月中共中央修订印发））",
        "11:4: 重复字：“我们的的工作” 中 “的” 重复了；应为 “我们的工作”",
        "11:10: 规范表述：“四个意识”的顺序应为 政治意识、大局意识、核心意识、看齐意识（依据：党的十九大报告；《中国共产党章程》总纲）",
        "13:10: 半角标点：汉字之间的半角 “,” 应为全角 “，”",
        "15:3: 多余空格：汉字之间多了空格；请删去",
        '17:4: 引号混用：半角引号 " 与中文引号 “” 混用；中文里请统一用 “”',
        "17:8: 符号配对：右引号 ” 前面没有配对的左引号 “",
        "19:15: 序号：“二是” 之后是 “四是”，缺少 “三是”",
        "25:2: 序号：“（二）” 之后是 “（四）”，缺少 “（三）”",
        "27:14: 数字写法：同一句里 “3名” 和 “三名” 是同一个数，写法不一致；请统一成 “3名” 或 “三名”",
    ]


def test_more_marks_ordinals_and_numbers(dictionary):
    text = """
    见《纪律处分条例（2023年修订》和【附件。
    一、总体要求
    二、主要任务
    二、保障措施
    第一，学习。第二，落实。第四，总结。
    2024年是关键一年，二〇二四年要抓好落实。
    学习：要点。学习;要点?真的!好.
    """
    assert found(text, dictionary, "text") == [
        "1:9: 符号配对：左括号 （ 没有配对的右括号 ）",
        "1:19: 符号配对：左方头括号 【 没有配对的右方头括号 】",
        "4:1: 序号：“二、” 之后又是 “二、”，序号重复或倒退",
        "5:14: 序号：“第二” 之后是 “第四”，缺少 “第三”",
        "6:12: 数字写法：同一句里 “2024年” 和 “二〇二四年” 是同一个数，写法不一致；请统一成 “2024年” 或 “二〇二四年”",
        "7:9: 半角标点：汉字之间的半角 “;” 应为全角 “；”",
        "7:12: 半角标点：汉字之间的半角 “?” 应为全角 “？”",
        "7:15: 半角标点：汉字之间的半角 “!” 应为全角 “！”",
    ]


def test_seed_speech_has_the_doubled_plenum(tmp_path):
    """`python -m scripts proof` on the seed speech names 四中中全会 at its line and column."""
    seed = ROOT / "scripts" / "data" / "seed.txt"
    result = subprocess.run(
        [sys.executable, "-m", "scripts", "proof", str(seed)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "scripts/data/seed.txt:24:55: 警告: 重复字：“四中中全会” 中 “中” 重复了；应为 “四中全会”" in result.stdout
    assert "Traceback" not in result.stderr
    shared = Path("/work/shared/seed")
    for path in sorted(shared.glob("*.txt")) if shared.is_dir() else []:
        assert path.read_text(encoding="utf-8") == seed.read_text(encoding="utf-8")


LEGITIMATE = [
    "我们常常说，天天学习，人人有责，谢谢大家。",
    "一一对应，一个个问题，层层压实责任，往往事与愿违。",
    "委员会会议、具体体现、人民民主、学生生活、工作作风、活动动员、搜索索引。",
    "二〇一一年，一九九九年，某某同志，王奶奶说，看看再说。",
    "嘴上说说，线线相连，字字句句，步步为营，明明白白，高高兴兴，清清白白。",
    "大会会在北京召开，现在在做什么，目的的实现，党的的确确是。",
    "中国共产党纪律处分条例、习近平新时代中国特色社会主义思想、政治意识、大局意识、核心意识、看齐意识。",
]


@pytest.mark.parametrize("sentence", LEGITIMATE)
def test_legitimate_reduplications_and_right_forms_pass(sentence, dictionary):
    assert found(sentence, dictionary, "text") == []


def test_sample_materials_docs_and_readme_have_no_findings(dictionary):
    from scripts.proof import kind_of

    paths = sorted((ROOT / "materials").rglob("*.md")) + sorted((ROOT / "materials").rglob("*.yml"))
    paths += sorted((ROOT / "docs").rglob("*.md")) + [ROOT / "README.md"]
    paths = [path for path in paths if path != DICTIONARY_FILE]
    assert len(paths) > 30
    findings = {
        path.relative_to(ROOT).as_posix(): found(path.read_text(encoding="utf-8"), dictionary, kind_of(path))
        for path in paths
    }
    assert {path: lines for path, lines in findings.items() if lines} == {}


def test_a_line_silences_one_rule_with_a_visible_comment(dictionary):
    text = """
    ---
    title: 学习 教育  # 校对：忽略 多余空格
    ---

    四中中全会和学习 教育。<!-- 校对：忽略 重复字 -->

    四中中全会和学习 教育。
    """
    assert found(text, dictionary) == [
        "5:9: 多余空格：汉字之间多了空格；请删去",
        "7:3: 重复字：“四中中全会” 中 “中” 重复了；应为 “四中全会”",
        "7:9: 多余空格：汉字之间多了空格；请删去",
    ]


def test_code_links_html_and_syntax_are_not_proofread(dictionary):
    text = """
    ---
    title: 标题
    id: xue-xi
    date: 2024-05-09
    ---

    见 `学习 教育` 和[说明](../units/学习 教育.md)，<span title="学习 教育">文字</span>。

    !!! note "提示"

        正文。

    ```
    四中中全会
    ```
    """
    assert found(text, dictionary) == []


def test_banks_and_schedule_values_are_proofread_at_their_lines(dictionary):
    bank = """
    id: bank
    title: "学习 测试"
    questions:
      - id: q1
        type: single
        stem: |
          下列表述正确的是
          十九届四中中全会
        options: [中央八条规定, 中央八项规定]
        answer: B
    """
    assert found(bank, dictionary, "yaml") == [
        "2:11: 多余空格：汉字之间多了空格；请删去",
        "8:12: 重复字：“四中中全会” 中 “中” 重复了；应为 “四中全会”",
        "9:15: 规范表述：“中央八条规定” 应为 “中央八项规定”"
        "（依据：《十八届中央政治局关于改进工作作风、密切联系群众的八项规定》（2012年12月4日））",
    ]


def test_yaml_aliases_and_deep_nesting_do_not_hang_the_proofreader(dictionary):
    bomb = "a: &a [学习 教育, 学习 教育]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [*{chr(97 + n)}, *{chr(97 + n)}]\n" for n in range(20)
    )
    start = time.process_time()
    assert found(bomb, dictionary, "yaml") == [
        "1:10: 多余空格：汉字之间多了空格；请删去",
        "1:17: 多余空格：汉字之间多了空格；请删去",
    ]
    assert found("a: " + "[" * 5000 + "学习 教育" + "]" * 5000 + "\n", dictionary, "yaml") == []
    assert time.process_time() - start < 5


def test_deeply_indented_markdown_does_not_hang_the_proofreader(dictionary):
    """A list nested 600 deep (2,400 blanks on its last line): each line is looked at once."""
    nested = "".join(" " * (4 * n) + f"- 第{n}层\n" for n in range(600))
    text = "---\ntitle: 标题\n---\n\n" + nested + "\n| 学习 教育 | 乙 |\n|   ---   | --- |\n"
    start = time.process_time()
    assert found(text, dictionary) == ["606:5: 多余空格：汉字之间多了空格；请删去"]  # the table rule is not prose
    assert time.process_time() - start < 5


def test_editors_add_entries_and_mistakes_in_the_dictionary_are_reported(scratch_site):
    path = scratch_site.write(
        "materials/规范表述.yml",
        """
        entries:
          - wrong: 党支部书记员
            right: 党支部书记
            source: 本单位规定
          - wrong: 只有错误写法
          - right: 只有正确写法
          - wrong: 相同
            right: 相同
          - order: [一项]
          - wrong: x
            right: y
            color: red
        allow: [丽丽]
        """,
    )
    problems = Problems()
    loaded = load_dictionary(path, "materials/规范表述.yml", problems)
    assert [str(p) for p in problems.sorted()] == [
        "materials/规范表述.yml:5: 错误: 词条 “只有错误写法” 缺少 right（正确写法）",
        "materials/规范表述.yml:6: 错误: 词条缺少 wrong（错误写法），或 wrong 不是文字",
        "materials/规范表述.yml:7: 错误: 词条 “相同” 的错误写法和正确写法相同",
        "materials/规范表述.yml:9: 错误: order 应为至少两项的词语列表，例如 order: [道路自信, 理论自信, 制度自信, 文化自信]",
        "materials/规范表述.yml:10: 错误: 词条有未知字段 “color”（只能有 wrong、right、note、source，或 order、name、source）",
    ]
    # The right form contains the wrong one: correct text is never flagged.
    assert found("党支部书记员张丽丽和党支部书记。", loaded, "text") == [
        "1:1: 规范表述：“党支部书记员” 应为 “党支部书记”（依据：本单位规定）"
    ]


def test_check_reports_findings_as_warnings_or_errors_as_configured(scratch_site, capsys):
    scratch_site.unit("a", body="深入学习十九届四中中全会精神。")
    code, lines = scratch_site.check(capsys)
    assert (code, lines) == (
        0,
        ["materials/units/a.md:6:10: 警告: 重复字：“四中中全会” 中 “中” 重复了；应为 “四中全会”"],
    )
    config = scratch_site.path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - xuanjiao:\n", "  - xuanjiao:\n      proof_level: error\n"), encoding="utf-8")
    code, lines = scratch_site.check(capsys)
    assert (code, lines) == (
        1,
        ["materials/units/a.md:6:10: 错误: 重复字：“四中中全会” 中 “中” 重复了；应为 “四中全会”"],
    )
    config.write_text(text.replace("  - xuanjiao:\n", "  - xuanjiao:\n      proof_level: off\n"), encoding="utf-8")
    assert scratch_site.check(capsys) == (0, [])


def test_proofreading_the_sample_site_takes_under_two_seconds():
    """CPU time (the machine is shared): dictionary, jieba's word list and every file."""
    from scripts.project import load_mkdocs_config, plugin_options
    from scripts.proof import _cache, proof_file

    options = plugin_options(load_mkdocs_config(str(ROOT / "mkdocs.yml")))
    _cache.clear()
    start = time.process_time()
    problems = Problems()
    loaded = cached_dictionary(DICTIONARY_FILE, "materials/规范表述.yml", problems)
    count = 0
    for path in proofread_files(options, ROOT):
        count += len(proof_file(path, path.name, loaded, problems))
    seconds = time.process_time() - start
    assert count == 0
    assert seconds < 2.0, seconds
