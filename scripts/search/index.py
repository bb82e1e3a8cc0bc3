"""The search index: CJK bigrams and Latin words with positions, sharded by token hash.

Files (all classic scripts calling `XL_SEARCH.d(kind, id, data)`, so they load from file:// too):

- `m.js`      manifest: shard counts; result types {label, group (1: help, after the rest),
              rank (1: lists materials, after them)}; facet labels; the pages as named
              columns (COLUMNS): `pages.url[id]`, `pages.title[id]` …
- `u/<n>.js`  single tokens (one CJK character, one Latin word, one punctuation mark):
              key → varints [page gap, tf·8 + flags] (flags: 1 title, 2 field, 4 heading)
- `b/<n>.js`  adjacent token pairs (两个汉字, a word touching a 汉字, 汉字 and punctuation …):
              key → varints [page gap, count, first position, position gaps …]
- `t/<id>.js` one page's readable text (body, then its fields), for snippets only

A key lives in shard fnv1a(key) % count, so a query downloads only the shards of its own
tokens and pairs. Positions make a query of three or more tokens exact: 廉洁自律
matches where 廉洁, 洁自, 自律 start at p, p+1, p+2 — never where they are apart.

A page's token stream is its title, its fields, its headings and its body, a gap between
each; `title_end`, `field_end` and `heading_end` say where each part ends, so a match can
tell where it is (the title and fields rank above the body).
"""

from __future__ import annotations

import hashlib
import json
import operator
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .text import RUN, normalise

# Result types in the order of the filter chips; a type not listed goes after them, 帮助 last.
TYPE_ORDER = ["学习单元", "警示案例", "孝廉文化", "题库", "学习安排", "宣教活动"]
HELP = "帮助"  # help pages: ranked after every study material
LISTS = {"学习安排", "宣教活动"}  # pages that list materials: ranked after the materials themselves when as relevant
COLUMNS = ("url", "title", "type", "facet", "year", "date", "title_end", "field_end", "heading_end")
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

TITLE, FIELD, HEADING = 1, 2, 4
FLAG_BITS = 3
POSITION_BITS = 20  # positions inside a page: up to about a million tokens


@dataclass
class PageRecord:
    """What search knows about one page."""

    url: str  # relative to the site root
    title: str
    type: str  # the result's label: a content type's label, 题库, 学习安排, HELP …
    facet: str = ""  # case category or culture form
    year: int = 0
    date: str = ""  # shown in the result (a session's date)
    fields: list[str] = field(default_factory=list)  # what the page shows besides title and body
    headings: list[str] = field(default_factory=list)
    body: str = ""  # readable text, one block a line

    @property
    def group(self) -> int:
        """0: study materials; 1: help pages, listed after them."""
        return 1 if self.type == HELP else 0


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

    A CJK character or a punctuation mark stands for itself; a Latin word for a private-use
    character from `words` (text.SPACE_CLASS keeps that plane out of the text itself).
    Index i of the result is the token's position, as in `text.tokens`.
    """
    parts, end = [], 0
    for match in RUN.finditer(text):
        if match.start() != end and parts:
            parts.append(GAP)
        run = match.group()
        if match.lastgroup == "word":
            code = words.get(run)
            if code is None:
                code = words[run] = chr(WORD_BASE + len(words))
            parts.append(code)
        else:
            parts.append(run)
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
        columns: dict[str, list] = {name: [] for name in COLUMNS}
        types, facets = _labels(page.type for page in pages), []
        for page_id, page in enumerate(pages):
            if check():
                raise IndexCancelled
            title = token_string(normalise(page.title), words)
            fields = GAP.join(token_string(normalise(text), words) for text in page.fields)
            headings = GAP.join(token_string(normalise(heading), words) for heading in page.headings)
            ends, parts, position = [], [title], len(title) + 1
            ends.append(position)
            for section in (fields, headings):
                if section:
                    parts.append(section)
                    position += len(section) + 1
                ends.append(position)
            parts.append(token_string(normalise(page.body), words))
            stream = GAP.join(parts)
            sections = ((set(title), TITLE), (set(fields), FIELD), (set(headings), HEADING))
            for key, tf in Counter(stream).items():
                if key != GAP:
                    flags = sum(flag for keys, flag in sections if key in keys)
                    unigrams[key] += (page_id - last_u.get(key, -1) - 1, (tf << FLAG_BITS) + flags)
                    last_u[key] = page_id
            # Every adjacent pair with its global position page·2²⁰ + position, in one C-level pass.
            base = page_id << POSITION_BITS
            pairs = [stream[i : i + 2] for i in range(len(stream) - 1)]
            list(map(list.append, map(occurrences.__getitem__, pairs), range(base, base + len(pairs))))
            if page.facet and page.facet not in facets:
                facets.append(page.facet)
            row = {
                "url": page.url,
                "title": page.title,
                "type": types.index(page.type),
                "facet": facets.index(page.facet) if page.facet else -1,
                "year": page.year,
                "date": page.date,
                "title_end": ends[0],
                "field_end": ends[1],
                "heading_end": ends[2],
            }
            for name in COLUMNS:
                columns[name].append(row[name])
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
        manifest: dict = {
            "types": [{"label": label, "group": int(label == HELP), "rank": int(label in LISTS)} for label in types],
            "facets": facets,
        }
        manifest["u"], manifest["uo"] = self._shard("u", encoded_u, files)
        manifest["b"], manifest["bo"] = self._shard("b", encoded_b, files)
        manifest["pages"] = columns
        for page_id, page in enumerate(pages):
            files[f"t/{page_id}.js"] = _script("t", page_id, "\n".join(filter(None, [page.body, *page.fields])))
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


def _labels(types) -> list[str]:
    """The result types present, in TYPE_ORDER, then any other, HELP last."""
    present = set(types)
    rank = {label: number for number, label in enumerate(TYPE_ORDER)}
    return sorted(present, key=lambda label: (label == HELP, rank.get(label, len(rank)), label))


def _script(kind: str, number: int, data) -> str:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"XL_SEARCH.d({json.dumps(kind)},{json.dumps(number)},{payload});\n"


def content_hash(files: dict[str, str]) -> str:
    digest = hashlib.sha1()
    for path in sorted(files):
        digest.update(path.encode())
        digest.update(files[path].encode())
    return digest.hexdigest()[:10]
