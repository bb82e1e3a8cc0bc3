"""Loopback HTTP helpers shared by the benchmarks and the tests (nothing here leaves 127.0.0.1)."""

from __future__ import annotations

import socket
import urllib.request


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_text(url: str, timeout: float = 5) -> str | None:
    """The page as text, or None while the server is not up (or answers with an error)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None
