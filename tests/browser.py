"""Browser test helpers: what a test needs beyond scripts.chromium (a log of every request)."""

from __future__ import annotations

from urllib.parse import urlsplit

from scripts.chromium import CHROMIUM, CHROMIUM_ARGS, PHONE, launch, serve_site

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "PHONE", "PHONE_DEVICE", "RequestLog", "launch", "logged_page", "serve_site"]
LOCAL_SCHEMES = ("data:", "blob:", "about:", "file:")
# A phone as members hold it: 390×844 CSS pixels at 2×, touch, Chinese. `browser.new_context(**PHONE_DEVICE)`.
PHONE_DEVICE = {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}


class RequestLog:
    """Every URL a page asked for, to prove nothing leaves 127.0.0.1."""

    def __init__(self, page):
        self.urls: list[str] = []
        self.failed: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))
        # Opening the next page cancels what is still loading (net::ERR_ABORTED): not a missing file,
        # which shows as a 4xx response below.
        page.on(
            "requestfailed", lambda request: request.failure != "net::ERR_ABORTED" and self.failed.append(request.url)
        )
        page.on("response", lambda response: response.status >= 400 and self.failed.append(response.url))

    def external(self) -> list[str]:
        return [url for url in self.urls if not url.startswith(LOCAL_SCHEMES) and urlsplit(url).hostname != "127.0.0.1"]


def logged_page(context):
    """A new page of context with a log of every request it makes (`page.requests`)."""
    page = context.new_page()
    page.requests = RequestLog(page)
    return page
