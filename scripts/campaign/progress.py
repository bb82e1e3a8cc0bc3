"""Where a campaign stands on a given day: activity status, each unit's state, the ranking.

The same rules live in overrides/assets/campaign.js, which recomputes them in the browser from
today's date; the pages carry the build-day result as their fallback.

- An activity is 未开始 before its start, 进行中 from start to end, 已结束 after its end.
- A unit's cell: 已报送 (a record dated on or before the end), 逾期报送 (dated after the end);
  without a record 未开始 before the start, 未报送 until the end, 逾期未报送 after it.
- 完成率 = records on time / activities due (ended); units are ranked by 完成率, then fewer
  逾期未报送, more records (a late one still counts), fewer 逾期报送; equal keys share a rank.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .model import Activity, Campaign, Record

WAITING, RUNNING, ENDED = "未开始", "进行中", "已结束"
STATES = {"done": "已报送", "late": "逾期报送", "waiting": "未开始", "open": "未报送", "overdue": "逾期未报送"}


def activity_status(activity: Activity, today: datetime.date) -> str:
    if today < activity.start:
        return WAITING
    return RUNNING if today <= activity.end else ENDED


def cell_state(activity: Activity, record: Record | None, today: datetime.date) -> str:
    """One of STATES' keys."""
    if record is not None:
        return "done" if record.date <= activity.end else "late"
    if today < activity.start:
        return "waiting"
    return "open" if today <= activity.end else "overdue"


def percent(part: int, whole: int) -> int:
    """part/whole in whole percent, halves rounded up (as Math.round does in the browser)."""
    return (part * 200 + whole) // (2 * whole) if whole else 100


@dataclass
class Score:
    unit: str
    total: int = 0  # activities of this unit
    due: int = 0  # ended by today
    on_time: int = 0  # due, reported on time
    late: list[Activity] = field(default_factory=list)  # reported after the end
    overdue: list[Activity] = field(default_factory=list)  # ended, never reported
    done: int = 0  # records, whatever their date
    rank: int = 0

    @property
    def rate(self) -> int:
        return percent(self.on_time, self.due)

    @property
    def rate_label(self) -> str:
        return f"{self.rate}%" if self.due else "—"

    def key(self) -> tuple:
        return (-self.rate, len(self.overdue), -self.done, len(self.late))


def score(campaign: Campaign, unit: str, today: datetime.date) -> Score:
    result = Score(unit)
    for activity in campaign.activities_of(unit):
        state = cell_state(activity, campaign.record(unit, activity.id), today)
        result.total += 1
        result.done += state in ("done", "late")
        if today > activity.end:
            result.due += 1
            result.on_time += state == "done"
        if state == "late":
            result.late.append(activity)
        elif state == "overdue":
            result.overdue.append(activity)
    return result


def ranking(campaign: Campaign, today: datetime.date) -> list[Score]:
    """Every unit's score, best first; equal keys share a rank (1, 1, 3 …)."""
    order = {unit: n for n, unit in enumerate(campaign.units)}
    scores = sorted((score(campaign, unit, today) for unit in campaign.units), key=lambda s: (s.key(), order[s.unit]))
    for position, item in enumerate(scores, start=1):
        before = scores[position - 2] if position > 1 else None
        item.rank = before.rank if before is not None and before.key() == item.key() else position
    return scores


@dataclass
class Totals:
    units: int
    activities: int
    due: int
    on_time: int
    late: int
    overdue: int

    @property
    def rate(self) -> int:
        return percent(self.on_time, self.due)


def totals(campaign: Campaign, scores: list[Score]) -> Totals:
    return Totals(
        units=len(campaign.units),
        activities=len(campaign.activities),
        due=sum(s.due for s in scores),
        on_time=sum(s.on_time for s in scores),
        late=sum(len(s.late) for s in scores),
        overdue=sum(len(s.overdue) for s in scores),
    )
