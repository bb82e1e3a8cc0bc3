"""Which session the home card shows. The same rule lives in overrides/assets/schedule.js.

The card shows the sessions of the first day on or after today (several branches may meet
that day); it is labelled 今天学习 on the day, 本周学习 within the same Monday-to-Sunday
week, and 下次学习 later. After the last session, and for an empty plan, there is none.
"""

from __future__ import annotations

import datetime
import os

from .model import Session

# Beijing time has been UTC+8 all year since 1991: no tz database needed (Windows has none).
TIMEZONE = datetime.timezone(datetime.timedelta(hours=8), "CST")


def upcoming(sessions: list[Session], today: datetime.date) -> list[Session]:
    """Every session of the first session day on or after `today`, in plan order."""
    future = [session for session in sessions if session.date >= today]
    if not future:
        return []
    first = min(session.date for session in future)
    return [session for session in future if session.date == first]


def label(day: datetime.date, today: datetime.date) -> str:
    if day == today:
        return "今天学习"
    if day.isocalendar()[:2] == today.isocalendar()[:2]:
        return "本周学习"
    return "下次学习"


def build_date() -> datetime.date:
    """Today in Beijing time, or SOURCE_DATE_EPOCH's day for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), TIMEZONE).date()
    return datetime.datetime.now(TIMEZONE).date()


def build_stamp() -> datetime.datetime:
    """DTSTAMP of the calendar files: the build time in UTC (SOURCE_DATE_EPOCH when set)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)
