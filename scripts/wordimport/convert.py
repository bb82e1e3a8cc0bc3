"""Blocks of a Word document → a draft material: front matter, Markdown body, named pictures, notes."""

from __future__ import annotations

import datetime
import io
import re
from collections import Counter
from dataclasses import dataclass, field

import yaml

from .reader import CHINESE_LABEL, PAREN_LABEL, PICTURE, Block, WordDocument

KINDS = {"unit": "units", "case": "cases", "culture": "culture"}
# "处理结果：…" lines: label → front matter key, per kind (common ones for all).
FIELD_LABELS = {
    "all": {
        "成文日期": "date",
        "日期": "date",
        "发布日期": "date",
        "标签": "tags",
        "关键词": "tags",
        "摘要": "summary",
    },
    "units": {"出处": "source", "来源": "source"},
    "cases": {
        "当事人": "subject",
        "处理结果": "outcome",
        "处分结果": "outcome",
        "处理情况": "outcome",
        "纪法依据": "basis",
        "违反条款": "basis",
        "依据": "basis",
        "纪律类别": "category",
        "违反纪律": "category",
    },
    "culture": {"作者": "author", "作品形式": "form", "形式": "form"},
}
FIELD_NAMES = {
    "subject": "当事人",
    "outcome": "处理结果",
    "basis": "纪法依据",
    "category": "纪律类别",
    "form": "作品形式",
}
FIELD_NAMES |= {"author": "作者", "source": "出处", "tags": "标签", "summary": "摘要", "date": "日期"}
FIELD_LINE = re.compile(r"^[【\[]?([\u4e00-\u9fff]{2,6})[】\]]?\s*[:：]\s*(.+)$", re.S)
CASE_SECTIONS = (
    ("案情", re.compile(r"案情|违纪违法事实|违纪事实|基本情况|案件经过")),
    ("剖析", re.compile(r"剖析|分析|原因")),
    ("警示", re.compile(r"警示|启示|教训|启发")),
)
LABEL = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]|第[一二三四五六七八九十]+部分)\s*"
)
DATE_TEXT = re.compile(
    r"^(\d{4}|[〇零一二三四五六七八九]{4})\s*[年.\-/]\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[月.\-/]\s*"
)
DATE_END = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日?$")
CHINESE_DIGIT = {c: n for n, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
FILE_UNSAFE = re.compile(r'[\\/:*?"<>|\s\[\]#%]+')
MAX_LISTED = 5


@dataclass
class Draft:
    kind: str  # units | cases | culture
    stem: str  # file name without .md
    front: dict
    body: str
    pictures: list[tuple[str, bytes]] = field(default_factory=list)  # (file name, bytes)
    notes: list[str] = field(default_factory=list)  # what could not be carried over, what was guessed
    filled: list[str] = field(default_factory=list)  # front matter keys taken from the document

    def text(self) -> str:
        front = yaml.safe_dump(self.front, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)
        return f"---\n{front}---\n\n{self.body.strip()}\n"


def to_draft(doc: WordDocument, kind: str, file_stem: str, options, today: datetime.date) -> Draft:
    blocks = list(doc.blocks)
    notes: list[str] = []
    fields = _take_fields(blocks, kind)
    title = _take_title(blocks, kind) or file_stem.strip()
    date = _take_date(blocks, fields, today, notes)
    stem = file_name(title)
    _make_headings(blocks, kind)
    if kind == "cases":
        _check_sections(blocks, notes)
    front = {"title": title, "date": date, "status": "draft"}
    filled = [key for key in fields if key != "date"]
    for key in ("tags", "summary"):
        if key in fields:
            front[key] = _split_list(fields[key]) if key == "tags" else fields[key]
    front.update(_kind_fields(kind, fields, title, blocks, options, notes))
    pictures = _name_pictures(doc, stem)
    body = _render(blocks, pictures, doc.pictures)
    if doc.footnotes:
        body += "\n\n" + "\n".join(f"[^{label}]: {text}" for label, text in doc.footnotes)
    notes = [_lost_note(what, numbers, doc.snippets) for what, numbers in doc.lost.items()] + notes
    return Draft(kind, stem, front, body, [(name, data) for name, data in pictures.values()], notes, filled)


def file_name(title: str) -> str:
    """A title as a file name: no path or shell characters, no spaces, ASCII brackets full-width."""
    name = title.replace("(", "（").replace(")", "）")
    name = FILE_UNSAFE.sub("", name).strip(".")
    return name[:50] or "导入的文档"


# --- front matter from the document --------------------------------------------------------


def _take_fields(blocks: list[Block], kind: str) -> dict[str, str]:
    labels = {**FIELD_LABELS["all"], **FIELD_LABELS[kind]}
    fields: dict[str, str] = {}
    for block in list(blocks):
        if block.kind != "para":
            continue
        match = FIELD_LINE.match(block.plain)
        key = labels.get(match[1]) if match else None
        if key and key not in fields:
            fields[key] = match[2].strip()
            blocks.remove(block)
    return fields


def _take_title(blocks: list[Block], kind: str) -> str | None:
    """The first heading (Title style, heading 1, or a WPS-style big bold first line) that is no section."""
    for block in blocks:
        if block.kind == "heading" and block.level <= 1 and not _section(block.plain, kind):
            blocks.remove(block)
            return block.plain
    first = next((block for block in blocks if block.kind != "table"), None)
    if first and (first.kind == "heading" or first.hinted) and not _section(first.plain, kind):
        blocks.remove(first)
        return first.plain
    return None


def _take_date(blocks: list[Block], fields: dict[str, str], today: datetime.date, notes: list[str]):
    if "date" in fields:
        parsed = parse_date(fields["date"])
        if parsed:
            return parsed
        notes.append(f"日期 “{fields['date']}” 无法识别，date 暂填今天（{today.isoformat()}），请核对")
        return today
    # An official document's 成文日期 stands alone at its end.
    for block in reversed(blocks[-3:]):
        if block.kind == "para" and len(block.plain) <= 16:
            parsed = parse_date(block.plain)
            if parsed:
                blocks.remove(block)
                return parsed
    notes.append(f"文档中没有成文日期，date 暂填今天（{today.isoformat()}），请核对")
    return today


def parse_date(text: str) -> datetime.date | None:
    """2024年5月9日, 2024-05-09, 2024.5.9, 二〇二四年五月九日 → a date."""
    text = text.strip()
    match = DATE_TEXT.match(text)
    end = DATE_END.fullmatch(text[match.end() :]) if match else None
    if not match or not end:
        return None
    try:
        return datetime.date(_number(match[1]), _number(match[2]), _number(end[1]))
    except ValueError:
        return None


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 4:  # 二〇二四
        return int("".join(str(CHINESE_DIGIT[c]) for c in text))
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CHINESE_DIGIT[tens] if tens else 1) * 10 + (CHINESE_DIGIT[ones] if ones else 0)
    return CHINESE_DIGIT[text]


def _split_list(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,，、；;]", text) if part.strip()]


def _split_basis(text: str) -> list[str]:
    """《条例》第九十七条；《刑法》第三百八十五条 → two items (、 splits only before a new 《)."""
    parts = re.split(r"[；;]|[、，,](?=《)", text)
    return [part.strip().rstrip("。") for part in parts if part.strip()]


def _kind_fields(kind: str, fields, title: str, blocks: list[Block], options, notes: list[str]) -> dict:
    if kind == "cases":
        front = {"category": _category(fields.get("category", ""), title, blocks, options, notes)}
        for key in ("subject", "outcome"):
            if key in fields:
                front[key] = fields[key].rstrip("。") if key == "subject" else fields[key]
        if "basis" in fields:
            front["basis"] = _split_basis(fields["basis"])
        return front
    if kind == "culture":
        front = {"form": _form(fields.get("form", ""), title, options, notes)}
        if "author" in fields:
            front["author"] = fields["author"]
        return front
    return {"source": fields["source"]} if "source" in fields else {}


def _category(given: str, title: str, blocks: list[Block], options, notes: list[str]) -> str:
    categories = list(options.cases_categories)
    for name in categories:
        if name in given:
            return name
    text = title + "".join(block.plain for block in blocks)
    counts = Counter({name: text.count(name) for name in categories if name in text})
    if counts:
        guess = counts.most_common(1)[0][0]
        notes.append(f"纪律类别按正文中出现最多的 “{guess}” 填写，请核对")
        return guess
    notes.append(f"文档中没有纪律类别，category 暂填 “{categories[0]}”，请核对")
    return categories[0]


def _form(given: str, title: str, options, notes: list[str]) -> str:
    forms = list(options.culture_forms)
    for name in forms:
        if name in given:
            return name
    for name in forms:
        if name in title:
            notes.append(f"作品形式按标题填为 “{name}”，请核对")
            return name
    notes.append(f"文档中没有作品形式，form 暂填 “{forms[0]}”，请核对")
    return forms[0]


# --- headings and sections -----------------------------------------------------------------


def _section(text: str, kind: str) -> str | None:
    """案情 / 剖析 / 警示 for a case's section title such as “一、基本案情” or “【警示】”."""
    if kind != "cases":
        return None
    core = LABEL.sub("", text.strip()).strip("【】[]:：。 ")
    if not core or len(core) > 10:
        return None
    return next((name for name, pattern in CASE_SECTIONS if pattern.search(core)), None)


def _make_headings(blocks: list[Block], kind: str) -> None:
    """Sections and guessed headings become ## …; levels shift so the body has no # heading."""
    for block in blocks:
        if block.kind == "para" and (_section(block.plain, kind) or block.hinted):
            block.kind = "heading"
            block.level = 3 if PAREN_LABEL.match(block.plain) else 2
            block.text = block.text.replace("**", "")
        if block.kind == "heading" and CHINESE_LABEL.match(block.plain) and block.level > 2 and block.hinted:
            block.level = 2
    headings = [block for block in blocks if block.kind == "heading" and not _section(block.plain, kind)]
    top = min((block.level for block in headings), default=2)
    for block in blocks:
        if block.kind != "heading":
            continue
        section = _section(block.plain, kind)
        if section:
            block.level, block.text, block.plain = 2, section, section
        else:
            block.level = min(6, max(2, block.level - top + 2 + (1 if kind == "cases" else 0)))


def _check_sections(blocks: list[Block], notes: list[str]) -> None:
    found = {block.plain for block in blocks if block.kind == "heading" and block.level == 2}
    missing = [name for name, _ in CASE_SECTIONS if name not in found]
    if missing:
        notes.append(f"没有找到 {'、'.join(missing)} 部分；案例正文应有 ## 案情、## 剖析、## 警示 三个小标题，请补上")


# --- body ----------------------------------------------------------------------------------


def _name_pictures(doc: WordDocument, stem: str) -> dict[int, tuple[str, bytes]]:
    named = {}
    for number, picture in enumerate(doc.pictures, start=1):
        data, ext = picture.data, picture.ext
        if ext in (".bmp", ".tif", ".tiff"):
            data, ext = _as_png(data), ".png"
        named[number] = (f"{stem}-图{number}{'.jpg' if ext == '.jpeg' else ext}", data)
    return named


def _as_png(data: bytes) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    with Image.open(io.BytesIO(data)) as image:
        image.save(out, "PNG")
    return out.getvalue()


def _render(blocks: list[Block], named: dict[int, tuple[str, bytes]], pictures) -> str:
    parts: list[str] = []
    previous: Block | None = None
    for block in blocks:
        if block.kind == "heading":
            text = "#" * block.level + " " + block.text
        elif block.kind == "item":
            marker = "1." if block.ordered else "-"
            text = "    " * block.level + f"{marker} " + block.text.replace("  \n", "  \n" + "    " * (block.level + 1))
        else:
            text = block.text
        joined = (
            previous is not None
            and previous.kind == block.kind == "item"
            and (previous.ordered == block.ordered or block.level > previous.level)
        )
        parts.append(("\n" if joined else "\n\n") + text if parts else text)
        previous = block
    body = "".join(parts)
    captions = _captions(blocks)
    for number, (name, _) in named.items():
        alt = pictures[number - 1].alt or captions.get(number) or f"图{number}"
        body = body.replace(PICTURE.format(number), f"![{_alt(alt)}]({name})")
    return body


def _captions(blocks: list[Block]) -> dict[int, str]:
    """Picture number → the caption under it (a short paragraph starting 图…), if any."""
    captions = {}
    for block, after in zip(blocks, blocks[1:], strict=False):
        pictures = re.findall(PICTURE.format(r"(\d+)"), block.text)
        if (
            len(pictures) == 1
            and after.kind == "para"
            and re.match(r"^图\s*\d*", after.plain)
            and len(after.plain) <= 40
        ):
            captions[int(pictures[0])] = after.plain
    return captions


def _alt(text: str) -> str:
    return re.sub(r"[\[\]\n]", " ", text).strip()


def _lost_note(what: str, numbers: list[int], snippets: dict[int, str]) -> str:
    places = [f"第 {n} 段“{snippets[n]}”" if snippets.get(n) else f"第 {n} 段" for n in numbers if n]
    shown = "、".join(places[:MAX_LISTED]) + (f" 等 {len(places)} 处" if len(places) > MAX_LISTED else "")
    return f"未能保留：{what}" + (f"（{shown}）" if shown else "")
