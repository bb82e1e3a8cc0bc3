"""The 路线图: a campaign's activities on a timeline, as an SVG drawn at build time.

Drawn for a phone first (400 units wide, text at 11-14 units: about the same in CSS pixels on a
390 px screen) and scaled down to fit an A4 page by print.css. Each activity is one row: its
number, name and status, then a bar over its period with dates and 牵头单位. A dashed line marks
today; campaign.js moves it (and recolours the bars) to the reader's today.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from markupsafe import Markup, escape

from .model import Activity, Campaign
from .progress import ENDED, RUNNING, WAITING, activity_status

WIDTH = 400
LEFT, RIGHT = 8, 392
HEADER = 40
ROW = 54
STATUS_CLASS = {WAITING: "waiting", RUNNING: "running", ENDED: "ended"}


def short(day: datetime.date) -> str:
    return f"{day.month}/{day.day}"


def span(activity: Activity) -> str:
    if activity.start == activity.end:
        return short(activity.start)
    if activity.start.month == activity.end.month:
        return f"{short(activity.start)}–{activity.end.day}"
    return f"{short(activity.start)}–{short(activity.end)}"


def text_width(text: str, size: float) -> float:
    """Rough advance of `text` at `size`: a Han character is 1 em, ASCII about 0.58 em."""
    return sum(size * (0.58 if ord(char) < 0x2E80 else 1.0) for char in text)


class Scale:
    def __init__(self, start: datetime.date, end: datetime.date):
        self.start = start
        self.days = (end - start).days + 1
        self.unit = (RIGHT - LEFT) / self.days

    def x(self, day: datetime.date) -> float:
        return LEFT + (day - self.start).days * self.unit

    def today_x(self, day: datetime.date) -> float | None:
        offset = (day - self.start).days
        return LEFT + (offset + 0.5) * self.unit if 0 <= offset < self.days else None


def _ticks(campaign: Campaign, scale: Scale) -> list[datetime.date]:
    """Mondays for a campaign of up to ten weeks, else the first of each month."""
    days = [campaign.start + datetime.timedelta(days=n) for n in range(scale.days)]
    if scale.days <= 70:
        chosen = [day for day in days if day.weekday() == 0]
    else:
        chosen = [day for day in days if day.day == 1]
    return [campaign.start] + [day for day in chosen if day != campaign.start]


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def roadmap_svg(campaign: Campaign, today: datetime.date, url: Callable[[Activity], str]) -> Markup:
    scale = Scale(campaign.start, campaign.end)
    height = HEADER + ROW * len(campaign.activities) + 6
    parts = [
        f'<svg class="xl-road" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="group"'
        f' aria-labelledby="xl-road-title" data-xl-road data-start="{campaign.start}" data-days="{scale.days}"'
        f' data-left="{LEFT}" data-unit="{_fmt(scale.unit)}">',
        f'<title id="xl-road-title">{escape(campaign.title)} 路线图</title>',
    ]
    parts += _axis(campaign, scale, height)
    for index, activity in enumerate(campaign.activities):
        parts.append(_row(activity, HEADER + index * ROW, scale, today, url(activity)))
    parts.append(_today_line(scale, today, height))
    parts.append("</svg>")
    return Markup("\n".join(parts))


def _axis(campaign: Campaign, scale: Scale, height: int) -> list[str]:
    parts = ['<g class="xl-road__axis">']
    last_label = -100.0
    for day in _ticks(campaign, scale):
        x = scale.x(day)
        parts.append(f'<line x1="{_fmt(x)}" y1="{HEADER - 10}" x2="{_fmt(x)}" y2="{height - 4}"/>')
        label = short(day) if scale.days <= 70 else f"{day.month}月"
        if x - last_label >= text_width(label, 11) + 8 and x + text_width(label, 11) <= RIGHT + 4:
            parts.append(f'<text x="{_fmt(x + 2)}" y="{HEADER - 14}">{label}</text>')
            last_label = x
    parts.append("</g>")
    return parts


def _row(activity: Activity, top: int, scale: Scale, today: datetime.date, href: str) -> str:
    status = activity_status(activity, today)
    state = STATUS_CLASS[status]
    x1, x2 = scale.x(activity.start), scale.x(activity.end) + scale.unit
    width = max(x2 - x1, 3.0)
    label = f"{span(activity)} · {activity.lead}" if activity.lead else span(activity)
    label_width = text_width(label, 11)
    bar_y = top + 25
    if width >= label_width + 12:
        label_x, anchor, inside = x1 + 6, "start", True
    elif x2 + 5 + label_width <= RIGHT:
        label_x, anchor, inside = x2 + 5, "start", False
    else:
        label_x, anchor, inside = x1 - 5, "end", False
    name = f"{activity.number} {activity.name}"
    return (
        f'<a href="{escape(href)}" class="xl-road__row" data-xl-activity data-state="{state}"'
        f' data-start="{activity.start}" data-end="{activity.end}">'
        f'<rect class="xl-road__hit" x="0" y="{top}" width="{WIDTH}" height="{ROW}"/>'
        f'<text class="xl-road__name" x="{LEFT}" y="{top + 17}">{escape(name)}</text>'
        f'<text class="xl-road__status" x="{RIGHT}" y="{top + 17}" text-anchor="end" data-xl-status>{status}</text>'
        f'<rect class="xl-road__bar" x="{_fmt(x1)}" y="{bar_y}" width="{_fmt(width)}" height="18" rx="4"/>'
        f'<text class="xl-road__dates{" xl-road__dates--in" if inside else ""}" x="{_fmt(label_x)}" y="{bar_y + 13}"'
        f' text-anchor="{anchor}">{escape(label)}</text>'
        "</a>"
    )


def _today_line(scale: Scale, today: datetime.date, height: int) -> str:
    x = scale.today_x(today)
    hidden = "" if x is not None else ' style="display:none"'
    x = x if x is not None else LEFT
    label = f"今天 {short(today)}"
    anchor = "end" if x > WIDTH / 2 else "start"
    shift = -3 if anchor == "end" else 3
    return (
        f'<g class="xl-road__today" data-xl-today{hidden}>'
        f'<line x1="{_fmt(x)}" y1="{HEADER - 26}" x2="{_fmt(x)}" y2="{height - 2}"/>'
        f'<text x="{_fmt(x + shift)}" y="11" text-anchor="{anchor}">{label}</text>'
        "</g>"
    )
