"""The tiny Markdown quiz text may use: **bold**, *em*, `code`, paragraphs. Everything else is text.

quiz.js renders the same subset with createElement/textContent; here (paper test, answers)
the text is escaped first and only our own tags are added.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

INLINE = re.compile(r"`([^`\n]+)`|\*\*([^*\n]+?)\*\*|\*([^*\s][^*\n]*?)\*")
PARAGRAPHS = re.compile(r"\n\s*\n")
TAGS = ("code", "strong", "em")


def render_inline(text: str) -> Markup:
    out, last = [], 0
    for match in INLINE.finditer(text):
        out.append(escape(text[last : match.start()]))
        group = next(n for n in (1, 2, 3) if match.group(n) is not None)
        tag = TAGS[group - 1]
        out.append(Markup(f"<{tag}>{escape(match.group(group))}</{tag}>"))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def render_blocks(text: str) -> Markup:
    """Paragraphs separated by blank lines; single newlines become <br>."""
    paragraphs = [p.strip() for p in PARAGRAPHS.split(text.strip()) if p.strip()]
    return Markup("").join(
        Markup("<p>{}</p>").format(Markup("<br>").join(render_inline(line) for line in p.split("\n")))
        for p in paragraphs
    )
