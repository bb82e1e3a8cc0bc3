"""Campaigns and records: schema, loader and validation.

materials/campaigns/<file>.yml — one campaign (宣教月) and its activities:

    id: xuan-jiao-yue-2026            # optional, default: the file name's pinyin
    title: 2026 年党风廉政建设宣传教育月
    theme: 贯彻六中全会精神，推进全面从严治党
    start: 2026-11-09
    end: 2026-12-18
    lead: 区纪委                       # 牵头单位
    units: [城关镇, 新华街道]          # 责任单位; default: campaign_units in mkdocs.yml
    internal: false                    # true: never published, only xlsx and local preview
    description: 活动说明（Markdown）
    activities:
      - id: dong-yuan-bu-shu
        name: 一次动员部署
        lead: 区纪委
        units: 全部                    # or a list, a subset of the campaign's units
        start: 2026-11-09
        end: 2026-11-13
        requirements: 要求（Markdown）
        evidence: [会议照片, 签到表]   # 佐证材料要求
        materials: [units/九个一活动解读.md]
        quizzes: [xuan-jiao-yue-zhi-shi-ce-shi]
        sessions: [2026-11-26]         # 学习安排 sessions (their date, or date-audience)

materials/records/<campaign id>/<unit>.yml — one unit's 工作记实, evidence files beside it:

    unit: 城关镇
    records:
      - activity: dong-yuan-bu-shu     # the activity's id or name
        date: 2026-11-11               # 开展日期
        participants: 56
        summary: 开展情况
        evidence: [城关镇/动员会.jpg, {file: 城关镇/签到表.jpg, caption: 签到表}]
        materials: [units/九个一活动解读.md]
"""

from __future__ import annotations

import datetime
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problems
from ..schema import (
    Date,
    Field,
    Flag,
    Media,
    MediaList,
    Number,
    Raw,
    Slug,
    Text,
    TextList,
    YamlMapping,
    closest,
    kind_name,
    validate,
)
from ..slugs import slugify, unique_slugs
from ..source import read_yaml_mapping

ALL_UNITS = ("全部", "all", "所有")
RESERVED = {"index", "units", "files", "tongbao", "data"}
EVIDENCE_TYPES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg", ".pdf"}
PICTURES = EVIDENCE_TYPES - {".pdf"}


CAMPAIGN_FIELDS: dict[str, Field] = {
    "id": Slug("编号"),
    "title": Text("标题", required=True),
    "theme": Text("主题", default=""),
    "start": Date("开始日期", required=True),
    "end": Date("结束日期", required=True),
    "lead": Text("牵头单位", default=""),
    "units": TextList("责任单位", default=[]),
    "internal": Flag("内部活动", default=False),
    "description": Text("活动说明", default=""),
    "activities": Raw("活动", required=True),
}
ACTIVITY_FIELDS: dict[str, Field] = {
    "id": Slug("编号", required=True),
    "name": Text("名称", required=True),
    "lead": Text("牵头单位", default=""),
    "units": TextList("责任单位", default=[]),
    "start": Date("开始日期", required=True),
    "end": Date("结束日期", required=True),
    "requirements": Text("要求", default=""),
    "evidence": TextList("佐证材料要求", default=[]),
    "materials": TextList("学习材料", default=[]),
    "quizzes": TextList("知识测试", default=[]),
    "sessions": TextList("学习安排", default=[]),
}
UNIT_FILE_FIELDS: dict[str, Field] = {
    "unit": Text("责任单位", required=True),
    "records": Raw("工作记实", required=True),
}
RECORD_FIELDS: dict[str, Field] = {
    "activity": Text("活动", required=True),
    "date": Date("开展日期", required=True),
    "participants": Number("参加人数", integer=True, low=0),
    "summary": Text("开展情况", required=True),
    "evidence": MediaList("佐证材料", default=[]),
    "materials": TextList("使用的材料", default=[]),
}


# --- the model -----------------------------------------------------------------------------


@dataclass
class Activity:
    id: str
    name: str
    lead: str
    units: list[str]
    start: datetime.date
    end: datetime.date
    requirements: str = ""
    evidence: list[str] = field(default_factory=list)
    materials: list[str] = field(default_factory=list)
    quizzes: list[str] = field(default_factory=list)
    sessions: list[str] = field(default_factory=list)
    number: int = 0  # 1-based, in campaign order
    line: int = 1

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass
class Record:
    unit: str
    activity: str  # the activity's id
    date: datetime.date
    summary: str
    participants: int | None = None
    evidence: list[Media] = field(default_factory=list)
    materials: list[str] = field(default_factory=list)
    rel: str = ""
    line: int = 1


@dataclass
class Campaign:
    id: str
    title: str
    start: datetime.date
    end: datetime.date
    units: list[str]
    activities: list[Activity]
    theme: str = ""
    lead: str = ""
    internal: bool = False
    description: str = ""
    records: list[Record] = field(default_factory=list)
    rel: str = ""
    records_dir: Path | None = None
    broken: set[str] = field(default_factory=set)  # ids and names of activities that failed to load

    def __post_init__(self):
        self.unit_slugs = unique_slugs(self.units)

    def activity(self, activity_id: str) -> Activity | None:
        return next((a for a in self.activities if a.id == activity_id), None)

    def activities_of(self, unit: str) -> list[Activity]:
        return [a for a in self.activities if unit in a.units]

    def record(self, unit: str, activity_id: str) -> Record | None:
        return self._records().get((unit, activity_id))

    def records_of(self, unit: str) -> list[Record]:
        return [r for r in self.records if r.unit == unit]

    def _records(self) -> dict[tuple[str, str], Record]:
        return {(r.unit, r.activity): r for r in self.records}


@dataclass
class Known:
    """What a campaign may link to, with titles: published materials, quiz banks, sessions."""

    materials: dict[str, str] = field(default_factory=dict)  # src_uri → title
    drafts: set[str] = field(default_factory=set)
    banks: dict[str, str] = field(default_factory=dict)  # id → title
    sessions: dict[str, tuple[str, str]] = field(default_factory=dict)  # slug → ("日期 主题", page src_uri)
    units: list[str] = field(default_factory=list)  # campaign_units from mkdocs.yml


# --- located YAML (the shared engine: schema.validate over a YamlMapping) ---------------------------


def _entries(located: YamlMapping, key: str, what: str, problems: Problems) -> list[YamlMapping]:
    """The mapping entries of a list field; a non-list and a non-mapping entry are reported."""
    value = located.meta.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        message = f"字段 “{key}” 应为列表，每一项以“- ”开头（{what}），实际是{kind_name(value)}"
        problems.error(located.rel, located.line_of(key), message)
        return []
    entries = []
    for index, entry in enumerate(located.entries(key)):
        if entry is None:
            message = f"每一项应为“键: 值”的形式（{what}），实际是{kind_name(value[index])}"
            problems.error(located.rel, located.line_of(key, index), message)
        else:
            entries.append(entry)
    return entries


def _hint(value: str, allowed) -> str:
    guess = closest(value, list(allowed))
    return f"是否应为 “{guess}”？" if guess else ""


# --- campaigns -----------------------------------------------------------------------------


def load_campaigns(
    campaigns_dir: Path, records_dir: Path, root: Path, known: Known, problems: Problems
) -> list[Campaign]:
    """Every campaign with its records, validated; sorted by start date then id."""
    campaigns: dict[str, Campaign] = {}
    failed: set[str] = set()  # ids of campaign files that did not load: their records are not reported
    paths = sorted(campaigns_dir.glob("*.y*ml")) if campaigns_dir.is_dir() else []
    for path in paths:
        rel = path.relative_to(root).as_posix()
        mapping = read_yaml_mapping(path, rel, problems, "宣教活动文件应为“键: 值”的形式")
        campaign = _load_campaign(mapping, path, known, problems) if mapping else None
        if campaign is None:
            written = mapping.meta.get("id") if mapping else None
            failed |= {slugify(path.stem), str(written).strip()} if written else {slugify(path.stem)}
            continue
        if campaign.id in campaigns:
            other = campaigns[campaign.id].rel
            problems.error(rel, 1, f"活动编号 “{campaign.id}” 与 {other} 重复；请在 id 字段中写一个不同的编号")
            continue
        campaign.records_dir = records_dir / campaign.id
        campaigns[campaign.id] = campaign
    _load_all_records(records_dir, root, campaigns, failed, known, problems)
    return sorted(campaigns.values(), key=lambda c: (c.start, c.id))


def _load_campaign(mapping: YamlMapping, path: Path, known: Known, problems: Problems) -> Campaign | None:
    rel = mapping.rel
    values = validate(mapping, CAMPAIGN_FIELDS, problems)
    if any(values[key] is None for key in ("title", "start", "end")):
        return None
    start, end = values["start"], values["end"]
    if end < start:
        problems.error(rel, mapping.line_of("end"), f"结束日期 {end} 早于开始日期 {start}")
    units = _campaign_units(values["units"], mapping, known, problems)
    campaign = Campaign(
        id=values["id"] or slugify(path.stem),
        title=values["title"],
        theme=values["theme"] or "",
        start=start,
        end=end,
        lead=values["lead"] or "",
        units=units,
        internal=bool(values["internal"]),
        description=values["description"] or "",
        activities=[],
        rel=rel,
    )
    campaign.activities = _load_activities(mapping, campaign, known, problems)
    return campaign


def _campaign_units(listed: list[str] | None, mapping: YamlMapping, known: Known, problems: Problems) -> list[str]:
    rel = mapping.rel
    if not listed:
        if not known.units:
            problems.error(
                rel,
                mapping.line_of("units"),
                "缺少责任单位：请在 units 中列出，或在 mkdocs.yml 的 campaign_units 中统一配置",
            )
        return list(known.units)
    units: list[str] = []
    for index, unit in enumerate(listed):
        line = mapping.line_of("units", index)
        if unit in units:
            problems.error(rel, line, f"责任单位 “{unit}” 重复")
        elif known.units and unit not in known.units:
            hint = _hint(unit, known.units) or f"已配置的单位：{'、'.join(known.units)}"
            problems.error(rel, line, f"责任单位 “{unit}” 不在 mkdocs.yml 的 campaign_units 中。{hint}")
        else:
            units.append(unit)
    return units


def _load_activities(mapping: YamlMapping, campaign: Campaign, known: Known, problems: Problems) -> list[Activity]:
    activities: list[Activity] = []
    if mapping.meta.get("activities") == []:
        problems.error(mapping.rel, mapping.line_of("activities"), "活动列表是空的：至少要有一项活动")
    for entry in _entries(mapping, "activities", "id、name、start、end……", problems):
        activity = _load_activity(entry, campaign, known, problems)
        if activity is None:
            # Records of an activity already reported as broken are not reported again.
            campaign.broken |= {str(entry.meta[key]).strip() for key in ("id", "name") if entry.meta.get(key)}
            continue
        if any(other.id == activity.id for other in activities):
            problems.error(mapping.rel, activity.line, f"活动编号 “{activity.id}” 重复；每项活动的 id 应不同")
            continue
        activity.number = len(activities) + 1
        activities.append(activity)
    return activities


def _load_activity(entry: YamlMapping, campaign: Campaign, known: Known, problems: Problems) -> Activity | None:
    values = validate(entry, ACTIVITY_FIELDS, problems)
    if any(values[key] is None for key in ("id", "name", "start", "end")):
        return None
    activity = Activity(
        id=values["id"],
        name=values["name"],
        lead=values["lead"] or campaign.lead,
        units=_activity_units(values["units"] or [], entry, campaign, problems),
        start=values["start"],
        end=values["end"],
        requirements=values["requirements"] or "",
        evidence=values["evidence"] or [],
        materials=[_material_uri(ref) for ref in values["materials"] or []],
        quizzes=values["quizzes"] or [],
        sessions=values["sessions"] or [],
        line=entry.line,
    )
    _check_activity(activity, entry, campaign, known, problems)
    return activity


def _activity_units(listed: list[str], entry: YamlMapping, campaign: Campaign, problems: Problems) -> list[str]:
    if not listed or (len(listed) == 1 and listed[0].lower() in ALL_UNITS):
        return list(campaign.units)
    units = []
    for index, unit in enumerate(listed):
        if unit not in campaign.units:
            hint = _hint(unit, campaign.units) or f"本活动的责任单位：{'、'.join(campaign.units)}"
            problems.error(
                entry.rel, entry.line_of("units", index), f"责任单位 “{unit}” 不是本次宣教活动的责任单位。{hint}"
            )
        elif unit not in units:
            units.append(unit)
    return [unit for unit in campaign.units if unit in units]


def _check_activity(
    activity: Activity, entry: YamlMapping, campaign: Campaign, known: Known, problems: Problems
) -> None:
    rel = entry.rel
    if activity.id in RESERVED:
        problems.error(
            rel,
            entry.line_of("id"),
            f"活动编号 “{activity.id}” 是保留字，请换一个（不能用 {'、'.join(sorted(RESERVED))}）",
        )
    if activity.end < activity.start:
        problems.error(
            rel, entry.line_of("end"), f"活动“{activity.name}”的结束日期 {activity.end} 早于开始日期 {activity.start}"
        )
    elif activity.start < campaign.start or activity.end > campaign.end:
        problems.error(
            rel,
            entry.line_of("start" if activity.start < campaign.start else "end"),
            f"活动“{activity.name}”（{activity.start} 至 {activity.end}）超出了宣教活动的时间（{campaign.start} 至 {campaign.end}）",
        )
    for index, uri in enumerate(activity.materials):
        message = material_problem(uri, known)
        if message:
            problems.error(rel, entry.line_of("materials", index), f"学习材料 {message}")
    for index, bank in enumerate(activity.quizzes):
        if bank not in known.banks:
            hint = _hint(bank, known.banks) or "题库放在 materials/quizzes/ 中"
            problems.error(
                rel, entry.line_of("quizzes", index), f"知识测试 “{bank}” 不存在：没有这个编号的题库。{hint}"
            )
    for index, session in enumerate(activity.sessions):
        if session not in known.sessions:
            hint = _hint(session, known.sessions) or "请写学习安排中那次学习的日期，例如 2026-11-26"
            problems.error(rel, entry.line_of("sessions", index), f"学习安排 “{session}” 不存在。{hint}")


def _material_uri(ref: str) -> str:
    """`../units/x.md`, `./units/x.md` or `units/x.md` → `units/x.md`."""
    path = ref.strip().split("#", 1)[0]
    while path.startswith(("../", "./")):
        path = path[3:] if path.startswith("../") else path[2:]
    return posixpath.normpath(path) if path else path


def material_problem(uri: str, known: Known) -> str | None:
    if uri in known.materials:
        return None
    if uri in known.drafts:
        return f"“{uri}” 是草稿，正式网站不包含它"
    hint = _hint(uri, known.materials) or "应写材料的路径，例如 units/三会一课.md"
    return f"“{uri}” 找不到。{hint}"


# --- records -------------------------------------------------------------------------------


def _load_all_records(
    records_dir: Path, root: Path, campaigns: dict[str, Campaign], failed: set[str], known: Known, problems: Problems
) -> None:
    if not records_dir.is_dir():
        return
    for path in sorted(records_dir.iterdir()):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and path.suffix in (".yml", ".yaml"):
            problems.error(
                rel,
                1,
                f"工作记实应放在以活动编号命名的文件夹中，例如 {records_dir.relative_to(root).as_posix()}/<活动编号>/<单位>.yml",
            )
            continue
        if not path.is_dir() or path.name.startswith("."):
            continue
        campaign = campaigns.get(path.name)
        files = unit_files(path)
        if campaign is None and path.name in failed:
            continue  # its campaign file is broken, and reported
        if campaign is None:
            hint = _hint(path.name, campaigns) or f"现有活动：{'、'.join(campaigns) or '（没有）'}"
            where = files[0].relative_to(root).as_posix() if files else rel
            problems.error(where, 1, f"文件夹 “{path.name}” 不是任何宣教活动的编号，其中的工作记实不会被使用。{hint}")
            continue
        load_records(campaign, files, root, known, problems)


def unit_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".yml", ".yaml"))


def load_records(campaign: Campaign, files: list[Path], root: Path, known: Known, problems: Problems) -> None:
    seen: dict[str, str] = {}
    for path in files:
        rel = path.relative_to(root).as_posix()
        mapping = read_yaml_mapping(path, rel, problems, "工作记实文件应为“键: 值”的形式")
        if mapping is None:
            continue
        values = validate(mapping, UNIT_FILE_FIELDS, problems)
        unit = values["unit"]
        if unit is None:
            continue
        if unit not in campaign.units:
            hint = _hint(unit, campaign.units) or f"责任单位：{'、'.join(campaign.units)}"
            problems.error(rel, mapping.line_of("unit"), f"“{unit}” 不是“{campaign.title}”的责任单位。{hint}")
            continue
        if unit in seen:
            problems.error(rel, mapping.line_of("unit"), f"{unit}的工作记实已在 {seen[unit]} 中；一个单位只用一个文件")
            continue
        seen[unit] = rel
        done: dict[str, int] = {}
        for entry in _entries(mapping, "records", "activity、date、summary……", problems):
            record = _load_record(entry, unit, campaign, known, problems)
            if record is None:
                continue
            if record.activity in done:
                problems.error(
                    rel,
                    record.line,
                    f"“{campaign.activity(record.activity).name}”已有记实（第 {done[record.activity]} 行）；每项活动一条记实",
                )
                continue
            done[record.activity] = record.line
            campaign.records.append(record)
    order = {unit: n for n, unit in enumerate(campaign.units)}
    numbers = {a.id: a.number for a in campaign.activities}
    campaign.records.sort(key=lambda r: (order[r.unit], numbers[r.activity]))


def find_activity(campaign: Campaign, text: str) -> Activity | None:
    """By id or by name."""
    return campaign.activity(text) or next((a for a in campaign.activities if a.name == text), None)


def _load_record(entry: YamlMapping, unit: str, campaign: Campaign, known: Known, problems: Problems) -> Record | None:
    rel = entry.rel
    values = validate(entry, RECORD_FIELDS, problems)
    if values["activity"] is None:
        return None
    activity = find_activity(campaign, values["activity"])
    if activity is None and values["activity"] in campaign.broken:
        return None
    if activity is None:
        names = [a.id for a in campaign.activities] + [a.name for a in campaign.activities]
        hint = _hint(values["activity"], names) or "请写活动的编号或名称"
        problems.error(rel, entry.line_of("activity"), f"活动 “{values['activity']}” 不在“{campaign.title}”中。{hint}")
        return None
    if unit not in activity.units:
        problems.error(rel, entry.line_of("activity"), f"{unit}不是“{activity.name}”的责任单位")
        return None
    if any(values[key] is None for key in ("date", "summary")):
        return None
    record = Record(
        unit=unit,
        activity=activity.id,
        date=values["date"],
        summary=values["summary"],
        participants=values["participants"],
        evidence=values["evidence"] or [],
        materials=[_material_uri(ref) for ref in values["materials"] or []],
        rel=rel,
        line=entry.line,
    )
    _check_record(record, activity, entry, campaign, known, problems)
    return record


def _check_record(
    record: Record, activity: Activity, entry: YamlMapping, campaign: Campaign, known: Known, problems: Problems
) -> None:
    rel = entry.rel
    if record.date < activity.start:
        problems.warning(
            rel, entry.line_of("date"), f"开展日期 {record.date} 早于“{activity.name}”的开始日期 {activity.start}"
        )
    for index, media in enumerate(record.evidence):
        message = evidence_problem(media.file, campaign.records_dir)
        if message:
            problems.error(rel, entry.line_of("evidence", index), message)
    for index, uri in enumerate(record.materials):
        message = material_problem(uri, known)
        if message:
            problems.error(rel, entry.line_of("materials", index), f"使用的材料 {message}")


def evidence_problem(name: str, folder: Path) -> str | None:
    suffix = posixpath.splitext(name)[1].lower()
    if suffix not in EVIDENCE_TYPES:
        return f"佐证材料 “{name}” 应为图片（jpg、png、webp、gif、svg）或 PDF 文件"
    path = (folder / name).resolve()
    if name.startswith("/") or not path.is_relative_to(folder.resolve()):
        return f"佐证材料 “{name}” 应放在本活动的工作记实文件夹中"
    if not path.is_file():
        where = f"{folder.parent.name}/{folder.name}/"
        return f"佐证材料 “{name}” 找不到：请把文件放到 {where} 文件夹中（路径相对于该文件夹）"
    return None
