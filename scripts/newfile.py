"""`python -m scripts new unit|case|culture|bank|session "标题"`: a ready-to-fill file.

Every field is written out with a Chinese comment: what it is, whether it is required, and
(after 例如：) an example value. New materials start as drafts. A session is appended to
schedule.yml on the next free Thursday. Existing files are never overwritten.
"""

from __future__ import annotations

import datetime
import re
import sys
import unicodedata
from pathlib import Path

import yaml

from .slugs import slugify

KINDS = ("unit", "case", "culture", "bank", "session")
FOLDERS = {"unit": "units", "case": "cases", "culture": "culture"}
_BAD_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
COMMENT_COLUMN = 32


def register(commands) -> None:
    parser = commands.add_parser("new", help="新建一篇材料、一个题库或一次学习安排（带中文注释的模板）")
    parser.add_argument(
        "kind",
        choices=KINDS,
        metavar="类型",
        help="unit 学习单元、case 警示案例、culture 孝廉文化、bank 题库、session 学习安排",
    )
    parser.add_argument("title", metavar="标题")
    parser.add_argument("--date", default=None, help="日期 YYYY-MM-DD（学习安排默认下一个空闲的星期四，其余默认今天）")
    parser.set_defaults(run=run)


def run(args) -> int:
    from .project import load_mkdocs_config, plugin_options

    config = load_mkdocs_config(args.config_file)
    options = plugin_options(config)
    root = Path(config.config_file_path).resolve().parent
    title = args.title.strip()
    if not title:
        print("错误: 标题不能为空", file=sys.stderr)
        return 1
    try:
        date = datetime.date.fromisoformat(args.date) if args.date else None
    except ValueError:
        print(f"错误: 日期 “{args.date}” 应为 YYYY-MM-DD 格式，例如 2026-09-03", file=sys.stderr)
        return 1
    materials = root / options.materials_dir
    if args.kind == "session":
        return _new_session(materials / options.schedule_file, root, title, date, options)
    if args.kind == "bank":
        folder = materials / options.quiz_dir
        path = folder / f"{file_name(title)}.yml"
        slug = _free_slug(slugify(title), _bank_ids(folder))
        text = bank_template(title, slug)
        address = f"quizzes/{slug}.html"
    else:
        folder = materials / FOLDERS[args.kind]
        path = folder / f"{file_name(title)}.md"
        slug = _free_slug(slugify(path.stem), _material_slugs(folder))
        text = material_template(args.kind, title, slug, date or datetime.date.today(), options, path.stem)
        address = f"{FOLDERS[args.kind]}/{slug}.html"
    if path.exists():
        print(f"错误: {_rel(path, root)} 已经存在，没有改动它；请换一个标题，或直接编辑这个文件", file=sys.stderr)
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    _report(_rel(path, root), address, config.site_url, draft=args.kind != "bank")
    return 0


def file_name(title: str) -> str:
    """The title as a file name: characters Windows or the web refuse become “-”."""
    return _BAD_FILE_CHARS.sub("-", title).strip(" .-") or "未命名"


def _free_slug(slug: str, taken: set[str]) -> str:
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def _material_slugs(folder: Path) -> set[str]:
    from .content.broken import guess_id

    return {guess_id(path) for path in folder.glob("*.md")} if folder.is_dir() else set()


def _bank_ids(folder: Path) -> set[str]:
    from .content.broken import guess_id

    return {guess_id(path) for path in folder.glob("*.y*ml")} if folder.is_dir() else set()


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _report(rel: str, address: str, site_url: str | None, draft: bool) -> None:
    print(f"已新建：{rel}")
    full = f"{site_url.rstrip('/')}/{address}" if site_url else address
    print(f"网址：{full}" + ("（发布后；网址由 id 决定，发布后请不要再改 id）" if draft else ""))
    steps = "按注释填写各字段（“例如：”后面是示例），"
    steps += "写好后把 status 改为 published，" if draft else ""
    print(f"下一步：{steps}然后运行 make check 检查。")


def scalar(value: str) -> str:
    """A YAML scalar for `value` as one line (quoted only when YAML needs it)."""
    return yaml.safe_dump(value, allow_unicode=True, width=10_000).split("\n", 1)[0]


def line(key: str, value: str, comment: str, indent: str = "") -> str:
    """`key: value   # comment`, the comments lined up as an editor shows them (汉字 are two columns)."""
    head = f"{indent}{key}:{' ' + value if value else ''}"
    return head + " " * max(2, COMMENT_COLUMN - _width(head)) + f"# {comment}"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


# --- materials ---------------------------------------------------------------------------------


def material_template(kind: str, title: str, slug: str, date: datetime.date, options, stem: str) -> str:
    folder = FOLDERS[kind]
    head = [
        "---",
        line("title", scalar(title), "标题（必填）"),
        line("date", date.isoformat(), "日期（必填）：年-月-日，月和日都写两位"),
        line("id", slug, f"页面地址（网址 {folder}/{slug}.html）：小写字母、数字和连字符；发布后不要再改"),
        line("status", "draft", "状态：draft 草稿，只在 make serve 预览中出现；写好后改为 published 发布"),
        line("tags", "", "标签（可选），可写多个。例如：[主题教育, 廉洁自律]"),
        line("summary", "", "摘要（可选，不写则取正文第一段）。例如：一段话说明本篇的要点。"),
    ]
    head += _TYPE_FIELDS[kind](options, stem)
    head.append("---")
    return "\n".join(head) + "\n\n" + _BODIES[kind](options) + "\n"


def _unit_fields(options, stem: str) -> list[str]:
    return [
        line("objectives", "", "学习目标（可选），每条一句。例如：[理解“三会一课”的基本要求, 按时参加组织生活]"),
        line("discussion", "", "研讨题（可选），每题一句。例如：[结合本职工作，谈谈如何落实“一岗双责”？]"),
        line("source", "", "出处（可选）：依据的文件或讲话。例如：《中国共产党章程》"),
        line("quiz", "", "知识测试（可选）：题库编号，即 materials/quizzes/ 中题库的 id；单元页末尾会链接这个测试"),
    ]


def _case_fields(options, stem: str) -> list[str]:
    categories = "、".join(options.cases_categories)
    example = options.cases_categories[0] if options.cases_categories else ""
    return [
        line("category", "", f"纪律类别（必填）：{categories} 之一。例如：{example}"),
        line("subject", "", "当事人（可选）。例如：某局原局长张某"),
        line("outcome", "", "处理结果（可选）。例如：开除党籍、政务撤职处分"),
        line("basis", "", "纪法依据（可选），可写多条。例如：[《中国共产党纪律处分条例》]"),
    ]


def _culture_fields(options, stem: str) -> list[str]:
    forms = "、".join(options.culture_forms)
    example = options.culture_forms[0] if options.culture_forms else ""
    return [
        line("form", "", f"作品形式（必填）：{forms} 之一。例如：{example}"),
        line("author", "", "作者或供稿单位（可选）。例如：王某某（某街道文化站）"),
        line("media", "", f"图片、音频、视频（可选）：文件放在本文件旁边，在这里写文件名。例如：[{stem}.jpg]"),
    ]


_TYPE_FIELDS = {"unit": _unit_fields, "case": _case_fields, "culture": _culture_fields}

PICTURE_HINT = "插入图片：把图片文件放在本文件旁边，在正文里写 `![图片说明](图片文件名.jpg)`。"


def _unit_body(options) -> str:
    return "\n".join(
        [
            "<!-- 正文从这里开始：用 ## 写小标题（不要用 # 一级标题，页面标题来自 title）。",
            f"     {PICTURE_HINT}",
            "     链接其他材料：`[学查改做](学查改做.md)`，案例写 `[张某案](../cases/张某案.md)`。 -->",
            "",
            "## 学习要点",
            "",
            "<!-- 在这里写正文。 -->",
        ]
    )


def _case_body(options) -> str:
    hints = {
        0: "写明违纪违法事实：时间、职务、经过、金额。",
        1: "剖析原因：理想信念、纪法意识、监督管理上的问题。",
        2: "警示要点：从本案应吸取的教训，对照检查的要求。",
    }
    parts = [f"<!-- 三个小节的标题不要改。{PICTURE_HINT} -->"]
    for index, name in enumerate(options.cases_sections):
        parts += ["", f"## {name}", "", f"<!-- {hints.get(index, '在这里写这一节。')} -->"]
    return "\n".join(parts)


def _culture_body(options) -> str:
    return "\n".join(
        [
            "<!-- 作品介绍、创作说明或剧本正文。小品剧本每行写成“角色：台词”。",
            f"     图片也可以写在 media 字段里（作品图集）；{PICTURE_HINT} -->",
            "",
            "## 作品说明",
            "",
            "<!-- 在这里写正文。 -->",
        ]
    )


_BODIES = {"unit": _unit_body, "case": _case_body, "culture": _culture_body}


# --- question bank -----------------------------------------------------------------------------------


def bank_template(title: str, slug: str) -> str:
    q = "    "
    lines = [
        f"# 知识测试题库：{title}。写法见 docs/知识测试说明.md；每个“例如：”后面是示例",
        line("id", slug, f"题库编号（网址 quizzes/{slug}.html）：小写字母、数字和连字符；发布后不要再改"),
        line("title", scalar(title), "题库名称（必填）"),
        line("description", "", "说明（可选），显示在测试页顶部。例如：本测试共 4 题，用于周四学习日随学随测。"),
        line("pass_score", "", "及格分（可选，百分制，默认 60）。例如：80"),
        line("draw", "", "每次考试抽几道题（可选，默认全部）。例如：4"),
        line("time_limit", "", "考试时限（可选，分钟，默认不限时）。例如：30"),
        line("shuffle_options", "", "是否打乱选项顺序（可选，默认 true）。例如：true"),
        line("tags", "", "标签（可选）。例如：[党章党规]"),
        line("questions", "", "题目：每题以“- id:”开头；题目编号在本题库内不能重复，发布后不要再改"),
        line("- id", "q1", "第 1 题（单选）：题目编号", "  "),
        line("type", "single", "题型：single 单选、multiple 多选、judge 判断、blank 填空", q),
        line("stem", "", "题干（必填）。例如：党的最高理想和最终目标是什么？", q),
        line("options", "", "选项（单选、多选必填，2 到 8 个）。例如：[实现共产主义, 全面建成小康社会, 实现现代化]", q),
        line("answer", "", "答案：选项字母。例如：A", q),
        line("explanation", "", "解析（可选），答题后显示。例如：见《中国共产党章程》总纲。", q),
        line("source", "", "出处（可选）：材料的路径，例如 units/党章党规.md（草稿不能作为出处）", q),
        line("score", "", "分值（可选，默认 1）。例如：2", q),
        line("tags", "", "本题的标签（可选）。例如：[党章]", q),
        line("- id", "q2", "第 2 题（多选）：题目编号", "  "),
        line("type", "multiple", "多选题：答案写全部正确选项的字母", q),
        line("stem", "", "题干（必填）。例如：“四个自信”包括哪些？", q),
        line("options", "", "选项。例如：[道路自信, 理论自信, 制度自信, 文化自信]", q),
        line("answer", "", "答案。例如：ABCD", q),
        line("- id", "q3", "第 3 题（判断）：题目编号", "  "),
        line("type", "judge", "判断题：答案写 正确 或 错误（也可写 对/错、√/×）", q),
        line("stem", "", "题干（必填）。例如：党支部应当每月相对固定一天开展主题党日。", q),
        line("answer", "", "答案。例如：正确", q),
        line("- id", "q4", "第 4 题（填空）：题目编号", "  "),
        line("type", "blank", "填空题：题干里用 ____（两个以上下划线）标出空，空的个数与答案个数一致", q),
        line("stem", "", "题干（必填）。例如：党的最高理想和最终目标是实现____。", q),
        line("answer", "", "答案：每个空一项，一个空有几种说法时写成列表。例如：[共产主义]", q),
    ]
    return "\n".join(lines) + "\n"


# --- a session in schedule.yml ---------------------------------------------------------------------------


def session_block(title: str, date: datetime.date, forms, indent: str) -> list[str]:
    inner = indent + "  "
    form_list = "、".join(forms)
    return [
        f"{indent}# 新的学习安排（python -m scripts new session 生成）；写法见 docs/学习安排说明.md",
        line("- date", date.isoformat(), "日期（必填）：周四学习日，年-月-日", indent),
        line("topic", scalar(title), "主题（必填）", inner),
        line("time", "", '时间（可选）。例如："14:30-16:30"', inner),
        line("location", "", "地点（可选）。例如：三楼党员活动室", inner),
        line(
            "form",
            "",
            f"形式（可选，默认 {forms[0] if forms else ''}）：{form_list} 之一。例如：{forms[0] if forms else ''}",
            inner,
        ),
        line("host", "", "主讲人（可选）。例如：王书记", inner),
        line("units", "", "学习单元（可选）：单元的 id（或文件名的拼音），多个写成 [甲, 乙]", inner),
        line("cases", "", "警示案例（可选）：案例的 id（或文件名的拼音），多个写成 [甲, 乙]", inner),
        line("quiz", "", "知识测试（可选）：题库编号", inner),
        line("audience", "", "参学对象（可选，不写表示全体党员）。例如：[机关第一支部]", inner),
        line("agenda", "", "议程（可选，不写则按形式自动生成）。例如：[学习原文, 交流发言, 主持人小结]", inner),
        line("notes", "", "备注（可选）。例如：请提前通读学习材料", inner),
    ]


def _new_session(path: Path, root: Path, title: str, date: datetime.date | None, options) -> int:
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n") if path.is_file() else ""
    taken = set(re.findall(r"^\s*-?\s*date:\s*['\"]?(\d{4}-\d{2}-\d{2})", text, re.M))
    if date is None:
        date = next_free_thursday(datetime.date.today(), taken)
    elif date.isoformat() in taken:
        print(
            f"错误: {date.isoformat()} 已有学习安排；请用 --date 选另一天，或直接编辑 {_rel(path, root)}",
            file=sys.stderr,
        )
        return 1
    match = re.search(r"^sessions:[ \t]*(\[\])?[ \t]*(#.*)?$", text, re.M)
    if match is None:
        block = session_block(title, date, list(options.schedule_forms), "  ")
        text = text.rstrip("\n") + ("\n\n" if text.strip() else "") + "sessions:\n" + "\n".join(block) + "\n"
    else:
        if match.group(1):  # `sessions: []`: the list starts here
            text = text[: match.start(1)].rstrip(" ") + text[match.end(1) :]
            match = re.search(r"^sessions:[ \t]*(#.*)?$", text, re.M)
        end = _block_end(text, match.end())
        block = session_block(title, date, list(options.schedule_forms), _item_indent(text, match.end(), end))
        head, tail = text[:end].rstrip("\n"), text[end:]
        text = head + "\n\n" + "\n".join(block) + "\n" + ("\n" + tail if tail else "")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"已在 {_rel(path, root)} 末尾加入 {date.isoformat()}（{'一二三四五六日'[date.weekday()]}）的学习安排")
    print(f"网址：schedule/{date.isoformat()}.html（同一天有几个支部分别安排时，网址后会加支部名的拼音）")
    print("下一步：按注释填写各字段（“例如：”后面是示例），然后运行 make check 检查。")
    return 0


def next_free_thursday(today: datetime.date, taken: set[str]) -> datetime.date:
    day = today + datetime.timedelta(days=(3 - today.weekday()) % 7)
    while day.isoformat() in taken:
        day += datetime.timedelta(days=7)
    return day


def _item_indent(text: str, start: int, end: int) -> str:
    """How the existing sessions are indented (`  - date:` or `- date:`)."""
    match = re.compile(r"^([ \t]*)- ", re.M).search(text, start, end)
    return match.group(1) if match else "  "


def _block_end(text: str, start: int) -> int:
    """Where the `sessions:` block ends: the next top-level key, or the end of the file."""
    match = re.compile(r"^[^\s#-]", re.M).search(text, start + 1)
    return match.start() if match else len(text)
