"""Which files next to the materials are published: only what a published page uses.

A picture, recording or document in materials/ is copied into the site when a published
material shows it (`media:`), links it or shows it in its body, when a docs page links it,
or when it matches a pattern of the `files_publish` option. Nothing else is: pictures used
only by drafts stay private, and Office lock files (`~$原稿.docx`), `Thumbs.db`, `.DS_Store`
never leave the editor's computer.

A symbolic link that leads out of the project is an error wherever it is (in materials/ or
docs/), so a link to `/etc/passwd` or to a private folder is never published. Files in
subfolders work like files beside the material, in `check` and in the build alike.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from .hygiene import invisible_message, show
from .problems import Problems

JUNK_NAMES = {"thumbs.db", "ehthumbs.db", "desktop.ini", ".ds_store", "icon\r"}
SOURCE_SUFFIXES = (".md", ".yml", ".yaml")
PHONE_FOLDER = "_phone"  # scripts/delivery/images.py writes phone-sized copies there


def junk_reason(name: str) -> str | None:
    """Why a file of this name is never published, or None."""
    lower = name.lower()
    if name.startswith("~$") or (lower.startswith("~") and lower.endswith(".tmp")):
        return "是 Office 打开文档时生成的临时文件（~$…）"
    if lower in JUNK_NAMES or name.startswith("._"):
        return "是操作系统生成的缩略图或目录文件"
    if name.startswith("."):
        return "是隐藏文件"
    if lower.endswith(("~", ".tmp", ".swp", ".bak")):
        return "是编辑器留下的临时或备份文件"
    return None


def inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


class Publisher:
    """Decides whether a file under materials/ may be published, and collects those that are."""

    def __init__(self, root: Path, materials: Path, docs_dir: Path, patterns: list[str]):
        self.root = root.resolve()
        self.materials = materials
        self.docs_dir = docs_dir
        self.patterns = patterns
        self.files: dict[str, Path] = {}  # src_uri (relative to materials) → file

    def problem(self, uri: str) -> str | None:
        """Why the file at `uri` (relative to materials/ or docs/) cannot be published; None if it can."""
        if uri == ".." or uri.startswith("../") or uri.startswith("/"):
            return "在 materials/ 之外；请把文件放进 materials/ 里"
        for folder in (self.materials, self.docs_dir):
            path = folder / uri
            if path.is_file() or path.is_symlink():
                return self._file_problem(path, uri)
        return "不存在"

    def _file_problem(self, path: Path, uri: str) -> str | None:
        if uri.lower().endswith(SOURCE_SUFFIXES):
            return "是材料、题库或学习安排的源文件，不会作为文件发布"
        for part in uri.split("/"):
            reason = junk_reason(part)
            if reason:
                return f"{reason}，不会发布"
            if invisible_message(part):
                return "的名字里有看不见的字符，请重命名"
        if PHONE_FOLDER in uri.split("/")[:-1]:
            return f"在 {PHONE_FOLDER}/ 文件夹里；这个名字留给手机版图片，请换个文件夹"
        real = Path(os.path.realpath(path))
        if not inside(real, self.root) or any(part.startswith(".") for part in real.relative_to(self.root).parts):
            return f"是指向项目之外（{show(str(real), 60)}）的符号链接，不会发布；请把文件本身复制进来"
        if not real.is_file():
            return "不存在（符号链接指向的文件找不到）"
        return None

    def publish(self, uri: str) -> None:
        """Publish a file already checked by `problem` (files of docs/ are MkDocs' own)."""
        if (self.materials / uri).is_file():
            self.files[uri] = self.materials / uri

    def add_patterns(self, problems: Problems, config_rel: str) -> None:
        """Files matching `files_publish`, published although no page links them."""
        for pattern in self.patterns:
            matched = False
            for path in sorted(self.materials.rglob("*")) if self.materials.is_dir() else []:
                uri = path.relative_to(self.materials).as_posix()
                if not fnmatch.fnmatchcase(uri, pattern) or path.is_dir():
                    continue
                matched = True
                if self.problem(uri) is None:
                    self.files[uri] = path
            if not matched:
                problems.warning(
                    config_rel, 1, f"files_publish 中的 “{show(pattern)}” 没有匹配 materials/ 中的任何文件"
                )


def check_symlinks(folder: Path, root: Path, problems: Problems) -> None:
    """Every symbolic link under `folder` that leads out of the project (or nowhere) is an error."""
    if not folder.exists() and not folder.is_symlink():
        return
    root = root.resolve()
    candidates = [folder]
    for current, dirs, names in os.walk(folder, followlinks=False):
        base = Path(current)
        candidates += [base / name for name in dirs + names]
    for path in candidates:
        if not path.is_symlink():
            continue
        real = Path(os.path.realpath(path))
        rel = _rel(path, root)
        hidden = inside(real, root) and any(part.startswith(".") for part in real.relative_to(root).parts)
        if not inside(real, root) or hidden:
            problems.error(
                rel,
                1,
                f"“{rel}” 是指向项目之外（{show(str(real), 60)}）的符号链接；为免泄露其他文件，不会发布，"
                "请把文件本身复制进来",
            )
        elif not real.exists():
            problems.error(rel, 1, f"“{rel}” 是一个失效的符号链接（指向的文件不存在）")


def _rel(path: Path, root: Path) -> str:
    try:
        return path.absolute().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
