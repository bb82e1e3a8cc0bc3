"""Shared fixtures: scratch sites in temp folders, the sample site built once."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import ROOT, ScratchSite

CORPUS_SIZES = (60, 600)


@pytest.fixture
def scratch_site(tmp_path) -> ScratchSite:
    return ScratchSite(tmp_path)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The repository's own sample materials, built once per test session."""
    from scripts.build import build

    out = tmp_path_factory.mktemp("sample") / "site"
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
