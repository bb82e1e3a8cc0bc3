"""Materials (and banks) that failed to load are still known by their path and id.

One mistake must produce one error: a link, a schedule entry or a quiz `source:` that
points at a file which exists but has errors is told so ("see its own message"), never
that the target does not exist, and never offered another item instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..schema import SLUG
from ..slugs import slugify

_ID_LINE = re.compile(r"^id\s*[:：]\s*['\"]?([^'\"#\s]+)", re.M)


@dataclass(frozen=True)
class Broken:
    """A file of some kind that is there but could not be loaded."""

    kind: str  # units | cases | culture | quizzes
    rel: str  # materials/cases/x.md, for "see its own message"
    src_uri: str  # cases/x.md, what links resolve to
    slug: str  # the id it would have had


def guess_id(path: Path, text: str | None = None) -> str:
    """The `id:` the file's raw text declares (even if its YAML does not parse), else its name's slug."""
    if text is None:
        try:
            text = path.read_bytes().decode("utf-8-sig", errors="replace")
        except OSError:
            text = ""
    head = text.split("\n---", 2)[0] if text.startswith("---") else text
    match = _ID_LINE.search(head)
    if match and SLUG.match(match.group(1)):
        return match.group(1)
    return slugify(path.stem)


def broken_file(kind: str, path: Path, root: Path) -> Broken:
    return Broken(kind, path.relative_to(root).as_posix(), f"{kind}/{path.name}", guess_id(path))


def broken_files(kind: str, folder: Path, root: Path, loaded: set[str]) -> list[Broken]:
    """YAML files of a folder (banks) that gave nothing usable: every file whose rel is not `loaded`."""
    paths = sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]) if folder.is_dir() else []
    return [entry for entry in (broken_file(kind, path, root) for path in paths) if entry.rel not in loaded]


def reference_message(what: str, broken: Broken) -> str:
    """The one line a reference to a broken file gets (a 警告: the error is at the file)."""
    return f"{what}指向的 {broken.rel} 本身有错误，暂时无法使用；请先按该文件的错误信息修改"
