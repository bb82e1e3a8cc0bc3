"""Messages that never mislead: one mistake gives one error, at its real cause (issue 14, item 1)."""

from __future__ import annotations

from support import front_matter

SCHEDULE = """\
sessions:
  - date: 2026-09-03
    topic: 以案说纪
    cases: [{case}]
    units: [a]
"""


def errors(lines: list[str]) -> list[str]:
    return [line for line in lines if ": 错误: " in line]


def site_with_references(scratch_site, case_text: str, case_id: str = "zhang-mou"):
    """A unit linking to the case, a schedule and a quiz `source:` naming it, and an unrelated case."""
    scratch_site.write("materials/cases/张某案.md", case_text)
    scratch_site.case("赵某对抗审查案", id="zhao-mou-dui-kang-shen-cha")
    scratch_site.unit("a", body="见[张某案](../cases/张某案.md)。")
    scratch_site.write("materials/schedule.yml", SCHEDULE.format(case=case_id))
    scratch_site.write(
        "materials/quizzes/bank.yml",
        "id: bank\ntitle: 测试\nquestions:\n"
        "  - id: q1\n    type: judge\n    stem: 对吗\n    answer: 正确\n    source: cases/张某案.md\n",
    )


CASE_BODY = "## 案情\n\n案情。\n\n## 剖析\n\n剖析。\n\n## 警示\n\n警示。\n"


def test_a_case_with_a_bad_date_gives_one_error_and_no_false_follow_ons(scratch_site, capsys):
    text = "---\ntitle: 张某案\ndate: 2024-13-01\nid: zhang-mou\ncategory: 廉洁纪律\n---\n" + CASE_BODY
    site_with_references(scratch_site, text)
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert errors(lines) == [
        "materials/cases/张某案.md:3: 错误: 字段 “date”（日期）“2024-13-01” 不是有效日期，应为 YYYY-MM-DD 格式，例如 2024-03-05"
    ]
    see = "本身有错误，暂时无法使用；请先按该文件的错误信息修改"
    assert lines == [
        "materials/cases/张某案.md:3: 错误: 字段 “date”（日期）“2024-13-01” 不是有效日期，应为 YYYY-MM-DD 格式，例如 2024-03-05",
        f"materials/quizzes/bank.yml:8: 警告: 出处 “cases/张某案.md” 指向的 materials/cases/张某案.md {see}",
        f"materials/schedule.yml:4: 警告: 字段 “cases”（警示案例）中的 “zhang-mou” 指向的 materials/cases/张某案.md {see}",
        f"materials/units/a.md:6: 警告: 链接目标 “../cases/张某案.md” 指向的 materials/cases/张某案.md {see}",
    ]
    assert not any("不存在" in line or "是否应为" in line for line in lines)


def test_a_case_with_a_fullwidth_colon_is_still_known_by_its_id(scratch_site, capsys):
    text = "---\ntitle: 张某案\ndate：2024-05-09\nid: zhang-mou\ncategory: 廉洁纪律\n---\n" + CASE_BODY
    site_with_references(scratch_site, text)
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert errors(lines) == [
        "materials/cases/张某案.md:3: 错误: 字段 “date” 后面用了全角冒号“：”；请改为半角冒号加空格，例如 date: …"
    ]
    assert len(lines) == 4
    assert not any("不存在" in line or "是否应为" in line for line in lines)


def test_schedule_may_name_a_broken_case_by_its_file_name_slug(scratch_site, capsys):
    text = "---\ntitle: [坏]\ndate: 2024-05-09\ncategory: 廉洁纪律\n---\n" + CASE_BODY
    site_with_references(scratch_site, text, case_id="zhang-mou-an")
    code, lines = scratch_site.check(capsys)
    assert errors(lines) == ["materials/cases/张某案.md:2: 错误: 字段 “title”（标题）应为文字，实际是列表"]
    assert "materials/schedule.yml:4: 警告: 字段 “cases”（警示案例）中的 “zhang-mou-an” 指向的" in "\n".join(lines)


def test_unit_and_schedule_naming_a_broken_bank(scratch_site, capsys):
    scratch_site.unit("a", quiz="bank")
    scratch_site.write("materials/quizzes/bank.yml", "id: bank\ntitle: 测试\nquestions:\n  - id: q1\n   type: x\n")
    scratch_site.write("materials/schedule.yml", "sessions:\n  - date: 2026-09-03\n    topic: 测试\n    quiz: bank\n")
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert len(errors(lines)) == 1 and errors(lines)[0].startswith("materials/quizzes/bank.yml:")
    see = "本身有错误，暂时无法使用；请先按该文件的错误信息修改"
    assert lines[1:] == [
        f"materials/schedule.yml:4: 警告: 字段 “quiz”（知识测试）中的 “bank” 指向的 materials/quizzes/bank.yml {see}",
        f"materials/units/a.md:4: 警告: 知识测试 “bank” 指向的 materials/quizzes/bank.yml {see}",
    ]


def test_media_in_a_case_is_explained(scratch_site, capsys):
    scratch_site.case("a", media="图.png")
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert lines == [
        "materials/cases/a.md:5: 错误: 未知字段 “media”：警示案例没有 media 字段；"
        "图片请在正文里用 ![说明](文件名) 插入，图片文件放在本文件旁边（见编写指南“图片”一节）"
    ]


def test_field_of_another_type_and_chinese_label_are_explained(scratch_site, capsys):
    scratch_site.unit("a", outcome="开除党籍")
    scratch_site.case("b", 当事人="张某")
    code, lines = scratch_site.check(capsys)
    assert lines == [
        "materials/cases/b.md:5: 错误: 未知字段 “当事人”：字段名要用英文：当事人应写成 “subject: …”",
        "materials/units/a.md:4: 错误: 未知字段 “outcome”：学习单元没有 outcome 字段（outcome 是警示案例的“处理结果”）",
    ]


def test_no_suggestion_below_the_similarity_threshold(scratch_site, capsys):
    scratch_site.unit("a", images="x")
    scratch_site.case("zhang", id="zhang-mou-shou-li-jin")
    scratch_site.write("materials/schedule.yml", SCHEDULE.format(case="wu-mou").replace("units: [a]", "units: [a]"))
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert not any("是否应为" in line for line in lines), lines
    assert "materials/units/a.md:4: 错误: 未知字段 “images”：学习单元没有 images 字段；图片请在正文里用" in "\n".join(
        lines
    )
    assert (
        "materials/schedule.yml:4: 错误: 字段 “cases”（警示案例）中的 “wu-mou” 不是已有警示案例的编号；"
        in "\n".join(lines)
    )


def test_misspelled_link_target_gets_the_closest_file(scratch_site, capsys):
    scratch_site.unit("学查改做", title="学查改做")
    scratch_site.write_bytes("materials/units/图一.jpeg", b"\x89PNG\r\n\x1a\n")
    scratch_site.unit("b", body="见[学查改做](学查改作.md)。\n\n![图](图一.jpg) [李](../cases/李某案.md)")
    scratch_site.case("张某案")
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert lines == [
        "materials/units/b.md:6: 错误: 链接目标 “学查改作.md” 不存在；最接近的现有文件是 “学查改做.md”",
        "materials/units/b.md:8: 错误: 链接的文件 “图一.jpg” 不存在；最接近的现有文件是 “图一.jpeg”",
        "materials/units/b.md:8: 错误: 链接目标 “../cases/李某案.md” 不存在",
    ]


def test_case_only_difference_is_named(scratch_site, capsys):
    scratch_site.write_bytes("materials/cases/现场.png", b"\x89PNG\r\n\x1a\n")
    scratch_site.write(
        "materials/cases/a.md",
        front_matter(category="廉洁纪律") + "## 案情\n\n![现场](现场.PNG)\n\n## 剖析\n\n剖析。\n\n## 警示\n\n警示。\n",
    )
    code, lines = scratch_site.check(capsys)
    assert lines == [
        "materials/cases/a.md:9: 错误: 链接的文件 “现场.PNG” 不存在：实际文件名是 “现场.png”，只是大小写不同；"
        "网站服务器区分大小写，请改成一致"
    ]


def test_summary_counts_every_kind(scratch_site, capsys):
    from scripts.build import check

    scratch_site.unit("a")
    scratch_site.write("materials/cases/坏.md", "---\ntitle: 坏\n---\n")
    scratch_site.write(
        "materials/quizzes/bank.yml",
        "id: bank\ntitle: 测试\nquestions:\n  - {id: q1, type: judge, stem: 对吗, answer: 对}\n",
    )
    scratch_site.write(
        "materials/schedule.yml",
        "sessions:\n  - {date: 2026-09-03, topic: 学习}\n  - {date: 2026-09-10, topic: 学习}\n",
    )
    assert check(scratch_site.config_file) == 1
    err = capsys.readouterr().err.splitlines()[-1]
    assert err == (
        "检查未通过：学习单元 1 篇，警示案例 0 篇（另有 1 篇有错误），孝廉文化 0 篇，题库 1 个（1 题），"
        "学习安排 2 次；共 2 个错误，0 个警告。"
    )
