"""The schedule feature: pages, calendar files, the home card's data, QR codes on item pages."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from ..addresses.record import load_record
from ..features import Feature
from ..freshness import digest
from ..quiz.feature import quiz_uri
from . import ics
from .model import Known, Plan, Session, load_plan
from .qr import absolute_url, qr_svg
from .select import RECENT_DAYS, build_date, build_stamp, label, month_is_past, recent, upcoming

INDEX = "schedule/index.md"
DATA = "schedule/schedule-data.js"
CALENDAR = "schedule/学习安排.ics"
HEADING = re.compile(r"^(#{1,5})(?=\s)", re.M)
FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
LOCAL_LINK = re.compile(r"(\]\(\s*<?)(?!\.\./|[a-z][a-z0-9+.-]*:|/|#)(?:\./)?", re.I)


@dataclass(frozen=True)
class SchedulePage:
    """One generated page: the listing, or a session's page, 签到表, 学习记录 or 学习材料."""

    kind: str  # index | session | signin | record | packet
    session: Session | None = None


TEMPLATES = {
    "index": ("xl/schedule.html", "学习安排"),
    "session": ("xl/schedule-session.html", ""),
    "signin": ("xl/schedule-signin.html", "签到表"),
    "record": ("xl/schedule-record.html", "学习记录"),
    "packet": ("xl/schedule-packet.html", "学习材料"),
}


def known_ids(catalog) -> Known:
    known = Known(banks=set(catalog.banks.by_id))
    for key, table in (("units", known.units), ("cases", known.cases)):
        for item in catalog.items[key]:
            table[item.slug] = item.title
            known.aliases[f"{key}:{item.source.path.stem}"] = item.slug
            known.aliases[f"{key}:{item.title}"] = item.slug
    known.drafts = {f"{item.kind.key}:{item.slug}" for item in catalog.drafts}
    for entry in getattr(catalog, "broken", []):
        known.broken[f"{entry.kind}:{entry.slug}"] = entry
        known.broken.setdefault(f"{entry.kind}:{Path(entry.rel).stem}", entry)
    return known


class ScheduleFeature(Feature):
    def __init__(self, options, root, is_serve: bool = False):
        super().__init__(options, root, is_serve)
        self.plan = Plan()
        self.catalog = None

    @property
    def materials(self) -> Path:
        return Path(self.root) / self.options.materials_dir

    # --- validate ------------------------------------------------------------------

    def validate(self, catalog) -> None:
        self.catalog = catalog
        path = self.materials / self.options.schedule_file
        rel = path.relative_to(self.root).as_posix()
        known = known_ids(catalog)
        published = load_record(self.root, self.options).session_slugs()
        self.plan = load_plan(path, rel, self.options.schedule_forms, known, catalog.problems, published)

    def counts(self) -> list[str]:
        return [f"学习安排 {len(self.plan.sessions)} 次"]

    def page_uris(self) -> set[str]:
        uris = {INDEX}
        for session in self.plan.sessions:
            uris |= {session.src_uri, session.signin_uri, session.record_uri, session.packet_uri}
        return uris

    def home_entries(self) -> list[dict]:
        return [{"label": "学习安排", "hint": "周四学习日 · 年度计划", "src_uri": INDEX}]

    # --- files ---------------------------------------------------------------------

    def add_files(self, site, files, config) -> None:
        self.site_url = config.site_url or ""
        self.view = ScheduleView(self.plan, site, self.materials)
        self._add_page(site, INDEX, SchedulePage("index"))
        for session in self.plan.sessions:
            self._add_page(site, session.src_uri, SchedulePage("session", session))
            self._add_page(site, session.signin_uri, SchedulePage("signin", session))
            self._add_page(site, session.record_uri, SchedulePage("record", session))
            self._add_page(site, session.packet_uri, SchedulePage("packet", session))
        site.add_file(DATA, self._data_js(site))
        stamp = build_stamp()
        site.add_file(CALENDAR, self._calendar(self.plan.sessions, stamp, site))
        for session in self.plan.sessions:
            site.add_file(session.ics_uri, self._calendar([session], stamp, site))

    def _add_page(self, site, src_uri: str, generated: SchedulePage) -> None:
        template, title = TEMPLATES[generated.kind]
        session = generated.session
        if session is not None:
            title = f"{title}：{session.topic}" if title else session.topic
        else:
            title = self.plan.title if self.plan.sessions else title
        search = {"exclude": True}  # the listing and the printouts
        if generated.kind == "session":  # search indexes what the session page shows (search/record.py)
            search = {"kind": "学习安排", "date": session.date, "fields": self.view.shown_text(session)}
        markdown = (lambda: self.view.packet_markdown(session)) if generated.kind == "packet" else None
        context = {"xl_session": session}
        site.add_page(
            src_uri, template, title, context=context, key=self._key(generated), search=search, markdown=markdown
        )

    def _key(self, generated: SchedulePage) -> str:
        """A page shows its sessions and the titles (a packet: the full text) of their materials."""
        sessions = [generated.session] if generated.session else self.plan.sessions
        full = generated.kind == "packet"
        shown = [
            (item.slug, item.title, item.values.get("discussion"), item.source.body if full else "")
            for session in sessions
            for item in self.view.units(session) + self.view.cases(session)
        ]
        return digest(generated.kind, shown)

    def _data_js(self, site) -> str:
        sessions = [
            {
                "date": s.date.isoformat(),
                "topic": s.topic,
                "form": s.form,
                "host": s.host,
                "time": s.time,
                "location": s.location,
                "audience": s.audience_label,
                "url": site.dest_uri(s.src_uri),
            }
            for s in self.plan.sessions
        ]
        data = json.dumps({"sessions": sessions, "recentDays": RECENT_DAYS}, ensure_ascii=False, indent=1)
        return f"/* 学习安排: generated from {self.plan.rel or 'schedule.yml'} */\nwindow.XL_SCHEDULE = {data};\n"

    def _calendar(self, sessions: list[Session], stamp, site) -> str:
        def url_of(session: Session) -> str | None:
            return absolute_url(self.site_url, site.dest_uri(session.src_uri))

        return ics.calendar(sessions, self.plan.title, stamp, self.options.schedule_minutes, self.view.describe, url_of)

    # --- pages ---------------------------------------------------------------------

    def page_context(self, context: dict, page, site) -> None:
        context["xl_schedule"] = self.view
        if "xl_session" in context or page.file.src_uri in site.items:
            url = absolute_url(self.site_url, page.file.dest_uri)
            context["xl_here"] = {"url": url, "qr": qr_svg(url) if url else None}


class ScheduleView:
    """What the schedule templates ask: materials of a session, build-time state, links."""

    def __init__(self, plan: Plan, site, materials: Path):
        self.plan = plan
        self._site = site
        self.today = build_date()
        self._units = {item.slug: item for item in site.catalog.items["units"]}
        self._cases = {item.slug: item for item in site.catalog.items["cases"]}
        self.upcoming = upcoming(plan.sessions, self.today)
        self.upcoming_label = label(self.upcoming[0].date, self.today) if self.upcoming else ""
        self.recent = recent(plan.sessions, self.today)
        self.index_uri = INDEX
        self.data_uri = DATA
        self.calendar_uri = CALENDAR

    @property
    def sessions(self) -> list[Session]:
        return self.plan.sessions

    def state(self, session: Session) -> str:
        """'past', 'next' or '' as of the build date (the browser recomputes it)."""
        if session.date < self.today:
            return "past"
        return "next" if session in self.upcoming else ""

    def month_is_past(self, key: tuple[int, int], sessions: list[Session]) -> bool:
        """Folded as of the build date (the browser decides again)."""
        return month_is_past(key, sessions, self.today)

    def units(self, session: Session) -> list:
        return [self._units[slug] for slug in session.units if slug in self._units]

    def cases(self, session: Session) -> list:
        return [self._cases[slug] for slug in session.cases if slug in self._cases]

    def discussion(self, session: Session) -> list[tuple]:
        """(unit, its 研讨题) for every unit of the session that has questions."""
        return [(unit, unit.values["discussion"]) for unit in self.units(session) if unit.values["discussion"]]

    def quiz_uri(self, bank: str) -> str | None:
        """The quiz page of a bank, when the quiz feature publishes one."""
        candidate = quiz_uri(bank)
        return candidate if self._site.files.get_file_from_path(candidate) is not None else None

    def agenda(self, session: Session) -> list[str]:
        if session.agenda:
            return session.agenda
        steps = [
            f"主持人说明本次学习的主题和要求（{session.host}）" if session.host else "主持人说明本次学习的主题和要求"
        ]
        steps += [f"学习：{unit.title}" for unit in self.units(session)]
        steps += [f"以案说纪：{case.title}" for case in self.cases(session)]
        if self.discussion(session):
            steps.append("围绕研讨题交流发言")
        if session.quiz:
            steps.append("知识测试")
        steps.append("主持人小结，布置下一步学习")
        return steps

    def shown_text(self, session: Session) -> list[str]:
        """The texts xl/schedule-session.html shows besides the topic, in page order (for search;
        the kicker's link, the tools and the quiz link are page chrome)."""
        units, cases = self.units(session), self.cases(session)
        texts = [session.form, f"{session.date.year}年{session.date.month}月{session.date.day}日 {session.weekday}"]
        texts += [session.time, session.location, f"主讲人：{session.host}" if session.host else ""]
        texts += [f"参学对象：{session.audience_label}", session.notes, "议程", *self.agenda(session)]
        for heading, items in (("学习单元", units), ("警示案例", cases)):
            texts += [heading] + [text for item in items for text in (item.title, item.summary)] if items else []
        discussion = self.discussion(session)
        if discussion:
            texts.append("研讨题")
            for unit, questions in discussion:
                texts += ([unit.title] if len(discussion) > 1 else []) + questions
        return [text for text in texts if text]

    def describe(self, session: Session) -> str:
        """Plain text for the calendar event."""
        lines = [f"形式：{session.form}"] if session.form else []
        if session.host:
            lines.append(f"主讲人：{session.host}")
        lines.append(f"参学对象：{session.audience_label}")
        lines += [f"学习单元：{unit.title}" for unit in self.units(session)]
        lines += [f"警示案例：{case.title}" for case in self.cases(session)]
        if session.notes:
            lines.append(f"备注：{session.notes}")
        return "\n".join(lines)

    def packet_markdown(self, session: Session) -> str:
        """The 学习材料 packet: every unit and case of the session, in full, as one Markdown page."""
        parts = []
        for heading, items in (("学习单元", self.units(session)), ("警示案例", self.cases(session))):
            for item in items:
                parts.append(f"## {heading}：{_md_text(item.title)}\n")
                objectives = item.values.get("objectives") or []
                if objectives:
                    parts.append("**学习目标**\n\n" + "".join(f"- {_md_text(o)}\n" for o in objectives))
                parts.append(_embed_body(item.source.body, item.kind.key))
                questions = item.values.get("discussion") or []
                if questions:
                    parts.append(
                        "### 研讨题\n\n" + "".join(f"{n}. {_md_text(q)}\n" for n, q in enumerate(questions, 1))
                    )
        return "\n\n".join(parts) if parts else "本次学习没有指定学习材料。\n"

    @staticmethod
    def month_label(key: tuple[int, int]) -> Markup:
        return Markup(f"{key[0]}年{key[1]}月")


def _md_text(text: str) -> str:
    """Plain text placed into generated Markdown: escape what Markdown or HTML would interpret."""
    return str(escape(text)).replace("*", "\\*").replace("_", "\\_").replace("[", "\\[").replace("`", "\\`")


def _embed_body(body: str, key: str) -> str:
    """A material's body one heading level down, its relative links made to work from schedule/."""
    chunks, last = [], 0
    for match in FENCE.finditer(body):
        chunks.append(_shift(body[last : match.start()], key))
        chunks.append(match.group(0))
        last = match.end()
    chunks.append(_shift(body[last:], key))
    return "".join(chunks)


def _shift(text: str, key: str) -> str:
    text = HEADING.sub(lambda m: m.group(1) + "#", text)
    return LOCAL_LINK.sub(lambda m: f"{m.group(1)}../{key}/", text)
