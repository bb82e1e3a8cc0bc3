"""`mkdocs serve` while a material is broken, and after one is deleted.

A failed build would leave MkDocs' server waiting for a good one, and every request of the
browser would hang with no word about why. Instead the broken build succeeds with a site of
one page, `404.html`, that lists the problems exactly as `check` prints them; every address
shows it, and it reloads itself as soon as its address answers again (the material is fixed).

In `--dirty` mode MkDocs never cleans the output folder: a page whose material was deleted
would be served forever. What the last build wrote and this one did not is removed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from markupsafe import escape

from .problems import Problem

ERROR_PAGE = "404.html"

_PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>材料有错误 · 网站暂未更新</title>
<style>
body {{ font: 16px/1.6 system-ui, sans-serif; margin: 0; padding: 1rem; color: #222; background: #fff8f6; }}
h1 {{ color: #b71c1c; font-size: 1.25rem; }}
ol {{ padding-left: 1.25rem; }}
li {{ margin: .5rem 0; word-break: break-all; }}
code {{ font-family: ui-monospace, monospace; background: #fff; padding: .1rem .25rem; }}
.xl-serve-warning {{ color: #8a5a00; }}
</style>
</head>
<body>
<main class="xl-serve-errors">
<h1>材料有错误，网站暂未更新</h1>
<p>{summary}。改正后保存文件，本页会自动刷新。</p>
<ol>
{items}
</ol>
</main>
<script>
(function () {{
  // The page's own address answers again once the site builds: show it.
  function poll() {{
    fetch(location.href, {{ cache: "no-store" }}).then(function (response) {{
      if (response.ok) location.reload(); else setTimeout(poll, 1000);
    }}, function () {{ setTimeout(poll, 2000); }});
  }}
  setTimeout(poll, 1000);
}})();
</script>
</body>
</html>
"""


def error_page(problems: list[Problem], summary: str) -> str:
    items = "\n".join(
        f'<li class="{"xl-serve-warning" if problem.level != "错误" else "xl-serve-error"}">'
        f"<code>{escape(str(problem))}</code></li>"
        for problem in problems
    )
    return _PAGE.format(summary=escape(summary), items=items)


def show_problems(site_dir: Path, problems: list[Problem], summary: str) -> None:
    """Empty `site_dir` but for the error page (MkDocs serves it for every missing address)."""
    for entry in site_dir.iterdir() if site_dir.is_dir() else []:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
    site_dir.mkdir(parents=True, exist_ok=True)
    (site_dir / ERROR_PAGE).write_text(error_page(problems, summary), encoding="utf-8")


def remove_stale(site_dir: Path, previous: set[str], current: set[str]) -> list[str]:
    """Delete what the last build wrote and this one did not (dest paths); returns them."""
    removed = []
    for dest in sorted(previous - current):
        path = site_dir / dest
        if path.is_file() and Path(os.path.realpath(path)).is_relative_to(site_dir.resolve()):
            path.unlink()
            removed.append(dest)
    return removed
