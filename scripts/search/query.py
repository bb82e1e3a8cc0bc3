"""Answer queries from the written index files, exactly as search.js does (tests, benchmark).

Mirrors the browser's term evaluation: one token → its single-token postings; two or more →
the pairs covering the term (offsets 0, 2, 4 … and the last), kept only where every pair
sits at its offset from the same start. Terms are ANDed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .index import FLAG_BITS, POSITION_BITS, decode, fnv1a
from .text import query_terms

_CALL = re.compile(r'^XL_SEARCH\.d\(("[a-z]"),("?k?\d+"?),(.*)\);\s*$', re.S)


def parse(text: str):
    """(kind, id, data) of one index file."""
    match = _CALL.match(text)
    if match is None:
        raise ValueError("not an index file")
    return json.loads(match.group(1)), json.loads(match.group(2)), json.loads(match.group(3))


def cover(length: int) -> list[int]:
    offsets = list(range(0, length - 1, 2))
    if offsets[-1] != length - 2:
        offsets.append(length - 2)
    return offsets


class Index:
    """A written index, read from a dict of files or a folder."""

    def __init__(self, files: dict[str, str]):
        self.files = files
        self.manifest = parse(files["m.js"])[2]

    @classmethod
    def from_folder(cls, folder: Path) -> Index:
        return cls({path.relative_to(folder).as_posix(): path.read_text("utf-8") for path in folder.rglob("*.js")})

    def _shard_path(self, kind: str, key: str) -> str:
        own = self.manifest[kind + "o"]
        name = f"k{own[key]}" if key in own else str(fnv1a(key) % self.manifest[kind])
        return f"{kind}/{name}.js"

    def shards_for(self, query: str) -> list[str]:
        paths = []
        for tokens in query_terms(query):
            if len(tokens) == 1:
                paths.append(self._shard_path("u", tokens[0]))
            else:
                paths += [self._shard_path("b", tokens[o] + tokens[o + 1]) for o in cover(len(tokens))]
        return sorted(set(paths))

    def _postings(self, kind: str, key: str) -> str:
        return parse(self.files[self._shard_path(kind, key)])[2].get(key, "")

    def _pair(self, key: str) -> dict[int, list[int]]:
        hits: dict[int, list[int]] = {}
        at = 0
        for gap in decode(self._postings("b", key)):
            at += gap
            hits.setdefault(at >> POSITION_BITS, []).append(at & ((1 << POSITION_BITS) - 1))
        return hits

    def term_pages(self, tokens: list[str]) -> dict[int, int]:
        """page id → number of exact occurrences of the term."""
        if len(tokens) == 1:
            values = decode(self._postings("u", tokens[0]))
            pages, page = {}, -1
            for gap, packed in zip(values[::2], values[1::2], strict=True):
                page += gap + 1
                pages[page] = packed >> FLAG_BITS
            return pages
        offsets = cover(len(tokens))
        lists = [self._pair(tokens[o] + tokens[o + 1]) for o in offsets]
        found = {}
        for page, starts in lists[0].items():
            for shift, other in zip(offsets[1:], lists[1:], strict=True):
                present = set(other.get(page, ()))
                starts = [p for p in starts if p + shift in present]
            if starts:
                found[page] = len(starts)
        return found

    def search(self, query: str) -> set[str]:
        """URLs of the pages that contain every term of the query."""
        terms = query_terms(query)
        if not terms:
            return set()
        pages = set(self.term_pages(terms[0]))
        for tokens in terms[1:]:
            pages &= set(self.term_pages(tokens))
        urls = self.manifest["pages"]["url"]
        return {urls[page] for page in pages}

    def page(self, page_id: int) -> dict:
        """One page's manifest record by column name."""
        return {name: values[page_id] for name, values in self.manifest["pages"].items()}

    def pages(self) -> list[dict]:
        return [self.page(page_id) for page_id in range(len(self.manifest["pages"]["url"]))]
