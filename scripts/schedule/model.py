"""The study plan: schema, loader and validation of `materials/schedule.yml`.

title: 2026—2027 年度学习安排        # optional
statement: 年度学习安排的说明……      # optional, the yearly statement
months:                              # optional, 月度安排 headings
  2026-09: 开学季 · 学党章守党规
sessions:
  - date: 2026-09-03                 # a Thursday (warned otherwise)
    time: "14:30-16:30"              # optional
    location: 三楼会议室             # optional
    topic: 学党章、守党规             # required
    form: 集中学习                   # one of schedule_forms
    host: 王书记                     # 主讲人
    units: [dang-zhang-dang-gui]     # study unit ids (slugs)
    cases: [zhang-mou-shou-li-jin]   # case ids
    quiz: ""                         # quiz bank id
    audience: [机关第一支部]          # 支部 names; empty means every branch
    agenda: [...]                    # optional, derived when absent
    notes: 请提前通读党章总纲
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..problems import Problems
from ..schema import Choice, Date, FieldError, Text, TextList, closest, kind_name
from ..slugs import slugify
from ..source import parse_yaml, read_text

WEEKDAYS = "一二三四五六日"
TIME = re.compile(r"^(\d{1,2}):(\d{2})(?:\s*[-–—~～至]\s*(\d{1,2}):(\d{2}))?$")
MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
TOP_KEYS = {"title": "标题", "statement": "年度学习安排", "months": "月度安排", "sessions": "学习安排"}


def session_fields(forms) -> dict:
    return {
        "date": Date("日期", required=True),
        "time": Text("时间", default=""),
        "location": Text("地点", default=""),
        "topic": Text("主题", required=True),
        "form": Choice("形式", default=forms[0] if forms else "", choices=tuple(forms)),
        "host": Text("主讲人", default=""),
        "units": TextList("学习单元", default=[]),
        "cases": TextList("警示案例", default=[]),
        "quiz": Text("知识测试", default=""),
        "audience": TextList("参学对象", default=[]),
        "agenda": TextList("议程", default=[]),
        "notes": Text("备注", default=""),
    }


@dataclass
class Session:
    """One 周四学习日 session."""

    date: datetime.date
    topic: str
    form: str = ""
    time: str = ""
    location: str = ""
    host: str = ""
    units: list[str] = field(default_factory=list)
    cases: list[str] = field(default_factory=list)
    quiz: str = ""
    audience: list[str] = field(default_factory=list)
    agenda: list[str] = field(default_factory=list)
    notes: str = ""
    line: int = 1
    slug: str = ""  # set by the plan once every session is known

    @property
    def audience_key(self) -> str:
        """Stable key of the audience, whatever its order: part of the UID and of the URL."""
        return slugify("-".join(sorted(self.audience))) if self.audience else "all"

    @property
    def audience_label(self) -> str:
        return "、".join(self.audience) if self.audience else "全体党员"

    @property
    def weekday(self) -> str:
        return "星期" + WEEKDAYS[self.date.weekday()]

    @property
    def times(self) -> tuple[datetime.time, datetime.time | None] | None:
        """(start, end or None) from `time`, None when no time is given."""
        match = TIME.match(self.time)
        if not match:
            return None
        start = datetime.time(int(match[1]), int(match[2]))
        end = datetime.time(int(match[3]), int(match[4])) if match[3] else None
        return start, end

    @property
    def uid(self) -> str:
        """From the page address once it has one: both stay when a branch joins the date (see _assign_slugs)."""
        if self.slug:
            return f"{self.date:%Y%m%d}-{self.slug[11:] or 'all'}@xuanjiao"
        return f"{self.date:%Y%m%d}-{self.audience_key}@xuanjiao"

    @property
    def src_uri(self) -> str:
        return f"schedule/{self.slug}.md"

    @property
    def signin_uri(self) -> str:
        return f"schedule/{self.slug}-qiandao.md"

    @property
    def record_uri(self) -> str:
        return f"schedule/{self.slug}-jilu.md"

    @property
    def packet_uri(self) -> str:
        return f"schedule/{self.slug}-cailiao.md"

    @property
    def ics_uri(self) -> str:
        return f"schedule/{self.slug}.ics"


@dataclass
class Plan:
    """The whole schedule file, sessions sorted by date then audience."""

    title: str = "学习安排"
    statement: str = ""
    months: dict[tuple[int, int], str] = field(default_factory=dict)
    sessions: list[Session] = field(default_factory=list)
    rel: str = ""

    def by_month(self) -> list[tuple[tuple[int, int], str, list[Session]]]:
        """[((year, month), 月度安排 text, sessions)] for every month with a session or a heading."""
        keys = sorted({(s.date.year, s.date.month) for s in self.sessions} | set(self.months))
        return [
            (key, self.months.get(key, ""), [s for s in self.sessions if (s.date.year, s.date.month) == key])
            for key in keys
        ]


@dataclass
class Known:
    """The ids a schedule may reference, with their titles (for hints)."""

    units: dict[str, str] = field(default_factory=dict)  # slug → title
    cases: dict[str, str] = field(default_factory=dict)
    banks: set[str] = field(default_factory=set)
    drafts: set[str] = field(default_factory=set)  # "units:slug" of draft items
    aliases: dict[str, str] = field(default_factory=dict)  # file stem or title → slug


def load_plan(path: Path, rel: str, forms, known: Known, problems: Problems, published=None) -> Plan:
    """Read and validate the schedule file; a missing file is an empty plan.

    `published`: {date: [slug, …]} of session pages already published (materials/addresses.yml).
    """
    plan = Plan(rel=rel)
    if not path.is_file():
        return plan
    text = read_text(path, rel, problems)
    parsed = parse_yaml(text, rel, problems, first_line=1) if text is not None else None
    if parsed is None:
        return plan
    data, node = parsed
    if not isinstance(data, dict):
        problems.error(rel, 1, f"学习安排文件应为“键: 值”的形式（含 sessions 列表），实际是{kind_name(data)}")
        return plan
    nodes = _mapping_nodes(node)
    _check_keys(data, TOP_KEYS, nodes, rel, problems)
    plan.title = _text(data.get("title"), "title", "标题", nodes, rel, problems) or plan.title
    plan.statement = _text(data.get("statement"), "statement", "年度学习安排", nodes, rel, problems)
    plan.months = _load_months(data.get("months"), nodes.get("months"), rel, problems)
    plan.sessions = _load_sessions(data.get("sessions"), nodes.get("sessions"), forms, known, rel, problems)
    _check_duplicates(plan.sessions, rel, problems)
    _assign_slugs(plan.sessions, published or {})
    return plan


def _line(node: yaml.Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 1


def _mapping_nodes(node: yaml.Node | None) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): (key, value) for key, value in node.value}


def _check_keys(data: dict, allowed: dict[str, Any], nodes, rel: str, problems: Problems) -> None:
    for key in data:
        if key not in allowed:
            guess = closest(str(key), list(allowed))
            hint = f"是否应为 “{guess}”？" if guess else f"允许的字段：{', '.join(allowed)}"
            problems.error(rel, _line(nodes.get(str(key), (None,))[0]), f"未知字段 “{key}”，{hint}")


def _text(value, key: str, label: str, nodes, rel: str, problems: Problems) -> str:
    if value is None:
        return ""
    try:
        return Text(label).convert(value)
    except FieldError as error:
        problems.error(rel, _line(nodes[key][1]), f"字段 “{key}”（{label}）{error}")
        return ""


def _load_months(value, nodes, rel: str, problems: Problems) -> dict[tuple[int, int], str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.error(
            rel, _line(nodes[1]), f"字段 “months”（月度安排）应为“年-月: 说明”的键值对，实际是{kind_name(value)}"
        )
        return {}
    months = {}
    for key_node, value_node in nodes[1].value:
        match = MONTH.match(str(key_node.value).strip())
        if not match or not 1 <= int(match[2]) <= 12:
            problems.error(rel, _line(key_node), f"月份 “{key_node.value}” 应写成 YYYY-MM，例如 2026-09")
            continue
        if not isinstance(value_node, yaml.ScalarNode):
            problems.error(rel, _line(value_node), f"月份 “{key_node.value}” 的月度安排应为一段文字")
            continue
        months[(int(match[1]), int(match[2]))] = str(value_node.value).strip()
    return months


def _load_sessions(value, nodes, forms, known: Known, rel: str, problems: Problems) -> list[Session]:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.error(
            rel,
            _line(nodes[1]),
            f"字段 “sessions”（学习安排）应为列表，每一项以“- date: …”开头，实际是{kind_name(value)}",
        )
        return []
    fields = session_fields(forms)
    sessions = []
    for entry, entry_node in zip(value, nodes[1].value, strict=True):
        session = _load_session(entry, entry_node, fields, known, rel, problems)
        if session is not None:
            sessions.append(session)
    return sorted(sessions, key=lambda s: (s.date, s.audience_key))


def _load_session(entry, node: yaml.Node, fields, known: Known, rel: str, problems: Problems) -> Session | None:
    line = _line(node)
    if not isinstance(entry, dict):
        problems.error(rel, line, f"每一项学习安排应为“键: 值”的形式（date、topic……），实际是{kind_name(entry)}")
        return None
    nodes = _mapping_nodes(node)
    _check_keys(entry, fields, nodes, rel, problems)
    values: dict[str, Any] = {}
    ok = True
    for key, spec in fields.items():
        raw = _raw(entry, nodes, key)
        if raw is None:
            if spec.required:
                problems.error(rel, line, f"缺少必填字段 “{key}”（{spec.label}）")
                ok = False
            values[key] = list(spec.default) if isinstance(spec.default, list) else spec.default
            continue
        try:
            values[key] = spec.convert(raw)
        except FieldError as error:
            value_node = nodes[key][1]
            if error.index is not None and isinstance(value_node, yaml.SequenceNode):
                value_node = value_node.value[error.index]
            problems.error(rel, _line(value_node), f"字段 “{key}”（{spec.label}）{error}")
            ok = False
    if values.get("date") and values["date"].weekday() != 3:
        day = values["date"]
        weekday = "星期" + WEEKDAYS[day.weekday()]
        problems.warning(rel, _line(nodes["date"][1]), f"{day.isoformat()} 是{weekday}，不是星期四（周四学习日）")
    if not ok:
        return None
    session = Session(line=line, **values)
    _check_session(session, nodes, known, rel, problems)
    return session


def _raw(entry: dict, nodes, key: str):
    """The value as written: `14:30` stays text although YAML 1.1 reads it as a number."""
    value = entry.get(key)
    if key == "time" and isinstance(value, int) and not isinstance(value, bool):
        return str(nodes[key][1].value)
    return value


def _check_session(session: Session, nodes, known: Known, rel: str, problems: Problems) -> None:
    if session.time and session.times is None:
        problems.error(rel, _line(nodes["time"][1]), f"字段 “time”（时间）“{session.time}” 应写成 14:30 或 14:30-16:30")
    for key, label, table in (("units", "学习单元", known.units), ("cases", "警示案例", known.cases)):
        for index, ref in enumerate(getattr(session, key)):
            if ref not in table:
                line = _line(_item_node(nodes[key][1], index))
                problems.error(rel, line, _unknown_ref(key, label, ref, table, known))
    if session.quiz and session.quiz not in known.banks:
        guess = closest(session.quiz, sorted(known.banks))
        hint = f"是否应为 “{guess}”？" if guess else "请先在 materials/quizzes/ 中建立这个题库"
        problems.error(
            rel, _line(nodes["quiz"][1]), f"字段 “quiz”（知识测试）“{session.quiz}” 不是已有题库的编号；{hint}"
        )


def _item_node(node: yaml.Node, index: int) -> yaml.Node:
    return node.value[index] if isinstance(node, yaml.SequenceNode) and index < len(node.value) else node


def _unknown_ref(key: str, label: str, ref: str, table: dict[str, str], known: Known) -> str:
    if f"{key}:{ref}" in known.drafts:
        return f"字段 “{key}”（{label}）中的 “{ref}” 是草稿，正式网站不包含它"
    guess = known.aliases.get(f"{key}:{ref}") or closest(ref, sorted(table))
    hint = f"是否应为 “{guess}”？" if guess else f"请填写{label}的编号（id 或文件名的拼音）"
    return f"字段 “{key}”（{label}）中的 “{ref}” 不是已有{label}的编号；{hint}"


def _check_duplicates(sessions: list[Session], rel: str, problems: Problems) -> None:
    """Two sessions on one day for the same audience (an empty audience means everyone)."""
    seen: dict[datetime.date, list[Session]] = {}
    for session in sorted(sessions, key=lambda s: s.line):
        for other in seen.get(session.date, []):
            shared = set(session.audience) & set(other.audience)
            if not session.audience or not other.audience or shared:
                who = "、".join(sorted(shared)) if shared else other.audience_label
                problems.error(
                    rel,
                    session.line,
                    f"{session.date.isoformat()} 已有面向{who}的学习安排（第 {other.line} 行）；同一对象同一天只能安排一次",
                )
                break
        seen.setdefault(session.date, []).append(session)


def _assign_slugs(sessions: list[Session], published: dict[datetime.date, list[str]]) -> None:
    """`2026-09-03`, or `2026-09-03-<audience>` when several branches meet that day.

    A published address is kept: a session keeps the address of its audience; addresses of that
    date left over go to the remaining sessions in file order (so when a branch joins a date, the
    session that was there keeps `2026-09-03`); only new sessions get new addresses.
    """
    days: dict[datetime.date, list[Session]] = {}
    for session in sessions:
        days.setdefault(session.date, []).append(session)
    for day, group in days.items():
        base = day.isoformat()
        recorded = sorted(published.get(day, []))
        for session in group:
            own = f"{base}-{session.audience_key}"
            if own in recorded:
                session.slug = own
                recorded.remove(own)
        rest = sorted((s for s in group if not s.slug), key=lambda s: s.line)
        for session, slug in zip(rest, recorded, strict=False):
            session.slug = slug
        taken = {s.slug for s in group if s.slug} | set(published.get(day, []))
        for session in rest:
            if session.slug:
                continue
            slug = base if len(group) == 1 and base not in taken else f"{base}-{session.audience_key}"
            while slug in taken:
                slug += "-2"
            session.slug = slug
            taken.add(slug)


def bank_ids(materials: Path) -> set[str]:
    """Quiz bank ids: the `id:` of each materials/quizzes/*.yml (or its file name's slug)."""
    banks = set()
    folder = materials / "quizzes"
    for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() else []:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # the quiz feature reports broken banks itself
        bank = data.get("id") if isinstance(data, dict) else None
        banks.add(str(bank).strip() if bank else slugify(path.stem))
    return banks
