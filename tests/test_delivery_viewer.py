"""The picture viewer on a phone: open, zoom (double tap, pinch, keys), close by tap, Esc, × or Back."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from browser import serve_site
from PIL import Image
from support import ScratchSite

pytestmark = pytest.mark.browser

TEXT = "\n\n".join(f"第{i}段。学习要求写在这里，大家一起读。" for i in range(14))


def _picture(path, size):
    noise = Image.effect_noise(size, 60)
    Image.merge("RGB", (noise, Image.linear_gradient("L").resize(size), noise)).save(path, quality=90)


@pytest.fixture(scope="module")
def viewer_site(tmp_path_factory):
    project = ScratchSite(tmp_path_factory.mktemp("viewer"))
    _picture(project.path / "materials/units/会场.jpg", (1600, 1000))
    _picture(project.path / "materials/cases/现场.jpg", (400, 300))
    _picture(project.path / "materials/culture/清风.jpg", (1200, 1600))
    project.unit("pictures", title="图解学习", body=f"{TEXT}\n\n![会场布置](会场.jpg)\n\n{TEXT}")
    project.write(
        "materials/cases/picture.md",
        "---\ntitle: 现场照片案\ndate: 2024-05-09\ncategory: 廉洁纪律\n---\n\n## 案情\n\n案情。\n\n![](现场.jpg)\n\n## 剖析\n\n剖析。\n\n## 警示\n\n警示。\n",
    )
    project.write(
        "materials/culture/qing-feng.md",
        "---\ntitle: 摄影《清风》\ndate: 2024-05-09\nform: 绘画\nmedia:\n  - {file: 清风.jpg, caption: 清风亭}\n---\n\n正文。\n",
    )
    assert project.build() == 0
    site = project.path / "site"
    with serve_site(site) as base:
        yield base, site


def _viewer(phone):
    return phone.get_by_role("dialog")


def _state(phone) -> dict:
    return phone.evaluate(
        """() => {
          const v = document.querySelector('.xl-viewer');
          return { open: !!v && !v.hidden, scale: v && parseFloat(v.dataset.xlScale), y: scrollY,
                   history: history.state && history.state.xlViewer === true,
                   focus: document.activeElement && (document.activeElement.getAttribute('aria-label') || document.activeElement.className) };
        }"""
    )


def _open_body_picture(phone, base):
    phone.goto(base + "units/pictures.html")
    link = phone.locator(".xl-body a.xl-original")
    link.scroll_into_view_if_needed()
    y = phone.evaluate("scrollBy(0, 137), scrollY")  # somewhere in the middle of the page
    assert y > 300
    link.tap()
    phone.wait_for_function("document.querySelector('.xl-viewer') && !document.querySelector('.xl-viewer').hidden")
    return y


def test_body_picture_opens_full_screen_as_a_modal_dialog(phone, viewer_site):
    base, site = viewer_site
    y = _open_body_picture(phone, base)
    dialog = _viewer(phone)
    assert dialog.get_attribute("aria-modal") == "true"
    assert dialog.get_attribute("aria-label") == "图片：会场布置"
    box = dialog.bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 390, 844)
    picture = dialog.locator("img")
    assert picture.get_attribute("alt") == "会场布置"
    # The picture fills the phone's width; the original (not the phone copy) is loaded for zooming.
    phone.wait_for_function(
        "document.querySelector('.xl-viewer img').src.endsWith('.jpg') && "
        "decodeURIComponent(document.querySelector('.xl-viewer img').src).endsWith('/units/会场.jpg')"
    )
    assert round(picture.bounding_box()["width"]) == 390
    state = _state(phone)
    assert state["y"] == y and state["focus"] == "关闭" and state["history"]
    # The page behind is out of reach for Tab and screen readers.
    assert phone.evaluate("document.querySelector('.md-container').inert") is True
    for _ in range(5):
        phone.keyboard.press("Tab")
        assert phone.evaluate("document.querySelector('.xl-viewer').contains(document.activeElement)")


def test_double_tap_zooms_at_the_tapped_point_and_single_tap_closes(phone, viewer_site):
    base, _ = viewer_site
    # The page's clock stands still between the two taps of a double tap, however slowly a busy
    # machine delivers them; it moves on only where the test says (run_for).
    phone.clock.install()
    y = _open_body_picture(phone, base)
    phone.clock.pause_at(phone.evaluate("Date.now()") + 1000)
    picture = _viewer(phone).locator("img")
    before = picture.bounding_box()
    phone.touchscreen.tap(100, 422)
    phone.clock.run_for(60)
    phone.touchscreen.tap(100, 422)
    phone.wait_for_function("document.querySelector('.xl-viewer').dataset.xlScale === '2.50'")
    phone.clock.run_for(400)  # the single-tap timer would have closed it by now
    phone.wait_for_timeout(300)  # the zoom animation
    after = picture.bounding_box()
    assert after["width"] == pytest.approx(before["width"] * 2.5, rel=0.01)
    # The point under the finger stays under the finger (within the pan limits).
    u = (100 - before["x"]) / before["width"]
    assert after["x"] + u * after["width"] == pytest.approx(100, abs=2)
    assert _state(phone)["open"]  # a double tap does not close

    # Double tap again: back to the whole picture. Then one tap closes, the page where it was.
    phone.touchscreen.tap(200, 422)
    phone.clock.run_for(60)
    phone.touchscreen.tap(200, 422)
    phone.wait_for_function("document.querySelector('.xl-viewer').dataset.xlScale === '1.00'")
    phone.clock.run_for(1000)
    phone.touchscreen.tap(200, 700)
    assert not phone.evaluate("document.querySelector('.xl-viewer').hidden")  # waits for a second tap
    phone.clock.run_for(400)
    phone.wait_for_function("document.querySelector('.xl-viewer').hidden")
    phone.wait_for_timeout(200)  # the history step back has landed
    state = _state(phone)
    assert state["y"] == y and not state["history"]
    assert state["focus"] == "放大查看：会场布置"  # focus is back on the picture's link


def test_pinch_zooms_and_one_finger_pans(phone, viewer_site):
    base, _ = viewer_site
    _open_body_picture(phone, base)
    cdp = phone.context.new_cdp_session(phone)

    def touch(kind, points):
        cdp.send(
            "Input.dispatchTouchEvent",
            {"type": kind, "touchPoints": [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)]},
        )

    touch("touchStart", [(150, 422), (250, 422)])
    for step in range(1, 6):
        touch("touchMove", [(150 - 20 * step, 422), (250 + 20 * step, 422)])
    touch("touchEnd", [])
    assert _state(phone)["scale"] == pytest.approx(3.0, rel=0.02)  # fingers 100 px apart, then 300 px apart
    picture = _viewer(phone).locator("img")
    left = picture.bounding_box()["x"]
    touch("touchStart", [(200, 422)])
    for step in range(1, 5):
        touch("touchMove", [(200 + 20 * step, 422)])
    touch("touchEnd", [])
    assert picture.bounding_box()["x"] == pytest.approx(left + 80, abs=1)
    assert _state(phone)["open"]  # neither gesture is a tap


def test_keys_zoom_and_escape_closes(phone, viewer_site):
    base, _ = viewer_site
    y = _open_body_picture(phone, base)
    phone.keyboard.press("+")
    assert _state(phone)["scale"] == pytest.approx(1.6)
    phone.keyboard.press("-")
    assert _state(phone)["scale"] == pytest.approx(1.0)
    _viewer(phone).get_by_role("button", name="放大").click()
    assert _state(phone)["scale"] == pytest.approx(1.6)
    phone.keyboard.press("Escape")
    phone.wait_for_timeout(200)
    state = _state(phone)
    assert not state["open"] and state["y"] == y and not state["history"]
    # Back now leaves for the previous page, as if the viewer had never been there.
    assert phone.evaluate("history.length") >= 2


def test_back_closes_the_viewer_and_stays_on_the_page(phone, viewer_site):
    base, _ = viewer_site
    phone.goto(base + "index.html")
    y = _open_body_picture(phone, base)
    phone.go_back()
    phone.wait_for_function("document.querySelector('.xl-viewer').hidden")
    state = _state(phone)
    assert phone.url.endswith("units/pictures.html")
    assert state["y"] == y and not state["open"]
    phone.go_back()
    phone.wait_for_url("**/index.html")


def test_close_button_and_case_and_culture_pictures(phone, viewer_site):
    base, site = viewer_site
    phone.goto(base + "cases/picture.html")
    link = phone.locator(".xl-body a.xl-original")
    assert link.get_attribute("aria-label") == "放大查看图片"  # the picture has no alt text
    link.click()
    _viewer(phone).get_by_role("button", name="关闭").click()
    assert not _state(phone)["open"]

    phone.goto(base + "culture/qing-feng.html")
    phone.locator(".xl-figure__open").click()
    assert _viewer(phone).get_attribute("aria-label") == "图片：清风亭"
    assert _viewer(phone).locator(".xl-viewer__caption").inner_text() == "清风亭"
    _viewer(phone).get_by_role("button", name="关闭").click()
    assert not _state(phone)["open"]
    # Without JavaScript the same links open the picture file: no #fragment jumps, no lightbox markup.
    html = unquote((site / "culture/qing-feng.html").read_text(encoding="utf-8"))
    assert re.search(r'<a href="清风.jpg" class="xl-figure__open"', html)
    assert "xl-lightbox" not in html and 'href="#' not in html.split("<article", 1)[1].split("</article>")[0]
    assert phone.requests.external() == [] and phone.requests.failed == []
