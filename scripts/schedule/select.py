"""Which session the home card shows. The same rule lives in overrides/assets/schedule.js.

The card shows the sessions of the first day on or after today (several branches may meet
that day); it is labelled 今天学习 on the day, 本周学习 within the same Monday-to-Sunday
week, and 下次学习 later. After the last session, and for an empty plan, there is none.
Below them, for RECENT_DAYS days after a session day, that day's sessions as 上次学习.
The 学习安排 page folds the months whose sessions are all over.
"""

from __future__ import annotations

import datetime
import os

from .model import Session

# 上次学习 stays on the home card this many days after a session: a member who missed Thursday's
# meeting finds it on Friday and over the weekend.
RECENT_DAYS = 3

# Beijing time has been UTC+8 all year since 1991: no tz database needed (Windows has none).
TIMEZONE = datetime.timezone(datetime.timedelta(hours=8), "CST")


def upcoming(sessions: list[Session], today: datetime.date) -> list[Session]:
    """Every session of the first session day on or after `today`, in plan order."""
    future = [session for session in sessions if session.date >= today]
    if not future:
        return []
    first = min(session.date for session in future)
    return [session for session in future if session.date == first]


def recent(sessions: list[Session], today: datetime.date, days: int = RECENT_DAYS) -> list[Session]:
    """Every session of the last session day in the `days` before `today`, in plan order."""
    since = today - datetime.timedelta(days=days)
    past = [session for session in sessions if since <= session.date < today]
    if not past:
        return []
    last = max(session.date for session in past)
    return [session for session in past if session.date == last]


def month_is_past(key: tuple[int, int], sessions: list[Session], today: datetime.date) -> bool:
    """A month folded on the 学习安排 page: all its sessions are over (or, without any, it has ended)."""
    if sessions:
        return all(session.date < today for session in sessions)
    return key < (today.year, today.month)


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
