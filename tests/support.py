"""Helpers the tests import: scratch project folders, front matter, a running `mkdocs serve`."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class ScratchSite:
    """A project folder with the real mkdocs.yml, home page and overrides/, and materials a test writes."""

    def __init__(self, path: Path):
        self.path = path
        shutil.copy(ROOT / "mkdocs.yml", path / "mkdocs.yml")
        # Only the home page: the real docs link to the sample materials, which a scratch site lacks.
        (path / "docs").mkdir()
        shutil.copy(ROOT / "docs" / "index.md", path / "docs" / "index.md")
        (path / "overrides").symlink_to(ROOT / "overrides")
        for kind in ("units", "cases", "culture"):
            (path / "materials" / kind).mkdir(parents=True)

    @property
    def config_file(self) -> str:
        return str(self.path / "mkdocs.yml")

    def write(self, rel: str, text: str) -> Path:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return target

    def write_bytes(self, rel: str, data: bytes) -> Path:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return target

    def unit(self, name: str, title: str = "学习单元", body: str = "正文。", **fields) -> Path:
        return self.write(f"materials/units/{name}.md", front_matter(title=title, **fields) + body + "\n")

    def case(self, name: str, category: str = "廉洁纪律", **fields) -> Path:
        body = "## 案情\n\n案情。\n\n## 剖析\n\n剖析。\n\n## 警示\n\n警示。\n"
        return self.write(f"materials/cases/{name}.md", front_matter(category=category, **fields) + body)

    def check(self, capsys) -> tuple[int, list[str]]:
        from scripts.build import check

        code = check(self.config_file)
        err = capsys.readouterr().err
        return code, [line for line in err.splitlines() if ": 错误: " in line or ": 警告: " in line]

    def build(self, site_dir: Path | None = None) -> int:
        from scripts.build import build

        return build(self.config_file, site_dir=str(site_dir or self.path / "site"))


def front_matter(title: str = "标题", date: str = "2024-05-09", **fields) -> str:
    lines = ["---", f"title: {title}", f"date: {date}"]
    for key, value in fields.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines += [f"  - {entry}" for entry in value]
        else:
            lines.append(f"{key}: {value}")
    return "\n".join(lines + ["---", "", ""])


# Generous: a loaded 2-core machine builds slowly; the condition, not the clock, ends the wait.
SERVE_DEADLINE = 180.0


@contextlib.contextmanager
def mkdocs_serve(site: ScratchSite, *options: str):
    """`mkdocs serve` on a free loopback port: yields (base URL, log file)."""
    from scripts.loopback import free_port

    port = free_port()
    # Output goes to a file, never an unread pipe: a full pipe would block the server.
    log = site.path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", *options, "-f", site.config_file, "-a", f"127.0.0.1:{port}"],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        yield f"http://127.0.0.1:{port}/", log
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_for(predicate, log: Path, timeout: float = SERVE_DEADLINE):
    """The first true value of predicate(), polled; on timeout, fail with the end of the server's log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    said = log.read_text(encoding="utf-8", errors="replace")[-3000:]
    raise AssertionError(f"timed out after {timeout:.0f} s; mkdocs serve said:\n{said}")
