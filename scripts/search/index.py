"""The search index: CJK bigrams and Latin words with positions, sharded by token hash.

Files (all classic scripts calling `XL_SEARCH.d(kind, id, data)`, so they load from file:// too):

- `m.js`      manifest: shard counts, filter labels, one row per page
              [url, title, type, facet, year, title_end, heading_end]
- `u/<n>.js`  single tokens (one CJK character, one Latin word):
              key → varints [page gap, tf·4 + flags] (flags: 1 title, 2 heading)
- `b/<n>.js`  adjacent token pairs (两个汉字, or a word touching a 汉字):
              key → varints [page gap, count, first position, position gaps …]
- `t/<id>.js` one page's readable text, for snippets only

A key lives in shard fnv1a(key) % count, so a query downloads only the shards of its own
tokens and pairs. Positions make a query of three or more characters exact: 廉洁自律
matches where 廉洁, 洁自, 自律 start at p, p+1, p+2 — never where they are apart.
"""

from __future__ import annotations

import hashlib
import json
import operator
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .text import RUN, normalise

TYPES = ["学习单元", "警示案例", "孝廉文化", "题库", "其他"]
ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ$_"


class _Varints(dict):
    """n → its varint text; the first 32768 numbers precomputed, larger ones on demand."""

    def __missing__(self, number: int) -> str:
        out, n = [], number
        while n >= 32:
            out.append(ALPHABET[32 + (n & 31)])
            n >>= 5
        out.append(ALPHABET[n])
        self[number] = text = "".join(out)
        return text


_VARINT = _Varints()
for _n in range(32768):
    _VARINT[_n]

TITLE, HEADING = 1, 2
FORMAT = 1
POSITION_BITS = 20  # positions inside a page: up to about a million tokens


@dataclass
class PageRecord:
    """What search knows about one page."""

    url: str  # relative to the site root
    title: str
    type: str  # one of TYPES
    facet: str = ""  # case category or culture form
    year: int = 0
    headings: list[str] = field(default_factory=list)
    body: str = ""  # readable text, one block a line


def varint(n: int) -> str:
    """Little-endian 5-bit groups; a group with more to come uses the upper half of ALPHABET."""
    return _VARINT[n]


def decode(text: str) -> list[int]:
    """The inverse of varint over a whole string (tests and the benchmark use it)."""
    values, value, shift = [], 0, 0
    for char in text:
        digit = ALPHABET.index(char)
        if digit >= 32:
            value |= (digit - 32) << shift
            shift += 5
        else:
            values.append(value | (digit << shift))
            value, shift = 0, 0
    return values


def fnv1a(key: str) -> int:
    """32-bit FNV-1a over code points (search.js computes the same)."""
    h = 0x811C9DC5
    for char in key:
        h = ((h ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return h


GAP = "\x00"
WORD_BASE = 0xF0000  # private-use code points stand for Latin words inside a token string


def token_string(text: str, words: dict[str, str]) -> str:
    """One character per token of normalised text, GAP where a separator was.

    A CJK character stands for itself; a Latin word for a private-use character from `words`.
    Index i of the result is the token's position, as in `text.tokens`.
    """
    parts, end = [], 0
    for match in RUN.finditer(text):
        if match.start() != end and parts:
            parts.append(GAP)
        run = match.group()
        if match.lastgroup == "cjk":
            parts.append(run)
        else:
            code = words.get(run)
            if code is None:
                code = words[run] = chr(WORD_BASE + len(words))
            parts.append(code)
        end = match.end()
    return "".join(parts)


class IndexCancelled(Exception):
    """IndexBuilder.build was told to stop."""


class IndexBuilder:
    """Collects pages, then writes the sharded index in one pass over all text (O(text))."""

    def __init__(self, shard_bytes: int = 16384):
        self.shard_bytes = shard_bytes
        self.pages: list[PageRecord] = []

    def add(self, page: PageRecord) -> None:
        self.pages.append(page)

    def build(self, stop=None) -> dict[str, str]:
        """{relative path: file text}; page ids follow the order of URLs.

        `stop`, if given, is asked between steps; when it says True the build ends with
        IndexCancelled (a newer build in `mkdocs serve` has made this one pointless).
        """
        check = stop or (lambda: False)
        pages = sorted(self.pages, key=lambda page: page.url)
        words: dict[str, str] = {}
        unigrams: dict[str, list[int]] = defaultdict(list)
        occurrences: dict[str, list[int]] = defaultdict(list)
        last_u: dict[str, int] = {}
        rows, facets = [], []
        for page_id, page in enumerate(pages):
            if check():
                raise IndexCancelled
            title = token_string(normalise(page.title), words)
            headings = GAP.join(token_string(normalise(heading), words) for heading in page.headings)
            body = token_string(normalise(page.body), words)
            title_end = len(title) + 1
            heading_end = title_end + len(headings) + 1 if headings else title_end
            stream = f"{title}{GAP}{headings}{GAP}{body}" if headings else f"{title}{GAP}{body}"
            in_title, in_headings = set(title), set(headings)
            for key, tf in Counter(stream).items():
                if key != GAP:
                    flags = (TITLE if key in in_title else 0) | (HEADING if key in in_headings else 0)
                    unigrams[key] += (page_id - last_u.get(key, -1) - 1, tf * 4 + flags)
                    last_u[key] = page_id
            # Every adjacent pair with its global position page·2²⁰ + position, in one C-level pass.
            base = page_id << POSITION_BITS
            pairs = [stream[i : i + 2] for i in range(len(stream) - 1)]
            list(map(list.append, map(occurrences.__getitem__, pairs), range(base, base + len(pairs))))
            if page.facet and page.facet not in facets:
                facets.append(page.facet)
            facet = facets.index(page.facet) if page.facet else -1
            rows.append([page.url, page.title, TYPES.index(page.type), facet, page.year, title_end, heading_end])
        spelled = {code: word for word, code in words.items()}

        def spell(key: str) -> str:
            return "".join(spelled.get(char, char) for char in key) if spelled else key

        get = _VARINT.__getitem__
        if check():
            raise IndexCancelled
        encoded_u = {spell(key): "".join(map(get, values)) for key, values in unigrams.items()}
        encoded_b = {
            spell(key): get(found[0]) + "".join(map(get, map(operator.sub, found[1:], found)))
            for key, found in occurrences.items()
            if GAP not in key
        }
        if check():
            raise IndexCancelled
        files: dict[str, str] = {}
        manifest = {"format": FORMAT, "types": TYPES, "facets": facets}
        manifest["u"], manifest["uo"] = self._shard("u", encoded_u, files)
        manifest["b"], manifest["bo"] = self._shard("b", encoded_b, files)
        manifest["pages"] = rows
        for page_id, page in enumerate(pages):
            files[f"t/{page_id}.js"] = _script("t", page_id, page.body)
        files["m.js"] = _script("m", 0, manifest)
        return files

    def _shard(self, kind: str, encoded: dict[str, str], files: dict[str, str]) -> tuple[int, dict[str, int]]:
        """Hash keys into shards of about shard_bytes; a key bigger than half that gets a file of its own."""
        own = sorted(key for key, value in encoded.items() if len(value) > self.shard_bytes // 2)
        total = sum(len(key) * 3 + len(value) + 6 for key, value in encoded.items() if key not in own)
        count = 1
        while total / count > self.shard_bytes:
            count *= 2
        shards: list[dict[str, str]] = [{} for _ in range(count)]
        for key in sorted(encoded):
            if key not in own:
                shards[fnv1a(key) % count][key] = encoded[key]
        for number, shard in enumerate(shards):
            files[f"{kind}/{number}.js"] = _script(kind, number, shard)
        for number, key in enumerate(own):
            files[f"{kind}/k{number}.js"] = _script(kind, f"k{number}", {key: encoded[key]})
        return count, {key: number for number, key in enumerate(own)}


def _script(kind: str, number: int, data) -> str:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"XL_SEARCH.d({json.dumps(kind)},{json.dumps(number)},{payload});\n"


def content_hash(files: dict[str, str]) -> str:
    digest = hashlib.sha1()
    for path in sorted(files):
        digest.update(path.encode())
        digest.update(files[path].encode())
    return digest.hexdigest()[:10]
