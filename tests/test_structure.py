"""Structure the guide states is checked: case sections, no H1, blank marks (issue 14, item 3)."""

from __future__ import annotations

import textwrap

from support import front_matter

SECTIONS = "## 案情\n\n案情。\n\n## 剖析\n\n剖析。\n\n## 警示\n\n警示。\n"


def write_case(site, body: str, name: str = "a"):
    site.write(f"materials/cases/{name}.md", front_matter(category="廉洁纪律") + body)


def test_renamed_section_is_named_with_its_line(scratch_site, capsys):
    write_case(scratch_site, SECTIONS.replace("## 警示", "## 启示"))
    assert scratch_site.check(capsys) == (
        1,
        ["materials/cases/a.md:15: 错误: 小节 “## 启示” 应为 “## 警示”（案例正文应依次有 ## 案情、## 剖析、## 警示）"],
    )


def test_missing_sections(scratch_site, capsys):
    write_case(scratch_site, "## 案情\n\n案情。\n\n## 警示\n\n警示。\n", "a")
    write_case(scratch_site, "只有一段话。\n", "b")
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert lines == [
        "materials/cases/a.md:11: 错误: 案例正文缺少 “## 剖析” 一节（应依次有 ## 案情、## 剖析、## 警示）",
        "materials/cases/b.md:7: 错误: 案例正文缺少 “## 案情”、“## 剖析”、“## 警示”（应依次有 ## 案情、## 剖析、## 警示）",
    ]


def test_sections_out_of_order(scratch_site, capsys):
    write_case(scratch_site, "## 剖析\n\n剖析。\n\n## 案情\n\n案情。\n\n## 警示\n\n警示。\n")
    assert scratch_site.check(capsys) == (
        1,
        ["materials/cases/a.md:11: 错误: 案例正文的小节顺序应为 ## 案情、## 剖析、## 警示"],
    )


def test_numbered_headings_and_extra_sections_are_fine(scratch_site, capsys):
    body = "## 一、案情\n\n案情。\n\n## 二、剖析\n\n剖析。\n\n### 细节\n\n细节。\n\n## 三、警示\n\n警示。\n\n## 附：相关规定\n\n规定。\n"
    write_case(scratch_site, body)
    assert scratch_site.check(capsys) == (0, [])


def test_h1_in_a_body_is_one_error(scratch_site, capsys):
    write_case(scratch_site, SECTIONS.replace("## 案情", "# 案情"))
    scratch_site.unit("u", body="学习要点\n====\n\n```\n# 代码里的井号不算\n```\n")
    code, lines = scratch_site.check(capsys)
    assert lines == [
        "materials/cases/a.md:7: 错误: 正文不能用一级标题 “# 案情”：页面标题来自 title 字段；请改成二级标题 “## 案情”",
        "materials/units/u.md:6: 错误: 正文不能用一级标题 “# 学习要点”：页面标题来自 title 字段；请改成二级标题 “## 学习要点”",
    ]


def test_section_names_are_configurable(scratch_site, capsys):
    config = scratch_site.path / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      cases_categories:", "      cases_sections: [基本案情, 原因剖析, 警示启示]\n      cases_categories:"
        ),
        encoding="utf-8",
    )
    write_case(scratch_site, SECTIONS)
    write_case(
        scratch_site, SECTIONS.replace("案情", "基本案情").replace("剖析", "原因剖析").replace("警示", "警示启示"), "b"
    )
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert lines == [
        "materials/cases/a.md:7: 错误: 小节 “## 案情” 应为 “## 基本案情”（案例正文应依次有 ## 基本案情、## 原因剖析、## 警示启示）",
        "materials/cases/a.md:11: 错误: 小节 “## 剖析” 应为 “## 原因剖析”（案例正文应依次有 ## 基本案情、## 原因剖析、## 警示启示）",
        "materials/cases/a.md:15: 错误: 小节 “## 警示” 应为 “## 警示启示”（案例正文应依次有 ## 基本案情、## 原因剖析、## 警示启示）",
    ]


def test_configured_sections_get_their_look(scratch_site, tmp_path):
    config = scratch_site.path / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      cases_categories:", "      cases_sections: [基本案情, 原因剖析, 警示启示]\n      cases_categories:"
        ),
        encoding="utf-8",
    )
    write_case(
        scratch_site, SECTIONS.replace("案情", "基本案情").replace("剖析", "原因剖析").replace("警示", "一、警示启示")
    )
    assert scratch_site.build(tmp_path / "out") == 0
    html = (tmp_path / "out" / "cases" / "a.html").read_text(encoding="utf-8")
    assert "xl-case-section--facts" in html and "xl-case-section--warning" in html


BANK = textwrap.dedent(
    """\
    id: bank
    title: 测试
    questions:
      - id: q1
        type: blank
        stem: 党的最高理想和最终目标是实现共产主义。
        answer: 共产主义
      - id: q2
        type: blank
        stem: 四个意识是政治意识、____、核心意识、____。
        answer: [大局意识]
      - id: q3
        type: blank
        stem: 两个维护是____和____。
        answer: [甲, 乙]
    """
)


def test_blank_questions_need_as_many_marks_as_answers(scratch_site, capsys):
    scratch_site.write("materials/quizzes/bank.yml", BANK)
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert lines == [
        "materials/quizzes/bank.yml:6: 错误: 填空题的题干中没有空：请在要填的地方写 ____ 或（ ），共 1 处，与答案的空数一致",
        "materials/quizzes/bank.yml:11: 错误: 题干中有 2 处空（____ 或（ ）），答案却给了 1 个空",
    ]
