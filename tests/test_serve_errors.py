"""`mkdocs serve --dirty` with a broken material: an error page in the browser, not a hanging request;
the page comes back when the file is fixed; a deleted material's page disappears (issue 11, item 17)."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from support import front_matter, mkdocs_serve, wait_for

from scripts.serving import error_page


def fetch(url: str) -> tuple[int, str] | None:
    """(status, body) — also for 404 — or None while the server does not answer in time."""
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", errors="replace")
    except OSError:
        return None


@pytest.fixture
def served(scratch_site):
    scratch_site.unit("a", title="第一篇", id="a")
    scratch_site.unit("b", title="第二篇", id="b")
    with mkdocs_serve(scratch_site, "--dirty") as (base, log):
        yield scratch_site, base, log


def test_broken_material_shows_its_error_and_recovers(served):
    site, base, log = served

    def shows(address: str, text: str):
        answer = fetch(base + address)
        return answer if answer and text in answer[1] else None

    wait_for(lambda: shows("units/b.html", "第二篇"), log)

    site.write("materials/units/b.md", front_matter(title="第二篇", date="2024-13-01") + "正文。\n")
    expected = "materials/units/b.md:3: 错误: 字段 “date”（日期）“2024-13-01” 不是有效日期"
    status, page = wait_for(lambda: shows("units/b.html", expected), log)
    assert status == 404 and "材料有错误，网站暂未更新" in page
    status, other = fetch(base + "units/a.html")  # every address says what is wrong
    assert status == 404 and expected in other

    site.unit("b", title="改好的第二篇", id="b")
    status, page = wait_for(lambda: shows("units/b.html", "改好的第二篇"), log)
    assert status == 200 and "材料有错误" not in page
    assert "第一篇" in fetch(base + "units/a.html")[1]


def test_deleted_material_disappears_in_dirty_mode(served):
    site, base, log = served
    wait_for(lambda: (fetch(base + "units/b.html") or (0,))[0] == 200, log)
    (site.path / "materials/units/b.md").unlink()
    wait_for(lambda: (fetch(base + "units/b.html") or (0,))[0] == 404, log)
    assert "第一篇" in fetch(base + "units/a.html")[1]


def test_error_page_escapes_and_lists_every_problem():
    from scripts.problems import Problem

    problems = [Problem("materials/units/<x>.md", 3, "错误", "“<script>”"), Problem("a.md", 1, "警告", "w")]
    page = error_page(problems, "共 1 个错误，1 个警告")
    assert "&lt;script&gt;" in page and "<script>”" not in page
    assert page.count("<li ") == 2
