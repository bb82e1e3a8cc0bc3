"""`python -m scripts import-docx FILE.docx|文件夹/ --type unit|case|culture`: Word → draft materials.

Each document becomes `materials/<type>/<标题>.md` with `status: draft` and its pictures beside it
(`<标题>-图1.png` …). What could not be carried over is listed as 警告 lines; the drafts are then
checked like any material (`check --drafts`).
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

from ..project import load_mkdocs_config, plugin_options
from ..registry import validate_site
from ..slugs import slugify
from .convert import FIELD_NAMES, KINDS, Draft, to_draft
from .reader import DocxError, read_docx

WORD_SUFFIXES = (".docx", ".doc", ".wps")


def sources(paths: list[str]) -> tuple[list[Path], list[str]]:
    """The Word files named, folders expanded (Word's ~$ lock files skipped); errors for the rest."""
    found, errors = [], []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            inside = sorted(
                p for p in path.iterdir() if p.suffix.lower() in WORD_SUFFIXES and not p.name.startswith("~$")
            )
            if not inside:
                errors.append(f"{name}:1: 错误: 文件夹中没有 .docx 文件")
            found += inside
        elif path.is_file():
            found.append(path)
        else:
            errors.append(f"{name}:1: 错误: 文件不存在")
    return found, errors


def import_docx(args) -> int:
    config = load_mkdocs_config(args.config_file)
    options = plugin_options(config)
    root = Path(config.config_file_path).resolve().parent
    kind = KINDS[args.type]
    folder = root / options.materials_dir / kind
    files, errors = sources(args.paths)
    for line in errors:
        print(line, file=sys.stderr)
    written: list[Path] = []
    today = datetime.date.today()
    for path in files:
        try:
            draft = to_draft(read_docx(path), kind, path.stem, options, today)
        except DocxError as error:
            print(f"{path}:1: 错误: {error}", file=sys.stderr)
            errors.append(str(path))
            continue
        target = _write(draft, folder, args.force, path)
        if target is None:
            errors.append(str(path))
            continue
        written.append(target)
        _report(path, target, draft, root)
    problems = _check(written, config, root) if written else 0
    if errors or problems:
        print(f"导入完成 {len(written)} 篇，{len(errors)} 个文件未导入，{problems} 个错误。", file=sys.stderr)
        return 1
    print(f"导入完成 {len(written)} 篇草稿；请核对后把 status: draft 改为 published（或删去这一行）再发布。")
    return 0


def _write(draft: Draft, folder: Path, force: bool, source: Path) -> Path | None:
    target = folder / f"{draft.stem}.md"
    clashes = [target] + [folder / name for name, _ in draft.pictures]
    existing = [path for path in clashes if path.exists()]
    if existing and not force:
        print(
            f"{source}:1: 错误: {existing[0].as_posix()} 已存在，没有覆盖；要覆盖请加 --force",
            file=sys.stderr,
        )
        return None
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in draft.pictures:
        (folder / name).write_bytes(data)
    target.write_text(draft.text(), encoding="utf-8")
    return target


def _report(source: Path, target: Path, draft: Draft, root: Path) -> None:
    rel = target.relative_to(root).as_posix()
    pictures = f"，图片 {len(draft.pictures)} 张" if draft.pictures else ""
    print(f"{source.name} → {rel}（草稿{pictures}）；发布后的地址：{draft.kind}/{slugify(draft.stem)}.html")
    if draft.filled:
        print(f"  头信息取自文档：{'、'.join(FIELD_NAMES.get(key, key) for key in draft.filled)}")
    for note in draft.notes:
        print(f"{rel}:1: 警告: {note}（来自 {source.name}）", file=sys.stderr)


def _check(written: list[Path], config, root: Path) -> int:
    """Check the new drafts as `check --drafts` would; print their problems; return the error count."""
    catalog, _ = validate_site(plugin_options(config), root, Path(config.docs_dir), include_drafts=True)
    names = {path.relative_to(root).as_posix() for path in written}
    mine = [problem for problem in catalog.problems.sorted() if problem.path in names]
    for problem in mine:
        print(problem, file=sys.stderr)
    return sum(problem.level == "错误" for problem in mine)


def register(commands) -> None:
    parser = commands.add_parser("import-docx", help="把 Word/WPS 文档（.docx）导入为草稿材料")
    parser.add_argument("paths", nargs="+", metavar="FILE.docx", help=".docx 文件，或装有 .docx 文件的文件夹")
    parser.add_argument(
        "--type", required=True, choices=sorted(KINDS), help="材料类型：unit 学习单元、case 警示案例、culture 孝廉文化"
    )
    parser.add_argument("--force", action="store_true", help="覆盖已存在的同名材料和图片")
    parser.set_defaults(run=import_docx)
