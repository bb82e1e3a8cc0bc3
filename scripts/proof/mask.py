"""What the proofreader reads: a copy of a file where everything but prose is masked.

The copy has the same length as the text (masked characters become NUL, newlines stay), so
every finding's index maps straight back to a line and column of the file. Masked: code,
HTML, link targets, admonition syntax, YAML keys and syntax, and values that are not prose
(ids, dates, file names, references).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

MASK = "\x00"
HAN = "\u3400-\u9fff\uf900-\ufaff"
# YAML keys whose values are not prose: ids, dates, references, file names, answers' letters.
SKIP_KEYS = {
    "id",
    "date",
    "status",
    "quiz",
    "units",
    "cases",
    "file",
    "type",
    "time",
    "form",
    "category",
    "pass_score",
    "draw",
    "time_limit",
    "shuffle_options",
    "score",
}

_FENCE = re.compile(r"^[ \t]*(```|~~~)[^\n]*\n.*?^[ \t]*\1[ \t]*$", re.M | re.S)
_MARKDOWN = [
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"`[^`\n]*`"),
    re.compile(r"\]\([^)\n]*\)"),  # link and image targets
    re.compile(r"^[ \t]*\[[^\]\n]+\]:[^\n]*$", re.M),  # reference definitions
    re.compile(r"<[^>\n]+>"),  # HTML tags, autolinks
    re.compile(r"https?://[^\s)）>\]]+"),
    re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]*[\w-]+(?:[ \t]+[\w-]+)*", re.M),  # admonition markers
    re.compile(r"\{:?[ \t]*[.#][^}\n]*\}"),  # attribute lists
    # Table rules. The second run of blanks only after a "|": two optional blank runs side by side
    # would try every split of a long indentation (minutes on a deeply indented file).
    re.compile(r"^[ \t]*(?:\|[ \t]*)?:?-{3,}[-| :]*$", re.M),
]
_ADMONITION_TITLE = re.compile(r'^([ \t]*(?:!!!|\?\?\?\+?)[ \t]*[\w-]+[ \t]*)(")([^"\n]*)(")', re.M)
_BLOCK_START = re.compile(r"^[ \t]*(?:#{1,6}[ \t]|[-*+][ \t]|\d+[.)][ \t]|\||>)")


@dataclass
class Prose:
    """The masked text, the blocks (paragraphs, YAML values) and the ordinal scopes."""

    text: str
    blocks: list[tuple[int, int]] = field(default_factory=list)
    scopes: list[tuple[int, int]] = field(default_factory=list)


_NOT_NEWLINE = re.compile(r"[^\n]")


class _Masker:
    """Spans to hide, applied in one pass (a per-character loop is the slow part otherwise)."""

    def __init__(self, text: str):
        self.text = text
        self.spans: list[tuple[int, int]] = []

    def hide(self, start: int, end: int) -> None:
        if start < end:
            self.spans.append((start, end))

    def keep_only(self, start: int, end: int, regions: list[tuple[int, int]]) -> None:
        position = start
        for region_start, region_end in sorted(regions):
            self.hide(position, region_start)
            position = max(position, region_end)
        self.hide(position, end)

    def result(self) -> str:
        pieces, position = [], 0
        for start, end in sorted(self.spans):
            start = max(start, position)
            if start >= end:
                continue
            pieces.append(self.text[position:start])
            pieces.append(_NOT_NEWLINE.sub(MASK, self.text[start:end]))
            position = end
        pieces.append(self.text[position:])
        return "".join(pieces)


def plain(text: str) -> Prose:
    """A plain text file: every line a block, the whole file one scope."""
    return Prose(text, _line_blocks(text, 0, len(text)), [(0, len(text))])


def markdown(text: str) -> Prose:
    """A Markdown material or doc: front matter values, then the body."""
    masker = _Masker(text)
    blocks: list[tuple[int, int]] = []
    scopes: list[tuple[int, int]] = []
    body_start = 0
    if text.startswith("---\n"):
        end = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.M)
        if end:
            body_start = 4 + end.end()
            front = _yaml_regions(text[4 : 4 + end.start()], 4)
            masker.keep_only(0, body_start, front)
            blocks += front
            scopes += front
    _mask_markdown(text, masker, body_start)
    masked = masker.result()
    blocks += _paragraphs(masked, body_start, len(text))
    scopes.append((body_start, len(text)))
    return Prose(masked, blocks, scopes)


def yaml_file(text: str) -> Prose:
    """A bank or the schedule: every prose value is its own block and scope."""
    masker = _Masker(text)
    regions = _yaml_regions(text, 0)
    masker.keep_only(0, len(text), regions)
    return Prose(masker.result(), regions, regions)


def _yaml_regions(text: str, offset: int) -> list[tuple[int, int]]:
    """Spans of the prose scalars of a YAML document (values with Han characters)."""
    regions: list[tuple[int, int]] = []
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        _walk(node, text, offset, regions, set())
    except (yaml.YAMLError, RecursionError):
        return []  # `check` reports broken or absurdly nested YAML itself
    return regions


def _walk(node, text: str, offset: int, regions: list[tuple[int, int]], seen: set[int]) -> None:
    # An alias is the node it names: each node is read once (`check` refuses aliases anyway,
    # and a chain of them would otherwise be walked exponentially often).
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if str(key.value) not in SKIP_KEYS:
                _walk(value, text, offset, regions, seen)
    elif isinstance(node, yaml.SequenceNode):
        for value in node.value:
            _walk(value, text, offset, regions, seen)
    elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str"):
        start, end = node.start_mark.index, node.end_mark.index
        if node.style in ('"', "'"):
            start, end = start + 1, end - 1
        elif node.style in ("|", ">"):
            start = text.find("\n", start) + 1
        if start < end and re.search(f"[{HAN}]", text[start:end]):
            regions.append((start + offset, end + offset))


def _mask_markdown(text: str, masker: _Masker, start: int) -> None:
    for match in _FENCE.finditer(text, start):
        masker.hide(match.start(), match.end())
    for pattern in _MARKDOWN:
        for match in pattern.finditer(text, start):
            masker.hide(match.start(), match.end())
    for match in _ADMONITION_TITLE.finditer(text, start):
        masker.hide(match.start(2), match.end(2))
        masker.hide(match.start(4), match.end(4))


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Blocks of a Markdown body: split at blank lines and where a heading, list item or row starts."""
    blocks = []
    block_start = None
    position = start
    for line in text[start:end].split("\n"):
        line_end = position + len(line)
        stripped = line.replace(MASK, "").strip()
        if not stripped or _BLOCK_START.match(line):
            if block_start is not None:
                blocks.append((block_start, position - 1))
            block_start = position if stripped else None
        elif block_start is None:
            block_start = position
        position = line_end + 1
    if block_start is not None:
        blocks.append((block_start, min(position - 1, end)))
    return blocks


def _line_blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    blocks = []
    position = start
    for line in text[start:end].split("\n"):
        if line.strip():
            blocks.append((position, position + len(line)))
        position += len(line) + 1
    return blocks
