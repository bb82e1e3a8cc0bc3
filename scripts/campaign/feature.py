"""The 宣教活动 feature: validation, and the pages of every published campaign.

Pages (one campaign `c`):
  campaigns/index.html            the published campaigns (the home tile only when there is one)
  campaigns/c/index.html          路线图: the timeline SVG and the activities
  campaigns/c/<activity>.html     an activity: 要求, 佐证材料要求, links, every unit's progress
  campaigns/c/units/<unit>.html   a unit's 工作记实台账 (A4 print layout: cover, contents, sections)
  campaigns/c/tongbao.html        进度通报: units ranked by completion (not searchable)
  campaigns/c/files/…             evidence pictures and PDFs, with phone-sized thumbnails
An internal campaign is validated but published nowhere; `mkdocs serve` previews it, so the office
can print its 台账 locally. No page carries a member's name: records are per unit.
"""

from __future__ import annotations

import datetime
import posixpath
from dataclasses import dataclass
from pathlib import Path

import markdown as markdown_lib
from markupsafe import Markup

from ..delivery import images
from ..features import Feature
from ..problems import Problems
from ..quiz.feature import quiz_uri
from ..quiz.markup import render_blocks
from ..schedule.feature import known_ids
from ..schedule.model import load_plan
from ..schedule.select import build_date
from . import progress
from .model import PICTURES, Activity, Campaign, Known, Record, load_campaigns
from .roadmap import roadmap_svg

INDEX = "campaigns/index.md"
THUMB_WIDTH = 480
TEMPLATES = {
    "index": "xl/campaigns.html",
    "roadmap": "xl/campaign.html",
    "activity": "xl/campaign-activity.html",
    "unit": "xl/campaign-unit.html",
    "report": "xl/campaign-report.html",
}
NUMERALS = "零一二三四五六七八九十"


def home_uri(campaign: Campaign) -> str:
    return f"campaigns/{campaign.id}/index.md"


def activity_uri(campaign: Campaign, activity: Activity) -> str:
    return f"campaigns/{campaign.id}/{activity.id}.md"


def unit_uri(campaign: Campaign, unit: str) -> str:
    return f"campaigns/{campaign.id}/units/{campaign.unit_slugs[unit]}.md"


def report_uri(campaign: Campaign) -> str:
    return f"campaigns/{campaign.id}/tongbao.md"


def file_uri(campaign: Campaign, name: str) -> str:
    return f"campaigns/{campaign.id}/files/{name}"


def numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (section numbers of the 台账)."""
    if n <= 10:
        return NUMERALS[n]
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens] if tens > 1 else "") + "十" + (NUMERALS[ones] if ones else "")


@dataclass(frozen=True)
class CampaignPage:
    kind: str  # index | roadmap | activity | unit | report
    campaign: Campaign | None = None
    activity: Activity | None = None
    unit: str | None = None

    @property
    def title(self) -> str:
        c = self.campaign
        return {
            "index": "宣教活动",
            "roadmap": c.title if c else "",
            "activity": f"{self.activity.name} · {c.title}" if self.activity else "",
            "unit": f"{self.unit} · 工作记实台账" if self.unit else "",
            "report": f"进度通报 · {c.title}" if c else "",
        }[self.kind]


def _search(page: CampaignPage) -> dict:
    """A roadmap, an activity and a unit's 台账 are found by what they show (minus the states the
    browser recomputes from today's date); the list of campaigns and the ranking are not searched."""
    if page.kind in ("index", "report"):
        return {"exclude": True}
    start = page.activity.start if page.activity else page.campaign.start
    return {"kind": "宣教活动", "date": start, "rendered": True}


class CampaignFeature(Feature):
    def __init__(self, options, root, is_serve: bool = False):
        super().__init__(options, root, is_serve)
        self.campaigns: list[Campaign] = []
        self.thumbs: dict[str, tuple[str, int, int]] = {}
        self.refs = Known()

    @property
    def materials(self) -> Path:
        return Path(self.root) / self.options.materials_dir

    @property
    def published(self) -> list[Campaign]:
        """Internal campaigns only in the local preview (`mkdocs serve`), never in a build."""
        return [c for c in self.campaigns if self.is_serve or not c.internal]

    # --- validate ------------------------------------------------------------------

    def validate(self, catalog) -> None:
        known = self.refs = self.known(catalog)
        folder = self.materials / self.options.campaign_dir
        records = self.materials / self.options.campaign_records_dir
        self.campaigns = load_campaigns(folder, records, Path(self.root), known, catalog.problems)

    def counts(self) -> list[str]:
        records = sum(len(campaign.records) for campaign in self.campaigns)
        return [f"宣教活动 {len(self.campaigns)} 个（工作记实 {records} 条）"] if self.campaigns else []

    def known(self, catalog) -> Known:
        # The schedule feature reports its own problems; here only its sessions' slugs matter.
        path = self.materials / self.options.schedule_file
        rel = path.relative_to(Path(self.root)).as_posix()
        plan = load_plan(path, rel, self.options.schedule_forms, known_ids(catalog), Problems())
        return Known(
            materials={item.src_uri: item.title for item in catalog.all_items()},
            drafts={item.src_uri for item in catalog.drafts},
            banks={bank.id: bank.title for bank in catalog.banks.banks},
            sessions={s.slug: (f"{s.date.month}月{s.date.day}日 {s.topic}", s.src_uri) for s in plan.sessions},
            units=list(self.options.campaign_units),
        )

    def page_uris(self) -> set[str]:
        return set(self._plan_pages())

    def home_entries(self) -> list[dict]:
        if not self.published:
            return []
        return [{"label": "宣教活动", "hint": "路线图 · 工作记实台账 · 进度通报", "src_uri": INDEX}]

    def watch_paths(self) -> list:
        folders = (self.options.campaign_dir, self.options.campaign_records_dir)
        return [self.materials / name for name in folders if (self.materials / name).is_dir()]

    # --- files ---------------------------------------------------------------------

    def _plan_pages(self) -> dict[str, CampaignPage]:
        pages: dict[str, CampaignPage] = {INDEX: CampaignPage("index")}
        for c in self.published:
            pages[home_uri(c)] = CampaignPage("roadmap", c)
            for activity in c.activities:
                pages[activity_uri(c, activity)] = CampaignPage("activity", c, activity)
            for unit in c.units:
                pages[unit_uri(c, unit)] = CampaignPage("unit", c, unit=unit)
            pages[report_uri(c)] = CampaignPage("report", c)
        return pages

    def add_files(self, site, files, config) -> None:
        self.thumbs = {}
        for campaign in self.published:
            self._add_evidence(campaign, site)
        view = CampaignView(self, site)
        for src_uri, page in self._plan_pages().items():
            context = {"xl_campaign": view, "xl_campaign_page": page}
            site.add_page(src_uri, TEMPLATES[page.kind], page.title, context=context, search=_search(page))

    def _add_evidence(self, campaign: Campaign, site) -> None:
        names = sorted({media.file for record in campaign.records for media in record.evidence})
        for name in names:
            path = campaign.records_dir / name
            uri = file_uri(campaign, name)
            site.add_file(uri, abs_src_path=str(path))
            if Path(name).suffix.lower() not in images.RASTER:
                continue
            phone = images.make_phone(path, THUMB_WIDTH, self.options.delivery_image_quality)
            if phone is not None:
                thumb = images.phone_uri(uri, phone.ext)
                site.add_file(thumb, phone.data)
                self.thumbs[uri] = (thumb, phone.width, phone.height)


class CampaignView:
    """What the campaign templates ask: states as of the build day, links, rendered text."""

    def __init__(self, feature: CampaignFeature, site):
        self.campaigns = feature.published
        self.today = build_date()
        self._site = site
        self._thumbs = feature.thumbs
        self._known = feature.refs
        self._markdown = markdown_lib.Markdown(extensions=["tables", "sane_lists", "attr_list"])

    # URLs (src_uris; templates pass them to xl.url)
    home_uri = staticmethod(home_uri)
    activity_uri = staticmethod(activity_uri)
    unit_uri = staticmethod(unit_uri)
    report_uri = staticmethod(report_uri)
    numeral = staticmethod(numeral)
    short_state = progress.STATES

    def status(self, activity: Activity) -> str:
        return progress.activity_status(activity, self.today)

    def state(self, campaign: Campaign, unit: str, activity: Activity) -> str:
        return progress.cell_state(activity, campaign.record(unit, activity.id), self.today)

    def ranking(self, campaign: Campaign) -> list[progress.Score]:
        return progress.ranking(campaign, self.today)

    def totals(self, campaign: Campaign) -> progress.Totals:
        return progress.totals(campaign, self.ranking(campaign))

    def score(self, campaign: Campaign, unit: str) -> progress.Score:
        return progress.score(campaign, unit, self.today)

    def roadmap(self, campaign: Campaign, page) -> Markup:
        def url(activity: Activity) -> str:
            file = self._site.files.get_file_from_path(activity_uri(campaign, activity))
            return file.url_relative_to(page.file)

        return roadmap_svg(campaign, self.today, url)

    def unit_entries(self, campaign: Campaign, unit: str) -> list[tuple[Activity, Record | None]]:
        """The unit's activities with their records, in date order (record date, else the start)."""
        entries = [(a, campaign.record(unit, a.id)) for a in campaign.activities_of(unit)]
        return sorted(entries, key=lambda e: ((e[1].date if e[1] else e[0].start), e[0].number))

    def markdown(self, text: str) -> Markup:
        self._markdown.reset()
        return Markup(self._markdown.convert(text)) if text else Markup("")

    blocks = staticmethod(render_blocks)

    def materials(self, uris: list[str]) -> list:
        return [self._site.items[uri] for uri in uris if uri in self._site.items]

    def quizzes(self, activity: Activity) -> list[tuple[str | None, str]]:
        """(quiz page or None, bank title) for each linked bank."""
        return [(self._page(quiz_uri(bank)), self._known.banks.get(bank, bank)) for bank in activity.quizzes]

    def sessions(self, activity: Activity) -> list[tuple[str | None, str]]:
        """(session page or None, "日期 主题") for each linked 学习安排 session."""
        found = [self._known.sessions.get(slug, (slug, "")) for slug in activity.sessions]
        return [(self._page(uri) if uri else None, label) for label, uri in found]

    def _page(self, uri: str) -> str | None:
        return uri if self._site.files.get_file_from_path(uri) is not None else None

    def evidence(self, campaign: Campaign, record: Record) -> list[dict]:
        out = []
        for media in record.evidence:
            uri = file_uri(campaign, media.file)
            thumb = self._thumbs.get(uri)
            picture = posixpath.splitext(media.file)[1].lower() in PICTURES
            out.append(
                {
                    "uri": uri,
                    "thumb": thumb[0] if thumb else uri,
                    "size": (thumb[1], thumb[2]) if thumb else None,
                    "caption": media.caption or posixpath.splitext(posixpath.basename(media.file))[0],
                    "picture": picture,
                }
            )
        return out

    @staticmethod
    def date(value: datetime.date) -> Markup:
        return Markup(f"{value.year}年{value.month}月{value.day}日")

    @staticmethod
    def period(start: datetime.date, end: datetime.date) -> Markup:
        if start.year == end.year:
            return Markup(f"{start.year}年{start.month}月{start.day}日至{end.month}月{end.day}日")
        return Markup(f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日")
