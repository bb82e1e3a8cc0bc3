"""The USB build (`build --offline`) opened from file:// in Chromium, and phone-sized pictures."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from PIL import Image

from scripts.build import build
from scripts.delivery import images, offline
from scripts.outdir import MARKER, output_problem

ROOT = Path(__file__).resolve().parent.parent


def _photo(path: Path, size: tuple[int, int], fmt: str) -> None:
    noise = Image.effect_noise(size, 60)
    picture = Image.merge(
        "RGB", (noise, Image.linear_gradient("L").resize(size), noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT))
    )
    picture.save(path, fmt, quality=95) if fmt == "JPEG" else picture.save(path, fmt)


@pytest.fixture(scope="module")
def usb_root(tmp_path_factory) -> Path:
    """The sample materials plus a big photo (culture media) and a big PNG (in a unit's text), built offline:
    the folder a member copies to the USB stick."""
    project = tmp_path_factory.mktemp("usb")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "materials", project / "materials")
    (project / "overrides").symlink_to(ROOT / "overrides")
    _photo(project / "materials/culture/大照片.jpg", (2400, 1600), "JPEG")
    _photo(project / "materials/units/示意图.png", (1600, 900), "PNG")
    Image.new("RGB", (300, 200), "white").save(project / "materials/culture/小图.png")
    (project / "materials/culture/摄影-清风.md").write_text(
        "---\ntitle: 摄影《清风》\ndate: 2024-05-09\nform: 绘画\nmedia:\n  - {file: 大照片.jpg, caption: 清风}\n  - 小图.png\n---\n\n"
        + "照片记录了村口的清风亭。\n" * 3,
        encoding="utf-8",
    )
    (project / "materials/units/图解-示意.md").write_text(
        "---\ntitle: 图解学习\ndate: 2024-05-09\n---\n\n![示意图](示意图.png)\n\n" + "图解正文。\n\n" * 3,
        encoding="utf-8",
    )
    site = project / "usb"
    assert build(str(project / "mkdocs.yml"), site_dir=str(site), offline=True) == 0
    return site


@pytest.fixture(scope="module")
def usb_site(usb_root) -> Path:
    """The folder on the stick that holds the site itself."""
    return usb_root / offline.SITE_FOLDER


def _page_with(site: Path, kind: str, needle: str) -> Path:
    return next(p for p in sorted((site / kind).glob("*.html")) if needle in _html(p))


def _html(page: Path) -> str:
    """A page's HTML with URLs decoded (MkDocs percent-encodes the Chinese file names)."""
    return unquote(page.read_text(encoding="utf-8"))


def test_large_pictures_get_phone_copies_small_ones_do_not(usb_site):
    copy = usb_site / "culture/_phone/大照片.jpg"
    with Image.open(copy) as picture:
        assert picture.size == (1080, 720)
    assert copy.stat().st_size < (usb_site / "culture/大照片.jpg").stat().st_size / 2
    with Image.open(usb_site / "units/_phone/示意图.jpg") as picture:
        assert picture.width == 1080
    assert not (usb_site / "culture/_phone/小图.png").exists()
    assert not (usb_site / "culture/_phone/小图.jpg").exists()

    culture = _html(_page_with(usb_site, "culture", "大照片"))
    gallery = re.findall(r"<img\b[^>]*>", culture)
    big = [tag for tag in gallery if "大照片" in tag]
    assert big and all('src="_phone/大照片.jpg"' in tag and 'loading="lazy"' in tag for tag in big)
    assert 'width="1080" height="720"' in big[0]
    assert 'href="大照片.jpg"' in culture  # the original, one tap away
    small = [tag for tag in gallery if "小图" in tag]
    assert small and all('src="小图.png"' in tag for tag in small)

    unit = _html(_page_with(usb_site, "units", "示意图"))
    assert re.search(
        r'<a class="xl-original" href="示意图.png" aria-label="放大查看：示意图"><img[^>]*src="_phone/示意图.jpg"[^>]*loading="lazy"',
        unit,
    )


def test_image_rewrite_leaves_other_pictures_alone():
    html = (
        '<img src="../assets/logo.svg" alt="logo"><img src="https://example.org/x.jpg"><img data-src="a.jpg" src="b.jpg">'
        '<a href="x.html">见 <img src="c.png" alt="C"></a>'
    )
    out = images.rewrite_images(html, "culture/x.html", {}, ("units", "cases", "culture"))
    assert '<img src="../assets/logo.svg" alt="logo">' in out
    assert '<img src="https://example.org/x.jpg">' in out
    # A picture from materials opens in the viewer, or as a file without JavaScript...
    assert (
        '<a class="xl-original" href="b.jpg" aria-label="放大查看图片">'
        '<img data-src="a.jpg" src="b.jpg" loading="lazy" decoding="async"></a>'
    ) in out
    # ...unless it is already inside a link, which it must not break.
    assert '<a href="x.html">见 <img src="c.png" alt="C" loading="lazy" decoding="async"></a>' in out


def test_usb_root_holds_only_the_start_page_and_one_folder(usb_root, usb_site):
    assert sorted(entry.name for entry in usb_root.iterdir()) == sorted([offline.START_PAGE, offline.SITE_FOLDER])
    assert (usb_site / "index.html").is_file() and (usb_site / "assets").is_dir()
    start = (usb_root / offline.START_PAGE).read_text(encoding="utf-8")
    assert f'href="{quote(offline.SITE_FOLDER)}/index.html"' in start
    # The stick's folder is recognised as a built site (its marker is inside), so the next build may replace it.
    assert (usb_site / MARKER).is_file()
    assert output_problem(usb_root, usb_root.parent) is None
    (usb_root / "别人的文件.txt").write_text("x", encoding="utf-8")
    assert output_problem(usb_root, usb_root.parent) is None  # still one folder with the marker: ours
    (usb_root / "别人的文件夹").mkdir()
    assert "不是空文件夹" in output_problem(usb_root, usb_root.parent)
    (usb_root / "别人的文件夹").rmdir()
    (usb_root / "别人的文件.txt").unlink()


def test_usb_layout_moves_everything_into_one_folder(tmp_path):
    (tmp_path / "units").mkdir()
    (tmp_path / "units/a.html").write_text('<a href="../index.html">首页</a>', encoding="utf-8")
    (tmp_path / "index.html").write_text('<a href="units/a.html">a</a>', encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    folder = offline.usb_layout(tmp_path)
    assert folder == tmp_path / offline.SITE_FOLDER
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([offline.START_PAGE, offline.SITE_FOLDER])
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == [
        "index.html",
        "sitemap.xml",
        "units",
        "units/a.html",
    ]
    assert offline.broken_links(folder) == []


def test_with_site_url_the_usb_version_keeps_qr_codes_of_the_intranet_address(scratch_site):
    scratch_site.unit("xue-xi", title="学习")
    site = scratch_site.path / "usb"
    assert (
        build(scratch_site.config_file, site_dir=str(site), offline=True, site_url="http://dangjian.example/xuexi/")
        == 0
    )
    page = (site / offline.SITE_FOLDER / "units/xue-xi.html").read_text(encoding="utf-8")
    assert 'class="xl-qr__code"' in page and "http://dangjian.example/xuexi/units/xue-xi.html" in page
    assert "xl-no-qr" not in page  # a real address: the code stays on screen, in print and in 放映
    plain = scratch_site.path / "usb-plain"
    assert build(scratch_site.config_file, site_dir=str(plain), offline=True) == 0
    assert 'd.classList.add("xl-no-qr")' in (plain / offline.SITE_FOLDER / "units/xue-xi.html").read_text("utf-8")


def test_offline_site_links_resolve_to_files(usb_site, tmp_path):
    assert offline.broken_links(usb_site) == []
    # Links to folders would show a directory listing from file://; they become index.html.
    (tmp_path / "units").mkdir()
    (tmp_path / "units/index.html").write_text("x", encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="units/">单元</a><a href="units#top">单元</a><a href="x.html">x</a>', encoding="utf-8"
    )
    assert offline.link_folders_to_index(tmp_path) == 2
    text = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'href="units/index.html"' in text and 'href="units/index.html#top"' in text
    assert offline.broken_links(tmp_path) == [("index.html", "x.html")]


@pytest.mark.browser
def test_offline_site_works_from_file_url_in_chromium(usb_root, usb_site, phone):
    # A favicon still loading when the next page opens is aborted (net::ERR_ABORTED): not a missing file.
    failures = []
    phone.on("requestfailed", lambda request: request.failure != "net::ERR_ABORTED" and failures.append(request.url))
    phone.goto((usb_root / offline.START_PAGE).as_uri())  # what a member double-clicks on the stick
    phone.wait_for_url(f"**/{quote(offline.SITE_FOLDER)}/index.html")
    assert phone.locator("h1").first.inner_text()
    phone.locator(".xl-entries a.xl-entry").first.click()
    phone.wait_for_url("**/units/index.html")
    phone.locator("li.xl-card a").first.click()
    phone.wait_for_url(re.compile(r".*/units/[^/]+\.html$"))
    assert phone.locator("article.xl-item h1").is_visible()
    _no_file_addresses_shown(phone)

    # Material's own JavaScript runs from file://: the colour-scheme toggle switches to dark.
    scheme = phone.evaluate("document.body.getAttribute('data-md-color-scheme')")
    phone.locator("form[data-md-component=palette] label:visible").first.click()
    assert phone.evaluate("document.body.getAttribute('data-md-color-scheme')") != scheme

    # Reading tools work from file:// too.
    phone.get_by_role("button", name="增大字号").click()
    level = phone.evaluate("document.documentElement.getAttribute('data-xl-font')")
    phone.go_back()
    phone.wait_for_url("**/units/index.html")
    phone.reload()
    assert phone.evaluate("document.documentElement.getAttribute('data-xl-font')") == level

    # Pictures: the phone copy loads, and a tap opens the original.
    phone.goto(_page_with(usb_site, "culture", "大照片").as_uri())
    picture = phone.locator(".xl-figure img").first
    picture.scroll_into_view_if_needed()
    phone.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle())
    assert phone.evaluate("img => [img.naturalWidth, img.currentSrc.split('/').pop()]", picture.element_handle()) == [
        1080,
        "%E5%A4%A7%E7%85%A7%E7%89%87.jpg",
    ]
    # A tap opens the viewer (its code loads at the tap), which loads the original;
    # Back closes it (history works from file:// too).
    y = phone.evaluate("scrollY")
    picture.click()
    phone.wait_for_function(
        "() => decodeURIComponent(document.querySelector('.xl-viewer img')?.src ?? '').endsWith('/大照片.jpg')"
    )
    assert phone.get_by_role("dialog").is_visible()
    phone.go_back()
    phone.wait_for_function("document.querySelector('.xl-viewer').hidden")
    assert phone.url.endswith(".html") and phone.evaluate("scrollY") == y

    phone.goto(_page_with(usb_site, "units", "示意图").as_uri())
    body_picture = phone.locator(".xl-body a.xl-original img")
    body_picture.scroll_into_view_if_needed()
    phone.wait_for_function("img => img.complete && img.naturalWidth === 1080", arg=body_picture.element_handle())

    # Quizzes and search load their data with <script> tags, which file:// allows (fetch() it does not).
    phone.goto((usb_site / "quizzes" / "san-hui-yi-ke-ying-zhi-ying-hui.html").as_uri())
    phone.click("[data-mode=exam]")
    phone.wait_for_selector(".xl-q")
    # The draw is random: the first question may have options or blanks, and has inputs either way.
    assert phone.locator(".xl-q-text").inner_text() and phone.locator(".xl-q input").count() >= 1
    assert phone.locator(".xl-exam-count").inner_text().startswith("第 1 /")
    phone.goto((usb_site / "search.html").as_uri() + "?q=三会一课")
    phone.wait_for_selector('#xl-search[data-state="done"]')
    assert phone.locator(".xl-search__hit a.xl-search__title", has_text="三会一课").count() >= 1

    assert phone.requests.external() == []
    assert failures == []
    assert len(phone.requests.urls) > 10


def _no_file_addresses_shown(phone):
    """A phone cannot open a file:// address: no QR code, on screen, in print or in 放映, and no such text."""
    assert phone.locator(".xl-tools").is_visible()
    assert phone.locator("details.xl-qr").count() == 1 and phone.locator("details.xl-qr").is_hidden()
    assert phone.locator("svg.xl-qr__code:visible").count() == 0
    assert "file:" not in phone.evaluate("document.body.innerText")
    phone.emulate_media(media="print")
    assert phone.locator(".xl-print-footer").is_hidden()
    assert "file:" not in phone.evaluate("document.body.innerText")
    phone.emulate_media(media="screen")
    phone.get_by_role("button", name="放映").click()
    projector = phone.locator(".xl-projector")
    projector.wait_for()
    assert projector.get_by_role("button", name="显示本页二维码").is_hidden()
    assert projector.locator("svg:visible").count() == 0
    assert "file:" not in projector.inner_text()
    phone.keyboard.press("Escape")
