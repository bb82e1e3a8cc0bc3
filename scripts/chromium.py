"""Debian's Chromium through Playwright, and a loopback HTTP server for a built site.

Used by the browser tests and the benchmarks; the browser is Debian's package, never a downloaded build."""

from __future__ import annotations

import functools
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}


class _QuietHandler(SimpleHTTPRequestHandler):
    prefix = "/"

    def log_message(self, *args):  # keep test output clean
        pass

    def translate_path(self, path):
        # Serve the site under a sub-path such as /xuexi/, like an intranet server would.
        parts = urlsplit(path)
        if not parts.path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_prefix__")
        return super().translate_path("/" + parts.path[len(self.prefix) :])


@contextmanager
def serve_site(site_dir: Path, prefix: str = "/"):
    """Serve `site_dir` at http://127.0.0.1:PORT{prefix}; yields the base URL."""
    handler = type("Handler", (_QuietHandler,), {"prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
