"""How much one material may hold: body size, nesting depth, tags, options of a question.

Set from the plugin's `limits_*` options when a run validates the site (`configure`); the
loaders read `ACTIVE`. Each limit is far above what a real material needs and far below
what makes a build crawl or crash (a 500-level list takes Python-Markdown into recursion).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .problems import Problems


@dataclass(frozen=True)
class Limits:
    body_bytes: int = 2_000_000
    nesting_depth: int = 20
    tags_per_item: int = 30
    options_per_question: int = 8


ACTIVE = Limits()


def configure(options) -> Limits:
    """Make the limits of these plugin options the active ones (a missing option keeps its default)."""
    global ACTIVE
    ACTIVE = Limits(
        **{
            name: getattr(options, f"limits_{name}", getattr(Limits, name))
            for name in ("body_bytes", "nesting_depth", "tags_per_item", "options_per_question")
        }
    )
    return ACTIVE


_FENCE = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[ \t]*$", re.M | re.S)
_QUOTES = re.compile(r"^[ \t]*((?:>[ \t]?)+)")


def check_body(body: str, rel: str, first_line: int, problems: Problems, limits: Limits | None = None) -> bool:
    """Size and nesting of a Markdown body; False (with an error) when it must not be rendered."""
    limits = limits or ACTIVE
    size = len(body.encode("utf-8"))
    if size > limits.body_bytes:
        problems.error(
            rel,
            first_line,
            f"正文有 {size:,} 字节，超过上限 {limits.body_bytes:,} 字节（limits_body_bytes）；请把它拆成几篇",
        )
        return False
    line = deepest_line(body, limits.nesting_depth)
    if line is not None:
        problems.error(
            rel,
            first_line + line,
            f"列表或引用嵌套超过 {limits.nesting_depth} 层（每 4 个空格缩进或每个 > 算一层，limits_nesting_depth）；"
            "请减少缩进",
        )
        return False
    return True


def deepest_line(body: str, depth: int) -> int | None:
    """Index (from 0) of the first line nested deeper than `depth`, outside fenced code."""
    text = _FENCE.sub(lambda match: "\n" * match.group(0).count("\n"), body)
    for number, line in enumerate(text.split("\n")):
        if not line.startswith((" ", "\t", ">")):
            continue
        quotes = _QUOTES.match(line)
        level = quotes.group(1).count(">") if quotes else 0
        rest = line[quotes.end() :] if quotes else line
        if not rest.strip() and not level:
            continue
        indent = len(rest.expandtabs(4)) - len(rest.expandtabs(4).lstrip(" "))
        if level + indent // 4 > depth:
            return number
    return None
