"""Page text for search: rendered HTML → plain text, normalisation, tokens.

The browser (overrides/assets/search-mark.js) normalises and tokenises queries with the same
rules; tests/test_search_parity.py checks both against one table of cases.

- Text is NFKC-normalised (full-width letters, digits and punctuation become ASCII),
  lower-cased, and curly quotes become straight ones (“三个代表” = "三个代表").
- A token is one CJK character, one run of Latin letters and digits (a word), or one
  punctuation mark or symbol (（ 一 ） is three tokens).
- Spaces, line breaks between blocks and control characters separate tokens; two tokens are
  *adjacent* only when nothing stands between them in the text.
- A query is split at spaces into terms (all must match); a term matches its exact sequence of
  tokens, punctuation included.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

CJK_CLASS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0003134f"
WORD_CLASS = "0-9a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u04ff"
# Separators: whitespace, control characters, and the private-use plane the index uses internally.
SPACE_CLASS = "\x00-\x20\x7f-\x9f\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff\U000f0000-\U0010ffff"
RUN = re.compile(
    f"(?P<cjk>[{CJK_CLASS}]+)|(?P<word>[{WORD_CLASS}]+)|(?P<mark>[^{CJK_CLASS}{WORD_CLASS}{SPACE_CLASS}]+)"
)
SPACES = re.compile(f"[{SPACE_CLASS}]+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'"})

_BLOCK_TAG = re.compile(
    r"</?(?:p|div|li|ul|ol|h[1-6]|br|hr|tr|td|th|table|thead|tbody|pre|blockquote|section|article|aside|"
    r"dl|dt|dd|figure|figcaption|details|summary|header|footer|nav)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]+>")
_SKIP = re.compile(r"<(script|style|template|svg)\b[^>]*>.*?</\1>", re.I | re.S)
_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.I | re.S)
_INLINE_SPACES = re.compile(r"[ \t\r\f\v\n\u00a0\u3000]+")


def normalise(text: str) -> str:
    """What search compares: NFKC (full-width → half-width), lower case, straight quotes."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower().translate(_QUOTES)


def _inline_text(fragment: str) -> str:
    return _INLINE_SPACES.sub(" ", html.unescape(_TAG.sub("", fragment))).strip()


def html_to_text(content: str) -> tuple[list[str], str]:
    """Headings and readable text of rendered page content.

    Returns (headings, body) where body keeps the page order, headings included, one block a
    line. A line break inside a block counts as a space (the Markdown extension in
    scripts/cjk_breaks.py has already joined those between Chinese characters).
    """
    content = _SKIP.sub(" ", content)
    headings = [text for text in (_inline_text(match.group(2)) for match in _HEADING.finditer(content)) if text]
    content = _BLOCK_TAG.sub("\n", content.replace("\n", " "))
    lines = (_inline_text(line) for line in content.split("\n"))
    return headings, "\n".join(line for line in lines if line)


# What a page's content holds but does not show as its text (see `shown_content`).
_UNSHOWN_TAGS = {"svg", "script", "style", "template", "button", "noscript"}
_UNSHOWN_ATTRIBUTES = {"hidden", "data-xl-nosearch", "data-xl-live"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _ShownContent(HTMLParser):
    """Collects the HTML inside the page's content element (`.md-content__inner`), leaving out
    every element in _UNSHOWN_TAGS or carrying one of _UNSHOWN_ATTRIBUTES, with what it holds."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[tuple[str, str]] = []  # (tag, "outside" | "root" | "shown" | "unshown")

    def _state(self) -> str:
        return self.stack[-1][1] if self.stack else "outside"

    def handle_starttag(self, tag, attrs):
        parent = self._state()
        if parent == "outside":
            classes = (dict(attrs).get("class") or "").split()
            state = "root" if "md-content__inner" in classes else "outside"
        elif parent == "unshown" or tag in _UNSHOWN_TAGS or _UNSHOWN_ATTRIBUTES & {name for name, _ in attrs}:
            state = "unshown"
        else:
            state = "shown"
            self.out.append(self.get_starttag_text())
        if tag not in _VOID:
            self.stack.append((tag, state))

    def handle_startendtag(self, tag, attrs):
        if self._state() in ("root", "shown"):
            self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        # Close up to the matching open tag (an unclosed <p> or <li> closes with its parent).
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                for _, state in self.stack[depth:]:
                    if state == "shown":
                        self.out.append(f"</{tag}>")
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if self._state() in ("root", "shown"):
            self.out.append(html.escape(data, quote=False))


def shown_content(page_html: str) -> str:
    """The content part of a whole rendered page, as HTML, without what it does not show as text:
    pictures drawn in SVG, scripts, buttons, hidden elements, and elements marked
    `data-xl-nosearch` (navigation such as a kicker's type link, a chart's legend, print-only
    parts) or `data-xl-live` (text the browser recomputes from today's date)."""
    parser = _ShownContent()
    parser.feed(page_html)
    parser.close()
    return "".join(parser.out)


def tokens(text: str) -> list[tuple[int, str]]:
    """(position, token) of normalised text; a separator leaves a gap of one position."""
    out: list[tuple[int, str]] = []
    pos, end = 0, 0
    for match in RUN.finditer(text):
        if match.start() != end and out:
            pos += 1
        run = match.group()
        if match.lastgroup == "word":
            out.append((pos, run))
            pos += 1
        else:
            out.extend(zip(range(pos, pos + len(run)), run, strict=True))
            pos += len(run)
        end = match.end()
    return out


def query_terms(query: str) -> list[list[str]]:
    """A query's terms (AND): split at spaces; each term is its token list, repeats dropped."""
    unique: list[list[str]] = []
    for chunk in SPACES.split(normalise(query)):
        term: list[str] = []
        for match in RUN.finditer(chunk):
            run = match.group()
            term.extend([run] if match.lastgroup == "word" else run)
        if term and term not in unique:
            unique.append(term)
    return unique
