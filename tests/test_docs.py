"""The guides work as written: runnable command blocks run, guides link each other,
picture examples build, and `python -m scripts` outside the venv explains itself (issue 14, item 8)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from support import ROOT

GUIDES = sorted(path.stem for path in (ROOT / "docs").glob("*.md") if path.name != "index.md")
DOCUMENTS = [ROOT / "docs" / f"{name}.md" for name in GUIDES] + [ROOT / "README.md"]
RUNNABLE = re.compile(r"^<!-- 可运行 -->\n```(?:sh|bash)\n(.*?)\n```", re.M | re.S)
FENCE = re.compile(r"^```(\w*)\n(.*?)\n```", re.M | re.S)
PROJECT_FILES = ["mkdocs.yml", "Makefile", "requirements.txt", "pyproject.toml", "README.md"]
PROJECT_DIRS = ["docs", "materials", "overrides", "scripts"]


def runnable_blocks() -> list[tuple[str, str]]:
    blocks = []
    for path in DOCUMENTS:
        for number, match in enumerate(RUNNABLE.finditer(path.read_text(encoding="utf-8")), start=1):
            blocks.append((f"{path.stem}-{number}", match.group(1)))
    return blocks


def copy_project(target: Path) -> Path:
    """The project as a fresh checkout would have it, using this checkout's .venv."""
    stamp = ROOT / ".venv" / ".installed"
    assert stamp.is_file(), "先运行 make .venv/.installed"
    target.mkdir()
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, target / name)
        # Older than the venv's stamp: `make` must not reinstall (into this checkout's venv).
        old = stamp.stat().st_mtime - 60
        os.utime(target / name, (old, old))
    for name in PROJECT_DIRS:
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"), symlinks=True)
    (target / ".venv").symlink_to(ROOT / ".venv")
    return target


def test_every_guide_has_runnable_blocks_where_it_gives_commands():
    assert {"使用说明", "编写指南", "知识测试说明", "学习安排说明", "搜索说明", "部署指南"} <= set(GUIDES)
    names = {name.rsplit("-", 1)[0] for name, _ in runnable_blocks()}
    assert {"编写指南", "知识测试说明", "学习安排说明"} <= names
    assert len(runnable_blocks()) >= 6


@pytest.mark.parametrize(("name", "block"), runnable_blocks(), ids=[name for name, _ in runnable_blocks()])
def test_runnable_command_block_works_when_pasted(tmp_path, name, block):
    project = copy_project(tmp_path / "project")
    env = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH")}
    result = subprocess.run(
        ["bash", "-e", "-c", block], cwd=project, capture_output=True, text=True, env=env, timeout=900
    )
    assert result.returncode == 0, f"{block}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    assert "pip install" not in result.stdout  # make used the existing .venv


def test_commands_in_guides_name_the_venv_or_make():
    """A bare `python -m scripts` fails on a fresh machine: guides say make … or .venv/bin/python."""
    for path in DOCUMENTS:
        for language, code in FENCE.findall(path.read_text(encoding="utf-8")):
            if language not in ("sh", "bash", "bat", ""):
                continue
            for line in code.splitlines():
                command = line.split("#", 1)[0].strip()
                if re.search(r"(?<![/\\\w.])python3?\s+-m\s+scripts\b|^mkdocs\b", command):
                    pytest.fail(f"{path.name}: “{line.strip()}” 应写成 make … 或 .venv/bin/python -m scripts …")


def test_guides_link_each_other_and_nothing_points_to_unwritten_sections():
    for name in GUIDES:
        text = (ROOT / "docs" / f"{name}.md").read_text(encoding="utf-8")
        linked = set(re.findall(r"\]\(([^)#]+)\.md(?:#[^)]*)?\)", text)) & set(GUIDES)
        assert linked - {name}, f"{name} 没有链接到其他说明"
        assert "后续章节" not in text
    guide = (ROOT / "docs" / "编写指南.md").read_text(encoding="utf-8")
    for other in ("使用说明", "知识测试说明", "学习安排说明", "部署指南"):
        assert f"]({other}.md)" in guide


def test_picture_examples_of_the_guide_build_into_pages(scratch_site, tmp_path):
    from PIL import Image

    guide = (ROOT / "docs" / "编写指南.md").read_text(encoding="utf-8")
    section = guide[guide.index("## 十、插入图片") : guide.index("## 十一、")]
    examples = [code for language, code in FENCE.findall(section) if language == "markdown"]
    unit_example, case_example = examples[:2]
    files = {}
    for example, folder in ((unit_example, "units"), (case_example, "cases")):
        name = re.search(r"!\[[^\]]*\]\(([^)]+)\)", example).group(1)
        Image.new("RGB", (40, 30), "red").save(scratch_site.path / "materials" / folder / name)
        files[folder] = name
    scratch_site.unit("三会一课", body=unit_example)
    case_body = case_example + "\n\n## 剖析\n\n剖析。\n\n## 警示\n\n警示。\n"
    scratch_site.write(
        "materials/cases/张某案.md", "---\ntitle: 张某案\ndate: 2024-05-09\ncategory: 廉洁纪律\n---\n\n" + case_body
    )
    assert scratch_site.build(tmp_path / "site") == 0
    for folder, slug in (("units", "san-hui-yi-ke"), ("cases", "zhang-mou-an")):
        html = unquote((tmp_path / "site" / folder / f"{slug}.html").read_text(encoding="utf-8"))
        assert re.search(rf'<img[^>]+src="[^"]*{re.escape(files[folder].rsplit(".", 1)[0])}', html), folder


def test_python_outside_the_venv_prints_a_chinese_hint():
    """`python -m scripts check` with a Python that lacks mkdocs (here: the venv's, without site-packages)."""
    result = subprocess.run(
        [sys.executable, "-S", "-E", "-m", "scripts", "check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("错误: 当前的 Python（")
    assert "没有安装本项目需要的软件包（缺少 " in result.stderr
    assert "make check / make site / make proof，或 .venv/bin/python -m scripts check" in result.stderr
