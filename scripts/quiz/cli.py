"""`python -m scripts import-bank FILE.xlsx [--id ID]` and `export-bank ID FILE.xlsx`."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from ..oserrors import reason
from ..problems import Problems
from ..project import load_mkdocs_config, plugin_options
from ..schema import FieldError, Slug
from ..slugs import slugify
from .bank import RESERVED_IDS, bank_to_yaml_data, dump_yaml, load_banks, parse_bank
from .xlsx import ExportError, questions_yaml, read_workbook, workbook_bytes


def _project(config_file: str) -> tuple[Path, Path]:
    """(project root, banks folder) from mkdocs.yml."""
    config = load_mkdocs_config(config_file)
    options = plugin_options(config)
    root = Path(config.config_file_path).resolve().parent
    return root, root / options.materials_dir / options.quiz_dir


def import_bank(args) -> int:
    source = Path(args.file)
    if not source.is_file():
        print(f"{args.file}:1: 错误: 文件不存在", file=sys.stderr)
        return 1
    bank_id = args.id or slugify(source.stem)
    problem = id_problem(bank_id)
    if problem:
        print(f"{args.file}:1: 错误: {problem}", file=sys.stderr)
        return 1
    result = read_workbook(source, args.sheet)
    for line in result.errors:
        print(line, file=sys.stderr)
    if result.errors:
        print(f"导入未完成：共 {len(result.errors)} 个错误，没有写入任何文件。", file=sys.stderr)
        return 1
    root, folder = _project(args.config_file)
    target = Path(args.out) if args.out else folder / f"{bank_id}.yml"
    if target.exists() and not args.force:
        print(f"{target}:1: 错误: 文件已存在；要覆盖请加 --force", file=sys.stderr)
        return 1
    data = bank_to_yaml_data(bank_id, args.title or source.stem, questions_yaml(result.questions))
    if write_bank(target, dump_yaml(data)):
        return 1
    print(f"已导入 {len(result.questions)} 道题：{target}")
    return 0


def id_problem(bank_id: str) -> str | None:
    """Why `bank_id` cannot name a bank (the rule `check` applies to `id:`), or None."""
    try:
        Slug("编号").convert(bank_id)
    except FieldError as error:
        return f"题库编号 {error}；请用 --id 指定编号"
    if bank_id in RESERVED_IDS:
        return f"题库编号 “{bank_id}” 是保留字，请用 --id 指定其他编号"
    return None


def write_bank(target: Path, text: str) -> int:
    """Write a bank only if it loads exactly like a hand-written one; nothing is written otherwise.
    Written to a temporary file beside the target and renamed, so no half file is ever left."""
    problems = Problems()
    parse_bank(text, target, target.name, problems)
    if problems.errors:
        problems.report(sys.stderr)
        print("导入未完成：生成的题库没有通过检查，没有写入任何文件。", file=sys.stderr)
        return 1
    problems.report(sys.stderr)
    return write_file(target, text.encode("utf-8"))


def write_file(target: Path, data: bytes) -> int:
    """Replace `target` with `data` in one rename; an error in Chinese (and 1) when it cannot be written."""
    temporary = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        temporary = Path(name)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except OSError as error:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        print(f"{target}:1: 错误: 无法写入文件：{reason(error)}", file=sys.stderr)
        return 1
    return 0


def export_bank(args) -> int:
    root, folder = _project(args.config_file)
    problems = Problems()
    banks = {bank.id: bank for bank in load_banks(folder, root, problems)}
    problems.report(sys.stderr)
    bank = banks.get(args.id)
    if bank is None:
        known = "、".join(sorted(banks)) or "（没有题库）"
        print(f"错误: 没有编号为 “{args.id}” 的题库；现有：{known}", file=sys.stderr)
        return 1
    if problems.errors:
        print("题库有错误，请先改正再导出。", file=sys.stderr)
        return 1
    target = Path(args.file)
    if target.suffix.lower() != ".xlsx":
        print(f"{args.file}:1: 错误: 导出的文件名应以 .xlsx 结尾", file=sys.stderr)
        return 1
    try:
        data = workbook_bytes(bank)
    except ExportError as error:
        print(f"{bank.rel}:{error.line}: 错误: {error}", file=sys.stderr)
        return 1
    if write_file(target, data):
        return 1
    print(f"已导出 {len(bank.questions)} 道题：{args.file}")
    return 0


def register(commands) -> None:
    parser = commands.add_parser("import-bank", help="从 Excel 题库（.xlsx）导入知识测试题库")
    parser.add_argument("file", metavar="FILE.xlsx", help="Excel 题库文件")
    parser.add_argument("--id", default=None, help="题库编号（默认由文件名生成）")
    parser.add_argument("--title", default=None, help="题库标题（默认用文件名）")
    parser.add_argument("--sheet", default=None, help="工作表名称（默认第一个工作表）")
    parser.add_argument("--out", default=None, help="写入的 YAML 文件（默认 materials/quizzes/ID.yml）")
    parser.add_argument("--force", action="store_true", help="覆盖已存在的题库文件")
    parser.set_defaults(run=import_bank)

    parser = commands.add_parser("export-bank", help="把题库导出为 Excel（.xlsx）")
    parser.add_argument("id", metavar="ID", help="题库编号")
    parser.add_argument("file", metavar="FILE.xlsx", help="要写入的 Excel 文件")
    parser.set_defaults(run=export_bank)
