"""`mkdocs serve`: drafts are previewed with a banner, and editing materials/ rebuilds the site."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from scripts.loopback import free_port, get_text

# Generous: a loaded 2-core machine builds slowly; the condition, not the clock, ends the wait.
DEADLINE = 180.0


def _wait_for(predicate, log=None, timeout: float = DEADLINE):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    said = log.read_text(encoding="utf-8", errors="replace")[-2000:] if log else ""
    raise AssertionError(f"timed out after {timeout:.0f} s; mkdocs serve said:\n{said}")


@pytest.fixture
def served(scratch_site):
    scratch_site.unit("published", title="已发布单元", id="published")
    scratch_site.unit("draft", title="草稿单元", id="draft", status="draft")
    port = free_port()
    # Output goes to a file, never an unread pipe: a full pipe would block the server.
    log = scratch_site.path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", scratch_site.config_file, "-a", f"127.0.0.1:{port}"],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        yield scratch_site, f"http://127.0.0.1:{port}/", log
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_previews_drafts_and_reloads_on_material_change(served):
    site, base, log = served
    draft = _wait_for(lambda: get_text(base + "units/draft.html"), log)
    assert "xl-draft" in draft and "草稿" in draft
    assert "已发布单元" in get_text(base + "units/published.html")

    site.unit("published", title="改过的标题", id="published")
    _wait_for(lambda: "改过的标题" in (get_text(base + "units/published.html") or ""), log)
