"""Links in Markdown bodies: find them with their lines, check their targets."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from .problems import ERROR, WARNING, Problems

if TYPE_CHECKING:
    from .targets import MissingTargets

_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_MD_LINK = re.compile(r"(!?)\[(?:[^\[\]\n]|\[[^\]\n]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"'\n]*[\"'])?\s*\)")
_HTML_SRC = re.compile(r"<(?:img|audio|video|source)\b[^>]*?\ssrc=[\"']([^\"']+)[\"']", re.I)
_EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.I)


@dataclass(frozen=True)
class Link:
    target: str
    line: int
    is_media: bool


def _blank_out(match: re.Match) -> str:
    # Keep line numbers: code is replaced by as many newlines as it had.
    return "\n" * match.group(0).count("\n")


def find_links(body: str, first_line: int) -> Iterator[Link]:
    text = _INLINE_CODE.sub("", _FENCE.sub(_blank_out, body))
    for match in _MD_LINK.finditer(text):
        yield Link(match.group(2), first_line + text.count("\n", 0, match.start()), bool(match.group(1)))
    for match in _HTML_SRC.finditer(text):
        yield Link(match.group(1), first_line + text.count("\n", 0, match.start()), True)


def check_links(
    rel: str,
    src_uri: str,
    body: str,
    first_line: int,
    pages: set[str],
    file_exists: Callable[[str], bool],
    drafts: set[str],
    problems: Problems,
    missing: MissingTargets | None = None,
) -> None:
    """Report links to missing pages or files, to outside hosts, and to drafts.

    `src_uri` is where the page sits in the site's source tree (materials mirror docs),
    so relative links resolve exactly as MkDocs will resolve them.
    """
    for link in find_links(body, first_line):
        target = link.target
        if _EXTERNAL.match(target):
            if link.is_media:
                problems.error(
                    rel,
                    link.line,
                    f"图片或媒体 “{target}” 指向外部网址；内网无法加载，请把文件放进 materials/ 并用相对路径",
                )
            elif target.lower().startswith(("http:", "https:", "//")):
                problems.warning(rel, link.line, f"外部链接 “{target}” 在内网中可能无法打开")
            continue
        path = unquote(target.split("#", 1)[0].split("?", 1)[0])
        if not path:
            continue
        if path.startswith("/"):
            problems.error(rel, link.line, f"链接 “{target}” 以 / 开头，部署在子路径下会失效；请使用相对路径")
            continue
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
        if resolved in drafts:
            problems.warning(rel, link.line, f"链接 “{target}” 指向草稿；正式发布的网站中没有这个页面")
        elif path.endswith(".md"):
            if resolved not in pages:
                _missing(problems, rel, link.line, *_explain(missing, "page", target, resolved))
        elif not file_exists(resolved):
            _missing(problems, rel, link.line, *_explain(missing, "file", target, resolved))


def _explain(missing: MissingTargets | None, what: str, target: str, resolved: str) -> tuple[str, str]:
    if missing is not None:
        return getattr(missing, what)(target, resolved)
    return ERROR, f"链接目标 “{target}” 不存在" if what == "page" else f"链接的文件 “{target}” 不存在"


def _missing(problems: Problems, rel: str, line: int, level: str, message: str) -> None:
    (problems.warning if level == WARNING else problems.error)(rel, line, message)


def file_exists_in(*folders: Path) -> Callable[[str], bool]:
    def exists(uri: str) -> bool:
        return not uri.startswith("..") and any((folder / uri).is_file() for folder in folders)

    return exists
