"""A real nginx (Debian package) serves the built site under /xuexi/ with gzip, as docs/部署指南.md says."""

from __future__ import annotations

import gzip
import http.client
import re
import shutil
import socket
import subprocess
import time
from html.parser import HTMLParser
from urllib.parse import quote, unquote, urljoin, urlsplit

import pytest

from scripts.delivery import deploy
from scripts.loopback import free_port

NGINX = "/usr/sbin/nginx"
PREFIX = "/xuexi/"


@pytest.fixture(scope="module")
def nginx(sample_site, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nginx")
    (tmp / "www").mkdir()
    # A copy of the site plus one file of each type stock nginx does not know.
    root = tmp / "www" / PREFIX.strip("/")
    shutil.copytree(sample_site, root)
    (root / "probe.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    (root / "probe.webmanifest").write_text('{"name": "学习"}', encoding="utf-8")
    port = free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(deploy.nginx_test_conf(str(tmp), port, PREFIX, str(tmp / "www")), encoding="utf-8")
    check = subprocess.run(
        [NGINX, "-t", "-p", str(tmp), "-c", str(conf), "-e", str(tmp / "error.log")], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(conf), "-e", str(tmp / "error.log")])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}{PREFIX}"
    finally:
        process.terminate()
        process.wait(timeout=10)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and name in ("href", "src", "poster", "data"):
                self.links.append(value)
            elif value and name == "srcset":
                self.links += [part.split()[0] for part in value.split(",") if part.strip()]


def _fetch(conn: http.client.HTTPConnection, path: str) -> http.client.HTTPResponse:
    conn.request("GET", quote(path), headers={"Accept-Encoding": "gzip"})
    response = conn.getresponse()
    response.body = response.read()
    if response.getheader("Content-Encoding") == "gzip":
        response.body = gzip.decompress(response.body)
    return response


def _local_targets(base: str, page_url: str, links: list[str]) -> set[str]:
    out = set()
    for link in links:
        if link.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
            continue
        url = urljoin(page_url, link)
        parts = urlsplit(url)
        if parts.netloc == urlsplit(base).netloc:
            out.add(unquote(parts.path))
    return out


def test_every_page_and_asset_loads_under_the_sub_path_with_gzip(nginx, sample_site):
    base = urlsplit(nginx)
    conn = http.client.HTTPConnection(base.hostname, base.port, timeout=10)
    seen: dict[str, int] = {}
    queue = [PREFIX]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        response = _fetch(conn, path)
        seen[path] = response.status
        kind = response.getheader("Content-Type", "")
        if path.endswith(".html") or path.endswith("/"):
            assert response.getheader("Content-Encoding") == "gzip", path
            parser = _Links()
            parser.feed(response.body.decode("utf-8"))
            queue += sorted(_local_targets(nginx, f"http://{base.netloc}{path}", parser.links) - seen.keys())
        elif kind.startswith("text/css"):
            urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", response.body.decode("utf-8"))
            queue += sorted(_local_targets(nginx, f"http://{base.netloc}{path}", urls) - seen.keys())
    missing = {path: status for path, status in seen.items() if status != 200}
    assert missing == {}
    assert all(path.startswith(PREFIX) for path in seen)  # nothing escapes the sub-path

    # Every file in the site, linked or not (data files fetched by scripts, search index …), loads too.
    for file in sorted(p for p in sample_site.rglob("*") if p.is_file()):
        path = PREFIX + "/".join(file.relative_to(sample_site).parts)
        response = _fetch(conn, path)
        assert response.status == 200, path
        seen[path] = 200
    html_pages = [path for path in seen if path.endswith(".html")]
    assert len(html_pages) >= 40


def test_headers_mime_types_and_cache(nginx, sample_site):
    base = urlsplit(nginx)
    conn = http.client.HTTPConnection(base.hostname, base.port, timeout=10)
    assert _fetch(conn, PREFIX.rstrip("/")).status == 301
    css = next((sample_site / "assets" / "stylesheets").glob("main.*.min.css")).name
    hashed = _fetch(conn, f"{PREFIX}assets/stylesheets/{css}")
    assert hashed.getheader("Content-Encoding") == "gzip"
    assert "immutable" in hashed.getheader("Cache-Control")
    page = _fetch(conn, PREFIX + "index.html")
    assert page.getheader("Cache-Control") == "no-cache"
    assert page.getheader("Content-Type") == "text/html; charset=utf-8"
    svg = next(p for p in sample_site.rglob("*.svg"))
    assert (
        _fetch(conn, PREFIX + "/".join(svg.relative_to(sample_site).parts))
        .getheader("Content-Type")
        .startswith("image/svg+xml")
    )
    assert _fetch(conn, PREFIX + "nothing-here.html").status == 404
    # Types stock nginx lacks, added by the deployment guide's conf.d file.
    for name, mime in {"probe.ics": "text/calendar", "probe.webmanifest": "application/manifest+json"}.items():
        assert _fetch(conn, PREFIX + name).getheader("Content-Type").startswith(mime), name
    for ext, mime in {".ics": "text/calendar", ".json": "application/json", ".js": "application/javascript"}.items():
        for file in list(sample_site.rglob("*" + ext))[:3]:
            response = _fetch(conn, PREFIX + "/".join(file.relative_to(sample_site).parts))
            assert response.getheader("Content-Type").startswith(mime), file


@pytest.mark.browser
def test_pages_in_chromium_through_nginx_make_no_outside_request(nginx, phone, sample_site):
    pages = ["index.html", "units/index.html", "cases/index.html", "culture/index.html", "tags/index.html"]
    pages += [
        f"{kind}/{next(p for p in sorted((sample_site / kind).glob('*.html')) if p.name != 'index.html').name}"
        for kind in ("units", "cases", "culture")
    ]
    for path in pages:
        response = phone.goto(nginx + path)
        assert response.status == 200, path
        assert phone.locator("h1").first.is_visible()
    assert len(phone.requests.urls) > len(pages)
    assert phone.requests.external() == []
    assert phone.requests.failed == []
