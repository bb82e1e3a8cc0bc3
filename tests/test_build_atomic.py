"""`build --offline` is as atomic as `build`: a build killed at any point leaves the last site as it was."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from scripts.delivery.offline import SITE_FOLDER, START_PAGE
from scripts.outdir import MARKER


def snapshot(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _build_offline(project: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "scripts", "-f", str(project / "mkdocs.yml"), "build", "--offline"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def test_killing_an_offline_build_at_any_point_keeps_the_last_one(scratch_site):
    for n in range(12):
        scratch_site.unit(f"u{n}", title=f"第{n}篇", body="学习内容。\n\n" * 20)
    started = time.monotonic()
    assert _build_offline(scratch_site.path).wait(timeout=600) == 0
    duration = time.monotonic() - started
    published = scratch_site.path / "site.offline"
    assert (published / START_PAGE).is_file()
    before = snapshot(published)

    killed = 0
    for fraction in (0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 0.95):
        # A build that finishes would change the site: a killed one must leave it exactly as it was.
        scratch_site.unit("u0", title=f"改过的标题 {fraction}")
        process = _build_offline(scratch_site.path)
        time.sleep(duration * fraction)
        if process.poll() is not None:  # it finished first (a loaded machine): that site is the last one now
            assert process.returncode == 0
            before = snapshot(published)
            continue
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        now = snapshot(published)
        if now == before:
            killed += 1
            continue
        # Killed after the swap (the process was still exiting): then it is the whole new site.
        new_title = f"改过的标题 {fraction}"
        site = published / SITE_FOLDER
        assert new_title in (site / "units" / "u0.html").read_text(encoding="utf-8"), f"killed at {fraction:.0%}"
        assert (published / START_PAGE).is_file()
        assert all((site / name).is_file() for name in (MARKER, "index.html", "search.html"))
        before = now
    assert killed >= 3  # the kills really landed inside builds, and the last site stayed as it was
