"""Collected content problems, printed as `path:line: 错误: message`."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

ERROR = "错误"
WARNING = "警告"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    level: str
    message: str
    col: int = 0  # 1-based column when known (proofreading findings)

    def __str__(self) -> str:
        where = f"{self.line}:{self.col}" if self.col else f"{self.line}"
        return f"{self.path}:{where}: {self.level}: {self.message}"


@dataclass
class Problems:
    """Every problem found in one run; the build fails once, at the end."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, message: str, col: int = 0) -> None:
        self.items.append(Problem(path, line, ERROR, message, col))

    def warning(self, path: str, line: int, message: str, col: int = 0) -> None:
        self.items.append(Problem(path, line, WARNING, message, col))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.level == WARNING]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items), key=lambda p: (p.path, p.line, p.col, p.level, p.message))

    def report(self, stream=None) -> None:
        stream = stream or sys.stderr
        for problem in self.sorted():
            print(problem, file=stream)

    def summary(self) -> str:
        return f"共 {len(self.errors)} 个错误，{len(self.warnings)} 个警告"
