"""What to tell an editor whose link points at nothing: the real cause, or the nearest file.

- the target exists but failed to load → a 警告 that it has errors of its own (the error is
  reported once, at that file), never “不存在”;
- the name differs only in case (图.PNG vs 图.png) → say so: web servers tell them apart;
- a misspelled name → the closest existing file in that folder, if one is alike enough.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from .content.broken import Broken, reference_message
from .problems import ERROR, WARNING
from .schema import closest

# File names are compared without their folder; 0.75 keeps 学查改作 → 学查改做 and drops 张某 → 李某.
FILE_SIMILARITY = 0.75


@dataclass
class MissingTargets:
    pages: set[str]
    folders: tuple[Path, ...]
    broken: dict[str, Broken] = field(default_factory=dict)

    def page(self, target: str, resolved: str) -> tuple[str, str]:
        """(level, message) for a link to a page that is not among the site's pages."""
        if resolved in self.broken:
            return WARNING, reference_message(f"链接目标 “{target}” ", self.broken[resolved])
        folder = posixpath.dirname(resolved)
        names = {posixpath.basename(uri) for uri in self.pages if posixpath.dirname(uri) == folder}
        names |= {posixpath.basename(uri) for uri in self.broken if posixpath.dirname(uri) == folder}
        return ERROR, f"链接目标 “{target}” 不存在" + _nearest(target, resolved, names)

    def file(self, target: str, resolved: str) -> tuple[str, str]:
        """(level, message) for a link to a picture or file that is not there."""
        folder = posixpath.dirname(resolved)
        names: set[str] = set()
        for root in self.folders:
            where = root / folder
            if not resolved.startswith("..") and where.is_dir():
                names |= {path.name for path in where.iterdir() if path.is_file() and path.suffix != ".md"}
        return ERROR, f"链接的文件 “{target}” 不存在" + _nearest(target, resolved, names)


def _nearest(target: str, resolved: str, names: set[str]) -> str:
    wanted = posixpath.basename(resolved)
    same_but_case = sorted(name for name in names if name.lower() == wanted.lower())
    written = posixpath.dirname(target.split("#", 1)[0].split("?", 1)[0])
    if same_but_case:
        actual = posixpath.join(written, same_but_case[0])
        return f"：实际文件名是 “{actual}”，只是大小写不同；网站服务器区分大小写，请改成一致"
    stems = {posixpath.splitext(name)[0]: name for name in names}
    guess = closest(posixpath.splitext(wanted)[0], sorted(stems), FILE_SIMILARITY)
    if guess is None:
        return ""
    return f"；最接近的现有文件是 “{posixpath.join(written, stems[guess])}”"
