"""Links in Markdown bodies: find them with their lines, check their targets.

Only relative links, `http(s)://` and `mailto:` may appear in a body. The scheme is read the
way a browser reads it (entities decoded, white space and control characters dropped), so
`&#106;avascript:` or ` javascript:` is caught as well as `javascript:`.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from .hygiene import show
from .problems import WARNING, Problems

if TYPE_CHECKING:
    from .targets import MissingTargets

_FENCE = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[ \t]*$", re.M | re.S)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_MD_LINK = re.compile(
    r"(!?)\[(?:[^\[\]\n]|\[[^\]\n]*\])*\]\(\s*(?:<([^>\n]*)>|((?:[^()\s]|\([^()\s]*\))+))(?:\s+[\"'(][^\n]*?[\"')])?\s*\)"
)
# A link reference definition `[label]: url`; `[^1]: …` is a footnote's text, not a link.
_REF_DEF = re.compile(r"^[ ]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*(?:<([^>\n]*)>|(\S+))", re.M)
_HTML_URL = re.compile(
    r"<(img|audio|video|source|track|a|area|iframe|embed|object|form|link|base|input|button)\b[^>]*?"
    r"\s(src|href|data|action|formaction|poster|srcset)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))",
    re.I,
)
_MEDIA_TAGS = {"img", "audio", "video", "source", "track", "embed", "object", "input"}
# Raw HTML that runs code or pulls in other pages: never in a body.
_ACTIVE_HTML = re.compile(
    r"<\s*(script|iframe|frame|frameset|object|embed|applet|form|base|meta|link|style)\b"
    r"|<[a-z][^>]*?\son[a-z]+\s*=",
    re.I,
)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
_INVISIBLE_IN_URL = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
ALLOWED_SCHEMES = ("http", "https", "mailto")


@dataclass(frozen=True)
class Link:
    target: str
    line: int
    is_media: bool


def _blank_out(match: re.Match) -> str:
    # Keep line numbers: code is replaced by as many newlines as it had.
    return "\n" * match.group(0).count("\n")


def _without_code(body: str) -> str:
    return _INLINE_CODE.sub("", _FENCE.sub(_blank_out, body))


def find_links(body: str, first_line: int) -> Iterator[Link]:
    text = _without_code(body)

    def line_of(match: re.Match) -> int:
        return first_line + text.count("\n", 0, match.start())

    for match in _MD_LINK.finditer(text):
        target = match.group(2) if match.group(2) is not None else match.group(3)
        yield Link(target.strip(), line_of(match), bool(match.group(1)))
    for match in _REF_DEF.finditer(text):
        target = match.group(1) if match.group(1) is not None else match.group(2)
        yield Link(target.strip(), line_of(match), False)
    for match in _HTML_URL.finditer(text):
        value = next(group for group in match.groups()[2:] if group is not None)
        tag, attribute = match.group(1).lower(), match.group(2).lower()
        for target in value.split(",") if attribute == "srcset" else [value]:
            target = target.strip().split(" ")[0] if attribute == "srcset" else target
            yield Link(target, line_of(match), tag in _MEDIA_TAGS or attribute in ("poster", "srcset"))


def scheme_of(target: str) -> str | None:
    """The scheme a browser would see in `target` (lower case), or None for a relative link."""
    clean = _INVISIBLE_IN_URL.sub("", html.unescape(target))
    match = _SCHEME.match(clean)
    if match:
        return match.group(1).lower()
    if clean.startswith(("//", "\\\\", "/\\", "\\/")):
        return "//"
    return None


def check_active_html(rel: str, body: str, first_line: int, problems: Problems) -> None:
    """Scripts, frames, forms and on…= handlers in raw HTML would run on every member's phone."""
    text = _without_code(body)
    for match in _ACTIVE_HTML.finditer(text):
        line = first_line + text.count("\n", 0, match.start())
        problems.error(
            rel, line, f"正文中的网页代码 “{show(match.group(0))}” 不允许使用（脚本、框架、表单和事件属性都不会发布）"
        )


def check_links(
    rel: str,
    src_uri: str,
    body: str,
    first_line: int,
    pages: set[str],
    file_problem: Callable[[str], str | None],
    drafts: set[str],
    problems: Problems,
    found: set[str] | None = None,
    missing: MissingTargets | None = None,
) -> None:
    """Report links to missing pages or files, to outside hosts, with other schemes, and to drafts.

    `src_uri` is where the page sits in the site's source tree (materials mirror docs),
    so relative links resolve exactly as MkDocs will resolve them. `file_problem(uri)` says
    why a linked file cannot be published (None when it can); every such file that can is
    added to `found`. `missing` (targets.py) words what a missing target means: a file with
    errors of its own, a case-only difference, the nearest existing name.
    """
    check_active_html(rel, body, first_line, problems)
    for link in find_links(body, first_line):
        target = link.target
        scheme = scheme_of(target)
        if scheme is not None:
            _check_external(rel, link, scheme, problems)
            continue
        path = unquote(target.split("#", 1)[0].split("?", 1)[0])
        if not path:
            continue
        if path.startswith("/"):
            problems.error(rel, link.line, f"链接 “{show(target)}” 以 / 开头，部署在子路径下会失效；请使用相对路径")
            continue
        if "\\" in path:
            problems.error(rel, link.line, f"链接 “{show(target)}” 含有反斜杠 \\；文件夹之间请用 / 分隔")
            continue
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
        if resolved in drafts:
            problems.warning(rel, link.line, f"链接 “{show(target)}” 指向草稿；正式发布的网站中没有这个页面")
        elif path.endswith(".md"):
            if resolved not in pages:
                if missing is not None:
                    _report(problems, rel, link.line, *missing.page(show(target), resolved))
                else:
                    problems.error(rel, link.line, f"链接目标 “{show(target)}” 不存在")
        else:
            problem = file_problem(resolved)
            if problem == "不存在" and missing is not None:
                _report(problems, rel, link.line, *missing.file(show(target), resolved))
            elif problem:
                problems.error(rel, link.line, f"链接的文件 “{show(target)}” {problem}")
            elif found is not None:
                found.add(resolved)


def _report(problems: Problems, rel: str, line: int, level: str, message: str) -> None:
    (problems.warning if level == WARNING else problems.error)(rel, line, message)


def _check_external(rel: str, link: Link, scheme: str, problems: Problems) -> None:
    target = show(link.target)
    if scheme not in (*ALLOWED_SCHEMES, "//"):
        problems.error(
            rel,
            link.line,
            f"链接 “{target}” 使用了不允许的协议 “{show(scheme)}:”；正文中只能用相对路径、http(s):// 网址或 mailto: 邮件地址",
        )
    elif link.is_media and scheme != "mailto":
        problems.error(
            rel, link.line, f"图片或媒体 “{target}” 指向外部网址；内网无法加载，请把文件放进 materials/ 并用相对路径"
        )
    elif scheme == "//" and link.target.lstrip().startswith("\\"):
        problems.error(rel, link.line, f"链接 “{target}” 指向共享文件夹；网站上打不开，请把文件放进 materials/")
    elif scheme != "mailto":
        problems.warning(rel, link.line, f"外部链接 “{target}” 在内网中可能无法打开")


def file_exists_in(*folders: Path) -> Callable[[str], str | None]:
    """A `file_problem` for plain folders (no publishing rules): only existence is checked."""

    def problem(uri: str) -> str | None:
        if not uri.startswith("..") and any((folder / uri).is_file() for folder in folders):
            return None
        return "不存在"

    return problem
