"""Builds: the sample site's pages, listings, filters and links; atomic publishing; flat page size."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from support import ROOT, front_matter

from scripts.outdir import MARKER

EXTERNAL = re.compile(r"^(https?:)?//", re.I)


class LinkCollector(HTMLParser):
    """Every URL a browser would fetch or follow: href, src, srcset, and CSS url(...)."""

    def __init__(self):
        super().__init__()
        self.fetched: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "link" and attrs.get("href"):
            self.fetched.append(attrs["href"])
        for key in ("src", "poster", "data"):
            if attrs.get(key):
                self.fetched.append(attrs[key])
        if attrs.get("srcset"):
            self.fetched += [part.split()[0] for part in attrs["srcset"].split(",") if part.strip()]


def collect(html: str) -> LinkCollector:
    parser = LinkCollector()
    parser.feed(html)
    return parser


def resolve(site: Path, page: Path, url: str) -> Path | None:
    """The file a relative URL points to inside the site, or None for fragments/schemes."""
    path = urlsplit(url).path
    if not path or re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I):
        return None
    target = (page.parent / unquote(path)).resolve()
    return target / "index.html" if target.is_dir() else target


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# --- the sample site -------------------------------------------------------------------


def test_sample_has_a_page_per_item_and_listing(sample_site):
    for kind in ("units", "cases", "culture"):
        sources = [p for p in (ROOT / "materials" / kind).glob("*.md")]
        pages = [p for p in (sample_site / kind).glob("*.html") if p.name != "index.html"]
        drafts = [p for p in sources if re.search(r"^status:\s*draft", p.read_text(encoding="utf-8"), re.M)]
        assert len(pages) == len(sources) - len(drafts) >= 6
        assert (sample_site / kind / "index.html").is_file()


def test_drafts_are_left_out_of_the_build(sample_site):
    drafts = [
        p
        for p in (ROOT / "materials").rglob("*.md")
        if re.search(r"^status:\s*draft", p.read_text(encoding="utf-8"), re.M)
    ]
    assert drafts, "the sample should show a draft"
    titles = [re.search(r"^title:\s*(.+)$", p.read_text(encoding="utf-8"), re.M).group(1).strip("'\" ") for p in drafts]
    everything = "".join(p.read_text(encoding="utf-8") for p in html_pages(sample_site))
    for title in titles:
        assert title not in everything


def test_every_link_and_asset_resolves_inside_the_site(sample_site):
    missing = []
    # 404.html is served at any URL, so MkDocs writes it with root-based links (set site_url for sub-paths).
    for page in [p for p in html_pages(sample_site) if p.name != "404.html"]:
        found = collect(page.read_text(encoding="utf-8"))
        for url in found.links + found.fetched:
            target = resolve(sample_site, page, url)
            if target is not None and not target.exists():
                missing.append(f"{page.relative_to(sample_site)} → {url}")
    assert missing == []


def test_nothing_is_fetched_from_outside_the_site(sample_site):
    offenders = []
    for page in html_pages(sample_site):
        found = collect(page.read_text(encoding="utf-8"))
        offenders += [f"{page.name}: {url}" for url in found.fetched if EXTERNAL.match(url)]
    for asset in list(sample_site.rglob("*.css")) + list(sample_site.rglob("*.js")):
        text = asset.read_text(encoding="utf-8", errors="replace")
        # url(...) in CSS and @import are fetched by the browser.
        offenders += [f"{asset.name}: {m}" for m in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)", text)]
        offenders += [f"{asset.name}: {m}" for m in re.findall(r"@import\s+['\"]((?:https?:)?//[^'\"]+)", text)]
    assert offenders == []
    assert "fonts.googleapis" not in (sample_site / "index.html").read_text(encoding="utf-8")


def test_case_page_layout(sample_site):
    pages = [p for p in (sample_site / "cases").glob("*.html") if p.name != "index.html"]
    assert len(pages) >= 6
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for section in ("facts", "analysis", "warning"):
            assert f"xl-case-section--{section}" in html, (page.name, section)
        assert 'class="xl-panel"' in html and "处理结果" in html and "纪法依据" in html, page.name


def test_culture_pages_show_gallery_and_dialogue(sample_site):
    htmls = [p.read_text(encoding="utf-8") for p in (sample_site / "culture").glob("*.html")]
    gallery = [h for h in htmls if 'class="xl-gallery"' in h]
    assert gallery, "a 剪纸 work with images should render a gallery"
    img = re.search(r'<img src="([^"]+)"[^>]*loading="lazy"', gallery[0])
    assert img and img.group(1).endswith(".svg")
    assert any('class="xl-dialogue"' in h and 'class="xl-role"' in h for h in htmls), "a 小品 script shows dialogue"


def test_listing_groups_by_year_and_filters_by_category(sample_site):
    listing = (sample_site / "cases" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<h2>20\d\d 年</h2>", listing)
    years = [int(y) for y in re.findall(r"<h2>(20\d\d) 年</h2>", listing)]
    assert years == sorted(years, reverse=True)
    filters = re.findall(r'<a class="xl-filter[^"]*" href="([^"]+)"[^>]*>([^<]+)<small>(\d+)</small>', listing)
    labels = [label for _, label, _ in filters]
    for category in ("政治纪律", "组织纪律", "廉洁纪律", "群众纪律", "工作纪律", "生活纪律"):
        assert category in labels
    href, label, count = next(f for f in filters if f[1] == "廉洁纪律")
    filtered = (sample_site / "cases" / unquote(href)).resolve().read_text(encoding="utf-8")
    assert len(re.findall(r'class="xl-card"', filtered)) == int(count)
    assert 'aria-current="page">廉洁纪律' in filtered


def test_home_page_shows_latest_and_entry_points(sample_site):
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    for heading in ("最新学习单元", "最新警示案例", "最新孝廉文化作品"):
        assert heading in home
    assert 'href="units/index.html"' in home and 'href="cases/index.html"' in home


def test_nav_lists_sections_not_items(sample_site):
    html = (sample_site / "units" / "index.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', html, re.S).group(0)
    assert "学习单元" in nav and "警示案例" in nav
    item_pages = [p.name for p in (sample_site / "units").glob("*.html") if p.name != "index.html"]
    assert not any(name in nav for name in item_pages)


def test_links_between_materials_are_rewritten(sample_site):
    linked = [p for p in (ROOT / "materials" / "units").glob("*.md") if "](../cases/" in p.read_text(encoding="utf-8")]
    assert linked, "sample units link to cases"
    htmls = "".join(p.read_text(encoding="utf-8") for p in (sample_site / "units").glob("*.html"))
    assert "../cases/" in htmls and '.md"' not in htmls


# --- scratch sites ------------------------------------------------------------------------


def test_front_matter_is_escaped(scratch_site, tmp_path):
    scratch_site.unit(
        "xss",
        title="'<img src=x onerror=alert(1)>'",
        summary="'<script>alert(2)</script>'",
        objectives=["'<b>粗</b>'"],
    )
    assert scratch_site.build(tmp_path / "out") == 0
    html = (tmp_path / "out" / "units" / "xss.html").read_text(encoding="utf-8")
    listing = (tmp_path / "out" / "units" / "index.html").read_text(encoding="utf-8")
    for text in (html, listing):
        assert "<img src=x onerror" not in text
        assert "<script>alert(2)" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;粗&lt;/b&gt;" in html


def test_listings_paginate(scratch_site, tmp_path):
    for n in range(45):
        scratch_site.unit(f"u{n:02d}", title=f"单元{n}", date=f"2024-01-{n % 28 + 1:02d}", tags=["主题教育"])
    assert scratch_site.build(tmp_path / "out") == 0
    units = tmp_path / "out" / "units"
    first = (units / "index.html").read_text(encoding="utf-8")
    assert first.count('class="xl-card"') == 20
    assert "第 1 / 3 页" in first and 'href="page/2.html"' in first
    third = (units / "page" / "3.html").read_text(encoding="utf-8")
    assert third.count('class="xl-card"') == 5
    tag_page = units / "tag" / "zhu-ti-jiao-yu" / "page" / "3.html"
    assert tag_page.is_file()


def test_failed_build_leaves_the_site_untouched(scratch_site):
    scratch_site.unit("a", title="好的")
    site = scratch_site.path / "site"
    assert scratch_site.build() == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    scratch_site.write("materials/units/b.md", "---\ntitle：坏\n---\n")
    assert scratch_site.build() == 1
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not list(scratch_site.path.glob("site.*")), "no staging folder is left behind"


def test_mkdocs_build_validates_before_cleaning(scratch_site):
    import subprocess
    import sys

    from scripts.outdir import mark

    scratch_site.unit("a")
    site = scratch_site.path / "site"
    site.mkdir()
    (site / MARKER).write_text("")  # a site built before
    (site / "keep.txt").write_text("old site")
    mark(site)  # a site we built before: replaceable, but not by a build whose check fails
    scratch_site.write("materials/units/b.md", front_matter(date="2024-13-01") + "正文\n")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", scratch_site.config_file],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "materials/units/b.md:3: 错误: 字段 “date”（日期）“2024-13-01” 不是有效日期" in result.stderr
    assert "Traceback" not in result.stderr
    assert (site / "keep.txt").read_text() == "old site"
