"""import-docx: Word and WPS documents made here → draft materials that pass `check --drafts` and render."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from PIL import Image

from scripts.__main__ import main
from scripts.build import check
from scripts.wordimport.convert import parse_date

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def png(color=(200, 30, 30), size=(120, 80)) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    out.seek(0)
    return out


def add_footnote(document, paragraph, text: str) -> None:
    """python-docx writes no footnotes: add the part and a reference by hand, as Word stores them."""
    xml = (
        f'<w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode(), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    run = paragraph.add_run()
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), "1")
    run._r.append(reference)


def word_case(path):
    """A case as an editor writes it in Word: heading styles, a picture, a table, 处理结果 line, a footnote."""
    d = Document()
    d.add_heading("某局原局长张某违规收受礼金案", 0)
    d.add_paragraph("当事人：某局原局长张某")
    d.add_paragraph("处理结果：给予开除党籍、开除公职处分")
    d.add_paragraph("纪法依据：《中国共产党纪律处分条例》第九十七条；《中华人民共和国刑法》第三百八十五条")
    d.add_paragraph("纪律类别：廉洁纪律")
    d.add_paragraph("成文日期：2024年5月9日")
    d.add_heading("一、基本案情", 1)
    p = d.add_paragraph("张某在担任局长期间，")
    p.add_run("多次收受礼金").bold = True
    p.add_run("，数额")
    p.add_run("较大").italic = True
    p.add_run("。")
    add_footnote(d, p, "数额以查实为准。")
    d.add_picture(png(), width=Pt(120))
    d.add_paragraph("图1 收受的购物卡")
    d.add_heading("二、原因剖析", 1)
    d.add_paragraph("把收礼当成人之常情。", style="List Bullet")
    d.add_paragraph("心存侥幸。", style="List Bullet")
    table = d.add_table(rows=2, cols=2)
    for (row, col), text in {(0, 0): "时间", (0, 1): "金额", (1, 0): "2023年春节", (1, 1): "2万元"}.items():
        table.cell(row, col).text = text
    d.add_heading("三、警示", 1)
    p = d.add_paragraph("礼金不是人情，")
    p.add_run("是诱饵").underline = True
    p.add_run("。")
    d.save(path)
    return path


def wps_case(path):
    """As WPS saves a 通报: no heading styles at all, headings set apart by font, size and outline level."""
    d = Document()
    styles = d.styles.element
    for style in list(styles.findall(qn("w:style"))):
        if style.find(qn("w:name")).get(qn("w:val")).lower().startswith(("heading", "title")):
            styles.remove(style)

    def para(text, size=None, font=None, bold=False, outline=None, center=False):
        p = d.add_paragraph()
        run = p.add_run(text)
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
        if font:
            run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
        if outline is not None:
            level = OxmlElement("w:outlineLvl")
            level.set(qn("w:val"), str(outline))
            p._p.get_or_add_pPr().append(level)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return p

    para("某镇扶贫专干郑某台账造假案", size=22, font="方正小标宋简体", center=True)
    para("处理结果：给予党内严重警告处分")
    para("一、基本案情", font="黑体", size=16, outline=0)
    para("郑某在扶贫工作中编造台账。")
    d.add_picture(png((20, 120, 200), (90, 60)), width=Pt(90))
    para("二、原因剖析", font="黑体", size=16)
    para("（一）作风漂浮", bold=True)
    para("不深入群众，违反工作纪律。")
    table = d.add_table(rows=2, cols=2)
    for (row, col), text in {(0, 0): "项目", (0, 1): "问题", (1, 0): "台账", (1, 1): "造假"}.items():
        table.cell(row, col).text = text
    para("三、警示", font="黑体", size=16, outline=0)
    para("实事求是是党的思想路线。")
    para("2024年6月1日")
    d.save(path)
    return path


def import_docx(site, *args) -> int:
    return main(["-f", site.config_file, "import-docx", *map(str, args)])


def test_word_case_becomes_a_checked_draft(scratch_site, capsys, tmp_path):
    source = word_case(tmp_path / "张某案.docx")
    assert import_docx(scratch_site, source, "--type", "case") == 0
    out, err = capsys.readouterr()
    target = scratch_site.path / "materials/cases/某局原局长张某违规收受礼金案.md"
    assert "张某案.docx → materials/cases/某局原局长张某违规收受礼金案.md（草稿，图片 1 张）" in out
    assert "头信息取自文档：当事人、处理结果、纪法依据、纪律类别" in out
    assert err.splitlines() == [
        "materials/cases/某局原局长张某违规收受礼金案.md:1: 警告: 未能保留：下划线（第 16 段“礼金不是人情，是诱饵。”）"
        "（来自 张某案.docx）"
    ]
    assert target.read_text(encoding="utf-8") == (
        "---\n"
        "title: 某局原局长张某违规收受礼金案\n"
        "date: 2024-05-09\n"
        "status: draft\n"
        "category: 廉洁纪律\n"
        "subject: 某局原局长张某\n"
        "outcome: 给予开除党籍、开除公职处分\n"
        "basis:\n"
        "- 《中国共产党纪律处分条例》第九十七条\n"
        "- 《中华人民共和国刑法》第三百八十五条\n"
        "---\n\n"
        "## 案情\n\n"
        "张某在担任局长期间，**多次收受礼金**，数额*较大*。[^1]\n\n"
        "![图1 收受的购物卡](某局原局长张某违规收受礼金案-图1.png)\n\n"
        "图1 收受的购物卡\n\n"
        "## 剖析\n\n"
        "- 把收礼当成人之常情。\n"
        "- 心存侥幸。\n\n"
        "| 时间 | 金额 |\n"
        "|---|---|\n"
        "| 2023年春节 | 2万元 |\n\n"
        "## 警示\n\n"
        "礼金不是人情，是诱饵。\n\n"
        "[^1]: 数额以查实为准。\n"
    )
    picture = scratch_site.path / "materials/cases/某局原局长张某违规收受礼金案-图1.png"
    assert Image.open(picture).size == (120, 80)
    assert check(scratch_site.config_file, include_drafts=True) == 0
    # Drafts stay out of the published site until an editor has looked at them.
    assert check(scratch_site.config_file) == 0


def test_wps_style_case_without_heading_styles(scratch_site, capsys, tmp_path):
    source = wps_case(tmp_path / "郑某.docx")
    assert import_docx(scratch_site, source, "--type", "case") == 0
    out, err = capsys.readouterr()
    text = (scratch_site.path / "materials/cases/某镇扶贫专干郑某台账造假案.md").read_text(encoding="utf-8")
    front, body = text.split("---\n")[1:3]
    assert "title: 某镇扶贫专干郑某台账造假案\ndate: 2024-06-01\nstatus: draft\ncategory: 工作纪律\n" in front
    assert "outcome: 给予党内严重警告处分" in front
    headings = re.findall(r"^#+ .*$", body, re.M)
    assert headings == ["## 案情", "## 剖析", "### （一）作风漂浮", "## 警示"]
    assert "![图1](某镇扶贫专干郑某台账造假案-图1.png)" in body and "| 台账 | 造假 |" in body
    assert "2024年6月1日" not in body  # the 成文日期 became the date
    assert "纪律类别按正文中出现最多的 “工作纪律” 填写，请核对" in err
    assert check(scratch_site.config_file, include_drafts=True) == 0


def test_imported_draft_renders_with_its_picture(scratch_site, capsys, tmp_path, browser):
    from browser import PHONE, serve_site

    assert import_docx(scratch_site, wps_case(tmp_path / "郑某.docx"), "--type", "case") == 0
    path = scratch_site.path / "materials/cases/某镇扶贫专干郑某台账造假案.md"
    path.write_text(path.read_text(encoding="utf-8").replace("status: draft\n", ""), encoding="utf-8")
    assert scratch_site.build() == 0
    site = scratch_site.path / "site"
    page = next((site / "cases").glob("mou-zhen-*.html"))
    assert (site / "cases/某镇扶贫专干郑某台账造假案-图1.png").is_file()
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    with serve_site(site) as base:
        tab.goto(f"{base}cases/{page.name}")
        image = tab.locator("article img").first
        image.scroll_into_view_if_needed()
        tab.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        assert image.evaluate("img => img.naturalWidth") == 90
        tab.screenshot(path=str(tmp_path / "imported.png"))
    context.close()


def test_unit_folder_import_with_an_old_doc(scratch_site, capsys, tmp_path):
    folder = tmp_path / "来稿"
    folder.mkdir()
    d = Document()
    d.add_heading("学习党章", 1)
    d.add_paragraph("出处：《中国共产党章程》")
    d.add_heading("总纲", 2)
    d.add_paragraph("党章是立党治党管党的总章程。")
    d.save(folder / "一.docx")
    d = Document()
    d.add_paragraph("没有标题的一段话。")
    d.save(folder / "二 稿.docx")
    (folder / "旧稿.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    (folder / "~$一.docx").write_bytes(b"lock")
    assert import_docx(scratch_site, folder, "--type", "unit") == 1
    out, err = capsys.readouterr()
    assert (
        f"{folder / '旧稿.doc'}:1: 错误: 这是旧的 .doc（或 .wps）格式，无法直接导入；请在 Word/WPS 中另存为 .docx 后再导入"
        in err
    )
    assert "导入完成 2 篇，1 个文件未导入，0 个错误。" in err
    first = (scratch_site.path / "materials/units/学习党章.md").read_text(encoding="utf-8")
    assert first.startswith("---\ntitle: 学习党章\ndate: ") and "source: 《中国共产党章程》" in first
    assert "\n## 总纲\n\n党章是立党治党管党的总章程。\n" in first
    second = (scratch_site.path / "materials/units/二稿.md").read_text(encoding="utf-8")
    assert "title: 二 稿\n" in second and f"date: {datetime.date.today().isoformat()}" in second
    assert "文档中没有成文日期，date 暂填今天" in err
    assert check(scratch_site.config_file, include_drafts=True) == 0
    # A second import does not overwrite what an editor may have corrected since.
    assert import_docx(scratch_site, folder / "一.docx", "--type", "unit") == 1
    assert "materials/units/学习党章.md 已存在，没有覆盖；要覆盖请加 --force" in capsys.readouterr().err


@pytest.mark.parametrize(
    "text, date",
    [
        ("2024年5月9日", datetime.date(2024, 5, 9)),
        ("2024-05-09", datetime.date(2024, 5, 9)),
        ("2024.5.9", datetime.date(2024, 5, 9)),
        ("二〇二四年十二月二十一日", datetime.date(2024, 12, 21)),
        ("2024年13月1日", None),
        ("五月九日", None),
    ],
)
def test_dates_as_documents_write_them(text, date):
    assert parse_date(text) == date
