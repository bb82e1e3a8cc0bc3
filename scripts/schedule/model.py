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

from ..hygiene import invisible_message, one_line, show
from ..problems import Problems
from ..schema import Choice, Date, Raw, Text, TextList, YamlMapping, closest, kind_name, validate
from ..slugs import slugify
from ..source import read_yaml_mapping

WEEKDAYS = "一二三四五六日"
TIME = re.compile(r"^(\d{1,2}):(\d{2})(?:\s*[-–—~～至]\s*(\d{1,2}):(\d{2}))?$")
MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


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
    # "units:slug" (or "quizzes:id") → the file that is there but failed to load
    broken: dict[str, Any] = field(default_factory=dict)


PLAN_FIELDS = {
    "title": Text("标题", default=""),
    "statement": Text("年度学习安排", default="", multiline=True),
    "months": Raw("月度安排"),
    "sessions": Raw("学习安排"),
}


def load_plan(path: Path, rel: str, forms, known: Known, problems: Problems, published=None) -> Plan:
    """Read and validate the schedule file; a missing file is an empty plan.

    `published`: {date: [slug, …]} of session pages already published (materials/addresses.yml).
    """
    plan = Plan(rel=rel)
    if not path.is_file():
        return plan
    located = read_yaml_mapping(path, rel, problems, "学习安排文件应为“键: 值”的形式（含 sessions 列表）")
    if located is None:
        return plan
    values = validate(located, PLAN_FIELDS, problems)
    plan.title = values["title"] or plan.title
    plan.statement = values["statement"] or ""
    plan.months = _load_months(located, problems)
    plan.sessions = _load_sessions(located, forms, known, problems)
    _check_duplicates(plan.sessions, rel, problems)
    _assign_slugs(plan.sessions, published or {})
    return plan


def _load_months(plan: YamlMapping, problems: Problems) -> dict[tuple[int, int], str]:
    value = plan.meta.get("months")
    if value is None:
        return {}
    if not isinstance(value, dict):
        message = f"字段 “months”（月度安排）应为“年-月: 说明”的键值对，实际是{kind_name(value)}"
        problems.error(plan.rel, plan.line_of("months"), message)
        return {}
    months: dict[tuple[int, int], str] = {}
    first: dict[tuple[int, int], int] = {}
    for key, text in value.items():
        line = plan.line_of("months", str(key))
        match = MONTH.match(str(key).strip())
        text = str(text if text is not None else "").strip() if not isinstance(text, (dict, list)) else None
        problem = invisible_message(text) if text else None
        if not match or not 1 <= int(match[2]) <= 12:
            problems.error(plan.rel, line, f"月份 “{show(key)}” 应写成 YYYY-MM，例如 2026-09")
        elif text is None:
            problems.error(plan.rel, line, f"月份 “{show(key)}” 的月度安排应为一段文字")
        elif problem:
            problems.error(plan.rel, line, f"月份 “{show(key)}” 的月度安排 “{show(text)}” {problem}")
        elif (int(match[1]), int(match[2])) in first:
            month = (int(match[1]), int(match[2]))
            problems.error(plan.rel, line, f"月份 “{show(key)}” 重复出现（第一次在第 {first[month]} 行）")
        else:
            first[(int(match[1]), int(match[2]))] = line
            months[(int(match[1]), int(match[2]))] = one_line(text)
    return months


def _load_sessions(plan: YamlMapping, forms, known: Known, problems: Problems) -> list[Session]:
    value = plan.meta.get("sessions")
    if value is None:
        return []
    if not isinstance(value, list):
        message = f"字段 “sessions”（学习安排）应为列表，每一项以“- date: …”开头，实际是{kind_name(value)}"
        problems.error(plan.rel, plan.line_of("sessions"), message)
        return []
    fields = session_fields(forms)
    sessions = []
    for index, entry in enumerate(plan.entries("sessions")):
        if entry is None:
            message = f"每一项学习安排应为“键: 值”的形式（date、topic……），实际是{kind_name(value[index])}"
            problems.error(plan.rel, plan.line_of("sessions", index), message)
            continue
        session = _load_session(entry, fields, known, problems)
        if session is not None:
            sessions.append(session)
    return sorted(sessions, key=lambda s: (s.date, s.audience_key))


def _load_session(entry: YamlMapping, fields, known: Known, problems: Problems) -> Session | None:
    if isinstance(entry.meta.get("time"), int) and not isinstance(entry.meta["time"], bool):
        # `14:30` is a number to YAML 1.1; the time is what was written.
        entry = YamlMapping(entry.rel, {**entry.meta, "time": entry.written("time")}, entry.node, entry.first_line)
    found = Problems()
    values = validate(entry, fields, found)
    problems.items.extend(found.items)
    if values.get("date") and values["date"].weekday() != 3:
        day = values["date"]
        weekday = "星期" + WEEKDAYS[day.weekday()]
        problems.warning(entry.rel, entry.line_of("date"), f"{day.isoformat()} 是{weekday}，不是星期四（周四学习日）")
    if found.errors:
        return None
    session = Session(line=entry.line, **values)
    _check_session(session, entry, known, problems)
    return session


def _check_session(session: Session, entry: YamlMapping, known: Known, problems: Problems) -> None:
    rel = entry.rel
    if session.time and session.times is None:
        message = f"字段 “time”（时间）“{show(session.time)}” 应写成 14:30 或 14:30-16:30"
        problems.error(rel, entry.line_of("time"), message)
    for key, label, table in (("units", "学习单元", known.units), ("cases", "警示案例", known.cases)):
        for index, ref in enumerate(getattr(session, key)):
            if ref not in table:
                line = entry.line_of(key, index)
                if f"{key}:{ref}" in known.broken:
                    problems.warning(rel, line, _broken_ref(key, label, ref, known.broken[f"{key}:{ref}"]))
                else:
                    problems.error(rel, line, _unknown_ref(key, label, ref, table, known))
    if session.quiz and f"quizzes:{session.quiz}" in known.broken:
        broken = known.broken[f"quizzes:{session.quiz}"]
        problems.warning(rel, entry.line_of("quiz"), _broken_ref("quiz", "知识测试", session.quiz, broken))
    elif session.quiz and session.quiz not in known.banks:
        guess = closest(session.quiz, sorted(known.banks))
        hint = f"是否应为 “{guess}”？" if guess else "请先在 materials/quizzes/ 中建立这个题库"
        problems.error(
            rel, entry.line_of("quiz"), f"字段 “quiz”（知识测试）“{show(session.quiz)}” 不是已有题库的编号；{hint}"
        )


def _broken_ref(key: str, label: str, ref: str, broken) -> str:
    return (
        f"字段 “{key}”（{label}）中的 “{ref}” 指向的 {broken.rel} 本身有错误，暂时无法使用；请先按该文件的错误信息修改"
    )


def _unknown_ref(key: str, label: str, ref: str, table: dict[str, str], known: Known) -> str:
    if f"{key}:{ref}" in known.drafts:
        return f"字段 “{key}”（{label}）中的 “{show(ref)}” 是草稿，正式网站不包含它"
    guess = known.aliases.get(f"{key}:{ref}") or closest(ref, sorted(table))
    hint = f"是否应为 “{guess}”？" if guess else f"请填写{label}的编号（id 或文件名的拼音）"
    return f"字段 “{key}”（{label}）中的 “{show(ref)}” 不是已有{label}的编号；{hint}"


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
            if session.audience_key == other.audience_key:
                problems.error(
                    rel,
                    session.line,
                    f"参学对象 “{show(session.audience_label)}” 与第 {other.line} 行的 “{show(other.audience_label)}” "
                    f"生成相同的页面地址 schedule/{session.date.isoformat()}-{session.audience_key}.html；请改写其中一个",
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
