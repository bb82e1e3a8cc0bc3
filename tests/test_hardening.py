"""Hardening (issue 11): careless editors, other branches' files and hostile input.

One section per numbered item of the issue; the browser-side items (11) are in
test_hardening_browser.py, `serve` (17) in test_serve_errors.py, the output folder guard (1)
in test_outdir.py, and the generated bad inputs in test_fuzz.py.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from support import front_matter
from test_build import collect, html_pages, resolve

from scripts.__main__ import main
from scripts.outdir import MARKER, BuildLock, lock_path, mark, recover, swap_in
from scripts.problems import Problems
from scripts.quiz.bank import load_bank

BANK = """\
id: ce-shi
title: 测试题库
questions:
  - id: q1
    type: single
    stem: 第一题
    options: [甲, 乙, 丙]
    answer: B
"""


def tree(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".pytest" not in path.parts
    }


def complete_docs(site) -> None:
    """Stub pages for the nav entries a scratch site lacks, so every nav link resolves."""
    import re

    for name in re.findall(r":\s*(\S+\.md)\s*$", (site.path / "mkdocs.yml").read_text(encoding="utf-8"), re.M):
        if "/" not in name and not (site.path / "docs" / name).exists():
            site.write(f"docs/{name}", f"# {name[:-3]}\n")


def errors_of(lines: list[str]) -> list[str]:
    return [line for line in lines if ": 错误: " in line]


def run_cli(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


# --- 2. symbolic links out of the project ------------------------------------------------------


def test_symlinks_out_of_the_project_are_errors_and_never_published(scratch_site, capsys, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere")
    (outside / "secret.txt").write_text("密码：123456", encoding="utf-8")
    (outside / "private").mkdir()
    (outside / "private" / "photo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    units = scratch_site.path / "materials/units"
    (units / "passwd.txt").symlink_to(outside / "secret.txt")
    (units / "photos").symlink_to(outside / "private")
    (units / "other.md").symlink_to(outside / "secret.txt")
    scratch_site.unit("a", body="[附件](passwd.txt)\n\n![照片](photos/photo.svg)\n")
    code, lines = scratch_site.check(capsys)
    assert code == 1
    for name in ("passwd.txt", "photos", "other.md"):
        assert any(f"materials/units/{name}:1: 错误: “materials/units/{name}” 是指向项目之外" in line for line in lines)
    assert any("a.md:6: 错误: 链接的文件 “passwd.txt” 是指向项目之外" in line for line in lines)
    assert scratch_site.build() == 1
    assert not (scratch_site.path / "site").exists()


def test_symlink_inside_the_project_is_fine(scratch_site, capsys):
    (scratch_site.path / "shared").mkdir()
    (scratch_site.path / "shared" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (scratch_site.path / "materials/units/logo.svg").symlink_to(scratch_site.path / "shared/logo.svg")
    scratch_site.unit("a", body="![标志](logo.svg)\n")
    assert scratch_site.check(capsys) == (0, [])


# --- 3. export-bank: text cells, lossless round trip --------------------------------------------

FORMULAS = """\
id: gong-shi
title: 公式题库
questions:
  - id: q1
    type: single
    stem: '=HYPERLINK("http://evil.example/","点这里")'
    options: ['=1+1', '+2', '-3', '@SUM(A1:A2)']
    answer: B
    explanation: '=WEBSERVICE("http://evil.example/")'
    tags: ['=标签']
  - id: q2
    type: blank
    stem: '-这是 ____'
    answer: ['@甲']
    score: 2.5
  - id: q3
    type: judge
    stem: '+正确吗'
    answer: 对
    source: '=出处'
"""


def test_export_writes_text_cells_and_reimports_every_question(scratch_site, capsys, tmp_path):
    scratch_site.write("materials/quizzes/gong-shi.yml", FORMULAS)
    out = tmp_path / "题库.xlsx"
    code, said = run_cli(capsys, "-f", scratch_site.config_file, "export-bank", "gong-shi", str(out))
    assert code == 0, said
    sheet = load_workbook(out).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert cells and all(cell.data_type == "s" for cell in cells)  # no formula anywhere
    assert sheet["C2"].value.startswith("=HYPERLINK")
    again = tmp_path / "again.yml"
    code, said = run_cli(
        capsys, "-f", scratch_site.config_file, "import-bank", str(out), "--id", "gong-shi", "--out", str(again)
    )
    assert code == 0, said
    before = load_bank(scratch_site.path / "materials/quizzes/gong-shi.yml", "a", Problems()).questions
    after = load_bank(again, "b", Problems()).questions
    strip = [{**vars(q), "line": 0, "source_line": 0} for q in before]
    assert [{**vars(q), "line": 0, "source_line": 0} for q in after] == strip


def test_export_refuses_what_would_not_come_back(scratch_site, capsys, tmp_path):
    scratch_site.write("materials/quizzes/b.yml", BANK + "    tags: ['学习,教育']\n")
    out = tmp_path / "b.xlsx"
    code, said = run_cli(capsys, "-f", scratch_site.config_file, "export-bank", "ce-shi", str(out))
    assert code == 1
    assert "materials/quizzes/b.yml:4: 错误: 题目 “q1” 的标签导出到 Excel 后无法原样导回" in said
    assert not out.exists()


# --- 4. YAML alias bombs -------------------------------------------------------------------------


def alias_bomb(levels: int = 9) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, levels)]
    return "\n".join(lines)


def test_alias_bomb_in_a_bank_is_refused_at_once(scratch_site, capsys):
    bomb = alias_bomb()
    text = BANK.replace("    answer: B\n", "    answer: *a8\n") + "extra:\n  " + bomb.replace("\n", "\n  ") + "\n"
    text = "x: &x 1\n" + text.replace("answer: *a8", "answer: *x")
    scratch_site.write("materials/quizzes/b.yml", text)
    scratch_site.write("materials/quizzes/c.yml", bomb + "\nid: c\ntitle: 炸弹\nquestions: *a8\n")
    started = time.monotonic()
    code, lines = scratch_site.check(capsys)
    assert time.monotonic() - started < 20
    assert code == 1
    assert "materials/quizzes/c.yml:1: 错误: 不支持 YAML 锚点 “&a0”（& 和 * 引用）：请把内容直接写出来" in lines
    assert "materials/quizzes/c.yml:12: 错误: 不支持 YAML 别名 “*a8”（& 和 * 引用）：请把内容直接写出来" in lines
    assert "materials/quizzes/b.yml:9: 错误: 不支持 YAML 别名 “*x”（& 和 * 引用）：请把内容直接写出来" in lines


def test_alias_in_front_matter_and_schedule(scratch_site, capsys):
    scratch_site.write("materials/units/a.md", "---\ntitle: &t 标题\ndate: 2024-05-09\nsummary: *t\n---\n正文\n")
    scratch_site.write("materials/schedule.yml", "sessions:\n  - &s {date: 2026-09-03, topic: 学习}\n  - *s\n")
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert "materials/units/a.md:4: 错误: 不支持 YAML 别名 “*t”（& 和 * 引用）：请把内容直接写出来" in lines
    assert "materials/schedule.yml:3: 错误: 不支持 YAML 别名 “*s”（& 和 * 引用）：请把内容直接写出来" in lines


# --- 5. what check passes must build ------------------------------------------------------------

SVG = b"<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/>"


def test_media_outside_the_folder_is_an_error_with_its_line(scratch_site, capsys):
    scratch_site.write_bytes("materials/units/x.svg", SVG)
    scratch_site.write(
        "materials/culture/a.md",
        "---\ntitle: 剪纸\ndate: 2024-05-09\nform: 剪纸\nmedia:\n  - ../units/x.svg\n  - /etc/hostname\n"
        "  - 图片\\x.svg\n---\n正文\n",
    )
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert errors_of(lines) == [
        "materials/culture/a.md:6: 错误: 媒体文件 “../units/x.svg” 应放在 materials/culture/a.md 所在的文件夹（或它的子文件夹）里，"
        "并写成相对路径，例如 图片/剪纸.jpg",
        "materials/culture/a.md:7: 错误: 媒体文件 “/etc/hostname” 应放在 materials/culture/a.md 所在的文件夹（或它的子文件夹）里，"
        "并写成相对路径，例如 图片/剪纸.jpg",
        "materials/culture/a.md:8: 错误: 媒体文件 “图片\\x.svg” 含有反斜杠 \\；文件夹之间请用 / 分隔",
    ]


def test_pictures_in_subfolders_work_in_check_and_build(scratch_site, capsys, tmp_path):
    scratch_site.write_bytes("materials/culture/图片/剪纸.svg", SVG)
    scratch_site.write_bytes("materials/units/插图/图一.svg", SVG)
    scratch_site.write(
        "materials/culture/a.md",
        "---\ntitle: 剪纸\ndate: 2024-05-09\nform: 剪纸\nmedia:\n  - 图片/剪纸.svg\n---\n正文\n",
    )
    scratch_site.unit("u", body="![图一](插图/图一.svg)\n")
    assert scratch_site.check(capsys) == (0, [])
    site = tmp_path / "site"
    assert scratch_site.build(site) == 0
    assert (site / "culture/图片/剪纸.svg").read_bytes() == SVG
    assert (site / "units/插图/图一.svg").read_bytes() == SVG
    for page in (site / "culture/a.html", site / "units/u.html"):
        urls = [url for url in collect(page.read_text(encoding="utf-8")).fetched if url.endswith(".svg")]
        assert urls and all(resolve(site, page, url).is_file() for url in urls)


def test_huge_body_and_deep_nesting_are_errors_not_crashes(scratch_site, capsys):
    scratch_site.unit("big", body="学" * 700_000)  # 2.1 MB
    nested = "\n".join("    " * level + "- 层" for level in range(500))
    scratch_site.unit("deep", body="开头\n\n" + nested)
    scratch_site.write("materials/units/quote.md", front_matter() + "> " * 30 + "引用\n")
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert (
        "materials/units/big.md:5: 错误: 正文有 2,100,002 字节，超过上限 2,000,000 字节（limits_body_bytes）；请把它拆成几篇"
        in lines
    )
    nesting = "错误: 列表或引用嵌套超过 20 层（每 4 个空格缩进或每个 > 算一层，limits_nesting_depth）；请减少缩进"
    assert f"materials/units/deep.md:29: {nesting}" in lines  # indented by 21 × 4 spaces
    assert f"materials/units/quote.md:6: {nesting}" in lines


def test_deep_yaml_is_an_error(scratch_site, capsys):
    scratch_site.write(
        "materials/units/a.md", "---\ntitle: 标题\ndate: 2024-05-09\nx: " + "[" * 30 + "]" * 30 + "\n---\n"
    )
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert "materials/units/a.md:4: 错误: YAML 嵌套超过 20 层（limits_nesting_depth）；请减少层级" in lines


# --- 6. import-bank --id --------------------------------------------------------------------------


@pytest.fixture
def workbook(tmp_path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["题型", "题干", "选项A", "选项B", "答案"])
    sheet.append(["单选", "第一题", "甲", "乙", "A"])
    path = tmp_path / "题库.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("bank_id", ["../../..", "../outside", "Bad Id", "a/b", "index", "wrong"])
def test_import_refuses_a_bad_id_before_writing_anything(scratch_site, capsys, workbook, bank_id):
    before = tree(scratch_site.path.parent)
    code, said = run_cli(capsys, "-f", scratch_site.config_file, "import-bank", str(workbook), "--id", bank_id)
    assert code == 1
    assert f"{workbook}:1: 错误: 题库编号" in said and "已导入" not in said and "Traceback" not in said
    assert tree(scratch_site.path.parent) == before


def test_import_writes_nothing_when_the_bank_would_fail_check(scratch_site, capsys, workbook):
    before = tree(scratch_site.path)
    code, said = run_cli(
        capsys, "-f", scratch_site.config_file, "import-bank", str(workbook), "--id", "ok", "--title", "标\u200b题"
    )
    assert code == 1
    assert "ok.yml:2: 错误: 字段 “title”（标题）“标<U+200B>题” 第 2 个字符是看不见的零宽空格（U+200B）" in said
    assert "已导入" not in said
    assert tree(scratch_site.path) == before


# --- 7. duplicate YAML keys -----------------------------------------------------------------------


def test_duplicate_keys_in_banks_and_schedule(scratch_site, capsys):
    scratch_site.write("materials/quizzes/b.yml", BANK + "    answer: C\n")
    scratch_site.write(
        "materials/schedule.yml",
        "months:\n  2026-09: 开学\n  2026-09: 又一次\n  2026-9: 第三次\nsessions:\n"
        "  - date: 2026-09-03\n    topic: 学习\n    topic: 再学习\n",
    )
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert errors_of(lines) == [
        "materials/quizzes/b.yml:9: 错误: 字段 “answer” 重复出现（第一次在第 8 行）",
        "materials/schedule.yml:3: 错误: 字段 “2026-09” 重复出现（第一次在第 2 行）",
        "materials/schedule.yml:4: 错误: 月份 “2026-9” 重复出现（第一次在第 2 行）",
        "materials/schedule.yml:8: 错误: 字段 “topic” 重复出现（第一次在第 7 行）",
    ]


# --- 8. every CLI error in Chinese, exit 1 --------------------------------------------------------


def test_export_to_a_bad_path_or_with_a_control_character(scratch_site, capsys, tmp_path):
    scratch_site.write("materials/quizzes/b.yml", BANK)
    config = ["-f", scratch_site.config_file, "export-bank", "ce-shi"]
    (tmp_path / "file").write_text("x")
    for target, message in (
        (tmp_path / "missing" / "deeper", "导出的文件名应以 .xlsx 结尾"),
        (tmp_path / "file" / "b.xlsx", "错误: 无法写入文件：这是一个文件，不是文件夹"),
        (tmp_path, "导出的文件名应以 .xlsx 结尾"),
    ):
        code, said = run_cli(capsys, *config, str(target))
        assert code == 1 and message in said and "Traceback" not in said
    scratch_site.write("materials/quizzes/b.yml", BANK.replace("stem: 第一题", 'stem: "第一\\x01题"'))
    code, said = run_cli(capsys, *config, str(tmp_path / "b.xlsx"))
    assert code == 1 and "Traceback" not in said
    assert (
        "materials/quizzes/b.yml:6: 错误: 字段 “stem”（题干）“第一<U+0001>题” 第 3 个字符是看不见的控制字符（U+0001）"
        in said
    )


def test_import_to_an_unwritable_path(scratch_site, capsys, workbook, tmp_path):
    (tmp_path / "file").write_text("x")
    out = tmp_path / "file" / "b.yml"
    code, said = run_cli(
        capsys, "-f", scratch_site.config_file, "import-bank", str(workbook), "--id", "b", "--out", str(out)
    )
    assert code == 1
    assert f"{out}:1: 错误: 无法写入文件：这是一个文件，不是文件夹" in said and "已导入" not in said


def test_build_with_an_unwritable_parent(scratch_site, capsys, tmp_path, monkeypatch):
    scratch_site.unit("a")
    (tmp_path / "file").write_text("x")
    code, said = run_cli(capsys, "-f", scratch_site.config_file, "build", "-d", str(tmp_path / "file" / "site"))
    assert code == 1 and "错误: 无法在" in said and "Traceback" not in said

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / "ro"))

    monkeypatch.setattr("scripts.build.tempfile.mkdtemp", refuse)
    code, said = run_cli(capsys, "-f", scratch_site.config_file, "build", "-d", str(tmp_path / "ro" / "site"))
    assert code == 1 and "错误: 无法在" in said and "没有写入权限" in said and "Traceback" not in said


def test_usage_errors_are_chinese_with_exit_1(capsys):
    for argv in ([], ["nonsense"], ["export-bank"], ["build", "--offline", "extra"]):
        with pytest.raises(SystemExit) as stopped:
            main(argv)
        assert stopped.value.code == 1
        err = capsys.readouterr().err
        assert "错误: " in err and "用 python -m scripts" in err and "error:" not in err


def test_unexpected_error_is_one_line_and_a_log_file(scratch_site, capsys, monkeypatch, tmp_path):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("scripts.build.validate_site", broken)
    code, said = run_cli(capsys, "-f", scratch_site.config_file, "check")
    assert code == 1
    lines = said.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误: 程序内部出错（RuntimeError）")
    log = Path(lines[0].split("详细信息已写入 ")[1].split("，")[0])
    assert log.is_file() and "Traceback" in log.read_text(encoding="utf-8") and "boom" in log.read_text()


# --- 9. finite numbers, validated options ----------------------------------------------------------


def test_nan_and_inf_are_not_numbers(scratch_site, capsys):
    text = "id: b\ntitle: 题库\npass_score: .nan\ntime_limit: .inf\ndraw: 1e400\nquestions:\n"
    text += "  - {id: q1, type: judge, stem: 题, answer: 对, score: .nan}\n"
    text += "  - {id: q2, type: judge, stem: 题, answer: 对, score: -.inf}\n"
    text += "  - {id: q3, type: judge, stem: 题, answer: 对, score: 100000000000000000000000000000000000000000}\n"
    scratch_site.write("materials/quizzes/b.yml", text)
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert errors_of(lines) == [
        "materials/quizzes/b.yml:3: 错误: 字段 “pass_score”（及格分（百分制））应为 0 到 100 的整数，实际是 “.nan”",
        "materials/quizzes/b.yml:4: 错误: 字段 “time_limit”（考试时限（分钟））应为大于 0、不超过 1440 的数字，实际是 “.inf”",
        "materials/quizzes/b.yml:5: 错误: 字段 “draw”（每次抽题数）应为 1 到 100000 的整数，实际是 “1e400”",
        "materials/quizzes/b.yml:7: 错误: 字段 “score”（分值）应为大于 0、不超过 100 的数字，实际是 “.nan”",
        "materials/quizzes/b.yml:8: 错误: 字段 “score”（分值）应为大于 0、不超过 100 的数字，实际是 “-.inf”",
        "materials/quizzes/b.yml:9: 错误: 字段 “score”（分值）应为大于 0、不超过 100 的数字，"
        "实际是 “1000000000000000000000000000000000000000…（共 42 个字符）”",
    ]


@pytest.mark.parametrize("value", ["0", "-1", "abc", ".nan", "2.5"])
def test_listing_page_size_is_checked(scratch_site, capsys, value):
    config = scratch_site.path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "  - xuanjiao:\n", f"  - xuanjiao:\n      listing_page_size: {value}\n"
    )
    config.write_text(text, encoding="utf-8")
    line = text.split("\n").index(f"      listing_page_size: {value}") + 1
    scratch_site.unit("a")
    code, said = run_cli(capsys, "-f", str(config), "check")
    assert code == 1
    assert f"{config}:{line}: 错误: 配置项 listing_page_size 应为 1 到 1000 之间的整数，实际是 “{value}”" in said


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("materials_dir", "../../etc", "“../../etc” 应为项目内的相对路径（用 / 分隔，不能含 ..），例如 materials"),
        ("cases_categories", "[]", "不能是空列表"),
        ("culture_forms", "[剪纸, 剪纸]", "第 2 项 “剪纸” 与前面的项重复"),
        ("delivery_image_quality", "500", "应为 1 到 100 之间的整数，实际是 “500”"),
        ("limits_tags_per_item", "0", "应为 1 到 1000 之间的整数，实际是 “0”"),
    ],
)
def test_every_option_is_checked(scratch_site, capsys, option, value, message):
    config = scratch_site.path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = "\n".join(line for line in text.split("\n") if not line.strip().startswith(f"{option}:"))
    config.write_text(text.replace("  - xuanjiao:\n", f"  - xuanjiao:\n      {option}: {value}\n"), encoding="utf-8")
    code, said = run_cli(capsys, "-f", str(config), "check")
    assert code == 1 and f"错误: 配置项 {option} {message}" in said and "Traceback" not in said


# --- 10. build lock, leftovers, swap -----------------------------------------------------------------

HOLD = """
import sys, time
from pathlib import Path
from scripts.outdir import BuildLock
lock = BuildLock(Path(sys.argv[1]))
assert lock.acquire() is None
print("held", flush=True)
time.sleep(600)
"""


def test_a_second_build_is_refused_while_one_runs_and_a_dead_ones_lock_is_taken_over(scratch_site, capsys):
    scratch_site.unit("a")
    site = scratch_site.path / "site"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(site)], stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parent.parent
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        assert scratch_site.build(site) == 1
        err = capsys.readouterr().err
        assert f"错误: 另一个构建正在写入这个输出目录（进程 {holder.pid}，开始于" in err
        assert not site.exists()
    finally:
        holder.kill()
        holder.wait()
    assert lock_path(site).is_file()  # left behind by the killed process: a stale lock
    assert scratch_site.build(site) == 0


def test_leftovers_of_a_killed_build_are_cleaned_up(scratch_site, capsys):
    scratch_site.unit("a")
    site = scratch_site.path / "site"
    assert scratch_site.build(site) == 0
    staging = scratch_site.path / "site.building-k1ll3d"
    staging.mkdir()
    (staging / "index.html").write_text("half a site")
    assert scratch_site.build(site) == 0
    assert not staging.exists()
    assert "已删除上次中断的构建留下的临时文件夹：site.building-k1ll3d" in capsys.readouterr().err


def test_a_kill_between_the_two_renames_is_recovered(tmp_path):
    target = tmp_path / "site"
    old = tmp_path / "site.old"
    old.mkdir()
    mark(old)
    (old / "index.html").write_text("the last good site")
    assert recover(target) == [f"上次构建中断，已恢复原来的网站：{target}"]
    assert (target / "index.html").read_text() == "the last good site" and not old.exists()


@pytest.mark.parametrize("atomic", [True, False])
def test_swap_leaves_a_complete_site_at_every_moment(tmp_path, monkeypatch, atomic):
    target, staging = tmp_path / "site", tmp_path / "site.building-1"
    for folder, text in ((target, "old"), (staging, "new")):
        folder.mkdir()
        mark(folder)
        (folder / "index.html").write_text(text)
    if not atomic:
        monkeypatch.setattr("scripts.outdir._exchange", lambda first, second: False)
        # A kill right after the first rename: the next build's recover() puts the old site back.
        real_rename = Path.rename

        def killed(self, destination):
            if self == staging:
                raise KeyboardInterrupt
            return real_rename(self, destination)

        monkeypatch.setattr(Path, "rename", killed)
        with pytest.raises(KeyboardInterrupt):
            swap_in(staging, target)
        monkeypatch.setattr(Path, "rename", real_rename)
        assert not target.exists()
        recover(target)
        assert (target / "index.html").read_text() == "old"
        return
    inode = staging.stat().st_ino
    swap_in(staging, target)
    if sys.platform.startswith("linux"):
        assert target.stat().st_ino == inode  # exchanged in one step, then the old one deleted
    assert (target / "index.html").read_text() == "new" and (target / MARKER).is_file()
    assert [path.name for path in tmp_path.iterdir()] == ["site"]


def test_lock_is_released_after_a_build(tmp_path):
    target = tmp_path / "site"
    with BuildLock(target) as lock:
        assert lock.acquire() is None
    second = BuildLock(target)
    assert second.acquire() is None
    second.release()


# --- 12. link schemes --------------------------------------------------------------------------------


def test_only_relative_http_and_mailto_links(scratch_site, capsys, tmp_path):
    body = "\n".join(
        [
            "[脚本](javascript:alert(1))",
            "[空格](< javascript:alert(1)>)",
            "[实体](&#106;avascript:alert(1))",
            "[数据](data:text/html;base64,PHNjcmlwdD4=)",
            "[文件](file:///etc/passwd)",
            "[共享](smb://server/share)",
            "[引用][r]",
            "",
            "[r]: JavaScript:alert(2)",
            "",
            '<a href="vbscript:msgbox(1)">网页</a>',
            "<script>alert(3)</script>",
            '<img src="x.svg" onerror="alert(4)">',
            "[网站](https://www.12371.cn/) [邮件](mailto:dangban@example.cn) [本站](b.md)",
            "`[代码](javascript:x)`",
        ]
    )
    scratch_site.unit("b")
    scratch_site.write_bytes("materials/units/x.svg", SVG)
    scratch_site.unit("a", body=body)
    code, lines = scratch_site.check(capsys)
    assert code == 1
    schemes = [line for line in errors_of(lines) if "不允许的协议" in line]
    assert [line.split(": 错误: ")[0] for line in schemes] == [
        f"materials/units/a.md:{n}" for n in (6, 7, 8, 9, 10, 11, 14, 16)
    ]
    assert "使用了不允许的协议 “javascript:”；正文中只能用相对路径、http(s):// 网址或 mailto: 邮件地址" in schemes[0]
    assert (
        "materials/units/a.md:17: 错误: 正文中的网页代码 “<script” 不允许使用（脚本、框架、表单和事件属性都不会发布）"
        in lines
    )
    assert any(line.startswith("materials/units/a.md:18: 错误: 正文中的网页代码 “<img src=") for line in lines)
    assert not [line for line in errors_of(lines) if ":19:" in line or ":20:" in line]


# --- 13. only what a published page uses is published -------------------------------------------------


def test_junk_and_unreferenced_files_are_not_published(scratch_site, capsys, tmp_path):
    culture = "materials/culture"
    for name in (
        "~$原稿.docx",
        "Thumbs.db",
        ".DS_Store",
        "只给草稿用.svg",
        "没人用.svg",
        "用到的.svg",
        "附件/说明.pdf",
    ):
        scratch_site.write_bytes(f"{culture}/{name}", SVG)
    scratch_site.write(
        f"{culture}/a.md", "---\ntitle: 作品\ndate: 2024-05-09\nform: 剪纸\nmedia: [用到的.svg]\n---\n正文\n"
    )
    scratch_site.write(
        f"{culture}/d.md",
        "---\ntitle: 草稿\ndate: 2024-05-09\nform: 剪纸\nstatus: draft\nmedia: [只给草稿用.svg]\n---\n正文\n",
    )
    config = scratch_site.path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - xuanjiao:\n", "  - xuanjiao:\n      files_publish: [culture/附件/*.pdf]\n"))
    assert scratch_site.check(capsys) == (0, [])
    site = tmp_path / "site"
    assert scratch_site.build(site) == 0
    published = {
        path.relative_to(site / "culture").as_posix() for path in (site / "culture").rglob("*") if path.is_file()
    }
    assert {"用到的.svg", "附件/说明.pdf"} <= published
    assert not published & {"~$原稿.docx", "Thumbs.db", ".DS_Store", "只给草稿用.svg", "没人用.svg"}


def test_links_to_junk_or_sources_are_errors(scratch_site, capsys):
    scratch_site.write_bytes("materials/units/~$原稿.docx", b"lock")
    scratch_site.write("materials/quizzes/b.yml", BANK)
    scratch_site.unit("a", body="[原稿](~$原稿.docx) [题库](../quizzes/b.yml)\n")
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert errors_of(lines) == [
        "materials/units/a.md:6: 错误: 链接的文件 “../quizzes/b.yml” 是材料、题库或学习安排的源文件，不会作为文件发布",
        "materials/units/a.md:6: 错误: 链接的文件 “~$原稿.docx” 是 Office 打开文档时生成的临时文件（~$…），不会发布",
    ]


# --- 14. one address, one page -------------------------------------------------------------------------


def test_tags_that_slug_alike_get_their_own_pages(scratch_site, capsys, tmp_path):
    scratch_site.unit("a", tags=["xue xi"])
    scratch_site.unit("b", tags=["xue-xi-2"])
    scratch_site.unit("c", tags=["学习"])
    assert scratch_site.check(capsys) == (0, [])
    site = tmp_path / "site"
    assert scratch_site.build(site) == 0
    pages = {
        tag: (site / "tags" / slug / "index.html").read_text(encoding="utf-8")
        for tag, slug in (("xue xi", "xue-xi"), ("xue-xi-2", "xue-xi-2"), ("学习", "xue-xi-3"))
    }
    for tag, page in pages.items():
        assert f"标签：{tag}" in page


def test_a_docs_page_at_a_generated_address_names_both(scratch_site, capsys):
    scratch_site.write("docs/tags/xue-xi/index.md", "# 手写的标签页\n")
    scratch_site.write("docs/units/a.md", "# 手写的单元\n")
    scratch_site.unit("a", tags=["学习"])
    scratch_site.unit("b", id="shou-xie")
    scratch_site.write("docs/units/shou-xie.md", "# 又一个\n")
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert errors_of(lines) == [
        "materials/units/a.md:1: 错误: materials/units/a.md 与 docs/units/a.md 在网站中是同一个页面；请改名",
        "materials/units/a.md:5: 错误: 标签 “学习” 与 docs/tags/xue-xi/index.md（docs/tags/xue-xi/index.md:1）"
        "都会生成 tags/xue-xi/index.html，一个会覆盖另一个；请改名或设置不同的 id",
        "materials/units/b.md:4: 错误: materials/units/b.md 与 docs/units/shou-xie.md（docs/units/shou-xie.md:1）"
        "都会生成 units/shou-xie.html，一个会覆盖另一个；请改名或设置不同的 id",
    ]


# --- 15. invisible characters, line breaks, .ics ---------------------------------------------------------


def test_invisible_characters_in_titles_ids_tags_and_schedule(scratch_site, capsys):
    scratch_site.write(
        "materials/units/a.md",
        "---\ntitle: 学查\u200b改做\ndate: 2024-05-09\nid: xue\u2060-cha\ntags:\n  - 主题\u202e教育\n---\n正文\n",
    )
    scratch_site.write("materials/schedule.yml", "sessions:\n  - date: 2026-09-03\n    topic: 学\u200f习\n")
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert errors_of(lines) == [
        "materials/schedule.yml:3: 错误: 字段 “topic”（主题）“学<U+200F>习” 第 2 个字符是看不见的从右到左标记（U+200F）；"
        "它会让看起来相同的文字并不相同，请删除",
        "materials/units/a.md:2: 错误: 字段 “title”（标题）“学查<U+200B>改做” 第 3 个字符是看不见的零宽空格（U+200B）；"
        "它会让看起来相同的文字并不相同，请删除",
        "materials/units/a.md:4: 错误: 字段 “id”（编号）“xue<U+2060>-cha” 第 4 个字符是看不见的字连接符（U+2060）；"
        "它会让看起来相同的文字并不相同，请删除",
        "materials/units/a.md:6: 错误: 字段 “tags”（标签）第 1 项“主题<U+202E>教育” 第 3 个字符是看不见的从右到左强制（U+202E）；"
        "它会让看起来相同的文字并不相同，请删除",
    ]


def test_line_breaks_in_one_line_fields_and_a_valid_calendar(scratch_site, capsys, tmp_path):
    icalendar = pytest.importorskip("icalendar")
    scratch_site.write(
        "materials/schedule.yml",
        'sessions:\n  - date: 2026-09-03\n    time: "14:30-16:30"\n'
        '    topic: "学党章\\r守党规，\\r\\n做合格党员；长长的主题' + "很长" * 40 + '"\n'
        '    location: "三楼\\n会议室"\n    notes: "带\\\\笔记本; 提前,到"\n',
    )
    assert scratch_site.check(capsys)[0] == 0
    site = tmp_path / "site"
    assert scratch_site.build(site) == 0
    for path in (site / "schedule").glob("*.ics"):
        data = path.read_bytes()
        assert data.endswith(b"\r\n") and b"\r" not in data.replace(b"\r\n", b"")
        for line in data.split(b"\r\n")[:-1]:
            assert len(line) <= 75, line
            assert not any(byte < 32 and byte != 9 for byte in line)
        event = next(c for c in icalendar.Calendar.from_ical(data).walk() if c.name == "VEVENT")
        assert str(event["SUMMARY"]).startswith("周四学习日：学党章 守党规， 做合格党员；长长的主题很长")
        assert str(event["LOCATION"]) == "三楼 会议室"
    page = (site / "schedule/2026-09-03.html").read_text(encoding="utf-8")
    assert "学党章 守党规， 做合格党员" in page


# --- 16. tags per item ------------------------------------------------------------------------------------


def test_thousands_of_tags_are_an_error_and_the_limit_is_configurable(scratch_site, capsys):
    scratch_site.write("materials/units/a.md", front_matter(tags=[f"标签{n}" for n in range(5000)]) + "正文\n")
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert errors_of(lines) == [
        "materials/units/a.md:4: 错误: 字段 “tags”（标签）有 5000 个，超过上限 30 个（limits_tags_per_item）；每个标签都会生成页面，请精简"
    ]
    config = scratch_site.path / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - xuanjiao:\n", "  - xuanjiao:\n      limits_tags_per_item: 3\n")
    )
    scratch_site.write("materials/units/a.md", front_matter(tags=["一", "二", "三", "四"]) + "正文\n")
    code, lines = scratch_site.check(capsys)
    assert code == 1 and "有 4 个，超过上限 3 个（limits_tags_per_item）" in lines[0]


def test_options_per_question_limit(scratch_site, capsys):
    config = scratch_site.path / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - xuanjiao:\n", "  - xuanjiao:\n      limits_options_per_question: 4\n"
        )
    )
    scratch_site.write("materials/quizzes/b.yml", BANK.replace("[甲, 乙, 丙]", "[甲, 乙, 丙, 丁, 戊]"))
    code, lines = scratch_site.check(capsys)
    assert code == 1
    assert "materials/quizzes/b.yml:7: 错误: 选项应有 2 到 4 个，实际有 5 个" in lines


# --- every built page and file exists (what check passes, build publishes completely) ---------------------


def test_every_link_of_a_site_with_subfolders_and_media_resolves(scratch_site, capsys, tmp_path):
    scratch_site.write_bytes("materials/culture/图/a.svg", SVG)
    scratch_site.write(
        "materials/culture/a.md",
        "---\ntitle: 作品\ndate: 2024-05-09\nform: 剪纸\nmedia:\n  - {file: 图/a.svg, caption: 说明}\n---\n"
        "![图](图/a.svg)\n",
    )
    scratch_site.unit("u", body="[作品](../culture/a.md) ![图](../culture/图/a.svg)\n")
    complete_docs(scratch_site)
    assert scratch_site.check(capsys) == (0, [])
    site = tmp_path / "site"
    assert scratch_site.build(site) == 0
    missing = []
    for page in [p for p in html_pages(site) if p.name != "404.html"]:
        found = collect(page.read_text(encoding="utf-8"))
        for url in found.links + found.fetched:
            target = resolve(site, page, url)
            if target is not None and not target.exists():
                missing.append(f"{page.relative_to(site)} → {url}")
    assert missing == []


def test_lock_file_is_ignored_by_git():
    ignored = (Path(__file__).parent.parent / ".gitignore").read_text(encoding="utf-8")
    assert ".site*.lock" in ignored.split("\n")
    assert os.path.basename(str(lock_path(Path("site")))) == ".site.lock"
