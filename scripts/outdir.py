"""Where a build may write: never over the sources, never over a folder we did not build.

One rule for `python -m scripts build`, `build --offline` and plain `mkdocs build -d …` (the plugin).
Every folder we build holds MARKER beside the site's index.html: at its top, or in its one subfolder
for the USB version (打开网站.html and one folder). A non-empty folder without it is somebody's work.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
import time
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


# --- one build at a time, and a complete site at every moment ----------------------------------

STAGING_INFIX = ".building-"


def lock_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.lock")


class BuildLock:
    """An exclusive lock on `.<site>.lock` beside the output folder, held for the whole build.

    The operating system drops the lock when its process dies, however it dies: a lock file
    left by a killed build is simply taken over by the next one.
    """

    def __init__(self, target: Path):
        self.path = lock_path(target)
        self.handle = None

    def acquire(self) -> str | None:
        """None when the lock is ours; otherwise why not, in Chinese."""
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 — held until release()
        if not _try_lock(handle):
            handle.seek(0)
            holder = handle.read().strip() or "未知进程"
            handle.close()
            return f"另一个构建正在写入这个输出目录（{holder}）；请等它结束后再试"
        handle.seek(0)
        handle.truncate()
        handle.write(f"进程 {os.getpid()}，开始于 {time.strftime('%Y-%m-%d %H:%M:%S')}")
        handle.flush()
        self.handle = handle
        return None

    def release(self) -> None:
        if self.handle is not None:
            _unlock(self.handle)
            self.handle.close()
            self.handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def _try_lock(handle) -> bool:
    try:
        if os.name == "nt":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle) -> None:
    try:
        if os.name == "nt":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    except OSError:
        pass


def old_path(target: Path) -> Path:
    return target.with_name(f"{target.name}.old")


def recover(target: Path) -> list[str]:
    """Undo what a killed build left (call with the lock held): the old site back in place when
    the kill came between the two renames of a swap, staging folders removed. Returns notes."""
    notes = []
    old = old_path(target)
    if old.is_dir() and not target.exists() and (old / MARKER).is_file():
        old.rename(target)
        notes.append(f"上次构建中断，已恢复原来的网站：{target}")
    elif old.is_dir() and (old / MARKER).is_file():
        shutil.rmtree(old, ignore_errors=True)
    for staging in sorted(target.parent.glob(f"{target.name}{STAGING_INFIX}*")):
        if staging.is_dir() and not staging.is_symlink():
            shutil.rmtree(staging, ignore_errors=True)
            notes.append(f"已删除上次中断的构建留下的临时文件夹：{staging.name}")
    return notes


def swap_in(staging: Path, target: Path) -> None:
    """Put the finished site in place of the old one with no moment without a complete site.

    Linux swaps the two folders in one step (renameat2 RENAME_EXCHANGE); elsewhere the old site
    is renamed aside, the new one renamed in, the old one deleted — and `recover` puts the old
    one back if a kill comes between the two renames.
    """
    old = old_path(target)
    if target.exists():
        if _exchange(staging, target):
            shutil.rmtree(staging, ignore_errors=True)  # it holds the old site now
            return
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths (Linux 3.15+, most file systems); False where that is not possible."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0
