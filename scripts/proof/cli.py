"""`python -m scripts proof [路径 …]`: proofread materials (default), or any files and folders."""

from __future__ import annotations

import sys
from pathlib import Path

from ..problems import ERROR, WARNING, Problem, Problems
from . import proof_file
from .feature import cached_dictionary, dictionary_path, proofread_files

SUFFIXES = {".md", ".markdown", ".yml", ".yaml", ".txt"}


def register(commands) -> None:
    parser = commands.add_parser("proof", help="规范表述校对：检查材料、题库、学习安排（或指定的文件、文件夹）")
    parser.add_argument("paths", nargs="*", help="要校对的文件或文件夹（默认：materials/ 中的全部材料）")
    parser.set_defaults(run=run)


def run(args) -> int:
    from ..project import load_mkdocs_config, plugin_options

    config = load_mkdocs_config(args.config_file)
    options = plugin_options(config)
    root = Path(config.config_file_path).resolve().parent
    problems = Problems()
    dictionary_file = dictionary_path(options, root)
    dictionary = cached_dictionary(dictionary_file, _shown(dictionary_file, root), problems)
    files = _expand(args.paths, dictionary_file) if args.paths else proofread_files(options, root)
    missing = [path for path in args.paths if not Path(path).exists()]
    for path in missing:
        problems.error(path, 1, "找不到这个文件或文件夹")
    level = ERROR if options.proof_level == "error" else WARNING
    count = 0
    for file in files:
        rel = _shown(file, root)
        for found in proof_file(file, rel, dictionary, problems):
            problems.items.append(Problem(rel, found.line, level, found.text(), found.col))
            count += 1
    problems.report(sys.stdout)
    entries = len(dictionary.entries) + len(dictionary.orders)
    print(f"校对了 {len(files)} 个文件（词典 {entries} 条）：发现 {count} 处需要核对。", file=sys.stderr)
    return 1 if problems.items else 0


def _expand(paths: list[str], dictionary_file: Path) -> list[Path]:
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        elif path.is_file():
            files.append(path)
    skip = dictionary_file.resolve()
    return [path for path in files if path.resolve() != skip and not _hidden(path)]


def _hidden(path: Path) -> bool:
    return any(part.startswith(".") and part not in (".", "..") for part in path.parts)


def _shown(path: Path, root: Path) -> str:
    for base in (Path.cwd(), root):
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()
