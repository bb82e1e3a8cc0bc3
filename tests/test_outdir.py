"""The output folder guard: no build target may destroy the project or a folder we did not build."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.build import build
from scripts.outdir import MARKER

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("docs", "materials", "overrides", "scripts", "tests", "mkdocs.yml")


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of the project with a stand-in .git and a home folder of its own."""
    copy = tmp_path / "project"
    copy.mkdir()
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / name)
    (copy / ".git").mkdir()
    (copy / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    home = tmp_path / "home"
    home.mkdir()
    (home / "文档.txt").write_text("别删我")
    monkeypatch.setenv("HOME", str(home))
    return copy


def snapshot(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize(
    "target",
    [".", "docs", "materials", "materials/units", "overrides", "scripts", "tests", ".git", "..", "HOME"],
)
def test_build_refuses_every_protected_target(project, target, capsys):
    tree = project.parent
    before = snapshot(tree)
    site_dir = os.environ["HOME"] if target == "HOME" else str(project / target)
    assert build(str(project / "mkdocs.yml"), site_dir=site_dir) == 1
    err = capsys.readouterr().err
    assert "错误: 输出目录" in err
    assert "网站已生成" not in err
    assert snapshot(tree) == before


def test_offline_build_refuses_the_docs_folder(project, capsys):
    before = snapshot(project)
    assert build(str(project / "mkdocs.yml"), site_dir=str(project / "docs"), offline=True) == 1
    assert "与项目的 docs/ 重叠" in capsys.readouterr().err
    assert snapshot(project) == before


def test_plain_mkdocs_build_refuses_the_materials_folder(project):
    before = snapshot(project)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", "materials"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    output = result.stdout + result.stderr  # MkDocs prints an Abort's message on stdout
    assert "与项目的 materials/ 重叠" in output
    assert "Traceback" not in output
    assert snapshot(project) == before


def test_a_folder_we_did_not_build_is_never_replaced(project, tmp_path, capsys):
    other = tmp_path / "reports"
    other.mkdir()
    (other / "汇报.docx").write_bytes(b"PK\x03\x04 work")
    assert build(str(project / "mkdocs.yml"), site_dir=str(other)) == 1
    assert "不是本工具生成的网站" in capsys.readouterr().err
    assert (other / "汇报.docx").read_bytes() == b"PK\x03\x04 work"


def test_a_built_folder_is_marked_and_can_be_rebuilt(project, tmp_path):
    site = tmp_path / "site"
    assert build(str(project / "mkdocs.yml"), site_dir=str(site)) == 0
    assert (site / MARKER).is_file()
    (site / "stale.html").write_text("old")
    assert build(str(project / "mkdocs.yml"), site_dir=str(site)) == 0
    assert not (site / "stale.html").exists()
    assert (site / "index.html").is_file()
