"""Shared fixtures: scratch sites in temp folders, the sample site built once."""

from __future__ import annotations

import fcntl
from pathlib import Path

import pytest
from support import ROOT, ScratchSite

CORPUS_SIZES = (60, 600)


@pytest.fixture
def scratch_site(tmp_path) -> ScratchSite:
    return ScratchSite(tmp_path)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory, worker_id) -> Path:
    """The repository's own sample materials, built once per run: the xdist workers share it
    (the first to take the lock builds it; the build is atomic, so the folder is whole once it exists)."""
    from scripts.build import build

    run_folder = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        run_folder = run_folder.parent  # above every worker's own folder
    out = run_folder / "sample-site"
    with open(run_folder / "sample-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not out.is_dir():
            assert build(str(ROOT / "mkdocs.yml"), site_dir=str(out)) == 0
    return out


@pytest.fixture(scope="session")
def corpora(tmp_path_factory) -> dict[int, tuple[Path, list]]:
    """The benchmark's deterministic corpus at two sizes, built once per test session:
    {size: (site folder, items)}."""
    from scripts.build import build
    from scripts.corpus import write_corpus

    built = {}
    for count in CORPUS_SIZES:
        folder = tmp_path_factory.mktemp(f"corpus{count}")
        items = write_corpus(folder, count)
        assert build(str(folder / "mkdocs.yml"), site_dir=str(folder / "site")) == 0
        built[count] = (folder / "site", items)
    return built


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium per test worker (Debian's package, never a download)."""
    from browser import launch
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser):
    """A fresh phone-sized page (390×844) with a log of every request it makes."""
    from browser import PHONE_DEVICE, logged_page

    context = browser.new_context(**PHONE_DEVICE)
    yield logged_page(context)
    context.close()


UNGROUPED = pytest.StashKey[bool]()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Notice when `--dist loadgroup` stops grouping: xdist marks a group by suffixing the node id with
    "@name", which pytest 9.2 silently ignores (pytest-xdist#1386). Without groups, expensive fixtures
    such as the two corpora are built on every worker and the suite takes far longer."""
    if not getattr(config.option, "loadgroup", False):
        return
    for item in items:
        mark = item.get_closest_marker("xdist_group")
        if mark:
            name = mark.args[0] if mark.args else mark.kwargs.get("name", "default")
            item.stash[UNGROUPED] = not item.nodeid.endswith(f"@{name}")


def pytest_runtest_setup(item):
    if item.stash.get(UNGROUPED, False):
        pytest.fail(
            "pytest-xdist 未按 xdist_group 分组（pytest-xdist#1386）：请使用 requirements.txt 固定的 pytest 版本"
        )
