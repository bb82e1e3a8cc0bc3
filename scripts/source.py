"""Reading material files: bytes → text → front matter + body, with line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import cjk_breaks, limits
from .hygiene import show
from .problems import Problems
from .schema import YamlMapping, kind_name

FULLWIDTH_COLON_KEY = re.compile(r"^\s*(?!-\s)([^\s:：#'\"][^:：]{0,40}?)\s*：")
TAB_INDENT = re.compile(r"^[ ]*\t")


# libyaml's parser when PyYAML has it (every wheel does): several times faster on a large corpus.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):
    """SafeLoader that keeps dates as text: the schema parses them strictly."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Source:
    """One material file after decoding and splitting off its front matter."""

    path: Path
    rel: str
    meta: dict[str, Any] = field(default_factory=dict)
    node: yaml.Node | None = None
    body: str = ""
    body_line: int = 1

    def line_of(self, key: str, index: int | str | None = None) -> int:
        """Line of a front matter key, or of an entry of its value; 1 (the `---`) for a missing key."""
        if key not in self.meta:
            return 1
        return YamlMapping(self.rel, self.meta, self.node, first_line=2).line_of(key, index)


def read_text(path: Path, rel: str, problems: Problems) -> str | None:
    """Decode a file as UTF-8 (BOM allowed), falling back to GBK with a warning."""
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.error(rel, 1, f"无法读取文件：{error.strerror}")
        return None
    if not data.strip():
        problems.error(rel, 1, "文件为空")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            problems.error(rel, line, "文件不是 UTF-8 编码，无法读取；请用“另存为”选择 UTF-8 编码保存")
            return None
        problems.warning(rel, line, "文件不是 UTF-8 编码，已按 GBK 读取；请用“另存为”选择 UTF-8 编码保存")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str, rel: str, problems: Problems) -> tuple[str, str, int] | None:
    """Return (front matter, body, body's first line) or None after reporting why not."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        problems.error(rel, 1, "缺少 YAML 头信息：文件第一行应为 ---，然后是 title、date 等字段，再以 --- 结束")
        return None
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            front = "\n".join(lines[1 : number - 1])
            body = "\n".join(lines[number:])
            return front, body, number + 1
    problems.error(rel, 1, "YAML 头信息没有结束：请在字段之后加一行 ---")
    return None


def parse_yaml(text: str, rel: str, problems: Problems, first_line: int = 2) -> tuple[Any, yaml.Node | None] | None:
    """Parse YAML, translating PyYAML's complaints into Chinese messages with lines.

    The one loader of every YAML file we read (front matter, banks, the schedule): anchors and
    aliases are refused before anything is built from them (an alias bomb expands to gigabytes),
    nesting deeper than `limits_nesting_depth` is refused, and a key given twice in one mapping
    is an error (PyYAML would silently keep the last one). A line break between Chinese
    characters in a text is no space (scripts/cjk_breaks.py, the rule Markdown follows too).
    """
    loader = _Loader(cjk_breaks.mark_yaml_breaks(text))
    try:
        node = loader.get_single_node()
        if node is not None and not _check_nodes(node, text, rel, problems, first_line):
            return None
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        _report_yaml_error(text, error, rel, problems, first_line)
        return None
    except RecursionError:
        problems.error(rel, first_line, f"YAML 嵌套太深（上限 {limits.ACTIVE.nesting_depth} 层）")
        return None
    finally:
        loader.dispose()
    # A line break between Chinese characters in a YAML text is no space (as in Markdown).
    return cjk_breaks.unmark(data), cjk_breaks.unmark_nodes(node)


def parse_yaml_mapping(text: str, rel: str, problems: Problems, shape: str, empty: bool = False) -> YamlMapping | None:
    """A whole YAML file that must be a mapping; `shape` says what it should hold, for the message
    (“题库文件应为“键: 值”的形式<shape>”). `empty`: an empty file is an empty mapping, not an error."""
    parsed = parse_yaml(text, rel, problems, first_line=1)
    if parsed is None:
        return None
    data, node = parsed
    if data is None and empty:
        return YamlMapping(rel, {}, None)
    if not isinstance(data, dict):
        problems.error(rel, 1, f"{shape}，实际是{kind_name(data)}")
        return None
    return YamlMapping(rel, data, node)


def read_yaml_mapping(path: Path, rel: str, problems: Problems, shape: str, empty: bool = False) -> YamlMapping | None:
    """`parse_yaml_mapping` of a file's text."""
    text = read_text(path, rel, problems)
    return parse_yaml_mapping(text, rel, problems, shape, empty) if text is not None else None


def _check_nodes(root: yaml.Node, text: str, rel: str, problems: Problems, first_line: int) -> bool:
    """Walk the node graph once (never through an alias twice); False when it must not be built."""
    depth_limit = limits.ACTIVE.nesting_depth
    seen = {id(root)}
    stack = [(root, 1)] if not isinstance(root, yaml.ScalarNode) else []
    while stack:
        node, depth = stack.pop()
        if depth > depth_limit:
            line = node.start_mark.line + first_line
            problems.error(rel, line, f"YAML 嵌套超过 {depth_limit} 层（limits_nesting_depth）；请减少层级")
            return False
        if isinstance(node, yaml.MappingNode):
            _check_duplicate_keys(node, rel, problems, first_line)
            children = [child for pair in node.value for child in pair]
        else:
            children = node.value
        for child in children:
            if id(child) in seen:  # the same node twice: an alias
                _report_aliases(text, rel, problems, first_line)
                return False
            seen.add(id(child))
            if not isinstance(child, yaml.ScalarNode):
                stack.append((child, depth + 1))
    return True


def _check_duplicate_keys(node: yaml.MappingNode, rel: str, problems: Problems, first_line: int) -> None:
    first: dict[tuple[str, str], int] = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        line = key_node.start_mark.line + first_line
        key = (key_node.tag, key_node.value)
        if key in first:
            problems.error(rel, line, f"字段 “{show(key_node.value)}” 重复出现（第一次在第 {first[key]} 行）")
        else:
            first[key] = line


def _report_aliases(text: str, rel: str, problems: Problems, first_line: int) -> None:
    """Name the anchors (&name) and aliases (*name) with their lines, one message a line."""
    parser = _Loader(text)
    lines: dict[int, str] = {}
    try:
        while parser.check_event():
            event = parser.get_event()
            line = event.start_mark.line + first_line
            if isinstance(event, yaml.AliasEvent):
                lines.setdefault(line, f"别名 “*{show(event.anchor)}”")
            elif getattr(event, "anchor", None):
                lines.setdefault(line, f"锚点 “&{show(event.anchor)}”")
    except yaml.YAMLError:
        pass
    finally:
        parser.dispose()
    for line, what in sorted(lines.items()) or [(first_line, "锚点和别名")]:
        problems.error(rel, line, f"不支持 YAML {what}（& 和 * 引用）：请把内容直接写出来")


def _report_yaml_error(text: str, error: yaml.YAMLError, rel: str, problems: Problems, first_line: int) -> None:
    if isinstance(error, yaml.reader.ReaderError):
        line = first_line + text[: max(0, error.position)].count("\n")
        code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or " ")
        problems.error(rel, line, f"含有不允许的字符 U+{code:04X}；请删除它（常见于从网页或文档里复制来的文字）")
        return
    # The usual culprits are easier to name from the raw lines than from PyYAML's message.
    obvious = False
    for number, line in enumerate(text.split("\n"), start=first_line):
        if TAB_INDENT.match(line):
            problems.error(rel, number, "使用了 Tab 缩进；YAML 只能用空格缩进，请把 Tab 换成空格")
            obvious = True
        elif FULLWIDTH_COLON_KEY.match(line) and ":" not in line.split("：", 1)[0]:
            key = FULLWIDTH_COLON_KEY.match(line).group(1)
            key = show(key)
            problems.error(rel, number, f"字段 “{key}” 后面用了全角冒号“：”；请改为半角冒号加空格，例如 {key}: …")
            obvious = True
    if not obvious:
        problems.error(rel, *_translate_yaml_error(error, first_line))


def _translate_yaml_error(error: yaml.YAMLError, first_line: int) -> tuple[int, str]:
    mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    problem = getattr(error, "problem", "") or ""
    context = getattr(error, "context", "") or ""
    line = (mark.line if mark else 0) + first_line
    if "quoted scalar" in context:
        start = (context_mark.line if context_mark else 0) + first_line
        return start, "引号没有闭合：这一行开始的字符串缺少结束的引号"
    if "mapping values are not allowed" in problem:
        return line, "这一行多了一个冒号：值里含有“: ”时，请给整个值加上引号"
    if "could not find expected ':'" in problem:
        return line, "缺少冒号：每个字段应写成“键: 值”的形式（冒号为半角，后跟空格）"
    if "expected <block end>" in problem or "did not find expected" in problem:
        return line, "缩进不一致：同一层的字段应对齐，列表项以“- ”开头"
    if "found character '\\t'" in problem:
        return line, "使用了 Tab 缩进；YAML 只能用空格缩进，请把 Tab 换成空格"
    return line, f"YAML 格式错误：{show(' '.join(str(problem or error).split()), 120)}"


# Sources of unchanged files, by path: `mkdocs serve` re-validates the whole catalog on every
# edit, and re-reading a thousand files nobody touched is most of that time.
_sources: dict[Path, tuple[tuple, Source | None, list]] = {}


def load_source(path: Path, rel: str, problems: Problems) -> Source | None:
    """Read one Markdown material; None (with problems reported) when unusable."""
    try:
        stat = path.stat()
        key = (rel, stat.st_mtime_ns, stat.st_size, limits.ACTIVE)
    except OSError:
        key = None
    cached = _sources.get(path)
    if key is not None and cached is not None and cached[0] == key:
        problems.items.extend(cached[2])
        return cached[1]
    found = Problems()
    source = _read_source(path, rel, found)
    problems.items.extend(found.items)
    if key is not None:
        _sources[path] = (key, source, found.items)
    return source


def _read_source(path: Path, rel: str, problems: Problems) -> Source | None:
    text = read_text(path, rel, problems)
    if text is None:
        return None
    parts = split_front_matter(text, rel, problems)
    if parts is None:
        return None
    front, body, body_line = parts
    if not limits.check_body(body, rel, body_line, problems):
        return None
    parsed = parse_yaml(front, rel, problems)
    if parsed is None:
        return None
    data, node = parsed
    if not isinstance(data, dict):
        if data is None:
            problems.error(rel, 1, "YAML 头信息是空的：至少需要 title 和 date")
        else:
            _report_yaml_error(front, yaml.YAMLError("不是“键: 值”的形式"), rel, problems, 2)
        return None
    # (a key given twice was reported by parse_yaml, at every level)
    return Source(path=path, rel=rel, meta=data, node=node, body=body, body_line=body_line)
