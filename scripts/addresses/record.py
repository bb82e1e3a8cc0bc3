"""The record of published addresses: `materials/addresses.yml`, one `地址: 源文件` per line.

`python -m scripts build` adds every address it has published, after the new site is in place;
`mkdocs build` and `mkdocs serve` only read it (nothing is written into materials/ during a build).
An address stays in the record for good: if its page moves, the build writes a redirect there.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problems

DELETED = "删除"
LINE = re.compile(r"^(\S+?):\s+(\S.*?)\s*(?:#.*)?$")
SESSION = re.compile(r"^schedule/(\d{4}-\d{2}-\d{2})(?:-([a-z0-9-]+))?\.html$")
SESSION_SHEETS = ("-qiandao", "-jilu", "-cailiao")
HEADER = """\
# 已发布的页面地址（由 python -m scripts build 在发布成功后补充，请随材料一起提交）
# 每行是“地址: 页面的源文件”。页面地址变了（改了 id 或文件名）或页面没有了，
# 构建时会在旧地址放一个跳转页，并给出警告，已经发出的链接和二维码不会失效。
# - 改了没有 id 的材料的文件名：把这一行冒号后面改成新的源文件，旧地址就跳到新页面；
# - 有意删除一个页面、旧地址不再跳转：把冒号后面改成 删除
"""


@dataclass
class Record:
    path: Path
    rel: str
    exists: bool = False
    entries: dict[str, str] = field(default_factory=dict)  # address → src_uri, or 删除
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, address: str) -> int:
        return self.lines.get(address, 1)

    def session_slugs(self) -> dict[datetime.date, list[str]]:
        """Published session page slugs by date (deleted ones left out), for stable session addresses."""
        slugs: dict[datetime.date, list[str]] = {}
        for address, value in self.entries.items():
            match = SESSION.match(address)
            if not match or value == DELETED or address[: -len(".html")].endswith(SESSION_SHEETS):
                continue
            try:
                day = datetime.date.fromisoformat(match[1])
            except ValueError:
                continue
            slugs.setdefault(day, []).append(address[len("schedule/") : -len(".html")])
        return slugs


def record_path(root: Path, options) -> Path:
    return Path(root) / options.materials_dir / getattr(options, "addresses_file", "addresses.yml")


def load_record(root: Path, options, problems: Problems | None = None) -> Record:
    path = record_path(root, options)
    record = Record(path, path.relative_to(Path(root)).as_posix() if path.is_relative_to(root) else str(path))
    if not path.is_file():
        return record
    record.exists = True
    problems = problems if problems is not None else Problems()
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        problems.error(record.rel, 1, "无法读取已发布地址的记录；请保存为 UTF-8 编码")
        return record
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = LINE.match(stripped)
        if not match:
            problems.error(record.rel, number, f"应写成“地址: 源文件”或“地址: {DELETED}”，实际是 “{stripped}”")
            continue
        address, value = match[1], match[2]
        if address in record.entries:
            problems.error(record.rel, number, f"地址 “{address}” 重复（第一次在第 {record.lines[address]} 行）")
            continue
        record.entries[address] = value
        record.lines[address] = number
    return record


def updated(record: Record, published: dict[str, str]) -> dict[str, str] | None:
    """The record after a build that published `published` (address → src_uri); None if unchanged.

    New addresses are added; a live address gets its page's current source; nothing is removed.
    """
    entries = dict(record.entries)
    for address, src_uri in published.items():
        entries[address] = src_uri
    return entries if entries != record.entries or not record.exists else None


def write_record(record: Record, entries: dict[str, str]) -> None:
    lines = [f"{address}: {value}" for address, value in sorted(entries.items())]
    record.path.parent.mkdir(parents=True, exist_ok=True)
    record.path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
