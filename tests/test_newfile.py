"""`python -m scripts new …`: ready-to-fill files that pass `check` once filled (issue 14, item 4)."""

from __future__ import annotations

import datetime
import re

import pytest

from scripts.__main__ import main

EXAMPLE = re.compile(r"^(?P<head>[ \t]*(?:- )?\w+):[ \t]+(?P<comment>#[^\n]*?例如：(?P<example>[^\n]+))$", re.M)
FIELD = re.compile(r"^[ \t]*(?:- )?(\w+):", re.M)


def fill_with_examples(text: str) -> str:
    """What an editor does: every empty field gets the value after 例如：, and the draft is published."""
    text = EXAMPLE.sub(lambda m: f"{m['head']}: {m['example']}  {m['comment']}", text)
    return text.replace("status: draft", "status: published")


def new(site, capsys, *args) -> tuple[int, str, str]:
    code = main(["-f", site.config_file, "new", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def expected_fields(kind: str, site) -> set[str]:
    from scripts.content import case, culture, unit
    from scripts.project import load_mkdocs_config, plugin_options
    from scripts.quiz.bank import BANK_FIELDS, QUESTION_FIELDS
    from scripts.schedule.model import session_fields

    options = plugin_options(load_mkdocs_config(site.config_file))
    if kind == "bank":
        return set(BANK_FIELDS) | set(QUESTION_FIELDS)
    if kind == "session":
        return set(session_fields(options.schedule_forms)) | {"sessions"}
    module = {"unit": unit, "case": case, "culture": culture}[kind]
    return set(module.content_type(options).all_fields)


@pytest.mark.parametrize(
    ("kind", "path", "address"),
    [
        ("unit", "materials/units/学习贯彻二十大精神.md", "units/xue-xi-guan-che-er-shi-da-jing-shen.html"),
        ("case", "materials/cases/学习贯彻二十大精神.md", "cases/xue-xi-guan-che-er-shi-da-jing-shen.html"),
        ("culture", "materials/culture/学习贯彻二十大精神.md", "culture/xue-xi-guan-che-er-shi-da-jing-shen.html"),
        ("bank", "materials/quizzes/学习贯彻二十大精神.yml", "quizzes/xue-xi-guan-che-er-shi-da-jing-shen.html"),
    ],
)
def test_new_file_has_every_field_commented_and_passes_check_once_filled(scratch_site, capsys, kind, path, address):
    code, out, err = new(scratch_site, capsys, kind, "学习贯彻二十大精神")
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == [
        f"已新建：{path}",
        f"网址：{address}" + ("" if kind == "bank" else "（发布后；网址由 id 决定，发布后请不要再改 id）"),
    ]
    text = (scratch_site.path / path).read_text(encoding="utf-8")
    written = set(FIELD.findall(text))
    assert expected_fields(kind, scratch_site) <= written
    for field_line in re.findall(r"^[ \t]*(?:- )?\w+:.*$", text, re.M):
        assert re.search(r"# .*[\u4e00-\u9fff]", field_line), field_line  # every field has a Chinese comment
    # As written, required fields are empty: check says so instead of publishing a blank page.
    if kind in ("case", "culture", "bank"):
        assert scratch_site.check(capsys)[0] == 1
    (scratch_site.path / path).write_text(fill_with_examples(text), encoding="utf-8")
    if kind == "culture":
        scratch_site.write_bytes("materials/culture/学习贯彻二十大精神.jpg", b"\xff\xd8\xff\xe0")
    assert scratch_site.check(capsys) == (0, [])


def test_filled_files_are_published_at_the_printed_addresses(scratch_site, capsys, tmp_path):
    addresses = []
    for kind in ("unit", "case", "bank"):
        code, out, _ = new(scratch_site, capsys, kind, "廉洁自律")
        assert code == 0
        path = scratch_site.path / out.splitlines()[0].removeprefix("已新建：")
        path.write_text(fill_with_examples(path.read_text(encoding="utf-8")), encoding="utf-8")
        addresses.append(out.splitlines()[1].removeprefix("网址：").split("（")[0])
    assert scratch_site.build(tmp_path / "site") == 0
    for address in addresses:
        assert (tmp_path / "site" / address).is_file(), address


def test_new_never_overwrites(scratch_site, capsys):
    scratch_site.unit("学查改做", title="学查改做", body="已经写好的正文。")
    before = (scratch_site.path / "materials/units/学查改做.md").read_bytes()
    code, out, err = new(scratch_site, capsys, "unit", "学查改做")
    assert (code, out) == (1, "")
    assert err == "错误: materials/units/学查改做.md 已经存在，没有改动它；请换一个标题，或直接编辑这个文件\n"
    assert (scratch_site.path / "materials/units/学查改做.md").read_bytes() == before


def test_same_address_gets_a_number(scratch_site, capsys):
    scratch_site.unit("a", title="学习", id="xue-xi")
    code, out, _ = new(scratch_site, capsys, "unit", "学习")
    assert code == 0
    assert out.splitlines()[1].startswith("网址：units/xue-xi-2.html")


SCHEDULE = """\
# 学习安排
title: 年度学习安排
sessions:
  - date: {first}
    topic: 第一次
months:
  2026-09: 开学季
"""


def test_new_session_is_appended_on_the_next_free_thursday(scratch_site, capsys):
    today = datetime.date.today()
    thursday = today + datetime.timedelta(days=(3 - today.weekday()) % 7)
    scratch_site.write("materials/schedule.yml", SCHEDULE.format(first=thursday.isoformat()))
    code, out, err = new(scratch_site, capsys, "session", "学习贯彻二十大精神")
    assert (code, err) == (0, "")
    expected = thursday + datetime.timedelta(days=7)
    assert out.splitlines()[:2] == [
        f"已在 materials/schedule.yml 末尾加入 {expected.isoformat()}（四）的学习安排",
        f"网址：schedule/{expected.isoformat()}.html（同一天有几个支部分别安排时，网址后会加支部名的拼音）",
    ]
    text = (scratch_site.path / "materials/schedule.yml").read_text(encoding="utf-8")
    assert text.startswith("# 学习安排\ntitle: 年度学习安排\nsessions:\n  - date: ")
    assert text.endswith("months:\n  2026-09: 开学季\n")  # the block went inside sessions:, before months:
    assert expected_fields("session", scratch_site) <= set(FIELD.findall(text))
    (scratch_site.path / "materials/schedule.yml").write_text(fill_with_examples(text), encoding="utf-8")
    assert scratch_site.check(capsys) == (0, [])
    code, out, err = new(scratch_site, capsys, "session", "再一次", "--date", expected.isoformat())
    assert code == 1
    assert err.startswith(f"错误: {expected.isoformat()} 已有学习安排")


def test_new_session_without_a_schedule_file(scratch_site, capsys):
    code, _, _ = new(scratch_site, capsys, "session", "第一次学习", "--date", "2026-09-03")
    assert code == 0
    text = (scratch_site.path / "materials/schedule.yml").read_text(encoding="utf-8")
    assert text.startswith("sessions:\n  # 新的学习安排")
    (scratch_site.path / "materials/schedule.yml").write_text(fill_with_examples(text), encoding="utf-8")
    assert scratch_site.check(capsys) == (0, [])
