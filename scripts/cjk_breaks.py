"""Chinese line breaks: a line break between two Chinese characters is no space.

Text pasted from a PDF or Word is often hard-wrapped. A browser shows every line break inside
a paragraph as a space, which in Chinese is a stray gap ("一脉 相承"); search and the
highlighter would see two words there. One rule, applied to Markdown (`CjkBreaksExtension`,
registered by the plugin) and to YAML text (`mark_yaml_breaks` / `unmark`, used by
`source.parse_yaml`): a line break, with the spaces around it, between two characters of
JOIN_CLASS (Chinese and Japanese characters, CJK and full-width punctuation, curly quotes, …)
disappears. Next to anything else (a Latin word, a digit, Korean) it stays a space.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension
from markdown.postprocessors import Postprocessor

JOIN_CLASS = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2018-\u201f\u2014\u2026\u00b7\U00020000-\U0003134f"
)
_INLINE_TAGS = "a|abbr|b|cite|del|em|i|ins|mark|q|s|small|span|strong|sub|sup|u"
_TAGS = rf"(?:</?(?:{_INLINE_TAGS})\b[^>]*>)*"
# A soft break in rendered HTML, possibly with inline tags on either side: 纪律</em>\n<em>检查.
_HTML_BREAK = re.compile(rf"(?<=[{JOIN_CLASS}])({_TAGS})[ \t]*\n[ \t]*({_TAGS})(?=[{JOIN_CLASS}])")
_VERBATIM = re.compile(r"(<(pre|code|script|style|textarea)\b[^>]*>.*?</\2>)", re.I | re.S)
_TEXT_BREAK = re.compile(rf"(?<=[{JOIN_CLASS}])[ \t]*\n[ \t]*(?=[{JOIN_CLASS}])")

SENTINEL = "\ue000"  # a private-use character: marks a YAML line break to drop
_YAML_BREAK = re.compile(rf"(?<=[{JOIN_CLASS}])(?=[ \t]*\n[ \t]*[{JOIN_CLASS}])")
_SENTINEL_SPACE = re.compile(f"{SENTINEL}[ \n]?")


def join_text(text: str) -> str:
    """Plain text with its line breaks between CJK characters removed."""
    return _TEXT_BREAK.sub("", text)


def join_html(html: str) -> str:
    """Rendered HTML with soft breaks between CJK characters removed (never inside <pre> or <code>)."""
    parts = _VERBATIM.split(html)
    # split() with two groups yields [text, block, tag name, text, block, tag name, …]
    out = []
    for index, part in enumerate(parts):
        kind = index % 3
        if kind == 0:
            out.append(_HTML_BREAK.sub(r"\1\2", part) if "\n" in part else part)
        elif kind == 1:
            out.append(part)
    return "".join(out)


def mark_yaml_breaks(text: str) -> str:
    """YAML source with a SENTINEL before each line break between CJK characters.

    YAML folds a line break inside a plain or quoted scalar into a space; the sentinel, kept
    by the parser, tells `unmark` which of those spaces were such breaks.
    """
    return _YAML_BREAK.sub(SENTINEL, text) if "\n" in text else text


def unmark(data: Any) -> Any:
    """Parsed YAML with each SENTINEL and the space (or newline) after it removed."""
    if isinstance(data, str):
        return _SENTINEL_SPACE.sub("", data) if SENTINEL in data else data
    if isinstance(data, list):
        return [unmark(value) for value in data]
    if isinstance(data, dict):
        return {unmark(key): unmark(value) for key, value in data.items()}
    return data


def unmark_nodes(node, seen: set[int] | None = None):
    """The same for the scalar values of a YAML node tree (readers of raw nodes see what data says)."""
    seen = set() if seen is None else seen
    if node is None or id(node) in seen:
        return node
    seen.add(id(node))
    if isinstance(node.value, str):
        node.value = unmark(node.value)
    elif isinstance(node.value, list):
        for child in node.value:
            for part in child if isinstance(child, tuple) else (child,):
                unmark_nodes(part, seen)
    return node


class _JoinBreaks(Postprocessor):
    def run(self, text: str) -> str:
        return join_html(text)


class CjkBreaksExtension(Extension):
    """Python-Markdown extension: soft line breaks between Chinese characters render as nothing."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 — the Markdown API
        # After the raw-HTML and footnote postprocessors: it sees the page as the browser will.
        md.postprocessors.register(_JoinBreaks(md), "cjk_breaks", 5)


def makeExtension(**kwargs) -> CjkBreaksExtension:  # noqa: N802 — the Markdown API
    return CjkBreaksExtension(**kwargs)


def register(config) -> None:
    """Add the extension to an MkDocs config once (the plugin calls this in on_config)."""
    names = [ext for ext in config.markdown_extensions if isinstance(ext, str)]
    if __name__ not in names and not any(isinstance(ext, CjkBreaksExtension) for ext in config.markdown_extensions):
        config.markdown_extensions.append(CjkBreaksExtension())
