"""Every content mistake an editor can make gets one exact Chinese line, with its file and line."""

from __future__ import annotations

from support import front_matter


def test_valid_materials_pass(scratch_site, capsys):
    scratch_site.unit("学查改做", title="学查改做", tags=["主题教育"])
    scratch_site.case("张某案", subject="某局原局长张某")
    assert scratch_site.check(capsys) == (0, [])


def test_bom_and_crlf_are_accepted_silently(scratch_site, capsys):
    text = front_matter(title="带BOM") + "正文\r\n"
    scratch_site.write_bytes("materials/units/bom.md", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert scratch_site.check(capsys) == (0, [])


def test_gbk_file_is_read_with_a_warning(scratch_site, capsys):
    text = front_matter(title="国标编码") + "正文。\n"
    scratch_site.write_bytes("materials/units/gbk.md", text.encode("gbk"))
    code, lines = scratch_site.check(capsys)
    assert code == 0
    assert lines == [
        "materials/units/gbk.md:2: 警告: 文件不是 UTF-8 编码，已按 GBK 读取；请用“另存为”选择 UTF-8 编码保存"
    ]


def test_undecodable_file_is_an_error(scratch_site, capsys):
    scratch_site.write_bytes("materials/units/bin.md", b"---\ntitle: x\n\xff\xff\xff\n---\n")
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert lines == ["materials/units/bin.md:3: 错误: 文件不是 UTF-8 编码，无法读取；请用“另存为”选择 UTF-8 编码保存"]


def test_fullwidth_colon_is_named(scratch_site, capsys):
    scratch_site.write("materials/units/a.md", "---\ntitle：学查改做\ndate: 2024-05-09\n---\n正文\n")
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert lines == [
        "materials/units/a.md:2: 错误: 字段 “title” 后面用了全角冒号“：”；请改为半角冒号加空格，例如 title: …"
    ]


def test_fullwidth_colon_inside_a_value_is_fine(scratch_site, capsys):
    scratch_site.unit("a", title="'学习：学查改做'", summary="本单元说明：如何学")
    assert scratch_site.check(capsys) == (0, [])


def test_tab_indentation(scratch_site, capsys):
    scratch_site.write("materials/units/a.md", "---\ntitle: 标题\ndate: 2024-05-09\ntags:\n\t- 主题教育\n---\n正文\n")
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert lines == ["materials/units/a.md:5: 错误: 使用了 Tab 缩进；YAML 只能用空格缩进，请把 Tab 换成空格"]


def test_unclosed_quote(scratch_site, capsys):
    scratch_site.write("materials/units/a.md", '---\ndate: 2024-05-09\ntitle: "学查改做\ntags: [a]\n---\n正文\n')
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert lines == ["materials/units/a.md:3: 错误: 引号没有闭合：这一行开始的字符串缺少结束的引号"]


def test_missing_required_fields(scratch_site, capsys):
    scratch_site.write("materials/cases/a.md", "---\nsubject: 某村会计钱某\n---\n正文\n")
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert lines == [
        "materials/cases/a.md:1: 错误: 缺少必填字段 “category”（纪律类别）",
        "materials/cases/a.md:1: 错误: 缺少必填字段 “date”（日期）",
        "materials/cases/a.md:1: 错误: 缺少必填字段 “title”（标题）",
    ]


def test_wrong_types(scratch_site, capsys):
    scratch_site.write(
        "materials/units/a.md",
        "---\ntitle: [一, 二]\ndate: 2024-05-09\ntags: 3\nobjectives:\n  - 好\n  - {a: b}\n---\n正文\n",
    )
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert lines == [
        "materials/units/a.md:2: 错误: 字段 “title”（标题）应为文字，实际是列表",
        "materials/units/a.md:4: 错误: 字段 “tags”（标签）应为列表，实际是数字",
        "materials/units/a.md:7: 错误: 字段 “objectives”（学习目标）第 2 项应为文字，实际是键值对",
    ]


def test_unknown_key_suggests_the_closest(scratch_site, capsys):
    scratch_site.unit("a", titel="错字")
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert lines == ["materials/units/a.md:4: 错误: 未知字段 “titel”，是否应为 “title”？"]


def test_bad_dates(scratch_site, capsys):
    scratch_site.unit("a", date="2024-3-5")
    scratch_site.unit("b", date="2024-02-30")
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert lines == [
        "materials/units/a.md:3: 错误: 字段 “date”（日期）“2024-3-5” 不是有效日期，应为 YYYY-MM-DD 格式，例如 2024-03-05",
        "materials/units/b.md:3: 错误: 字段 “date”（日期）“2024-02-30” 不是有效日期，应为 YYYY-MM-DD 格式，例如 2024-03-05",
    ]


def test_category_not_in_list_suggests_closest(scratch_site, capsys):
    scratch_site.case("a", category="廉政纪律")
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert lines == [
        "materials/cases/a.md:4: 错误: 字段 “category”（纪律类别）“廉政纪律” 不在允许的列表中。是否应为 “廉洁纪律”？"
        "允许的值：政治纪律、组织纪律、廉洁纪律、群众纪律、工作纪律、生活纪律"
    ]


def test_culture_form_must_be_configured(scratch_site, capsys):
    scratch_site.write("materials/culture/a.md", front_matter(form="剪子") + "正文\n")
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert lines[0].startswith(
        "materials/culture/a.md:4: 错误: 字段 “form”（作品形式）“剪子” 不在允许的列表中。是否应为 “剪纸”？"
    )


def test_duplicate_ids_and_slugs(scratch_site, capsys):
    scratch_site.unit("a", id="xue-xi")
    scratch_site.unit("b", id="xue-xi")
    scratch_site.unit("学习")  # its pinyin slug is xue-xi too
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert lines == [
        "materials/units/b.md:4: 错误: id “xue-xi” 与 materials/units/a.md:4 重复",
        "materials/units/学习.md:1: 错误: 页面地址 “xue-xi” 与 materials/units/a.md 相同；请在其中一个文件设置不同的 id",
    ]


def test_same_id_in_different_types_is_fine(scratch_site, capsys):
    scratch_site.unit("a", id="same")
    scratch_site.case("b", id="same")
    assert scratch_site.check(capsys) == (0, [])


def test_empty_file_and_missing_front_matter(scratch_site, capsys):
    scratch_site.write("materials/units/empty.md", "\n \n")
    scratch_site.write("materials/units/plain.md", "# 只有正文\n")
    scratch_site.write("materials/units/open.md", "---\ntitle: 没有结束\n")
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert lines == [
        "materials/units/empty.md:1: 错误: 文件为空",
        "materials/units/open.md:1: 错误: YAML 头信息没有结束：请在字段之后加一行 ---",
        "materials/units/plain.md:1: 错误: 缺少 YAML 头信息：文件第一行应为 ---，然后是 title、date 等字段，再以 --- 结束",
    ]


def test_broken_links_between_materials_and_docs(scratch_site, capsys):
    scratch_site.case("张某案")
    scratch_site.unit("a", body="见[案例](../cases/张某案.md)。\n\n另见[不存在](../cases/李某案.md)和[图](图.png)。")
    scratch_site.write("docs/extra.md", "# 附加\n\n[单元](units/a.md) [坏](units/zz.md)\n")
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert lines == [
        "docs/extra.md:3: 错误: 链接目标 “units/zz.md” 不存在",
        "materials/units/a.md:8: 错误: 链接的文件 “图.png” 不存在",
        "materials/units/a.md:8: 错误: 链接目标 “../cases/李某案.md” 不存在",
    ]


def test_links_inside_code_are_ignored(scratch_site, capsys):
    scratch_site.unit("a", body="```\n[x](nowhere.md)\n```\n\n`[y](nowhere.md)`")
    assert scratch_site.check(capsys) == (0, [])


def test_media_missing_or_remote(scratch_site, capsys):
    scratch_site.write_bytes("materials/culture/ok.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    scratch_site.write(
        "materials/culture/a.md",
        front_matter(form="剪纸") + "![外链](https://example.com/a.png)\n",
    )
    scratch_site.write(
        "materials/culture/b.md",
        "---\ntitle: 剪纸\ndate: 2024-05-09\nform: 剪纸\nmedia:\n  - ok.svg\n  - 缺失.png\n"
        "  - {file: 'http://example.com/x.mp3', caption: 外链}\n---\n正文\n",
    )
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert lines == [
        "materials/culture/a.md:7: 错误: 图片或媒体 “https://example.com/a.png” 指向外部网址；内网无法加载，请把文件放进 materials/ 并用相对路径",
        "materials/culture/b.md:7: 错误: 找不到媒体文件 “缺失.png”（应放在 materials/culture/b.md 旁边）",
        "materials/culture/b.md:8: 错误: 媒体文件 “http://example.com/x.mp3” 是外部网址；内网无法加载，请把文件放到本文件旁边",
    ]


def test_every_problem_in_one_run(scratch_site, capsys):
    scratch_site.write("materials/units/a.md", "")
    scratch_site.unit("b", date="昨天")
    scratch_site.case("c", category="纪律")
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert [line.split(":")[0] for line in lines] == [
        "materials/cases/c.md",
        "materials/units/a.md",
        "materials/units/b.md",
    ]


def test_cli_check_reports_without_traceback(scratch_site):
    import subprocess
    import sys

    scratch_site.write("materials/units/a.md", "---\ntitle：坏\n---\n")
    result = subprocess.run(
        [sys.executable, "-m", "scripts", "-f", scratch_site.config_file, "check"],
        capture_output=True,
        text=True,
        cwd=scratch_site.path,
        env={**__import__("os").environ, "PYTHONPATH": str(__import__("conftest").ROOT)},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "materials/units/a.md:2: 错误: 字段 “title” 后面用了全角冒号" in result.stderr


def test_footnote_text_is_not_a_link(scratch_site, capsys):
    from scripts.links import find_links

    body = "正文[^1]。\n\n[^1]: 数额以查实为准。\n\n[参考]: ../units/a.md\n"
    assert [link.target for link in find_links(body, 1)] == ["../units/a.md"]
