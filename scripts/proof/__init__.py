"""规范表述 proofreading: `python -m scripts proof [paths]`, and 警告 in `check` and every build.

Findings are `path:line:col: 警告: 规则：… ；应为 …`. A line silences one rule with a visible
comment naming it: `<!-- 校对：忽略 重复字 -->` in Markdown, `# 校对：忽略 重复字` in YAML.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

from ..problems import Problems
from ..source import read_text
from . import mask, rules
from .dictionary import Dictionary

_SILENCE = re.compile(r"校对\s*[:：]\s*忽略\s*([^\s>#-][^>#\n]*?)\s*(?:-->|$)", re.M)


@dataclass(frozen=True)
class Found:
    line: int
    col: int
    rule: str
    message: str

    def text(self) -> str:
        return f"{self.rule}：{self.message}"


def kind_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".yml", ".yaml"):
        return "yaml"
    if suffix in (".md", ".markdown"):
        return "markdown"
    return "text"


def proof_text(text: str, kind: str, dictionary: Dictionary) -> list[Found]:
    """Every finding in one file's text (kind: markdown | yaml | text), silenced ones left out."""
    prose = {"markdown": mask.markdown, "yaml": mask.yaml_file}.get(kind, mask.plain)(text)
    findings: list[rules.Finding] = []
    covered: list[tuple[int, int]] = []
    for finding, end in dictionary.find(prose):
        findings.append(finding)
        covered.append((finding.index, end))
    for finding in rules.doubled(prose, dictionary.allow, dictionary.words):
        if not any(start <= finding.index < end for start, end in covered):
            findings.append(finding)
    for rule in (rules.pairs, rules.half_width, rules.spaces, rules.quotes, rules.ordinals, rules.numbers):
        findings.extend(rule(prose))
    starts = [0] + [match.end() for match in re.finditer("\n", text)]
    silenced = _silenced(text, starts)
    out = []
    for finding in sorted(set(findings), key=lambda f: (f.index, f.rule)):
        line = bisect.bisect_right(starts, finding.index)
        if finding.rule in silenced.get(line, ()):
            continue
        out.append(Found(line, finding.index - starts[line - 1] + 1, finding.rule, finding.message))
    return out


def _silenced(text: str, starts: list[int]) -> dict[int, set[str]]:
    lines: dict[int, set[str]] = {}
    for match in _SILENCE.finditer(text):
        line = bisect.bisect_right(starts, match.start())
        names = {name.strip() for name in re.split(r"[、,，\s]+", match.group(1)) if name.strip()}
        lines.setdefault(line, set()).update(names)
    return lines


# Findings of unchanged files, by path: `mkdocs serve` proofreads on every rebuild.
_cache: dict[Path, tuple[tuple, list[Found]]] = {}


def proof_file(path: Path, rel: str, dictionary: Dictionary, problems: Problems) -> list[Found]:
    """Findings of one file (an unreadable file is reported once, by `check` or here)."""
    try:
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size, id(dictionary))
    except OSError:
        key = None
    cached = _cache.get(path)
    if key is not None and cached is not None and cached[0] == key:
        return cached[1]
    text = read_text(path, rel, problems)
    found = proof_text(text, kind_of(path), dictionary) if text is not None else []
    if key is not None:
        _cache[path] = (key, found)
    return found
