"""Render keys: which pages `mkdocs serve --dirty` may skip because nothing they show changed.

MkDocs re-renders a page in a dirty build only when `file.is_modified()` says so; for
generated pages that is always. Each generated page here gets a key made of everything it
shows plus a site-wide stamp (config, templates, non-Markdown materials, addresses, today);
a page whose key equals the one from the previous build of the same server is skipped.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from pathlib import Path

import jinja2


def digest(*parts) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


def _tree_stamp(folder: Path, skip_suffix: str | None = None) -> list[tuple]:
    if not folder.is_dir():
        return []
    entries = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and (skip_suffix is None or path.suffix != skip_suffix):
            stat = path.stat()
            entries.append((path.relative_to(folder).as_posix(), stat.st_mtime_ns, stat.st_size))
    return entries


def site_stamp(config_file: Path, theme_dirs: list[str], materials: Path, addresses: dict) -> str:
    """What every page depends on: a change here re-renders the whole site."""
    return digest(
        config_file.read_bytes() if config_file.is_file() else b"",
        [_tree_stamp(Path(folder)) for folder in theme_dirs],
        _tree_stamp(materials, skip_suffix=".md"),
        sorted(addresses.items()),
        datetime.date.today().isoformat(),
    )


class RenderKeys:
    """Keys of the last successful build, kept by the plugin for the life of the server."""

    def __init__(self):
        self.previous: dict[str, str] = {}
        self.current: dict[str, str] = {}
        self.stamp = ""

    def start(self, stamp: str) -> None:
        self.stamp = stamp
        self.current = {}

    def track(self, file, key: str | None) -> None:
        """Let MkDocs skip `file` when its key is unchanged and its output still exists."""
        if key is None:
            return
        full = digest(self.stamp, key)
        self.current[file.src_uri] = full
        unchanged = self.previous.get(file.src_uri) == full
        file.is_modified = lambda: not (unchanged and os.path.isfile(file.abs_dest_path))

    def finish(self) -> None:
        self.previous = self.current


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept across rebuilds (Jinja checks each source's checksum itself)."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()
