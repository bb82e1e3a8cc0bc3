"""A .docx (Word or WPS) → blocks of Markdown, pictures, footnotes, and what could not be kept.

python-docx opens the package; the body is walked as XML so that what python-docx does not model
(outline levels, footnotes, fields, text boxes, alternate content from WPS) is read too.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from .numbering import Numbering

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {
    "w": W[1:-1],
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "v": "urn:schemas-microsoft-com:vml",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
}
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)
TITLE_STYLES = {"title", "标题"}
HEADING_FONTS = ("黑体", "小标宋", "方正小标宋", "华文中宋", "宋体-方正超大字符集")
SENTENCE_END = re.compile(r"[。；！？;!?，,]$")
CHINESE_LABEL = re.compile(r"^[一二三四五六七八九十]+、")
PAREN_LABEL = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")
WEB_IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
CONVERTIBLE_IMAGES = {".bmp", ".tif", ".tiff"}
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<])")
LINE_START_SPECIAL = re.compile(r"^(#|>|[-+*] |=+$)")
PICTURE = "\ue000{}\ue001"  # where picture n goes; the writer puts in its file name
RAW = "\x00raw"  # the "link" of a span that is Markdown already


class DocxError(Exception):
    """The file cannot be read as a .docx; the message says what to do."""


@dataclass
class Block:
    """One paragraph, heading, list item or table of the body, in document order."""

    kind: str  # para | heading | item | table
    text: str  # Markdown (inline for para/heading/item, whole table for table)
    plain: str  # the text without markup, for recognising 处理结果：… lines and section titles
    number: int  # paragraph number in the document, for messages
    level: int = 0  # heading level (0 = the document's title) or list depth
    ordered: bool = False
    hinted: bool = False  # a heading guessed from direct formatting (bold, 黑体, large), as WPS files have


@dataclass
class Picture:
    data: bytes
    ext: str
    alt: str


@dataclass
class WordDocument:
    blocks: list[Block] = field(default_factory=list)
    footnotes: list[tuple[str, str]] = field(default_factory=list)  # (label, Markdown)
    pictures: list[Picture] = field(default_factory=list)
    lost: dict[str, list[int]] = field(default_factory=dict)  # what → paragraph numbers
    snippets: dict[int, str] = field(default_factory=dict)  # paragraph number → its first words

    def lose(self, what: str, number: int) -> None:
        numbers = self.lost.setdefault(what, [])
        if number not in numbers:
            numbers.append(number)


def read_docx(path: Path) -> WordDocument:
    data = path.read_bytes()
    if data.startswith(OLE_SIGNATURE) or path.suffix.lower() in (".doc", ".wps"):
        raise DocxError("这是旧的 .doc（或 .wps）格式，无法直接导入；请在 Word/WPS 中另存为 .docx 后再导入")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise DocxError(
            f"无法作为 .docx 读取（{type(error).__name__}）；请在 Word/WPS 中另存为 .docx 后再导入"
        ) from None
    return _Reader(document).read()


class _Reader:
    def __init__(self, document):
        self.document = document
        self.part = document.part
        self.out = WordDocument()
        self.styles = _Styles(document)
        self.numbering = Numbering(document)
        self.notes = _notes(self.part)
        self.note_labels: dict[tuple[str, str], str] = {}
        self.pictures: dict[str, int] = {}  # image part name → picture number
        self.number = 0  # current paragraph number
        self.extra: list[Block] = []  # text-box paragraphs, placed after the paragraph holding them

    def read(self) -> WordDocument:
        body = self.document.element.body
        for child in body:
            self._block(child)
        self._footnotes()
        if any(
            part.partname.startswith("/word/header") or part.partname.startswith("/word/footer")
            for part in self.part.package.parts
            if _has_text(part)
        ):
            self.out.lose("页眉、页脚（没有导入）", 0)
        return self.out

    # --- blocks --------------------------------------------------------------------------

    def _block(self, node) -> None:
        if node.tag == qn("w:p"):
            self._paragraph(node)
        elif node.tag == qn("w:tbl"):
            self.number += 1
            self._table(node)
        elif node.tag == qn("w:sdt"):
            content = node.find(qn("w:sdtContent"))
            for child in content if content is not None else []:
                self._block(child)

    def _paragraph(self, node) -> None:
        self.number += 1
        number = self.number
        inline = self._inline(node, number)
        text, plain = inline.markdown.strip(), inline.plain.strip()
        self.out.snippets[number] = plain[:12] + ("…" if len(plain) > 12 else "")
        level = self._heading_level(node)
        num_id, ilvl = self._num(node)
        label = ""
        list_level = None
        if num_id:
            list_level, label = self.numbering.next_label(num_id, ilvl)
        if not plain and "\ue000" not in text:
            self._flush_extra()
            return
        if level is not None:
            heading = f"{label}{plain}" if label and not label.isspace() else plain
            self.out.blocks.append(Block("heading", _escape_text(heading), heading, number, level))
        elif list_level is not None and list_level.fmt == "bullet":
            self.out.blocks.append(Block("item", text, plain, number, ilvl))
        elif list_level is not None and re.fullmatch(r"%\d[.)]", list_level.text) and list_level.fmt == "decimal":
            self.out.blocks.append(Block("item", text, plain, number, ilvl, ordered=True))
        else:
            if label:
                text, plain = _escape_text(label) + text, label + plain
            hinted = _looks_like_heading(inline, plain)
            self.out.blocks.append(Block("para", text, plain, number, hinted=hinted))
        self._flush_extra()

    def _flush_extra(self) -> None:
        self.out.blocks += self.extra
        self.extra = []

    def _heading_level(self, node) -> int | None:
        """0 for the title, 1–9 for headings; from the outline level or the style (and its bases)."""
        ppr = node.find(qn("w:pPr"))
        outline = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
        if outline is not None:
            value = int(outline.get(qn("w:val"), "9"))
            return value + 1 if value < 9 else None
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        return self.styles.heading_level(style.get(qn("w:val")) if style is not None else None)

    def _num(self, node) -> tuple[str | None, int]:
        ppr = node.find(qn("w:pPr"))
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if numpr is None and ppr is not None:
            style = ppr.find(qn("w:pStyle"))
            numpr = self.styles.numpr(style.get(qn("w:val")) if style is not None else None)
        if numpr is None:
            return None, 0
        num = numpr.find(qn("w:numId"))
        ilvl = numpr.find(qn("w:ilvl"))
        num_id = num.get(qn("w:val")) if num is not None else None
        return (num_id if num_id and num_id != "0" else None), int(
            ilvl.get(qn("w:val"), "0")
        ) if ilvl is not None else 0

    def _table(self, node) -> None:
        number = self.number
        self.out.snippets[number] = "表格"
        rows = []
        for tr in node.findall(qn("w:tr")):
            cells = []
            for tc in tr.findall(qn("w:tc")):
                tcpr = tc.find(qn("w:tcPr"))
                span = tcpr.find(qn("w:gridSpan")) if tcpr is not None else None
                merge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
                if tc.find(".//" + qn("w:tbl")) is not None:
                    self.out.lose("表格中的表格（已展开为文字）", number)
                if merge is not None and merge.get(qn("w:val"), "continue") == "continue":
                    self.out.lose("合并的单元格（已拆开，合并部分留空）", number)
                    cells.append("")
                else:
                    parts = [self._inline(p, number).markdown.strip() for p in tc.iter(qn("w:p"))]
                    cells.append("<br>".join(part for part in parts if part).replace("|", "\\|").replace("\n", " "))
                if span is not None and int(span.get(qn("w:val"), "1")) > 1:
                    self.out.lose("合并的单元格（已拆开，合并部分留空）", number)
                    cells += [""] * (int(span.get(qn("w:val"))) - 1)
            rows.append(cells)
        rows = [row for row in rows if any(cell.strip() for cell in row)]
        if not rows:
            return
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        plain = " ".join(cell for row in rows for cell in row)
        self.out.blocks.append(Block("table", "\n".join(lines), plain, number))

    # --- inline --------------------------------------------------------------------------

    def _inline(self, paragraph, number: int) -> _Inline:
        inline = _Inline()
        pstyle = paragraph.find(qn("w:pPr") + "/" + qn("w:pStyle"))
        base = self.styles.run_format(pstyle.get(qn("w:val")) if pstyle is not None else None, None)
        self._walk(paragraph, inline, number, base, field_code=[False])
        inline.close()
        return inline

    def _walk(self, node, inline: _Inline, number: int, base: dict, field_code: list[bool], link: str = "") -> None:
        for child in node:
            tag = child.tag
            if tag == qn("w:r"):
                self._run(child, inline, number, base, field_code, link)
            elif tag == qn("w:hyperlink"):
                rid = child.get(qn("r:id"))
                target = self.part.rels[rid].target_ref if rid and rid in self.part.rels else ""
                if not target and child.get(qn("w:anchor")):
                    self.out.lose("文档内的跳转链接（只保留了文字）", number)
                self._walk(child, inline, number, base, field_code, target)
            elif tag == qn("w:del") or tag == qn("w:moveFrom"):
                self.out.lose("修订中删除的文字（按“接受全部修订”处理）", number)
            elif tag in (qn("w:ins"), qn("w:moveTo"), qn("w:smartTag"), qn("w:fldSimple"), qn("w:customXml")):
                self._walk(child, inline, number, base, field_code, link)
            elif tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    self._walk(content, inline, number, base, field_code, link)
            elif tag in (f"{{{NS['m']}}}oMath", f"{{{NS['m']}}}oMathPara"):
                self.out.lose("公式（只保留了其中的文字）", number)
                inline.add("".join(child.itertext()), {}, link)
            elif tag == f"{{{NS['mc']}}}AlternateContent":
                self._walk(_alternative(child), inline, number, base, field_code, link)

    def _run(self, run, inline: _Inline, number: int, base: dict, field_code: list[bool], link: str) -> None:
        rpr = run.find(qn("w:rPr"))
        fmt = self.styles.run_format(None, rpr, base)
        # Only what the editor set on the text itself: a heading style's colour is the theme's business.
        direct = _run_props(rpr, {}) if rpr is not None and _has_visible_text(run) else {}
        for what in ("underline", "strike", "superscript", "subscript", "color", "highlight"):
            if direct.get(what):
                self.out.lose(LOST_FORMATS[what], number)
        for child in run:
            tag = child.tag
            if tag == qn("w:fldChar"):
                kind = child.get(qn("w:fldCharType"))
                field_code[0] = kind == "begin" or (field_code[0] and kind not in ("separate", "end"))
            elif field_code[0] or tag in (qn("w:instrText"), qn("w:rPr")):
                continue
            elif tag == qn("w:t"):
                inline.add(child.text or "", fmt, link)
            elif tag in (qn("w:tab"), qn("w:ptab")):
                inline.add(" ", fmt, link)
            elif tag == qn("w:br") and child.get(qn("w:type")) not in ("page", "column"):
                inline.add("\n", fmt, link)
            elif tag == qn("w:cr"):
                inline.add("\n", fmt, link)
            elif tag == qn("w:noBreakHyphen"):
                inline.add("-", fmt, link)
            elif tag == qn("w:sym"):
                self.out.lose("特殊符号（Wingdings 等字体里的符号）", number)
            elif tag in (qn("w:footnoteReference"), qn("w:endnoteReference")):
                kind = "footnote" if tag == qn("w:footnoteReference") else "endnote"
                inline.raw(f"[^{self._note_label(kind, child.get(qn('w:id')))}]")
            elif tag in (qn("w:drawing"), qn("w:pict"), qn("w:object")):
                self._drawing(child, inline, number)
            elif tag == f"{{{NS['mc']}}}AlternateContent":
                for drawing in _alternative(child):
                    if drawing.tag in (qn("w:drawing"), qn("w:pict"), qn("w:object")):
                        self._drawing(drawing, inline, number)

    def _drawing(self, node, inline: _Inline, number: int) -> None:
        for box in node.iter(qn("w:txbxContent")):
            self.out.lose("文本框（其中的文字已移到所在段落之后）", number)
            for paragraph in box.iter(qn("w:p")):
                text = self._inline(paragraph, number)
                if text.plain.strip():
                    self.extra.append(Block("para", text.markdown.strip(), text.plain.strip(), number))
            return
        blip = node.find(".//a:blip", NS)
        rid = blip.get(qn("r:embed")) if blip is not None else None
        if rid is None:
            imagedata = node.find(".//v:imagedata", NS)
            rid = imagedata.get(qn("r:id")) if imagedata is not None else None
        if blip is not None and rid is None and blip.get(qn("r:link")):
            self.out.lose("链接到外部文件的图片（没有嵌入文档）", number)
            return
        if rid is None:
            if node.find(".//c:chart", NS) is not None:
                self.out.lose("图表（请截图后作为图片插入）", number)
            elif node.tag == qn("w:object"):
                self.out.lose("嵌入的对象（如 Excel 表、附件）", number)
            else:
                self.out.lose("形状、SmartArt 等绘图（请截图后作为图片插入）", number)
            return
        part = self.part.related_parts.get(rid)
        if part is None:
            self.out.lose("找不到的图片", number)
            return
        ext = Path(str(part.partname)).suffix.lower()
        if ext not in WEB_IMAGES | CONVERTIBLE_IMAGES:
            self.out.lose(
                f"{ext.lstrip('.').upper() or '未知'} 格式的图片（浏览器无法显示；请另存为 PNG 后插入）", number
            )
            return
        key = str(part.partname)
        if key not in self.pictures:
            doc_pr = node.find(".//wp:docPr", NS)
            alt = (doc_pr.get("descr") or doc_pr.get("title") or "") if doc_pr is not None else ""
            if re.fullmatch(r"(图片|Picture|image|图像)\s*\d*", alt.strip(), re.I):
                alt = ""
            self.out.pictures.append(Picture(part.blob, ext, alt.strip()))
            self.pictures[key] = len(self.out.pictures)
        inline.raw(PICTURE.format(self.pictures[key]))

    # --- footnotes -----------------------------------------------------------------------

    def _note_label(self, kind: str, note_id: str) -> str:
        key = (kind, note_id)
        if key not in self.note_labels:
            self.note_labels[key] = str(len(self.note_labels) + 1)
        return self.note_labels[key]

    def _footnotes(self) -> None:
        for (kind, note_id), label in self.note_labels.items():
            note = self.notes.get((kind, note_id))
            if note is None:
                continue
            texts = []
            for paragraph in note.iter(qn("w:p")):
                inline = self._inline(paragraph, 0)
                if inline.markdown.strip():
                    texts.append(inline.markdown.strip())
            self.out.footnotes.append((label, " ".join(texts) or "（空）"))


LOST_FORMATS = {
    "underline": "下划线",
    "strike": "删除线",
    "superscript": "上标、下标",
    "subscript": "上标、下标",
    "color": "文字颜色",
    "highlight": "突出显示（底色）",
}


class _Inline:
    """Runs → Markdown: adjacent runs of the same bold/italic/link merge into one span."""

    def __init__(self):
        self.markdown = ""
        self.plain = ""
        self.spans: list[tuple[tuple[bool, bool, str], str]] = []
        self.chars = 0
        self.bold_chars = 0
        self.sizes: list[int] = []
        self.fonts: set[str] = set()

    def add(self, text: str, fmt: dict, link: str) -> None:
        if not text:
            return
        key = (bool(fmt.get("bold")), bool(fmt.get("italic")), link)
        if self.spans and self.spans[-1][0] == key and link != RAW:
            self.spans[-1] = (key, self.spans[-1][1] + text)
        else:
            self.spans.append((key, text))
        visible = len(text.strip())
        self.chars += visible
        self.bold_chars += visible if fmt.get("bold") else 0
        if visible and fmt.get("size"):
            self.sizes.append(fmt["size"])
        if visible and fmt.get("font"):
            self.fonts.add(fmt["font"])
        self.plain += text

    def raw(self, markdown: str) -> None:
        """Markdown kept as it is (a picture, a footnote reference)."""
        self.spans.append(((False, False, RAW), markdown))

    def close(self) -> None:
        out = []
        for (bold, italic, link), text in self.spans:
            out.append(text if link == RAW else _span(text, bold, italic, link))
        self.markdown = "".join(out)
        self.markdown = "\n".join(
            ("\\" + line if LINE_START_SPECIAL.match(line) else line) for line in self.markdown.split("\n")
        )
        self.markdown = self.markdown.replace("\n", "  \n")


def _span(text: str, bold: bool, italic: bool, link: str) -> str:
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    core = _escape(text.strip())
    if not core:
        return text
    mark = "***" if bold and italic else "**" if bold else "*" if italic else ""
    core = f"{mark}{core}{mark}"
    if link and not link.startswith("#"):
        core = f"[{core}](<{link}>)" if " " in link else f"[{core}]({link})"
    return lead + core + trail


def _escape(text: str) -> str:
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _escape_text(text: str) -> str:
    escaped = _escape(text)
    return "\\" + escaped if LINE_START_SPECIAL.match(escaped) else escaped


def _looks_like_heading(inline: _Inline, plain: str) -> bool:
    """A short line without closing punctuation set apart by bold, a heading font or size (WPS)."""
    if not plain or len(plain) > 40 or SENTENCE_END.search(plain) or "\n" in plain.strip():
        return False
    bold = inline.chars and inline.bold_chars == inline.chars
    font = any(name in font for font in inline.fonts for name in HEADING_FONTS)
    large = bool(inline.sizes) and min(inline.sizes) >= 30  # half-points: 15 pt and up (小三 and larger)
    labelled = bool(CHINESE_LABEL.match(plain) or PAREN_LABEL.match(plain)) and len(plain) <= 25
    return bool(bold or font or large or labelled)


def _has_visible_text(run) -> bool:
    return any((t.text or "").strip() for t in run.findall(qn("w:t")))


def _alternative(node) -> list:
    """mc:AlternateContent (WPS and newer Word): the choice holding a picture, else the fallback."""
    choice = node.find("mc:Choice", NS)
    fallback = node.find("mc:Fallback", NS)
    if choice is not None and (choice.find(".//a:blip", NS) is not None or fallback is None):
        return list(choice)
    return list(fallback) if fallback is not None else []


def _has_text(part) -> bool:
    try:
        root = etree.fromstring(part.blob)
    except (etree.XMLSyntaxError, ValueError):
        return False
    return any((t.text or "").strip() and t.text.strip() not in ("PAGE",) for t in root.iter(qn("w:t")))


def _notes(part) -> dict[tuple[str, str], object]:
    notes = {}
    for rel in part.rels.values():
        kind = {RT.FOOTNOTES: "footnote", RT.ENDNOTES: "endnote"}.get(rel.reltype)
        if kind is None or rel.is_external:
            continue
        root = etree.fromstring(rel.target_part.blob)
        for note in root.findall(qn(f"w:{kind}")):
            if note.get(qn("w:type")) in (None, "normal"):
                notes[(kind, note.get(qn("w:id")))] = note
    return notes


class _Styles:
    """Paragraph and character styles: heading levels, numbering and bold/italic through basedOn."""

    def __init__(self, document):
        root = document.styles.element
        self.by_id = {node.get(qn("w:styleId")): node for node in root.findall(qn("w:style"))}
        defaults = root.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
        self.defaults = _run_props(defaults, {}) if defaults is not None else {}

    def _chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            node = self.by_id[style_id]
            yield node
            based = node.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None

    def heading_level(self, style_id: str | None) -> int | None:
        for node in self._chain(style_id):
            name = node.find(qn("w:name"))
            name = (name.get(qn("w:val")) if name is not None else "").strip()
            if name.lower() in TITLE_STYLES:
                return 0
            match = HEADING_STYLE.match(name)
            if match:
                return int(match[1])
            outline = node.find(qn("w:pPr") + "/" + qn("w:outlineLvl"))
            if outline is not None:
                value = int(outline.get(qn("w:val"), "9"))
                return value + 1 if value < 9 else None
        return None

    def numpr(self, style_id: str | None):
        for node in self._chain(style_id):
            numpr = node.find(qn("w:pPr") + "/" + qn("w:numPr"))
            if numpr is not None:
                return numpr
        return None

    def run_format(self, style_id: str | None, rpr, base: dict | None = None) -> dict:
        """bold, italic, size, font … of a run: defaults < paragraph style < character style < direct."""
        fmt = dict(base if base is not None else self.defaults)
        if base is None:
            for node in reversed(list(self._chain(style_id))):
                props = node.find(qn("w:rPr"))
                if props is not None:
                    fmt = _run_props(props, fmt)
            return fmt
        if rpr is not None:
            rstyle = rpr.find(qn("w:rStyle"))
            if rstyle is not None:
                for node in reversed(list(self._chain(rstyle.get(qn("w:val"))))):
                    props = node.find(qn("w:rPr"))
                    if props is not None:
                        fmt = _run_props(props, fmt)
            fmt = _run_props(rpr, fmt)
        return fmt


def _on(node) -> bool:
    return node.get(qn("w:val"), "true").lower() not in ("0", "false", "off", "none")


def _run_props(rpr, fmt: dict) -> dict:
    fmt = dict(fmt)
    for tag, key in (("w:b", "bold"), ("w:i", "italic"), ("w:strike", "strike"), ("w:dstrike", "strike")):
        node = rpr.find(qn(tag))
        if node is not None:
            fmt[key] = _on(node)
    underline = rpr.find(qn("w:u"))
    if underline is not None:
        fmt["underline"] = _on(underline)
    vert = rpr.find(qn("w:vertAlign"))
    if vert is not None:
        value = vert.get(qn("w:val"))
        fmt["superscript"], fmt["subscript"] = value == "superscript", value == "subscript"
    color = rpr.find(qn("w:color"))
    if color is not None:
        fmt["color"] = color.get(qn("w:val"), "auto").lower() not in ("auto", "000000")
    highlight = rpr.find(qn("w:highlight"))
    if highlight is not None:
        fmt["highlight"] = highlight.get(qn("w:val"), "none") != "none"
    size = rpr.find(qn("w:sz"))
    if size is not None and (size.get(qn("w:val")) or "").isdigit():
        fmt["size"] = int(size.get(qn("w:val")))
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        fmt["font"] = fonts.get(qn("w:eastAsia")) or fonts.get(qn("w:ascii")) or fmt.get("font", "")
    return fmt
