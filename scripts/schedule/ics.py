"""iCalendar (RFC 5545) files of the plan: the whole year and one per session.

Times are local to Asia/Shanghai (with its VTIMEZONE, so phones need no tz database);
a session without `time` is an all-day event. UIDs come from date + audience only, so
a calendar imported twice, or re-published after edits, updates events instead of
duplicating them.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from .model import Session

TZID = "Asia/Shanghai"
VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0800",
    "TZOFFSETTO:+0800",
    "TZNAME:CST",
    "END:STANDARD",
    "END:VTIMEZONE",
]


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11): every line break (CRLF, CR, LF) becomes \\n, and
    control characters, which a TEXT value may not hold, are dropped."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (§3.1)."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > (75 if not parts else 74):
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def calendar(
    sessions: list[Session],
    name: str,
    stamp: datetime.datetime,
    minutes: int,
    describe: Callable[[Session], str],
    url_of: Callable[[Session], str | None],
) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//xuanjiao-site//schedule//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    for session in sessions:
        lines += _event(session, stamp, minutes, describe(session), url_of(session))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _event(session: Session, stamp: datetime.datetime, minutes: int, description: str, url: str | None) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{session.uid}", f"DTSTAMP:{stamp.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}"]
    times = session.times
    if times is None:
        end = session.date + datetime.timedelta(days=1)
        lines += [f"DTSTART;VALUE=DATE:{session.date:%Y%m%d}", f"DTEND;VALUE=DATE:{end:%Y%m%d}"]
    else:
        start = datetime.datetime.combine(session.date, times[0])
        finish = datetime.datetime.combine(session.date, times[1]) if times[1] else None
        if finish is None or finish <= start:
            finish = start + datetime.timedelta(minutes=minutes)
        lines += [f"DTSTART;TZID={TZID}:{start:%Y%m%dT%H%M%S}", f"DTEND;TZID={TZID}:{finish:%Y%m%dT%H%M%S}"]
    lines.append(f"SUMMARY:{escape('周四学习日：' + session.topic)}")
    if session.location:
        lines.append(f"LOCATION:{escape(session.location)}")
    if session.form:
        lines.append(f"CATEGORIES:{escape(session.form)}")
    if description:
        lines.append(f"DESCRIPTION:{escape(description)}")
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines
