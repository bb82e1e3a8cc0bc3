"""`python -m scripts import-bank FILE.xlsx [--id ID]` and `export-bank ID FILE.xlsx`."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import yaml

from ..oserrors import reason
from ..problems import Problems
from ..project import load_mkdocs_config, plugin_options
from ..schema import FieldError, Slug
from ..slugs import slugify
from ..source import parse_yaml, read_text
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
    for line in result.errors + result.warnings:
        print(line, file=sys.stderr)
    if result.errors:
        print(f"导入未完成：共 {len(result.errors)} 个错误，没有写入任何文件。", file=sys.stderr)
        return 1
    root, folder = _project(args.config_file)
    target = Path(args.out) if args.out else folder / f"{bank_id}.yml"
    if target.exists() and not args.force:
        print(f"{target}:1: 错误: 文件已存在；要覆盖请加 --force", file=sys.stderr)
        return 1
    questions = questions_yaml(result.questions)
    if target.exists():
        text = replace_questions(target, questions, args.title)
        if text is None:
            return 1
    else:
        text = dump_yaml(bank_to_yaml_data(bank_id, args.title or source.stem, questions))
    if write_bank(target, text):
        return 1
    print(f"已导入 {len(result.questions)} 道题：{target}")
    if len(result.sheets) > 1:
        print("；".join(f"工作表 “{name}” {count} 道" for name, count in result.sheets))
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


def replace_questions(target: Path, questions: list[dict], title: str | None) -> str | None:
    """The bank file with only its questions (and title, if given) replaced: settings and comments stay."""
    problems = Problems()
    text = read_text(target, str(target), problems)
    parsed = parse_yaml(text, str(target), problems, first_line=1) if text is not None else None
    if parsed is None or not isinstance(parsed[1], yaml.MappingNode):
        problems.report(sys.stderr)
        print(
            f"{target}:1: 错误: 现有题库文件无法读取，--force 无法保留它的设置；请先改正或删除这个文件",
            file=sys.stderr,
        )
        return None
    data, mapping = parsed
    if len({key.start_mark.line for key, _ in mapping.value}) < len(mapping.value):
        # Keys sharing a line ({id: x, questions: …}): written anew, settings kept, comments are not.
        text = dump_yaml({**data, **({"title": title} if title else {}), "questions": questions})
    else:
        text = _replace_key(text, mapping, "questions", dump_yaml({"questions": questions}))
        if title:
            line = yaml.safe_dump({"title": title}, allow_unicode=True, default_flow_style=False, width=1000)
            text = _replace_key(text, yaml.compose(text, Loader=yaml.SafeLoader), "title", line)
    kept = [str(key.value) for key, _ in mapping.value if key.value not in ("questions", "title" if title else "")]
    if kept:
        print(f"已保留题库设置：{'、'.join(kept)}")
    return text


def _replace_key(text: str, mapping: yaml.MappingNode, key: str, replacement: str) -> str:
    """Replace the lines of one top-level key (up to the next key) by `replacement`."""
    lines = text.split("\n")
    starts = [key_node.start_mark.line for key_node, _ in mapping.value]
    for index, (key_node, _) in enumerate(mapping.value):
        if key_node.value == key:
            end = starts[index + 1] if index + 1 < len(starts) else len(lines)
            while end > key_node.start_mark.line + 1 and not lines[end - 1].strip():
                end -= 1
            lines[key_node.start_mark.line : end] = replacement.rstrip("\n").split("\n")
            return "\n".join(lines).rstrip("\n") + "\n"
    return text.rstrip("\n") + "\n" + replacement


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
    parser.add_argument("--sheet", default=None, help="只读这个工作表（默认读全部工作表）")
    parser.add_argument("--out", default=None, help="写入的 YAML 文件（默认 materials/quizzes/ID.yml）")
    parser.add_argument("--force", action="store_true", help="替换已存在题库的题目（保留标题、抽题数等设置）")
    parser.set_defaults(run=import_bank)

    parser = commands.add_parser("export-bank", help="把题库导出为 Excel（.xlsx）")
    parser.add_argument("id", metavar="ID", help="题库编号")
    parser.add_argument("file", metavar="FILE.xlsx", help="要写入的 Excel 文件")
    parser.set_defaults(run=export_bank)
