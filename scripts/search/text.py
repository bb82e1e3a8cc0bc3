"""Page text for search: rendered HTML → plain text, normalisation, tokens.

The browser (overrides/assets/search.js) tokenises queries with the same rules; keep the
character classes here and there identical.

- Text is NFKC-normalised (full-width letters and digits become ASCII) and lower-cased.
- A CJK character is a token of its own; a run of Latin letters and digits is one word.
- Anything else (punctuation, spaces, line breaks between blocks) separates tokens; two
  tokens are *adjacent* only when nothing stands between them in the text.
"""

from __future__ import annotations

import html
import re
import unicodedata

CJK_CLASS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0003134f"
WORD_CLASS = "0-9a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u04ff"
RUN = re.compile(f"(?P<cjk>[{CJK_CLASS}]+)|(?P<word>[{WORD_CLASS}]+)")

_BLOCK_TAG = re.compile(
    r"</?(?:p|div|li|ul|ol|h[1-6]|br|hr|tr|td|th|table|thead|tbody|pre|blockquote|section|article|aside|"
    r"dl|dt|dd|figure|figcaption|details|summary|header|footer|nav)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]+>")
_SKIP = re.compile(r"<(script|style|template|svg)\b[^>]*>.*?</\1>", re.I | re.S)
_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.I | re.S)
_SOFT_BREAK_CJK = re.compile(f"(?<=[{CJK_CLASS}])[ \\t]*\\n[ \\t]*(?=[{CJK_CLASS}])")
_SPACES = re.compile(r"[ \t\r\f\v\n\u00a0\u3000]+")


def normalise(text: str) -> str:
    """What search compares: NFKC (full-width → half-width) and lower case."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def _inline_text(fragment: str) -> str:
    return _SPACES.sub(" ", html.unescape(_TAG.sub("", fragment))).strip()


def html_to_text(content: str) -> tuple[list[str], str]:
    """Headings and readable text of rendered page content.

    Returns (headings, body) where body keeps the page order, headings included, one block a
    line. A line break inside a paragraph between two Chinese characters is dropped (the
    browser shows none there either); any other line break inside a block counts as a space.
    """
    content = _SKIP.sub(" ", content)
    headings = [text for text in (_inline_text(match.group(2)) for match in _HEADING.finditer(content)) if text]
    content = _SOFT_BREAK_CJK.sub("", content)
    content = _BLOCK_TAG.sub("\n", content.replace("\n", " "))
    lines = (_SPACES.sub(" ", html.unescape(_TAG.sub("", line))).strip() for line in content.split("\n"))
    return headings, "\n".join(line for line in lines if line)


def tokens(text: str) -> list[tuple[int, str]]:
    """(position, token) of normalised text; a separator leaves a gap of one position."""
    out: list[tuple[int, str]] = []
    pos, end = 0, 0
    for match in RUN.finditer(text):
        if match.start() != end and out:
            pos += 1
        run = match.group()
        if match.lastgroup == "cjk":
            out.extend(zip(range(pos, pos + len(run)), run, strict=True))
            pos += len(run)
        else:
            out.append((pos, run))
            pos += 1
        end = match.end()
    return out


def query_terms(query: str) -> list[list[str]]:
    """A query's terms (AND): split at spaces and punctuation; each term is its token list."""
    terms: list[list[str]] = []
    current: list[str] = []
    end = 0
    for match in RUN.finditer(normalise(query)):
        if match.start() != end and current:
            terms.append(current)
            current = []
        run = match.group()
        current.extend(run if match.lastgroup == "cjk" else [run])
        end = match.end()
    if current:
        terms.append(current)
    unique = []
    for term in terms:
        if term not in unique:
            unique.append(term)
    return unique
