"""Published addresses never break: the record, redirects at old addresses, stable session pages."""

from __future__ import annotations

import icalendar
import pytest

from scripts.__main__ import main
from scripts.addresses.redirects import redirect_html

SCHEDULE = """\
sessions:
  - date: 2026-12-03
    topic: 学党章
"""
SPLIT = """\
sessions:
  - date: 2026-12-03
    topic: 学党章
    audience: [机关第二支部]
  - date: 2026-12-03
    topic: 警示教育
    audience: [机关第一支部]
"""


def publish(site, capsys) -> tuple[int, str, str]:
    """`python -m scripts build`: the command that records what it published."""
    code = main(["-f", site.config_file, "build"])
    out, err = capsys.readouterr()
    # Our problem lines only: a scratch site lacks the help pages the real nav names (MkDocs says so).
    return code, out, "\n".join(line for line in err.splitlines() if ": 警告: " in line or ": 错误: " in line)


def record(site) -> dict[str, str]:
    text = (site.path / "materials/addresses.yml").read_text(encoding="utf-8")
    return dict(line.split(": ", 1) for line in text.splitlines() if line and not line.startswith("#"))


def test_build_records_every_lasting_address(scratch_site, capsys):
    scratch_site.unit("学查改做", title="学查改做", tags=["党章"])
    scratch_site.write("materials/schedule.yml", SCHEDULE)
    code, out, _ = publish(scratch_site, capsys)
    assert code == 0 and "已发布地址的记录已更新：materials/addresses.yml" in out
    entries = record(scratch_site)
    assert entries["units/xue-cha-gai-zuo.html"] == "units/学查改做.md"
    assert entries["schedule/2026-12-03.html"] == "schedule/2026-12-03.md"
    assert entries["index.html"] == "index.md" and entries["units/index.html"] == "units/index.md"
    assert not any("/tag/" in address or "/page/" in address for address in entries)  # lists come and go
    # Nothing new: the record is left as it is.
    assert "已发布地址的记录" not in publish(scratch_site, capsys)[1]


def test_plain_mkdocs_build_and_check_never_write_the_record(scratch_site, capsys):
    scratch_site.unit("a", title="单元")
    assert scratch_site.build() == 0
    assert main(["-f", scratch_site.config_file, "check"]) == 0
    assert not (scratch_site.path / "materials/addresses.yml").exists()


def test_renamed_id_leaves_a_redirect_and_one_warning(scratch_site, capsys):
    unit = scratch_site.unit("学查改做", title="学查改做", id="old-name")
    assert publish(scratch_site, capsys)[0] == 0
    line = next(n for n, text in enumerate(_lines(scratch_site), 1) if text.startswith("units/old-name.html:"))
    unit.write_text(unit.read_text(encoding="utf-8").replace("id: old-name", "id: new-name"), encoding="utf-8")
    code, _, err = publish(scratch_site, capsys)
    assert code == 0
    assert err.splitlines() == [
        f"materials/addresses.yml:{line}: 警告: 页面地址已改变：units/old-name.html → units/new-name.html"
        "（units/学查改做.md）；旧地址会跳转到新地址"
    ]
    site = scratch_site.path / "site"
    assert (site / "units/old-name.html").read_text(encoding="utf-8") == redirect_html(
        "units/old-name.html", "units/new-name.html"
    )
    assert record(scratch_site)["units/new-name.html"] == "units/学查改做.md"
    # Said once: the new address is recorded now, the redirect stays.
    code, _, err = publish(scratch_site, capsys)
    assert code == 0 and "警告" not in err and (site / "units/old-name.html").is_file()


def _lines(site) -> list[str]:
    return (site.path / "materials/addresses.yml").read_text(encoding="utf-8").splitlines()


def test_a_vanished_page_redirects_to_its_list_until_the_record_says_what_happened(scratch_site, capsys):
    scratch_site.unit("学查改做", title="学查改做")
    scratch_site.unit("家教家风", title="家教家风")
    assert publish(scratch_site, capsys)[0] == 0
    line = next(n for n, text in enumerate(_lines(scratch_site), 1) if text.startswith("units/xue-cha-gai-zuo.html"))
    (scratch_site.path / "materials/units/学查改做.md").rename(scratch_site.path / "materials/units/学查改做新.md")
    code, _, err = publish(scratch_site, capsys)
    assert code == 0 and err.splitlines() == [
        f"materials/addresses.yml:{line}: 警告: 页面 units/xue-cha-gai-zuo.html（units/学查改做.md）已不存在，"
        f"旧地址暂时跳转到 units/index.html；如果改了文件名，请把 materials/addresses.yml 第 {line} 行冒号后面"
        "改成新的源文件；如果是有意删除，请改成 删除"
    ]
    site = scratch_site.path / "site"
    assert 'url=index.html"' in (site / "units/xue-cha-gai-zuo.html").read_text(encoding="utf-8")
    # The editor says where it went: the old address now leads to the renamed page.
    path = scratch_site.path / "materials/addresses.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("html: units/学查改做.md", "html: units/学查改做新.md"), encoding="utf-8")
    code, _, err = publish(scratch_site, capsys)
    assert code == 0 and "警告" not in err
    assert 'url=xue-cha-gai-zuo-xin.html"' in (site / "units/xue-cha-gai-zuo.html").read_text(encoding="utf-8")
    # Deleting a page on purpose is one line: no redirect, no warning.
    (scratch_site.path / "materials/units/家教家风.md").unlink()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("html: units/家教家风.md", "html: 删除"), encoding="utf-8")
    code, _, err = publish(scratch_site, capsys)
    assert code == 0 and "警告" not in err and not (site / "units/jia-jiao-jia-feng.html").exists()


def test_a_malformed_record_line_is_an_error_with_its_line(scratch_site, capsys):
    scratch_site.unit("a", title="单元")
    scratch_site.write("materials/addresses.yml", "# 记录\nunits/a.html units/a.md\n")
    code, lines = scratch_site.check(capsys)
    assert code == 1 and lines == [
        "materials/addresses.yml:2: 错误: 应写成“地址: 源文件”或“地址: 删除”，实际是 “units/a.html units/a.md”"
    ]


def test_a_branch_joining_a_date_keeps_the_session_address_and_uid(scratch_site, capsys):
    scratch_site.write("materials/schedule.yml", SCHEDULE)
    assert publish(scratch_site, capsys)[0] == 0
    site = scratch_site.path / "site"
    before = icalendar.Calendar.from_ical((site / "schedule/2026-12-03.ics").read_bytes())
    uid = str(before.walk("VEVENT")[0]["UID"])
    scratch_site.write("materials/schedule.yml", SPLIT)
    code, _, err = publish(scratch_site, capsys)
    assert code == 0 and "警告" not in err
    after = icalendar.Calendar.from_ical((site / "schedule/2026-12-03.ics").read_bytes())
    assert [(str(e["SUMMARY"]), str(e["UID"])) for e in after.walk("VEVENT")] == [("周四学习日：学党章", uid)]
    added = icalendar.Calendar.from_ical((site / "schedule/2026-12-03-ji-guan-di-yi-zhi-bu.ics").read_bytes())
    assert [str(e["SUMMARY"]) for e in added.walk("VEVENT")] == ["周四学习日：警示教育"]
    assert str(added.walk("VEVENT")[0]["UID"]) != uid
    assert "学党章" in (site / "schedule/2026-12-03.html").read_text(encoding="utf-8")


def test_without_a_record_the_split_renames_as_before(scratch_site, capsys):
    scratch_site.write("materials/schedule.yml", SPLIT)
    assert scratch_site.build() == 0
    assert not (scratch_site.path / "site/schedule/2026-12-03.html").exists()


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_redirect_works_in_chromium(scratch_site, capsys, browser, scheme, tmp_path):
    from browser import PHONE, serve_site

    unit = scratch_site.unit("学查改做", title="学查改做", id="old-name", body="## 第一节\n\n正文。")
    assert publish(scratch_site, capsys)[0] == 0
    unit.write_text(unit.read_text(encoding="utf-8").replace("id: old-name", "id: new-name"), encoding="utf-8")
    assert publish(scratch_site, capsys)[0] == 0
    site = scratch_site.path / "site"
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        if scheme == "http":
            with serve_site(site, prefix="/xuexi/") as base:
                page.goto(f"{base}units/old-name.html#di-yi-jie")
                page.wait_for_url("**/units/new-name.html#di-yi-jie")
                assert page.url == f"{base}units/new-name.html#di-yi-jie"
                assert page.locator("h1").first.inner_text() == "学查改做"
        else:
            page.goto((site / "units/old-name.html").as_uri() + "#di-yi-jie")
            page.wait_for_url("**/units/new-name.html#di-yi-jie")
            assert page.url == (site / "units/new-name.html").as_uri() + "#di-yi-jie"
            assert page.locator("h1").first.inner_text() == "学查改做"
        page.screenshot(path=str(tmp_path / f"redirect-{scheme}.png"))
    finally:
        context.close()
