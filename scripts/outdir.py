"""Where a build may write: never over the sources, never over a folder we did not build.

One rule for `python -m scripts build`, `build --offline` and plain `mkdocs build -d …` (the plugin).
Every folder we build holds MARKER beside the site's index.html: at its top, or in its one subfolder
for the USB version (打开网站.html and one folder). A non-empty folder without it is somebody's work.
"""

from __future__ import annotations

from pathlib import Path

MARKER = ".xuanjiao-site"
MARKER_TEXT = "本文件夹是生成的网站，每次构建都会整体替换；请不要在这里存放其他文件。\n"
# Folders of the project that a build must never be, contain, or sit inside.
PROTECTED = ("docs", "materials", "overrides", "scripts", "tests", ".git")


def output_problem(target: Path, root: Path, extra: tuple[Path, ...] = ()) -> str | None:
    """Why `target` must not be built into, in Chinese; None when it is safe."""
    target = target.resolve()
    root = root.resolve()
    named = {root / name: f"{name}/" for name in PROTECTED}
    named.update({path.resolve(): path.name + "/" for path in extra})
    if target == root or _contains(target, root):
        return f"输出目录 {target} 是项目文件夹本身或包含它；构建会删除整个项目。请改用 site/ 之类的新文件夹"
    home = Path.home().resolve()
    if target == home or _contains(target, home):
        return f"输出目录 {target} 是用户主目录或包含它；请改用一个新的空文件夹"
    for folder, label in named.items():
        if target == folder or _contains(target, folder) or _contains(folder, target):
            return f"输出目录 {target} 与项目的 {label} 重叠；构建会覆盖源文件。请改用 site/ 之类的新文件夹"
    if target.is_file():
        return f"输出目录 {target} 是一个文件，不是文件夹"
    if target.is_dir() and not _built(target) and any(target.iterdir()):
        return (
            f"输出目录 {target} 不是空文件夹，也不是本工具生成的网站（缺少 {MARKER}）；"
            "为免删除其他文件，请指定新的文件夹，或先手动清空它"
        )
    return None


def mark(site_dir: Path) -> None:
    home = site_dir
    if not (site_dir / "index.html").is_file():
        folders = _folders(site_dir)
        if len(folders) == 1 and (folders[0] / "index.html").is_file():
            home = folders[0]
    (home / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def _built(target: Path) -> bool:
    if (target / MARKER).is_file():
        return True
    folders = _folders(target)
    return len(folders) == 1 and (folders[0] / MARKER).is_file()


def _folders(path: Path) -> list[Path]:
    return [entry for entry in path.iterdir() if entry.is_dir()]


def _contains(outer: Path, inner: Path) -> bool:
    """True when `inner` lies strictly inside `outer`."""
    return outer != inner and outer in inner.parents
