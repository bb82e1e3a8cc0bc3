"""`mkdocs serve`: drafts are previewed with a banner, and editing materials/ rebuilds the site."""

from __future__ import annotations

import pytest
from support import mkdocs_serve, wait_for

from scripts.loopback import get_text


@pytest.fixture
def served(scratch_site):
    scratch_site.unit("published", title="已发布单元", id="published")
    scratch_site.unit("draft", title="草稿单元", id="draft", status="draft")
    with mkdocs_serve(scratch_site) as (base, log):
        yield scratch_site, base, log


def test_serve_previews_drafts_and_reloads_on_material_change(served):
    site, base, log = served
    draft = wait_for(lambda: get_text(base + "units/draft.html"), log)
    assert "xl-draft" in draft and "草稿" in draft
    assert "已发布单元" in get_text(base + "units/published.html")

    site.unit("published", title="改过的标题", id="published")
    wait_for(lambda: "改过的标题" in (get_text(base + "units/published.html") or ""), log)
