"""What a member reads on the built sample site: plain words, member help only in the drawer,
tags in dictionary order, a session's materials before the organiser's sheets."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from support import ROOT

from scripts.slugs import pinyin_key


def _docs_for(audience: str) -> tuple[str, ...]:
    """Built names of the hand-written docs pages whose front matter says `audience: <audience>`."""
    names = []
    for path in sorted((ROOT / "docs").glob("*.md")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])
        if meta.get("audience") == audience:
            names.append(path.with_suffix(".html").name)
    return tuple(names)


EDITOR_DOCS = _docs_for("编辑")
# Hand-written help may explain site_url to the organiser who sets it up; every other page is for members.
HELP_DOCS = _docs_for("帮助")


def _member_pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if p.name not in EDITOR_DOCS + HELP_DOCS]


def _drawer(html: str) -> str:
    return html[html.index('<nav class="md-nav md-nav--primary"') : html.index("</nav>", html.index("md-nav--primary"))]


def test_pages_use_member_words_only(sample_site):
    pages = _member_pages(sample_site)
    assert len(pages) > 100
    words = (
        "Made with",
        "Material for MkDocs",
        "跳转至",
        "JavaScript",
        "mkdocs.yml",
        "site_url",
        "下载 CSV",
        "导入手机日历",
    )
    found = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        # Code is not words on the screen; <noscript> names the browser setting to switch on.
        text = re.sub(r"<(script|noscript)\b.*?</\1>", "", text, flags=re.S)
        hits = [word for word in words if word in text]
        if hits:
            found[str(page.relative_to(sample_site))] = hits
    assert found == {}
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert "跳到正文" in (sample_site / "units" / "dang-zhang-dang-gui.html").read_text(encoding="utf-8")
    assert "md-copyright" in home  # the footer is still there, only without the generator's name


def test_drawer_lists_member_help_but_not_editor_pages(sample_site):
    for rel in ("index.html", "units/dang-zhang-dang-gui.html", "使用说明.html", "编写指南.html"):
        drawer = _drawer((sample_site / rel).read_text(encoding="utf-8"))
        assert "使用说明" in drawer
        assert "编写指南" not in drawer and "部署指南" not in drawer
    help_page = (sample_site / "使用说明.html").read_text(encoding="utf-8")
    article = help_page[help_page.index('<article class="md-content__inner') :]
    for name in EDITOR_DOCS:
        assert f'href="{quote(name)}"' in article
    assert (sample_site / "编写指南.html").is_file() and (sample_site / "部署指南.html").is_file()


def test_tags_page_is_in_pinyin_order(sample_site):
    html = (sample_site / "tags" / "index.html").read_text(encoding="utf-8")
    tags = re.findall(r'<a class="xl-tag" href="[^"]+">([^<]+)<small>', html)
    assert len(tags) >= 10
    assert tags == sorted(tags, key=pinyin_key)
    assert tags != sorted(tags)  # code-point order would differ on this sample


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["组织生活", "廉洁自律", "家风", "党章党规"], ["党章党规", "家风", "廉洁自律", "组织生活"]),
        (["作风建设", "Excel", "八项规定"], ["八项规定", "Excel", "作风建设"]),
    ],
)
def test_pinyin_key_sorts_like_a_dictionary(words, expected):
    assert sorted(words, key=pinyin_key) == expected


def test_session_page_lists_materials_before_the_organisers_sheets(sample_site):
    html = (sample_site / "schedule" / "2026-09-03.html").read_text(encoding="utf-8")
    body = html[html.index('<article class="xl-item xl-session-page') :]
    material = body.index('<section class="xl-session-section">\n    <h2>学习单元</h2>')
    for label in ("签到表", "学习记录", "学习材料（打印）", "加到手机日历"):
        assert body.index(f">{label}</a>") > material, label


def test_home_card_names_the_branch_on_its_own_line(sample_site):
    html = (sample_site / "index.html").read_text(encoding="utf-8")
    card = html[html.index("data-xl-session-card") :]
    card = card[: card.index("</section>")]
    topic, who, meta = (card.index(f'class="xl-session-card__{part}"') for part in ("topic", "who", "meta"))
    assert topic < who < meta
    assert "· 全体党员" not in card and "· 机关" not in card  # no longer at the end of the meta line
