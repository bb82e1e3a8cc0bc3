"""`mkdocs serve --dirty`: a rebuild re-renders exactly the pages whose inputs changed."""

from __future__ import annotations

import os
import time

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from scripts.search import feature as search_feature
from scripts.search.query import Index


def _rebuild(site, out, first: bool = False) -> None:
    config = load_config(site.config_file, site_dir=str(out))
    if first:
        config.plugins.on_startup(command="serve", dirty=True)
    build(config, serve_url="http://127.0.0.1:8000/", dirty=True)


def _mtimes(out) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*.html")}


def test_dirty_rebuild_skips_what_did_not_change(scratch_site, tmp_path):
    scratch_site.unit("a", title="单元甲", id="a", date="2024-01-03", tags=["主题教育"])
    scratch_site.unit("b", title="单元乙", id="b", date="2024-01-02", tags=["主题教育"])
    scratch_site.unit("c", title="单元丙", id="c", date="2024-01-01", tags=["作风建设"])
    scratch_site.case("d", title="案例丁", id="d")
    out = tmp_path / "out"
    _rebuild(scratch_site, out, first=True)
    before = _mtimes(out)
    time.sleep(0.05)

    # A body edit re-renders that page only (its listings show title and summary, not the body's end).
    scratch_site.unit("c", title="单元丙", id="c", date="2024-01-01", tags=["作风建设"], body="正文。\n\n新增的段落。")
    _rebuild(scratch_site, out)
    after = _mtimes(out)
    changed = {page for page in after if after[page] != before.get(page)}
    assert "units/c.html" in changed and "新增的段落" in (out / "units" / "c.html").read_text(encoding="utf-8")
    for untouched in ("units/a.html", "units/b.html", "cases/d.html", "cases/index.html"):
        assert untouched not in changed
    assert "index.html" in changed  # hand-written pages (the home page lists the latest items) always rebuild

    # A title edit reaches its neighbour's 上一篇/下一篇 and every listing that shows it.
    time.sleep(0.05)
    scratch_site.unit("b", title="单元乙（修订）", id="b", date="2024-01-02", tags=["主题教育"])
    _rebuild(scratch_site, out)
    for page in ("units/a.html", "units/c.html", "units/index.html", "units/tag/zhu-ti-jiao-yu/index.html"):
        assert "单元乙（修订）" in (out / page).read_text(encoding="utf-8"), page
    assert "单元乙（修订）" not in (out / "cases" / "d.html").read_text(encoding="utf-8")


def test_template_change_rebuilds_everything(scratch_site, tmp_path):
    scratch_site.unit("a", title="单元甲", id="a")
    out = tmp_path / "out"
    _rebuild(scratch_site, out, first=True)
    before = _mtimes(out)
    time.sleep(0.05)
    os.utime(scratch_site.path / "mkdocs.yml")  # the site-wide stamp includes the config
    (scratch_site.path / "mkdocs.yml").write_text(
        (scratch_site.path / "mkdocs.yml").read_text(encoding="utf-8").replace("党员学习教育园地", "支部学习园地"),
        encoding="utf-8",
    )
    _rebuild(scratch_site, out)
    after = _mtimes(out)
    assert after["units/a.html"] != before["units/a.html"]
    assert "支部学习园地" in (out / "units" / "a.html").read_text(encoding="utf-8")


def _search_index(out) -> Index:
    version = search_feature.INDEX_ATTRIBUTE.search((out / "search.html").read_text(encoding="utf-8"))
    return Index.from_folder(out / search_feature.INDEX_DIR / version.group(1))


def _eventually(out, expect, timeout: float = 30.0) -> None:
    """In `mkdocs serve` the index is written after the build returns: wait for one that passes."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            failure = expect(_search_index(out))
        except (AttributeError, OSError, ValueError) as error:  # not written yet
            failure = repr(error)
        if not failure:
            return
        if time.monotonic() > deadline:
            raise AssertionError(failure)
        time.sleep(0.1)


@pytest.mark.parametrize("writer", ["process", "thread"])
def test_search_index_keeps_skipped_pages_and_drops_deleted_ones(scratch_site, tmp_path, monkeypatch, writer):
    if writer == "thread":  # as on Windows, which has no fork
        monkeypatch.setattr(search_feature.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    scratch_site.unit("a", title="单元甲", id="a", body="甲页独有的青松词。")
    scratch_site.unit("b", title="单元乙", id="b", body="乙页独有的翠柏词。")
    out = tmp_path / "out"
    _rebuild(scratch_site, out, first=True)
    time.sleep(0.05)

    scratch_site.unit("b", title="单元乙", id="b", body="乙页改成了红梅词。")
    _rebuild(scratch_site, out)
    # Page a was skipped, yet is still searchable; page b is searchable by its new text only.
    _eventually(
        out,
        lambda index: [
            (query, found, want)
            for query, want in (("青松", {"units/a.html"}), ("红梅", {"units/b.html"}), ("翠柏", set()))
            if (found := index.search(query)) != want
        ],
    )

    (scratch_site.path / "materials" / "units" / "a.md").unlink()
    _rebuild(scratch_site, out)
    _eventually(out, lambda index: index.search("青松"))
