"""`mkdocs serve --dirty` with a broken material: an error page in the browser, not a hanging request;
the page comes back when the file is fixed; a deleted material's page disappears (issue 11, item 17)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from support import front_matter

from scripts.loopback import free_port
from scripts.serving import error_page

DEADLINE = 180.0  # a loaded 2-core machine builds slowly; the condition, not the clock, ends the wait


def fetch(url: str) -> tuple[int, str] | None:
    """(status, body) — also for 404 — or None while the server does not answer in time."""
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", errors="replace")
    except OSError:
        return None


def wait_for(predicate, log, timeout: float = DEADLINE):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    said = log.read_text(encoding="utf-8", errors="replace")[-3000:]
    raise AssertionError(f"timed out after {timeout:.0f} s; mkdocs serve said:\n{said}")


@pytest.fixture
def served(scratch_site):
    scratch_site.unit("a", title="第一篇", id="a")
    scratch_site.unit("b", title="第二篇", id="b")
    port = free_port()
    log = scratch_site.path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", scratch_site.config_file]
            + ["-a", f"127.0.0.1:{port}"],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        yield scratch_site, f"http://127.0.0.1:{port}/", log
    finally:
        process.terminate()
        process.wait(timeout=30)


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
